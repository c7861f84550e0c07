"""`scripts/portal bench-pages`: what a reader's browser gets from each page type (issue 13's goal).

A built site (`--site DIR`, or the reference archive built here the way `portal bench --keep`
builds it, with `--precompress`) is served by the documented nginx (the server block `portal
nginx` writes, under the path of the site's address, `/thi-dua/` in the example). One URL is
picked per page type from the built files (`pick_pages`): the home page, the lists' first pages
and, for the types with many pages, the largest one. For each URL:

  perf a11y bp seo  Lighthouse 12 (npm `lighthouse@12.2.3`, installed on first use into
                    ~/.cache/portal-lighthouse), mobile default profile (simulated slow 4G, a
                    mid-range phone), run with Debian's Chromium; the four category scores (x100)
  kb                Lighthouse's `total-byte-weight`: bytes on the wire (transfer sizes, after
                    gzip) of every request during the load, in KiB; without Lighthouse, the bytes
                    Chromium's network log counts for the page at 390 px (`kb_network`, always kept)
  dom               Lighthouse's `dom-size` (elements in the page); `dom_playwright` is
                    document.querySelectorAll('*').length after the load at 390 px
  axe 390/1280      axe-core violations with every rule axe ships (experimental ones included,
                    marked as such in the JSON), any impact, in viewports 390x844 and 1280x900
  tab               on the search page with a query: Tab presses from the load until the first
                    result's link has focus, whether each stop was in view with a focus ring of at
                    least 2 px that focus drew (outline or box-shadow; Chromium paints `outline: auto`
                    2 px wide), and whether Enter then opened the result; by Tab alone and with the
                    skip link followed first (Tab, Enter, then Tab), the fewer presses counting

Goals (issue 13, "Done when"): every score >= 95, kb <= 150, dom <= 1500, 0 axe violations at
both widths, the first result in <= 5 Tab presses with visible focus at every stop. The table
marks each figure that misses its goal; for a failing page the Lighthouse audits that cost the
most points are listed under it. The command exits 0 when goals fail: it is a measurement.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urljoin, urlparse

from benchmarks.loopback import CHROMIUM, CHROMIUM_FLAGS, _refuse_if_unmarked

LIGHTHOUSE = "lighthouse@12.2.3"
LIGHTHOUSE_HOME = Path(os.environ.get("PORTAL_LIGHTHOUSE_HOME", Path.home() / ".cache" / "portal-lighthouse"))
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SHORT = {"performance": "perf", "accessibility": "a11y", "best-practices": "bp", "seo": "seo"}
GOALS = {"score": 95, "kb": 150, "dom": 1500, "axe": 0, "tabs": 5}
WIDTHS = {390: 844, 1280: 900}
MISSING = "khong-co-trang-nay-bench/"  # no page has this address: nginx answers with 404.html
QUERY = "nguyen"

# The page types, in the table's order: (name, label).
TYPES = [
    ("home", "Trang chủ"),
    ("campaigns", "Danh sách phong trào"),
    ("year", "Năm (lớn nhất)"),
    ("campaign", "Phong trào (nhiều người nhất)"),
    ("campaign-honorees", "Danh sách khen thưởng của phong trào đó"),
    ("units", "Danh sách đơn vị"),
    ("unit-group", "Đơn vị của một cơ quan"),
    ("unit", "Đơn vị (lớn nhất)"),
    ("az", "Khen thưởng A–Z"),
    ("letter", "Một chữ cái (lớn nhất)"),
    ("search", "Tìm kiếm"),
    ("search-query", "Tìm kiếm có từ khóa"),
    ("open-data", "Dữ liệu mở"),
    ("statistics", "Thống kê"),
    ("404", "Trang 404"),
]
TYPE_NAMES = [name for name, _ in TYPES]


# --- picking one URL per page type from the built files ---------------------------------------
#
# A page is a folder with an index.html. A folder named by a number continues the listing of its
# parent (thidua.urls.paged: "phong-trao/2/" is page 2 of "phong-trao/"): a listing is its first
# page and those continuations, and it is measured on its largest file. Under a section, a page
# with pages of its own below it (a group, say the units of one issuing body) is told from a
# leaf (a unit, a letter, a year).

_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")
_NUMBER = re.compile(r"\d+")
_YEAR = re.compile(r"nam/\d{4}/")


def site_address(site: Path) -> str:
    """The address the site was built for: its home page's <loc> in sitemap.xml (the shortest one)."""
    sitemap = site / "sitemap.xml"
    if sitemap.is_file():
        locs = _LOC.findall(sitemap.read_text("utf-8", "replace"))
        if locs:
            home = min(locs, key=len)
            return home if home.endswith("/") else home.rsplit("/", 1)[0] + "/"
    return "https://example.gov.vn/thi-dua/"


