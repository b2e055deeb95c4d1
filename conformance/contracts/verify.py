"""Verify a provider or a webhook against the shipped pacts with pact-python's Verifier.

The Rust verifier prints its own report on file descriptor 1, values included; that output is
captured and dropped (``v.results`` carries the same facts), so nothing unmasked reaches the
console. Each interaction becomes one finding of ``PACT-PROV-001`` or ``PACT-HOOK-001``.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from octo_conformance.contracts import VERIFICATION_REQUIREMENT
from octo_conformance.contracts.generate import PACT_DIR, pact_file
from octo_conformance.contracts.interactions import OCTO, WEBHOOK
from octo_conformance.findings import Recorder, Verdict

os.environ.setdefault("PACT_DO_NOT_TRACK", "true")


@dataclass(frozen=True)
class InteractionResult:
    description: str
    ok: bool
    problems: tuple[str, ...]


@dataclass(frozen=True)
class Verification:
    kind: str  # provider | webhook
    target: str
    results: tuple[InteractionResult, ...]
    seconds: float

    @property
    def ok(self) -> bool:
        return bool(self.results) and all(r.ok for r in self.results)

    def record(self, recorder: Recorder) -> None:
        requirement = VERIFICATION_REQUIREMENT[self.kind]
        for result in self.results:
            message = "" if result.ok else f"{result.description}: {'; '.join(result.problems)}"
            recorder.record(requirement, Verdict.PASS if result.ok else Verdict.FAIL, message, check=f"pact: {result.description}")  # fmt: skip
        if not self.results:
            recorder.record(
                requirement, Verdict.FAIL, "the verifier judged no interaction", check="pact"
            )


@contextlib.contextmanager
def _captured_fd1() -> Iterator[None]:
    """The Rust core writes to fd 1 directly; send it to a scratch file for the duration."""
    sys.stdout.flush()
    saved = os.dup(1)
    with tempfile.TemporaryFile() as scratch:
        os.dup2(scratch.fileno(), 1)
        try:
            yield
        finally:
            sys.stdout.flush()
            os.dup2(saved, 1)
            os.close(saved)


def _pact_source(kind: str, url: str, document: dict[str, Any] | None, directory: Path) -> Path:
    """The pact to verify as a file: the shipped one, or ``document`` (e.g. from a broker).
    A webhook pact's request path is set to the receiver's (its URL's path)."""
    if document is None:
        if kind == "provider":
            return pact_file("provider")
        document = json.loads(pact_file("webhook", PACT_DIR).read_text(encoding="utf-8"))
    if kind == "webhook":
        path = urlsplit(url).path or "/"
        for interaction in document.get("interactions", []):
            interaction.get("request", {})["path"] = path
    target = directory / f"{kind}.json"
    target.write_text(json.dumps(document), encoding="utf-8")
    return target


def verify(
    kind: str, url: str, state_setup_url: str | None, document: dict[str, Any] | None = None
) -> Verification:
    """``kind`` provider: ``url`` is the API's base URL; webhook: the callback URL. ``document``:
    the pact to verify (default: the shipped one)."""
    from pact import Verifier

    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    base = f"{parts.scheme}://{parts.netloc}"
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        source = _pact_source(kind, url, document, Path(scratch))
        verifier = (
            Verifier(OCTO if kind == "provider" else WEBHOOK, host=host)
            .add_transport(url=base)
            .add_source(str(source))
            .set_coloured_output(enabled=False)
        )
        if state_setup_url:
            verifier = verifier.state_handler(state_setup_url, teardown=True, body=True)
        with _captured_fd1(), contextlib.suppress(RuntimeError):  # failures are in .results
            verifier.verify()
        results = verifier.results
    return Verification(kind, url, _interactions(results), round(time.perf_counter() - started, 2))


def _interactions(results: dict[str, Any]) -> tuple[InteractionResult, ...]:
    problems: dict[str, list[str]] = {}
    for error in results.get("errors", []):
        description = str(error.get("interaction", "")).split(" - ")[-1]
        mismatch = error.get("mismatch") or {}
        found = mismatch.get("mismatches") or [mismatch]
        problems.setdefault(description, []).extend(_describe(m) for m in found)
    return tuple(
        InteractionResult(
            description=str(item.get("description", "")),
            ok=item.get("result") == "OK",
            problems=tuple(
                problems.get(str(item.get("description", "")), ["the verifier reported an error"])
            )
            if item.get("result") != "OK"
            else (),
        )
        for item in results.get("interactionResults", [])
    )


def _describe(mismatch: dict[str, Any]) -> str:
    where = mismatch.get("path") or ""
    text = mismatch.get("mismatch") or mismatch.get("message") or mismatch.get("type") or "mismatch"
    return f"{where}: {text}" if where else str(text)
