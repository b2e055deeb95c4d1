"""PROV-SAFE-003: sequential tokens are caught, random ones never are (C-53)."""

from __future__ import annotations

import base64
import random
import secrets
import uuid
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from octo_conformance.findings import Recorder, Verdict
from octo_conformance.harness.http import TargetClient
from octo_conformance.harness.otp import OtpSource
from octo_conformance.harness.sink import CallbackSink
from octo_conformance.masking import Masker
from octo_conformance.provider.context import ProviderContext
from octo_conformance.provider.settings import ProviderSettings, Shop
from octo_conformance.provider.tokens import judge_tokens, sequential


@pytest.mark.parametrize(
    "tokens",
    [
        ["tok00000001", "tok00000002"],
        ["tok00000002", "tok00000001"],
        ["card-token-17", "x", "card-token-900"],
        ["a1b2c3-1000", "a1b2c3-1999"],
        ["tok7", "tok7", "tok8"],
    ],
)
def test_a_small_trailing_counter_is_sequential(tokens: list[str]) -> None:
    assert sequential(tokens)


@pytest.mark.parametrize(
    "tokens",
    [
        [],
        ["tok00000001"],
        ["tok00000001", "tok00000001"],  # the same token twice is one token
        ["tok00001000", "tok00002000"],  # a step of 1000 or more
        ["abc1", "abd2"],  # different stems
        ["token-a", "token-b"],  # no counter
        [str(uuid.uuid4()) for _ in range(20)],
    ],
)
def test_these_are_not_sequential(tokens: list[str]) -> None:
    assert not sequential(tokens)


def test_random_urlsafe_tokens_are_not_sequential() -> None:
    assert not sequential([secrets.token_urlsafe(24) for _ in range(200)])


def urlsafe_tokens(rnd: random.Random, count: int) -> list[str]:
    """What ``secrets.token_urlsafe(24)`` makes, from a seeded generator."""
    return [base64.urlsafe_b64encode(rnd.randbytes(24)).decode().rstrip("=") for _ in range(count)]


@given(rnd=st.randoms(use_true_random=False), count=st.integers(2, 100))
def test_random_tokens_are_never_sequential(rnd: random.Random, count: int) -> None:
    assert not sequential(urlsafe_tokens(rnd, count))


@given(rnd=st.randoms(use_true_random=False), count=st.integers(2, 30))
def test_a_random_stem_with_a_counter_is_sequential(rnd: random.Random, count: int) -> None:
    stem = urlsafe_tokens(rnd, 1)[0] + "_"
    start = rnd.randrange(10**9)
    assert sequential([f"{stem}{start + i}" for i in range(count)])


def context(tokens: list[str]) -> ProviderContext:
    """A real context on no target: judge_tokens reads tokens_seen and records, nothing else."""
    settings = ProviderSettings(
        base_url="http://127.0.0.1:1",
        shop=Shop(1, "s", "OCTO_SECRET"),
        otp=OtpSource(),
        today=date(2026, 1, 1),
        seed=0,
    )
    client = TargetClient(settings.base_url, masker=Masker())
    ctx = ProviderContext(settings, client, CallbackSink(), Recorder(), Masker())
    ctx.tokens_seen.extend(tokens)
    return ctx


@pytest.mark.parametrize(
    ("tokens", "verdict"),
    [
        ([], Verdict.SKIP),
        (["only-one-token-xxxxxxxx"] * 3, Verdict.SKIP),
        (["tok00000001", "tok00000002"], Verdict.FAIL),
        (["short-a", "short-b"], Verdict.WARN),
        ([secrets.token_urlsafe(24) for _ in range(5)], Verdict.PASS),
    ],
)
def test_judge_tokens(tokens: list[str], verdict: Verdict) -> None:
    ctx = context(tokens)
    judge_tokens(ctx)
    assert ctx.recorder.verdict("PROV-SAFE-003") is verdict
