"""conformance.core.context: views bound to a check, declared requirements, one message shape."""

from __future__ import annotations

import pytest

from octo_conformance.core.context import SuiteContext, UndeclaredRequirement, describe
from octo_conformance.errors import Aborted
from octo_conformance.findings import Exchange, Recorder, Verdict
from octo_conformance.masking import Masker

EXCHANGE = Exchange("POST", "http://127.0.0.1:1/x", None, 200, {}, None, 1.0, "curl ...")


def context() -> SuiteContext:
    return SuiteContext(Recorder(), Masker())


def test_describe_has_one_shape() -> None:
    assert describe("error 0", "error 6", doing="blocking it again", clause="C-43") == (
        "blocking it again: Received error 0; Documented: error 6 (C-43)"
    )
    assert describe("HTTP 500") == "Received HTTP 500"
    assert describe("x", clause="C-1") == "Received x (C-1)"


def test_a_view_names_its_check_and_shares_the_run() -> None:
    ctx = context()
    view = ctx.checking("wrong-otp")
    assert view.recorder is ctx.recorder
    assert len({ctx.new_tx(), view.new_tx(), ctx.new_tx()}) == 3
    view.expect("PROV-SMS-005", False, "error 0", "refused", evidence=[EXCHANGE])
    [finding] = ctx.recorder.findings()
    assert finding.check == "wrong-otp"
    assert finding.message == "Received error 0; Documented: refused"
    assert finding.evidence == (EXCHANGE,)
    assert ctx.check == "suite"  # the shared context is not changed by its views


def test_transaction_ids_are_unique_across_views() -> None:
    ctx = context()
    ids = [ctx.checking(str(i)).new_tx() for i in range(50)]
    assert len(set(ids)) == 50


def test_a_scenario_may_judge_only_what_it_declares() -> None:
    view = context().checking("duplicate-binding", ["PROV-BIND-005"])
    view.expect("PROV-BIND-005", True, "error 20", "error 20")
    with pytest.raises(UndeclaredRequirement, match="PROV-BLOCK-002"):
        view.expect("PROV-BLOCK-002", True, "error 6")
    # an unrestricted view of the same check may judge anything (the generic answer checks)
    view.checking(view.check).judge("PROV-HTTP-001", True)


def test_a_failed_should_is_recorded_as_a_warn() -> None:
    ctx = context()
    assert ctx.judge("PROV-CB-008", False, "no failed callback") is Verdict.WARN
    assert ctx.judge("PROV-CB-001", False, "no callback") is Verdict.FAIL
    assert ctx.judge("PROV-CB-001", True) is Verdict.PASS


def test_a_fatal_expectation_aborts_with_the_message() -> None:
    with pytest.raises(Aborted, match="PROV-BIND-001: a valid humo binding: Received error 20"):
        context().expect(
            "PROV-BIND-001", False, "error 20", "error 0", doing="a valid humo binding", fatal=True
        )


def test_evidence_may_be_a_reply_an_exchange_or_a_list() -> None:
    class Reply:
        exchange = EXCHANGE

    ctx = context()
    for evidence in (Reply(), EXCHANGE, [EXCHANGE]):
        ctx.judge("PROV-HTTP-001", False, "500", evidence=evidence)
    assert all(f.evidence == (EXCHANGE,) for f in ctx.recorder.findings())
