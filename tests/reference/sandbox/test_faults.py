"""Every fault changes the behaviour it names: one battery of observations, clean vs faulty.

The battery plays a partner (plus the sandbox-only outbox view, which the black-box suite never
uses). Each fault must change the observation(s) listed for it; the clean sandbox sets the baseline.
"""

from __future__ import annotations

import itertools
import re
import uuid
from functools import cache
from typing import Any

import pytest

from octo_conformance.harness.sink import HOLD
from octo_conformance.openapi.cards import luhn_check_digit
from octo_conformance.reference.faults import Fault, FaultCatalogue
from octo_conformance.reference.sandbox import FAULT_NAMES, FAULTS, SandboxConfig
from tests.reference.sandbox.helpers import (
    OTHER_SECRET,
    OTHER_SHOP,
    VISA_PAN,
    Clock,
    Partner,
    live_sandbox,
    wait_until,
)

pytestmark = pytest.mark.slow

_CARDS = itertools.count()


def _card() -> str:
    """A fresh Uzcard number per binding, so no binding collides with another (error 20)."""
    body = f"860000000{next(_CARDS):06d}"
    return body + luhn_check_digit(body)


def _visa() -> str:
    """A fresh Visa number per binding."""
    body = f"411111{next(_CARDS):09d}"
    return body + luhn_check_digit(body)


def _settled(partner: Partner, tx_count: int) -> None:
    def done() -> bool:
        deliveries = partner.http.get("/_sandbox/outbox").json()["deliveries"]
        return len(deliveries) >= tx_count and all(d["state"] != "pending" for d in deliveries)

    wait_until(done, timeout=10)


