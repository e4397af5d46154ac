# Line of Sight: the two set-up commands are `make demo` and `make test`.
# Each installs what it needs on a fresh Debian machine with Python 3.11.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
export LINEOFSIGHT_HOME ?= $(CURDIR)/var
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)

.PHONY: install system-packages demo test test-fast bench lint docs

$(UV):
	$(PYTHON) -m pip install --quiet --user uv || $(PYTHON) -m pip install --quiet uv

install: $(UV)  ## the virtual environment with the package and its locked dependencies, compiled to bytecode once (every CLI call otherwise recompiles its imports: about 0.8 s CPU; our own src too, which uv installs editable), idempotent
	@UV=$$(command -v uv || echo $(HOME)/.local/bin/uv); $$UV sync --frozen --python $(PYTHON) --quiet --compile-bytecode
	@$(BIN)/python -m compileall -q src >/dev/null

system-packages:  ## Debian packages: Chromium for browser tests, PostgreSQL, Pango for WeasyPrint
	@bash scripts/ensure-system-packages.sh

demo: install system-packages  ## build the synthetic authority, load it, serve the app with demo accounts
	@bash scripts/demo.sh

test: install system-packages  ## the whole suite: SQLite, then the Django tests again on a real PostgreSQL
	$(BIN)/pytest -q -p no:cacheprovider
	@bash scripts/with-postgres.sh $(BIN)/pytest -q -p no:cacheprovider -m "django_db and not browser"

test-fast: install  ## everything but the browser tests, for quick local runs
	$(BIN)/pytest -q -m "not browser and not slow"

bench: install  ## speed and memory figures into bench/results.json
	$(BIN)/python -m bench.run

lint: install
	$(BIN)/ruff check src tests bench

docs: install  ## regenerate docs/data-dictionary.md, docs/ssd-compatibility.md and docs/data-quality-rules.md from the code
	$(BIN)/lineofsight schema dictionary --out docs/data-dictionary.md
	$(BIN)/lineofsight schema compatibility --out docs/ssd-compatibility.md
	$(BIN)/lineofsight quality catalogue --out docs/data-quality-rules.md
