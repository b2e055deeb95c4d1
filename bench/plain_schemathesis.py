"""Plain schemathesis against this suite, on the same targets: the clean embedded sandbox and
the sandbox with each of its faults, one fresh sandbox per run.

(a) ``schemathesis run <spec> --url <sandbox> --checks all`` with its defaults;
(b) the same with the spec's domain formats registered (a ``SCHEMATHESIS_HOOKS`` module that
    calls ``strategies.schemathesis_formats.register_formats``);
(c) this suite: ``conformance.cli.embedded.detect(fault, seed=1, profile=...)``, quick and standard.

Plain schemathesis reports failures on the clean sandbox too (C-09: OCTO answers handled
errors with HTTP 200), so for (a) and (b) a fault counts as detected only when the run reports
a failure signature (check code x operation) that the clean run of the same tool did not.
Every schemathesis run gets a fresh temporary working directory (no ``.hypothesis/`` example
database is shared between runs, nothing lands in the repository) and ``--seed 1``.

Usage: .venv/bin/python bench/plain_schemathesis.py [--faults a,b] [--out bench/RESULTS.md]
       [--save-json PATH] [--from-json PATH] [--time-v PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any, Final

from octo_conformance.cli.embedded import Detection, detect, sandbox_config
from octo_conformance.core.profiles import Profile
from octo_conformance.masking import Masker
from octo_conformance.reference.sandbox import FAULT_NAMES, FAULTS, create_app
from octo_conformance.reference.serving import serve_in_thread

ROOT: Final = Path(__file__).resolve().parents[1]
SPEC: Final = ROOT / "openapi" / "octo-tokenization.yaml"
SCHEMATHESIS: Final = Path(sys.executable).parent / "schemathesis"
SEED: Final = 1
RUN_TIMEOUT: Final = 900.0  # seconds; a hung schemathesis run is reported, not waited for
HOOKS_MODULE: Final = "octo_bench_hooks"
HOOKS_SOURCE: Final = '''"""Registers the OCTO spec's custom formats with schemathesis (bench/plain_schemathesis.py)."""

from datetime import date
from pathlib import Path

from octo_conformance.strategies.schemathesis_formats import register_formats

