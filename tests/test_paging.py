"""Listing pages stay small at any archive size: the example site built with tiny page sizes, so
that every paged listing (campaigns, years, units, A–Z letters, a campaign's long honoree list)
runs over several pages, through the real MkDocs build."""
from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from thidua import listing
from thidua.build import build
from thidua.load import load_archive
from thidua.memo import MEMO

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2025, 9, 1)
SIZES = {"HONOREES_PER_PAGE": 7, "INLINE_HONOREES": 5, "CAMPAIGNS_PER_PAGE": 1, "UNITS_PER_PAGE": 4}
LANG_SON = "2024-lang-son-80-nam-nganh-noi-vu"


class Page(HTMLParser):
    """What a test reads of a built page: links, ids, rel links, pagers and listed entries."""

    def __init__(self, text: str):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.rel: dict[str, str] = {}
        self.pagers = 0
        self.entries = 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "link" and a.get("rel") in ("prev", "next"):
            self.rel[a["rel"]] = a["href"]
        if tag == "nav" and "pager" in (a.get("class") or "").split():
            self.pagers += 1
        if tag == "li" and (a.get("class") or "").split()[:1] in (["honoree"], ["card"]):
            self.entries += 1


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory):
    patch = pytest.MonkeyPatch()
    for name, value in SIZES.items():
        patch.setattr(listing, name, value)
    MEMO.clear()
    out = tmp_path_factory.mktemp("paged") / "site"
    try:
        build(ROOT / "mkdocs.yml", out, today=TODAY, site_url="https://example.gov.vn/thi-dua/")
    finally:
        patch.undo()
        MEMO.clear()
    return out


def read(site: Path, path: str) -> Page:
    return Page((site / path / "index.html").read_text(encoding="utf-8"))


def chain(site: Path, first: str) -> list[tuple[str, Page]]:
    """A listing's pages, followed from its first page by <link rel=next>."""
    pages, path = [], first
    while True:
        page = read(site, path)
        pages.append((path, page))
        if "next" not in page.rel:
            return pages
        path = urlsplit(urljoin("https://x/" + path, page.rel["next"])).path.lstrip("/")
        assert len(pages) < 500


def longest_letter(site: Path) -> str:
    """The A–Z letter with the most pages."""
    letters = [d for d in (site / "khen-thuong").iterdir() if d.is_dir()]
    return f"khen-thuong/{max(letters, key=lambda d: (len(list(d.iterdir())), d.name)).name}/"


def test_every_listing_runs_over_pages_of_bounded_size_with_pagers_at_both_ends(paged_site):
    listings = {"phong-trao/": SIZES["CAMPAIGNS_PER_PAGE"], f"phong-trao/{LANG_SON}/khen-thuong/": SIZES["HONOREES_PER_PAGE"],
                longest_letter(paged_site): SIZES["HONOREES_PER_PAGE"], "nam/2024/": SIZES["CAMPAIGNS_PER_PAGE"]}
    for first, size in listings.items():
        pages = chain(paged_site, first)
        assert len(pages) > 1, first
        for number, (path, page) in enumerate(pages, start=1):
            assert 0 < page.entries <= size, path
            assert page.pagers == 2, path  # at the top and at the bottom
            assert ("prev" in page.rel) == (number > 1), path
        # rel=prev walks back the same way
        for (before, _), (path, page) in zip(pages, pages[1:]):
            assert urlsplit(urljoin("https://x/" + path, page.rel["prev"])).path.lstrip("/") == before


def test_pagers_name_each_page_by_the_range_of_names_it_holds(paged_site):
    pages = chain(paged_site, longest_letter(paged_site))
    ranges = []
    for path, _ in pages:
        html = (paged_site / path / "index.html").read_text(encoding="utf-8")
        names = re.findall(r'<span class="honoree__name">(?:<span class="honorific">[^<]*</span> )?<a [^>]*>([^<]+)</a>', html)
        ranges.append(names[0] if names[0] == names[-1] else f"{names[0]} – {names[-1]}")
    first = (paged_site / pages[0][0] / "index.html").read_text(encoding="utf-8")
    current = re.search(r'<span aria-current="page"><b>1</b> <small>([^<]+)</small>', first).group(1)
    assert current == ranges[0]
    last = re.search(rf'<b>{len(pages)}</b> <small>([^<]+)</small>', first).group(1)
    assert last == ranges[-1]  # the last page is always offered, with its range


def test_a_long_honoree_list_leaves_the_campaign_page_and_every_honoree_is_on_one_of_its_pages(paged_site):
    archive, _ = load_archive(ROOT / "campaigns")
    campaign = next(c for c in archive.as_of(TODAY).published if c.id == LANG_SON)
    page = (paged_site / "phong-trao" / LANG_SON / "index.html").read_text(encoding="utf-8")
    assert '<li class="honoree"' not in page  # the plan's page stays small
    for form, parts in listing.by_award(campaign.honorees):
        assert f"<strong>{form.name}</strong> <span class=\"count\">({sum(len(m) for _, m in parts)})</span>" in page
    listed: list[str] = []
    for path, item in chain(paged_site, f"phong-trao/{LANG_SON}/khen-thuong/"):
        html = (paged_site / path / "index.html").read_text(encoding="utf-8")
        listed += re.findall(r'<li class="honoree" id="([^"]+)"', html)
    assert listed == [h.id for _, parts in listing.by_award(campaign.honorees) for _, m in parts for h in m]


def test_every_link_and_anchor_of_the_paged_site_resolves(paged_site):
    """Every internal link of every page lands on a page that exists, at an id that exists."""
    pages: dict[str, Page] = {}
    for file in paged_site.rglob("index.html"):
        pages[file.parent.relative_to(paged_site).as_posix() + "/"] = Page(file.read_text(encoding="utf-8"))
    for path, page in pages.items():
        for href in page.links:
            target = urlsplit(urljoin("https://x/" + ("" if path == "./" else path), href))
            if target.netloc != "x":
                continue
            file = paged_site / unquote(target.path.lstrip("/"))
            if target.path.endswith("/"):
                key = unquote(target.path.lstrip("/")) or "./"
                assert key in pages or (file / "index.html").exists(), (path, href)
                if target.fragment and key in pages:
                    assert target.fragment in pages[key].ids, (path, href)
            else:
                assert file.exists(), (path, href)


def test_open_data_points_each_honoree_at_the_page_that_lists_it(paged_site):
    honorees = json.loads((paged_site / "data" / "honorees.json").read_text(encoding="utf-8"))
    assert any("/khen-thuong/" in h["url"] for h in honorees)
    for h in honorees:
        path, _, anchor = h["url"].split("/thi-dua/", 1)[1].partition("#")
        assert anchor in read(paged_site, path).ids, h["url"]


def test_units_are_listed_by_issuing_body_and_paged(paged_site):
    bodies = read(paged_site, "don-vi/")
    hrefs = [h for h in bodies.links if h.startswith("so-noi-vu-")]
    assert sorted(hrefs) == ["so-noi-vu-tinh-lang-son/", "so-noi-vu-tinh-soc-trang/"]
    pages = chain(paged_site, "don-vi/so-noi-vu-tinh-lang-son/")
    assert len(pages) > 1 and all(page.pagers == 2 for _, page in pages)


# --- the review's cases: numbering, forwarding, spellings -----------------------------------------

