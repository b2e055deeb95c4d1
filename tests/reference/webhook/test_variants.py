"""Every webhook variant changes what OCTO observes over HTTP, and only when it is on.

A variant is a receiver a partner could faithfully write from the document (the opposite of a
fault); each test starts the webhook without and with its variant. The holder-name tests at the
end pin the default receiver's own reading: the name is compared as embossed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from octo_conformance.reference.faults import Fault
from octo_conformance.reference.webhook import FAULTS, VARIANT_NAMES, VARIANTS, WebhookConfig
from tests.reference.webhook.helpers import Octo, fresh_pan, live_webhook

SUCCESS = {"status": "success", "message": "Callback processed successfully"}
ON_OFF = pytest.mark.parametrize("on", [False, True], ids=["default", "variant"])


@contextmanager
def webhook(*variants: str, **settings: Any) -> Iterator[Octo]:
    with live_webhook(variants=frozenset(variants), **settings) as octo:
        yield octo


def _on(name: str, on: bool) -> tuple[str, ...]:
    return (name,) if on else ()


def refusals(octo: Octo) -> dict[str, httpx.Response]:
    """One refused callback of each kind the receiver knows, by kind."""
    settled = octo.pending("settled")
    assert octo.send(settled).status_code == 200
    return {
        "unknown": octo.send({**settled, "shop_transaction_id": "never-started"}),
        "invalid": octo.send({**octo.pending("invalid"), "exp": "3013"}),
        "pan": octo.send({**octo.pending("pan"), "pan": fresh_pan()}),
        "conflict": octo.send({**settled, "card_token": "another"}),
        "not-json": octo.http.post(
            "/octo/callback", content=b"{", headers={"content-type": "application/json"}
        ),
        "media-type": octo.http.post(
            "/octo/callback", content=b"{}", headers={"content-type": "text/plain"}
        ),
        "not-object": octo.send([1]),
    }


# the catalogue -------------------------------------------------------------------------------
COVERED = {
    "refuses-400",
    "refuses-404",
    "refuses-422",
    "no-holder-policing",
    "ack-minimal-body",
    "ack-empty-body",
    "json-charset",
    "refusal-with-code",
}


def test_every_variant_has_a_clause_a_description_and_a_test_here() -> None:
    assert set(VARIANTS) == COVERED
    assert VARIANT_NAMES == VARIANTS.names == tuple(VARIANTS)
    assert VARIANTS.kind == "variant"
    assert all(isinstance(v, Fault) and v.clause and v.description for v in VARIANTS.values())
    assert "400 and above" in VARIANTS["refuses-422"].clause
    assert not set(VARIANTS) & set(FAULTS)


@pytest.mark.parametrize(
    ("variants", "message"),
    [
        ({"no-such-variant", "refuses-400"}, "unknown variant(s): no-such-variant; known: "),
        ({"slow"}, "unknown variant(s): slow"),  # a fault is not a variant
        ({"refuses-400", "refuses-422"}, "variants refuses-400, refuses-422 exclude each other"),
    ],
)
def test_the_config_refuses_unknown_or_exclusive_variants(variants: set[str], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        WebhookConfig(variants=frozenset(variants))


def test_asking_for_an_unknown_variant_is_an_error_not_a_silent_no() -> None:
    config = WebhookConfig(variants=frozenset({"json-charset"}))
    assert config.variant("json-charset")
    assert not config.variant("refuses-400")
    assert config.refusal_status() is None
    with pytest.raises(
        ValueError, match=re.escape(f"unknown variant(s): json; known: {', '.join(VARIANT_NAMES)}")
    ):
        config.variant("json")
    assert WebhookConfig(variants=frozenset({"refuses-404"})).refusal_status() == 404


def test_several_variants_and_a_fault_may_be_on_at_once() -> None:
    variants = ("refuses-422", "refusal-with-code", "json-charset", "ack-minimal-body")
    with webhook(*variants, faults=frozenset({"echoes-pan"})) as octo:
        callback = octo.pending("many")
        accepted = octo.send(callback)
        assert accepted.json() == {"status": "success", "pan": callback["pan"]}  # fault + variant
        refused = octo.send({**callback, "shop_transaction_id": "never-started"})
        assert refused.status_code == 422
        assert refused.headers["content-type"] == "application/json; charset=utf-8"
        assert refused.json()["code"] == "UNKNOWN_TRANSACTION"


# refuses-400 / refuses-404 / refuses-422 -----------------------------------------------------
def test_the_default_refusal_statuses() -> None:
    with webhook() as octo:
        statuses = {kind: r.status_code for kind, r in refusals(octo).items()}
    assert statuses == {
        "unknown": 404,
        "invalid": 400,
        "pan": 409,
        "conflict": 409,
        "not-json": 400,
        "media-type": 415,
        "not-object": 400,
    }


@pytest.mark.parametrize("status", [400, 404, 422])
def test_refuses_with_one_status(status: int) -> None:
    with webhook(f"refuses-{status}") as octo:
        found = refusals(octo)
        for kind, response in found.items():
            assert response.status_code == status, kind
            body = response.json()
            assert body["status"] == "error", kind
            assert isinstance(body["message"], str), kind
            assert body["message"], kind
            assert set(body) == {"status", "message"}, kind
        callback = octo.pending("accepted")
        assert octo.send(callback).status_code == 200
        assert octo.send(callback).status_code == 200  # a retry is still acknowledged


# no-holder-policing --------------------------------------------------------------------------
NAMES = {"empty": "", "blank": "   ", "long": "A" * 300, "other": "VALI KARIMOV"}


@ON_OFF
@pytest.mark.parametrize("kind", sorted(NAMES))
def test_no_holder_policing_accepts_any_name_of_a_matching_card(kind: str, on: bool) -> None:
    with webhook(*_on("no-holder-policing", on)) as octo:
        callback = {**octo.pending(kind), "cardHolderName": NAMES[kind]}
        response = octo.send(callback)
        if on:
            assert (response.status_code, response.json()) == (200, SUCCESS)
            binding = octo.binding(kind)
            assert binding is not None
            assert binding["status"] == "active"
        else:
            assert response.status_code == (409 if kind == "other" else 400)


def test_no_holder_policing_still_polices_the_card() -> None:
    with webhook("no-holder-policing") as octo:
        other_pan = {**octo.pending("pan"), "pan": fresh_pan(), "cardHolderName": ""}
        assert octo.send(other_pan).status_code == 409
        other_exp = {**octo.pending("exp"), "exp": "3112", "cardHolderName": "X"}
        assert octo.send(other_exp).status_code == 409
        missing = {k: v for k, v in octo.pending("missing").items() if k != "cardHolderName"}
        assert octo.send(missing).status_code == 400  # a required field is still required
        typed = {**octo.pending("typed"), "cardHolderName": 42}
        assert octo.send(typed).status_code == 400


# ack-minimal-body ----------------------------------------------------------------------------
@ON_OFF
def test_ack_minimal_body(on: bool) -> None:
    with webhook(*_on("ack-minimal-body", on)) as octo:
        callback = octo.pending("ack")
        first, retry = octo.send(callback), octo.send(callback)
        expected = {"status": "success"} if on else SUCCESS
        assert (first.status_code, first.json()) == (200, expected)
        assert (retry.status_code, retry.json()) == (200, expected)
        refused = octo.send({**callback, "shop_transaction_id": "never-started"})
        assert set(refused.json()) == {"status", "message"}  # refusals keep their message


# ack-empty-body ------------------------------------------------------------------------------
@ON_OFF
def test_ack_empty_body(on: bool) -> None:
    with webhook(*_on("ack-empty-body", on)) as octo:
        callback = octo.pending("ack")
        first, retry = octo.send(callback), octo.send(callback)
        assert (first.status_code, retry.status_code) == (200, 200)
        assert first.content == b"" if on else first.json() == SUCCESS
        refused = octo.send({**callback, "shop_transaction_id": "never-started"})
        assert refused.status_code >= 400
        assert refused.json()["status"] == "error"  # refusals keep their body


# json-charset --------------------------------------------------------------------------------
@ON_OFF
def test_json_charset(on: bool) -> None:
    expected = "application/json; charset=utf-8" if on else "application/json"
    with webhook(*_on("json-charset", on)) as octo:
        answers = [
            octo.send(octo.pending("ack")),
            *refusals(octo).values(),
            octo.http.get("/octo/callback"),  # 405
            octo.http.post("/no-such-endpoint", json={}),  # 404
            octo.http.get("/_webhook/health"),
        ]
        assert [a.headers["content-type"] for a in answers] == [expected] * len(answers)


# refusal-with-code ---------------------------------------------------------------------------
@ON_OFF
def test_refusal_with_code(on: bool) -> None:
    with webhook(*_on("refusal-with-code", on)) as octo:
        found = refusals(octo)
        unknown = found["unknown"].json()
        accepted = octo.send(octo.pending("ack"))
    if not on:
        assert all("code" not in r.json() for r in found.values())
        return
    assert unknown == {
        "status": "error",
        "message": "Invalid shop_transaction_id",
        "code": "UNKNOWN_TRANSACTION",
    }
    codes = {kind: r.json()["code"] for kind, r in found.items()}
    assert codes == {
        "unknown": "UNKNOWN_TRANSACTION",
        "invalid": "INVALID_CALLBACK",
        "pan": "CARD_MISMATCH",
        "conflict": "BINDING_SETTLED",
        "not-json": "INVALID_JSON",
        "media-type": "UNSUPPORTED_MEDIA_TYPE",
        "not-object": "INVALID_CALLBACK",
    }
    assert accepted.json() == SUCCESS  # an acknowledgement carries no code


# the default receiver: the holder's name as embossed ------------------------------------------
@pytest.mark.parametrize(
    "sent",
    ["ALI KARIMOV", "ali karimov", "  Ali   Karimov ", "ALI\tKARIMOV", "Ali Karimov"],
)
def test_a_name_differing_only_in_case_or_spacing_is_the_same_name(octo: Octo, sent: str) -> None:
    callback = {**octo.pending("embossed", cardHolderName="Ali Karimov"), "cardHolderName": sent}
    response = octo.send(callback)
    assert (response.status_code, response.json()) == (200, SUCCESS)
    assert octo.send(callback).status_code == 200  # and its retry


@pytest.mark.parametrize(
    ("change", "refused"),
    [
        ({"cardHolderName": "VALI KARIMOV"}, "cardHolderName does not match"),
        ({"cardHolderName": "ALIKARIMOV"}, "cardHolderName does not match"),
        ({"cardHolderName": "ALI KARIMOV", "pan": "other"}, "pan does not match"),
        ({"cardHolderName": "ALI KARIMOV", "exp": "3006"}, "exp does not match"),
    ],
)
def test_another_name_card_or_expiry_is_still_refused(
    octo: Octo, change: dict[str, str], refused: str
) -> None:
    callback = octo.pending("strict", cardHolderName="Ali Karimov")
    if change.get("pan") == "other":
        change = {**change, "pan": fresh_pan()}
    response = octo.send({**callback, **change})
    assert response.status_code == 409
    assert response.json()["message"].startswith(refused)


def test_a_failed_binding_stays_failed_by_default(octo: Octo) -> None:
    """The requested variant failed-is-final is the default reading: no variant is needed."""
    callback = octo.pending("final")
    assert octo.send({**callback, "status": "failed"}).status_code == 200
    late = octo.send(callback)
    assert late.status_code == 409
    assert late.json()["status"] == "error"
    binding = octo.binding("final")
    assert binding is not None
    assert binding["status"] == "failed"
