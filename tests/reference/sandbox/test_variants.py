"""Every sandbox variant changes what a partner observes over HTTP, and only when it is on.

A variant is a legal alternative reading of the document (the opposite of a fault): each test
starts the sandbox without and with its variant and shows the two readings side by side.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from octo_conformance.openapi.cards import luhn_check_digit
from octo_conformance.openapi.spec import load_spec
from octo_conformance.reference.faults import Fault
from octo_conformance.reference.sandbox import FAULTS, VARIANT_NAMES, VARIANTS, SandboxConfig
from tests.reference.sandbox.helpers import SECRET, SHOP, Clock, Partner, live_sandbox, wait_until

_SERIAL = itertools.count(1)
OTP = "666666"


def card(prefix: str = "986000", length: int = 16) -> str:
    """A fresh Luhn-valid card number of ``length`` digits starting with ``prefix``."""
    body = f"{prefix}{next(_SERIAL):0{length - len(prefix) - 1}d}"
    return body + luhn_check_digit(body)


def luhn_invalid(pan: str) -> str:
    return pan[:-1] + str((int(pan[-1]) + 1) % 10)


@contextmanager
def sandbox(variant: str | None, clock: Clock | None = None, **settings: Any) -> Iterator[Partner]:
    """A live sandbox with ``variant`` on (None: the default reading)."""
    variants = frozenset({variant}) if variant else frozenset()
    with live_sandbox(clock=clock, variants=variants, **settings) as partner:
        yield partner


ON_OFF = pytest.mark.parametrize("on", [False, True], ids=["default", "variant"])


def _variant(name: str, on: bool) -> str | None:
    return name if on else None


def deliveries(partner: Partner) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = partner.http.get("/_sandbox/outbox").json()["deliveries"]
    return found


def settled(partner: Partner, count: int) -> None:
    """Wait until ``count`` outbox rows exist and none is pending."""

    def done() -> bool:
        rows = deliveries(partner)
        return len(rows) >= count and all(row["state"] != "pending" for row in rows)

    wait_until(done, timeout=10)


def confirmed(partner: Partner, tx: str, **changes: Any) -> tuple[str, dict[str, Any]]:
    """Bind (humo, fresh card unless given) and confirm; the payment UUID and the answer."""
    changes.setdefault("pan", card())
    bound = partner.bind(tx=tx, **changes)
    assert bound["error"] == 0, bound
    payment: str = bound["data"]["octo_payment_UUID"]
    return payment, partner.confirm(payment)


def block_when_active(partner: Partner, token: str) -> dict[str, Any]:
    """The block_card_token answer once the token is active (C-54: a moment after the 200)."""
    answers: list[dict[str, Any]] = []

    def blocked() -> bool:
        answers.append(partner.block(token))
        return bool(answers[-1]["error"] != 6)

    wait_until(blocked)
    return answers[-1]


# the catalogue -------------------------------------------------------------------------------
COVERED = {
    "unknown-bin-accepted",
    "pan-16-to-19",
    "duplicate-check-first",
    "grey-refusal-code-3",
    "four-deliveries",
    "payment-notification",
    "refund-later",
    "holder-uppercase",
    "any-2xx-ack",
    "payed-time-iso",
    "block-status-in-data",
    "seconds-left-counting",
    "no-length-limits",
    "json-charset",
    "errormessage-too",
    "top-level-copies",
    "verify-unknown-zero",
    "phone-mask-digits",
    "sms-refusal-500",
    "cancel-removes-token",
}


def test_every_variant_has_a_clause_a_description_and_a_test_here() -> None:
    assert set(VARIANTS) == COVERED
    assert VARIANT_NAMES == VARIANTS.names == tuple(VARIANTS)
    assert VARIANTS.kind == "variant"
    assert all(isinstance(v, Fault) and v.clause and v.description for v in VARIANTS.values())
    assert VARIANTS["refund-later"].clause.startswith("check_sms_key refunded_sum")
    assert not set(VARIANTS) & set(FAULTS)  # a name means one thing


def test_an_unknown_variant_is_refused_with_the_known_ones() -> None:
    known = f"; known: {', '.join(VARIANT_NAMES)}"
    with pytest.raises(ValueError, match=re.escape("unknown variant(s): no-such-variant" + known)):
        SandboxConfig(variants=frozenset({"no-such-variant", "refund-later"}))
    with pytest.raises(ValueError, match=re.escape("unknown variant(s): guessable-tokens")):
        SandboxConfig(variants=frozenset({"guessable-tokens"}))  # a fault is not a variant
    config = SandboxConfig(variants=frozenset({"refund-later"}))
    assert config.variant("refund-later")
    assert not config.variant("json-charset")
    with pytest.raises(ValueError, match=re.escape("unknown variant(s): refund-latre" + known)):
        config.variant("refund-latre")  # a typo in the server's own code is never silently off


def test_several_variants_and_a_fault_may_be_on_at_once() -> None:
    variants = frozenset({"holder-uppercase", "refund-later", "top-level-copies", "json-charset"})
    with live_sandbox(variants=variants, faults=frozenset({"guessable-tokens"})) as partner:
        response = partner.http.post("/bind_card", json={})
        assert response.headers["content-type"] == "application/json; charset=utf-8"
        _, answer = confirmed(partner, "many", cardHolderName="Ali Karimov")
        assert "refunded_sum" not in answer
        assert "refunded_sum" not in answer["data"]
        assert answer["first6"] == answer["data"]["first6"]
        callback = partner.receiver.wait_for("many", 1)[0]
        assert callback["cardHolderName"] == "ALI KARIMOV"
        assert re.fullmatch(r"tok\d+", callback["card_token"])  # the fault, beside the variants


# unknown-bin-accepted ------------------------------------------------------------------------
UNKNOWN_BIN = "700000"  # in no scheme's range


@ON_OFF
def test_unknown_bin_accepted_binds_then_fails_at_confirmation(on: bool) -> None:
    pan = card(UNKNOWN_BIN)
    with sandbox(_variant("unknown-bin-accepted", on)) as partner:
        bound = partner.bind(tx="unknown-bin", pan=pan, method="uzcard")
        if not on:
            assert bound["error"] == 1
            assert "BIN" in bound["errMessage"]
            return
        assert bound["error"] == 0
        assert bound["data"]["status"] == "created"
        payment = bound["data"]["octo_payment_UUID"]
        info = partner.info(payment)["data"]
        assert info["secondsLeft"] > 0
        answer = partner.confirm(payment, verify_id=info["verifyId"])
        assert answer["error"] != 0
        assert answer["data"] is None
        [callback] = partner.receiver.wait_for("unknown-bin", 1)
        assert callback == {
            "shop_transaction_id": partner.tx("unknown-bin"),
            "pan": pan,
            "exp": "3005",
            "cardHolderName": "ALI KARIMOV",
            "card_token": callback["card_token"],
            "status": "failed",
        }
        assert partner.block(callback["card_token"])["error"] == 6  # never active
        assert partner.info(payment)["data"]["secondsLeft"] == 0
        assert partner.confirm(payment, verify_id=info["verifyId"])["error"] != 0
        settled(partner, 1)
        assert partner.block(callback["card_token"])["error"] == 6


def test_unknown_bin_accepted_keeps_refusing_what_is_no_card_number() -> None:
    with sandbox("unknown-bin-accepted") as partner:
        for pan in (luhn_invalid(card(UNKNOWN_BIN)), card(UNKNOWN_BIN, 15), card(UNKNOWN_BIN, 19)):
            assert partner.bind(tx=f"bad-{pan}", pan=pan)["error"] == 1
        for method in ("humo", "uzcard", "bank_card"):  # the method as sent
            answer = partner.bind(tx=f"m-{method}", pan=card(UNKNOWN_BIN), method=method)
            assert answer["error"] == 0, answer
        # known schemes keep their rules: a Humo card is still not an Uzcard card
        assert partner.bind(tx="mismatch", pan=card(), method="uzcard")["error"] == 1


def test_unknown_bin_accepted_fails_on_the_otp_page_too() -> None:
    with sandbox("unknown-bin-accepted") as partner:
        bound = partner.bind(tx="page", pan=card(UNKNOWN_BIN), method="bank_card", cvc2="123")
        assert bound["error"] == 0
        page = bound["data"]["octo_pay_url"]
        response = partner.http.post(page, data={"otp": OTP}, follow_redirects=False)
        assert response.status_code == 400
        [callback] = partner.receiver.wait_for("page", 1)
        assert callback["status"] == "failed"
        assert set(callback) == {
            "shop_transaction_id",
            "pan",
            "exp",
            "cardHolderName",
            "card_token",
            "status",
        }


def test_a_known_card_binds_normally_with_unknown_bin_accepted() -> None:
    with sandbox("unknown-bin-accepted") as partner:
        _, answer = confirmed(partner, "known")
        assert answer["error"] == 0
        assert partner.receiver.wait_for("known", 1)[0]["status"] == "active"


# pan-16-to-19 --------------------------------------------------------------------------------
@ON_OFF
def test_pan_16_to_19_accepts_long_humo_numbers_and_refuses_short_visa(on: bool) -> None:
    with sandbox(_variant("pan-16-to-19", on)) as partner:

        def code(pan: str, method: str = "humo") -> int:
            cvc2 = "123" if method == "bank_card" else ""
            answer = partner.bind(tx=f"t-{pan}", pan=pan, method=method, cvc2=cvc2)
            return int(answer["error"])

        long_humo = [code(card(length=n)) for n in (17, 18, 19)]
        assert long_humo == ([0, 0, 0] if on else [1, 1, 1])
        assert code(card("4", 13), "bank_card") == (1 if on else 0)  # a 13-digit Visa
        assert code(card("51", 16), "bank_card") == 0
        assert code(card("4", 19), "bank_card") == 0
        assert code(card(length=15)) == 1
        assert code(card(length=20)) == 1
        assert code(luhn_invalid(card(length=17))) == 1
        assert code(card("8600", 17)) == 1  # still method humo: an Uzcard card is refused


# duplicate-check-first -----------------------------------------------------------------------
@ON_OFF
def test_duplicate_check_first_answers_20_before_a_broken_field(on: bool) -> None:
    pan = card()
    with sandbox(_variant("duplicate-check-first", on)) as partner:
        assert partner.bind(tx="first", pan=pan)["error"] == 0
        broken = partner.bind(tx="second", pan=pan, phone="12345")
        assert broken["error"] == (20 if on else 1)
        assert partner.bind(tx="third", pan=pan)["error"] == 20  # a valid body: 20 either way
        # a fresh card with the same defect, and a stranger's secret, are judged as before
        assert partner.bind(tx="fresh", pan=card(), phone="12345")["error"] == 1
        assert partner.bind(tx="auth", pan=pan, phone="12345", octo_secret="nope")["error"] == 1


# grey-refusal-code-3 -------------------------------------------------------------------------
@ON_OFF
def test_grey_refusal_code_3_for_tolerable_rules_only(on: bool) -> None:
    grey = 3 if on else 1
    with sandbox(_variant("grey-refusal-code-3", on)) as partner:
        assert partner.bind(tx="phone", phone="+998901234567")["error"] == grey
        assert partner.bind(tx="no-return", return_url=...)["error"] == grey
        assert partner.bind(tx="expired", exp="2001")["error"] == grey
        assert partner.bind(tx="two", phone="998901234", cvc2="12")["error"] == grey
        assert partner.bind(tx="shop", octo_shop_id=str(SHOP))["error"] == grey
        # a MUST rule, alone or beside a grey one, keeps error 1
        assert partner.bind(tx="luhn", pan=luhn_invalid(card()))["error"] == 1
        assert partner.bind(tx="mixed", pan=luhn_invalid(card()), phone="+99890")["error"] == 1
        assert partner.bind(tx="month", exp="3013")["error"] == 1
        blocked = partner.block("tok")  # a valid block body reaches the token check: 5
        assert blocked["error"] == 5
        block_body = {"octo_shop_id": str(SHOP), "octo_secret": SECRET, "card_token": "x"}
        assert partner.post("/block_card_token", block_body)["error"] == grey
        payment = partner.bind(tx="sms")["data"]["octo_payment_UUID"]
        verify_id = partner.info(payment)["data"]["verifyId"]
        assert partner.confirm(payment, verify_id=verify_id + 1)["error"] == 1  # a valid body
        assert partner.confirm(payment, verifyId=str(verify_id))["error"] == grey


# four-deliveries -----------------------------------------------------------------------------
@ON_OFF
def test_four_deliveries_before_the_token_is_cancelled(on: bool) -> None:
    with sandbox(_variant("four-deliveries", on)) as partner:
        partner.receiver.plan["refused"] = [500] * 10
        _, answer = confirmed(partner, "refused")
        assert answer["error"] == 0
        settled(partner, 1)
        sent = partner.receiver.about("refused")
        assert len(sent) == (4 if on else 3)
        assert deliveries(partner)[0]["state"] == "failed"
        assert partner.block(sent[0]["card_token"])["error"] == 6  # cancelled (C-28)


# cancel-removes-token -------------------------------------------------------------------------
@ON_OFF
def test_cancel_removes_token_answers_5_for_a_cancelled_token_only(on: bool) -> None:
    with sandbox(_variant("cancel-removes-token", on)) as partner:
        partner.receiver.plan["refused"] = [500] * 10
        confirmed(partner, "refused")
        confirmed(partner, "acknowledged")
        settled(partner, 2)
        cancelled = partner.receiver.about("refused")[0]["card_token"]
        assert partner.block(cancelled)["error"] == (5 if on else 6)
        active = partner.receiver.about("acknowledged")[0]["card_token"]
        assert block_when_active(partner, active)["error"] == 0


def test_four_deliveries_stops_at_the_first_acknowledgement() -> None:
    with sandbox("four-deliveries") as partner:
        partner.receiver.plan["late-ack"] = [500, 500, 500]
        confirmed(partner, "late-ack")
        settled(partner, 1)
        sent = partner.receiver.about("late-ack")
        assert len(sent) == 4
        assert block_when_active(partner, sent[0]["card_token"])["error"] == 0


# payment-notification ------------------------------------------------------------------------
def notifications(partner: Partner, tx: str) -> list[dict[str, Any]]:
    """The payment notifications the sink's notify_url received about ``tx``."""
    every = (d.payload for d in partner.receiver.sink.notifications())
    return [p for p in every if isinstance(p, dict) and p.get("shop_transaction_id") == tx]


