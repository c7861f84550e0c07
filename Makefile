# Two commands for a newcomer: `make site` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
# Zensical (Material's successor, `build --renderer zensical`) has a virtual environment of its own,
# inside .venv so that whatever copies or ignores .venv (tests, git) treats it the same way.
ZVENV := $(VENV)/zensical
ZSTAMP := $(ZVENV)/.installed-$(shell cksum requirements-zensical.txt | cut -d' ' -f1)

.PHONY: site test test-successor zensical serve check browser clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

$(ZSTAMP): requirements-zensical.txt
	test -x $(ZVENV)/bin/python || $(PYTHON) -m venv $(ZVENV)
	$(ZVENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-zensical.txt
	rm -f $(ZVENV)/.installed-* && touch $@

zensical: $(ZSTAMP)

site: $(STAMP)
	scripts/portal build

check: $(STAMP)
	scripts/portal check

serve: $(STAMP)
	scripts/portal serve

# Browser tests drive Debian's Chromium with Playwright (no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 && command -v nginx >/dev/null 2>&1 || { \
	  echo "Installing from Debian: chromium (browser tests), poppler-utils (PDF checks), nginx (deploy test)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils nginx >/dev/null; }

# Both renderers are tested: without .venv/zensical the successor's tests would fail, not skip.
test: $(STAMP) $(ZSTAMP) browser
	PORTAL_REQUIRE_ZENSICAL=1 $(PY) -m pytest -q

# The successor route alone: the example site through Zensical, the hand-over and the boundary.
test-successor: $(STAMP) $(ZSTAMP) browser
	PORTAL_REQUIRE_ZENSICAL=1 $(PY) -m pytest -q tests/test_renderers.py tests/test_generate.py

clean:
	rm -rf site .site-* test-output
