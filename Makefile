# Plainhelp: `make run` serves the help center, `make test` proves it works.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
KB := $(BIN)/kb
export NO_MKDOCS_2_WARNING := 1

.PHONY: run build serve test lint audit format bench eval load fuzz clean

## run: install what is needed, build the site, serve on http://127.0.0.1:8000
run: $(VENV)/.installed-run build serve

build: $(VENV)/.installed-run
	$(KB) build

serve: $(VENV)/.installed-run
	$(KB) serve

## test: install test needs, lint, then run every test (tests/unit, system, browser, content)
test: $(VENV)/.installed-dev lint audit
	$(BIN)/pytest

## test-fast: the quick kinds only (unit and content: no servers, no browser), in under a minute
.PHONY: test-fast screenshots
test-fast: $(VENV)/.installed-dev
	$(BIN)/pytest -m "unit or content" tests/unit tests/content

## screenshots: retake the README's pictures into docs/images/ (`make test` takes them into a
## throwaway folder)
screenshots: $(VENV)/.installed-dev
	KB_SCREENSHOTS=docs/images $(BIN)/pytest -m browser tests/browser/test_screenshots.py

## audit: known vulnerabilities in every installed package (pip-audit)
audit: $(VENV)/.installed-dev
	$(BIN)/python -m tests.dependency_audit

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m tests.javascript_syntax

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## bench: speed figures (printed, never asserted in tests); SEARCH_BENCH_ARGS="--sizes 5000" picks sizes
SEARCH_BENCH_ARGS ?=
bench: $(VENV)/.installed-dev
	$(BIN)/python -m tests.benchmarks.build_speed
	$(BIN)/python -m tests.benchmarks.search_speed $(SEARCH_BENCH_ARGS)
	$(BIN)/python -m tests.benchmarks.feedback_speed
	$(BIN)/python -m tests.benchmarks.report_speed

## load: 50 readers for 60 s on the real portal, then saturation; per-endpoint latency and errors
## (LOAD_ARGS="--database postgresql --workers 4"; see docs/operating.md)
load: $(VENV)/.installed-dev
	$(BIN)/python -m tests.benchmarks.load $(LOAD_ARGS)

## fuzz: 100,000+ generated inputs: schemathesis against docs/openapi.yaml on the real portal,
## hypothesis properties for search, feedback and privacy (FUZZ_SCALE=0.1 for a quick look)
fuzz: $(VENV)/.installed-dev
	$(BIN)/python -m tests.fuzz

## eval: search quality of Plainhelp, Material's lunr, a Whoosh first try and tantivy BM25, on our
## questions and on public collections (EXTERNAL: a folder with collections.tsv; tests/data/external)
EXTERNAL ?= /work/external
eval: $(VENV)/.installed-dev build
	$(BIN)/python -m tests.benchmarks.search_quality --external $(EXTERNAL) tests/data/dev-queries.tsv tests/data/held-out-queries.tsv

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
	rm -rf site site.builds var .pytest_cache .ruff_cache

## lint-eval: precision and recall of `kb lint` on the labelled set, beside proselint
.PHONY: lint-eval
lint-eval: $(VENV)/.installed-dev
	$(BIN)/python -m tests.benchmarks.lint_quality
