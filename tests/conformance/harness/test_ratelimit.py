"""--max-rps: requests spaced 1/max_rps apart across threads; no bound costs nothing."""

from __future__ import annotations

import threading
import time

import pytest

from octo_conformance.harness.ratelimit import RateLimiter


def test_no_bound_never_waits() -> None:
    limiter = RateLimiter(None)
    started = time.monotonic()
    for _ in range(1000):
        limiter.wait()
    assert time.monotonic() - started < 0.1
    assert limiter.interval == 0.0


@pytest.mark.parametrize("bad", [0, 0.0, -1, -0.5])
def test_a_non_positive_bound_is_refused(bad: float) -> None:
    with pytest.raises(ValueError, match=f"max_rps must be positive, got {bad!r}"):
        RateLimiter(bad)


def test_requests_are_spaced_by_the_interval() -> None:
    limiter = RateLimiter(20)  # 50 ms apart
    stamps = []
    for _ in range(5):
        limiter.wait()
        stamps.append(time.monotonic())
    # each slot is 50 ms after the one before; a late wake-up only shortens the next gap
    assert 4 * 0.05 - 0.01 <= stamps[-1] - stamps[0] < 0.5


def test_the_first_request_does_not_wait() -> None:
    limiter = RateLimiter(1)
    started = time.monotonic()
    limiter.wait()
    assert time.monotonic() - started < 0.05


def test_the_bound_holds_across_threads() -> None:
    limiter = RateLimiter(50)  # 20 ms apart
    stamps: list[float] = []
    lock = threading.Lock()

    def request() -> None:
        for _ in range(3):
            limiter.wait()
            with lock:
                stamps.append(time.monotonic())

    threads = [threading.Thread(target=request) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stamps.sort()
    assert len(stamps) == 15
    # 15 requests at 50/s take at least 14 intervals, whichever thread sends them
    assert stamps[-1] - stamps[0] >= 14 * 0.02 - 0.01
