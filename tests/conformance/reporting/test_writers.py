"""report.json round-trips; junit.xml parses, one testcase per requirement, verdicts mapped."""

from __future__ import annotations

import hashlib
import io
import json
import platform
import xml.etree.ElementTree as ET
from importlib import metadata
from pathlib import Path

import pytest
from rich.console import Console

from octo_conformance.errors import ExitCode
from octo_conformance.findings import Recorder, Verdict
from octo_conformance.masking import Masker
from octo_conformance.openapi.spec import SPEC_PATH
from octo_conformance.reporting.model import build_report
from octo_conformance.reporting.session import write_artefacts
from octo_conformance.reporting.writers import write_json, write_junit
from octo_conformance.requirements import Level, Mode, of_mode, requirement
from tests.conformance.reporting import helpers
from tests.conformance.reporting.helpers import OTP, PAN, SECRET, facts, report


def test_the_report_holds_every_provider_requirement() -> None:
    built = report()
    ids = [row["id"] for row in built["targets"][0]["requirements"]]
    assert ids == [r.id for r in of_mode(Mode.PROVIDER)]
    rows = {row["id"]: row for row in built["targets"][0]["requirements"]}
    assert rows["PROV-HTTP-001"]["verdict"] == "fail"
    assert rows["PROV-HTTP-001"]["counts"] == {"pass": 1, "warn": 0, "fail": 1, "skip": 0}
    assert rows["PROV-HTTP-003"]["verdict"] == "warn"  # a SHOULD
    assert rows["PROV-HTTP-002"]["verdict"] == "pass"
    assert rows["PROV-SMS-001"]["verdict"] == "skip"
    assert rows["PROV-BLOCK-001"]["verdict"] == "not-run"
    summary = built["summary"]
    assert summary["requirements"] == len(ids)
    assert (summary["fail"], summary["warn"], summary["pass"], summary["skip"]) == (1, 1, 1, 1)
    assert summary["not-run"] == len(ids) - 4
    assert summary["conformant"] is False
    assert built["run"]["seconds"] == 12.35
    assert built["run"]["started"] == "2026-11-18T11:06:40+00:00"
    assert [f["verdict"] for f in built["targets"][0]["findings"]] == ["fail", "warn", "skip"]
    assert all(f["seed"] == 7 for f in built["targets"][0]["findings"])


def test_the_report_is_masked_as_it_is_built() -> None:
    text = json.dumps(report(), ensure_ascii=False)
    for value in (PAN, SECRET, OTP):
        assert value not in text
    assert "860012…9012" in text


def test_a_run_without_fails_or_errors_is_conformant_only_when_complete() -> None:
    recorder = helpers.all_passed()
    recorder.record("PROV-HTTP-003", Verdict.FAIL, "text/plain", check="c")  # a warn
    summary = build_report(facts(errors=[]), recorder, Masker())["summary"]
    assert (summary["verdict"], summary["conformant"], summary["unchecked_must"]) == ("conformant", True, 0)  # fmt: skip
    summary = build_report(facts(), recorder, Masker())["summary"]
    assert (summary["verdict"], summary["conformant"]) == ("non-conformant", False)
    partial = Recorder()
    partial.record("PROV-HTTP-001", Verdict.PASS, "", check="c")
    partial.record("PROV-SMS-001", Verdict.SKIP, "no OTP source", check="c")
    built = build_report(facts(errors=[]), partial, Masker())
    assert (built["summary"]["verdict"], built["summary"]["conformant"]) == ("incomplete", False)
    unchecked = built["targets"][0]["unchecked"]
    assert {"id": "PROV-SMS-001", "reason": "no OTP source"} in unchecked
    assert "PROV-HTTP-001" not in {u["id"] for u in unchecked}
    assert all(requirement(u["id"]).level is Level.MUST for u in unchecked)
    assert built["summary"]["unchecked_must"] == len(unchecked)