register_formats(today=date(2026, 11, 29))
Path(__file__).with_name("hooks-loaded").write_text("yes", encoding="utf-8")
'''

# schemathesis 4 failure codes (``st explain``) -> the check that raises them
CHECK_OF_CODE: Final = {
    "ST101": "not_a_server_error",
    "ST102": "not_a_server_error",
    "ST103": "status_code_conformance",
    "ST104": "content_type_conformance",
    "ST105": "content_type_conformance",
    "ST106": "content_type_conformance",
    "ST107": "response_headers_conformance",
    "ST108": "response_schema_conformance",
    "ST109": "response_schema_conformance",
    "ST110": "response_schema_conformance",
    "ST111": "response_schema_conformance",
    "ST112": "max_response_time",
    "ST201": "negative_data_rejection",
    "ST202": "positive_data_acceptance",
    "ST203": "missing_required_header",
    "ST204": "unsupported_method",
    "ST205": "allow_header_conformance",
    "ST301": "use_after_free",
    "ST302": "ensure_resource_availability",
    "ST401": "ignored_auth",
    "ST402": "object_level_authorization",
}
TOOLS: Final = ("a", "b", "quick", "standard")


@dataclass
class StRun:
    """One schemathesis run: exit code, failure signatures ``CODE POST /op`` and their text."""

    exit_code: int
    seconds: float
    signatures: list[str]
    excerpts: dict[str, str] = field(default_factory=dict)  # signature -> masked failure text
    generated: int = 0
    hooks_loaded: bool = False
    problems: list[str] = field(default_factory=list)  # run errors, timeouts, missing reports


@dataclass
class SuiteRun:
    failed: list[str]
    warned: list[str]
    errors: list[str]
    seconds: float


@dataclass
class Row:
    fault: str  # "" = the clean sandbox; "(clean, repeated)" = the noise check
    a: StRun
    b: StRun
    quick: SuiteRun
    standard: SuiteRun


def signature(code: str, operation: str) -> str:
    return f"{code} {operation}"


def schemathesis_command(url: str, report_dir: Path) -> list[str]:
    return [
        str(SCHEMATHESIS), "run", str(SPEC), "--url", url, "--checks", "all",
        "--seed", str(SEED), "--no-color", "--report", "json,junit", "--report-dir", str(report_dir),
    ]  # fmt: skip


def parse_junit(path: Path, masker: Masker) -> dict[str, str]:
    """Operation -> the masked text of its failures (as schemathesis prints them)."""
    texts: dict[str, str] = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        parts = [f.text or "" for f in case if f.tag in {"failure", "error"}]
        if parts:
            texts[case.get("name", "?")] = masker.text("\n".join(parts))
    return texts


def excerpt_for(code: str, operation_text: str) -> str:
    """The part of an operation's failure text that reports ``code`` (its first failure)."""
    blocks = re.split(r"\n(?=\d+\. Test Case ID)", operation_text)
    for block in blocks:
        if f"- {code} " in block or f"{code}\n" in block:
            return block.strip()
    return operation_text.strip()


def run_schemathesis(fault: str, *, formats: bool, root: Path, label: str) -> StRun:
    workdir = Path(tempfile.mkdtemp(prefix=f"{label}-", dir=root))
    report_dir = workdir / "report"
    env = {k: v for k, v in os.environ.items() if k != "SCHEMATHESIS_HOOKS"}
    marker = root / "hooks-loaded"
    marker.unlink(missing_ok=True)
    if formats:
        env["SCHEMATHESIS_HOOKS"] = HOOKS_MODULE
        env["PYTHONPATH"] = os.pathsep.join([str(root), str(ROOT)])
    problems: list[str] = []
    started = time.perf_counter()
    with serve_in_thread(create_app(sandbox_config(fault))) as url:
        try:
            done = subprocess.run(
                schemathesis_command(url, report_dir),
                cwd=workdir, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT,
                check=False,
            )  # fmt: skip
            exit_code, stdout = done.returncode, done.stdout + done.stderr
        except subprocess.TimeoutExpired as timeout:
            exit_code, stdout = -1, str(timeout.stdout or "")
            problems.append(f"timed out after {RUN_TIMEOUT:.0f} s")
    seconds = round(time.perf_counter() - started, 2)
    (workdir / "output.txt").write_text(stdout, encoding="utf-8")
    masker = Masker()
    signatures: list[str] = []
    excerpts: dict[str, str] = {}
    generated = 0
    reports = sorted(report_dir.glob("json-*.json"))
    junits = sorted(report_dir.glob("junit-*.xml"))
    if not reports:
        problems.append(f"no JSON report (exit {exit_code}): {masker.text(stdout[-500:])}")
    else:
        report: dict[str, Any] = json.loads(reports[-1].read_text(encoding="utf-8"))
        generated = int(report.get("test_cases", {}).get("generated", 0))
        texts = parse_junit(junits[-1], masker) if junits else {}
        for failure in report.get("failures", []):
            for operation in failure.get("operations", []):
                sig = signature(str(failure["code"]), str(operation))
                signatures.append(sig)
                excerpts[sig] = excerpt_for(str(failure["code"]), texts.get(operation, ""))
        problems += [masker.text(json.dumps(e)) for e in report.get("errors", [])]
    return StRun(
        exit_code=exit_code,
        seconds=seconds,
        signatures=sorted(set(signatures)),
        excerpts=excerpts,
        generated=generated,
        hooks_loaded=marker.exists(),
        problems=problems,
    )


def run_suite(fault: str, profile: Profile) -> SuiteRun:
    found: Detection = detect(fault, seed=SEED, profile=profile)
    return SuiteRun(list(found.failed), list(found.warned), list(found.errors), found.seconds)


def measure(faults: list[str]) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="plain-schemathesis-") as tmp:
        root = Path(tmp)
        (root / f"{HOOKS_MODULE}.py").write_text(HOOKS_SOURCE, encoding="utf-8")
        for fault in ["", *faults, "(clean, repeated)"]:
            target = "" if fault.startswith("(") else fault
            label = target or "clean"
            row = Row(
                fault=fault,
                a=run_schemathesis(target, formats=False, root=root, label=f"a-{label}"),
                b=run_schemathesis(target, formats=True, root=root, label=f"b-{label}"),
                quick=run_suite(target, Profile.QUICK),
                standard=run_suite(target, Profile.STANDARD),
            )
            rows.append(row)
            print(
                f"{fault or '(clean)'}: a exit {row.a.exit_code} {row.a.signatures} {row.a.seconds}s"
                f" | b exit {row.b.exit_code} hooks {row.b.hooks_loaded} {row.b.signatures} {row.b.seconds}s"
                f" | quick {row.quick.failed} {row.quick.seconds}s"
                f" | standard {row.standard.failed} {row.standard.seconds}s",
                flush=True,
            )
    return rows


def load_rows(data: dict[str, Any]) -> list[Row]:
    return [
        Row(
            fault=r["fault"],
            a=StRun(**r["a"]),
            b=StRun(**r["b"]),
            quick=SuiteRun(**r["quick"]),
            standard=SuiteRun(**r["standard"]),
        )
        for r in data["rows"]
    ]


# --- rendering -----------------------------------------------------------------------------


def new_signatures(run: StRun, clean: StRun) -> list[str]:
    return [s for s in run.signatures if s not in clean.signatures]


def short_operation(operation: str) -> str:
    return operation.removeprefix("POST ").strip("/")


def grouped(signatures: list[str]) -> dict[str, list[str]]:
    """Code -> the operations it was reported on."""
    groups: dict[str, list[str]] = {}
    for sig in signatures:
        code, operation = sig.split(" ", 1)
        groups.setdefault(code, []).append(operation)
    return groups


def describe(signatures: list[str]) -> str:
    return "; ".join(
        f"{code} {CHECK_OF_CODE.get(code, '?')} on {', '.join(short_operation(o) for o in ops)}"
        for code, ops in grouped(signatures).items()
    )


def st_cell(run: StRun, clean: StRun) -> str:
    new = new_signatures(run, clean)
    verdict = f"**yes**: {describe(new)}" if new else "no"
    extra = f" ⚠ {'; '.join(run.problems)}" if run.problems else ""
    return f"{verdict} (exit {run.exit_code}){extra}"


def suite_cell(run: SuiteRun) -> str:
    cell = f"**yes**: {', '.join(run.failed)}" if run.failed else "no"
    if run.warned:
        cell += f" (warn: {', '.join(run.warned)})"
    return cell + (f" ⚠ errors: {'; '.join(run.errors)}" if run.errors else "")


def detected(row: Row, tool: str, clean: Row) -> bool:
    if tool == "a":
        return bool(new_signatures(row.a, clean.a))
    if tool == "b":
        return bool(new_signatures(row.b, clean.b))
    return bool(row.quick.failed if tool == "quick" else row.standard.failed)


def seconds_of(row: Row, tool: str) -> float:
    run: StRun | SuiteRun = getattr(row, tool)
    return run.seconds


def time_v_summary(path: Path | None) -> str:
    if path is None or not path.exists():
        return ""
    keep = ("Elapsed (wall clock) time", "User time", "System time", "Maximum resident set size", "Percent of CPU")  # fmt: skip
    lines = [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith(keep)
    ]
    return "; ".join(lines)


def render(data: dict[str, Any], time_v: Path | None) -> str:
    rows = load_rows(data)
    clean = rows[0]
    repeat = rows[-1] if rows[-1].fault.startswith("(") else None
    faults = [r for r in rows[1:] if not r.fault.startswith("(")]
    out = [
        "# Plain schemathesis vs. this suite, on the embedded sandbox and its faults",
        "",
        f"Machine: {data['platform']}, {data['cpus']} CPUs, Python {data['python']}, "
        f"schemathesis {data['schemathesis']}. Everything on 127.0.0.1; one fresh sandbox "
        "(`reference.serving.serve_in_thread(reference.sandbox.create_app(conformance.cli.embedded.sandbox_config(fault)))`) "
        "per run; runs one after another, never concurrently.",
        "",
        "## Commands",
        "",
        "- The whole benchmark: `/usr/bin/time -v -o <tmp>/time-v.txt .venv/bin/python bench/plain_schemathesis.py "
        "--out bench/RESULTS.md --save-json <tmp>/results.json` "
        f"(recorded {data['finished']}; the script's own clock: {data['total_seconds']:.0f} s). This page "
        "was then rendered again from the saved results with the discussion and the `time -v` "
        "summary: `... --from-json <tmp>/results.json --time-v <tmp>/time-v.txt --out bench/RESULTS.md`.",
    ]
    summary = time_v_summary(time_v)
    if summary:
        out.append(f"  `/usr/bin/time -v`: {summary}.")
    out += [
        "- (a) in a fresh temporary working directory per run (so `.schemathesis/` and the "
        "`.hypothesis/` example database neither land in the repository nor carry over between runs):",
        "  `.venv/bin/schemathesis run /work/main/openapi/octo-tokenization.yaml --url http://127.0.0.1:<port> "
        f"--checks all --seed {SEED} --no-color --report json,junit --report-dir <tmp>/report`.",
        "  Defaults otherwise: no `--max-examples` (the default run takes about 10 s, so none was "
        "needed), all four phases (examples, coverage, fuzzing, stateful), one worker, no "
        "`--continue-on-failure`. `--seed 1` only makes the runs comparable with the clean run; "
        "`--report` only writes the JSON/JUnit files the script parses.",
        "- (b) the same with `SCHEMATHESIS_HOOKS=octo_bench_hooks PYTHONPATH=<tmp>:/work/main`, where "
        "`<tmp>/octo_bench_hooks.py` calls `strategies.schemathesis_formats.register_formats(today=date(2026, 11, 29))` "
        "(`pan`, `yymm`, `uz-phone`) and leaves a marker file, which every (b) run checked: hooks "
        f"loaded in {sum(r.b.hooks_loaded for r in rows)} of {len(rows)} (b) runs.",
        f"- (c) `conformance.cli.embedded.detect(fault, seed={SEED}, profile=Profile.QUICK)` and "
        "`Profile.STANDARD` (in-process; the time is `Detection.seconds`, sandbox start included, "
        "like the schemathesis times).",
        "",
        "**Detected** — suite: any requirement failed. Plain schemathesis exits 1 on *every* target, "
        "the clean one included (see false alarms), so its exit code tells nothing; a fault counts as "
        "detected by (a)/(b) when the run reports a failure signature (schemathesis code × "
        "operation) that the clean run of the same tool did not report. Signatures every run "
        "shares are listed under the table.",
        "",
        "## Results",
        "",
        "| fault (clause) | (a) plain schemathesis: new failures | (a) s | (b) + formats: new failures | (b) s | suite quick: failing IDs | quick s | suite standard: failing IDs | standard s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in faults:
        out.append(
            f"| `{row.fault}` ({FAULTS[row.fault].clause}) | {st_cell(row.a, clean.a)} | {row.a.seconds:.1f} "
            f"| {st_cell(row.b, clean.b)} | {row.b.seconds:.1f} | {suite_cell(row.quick)} | {row.quick.seconds:.1f} "
            f"| {suite_cell(row.standard)} | {row.standard.seconds:.1f} |"
        )
    totals = {t: sum(detected(r, t, clean) for r in faults) for t in TOOLS}
    wall = {t: sum(seconds_of(r, t) for r in rows) for t in TOOLS}
    clean_a = describe(clean.a.signatures) or "none"
    clean_b = describe(clean.b.signatures) or "none"
    out += [
        f"| **clean sandbox: false alarms** | {len(clean.a.signatures)} (exit {clean.a.exit_code}) | {clean.a.seconds:.1f} "
        f"| {len(clean.b.signatures)} (exit {clean.b.exit_code}) | {clean.b.seconds:.1f} "
        f"| {len(clean.quick.failed) + len(clean.quick.warned)} | {clean.quick.seconds:.1f} "
        f"| {len(clean.standard.failed) + len(clean.standard.warned)} | {clean.standard.seconds:.1f} |",
        f"| **total: faults detected of {len(faults)}; total wall time (all {len(rows)} runs)** "
        f"| **{totals['a']} / {len(faults)}** | {wall['a']:.0f} s | **{totals['b']} / {len(faults)}** | {wall['b']:.0f} s "
        f"| **{totals['quick']} / {len(faults)}** | {wall['quick']:.0f} s "
        f"| **{totals['standard']} / {len(faults)}** | {wall['standard']:.0f} s |",
        "",
        f"False alarms on the clean sandbox — (a): {clean_a}; (b): {clean_b}; suite quick: "
        f"{', '.join(clean.quick.failed + clean.quick.warned) or 'none'}; suite standard: "
        f"{', '.join(clean.standard.failed + clean.standard.warned) or 'none'}.",
    ]
    if repeat is not None:
        out.append(
            f"Noise check (the clean sandbox run again at the end): (a) "
            f"{'same signatures' if repeat.a.signatures == clean.a.signatures else 'signatures differ: ' + ', '.join(sorted(set(repeat.a.signatures) ^ set(clean.a.signatures)))}, "
            f"(b) {'same signatures' if repeat.b.signatures == clean.b.signatures else 'signatures differ: ' + ', '.join(sorted(set(repeat.b.signatures) ^ set(clean.b.signatures)))}, "
            f"suite quick failed {repeat.quick.failed or 'nothing'}, standard failed {repeat.standard.failed or 'nothing'}."
        )
    out.append(
        f"Test cases schemathesis generated per run: (a) {min(r.a.generated for r in rows)}–{max(r.a.generated for r in rows)}, "
        f"(b) {min(r.b.generated for r in rows)}–{max(r.b.generated for r in rows)}."
    )
    # what schemathesis reported beyond the clean baseline, verbatim (masked), and what the suite saw
    out += ["", "## What schemathesis saw beyond the clean run", ""]
    for row in faults:
        shown: set[str] = set()
        for tool, run, base in (("a", row.a, clean.a), ("b", row.b, clean.b)):
            for code, operations in grouped(new_signatures(run, base)).items():
                if code in shown:  # (b) saw what (a) saw: shown once
                    continue
                shown.add(code)
                text = re.sub(r"\n{2,}", "\n", run.excerpts.get(signature(code, operations[0]), ""))
                out += [
                    f"- `{row.fault}` ({FAULTS[row.fault].description}): ({tool}) {code} "
                    f"{CHECK_OF_CODE.get(code, '?')} on {', '.join(short_operation(o) for o in operations)}. "
                    f"The suite (quick) failed {', '.join(row.quick.failed) or '**nothing**'}. "
                    f"Schemathesis' first report, on {short_operation(operations[0])} (masked):",
                    "",
                    "  ```",
                    *[f"  {line}" for line in text.strip().splitlines()[:24]],
                    "  ```",
                ]
    missed_by_suite = [
        r.fault
        for r in faults
        if (detected(r, "a", clean) or detected(r, "b", clean)) and not r.quick.failed
    ]
    only_schemathesis = ", ".join(f"`{f}`" for f in missed_by_suite) or "none"
    out += [
        "",
        "## Discussion",
        "",
        f"Faults plain schemathesis ((a) or (b)) detects that the suite (quick) misses: **{only_schemathesis}**.",
        "",
        *DISCUSSION.splitlines(),
    ]
    return "\n".join(out) + "\n"


DISCUSSION: Final = """\
Written after the recorded run; the counts quoted here are that run's.

**What plain schemathesis catches — and the suite catches too.** Two faults, identically in (a)
and (b), both visible in *any* answer to *any* request, so a client that never gets past
authentication still sees them:
- `bind-500-on-bad-json`: ST101 `not_a_server_error` on all four operations. Its coverage and
  fuzzing phases send the body `\\x00` under `Content-Type: application/json` and got HTTP 500.
  The suite: PROV-HTTP-001 (and PROV-REQ-001).
- `error-without-errmessage`: ST108 `response_schema_conformance` on all four operations: the
  `ErrorEnvelope` schema requires `errMessage` and every error answer lacked it. The suite:
  PROV-ENV-001 (and PROV-SCHEMA-001).

**Faults plain schemathesis detects that the suite misses: none** (in (a) or in (b)). Every
fault was detected by the suite's quick and standard profiles, each with the requirement
`conformance/cli/signatures.py` expects for it, and nothing was reported on the
clean sandbox (nor on the clean sandbox run again at the end).

**Why the other 29 faults are out of plain schemathesis' reach.**
- *It never gets past authentication.* OCTO's shop credentials travel in the JSON body
  (`octo_shop_id`, `octo_secret`), not as an OpenAPI security scheme, so `--auth`/`--header`
  cannot carry them. In a HAR recording of one extra run per configuration on the clean sandbox
  (same command plus `--report har`; not part of the script), `bind_card` was answered
  with error 1 (format) 152 times and error 2 (authorization) 17 times in (a); 59 and 94 times
  in (b) (the registered formats make more bodies well-formed, and they then fail
  authorization), and never with a success. With no binding there is no `octo_payment_UUID`,
  `verifyId` or token: the stateful phase's three links never resolve ("Failed to extract data
  from response"), and every fault in the binding life cycle (`bind-no-duplicate-check`,
  `bind-missing-pay-url`, `bind-string-sums`, `verify-*`, `sms-*`, `block-*`,
  `guessable-tokens`) is never reached. Under `auth-any-secret`, the document's own example
  (shop 10000, `merchant_secret`) did bind once; nothing in schemathesis says that answer should
  have been error 2.
- *It cannot judge an HTTP 200 answer by its `error` code.* Every OCTO answer is HTTP 200
  (C-09), so a wrong code (`auth-wrong-code`, `block-unknown-is-6`, `block-twice-ok`) or an
  invalid card accepted (`bind-accepts-luhn-invalid`, `bind-accepts-month-13`) looks like any
  other answer. Its `negative_data_rejection` looks only at the status code. Its negative
  data breaks the JSON Schema, not the domain rules the schema cannot state (Luhn, month 13,
  an expired card: `openapi/rules.py`).
- *It does not look at values that a schema cannot constrain:* a PAN quoted in an error message
  (`error-echoes-pan`); a response field that disagrees with the card bound, with the rest of
  the answer or with the test charge (`sms-wrong-last4`, `sms-top-level-drift`, `sms-no-refund`).
- *It follows redirects.* With `verify-no-trailing-slash` the sandbox answers the documented
  `/verificationInfo/` with a 307 to `/verificationInfo`. Schemathesis followed the redirect
  (the HAR of a probe run shows every request ending at `/verificationInfo`), judged the final 200
  and reported nothing. The suite does not follow it: the 307 with its empty body fails PROV-HTTP-002 (every answer
  is a JSON document) and PROV-VERIFY-001 (the slashed path answers).
- *Time and multi-step behaviour:* an OTP that expires (`verify-negative-seconds`), an OTP
  confirmed twice (`sms-otp-replay`), a wrong verifyId (`sms-ignores-verify-id`), tokens compared across
  bindings (`guessable-tokens`), another shop's token (`block-cross-shop`).
- *Webhooks and the OTP page.* Schemathesis ignores `webhooks:`, so the callback side is outside
  its reach: it has no callback receiver, and the six `callback-*` faults are seen only by
  the suite's callback sink. The Visa/Mastercard OTP page (`paypage-ignores-code`) is an HTML
  page at a URL a response returns, not an operation of the spec.

**False alarms.** On the clean sandbox, (a) and (b) each report 4 failures: ST201
`negative_data_rejection` once per operation, for a request with no body. The sandbox answered
HTTP 200 with `{"error": 1, "errMessage": "Content-Type must be application/json", ...}`,
which is what C-09 prescribes; schemathesis expects a 4xx. The same 4 failures come back on
every faulty target, which is why its exit code (1 everywhere) says nothing. No
`status_code_conformance` failure was reported on the clean target. By default schemathesis
stops a scenario at its first failure (no `--continue-on-failure`), so a scenario that hits
one of these ST201s ends there. Side check outside
the script: three extra (a) runs with `--continue-on-failure` (clean, `auth-wrong-code`,
`bind-string-sums`; about 13 s each) reported the same 4 ST201s plus 4 ST204
`unsupported_method` (a `TRACE` to each operation) and found neither fault.
The ST204 is a real HTTP-level quirk of the reference sandbox, but it is not an OCTO
requirement and not one of the 31 faults: the sandbox's `405` answers carry no `Allow`
header, because its 404/405 handler drops the headers of Starlette's `HTTPException`.

**Time.** A default schemathesis run took about 11 s against this spec (4 operations, about
600–1200 generated cases), about as long as the suite's standard profile (about 13 s) and
longer than the quick profile (about 7 s). The suite sends fewer requests (about 275 answers
judged in quick, 745 in standard: `bench/SUITES.md`), but they reach the binding life cycle,
callbacks included.
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--faults", default="", help="comma-separated subset (default: all)")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--save-json", type=Path, default=None)
    parser.add_argument("--from-json", type=Path, default=None, help="render saved results")
    parser.add_argument("--time-v", type=Path, default=None, help="/usr/bin/time -v output")
    args = parser.parse_args()
    if args.from_json:
        data: dict[str, Any] = json.loads(args.from_json.read_text(encoding="utf-8"))
    else:
        faults = [f for f in args.faults.split(",") if f] or list(FAULT_NAMES)
        unknown = [f for f in faults if f not in FAULTS]
        if unknown:
            parser.error(f"unknown fault(s): {', '.join(unknown)}")
        started = time.perf_counter()
        rows = measure(faults)
        data = {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "schemathesis": version("schemathesis"),
            "finished": time.strftime("%Y-%m-%d %H:%M %Z"),
            "total_seconds": time.perf_counter() - started,
            "rows": [asdict(r) for r in rows],
        }
        if args.save_json:
            args.save_json.write_text(json.dumps(data, indent=1), encoding="utf-8")
    text = render(data, args.time_v)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        print(text)


if __name__ == "__main__":
    main()
