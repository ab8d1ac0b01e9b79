# The README's two commands: `make run` and `make test`. Both bootstrap .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint typecheck

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "AgentTrace needs Python 3.11+")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

## Serve on the embedded SQLite default (http://127.0.0.1:3000, data in ./.agenttrace/).
run: $(VENV)/.installed
	$(BIN)/agenttrace serve

## The whole suite, on SQLite and PostgreSQL.
test: $(VENV)/.dev-installed
	$(BIN)/pytest $(PYTEST_ARGS)

## ruff's lint rules and its formatting, checked.
lint: $(VENV)/.dev-installed
	$(BIN)/ruff check agenttrace tests bench
	$(BIN)/ruff format --check agenttrace tests bench

## mypy, strict, over the package (settings in pyproject.toml).
typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy
