# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# These targets are for development machines: production runs from docker/ with DEBUG off.
export DEBUG ?= 1

.PHONY: run test system lint format messages compilemessages bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Debian packages for Chromium (browser tests) and PDF rendering; a no-op once installed.
system:
	$(PYTHON) platform/devtools/system.py

compilemessages: $(STAMP)
	$(PY) manage.py compile_translations

run: system $(STAMP) compilemessages
	$(PY) -m devtools run

test: system $(STAMP) compilemessages
	$(PY) -m devtools test

bench: $(STAMP) compilemessages
	$(PY) -m devtools bench

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Extract new strings into i18n/*/LC_MESSAGES/django.po (GNU gettext comes with `make system`).
messages: system $(STAMP)
	$(PY) manage.py makemessages --no-obsolete --ignore '.venv/*' --ignore '.data/*' -l zh_Hans -l en -l ja -l ko

clean:
	rm -rf $(VENV) .data
