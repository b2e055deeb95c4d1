"""report.html: the matrix holds every requirement once and links to its findings; every
non-pass finding is shown with its evidence; everything is escaped, masked and self-contained."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from octo_conformance.findings import Exchange, Recorder, Verdict
from octo_conformance.masking import Masker
from octo_conformance.reporting.html import render_html, write_html
from octo_conformance.reporting.model import build_report, build_run_report
from octo_conformance.reporting.waivers import Waiver
from octo_conformance.requirements import Mode, requirement
from tests.conformance.reporting.helpers import (
    OTP,
    PAN,
    SECRET,
    all_passed,
    exchange,
    facts,
    finished_run,
)

HOOK_URL = "http://127.0.0.1:9090/octo/callback"


@dataclass
class Page:
    """What a test needs to know about the rendered page, read with the stdlib parser."""

    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    matrices: list[list[str]] = field(default_factory=list)  # requirement IDs per matrix
    matrix_links: list[list[str]] = field(default_factory=list)  # hrefs in each matrix
    groups: list[str] = field(default_factory=list)  # ids of the finding groups, in order
    finding_badges: list[str] = field(default_factory=list)  # verdict of each finding, in order

    @property
    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.tags if "id" in a]

    @property
    def hrefs(self) -> list[str]:
        return [a["href"] for _, a in self.tags if "href" in a]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in_id_cell = False
        self._in_finding_meta = False
        self._cell = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        classes = found.get("class", "").split()
        self.page.tags.append((tag, found))
        if tag == "table" and "matrix" in classes:
            self.page.matrices.append([])
            self.page.matrix_links.append([])
        elif tag == "td" and "id" in classes:
            self._in_id_cell, self._cell = True, ""
        elif tag == "a" and self._in_id_cell:
            self.page.matrix_links[-1].append(found["href"])
        elif tag == "article" and "group" in classes:
            self.page.groups.append(found["id"])
        elif tag == "p" and "meta" in classes:
            self._in_finding_meta = True
        elif tag == "span" and "badge" in classes and self._in_finding_meta:
            verdict = next(c[2:] for c in classes if c.startswith("v-"))
            self.page.finding_badges.append(verdict)
            self._in_finding_meta = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._in_id_cell:
            self._in_id_cell = False
            self.page.matrices[-1].append(self._cell.strip())

    def handle_data(self, data: str) -> None:
        if self._in_id_cell:
            self._cell += data


def read(text: str) -> Page:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return reader.page


def sample() -> dict[str, Any]:
    recorder, masker = finished_run()
    return build_report(facts(), recorder, masker)


def two_targets(*, webhook_mode: bool = True, waivers: tuple[Waiver, ...] = ()) -> dict[str, Any]:
    """A provider part (the helpers' run) and a webhook (or a second provider) part."""
    provider, masker = finished_run()
    other = Recorder()
    if webhook_mode:
        other.record("HOOK-SAFE-001", Verdict.FAIL, "the answer repeats the full PAN " + PAN, check="active-callback", evidence=[exchange(f'{{"pan": "{PAN}"}}')])  # fmt: skip
        other.record("HOOK-HTTP-003", Verdict.FAIL, "text/plain", check="rules")  # a SHOULD
        other.record("HOOK-ACK-001", Verdict.PASS, "", check="active-callback")
        second = facts(mode=Mode.WEBHOOK, target=HOOK_URL, errors=[], options={"today": "2026-11-18"})  # fmt: skip
    else:
        other.record("PROV-HTTP-001", Verdict.FAIL, "500 again", check="rules")
        second = facts(target="http://127.0.0.1:8081", errors=[])
    return build_run_report(
        [(facts(), provider), (second, other)], masker, waivers=waivers, today=date(2026, 11, 18)
    )


def test_write_html_writes_one_utf8_page(tmp_path: Path) -> None:
    path = write_html(sample(), tmp_path)
    assert path == tmp_path / "report.html"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in text
    assert "860012…9012" in text  # the masked PAN, as UTF-8
    assert text.rstrip().endswith("</html>")


def test_the_matrix_holds_every_requirement_once_and_links_to_its_findings() -> None:
    built = sample()
    page = read(render_html(built))
    rows = built["targets"][0]["requirements"]
    assert page.matrices == [[r["id"] for r in rows]]
    # a row links to its findings exactly when it has some; the anchor is the ID itself
    assert page.matrix_links == [["#PROV-HTTP-001", "#PROV-HTTP-003", "#PROV-SMS-001"]]
    assert page.groups == ["PROV-HTTP-001", "PROV-HTTP-003", "PROV-SMS-001"]


def test_every_link_lands_on_an_anchor_and_anchors_are_unique() -> None:
    for built in (sample(), two_targets(), two_targets(webhook_mode=False)):
        page = read(render_html(built))
        assert len(page.ids) == len(set(page.ids))
        assert page.hrefs
        for href in page.hrefs:
            assert href.startswith("#")
            assert href[1:] in page.ids, href


def test_every_non_pass_finding_is_shown_worst_first_with_its_evidence() -> None:
    built = sample()
    text = render_html(built)
    page = read(text)
    findings = built["targets"][0]["findings"]
    assert page.finding_badges == ["fail", "warn", "skip"]
    for finding in findings:
        assert f'<pre class="message">{escape(finding["message"])}</pre>' in text
    evidence = findings[0]["evidence"][0]
    assert f'<pre class="curl">{escape(evidence["curl"])}</pre>' in text
    assert f'<pre class="body">{escape(evidence["request_body"])}</pre>' in text
    assert "http://127.0.0.1:8080/bind_card</span> → <b" in text
    assert "3.2 ms" in text
    assert f"Clause: {escape(requirement('PROV-HTTP-001').clause)}" in text
    assert "check <code>humo-binding</code> · seed <code>7</code>" in text
    assert '<details class="exchange" open>' in text  # the first fail's evidence is open


def test_a_waived_fail_reads_waived_after_warns_and_before_skips() -> None:
    waiver = Waiver("PROV-HTTP-001", "provider", "500s are ticket OCTO-1", date(2027, 1, 1))
    recorder, masker = finished_run()
    built = build_run_report([(facts(), recorder)], masker, waivers=[waiver], today=date(2026, 11, 18))  # fmt: skip
    text = render_html(built)
    page = read(text)
    assert page.groups == ["PROV-HTTP-003", "PROV-HTTP-001", "PROV-SMS-001"]
    assert page.finding_badges == ["warn", "waived", "skip"]
    assert "Waived: 500s are ticket OCTO-1" in text
    assert ">live</span>" in text


def test_the_header_says_the_verdict_seed_time_and_suite_version() -> None:
    text = render_html(sample())
    assert '<header class="bar bad"><div class="verdict">NOT conformant</div>' in text
    assert "<code>--seed 7</code>" in text
    assert "octo-conformance provider --base-url http://127.0.0.1:8080 --shop-id 10000 --secret-env OCTO_SECRET --profile quick --seed 7" in text  # fmt: skip
    assert "2026-11-18 11:06:40 UTC → 2026-11-18 11:06:52 UTC (12.35 s)" in text
    assert "octo-conformance 0.1.0" in text
    assert '<b>1</b> fail</span> <span class="count v-warn"><b>1</b> warn' in text

    clean = render_html(build_report(facts(errors=[]), all_passed(), Masker()))
    assert '<header class="bar ok"><div class="verdict">Conformant</div>' in clean
    assert "Every judged requirement passed." in clean
    assert 'id="errors"' not in clean

    recorder = Recorder()
    recorder.record("PROV-HTTP-001", Verdict.PASS, "", check="c")
    partial = render_html(build_report(facts(errors=[]), recorder, Masker()))
    assert '<header class="bar partial"><div class="verdict">Incomplete: ' in partial
    # the targets table and the target's own heading say the same as the header
    assert partial.count('<span class="badge v-warn">incomplete: ') == 2
    assert "NOT conformant" not in partial
    assert ": no check of this run judged it</li>" in partial


def test_errors_expired_waivers_and_an_early_stop_are_shown() -> None:
    expired = Waiver("PROV-BLOCK-001", "*", "old news", date(2026, 1, 1))
    recorder, masker = finished_run()
    built = build_run_report(
        [(facts(stopped_early="3 requests in a row got no answer"), recorder)],
        masker,
        waivers=[expired],
        today=date(2026, 11, 18),
    )
    text = render_html(built)
    assert "provider: scenarios: RuntimeError: boom" in text
    assert "waiver for PROV-BLOCK-001 (*) expired on 2026-01-01" in text
    assert ">EXPIRED</span>" in text
    assert "3 requests in a row got no answer; the checks that followed were skipped" in text
    assert '<a href="#stopped">' in text
    assert '<a href="#errors">' in text


def test_a_message_with_markup_is_escaped() -> None:
    recorder, masker = finished_run()
    recorder.record("PROV-CB-004", Verdict.FAIL, 'came <script>alert("x")</script> & went', check="callback-retries", evidence=[exchange("<b>&</b>")])  # fmt: skip
    text = render_html(build_report(facts(), recorder, masker))
    assert "<script" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; went" in text
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in text
    assert "<b>&</b>" not in text
    assert "Received HTTP 500 &lt;&amp;&gt; for card" in text  # the helpers' own message


def test_a_transport_error_without_an_answer_is_shown() -> None:
    recorder = Recorder()
    lost = Exchange(
        method="GET", url="http://127.0.0.1:1/x", request_body=None, status=None,
        response_headers={}, response_body=None, elapsed_ms=None, curl="curl http://127.0.0.1:1/x",
        error="ConnectError: refused",
    )  # fmt: skip
    recorder.record("PROV-HTTP-001", Verdict.FAIL, "no answer", check="c", evidence=[lost])
    text = render_html(build_report(facts(), recorder, Masker()))
    assert '→ <b class="status">no answer</b></summary>' in text
    assert '<pre class="body err">ConnectError: refused</pre>' in text
    assert '<p class="muted">none</p>' in text


def test_the_page_is_self_contained() -> None:
    text = render_html(two_targets())
    assert "<link" not in text.lower()
    assert "<script" not in text.lower()
    assert "<img" not in text.lower()
    assert "@import" not in text
    assert "url(" not in text
    assert "<style>" in text
    for attribute in re.findall(r'\b(?:src|href|action)\s*=\s*"([^"]*)"', text):
        assert attribute.startswith("#"), attribute
    assert not re.search(r"""\b(?:src|href)\s*=\s*['"]?\s*https?://""", text, re.IGNORECASE)


@pytest.mark.parametrize("value", [PAN, SECRET, OTP])
def test_no_card_data_reaches_the_page(value: str) -> None:
    for built in (sample(), two_targets()):
        assert value not in render_html(built)


def test_a_provider_and_a_webhook_target_are_both_rendered() -> None:
    built = two_targets()
    text = render_html(built)
    page = read(text)
    assert [len(m) for m in page.matrices] == [len(t["requirements"]) for t in built["targets"]]
    for matrix, target in zip(page.matrices, built["targets"], strict=True):
        assert matrix == [r["id"] for r in target["requirements"]]
    assert page.matrices[1][0].startswith("HOOK-")
    assert 'id="target-1"' in text
    assert 'id="target-2"' in text
    assert f'<span class="mono">{HOOK_URL}</span>' in text
    assert page.groups == [
        "PROV-HTTP-001", "PROV-HTTP-003", "PROV-SMS-001", "HOOK-SAFE-001", "HOOK-HTTP-003",
    ]  # fmt: skip
    assert f"octo-conformance webhook --url {HOOK_URL} --profile quick --seed 7 --today 2026-11-18" in text  # fmt: skip
    # the "needs attention" column links each target's fails and warns
    assert '<a class="chip v-fail" href="#HOOK-SAFE-001">HOOK-SAFE-001</a>' in text


def test_a_requirement_failed_by_two_targets_gets_one_anchor_each() -> None:
    page = read(render_html(two_targets(webhook_mode=False)))
    assert page.groups[0] == "PROV-HTTP-001"
    assert "PROV-HTTP-001--t2" in page.groups
    assert "#PROV-HTTP-001" in page.matrix_links[0]
    assert "#PROV-HTTP-001--t2" in page.matrix_links[1]
    assert "#PROV-HTTP-001" not in page.matrix_links[1]


def test_the_reproduce_command_carries_every_option_with_placeholders_for_secrets() -> None:
    options = {
        "shop_id": 10000, "secret_env": "OCTO_SECRET", "otp": "--otp-code",
        "second_shop_id": 20000, "second_secret_env": "OCTO_SECRET_2",
        "callback_timeout": 1.5, "request_timeout": 4.0, "max_rps": None, "today": "2026-11-29",
    }  # fmt: skip
    recorder, masker = finished_run()
    text = render_html(build_report(facts(options=options), recorder, masker))
    assert (
        "octo-conformance provider --base-url http://127.0.0.1:8080 --shop-id 10000 "
        "--secret-env OCTO_SECRET --otp-code $OCTO_OTP --second-shop-id 20000 "
        "--second-secret-env OCTO_SECRET_2 --callback-timeout 1.5 --request-timeout 4 "
        "--profile quick --seed 7 --today 2026-11-29"
    ) in text


def test_an_otp_command_is_reproduced_as_a_placeholder() -> None:
    """Only the command's program is recorded (its arguments may hold anything)."""
    options = {"shop_id": 10000, "secret_env": "OCTO_SECRET", "otp": "--otp-command python"}
    recorder, masker = finished_run()
    text = render_html(build_report(facts(options=options), recorder, masker))
    assert "--otp-command $OCTO_OTP_COMMAND --profile quick" in text


def test_a_run_without_callbacks_is_reproduced_without_them() -> None:
    options = {"shop_id": 10000, "secret_env": "OCTO_SECRET", "callbacks": False}
    recorder, masker = finished_run()
    text = render_html(build_report(facts(options=options), recorder, masker))
    assert "--secret-env OCTO_SECRET --callback-url none --profile quick" in text
