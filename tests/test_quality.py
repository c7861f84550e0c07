"""The whole built site: no broken internal link or anchor, well-formed HTML, no serious
accessibility violation (axe-core in headless Chromium) on every kind of page."""
from __future__ import annotations

import html.parser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

import html5lib
import pytest

from browser import chromium, serious_violations, serve

LANG_SON = "2024-lang-son-80-nam-nganh-noi-vu"
TEMPLATES = ["", "phong-trao/", f"phong-trao/{LANG_SON}/", "nam/", "nam/2024/", "don-vi/",
             "don-vi/phong-to-chuc-bien-che-so-noi-vu/", "khen-thuong/", "tim-kiem/?q=nguyen", "gioi-thieu/",
             "du-lieu-mo/", "404.html", f"phong-trao/{LANG_SON}/in/", "nhung/"]


@pytest.fixture(scope="session")
def site(example_site):
    return example_site  # <tmp>/thi-dua: served at the path of site_url, as 404.html expects


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.append(attrs["name"])
        for key in ("href", "src"):
            if attrs.get(key) and tag in ("a", "link", "script", "img", "iframe", "source"):
                self.links.append(attrs[key])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _target(site: Path, page: Path, link: str) -> tuple[Path | None, str]:
    base = "https://example.gov.vn/thi-dua/" + page.relative_to(site).as_posix()
    url, anchor = urldefrag(urljoin(base, link))
    parsed = urlparse(url)
    if parsed.netloc != "example.gov.vn" or not parsed.path.startswith("/thi-dua/"):
        return None, ""
    rel = unquote(parsed.path[len("/thi-dua/"):])
    target = site / rel
    if rel == "" or rel.endswith("/"):
        target = target / "index.html"
    return target, anchor


def test_no_broken_internal_link_or_anchor(site):
    pages = sorted(site.rglob("*.html"))
    parsed = {p: _parse(p) for p in pages}
    broken = []
    for page, links in parsed.items():
        for link in links.links:
            if link.startswith(("mailto:", "tel:")):
                continue
            target, anchor = _target(site, page, link)
            if target is None:
                continue
            if not target.exists():
                broken.append((page.relative_to(site), link))
            elif anchor and target.suffix == ".html" and anchor not in parsed.get(target, _parse(target)).ids:
                broken.append((page.relative_to(site), link))
    assert broken == []


def test_every_page_is_well_formed_html_with_unique_ids(site):
    problems = []
    for page in sorted(site.rglob("*.html")):
        if page.name == "doan-ma.html":
            continue  # a fragment, pasted into another page
        parser = html5lib.HTMLParser(strict=True)
        try:
            parser.parse(page.read_text(encoding="utf-8"))
        except html5lib.html5parser.ParseError as error:
            problems.append((page.relative_to(site), str(error)))
        ids = _parse(page).ids
        duplicates = {i for i in ids if ids.count(i) > 1}
        if duplicates:
            problems.append((page.relative_to(site), f"duplicate ids {sorted(duplicates)}"))
    assert problems == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_no_serious_accessibility_violation(site, width):
    serious = []
    with serve(site.parent) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": 900})
        for path in TEMPLATES:
            page.goto(f"{base}{site.name}/{path}")
            if path.startswith("tim-kiem"):
                page.wait_for_selector(".search-result__title", timeout=15000)
            serious += serious_violations(page, path)
    assert serious == [], "\n".join(map(str, serious))
