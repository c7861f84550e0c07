"""The whole built site: no broken internal link or anchor, well-formed HTML, no accessibility
violation (axe-core in headless Chromium, every rule it runs by default) on every kind of page at
390 and 1280 px; the keyboard (a skip link, focus you can see, the closed drawer out of reach);
whose site it is, in the header and footer of every page."""
from __future__ import annotations

import datetime as dt
import html.parser
import re
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

import html5lib
import pytest

from browser import AXE, chromium, serve
from conftest import EXAMPLE_URL, ROOT
from thidua import listing
from thidua.build import build
from thidua.renderers import config as portal_config
from thidua.site import forget

LANG_SON = "2024-lang-son-80-nam-nganh-noi-vu"
WIDTHS = [390, 1280]


@pytest.fixture(scope="session")
def site(example_site):
    return example_site  # <tmp>/thi-dua: served at the path of site_url, as 404.html expects


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory):
    """The example campaigns with lists cut into small pages, so that the example site has every
    page type a large archive has: A–Z letter pages, pages of campaigns, units and honorees."""
    out = tmp_path_factory.mktemp("paged") / "thi-dua"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(listing, "HONOREES_PER_PAGE", 12)
        patch.setattr(listing, "CAMPAIGNS_PER_PAGE", 2)
        patch.setattr(listing, "UNITS_PER_PAGE", 4)
        forget()
        build(ROOT / "mkdocs.yml", out, today=dt.date(2025, 9, 1), site_url=EXAMPLE_URL)
    forget()  # no other test sees these pages
    return out


def _first(site: Path, pattern: str) -> str:
    """The address (folder/) of the first page matching a glob under the site, in name order."""
    found = sorted(site.glob(pattern))
    assert found, pattern
    return found[0].parent.relative_to(site).as_posix() + "/"


def theme_pages(site: Path) -> list[str]:
    """One page of every type drawn by the theme (header, content, footer)."""
    return ["", "phong-trao/", f"phong-trao/{LANG_SON}/", "nam/", "nam/2024/", "don-vi/",
            _first(site, "don-vi/*/index.html"), _first(site, "don-vi/*/*/index.html"), "khen-thuong/",
            "tim-kiem/?q=nguyen", "gioi-thieu/", "du-lieu-mo/", "thong-ke/", "404.html"]


def page_types(site: Path) -> list[str]:
    """theme_pages and the core's own pages: the print views and the embed."""
    return theme_pages(site) + [f"phong-trao/{LANG_SON}/in/", _first(site, f"phong-trao/{LANG_SON}/in/*/index.html"),
                                f"phong-trao/{LANG_SON}/van-ban/", "nhung/"]


def _open(page, base: str, path: str) -> None:
    page.goto(f"{base}thi-dua/{path}")
    if path.startswith("tim-kiem"):
        page.wait_for_selector(".search-result__title", timeout=15000)


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


