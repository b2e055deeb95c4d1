"""Every exception the suite raises, and the exit codes they map to (DESIGN.md).

One root, in the style of httpx's ``_exceptions.py``: catch :class:`ConformanceError` to catch
anything the suite means to raise; anything else escaping is a bug of the suite. The command
line maps an escaping error to its ``exit_code`` in one place (``conformance.cli.main``).

```
ConformanceError
├── UsageError                     exit 2: what the user gave cannot be used
│   ├── WaiverError                  a waiver file is malformed
│   ├── PactFileError                a pact file cannot be read as a pact
│   └── SinkUnavailable              the callback sink cannot listen where asked
├── TargetError                    the target, not the user
│   ├── TargetUnreachable            exit 3: nothing answered at all
│   ├── TargetUnresponsive           several requests in a row unanswered: the phase ends
│   └── PublishError                 exit 3: the Pact Broker refused or did not answer
├── ContractDisagreesWithSpec      exit 1: a shipped contract example breaks the spec
└── ScenarioStop                   control flow inside a run, never escapes a runner
    ├── Skipped                      the scenario cannot run here; the reason is reported
    │   ├── NoCardAvailable            every card this target may see has been used
    │   └── OtpUnavailable             no OTP for this binding
    └── Aborted                      a step failed (recorded); the rest would judge nothing
        └── SetupFailed                the target's test set-up (provider states) refused
```

The reference servers (``reference/``) keep their own internal exceptions: they never reach a
user of the suite, only an HTTP answer does.
"""

from __future__ import annotations

from enum import IntEnum
from typing import ClassVar


class ExitCode(IntEnum):
    CONFORMANT = 0
    NON_CONFORMANT = 1
    USAGE = 2
    UNREACHABLE = 3


class ConformanceError(Exception):
    """The root of every exception the suite raises on purpose."""

    exit_code: ClassVar[ExitCode] = ExitCode.NON_CONFORMANT
    title: ClassVar[str] = "error"


class UsageError(ConformanceError, ValueError):
    exit_code = ExitCode.USAGE
    title = "usage error"


class WaiverError(UsageError):
    """A waiver file that cannot be used (the message names the file and the entry)."""

    title = "bad waiver file"


class PactFileError(UsageError):
    """A file that cannot be read as a pact (the message names the file and the place)."""

    title = "cannot read the pact"


class EmptyPact(PactFileError):
    """A pact (consumer and provider named) without a single interaction."""


class SinkUnavailable(UsageError):
    """The callback sink cannot listen on the address given (e.g. the port is taken)."""

    title = "cannot start the callback sink"


class TargetError(ConformanceError):
    exit_code = ExitCode.UNREACHABLE


class TargetUnreachable(TargetError):
    """The target refused or dropped the connection before any answer."""

    title = "target unreachable"


class TargetUnresponsive(TargetError):
    """The target left several requests in a row unanswered; the rest would only wait too.

    The unanswered requests themselves are findings (no answer in time); what follows is
    skipped, so a hung target costs a few timeouts, not one per request.
    """

    title = "target unresponsive"


class PublishError(TargetError):
    """The Pact Broker refused a pact or did not answer."""

    title = "publishing failed"


class ContractDisagreesWithSpec(ConformanceError, ValueError):
    """A contract example the suite ships breaks the spec it is generated from."""

    title = "a contract disagrees with the spec"


class ScenarioStop(ConformanceError):
    """Ends one scenario (or one phase); the runner records why and goes on."""


class Skipped(ScenarioStop):
    """The scenario cannot run here (no OTP source, no second shop, ...); the reason is reported."""


class NoCardAvailable(Skipped):
    """Every card the suite may send to this target has been used (production mode)."""


class OtpUnavailable(Skipped):
    """No OTP for this binding; the checks that need one are skipped with this reason."""


class Aborted(ScenarioStop):
    """A step failed (already recorded); the rest of the scenario would judge nothing real."""


class SetupFailed(Aborted):
    """The target's test set-up (its provider-state endpoint) refused: nothing could be judged,
    and the run reports it as an error of the run, not as a finding."""
