# Two commands set everything up on a fresh machine: `make run` and `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: run test lint typecheck unit format clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The live world on the embedded default: serve the demo world over HTTP and print the address and the
# demo logins (the story replay is `.venv/bin/soulbond replay lost-things`). Stop it with Ctrl-C.
DEMO_DB ?= sqlite:///demo.db
PORT ?= 8000
run: $(BIN)/.installed
	$(BIN)/soulbond serve --demo --db $(DEMO_DB) --port $(PORT)

# Everything CI checks: lint, format, strict types, then the whole test suite.
test: $(BIN)/.installed lint typecheck unit

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

typecheck: $(BIN)/.installed
	$(BIN)/mypy

# The rules core must stay almost fully covered: it is what every face of soulbond trusts.
unit: $(BIN)/.installed
	$(BIN)/pytest -n 2 -p no:cacheprovider --cov=soulbond.core --cov-fail-under=95 --cov-report=term:skip-covered

format: $(BIN)/.installed
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
