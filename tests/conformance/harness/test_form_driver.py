"""The generic OTP-form driver on pages it has never seen, served over real loopback HTTP."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import asdict
from urllib.parse import parse_qsl

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from octo_conformance.harness.form_driver import find_code_form, resubmit, submit_code
from octo_conformance.harness.http import TargetClient
from octo_conformance.masking import Masker
from octo_conformance.reference.serving import serve_in_thread

CODE = "61135"

PAGES = {
    # the plainest page: an input named otp, a button
    "named": """<!doctype html><html><body><h1>Confirm</h1>
        <form method="post" action="/submit/named">
          <input type="hidden" name="otp_session" value="s-42">
          <input name="otp" autocomplete="one-time-code" maxlength="6">
          <button type="submit">Confirm</button>
        </form></body></html>""",
    # a tel input with a meaningless name, hidden fields, a relative action, POST in capitals
    "tel": """<html><body><FORM METHOD="POST" ACTION="confirm?step=2">
          <input type="hidden" name="payment" value="abc-123">
          <input type="hidden" name="csrf_token" value="t0k&amp;en">
          <label>Code <input type="tel" name="f_7" inputmode="numeric"></label>
          <input type="checkbox" name="remember" value="1">
          <input type="checkbox" name="terms" value="yes" checked>
          <input type="radio" name="action" value="confirm" checked>
          <input type="radio" name="action" value="cancel">
          <input type="submit" name="go" value="Pay">
        </FORM></body></html>""",
    # a GET form with a password input
    "get": """<html><body><form action="/verify">
          <input type="hidden" name="session" value="s1">
          <input type="password" name="pin">
        </form></body></html>""",
    # two forms: resend (hidden fields and a button only), then the code
    "two-forms": """<html><body>
        <form action="/resend" method="post">
          <input type="hidden" name="sms_resend" value="1"><button>Resend</button>
        </form>
        <form action="/submit/two-forms" method="post">
          <input type="hidden" name="uuid" value="u-9">
          <input type="number" name="smsCode">
        </form></body></html>""",
    # a site search box comes first; the form with the input named otp second
    "search-first": """<html><body>
        <form action="/search"><input type="text" name="q" placeholder="Search"></form>
        <form action="/submit/search-first" method="post">
          <input type="hidden" name="uuid" value="u-10">
          <input type="text" name="otp">
        </form></body></html>""",
    # the code split over one box per digit: no single code input
    "split": """<html><body><form action="/submit/split" method="post">
          <input type="text" name="d1" maxlength="1"><input type="text" name="d2" maxlength="1">
          <input type="text" name="d3" maxlength="1"><input type="text" name="d4" maxlength="1">
        </form></body></html>""",
    "no-form": "<html><body><p>This payment has expired.</p></body></html>",
    # the form answers 200 with the same page: a wrong code, no redirect
    "stays": """<html><body><form method="post" action="/submit/stays">
          <input name="otp"></form></body></html>""",
    # the redirect goes through an intermediate page before return_url
    "chain": """<html><body><form method="post" action="/submit/chain">
          <input name="otp"></form></body></html>""",
}

submitted: list[tuple[str, str, dict[str, str]]] = []  # (page, method, fields)
lock = threading.Lock()


def record(page: str, method: str, fields: dict[str, str]) -> None:
    with lock:
        submitted.append((page, method, fields))


def last(page: str) -> tuple[str, dict[str, str]]:
    with lock:
        found = [(m, f) for p, m, f in submitted if p == page]
    assert found, f"nothing was submitted to {page}"
    return found[-1]


async def page(request: Request) -> Response:
    return HTMLResponse(PAGES[request.path_params["name"]])


async def start(request: Request) -> Response:
    return RedirectResponse(f"/pages/{request.path_params['name']}", status_code=302)


async def submit(request: Request) -> Response:
    name = request.path_params["name"]
    fields = dict(parse_qsl((await request.body()).decode(), keep_blank_values=True))
    record(name, request.method, fields)
    if name == "stays":
        return HTMLResponse(PAGES["stays"] + "<p>Wrong code</p>")
    if name == "chain":
        return RedirectResponse("/processing", status_code=302)
    return RedirectResponse("/return?status=ok", status_code=303)


async def confirm(request: Request) -> Response:
    fields = dict(parse_qsl((await request.body()).decode(), keep_blank_values=True))
    record("tel", request.method, {**fields, "query:step": request.query_params["step"]})
    return RedirectResponse("/return/", status_code=303)


async def verify(request: Request) -> Response:
    record("get", request.method, dict(request.query_params))
    return RedirectResponse("/return", status_code=302)


async def processing(request: Request) -> Response:
    return RedirectResponse("/return", status_code=303)


async def not_json(request: Request) -> Response:
    return JSONResponse({"error": 404}, status_code=404)


APP = Starlette(
    routes=[
        Route("/pages/{name}", page),
        Route("/start/{name}", start),
        Route("/submit/{name}", submit, methods=["POST"]),
        Route("/pages/confirm", confirm, methods=["POST"]),
        Route("/verify", verify),
        Route("/processing", processing),
        Route("/gone", not_json),
    ]
)


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_in_thread(APP) as url:
        yield url


@pytest.fixture
def client(base_url: str) -> Iterator[TargetClient]:
    masker = Masker()
    masker.otp(CODE)
    client = TargetClient(base_url, masker=masker, timeout=5.0)
    yield client
    client.close()


def drive(client: TargetClient, base_url: str, path: str) -> tuple[bool, bool, str | None]:
    outcome = submit_code(client, f"{base_url}{path}", CODE, return_url=f"{base_url}/return")
    return outcome.found_form, outcome.reached_return_url, outcome.problem


def test_an_input_named_otp(client: TargetClient, base_url: str) -> None:
    outcome = submit_code(client, f"{base_url}/pages/named", CODE, return_url=f"{base_url}/return")
    assert (outcome.found_form, outcome.reached_return_url, outcome.problem) == (True, True, None)
    assert last("named") == ("POST", {"otp_session": "s-42", "otp": CODE})
    assert outcome.final is not None
    assert outcome.final.status == 303
    assert [e.method for e in outcome.evidence] == ["GET", "POST"]
    evidence = json.dumps([asdict(e) for e in outcome.evidence], ensure_ascii=False)
    assert CODE not in evidence  # the code is masked in the evidence


def test_a_tel_input_with_an_unrelated_name_and_hidden_fields(
    client: TargetClient, base_url: str
) -> None:
    assert drive(client, base_url, "/pages/tel") == (True, True, None)
    method, fields = last("tel")
    assert method == "POST"
    # as a browser would: hidden fields back, only checked boxes, no unclicked buttons
    assert fields == {"payment": "abc-123", "csrf_token": "t0k&en", "f_7": CODE, "terms": "yes",
                      "action": "confirm", "query:step": "2"}  # fmt: skip


def test_a_get_form(client: TargetClient, base_url: str) -> None:
    assert drive(client, base_url, "/pages/get") == (True, True, None)
    assert last("get") == ("GET", {"session": "s1", "pin": CODE})


def test_two_forms_of_which_one_has_a_code_input(client: TargetClient, base_url: str) -> None:
    assert drive(client, base_url, "/pages/two-forms") == (True, True, None)
    assert last("two-forms") == ("POST", {"uuid": "u-9", "smsCode": CODE})


def test_a_named_code_input_wins_over_an_earlier_text_box(
    client: TargetClient, base_url: str
) -> None:
    assert drive(client, base_url, "/pages/search-first") == (True, True, None)
    assert last("search-first") == ("POST", {"uuid": "u-10", "otp": CODE})


def test_a_page_without_a_form(client: TargetClient, base_url: str) -> None:
    found, reached, problem = drive(client, base_url, "/pages/no-form")
    assert (found, reached) == (False, False)
    assert problem == "the page has no form with exactly one code input"


def test_a_code_split_over_several_boxes_is_not_guessed(
    client: TargetClient, base_url: str
) -> None:
    assert drive(client, base_url, "/pages/split") == (
        False,
        False,
        "the page has no form with exactly one code input",
    )


def test_a_pay_url_that_is_no_html_page(client: TargetClient, base_url: str) -> None:
    found, reached, problem = drive(client, base_url, "/gone")
    assert (found, reached) == (False, False)
    assert problem == "octo_pay_url answered 404 application/json, not an HTML page"


def test_the_page_is_reached_through_a_redirect(client: TargetClient, base_url: str) -> None:
    outcome = submit_code(client, f"{base_url}/start/named", CODE, return_url=f"{base_url}/return")
    assert (outcome.found_form, outcome.reached_return_url) == (True, True)
    assert [e.status for e in outcome.evidence] == [302, 200, 303]


def test_a_redirect_chain_ends_at_return_url(client: TargetClient, base_url: str) -> None:
    outcome = submit_code(client, f"{base_url}/pages/chain", CODE, return_url=f"{base_url}/return")
    assert (outcome.found_form, outcome.reached_return_url) == (True, True)
    assert [e.status for e in outcome.evidence] == [200, 302, 303]


def test_an_answer_without_a_redirect_does_not_reach_return_url(
    client: TargetClient, base_url: str
) -> None:
    outcome = submit_code(client, f"{base_url}/pages/stays", CODE, return_url=f"{base_url}/return")
    assert (outcome.found_form, outcome.reached_return_url, outcome.problem) == (True, False, None)
    assert outcome.final is not None
    assert outcome.final.status == 200
    assert b"Wrong code" in outcome.final.content


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<form><input name="otp"></form>', "otp"),
        ('<form><input type="NUMBER" name="x"></form>', "x"),
        ('<form><textarea name="sms"></textarea></form>', "sms"),
        ('<form><input type="hidden" name="otp"><input type="text" name="k"></form>', "k"),
        ('<form><input name="a"><input name="b"></form>', None),
        ('<form><input type="text"></form>', None),  # no name: nothing to submit
        ('<input name="otp">', None),  # outside any form
    ],
)
def test_find_code_form(html: str, expected: str | None) -> None:
    found = find_code_form(html)
    assert (found[1] if found else None) == expected


@pytest.mark.parametrize(("path", "method"), [("tel", "POST"), ("get", "GET")])
def test_a_submitted_form_is_resent_as_it_was(
    client: TargetClient, base_url: str, path: str, method: str
) -> None:
    outcome = submit_code(client, f"{base_url}/pages/{path}", CODE, return_url=f"{base_url}/return")
    first = last(path)
    with lock:
        before = len(submitted)
    [exchange] = resubmit(client, outcome)
    assert exchange.method == method
    with lock:
        assert len(submitted) == before + 1  # sent once more, without reading the page again
    assert last(path) == first


def test_nothing_is_resent_where_nothing_was_submitted(client: TargetClient, base_url: str) -> None:
    outcome = submit_code(
        client, f"{base_url}/pages/no-form", CODE, return_url=f"{base_url}/return"
    )
    assert not outcome.found_form
    assert resubmit(client, outcome) == []
