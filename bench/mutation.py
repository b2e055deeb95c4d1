"""Mutation score: how many one-change defects of the references the suites catch (issue 13).

Each mutant changes exactly one thing in a behaviour module of the reference sandbox
(``reference/sandbox/{api,outbox,store,paypage}.py``) or of the reference webhook
(``reference/webhook/receiver.py``). The mutated reference is started as a real server from a
copy of the source tree, and the *unmutated* suite is run against it over HTTP, exactly as
against any other target: exit 1 (findings) kills the mutant, exit 0 lets it survive.

Why not mutmut: mutmut 3 runs a test command per mutant inside the project tree and maps
mutants to tests through coverage; a black-box server behind a CLI fits neither. The mutator
here is a few ``ast`` rules applied to source spans, so the mutated file keeps its comments and
line numbers and the change is exactly one span.

Outcomes: killed (the suite exits 1), survived (0), timeout (the suite ran past
``--timeout-factor`` times the unmutated run, at least 30 s), incompetent (the mutated server
crashed or did not answer its health check within 30 s), exit-2 / exit-3 (usage error /
target unreachable), error (any other exit). Killed ones carry the IDs of the requirements
that failed, read from the run's report.json. Results and recorded runs: ``bench/MUTATION.md``.

Usage:
    .venv/bin/python bench/mutation.py [--files api.py ...] [--limit N] [--sample N --seed S]
        [--only ID ...] [--workers 2] [--profile quick] [--suite-seed 1] [--controls N]
        [--source HEAD|<commit>|worktree] [--json OUT] [--resume] [--keep] [--list]
        [--excluded]
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Final, Literal

ROOT: Final = Path(__file__).resolve().parents[1]
# the folders `python -m octo_conformance serve` needs (pyproject's packages)
PACKAGES: Final = ("conformance", "openapi", "reference", "strategies")
Kind = Literal["provider", "webhook"]
TARGETS: Final[dict[str, Kind]] = {
    "reference/sandbox/api.py": "provider",
    "reference/sandbox/outbox.py": "provider",
    "reference/sandbox/store.py": "provider",
    "reference/sandbox/paypage.py": "provider",
    "reference/webhook/receiver.py": "webhook",
}
# mirrors conformance/cli/embedded.py, so a run is as quick as the embedded one: two shops, OTPs
# living 5 s, callbacks retried after 0.2 s, the suite waiting 1.5 s for a callback or a retry,
# the webhook given 1 s to answer, expiry judged on the sandbox's (Tashkent) day
SHOPS: Final = {10000: ("OCTO_SECRET", "mutation-secret-one"), 20000: ("OCTO_SECRET_2", "mutation-secret-two")}  # fmt: skip
OTP: Final = "666666"
SANDBOX_OPTIONS: Final = ("--otp-ttl", "5", "--callback-retry-delay", "0.2")
CALLBACK_TIMEOUT: Final = "1.5"
WEBHOOK_TIMEOUT: Final = "1"
TASHKENT: Final = timezone(timedelta(hours=5))
START_TIMEOUT: Final = 30.0  # seconds a server has to answer its health check
MIN_TIMEOUT: Final = 30.0  # the floor of a run's time limit: process start-up alone takes seconds

Outcome = Literal[
    "killed", "survived", "timeout", "incompetent", "exit-2", "exit-3", "error"
]  # fmt: skip


# mutants ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Mutant:
    id: str
    file: str  # relative to the repository
    line: int
    operator: str
    before: str
    after: str
    source: str = field(repr=False)  # the whole mutated file
    excluded: str = ""  # why it is not run (see EXCLUSIONS); "" for a mutant that is run

    @property
    def kind(self) -> Kind:
        return TARGETS[self.file]


# The suite runs against the references with no fault and no variant on. A mutant that only
# changes code this configuration never runs, or turns a catalogue entry on, is not run: the
# first kind cannot change what the server does (equivalent by construction), the second is
# the fault (or legal variant) that `selftest` already measures one by one.
EXCLUSIONS: Final = {
    "switch": "a fault/variant switch, or an expression the switches fix: mutating it turns a"
    " catalogue entry on or changes nothing",
    "dead-branch": "a branch that runs only with a fault or variant on",
    "dead-function": "a function called only where a fault or variant is on",
    "identity-operand": "drops a boolean operand the switches fix to the operator's identity"
    " (`A or fault(...)`): no change",
}


class Source:
    """A file as UTF-8 bytes: ``ast`` column offsets count bytes, and api.py quotes Cyrillic."""

    def __init__(self, text: str) -> None:
        self.data = text.encode()
        self.starts = [0]
        for line in self.data.splitlines(keepends=True):
            self.starts.append(self.starts[-1] + len(line))

    def span(self, node: ast.stmt | ast.expr) -> tuple[int, int]:
        end_line, end_col = node.end_lineno or node.lineno, node.end_col_offset or 0
        start = self.starts[node.lineno - 1] + node.col_offset
        return start, self.starts[end_line - 1] + end_col

    def replaced(self, node: ast.stmt | ast.expr, text: str) -> str:
        start, end = self.span(node)
        return (self.data[:start] + text.encode() + self.data[end:]).decode()


def short(text: str, width: int = 90) -> str:
    """One line, at most ``width`` characters: a mutant's before/after in a table."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _subtree(nodes: list[Any]) -> set[int]:
    return {id(n) for node in nodes if isinstance(node, ast.AST) for n in ast.walk(node)}


