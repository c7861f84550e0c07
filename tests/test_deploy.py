"""The built site behind a real nginx on loopback, with the generated config: it works under its
Content-Security-Policy (search included), caches and compresses as documented."""
from __future__ import annotations

import datetime as dt
import urllib.request

import pytest

from benchmarks.loopback import nginx as documented_nginx
from browser import chromium
from conftest import ROOT
from thidua.build import build

pytestmark = pytest.mark.nginx  # every test here is behind nginx
LANG_SON = "2024-lang-son-80-nam-nganh-noi-vu"


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def nginx(tmp_path_factory, request):
    """The site built by each renderer (Zensical: tests/test_renderers.py), behind nginx."""
    if request.param == "zensical":
        from test_renderers import require_zensical
        require_zensical()
    site = tmp_path_factory.mktemp("nginx") / "thi-dua"
    build(ROOT / "mkdocs.yml", site, today=dt.date(2025, 9, 1), site_url="https://example.gov.vn/thi-dua/",
          precompress=True, renderer=request.param)
    with documented_nginx(site, "https://example.gov.vn/thi-dua/") as base:
        yield base, site


@pytest.mark.browser
def test_pages_and_search_work_under_the_csp(nginx):
    nginx, _ = nginx
    violations: list[str] = []
    with chromium() as browser:
        page = browser.new_page()
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                             "console.log('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))")
        response = page.goto(nginx)
        assert "Content-Security-Policy" in response.headers or "content-security-policy" in response.headers
        page.goto(nginx + f"phong-trao/{LANG_SON}/")
        assert page.locator("#dang-van-duc").count() == 1
        page.goto(nginx + "tim-kiem/?q=dang%20van%20duc")
        page.wait_for_selector(".search-result__title", timeout=15000)
        assert page.locator(".search-result__title").first.inner_text() == "Ông Đặng Văn Đức"
        page.goto(nginx + "khong-co-trang-nay/")
        assert "Không tìm thấy trang" in page.content()
    assert violations == []


def _head(url: str, **headers) -> dict:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=5) as response:
        return {k.lower(): v for k, v in response.headers.items()}


def test_security_and_cache_headers(nginx):
    nginx, site = nginx
    html = _head(nginx)
    assert html["x-content-type-options"] == "nosniff"
    assert html["referrer-policy"] == "strict-origin-when-cross-origin"
    assert html["cache-control"] == "public, max-age=300"
    css = next(site.glob("assets/stylesheets/**/main.*.min.css"))  # Zensical's: under classic/
    assert _head(nginx + css.relative_to(site).as_posix())["cache-control"] == "public, max-age=31536000, immutable"
    assert "immutable" not in _head(nginx + "pagefind/pagefind.js")["cache-control"]  # its name never changes
    embed = _head(nginx + "nhung/")
    assert "frame-ancestors *" in embed["content-security-policy"] and "x-frame-options" not in embed


def test_precompressed_files_are_served(nginx):
    nginx, site = nginx
    assert (site / "data/honorees.json.gz").is_file()
    headers = _head(nginx + "data/honorees.json", **{"Accept-Encoding": "gzip"})
    assert headers.get("content-encoding") == "gzip"
