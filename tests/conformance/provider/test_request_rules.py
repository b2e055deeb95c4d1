"""request_rules: each broken body in a fresh world; refusals that name another condition."""

from __future__ import annotations

from datetime import date

import pytest

from octo_conformance.findings import Recorder
from octo_conformance.harness.http import TargetClient
from octo_conformance.harness.otp import FixedOtp
from octo_conformance.harness.sink import CallbackSink
from octo_conformance.masking import Masker
from octo_conformance.openapi.cards import scheme_of
from octo_conformance.provider.context import ProviderContext
from octo_conformance.provider.request_rules import (
    _fresh_world,
    _other_condition,
    _still_inconclusive,
    _token_answer,
)
from octo_conformance.provider.settings import ProviderSettings, Shop
from octo_conformance.strategies.broken import Broken

TODAY = date(2026, 11, 29)
BODY = {
    "octo_shop_id": 1,
    "octo_secret": "s",
    "shop_transaction_id": "same-every-time",
    "pan": "9860000000000000",  # hypothesis' simplest example: the same in every draw
    "exp": "2813",
    "phone": "998901234567",
    "cardHolderName": "ALI KARIMOV",
    "cvc2": "",
    "method": "humo",
    "return_url": "http://127.0.0.1:1/r",
}


@pytest.fixture
def ctx() -> ProviderContext:
    settings = ProviderSettings(
        base_url="http://127.0.0.1:1",
        shop=Shop(10000, "secret", "OCTO_SECRET"),
        otp=FixedOtp("666666"),
        today=TODAY,
        seed=1,
    )
    client = TargetClient(settings.base_url, masker=Masker())
    return ProviderContext(settings, client, CallbackSink(), Recorder(), Masker())


def test_each_broken_body_gets_a_card_and_a_transaction_of_its_own(ctx: ProviderContext) -> None:
    broken = Broken(BODY, "exp.month", "exp: month 13")
    first, second = (_fresh_world(ctx, "bindCard", broken) for _ in range(2))
    assert first["exp"] == second["exp"] == "2813"  # the defect stays
    assert first["pan"] != second["pan"] != BODY["pan"]
    assert first["shop_transaction_id"] != second["shop_transaction_id"]
    assert scheme_of(first["pan"]).method == "humo"  # type: ignore[union-attr]
    assert (first["octo_shop_id"], first["octo_secret"]) == (10000, "secret")


@pytest.mark.parametrize("field", ["pan", "shop_transaction_id"])
def test_the_broken_field_itself_is_left_as_broken(ctx: ProviderContext, field: str) -> None:
    body = {**BODY, field: "x"}
    fresh = _fresh_world(ctx, "bindCard", Broken(body, f"{field}.charset", "broken"))
    assert fresh[field] == "x"


def test_other_operations_keep_their_body(ctx: ProviderContext) -> None:
    body = {"octo_payment_UUID": "nope"}
    broken = Broken(body, "octo_payment_UUID.format", "not a uuid")
    assert _fresh_world(ctx, "verificationInfo", broken) == body


@pytest.mark.parametrize(
    ("operation", "rule", "error", "names_another"),
    [
        ("bindCard", "exp.month", 20, True),  # a duplicate: nothing about the expiry
        ("bindCard", "exp.month", 11, True),  # rate limited
        ("bindCard", "exp.month", 2, True),  # authorization, though the credentials are right
        ("bindCard", "octo_secret.empty", 2, False),  # 2 is the answer to a broken credential
        ("bindCard", "exp.month", 1, False),
        ("bindCard", "exp.month", 3, False),  # another code: judged (REQ-002/004)
        ("blockCardToken", "card_token.empty", 20, False),  # 20 means nothing there
    ],
)
def test_which_refusals_name_another_condition(
    operation: str, rule: str, error: int, names_another: bool
) -> None:
    broken = Broken({}, rule, "broken")
    assert (_other_condition(operation, broken, error) is not None) is names_another


@pytest.mark.parametrize(
    ("rule", "error", "still"),
    [
        ("exp.month", 2, False),  # 2 again with the shop's own credentials: the target's answer
        ("exp.month", 20, False),  # 20 for a card it has never seen: the target's answer
        ("pan.luhn", 20, True),  # the broken PAN is the same PAN again: may still be a duplicate
        ("exp.month", 11, True),
    ],
)
def test_what_persists_in_a_fresh_world(rule: str, error: int, still: bool) -> None:
    assert _still_inconclusive(Broken({}, rule, "broken"), error) is still


@pytest.mark.parametrize(
    ("rule", "error", "own_reading"),
    [
        ("card_token.empty", 5, True),  # "Token not found": no such token is a faithful answer
        ("card_token.type", 6, True),
        ("card_token.empty", 2, False),
        ("octo_secret.empty", 5, False),  # 5 for a broken secret is a wrong code
    ],
)
def test_a_broken_token_may_be_answered_as_not_found(
    rule: str, error: int, own_reading: bool
) -> None:
    assert _token_answer(Broken({}, rule, "broken"), error) is own_reading
