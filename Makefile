# Two commands on a fresh clone: `make publish`, then `make test`.
# Each creates the virtual environment and installs the project when needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help

.PHONY: help install lock lint format publish refresh upload extract normalise test validate bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

LOCK := requirements.lock
LOCK_FLAGS := --extra test --all-build-deps --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-find-links --no-emit-index-url --no-emit-trusted-host

# uv installs the lock: it checks every hash as pip does, in a few seconds where pip took about
# forty (BENCHMARKS.md). It is bootstrapped with nothing but this Python's pip, from its own
# hashed pin. Its cache is kept in build/, so the tests can build a reuser's clean venv from the
# lock's wheels with no network, and a fresh clone depends on no cache of the machine's.
UV_DIR := build/uv
UV := $(UV_DIR)/bin/uv
export UV_CACHE_DIR := $(CURDIR)/build/uv-cache
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1

$(UV): bootstrap.lock
	$(PYTHON) -m pip install -qq --disable-pip-version-check --require-hashes --no-deps --target $(UV_DIR) -r bootstrap.lock
	touch $@

# Exactly the lock (sync also removes what the lock does not name); then the project itself,
# built with the locked setuptools, so nothing is taken from the registry's latest release.
$(STAMP): $(LOCK) pyproject.toml $(UV)
	test -x $(BIN)/python || $(UV) venv -q --python $(PYTHON) $(VENV)
	$(UV) pip sync -q --python $(BIN)/python --require-hashes $(LOCK)
	$(UV) pip install -q --python $(BIN)/python --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the lock and the project

# pip-compile, against PyPI alone whatever this machine's pip configuration says, so every hash
# in the lock is one PyPI serves.
lock: ## Upgrade every pinned dependency on purpose (needs the registry), then make publish
	test -x build/lock-tools/bin/pip-compile || \
		($(PYTHON) -m venv build/lock-tools && build/lock-tools/bin/pip install -qq pip-tools)
	env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL PIP_CONFIG_FILE=/dev/null \
		build/lock-tools/bin/pip-compile -q --upgrade $(LOCK_FLAGS) -o $(LOCK) pyproject.toml

publish: $(STAMP) ## Run every stage offline on data/raw: extract, normalise, publish
	$(BIN)/action-plan-data run

refresh: $(STAMP) ## Fetch the sources; republish only if one changed (make cannot pass on the CLI's exit 3: schedules use deploy/refresh.sh)
	$(BIN)/action-plan-data refresh || [ $$? -eq 3 ]

upload: $(STAMP) ## Show what upload to data.gouv.fr would do; make upload UPLOAD_FLAGS=--apply sends it
	$(BIN)/action-plan-data upload $(UPLOAD_FLAGS)

extract: $(STAMP) ## Stage 1: data/raw -> build/extracted
	$(BIN)/action-plan-data extract

normalise: $(STAMP) ## Stage 2: build/extracted -> build/pipeline.duckdb
	$(BIN)/action-plan-data normalise

# The suite starts dozens of Python processes (the CLI, publishes killed on purpose, the
# schedules' wrappers). Where PYTHONDONTWRITEBYTECODE is set, each would compile anew every
# module it imports, an eighth of the suite's time (120 s against 106 s, one run each): the
# tests let Python keep its bytecode, as it does by default (in __pycache__, which git ignores).
TEST_ENV := PYTHONDONTWRITEBYTECODE=

test: lint ## Check the code's form, then run the test suite
	$(TEST_ENV) $(BIN)/python -m pytest -n auto --dist worksteal

lint: $(STAMP) ## ruff: the linter and the formatter's check (make format applies it)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## Format the code with ruff
	$(BIN)/ruff format .

bench: $(STAMP) ## Measure the pipeline beside its floors (BENCH_SIZES=10000,100000,1000000 for the stress test)
	$(BIN)/python bench/run.py

validate: $(STAMP) ## Validate the published package with frictionless
	$(BIN)/action-plan-data validate

clean: ## Remove build/ (uv and its cache included) and .venv (never data/)
	rm -rf build $(VENV)