def observe(*faults: str) -> dict[str, Any]:
    clock = Clock()
    seen: dict[str, Any] = {}
    with live_sandbox(clock=clock, faults=frozenset(faults), otp_ttl=60, callback_timeout=0.5) as p:

        def bind(tx: str, **changes: Any) -> dict[str, Any]:
            changes.setdefault("pan", _card())
            changes.setdefault("method", "uzcard")
            return p.bind(tx=tx, **changes)

        bad_pan = bind("luhn", pan="8600000000000001")
        seen["luhn"] = bad_pan["error"]
        seen["echoes_pan"] = "8600000000000001" in str(bad_pan)
        seen["err_message"] = "errMessage" in bad_pan or "errorMessage" in bad_pan
        seen["month13"] = bind("m13", exp="3013")["error"]
        seen["month_edges"] = [bind(f"m{mm}", exp=f"30{mm}")["error"] for mm in ("00", "14")]
        seen["local_phone"] = [
            bind(f"ph{n}", phone=p)["error"] for n, p in enumerate(("901234567", "99890123456"))
        ]
        seen["wrong_secret"] = bind("auth", octo_secret="nope")["error"]
        seen["bad_json_http"] = p.http.post(
            "/bind_card", content=b"{", headers={"content-type": "application/json"}
        ).status_code
        pan = _card()
        first = bind("dup-1", pan=pan)
        seen["duplicate"] = bind("dup-2", pan=pan)["error"]
        seen["pay_url"] = "octo_pay_url" in first["data"]
        if seen["pay_url"]:  # a Humo/Uzcard binding's page: a notice, never a 5xx
            seen["sms_page_http"] = p.http.get(first["data"]["octo_pay_url"]).status_code
        seen["bind_status"] = first["data"]["status"]
        seen["sum_type"] = type(first["data"]["total_sum"]).__name__
        payment = first["data"]["octo_payment_UUID"]
        seen["slash_http"] = p.http.post(
            "/verificationInfo/", json={"octo_payment_UUID": payment}
        ).status_code
        info = p.post("/verificationInfo", {"octo_payment_UUID": payment})["data"]
        seen["phone"] = info["phone"]
        attempts = [
            p.confirm(payment, verify_id=info["verifyId"] + 1),
            p.confirm(payment, code="000000", verify_id=info["verifyId"]),
        ]
        seen["wrong_verify_id"], seen["wrong_otp"] = (a["error"] for a in attempts)
        accepted = [a for a in attempts if a["error"] == 0]  # a faulty sandbox confirmed already
        confirmed = accepted[0] if accepted else p.confirm(payment, verify_id=info["verifyId"])
        seen["last4"] = confirmed["data"]["last4"] == pan[-4:]
        seen["refunded"] = confirmed["data"]["refunded_sum"] == confirmed["data"]["total_sum"]
        seen["top_level"] = confirmed["status"] == confirmed["data"]["status"]
        seen["confirm_status"] = confirmed["data"]["status"]
        seen["confirm_echo"] = "shop_transaction_id" in confirmed["data"]
        seen["sms_unknown"] = p.confirm(str(uuid.uuid4()), verify_id=1)["error"]
        exhausted = bind("exhausted")["data"]["octo_payment_UUID"]
        exhausted_id = p.post("/verificationInfo", {"octo_payment_UUID": exhausted})["data"]
        for _ in range(3):
            p.confirm(exhausted, code="000000", verify_id=exhausted_id["verifyId"])
        seen["seconds_after_failure"] = p.post(
            "/verificationInfo", {"octo_payment_UUID": exhausted}
        )["data"]["secondsLeft"]
        foreign = bind("xshop")["data"]["octo_payment_UUID"]
        foreign_id = p.post("/verificationInfo", {"octo_payment_UUID": foreign})["data"]["verifyId"]
        seen["sms_cross_shop"] = p.confirm(
            foreign, verify_id=foreign_id, octo_shop_id=OTHER_SHOP, octo_secret=OTHER_SECRET
        )["error"]
        spent = bind("auth-otp")["data"]["octo_payment_UUID"]
        spent_id = p.post("/verificationInfo", {"octo_payment_UUID": spent})["data"]["verifyId"]
        p.confirm(spent, verify_id=spent_id, octo_secret="nope")  # the right code, refused (2)
        seen["auth_no_effect"] = p.confirm(spent, verify_id=spent_id)["error"]
        seen["replay"] = p.confirm(payment, verify_id=info["verifyId"])["error"]
        _settled(p, 1)
        callbacks = p.receiver.about("dup-1") or [{}]  # none: fault callback-never-sent
        seen["callbacks"] = len(p.receiver.about("dup-1"))
        seen["callback_token"] = "card_token" in callbacks[0]
        seen["callback_exp"] = callbacks[0].get("exp") == "3005"
        token = callbacks[0].get("card_token") or ""
        seen["guessable"] = bool(re.fullmatch(r"tok\d+", token))
        if token:
            seen["cross_shop"] = p.block(token, OTHER_SHOP, OTHER_SECRET)["error"]
            blocked = p.block(token)
            seen["block_status"] = blocked.get("status")
            seen["block_twice"] = p.block(token)["error"]
            rebind = bind("rebind", pan=pan)  # error 20 where a fault left the token active
            if rebind["error"] == 0:
                again = rebind["data"]["octo_payment_UUID"]
                again_info = p.post("/verificationInfo", {"octo_payment_UUID": again})["data"]
                p.confirm(again, verify_id=again_info["verifyId"])
                rebound = p.receiver.sink.wait_for(p.receiver.prefix + "rebind", 1, 5.0)
                same = bool(rebound) and rebound[0].payload.get("card_token") == token
                seen["rebind_token"] = same
        seen["block_unknown"] = p.block("no-such-token")["error"]

        retry_pan = _card()
        plans = [("retry", [500] * 8), ("ack202", [202])]
        if not faults or "callback-unanswered-is-ack" in faults:  # 3 held attempts cost ~1.7 s:
            plans.append(("hold", [HOLD] * 8))  # only the baseline and that fault wait them out
        for tx, answers in plans:
            p.receiver.plan[tx] = answers
            pay = bind(tx, pan=retry_pan if tx == "retry" else _card())["data"]["octo_payment_UUID"]
            p.confirm(
                pay,
                verify_id=p.post("/verificationInfo", {"octo_payment_UUID": pay})["data"][
                    "verifyId"
                ],
            )
        p.receiver.plan["init"] = [500] * 8  # refused: the token stays init while retried
        init = bind("init")["data"]["octo_payment_UUID"]
        p.confirm(init, verify_id=p.post("/verificationInfo", {"octo_payment_UUID": init})["data"]["verifyId"])  # fmt: skip
        init_callbacks = p.receiver.sink.wait_for(p.receiver.prefix + "init", 1, 5.0)
        token = init_callbacks[0].payload.get("card_token") if init_callbacks else "no-token"
        seen["init_block"] = p.block(token)["error"]
        _settled(p, 4)
        seen["attempts"] = len(p.receiver.about("retry"))
        seen["ack202"] = len(p.receiver.about("ack202"))
        cancelled = p.receiver.about("retry")
        if cancelled and "card_token" in cancelled[0]:
            seen["cancelled_block"] = p.block(cancelled[0]["card_token"])["error"]
            seen["rebind_after_cancel"] = bind("retry-again", pan=retry_pan)["error"]
        unanswered = p.receiver.about("hold")  # never answered: cancelled, like refused ones
        if unanswered and "card_token" in unanswered[0]:
            seen["unanswered_block"] = p.block(unanswered[0]["card_token"])["error"]

        visa_answer = p.bind(tx="visa", pan=VISA_PAN, method="bank_card", cvc2="123")
        seen["visa_bind"] = visa_answer["error"]
        visa = visa_answer.get("data") or {}
        if "octo_pay_url" in visa:
            seen["paypage_form"] = 'name="otp"' in p.http.get(visa["octo_pay_url"]).text
            right = p.http.post(
                visa["octo_pay_url"], data={"otp": "666666"}, follow_redirects=False
            )
            seen["paypage_right"] = right.status_code
            again = p.http.post(
                visa["octo_pay_url"], data={"otp": "666666"}, follow_redirects=False
            )
            seen["paypage_resubmit"] = again.status_code  # a used page is closed
            seen["paypage_return"] = right.headers.get("location") == "http://127.0.0.1:9/return"
            after = p.post("/verificationInfo", {"octo_payment_UUID": visa["octo_payment_UUID"]})
            seen["paypage_confirms"] = after["data"]["secondsLeft"] == 0
            # the binding is used up: the wrong code goes to a second one
            visa = p.bind(tx="visa-2", pan=_visa(), method="bank_card", cvc2="123")["data"]
            wrong = p.http.post(
                visa["octo_pay_url"], data={"otp": "000001"}, follow_redirects=False
            )
            seen["paypage_wrong"] = wrong.status_code
            # C-38: check_sms_key cannot confirm a Visa/MC binding
            page_only = p.bind(tx="visa-3", pan=_visa(), method="bank_card", cvc2="123")
            uuid_ = page_only["data"]["octo_payment_UUID"]
            page_id = p.post("/verificationInfo", {"octo_payment_UUID": uuid_})["data"]["verifyId"]
            seen["sms_bank_card"] = p.confirm(uuid_, verify_id=page_id)["error"]

        late = bind("late")["data"]["octo_payment_UUID"]
        clock.advance(120)
        late_info = p.post("/verificationInfo", {"octo_payment_UUID": late})["data"]
        seen["seconds_left"] = late_info["secondsLeft"]
        seen["late_confirm"] = p.confirm(late, verify_id=late_info["verifyId"])["error"]
    return seen


