"""``--cards FILE``: the target's own cards, checked by the document's rules, never echoed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from octo_conformance.errors import UsageError
from octo_conformance.harness.card_file import load_cards
from octo_conformance.harness.cards import Card
from octo_conformance.harness.otp import CommandOtp, FixedOtp

TODAY = date(2026, 11, 29)
HUMO = "9860123412341232"
UZCARD = "8600123412341239"
VISA = "4111111111111111"

GOOD = f"""
cards:
  - pan: "{HUMO}"
    exp: "2912"
    phone: "998901234567"
    method: humo
    holder: ALI KARIMOV
    otp: "123456"
  - pan: {UZCARD}
    exp: 2812
    phone: 998901234568
    method: uzcard
    holder: DILNOZA YUSUPOVA
    otp_command: ./otp.sh --card uzcard
  - pan: "{VISA}"
    exp: "2712"
    phone: "998901234569"
    method: bank_card
    holder: JASUR OKTAMOV
    cvc2: "123"
"""


def load(tmp_path: Path, text: str, *, production: bool = False) -> tuple[Card, ...]:
    path = tmp_path / "cards.yaml"
    path.write_text(text, encoding="utf-8")
    return load_cards(path, today=TODAY, production=production, option="--cards")


def refused(tmp_path: Path, text: str, *, production: bool = False) -> str:
    with pytest.raises(UsageError) as caught:
        load(tmp_path, text, production=production)
    return str(caught.value)


def test_a_good_file_gives_listed_cards_with_their_own_otp(tmp_path: Path) -> None:
    humo, uzcard, visa = load(tmp_path, GOOD)
    assert (humo.pan, humo.method, humo.listed) == (HUMO, "humo", True)
    assert humo.otp == FixedOtp("123456")
    # unquoted YAML numbers are read as the digits they are
    assert (uzcard.pan, uzcard.exp, uzcard.phone) == (UZCARD, "2812", "998901234568")
    assert isinstance(uzcard.otp, CommandOtp)
    assert (visa.cvc2, visa.otp) == ("123", None)


def test_a_bare_list_is_a_card_file_too(tmp_path: Path) -> None:
    text = GOOD.replace("cards:\n", "").replace("\n  ", "\n")
    assert len(load(tmp_path, text)) == 3


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (("4111111111111111", "4111111111111112"), "pan breaks pan.luhn"),
        (('exp: "2712"', 'exp: "2412"'), "exp breaks exp.expired"),
        (('phone: "998901234569"', 'phone: "99890"'), "phone breaks phone.length"),
        (("method: bank_card", "method: humo"), "method"),
        (("method: bank_card", "method: mir"), "method breaks method.enum"),
        (("holder: JASUR OKTAMOV\n", "holder: JASUR OKTAMOV\n    cvv: 1\n"), "unknown field cvv"),
        (("    holder: JASUR OKTAMOV\n", ""), "card 3: holder missing"),
    ],
)
def test_a_wrong_card_names_its_number_and_field_never_the_pan(
    tmp_path: Path, change: tuple[str, str], said: str
) -> None:
    message = refused(tmp_path, GOOD.replace(*change))
    assert said in message
    assert "--cards" in message
    assert all(pan not in message for pan in (HUMO, UZCARD, VISA, "4111111111111112"))


def test_a_card_listed_twice_is_refused(tmp_path: Path) -> None:
    assert "listed twice" in refused(tmp_path, GOOD.replace(UZCARD, HUMO).replace("uzcard", "humo"))


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("cards: [", "not valid YAML (line"),
        ("cards: []", "a non-empty list of cards"),
        ("just text", "a non-empty list of cards"),
        ("- 12", "card 1: expected a mapping"),
        (GOOD.replace('otp: "123456"', 'otp: "12"'), "card 1: otp must be 4-8 digits"),
        (GOOD.replace("otp_command: ./otp.sh --card uzcard", 'otp_command: ""'), "otp_command is empty"),
        (GOOD.replace('    otp: "123456"\n', '    otp: "123456"\n    otp_command: x\n'), "exclude each other"),
    ],
)  # fmt: skip
def test_an_unusable_file_is_a_usage_error(tmp_path: Path, text: str, said: str) -> None:
    assert said in refused(tmp_path, text)


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read it"):
        load_cards(tmp_path / "nope.yaml", today=TODAY, production=False, option="--cards")


def test_against_production_only_public_test_pans_may_be_listed(tmp_path: Path) -> None:
    message = refused(tmp_path, GOOD, production=True)
    assert "card 1" in message
    assert "not a public test PAN" in message
    assert HUMO not in message
    visa_only = "- {pan: '4111111111111111', exp: '2712', phone: '998901234569', method: bank_card, holder: A B, cvc2: '123'}"
    assert len(load(tmp_path, visa_only, production=True)) == 1
