"""``application/json; charset=utf-8`` on every JSON answer: the variant ``json-charset`` of both
reference servers (C-46 allows parameters on the media type)."""

from __future__ import annotations

from typing import Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

JSON_WITH_CHARSET: Final = b"application/json; charset=utf-8"


class JsonCharset:
    """ASGI middleware: a ``Content-Type: application/json`` answer gains ``; charset=utf-8``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_charset(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (name, JSON_WITH_CHARSET if _is_plain_json(name, value) else value)
                    for name, value in message.get("headers", [])
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_charset)


def _is_plain_json(name: bytes, value: bytes) -> bool:
    return name.lower() == b"content-type" and value.strip().lower() == b"application/json"
