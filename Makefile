# Two entry points for a fresh machine (see README):
#   make demo   set up, ingest the sample reports, build the marts and serve the dashboards
#   make test   set up (including the system packages the tests need) and run the tests
VENV   := .venv
BIN    := $(VENV)/bin
PYTHON ?= python3

.PHONY: setup system demo test bench

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,ocr]'
	touch $@

# The Spark engine's Python packages (the `spark` extra); the tests compare it with DuckDB.
$(VENV)/.spark-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev,spark]'
	touch $@

# Debian packages: Chromium and a CJK font for the browser tests, Java 17 for Spark,
# LibreOffice for .doc/.wps, Tesseract (Chinese) for the OCR comparison.
system:
	bash scripts/install-system.sh

demo: setup
	$(BIN)/jixiao demo

# JIXIAO_SPARK_TESTS=1: the Spark engine is built and compared with DuckDB mart by mart (about 5 min).
test: setup $(VENV)/.spark-installed system
	$(BIN)/ruff check .
	JIXIAO_SPARK_TESTS=1 $(BIN)/pytest

bench: setup
	$(BIN)/python benchmarks/run.py
