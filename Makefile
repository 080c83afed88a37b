# Front door. Every target bootstraps .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint schemas docs bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/mrv demo --examples examples --out demo-output

lint: $(STAMP)
	$(BIN)/ruff check mrv methodologies tests benchmarks
	$(BIN)/ruff format --check mrv methodologies tests benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

schemas: $(STAMP)
	$(BIN)/mrv schema --write schemas

docs: $(STAMP)
	$(BIN)/python -m mrv.interface.docs
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

bench: $(STAMP)
	$(BIN)/python benchmarks/workloads.py

clean:
	rm -rf $(VENV) demo-output site .pytest_cache .mypy_cache .ruff_cache .hypothesis
