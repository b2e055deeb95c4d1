"""The suite's HTTP client: timeouts, the rate limit, a bounded read, masked evidence.

Every request the suite sends goes through :meth:`TargetClient.send`; the answer comes back as a
:class:`Reply` holding the parsed JSON (or why there is none) and an :class:`Exchange` that is
already masked, with a curl command that reproduces it (secrets as ``$ENV`` references).
"""

from __future__ import annotations

import json
import shlex
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urljoin

import httpx

from octo_conformance.errors import TargetUnreachable, TargetUnresponsive
from octo_conformance.findings import Exchange
from octo_conformance.harness.ratelimit import RateLimiter
from octo_conformance.masking import Masker

MAX_BODY_BYTES: Final = 1024 * 1024  # a hostile target may answer gigabytes
EVIDENCE_CHARS: Final = 2000


DEADLINE_FACTOR: Final = 3  # a request may take this many timeouts in all
MAX_SILENT: Final = 3  # unanswered requests in a row before the target counts as hung


@dataclass(frozen=True)
class Reply:
    status: int | None  # None: no answer (timeout, reset, refused)
    headers: Mapping[str, str]
    content: bytes
    data: Any  # the parsed JSON, or None
    json_error: str | None  # why ``data`` is None when there was an answer
    exchange: Exchange
    response: httpx.Response | None  # for schemathesis' checks

    @property
    def is_json(self) -> bool:
        return self.status is not None and self.json_error is None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    def summary(self) -> str:
        """What the answer was, for a message: ``error 6``, or why there is no envelope to read."""
        if self.status is None:
            return f"no answer ({self.json_error})"
        if not self.is_json:
            return f"HTTP {self.status} without JSON"
        error = self.get("error")
        return (
            f"error {error!r}" if error is not None else f"HTTP {self.status} without an error code"
        )

    def get(self, *path: str) -> Any:
        """``reply.get("data", "verifyId")``: None when any step is missing."""
        node = self.data
        for key in path:
            if not isinstance(node, dict):
                return None
            node = node.get(key)
        return node


