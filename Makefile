# Two environments: .venv (Python >= 3.11: backend, channels, tests) and
# .venv-rasa (Python 3.10: Rasa and the action server). Both are built on first use.

SHELL := /bin/bash
PYTHON311 ?= $(shell for c in python3.13 python3.12 python3.11 python3; do \
	$$c -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && command -v $$c && break; done)
PYTHON310 ?= $(shell for c in python3.10 $$HOME/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do \
	$$c -c '' 2>/dev/null && echo $$c && break; done)

.PHONY: run test envs lint chromium
.DEFAULT_GOAL := run

envs: .venv/.ready .venv-rasa/.ready

# The console's browser tests drive Debian's Chromium (Playwright does not download its own browser).
CHROMIUM ?= $(shell command -v chromium || command -v chromium-browser)
chromium:
	@test -n "$(CHROMIUM)" || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-noto-color-emoji >/dev/null; \
		else echo "Install Chromium for the browser tests: sudo apt-get install chromium"; exit 1; fi; }

.venv/.ready: pyproject.toml
	@test -n "$(PYTHON311)" || { echo "Python 3.11 or newer is needed"; exit 1; }
	$(PYTHON311) -m venv .venv
	.venv/bin/pip install --quiet --upgrade pip
	.venv/bin/pip install --quiet -e '.[dev]'
	touch $@

.venv-rasa/.ready: actions/requirements.txt actions/constraints.txt
	@test -n "$(PYTHON310)" || { echo "Python 3.10 is needed for Rasa"; exit 1; }
	$(PYTHON310) -m venv .venv-rasa
	.venv-rasa/bin/pip install --quiet -r actions/requirements.txt -c actions/constraints.txt
	touch $@

## Run the product: train the model if needed, start Rasa, actions and backend, serve the web chat.
run: envs
	.venv/bin/python -m backend.stack run

## Run every test (trains the model if needed and starts the stack on free ports).
test: envs chromium
	.venv/bin/python -m pytest $(PYTEST_ARGS)

lint: .venv/.ready
	.venv/bin/ruff check backend bot tests