def _file_of(site: Path, url: str) -> Path:
    path = url.split("?", 1)[0].split("#", 1)[0]
    return site / path / "index.html" if path == "" or path.endswith("/") else site / path


def _pages_under(site: Path, section: str) -> list[str]:
    """Every page below a section (not the section itself), as site paths ("don-vi/x/")."""
    folder = site / section
    if not folder.is_dir():
        return []
    return sorted(p.parent.relative_to(site).as_posix() + "/" for p in folder.rglob("index.html")
                  if p.parent != folder)


def _continues(url: str, named: re.Pattern | None = None) -> str | None:
    """The listing a page continues ("phong-trao/2/" -> "phong-trao/"), None for a first page
    (and for a page whose path `named` matches: "nam/2024/" is a year, not page 2024 of "nam/")."""
    parts = url.rstrip("/").split("/")
    if named is not None and named.fullmatch(url):
        return None
    return "/".join(parts[:-1]) + "/" if len(parts) > 1 and _NUMBER.fullmatch(parts[-1]) else None


def listings(site: Path, section: str, exclude: tuple[str, ...] = (),
             named: re.Pattern | None = None) -> dict[str, list[str]]:
    """The listings in a section, each first page with its pages (the first, then its numbered
    continuations); pages under one of `exclude` (relative to a listing: "in/" print views) left out."""
    found: dict[str, list[str]] = {section: [section]} if _file_of(site, section).is_file() else {}
    for url in _pages_under(site, section):
        if any(f"/{name}" in "/" + url[len(section):] for name in exclude):
            continue
        first = _continues(url, named)
        if first is None:
            found.setdefault(url, []).insert(0, url)
        else:
            found.setdefault(first, []).append(url)
    return {first: sorted(pages, key=lambda u: (u != first, int(_NUMBER.findall(u)[-1]) if u != first else 0))
            for first, pages in found.items()}


def _bytes(site: Path, url: str) -> int:
    return _file_of(site, url).stat().st_size


def _largest(site: Path, urls) -> str | None:
    urls = [u for u in urls if _file_of(site, u).is_file()]
    return max(urls, key=lambda u: (_bytes(site, u), u), default=None)


def _largest_campaign(site: Path, address: str) -> str | None:
    """The campaign with the most honorees (data/campaigns.json), its page's site path."""
    data = site / "data" / "campaigns.json"
    if not data.is_file():
        return None
    campaigns = json.loads(data.read_text("utf-8"))
    if not campaigns:
        return None
    top = max(campaigns, key=lambda c: (c.get("honorees") or 0, c.get("id", "")))
    prefix = urlparse(address).path
    path = urlparse(top.get("url") or f"phong-trao/{top['id']}/").path
    return path[len(prefix):] if path.startswith(prefix) else path.lstrip("/")


def pick_pages(site: Path, query: str = QUERY) -> list[dict]:
    """One URL per page type, picked from the built site's files: [{type, label, url, why,
    file_bytes, pages}] in the table's order; a type the site does not have is left out.

    A listing (the campaign list, the unit list, the A-Z index) is measured on the largest of its
    pages; a year, a unit, a group of units, a letter on the largest page of all of their kind; the
    campaign is the one with the most honorees (data/campaigns.json), and its own honoree list
    pages, when it has them, are a row of their own. The 404 row is a missing address."""
    address = site_address(site)
    picked: dict[str, tuple[str, str, int]] = {}

    def largest_of(kind: str, groups: dict[str, list[str]], noun: str) -> None:
        pages = [u for urls in groups.values() for u in urls]
        best = _largest(site, pages)
        if best:
            picked[kind] = (best, f"largest of {len(pages)} {noun} page(s) ({len(groups)} first page(s))", len(pages))

    def split(section: str, exclude: tuple[str, ...] = (), named: re.Pattern | None = None) -> tuple[dict, dict, dict]:
        """(the section's own listing, groups, leaves) of a section."""
        found = listings(site, section, exclude, named)
        own = {section: found.pop(section)} if section in found else {}
        groups = {u: p for u, p in found.items() if any(o.startswith(u) and o != u for o in found)}
        return own, groups, {u: p for u, p in found.items() if u not in groups}

    if (site / "index.html").is_file():
        picked["home"] = ("", "home page", 1)
    campaign_list, _, campaign_pages = split("phong-trao/", exclude=("in/", "van-ban/", "tep/", "khen-thuong/"))
    largest_of("campaigns", campaign_list, "campaign list")
    _, _, years = split("nam/", named=_YEAR)
    largest_of("year", {u: p for u, p in years.items() if _YEAR.fullmatch(u)}, "year")
    campaign = _largest_campaign(site, address)
    if campaign is None or not _file_of(site, campaign).is_file():
        campaign = _largest(site, campaign_pages)
    if campaign:
        picked["campaign"] = (campaign, "most honorees (data/campaigns.json)", 1)
        honorees = {u: p for u, p in listings(site, campaign + "khen-thuong/").items()}
        largest_of("campaign-honorees", honorees, "honoree list")
    unit_list, unit_groups, units = split("don-vi/")
    largest_of("units", unit_list, "unit list")
    largest_of("unit-group", unit_groups, "units-of-a-body")
    largest_of("unit", units, "unit")
    az, _, letters = split("khen-thuong/")
    largest_of("az", az, "A–Z index")
    largest_of("letter", letters, "letter")
    if _file_of(site, "tim-kiem/").is_file():
        picked["search"] = ("tim-kiem/", "search page, no query", 1)
        picked["search-query"] = (f"tim-kiem/?q={query}", f"search page, query '{query}'", 1)
    for kind, url in (("open-data", "du-lieu-mo/"), ("statistics", "thong-ke/")):
        if _file_of(site, url).is_file():
            picked[kind] = (url, url, 1)
    if (site / "404.html").is_file() and not _file_of(site, MISSING).exists():
        picked["404"] = (MISSING, "a missing address (nginx: error_page 404)", 1)
    rows = []
    for name, label in TYPES:
        if name in picked:
            url, why, pages = picked[name]
            file = site / "404.html" if name == "404" else _file_of(site, url)
            rows.append({"type": name, "label": label, "url": url, "why": why, "pages": pages,
                         "file_bytes": file.stat().st_size})
    return rows


