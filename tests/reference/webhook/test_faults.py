"""Every fault changes what OCTO can observe: one battery of callbacks, clean vs faulty.

The battery plays OCTO (plus the provider-state endpoint a Pact verifier uses). Each fault must
change the observation listed for it; the clean receiver sets the baseline.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import httpx
import pytest

from octo_conformance.reference.webhook import FAULTS, WebhookConfig
from tests.reference.webhook.helpers import fresh_pan, live_webhook

SLOW_SECONDS = 2.0  # the `slow` fault's delay here; the probe gives up after half of it
SUCCESS = {"status": "success", "message": "Callback processed successfully"}


def outcome(response: httpx.Response) -> tuple[int, str]:
    """The status code and the body's ``status`` (or the media type, for a non-JSON body)."""
    media_type = response.headers.get("content-type", "").split(";")[0]
    if media_type != "application/json":
        return response.status_code, media_type
    body = response.json()
    return response.status_code, str(body.get("status")) if isinstance(body, dict) else "?"


def observe(*faults: str) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    with live_webhook(faults=frozenset(faults), slow_seconds=SLOW_SECONDS) as octo:
        probe = octo.pending("probe")
        try:
            octo.http.post("/octo/callback", json=probe, timeout=SLOW_SECONDS / 2)
            seen["timely"] = True
        except httpx.TimeoutException:
            seen["timely"] = False
            return seen  # every further callback would wait as long: nothing more to learn

        def send(tx: str, **changes: Any) -> httpx.Response:
            return octo.send({**octo.pending(tx), **changes})

        first = octo.pending("first")
        answer = octo.send(first)
        seen["success_http"] = answer.status_code
        seen["success_body"] = answer.json() == SUCCESS
        seen["echoes_pan"] = first["pan"] in answer.text
        seen["retry"] = outcome(octo.send(first))
        seen["other_token"] = outcome(octo.send({**first, "card_token": "another"}))
        seen["failed_after_active"] = outcome(octo.send({**first, "status": "failed"}))
        seen["unknown_tx"] = outcome(octo.send({**first, "shop_transaction_id": "never-started"}))
        seen["error_media_type"] = octo.send({**first, "exp": "3013"}).headers["content-type"]
        seen["pan_mismatch"] = outcome(send("pan", pan=fresh_pan()))
        seen["exp_mismatch"] = outcome(send("exp", exp="3112"))
        seen["any_status"] = outcome(send("status", status="blocked"))
        seen["extra_field"] = outcome(send("extra", processing_reference="r-1"))
        seen["unicode"] = outcome(octo.send(octo.pending("unicode", cardHolderName="Oʻtkir Hoʻja")))
        bare = octo.pending("minimal")
        minimal = {"shop_transaction_id": bare["shop_transaction_id"], "status": "failed"}
        seen["minimal_failed"] = outcome(octo.send(minimal))
        no_exp = {k: v for k, v in octo.pending("no-exp").items() if k != "exp"}
        seen["missing_field"] = outcome(octo.send(no_exp))
        seen["bad_json"] = outcome(
            octo.http.post(
                "/octo/callback", content=b"{", headers={"content-type": "application/json"}
            )
        )
    return seen


EXPECTED_CHANGE = {
    "accepts-unknown-transaction": "unknown_tx",
    "accepts-pan-mismatch": "pan_mismatch",
    "accepts-exp-mismatch": "exp_mismatch",
    "replaces-active-token": "other_token",
    "failed-overrides-active": "failed_after_active",
    "not-idempotent": "retry",
    "accepts-any-status": "any_status",
    "rejects-minimal-failed": "minimal_failed",
    "rejects-extra-fields": "extra_field",
    "rejects-unicode-names": "unicode",
    "500-on-bad-json": "bad_json",
    "500-on-missing-field": "missing_field",
    "wrong-success-body": "success_body",
    "201-on-success": "success_http",
    "rejects-with-200": "unknown_tx",
    "html-error-body": "error_media_type",
    "echoes-pan": "echoes_pan",
    "slow": "timely",
}


@cache
def clean() -> dict[str, Any]:
    return observe()


