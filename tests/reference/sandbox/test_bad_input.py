"""Bad input gets error 1 with a message, never a 500; the journal never holds card data."""

from __future__ import annotations

import json

import pytest

from tests.reference.sandbox.helpers import HUMO_PAN, Partner


@pytest.mark.parametrize(
    ("content", "content_type", "message"),
    [
        (b"{not json", "application/json", "not valid JSON"),
        (b"", "application/json", "not valid JSON"),
        (b'{"a": NaN}', "application/json", "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "application/json", "larger than"),
        (b"[" * 5000 + b"]" * 5000, "application/json", "nests too deeply"),
        (b'{"octo_shop_id": 1}', "text/plain", "Content-Type must be application/json"),
        (b"octo_shop_id=1", "application/x-www-form-urlencoded", "Content-Type"),
        (b"[]", "application/json", "must be of type object"),
        (
            json.dumps({"octo_shop_id": "10000"}).encode(),
            "application/json; charset=utf-8",
            "must be of type integer",
        ),
    ],
)
@pytest.mark.parametrize(
    "path", ["/bind_card", "/verificationInfo/", "/bind_card/check_sms_key", "/block_card_token"]
)
def test_bad_bodies_get_error_1(
    partner: Partner, path: str, content: bytes, content_type: str, message: str
) -> None:
    response = partner.http.post(path, content=content, headers={"content-type": content_type})
    assert response.status_code == 200
    answer = response.json()
    assert answer["error"] == 1
    if "must be of type" not in message or path == "/bind_card":
        assert message in answer["errMessage"]


def test_specific_messages_name_each_rule(partner: Partner) -> None:
    answer = partner.bind(pan="9860240101226507", exp="2813", phone="+998901234567")
    assert answer["error"] == 1
    for part in (
        "exp: expiry month must be 01-12",
        "pan: card number fails the Luhn check",
        "phone: phone must contain digits only",
    ):
        assert part in answer["errMessage"]
    assert "9860240101226507" not in json.dumps(answer)


def test_unknown_routes_and_methods_are_enveloped(partner: Partner) -> None:
    response = partner.http.post("/bind_cards", json={})
    assert (response.status_code, response.json()["error"]) == (404, 1)
    response = partner.http.get("/bind_card")
    assert (response.status_code, response.json()["error"]) == (405, 1)


def test_the_journal_records_validation_results_without_card_data(partner: Partner) -> None:
    partner.bind(
        tx="journal-1", cvc2="123", method="bank_card", pan="4111111111111111", typo_field=1
    )
    partner.http.post(
        "/verificationInfo", json={"octo_payment_UUID": "06000144-db56-47b6-9eba-021ad4ff246b"}
    )
    entries = partner.http.get("/_sandbox/journal", params={"limit": 2}).json()["entries"]
    bind_entry, info_entry = entries
    assert bind_entry["operation"] == "bindCard"
    assert bind_entry["violations"] == []
    assert bind_entry["body"]["pan"] == "411111…1111"
    assert bind_entry["body"]["octo_secret"] == "***"
    assert bind_entry["body"]["cvc2"] == "***"
    assert bind_entry["warnings"] == ["undocumented field 'typo_field' ignored (C-47)"]
    assert "trailing slash" in info_entry["warnings"][0]
    text = json.dumps(partner.http.get("/_sandbox/journal").json())
    for secret in ("4111111111111111", HUMO_PAN, "sandbox-secret", "998901234567"):
        assert secret not in text


def test_validation_failures_are_journaled_with_their_rules(partner: Partner) -> None:
    partner.bind(tx="journal-2", exp="2405")
    (entry,) = partner.http.get("/_sandbox/journal", params={"limit": 1}).json()["entries"]
    assert [v["rule"] for v in entry["violations"]] == ["exp.expired"]
    assert entry["response"] == {"error": 1}


def test_the_otp_page_refuses_an_oversized_form_without_a_500(partner: Partner) -> None:
    visa = "4000000000000002"
    page = partner.bind(tx="page-1", pan=visa, method="bank_card", cvc2="123")["data"]
    form = b"otp=" + b"1" * 100_000
    headers = {"content-type": "application/x-www-form-urlencoded"}
    answer = partner.http.post(page["octo_pay_url"], content=form, headers=headers)
    assert answer.status_code == 413
    assert "too large" in answer.text


def test_a_wrong_method_is_405_with_the_allowed_ones(partner: Partner) -> None:
    answer = partner.http.request("TRACE", "/bind_card")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "POST"  # RFC 9110: a 405 names what is allowed
    assert answer.json()["error"] == 1
