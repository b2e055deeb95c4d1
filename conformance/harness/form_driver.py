"""The generic OTP-form driver for the Visa/Mastercard page at ``octo_pay_url``.

It must work on pages it has never seen, so it relies only on what DESIGN.md states: the page
holds a form with a single code-like input (type text/tel/password/number, or a name matching
otp|code|sms). Hidden inputs are sent back unchanged; the form's method and action are honoured;
redirects are followed until ``return_url`` (or a page that is not a redirect) is reached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin

from octo_conformance.findings import Exchange
from octo_conformance.harness.http import Reply, TargetClient

CODE_TYPES = frozenset({"text", "tel", "password", "number"})
CODE_NAME = re.compile(r"otp|code|sms", re.IGNORECASE)
MAX_REDIRECTS = 5


@dataclass
class Form:
    action: str
    method: str
    inputs: list[dict[str, str]] = field(default_factory=list)

    def code_inputs(self) -> list[dict[str, str]]:
        named = [i for i in self.inputs if CODE_NAME.search(i.get("name", "")) and _visible(i)]
        if len(named) == 1:
            return named
        return [
            i for i in self.inputs if i.get("type", "text").lower() in CODE_TYPES and i.get("name")
        ]


def _sent(field_: dict[str, str]) -> bool:
    """A browser sends a checkbox or radio button only when it is checked."""
    return field_.get("type", "text").lower() not in ("checkbox", "radio") or "checked" in field_


def _visible(field_: dict[str, str]) -> bool:
    return field_.get("type", "text").lower() not in (
        "hidden",
        "submit",
        "button",
        "checkbox",
        "radio",
    )


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._open: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "form":
            self._open = Form(
                values.get("action", ""), values.get("method", "get").lower() or "get"
            )
            self.forms.append(self._open)
        elif tag in ("input", "textarea") and self._open is not None:
            values.setdefault("type", "text")
            self._open.inputs.append(values)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None


def find_code_form(html: str) -> tuple[Form, str] | None:
    """The first form with exactly one code-like input, and that input's name.

    A form whose input is named like a code (otp|code|sms) wins over an earlier form whose
    only text box is something else (a site search).
    """
    parser = _Forms()
    parser.feed(html)
    found = [(form, inputs[0]["name"]) for form in parser.forms if len(inputs := form.code_inputs()) == 1]  # fmt: skip
    named = [(form, name) for form, name in found if CODE_NAME.search(name)]
    return (named or found)[0] if found else None


@dataclass
class FormOutcome:
    found_form: bool
    final: Reply | None  # the last answer (the page after submitting, or return_url)
    reached_return_url: bool
    problem: str | None
    evidence: list[Exchange] = field(default_factory=list)
    # what was sent: (method, url, urlencoded fields), for a resubmission
    submitted: tuple[str, str, str] | None = None


def submit_code(client: TargetClient, page_url: str, code: str, *, return_url: str) -> FormOutcome:
    evidence: list[Exchange] = []
    page = client.send("GET", page_url)
    evidence.append(page.exchange)
    page, url = _follow(client, page, page_url, return_url, evidence)
    if page.status != 200 or "html" not in page.content_type:
        return FormOutcome(False, page, False, f"octo_pay_url answered {page.status} {page.content_type or 'without a content type'}, not an HTML page", evidence)  # fmt: skip
    found = find_code_form(page.content.decode("utf-8", "replace"))
    if found is None:
        return FormOutcome(False, page, False, "the page has no form with exactly one code input", evidence)  # fmt: skip
    form, name = found
    fields = {i["name"]: i.get("value", "") for i in form.inputs if i.get("name") and i.get("type", "text").lower() not in ("submit", "button") and _sent(i)}  # fmt: skip
    fields[name] = code
    target = urljoin(url, form.action or url)
    encoded = urlencode(fields)
    answer = _send_form(client, form.method, target, encoded)
    evidence.append(answer.exchange)
    answer, final_url = _follow(client, answer, target, return_url, evidence)
    submitted = (form.method, target, encoded)
    return FormOutcome(True, answer, _same(final_url, return_url), None, evidence, submitted)


def resubmit(client: TargetClient, outcome: FormOutcome) -> list[Exchange]:
    """Send a submitted form once more, as a browser's back button and "resend" would; the
    exchange(s), or none when nothing was submitted."""
    if outcome.submitted is None:
        return []
    return [_send_form(client, *outcome.submitted).exchange]


def _send_form(client: TargetClient, method: str, target: str, encoded: str) -> Reply:
    if method == "post":
        return client.send("POST", target, encoded.encode(), "application/x-www-form-urlencoded")
    return client.send("GET", f"{target}{'&' if '?' in target else '?'}{encoded}")


def _follow(
    client: TargetClient, reply: Reply, url: str, return_url: str, evidence: list[Exchange]
) -> tuple[Reply, str]:
    for _ in range(MAX_REDIRECTS):
        location = reply.headers.get("location")
        if reply.status not in (301, 302, 303, 307, 308) or not location:
            break
        url = urljoin(url, location)
        if _same(url, return_url):
            return reply, url
        reply = client.send("GET", url)
        evidence.append(reply.exchange)
    return reply, url


def _same(url: str, return_url: str) -> bool:
    return url.split("?", 1)[0].rstrip("/") == return_url.rstrip("/")