@ON_OFF
def test_payment_notification_goes_to_notify_url_once(on: bool) -> None:
    with sandbox(_variant("payment-notification", on)) as partner:
        notify_url = partner.receiver.sink.notify_url
        payment, answer = confirmed(partner, "paid", notify_url=notify_url)
        assert answer["error"] == 0
        settled(partner, 2 if on else 1)
        [callback] = partner.receiver.about("paid")  # the token still goes to bind_notify_url
        assert callback["status"] == "active"
        notes = notifications(partner, partner.tx("paid"))
        if not on:
            assert notes == []
            return
        assert notes == [
            {
                "shop_transaction_id": partner.tx("paid"),
                "octo_payment_UUID": payment,
                "status": "succeeded",
                "total_sum": 1000.0,
                "refunded_sum": 1000.0,
            }
        ]
        assert "pan" not in notes[0]
        assert block_when_active(partner, callback["card_token"])["error"] == 0


def test_payment_notification_needs_a_notify_url_and_a_confirmation() -> None:
    with sandbox("payment-notification") as partner:
        confirmed(partner, "no-notify", notify_url=...)
        notify_url = partner.receiver.sink.notify_url
        payment = partner.bind(tx="unpaid", pan=card(), notify_url=notify_url)["data"]
        for _ in range(3):  # three wrong codes: failed, not paid
            partner.confirm(payment["octo_payment_UUID"], code="000000")
        settled(partner, 2)
        assert partner.receiver.about("unpaid")[0]["status"] == "failed"
        assert notifications(partner, partner.tx("no-notify")) == []
        assert notifications(partner, partner.tx("unpaid")) == []