@pytest.mark.parametrize(
    ("require_complete", "code"), [(False, ExitCode.CONFORMANT), (True, ExitCode.NON_CONFORMANT)]
)
def test_an_incomplete_run_exits_1_only_when_completeness_is_required(
    tmp_path: Path, require_complete: bool, code: ExitCode
) -> None:
    recorder = Recorder()
    recorder.record("PROV-HTTP-001", Verdict.PASS, "", check="c")
    built = build_report(facts(errors=[]), recorder, Masker())
    console = Console(file=io.StringIO(), width=200)
    got = write_artefacts(built, tmp_path, Masker(), console, require_complete=require_complete)
    assert got == code


def test_report_json_round_trips(tmp_path: Path) -> None:
    built = report()
    path = write_json(built, tmp_path)
    assert path == tmp_path / "report.json"
    assert json.loads(path.read_text(encoding="utf-8")) == built
    assert "…" in path.read_text(encoding="utf-8")  # written as UTF-8, not \\u escapes
    assert built["report_version"] == 2


@pytest.fixture
def junit(tmp_path: Path) -> ET.Element:
    path = write_junit(report(), tmp_path)
    assert path == tmp_path / "junit.xml"
    assert path.read_bytes().startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ET.parse(path).getroot()


def cases(root: ET.Element) -> dict[str, ET.Element]:
    found = {}
    for case in root.iter("testcase"):
        requirement = case.find("properties/property[@name='requirement']")
        if requirement is not None:
            found[requirement.attrib["value"]] = case
    return found


def test_junit_has_one_testcase_per_requirement(junit: ET.Element) -> None:
    assert junit.tag == "testsuites"
    suite, run = junit.findall("testsuite")  # the target's, and the run's errors
    assert run.attrib["name"] == "run"
    rows = report()["targets"][0]["requirements"]
    by_id = cases(junit)
    assert list(by_id) == [row["id"] for row in rows]
    assert suite.attrib["tests"] == str(len(rows))
    assert suite.attrib["failures"] == "1"
    assert suite.attrib["skipped"] == str(sum(r["verdict"] in ("skip", "not-run") for r in rows))
    assert suite.attrib["errors"] == "1"
    assert suite.attrib["name"] == "provider http://127.0.0.1:8080"
    properties = {p.attrib["name"]: p.attrib["value"] for p in suite.findall("properties/property")}
    assert properties == {"run.id": "provider-20261118T000000Z-7", "run.seed": "7",
                          "run.profile": "quick", "target": "http://127.0.0.1:8080"}  # fmt: skip
    case = by_id["PROV-HTTP-001"]
    assert case.attrib["classname"] == "octo.provider"
    assert case.attrib["name"].startswith("PROV-HTTP-001 ")
    props = {p.attrib["name"]: p.attrib["value"] for p in case.findall("properties/property")}
    assert props["level"] == "MUST"
    assert props["clause"] == requirement("PROV-HTTP-001").clause


def test_a_failed_requirement_has_a_failure(junit: ET.Element) -> None:
    case = cases(junit)["PROV-HTTP-001"]
    [failure] = case.findall("failure")
    assert failure.attrib["type"] == "fail"
    assert failure.attrib["message"] == "Received HTTP 500 <&> for card 860012…9012"
    assert failure.text is not None
    assert "[fail] humo-binding" in failure.text
    assert "POST http://127.0.0.1:8080/bind_card -> 200" in failure.text
    assert "reproduce: curl -sS -X POST" in failure.text
    assert case.find("skipped") is None


def test_a_warned_requirement_passes_with_its_warning_as_output(junit: ET.Element) -> None:
    case = cases(junit)["PROV-HTTP-003"]
    assert case.find("failure") is None
    assert case.find("skipped") is None
    out = case.find("system-out")
    assert out is not None
    assert out.text is not None
    assert out.text.startswith("WARN\n[warn] rules: Received Content-Type text/plain")


def test_a_passed_requirement_is_a_bare_testcase(junit: ET.Element) -> None:
    case = cases(junit)["PROV-HTTP-002"]
    assert [child.tag for child in case] == ["properties"]


