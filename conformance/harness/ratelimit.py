"""``--max-rps``: one shared bound on the suite's request rate (protects shared sandboxes)."""

from __future__ import annotations

import threading
import time


class RateLimiter:
    """Spaces requests at least ``1 / max_rps`` seconds apart across all threads."""

    def __init__(self, max_rps: float | None) -> None:
        if max_rps is not None and max_rps <= 0:
            raise ValueError(f"max_rps must be positive, got {max_rps!r}")
        self.interval = 1.0 / max_rps if max_rps else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self.interval:
            return
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next)
            self._next = slot + self.interval
        if slot > now:
            time.sleep(slot - now)
