"""Shared test set-up: the core package on sys.path, the example site built once a session, and
the markers of the slow tests held true: a test that starts Chromium or nginx without its marker
(`browser`, `nginx`: pytest.ini) fails, so `-m "not browser and not nginx"` leaves none of them in."""
from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

EXAMPLE_TODAY = dt.date(2025, 9, 1)
EXAMPLE_URL = "https://example.gov.vn/thi-dua/"


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example campaigns built once for the whole session, as of EXAMPLE_TODAY for
    EXAMPLE_URL, into <tmp>/thi-dua: serve its parent folder and the site is at the path of
    site_url, as 404.html expects. Read it only; a test that needs another day or address, or
    changes the output, builds its own."""
    from thidua.build import build
    out = tmp_path_factory.mktemp("example") / "thi-dua"
    build(ROOT / "mkdocs.yml", out, today=EXAMPLE_TODAY, site_url=EXAMPLE_URL)
    return out


# benchmarks/loopback.py refuses to start Chromium or nginx while these name a test (subprocesses
# inherit them: a benchmark run by a test is held to the test's markers).
_UNMARKED = {"browser": "PORTAL_NO_BROWSER", "nginx": "PORTAL_NO_NGINX"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    """Set before the item's fixtures (module-scoped ones included) start, cleared after its call."""
    for marker, variable in _UNMARKED.items():
        if item.get_closest_marker(marker) is None:
            os.environ[variable] = item.nodeid
        else:
            os.environ.pop(variable, None)
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item):
    for variable in _UNMARKED.values():
        os.environ.pop(variable, None)  # a fixture's finalizer may close what a marked test started
    yield
