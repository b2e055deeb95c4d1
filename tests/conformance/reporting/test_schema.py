"""report.schema.json: a valid 2020-12 schema that follows the code, accepts every report the
suite builds (the sample, a multi-target run with waivers, real runs clean and faulty) and
refuses a report that drifted from version 1."""

from __future__ import annotations

import copy
import json
import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from octo_conformance.core.profiles import Profile
from octo_conformance.findings import Recorder, Verdict
from octo_conformance.masking import Masker
from octo_conformance.reporting.leaks import scan
from octo_conformance.reporting.model import (
    REPORT_VERSION,
    VERDICTS,
    build_report,
    build_run_report,
)
from octo_conformance.reporting.schema import (
    REPORT_SCHEMA_ID,
    REPORT_SCHEMA_PATH,
    json_pointer,
    report_schema,
    validate_report,
)
from octo_conformance.reporting.waivers import Waiver
from octo_conformance.reporting.writers import write_json
from octo_conformance.requirements import Level, Mode, catalogue
from tests.conformance.reporting.helpers import PAN, exchange, facts, finished_run, report
from tests.conformance.reporting.real_runs import (
    PROVIDER_FAULT,
    WEBHOOK_FAULT,
    WEBHOOK_HANG,
    Part,
    real_parts,
)

TODAY = date(2026, 11, 29)
ROOT = Path(__file__).resolve().parents[3]


def as_written(built: dict[str, Any], directory: Path) -> Any:
    """What a reader of report.json gets."""
    return json.loads(write_json(built, directory).read_text(encoding="utf-8"))


def defs(name: str) -> dict[str, Any]:
    found: dict[str, Any] = report_schema()["$defs"][name]
    return found


# --- the schema itself ---------------------------------------------------------------------


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = report_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == REPORT_SCHEMA_ID == "urn:octo-conformance:report:1"
    assert report_schema() is schema  # read once


def test_the_schema_follows_the_code() -> None:
    schema = report_schema()
    assert schema["properties"]["report_version"] == {**schema["properties"]["report_version"], "const": REPORT_VERSION}  # fmt: skip
    assert defs("verdict")["enum"] == list(VERDICTS)
    assert set(defs("findingVerdict")["enum"]) == {v.value for v in Verdict}
    assert set(defs("mode")["enum"]) == {m.value for m in Mode}
    assert set(defs("level")["enum"]) == {level.value for level in Level}
    assert set(defs("profile")["enum"]) == {p.value for p in Profile}
    counts = defs("requirementRow")["properties"]["counts"]
    assert set(counts["required"]) == {v.value for v in Verdict}
    summaries = (schema["properties"]["summary"], defs("target")["properties"]["summary"])
    for summary in summaries:
        assert set(VERDICTS) <= set(summary["required"])


def test_every_catalogue_id_matches_the_id_pattern() -> None:
    validator = Draft202012Validator(defs("requirementId"))
    assert [i for i in catalogue() if not validator.is_valid(i)] == []


def test_the_schema_ships_with_the_package() -> None:
    assert REPORT_SCHEMA_PATH.parent == ROOT / "conformance" / "reporting"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "reporting/*.json" in pyproject["tool"]["setuptools"]["package-data"]["octo_conformance"]


def test_a_pointer_escapes_its_tokens() -> None:
    assert json_pointer([]) == "(root)"
    assert json_pointer(["targets", 0, "a/b~c"]) == "/targets/0/a~1b~0c"


# --- reports built here --------------------------------------------------------------------


def test_the_sample_report_validates(tmp_path: Path) -> None:
    built = report()
    assert validate_report(built) == []
    assert validate_report(as_written(built, tmp_path)) == []


def test_a_run_that_stopped_early_validates() -> None:
    recorder, masker = finished_run()
    built = build_report(
        facts(stopped_early="3 requests in a row got no answer within 1 s", errors=[],
              phases=[{"name": "scenarios", "seconds": 1.5}]),
        recorder, masker,
    )  # fmt: skip
    assert built["targets"][0]["stopped_early"]
    assert validate_report(built) == []