def test_a_long_lists_later_pages_go_on_numbering_as_the_decision_does(paged_site):
    pages = chain(paged_site, f"phong-trao/{LANG_SON}/khen-thuong/")
    html = (paged_site / pages[1][0] / "index.html").read_text(encoding="utf-8")
    starts = [int(n) for n in re.findall(r'<ol class="honorees" start="(\d+)"', html)]
    assert starts and starts[0] > 1  # page 2 goes on where page 1 stopped
    first = (paged_site / pages[0][0] / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<ol class="honorees" start="(\d+)"', first)[0] == "1"


@pytest.mark.browser
def test_an_old_link_to_an_entry_that_moved_to_a_list_page_finds_it(paged_site):
    """phong-trao/<id>/#<honoree> (the address while the list was on the campaign page) opens the
    page of the long list that holds the entry, at the entry."""
    from browser import chromium, serve
    archive, _ = load_archive(ROOT / "campaigns")
    campaign = next(c for c in archive.as_of(TODAY).published if c.id == LANG_SON)
    last = listing.award_order(campaign)[-1]
    with serve(paged_site) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(f"{base}phong-trao/{LANG_SON}/#{last.id}")
        page.wait_for_url(re.compile(rf"/phong-trao/{LANG_SON}/khen-thuong/(\d+/)?#{last.id}$"), timeout=10000)
        assert page.locator(f"#{last.id}").count() == 1


def _archive(root: Path, issuers: list[str], honorees: str) -> Path:
    from helpers import MINIMAL, write_campaign
    import shutil
    project = root / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", "site", ".git", "tests", ".site-*", "campaigns"))
    for i, issuer in enumerate(issuers):
        cid = f"thu-{i}"
        write_campaign(project / "campaigns", cid, MINIMAL.format(id=cid).replace("Sở Nội vụ tỉnh Thử", issuer),
                       honorees)
    return project


ONE = """\
honorees:
  - {type: tap-the, name: Phòng Nội vụ huyện Ba Tri, unit: PHÒNG NỘI VỤ HUYỆN BA TRI, award: Giấy khen của Giám đốc Sở Nội vụ}
  - {type: ca-nhan, name: Lê Văn Một, unit: Văn phòng Sở, award: Giấy khen của Giám đốc Sở Nội vụ}
"""


def test_one_body_spelled_two_ways_is_one_body_and_a_collective_named_as_its_unit_counts_once(tmp_path):
    project = _archive(tmp_path, ["Sở Nội vụ tỉnh Bến Tre", "SỞ NỘI VỤ TỈNH BẾN TRE", "Sở Nội vụ tỉnh Bến Tre"], ONE)
    out = tmp_path / "site"
    MEMO.clear()
    build(project / "mkdocs.yml", out, today=TODAY)
    bodies = (out / "don-vi" / "index.html").read_text(encoding="utf-8")
    assert bodies.count('href="so-noi-vu-tinh-ben-tre/"') == 1 and "SỞ NỘI VỤ TỈNH BẾN TRE" not in bodies
    units = (out / "don-vi" / "so-noi-vu-tinh-ben-tre" / "index.html").read_text(encoding="utf-8")
    assert "phòng nội vụ huyện ba tri" in units.lower() and "Văn phòng Sở" in units
    ba_tri = (out / "don-vi" / "so-noi-vu-tinh-ben-tre" / "phong-noi-vu-huyen-ba-tri" / "index.html").read_text(encoding="utf-8")
    assert ba_tri.count('<li class="honoree"') == 3  # once per campaign, not twice
    figures = json.loads((out / "data" / "thong-ke.json").read_text(encoding="utf-8"))
    row = next(r for r in figures["by_unit"] if r["key"] == "so-noi-vu-tinh-ben-tre/phong-noi-vu-huyen-ba-tri")
    assert row["total"] == 3


def test_units_of_one_name_under_two_bodies_are_told_apart_in_the_statistics(tmp_path):
    project = _archive(tmp_path, ["Sở Nội vụ tỉnh Bến Tre", "Sở Nội vụ tỉnh An Giang"], ONE)
    out = tmp_path / "site"
    MEMO.clear()
    build(project / "mkdocs.yml", out, today=TODAY)
    labels = {r["label"] for r in json.loads((out / "data" / "thong-ke.json").read_text(encoding="utf-8"))["by_unit"]}
    assert {"Văn phòng Sở (Sở Nội vụ tỉnh Bến Tre)", "Văn phòng Sở (Sở Nội vụ tỉnh An Giang)"} <= labels


def test_a_preview_after_an_edit_shows_every_paged_page_as_a_fresh_build_does(tmp_path, monkeypatch):
    """The preview keeps pages from one build to the next (memo.py): after an edit to one campaign,
    every page, those that list none of its honorees included (a unit's page 1, with the unit's
    total, statistics and the pagers' ranges of its other pages), is what a fresh build makes."""
    import shutil
    from thidua import site as site_module
    for name, value in {**SIZES, "HONOREES_PER_PAGE": 2}.items():  # pages that hold the newer campaign's only
        monkeypatch.setattr(listing, name, value)
    root = tmp_path / "campaigns"
    shutil.copytree(ROOT / "campaigns", root)
    # The same campaign a year earlier: the units it honours have honours from two campaigns, on
    # more than one page, and an edit to the older one changes pages that list only the newer one's.
    older = root / LANG_SON.replace("2024-", "2023-", 1)
    older.mkdir()
    for name in ("campaign.yml", "honorees.yml"):
        text = (root / LANG_SON / name).read_text(encoding="utf-8")
        (older / name).write_text(text.replace("2024-", "2023-").replace("2025-", "2024-"), encoding="utf-8")

    def bodies(incremental: bool) -> dict[str, str]:
        built = site_module.build_site(root, TODAY, "Thử", "Sở", "https://example.gov.vn/thi-dua/", incremental=incremental)
        return {p.path: p.body for p in built.pages}

    site_module.forget()
    bodies(True)
    plan = older / "campaign.yml"  # the older campaign moves a year back: the pagers' year ranges change
    plan.write_text(plan.read_text(encoding="utf-8").replace("'2023-", "'2022-"), encoding="utf-8")
    after = bodies(True)
    site_module.forget()
    fresh = bodies(False)
    site_module.forget()
    assert any("<small>2024 – 2022</small>" in body for body in fresh.values())
    assert [path for path in fresh if after.get(path) != fresh[path]] == []