class TargetClient:
    def __init__(
        self,
        base_url: str,
        *,
        masker: Masker,
        timeout: float = 10.0,
        limiter: RateLimiter | None = None,
        secret_envs: Mapping[str, str] | None = None,  # secret value -> env var name
    ) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self.masker = masker
        self.limiter = limiter or RateLimiter(None)
        self.secret_envs = dict(secret_envs or {})
        self.timeout = timeout
        self.deadline = timeout * DEADLINE_FACTOR  # for a whole request, however it trickles
        # requests in a row without an answer, per URL: a fast endpoint beside a hung one (a
        # provider-state URL next to a hung callback URL) must not hide the hang
        self.silent: dict[str, int] = {}
        self._silent_lock = threading.Lock()
        self._http = httpx.Client(timeout=timeout, follow_redirects=False)

    def close(self) -> None:
        self._http.close()

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path.lstrip("/"))

    def post_json(self, path: str, body: Any) -> Reply:
        return self.send("POST", self.url(path), json.dumps(body).encode(), "application/json")

    def send(
        self,
        method: str,
        url: str,
        content: bytes | None = None,
        content_type: str | None = None,
    ) -> Reply:
        headers = {"content-type": content_type} if content_type else {}
        if self.silent.get(url, 0) >= MAX_SILENT:
            raise TargetUnresponsive(
                f"{MAX_SILENT} requests in a row got no answer within {self.timeout:g} s"
            )
        self.limiter.wait()
        started = time.perf_counter()
        fetched = self._within_deadline(method, url, content, headers)
        if isinstance(fetched, str):  # no (complete) answer: the reason
            elapsed = (time.perf_counter() - started) * 1000
            with self._silent_lock:
                self.silent[url] = self.silent.get(url, 0) + 1
            exchange = self._exchange(
                method, url, content, content_type, None, {}, b"", elapsed, fetched
            )
            return Reply(None, {}, b"", None, fetched, exchange, None)
        response, raw = fetched
        body = bytes(raw[:MAX_BODY_BYTES])
        with self._silent_lock:
            self.silent[url] = 0
        elapsed = (time.perf_counter() - started) * 1000
        data, json_error = _parse(body, truncated=len(raw) > MAX_BODY_BYTES)
        response_headers = {k.lower(): v for k, v in response.headers.items()}
        exchange = self._exchange(
            method, url, content, content_type, response.status_code, response_headers, body, elapsed, None
        )  # fmt: skip
        # a closed-stream response object for schemathesis' checks, with the bounded body
        snapshot = httpx.Response(
            response.status_code, headers=response.headers, content=body, request=response.request
        )
        snapshot.elapsed = response.elapsed
        return Reply(
            response.status_code, response_headers, body, data, json_error, exchange, snapshot
        )

    def _within_deadline(
        self, method: str, url: str, content: bytes | None, headers: dict[str, str]
    ) -> tuple[httpx.Response, bytearray] | str:
        """The answer and its (bounded) body, or why there is none.

        httpx's timeout bounds each read, so a target that trickles a byte at a time could hold
        a request forever; the request runs in its own thread and is abandoned at the deadline
        (the thread ends when the target lets go, or when the client closes).
        """
        outcome: list[tuple[httpx.Response, bytearray] | BaseException] = []
        done = threading.Event()

        def attempt() -> None:
            try:
                with self._http.stream(method, url, content=content, headers=headers) as response:
                    raw = bytearray()
                    for chunk in response.iter_bytes():
                        raw += chunk
                        if len(raw) > MAX_BODY_BYTES:
                            break
                outcome.append((response, raw))
            except BaseException as exc:  # handed to the caller; an abandoned attempt drops it
                outcome.append(exc)
            finally:
                done.set()

        threading.Thread(target=attempt, name="octo-request", daemon=True).start()
        if not done.wait(self.deadline):
            return (
                f"no complete answer within {self.deadline:g} s (the target kept the request open)"
            )
        result = outcome[0]
        if isinstance(result, httpx.ConnectError | httpx.ConnectTimeout):  # no connection
            raise TargetUnreachable(f"{method} {url}: {result}") from result
        if isinstance(result, httpx.HTTPError):
            return f"{type(result).__name__}: {result}" if str(result) else type(result).__name__
        if isinstance(result, BaseException):
            raise result
        return result

    def _exchange(
        self, method: str, url: str, content: bytes | None, content_type: str | None,
        status: int | None, headers: dict[str, str], body: bytes, elapsed: float, error: str | None,
    ) -> Exchange:  # fmt: skip
        sent = content.decode("utf-8", "replace") if content is not None else None
        shown = self.masker.text(sent) if sent is not None else None
        answer = self._evidence(body)
        kept = {
            k: v for k, v in headers.items() if k in ("content-type", "location", "content-length")
        }
        return Exchange(
            method=method, url=self.masker.text(url), request_body=shown, status=status,
            response_headers=kept, response_body=answer, elapsed_ms=round(elapsed, 1),
            curl=self.curl(method, url, sent, content_type), error=error,
        )  # fmt: skip

    def _evidence(self, body: bytes) -> str:
        """The answer as evidence: masked, at most EVIDENCE_CHARS.

        Only a window of the answer is masked (masking a 1 MiB answer costs far more than the
        request). A value cut in two at the window's end would escape the masker, so the
        window's tail, longer than any masked value, is dropped as well.
        """
        text = body.decode("utf-8", "replace")
        longest = max((len(v) for vs in self.masker.sensitive().values() for v in vs), default=0)
        margin = 64 + 2 * max(longest, 19)  # 19: the longest digit run masked as a PAN
        answer = self.masker.text(text[: EVIDENCE_CHARS + margin])
        if len(text) > EVIDENCE_CHARS + margin:
            answer = answer[: max(0, len(answer) - margin)]
        if len(text) > EVIDENCE_CHARS + margin or len(answer) > EVIDENCE_CHARS:
            answer = answer[:EVIDENCE_CHARS] + f"… ({len(body)} bytes in all)"
        return answer

    def curl(self, method: str, url: str, body: str | None, content_type: str | None) -> str:
        """A shell command that replays the request; secrets come from their variables."""
        parts = ["curl", "-sS", "-X", method, shlex.quote(self.masker.text(url))]
        if content_type:
            parts += ["-H", shlex.quote(f"Content-Type: {content_type}")]
        if body is not None:
            marks: dict[str, str] = {}
            for index, (secret, env) in enumerate(self.secret_envs.items()):
                mark = f"\x00SECRET{index}\x00"
                body = body.replace(secret, mark)
                marks[mark] = env
            quoted = shlex.quote(self.masker.text(body))
            for mark, env in marks.items():
                quoted = quoted.replace(mark, f"'\"${env}\"'")
            parts += ["--data-raw", quoted]
        return " ".join(parts)


def _parse(body: bytes, *, truncated: bool) -> tuple[Any, str | None]:
    if truncated:
        return None, f"the answer is larger than {MAX_BODY_BYTES} bytes"
    if not body:
        return None, "the answer is empty"
    try:
        return json.loads(body), None
    except UnicodeDecodeError:
        return None, "the answer is not UTF-8"
    except json.JSONDecodeError as exc:
        return None, f"the answer is not JSON ({exc.msg} at byte {exc.pos})"
