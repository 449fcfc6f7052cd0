# Two environments: .venv (Python >= 3.11: backend, channels, tests) and
# .venv-rasa (Python 3.10: Rasa and the action server). Both are built on first use.

SHELL := /bin/bash
PYTHON311 ?= $(shell for c in python3.13 python3.12 python3.11 python3; do \
	$$c -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && command -v $$c && break; done)
PYTHON310 ?= $(shell for c in python3.10 $$HOME/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do \
	$$c -c '' 2>/dev/null && echo $$c && break; done)

.PHONY: run test envs lint test-servers
.DEFAULT_GOAL := run

envs: .venv/.ready .venv-rasa/.ready

# The tests drive Debian's Chromium (Playwright does not download its own browser), run the production
# engines, Debian's PostgreSQL and Redis, on throwaway servers, and read receipts drawn in DejaVu with Tesseract.
# Whatever is missing is installed in one go.
CHROMIUM ?= $(shell command -v chromium || command -v chromium-browser)
MISSING_PACKAGES = $(strip \
	$(if $(CHROMIUM),,chromium fonts-noto-color-emoji) \
	$(if $(wildcard /usr/lib/postgresql/*/bin/pg_ctl),,postgresql) \
	$(if $(shell command -v redis-server),,redis-server) \
	$(if $(wildcard /usr/share/tesseract-ocr/*/tessdata/spa.traineddata),,tesseract-ocr tesseract-ocr-spa) \
	$(if $(wildcard /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf),,fonts-dejavu-core))
test-servers:
	@test -z "$(MISSING_PACKAGES)" || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends $(MISSING_PACKAGES) >/dev/null; \
		else echo "Install what the tests need: sudo apt-get install $(MISSING_PACKAGES)"; exit 1; fi; }

.venv/.ready: pyproject.toml
	@test -n "$(PYTHON311)" || { echo "Python 3.11 or newer is needed"; exit 1; }
	$(PYTHON311) -m venv .venv
	.venv/bin/pip install --quiet --upgrade pip
	.venv/bin/pip install --quiet -e '.[dev]'
	touch $@

.venv-rasa/.ready: actions/requirements.txt actions/requirements-dev.txt actions/constraints.txt
	@test -n "$(PYTHON310)" || { echo "Python 3.10 is needed for Rasa"; exit 1; }
	$(PYTHON310) -m venv .venv-rasa
	.venv-rasa/bin/pip install --quiet -r actions/requirements.txt -r actions/requirements-dev.txt -c actions/constraints.txt
	touch $@

## Run the product: train the model if needed, start Rasa, actions and backend, serve the web chat.
run: envs
	.venv/bin/venta run

## Run every test: the actions on recorded trackers in Rasa's environment, then everything else (trains the model
## if needed and starts the stack on free ports).
test: envs test-servers
	.venv-rasa/bin/python -m pytest --confcutdir=tests/actions/trackers tests/actions/trackers
	.venv/bin/python -m pytest $(PYTEST_ARGS)

lint: .venv/.ready
	.venv/bin/ruff check backend bot launcher actions tests benchmarks
