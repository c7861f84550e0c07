# Two commands for a newcomer: `make site` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)

.PHONY: site test serve check browser clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

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

test: $(STAMP) browser
	$(PY) -m pytest -q

clean:
	rm -rf site .site-* test-output
