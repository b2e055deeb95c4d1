"""ARCHITECTURE.md's import table, checked over the source: every import, in functions too.

The code imports the one installed package (``octo_conformance``, ``octo_conformance.openapi``,
...); the table speaks of the repository's folders. ``folder_of`` turns one into the other."""

from __future__ import annotations

import ast
import itertools
from graphlib import CycleError, TopologicalSorter
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("openapi", "strategies", "reference", "conformance")
SUITES = ("provider", "webhook", "contracts", "reporting", "cli")
SHARED = ("core/", "errors.py", "findings.py", "masking.py", "requirements.py")
CLI = ("conformance/cli/", "conformance/__main__.py")  # `python -m octo_conformance` is the CLI
PACKAGE = "octo_conformance"

# The table: the files under a path, but those under the exempt paths, may not import these.
RULES: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("openapi/", (), ("strategies", "reference", "conformance")),
    ("strategies/", (), ("reference", "conformance")),
    ("reference/", (), ("conformance",)),
    ("conformance/", CLI[:1], ("reference",)),
    ("conformance/", CLI, ("conformance.cli",)),
    *(
        (f"conformance/{shared}", (), tuple(f"conformance.{s}" for s in SUITES))
        for shared in SHARED
    ),
    ("conformance/provider/", (), ("conformance.webhook",)),
    ("conformance/webhook/", (), ("conformance.provider",)),
    ("conformance/contracts/", (), ("conformance.provider", "conformance.webhook")),
]


class Import(NamedTuple):
    path: str
    line: int
    name: str  # the module, or module.name for ``from module import name`` (as folders)
    module: str  # the importing module
    on_import: bool  # runs when the module is imported: not in a function, nor TYPE_CHECKING


def module_of(path: Path) -> str:
    """The module a file holds, named by folders: ``openapi/spec.py`` is ``openapi.spec``."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def folder_of(name: str) -> str:
    """``octo_conformance.openapi.spec`` is ``openapi.spec``; ``octo_conformance.cli``, ``conformance.cli``."""
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return name
    if len(parts) > 1 and parts[1] in PACKAGES[:3]:
        return ".".join(parts[1:])
    return ".".join(["conformance", *parts[1:]])


def import_name(module: str) -> str:
    """The inverse of ``folder_of``: the name a module is imported by."""
    first, _, rest = module.partition(".")
    return ".".join(filter(None, [PACKAGE, *([] if first == "conformance" else [first]), rest]))


def run_on_import(node: ast.AST) -> list[ast.AST]:
    found: list[ast.AST] = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and ast.unparse(child.test).endswith("TYPE_CHECKING"):
            found += [n for stmt in child.orelse for n in (stmt, *run_on_import(stmt))]
        elif not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            found += [child, *run_on_import(child)]
    return found


def imports_of(path: Path) -> list[Import]:
    tree, module = ast.parse(path.read_text(encoding="utf-8")), module_of(path)
    package = import_name(module).split(".")[: None if path.name == "__init__.py" else -1]
    on_import, found = set(map(id, run_on_import(tree))), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) + 1 - node.level] if node.level else []
            source = ".".join([*base, *filter(None, [node.module])])
            names = [f"{source}.{alias.name}" for alias in node.names]
        else:
            continue
        where = path.relative_to(ROOT).as_posix()
        found += [
            Import(where, node.lineno, folder_of(name), module, id(node) in on_import)
            for name in names
            if name.split(".")[0] in (PACKAGE, *PACKAGES)
        ]
    return found


FILES = sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))
IMPORTS = [i for path in FILES for i in imports_of(path)]


def within(name: str, modules: tuple[str, ...]) -> bool:
    return any(name == m or name.startswith(m + ".") for m in modules)


def bare_imports(path: Path) -> list[str]:
    """Imports of a folder by its own name (``import openapi``): they work in the checkout only,
    and would import a user's ``openapi`` or ``strategies`` where the package is installed."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = [
        (node.lineno, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ] + [
        (node.lineno, node.module or "")
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and not node.level
    ]
    where = path.relative_to(ROOT).as_posix()
    return [
        f"{where}:{line} imports {name}" for line, name in names if name.split(".")[0] in PACKAGES
    ]


def test_everything_imports_the_package_by_its_installed_name() -> None:
    everywhere = [*FILES, *(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").rglob("*.py")]
    assert [line for path in everywhere for line in bare_imports(path)] == []


def test_each_package_imports_only_what_the_table_allows() -> None:
    wrong = [
        f"{i.path}:{i.line} imports {i.name} ({where} may not import {', '.join(forbidden)})"
        for i in sorted(IMPORTS)
        for where, exempt, forbidden in RULES
        if i.path.startswith(where) and not i.path.startswith(exempt) and within(i.name, forbidden)
    ]
    assert not wrong, "imports against ARCHITECTURE.md's table:\n" + "\n".join(wrong)


def test_no_import_cycle_between_the_modules_of_conformance_at_module_level() -> None:
    modules = {module_of(p) for p in FILES if within(module_of(p), ("conformance",))}
    edges: dict[tuple[str, str], Import] = {}
    for i in (i for i in IMPORTS if i.on_import and i.module in modules):
        parts = i.name.split(".")  # `from a.b import c`: the module a.b.c if it is one, else a.b
        candidates = (".".join(parts[:n]) for n in range(len(parts), 0, -1))
        target = next((m for m in candidates if m in modules), i.module)
        if target != i.module:
            edges.setdefault((i.module, target), i)
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, target in edges:
        graph[module].add(target)
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as exc:
        cycle = exc.args[1][::-1]  # each module imports the next one
        steps = [edges[module, target] for module, target in itertools.pairwise(cycle)]
        lines = [f"{i.path}:{i.line} imports {i.name}" for i in steps]
        raise AssertionError("an import cycle at module level:\n" + "\n".join(lines)) from None
