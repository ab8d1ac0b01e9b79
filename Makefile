# The README's two commands: `make run` and `make test`. Both bootstrap .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint typecheck ui ui-test

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "AgentTrace needs Python 3.11+")'
	$(PYTHON) -m venv $(VENV)

# The server needs the client distribution (sdk/python: it owns the `agenttrace` command):
# both are installed editable, in one resolution.
$(VENV)/.installed: pyproject.toml sdk/python/pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e ./sdk/python -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml sdk/python/pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -e ./sdk/python -e '.[dev]'
	touch $@

# The web UI (ui/) builds into the package; rebuilt when a source is newer than the build.
UI_BUILD := agenttrace/web/static/index.html
UI_SOURCES := $(shell find ui/src ui/public -type f 2>/dev/null) ui/index.html ui/vite.config.ts ui/tsconfig.json ui/package-lock.json

ui/node_modules/.package-lock.json: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund --loglevel=error

$(UI_BUILD): ui/node_modules/.package-lock.json $(UI_SOURCES)
	cd ui && npm run build --silent

# Browser assets of /docs (Swagger UI) and /graphql (GraphiQL, React), pinned in
# ui/vendor/package-lock.json and copied into the package: the server never points at a CDN.
VENDOR_BUILD := agenttrace/web/vendor/manifest.json

ui/vendor/node_modules/.package-lock.json: ui/vendor/package-lock.json
	cd ui/vendor && npm ci --no-audit --no-fund --loglevel=error

$(VENDOR_BUILD): ui/vendor/node_modules/.package-lock.json ui/vendor/copy.mjs
	cd ui/vendor && npm run build --silent

## Build the web UI and the assets of /docs and /graphql (needs Node 20 and npm; without
## them the server answers the API alone, and those two pages say the assets are missing).
ui:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(UI_BUILD) $(VENDOR_BUILD); \
	else echo "npm not found: the web UI is not built; the server will answer the API alone"; fi

## The UI's component tests (Vitest).
ui-test: ui
	@if command -v npm >/dev/null 2>&1; then cd ui && npm test --silent; fi

## Serve on the embedded SQLite default (http://127.0.0.1:3000, data in ./.agenttrace/).
run: $(VENV)/.installed ui
	$(BIN)/agenttrace serve

## The whole suite, on SQLite and PostgreSQL, with the UI's tests (components, then a real browser).
test: $(VENV)/.dev-installed ui-test
	$(BIN)/pytest $(PYTEST_ARGS)

## ruff's lint rules and its formatting, checked.
lint: $(VENV)/.dev-installed
	$(BIN)/ruff check agenttrace sdk/python tests bench
	$(BIN)/ruff format --check agenttrace sdk/python tests bench

## mypy, strict, over the server and the client packages (settings in pyproject.toml).
typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy
