# Two entry points (see README): `make run` runs the main job, `make test` runs the checks.
# The virtualenv is created and the project installed on first use; later runs reuse it
# unless pyproject.toml changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Machines of this kind set PYTHONDONTWRITEBYTECODE=1. Then every process compiles again every
# module it imports (uv installs no .pyc) and pytest rewrites the asserts of every test module
# again: 4 to 6 CPU-s per pytest start, paid by each xdist worker and by each run a test
# spawns. What make starts caches bytecode in the virtualenv instead, outside the checkout.
export PYTHONDONTWRITEBYTECODE :=
export PYTHONPYCACHEPREFIX := $(CURDIR)/$(VENV)/pycache

.PHONY: run test lint typecheck unit clean

# uv installs the pinned dependencies in parallel (13 s from an empty cache, against 40 s for
# pip on this machine). The venv starts without pip (ensurepip took 7 s of the 17): the
# interpreter's own pip (22.3 or later: --python) puts the pinned uv into it, and uv installs
# the pinned pip with the rest. uv reads neither pip.conf nor PIP_* settings: where any of that
# fails (no pip beside the interpreter, a mirror or a proxy only pip is configured for, no uv
# wheel for the platform), the venv gets its pip from ensurepip and pip installs the same pins.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv --without-pip $(VENV)
	( $(PYTHON) -m pip --python $(BIN)/python install --quiet -c constraints.txt uv \
	  && $(BIN)/python -m uv pip install --quiet --python $(BIN)/python -c constraints.txt \
	     -e '.[dev]' pip ) \
	|| ( echo "uv could not install: installing with pip" \
	  && $(BIN)/python -m ensurepip --default-pip > /dev/null \
	  && $(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]' pip )
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/octo-conformance run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy cannot follow the editable install's import hook (setuptools#3518), so it reads the
# package as a wheel installs it: octo_conformance = conformance/, with openapi/, strategies/
# and reference/ inside, laid out as symlinks. Its messages name build/typecheck/... paths.
TYPECHECK := build/typecheck/octo_conformance
typecheck: $(STAMP)
	rm -rf build/typecheck && mkdir -p $(TYPECHECK)
	for entry in conformance/* openapi strategies reference; do \
		ln -s "$$(pwd)/$$entry" $(TYPECHECK)/; done
	$(BIN)/mypy

# Four pytest-xdist workers on this 2-core machine kind: many tests wait on sockets, callbacks
# and timeouts, and four keep both cores busy to the end (measured at c245f95: 6:29 with -n 2,
# 5:38 with -n 4, the same 1,618 tests; at f42a8d8, 1,653 tests: 197 to 208 s with -n 4, 217 s
# with -n 6, whose extra contention cost 50 CPU-s). --dist loadfile keeps each test file on one
# worker, so a module's or a session's expensive fixture (a fault matrix, a shared reference
# server) is computed once, not per worker; --no-loadscope-reorder keeps conftest.py's order, the
# longest files first (xdist's own puts the files with most tests first). A plain `pytest` (and
# the suite's own `pytest conformance/...` entry points) stays serial.
unit: $(STAMP)
	$(BIN)/pytest -n 4 --dist loadfile --no-loadscope-reorder

# mypy (20 s on one core) runs beside the tests, its messages printed after theirs. First, one
# pytest collection compiles and rewrites what the four workers then import (it fills the
# bytecode cache), so that they start warm instead of each compiling the same modules at once.
# The target fails if either fails.
test: lint
	@mkdir -p build
	$(MAKE) --no-print-directory typecheck > build/typecheck.log 2>&1 & typing=$$!; \
	$(BIN)/pytest --collect-only -q -p no:xdist > /dev/null 2>&1; \
	$(MAKE) --no-print-directory unit; tested=$$?; \
	wait $$typing; typed=$$?; cat build/typecheck.log; \
	if [ $$typed -ne 0 ]; then echo "make typecheck failed"; fi; \
	[ $$tested -eq 0 ] && [ $$typed -eq 0 ]

clean:
	rm -rf $(VENV) build .hypothesis .schemathesis .mypy_cache .ruff_cache