# refund-later --------------------------------------------------------------------------------
@ON_OFF
def test_refund_later_leaves_refunded_sum_out(on: bool) -> None:
    with sandbox(_variant("refund-later", on)) as partner:
        _, answer = confirmed(partner, "refund")
        assert answer["error"] == 0
        assert ("refunded_sum" in answer["data"]) is not on
        assert ("refunded_sum" in answer) is not on
        assert answer["data"]["total_sum"] == answer["total_sum"] == 1000.0
        bound = partner.bind(tx="bind", pan=card())["data"]
        assert bound["refunded_sum"] == 0  # bind_card's refunded_sum is mandatory: unchanged


# holder-uppercase ----------------------------------------------------------------------------
@ON_OFF
def test_holder_uppercase_in_the_callback(on: bool) -> None:
    with sandbox(_variant("holder-uppercase", on)) as partner:
        confirmed(partner, "name", cardHolderName="Oʻtkir Karimov")
        [callback] = partner.receiver.wait_for("name", 1)
        assert callback["cardHolderName"] == ("OʻTKIR KARIMOV" if on else "Oʻtkir Karimov")


# any-2xx-ack ---------------------------------------------------------------------------------
@ON_OFF
def test_any_2xx_ack_takes_a_202_as_the_acknowledgement(on: bool) -> None:
    with sandbox(_variant("any-2xx-ack", on)) as partner:
        partner.receiver.plan["accepted"] = [202]
        confirmed(partner, "accepted")
        settled(partner, 1)
        sent = partner.receiver.about("accepted")
        assert len(sent) == (1 if on else 2)  # by default the 202 is retried, the 200 ends it
        assert block_when_active(partner, sent[0]["card_token"])["error"] == 0


