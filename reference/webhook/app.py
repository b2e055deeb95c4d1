"""The webhook as an ASGI app: ``create_app(config)``.

Every POST goes through one reader that enforces size and content type and decodes JSON; every
answer is JSON. A partner's mistake is a 4xx; only a bug of the receiver itself is a 5xx, so
OCTO retries it (C-26). Log lines show a PAN only as first6…last4 (C-50).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import re
import traceback
from collections.abc import AsyncIterator, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from octo_conformance.openapi.cards import mask_pan
from octo_conformance.reference.charset import JsonCharset
from octo_conformance.reference.decoding import BodyRejected, decode_json
from octo_conformance.reference.webhook.config import WebhookConfig, load_key
from octo_conformance.reference.webhook.receiver import PROCESSED, Answer, Receiver
from octo_conformance.reference.webhook.states import ProviderStates
from octo_conformance.reference.webhook.store import Store

log = logging.getLogger("octo.webhook")
_DIGIT_RUN = re.compile(r"(?<!\d)\d{13,19}(?!\d)")


class Rejected(Exception):
    def __init__(self, status: int, message: str, code: str, *, bad_json: bool = False) -> None:
        super().__init__(message)
        self.answer = Answer(status, message, code)
        self.bad_json = bad_json


class Webhook:
    """The app's parts, kept together so tests and ``run`` can reach them."""

    def __init__(self, config: WebhookConfig) -> None:
        self.config = config
        key, self.key_source = load_key(config)
        self.store = Store(config.db, key)
        self.receiver = Receiver(config, self.store)
        self.states = ProviderStates(self.store)

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            self.store.close()

    async def _body(self, request: Request) -> Any:
        limit = self.config.max_body_bytes
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise Rejected(413, f"request body is larger than {limit} bytes", "BODY_TOO_LARGE")
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise Rejected(413, f"request body is larger than {limit} bytes", "BODY_TOO_LARGE")
            chunks.append(chunk)
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != "application/json":
            raise Rejected(415, "Content-Type must be application/json", "UNSUPPORTED_MEDIA_TYPE")
        try:
            return decode_json(b"".join(chunks))
        except BodyRejected as exc:
            raise Rejected(400, str(exc), "INVALID_JSON", bad_json=True) from None

    async def callback(self, request: Request) -> Response:
        if self.config.fault("slow"):
            await asyncio.sleep(self.config.slow_seconds)
        body: Any = None
        try:
            body = await self._body(request)
            answer = self.receiver.handle(body)
        except Rejected as rejected:
            if rejected.bad_json and self.config.fault("500-on-bad-json"):
                answer = Answer(500, f"Internal Server Error: {rejected}")
            else:
                answer = rejected.answer
        except ClientDisconnect:  # the sender gave up (a timeout): nobody is left to answer
            return Response(status_code=499)
        except Exception as exc:  # a bug: 500, so OCTO retries; never the body in the log
            log.error("internal error: %s\n%s", type(exc).__name__, _code_only(exc))
            answer = Answer(500, "internal error")
        _log_callback(body, answer)
        return self._callback_response(answer, body)

    def _callback_response(self, answer: Answer, body: Any) -> Response:
        fault, variant = self.config.fault, self.config.variant
        if answer.accepted:
            shown: dict[str, Any] = {"status": "success", "message": PROCESSED}
            if variant("ack-minimal-body"):  # only the 200 is the "Expected Response"
                shown = {"status": "success"}
            if fault("wrong-success-body"):
                shown = {"ok": True}
            if fault("echoes-pan") and isinstance(body, dict) and "pan" in body:
                shown["pan"] = body["pan"]
            if variant("ack-empty-body"):  # the status alone tells OCTO the callback was processed
                return Response(status_code=200)
            return JSONResponse(shown, status_code=201 if fault("201-on-success") else 200)
        status = answer.status
        refused = status < 500  # a 5xx is the receiver's failure, not a refusal
        if refused and (one_status := self.config.refusal_status()) is not None:
            status = one_status  # variants refuses-400/404/422: "400 and above"
        if refused and fault("rejects-with-200"):
            status = 200
        if refused and fault("html-error-body"):
            page = f"<html><body><h1>Error {status}</h1><p>{html.escape(answer.message)}</p></body></html>"
            return HTMLResponse(page, status_code=status)
        shown = {"status": "error", "message": answer.message}
        if refused and variant("refusal-with-code"):
            shown["code"] = answer.code or "REFUSED"
        return JSONResponse(shown, status_code=status)

    async def provider_states(self, request: Request) -> Response:
        try:
            answer = self.states.handle(await self._body(request))
        except Rejected as rejected:
            answer = rejected.answer
        log.info("provider state: %s", answer.message)
        shown = "success" if answer.accepted else "error"
        return JSONResponse({"status": shown, "message": answer.message}, answer.status)

    async def bindings(self, _request: Request) -> Response:
        return JSONResponse({"bindings": [b.shown() for b in self.store.bindings()]})

    async def health(self, _request: Request) -> Response:
        return JSONResponse({"status": "ok", "faults": sorted(self.config.faults)})


def _code_only(exc: BaseException) -> str:
    """The traceback's frames without the exception's message, which may quote input."""
    return "".join(traceback.format_tb(exc.__traceback__))


def _log_callback(body: Any, answer: Answer) -> None:
    fields = body if isinstance(body, dict) else {}
    pan = fields.get("pan")
    card = mask_pan(pan) if isinstance(pan, str) else "-"
    tx_id, status = (repr(fields.get(k))[:80] for k in ("shop_transaction_id", "status"))
    line = f"callback tx={tx_id} status={status} card={card} -> {answer.status} {answer.message}"
    # a PAN pasted into another field is masked too: those values are input, not ours to trust
    log.info("%s", _DIGIT_RUN.sub(lambda m: mask_pan(m[0]), line))


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    message = f"no such endpoint: {request.method} {request.url.path}"
    return JSONResponse({"status": "error", "message": message}, status_code=status)


def create_app(config: WebhookConfig | None = None) -> Starlette:
    """The reference partner webhook. Test-only endpoints live under ``/_pact/`` and ``/_webhook/``."""
    webhook = Webhook(config or WebhookConfig())
    routes = [
        Route("/octo/callback", webhook.callback, methods=["POST"]),
        Route("/_pact/provider-states", webhook.provider_states, methods=["POST"]),
        Route("/_webhook/bindings", webhook.bindings, methods=["GET"]),
        Route("/_webhook/health", webhook.health, methods=["GET"]),
    ]
    handlers: dict[Any, Callable[[Request, Exception], Any]] = {404: _http_error, 405: _http_error}
    middleware = [Middleware(JsonCharset)] if webhook.config.variant("json-charset") else []
    app = Starlette(
        routes=routes,
        middleware=middleware,
        lifespan=webhook.lifespan,
        exception_handlers=handlers,
    )
    app.state.webhook = webhook
    return app
