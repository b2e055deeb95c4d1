"""Reproducible draws outside ``@given``: remembered per process and ``memo`` key, and shared
between the processes of one job through a directory (``share_draws``)."""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import strategies as st

from octo_conformance.harness import examples
from octo_conformance.harness.examples import draw_examples, share_draws

LISTS = st.lists(st.integers(), min_size=1)


@pytest.fixture(autouse=True)
def forgetting() -> Iterator[None]:
    """Each test starts with nothing remembered and nothing shared; the session's sharing
    (conftest.py) comes back after it."""
    before = examples._shared
    examples._DRAWN.clear()
    share_draws(None)
    yield
    examples._DRAWN.clear()
    share_draws(before)


class Builder:
    """A strategy built on demand, counting how often it had to be (each time it is drawn)."""

    def __init__(self) -> None:
        self.builds = 0

    def __call__(self) -> st.SearchStrategy[list[int]]:
        self.builds += 1
        return LISTS


def test_the_same_rnd_state_draws_the_same_examples() -> None:
    assert draw_examples(LISTS, random.Random(3), 5) == draw_examples(LISTS, random.Random(3), 5)
    assert draw_examples(LISTS, random.Random(3), 5) != draw_examples(LISTS, random.Random(4), 5)


def test_a_memo_key_draws_once_per_process_and_hands_out_copies() -> None:
    build = Builder()
    first = draw_examples(build, random.Random(3), 5, memo=("lists",))
    first[0].append(99)  # a caller changes its examples
    again = draw_examples(build, random.Random(3), 5, memo=("lists",))
    assert build.builds == 1
    assert 99 not in again[0]
    assert again == draw_examples(LISTS, random.Random(3), 5)


def test_a_shared_directory_gives_another_process_the_same_examples(tmp_path: Path) -> None:
    share_draws(tmp_path)
    build = Builder()
    drawn = draw_examples(build, random.Random(3), 5, memo=("lists", 1))
    examples._DRAWN.clear()  # as in another process of the job
    assert draw_examples(build, random.Random(3), 5, memo=("lists", 1)) == drawn
    assert build.builds == 1
    # another rnd state is another key: drawn again
    draw_examples(build, random.Random(4), 5, memo=("lists", 1))
    assert build.builds == 2


def test_a_key_whose_repr_may_differ_between_processes_is_not_shared(tmp_path: Path) -> None:
    share_draws(tmp_path)
    draw_examples(LISTS, random.Random(3), 5, memo=("lists", frozenset({"a", "b"})))
    draw_examples(LISTS, random.Random(3), 5, memo=("lists", object()))
    assert [p for p in tmp_path.iterdir() if p.suffix != ".lock"] == []


CHILD = """
import pathlib, random, sys, time
from hypothesis import strategies as st
from octo_conformance.harness.examples import draw_examples, share_draws

shared, log = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
share_draws(shared)
(shared.parent / sys.argv[3]).touch()  # this process is about to ask for the key

def build():
    with log.open("a") as out:
        out.write("drew\\n")
    # both have asked before the first draw ends: without the lock, the other draws too
    deadline = time.monotonic() + 20
    while len(list(shared.parent.glob("asking-*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    return st.lists(st.integers(), min_size=1)

print(draw_examples(build, random.Random(7), 5, memo=("lists",)))
"""


def test_processes_asking_at_once_draw_once(tmp_path: Path) -> None:
    """The second waits on the key's lock for the first's draw, instead of drawing it too."""
    shared, log = tmp_path / "shared", tmp_path / "builds.log"
    shared.mkdir()
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(shared), str(log), f"asking-{n}"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(2)
    ]
    outputs = [child.communicate(timeout=60)[0] for child in children]
    assert [child.returncode for child in children] == [0, 0]
    assert outputs[0] == outputs[1] != ""
    assert log.read_text().splitlines() == ["drew"]


def test_a_shared_directory_that_is_gone_costs_the_sharing_only(tmp_path: Path) -> None:
    share_draws(tmp_path / "removed")  # never made: neither the lock nor the file can be opened
    build = Builder()
    drawn = draw_examples(build, random.Random(3), 5, memo=("lists", 2))
    assert drawn == draw_examples(LISTS, random.Random(3), 5)
    assert build.builds == 1
