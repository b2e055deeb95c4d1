"""Masker: no full PAN, secret, OTP or CVC2 survives ``text()`` (C-50)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.masking import OTP_MASK, SECRET_MASK, Masker

PAN = "8600123456789012"
VISA_19 = "4111111111111111110"

digit_runs = st.text(alphabet="0123456789", min_size=13, max_size=19)
# \d matches every Unicode decimal digit, so the surroundings hold none
no_digits = st.text(alphabet=st.characters(exclude_categories=("Nd", "Cs")), max_size=30)


def test_a_masked_pan_shows_first6_and_last4() -> None:
    masker = Masker()
    masker.pan(PAN)
    assert masker.text(f"card {PAN} bound") == "card 860012…9012 bound"


def test_an_unregistered_pan_is_masked_too() -> None:
    assert Masker().text(f'{{"pan": "{VISA_19}"}}') == '{"pan": "411111…1110"}'


@given(pan=digit_runs, before=no_digits, after=no_digits)
def test_no_digit_run_of_pan_length_survives(pan: str, before: str, after: str) -> None:
    shown = Masker().text(before + pan + after)
    assert pan not in shown
    assert f"{pan[:6]}…{pan[-4:]}" in shown


@given(pan=digit_runs, before=st.text(max_size=30), after=st.text(max_size=30))
def test_a_registered_pan_never_survives_whatever_surrounds_it(
    pan: str, before: str, after: str
) -> None:
    masker = Masker()
    masker.pan(pan)
    assert pan not in masker.text(before + pan + after)


@given(pans=st.lists(digit_runs, min_size=1, max_size=4))
def test_every_pan_of_a_json_document_is_masked(pans: list[str]) -> None:
    document = json.dumps({"cards": [{"pan": p, "n": int(p)} for p in pans]})
    shown = Masker().text(document)
    assert not any(p in shown for p in pans)


def test_short_digit_runs_are_left_alone() -> None:
    text = '{"verifyId": 819, "phone": "998901234567", "amount": 1000}'
    assert Masker().text(text) == text


def test_secrets_are_replaced() -> None:
    masker = Masker()
    masker.secret("1d45df74-bb95-47cf-a616-8d6dcee2e10d")
    shown = masker.text('{"octo_secret": "1d45df74-bb95-47cf-a616-8d6dcee2e10d"}')
    assert shown == f'{{"octo_secret": "{SECRET_MASK}"}}'


def test_the_longer_of_two_overlapping_secrets_is_replaced_whole() -> None:
    masker = Masker()
    masker.secret("secret")
    masker.secret("secret-two")
    assert masker.text("secret-two and secret") == f"{SECRET_MASK} and {SECRET_MASK}"


@pytest.mark.parametrize("secret", ['pa"ss', "back\\slash", "sécret-ключ", "tab\there"])
def test_a_secret_is_masked_in_its_json_escaped_form_too(secret: str) -> None:
    masker = Masker()
    masker.secret(secret)
    body = json.dumps({"octo_secret": secret})
    assert body != json.dumps({"octo_secret": "x"}).replace("x", secret)  # it is escaped
    shown = masker.text(body)
    assert secret not in shown
    assert json.dumps(secret)[1:-1] not in shown
    assert shown == f'{{"octo_secret": "{SECRET_MASK}"}}'


def test_an_empty_secret_is_ignored() -> None:
    masker = Masker()
    masker.secret("")
    assert masker.text("plain text") == "plain text"


def test_otps_are_replaced_as_whole_numbers() -> None:
    masker = Masker()
    masker.otp("666666")
    assert masker.text('{"smsKey": "666666"}') == f'{{"smsKey": "{OTP_MASK}"}}'
    assert masker.text("code 666666.") == f"code {OTP_MASK}."
    assert masker.text("ref 16666667") == "ref 16666667"  # part of a longer number


def test_otps_shorter_than_four_digits_are_not_registered() -> None:
    masker = Masker()
    masker.otp("123")
    assert masker.text("verifyId 123") == "verifyId 123"
    assert masker.sensitive()["otp"] == set()


@pytest.mark.parametrize(
    "field",
    ['"cvc2": "123"', '"cvc2":"0999"', '"CVC2" : "123"', '"cvv2": "321"', '"cvv": "456"'],
)
def test_a_cvc_json_field_value_is_starred(field: str) -> None:
    shown = Masker().text(f'{{"pan": "", {field}, "method": "bank_card"}}')
    assert shown.endswith(', "method": "bank_card"}')
    value = field.split('"')[-2]
    assert value not in shown
    assert '"***"' in shown


def test_an_empty_cvc2_is_starred_as_well() -> None:
    assert Masker().text('{"cvc2": ""}') == '{"cvc2": "***"}'


def test_sensitive_lists_every_registered_value() -> None:
    masker = Masker()
    masker.pan(PAN)
    masker.secret("s3cret")
    masker.otp("1234")
    masker.cvc("123")
    masker.pan("12345")  # too short to be a PAN
    assert masker.sensitive() == {
        "secret": {"s3cret"},
        "otp": {"1234"},
        "pan": {PAN},
        "cvc2": {"123"},
    }


def test_everything_at_once() -> None:
    masker = Masker()
    masker.pan(PAN)
    masker.secret("merchant-secret")
    masker.otp("61135")
    masker.cvc("777")
    body = json.dumps(
        {"pan": PAN, "octo_secret": "merchant-secret", "smsKey": "61135", "cvc2": "777"}
    )
    shown = masker.text(body)
    for value in (PAN, "merchant-secret", "61135", "777"):
        assert value not in shown
    assert json.loads(shown) == {
        "pan": "860012…9012",
        "octo_secret": SECRET_MASK,
        "smsKey": OTP_MASK,
        "cvc2": "***",
    }