def _is_logging(node: ast.AST) -> bool:
    """``log.info(...)``, ``log.exception(...)``, ``logging.getLogger(...)``: not behaviour."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in ("log", "logging")
    )


def _skipped(tree: ast.Module) -> set[int]:
    """The nodes no rule touches: docstrings, logging, type annotations, imports, asserts (they
    only narrow types for mypy) and f-strings (message text; their inner positions are not
    reliable before Python 3.12)."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        unused = isinstance(node, ast.Import | ast.ImportFrom | ast.Assert | ast.JoinedStr)
        if unused or (isinstance(node, ast.Expr | ast.Assign) and _is_logging(node.value)):
            skip |= _subtree([node])
        elif isinstance(node, ast.AnnAssign | ast.arg):
            skip |= _subtree([node.annotation])
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            skip |= _subtree([node.returns])
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip |= _subtree([first])  # the docstring
    return skip


def _switch(node: ast.AST) -> bool:
    """``self.config.fault("…")``, ``self.config.variant("…")``, or the receiver's ``fault("…")``
    (``fault = self.config.fault``): False whenever no fault or variant is on."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Name):
        return func.id in ("fault", "variant")
    owner = func.value if isinstance(func, ast.Attribute) else None
    owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
    return isinstance(func, ast.Attribute) and func.attr in ("fault", "variant") and owner_name == "config"  # fmt: skip


def constant(node: ast.AST) -> bool | None:
    """The truth value the switches fix ``node`` to with nothing on, or None when they do not."""
    if _switch(node):
        return False
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        inner = constant(node.operand)
        return None if inner is None else not inner
    if isinstance(node, ast.BoolOp):
        values = [constant(v) for v in node.values]
        absorbing = isinstance(node.op, ast.Or)  # True decides an `or`, False an `and`
        if absorbing in values:
            return absorbing
        if all(v is (not absorbing) for v in values):
            return not absorbing
    return None


JUMPS: Final = (ast.Return, ast.Raise, ast.Continue, ast.Break)


def _dead(tree: ast.Module) -> dict[int, str]:
    """Node id → exclusion reason, for what the default configuration fixes or never runs."""
    dead: dict[int, str] = {}

    def mark(nodes: list[Any], reason: str) -> None:
        for n in _subtree(nodes):
            dead.setdefault(n, reason)

    for node in ast.walk(tree):
        if isinstance(node, ast.expr) and constant(node) is not None:
            mark([node], "switch")
        if isinstance(node, ast.If | ast.While | ast.IfExp):
            value = constant(node.test)
            if value is not None:
                untaken = node.orelse if value else node.body
                mark(untaken if isinstance(untaken, list) else [untaken], "dead-branch")
        for name in ("body", "orelse", "finalbody"):
            block = getattr(node, name, None)
            if not isinstance(block, list):
                continue
            for i, stmt in enumerate(block):  # `if not variant(...): return x` ends the block
                value = constant(stmt.test) if isinstance(stmt, ast.If) else None
                taken = (stmt.body if value else stmt.orelse) if isinstance(stmt, ast.If) else []
                if value is not None and taken and isinstance(taken[-1], JUMPS):
                    mark(block[i + 1 :], "dead-branch")
                    break
    return dead


def _dead_functions(trees: dict[str, ast.Module], dead: dict[str, dict[int, str]]) -> None:
    """Add to ``dead`` the functions of the target files that every caller reaches only under
    a switch (to a fixpoint). A reference is any ``name`` or ``.name`` of the function's name
    in the scanned trees, so a name shared with anything live keeps the function live."""
    defined = {
        (f, n.name): n
        for f in TARGETS
        for n in ast.walk(trees[f])
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    references: dict[str, list[tuple[str, ast.AST]]] = {}
    for f, tree in trees.items():
        for n in ast.walk(tree):
            if isinstance(n, ast.Name | ast.Attribute):
                name = n.id if isinstance(n, ast.Name) else n.attr
                references.setdefault(name, []).append((f, n))
    changed = True
    while changed:
        changed = False
        for (f, name), function in defined.items():
            if dead[f].get(id(function)):
                continue
            refs = references.get(name, [])
            if refs and all(id(n) in dead.get(rf, {}) for rf, n in refs):
                for inner in _subtree([function]):
                    dead[f].setdefault(inner, "dead-function")
                changed = True


SWAPS: Final[dict[type[ast.cmpop], type[ast.cmpop]]] = {
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Lt: ast.GtE, ast.GtE: ast.Lt,
    ast.LtE: ast.Gt, ast.Gt: ast.LtE, ast.In: ast.NotIn, ast.NotIn: ast.In,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}  # fmt: skip
SIMPLE_STATEMENTS: Final = (
    ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return, ast.Raise, ast.Delete,
    ast.Continue, ast.Break,
)  # fmt: skip
BLOCKS: Final = (
    ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.If, ast.For, ast.While, ast.With,
    ast.AsyncWith, ast.Try, ast.ExceptHandler,
)  # fmt: skip
Site = tuple[ast.stmt | ast.expr, str, str, str, ast.AST, str]


def _sites(tree: ast.Module, dead: dict[int, str]) -> Iterator[Site]:
    """Every single change, in source order:
    ``(node replaced, operator, before, replacement text, node shown, exclusion reason)``.

    The replacement is source text for the node's span; an expression is parenthesised, so it
    binds as the node did wherever it sits."""
    skip = _skipped(tree)
    parents: dict[int, ast.AST] = {}
    functions: dict[int, ast.FunctionDef | ast.AsyncFunctionDef] = {}

    def visit(node: ast.AST, function: ast.FunctionDef | ast.AsyncFunctionDef | None) -> None:
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
            if function is not None:
                functions[id(child)] = function
            inner = child if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else None
            visit(child, inner or function)

    visit(tree, None)
    order = sorted(
        (n for n in ast.walk(tree) if isinstance(n, ast.stmt | ast.expr) and id(n) not in skip),
        key=lambda n: (n.lineno, n.col_offset, -(n.end_lineno or 0), -(n.end_col_offset or 0)),
    )
    for node in order:
        parent = parents.get(id(node))
        why = dead.get(id(node), "")
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                flipped = ast.Compare(node.left, list(node.ops), node.comparators)
                flipped.ops[i] = SWAPS[type(op)]()
                yield node, "cmp-flip", ast.unparse(node), f"({ast.unparse(flipped)})", node, why
        elif isinstance(node, ast.BoolOp):
            for i, dropped in enumerate(node.values):
                rest = node.values[:i] + node.values[i + 1 :]
                kept = rest[0] if len(rest) == 1 else ast.BoolOp(node.op, rest)
                reason = why or ("identity-operand" if constant(dropped) is not None else "")
                yield node, "cond-drop", ast.unparse(node), f"({ast.unparse(kept)})", node, reason
        elif isinstance(node, ast.Constant) and not isinstance(node.value, str | bytes):
            shown = _context(node, parents)
            if isinstance(node.value, bool):
                yield node, "bool-flip", ast.unparse(node), repr(not node.value), shown, why
            elif isinstance(node.value, int | float):
                value = node.value
                new = type(value)(1 if value == 0 else 0 if value == 1 else value + 1)
                yield node, "num-change", ast.unparse(node), repr(new), shown, why
        tests = parent.ifs if isinstance(parent, ast.comprehension) else []
        if isinstance(parent, ast.If | ast.While | ast.IfExp) and node is parent.test:
            tests = [node]
        if any(node is t for t in tests):
            yield node, "cond-negate", ast.unparse(node), _negated(node), node, why
        if isinstance(node, ast.Return) and node.value is not None:
            function = functions.get(id(node))
            annotated_none = function is not None and (
                isinstance(function.returns, ast.Constant) and function.returns.value is None
            )
            is_none = isinstance(node.value, ast.Constant) and node.value.value is None
            if not (annotated_none or is_none):
                yield node, "return-none", ast.unparse(node), "return None", node, why
        # class-level statements are left alone: a dataclass field is a declaration, not
        # behaviour (deleting one is an import-time TypeError); its default is still mutated
        if isinstance(node, SIMPLE_STATEMENTS) and isinstance(parent, BLOCKS):
            last = isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef) and (
                node is parent.body[-1]
            )
            if not (isinstance(node, ast.Return) and last):  # that is return-none's mutant
                yield node, "stmt-delete", ast.unparse(node), "pass", node, why


def _context(node: ast.AST, parents: dict[int, ast.AST]) -> ast.AST:
    """What a constant's change is shown in: the nearest enclosing expression (``hours=5`` of
    ``timedelta(hours=5)``), when it is short; else the constant alone."""
    up = parents.get(id(node))
    while up is not None and not isinstance(up, ast.stmt):
        if isinstance(up, ast.expr) and not isinstance(up, ast.Slice):
            return up if len(ast.unparse(up)) <= 70 else node
        up = parents.get(id(up))
    return node


def _negated(test: ast.AST) -> str:
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return f"({ast.unparse(test.operand)})"
    return f"(not ({ast.unparse(test)}))"


def _shown_after(tree: ast.Module, shown: ast.AST, replacement: str) -> str:
    """The after-text of the node shown: the node of its type at its place in the mutated
    file (the place of a parenthesised replacement moves by one: then the replacement)."""
    for node in ast.walk(tree):
        if (
            type(node) is type(shown)
            and getattr(node, "lineno", None) == getattr(shown, "lineno", None)
            and getattr(node, "col_offset", None) == getattr(shown, "col_offset", None)
        ):
            return ast.unparse(node)
    return replacement


def mutants_of(relative: str, text: str, tree: ast.Module, dead: dict[int, str]) -> list[Mutant]:
    """The mutants of one file (``tree`` is ``text`` parsed, the tree ``dead`` was computed on),
    in source order; each compiles and differs from the original and from every other one (as
    ASTs: a change that only re-spells the code is no mutant)."""
    src = Source(text)
    seen = {ast.dump(tree)}
    found: list[Mutant] = []
    for node, operator, before, replacement, shown, why in _sites(tree, dead):
        mutated = src.replaced(node, replacement)
        try:
            after_tree = ast.parse(mutated)
            compile(after_tree, relative, "exec")
        except SyntaxError:
            continue  # e.g. `pass` where an expression's statement form is required
        dump = ast.dump(after_tree)
        if dump in seen:
            continue
        seen.add(dump)
        found.append(
            Mutant(
                id=f"{Path(relative).stem}-{len(found) + 1:03d}",
                file=relative,
                line=node.lineno,
                operator=operator,
                before=short(ast.unparse(shown) if shown is not node else before),
                after=short(_shown_after(after_tree, shown, replacement)),
                source=mutated,
                excluded=why,
            )
        )
    return found


def all_mutants(tree_root: Path, files: list[str]) -> list[Mutant]:
    """Every mutant of ``files``; the exclusions need every target (a function's callers may
    sit in another file) and the rest of ``reference/`` and the CLI (callers that are live)."""
    scanned = sorted(
        {str(p.relative_to(tree_root)) for p in (tree_root / "reference").rglob("*.py")}
        | {str(p.relative_to(tree_root)) for p in (tree_root / "conformance/cli").rglob("*.py")}
    )
    texts = {f: (tree_root / f).read_text(encoding="utf-8") for f in scanned}
    trees = {f: ast.parse(text) for f, text in texts.items()}
    dead = {f: (_dead(trees[f]) if f in TARGETS else {}) for f in trees}
    _dead_functions(trees, dead)
    return [m for f in files for m in mutants_of(f, texts[f], trees[f], dead[f])]


# running one mutant -------------------------------------------------------------------------
@dataclass
class Result:
    id: str
    file: str
    line: int
    operator: str
    before: str
    after: str
    outcome: Outcome
    seconds: float
    exit_code: int | None = None
    verdict: str = ""
    failed: list[str] = field(default_factory=list)  # requirement IDs, for killed ones
    warned: list[str] = field(default_factory=list)  # SHOULDs that warned (exit 0 regardless)
    unchecked: int = 0  # MUST requirements that got no verdict (an "incomplete" survivor)
    server_alive: bool = True  # the mutated server still ran when the suite ended
    note: str = ""  # incompetent: the server's last words; error: the suite's


@dataclass(frozen=True)
class Run:
    """What every mutant run shares."""

    snapshot: Path  # the pristine copy of the packages
    profile: str
    suite_seed: int
    today: str
    limits: dict[Kind, float]  # seconds a suite run may take before it counts as timed out
    keep: bool


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _importable(tree: Path) -> Path:
    """A folder holding the tree as the package a wheel installs (``octo_conformance`` is
    conformance/, with openapi/, strategies/ and reference/ inside), made of symlinks: on
    PYTHONPATH it comes before the editable install's import hook, so the copy is what runs."""
    site = tree / "_site"
    package = site / "octo_conformance"
    if not package.exists():
        package.mkdir(parents=True)
        for entry in [*(tree / "conformance").iterdir(), *(tree / p for p in PACKAGES[1:])]:
            (package / entry.name).symlink_to(entry.resolve())
    return site


