"""Writers: ``report.json`` and ``junit.xml`` (one testcase per requirement and target)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any


def write_json(report: dict[str, Any], directory: Path) -> Path:
    path = directory / "report.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(node: Any) -> Any:
    """XML 1.0 cannot hold most control characters; a target's answer may contain them."""
    if isinstance(node, str):
        return _NOT_XML.sub("\ufffd", node)
    if isinstance(node, dict):
        return {k: _xml_safe(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_xml_safe(v) for v in node]
    return node


def write_junit(report: dict[str, Any], directory: Path) -> Path:
    """One testsuite per (suite, target), one testcase per requirement with its ID as a property."""
    report = _xml_safe(report)
    run = report["run"]
    suites = ET.Element("testsuites", name="octo-conformance", tests=str(report["summary"]["requirements"]),
                        failures=str(report["summary"]["fail"]), errors=str(len(report["errors"])), time=str(run["seconds"]))  # fmt: skip
    for target in report["targets"]:
        _testsuite(suites, run, target)
    if report["errors"]:  # suite errors and expired waivers: the run as a whole
        suite = ET.SubElement(suites, "testsuite", name="run", tests=str(len(report["errors"])), errors=str(len(report["errors"])))  # fmt: skip
        for error in report["errors"]:
            case = ET.SubElement(
                suite, "testcase", name=error.splitlines()[0][:120], classname="octo.run"
            )
            ET.SubElement(case, "error", message=error[:500]).text = error
    path = directory / "junit.xml"
    ET.ElementTree(suites).write(path, encoding="utf-8", xml_declaration=True)
    return path


def _testsuite(parent: ET.Element, run: dict[str, Any], target: dict[str, Any]) -> None:
    rows = target["requirements"]
    by_requirement: dict[str, list[dict[str, Any]]] = {}
    for finding in target["findings"]:
        by_requirement.setdefault(finding["requirement"], []).append(finding)
    suite = ET.SubElement(
        parent, "testsuite", name=f"{target['mode']} {target['target']}", tests=str(len(rows)),
        failures=str(sum(r["verdict"] == "fail" for r in rows)),
        skipped=str(sum(r["verdict"] in ("skip", "not-run", "waived") for r in rows)),
        errors=str(len(target["errors"])), time=str(target["seconds"]), timestamp=run["started"],
    )  # fmt: skip
    props = ET.SubElement(suite, "properties")
    for name in ("id", "seed", "profile"):
        ET.SubElement(props, "property", name=f"run.{name}", value=str(run[name]))
    ET.SubElement(props, "property", name="target", value=target["target"])
    for row in rows:
        case = ET.SubElement(
            suite,
            "testcase",
            name=f"{row['id']} {row['title']}",
            classname=f"octo.{target['mode']}",
        )
        case_props = ET.SubElement(case, "properties")
        ET.SubElement(case_props, "property", name="requirement", value=row["id"])
        ET.SubElement(case_props, "property", name="level", value=row["level"])
        ET.SubElement(case_props, "property", name="clause", value=row["clause"])
        findings = by_requirement.get(row["id"], [])
        text = _capped("\n\n".join(_finding_text(f) for f in findings))
        if row["verdict"] == "fail":
            first = next(f for f in findings if f["verdict"] == "fail")
            ET.SubElement(case, "failure", message=first["message"][:500], type="fail").text = text
        elif row["verdict"] == "waived":
            ET.SubElement(
                case, "skipped", message=f"waived: {row.get('waiver', '')}"[:500]
            ).text = text
        elif row["verdict"] in ("skip", "not-run"):
            reason = (
                findings[0]["message"]
                if findings
                else "no check judged this requirement in this run"
            )
            ET.SubElement(case, "skipped", message=reason[:500])
        elif row["verdict"] == "warn":
            ET.SubElement(case, "system-out").text = "WARN\n" + text
    for error in target["errors"]:
        case = ET.SubElement(
            suite, "testcase", name="suite error", classname=f"octo.{target['mode']}"
        )
        ET.SubElement(case, "error", message=error[:500]).text = error


JUNIT_TEXT_LIMIT = 8 * 1024  # a CI page shows a failure's text whole; report.json keeps it all


def _capped(text: str) -> str:
    if len(text) <= JUNIT_TEXT_LIMIT:
        return text
    cut = text[:JUNIT_TEXT_LIMIT]
    return f"{cut}\n… {len(text) - len(cut)} more characters: report.json has every finding"


def _finding_text(finding: dict[str, Any]) -> str:
    times = f" (×{finding['count']})" if finding["count"] > 1 else ""
    lines = [f"[{finding['verdict']}] {finding['check']}{times}: {finding['message']}"]
    for exchange in finding["evidence"]:
        lines.append(f"  {exchange['method']} {exchange['url']} -> {exchange['status']}")
        if exchange["curl"]:
            lines.append(f"  reproduce: {exchange['curl']}")
    return "\n".join(lines)