# --- Lighthouse, from npm, with Debian's Chromium ------------------------------------------------

def lighthouse_binary(install: bool = True) -> Path | None:
    """The Lighthouse CLI in the local cache, installed there with npm on first use; None (and a
    message on stderr) when it cannot be."""
    binary = LIGHTHOUSE_HOME / "node_modules" / ".bin" / "lighthouse"
    package = LIGHTHOUSE_HOME / "node_modules" / "lighthouse" / "package.json"
    wanted = LIGHTHOUSE.split("@", 1)[1]
    if binary.exists() and package.is_file() and json.loads(package.read_text("utf-8")).get("version") == wanted:
        return binary
    npm = shutil.which("npm")
    if not install or npm is None:
        print(f"Lighthouse: chưa có {LIGHTHOUSE} trong {LIGHTHOUSE_HOME} và không có npm; bỏ qua điểm Lighthouse "
              f"/ not installed and npm not found: Lighthouse figures skipped.", file=sys.stderr)
        return None
    LIGHTHOUSE_HOME.mkdir(parents=True, exist_ok=True)
    print(f"Lighthouse: cài {LIGHTHOUSE} vào {LIGHTHOUSE_HOME} (một lần) / installing once...", file=sys.stderr)
    run = subprocess.run([npm, "install", "--prefix", str(LIGHTHOUSE_HOME), LIGHTHOUSE, "--no-audit", "--no-fund",
                          "--loglevel", "error"], capture_output=True, text=True, timeout=900)
    if run.returncode != 0 or not binary.exists():
        print(f"Lighthouse: không cài được {LIGHTHOUSE} bằng npm (không tới được kho npm?); bỏ qua điểm Lighthouse. "
              f"Cài tay: npm install --prefix {LIGHTHOUSE_HOME} {LIGHTHOUSE} / npm install failed, Lighthouse "
              f"figures skipped:\n{run.stderr.strip()[-2000:]}", file=sys.stderr)
        return None
    return binary


def _chromium_flags() -> list[str]:
    return ["--headless=new" if flag == "--headless" else flag for flag in CHROMIUM_FLAGS]


def run_lighthouse(binary: Path, url: str, out: Path) -> dict:
    """One Lighthouse run (mobile default profile) of url; its JSON report."""
    _refuse_if_unmarked("PORTAL_NO_BROWSER", "Chromium (Lighthouse)", "browser")
    env = {**os.environ, "CHROME_PATH": os.environ.get("PORTAL_CHROMIUM", CHROMIUM)}
    command = [str(binary), url, "--output=json", f"--output-path={out}", "--quiet",
               f"--only-categories={','.join(CATEGORIES)}", "--chrome-flags=" + " ".join(_chromium_flags())]
    run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if run.returncode != 0 or not out.is_file():
        raise RuntimeError(f"lighthouse {url}: exit {run.returncode}: {run.stderr.strip()[-1500:]}")
    return json.loads(out.read_text("utf-8"))


def _costs(report: dict, category: str) -> list[dict]:
    """The audits that cost the category points, most first: points = weight share x (1 - score)."""
    refs = [r for r in report["categories"][category]["auditRefs"] if r.get("weight")]
    total = sum(r["weight"] for r in refs) or 1
    costs = []
    for ref in refs:
        audit = report["audits"].get(ref["id"], {})
        score = audit.get("score")
        if score is None or score >= 1:
            continue
        costs.append({"id": ref["id"], "points": round(100 * ref["weight"] / total * (1 - score), 1),
                      "score": score, "value": audit.get("displayValue") or audit.get("title")})
    return sorted(costs, key=lambda c: -c["points"])