def multi_target_report() -> dict[str, Any]:
    """Provider and webhook parts; a live waiver turns a fail into waived, an expired one
    leaves its fail and fails the run."""
    provider, masker = finished_run()
    webhook = Recorder()
    webhook.record("HOOK-SAFE-001", Verdict.FAIL, f"the answer quotes {PAN}", check="echo", evidence=[exchange(f'{{"pan": "{PAN}"}}')])  # fmt: skip
    webhook.record("HOOK-ACK-001", Verdict.PASS, "", check="valid callbacks")
    webhook.record("HOOK-HTTP-001", Verdict.FAIL, "Received HTTP 503", check="slow", evidence=[exchange("{}")])  # fmt: skip
    parts = [
        (facts(), provider),
        (facts(mode=Mode.WEBHOOK, target="http://127.0.0.1:8090/octo/callback", run_id="webhook-20261118T000000Z-7",
               options={"state_setup_url": None, "timeout": 1.0}, errors=[]), webhook),
    ]  # fmt: skip
    waivers = [
        Waiver("PROV-HTTP-001", "provider", "OCTO answers 500 here; ticket OCTO-123", date(2027, 1, 31)),
        Waiver("HOOK-SAFE-001", "http://127.0.0.1:8090/*", "fix ships Monday", TODAY),  # last day
        Waiver("HOOK-HTTP-001", "*", "the staging box is flaky", date(2026, 11, 1)),  # expired
    ]  # fmt: skip
    return build_run_report(parts, masker, waivers=waivers, today=TODAY)


def test_a_multi_target_report_with_waivers_validates(tmp_path: Path) -> None:
    built = multi_target_report()
    rows = {(t["mode"], r["id"]): r for t in built["targets"] for r in t["requirements"]}
    assert rows["provider", "PROV-HTTP-001"]["verdict"] == "waived"
    assert rows["webhook", "HOOK-SAFE-001"]["verdict"] == "waived"
    assert rows["webhook", "HOOK-HTTP-001"]["verdict"] == "fail"  # its waiver expired
    assert [w["expired"] for w in built["waivers"]] == [False, False, True]
    assert any("expired on 2026-11-01" in e for e in built["errors"])
    assert (built["summary"]["targets"], built["summary"]["waived"]) == (2, 2)
    assert built["summary"]["conformant"] is False
    assert PAN not in json.dumps(built)
    assert validate_report(built) == []
    assert validate_report(as_written(built, tmp_path)) == []


# --- drift is caught -----------------------------------------------------------------------


def _drop_seed(r: dict[str, Any]) -> None:
    del r["run"]["seed"]


def _unknown_row_verdict(r: dict[str, Any]) -> None:
    r["targets"][0]["requirements"][1]["verdict"] = "flaky"


def _row_verdict_on_a_finding(r: dict[str, Any]) -> None:
    r["targets"][0]["findings"][0]["verdict"] = "not-run"  # a row verdict, never a judgement


def _version_3(r: dict[str, Any]) -> None:
    r["report_version"] = 3


def _extra_top_level_key(r: dict[str, Any]) -> None:
    r["verdict"] = "pass"


def _extra_evidence_key(r: dict[str, Any]) -> None:
    r["targets"][0]["findings"][0]["evidence"][0]["cookies"] = ""


def _waived_without_waiver(r: dict[str, Any]) -> None:
    del r["targets"][0]["requirements"][0]["waiver"]


def _waiver_on_a_fail(r: dict[str, Any]) -> None:
    r["targets"][0]["requirements"][0]["verdict"] = "fail"


def _unknown_mode(r: dict[str, Any]) -> None:
    r["targets"][1]["mode"] = "pact"


def _not_a_date(r: dict[str, Any]) -> None:
    r["waivers"][0]["expires"] = "2027-02-30"


def _not_a_timestamp(r: dict[str, Any]) -> None:
    r["run"]["started"] = "yesterday"


def _negative_count(r: dict[str, Any]) -> None:
    r["summary"]["fail"] = -1


def _string_seed(r: dict[str, Any]) -> None:
    r["targets"][0]["findings"][0]["seed"] = "7"


def _no_targets(r: dict[str, Any]) -> None:
    r["targets"] = []


MUTATIONS: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "missing run.seed": (_drop_seed, "/run: 'seed' is a required property"),
    "unknown row verdict": (
        _unknown_row_verdict,
        "/targets/0/requirements/1/verdict: 'flaky' is not one of",
    ),
    "row verdict on a finding": (
        _row_verdict_on_a_finding,
        "/targets/0/findings/0/verdict: 'not-run' is not one of",
    ),
    "report_version 3": (_version_3, "/report_version: 2 was expected"),
    "extra top-level key": (
        _extra_top_level_key,
        "(root): Additional properties are not allowed ('verdict' was unexpected)",
    ),
    "extra evidence key": (
        _extra_evidence_key,
        "/targets/0/findings/0/evidence/0: Additional properties",
    ),
    "waived row without its waiver": (
        _waived_without_waiver,
        "/targets/0/requirements/0: 'waiver' is a required property",
    ),
    "waiver on a row not waived": (
        _waiver_on_a_fail,
        "/targets/0/requirements/0/verdict: 'waived' was expected",
    ),
    "unknown mode": (_unknown_mode, "/targets/1/mode: 'pact' is not one of"),
    "impossible expiry date": (_not_a_date, "/waivers/0/expires: '2027-02-30' is not a 'date'"),
    "started is not a timestamp": (
        _not_a_timestamp,
        "/run/started: 'yesterday' is not a 'date-time'",
    ),
    "negative count": (_negative_count, "/summary/fail: -1 is less than the minimum of 0"),
    "seed as a string": (_string_seed, "/targets/0/findings/0/seed: '7' is not of type 'integer'"),
    "no targets": (_no_targets, "/targets: [] should be non-empty"),
}


