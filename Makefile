# ZoneBench: `make run` sets everything up and serves the app; `make test` runs every test;
# `make serve` runs the production server (gunicorn, DEBUG off; docs/deployment.md).
# Both are idempotent: a second run reuses what the first one built.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
FIXTURES := sources indicators zones cohorts observations bulletin_zones bulletin_aliases \
	hitech_zones hitech_aliases schemes

# `make run` serves a local development copy; production sets its own environment.
export DEBUG ?= 1

.PHONY: run serve worker setup install data fixture-names test lint browser-deps screenshots clean

run: setup
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The production server: DEBUG off whatever the environment says, SECRET_KEY and DATABASE_URL
# from the environment (REDIS_URL too for WEB_CONCURRENCY above 1; config/gunicorn.py).
serve: export DEBUG := 0
serve: install
	$(BIN)/python manage.py check --deploy
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input -v 0
	exec $(BIN)/gunicorn --config config/gunicorn.py --bind $(HOST):$(PORT) config.wsgi

# The worker running big admin imports in the background (docs/deployment.md): beside `make
# run` or `make serve`, with the same environment.
worker: install
	exec $(BIN)/python manage.py db_worker

setup: install data

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

data: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py loaddata $(FIXTURES)
	$(BIN)/python manage.py load_bulletins
	$(BIN)/python manage.py load_bulletins fixtures/hitech/hitech_zones.csv

# Debian's Chromium for the browser tests (Playwright drives it; no browser download),
# and a CJK font so the pages' Chinese renders in screenshots.
BROWSER_PACKAGES := chromium fonts-noto-cjk
browser-deps:
	@missing=$$(for p in $(BROWSER_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages for the browser tests:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# The fixtures in loading order, for scripts that load them outside `make data` (.ci/).
fixture-names:
	@echo $(FIXTURES)

# ruff, the layers' import contract (pyproject's [tool.importlinter]), mypy with the Django and
# DRF stubs, and djLint over the templates (its lint rules, and their formatting: reformat with
# `$(BIN)/djlint templates --reformat`).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	env -u DATABASE_URL $(BIN)/mypy
	$(BIN)/djlint templates --lint
	$(BIN)/djlint templates --check

# Runs on SQLite unless DATABASE_URL says otherwise. pytest's exit code 5 (no tests
# collected) is a failure here: a test run that runs nothing has not passed.
test: install browser-deps lint
	env -u DATABASE_URL DEBUG=0 $(BIN)/python manage.py makemigrations --check --dry-run --settings=config.test_settings >/dev/null
	DEBUG=0 $(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing on purpose"; exit 1; fi; \
	exit $$rc

# Refresh the README's screenshots (docs/screenshots/) from the browser tests.
screenshots: install browser-deps
	ZONEBENCH_SCREENSHOTS=1 DEBUG=0 $(BIN)/python -m pytest tests/browser -q -k "overview or compare or hitech_ranking or map_draws or phones_width"

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
