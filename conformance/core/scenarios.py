"""Named scenarios, and running them concurrently.

A scenario walks one documented path and judges the requirements it declares; its function
gets a view of the run's context bound to its name and requirements. Both suites keep a
:class:`ScenarioRegistry` and run it with :func:`run_scenarios`: a scenario that cannot run
here, stops early or crashes has its requirements skipped with the reason, and the run goes on.
A scenario registered with ``background=True`` (one that mostly waits, such as an OTP running
out) is not run by :func:`run_scenarios`: :func:`in_background` runs it beside the whole run.
One registered ``alone=True`` (it holds the target's deliveries) runs after the others, either
at the end of :func:`run_scenarios` or, with ``in_background(..., alone=True)``, beside a
block during which no other callback is due.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generic, Protocol, Self, TypeVar

from octo_conformance.core.phases import PhaseLog, Progress
from octo_conformance.core.selection import EVERYTHING, Selection
from octo_conformance.errors import Aborted, SetupFailed, Skipped, TargetError, TargetUnresponsive
from octo_conformance.findings import Verdict


class ScenarioContext(Protocol):
    def checking(self, check: str, requirements: tuple[str, ...] | None = None) -> Self: ...

    def record(self, requirement: str, verdict: Verdict, message: str = "") -> Verdict: ...

    def done(self) -> None: ...


C = TypeVar("C", bound=ScenarioContext)


@dataclass(frozen=True)
class Scenario(Generic[C]):
    name: str
    requirements: tuple[str, ...]
    run: Callable[[C], None]
    needs_otp: bool = True
    background: bool = False  # runs beside the other phases (in_background), not among them
    alone: bool = False  # after the others, no other callback due (it holds deliveries)


class ScenarioRegistry(Generic[C]):
    """``@registry("name", "REQ-1", "REQ-2")`` registers a scenario under its name.
    ``also_judges``: what every scenario of the suite judges besides what it declares (each
    answer it gets, each token it receives); a scenario runs for ``--only`` one of them too."""

    def __init__(self, *, also_judges: tuple[str, ...] = ()) -> None:
        self._scenarios: dict[str, Scenario[C]] = {}
        self._also_judges = also_judges

    def __call__(
        self,
        name: str,
        *requirements: str,
        needs_otp: bool = True,
        background: bool = False,
        alone: bool = False,
    ) -> Callable[[Callable[[C], None]], Callable[[C], None]]:
        def register(fn: Callable[[C], None]) -> Callable[[C], None]:
            if name in self._scenarios:
                raise ValueError(f"scenario {name!r} is registered twice")
            self._scenarios[name] = Scenario(name, requirements, fn, needs_otp, background, alone)
            return fn

        return register

    def __iter__(self) -> Iterator[Scenario[C]]:
        return iter(self._scenarios.values())

    def __len__(self) -> int:
        return len(self._scenarios)

    def __getitem__(self, name: str) -> Scenario[C]:
        return self._scenarios[name]

    def names(self) -> list[str]:
        return list(self._scenarios)

    def chosen(self, selection: Selection, *, background: bool) -> list[Scenario[C]]:
        """The (background or other) scenarios that judge something ``selection`` chooses:
        what they declare, or what every answer is judged on."""
        return [
            s
            for s in self
            if s.background is background
            and selection.chooses_any((*s.requirements, *self._also_judges))
        ]


def run_scenarios(
    ctx: C,
    scenarios: ScenarioRegistry[C],
    log: PhaseLog,
    *,
    workers: int,
    progress: Progress = lambda _: None,
    selection: Selection = EVERYTHING,
    then_alone: bool = True,
) -> None:
    """Run the scenarios (not the background ones) that judge something ``selection`` chooses:
    concurrently, then those registered ``alone=True`` one by one, so that what they do to the
    target (callbacks held unanswered) cannot delay another scenario's callback. With
    ``then_alone=False`` the caller runs those itself, with ``in_background(..., alone=True)``."""
    chosen = scenarios.chosen(selection, background=False)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="scenario") as pool:
        futures = {pool.submit(run_one, ctx, s, log): s for s in chosen if not s.alone}
        for future, scenario in futures.items():
            future.result()
            progress(f"  scenario {scenario.name}")
    if then_alone:
        for scenario in (s for s in chosen if s.alone):
            run_one(ctx, scenario, log)
            progress(f"  scenario {scenario.name}")


@contextmanager
def in_background(
    ctx: C,
    scenarios: ScenarioRegistry[C],
    log: PhaseLog,
    progress: Progress = lambda _: None,
    selection: Selection = EVERYTHING,
    *,
    alone: bool = False,
) -> Iterator[None]:
    """Run scenarios beside the block, and wait for them when it ends: the background ones,
    each on a thread of its own, or (``alone=True``) those registered ``alone=True``, one by
    one on one thread; the block must then be one during which no other callback is due, for
    these hold the target's deliveries (``run_scenarios``). When the block raises (the target
    is unreachable, the user interrupts), they are not waited for: their threads are daemons
    and end with the process."""
    if alone:
        held = [s for s in scenarios.chosen(selection, background=False) if s.alone]
        lanes = [held] if held else []
    else:
        lanes = [[s] for s in scenarios.chosen(selection, background=True)]

    def run_lane(lane: list[Scenario[C]]) -> None:
        for scenario in lane:
            run_one(ctx, scenario, log)

    threads = [
        threading.Thread(
            target=run_lane, args=(lane,), name=", ".join(s.name for s in lane), daemon=True
        )
        for lane in lanes
    ]
    for thread in threads:
        thread.start()
    yield
    for thread, lane in zip(threads, lanes, strict=True):
        if thread.is_alive():
            progress(f"waiting for {thread.name}…")
        thread.join()
        for scenario in lane:
            progress(f"  scenario {scenario.name}")


def run_one(ctx: C, scenario: Scenario[C], log: PhaseLog) -> None:
    """Run one scenario on its own view of ``ctx``; whatever stops it skips what it left."""
    view = ctx.checking(scenario.name, scenario.requirements)
    try:
        scenario.run(view)
    except Skipped as exc:
        skip(view, scenario, str(exc))
    except SetupFailed as exc:  # the target's test set-up refused: nothing could be judged
        log.errors.append(f"scenario {scenario.name}: {exc}")
        skip(view, scenario, f"not reached: {exc}")
    except Aborted as exc:
        skip(view, scenario, f"not reached: an earlier step failed ({exc})")
    except TargetError as exc:
        if isinstance(exc, TargetUnresponsive):
            log.unresponsive = str(exc)  # the report says why the rest was skipped
        skip(view, scenario, f"the target stopped answering: {exc}")
    except Exception as exc:
        name = type(exc).__name__
        log.errors.append(f"scenario {scenario.name}: {name}: {log.masker.text(str(exc))[:300]}")
        log.errors.append(log.masker.text(traceback.format_exc(limit=4))[-1500:])
        skip(view, scenario, f"the scenario crashed ({name}); see the run's errors")
    finally:
        _give_back(view, scenario, log)


def _give_back(view: ScenarioContext, scenario: Scenario[C], log: PhaseLog) -> None:
    """End the scenario's view (it gives back its cards); a failure there is a run error,
    never a verdict, and the scenario's verdicts stand."""
    try:
        view.done()
    except Exception as exc:
        message = log.masker.text(str(exc))[:300]
        log.errors.append(f"after scenario {scenario.name}: {type(exc).__name__}: {message}")


def skip(view: ScenarioContext, scenario: Scenario[C], reason: str) -> None:
    for requirement in scenario.requirements:
        view.record(requirement, Verdict.SKIP, reason)
