# Prizm — two commands: `make run` and `make test`. Everything else is set up by them.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export PYTHONUNBUFFERED := 1

.PHONY: run test install lint migrate messages bench clean-var check-python

check-python:
	@command -v $(PYTHON) >/dev/null 2>&1 || command -v python3 >/dev/null 2>&1 || { echo "Python 3.11 is required (python3.11 or python3 on PATH)."; exit 1; }

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory check-python
	@test -x $(BIN)/python || { command -v $(PYTHON) >/dev/null 2>&1 && $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

messages: $(STAMP)
	@if command -v msgfmt >/dev/null 2>&1; then $(BIN)/python manage.py compilemessages --ignore=.venv -v 0; \
	else echo "msgfmt not found: using the committed .mo files (apt-get install gettext to rebuild them)."; fi

migrate: $(STAMP) messages
	$(BIN)/python manage.py migrate --noinput -v 0

# make run: embedded defaults (SQLite, filesystem broker, offline LLM), demo data, web + worker + beat.
run: export DEBUG ?= 1
run: migrate
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  Prizm is starting on http://$${PRIZM_HOST:-127.0.0.1}:$${PRIZM_PORT:-8000}/  (studio: /studio/, admin: /admin/)"
	@echo "  Ctrl-C stops the web server, the worker and beat."
	@echo ""
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile

lint: $(STAMP)
	$(BIN)/ruff check .

# make test: uses DATABASE_URL / REDIS_URL when set, else the embedded defaults.
test: $(STAMP) messages
	@command -v chromium >/dev/null 2>&1 || echo "NOTE: chromium is not installed: browser tests will be skipped (apt-get install chromium; CI installs it and fails on skips)."
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run -v 1
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	@for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean-var:
	rm -rf var/
