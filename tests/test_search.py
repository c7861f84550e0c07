"""Real searches in headless Chromium against the built example site, served on loopback."""
from __future__ import annotations

import datetime as dt

import pytest

from browser import chromium, serve
from conftest import ROOT
from thidua.build import build


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The example site built for a sub-path and served under /thi-dua/, as a department would."""
    root = tmp_path_factory.mktemp("www")
    build(ROOT / "mkdocs.yml", root / "thi-dua", today=dt.date(2025, 9, 1),
          site_url="https://example.gov.vn/thi-dua/")
    with serve(root) as base, chromium() as browser:
        yield base + "thi-dua/", browser


def run_search(served, query: str = "", params: str = "") -> tuple[str, list[str], list[str], object]:
    base, browser = served
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{base}tim-kiem/?q={query}{params}")
    page.wait_for_function("() => { const s = document.querySelector('.search-status');"
                           " return s && s.textContent && !s.textContent.startsWith('Đang'); }", timeout=15000)
    status = page.inner_text(".search-status")
    titles = page.locator(".search-result__title").all_inner_texts()
    return status, titles, requests, page


def test_accent_free_query_with_d_finds_the_person(served):
    status, titles, requests, page = run_search(served, "dang van duc")
    assert titles[0] == "Ông Đặng Văn Đức"
    href = page.locator(".search-result__title").first.get_attribute("href")
    assert href.endswith("/thi-dua/phong-trao/2024-lang-son-80-nam-nganh-noi-vu/#dang-van-duc")
    page.locator(".search-result__title").first.click()
    page.wait_for_load_state()
    assert page.locator("#dang-van-duc").is_visible()
    assert all(r.startswith(served[0].split("thi-dua/")[0]) for r in requests)  # nothing leaves the machine


def test_full_name_without_accents(served):
    status, titles, _, _ = run_search(served, "nguyen thi hong nhung")
    assert titles[0] == "Bà Nguyễn Thị Hồng Nhung"


def test_accented_full_name_puts_exact_name_first(served):
    status, titles, _, _ = run_search(served, "Nguyễn Văn An")
    assert titles[:2] == ["Ông Nguyễn Văn An", "Ông Nguyễn Văn An"]
    assert "Tìm thấy" in status


def test_unit_words_do_not_outrank_a_name(served):
    _, titles, _, _ = run_search(served, "van phong")
    assert titles[0] == "Ông Chu Văn Phong"  # a person named Văn Phong, before the "Văn phòng" units


def test_filter_only_browse(served):
    status, titles, _, page = run_search(served, "", "&loai=T%E1%BA%ADp%20th%E1%BB%83&nam=2024")
    assert "Tìm thấy 19 kết quả" in status
    assert page.locator(".search-result__kind").first.inner_text().startswith("Tập thể")
    options = page.locator("#loc-loai option").all_inner_texts()
    assert any(o.startswith("Tập thể (19)") for o in options)


def test_sort_by_name_in_vietnamese_order(served):
    _, titles, _, page = run_search(served, "", "&loai=C%C3%A1%20nh%C3%A2n&sap_xep=name:asc")
    given = [t.split()[-1] for t in titles[:20]]
    from thidua.text import vi_key
    assert given == sorted(given, key=vi_key)


def test_no_search_index_loaded_by_other_pages(served):
    base, browser = served
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base)
    page.goto(base + "phong-trao/2024-lang-son-80-nam-nganh-noi-vu/")
    assert not [r for r in requests if "/pagefind/" in r]


def test_header_search_box_leads_to_results(served):
    base, browser = served
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(base + "phong-trao/")
    page.fill("#portal-q", "hong nhung")
    page.press("#portal-q", "Enter")
    page.wait_for_selector(".search-result__title", timeout=15000)
    assert page.locator(".search-result__title").first.inner_text() == "Bà Nguyễn Thị Hồng Nhung"
    assert page.locator(".search-status").get_attribute("aria-live") == "polite"
