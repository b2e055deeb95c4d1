"""Loopback ports that do not answer: nothing listening, or a listener that never accepts."""

from __future__ import annotations

import contextlib
import random
import socket
from collections.abc import Iterator
from pathlib import Path

_EPHEMERAL = Path("/proc/sys/net/ipv4/ip_local_port_range")


def _outside_ephemeral_range() -> range:
    """Ports the kernel never hands out by itself (to ``bind(0)`` or an outgoing connection)."""
    try:
        low = int(_EPHEMERAL.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        low = 32768  # Linux's default start
    return range(20000, max(low, 20001))


def free_port() -> int:
    """A loopback port nothing listens on: connecting is refused.

    Drawn outside the ephemeral range: a port from ``bind(0)`` is free only until another
    worker's server or connection is given it, and a test that restarts a server on its port
    once met a stranger there (CI, stop 23)."""
    ports = _outside_ephemeral_range()
    for _ in range(100):
        port = random.choice(ports)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    raise RuntimeError(f"no free loopback port in {ports.start}-{ports.stop - 1}")


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
