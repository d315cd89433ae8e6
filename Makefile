# Two commands: `make run` (venv + install + demo) and `make test` (same venv, whole suite, offscreen).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint check export bench clean font

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "Could not create a virtual environment. On Debian/Ubuntu: sudo apt-get install -y python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@# bytecode now, as a normal install has it: an editable install compiles on first import,
	@# or at every start where PYTHONDONTWRITEBYTECODE is set (~100 ms of the first frame)
	$(BIN)/python -m compileall -q src
	@touch $(STAMP)

run: $(STAMP)
	@$(BIN)/python -m lusong_kiosk.preflight && $(BIN)/lusong-kiosk $(ARGS)

test: $(STAMP)  # on every core (pytest-xdist); one file alone: .venv/bin/python -m pytest tests/test_x.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n auto --dist worksteal $(PYTEST_ARGS)

lint: $(STAMP)  # the import rules and ruff's checks (pyproject.toml), as CI runs them
	$(BIN)/lint-imports --no-cache
	$(BIN)/ruff check --no-cache src tests tools

check: $(STAMP)
	$(BIN)/lusong-kiosk check

export: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/lusong-kiosk export --out screenshots --lang all

bench: $(STAMP)  # about an hour; `make bench ARGS="--quick --json bench.json"` takes minutes
	QT_QPA_PLATFORM=offscreen $(BIN)/lusong-kiosk bench $(ARGS)

font:
	$(PYTHON) tools/subset_font.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
