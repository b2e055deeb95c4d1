"""The source document itself (``octo-card-tokenization.txt``, as published), for quoting.

A MUST requirement rests on a sentence of the document (CLARIFICATIONS.md, "Zones"): the
requirement catalogue quotes it through :func:`field_row`, and a test checks every quote of a
MUST clause against :func:`document_text`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Final

DOCUMENT_PATH: Final = Path(__file__).with_name("octo-card-tokenization.txt")

# where each operation's parameter table starts and ends (the document's own headings)
_SECTIONS: Final = {
    "bindCard": ("/bind_card\n- URL:", "verificationInfo\n- URL:"),
    "verificationInfo": ("verificationInfo\n- URL:", "/bind_card/check_sms_key\n- URL:"),
    "checkSmsKey": ("/bind_card/check_sms_key\n- URL:", "callback\nRequest Example"),
    "cardTokenCallback": ("callback\nRequest Example", "block_card_token\n- URL:"),
    "blockCardToken": ("block_card_token\n- URL:", "Possible Error Codes"),
}


@cache
def raw_document() -> str:
    return DOCUMENT_PATH.read_text(encoding="utf-8")


@cache
def document_text() -> str:
    """The document with its white space folded: a quote is checked against this."""
    return " ".join(raw_document().split())


def section(operation_id: str) -> str:
    start, end = _SECTIONS[operation_id]
    text = raw_document()
    begin = text.index(start)
    return text[begin : text.index(end, begin + len(start))]


def field_row(operation_id: str, field: str) -> str | None:
    """The row of ``field`` in the operation's parameter table, without its trailing ``|``
    (``"pan | String | Yes | The Client's card number used for the transaction."``)."""
    for line in section(operation_id).splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) >= 4 and cells[0] == field:
            return " | ".join(c for c in cells if c)
    return None


def quotes(text: str) -> list[str]:
    """The double-quoted passages of ``text`` (four characters or more), white space folded."""
    found, start = [], text.find('"')
    while start >= 0:
        end = text.find('"', start + 1)
        if end < 0:
            break
        passage = " ".join(text[start + 1 : end].split())
        if len(passage) >= 4:
            found.append(passage)
        start = text.find('"', end + 1)
    return found


def quoted_verbatim(text: str) -> list[str]:
    """The quotes of ``text`` that occur in the document, word for word."""
    return [q for q in quotes(text) if q in document_text()]
