# Two commands on a fresh clone: `make publish`, then `make test`.
# Each creates the virtual environment and installs the project when needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install publish refresh upload extract normalise test validate bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip
	$(BIN)/python -m pip install -qq -e '.[test]'
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project with its test tools

publish: $(STAMP) ## Run every stage offline on data/raw: extract, normalise, publish
	$(BIN)/action-plan-data run

refresh: $(STAMP) ## Fetch the sources; republish only if one changed (exit 0 unchanged, 3 republished)
	$(BIN)/action-plan-data refresh

upload: $(STAMP) ## Show what upload to data.gouv.fr would do; make upload UPLOAD_FLAGS=--apply sends it
	$(BIN)/action-plan-data upload $(UPLOAD_FLAGS)

extract: $(STAMP) ## Stage 1: data/raw -> build/extracted
	$(BIN)/action-plan-data extract

normalise: $(STAMP) ## Stage 2: build/extracted -> build/pipeline.duckdb
	$(BIN)/action-plan-data normalise

test: $(STAMP) ## Run the test suite
	$(BIN)/python -m pytest

bench: $(STAMP) ## Measure the pipeline beside its floors (BENCH_SIZES=10000,100000,1000000 for the stress test)
	$(BIN)/python bench/run.py

validate: $(STAMP) ## Validate the published package with frictionless
	$(BIN)/frictionless validate datapackage.json

clean: ## Remove build/ and .venv (never data/)
	rm -rf build $(VENV)