@ON_OFF
def test_any_2xx_ack_still_retries_a_refusal(on: bool) -> None:
    with sandbox(_variant("any-2xx-ack", on)) as partner:
        partner.receiver.plan["refused"] = [400, 204]
        confirmed(partner, "refused")
        settled(partner, 1)
        assert len(partner.receiver.about("refused")) == (2 if on else 3)


# payed-time-iso ------------------------------------------------------------------------------
@ON_OFF
def test_payed_time_iso(on: bool) -> None:
    with sandbox(_variant("payed-time-iso", on)) as partner:
        _, answer = confirmed(partner, "time")
        payed = answer["data"]["payed_time"]
        assert payed == answer["payed_time"]
        shape = (
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:00" if on else r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"
        )
        assert re.fullmatch(shape, payed), payed


# block-status-in-data ------------------------------------------------------------------------
@ON_OFF
def test_block_status_in_data(on: bool) -> None:
    with sandbox(_variant("block-status-in-data", on)) as partner:
        answer = block_when_active(partner, partner.bound_token())
        if on:
            assert answer == {"error": 0, "errMessage": None, "data": {"status": "blocked"}}
        else:
            assert answer == {"error": 0, "errMessage": None, "status": "blocked"}
        schema = load_spec().component_validator("BlockCardTokenSuccess")
        assert list(schema.iter_errors(answer)) == []