EXPECTED_CHANGE = {
    "bind-accepts-luhn-invalid": "luhn",
    "bind-accepts-month-13": "month13",
    "bind-month-off-by-one": "month_edges",
    "bind-accepts-local-phone": "local_phone",
    "bind-no-duplicate-check": "duplicate",
    "bind-missing-pay-url": "pay_url",
    "bind-string-sums": "sum_type",
    "bind-500-on-bad-json": "bad_json_http",
    "error-echoes-pan": "echoes_pan",
    "error-without-errmessage": "err_message",
    "error-format-code-2": "luhn",
    "sms-accepts-expired-otp": "late_confirm",
    "callback-redelivered": "callbacks",
    "auth-any-secret": "wrong_secret",
    "auth-wrong-code": "wrong_secret",
    "auth-after-otp": "auth_no_effect",
    "verify-unmasked-phone": "phone",
    "verify-negative-seconds": "seconds_left",
    "verify-no-trailing-slash": "slash_http",
    "sms-accepts-any-otp": "wrong_otp",
    "sms-otp-replay": "replay",
    "sms-ignores-verify-id": "wrong_verify_id",
    "sms-wrong-last4": "last4",
    "bind-refuses-bank-card": "visa_bind",
    "bind-status-pending": "bind_status",
    "sms-status-processing": "confirm_status",
    "sms-no-echo": "confirm_echo",
    "sms-unknown-payment-ok": "sms_unknown",
    "callback-never-sent": "callbacks",
    "paypage-no-form": "paypage_form",
    "paypage-no-confirm": "paypage_confirms",
    "paypage-no-return": "paypage_return",
    "rebind-same-token": "rebind_token",
    "sms-no-refund": "refunded",
    "sms-top-level-drift": "top_level",
    "callback-missing-token": "callback_token",
    "callback-wrong-exp": "callback_exp",
    "callback-single-attempt": "attempts",
    "callback-endless-retries": "attempts",
    "callback-no-cancel": "cancelled_block",
    "callback-unanswered-is-ack": "unanswered_block",
    "cancel-keeps-card": "rebind_after_cancel",
    "sms-cross-shop": "sms_cross_shop",
    "verify-seconds-after-failure": "seconds_after_failure",
    "block-init-ok": "init_block",
    "block-twice-ok": "block_twice",
    "block-unknown-is-6": "block_unknown",
    "block-cross-shop": "cross_shop",
    "block-missing-status": "block_status",
    "guessable-tokens": "guessable",
    "paypage-ignores-code": "paypage_wrong",
    "paypage-500": "sms_page_http",
    "paypage-resubmit-confirms": "paypage_resubmit",
    "sms-confirms-bank-card": "sms_bank_card",
}


