"""What the webhook suite is pointed at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from octo_conformance.core.profiles import Profile
from octo_conformance.core.selection import EVERYTHING, Selection

DEFAULT_TIMEOUT: Final = 10.0  # C-34
STATE_SETUP_TIMEOUT: Final = 10.0  # the provider-state endpoint's, never below the receiver's
PENDING_STATE: Final = "a pending card binding exists"
PHASES: Final = ("scenarios", "payload rules", "generated valid callbacks")
"""The webhook suite's phases, in the order they run (``--only``/``--exclude`` name them)."""


@dataclass(frozen=True)
class WebhookBudget:
    valid_examples: int  # generated valid callbacks, each set up, sent and retried
    rule_examples: int  # broken callbacks per payload rule


WEBHOOK_BUDGETS: Final = {
    Profile.QUICK: WebhookBudget(valid_examples=5, rule_examples=1),
    Profile.STANDARD: WebhookBudget(valid_examples=20, rule_examples=2),
    Profile.DEEP: WebhookBudget(valid_examples=100, rule_examples=5),
}


@dataclass(frozen=True)
class WebhookSettings:
    url: str
    today: date
    seed: int
    state_setup_url: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    profile: Profile = Profile.STANDARD
    max_rps: float | None = None
    selection: Selection = EVERYTHING  # --only / --exclude

    @property
    def budget(self) -> WebhookBudget:
        return WEBHOOK_BUDGETS[self.profile]
