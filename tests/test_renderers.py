"""The same site through Material's successor: `portal build --renderer zensical` on the example
site, checked in Chromium against the MkDocs build (the default renderer).

Zensical runs from .venv/zensical (`make zensical`; `make test` makes it). Without it these tests
are skipped, unless PORTAL_REQUIRE_ZENSICAL is set (as `make test` sets it): then they fail."""
from __future__ import annotations

import datetime as dt
import html.parser
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

import pytest

from browser import chromium, serve
from conftest import EXAMPLE_TODAY, EXAMPLE_URL, ROOT
from thidua.build import MARKER, OutputRefused, build
from thidua.renderers import config as portal_config
from thidua.renderers.zensical import route as zensical_route
from thidua.site import build_site, forget
from thidua.toc import flatten

TODAY = dt.date(2025, 9, 1)
URL = "https://example.gov.vn/thi-dua/"
LANG_SON = "2024-lang-son-80-nam-nganh-noi-vu"
CONTENT_PAGES = ["gioi-thieu/", "du-lieu-mo/"]
RENDERER_FILES = ("assets/", "pagefind/", "sitemap.xml", "sitemap.xml.gz")  # the theme's and the index's own


def require_zensical() -> None:
    """Skip when .venv/zensical is missing, or fail where it is required (`make test`)."""
    try:
        zensical_route.python()
    except zensical_route.RendererMissing as missing:
        if os.environ.get("PORTAL_REQUIRE_ZENSICAL"):
            pytest.fail(str(missing))
        pytest.skip(str(missing))


@pytest.fixture(scope="module", autouse=True)
def zensical_installed():
    require_zensical()


@pytest.fixture(scope="module")
def sites(tmp_path_factory, example_site) -> dict[str, Path]:
    """The example site built by each renderer, each at the path of site_url (as 404.html expects):
    MkDocs's is the session's (conftest.py), on the same day for the same address."""
    assert (TODAY, URL) == (EXAMPLE_TODAY, EXAMPLE_URL) and (example_site / MARKER).is_file()
    out = tmp_path_factory.mktemp("zensical") / "thi-dua"
    result = build(ROOT / "mkdocs.yml", out, today=TODAY, site_url=URL, renderer="zensical")
    assert result.renderer == "zensical" and (out / MARKER).is_file()
    return {"mkdocs": example_site, "zensical": out}


@pytest.fixture(scope="module")
def pages() -> list:
    """Every page of the site: (path, the core's table of contents or None for a hand-written page)."""
    portal = portal_config.load(ROOT / "mkdocs.yml")
    forget()
    site = build_site(portal.campaigns, TODAY, portal.site_name, portal.issuer, URL)
    found = [(p.path, [t["id"] for t in flatten(p.toc())]) for p in site.pages]
    forget()
    return found + [(path, None) for path in CONTENT_PAGES]


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_data_files_feeds_print_views_and_embed_are_byte_identical(sites, pages):
    mkdocs, zensical = _files(sites["mkdocs"]), _files(sites["zensical"])
    rendered = {f"{path}index.html" for path, _ in pages} | {"404.html"}
    assert rendered <= set(mkdocs) and rendered <= set(zensical)
    core = {path for path in mkdocs if path not in rendered and not path.startswith(RENDERER_FILES)}
    assert core == {path for path in zensical if path not in rendered and not path.startswith(RENDERER_FILES)}
    assert {"data/campaigns.json", "data/honorees.csv", "data/honorees.xlsx", "feed.xml", "atom.xml", "feed.json",
            "nhung/index.html", f"phong-trao/{LANG_SON}/in/index.html", f"phong-trao/{LANG_SON}/van-ban/index.html",
            "robots.txt", MARKER} <= core
    assert [path for path in sorted(core) if mkdocs[path] != zensical[path]] == []
    assert "search.json" not in zensical and "sitemap.xml.gz" in zensical  # Zensical's own search data is not shipped


def _article_text(page) -> str:
    return page.eval_on_selector("article.md-content__inner", "a => a.innerText")


def _toc(page) -> list[str]:
    return page.eval_on_selector_all('.md-sidebar--secondary a.md-nav__link',
                                     "links => links.map(a => a.getAttribute('href'))")


@pytest.mark.browser
def test_every_page_has_its_content_and_table_of_contents_in_chromium(sites, pages):
    with serve(sites["zensical"].parent) as base, chromium() as browser:
        ours, theirs = browser.new_page(), browser.new_page()
        for path, toc in pages:
            theirs.goto(f"{base}thi-dua/{path}")
            text = _article_text(theirs)
            assert theirs.locator("article h1").count() == 1, path
            if toc is not None:
                assert _toc(theirs) == [f"#{anchor}" for anchor in toc], path
            expected = _served_text(ours, sites["mkdocs"], path)
            assert text == expected[0], path
            assert _toc(theirs) == expected[1], path
    assert any(len(toc or []) > 15 for _, toc in pages)