@pytest.fixture(scope="module")
def valid() -> dict[str, Any]:
    built = multi_target_report()
    assert built["targets"][0]["requirements"][0]["id"] == "PROV-HTTP-001"  # the waived row
    assert validate_report(built) == []
    return built


@pytest.mark.parametrize("name", MUTATIONS)
def test_a_drifted_report_is_refused_with_a_pointer(valid: dict[str, Any], name: str) -> None:
    mutate, expected = MUTATIONS[name]
    drifted = copy.deepcopy(valid)
    mutate(drifted)
    messages = validate_report(drifted)
    assert len(messages) == 1, messages
    assert messages[0].startswith(expected), messages


def test_every_problem_is_reported_in_document_order(valid: dict[str, Any]) -> None:
    drifted = copy.deepcopy(valid)
    for mutate in (_version_3, _drop_seed, _unknown_row_verdict):
        mutate(drifted)
    pointers = [m.split(":")[0] for m in validate_report(drifted)]
    assert pointers == ["/report_version", "/run", "/targets/0/requirements/1/verdict"]


def test_a_long_message_is_shortened(valid: dict[str, Any]) -> None:
    drifted = copy.deepcopy(valid)
    drifted["targets"][0] = [drifted["targets"][0]]  # the whole section quoted back
    [message] = validate_report(drifted)
    assert message.startswith("/targets/0: [{")
    assert message.endswith("…")
    assert len(message) < 320


# --- real runs against the embedded references ---------------------------------------------


@pytest.fixture(scope="module")
def real() -> dict[tuple[str, str], Part]:
    return real_parts()


def _report_of(parts: list[Part]) -> tuple[dict[str, Any], Masker]:
    masker = Masker()
    for part in parts:
        masker.absorb(part.masker())
    built = build_run_report([(p.facts, p.recorder()) for p in parts], masker, today=TODAY)
    return built, masker


REAL_CASES = {
    "provider clean": [("provider", "")],
    f"provider {PROVIDER_FAULT}": [("provider", PROVIDER_FAULT)],
    "webhook clean": [("webhook", "")],
    f"webhook {WEBHOOK_FAULT}": [("webhook", WEBHOOK_FAULT)],
    f"webhook {WEBHOOK_HANG}": [("webhook", WEBHOOK_HANG)],
    "combined clean": [("provider", ""), ("webhook", "")],
    "combined faulty": [
        ("provider", PROVIDER_FAULT),
        ("webhook", WEBHOOK_FAULT),
        ("webhook", WEBHOOK_HANG),
    ],
}


@pytest.mark.slow
@pytest.mark.parametrize("case", REAL_CASES)
def test_a_real_report_validates(
    real: dict[tuple[str, str], Part], case: str, tmp_path: Path
) -> None:
    parts = [real[key] for key in REAL_CASES[case]]
    built, masker = _report_of(parts)
    faulty = any(p.fault for p in parts)
    assert built["errors"] == []
    assert built["summary"]["conformant"] is not faulty
    if faulty:  # the fault left findings whose evidence held the target's answer
        failed = [f for t in built["targets"] for f in t["findings"] if f["verdict"] == "fail"]
        assert failed
        assert all(f["evidence"] for f in failed)
    received = [e for t in built["targets"] for f in t["findings"] for e in f["evidence"] if e["curl"] == ""]  # fmt: skip
    assert bool(received) is any(p.fault == PROVIDER_FAULT for p in parts)  # callbacks as evidence
    hung = [t["stopped_early"] for t in built["targets"] if t["stopped_early"]]
    assert len(hung) == sum(p.fault == WEBHOOK_HANG for p in parts)
    assert validate_report(built) == []
    assert validate_report(as_written(built, tmp_path)) == []
    assert scan([tmp_path / "report.json"], masker.sensitive()) == []  # the leak gate
