# Plainhelp: `make run` serves the help center, `make test` proves it works.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
KB := $(BIN)/kb
export NO_MKDOCS_2_WARNING := 1

.PHONY: run build serve test lint format bench eval clean

## run: install what is needed, build the site, serve on http://127.0.0.1:8000
run: $(VENV)/.installed-run build serve

build: $(VENV)/.installed-run
	$(KB) build

serve: $(VENV)/.installed-run
	$(KB) serve

## test: install test needs, lint, then run every test
test: $(VENV)/.installed-dev lint
	$(BIN)/pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## bench: speed figures (printed, never asserted in tests)
bench: $(VENV)/.installed-dev
	$(BIN)/python -m tests.benchmarks.build_speed
	$(BIN)/python -m tests.benchmarks.search_speed
	$(BIN)/python -m tests.benchmarks.feedback_speed
	$(BIN)/python -m tests.benchmarks.report_speed

## eval: search quality against Material's built-in search and Whoosh defaults
eval: $(VENV)/.installed-dev build
	$(BIN)/python -m tests.benchmarks.search_quality tests/data/dev-queries.tsv tests/data/held-out-queries.tsv

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed-run
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

clean:
	rm -rf site var .pytest_cache .ruff_cache

## lint-eval: precision and recall of `kb lint` on the labelled set, beside proselint
.PHONY: lint-eval
lint-eval: $(VENV)/.installed-dev
	$(BIN)/python -m tests.benchmarks.lint_quality