def _hints(report: dict) -> list[dict]:
    """Performance audits that carry no weight but name what to change (render-blocking, unused
    bytes, long tasks, ...): those not passed, the largest estimated savings first."""
    hints = []
    for ref in report["categories"]["performance"]["auditRefs"]:
        audit = report["audits"].get(ref["id"], {})
        if ref.get("weight") or audit.get("score") is None or audit.get("score") >= 0.9:
            continue
        savings = audit.get("metricSavings") or {}
        ms = max([v for v in savings.values() if isinstance(v, (int, float))] or [0])
        details = audit.get("details") or {}
        hints.append({"id": ref["id"], "value": audit.get("displayValue"), "savings_ms": round(ms),
                      "savings_bytes": details.get("overallSavingsBytes")})
    return sorted(hints, key=lambda h: (-(h["savings_ms"] or 0), -(h["savings_bytes"] or 0)))


def summarize_lighthouse(report: dict) -> dict:
    audits = report["audits"]
    scores = {SHORT[c]: (None if report["categories"][c]["score"] is None
                         else round(100 * report["categories"][c]["score"])) for c in CATEGORIES}
    return {
        "scores": scores,
        "total_byte_weight": audits.get("total-byte-weight", {}).get("numericValue"),
        "dom_size": audits.get("dom-size", {}).get("numericValue"),
        "metrics": {key: round(audits[key]["numericValue"]) for key in
                    ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                     "speed-index", "interactive") if audits.get(key, {}).get("numericValue") is not None}
        | ({"cumulative-layout-shift": round(audits["cumulative-layout-shift"]["numericValue"], 3)}
           if audits.get("cumulative-layout-shift", {}).get("numericValue") is not None else {}),
        "costs": {SHORT[c]: _costs(report, c)[:6] for c in CATEGORIES},
        "hints": _hints(report)[:6],
        "warnings": report.get("runWarnings") or [],
        "runtime_error": (report.get("runtimeError") or {}).get("code"),
        "lighthouse": report.get("lighthouseVersion"),
        # Lighthouse's measure of the machine's speed during the run (a loaded machine scores lower).
        "benchmark_index": report.get("environment", {}).get("benchmarkIndex"),
        "user_agent": report.get("environment", {}).get("hostUserAgent"),
    }


