# Two commands do all set-up on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ARGS ?=

.PHONY: serve test bench lint install clean openapi fuzz

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The package's bytecode, brought up to date before each run (~0.07 s when it is): these machines set
# PYTHONDONTWRITEBYTECODE=1, so with the editable install every process compiled the sources it imported
# again, ~0.1 s of a `serve` start (docs/decisions/001-server.md). Only files whose source changed are
# compiled; a regular install (the Dockerfile's) gets its bytecode from pip.
BYTECODE = $(BIN)/python -m compileall -q emulator

# The console's browser tests drive Debian's Chromium (never a downloaded browser build) and run
# the curl snippets the console shows.
# apt-get waits up to 10 minutes for another install's dpkg lock rather than failing at once.
APT_WAIT := -o DPkg::Lock::Timeout=600
SYSTEM_DEPS := $(VENV)/.system-deps
$(SYSTEM_DEPS):
	@if command -v chromium >/dev/null && command -v curl >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get $(APT_WAIT) update -qq \
	  && DEBIAN_FRONTEND=noninteractive apt-get $(APT_WAIT) install -y -qq chromium curl >/dev/null; \
	else \
	  echo "The console's browser tests need Debian's chromium and curl: sudo apt-get install chromium curl" >&2; \
	  exit 1; \
	fi
	@mkdir -p $(VENV) && touch $@

serve: $(STAMP)
	@$(BYTECODE)
	$(BIN)/lms-emulator serve $(ARGS)

test: $(STAMP) $(SYSTEM_DEPS)
	@$(BYTECODE)
	$(BIN)/python -m pytest -n 2 -q $(ARGS)

bench: $(STAMP)
	@$(BYTECODE)
	$(BIN)/python -m benchmarks $(ARGS)

# The OpenAPI 3.1 documents of every vendor, generated from the emulator (a test fails when they are stale).
openapi: $(STAMP)
	$(BIN)/python -m emulator.openapi docs/openapi

# A long schemathesis campaign: at least 100,000 requests per vendor, seeded (FUZZ_ARGS="--seed 7").
FUZZ_ARGS ?= --requests 100000 --seed 1
fuzz: $(STAMP)
	$(BIN)/python -m tools.fuzz $(FUZZ_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check emulator tests contract_tests benchmarks tools examples

clean:
	rm -rf $(VENV) *.egg-info