def _served_text(page, site: Path, path: str) -> tuple[str, list[str]]:
    """The MkDocs build's article text and table of contents of a page, read in the browser."""
    page.goto((site / path / "index.html").as_uri())
    return _article_text(page), _toc(page)


@pytest.mark.browser
def test_search_answers_and_leads_to_the_honoree(sites):
    with serve(sites["zensical"].parent) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(f"{base}thi-dua/tim-kiem/?q=dang%20van%20duc")
        page.wait_for_selector(".search-result__title", timeout=15000)
        first = page.locator(".search-result__title").first
        assert first.inner_text() == "Ông Đặng Văn Đức"
        first.click()
        page.wait_for_url(f"**/phong-trao/{LANG_SON}/#dang-van-duc")
        assert page.locator("#dang-van-duc").count() == 1
        page.goto(f"{base}thi-dua/")
        assert page.locator('form.portal-search input[name="q"]').count() == 1


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for key in ("href", "src"):
            if attrs.get(key) and tag in ("a", "link", "script", "img", "iframe", "source"):
                self.links.append(attrs[key])


def _parsed(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_no_link_is_broken(sites):
    site = sites["zensical"]
    parsed = {p: _parsed(p) for p in sorted(site.rglob("*.html"))}
    broken = []
    for page, found in parsed.items():
        base = URL + page.relative_to(site).as_posix()
        for link in found.links:
            url, anchor = urldefrag(urljoin(base, link))
            target = urlparse(url)
            if target.scheme not in ("http", "https") or target.netloc != "example.gov.vn":
                continue
            assert target.path.startswith("/thi-dua/"), (page, link)  # nothing points outside the site
            rel = unquote(target.path[len("/thi-dua/"):])
            file = site / rel / "index.html" if rel == "" or rel.endswith("/") else site / rel
            if not file.exists():
                broken.append((page.relative_to(site).as_posix(), link))
            elif anchor and file.suffix == ".html" and anchor not in (parsed[file] if file in parsed else _parsed(file)).ids:
                broken.append((page.relative_to(site).as_posix(), link))
    assert broken == []
    links = parsed[site / "du-lieu-mo" / "index.html"].links
    assert "../data/honorees.csv" in links and "../feed.xml" in links  # a hand-written page's links, as written


@pytest.mark.browser
def test_the_not_found_page_and_escaped_config_text(sites, tmp_path):
    assert "Không tìm thấy trang" in (sites["zensical"] / "404.html").read_text(encoding="utf-8")
    project = tmp_path / "p"
    project.mkdir()
    for name in ("campaigns", "content"):
        (project / name).symlink_to(ROOT / name)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^site_name: .*$", lambda _: 'site_name: "Thi đua <script>alert(1)</script>"', text)
    text = re.sub(r"(?m)^    issuer: .*$", lambda _: '    issuer: "<img src=x onerror=alert(2)>"', text)
    assert "alert(1)" in text and "alert(2)" in text
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    build(project / "mkdocs.yml", out, today=TODAY, renderer="zensical")
    for page in out.rglob("*.html"):
        source = page.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in source and "<img src=x" not in source, page
    with serve(out) as base, chromium() as browser:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(base)
        page.goto(f"{base}phong-trao/")
        assert dialogs == [] and "Thi đua" in page.title()


def test_it_publishes_atomically_with_the_same_safety_as_the_default(sites, tmp_path):
    out = tmp_path / "site"
    build(ROOT / "mkdocs.yml", out, today=TODAY, renderer="zensical")
    first = (out / "index.html").stat().st_ino
    build(ROOT / "mkdocs.yml", out, today=TODAY, renderer="zensical")
    assert (out / "index.html").stat().st_ino != first and (out / "pagefind" / "pagefind-entry.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no work folder, lock or hand-over left
    with pytest.raises(OutputRefused):
        build(ROOT / "mkdocs.yml", ROOT / "campaigns", today=TODAY, renderer="zensical")


def test_without_zensical_the_build_says_what_to_run_and_publishes_nothing(tmp_path):
    env = {**os.environ, "PORTAL_ZENSICAL_PYTHON": str(tmp_path / "none" / "python")}
    done = subprocess.run([str(ROOT / "scripts" / "portal"), "build", "--renderer", "zensical", "--out",
                           str(tmp_path / "site"), "--today", TODAY.isoformat()], capture_output=True, text=True,
                          cwd=ROOT, env=env)
    assert done.returncode == 2 and "make zensical" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "site").exists()
