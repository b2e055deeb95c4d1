"""Zone B: every MUST rests on a sentence of the document (CLARIFICATIONS.md, "Zones").

A MUST requirement's clause quotes the document word for word, or cites a clarification whose
"Document:" line does. What the document leaves open is a SHOULD at most. The contract modes
(PACT-*) judge agreement with a contract file, not the document's behaviour, and are left out.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from octo_conformance.openapi.document import document_text, quoted_verbatim, quotes
from octo_conformance.requirements import Level, Mode, Requirement, catalogue

CLARIFICATIONS = Path(__file__).parents[2] / "openapi" / "CLARIFICATIONS.md"
JUDGED_MODES = (Mode.PROVIDER, Mode.WEBHOOK)


@cache
def document_lines() -> dict[str, str]:
    """C-number → the clarification's "- Document:" line."""
    text = CLARIFICATIONS.read_text(encoding="utf-8")
    found = {}
    for match in re.finditer(r"^### (C-\d+) .*?$(.*?)(?=^### |\Z)", text, re.S | re.M):
        line = re.search(r"^- Document:(.*?)(?=^- |\Z)", match.group(2), re.S | re.M)
        found[match.group(1)] = line.group(1) if line else ""
    return found


def musts() -> list[Requirement]:
    return [r for r in catalogue().values() if r.level is Level.MUST and r.mode in JUDGED_MODES]


@pytest.mark.parametrize("requirement", musts(), ids=lambda r: r.id)
def test_a_must_quotes_the_document(requirement: Requirement) -> None:
    if quoted_verbatim(requirement.clause):
        return
    cited = re.findall(r"C-\d+", requirement.clause)
    backed = [c for c in cited if quoted_verbatim(document_lines().get(c, ""))]
    assert backed, (
        f"{requirement.id} is a MUST, but its clause quotes no sentence of the document word for "
        f"word ({quotes(requirement.clause) or 'no quote'}) and cites no clarification that does "
        f"({cited or 'none cited'}): quote the sentence, or make it a SHOULD"
    )


def test_the_check_catches_a_made_up_quote() -> None:
    assert quoted_verbatim('"error | Integer | Yes | Error code."') == [
        "error | Integer | Yes | Error code."
    ]
    assert quoted_verbatim('"debits and refunds a random amount"') == []  # not in the document
    assert "debits and refunds" not in document_text()


def test_every_provider_and_webhook_must_is_covered_by_the_check() -> None:
    assert len(musts()) > 100  # the catalogue is loaded whole, rule requirements included
