# `make quiz` builds every output into build/; `make test` runs the whole suite.
# Both create the virtual environment in .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: quiz test check bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

quiz: $(VENV)/.installed
	$(BIN)/citequiz build .

check: $(VENV)/.installed
	$(BIN)/citequiz check --strict .

# pytest exits 5 when it collected no tests: that is a failure here, not a pass.
test: $(VENV)/.installed
	@$(BIN)/python -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; exit $$rc

# Benchmarks (not tests): `make bench` or `make bench BENCH_ARGS="--sizes 1000,10000"`.
bench: $(VENV)/.installed
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf build
