# Two commands on a fresh machine: `make demo` and `make test`. Everything else is here too.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Bytecode is compiled once on install; PYTHONDONTWRITEBYTECODE would make every run recompile.
export PYTHONDONTWRITEBYTECODE :=

.PHONY: install poppler fonts demo test lint sql bench bench-charts soak test-pg check-install clean

# pip's own output (build warnings included) goes to .venv/pip.log, shown only if it fails.
PIP = $(BIN)/python -m pip --disable-pip-version-check
PIP_LOG = $(VENV)/pip.log
QUIETLY = >$(PIP_LOG) 2>&1 || { cat $(PIP_LOG); exit 1; }

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) install --quiet --upgrade pip $(QUIETLY)

# The program and what it needs to run (all `make demo` installs) ...
$(VENV)/.app: pyproject.toml | $(BIN)/python
	@echo "Installing headache-journal into $(VENV) ..."
	@$(PIP) install --quiet -e . $(QUIETLY)
	@$(BIN)/python -m compileall -q journal migrations cli.py >/dev/null
	@touch $@

# ... and with the test and PostgreSQL extras, for everything else.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "Installing headache-journal with its test and PostgreSQL extras into $(VENV) ..."
	@$(PIP) install --quiet -e '.[test,postgres]' $(QUIETLY)
	@$(BIN)/python -m compileall -q journal migrations cli.py >/dev/null
	@touch $(VENV)/.app $@

install: $(VENV)/.installed

poppler:
	@command -v pdftotext >/dev/null || { \
	  echo "installing poppler-utils (pdftotext, pdftoppm) for the report tests"; \
	  (apt-get update -q && apt-get install -y -q poppler-utils) >/dev/null 2>&1 || \
	  echo "could not install poppler-utils; the PDF read-back tests will fail"; }

# Fonts for text in any script in the charts and the report (journal/pictures/fonts.py):
# Noto Sans for Indic, South-East Asian, Caucasian and African scripts, WenQuanYi Micro Hei for
# Chinese, Japanese and Korean, Symbola for emoji. Installed quietly, only when missing, as root.
FONT_PACKAGES := fonts-noto-core fonts-wqy-microhei fonts-symbola

fonts:
	@missing=""; for p in $(FONT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	[ -z "$$missing" ] || if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing fonts for text in any script in charts and the report:$$missing"; \
	  (apt-get update -q && apt-get install -y -q --no-install-recommends $$missing) >/dev/null 2>&1 || \
	  echo "could not install$$missing; text those fonts draw will show as boxes"; \
	else echo "for text in any script in charts and the report, install:$$missing"; fi

demo: $(VENV)/.app fonts
	@rm -rf demo
	@$(BIN)/python scripts/demo.py demo

# The suite runs on two workers (pytest-xdist), a module at a time, the slowest modules
# first (tests/conftest.py). `make test WORKERS=0` runs it in one process.
WORKERS ?= 2
PARALLEL = -n $(WORKERS) --dist loadfile --no-loadscope-reorder

test: install poppler fonts
	$(BIN)/python -m pytest $(PARALLEL)

# The same suite against a throwaway PostgreSQL server (installed from apt if missing).
test-pg: install poppler fonts
	PYTHON=$(BIN)/python scripts/pg-test.sh $(PARALLEL)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The fast path's SQLite text, generated from the models and journal/storage/statements.py.
sql: install
	$(BIN)/python -m journal.storage.sqlgen

bench: install
	$(BIN)/python bench/run.py
	$(MAKE) --no-print-directory bench-charts

# Each chart and a 12-month report against a bare matplotlib script drawing as much,
# added to BENCHMARKS.md.
bench-charts: install
	mkdir -p bench/out
	$(BIN)/python bench/charts.py > bench/out/charts.txt
	{ echo; echo "## Charts and report against a bare matplotlib floor (bench/charts.py)"; \
	  echo; echo '```'; cat bench/out/charts.txt; echo '```'; } >> BENCHMARKS.md

# The reliability tests at length: aimed SIGKILLs until 1,000 landed inside a write
# transaction (100 during first-use migrations), 100 each aimed at restores and Ctrl-Cs
# in restore and import, and 15x the default run's fuzzing of arguments and of imported
# files (300 examples a command); -rP prints each tally.
SOAK_KILLS ?= 1000
FUZZ_FACTOR ?= 15
soak: install
	JOURNAL_SOAK_KILLS=$(SOAK_KILLS) JOURNAL_FUZZ_FACTOR=$(FUZZ_FACTOR) $(BIN)/python -m pytest \
	  $(PARALLEL) -rP tests/test_reliability_crash.py tests/test_reliability_input.py \
	  tests/test_reliability_restore.py tests/test_reliability_fuzz_files.py

check-install:
	scripts/check-install.sh

clean:
	rm -rf $(VENV) demo build *.egg-info