def _env(tree: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "OCTO_WEBHOOK_KEY")}
    env["PYTHONPATH"] = str(_importable(tree))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(dict(SHOPS.values()))
    return env


LIVE: set[subprocess.Popen[bytes]] = set()  # every process group started and not yet ended
LIVE_LOCK = threading.Lock()


def _start(command: list[str], **options: Any) -> subprocess.Popen[bytes]:
    """A process in a session (process group) of its own, so it and its children end together."""
    with LIVE_LOCK:
        process = subprocess.Popen(command, start_new_session=True, **options)
        LIVE.add(process)
    return process


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End a process group we started: TERM, then KILL after 5 s."""
    with LIVE_LOCK:
        LIVE.discard(process)
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


def _server_command(kind: Kind, port: int) -> list[str]:
    base = [sys.executable, "-m", "octo_conformance"]
    common = ["--host", "127.0.0.1", "--port", str(port), "--db", ":memory:"]
    if kind == "webhook":
        return [*base, "serve-webhook", *common]
    shops = [a for shop, (env, _) in SHOPS.items() for a in ("--shop", f"{shop}={env}")]
    return [*base, "serve", *common, *shops, "--otp-code", OTP, *SANDBOX_OPTIONS]


def _suite_command(kind: Kind, port: int, run: Run, report: Path) -> list[str]:
    base = [sys.executable, "-m", "octo_conformance", kind]
    common = ["--profile", run.profile, "--seed", str(run.suite_seed), "--today", run.today]
    common += ["--report-dir", str(report)]
    url = f"http://127.0.0.1:{port}"
    if kind == "webhook":
        target = ["--url", f"{url}/octo/callback", "--state-setup-url", f"{url}/_pact/provider-states"]  # fmt: skip
        return [*base, *target, "--timeout", WEBHOOK_TIMEOUT, *common]
    (first, (env1, _)), (second, (env2, _)) = SHOPS.items()
    target = ["--base-url", url, "--shop-id", str(first), "--secret-env", env1]
    target += ["--second-shop-id", str(second), "--second-secret-env", env2]
    target += ["--otp-code", OTP, "--callback-timeout", CALLBACK_TIMEOUT]
    return [*base, *target, *common]


def run_one(mutant: Mutant | None, kind: Kind, run: Run, label: str) -> Result:
    """Start the (mutated) reference from a copy of the tree, run the unmutated suite at it.

    ``mutant`` None is a control run: the unmutated reference, which must come out conformant.
    The suite runs from the pristine snapshot too (its own cwd, so no hypothesis database or
    report lands in the repository), and the servers and suites of the two workers never share
    a port or a directory."""
    work = Path(tempfile.mkdtemp(prefix=f"mutation-{label}-", dir="/tmp"))
    started = time.perf_counter()
    shown = mutant or Mutant(label, "(none)", 0, "control", "", "", "")
    result = Result(
        shown.id, shown.file, shown.line, shown.operator, shown.before, shown.after,
        "error", 0.0,
    )  # fmt: skip
    server: subprocess.Popen[bytes] | None = None
    try:
        tree = work / "tree"
        shutil.copytree(run.snapshot, tree, ignore=shutil.ignore_patterns("_site"))
        if mutant is not None:
            (tree / mutant.file).write_text(mutant.source, encoding="utf-8")
        port = _free_port()
        with (work / "server.log").open("wb") as log:  # the child keeps its own descriptor
            server = _start(
                _server_command(kind, port), cwd=tree, env=_env(tree), stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        health = f"http://127.0.0.1:{port}/{'_webhook' if kind == 'webhook' else '_sandbox'}/health"
        deadline = time.monotonic() + START_TIMEOUT
        while not _healthy(health):
            if server.poll() is not None or time.monotonic() > deadline:
                result.outcome, result.server_alive = "incompetent", server.poll() is None
                result.note = _tail(work / "server.log")
                return result
            time.sleep(0.1)
        suite_cwd = work / "suite"
        suite_cwd.mkdir()
        report = work / "report"
        with (work / "suite.log").open("wb") as log:
            suite = _start(
                _suite_command(kind, port, run, report), cwd=suite_cwd, env=_env(run.snapshot),
                stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            code = suite.wait(timeout=run.limits[kind])
        except subprocess.TimeoutExpired:
            result.outcome = "timeout"
            return result
        finally:
            _stop(suite)
        result.exit_code = code
        result.server_alive = server.poll() is None
        _read_report(report / "report.json", result)
        outcomes: dict[int, Outcome] = {0: "survived", 1: "killed", 2: "exit-2", 3: "exit-3"}
        result.outcome = outcomes.get(code, "error")
        if result.outcome == "error":
            result.note = _tail(work / "suite.log")
        return result
    finally:
        if server is not None:
            _stop(server)
        result.seconds = round(time.perf_counter() - started, 1)
        if not run.keep:
            shutil.rmtree(work, ignore_errors=True)


def _tail(path: Path, lines: int = 3) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return short(" | ".join(text.strip().splitlines()[-lines:]), 300)


def _read_report(path: Path, result: Result) -> None:
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    result.verdict = str(report.get("summary", {}).get("verdict", ""))
    for target in report.get("targets", []):
        for requirement in target.get("requirements", []):
            if requirement.get("verdict") == "fail":
                result.failed.append(requirement["id"])
            elif requirement.get("verdict") == "warn":
                result.warned.append(requirement["id"])
        result.unchecked += len(target.get("unchecked", []))


# the whole run ------------------------------------------------------------------------------
def snapshot(to: Path, ref: str) -> Path:
    """Copy the packages once, as committed at ``ref`` (``git archive``, which reads the object
    store only) or as they are in the working tree (``worktree``): every mutant starts from the
    same tree even while others edit the repository, and the suite judges every mutant as the
    same code."""
    if ref == "worktree":
        for package in PACKAGES:
            ignore = shutil.ignore_patterns("__pycache__")
            shutil.copytree(ROOT / package, to / package, ignore=ignore)
        _importable(to)
        return to
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", ref, *PACKAGES],
        capture_output=True,
        check=True,
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(to, filter="data")
    _importable(to)  # once, before the workers share it
    return to


def git(*args: str) -> str:
    done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
    return done.stdout.strip()


def select(mutants: list[Mutant], args: argparse.Namespace) -> list[Mutant]:
    if args.only:
        wanted = set(args.only)
        return [m for m in mutants if m.id in wanted]
    if args.sample is not None and args.sample < len(mutants):
        chosen = {m.id for m in stratified(mutants, args.sample, args.seed)}
        mutants = [m for m in mutants if m.id in chosen]  # source order, not draw order
    return mutants[: args.limit] if args.limit is not None else mutants


def stratified(mutants: list[Mutant], size: int, seed: int) -> list[Mutant]:
    """``size`` mutants, each file's share proportional to its count (largest remainder), so
    the per-file table is as representative as the total; each file drawn with its own seeded
    generator, so one file's draw does not depend on the others'."""
    files = sorted({m.file for m in mutants})
    counts = {f: sum(1 for m in mutants if m.file == f) for f in files}
    quotas = {f: size * counts[f] / len(mutants) for f in files}
    shares = {f: int(q) for f, q in quotas.items()}
    by_remainder = sorted(files, key=lambda f: (shares[f] - quotas[f], f))
    for f in by_remainder[: size - sum(shares.values())]:
        shares[f] += 1
    drawn: list[Mutant] = []
    for f in files:
        pool = [m for m in mutants if m.file == f]
        drawn += random.Random(f"{seed}:{f}").sample(pool, shares[f])
    return drawn


def resolve_files(names: list[str] | None) -> list[str]:
    if not names:
        return list(TARGETS)
    chosen = []
    for name in names:
        hits = [f for f in TARGETS if f == name or f.endswith("/" + name) or Path(f).stem == name]
        if not hits:
            raise SystemExit(f"--files: {name!r} is none of {', '.join(TARGETS)}")
        chosen += [h for h in hits if h not in chosen]
    return chosen


class Journal:
    """The per-mutant results as JSON, rewritten after each one, so a stopped run keeps them."""

    def __init__(self, path: Path | None, meta: dict[str, Any], kept: list[Result]) -> None:
        self.path, self.meta, self.results = path, meta, list(kept)
        self.lock = threading.Lock()

    def add(self, result: Result) -> None:
        with self.lock:
            self.results.append(result)
            self.write()

    def write(self) -> None:
        if self.path is None:
            return
        ordered = sorted(self.results, key=lambda r: (r.file, r.id))
        body = {"meta": self.meta, "mutants": [asdict(r) for r in ordered]}
        self.path.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n", "utf-8")


def previous(path: Path | None) -> list[Result]:
    if path is None or not path.exists():
        return []
    body = json.loads(path.read_text(encoding="utf-8"))
    return [Result(**r) for r in body["mutants"]]


def summary(results: list[Result]) -> str:
    """Totals, the per-file table and every survivor: the raw material of MUTATION.md."""
    mutants = [r for r in results if r.operator != "control"]
    lines = ["| file | mutants | killed | survived | timed out | incompetent | exit 2/3 | error | score |"]  # fmt: skip
    lines.append("|---|---|---|---|---|---|---|---|---|")
    for name in [*sorted({r.file for r in mutants}), "all"]:
        rows = [r for r in mutants if name in ("all", r.file)]
        count = Counter(r.outcome for r in rows)
        judged = count["killed"] + count["survived"]
        score = f"{100 * count['killed'] / judged:.1f} %" if judged else "-"
        lines.append(
            f"| {name} | {len(rows)} | {count['killed']} | {count['survived']} | "
            f"{count['timeout']} | {count['incompetent']} | {count['exit-2'] + count['exit-3']} | "
            f"{count['error']} | {score} |"
        )
    controls = [r for r in results if r.operator == "control"]
    if controls:
        outcomes = ", ".join(f"{r.id} {r.outcome} ({r.seconds} s)" for r in controls)
        lines += ["", f"controls (unmutated): {outcomes}"]
    lines += ["", "survivors:"]
    for r in sorted((r for r in mutants if r.outcome == "survived"), key=lambda r: r.id):
        extra = f" [warned {', '.join(r.warned)}]" if r.warned else ""
        extra += f" [{r.verdict}, {r.unchecked} MUST unchecked]" if r.unchecked else ""
        lines.append(f"- {r.id} {r.file}:{r.line} {r.operator}: `{r.before}` → `{r.after}`{extra}")
    odd = [r for r in mutants if r.outcome not in ("killed", "survived")]
    if odd:
        lines += ["", "neither killed nor survived:"]
        for r in sorted(odd, key=lambda r: r.id):
            lines.append(f"- {r.id} {r.file}:{r.line} {r.operator} {r.outcome} {r.note}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--files", nargs="+", help="limit to these files (name, stem or path)")
    parser.add_argument("--limit", type=int, help="only the first N mutants (after sampling)")
    parser.add_argument("--sample", type=int, help="a random sample of N mutants (--seed)")
    parser.add_argument("--seed", type=int, default=0, help="the sample's seed")
    parser.add_argument("--only", nargs="+", help="only these mutant IDs (e.g. api-017)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--profile", default="quick", choices=["quick", "standard", "deep"])
    parser.add_argument("--suite-seed", type=int, default=1, help="the suites' --seed")
    parser.add_argument("--timeout-factor", type=float, default=3.0)
    parser.add_argument("--controls", type=int, default=0, help="extra unmutated runs per suite")
    parser.add_argument("--json", type=Path, help="write per-mutant results here")
    parser.add_argument("--resume", action="store_true", help="skip mutants already in --json")
    parser.add_argument("--keep", action="store_true", help="keep each /tmp/mutation-* dir")
    parser.add_argument("--list", action="store_true", help="print the mutants, run nothing")
    parser.add_argument(
        "--source",
        default="HEAD",
        help="the commit to mutate and judge with (default HEAD), or 'worktree' (uncommitted"
        " edits included)",
    )
    parser.add_argument(
        "--excluded", action="store_true", help="run excluded mutants instead (a sanity check)"
    )
    args = parser.parse_args()

    files = resolve_files(args.files)
    commit = git("rev-parse", "--short", "HEAD" if args.source == "worktree" else args.source)
    dirty = git("status", "--porcelain", *PACKAGES) if args.source == "worktree" else ""
    with tempfile.TemporaryDirectory(prefix="mutation-snapshot-", dir="/tmp") as tmp:
        tree = snapshot(Path(tmp), args.source)
        generated = all_mutants(tree, files)
        runnable = [m for m in generated if bool(m.excluded) == args.excluded]
        chosen = select(runnable, args)
        excluded = Counter(m.excluded for m in generated if m.excluded)
        print(
            f"{len(generated)} mutants of {', '.join(files)}; excluded {sum(excluded.values())}"
            f" ({', '.join(f'{k} {v}' for k, v in sorted(excluded.items()))}); {len(chosen)} chosen",
            flush=True,
        )
        if args.list:
            for m in generated if args.only is None and args.sample is None else chosen:
                print(f"{m.id}\t{m.file}:{m.line}\t{m.operator}\t{m.excluded or 'run'}\t{m.before}  →  {m.after}")  # fmt: skip
            return 0
        kept = [r for r in previous(args.json) if args.resume]
        done = {r.id for r in kept}
        todo = [m for m in chosen if m.id not in done]
        kinds: list[Kind] = sorted({m.kind for m in chosen}, key=lambda k: k != "provider")
        today = datetime.now(TASHKENT).date().isoformat()

        # the unmutated references must come out conformant, or every verdict below is noise;
        # their time sets the limit past which a mutant's run counts as timed out
        limits: dict[Kind, float] = {}
        baselines: dict[str, float] = {}
        for kind in kinds:
            probe = Run(tree, args.profile, args.suite_seed, today, {kind: 600.0}, args.keep)
            control = run_one(None, kind, probe, f"baseline-{kind}")
            print(f"baseline {kind}: {control.outcome} in {control.seconds} s", flush=True)
            if control.outcome != "survived":
                print(f"the unmutated {kind} reference is not conformant: {control}")
                return 2
            baselines[kind] = control.seconds
            limits[kind] = max(args.timeout_factor * control.seconds, MIN_TIMEOUT)
        run = Run(tree, args.profile, args.suite_seed, today, limits, args.keep)
        meta = {
            "commit": commit,
            "source": args.source,
            "dirty": dirty.splitlines(),  # with --source worktree: uncommitted changes copied
            "date": datetime.now(TASHKENT).isoformat(timespec="seconds"),
            "files": files,
            "generated": len(generated),
            "excluded": dict(sorted(excluded.items())),
            "exclusions": EXCLUSIONS,
            "runnable": len(runnable),
            "chosen": len(chosen),
            "sample": args.sample,
            "seed": args.seed,
            "profile": args.profile,
            "suite_seed": args.suite_seed,
            "workers": args.workers,
            "baseline_seconds": baselines,
            "timeout_seconds": limits,
            "python": sys.version.split()[0],
            # not run (see EXCLUSIONS), listed so each exclusion can be checked by hand
            "excluded_mutants": [
                {k: v for k, v in asdict(m).items() if k != "source"}
                for m in generated
                if m.excluded and not args.excluded
            ],
        }
        journal = Journal(args.json, meta, kept)
        jobs: list[tuple[Mutant | None, Kind, str]] = [(m, m.kind, m.id) for m in todo]
        # long provider runs first, so the short webhook runs fill the end; controls spread out
        jobs.sort(key=lambda j: j[1] != "provider")
        for kind in kinds:
            for n in range(args.controls):
                at = (n + 1) * len(jobs) // (args.controls + 1)
                jobs.insert(at, (None, kind, f"control-{kind}-{n + 1}"))
        started = time.perf_counter()
        tally: Counter[str] = Counter()
        pool = ThreadPoolExecutor(max_workers=args.workers)
        futures = [pool.submit(run_one, m, kind, run, label) for m, kind, label in jobs]
        try:
            for n, future in enumerate(as_completed(futures), 1):
                result = future.result()
                journal.add(result)
                tally[result.outcome if result.operator != "control" else "control"] += 1
                failed = f" ({', '.join(result.failed[:4])}{'…' if len(result.failed) > 4 else ''})"
                print(
                    f"[{n}/{len(jobs)} {time.perf_counter() - started:.0f}s] {result.id} "
                    f"{result.file}:{result.line} {result.operator} → {result.outcome} "
                    f"{result.seconds}s{failed if result.failed else ''}",
                    flush=True,
                )
        except KeyboardInterrupt:  # keep what is done (--resume goes on from there)
            pool.shutdown(wait=False, cancel_futures=True)
            for process in list(LIVE):
                _stop(process)
            print("interrupted", flush=True)
            return 130
        pool.shutdown()
        journal.write()
        print(f"\n{dict(tally)}\n")
        print(summary(journal.results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