def violations(page, label: str) -> list[str]:
    """axe-core with every rule it runs by default (best practice included), any impact: one line
    per violation, with the elements it names."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document)")
    return [f"{label}: {v['id']} ({v['impact']}) {len(v['nodes'])}x {[n['target'] for n in v['nodes'][:4]]}"
            for v in result["violations"]]


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_no_accessibility_violation_of_any_impact_on_any_page_type(site, paged_site, width):
    paged = ["khen-thuong/", _first(paged_site, "khen-thuong/*/index.html"), "phong-trao/",
             _first(paged_site, "phong-trao/[0-9]*/index.html"), _first(paged_site, "don-vi/*/index.html"),
             _first(paged_site, "don-vi/*/[0-9]*/index.html"), f"phong-trao/{LANG_SON}/"]
    found = []
    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": 900})
        for built, paths in ((site, page_types(site)), (paged_site, paged)):
            with serve(built.parent) as base:
                for path in paths:
                    _open(page, base, path)
                    found += violations(page, path or "/")
    assert found == [], "\n" + "\n".join(found)


# The focus ring of the focused element as the reader sees it: its width, and its contrast with
# what is drawn behind it (the nearest background among its ancestors; its own when the ring is
# drawn inside it), and whether the element is in view and not covered by anything.
FOCUS = """() => {
  const e = document.activeElement, c = getComputedStyle(e);
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [.2126, .7152, .0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + .05) / (y + .05); };
  const background = node => { for (; node; node = node.parentElement) { const v = rgb(getComputedStyle(node).backgroundColor);
    if (v.length === 3 || v[3] > 0) return v.slice(0, 3); } return [255, 255, 255]; };
  const offset = parseFloat(c.outlineOffset), width = c.outlineStyle === "none" ? 0 : parseFloat(c.outlineWidth);
  const ring = rgb(c.outlineColor).slice(0, 3);
  const behind = background(offset < 0 ? e : e.parentElement);
  const r = e.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + Math.min(r.height / 2, 8);
  const top = document.elementFromPoint(x, y);
  return {tag: e.tagName, text: (e.textContent || e.value || e.getAttribute("aria-label") || "").trim().slice(0, 40),
          href: e.getAttribute("href"), cls: e.className, width, contrast: ratio(ring, behind),
          inView: r.bottom > 0 && r.top < innerHeight && r.width > 0, uncovered: !!top && (top === e || e.contains(top))};
}"""


def _ring_problem(stop: dict) -> str | None:
    if stop["width"] < 2:
        return "no focus ring of 2px or more"
    if stop["contrast"] < 3:
        return f"focus ring contrast {stop['contrast']:.2f}:1 against what is behind it"
    if not (stop["inView"] and stop["uncovered"]):
        return "focused element out of view or covered"
    return None


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_the_keyboard_reaches_and_opens_the_first_search_result_in_five_tabs_with_visible_focus(site, width):
    with serve(site.parent) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": 800})
        _open(page, base, "tim-kiem/?q=nguyen")
        first = page.eval_on_selector(".search-result__title", "a => a.getAttribute('href')")
        stops = []
        for _ in range(5):
            page.keyboard.press("Tab")
            stop = page.evaluate(FOCUS)
            stops.append(stop)
            assert _ring_problem(stop) is None, (_ring_problem(stop), stops)
            if "portal-skip" in stop["cls"]:
                assert len(stops) == 1 and stop["text"] == "Bỏ qua, đến nội dung chính"
                page.keyboard.press("Enter")  # the skip link: on to the page's own content
            if stop["href"] == first:
                break
        assert stops[-1]["href"] == first, stops
        assert [s["tag"] for s in stops] == ["A", "INPUT", "BUTTON", "A"]  # skip link, the page's box, its button
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == first and "/phong-trao/" in first  # the campaign page, at the honoree
        assert page.locator("h1.page-title").count() == 1


@pytest.mark.browser
def test_focus_is_visible_on_the_header_the_tabs_and_the_footer(site):
    """Every focusable element of the header, the tabs and the footer, reached with Tab on a wide
    screen: a ring of 2px or more contrasting 3:1 with the dark red or dark footer behind it."""
    with serve(site.parent) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        _open(page, base, "gioi-thieu/")
        seen = set()
        for _ in range(200):
            page.keyboard.press("Tab")
            stop = page.evaluate(FOCUS)
            if stop["tag"] == "BODY":
                break
            where = page.evaluate("() => document.activeElement.closest('.md-header, .md-tabs, .md-footer') ?.className")
            if where:
                seen.add(where.split()[0])
                assert _ring_problem(stop) is None, (_ring_problem(stop), stop)
        assert seen == {"md-header", "md-tabs", "md-footer"}


# The focus is in the drawer and the drawer has slid in: nothing covers the focused link.
SLID_IN = """() => { const e = document.activeElement, r = e.getBoundingClientRect();
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return !!e.closest('.md-sidebar--primary') && !!top && (top === e || e.contains(top)); }"""


@pytest.mark.browser
def test_at_390px_the_closed_drawer_is_out_of_tab_reach_and_the_keyboard_opens_it(site):
    with serve(site.parent) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 800})
        for path in ("", f"phong-trao/{LANG_SON}/", "gioi-thieu/"):
            _open(page, base, path)
            for _ in range(120):
                page.keyboard.press("Tab")
                stop = page.evaluate(FOCUS)
                if stop["tag"] == "BODY":
                    break
                hidden = page.evaluate("() => !document.activeElement.checkVisibility({visibilityProperty: true})"
                                       " || !!document.activeElement.closest('.md-sidebar--primary')")
                assert not hidden and stop["inView"], (path, stop)
        _open(page, base, "")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")  # after the skip link: the menu button, which opens the drawer
        menu = page.locator("button.portal-header__menu")
        assert page.evaluate("() => document.activeElement.matches('button.portal-header__menu')")
        assert _ring_problem(page.evaluate(FOCUS)) is None and menu.get_attribute("aria-expanded") == "false"
        page.keyboard.press("Enter")
        page.wait_for_function(SLID_IN)
        assert menu.get_attribute("aria-expanded") == "true" and _ring_problem(page.evaluate(FOCUS)) is None
        title = page.locator(".md-nav--primary > .md-nav__title")
        assert title.evaluate("t => t.scrollWidth <= t.clientWidth && t.scrollHeight <= t.clientHeight")
        assert "Lạng Sơn" in title.inner_text()
        page.keyboard.press("Escape")  # closed again: the focus is back on the button
        assert page.evaluate("() => document.activeElement.matches('button.portal-header__menu')")
        page.keyboard.press(" ")
        page.wait_for_function(SLID_IN)
        texts = []
        while len(texts) < 12 and page.evaluate("() => !!document.activeElement.closest('.md-sidebar--primary')"):
            stop = page.evaluate(FOCUS)  # each link of the opened drawer in turn, shown, with its ring
            assert _ring_problem(stop) is None, (_ring_problem(stop), stop)
            texts.append(stop["text"])
            if stop["text"] == "Phong trào":
                break
            page.keyboard.press("Tab")
        assert texts[-1] == "Phong trào", texts
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.endswith("/phong-trao/")


@pytest.mark.browser
def test_every_page_says_whose_site_it_is_in_its_header_and_footer_at_390px(site):
    portal = portal_config.load(ROOT / "mkdocs.yml")
    assert "tỉnh Lạng Sơn" in portal.site_name
    with serve(site.parent) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 800})
        for path in theme_pages(site):
            _open(page, base, path)
            name = page.locator(".md-header .portal-brand__name")
            assert name.is_visible() and name.inner_text() == portal.site_name, path
            box = name.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (path, box)
            assert name.evaluate("n => n.scrollWidth <= n.clientWidth && n.scrollHeight <= n.clientHeight"), path
            footer = page.locator("footer.portal-footer").inner_text()
            for value in (portal.issuer, portal.issuer_parent.upper(), portal.address, portal.phone, portal.email,
                          "Chịu trách nhiệm nội dung: " + portal.responsible):
                assert value.upper() in footer.upper(), (path, value)
            assert page.locator(f'footer a[href="{portal.phone_uri}"]').inner_text() == portal.phone
            assert page.locator(f'footer a[href="mailto:{portal.email}"]').inner_text() == portal.email


@pytest.mark.browser
def test_the_table_of_contents_is_at_hand_on_a_phone(site):
    """Under 60em, where Material shows no sidebar, a 'Mục lục' block at the top of the content
    holds the whole table of contents, nested; on a wide screen the sidebar does and it is hidden."""
    with serve(site.parent) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 800})
        _open(page, base, f"phong-trao/{LANG_SON}/")
        sidebar = page.eval_on_selector_all(".md-sidebar--secondary a.md-nav__link", "a => a.map(x => x.getAttribute('href'))")
        assert len(sidebar) > 15 and not page.locator(".md-sidebar--secondary").is_visible()
        block = page.locator("details.portal-toc")
        assert block.is_visible() and block.bounding_box()["y"] < 400  # at the top of the content
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # the skip link, then the block is the next stop
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.closest('details.portal-toc') !== null")
        page.keyboard.press("Enter")
        links = block.locator("a")
        assert links.evaluate_all("a => a.map(x => x.getAttribute('href'))") == sidebar
        assert block.locator("ul ul ul a").count() > 0  # nested as the plan is (4. Tiêu chuẩn … a) Đối với tập thể)
        target = links.filter(has_text="Danh sách khen thưởng").first
        href = target.get_attribute("href")
        target.click()
        assert page.evaluate(f"() => {{ const r = document.querySelector('{href}').getBoundingClientRect(); "
                             "return r.top >= 0 && r.top < innerHeight; }")
        page.set_viewport_size({"width": 1280, "height": 800})
        assert not block.is_visible() and page.locator(".md-sidebar--secondary").is_visible()
