# One-word runner. `make book` builds the site into _build/html; `make test` tests it; `make check`
# runs the tests that need no built site, without building (the quick loop).
# Both install what they need first (a virtual environment, npm packages, Debian's chromium),
# so either works first on a fresh clone.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# apt needs root: use sudo where we are not root (a developer's machine), nothing in CI containers.
SUDO   := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: book test check data maps serve run benchmark reproducible clean deps chromium

# The book's PDF is printed by Debian's chromium (airace/site/book_pdf.py): `make book` installs it too.
book: deps chromium
	$(BIN)/python -m airace build

# Tests run on two workers (pytest-xdist), a whole test module to a worker: a module's costly
# fixtures (a scratch build, executed notebooks, one Chromium) are made once.
PYTEST := $(BIN)/python -m pytest -n $(or $(WORKERS),2) --dist loadfile

# Build, then every test; a missing site fails the site tests instead of skipping them.
test: book chromium
	AIRACE_REQUIRE_SITE=1 $(PYTEST)

# The quick loop: every test that needs no built site (tests/core, tests/data, tests/story).
check: deps
	$(PYTEST) tests/core tests/data tests/story

data: deps
	$(BIN)/python -m airace data

# Re-run one chapter with parameters: make run CHAPTER=policy_race ARGS="-p highlight 510000"
run: deps
	$(BIN)/python -m airace run $(CHAPTER) $(ARGS)

serve:
	$(BIN)/python -m airace serve

benchmark: deps
	$(BIN)/python scripts/benchmark.py

# Two forced builds of unchanged inputs must publish the same bytes (minutes: two full builds).
reproducible: deps
	$(BIN)/python scripts/check_reproducible.py

# Regenerate maps/provinces.topo.json and maps/cities.csv from the pinned sources (rarely needed).
# mapshaper is installed here, not in package.json: the book never needs it, and its optional
# native dependencies keep package-lock.json from installing cleanly on every platform.
MAPSHAPER_VERSION := 0.7.70
maps: deps
	$(BIN)/pip install --quiet -r maps/requirements.txt
	npm install --no-save --no-audit --no-fund --prefix maps/.tools mapshaper@$(MAPSHAPER_VERSION)
	$(BIN)/python maps/build_geometry.py

deps: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Chromium prints the book's PDF and runs the browser tests; Noto CJK draws its Chinese glyphs.
chromium:
	@{ command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .; } || \
	  { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk; }

clean:
	rm -rf _build book/chapters book/_static/vendor book/_static/geo book/_static/tables book/_static/charts book/_static/downloads
