# Two commands take a fresh machine to a running store (make run) or the whole suite (make test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app marketplace
HOST ?= 127.0.0.1
PORT ?= 5000
PYTEST_ARGS ?=

.PHONY: install run serve test bench clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# Compiled message catalogs (.mo, not in git) from translations/*/LC_MESSAGES/messages.po.
MO := $(patsubst %.po,%.mo,$(wildcard translations/*/LC_MESSAGES/messages.po))
%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

install: $(VENV)/.installed $(MO)

run: install
	$(FLASK) db upgrade
	$(FLASK) demo load
	$(FLASK) search reindex
	GUNICORN_BIND=$(HOST):$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

# The browser tests drive Debian's Chromium (Playwright's own browser download is not used).
chromium:
	@test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

# axe-core for the accessibility tests, pinned in package-lock.json (npm from Debian if missing).
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json $(wildcard package-lock.json)
	@command -v npm >/dev/null || (apt-get update && apt-get install -y npm)
	if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
	touch $@

test: install chromium $(AXE)
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

bench: install
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/checkout_race.py
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) instance test-artifacts .pytest_cache
