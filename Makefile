# Prizm — two commands: `make run` and `make test`. Everything else is set up by them.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export PYTHONUNBUFFERED := 1

.PHONY: run test install lint lock migrate messages bench clean-var check-python

check-python:
	@command -v $(PYTHON) >/dev/null 2>&1 || command -v python3 >/dev/null 2>&1 || { echo "Python 3.11 is required (python3.11 or python3 on PATH)."; exit 1; }

# Installs the pinned versions of requirements.lock (compiled from pyproject.toml's ranges by
# `make lock`), showing one line per package; the machine's own pip warnings about absent local
# indexes are filtered out as noise a newcomer should not have to interpret.
PIP_SHOW := grep --line-buffered -E '^(Collecting|Installing|Successfully|ERROR|error|  )' | grep --line-buffered -v -E "is ignored|^  (Downloading|Using cached)" || true
$(STAMP): requirements.lock
	@$(MAKE) --no-print-directory check-python
	@test -x $(BIN)/python || { echo "Creating $(VENV)/ …"; { command -v $(PYTHON) >/dev/null 2>&1 && $(PYTHON) -m venv $(VENV); } || python3 -m venv $(VENV); }
	@echo "Installing the pinned dependencies (requirements.lock) into $(VENV)/ …"
	@set -o pipefail; $(BIN)/python -m pip install --disable-pip-version-check --progress-bar off -r requirements.lock 2>&1 | $(PIP_SHOW)
	@$(BIN)/python -c "import django, celery, openai, playwright" || { echo "The install did not complete: see the errors above."; exit 1; }
	@touch $(STAMP)
	@echo "Dependencies installed."

# Recompile the lock after changing the ranges in pyproject.toml.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv 2>&1 | grep -v "is ignored" || true
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --python-platform x86_64-manylinux_2_28 --no-header --annotation-style line -o requirements.lock

install: $(STAMP)

messages: $(STAMP)
	@if command -v msgfmt >/dev/null 2>&1; then $(BIN)/python manage.py compilemessages --ignore=.venv -v 0; \
	else echo "msgfmt not found: using the committed .mo files (apt-get install gettext to rebuild them)."; fi

migrate: $(STAMP) messages
	$(BIN)/python manage.py migrate --noinput -v 0

# make run: embedded defaults (SQLite, filesystem broker, offline LLM), demo data, web + worker + beat.
run: export DEBUG ?= 1
# Quiet what a newcomer cannot act on: runserver's "development server" banner, Celery's warning
# when the machine's user is root (containers, CI machines).
run: export DJANGO_RUNSERVER_HIDE_WARNING := true
run: export PYTHONWARNINGS := ignore:You're running the worker with superuser privileges
run: migrate
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  Prizm is starting on http://$${PRIZM_HOST:-127.0.0.1}:$${PRIZM_PORT:-8000}/  (studio: /studio/, admin: /admin/)"
	@echo "  Ctrl-C stops the web server, the worker and beat."
	@echo ""
	@# honcho exits 130 after a Ctrl-C it handled cleanly: that is a normal stop, not an error.
	@PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile || [ $$? -eq 130 ]

lint: $(STAMP)
	$(BIN)/ruff check .

# make test: uses DATABASE_URL / REDIS_URL when set, else the embedded defaults.
test: $(STAMP) messages
	@command -v chromium >/dev/null 2>&1 || echo "NOTE: chromium is not installed: browser tests will be skipped (apt-get install chromium; CI installs it and fails on skips)."
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/python manage.py makemigrations --check --dry-run -v 1
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	@for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean-var:
	rm -rf var/