def lighthouse_page(binary: Path, url: str, runs: int, keep: Path | None, name: str) -> dict:
    """Lighthouse `runs` times; the run with the median performance score (all runs' scores kept)."""
    reports = []
    with tempfile.TemporaryDirectory(prefix="thidua-lh-") as work:
        for i in range(runs):
            reports.append(run_lighthouse(binary, url, Path(work) / f"{i}.json"))
    perf = [r["categories"]["performance"]["score"] or 0 for r in reports]
    median = sorted(range(len(reports)), key=lambda i: perf[i])[len(reports) // 2]
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        (keep / f"{name}.json").write_text(json.dumps(reports[median], ensure_ascii=False), "utf-8")
    summary = summarize_lighthouse(reports[median])
    summary["runs"] = runs
    if runs > 1:
        summary["performance_runs"] = [round(100 * p) for p in perf]
    return summary


# --- the browser's own figures: network bytes, DOM, axe, keyboard ------------------------------

AXE_ALL = """async () => {
  const rules = axe.getRules();
  const experimental = new Set(rules.filter(r => r.tags.includes('experimental')).map(r => r.ruleId));
  // What axe runs when asked for nothing in particular (no AAA, no experimental rules): marked.
  const usual = new Set((await axe.run(document, {resultTypes: ['violations']})).violations.map(v => v.id));
  const result = await axe.run(document, {runOnly: {type: 'rule', values: rules.map(r => r.ruleId)},
                                          resultTypes: ['violations']});
  return {version: axe.version, rules: rules.length,
          violations: result.violations.map(v => ({id: v.id, impact: v.impact, experimental: experimental.has(v.id),
            default_rules: usual.has(v.id), tags: v.tags.filter(t => /^wcag|^best|^exp/.test(t)),
            nodes: v.nodes.length, help: v.help, targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))};
}"""

# The outline and box-shadow of every element with nothing focused; at each Tab stop, a focus ring
# is one that focus drew (on the element, or on its container through :focus-within, 2 levels up):
# a width of at least 2 px that was not there before, so a card's permanent shadow does not count.
RINGS = """() => {
  const px = v => parseFloat(v) || 0;
  const clear = c => !c || c === 'transparent' || /rgba\\([^)]*,\\s*0(\\.0+)?\\)$/.test(c);
  window.__ring = node => {
    const cs = getComputedStyle(node);
    // Chromium paints `outline-style: auto` (its focus ring) at least 2 px wide, whatever the width says.
    const outline = cs.outlineStyle === 'none' || clear(cs.outlineColor) ? 0
                    : cs.outlineStyle === 'auto' ? Math.max(2, px(cs.outlineWidth)) : px(cs.outlineWidth);
    let shadow = 0;
    if (cs.boxShadow && cs.boxShadow !== 'none') {
      for (const part of cs.boxShadow.split(/,(?![^(]*\\))/)) {
        const color = (part.match(/rgba?\\([^)]*\\)/) || [''])[0];
        if (color && clear(color)) continue;
        const sizes = part.replace(/rgba?\\([^)]*\\)/, '').match(/-?[\\d.]+px/g) || [];
        shadow = Math.max(shadow, ...sizes.map(s => Math.abs(px(s))));
      }
    }
    return {outline, shadow, color: outline ? cs.outlineColor : null,
            key: cs.outlineStyle + cs.outlineWidth + cs.outlineColor + '|' + cs.boxShadow};
  };
  window.__rings = new Map();
  for (const node of document.querySelectorAll('*')) window.__rings.set(node, window.__ring(node));
}"""

FOCUS_STOP = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const drawn = node => {
    const now = window.__ring(node), before = window.__rings.get(node) || {outline: 0, shadow: 0, key: ''};
    const shadowChanged = now.key.split('|')[1] !== before.key.split('|')[1];
    const width = now.key === before.key ? 0
                  : Math.max(now.outline !== before.outline ? now.outline : 0, shadowChanged ? now.shadow : 0);
    return {outline: now.outline, shadow: now.shadow, drawn: width, color: now.color};
  };
  const own = drawn(el);
  let via = null;
  for (let node = el.parentElement, i = 0; node && i < 2 && own.drawn < 2; node = node.parentElement, i++) {
    const up = drawn(node);
    if (up.drawn >= 2) {
      via = {tag: node.tagName.toLowerCase(), cls: String(node.className).slice(0, 60), ...up};
      break;
    }
  }
  const r = el.getBoundingClientRect();
  const shown = el.checkVisibility ? el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}) : true;
  const inView = shown && r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth
                 && r.top < innerHeight;
  const text = (el.getAttribute('aria-label') || el.innerText || el.value || el.getAttribute('title') || '').trim();
  return {tag: el.tagName.toLowerCase(), cls: String(el.className || '').slice(0, 60), text: text.slice(0, 50),
          href: el.getAttribute('href'), outline_px: own.outline, outline_color: own.color, shadow_px: own.shadow,
          ring_px: own.drawn, via,
          in_view: inView, visible_focus: inView && (own.drawn >= 2 || via !== null)};
}"""

RESULT = ".search-result__title"


def _settle(page, search: bool) -> None:
    try:
        page.wait_for_load_state("networkidle", timeout=30000)
    except Exception:  # noqa: BLE001 - a page that keeps a connection open is measured as it is
        pass
    if search:
        page.wait_for_selector(RESULT, timeout=30000)


def browser_figures(browser, url: str, search: bool, axe_script: Path) -> dict:
    """Bytes on the wire and DOM nodes at 390 px (real CSP), axe at each width (CSP bypassed so
    that axe can be injected)."""
    out: dict = {}
    context = browser.new_context(viewport={"width": 390, "height": WIDTHS[390]})
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        received = {"bytes": 0, "requests": 0}

        def finished(event):
            received["bytes"] += event.get("encodedDataLength", 0)
            received["requests"] += 1
        cdp.on("Network.loadingFinished", finished)
        response = page.goto(url, wait_until="load")
        _settle(page, search)
        out["status"] = response.status if response else None
        out["kb_network"] = round(received["bytes"] / 1024, 1)
        out["requests"] = received["requests"]
        out["dom_playwright"] = page.evaluate("document.querySelectorAll('*').length")
        out["height_390"] = page.evaluate("document.documentElement.scrollHeight")
    finally:
        context.close()
    out["axe"] = {}
    for width, height in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
        try:
            page = context.new_page()
            page.goto(url, wait_until="load")
            _settle(page, search)
            page.add_script_tag(path=str(axe_script))
            result = page.evaluate(AXE_ALL)
            out["axe"][str(width)] = result["violations"]
            out["axe_version"], out["axe_rules"] = result["version"], result["rules"]
        finally:
            context.close()
    return out


IS_RESULT = f"document.activeElement === document.querySelector('{RESULT}')"
IS_SKIP_LINK = "document.activeElement.matches('a[href^=\"#\"]')"


def _route(context, url: str, skip: bool, limit: int) -> dict:
    """Tab presses from the load until the first result's link has focus, each stop's focus ring,
    then Enter on it. With `skip`, the first stop, when it is a link into the page (a skip link),
    is followed with Enter (not a Tab press) before tabbing on."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        _settle(page, True)
        target = page.evaluate(f"document.querySelector('{RESULT}').getAttribute('href')")
        page.evaluate(RINGS)
        stops, reached, skipped = [], False, False
        for _ in range(limit):
            page.keyboard.press("Tab")
            page.wait_for_timeout(300)  # the theme's transitions end: the ring as it stays
            stops.append(page.evaluate(FOCUS_STOP))
            if page.evaluate(IS_RESULT):
                reached = True
                break
            if skip and len(stops) == 1:
                if not page.evaluate(IS_SKIP_LINK):
                    return {"skip_link": False}
                page.keyboard.press("Enter")
                page.wait_for_timeout(300)
                skipped = True
        opened = None
        if reached:
            try:
                with page.expect_navigation(timeout=15000) as navigation:
                    page.keyboard.press("Enter")
                response = navigation.value
                opened = bool(response and response.ok and page.url == urljoin(url, target))
            except Exception:  # noqa: BLE001 - Enter opened nothing: that is the figure
                opened = False
        return {"skip_link": skipped, "tabs": len(stops) if reached else None, "reached": reached, "opened": opened,
                "all_visible": reached and all(s and s["visible_focus"] for s in stops),
                "invisible_stops": [s for s in stops if not (s and s["visible_focus"])], "stops": stops}
    finally:
        page.close()


