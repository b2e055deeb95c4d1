"""What every answer of a partner's receiver is judged on, as the selection sees it."""

from __future__ import annotations

import inspect
import re

from octo_conformance.webhook.context import EVERY_ANSWER, WebhookContext


def test_every_answer_lists_the_ids_the_answer_judge_records() -> None:
    """EVERY_ANSWER decides which payload rules --only one of them runs: an ID ``_judge``
    records but the list lacks would make --only it skip every rule silently."""
    source = inspect.getsource(WebhookContext._judge)
    assert set(re.findall(r'"(HOOK-[A-Z]+-\d+)"', source)) == set(EVERY_ANSWER)
