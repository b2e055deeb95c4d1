"""Loopback ports that do not answer: nothing listening, or a listener that never accepts."""

from __future__ import annotations

import contextlib
import random
import socket
from collections.abc import Iterator
from pathlib import Path

_EPHEMERAL = Path("/proc/sys/net/ipv4/ip_local_port_range")


def _outside_ephemeral_range() -> range:
    """Ports the kernel never hands out by itself (to ``bind(0)`` or an outgoing connection):
    below its ephemeral range, or above it."""
    try:
        low, high = (int(n) for n in _EPHEMERAL.read_text().split()[:2])
    except (OSError, ValueError):
        low, high = 32768, 60999  # Linux's defaults
    return range(20000, low) if low - 20000 >= 1000 else range(high + 1, 65536)


_RANDOM = random.SystemRandom()  # not the random module's state, which tests may seed


def free_port() -> int:
    """A loopback port nothing listens on: connecting is refused.

    Drawn outside the ephemeral range: a port from ``bind(0)`` is free only until another
    worker's server or connection is given it, and a test that restarts a server on its port
    once met a stranger there (CI, stop 23). Where that range leaves no room, ``bind(0)``."""
    ports = _outside_ephemeral_range()
    for _ in range(100 if len(ports) >= 1000 else 0):
        port = _RANDOM.choice(ports)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        found: int = probe.getsockname()[1]
    return found


@contextlib.contextmanager
def unresponsive_port() -> Iterator[int]:
    """A listener whose accept queue is full: the kernel drops new SYNs, connecting times out."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port: int = listener.getsockname()[1]
        fillers = [socket.socket() for _ in range(3)]
        try:
            for filler in fillers:
                filler.setblocking(False)
                with contextlib.suppress(BlockingIOError):
                    filler.connect(("127.0.0.1", port))
            yield port
        finally:
            for filler in fillers:
                filler.close()