def keyboard(browser, url: str, width: int, limit: int = 40) -> dict:
    """The keyboard test at one width: Tab only, and with the skip link followed (Tab, Enter, Tab…)
    when the page has one; the figure is the route with fewer Tab presses (both kept)."""
    context = browser.new_context(viewport={"width": width, "height": WIDTHS[width]})
    try:
        plain = _route(context, url, False, limit)
        skip = _route(context, url, True, limit)
    finally:
        context.close()
    best = plain
    if skip.get("skip_link") and skip["reached"] and (not plain["reached"] or skip["tabs"] < plain["tabs"]):
        best = skip
    return {"width": width, **best, "route": "skip link, then Tab" if best is skip else "Tab only",
            "tabs_only": plain["tabs"], "tabs_with_skip_link": skip.get("tabs") if skip.get("skip_link") else None,
            "routes": {"tab_only": plain, "skip_link": skip}}


# --- the verdict and the table -----------------------------------------------------------------

def verdict(row: dict) -> list[str]:
    """The goals the row misses (issue 13's "Done when"), as short labels."""
    misses = []
    lh = row.get("lighthouse") or {}
    for key, value in (lh.get("scores") or {}).items():
        if value is None or value < GOALS["score"]:
            misses.append(f"{key}<{GOALS['score']}")
    kb = row.get("kb")
    if kb is not None and kb > GOALS["kb"]:
        misses.append(f"kb>{GOALS['kb']}")
    dom = row.get("dom")
    if dom is not None and dom > GOALS["dom"]:
        misses.append(f"dom>{GOALS['dom']}")
    for width, violations in (row.get("axe") or {}).items():
        if violations:
            misses.append(f"axe@{width}")
    for key in ("keyboard_390", "keyboard_1280"):
        test = row.get(key)
        if test:
            width = test["width"]
            if not test["reached"] or test["tabs"] > GOALS["tabs"]:
                misses.append(f"tab@{width}>{GOALS['tabs']}")
            if not test["all_visible"]:
                misses.append(f"focus@{width}")
            if test["reached"] and not test["opened"]:
                misses.append(f"open@{width}")
    if row.get("error"):
        misses.append("error")
    return misses


def _mark(text: str, bad: bool) -> str:
    return f"{text}!" if bad else text


def table(rows: list[dict]) -> str:
    head = ["type", "url", "perf", "a11y", "bp", "seo", "KB", "DOM", "axe390", "axe1280", "tab390/1280", "result"]
    lines = [head]
    for row in rows:
        scores = (row.get("lighthouse") or {}).get("scores") or {}
        url = "/" + row["url"]
        cells = [row["type"], url if len(url) <= 56 else url[:26] + "…" + url[-29:]]
        for key in ("perf", "a11y", "bp", "seo"):
            value = scores.get(key)
            cells.append("-" if value is None else _mark(str(value), value < GOALS["score"]))
        kb, dom = row.get("kb"), row.get("dom")
        cells.append("-" if kb is None else _mark(f"{kb:.0f}", kb > GOALS["kb"]))
        cells.append("-" if dom is None else _mark(str(dom), dom > GOALS["dom"]))
        for width in ("390", "1280"):
            violations = (row.get("axe") or {}).get(width)
            cells.append("-" if violations is None else _mark(str(len(violations)), bool(violations)))
        tabs = []
        for key in ("keyboard_390", "keyboard_1280"):
            test = row.get(key)
            if test:
                text = str(test["tabs"]) if test["reached"] else ">" + str(len(test["stops"]))
                bad = not test["reached"] or test["tabs"] > GOALS["tabs"] or not test["all_visible"] \
                    or not test["opened"]
                tabs.append(_mark(text, bad))
        cells.append("/".join(tabs) or "")
        misses = row.get("misses", [])
        cells.append("PASS" if not misses else "FAIL " + ",".join(misses))
        lines.append(cells)
    widths = [max(len(line[i]) for line in lines) for i in range(len(head) - 1)]
    out = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line[:-1])) + "  " + line[-1] for line in lines]
    return "\n".join(out)


