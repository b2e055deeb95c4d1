"""The sandbox as an ASGI app: ``create_app(config)``.

Every API request goes through one wrapper that enforces content type and size, decodes JSON,
journals what the client sent (redacted) with its validation result, and turns any unexpected
exception into error 4: the sandbox never answers a partner's mistake with a 500.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from octo_conformance.openapi.spec import load_spec
from octo_conformance.reference.charset import JsonCharset
from octo_conformance.reference.decoding import BodyRejected, decode_json
from octo_conformance.reference.sandbox import paypage, states
from octo_conformance.reference.sandbox.api import SandboxApi
from octo_conformance.reference.sandbox.config import SandboxConfig, default_shops
from octo_conformance.reference.sandbox.envelope import JSONDict, error, redact, success
from octo_conformance.reference.sandbox.outbox import OutboxWorker
from octo_conformance.reference.sandbox.store import Store
from octo_conformance.reference.sandbox.vault import Vault, load_key

log = logging.getLogger("octo.sandbox")
Handler = Callable[[Any, Request], JSONDict]


class BodyTooLarge(Exception):
    pass


class Sandbox:
    """The app's parts, kept together so tests and ``run`` can reach the worker's lifecycle."""

    def __init__(self, config: SandboxConfig, clock: Callable[[], float]) -> None:
        self.config = config
        self.store = Store(config.db, Vault(load_key(config.db)))
        self.api = SandboxApi(config, self.store, clock)
        self.worker = OutboxWorker(config, self.store, clock)
        self._documented = {
            op.operation_id: set(
                load_spec().resolve(op.request_schema_pointer).get("properties", {})
            )
            for op in load_spec().operations()
        }

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        task = asyncio.create_task(self.worker.run())
        try:
            yield
        finally:
            self.worker.stop()
            await task
            self.store.close()

    async def _read(self, request: Request) -> bytes:
        limit = self.config.max_body_bytes
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise BodyTooLarge
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise BodyTooLarge
            chunks.append(chunk)
        return b"".join(chunks)

    def json_operation(
        self, operation_id: str, handler: Handler, *, warning: str = ""
    ) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            entry: dict[str, Any] = {
                "at": datetime.now(UTC).isoformat(timespec="milliseconds"),
                "operation": operation_id,
                "path": request.url.path,
                "warnings": [warning] if warning else [],
            }
            try:
                result = await self._answer(operation_id, handler, request, entry)
            except ClientDisconnect:  # the client hung up mid-body: nobody is left to answer
                log.info("%s: the client hung up before its body was read", operation_id)
                return Response(status_code=499)
            except Exception:  # containment: a bug must not become a 500 for the partner
                log.exception("internal error in %s", operation_id)
                result = error(4, "Internal service error")
            if operation_id == "checkSmsKey" and self.config.variant("sms-refusal-500"):
                result = _as_documented_500(result)
            if isinstance(result, Response):
                entry["response"] = {"http": result.status_code}
                self.store.journal(entry)
                return result
            entry["response"] = {"error": result.get("error")}
            self.store.journal(entry)
            return JSONResponse(self.api.dressed(result))

        return endpoint

    async def _answer(
        self, operation_id: str, handler: Handler, request: Request, entry: dict[str, Any]
    ) -> JSONDict | Response:
        try:
            raw = await self._read(request)
        except BodyTooLarge:
            return error(1, f"request body is larger than {self.config.max_body_bytes} bytes")
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != "application/json":
            return error(1, "Content-Type must be application/json")
        try:
            body = decode_json(raw)
        except BodyRejected as exc:
            if self.config.fault("bind-500-on-bad-json"):
                problem = {"title": "Internal Server Error", "status": 500, "detail": str(exc)}
                return JSONResponse(problem, status_code=500, media_type="application/problem+json")
            return error(1, str(exc))
        entry["body"] = redact(body)
        violations = self.api.violations(operation_id, body)
        entry["violations"] = [
            {"field": v.field, "rule": v.rule, "message": v.message} for v in violations
        ]
        if isinstance(body, dict):
            unknown = sorted(set(body) - self._documented[operation_id])
            entry["warnings"] += [f"undocumented field {name!r} ignored (C-47)" for name in unknown]
        if (early := self.api.early_answer(operation_id, body)) is not None:
            return early  # variant duplicate-check-first
        if violations:
            return self.api.rejection(violations, body)
        if self.config.accepted_rules(operation_id) and self.api.violations(
            operation_id, body, accepting=False
        ):
            # an accepts:<operationId>:<rule> fault let a broken body through; the code after
            # validation may not cope with it (a missing or mistyped field), and an
            # implementation that forgot the check answers success anyway. Where that code
            # refuses the body for its own reason (an unknown payment, a wrong code), the
            # forgotten check changes nothing a partner can see: the refusal stands
            try:
                return handler(body, request)
            except Exception:  # logged as what it is, then swallowed: the fault's behaviour
                log.info("%s: accepts fault swallowed an error on a broken body", operation_id)
                return success({})
        return handler(body, request)

    async def pay_page(self, request: Request) -> Response:
        payment_uuid = request.path_params["payment_uuid"]
        with self.store.transaction() as db:
            binding = self.store.binding(db, payment_uuid)
        if binding is None:
            return HTMLResponse(paypage.closed("Unknown payment."), status_code=404)
        if binding.method != "bank_card":
            status = 500 if self.config.fault("paypage-500") else 200
            return HTMLResponse(paypage.sms_notice(binding), status_code=status)
        if request.method == "GET":
            if binding.status != "created":
                return HTMLResponse(paypage.closed(f"This binding is {binding.status}."))
            if self.config.fault("paypage-no-form"):
                return HTMLResponse(paypage.app_notice(binding))
            return HTMLResponse(paypage.otp_form(binding, request.url.path))
        try:
            form = parse_qs((await self._read(request)).decode("utf-8", "replace"))
        except BodyTooLarge:
            return HTMLResponse(paypage.closed("The form was too large."), status_code=413)
        code = next(
            (values[0] for name, values in form.items() if name.lower() in {"otp", "code"}), ""
        )
        outcome, binding = self.api.confirm_on_page(payment_uuid, code)
        if outcome == "confirmed" and binding is not None:
            back = binding.return_url
            if self.config.fault("paypage-no-return"):
                back = None  # the user is left on the sandbox's own status page
            return RedirectResponse(back or f"/status/{payment_uuid}", status_code=303)
        if outcome == "wrong" and binding is not None:
            return HTMLResponse(
                paypage.otp_form(binding, request.url.path, "Wrong code, try again."),
                status_code=400,
            )
        return HTMLResponse(paypage.closed("The binding failed or expired."), status_code=400)

    async def status_page(self, request: Request) -> Response:
        with self.store.transaction() as db:
            binding = self.store.binding(db, request.path_params["payment_uuid"])
        status = binding.status if binding else "unknown"
        return HTMLResponse(
            paypage.closed(f"Binding status: {status}."), status_code=200 if binding else 404
        )

    async def journal(self, request: Request) -> Response:
        limit = request.query_params.get("limit", "100")
        # "²".isdigit() is true and int("²") fails: ASCII digits only, and no 5,000 of them
        count = int(limit) if limit.isascii() and limit.isdigit() and len(limit) <= 6 else 100
        return JSONResponse({"entries": self.store.journal_entries(min(count, 1000))})

    async def outbox(self, _request: Request) -> Response:
        return JSONResponse({"deliveries": self.store.outbox_states()})

    async def health(self, _request: Request) -> Response:
        return JSONResponse({"status": "ok", "faults": sorted(self.config.faults)})

    async def provider_states(self, request: Request) -> Response:
        """Pact provider states (sandbox-only): reset, then create what the state names."""
        try:
            body = decode_json(await self._read(request))
            return JSONResponse(states.handle(self.api, body))
        except BodyTooLarge:
            return JSONResponse({"error": "request body too large"}, status_code=413)
        except (ValueError, states.StateError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        except (TypeError, KeyError, AttributeError, OverflowError) as exc:
            # a list where a name belongs, a shop id beyond SQLite's integers: the client's error
            message = f"the provider state is not understood ({type(exc).__name__})"
            return JSONResponse({"error": message}, status_code=400)


async def _not_found(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    headers = exc.headers if isinstance(exc, HTTPException) else None  # e.g. Allow on a 405
    return JSONResponse(
        error(1, f"no such method: {request.method} {request.url.path}"), status_code=status,
        headers=headers,
    )  # fmt: skip


def create_app(
    config: SandboxConfig | None = None, *, clock: Callable[[], float] = time.time
) -> Starlette:
    """The reference OCTO sandbox. Sandbox-only endpoints live under ``/_sandbox/``."""
    config = config or SandboxConfig(shops=default_shops()[0])
    sandbox = Sandbox(config, clock)
    api = sandbox.api

    def base(request: Request) -> str:
        return str(request.base_url).rstrip("/")

    def bind(body: Any, request: Request) -> JSONDict:
        return api.bind_card(body, lambda uuid: f"{base(request)}/pay/{uuid}")

    def check(body: Any, request: Request) -> JSONDict:
        return api.check_sms_key(body, lambda uuid: f"{base(request)}/status/{uuid}")

    def info(body: Any, _request: Request) -> JSONDict:
        return api.verification_info(body)

    def block(body: Any, _request: Request) -> JSONDict:
        return api.block_card_token(body)

    slashless = "the documented path is /verificationInfo/ with a trailing slash (C-08)"
    routes = [
        Route("/bind_card", sandbox.json_operation("bindCard", bind), methods=["POST"]),
        Route(
            "/verificationInfo",
            sandbox.json_operation("verificationInfo", info, warning=slashless),
            methods=["POST"],
        ),
        Route(
            "/bind_card/check_sms_key",
            sandbox.json_operation("checkSmsKey", check),
            methods=["POST"],
        ),
        Route(
            "/block_card_token", sandbox.json_operation("blockCardToken", block), methods=["POST"]
        ),
        Route("/pay/{payment_uuid}", sandbox.pay_page, methods=["GET", "POST"]),
        Route("/status/{payment_uuid}", sandbox.status_page, methods=["GET"]),
        Route("/_sandbox/journal", sandbox.journal, methods=["GET"]),
        Route("/_sandbox/outbox", sandbox.outbox, methods=["GET"]),
        Route("/_sandbox/health", sandbox.health, methods=["GET"]),
        Route("/_sandbox/provider-states", sandbox.provider_states, methods=["POST"]),
    ]
    if not config.fault("verify-no-trailing-slash"):
        routes.insert(
            1,
            Route(
                "/verificationInfo/",
                sandbox.json_operation("verificationInfo", info),
                methods=["POST"],
            ),
        )
    middleware = [Middleware(JsonCharset)] if config.variant("json-charset") else []
    app = Starlette(
        routes=routes,
        middleware=middleware,
        lifespan=sandbox.lifespan,
        exception_handlers={404: _not_found, 405: _not_found},
    )
    app.state.sandbox = sandbox
    return app


def _as_documented_500(result: JSONDict | Response) -> JSONDict | Response:
    """Variant sms-refusal-500: a refusal of check_sms_key in the shape of the document's own
    "Unsuccessful Response Example" for it (HTTP 500, an RFC 7807 body)."""
    if isinstance(result, Response) or result.get("error") in (0, None):
        return result
    problem = {"title": "Internal Server Error", "status": 500, "detail": result.get("errMessage")}
    return JSONResponse(problem, status_code=500, media_type="application/problem+json")
