# README's two commands: `make run` and `make test`. Both create .venv and install first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test test-window lint venv dist dist-onefile bench score clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: on Debian/Ubuntu run: sudo apt-get install python3-venv" >&2; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,build,lint]"
	rm -f $(VENV)/.installed-*
	touch $@

venv: $(STAMP)

run: $(STAMP)
	@scripts/ensure-system-libs.sh window
	$(PY) -m desktop_app

test: $(STAMP)
	@scripts/ensure-system-libs.sh offscreen
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

# ruff (rules in pyproject.toml) and mypy (strict defs in desktop_app/core)
lint: $(STAMP)
	$(PY) -m ruff check desktop_app tests benchmarks resources scripts
	$(PY) -m mypy

# The app in a real X window (Xvfb), driven by keys through xdotool: short, and slower to set up.
test-window: $(STAMP)
	@scripts/ensure-system-libs.sh window-test
	$(PY) -m pytest -q -m window tests/window

# The parser against the gold of the real releases: dev (seed + tests/data/corpus) and the
# blind sets (annotated before the parser ran on them); see tests/data/corpus/README.md.
score: $(STAMP)
	@for set in dev blind blind2 blind3 blind4 blind5 blind6; do echo "== $$set"; $(PY) -m tests.corpus_score --set $$set | tail -2; done

dist: $(STAMP)
	@scripts/ensure-system-libs.sh offscreen
	$(PY) -m PyInstaller --noconfirm --clean build.spec

dist-onefile: $(STAMP)
	@scripts/ensure-system-libs.sh offscreen
	ZHIKU_ONEFILE=1 $(PY) -m PyInstaller --noconfirm --clean build.spec

bench: $(STAMP)
	$(PY) -m pip install --quiet -e ".[bench]"
	$(PY) benchmarks/run_all.py

clean:
	rm -rf build dist
