"""Masker: no full PAN, secret, OTP, CVC2 or phone survives ``text()`` (C-50)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from octo_conformance.masking import OTP_MASK, SECRET_MASK, Masker

PAN = "8600123456789012"
VISA_19 = "4111111111111111110"
PHONE = "998901234567"
SHOWN_PHONE = "99890*****67"  # as the live API shows it (C-40)

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
    masker.phone(PHONE)
    assert masker.sensitive() == {
        "secret": {"s3cret"},
        "otp": {"1234"},
        "pan": {PAN},
        "cvc2": {"123"},
        "phone": {PHONE},
    }


def test_everything_at_once() -> None:
    masker = Masker()
    masker.pan(PAN)
    masker.secret("merchant-secret")
    masker.otp("61135")
    masker.cvc("777")
    masker.phone(PHONE)
    body = json.dumps(
        {
            "pan": PAN,
            "octo_secret": "merchant-secret",
            "smsKey": "61135",
            "cvc2": "777",
            "phone": PHONE,
        }
    )
    shown = masker.text(body)
    for value in (PAN, "merchant-secret", "61135", "777", PHONE):
        assert value not in shown
    assert json.loads(shown) == {
        "pan": "860012…9012",
        "octo_secret": SECRET_MASK,
        "smsKey": OTP_MASK,
        "cvc2": "***",
        "phone": SHOWN_PHONE,
    }


# ---- phones ----------------------------------------------------------------------------------


def test_a_registered_phone_shows_country_operator_and_last_two_digits() -> None:
    masker = Masker()
    masker.phone(PHONE)
    body = f'{{"phone": "{PHONE}", "to": "+{PHONE}"}}, sms to {PHONE}.'
    shown = masker.text(body)
    assert shown == f'{{"phone": "{SHOWN_PHONE}", "to": "+{SHOWN_PHONE}"}}, sms to {SHOWN_PHONE}.'


def test_a_phone_registered_with_a_plus_is_masked_with_or_without_it() -> None:
    masker = Masker()
    masker.phone(f"+{PHONE}")
    assert masker.sensitive()["phone"] == {PHONE}
    assert masker.text(f"+{PHONE} {PHONE}") == f"+{SHOWN_PHONE} {SHOWN_PHONE}"


def test_a_local_phone_keeps_its_operator_code_and_last_two_digits() -> None:
    masker = Masker()
    masker.phone("901234567")
    assert masker.text("phone 901234567") == "phone 90*****67"


@pytest.mark.parametrize(
    "value",
    ["", "1234", "12345678", "+1234567", "998 90 123 45 67", "9989O1234567", "a998901234567"],
)
def test_values_that_are_no_phone_are_not_registered(value: str) -> None:
    masker = Masker()
    masker.phone(value)
    assert masker.sensitive()["phone"] == set()
    assert masker.text(f"amount {value} sum") == f"amount {value} sum"


def test_a_phone_inside_a_longer_number_is_left_to_the_pan_masking() -> None:
    masker = Masker()
    masker.phone(PHONE)
    # a card number, a 20-digit reference, digits either side: no phone, no stars within them
    assert masker.text(f"card {PHONE}0000") == "card 998901…0000"
    assert masker.text(f"ref 1{PHONE}1234567") == f"ref 1{PHONE}1234567"
    assert masker.text(f"n 7{PHONE} {PHONE}7") == "n 799890…4567 998901…5677"


def test_a_registered_pan_holding_a_registered_phone_is_masked_as_a_pan() -> None:
    pan = f"{PHONE}0000"
    masker = Masker()
    masker.pan(pan)
    masker.phone(PHONE)
    assert masker.text(f"card {pan}, phone {PHONE}") == f"card 998901…0000, phone {SHOWN_PHONE}"


def test_an_unregistered_phone_is_left_alone() -> None:
    masker = Masker()
    masker.phone(PHONE)
    assert masker.text("other 998911234568") == "other 998911234568"


@given(phone=st.from_regex(r"998[0-9]{9}", fullmatch=True), before=no_digits, after=no_digits)
def test_no_registered_phone_survives_between_non_digits(
    phone: str, before: str, after: str
) -> None:
    masker = Masker()
    masker.phone(phone)
    shown = masker.text(before + phone + after)
    assert phone not in shown
    assert shown == before + phone[:5] + "*****" + phone[-2:] + after


def test_absorb_carries_phones_over() -> None:
    suite = Masker()
    suite.phone(PHONE)
    run = Masker()
    run.absorb(suite)
    assert run.sensitive()["phone"] == {PHONE}
    assert run.text(PHONE) == SHOWN_PHONE


def test_a_value_registered_after_a_text_was_masked_is_masked_from_then_on() -> None:
    """text() keeps the registered values sorted between calls: a new one must not be missed."""
    masker = Masker()
    masker.secret("first-secret")
    assert masker.text("first-secret s3cr3t-two 4321") == f"{SECRET_MASK} s3cr3t-two 4321"
    masker.secret("s3cr3t-two")
    masker.otp("4321")
    assert masker.text("first-secret s3cr3t-two 4321") == f"{SECRET_MASK} {SECRET_MASK} {OTP_MASK}"
    other = Masker()
    other.secret("absorbed-secret")
    masker.absorb(other)
    assert masker.text("absorbed-secret") == SECRET_MASK
