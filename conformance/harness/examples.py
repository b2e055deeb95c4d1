"""Draw examples from a hypothesis strategy reproducibly, outside a ``@given`` test.

Drawing is most of a quick run's CPU (a broken body per rule, schemathesis cases per
operation), and a process that runs the suite many times with one seed (``selftest``'s fault
and variant matrices) would draw the same examples every time. So a caller that can name what
its strategy draws passes ``memo``: the examples are drawn once per process and that key, and
every later call gets fresh copies of the same examples. The processes of one job (the
selftest's workers) can share them too, through a directory: :func:`share_draws`.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import hashlib
import os
import pickle
import random
import tempfile
import threading
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

try:
    import fcntl
except ImportError:  # not on Windows: there each process draws for itself
    fcntl = None  # type: ignore[assignment]

T = TypeVar("T")

_DRAWN: dict[Hashable, list[Any]] = {}
_LOCK = threading.Lock()
_shared: Path | None = None  # the directory of share_draws


def share_draws(directory: Path | None) -> None:
    """Keep what is drawn under a ``memo`` key in ``directory`` as well, for the other
    processes of one job that run the suites with the same settings (the selftest's workers):
    the first process to need a key draws it, holding that key's lock, and the others read
    it. ``None`` stops sharing.

    ``directory`` must be private to the job and removed with it: its files are pickles, read
    back as trusted, and the request bodies in them carry the shop's credentials (the embedded
    references' own, for the selftest)."""
    global _shared
    _shared = directory


def draw_examples(
    strategy: st.SearchStrategy[T] | Callable[[], st.SearchStrategy[T]],
    rnd: random.Random,
    count: int,
    *,
    memo: Hashable | None = None,
) -> list[T]:
    """``count`` examples, the same ones for the same ``rnd`` state (hypothesis' seeded engine;
    ``.example()`` is neither reproducible nor meant for this).

    ``memo`` must determine the strategy completely (with ``rnd``'s state and ``count`` it then
    determines the examples); each caller gets deep copies of the remembered examples.
    """
    bits = rnd.getrandbits(64)
    if memo is None:
        return _draw(strategy, bits, count)
    key = (memo, bits, count)
    with _LOCK:
        remembered = _DRAWN.get(key)
    if remembered is not None:
        return [copy.deepcopy(example) for example in remembered]
    shared = _shared_file(key)
    drawn: list[T]
    if shared is None:
        drawn = _draw(strategy, bits, count)
    else:
        try:
            with _locked(shared):
                found = _read(shared)
                if found is None:
                    drawn = _draw(strategy, bits, count)
                    _write(shared, drawn)
                else:
                    drawn = found
        except OSError:  # the directory gone, a full disk: this process draws for itself
            drawn = _draw(strategy, bits, count)
    with _LOCK:
        _DRAWN[key] = [copy.deepcopy(example) for example in drawn]
    return drawn


def _draw(
    strategy: st.SearchStrategy[T] | Callable[[], st.SearchStrategy[T]], bits: int, count: int
) -> list[T]:
    drawn: list[T] = []
    if not isinstance(strategy, st.SearchStrategy):
        strategy = strategy()

    @seed(bits)
    @settings(max_examples=count, database=None, phases=[Phase.generate], deadline=None, suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(strategy)
    def collect(example: T) -> None:
        if len(drawn) < count:
            drawn.append(example)

    collect()
    return drawn


def _stable(value: Any) -> bool:
    """Whether ``repr(value)`` is the same in every process (no set, no object address)."""
    if isinstance(value, tuple):
        return all(_stable(item) for item in value)
    return value is None or isinstance(value, str | int | float | datetime.date)


def _shared_file(key: tuple[Hashable, int, int]) -> Path | None:
    if _shared is None or fcntl is None or not _stable(key):
        return None
    return _shared / hashlib.sha256(repr(key).encode()).hexdigest()


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        yield


def _read(path: Path) -> list[Any] | None:
    try:
        with path.open("rb") as handle:
            found: list[Any] = pickle.load(handle)
    except FileNotFoundError:
        return None
    return found


def _write(path: Path, drawn: list[Any]) -> None:
    """Whole or not at all: a reader never sees half a file. Examples that cannot be pickled,
    or a directory that cannot take them, are not shared (each process draws them)."""
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=".drawing-")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(drawn, out)
        os.replace(name, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        with contextlib.suppress(OSError):
            os.unlink(name)
