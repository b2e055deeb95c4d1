"""What a user gets from ``pip install``: a wheel that carries every data file the commands
read, one import package (``octo_conformance``) that collides with nothing of the user's, and
commands and a pytest plugin that work from any directory.

An editable install finds data in the checkout whatever the packaging says, so the checks that
matter here build the wheel and install it, non-editable, into a fresh virtualenv."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
import tomllib
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from octo_conformance.cli.embedded import SHOPS, TODAY
from octo_conformance.requirements import Mode, of_mode
from tests.conformance.harness.loopback import free_port

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow
FOLDERS = {"conformance": "octo_conformance"} | {
    name: f"octo_conformance.{name}" for name in ("openapi", "strategies", "reference")
}
SECRETS = {"OCTO_SECRET": SHOPS[10000], "OCTO_SECRET_2": SHOPS[20000]}
# what a user's own project may well have on sys.path: none of it may shadow ours, nor ours it
COLLIDING = {
    "strategies.py": "MINE = 'the user s strategies'\n",
    "openapi/__init__.py": "MINE = 'the user s openapi'\n",
    "conformance/__init__.py": "MINE = 'the user s conformance'\n",
    "reference.py": "MINE = 'the user s reference'\n",
}


def test_every_package_folder_is_listed_in_pyproject() -> None:
    """setuptools installs only the listed packages: a new subfolder left out would be missing
    from every install but the editable one."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])  # fmt: skip
    found = set()
    for folder, package in FOLDERS.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            found.add(".".join([package, *init.parent.relative_to(ROOT / folder).parts]))
    assert found == listed


