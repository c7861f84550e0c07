"""Shared test set-up: the core package on sys.path, and the example site built once a session."""
from __future__ import annotations

import datetime as dt
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

