# Two commands on a fresh machine with Python 3.11:
#   make demo   install into .venv/ and run the demo flow on the bundled samples
#   make test   install the dev extras into the same .venv/ and run the whole test suite
# constraints.txt pins the exact versions CI tested, so a new machine resolves the same set.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip

.PHONY: demo test install install-dev bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install --quiet -c constraints.txt -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/callscrub demo --workdir callscrub-demo

test: install-dev
	$(BIN)/python -m pytest

bench: install-dev
	$(BIN)/python bench/transcription_rtf.py

clean:
	rm -rf $(VENV) callscrub-demo .pytest_cache