def failures(rows: list[dict]) -> str:
    """For each failing page: the Lighthouse audits that cost the most points (top 3 of each
    category under its goal), the top performance hints, the axe rules and the focus stops."""
    out = []
    for row in rows:
        if not row.get("misses"):
            continue
        out.append(f"{row['type']} /{row['url']}: {', '.join(row['misses'])}")
        lh = row.get("lighthouse") or {}
        for key, value in (lh.get("scores") or {}).items():
            if value is not None and value < GOALS["score"]:
                costs = "; ".join(f"{c['id']} -{c['points']} ({c['value']})" for c in lh["costs"][key][:3])
                speed = f" [benchmarkIndex {lh['benchmark_index']:.0f}: lower when the machine is busy]" \
                    if key == "perf" and lh.get("benchmark_index") else ""
                out.append(f"    {key} {value}: {costs}{speed}")
        if lh.get("hints") and (lh.get("scores") or {}).get("perf", 100) < GOALS["score"]:
            out.append("    perf hints: " + "; ".join(
                f"{h['id']}" + (f" ~{h['savings_ms']} ms" if h["savings_ms"] else "")
                + (f" ~{round(h['savings_bytes'] / 1024)} KiB" if h.get("savings_bytes") else "")
                for h in lh["hints"][:3]))
        for width, violations in (row.get("axe") or {}).items():
            if violations:
                out.append(f"    axe@{width}: " + "; ".join(
                    f"{v['id']}({v['impact']}, {'/'.join(v['tags'])}"
                    + (", not in axe's default rules" if not v.get("default_rules", True) else "")
                    + f") x{v['nodes']}: {', '.join(v['targets'][:2])}" for v in violations))
        for key in ("keyboard_390", "keyboard_1280"):
            test = row.get(key)
            if test and (not test["all_visible"] or not test["reached"] or (test["tabs"] or 99) > GOALS["tabs"]):
                tabs = test["tabs"] or f"not reached in {len(test['stops'])}"
                stops = ", ".join(f"{s['tag']}.{s['cls'].split(' ')[0]} '{s['text'][:20]}'"
                                  + ("" if s["visible_focus"] else " (NO VISIBLE FOCUS"
                                     + ("" if s["in_view"] else ", not in view") + ")") if s else "(body)"
                                  for s in test["stops"])
                out.append(f"    keyboard@{test['width']}: {tabs} Tab ({test['route']}; Tab only: {test['tabs_only']}, "
                           f"with the skip link: {test['tabs_with_skip_link']}): {stops}")
    return "\n".join(out)


# --- the command ---------------------------------------------------------------------------------

def _build_reference(args) -> Path:
    """The reference archive built as `portal bench --keep DIR` builds it, precompressed."""
    from benchmarks.build import TODAY, _prepare, _stdout_to_stderr, _work_root
    from thidua import build
    root, keep, honorees, seed = _work_root(args, "thidua-bench-pages-")
    with _stdout_to_stderr():
        _prepare(root, honorees, seed, bool(keep))
        shutil.rmtree(root / "site", ignore_errors=True)
        t = time.perf_counter()
        build.build(root / "mkdocs.yml", root / "site", today=TODAY, precompress=True)
    print(f"bench-pages: built {root / 'site'} ({honorees} honorees) in {time.perf_counter() - t:.0f} s",
          file=sys.stderr)
    return root


def _precompressed(site: Path) -> dict:
    pages = list(site.rglob("*.html"))
    return {"html_pages": len(pages), "with_gz": sum(1 for p in pages if p.with_name(p.name + ".gz").is_file())}


@contextmanager
def _served(loopback, site: Path, address: str):
    """The documented nginx in front of the site; None (and why, on stderr) when it cannot run."""
    with ExitStack() as stack:
        try:
            base = stack.enter_context(loopback.nginx(site, address))
        except loopback.NginxUnavailable as error:
            print(f"bench-pages: {error}", file=sys.stderr)
            base = None
        if base is None:
            print("Không chạy được nginx: bench-pages đo trang qua đúng cấu hình nginx trong tài liệu (scripts/portal "
                  "nginx); hãy cài nginx (apt-get install nginx) / nginx is required.", file=sys.stderr)
        yield base


