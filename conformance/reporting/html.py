"""``report.html``: one self-contained page a person reads, from the report model.

Inline CSS only: no external asset, web font or script, so the file opens from a CI artefact
store, a mail attachment or a printout alike. The page has a sticky verdict bar, the run facts
(seed and the command that reproduces it), a compliance matrix per target whose IDs link to the
findings, then every finding that is not a pass with its evidence. Every value is HTML-escaped;
the report is already masked and nothing here decodes a body (a JSON ``\\u`` escape could hide
digits the masker never saw as digits), so nothing is ever unmasked.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

from octo_conformance.reporting.model import (
    SEVERITY,
    observed_lines,
    unchecked_lines,
    verdict_words,
)

SHOWN = ("fail", "warn", "waived", "skip", "pass", "not-run")  # the order counts are shown in
FINDING_ORDER = {"fail": 0, "warn": 1, "waived": 2, "skip": 3}  # findings: the worst first


def write_html(report: dict[str, Any], directory: Path) -> Path:
    path = directory / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    return path


def render_html(report: dict[str, Any]) -> str:
    anchors = _anchors(report)
    run, summary = report["run"], report["summary"]
    verdict = verdict_words(summary)
    title = f"OCTO conformance: {verdict} — {', '.join(t['target'] for t in report['targets'])}"
    body = [
        _topbar(report),
        '<main id="top">',
        _run_section(report, anchors),
        *(_target_section(i, t, anchors[i]) for i, t in enumerate(report["targets"])),
        f"<footer>{_e(report['suite']['name'])} {_e(report['suite']['version'])} · report format "
        f"{_e(report['report_version'])} · run {_e(run['id'])}</footer>",
        "</main>",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _anchors(report: dict[str, Any]) -> list[dict[str, str]]:
    """Per target, the anchor of each requirement that has findings: the ID itself
    (``#PROV-CB-004``), or ``ID--tN`` when an earlier target already took it."""
    taken: set[str] = set()
    found: list[dict[str, str]] = []
    for index, target in enumerate(report["targets"], start=1):
        own: dict[str, str] = {}
        for finding in target["findings"]:
            rid = finding["requirement"]
            if rid not in own:
                own[rid] = rid if rid not in taken else f"{rid}--t{index}"
                taken.add(own[rid])
        found.append(own)
    return found


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _verdict_badge(summary: dict[str, Any]) -> str:
    """A target's verdict as a badge: pass, warn (incomplete) or fail colours."""
    return _badge(SEVERITY[summary["verdict"]], verdict_words(summary))


def _badge(verdict: str, text: str | None = None) -> str:
    return f'<span class="badge v-{_e(verdict)}">{_e(text or verdict)}</span>'


def _counts(summary: dict[str, Any]) -> str:
    chips = [
        f'<span class="count v-{k}"><b>{summary[k]}</b> {k}</span>' for k in SHOWN if summary.get(k)
    ]
    return " ".join(chips) or '<span class="count">nothing judged</span>'


def _when(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M:%S %Z").strip()
    except ValueError:
        return iso


def _topbar(report: dict[str, Any]) -> str:
    summary, run, errors = report["summary"], report["run"], len(report["errors"])
    verdict = verdict_words(summary)
    verdict = verdict[0].upper() + verdict[1:]
    kind = {"pass": "ok", "warn": "partial", "fail": "bad"}[SEVERITY[summary["verdict"]]]
    error_chip = f' <span class="count v-fail">{_plural(errors, "error")}</span>' if errors else ""
    unchecked = "".join(f"<li>{_e(line)}</li>" for line in unchecked_lines(report))
    unchecked_box = f'<ul class="unchecked">{unchecked}</ul>' if unchecked else ""
    observed = "".join(f"<li>observed: {_e(line)}</li>" for line in observed_lines(report))
    unchecked_box += f'<ul class="unchecked">{observed}</ul>' if observed else ""
    return (
        f'<header class="bar {kind}"><div class="verdict">{_e(verdict)}</div>'
        f'<div class="bar-facts"><div>{_plural(summary["requirements"], "requirement")} over '
        f"{_plural(summary['targets'], 'target')} · {_e(run['seconds'])} s · "
        f"seed <b>{_e(run['seed'])}</b> (<code>--seed {_e(run['seed'])}</code>)</div>"
        f'<div class="chips">{_counts(summary)}{error_chip}</div>{unchecked_box}</div></header>'
    )


def _reproduce(target: dict[str, Any], run: dict[str, Any]) -> str | None:
    """The command that repeats a target's part of the run; none for a suite ``--only`` left
    out (it sent nothing, and its own command would refuse the other suite's patterns)."""
    options = target["options"]
    if options.get("left_out") and not options.get("embedded"):
        return None
    if options.get("embedded"):  # the embedded references' ports did not outlive the run
        words = ["octo-conformance", "run", "--profile", str(run["profile"]), "--seed", str(run["seed"])]  # fmt: skip
        if options.get("today"):
            words += ["--today", str(options["today"])]
        return " ".join(shlex.quote(w) for w in [*words, *_selection_words(options)])
    if target["mode"] == "provider":
        words = ["octo-conformance", "provider", "--base-url", target["target"]]
        words += _provider_words(options)
    elif target["mode"] == "webhook":
        words = ["octo-conformance", "webhook", "--url", target["target"]]
        if options.get("state_setup_url"):
            words += ["--state-setup-url", str(options["state_setup_url"])]
    elif target["mode"] == "contract":  # a pact verification has no profile or seed
        provider = options.get("contract") == "provider"
        words = ["octo-conformance", "pact", "verify-provider" if provider else "verify-webhook",
                 "--base-url" if provider else "--url", target["target"]]  # fmt: skip
        if options.get("state_setup_url"):
            words += ["--state-setup-url", str(options["state_setup_url"])]
        return " ".join(shlex.quote(w) for w in words)  # --only/--exclude are run's, not pact's
    else:  # client: a partner's pact checked against the spec
        return " ".join(
            shlex.quote(w) for w in ["octo-conformance", "pact", "check", target["target"]]
        )
    words += ["--profile", str(run["profile"]), "--seed", str(run["seed"])]
    if options.get("today"):
        words += ["--today", str(options["today"])]
    words += _selection_words(options)
    # "$OCTO_OTP" stays a placeholder the shell expands, not a quoted literal
    return " ".join(w if w.startswith("$OCTO_") else shlex.quote(w) for w in words)


def _selection_words(options: dict[str, Any]) -> list[str]:
    """``--only`` and ``--exclude`` as the run was given them."""
    flags = (("only", "--only"), ("exclude", "--exclude"))
    return [w for key, flag in flags for p in options.get(key) or () for w in (flag, str(p))]


def _provider_words(options: dict[str, Any]) -> list[str]:
    """The provider options a reproduction needs; the OTP as an environment placeholder (a
    fixed code is a secret of the target), secrets by their variable's name."""
    words: list[str] = []
    for key, flag in (("shop_id", "--shop-id"), ("secret_env", "--secret-env")):
        if options.get(key) is not None:
            words += [flag, str(options[key])]
    otp = str(options.get("otp") or "")
    if otp == "--otp-code":
        words += ["--otp-code", "$OCTO_OTP"]
    elif otp.startswith("--otp-command "):  # only its program is recorded, not its arguments
        words += ["--otp-command", "$OCTO_OTP_COMMAND"]
    if options.get("second_shop_id") is not None:
        words += ["--second-shop-id", str(options["second_shop_id"])]
        words += ["--second-secret-env", str(options.get("second_secret_env") or "OCTO_SECRET_2")]
    for key in ("callback_timeout", "request_timeout", "max_rps"):
        if options.get(key) is not None:
            words += [f"--{key.replace('_', '-')}", f"{options[key]:g}"]
    if options.get("callbacks") is False:
        words += ["--callback-url", "none"]
    return words


def _run_section(report: dict[str, Any], anchors: list[dict[str, str]]) -> str:
    run, suite = report["run"], report["suite"]
    facts = [
        ("Run", _e(run["id"])),
        (
            "Time",
            f"{_e(_when(run['started']))} → {_e(_when(run['finished']))} ({_e(run['seconds'])} s)",
        ),
        ("Profile", _e(run["profile"])),
        (
            "Seed",
            f"<b>{_e(run['seed'])}</b> — pass <code>--seed {_e(run['seed'])}</code> to run the same cases again",
        ),
        ("Suite", f"{_e(suite['name'])} {_e(suite['version'])}"),
    ]
    rows = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in facts)
    targets = "".join(
        f'<tr><td><a href="#target-{i}">{_e(t["mode"])}</a></td><td class="mono">{_e(t["target"])}</td>'
        f"<td>{_verdict_badge(t['summary'])}</td>"
        f"<td>{_counts(t['summary'])}</td><td>{_attention(t, anchors[i - 1])}</td></tr>"
        for i, t in enumerate(report["targets"], start=1)
    )
    stopped = [
        f"{t['mode']} {t['target']}: {t['stopped_early']}; the checks that followed were skipped"
        for t in report["targets"]
        if t.get("stopped_early")
    ]
    parts = [
        '<section class="run"><h1>OCTO conformance report</h1>',
        f'<table class="facts">{rows}</table>',
        '<h2>Targets</h2><table class="targets"><thead><tr><th>suite</th><th>target</th>'
        f"<th>verdict</th><th>requirements</th><th>needs attention</th></tr></thead><tbody>{targets}</tbody></table>",
        '<p class="hint">Reproduce a target with the same cases:</p>',
        *(
            f'<pre class="cmd">{_e(command)}</pre>'
            for command in (_reproduce(t, run) for t in report["targets"])
            if command is not None
        ),
        _notes(
            "Errors — the run is not conformant while any remain",
            "fail",
            report["errors"],
            anchor="errors",
        ),
        _notes("Stopped early", "warn", stopped, anchor="stopped"),
        _waivers(report["waivers"]),
        "</section>",
    ]
    return "\n".join(p for p in parts if p)


def _attention(target: dict[str, Any], anchors: dict[str, str]) -> str:
    rows = [r for r in target["requirements"] if r["verdict"] in ("fail", "warn")]
    rows.sort(key=lambda r: FINDING_ORDER[r["verdict"]])
    links = [
        f'<a class="chip v-{r["verdict"]}" href="#{_e(anchors[r["id"]])}">{_e(r["id"])}</a>'
        if r["id"] in anchors
        else f'<span class="chip v-{r["verdict"]}">{_e(r["id"])}</span>'
        for r in rows
    ]
    return " ".join(links) or '<span class="muted">—</span>'


def _notes(title: str, verdict: str, lines: Iterable[str], *, anchor: str) -> str:
    items = "".join(f"<li><pre>{_e(line)}</pre></li>" for line in lines)
    if not items:
        return ""
    return f'<div class="note v-{verdict}" id="{anchor}"><h2>{_e(title)}</h2><ul>{items}</ul></div>'


def _waivers(waivers: list[dict[str, Any]]) -> str:
    if not waivers:
        return ""
    rows = "".join(
        f'<tr><td class="mono">{_e(w["requirement"])}</td><td class="mono">{_e(w["target"])}</td>'
        f"<td>{_e(w['justification'])}</td><td>{_e(w['expires'])}</td>"
        f"<td>{_badge('fail', 'EXPIRED') if w['expired'] else _badge('waived', 'live')}</td></tr>"
        for w in waivers
    )
    return (
        '<h2>Waivers</h2><table class="targets"><thead><tr><th>requirement</th><th>target</th>'
        f"<th>justification</th><th>expires</th><th></th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _target_section(index: int, target: dict[str, Any], anchors: dict[str, str]) -> str:
    n = index + 1
    head = (
        f'<section class="target" id="target-{n}"><h2 class="target-title">'
        f"{_verdict_badge(target['summary'])} "
        f'{_e(target["mode"])} suite · <span class="mono">{_e(target["target"])}</span></h2>'
        f'<p class="chips">{_counts(target["summary"])} · {_e(target["seconds"])} s</p>'
    )
    # its errors and an early stop are in the boxes at the top, under the run's verdict
    marks = [("errors", _plural(len(target["errors"]), "suite error"))] if target["errors"] else []
    if target.get("stopped_early"):
        marks.append(("stopped", "stopped early: the checks that followed were skipped"))
    details = [
        _options(target),
        *(f'<p class="mark"><a href="#{a}">{_badge("fail", m)}</a></p>' for a, m in marks),
    ]
    return "\n".join(
        [head, *details, _matrix(target, anchors, n), _findings(target, anchors), "</section>"]
    )


def _options(target: dict[str, Any]) -> str:
    shown = {k: v for k, v in target["options"].items() if v is not None}
    phases = ", ".join(f"{p['name']} {p['seconds']:.1f} s" for p in target["phases"])
    items = "".join(f"<span><b>{_e(k)}</b> {_e(v)}</span>" for k, v in shown.items())
    if phases:
        items += f"<span><b>phases</b> {_e(phases)}</span>"
    return f'<p class="options">{items}</p>' if items else ""


def _matrix(target: dict[str, Any], anchors: dict[str, str], n: int) -> str:
    rows = []
    for row in target["requirements"]:
        rid, counts = row["id"], row["counts"]
        link = f'<a href="#{_e(anchors[rid])}">{_e(rid)}</a>' if rid in anchors else _e(rid)
        cells = "".join(
            f'<td class="num{" zero" if not counts.get(k) else f" c-{k}"}">{counts.get(k, 0)}</td>'
            for k in ("pass", "fail", "warn", "skip")
        )
        waiver = (
            f'<div class="clause">waived: {_e(row["waiver"])}</div>' if row.get("waiver") else ""
        )
        rows.append(
            f'<tr class="r-{_e(row["verdict"])}" id="matrix-{_e(anchors.get(rid, f"{rid}--t{n}"))}">'
            f'<td class="mono id">{link}</td><td class="lvl {_e(row["level"].lower())}">{_e(row["level"])}</td>'
            f'<td>{_e(row["title"])}{waiver}</td><td class="clause">{_e(row["clause"])}</td>'
            f"<td>{_badge(row['verdict'])}</td>{cells}</tr>"
        )
    return (
        f'<h3>Compliance matrix <span class="muted">({len(rows)} requirements)</span></h3>'
        '<table class="matrix"><colgroup><col class="w-id"><col class="w-lvl"><col class="w-title">'
        '<col class="w-clause"><col class="w-verdict"><col span="4" class="w-num"></colgroup><thead><tr><th>requirement</th><th>level</th><th>title</th>'
        '<th>clause</th><th>verdict</th><th class="num">pass</th><th class="num">fail</th>'
        f'<th class="num">warn</th><th class="num">skip</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _findings(target: dict[str, Any], anchors: dict[str, str]) -> str:
    rows = {r["id"]: r for r in target["requirements"]}
    groups: dict[str, list[dict[str, Any]]] = {}
    for finding in target["findings"]:
        if finding["verdict"] != "pass":
            groups.setdefault(finding["requirement"], []).append(finding)
    if not groups:
        return '<h3>Findings</h3><p class="muted">Every judged requirement passed.</p>'

    def shown(finding: dict[str, Any]) -> str:  # a fail a live waiver covers reads "waived"
        waived = rows.get(finding["requirement"], {}).get("verdict") == "waived"
        return "waived" if waived and finding["verdict"] == "fail" else str(finding["verdict"])

    def rank(rid: str) -> tuple[int, str]:
        return min(FINDING_ORDER.get(shown(f), 9) for f in groups[rid]), rid

    total = sum(map(len, groups.values()))
    parts = [
        f'<h3>Findings <span class="muted">({_plural(total, "finding")} on {_plural(len(groups), "requirement")})</span></h3>'
    ]
    for rid in sorted(groups, key=rank):
        row = rows.get(
            rid, {"level": "", "title": "", "clause": "", "verdict": shown(groups[rid][0])}
        )
        items = sorted(groups[rid], key=lambda f: (FINDING_ORDER.get(shown(f), 9), f["check"]))
        parts.append(
            f'<article class="group g-{_e(row["verdict"])}" id="{_e(anchors[rid])}">'
            f'<h4>{_badge(row["verdict"])} <span class="mono">{_e(rid)}</span> '
            f'<span class="lvl {_e(str(row["level"]).lower())}">{_e(row["level"])}</span> {_e(row["title"])}'
            f'<a class="up" href="#matrix-{_e(anchors[rid])}" title="back to the matrix">↑ matrix</a></h4>'
            f'<p class="clause">Clause: {_e(row["clause"])}</p>'
            + (f'<p class="clause">Waived: {_e(row["waiver"])}</p>' if row.get("waiver") else "")
            + "".join(
                _finding(f, shown(f), first=i == 0 and shown(f) in ("fail", "warn"))
                for i, f in enumerate(items)
            )
            + "</article>"
        )
    return "\n".join(parts)


def _finding(finding: dict[str, Any], verdict: str, *, first: bool) -> str:
    """``first``: the group's first fail or warn, whose first exchange is shown open."""
    evidence = finding["evidence"]
    exchanges = "".join(
        _exchange(x, i, len(evidence), open_=first and i == 1) for i, x in enumerate(evidence, 1)
    )
    return (
        f'<div class="finding"><p class="meta">{_badge(verdict)} check <code>{_e(finding["check"])}</code>'
        f"{_also(finding)} · seed <code>{_e(finding['seed'])}</code></p>"
        f'<pre class="message">{_e(finding["message"])}</pre>{exchanges}</div>'
    )


def _also(finding: dict[str, Any]) -> str:
    """A grouped finding: how many more checks saw exactly this."""
    more = int(finding["count"]) - 1
    return f" and {_plural(more, 'more check')} alike" if more > 0 else ""


def _exchange(x: dict[str, Any], index: int, total: int, *, open_: bool) -> str:
    status = "no answer" if x.get("status") is None else x["status"]
    elapsed = "" if x.get("elapsed_ms") is None else f" · {x['elapsed_ms']:.1f} ms"
    label = f"Exchange {index}/{total}: " if total > 1 else "Exchange: "
    blocks = []
    if x.get("error"):
        blocks.append(f'<h5>Transport error</h5><pre class="body err">{_e(x["error"])}</pre>')
    blocks.append(f"<h5>Request body</h5>{_pre(x.get('request_body'))}")
    if x.get("response_headers"):
        headers = "\n".join(f"{k}: {v}" for k, v in x["response_headers"].items())
        blocks.append(f'<h5>Response headers</h5><pre class="body">{_e(headers)}</pre>')
    blocks.append(f"<h5>Response body</h5>{_pre(x.get('response_body'))}")
    if x["curl"]:  # a callback the suite received has nothing to replay
        blocks.append(f'<h5>Reproduce (curl)</h5><pre class="curl">{_e(x["curl"])}</pre>')
    return (
        f'<details class="exchange"{" open" if open_ else ""}><summary>{label}'
        f'<span class="mono"><b>{_e(x["method"])}</b> {_e(x["url"])}</span> → '
        f'<b class="status">{_e(status)}</b>{_e(elapsed)}</summary>{"".join(blocks)}</details>'
    )


def _pre(text: str | None) -> str:
    if text is None:
        return '<p class="muted">none</p>'
    if text == "":
        return '<p class="muted">empty</p>'
    return f'<pre class="body">{_e(text)}</pre>'


CSS = """
:root{--fail:#b42318;--fail-bg:#fde7e5;--warn:#a15c00;--warn-bg:#fff3d6;--pass:#18794e;
--pass-bg:#e3f5ea;--waived:#6f3aa8;--waived-bg:#f0e6fa;--skip:#5b6270;--skip-bg:#eef0f3;
--ink:#1b1f24;--muted:#5b6270;--line:#d8dce2;--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#f6f7f9}
main{max-width:1320px;margin:0 auto;padding:0 24px 48px}
h1{font-size:22px;margin:8px 0 12px}h2{font-size:18px;margin:22px 0 8px}h3{font-size:16px;margin:26px 0 8px}
h4{font-size:15px;margin:0 0 4px;display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}
h5{font-size:12px;margin:10px 0 2px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
a{color:#1d4ed8}code,.mono,pre{font-family:var(--mono);font-size:13px}
.muted{color:var(--muted);font-weight:normal}
.bar{position:sticky;top:0;z-index:5;display:flex;gap:24px;align-items:center;padding:12px 24px;border-bottom:4px solid;background:#fff}
.bar.bad{border-color:var(--fail);background:var(--fail-bg)}.bar.ok{border-color:var(--pass);background:var(--pass-bg)}
.verdict{font-size:30px;font-weight:800;letter-spacing:-.01em;white-space:nowrap}
.bar.bad .verdict{color:var(--fail)}.bar.ok .verdict{color:var(--pass)}
.bar.partial{border-color:var(--warn);background:var(--warn-bg)}.bar.partial .verdict{color:var(--warn)}
.unchecked{margin:4px 0 0;padding-left:18px;font-size:.85em}
.bar-facts{display:flex;flex-direction:column;gap:4px}
.chips{margin:0}
.count,.chip{display:inline-block;padding:1px 8px;border:1px solid var(--line);border-radius:10px;background:#fff;font-size:13px;margin:1px 0;white-space:nowrap}
.chip{font-family:var(--mono);font-size:12px;text-decoration:none}
.badge{display:inline-block;min-width:58px;text-align:center;padding:0 7px;border:1px solid;border-radius:4px;font-size:12px;font-weight:700;text-transform:uppercase;letter-spacing:.03em;white-space:nowrap}
.v-fail{color:var(--fail);border-color:var(--fail);background:var(--fail-bg)}
.v-warn{color:var(--warn);border-color:var(--warn);background:var(--warn-bg)}
.v-pass{color:var(--pass);border-color:var(--pass);background:var(--pass-bg)}
.v-waived{color:var(--waived);border-color:var(--waived);background:var(--waived-bg)}
.v-skip,.v-not-run{color:var(--skip);border-color:#b8bdc6;background:var(--skip-bg)}
.badge.v-not-run{border-style:dashed;font-weight:500}
section.run,section.target{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin-top:20px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid var(--line)}
thead th{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);border-bottom:2px solid var(--line)}
table.facts{width:auto}table.facts th{color:var(--muted);font-weight:600;padding-right:20px;border:0}table.facts td{border:0}
.hint{margin:14px 0 4px;color:var(--muted)}
pre{margin:0;white-space:pre-wrap;word-break:break-all}
pre.cmd,pre.curl{background:#0f172a;color:#e2e8f0;padding:8px 12px;border-radius:6px;margin:2px 0 6px;user-select:all}
.note{border:1px solid;border-left-width:6px;border-radius:6px;padding:6px 14px;margin:14px 0}
.note h2{font-size:15px;margin:4px 0}.note ul{margin:4px 0;padding-left:18px}.note pre{color:var(--ink)}
.target-title{display:flex;gap:10px;align-items:center;flex-wrap:wrap;margin-top:0}
.options{font-size:13px;color:var(--muted);display:flex;flex-wrap:wrap;gap:4px 18px;margin:4px 0}
.options b{color:var(--ink);font-weight:600}.mark{margin:4px 0}.mark .badge{text-transform:none}
table.matrix{font-size:13.5px;table-layout:fixed}table.matrix td{padding:3px 8px}
table.matrix td.id{overflow-wrap:anywhere}table.matrix td.zero{color:#c3c7ce}table.matrix th.num{padding:4px 6px}
.w-id{width:23%}.w-lvl{width:6.5%}.w-title{width:26%}.w-clause{width:20%}.w-verdict{width:8.5%}.w-num{width:4%}
.num{text-align:right;width:44px;font-variant-numeric:tabular-nums}.zero{color:#c3c7ce}
.c-fail{color:var(--fail);font-weight:700}.c-warn{color:var(--warn);font-weight:700}
.clause{color:var(--muted);font-size:12.5px}
.lvl{font-size:11px;font-weight:700;letter-spacing:.04em}.lvl.must{color:var(--ink)}.lvl.should{color:var(--muted)}
tr.r-fail{background:var(--fail-bg)}tr.r-fail td:first-child{box-shadow:inset 4px 0 var(--fail)}
tr.r-warn{background:var(--warn-bg)}tr.r-warn td:first-child{box-shadow:inset 4px 0 var(--warn)}
tr.r-waived td:first-child{box-shadow:inset 4px 0 var(--waived)}
tr.r-not-run td{color:var(--muted)}
tr:target{outline:2px solid #1d4ed8}
article.group{border:1px solid var(--line);border-left:6px solid var(--skip);border-radius:6px;padding:10px 14px;margin:12px 0;background:#fff}
article.group.g-fail{border-left-color:var(--fail)}article.group.g-warn{border-left-color:var(--warn)}
article.group.g-waived{border-left-color:var(--waived)}
article.group:target{outline:3px solid #1d4ed8}
.up{margin-left:auto;font-size:12px;font-weight:normal}
.finding{border-top:1px dashed var(--line);padding-top:8px;margin-top:8px}
.finding .meta{margin:0 0 4px;font-size:13px;color:var(--muted)}
pre.message{font-family:inherit;font-size:14.5px;background:#f6f7f9;border-radius:4px;padding:6px 10px}
details.exchange{border:1px solid var(--line);border-radius:6px;margin:8px 0;padding:4px 10px}
details.exchange summary{cursor:pointer;font-size:13.5px}
pre.body{background:#f6f7f9;border:1px solid var(--line);border-radius:4px;padding:6px 10px}
pre.err{color:var(--fail)}
footer{color:var(--muted);font-size:12px;margin-top:24px;text-align:center}
@media screen{pre.body{max-height:22em;overflow:auto}}
@media print{body{background:#fff;font-size:11pt}.bar{position:static}main{padding:0}
section.run,section.target{border:0;padding:0}.up{display:none}article.group,tr{break-inside:avoid}
pre.cmd,pre.curl{background:#fff;color:var(--ink);border:1px solid var(--line)}}
"""