@cache
def clean() -> dict[str, Any]:
    return observe()


def test_the_catalogue_has_at_least_twenty_faults_each_with_a_test() -> None:
    assert len(FAULTS) >= 20
    assert set(EXPECTED_CHANGE) == set(FAULTS)
    assert FAULT_NAMES == FAULTS.names == tuple(FAULTS)
    assert FAULTS["sms-accepts-any-otp"] == Fault(
        "sms-accepts-any-otp", "C-16", "check_sms_key confirms the binding with any code"
    )


def test_an_unknown_fault_is_refused_with_the_known_ones() -> None:
    known = f"; known: {', '.join(FAULT_NAMES)}"
    with pytest.raises(ValueError, match=re.escape("unknown fault(s): no-such-fault" + known)):
        SandboxConfig(faults=frozenset({"no-such-fault", "guessable-tokens"}))
    config = SandboxConfig(faults=frozenset({"guessable-tokens"}))
    assert config.fault("guessable-tokens")
    assert not config.fault("paypage-ignores-code")
    with pytest.raises(ValueError, match=re.escape("unknown fault(s): guessable-token" + known)):
        config.fault("guessable-token")  # a typo in the server's own code is never silently off


def test_a_catalogue_table_is_read_row_by_row() -> None:
    catalogue = FaultCatalogue.from_table("""
        a-fault | C-01 | does one thing | with a bar
        b-fault | error 2 | does another
    """)
    assert list(catalogue.values()) == [
        Fault("a-fault", "C-01", "does one thing | with a bar"),
        Fault("b-fault", "error 2", "does another"),
    ]
    assert catalogue.check(["b-fault", "b-fault"]) == frozenset({"b-fault"})
    with pytest.raises(
        ValueError, match=re.escape("unknown fault(s): c, d; known: a-fault, b-fault")
    ):
        catalogue.check(["c", "a-fault", "d", "c"])


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("a | C-01", "not 'name | clause | description': 'a | C-01'"),
        ("a |  | does it", "not 'name | clause | description'"),
        ("a | C-01 | once\na | C-02 | twice", "fault 'a' is listed twice"),
    ],
)
def test_a_malformed_catalogue_is_refused(table: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        FaultCatalogue.from_table(table)


def test_the_clean_sandbox_baseline() -> None:
    expected = {
        "luhn": 1, "month13": 1, "wrong_secret": 2, "bad_json_http": 200, "duplicate": 20,
        "echoes_pan": False, "err_message": True, "pay_url": True, "sum_type": "float",
        "slash_http": 200, "phone": "+998** *****67", "wrong_verify_id": 1, "wrong_otp": -270,
        "last4": True, "refunded": True, "top_level": True, "replay": 1, "callbacks": 1,
        "callback_token": True, "callback_exp": True, "guessable": False, "cross_shop": 5,
        "block_status": "blocked", "block_twice": 6, "block_unknown": 5, "attempts": 3,
        "ack202": 2, "cancelled_block": 6, "init_block": 6, "paypage_wrong": 400, "seconds_left": 0, "late_confirm": 1,
        "bind_status": "created", "confirm_status": "succeeded", "confirm_echo": True, "sms_unknown": 1,
        "visa_bind": 0, "paypage_form": True, "paypage_right": 303, "paypage_confirms": True,
        "paypage_return": True, "rebind_token": False, "sms_cross_shop": 1, "unanswered_block": 6,
        "seconds_after_failure": 0, "rebind_after_cancel": 0, "auth_no_effect": 0,
        "sms_page_http": 200, "paypage_resubmit": 400, "sms_bank_card": 1,
    }  # fmt: skip
    assert {key: clean().get(key) for key in expected} == expected


@pytest.mark.parametrize("fault", sorted(EXPECTED_CHANGE))
def test_each_fault_changes_its_behaviour(fault: str) -> None:
    key = EXPECTED_CHANGE[fault]
    faulty = observe(fault)
    assert key in faulty, f"{fault}: {key!r} was never observed"  # absent is no change
    assert faulty[key] != clean().get(key), f"{fault} left {key!r} at {clean().get(key)!r}"


def test_an_accepts_fault_is_one_per_request_rule_and_named_by_it() -> None:
    names = FAULTS.family("accepts").names
    assert len(names) == 75  # bind_card 45, verificationInfo 4, check_sms_key 16, block 10
    assert "accepts:bindCard:exp.month" in names
    assert "accepts:bindCard:exp.month" in FAULTS
    assert FAULTS["accepts:checkSmsKey:smsKey.pattern"].description == (
        "a body breaking the request rule checkSmsKey:smsKey.pattern is accepted (processed, or"
        " answered with success where later code would refuse it)"
    )
    assert "accepts:bindCard:exp.month" not in FAULT_NAMES  # listed by its family only
    for unknown in ("accepts:bindCard:exp.nope", "accepts:nope:exp.month", "accepts"):
        assert unknown not in FAULTS
        with pytest.raises(ValueError, match=re.escape("accepts:<operationId>:<rule>")):
            SandboxConfig(faults=frozenset({unknown}))


@pytest.mark.parametrize(
    ("fault", "changes"),
    [
        ("accepts:bindCard:exp.month", {"exp": "3013"}),  # processed as a valid body
        ("accepts:bindCard:cardHolderName.required", {"cardHolderName": ...}),  # swallowed
    ],
)
def test_an_accepts_fault_lets_exactly_its_rule_through(fault: str, changes: Any) -> None:
    with live_sandbox(faults=frozenset({fault})) as partner:
        assert partner.bind(tx="broken", pan=_card(), method="uzcard", **changes)["error"] == 0
        other = partner.bind(tx="other", pan=_card(), method="uzcard", phone="99890123456")
        assert other["error"] == 1
    with live_sandbox() as partner:
        assert partner.bind(tx="broken", pan=_card(), method="uzcard", **changes)["error"] == 1


def test_a_token_blocked_while_init_stays_blocked_when_its_callback_is_acknowledged() -> None:
    """block-init-ok lets a token be blocked before its callback is acknowledged; the late
    acknowledgement settles init tokens only, so it does not make that token active again."""
    with live_sandbox(faults=frozenset({"block-init-ok"})) as partner:
        partner.receiver.plan["late-ack"] = [500]  # refused once, acknowledged on the retry
        pan = _card()
        payment = partner.bind(tx="late-ack", pan=pan, method="uzcard")["data"]["octo_payment_UUID"]
        assert partner.confirm(payment)["error"] == 0
        token = partner.receiver.wait_for("late-ack", 1)[0]["card_token"]
        assert partner.block(token)["error"] == 0  # init, blocked through the fault
        partner.receiver.wait_for("late-ack", 2)  # the retry, acknowledged
        _settled(partner, 1)
        assert partner.block(token)["error"] == 6  # still blocked, not active again