def bench_pages(args) -> int:
    from benchmarks import loopback
    from benchmarks.build import _machine
    unknown = sorted(set(args.only or ()) - set(TYPE_NAMES))
    if unknown:
        print(f"--only: không có loại trang {', '.join(unknown)}; các loại: {', '.join(TYPE_NAMES)} / unknown page "
              "type", file=sys.stderr)
        return 2
    axe_script = Path(__import__("axe_playwright_python").__file__).with_name("axe.min.js")
    temporary = None
    if args.site:
        site = Path(args.site).resolve()
        if not (site / "index.html").is_file():
            print(f"Không thấy trang đã dựng trong {site}: hãy chỉ đúng thư mục bằng --site / no built site there.",
                  file=sys.stderr)
            return 2
        if args.precompress:
            from thidua.deploy import precompress
            precompress(site)
    else:
        root = _build_reference(args)
        temporary = None if args.keep else root
        site = root / "site"
    address = args.site_url or site_address(site)
    result: dict = {"site": str(site), "address": address, "goals": GOALS, "started": dt.datetime.now(
        dt.timezone.utc).isoformat(timespec="seconds"), "precompressed": _precompressed(site),
        "loadavg_start": round(os.getloadavg()[0], 2)}
    try:
        rows = pick_pages(site, args.query)
        if args.only:
            rows = [r for r in rows if r["type"] in args.only]
        binary = None if args.no_lighthouse else lighthouse_binary()
        reports = Path(args.json).with_suffix("").with_name(Path(args.json).stem + "-lighthouse") if args.json else None
        with _served(loopback, site, address) as base:
            if base is None:
                return 2
            result["server"] = f"nginx, the `portal nginx` server block, at {base}"
            with loopback.chromium() as browser:
                for row in rows:
                    url = base + row["url"]
                    print(f"bench-pages: {row['type']} {url}", file=sys.stderr, flush=True)
                    search = row["type"] == "search-query"
                    try:
                        if binary is not None:
                            # Lighthouse does not measure a page that comes with status 404: the 404
                            # page's own address (the same file, status 200) stands in for it.
                            row["lighthouse_url"] = base + "404.html" if row["type"] == "404" else url
                            row["lighthouse"] = lighthouse_page(binary, row["lighthouse_url"], args.runs, reports,
                                                                row["type"])
                        row.update(browser_figures(browser, url, search, axe_script))
                        if search:
                            row["keyboard_390"] = keyboard(browser, url, 390)
                            row["keyboard_1280"] = keyboard(browser, url, 1280)
                    except Exception as error:  # noqa: BLE001 - one page's failure is a figure, not the end
                        row["error"] = f"{type(error).__name__}: {error}"[:2000]
                    lh = row.get("lighthouse") or {}
                    if lh.get("total_byte_weight") is not None:
                        row["kb"], row["kb_source"] = round(lh["total_byte_weight"] / 1024, 1), "lighthouse"
                    elif "kb_network" in row:
                        row["kb"], row["kb_source"] = row["kb_network"], "chromium network log at 390 px"
                    if lh.get("dom_size") is not None:
                        row["dom"], row["dom_source"] = int(lh["dom_size"]), "lighthouse"
                    elif "dom_playwright" in row:
                        row["dom"], row["dom_source"] = row["dom_playwright"], "querySelectorAll('*') at 390 px"
                    row["misses"] = verdict(row)
        result["pages"] = rows
        result["passed"] = sum(1 for r in rows if not r["misses"])
        result["loadavg_end"] = round(os.getloadavg()[0], 2)
        result["lighthouse"] = LIGHTHOUSE if binary else None
        result["machine"] = _machine()
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    print(table(rows))
    print(f"\n{result['passed']}/{len(rows)} page types meet every goal "
          f"(goals: Lighthouse mobile >= {GOALS['score']} x4, <= {GOALS['kb']} KiB transferred, <= {GOALS['dom']} "
          f"DOM nodes, 0 axe violations at 390 and 1280 px, first search result in <= {GOALS['tabs']} Tab with "
          f"visible focus); '!' marks a missed goal. KB: {rows[0].get('kb_source', '-') if rows else '-'}. Tab: the "
          "fewer presses of Tab alone and of the skip link followed first (Tab, Enter, Tab...).")
    details = failures(rows)
    if details:
        print("\nWhat costs the failing pages their points:\n" + details)
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
        print(f"\nAll figures: {args.json}" + (f" (Lighthouse reports: {reports}/)" if binary else ""))
    return 0