# seconds-left-counting -----------------------------------------------------------------------
@ON_OFF
def test_seconds_left_counting_after_confirmation(on: bool) -> None:
    clock = Clock()
    with sandbox(_variant("seconds-left-counting", on), clock=clock, otp_ttl=100) as partner:
        payment, answer = confirmed(partner, "count")
        assert answer["error"] == 0
        left = partner.info(payment)["data"]["secondsLeft"]
        assert (0 < left <= 100) if on else left == 0
        clock.advance(40)
        later = partner.info(payment)["data"]["secondsLeft"]
        assert (0 < later <= left - 39) if on else later == 0
        clock.advance(100)
        assert partner.info(payment)["data"]["secondsLeft"] == 0  # never negative
        failed = partner.bind(tx="failed", pan=card())["data"]["octo_payment_UUID"]
        for _ in range(3):
            partner.confirm(failed, code="000000")
        assert partner.info(failed)["data"]["secondsLeft"] == 0  # a failed binding: 0


# no-length-limits ----------------------------------------------------------------------------
@ON_OFF
def test_no_length_limits_on_identifiers_urls_and_names(on: bool) -> None:
    accepted = 0 if on else 1
    with sandbox(_variant("no-length-limits", on)) as partner:
        url = "https://partner.example/return?" + "a" * 3000
        assert partner.bind(tx="t" * 300, pan=card())["error"] == accepted
        assert partner.bind(tx="url", pan=card(), return_url=url)["error"] == accepted
        assert partner.bind(tx="name", pan=card(), cardHolderName="A" * 300)["error"] == accepted
        # what the spec's other keywords refuse stays refused
        assert partner.bind(tx="blank", pan=card(), cardHolderName=" " * 300)["error"] == 1
        assert partner.bind(tx="empty", pan=card(), cardHolderName="")["error"] == 1
        assert partner.bind(shop_transaction_id="", pan=card())["error"] == 1
        assert partner.bind(tx="ftp", pan=card(), return_url="ftp://x/" + "a" * 3000)["error"] == 1
        assert partner.bind(tx="secret", pan=card(), octo_secret="s" * 300)["error"] == 1


