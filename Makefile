# `make quiz` builds every output into build/; `make test` runs the whole suite.
# Both create the virtual environment in .venv on first use, from the lock (requirements/*.txt,
# exported from uv.lock with a hash for every file): a fresh machine gets exactly the tested
# versions, with plain pip. `make lock` upgrades the lock.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
UV_VERSION ?= 0.13.9

.PHONY: quiz test check bench lock relock clean

# --no-deps: the lock lists every package, so pip must not resolve anything on its own;
# --no-build-isolation: this checkout is built by the locked hatchling, not the newest one.
$(VENV)/.runtime: requirements/runtime.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/runtime.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.test: $(VENV)/.runtime requirements/test.txt
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/test.txt
	touch $@

quiz: $(VENV)/.runtime
	$(BIN)/citequiz build .

check: $(VENV)/.runtime
	$(BIN)/citequiz check --strict .

# pytest exits 5 when it collected no tests: that is a failure here, not a pass.
test: $(VENV)/.test
	@$(BIN)/python -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; exit $$rc

# Benchmarks (not tests): `make bench` or `make bench BENCH_ARGS="--sizes 1000,10000"`.
bench: $(VENV)/.test
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Upgrade every locked package to the newest release pyproject.toml allows, then export the
# pip-readable files. uv resolves for every platform and Python 3.11+ at once (one lock for all).
lock: UV_LOCK_ARGS = --upgrade
lock: relock

# Record a dependency added to or changed in pyproject.toml, keeping every other pin as it is.
relock:
	test -x .venv-lock/bin/uv || { $(PYTHON) -m venv .venv-lock && \
	  .venv-lock/bin/python -m pip install --quiet uv==$(UV_VERSION); }
	.venv-lock/bin/uv lock $(UV_LOCK_ARGS)
	.venv-lock/bin/uv export --frozen --no-emit-project --no-dev --group build \
	  --format requirements-txt --quiet -o requirements/runtime.txt
	.venv-lock/bin/uv export --frozen --no-emit-project --no-dev --group build --extra test \
	  --format requirements-txt --quiet -o requirements/test.txt

clean:
	rm -rf build
