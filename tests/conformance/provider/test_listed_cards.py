"""``--cards``: against an OCTO that binds only its own test cards (the sandbox started with
``cards=``, as ``serve --cards FILE``), the suite binds the listed cards, frees them between
scenarios (blocks the token, confirms what it left pending) and binds them again; what the cards
given cannot do is skipped with the reason. Without the list the same target fails every flow.
"""

from __future__ import annotations

import dataclasses
import time
from datetime import date
from pathlib import Path

import pytest

from octo_conformance.cli.embedded import (
    EMBEDDED_OTP_TTL,
    SHOPS,
    TODAY,
    Detection,
    detection,
    settings_for,
)
from octo_conformance.core.profiles import Profile
from octo_conformance.findings import Verdict
from octo_conformance.harness.card_file import load_cards
from octo_conformance.harness.cards import Card
from octo_conformance.provider.runner import ProviderResult, run_provider
from octo_conformance.reference.sandbox import SandboxConfig, create_app
from octo_conformance.reference.serving import serve_in_thread
from octo_conformance.requirements import Mode

pytestmark = pytest.mark.slow

# one card of each method: the fewest a run can do nearly everything with
CARDS = """\
cards:
  - {pan: "9860945807302159", exp: "2912", phone: "998901234560", method: humo, holder: ALI KARIMOV}
  - {pan: "8600262129972207", exp: "2912", phone: "998901234561", method: uzcard, holder: DILNOZA YUSUPOVA}
  - {pan: "4364056224154991", exp: "2912", phone: "998901234562", method: bank_card, holder: JASUR OKTAMOV, cvc2: "123"}
"""
PAGE = ("PROV-PAGE-001", "PROV-PAGE-002", "PROV-PAGE-003", "PROV-PAGE-004", "PROV-SMS-010")


def run(listed: tuple[Card, ...], *, use_them: bool) -> tuple[Detection, ProviderResult]:
    """The provider suite against a sandbox that binds only ``listed``."""
    config = SandboxConfig(
        shops=dict(SHOPS),
        otp_ttl=EMBEDDED_OTP_TTL,
        callback_retry_delay=0.2,
        cards=frozenset((c.pan, c.exp) for c in listed),
    )
    started = time.perf_counter()
    with serve_in_thread(create_app(config)) as url:
        settings = settings_for(url, seed=1, profile=Profile.QUICK)
        if use_them:
            settings = dataclasses.replace(settings, cards=listed)
        result = run_provider(settings)
    return detection("", result.recorder, result.errors, Mode.PROVIDER, started), result


@pytest.fixture(scope="module")
def listed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Card, ...]:
    path = tmp_path_factory.mktemp("cards") / "cards.yaml"
    path.write_text(CARDS, encoding="utf-8")
    return load_cards(path, today=TODAY, production=False, option="--cards")


@pytest.fixture(scope="module")
def with_cards(listed: tuple[Card, ...]) -> tuple[Detection, ProviderResult]:
    return run(listed, use_them=True)


def test_the_listed_cards_carry_every_flow(with_cards: tuple[Detection, ProviderResult]) -> None:
    found, result = with_cards
    assert (found.failed, found.warned, found.errors) == ((), (), ())
    # the scenarios bound, confirmed and blocked the listed cards, again and again
    tallies = result.recorder.tallies
    for requirement in ("PROV-BIND-001", "PROV-BIND-006", "PROV-CB-001", "PROV-BLOCK-001"):
        assert tallies[requirement].verdict is Verdict.PASS, requirement
    assert tallies["PROV-BIND-001"].counts[Verdict.PASS] >= 10


def test_what_one_bank_card_cannot_do_is_skipped_with_the_reason(
    with_cards: tuple[Detection, ProviderResult],
) -> None:
    found, result = with_cards
    assert set(found.unjudged) == set(PAGE)  # the OTP page scenario needs two at once
    reason = result.recorder.tallies["PROV-PAGE-001"].findings[0].message
    assert reason == "needs 2 bank_card cards at once; --cards lists 1"


def test_no_listed_pan_reaches_the_report_unmasked(
    with_cards: tuple[Detection, ProviderResult], listed: tuple[Card, ...]
) -> None:
    _, result = with_cards
    assert {c.pan for c in listed} <= result.masker.sensitive()["pan"]
    assert {c.phone for c in listed} <= result.masker.sensitive()["phone"]


def test_without_the_list_the_same_target_fails_every_flow(listed: tuple[Card, ...]) -> None:
    found, _ = run(listed, use_them=False)
    assert "PROV-BIND-001" in found.failed


def test_the_card_file_is_checked_on_the_day_it_is_used(tmp_path: Path) -> None:
    path = tmp_path / "cards.yaml"
    path.write_text(CARDS, encoding="utf-8")
    assert len(load_cards(path, today=date(2029, 12, 31), production=False, option="--cards")) == 3
    with pytest.raises(ValueError, match=r"exp breaks exp\.expired"):
        load_cards(path, today=date(2030, 1, 1), production=False, option="--cards")