@ON_OFF
def test_no_length_limits_takes_null_optional_fields_as_absent(on: bool) -> None:
    with sandbox(_variant("no-length-limits", on)) as partner:
        nulls = {"cvc2": None, "notify_url": None, "bind_notify_url": None}
        bound = partner.bind(tx="nulls", pan=card(), **nulls)
        assert bound["error"] == (0 if on else 1)
        assert partner.bind(tx="null-return", pan=card(), return_url=None)["error"] == 1
        assert partner.bind(tx="null-name", pan=card(), cardHolderName=None)["error"] == 1
        if on:  # no bind_notify_url: the token is active at once, nobody is called (C-18)
            answer = partner.confirm(bound["data"]["octo_payment_UUID"])
            assert answer["error"] == 0
            assert deliveries(partner) == []


# json-charset --------------------------------------------------------------------------------
@ON_OFF
def test_json_charset_on_every_json_answer(on: bool) -> None:
    expected = "application/json; charset=utf-8" if on else "application/json"
    with sandbox(_variant("json-charset", on)) as partner:
        answers = [
            partner.http.post("/bind_card", json={}),
            partner.http.post(
                "/bind_card", content=b"{", headers={"content-type": "application/json"}
            ),
            partner.http.post("/verificationInfo/", json={"octo_payment_UUID": "x"}),
            partner.http.post("/no_such_method", json={}),
            partner.http.get("/bind_card"),
        ]
        assert [a.headers["content-type"] for a in answers] == [expected] * len(answers)
        page = partner.http.get("/pay/" + partner.bind()["data"]["octo_payment_UUID"])
        assert page.headers["content-type"].startswith("text/html")