def _with_uv_or_pip(uv: list[str], pip: list[str]) -> None:
    """Run ``python -m uv ...``, or ``python -m pip ...`` where there is no uv or it failed."""
    if importlib.util.find_spec("uv") is not None:
        done = subprocess.run([sys.executable, "-m", *uv], capture_output=True, timeout=300)
        if done.returncode == 0:
            return
    subprocess.run([sys.executable, "-m", *pip], check=True, capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built from a copy of the checkout's files, as a clean clone has them: setuptools would
    put whatever an earlier build left in ``build/lib`` into a wheel built in place."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout.split("\0")  # fmt: skip
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    # uv builds in 2 s what pip builds in 8 (its build environment is made quicker); pip where
    # there is no uv or uv fails (an index only pip is configured for, as the Makefile allows)
    _with_uv_or_pip(
        ["uv", "build", "--wheel", "--out-dir", str(out), str(source)],
        ["pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
    )
    (built,) = out.glob("octo_conformance-*.whl")
    return built


def test_the_wheel_carries_every_data_file_the_commands_read(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = [
        "octo_conformance/contracts/pacts/octo-partner-octo-tokenization.json",
        "octo_conformance/contracts/pacts/octo-tokenization-partner-webhook.json",
        "octo_conformance/requirements.yaml",
        "octo_conformance/openapi/octo-tokenization.yaml",
        "octo_conformance/openapi/octo-card-tokenization.txt",
    ]
    assert [name for name in shipped if name not in names] == []
    assert any(re.fullmatch(r"octo_conformance/reporting/.+\.json", n) for n in names)
    # one top-level name, and nothing of the checkout's own outside it
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"octo_conformance"}
    (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[pytest11]\nocto_conformance = octo_conformance.cli.pytest_plugin" in text
    assert "octo-conformance = octo_conformance.cli.main:main" in text


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the wheel installed, not editable. Its dependencies are this
    environment's, reached through a path file (no download, no second resolver run); this
    environment's editable install is not, as path files are read only in site directories."""
    where = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    python = where / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    Path(purelib, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    # uv first: pip would compile its own 400 modules before installing
    _with_uv_or_pip(
        ["uv", "pip", "install", "--python", str(python), "--no-deps", "--no-index", str(wheel)],
        ["pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)],
    )
    return where


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user's project directory outside the repository, with names that could collide."""
    where = tmp_path_factory.mktemp("project")
    for name, text in COLLIDING.items():
        (where / name).parent.mkdir(parents=True, exist_ok=True)
        (where / name).write_text(text)
    return where


def _run(
    venv: Path, cwd: Path, *command: str, timeout: float = 240
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env |= SECRETS | {"PYTHONPATH": str(cwd), "PATH": f"{venv / 'bin'}:{env.get('PATH', '')}"}
    return subprocess.run(
        list(command), cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
        check=False,
    )  # fmt: skip


def test_the_installed_package_and_the_user_s_own_modules_both_import(
    venv: Path, elsewhere: Path
) -> None:
    code = (
        "import octo_conformance.cli.main, octo_conformance.strategies.cards,"
        " octo_conformance.openapi.spec, octo_conformance.reference.sandbox;"
        " import strategies, openapi, conformance, reference;"
        " print(octo_conformance.openapi.spec.__file__);"
        " print(strategies.MINE, openapi.MINE, conformance.MINE, reference.MINE)"
    )
    done = _run(venv, elsewhere, "python", "-c", code)
    assert done.returncode == 0, done.stderr
    ours, theirs = done.stdout.splitlines()
    assert ours.startswith(str(venv)), ours  # the installed copy, not the checkout
    assert theirs == " ".join(text.split("'")[1] for text in COLLIDING.values())


def test_run_on_embedded_defaults_writes_its_reports(venv: Path, elsewhere: Path) -> None:
    before = set((elsewhere / "reports").glob("run-*/report.json"))
    done = _run(venv, elsewhere, "octo-conformance", "run", "--profile", "quick", "--seed", "0")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    # its own report, under the default reports/<run-id>/ of the working directory
    assert len(set((elsewhere / "reports").glob("run-*/report.json")) - before) == 1


@pytest.mark.parametrize("kind", ["verify-provider", "verify-webhook"])
def test_a_pact_verifies_against_the_reference(venv: Path, elsewhere: Path, kind: str) -> None:
    done = _run(venv, elsewhere, "octo-conformance", "pact", kind, "--reference")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def test_pact_generate_writes_into_the_working_directory(venv: Path, elsewhere: Path) -> None:
    done = _run(venv, elsewhere, "octo-conformance", "pact", "generate")
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p.name for p in (elsewhere / "contracts" / "pacts").glob("*.json")) == [
        "octo-partner-octo-tokenization.json",
        "octo-tokenization-partner-webhook.json",
    ]


@pytest.fixture(scope="module")
def served(venv: Path, elsewhere: Path) -> Iterator[str]:
    """``octo-conformance serve`` from the installed package, as a user starts it."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | SECRETS
    command = [str(venv / "bin" / "octo-conformance"), "serve", "--port", str(port)]
    command += ["--shop", "10000=OCTO_SECRET", "--shop", "20000=OCTO_SECRET_2", "--otp-code", "666666"]  # fmt: skip
    command += ["--otp-ttl", "5", "--callback-retry-delay", "0.2"]  # as quick as the embedded one
    server = subprocess.Popen(
        command, cwd=elsewhere, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_sandbox/health", timeout=1):
                    break
            except OSError:
                assert server.poll() is None, "serve exited"
                assert time.monotonic() < deadline, "serve did not answer within 30 s"
                time.sleep(0.1)
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


TARGET = (
    "--shop-id", "10000", "--second-shop-id", "20000", "--second-secret-env", "OCTO_SECRET_2",
    "--otp-code", "666666", "--profile", "quick", "--seed", "0", "--today", TODAY.isoformat(),
    "--callback-timeout", "1.5",
)  # fmt: skip


def test_provider_against_serve(venv: Path, elsewhere: Path, served: str) -> None:
    done = _run(venv, elsewhere, "octo-conformance", "provider", "--base-url", served, *TARGET)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def test_the_pytest_plugin_runs_the_provider_suite(
    venv: Path, elsewhere: Path, served: str
) -> None:
    options = [f"--octo-{name.removeprefix('--')}" for name in TARGET[::2]]
    pairs = [f"{option}={value}" for option, value in zip(options, TARGET[1::2], strict=True)]
    done = _run(
        venv, elsewhere, "python", "-m", "pytest", "-p", "octo_conformance", "--pyargs",
        "octo_conformance.provider", "-q", f"--octo-base-url={served}", *pairs,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    # one test per requirement, every one passed (the clean sandbox); the run says its seed
    assert f"{len(of_mode(Mode.PROVIDER))} passed" in done.stdout
    assert "seed 0 (repeat with --octo-seed 0)" in done.stdout
