"""PROV-SAFE-003: are the tokens this run received guessable? (C-53)"""

from __future__ import annotations

import itertools
import re

from octo_conformance.findings import Verdict
from octo_conformance.provider.context import NO_CALLBACKS, ProviderContext

MIN_TOKEN_LENGTH = 16
_COUNTER = re.compile(r"\d+$")


def sequential(tokens: list[str]) -> bool:
    """True when two tokens share everything but a trailing number, a small step apart."""
    counters: dict[str, list[int]] = {}
    for token in set(tokens):
        match = _COUNTER.search(token)
        if match:
            counters.setdefault(token[: match.start()], []).append(int(match.group()))
    for numbers in counters.values():
        numbers.sort()
        if any(b - a < 1000 for a, b in itertools.pairwise(numbers)):
            return True
    return False


def judge_tokens(ctx: ProviderContext) -> None:
    tokens = list(dict.fromkeys(ctx.tokens_seen))
    ctx = ctx.checking("token-entropy")
    if len(tokens) < 2:
        why = "fewer than two tokens were received"
        if not ctx.settings.callbacks:
            why = f"no token was received: {NO_CALLBACKS}"
        ctx.record("PROV-SAFE-003", Verdict.SKIP, why)
    elif sequential(tokens):
        n = len(tokens)
        message = f"the {n} tokens received differ only by a small trailing counter: sequential, guessable (C-53)"
        ctx.record("PROV-SAFE-003", Verdict.FAIL, message)
    elif min(map(len, tokens)) < MIN_TOKEN_LENGTH:
        message = f"a token is shorter than {MIN_TOKEN_LENGTH} characters (C-53)"
        ctx.record("PROV-SAFE-003", Verdict.WARN, message)
    else:
        ctx.record("PROV-SAFE-003", Verdict.PASS)
