"""Generate the two consumer pacts with pact-python (V4), checked against the spec first.

Each interaction's example request must satisfy the spec's request rules and its example answer
the documented response schema: a contract that disagrees with the spec fails the build
(:class:`ContractDisagreesWithSpec`). Each interaction is then played once against pact-python's
mock server, as a consumer test would, and written into a fresh directory (pact-python merges
into an existing file, so stale interactions would survive otherwise).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, Final

import httpx

from octo_conformance.contracts.interactions import (
    OCTO,
    PARTNER,
    WEBHOOK,
    Interaction,
    octo_to_webhook,
    partner_to_octo,
    with_matchers,
)
from octo_conformance.errors import ContractDisagreesWithSpec
from octo_conformance.openapi.responses import schema_problems
from octo_conformance.openapi.rules import request_violations
from octo_conformance.openapi.spec import load_spec

os.environ.setdefault("PACT_DO_NOT_TRACK", "true")  # no telemetry lookups from CI

# the shipped pacts live inside the package (package data), so an installed wheel has them
PACT_DIR: Final = Path(__file__).resolve().parent / "pacts"
SPEC_DAY: Final = date(2026, 11, 29)  # the day the examples' expiry dates are judged on
CONTRACTS: Final = {
    "provider": (PARTNER, OCTO, partner_to_octo),
    "webhook": (OCTO, WEBHOOK, octo_to_webhook),
}


def pact_file(kind: str, directory: Path = PACT_DIR) -> Path:
    consumer, provider, _ = CONTRACTS[kind]
    return directory / f"{consumer}-{provider}.json"


def spec_problems(interaction: Interaction) -> list[str]:
    """What the spec says against this interaction's example request and answer."""
    found = [
        f"request {v.field}: {v.message}"
        for v in request_violations(interaction.operation_id, interaction.request, today=SPEC_DAY)
    ]
    if interaction.operation_id == "cardTokenCallback":
        name = "CallbackAcknowledgement" if interaction.status == 200 else "CallbackRejection"
        validator = load_spec().component_validator(name)
        found += [f"response: {e.message}" for e in validator.iter_errors(interaction.response)]
        if not (interaction.status == 200 or 400 <= interaction.status < 500):
            found.append(
                f"response: status {interaction.status} is neither 200 nor 4xx (C-26, C-27)"
            )
    else:
        found += [
            f"response: {p}"
            for p in schema_problems(interaction.operation_id, interaction.response)
        ]
        if interaction.status != 200:
            found.append(
                f"response: status {interaction.status}; handled errors are HTTP 200 (C-09)"
            )
    return found


def check_against_spec(interactions: Iterable[Interaction]) -> None:
    problems = [f"{i.description}: {p}" for i in interactions for p in spec_problems(i)]
    if problems:
        raise ContractDisagreesWithSpec("; ".join(problems))


def generate(kind: str, directory: Path = PACT_DIR) -> Path:
    """Write one contract's pact file into ``directory`` (replacing it); return its path."""
    from pact import Pact

    consumer, provider, build = CONTRACTS[kind]
    interactions = build()
    check_against_spec(interactions)
    with tempfile.TemporaryDirectory() as scratch:
        for interaction in interactions:
            pact = Pact(consumer, provider).with_specification("V4")
            _declare(pact, interaction)
            with pact.serve(addr="127.0.0.1") as server:  # the consumer test: play it once
                answer = httpx.post(
                    f"{server.url}{interaction.path}", json=interaction.request, timeout=10
                )
                if answer.status_code != interaction.status:
                    raise RuntimeError(
                        f"{interaction.description}: the mock answered {answer.status_code}"
                    )
            pact.write_file(scratch)
        directory.mkdir(parents=True, exist_ok=True)
        target = pact_file(kind, directory)
        shutil.copyfile(Path(scratch) / target.name, target)
    return target


def _declare(pact: Any, interaction: Interaction) -> None:
    declared = pact.upon_receiving(interaction.description)
    if interaction.state is not None:
        declared = declared.given(interaction.state, interaction.params)
    (
        declared.with_request("POST", interaction.path)
        .with_header("Content-Type", "application/json")
        .with_body(with_matchers(interaction.request), content_type="application/json")
        .will_respond_with(interaction.status)
        .with_body(
            with_matchers(interaction.response, request=False), content_type="application/json"
        )
    )


def generate_all(directory: Path = PACT_DIR) -> list[Path]:
    return [generate(kind, directory) for kind in CONTRACTS]
