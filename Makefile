# Two commands: `make run` (venv + install + demo) and `make test` (same venv, whole suite, offscreen).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-long lint check export bench clean font dist wheelhouse

# With a wheelhouse/ (`make wheelhouse` on a machine with network, then copied), the package
# index is never asked: everything installs from the folder.
PIP_FROM := $(if $(wildcard wheelhouse/*.whl),--no-index --find-links wheelhouse)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "Could not create a virtual environment. On Debian/Ubuntu: sudo apt-get install -y python3-venv"; exit 1; }
	$(if $(PIP_FROM),,$(BIN)/python -m pip install --quiet --upgrade pip)
	$(BIN)/python -m pip install --quiet $(PIP_FROM) -e '.[test]'
	@# bytecode now, as a normal install has it: an editable install compiles on first import,
	@# or at every start where PYTHONDONTWRITEBYTECODE is set (~100 ms of the first frame)
	$(BIN)/python -m compileall -q src
	@# and the tests as pytest rewrites them (kept in tests/__pycache__): else each of make test's
	@# processes rewrote every test module at a fresh clone's first run (~3 s of CPU each)
	-@PYTHONDONTWRITEBYTECODE= QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest --collect-only -q -p no:cacheprovider > /dev/null 2>&1
	@touch $(STAMP)

run: $(STAMP)
	@$(BIN)/python -m lusong_kiosk.preflight && $(BIN)/lusong-kiosk $(ARGS)

# PYTHONDONTWRITEBYTECODE emptied: where it is set (this machine's environment sets it) every
# pytest process rewrote the asserts of every test module and plugin again, ~3 s of CPU each;
# allowed to write, pytest keeps them in __pycache__ for the next process
# One worker more than the cores: some tests wait on real time (the watchdog's limit, a content
# file's stability window, a subprocess's start) and the extra worker's tests fill those waits.
WORKERS ?= $(shell $(PYTHON) -c "import os; print(len(os.sched_getaffinity(0)) + 1 if hasattr(os, 'sched_getaffinity') else (os.cpu_count() or 1) + 1)")

test: $(STAMP)  # on every core and one process more (pytest-xdist); one file alone: .venv/bin/python -m pytest tests/test_x.py
	PYTHONDONTWRITEBYTECODE= QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n $(WORKERS) --dist worksteal -m "not long" $(PYTEST_ARGS)

test-long: $(STAMP)  # the soak, the bench driven whole and the offline install (marked `long`); CI runs them after `make test`
	PYTHONDONTWRITEBYTECODE= QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n auto --dist worksteal -m long $(PYTEST_ARGS)

lint: $(STAMP)  # the import rules and ruff's checks (pyproject.toml), as CI runs them
	$(BIN)/lint-imports --no-cache
	$(BIN)/ruff check --no-cache src tests tools packaging

check: $(STAMP)
	$(BIN)/lusong-kiosk check

export: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/lusong-kiosk export --out screenshots --lang all

bench: $(STAMP)  # the full plan: ~50 min (49 on 25 Nov, mostly the 1,000 memory cycles; --skip-memory ~5); `make bench ARGS="--quick --json bench.json"` takes minutes
	QT_QPA_PLATFORM=offscreen $(BIN)/lusong-kiosk bench $(ARGS)

font:
	$(PYTHON) tools/subset_font.py

# The program on its own, for machines with no Python: dist/lusong-kiosk/ and its .tar.gz
# (packaging/build.py says what is in it; README "Install on a machine with no network").
$(VENV)/.dist-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet $(PIP_FROM) -e '.[test,dist]'
	@touch $@

dist: $(VENV)/.dist-installed
	$(BIN)/python packaging/build.py

# Every wheel the app, its tests and its build need, for Linux x86-64 and aarch64 and Windows
# x86-64, Python 3.11-3.13 (packaging/wheelhouse.py). Needs the network once; copy the folder.
wheelhouse:
	$(PYTHON) packaging/wheelhouse.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
