"""bench-pages picks one URL per page type from a real build: the example site and a reference
archive large enough for the A-Z letters to have pages of their own (and one letter several)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from benchmarks.build import TODAY
from benchmarks.pages import MISSING, pick_pages, site_address
from benchmarks.refdata import generate_archive
from conftest import EXAMPLE_URL, ROOT
from thidua.build import build


def _file(site: Path, url: str) -> Path:
    return site / url.split("?")[0] / "index.html"


def _size(site: Path, url: str) -> int:
    return _file(site, url).stat().st_size


def test_every_page_type_of_the_example_site_is_found(example_site):
    rows = {row["type"]: row for row in pick_pages(example_site)}
    assert site_address(example_site) == EXAMPLE_URL
    # The example's honorees fit on the A-Z index itself: it has no letter pages. (Units may be
    # grouped by issuing body: then the groups' pages are a type of their own.)
    assert set(rows) - {"unit-group"} == {"home", "campaigns", "year", "campaign", "units", "unit", "az", "search",
                                          "search-query", "open-data", "statistics", "404"}
    assert rows["home"]["url"] == "" and rows["campaigns"]["url"] == "phong-trao/"
    assert rows["units"]["url"] == "don-vi/" and rows["az"]["url"] == "khen-thuong/"
    assert rows["search-query"]["url"] == "tim-kiem/?q=nguyen"
    assert rows["404"]["url"] == MISSING and not (example_site / MISSING).exists()
    for kind, row in rows.items():
        if kind != "404":
            assert _file(example_site, row["url"]).is_file(), row
    # The campaign with the most honorees by the published data, the largest year and unit pages.
    campaigns = json.loads((example_site / "data" / "campaigns.json").read_text("utf-8"))
    top = max(campaigns, key=lambda c: c["honorees"])
    assert rows["campaign"]["url"] == f"phong-trao/{top['id']}/"
    years = [p.parent.name for p in (example_site / "nam").glob("*/index.html")]
    assert rows["year"]["url"] == "nam/" + max(years, key=lambda y: _size(example_site, f"nam/{y}/")) + "/"
    pages = [p.parent for p in (example_site / "don-vi").rglob("index.html") if p.parent != example_site / "don-vi"]
    leaves = [p.relative_to(example_site).as_posix() + "/" for p in pages
              if not any(q != p and p in q.parents for q in pages)]
    assert len(leaves) > 10
    assert rows["unit"]["url"] == max(leaves, key=lambda u: (_size(example_site, u), u))
    if "unit-group" in rows:
        assert rows["unit-group"]["url"] not in leaves and _file(example_site, rows["unit-group"]["url"]).is_file()


@pytest.fixture(scope="module")
def reference_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("bench-pages")
    generate_archive(root, 6000, seed=20251, campaigns=6)
    build(root / "mkdocs.yml", root / "site", today=TODAY)
    return root / "site"


def test_letter_pages_and_their_continuations_are_found(reference_site):
    site = reference_site
    rows = {row["type"]: row for row in pick_pages(site)}
    assert {"home", "campaigns", "year", "campaign", "units", "unit", "az", "letter", "search", "open-data",
            "statistics", "404"} <= set(rows)
    assert rows["az"]["url"] == "khen-thuong/"
    letter_pages = [p.parent.relative_to(site).as_posix() + "/" for p in (site / "khen-thuong").rglob("index.html")
                    if p.parent != site / "khen-thuong"]
    continued = [u for u in letter_pages if u.rstrip("/").split("/")[-1].isdigit()]
    assert continued, "a letter with more than one page"
    # The largest of every letter's pages, first pages and later ones alike.
    assert rows["letter"]["url"] == max(letter_pages, key=lambda u: (_size(site, u), u))
    assert rows["letter"]["pages"] == len(letter_pages)
    # Neither a unit nor a campaign is ever a print view or the next page of a list.
    assert not rows["unit"]["url"].rstrip("/").split("/")[-1].isdigit()
    assert "/in/" not in rows["campaign"]["url"] and "/van-ban/" not in rows["campaign"]["url"]


def test_an_unknown_page_type_is_refused_with_the_list_of_types(example_site):
    run = subprocess.run([str(ROOT / "scripts" / "portal"), "bench-pages", "--site", str(example_site), "--only",
                          "trang-chu", "--no-lighthouse"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert "trang-chu" in run.stderr and "home" in run.stderr and "letter" in run.stderr