def test_skipped_and_unjudged_requirements_are_skipped(junit: ET.Element) -> None:
    by_id = cases(junit)
    skipped = by_id["PROV-SMS-001"].find("skipped")
    assert skipped is not None
    assert skipped.attrib["message"] == "OTP-dependent check skipped: no OTP source"
    unjudged = by_id["PROV-BLOCK-001"].find("skipped")
    assert unjudged is not None
    assert unjudged.attrib["message"] == "no check judged this requirement in this run"


def test_a_suite_error_is_an_error_testcase(junit: ET.Element) -> None:
    [case] = [c for c in junit.iter("testcase") if c.attrib["name"] == "suite error"]
    [error] = case.findall("error")
    assert error.attrib["message"] == "scenarios: RuntimeError: boom"


def test_junit_is_masked(tmp_path: Path) -> None:
    text = write_junit(report(), tmp_path).read_text(encoding="utf-8")
    for value in (PAN, SECRET, OTP):
        assert value not in text


def test_identical_findings_are_one_with_a_count_and_three_exchanges() -> None:
    recorder = Recorder()
    for n in range(52):  # one defect seen by every rule check: 52 checks, one message
        recorder.record(
            "PROV-SAFE-001", Verdict.FAIL, "the error message quotes the full PAN",
            check=f"rule {n}", evidence=[helpers.exchange(f'{{"n": {n}}}')],
        )  # fmt: skip
    recorder.record("PROV-SAFE-001", Verdict.FAIL, "another message", check="rule 52")
    built = build_report(facts(errors=[]), recorder, Masker())
    found = [f for f in built["targets"][0]["findings"] if f["requirement"] == "PROV-SAFE-001"]
    assert [(f["message"], f["count"], f["check"]) for f in found] == [
        ("the error message quotes the full PAN", 52, "rule 0"),
        ("another message", 1, "rule 52"),
    ]
    assert [e["request_body"] for e in found[0]["evidence"]] == ['{"n": 0}', '{"n": 1}', '{"n": 2}']


def test_a_junit_failure_text_is_capped_and_says_where_the_rest_is(tmp_path: Path) -> None:
    recorder = Recorder()
    for n in range(40):
        recorder.record("PROV-SAFE-001", Verdict.FAIL, f"message {n} " + "x" * 400, check=f"c{n}")
    path = write_junit(build_report(facts(errors=[]), recorder, Masker()), tmp_path)
    failure = ET.parse(path).getroot().find(".//failure")
    assert failure is not None
    assert failure.text is not None
    assert 8 * 1024 < len(failure.text) < 8 * 1024 + 100
    assert failure.text.endswith("more characters: report.json has every finding")


def test_the_report_names_what_generated_it() -> None:
    """--seed N reproduces a run while hypothesis, schemathesis, ... and the spec are the same."""
    suite = report()["suite"]
    assert suite["libraries"]["hypothesis"] == metadata.version("hypothesis")
    assert suite["libraries"]["schemathesis"] == metadata.version("schemathesis")
    assert suite["python"] == platform.python_version()
    assert suite["spec_sha256"] == hashlib.sha256(SPEC_PATH.read_bytes()).hexdigest()


@pytest.mark.parametrize(("fail_on_warn", "code"), [(False, ExitCode.CONFORMANT), (True, ExitCode.NON_CONFORMANT)])  # fmt: skip
def test_a_warned_should_exits_1_only_under_fail_on_warn(
    tmp_path: Path, fail_on_warn: bool, code: ExitCode
) -> None:
    recorder = helpers.all_passed()
    recorder.record("PROV-HTTP-003", Verdict.FAIL, "text/plain", check="c")  # a SHOULD: warn
    built = build_report(facts(errors=[]), recorder, Masker())
    assert built["summary"]["verdict"] == "conformant"
    out = io.StringIO()
    got = write_artefacts(built, tmp_path, Masker(), Console(file=out, width=200), fail_on_warn=fail_on_warn)  # fmt: skip
    assert got == code
    assert ("1 SHOULD requirement(s) warned" in out.getvalue()) is fail_on_warn