# errormessage-too ----------------------------------------------------------------------------
@ON_OFF
def test_errormessage_too(on: bool) -> None:
    with sandbox(_variant("errormessage-too", on)) as partner:
        refused = partner.bind(tx="bad", phone="1")
        assert refused["errMessage"] == refused["errorMessage"] != ""
        unknown = partner.block("no-such-token")
        assert unknown["errMessage"] == unknown["errorMessage"] == "Token not found"
        bound = partner.bind(tx="ok")
        assert bound.get("errMessage", "absent") == ("" if on else "absent")
        payment = bound["data"]["octo_payment_UUID"]
        assert partner.info(payment)["errMessage"] == ""
        answer = partner.confirm(payment)
        assert answer.get("errMessage", "absent") == ("" if on else "absent")
        block = block_when_active(partner, partner.receiver.wait_for("ok", 1)[0]["card_token"])
        assert block["error"] == 0
        assert block["errMessage"] == ("" if on else None)


# top-level-copies ----------------------------------------------------------------------------
@ON_OFF
def test_top_level_copies(on: bool) -> None:
    with sandbox(_variant("top-level-copies", on)) as partner:
        bound = partner.bind(tx="copies")
        data = bound["data"]
        if on:
            assert {k: bound[k] for k in data} == data
        else:
            assert set(bound) == {"error", "data"}
        answer = partner.confirm(data["octo_payment_UUID"])
        copied = {k for k in answer["data"] if k in answer}
        assert all(answer[k] == answer["data"][k] for k in copied)
        assert copied == (set(answer["data"]) if on else set(answer["data"]) - {"first6", "last4"})


# verify-unknown-zero -------------------------------------------------------------------------
@ON_OFF
def test_verify_unknown_zero(on: bool) -> None:
    with sandbox(_variant("verify-unknown-zero", on)) as partner:
        answer = partner.info("06000144-db56-47b6-9eba-021ad4ff246b")
        if not on:
            assert answer["error"] == 1
            return
        assert answer == {
            "error": 0,
            "errMessage": "",
            "data": {"verifyId": 0, "phone": "+998** *****00", "secondsLeft": 0},
        }
        schema = load_spec().component_validator("VerificationInfoSuccess")
        assert list(schema.iter_errors(answer)) == []
        assert partner.info("not-a-uuid")["error"] == 1  # a malformed UUID is still refused
        known = partner.info(partner.bind()["data"]["octo_payment_UUID"])["data"]
        assert known["verifyId"] > 0
        assert known["secondsLeft"] > 0


# phone-mask-digits ---------------------------------------------------------------------------
@ON_OFF
def test_phone_mask_digits(on: bool) -> None:
    with sandbox(_variant("phone-mask-digits", on)) as partner:
        payment = partner.bind(phone="998901234567")["data"]["octo_payment_UUID"]
        answer = partner.info(payment)
        assert answer["data"]["phone"] == ("99890*****67" if on else "+998** *****67")
        schema = load_spec().component_validator("VerificationInfoSuccess")
        assert list(schema.iter_errors(answer)) == []


# sms-refusal-500 ------------------------------------------------------------------------------
@ON_OFF
def test_sms_refusal_500_answers_refusals_as_the_documented_problem(on: bool) -> None:
    with sandbox(_variant("sms-refusal-500", on)) as partner:
        payment = partner.bind()["data"]["octo_payment_UUID"]
        verify_id = partner.info(payment)["data"]["verifyId"]
        body = {
            "octo_shop_id": SHOP,
            "octo_secret": SECRET,
            "smsKey": "000001",
            "paymentUUID": payment,
            "verifyId": verify_id,
        }
        wrong = partner.http.post("/bind_card/check_sms_key", json=body)
        if on:
            assert wrong.status_code == 500
            assert wrong.headers["content-type"].startswith("application/problem+json")
            assert {"title", "status", "detail"} <= set(wrong.json())
        else:
            assert wrong.status_code == 200
            assert wrong.json()["error"] not in (0, None)  # the envelope (-270: wrong code)
        right = partner.confirm(payment, verify_id=verify_id)  # a success is unchanged
        assert (right["error"], right["data"]["status"]) == (0, "succeeded")
        refused = partner.http.post("/bind_card", json={})  # other methods keep the envelope
        assert (refused.status_code, refused.json()["error"]) == (200, 1)
