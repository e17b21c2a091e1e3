# The README's two commands: `make demo` and `make test`. Each does all set-up on a machine with python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test test-quick lint typecheck pytest api-fuzz browser-deps clean

$(INSTALLED): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

# Links in e-mails point at the address served (SITE_URL), unless SITE_URL is set. MCELINK_DEMO=true declares the
# demo, in which `mcelink demo` may create its accounts with the published password even with DEBUG off.
demo: $(INSTALLED)
	$(BIN)/mcelink migrate --no-input
	MCELINK_DEMO=true $(BIN)/mcelink demo
	SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}" $(BIN)/mcelink serve --host $(HOST) --port $(PORT)

test: lint typecheck pytest

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

typecheck: $(INSTALLED)
	$(BIN)/mypy

# Two runs: the transactional tests (browser, concurrency) empty the database they use, so they run
# apart from the rest, which share default data loaded once per worker.
pytest: $(INSTALLED) browser-deps
	$(BIN)/pytest -n 2 --dist loadfile -m "not serial"
	$(BIN)/pytest -m serial

# The developer's loop: lint and the tests that neither build the supplier index over the default data, check
# the default data's rankings, nor drive a browser (markers `slow` and `serial`). `make test` runs everything.
test-quick: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/pytest -n 2 --dist loadfile -q -m "not slow and not serial"

# A bounded schemathesis run against a server it starts on loopback over the demo data (docs/operations.md).
api-fuzz: $(INSTALLED)
	.ci/api-fuzz

# Browser tests drive Debian's Chromium through Playwright; no browser is downloaded by Playwright itself.
browser-deps:
	@[ -x $(CHROMIUM) ] || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