def test_the_catalogue_has_at_least_twelve_faults_each_with_a_test() -> None:
    assert len(FAULTS) >= 12
    assert set(EXPECTED_CHANGE) == set(FAULTS)
    assert all(f.clause and f.description for f in FAULTS.values())


def test_the_clean_receiver_baseline() -> None:
    ok, conflict = (200, "success"), (409, "error")
    assert clean() == {
        "timely": True, "success_http": 200, "success_body": True, "echoes_pan": False,
        "retry": ok, "other_token": conflict, "failed_after_active": conflict,
        "unknown_tx": (404, "error"), "error_media_type": "application/json",
        "pan_mismatch": conflict, "exp_mismatch": conflict, "any_status": (400, "error"),
        "extra_field": ok, "unicode": ok, "minimal_failed": ok,
        "missing_field": (400, "error"), "bad_json": (400, "error"),
    }  # fmt: skip


@pytest.mark.parametrize("fault", sorted(EXPECTED_CHANGE))
def test_each_fault_changes_its_behaviour(fault: str) -> None:
    key = EXPECTED_CHANGE[fault]
    faulty = observe(fault)
    assert faulty.get(key) != clean().get(key), f"{fault} left {key!r} at {clean().get(key)!r}"


def test_a_slow_receiver_still_answers_correctly_when_waited_for() -> None:
    with live_webhook(faults=frozenset({"slow"}), slow_seconds=0.2) as octo:
        callback = octo.pending("patient")
        assert octo.send(callback).json() == SUCCESS


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"faults": frozenset({"slow", "no-such-fault"})}, "unknown fault(s): no-such-fault"),
        ({"slow_seconds": -1.0}, "slow_seconds must be >= 0"),
        ({"key": b"short"}, "key must be at least 16 bytes"),
        ({"max_body_bytes": 10}, "max_body_bytes must be at least 1024"),
    ],
)
def test_the_config_rejects_bad_settings(settings: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        WebhookConfig(**settings)


def test_asking_for_an_unknown_fault_is_an_error_not_a_silent_no() -> None:
    config = WebhookConfig(faults=frozenset({"slow"}))
    assert config.fault("slow")
    assert not config.fault("echoes-pan")
    with pytest.raises(ValueError, match=re.escape("unknown fault(s): slowly; known: ")):
        config.fault("slowly")


def test_health_lists_the_faults_on() -> None:
    with live_webhook(faults=frozenset({"slow", "echoes-pan"})) as octo:
        assert octo.http.get("/_webhook/health").json() == {
            "status": "ok",
            "faults": ["echoes-pan", "slow"],
        }


def test_an_accepts_fault_is_one_per_callback_rule() -> None:
    names = FAULTS.family("accepts").names
    assert len(names) == 26
    assert "accepts:status.enum" in FAULTS
    assert "accepts:status.enum" not in FAULTS.names  # listed by its family only
    with pytest.raises(ValueError, match=re.escape("accepts:<rule>")):
        WebhookConfig(faults=frozenset({"accepts:status.nope"}))


def test_an_accepts_fault_lets_exactly_its_rule_through() -> None:
    with live_webhook(faults=frozenset({"accepts:card_token.empty"})) as octo:
        assert outcome(octo.send({**octo.pending("empty-token"), "card_token": ""})) == (200, "success")  # fmt: skip
        assert (
            outcome(octo.send({**octo.pending("month"), "exp": "3013"}))[0] == 400
        )  # another rule
    with live_webhook() as octo:
        assert outcome(octo.send({**octo.pending("empty-token"), "card_token": ""}))[0] == 400


def test_an_accepts_fault_leaves_what_later_code_refuses_refused() -> None:
    """A PAN failing Luhn is also not the pending card's: with the Luhn check forgotten the
    card match still refuses it (409 instead of 400), so the fault changes nothing a black-box
    suite may judge, and the rule matrix says so instead of counting it seen."""
    with live_webhook(faults=frozenset({"accepts:pan.luhn"})) as octo:
        assert outcome(octo.send({**octo.pending("luhn"), "pan": "8600000000000001"}))[0] == 409
    with live_webhook() as octo:
        assert outcome(octo.send({**octo.pending("luhn"), "pan": "8600000000000001"}))[0] == 400
