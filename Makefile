# Click ชุมชน — `make run` serves the site with its content; `make test` runs the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
WORKERS ?= 2
PIP_FLAGS ?= --quiet --disable-pip-version-check
# one pytest worker per CPU (pytest-xdist), a test file per worker at a time; PYTEST_PARALLEL= runs serially
PYTEST_PARALLEL ?= -n auto --dist loadfile

.PHONY: install setup run test test-postgres test-api test-browser audit lint content-check clean translations-extract translations-update translations-compile

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install $(PIP_FLAGS) -e '.[test]'
	touch $@

install: $(VENV)/.installed

## setup: create/upgrade the database, seed geography, load content/
setup: install
	$(BIN)/flask --app cdd_click setup

## run: set up, then serve with gunicorn on http://$(HOST):$(PORT)
run: setup
	HOST=$(HOST) PORT=$(PORT) WEB_CONCURRENCY=$(WORKERS) $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

## test: set up the environment and run the whole test suite and the linter
test: install
	$(BIN)/python -m pytest $(PYTEST_PARALLEL)
	$(BIN)/ruff check cdd_click tests wsgi.py bench

## test-postgres: the whole suite again on PostgreSQL (TEST_DATABASE_URL, default: local server)
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
test-postgres: install
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python -m pytest $(PYTEST_PARALLEL)

## test-api: schemathesis against the running site (gunicorn on 127.0.0.1, shipped content):
## no 5xx, and every answer matches /api/v1/openapi.json
test-api: $(VENV)/.api-fuzz
	$(BIN)/python tests/api/run_schemathesis.py

$(VENV)/.api-fuzz: setup.cfg | $(VENV)/.installed
	$(BIN)/pip install $(PIP_FLAGS) -e '.[test,api-fuzz]'
	touch $@

## test-browser: the Playwright tests in Debian's Chromium (apt-get install chromium first)
test-browser: $(VENV)/.browser
	$(BIN)/python -m pytest -m browser tests/browser

$(VENV)/.browser: setup.cfg | $(VENV)/.installed
	$(BIN)/pip install $(PIP_FLAGS) -e '.[test,browser]'
	touch $@

## audit: axe-core, Nu HTML Checker and Lighthouse on every page type, admin pages included
## (needs chromium, java, npm; about 4 minutes)
audit: $(VENV)/.browser tests/audit/node_modules/.installed
	$(BIN)/python tests/audit/run_audit.py

tests/audit/node_modules/.installed: tests/audit/package.json
	cd tests/audit && npm install --no-audit --no-fund --loglevel=error
	touch $@

lint: install
	$(BIN)/ruff check cdd_click tests wsgi.py bench

content-check: install
	$(BIN)/flask --app cdd_click content check

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache

## translations: extract UI strings, merge them into the catalogues, compile
BABEL_CFG := cdd_click/translations/babel.cfg
translations-extract: install
	$(BIN)/pybabel extract -F $(BABEL_CFG) -k _l -k lazy_gettext --no-location --sort-output \
		--omit-header -o cdd_click/translations/messages.pot .

translations-update: translations-extract
	$(BIN)/pybabel update -i cdd_click/translations/messages.pot -d cdd_click/translations \
		--no-fuzzy-matching --ignore-obsolete

translations-compile: install
	$(BIN)/pybabel compile -d cdd_click/translations --statistics

## bench-search: our search index vs SQLite FTS5 vs tantivy, 50,000 synthetic documents (~10 min)
.PHONY: bench-search
bench-search: $(VENV)/.bench
	$(BIN)/python bench/search.py

$(VENV)/.bench: setup.cfg | $(VENV)/.installed
	$(BIN)/pip install $(PIP_FLAGS) -e '.[test,bench]'
	touch $@
