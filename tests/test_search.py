"""Real searches in headless Chromium against the built example site, served on loopback."""
from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest

from browser import chromium, serve
from conftest import ROOT
from thidua.build import build
from thidua.load import load_archive
from thidua.refdata import generate_archive
from thidua.search import build_records, unit_key
from thidua.text import fold, person_key, vi_key
from thidua.views import by_award

TODAY = dt.date(2025, 9, 1)
OFFICE = "Văn phòng Sở Nội vụ"


@pytest.fixture(scope="module")
def campaigns():
    """The example campaigns as published on TODAY."""
    archive, _ = load_archive(ROOT / "campaigns")
    return archive.as_of(TODAY).published


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The example site built for a sub-path and served under /thi-dua/, as a department would."""
    root = tmp_path_factory.mktemp("www")
    build(ROOT / "mkdocs.yml", root / "thi-dua", today=TODAY, site_url="https://example.gov.vn/thi-dua/")
    with serve(root) as base, chromium() as browser:
        yield base + "thi-dua/", browser


@pytest.fixture(scope="module")
def archive_served(tmp_path_factory, served):
    """A generated archive of 3,000 honorees in 30 campaigns (about 150 lists), served at the root."""
    root = tmp_path_factory.mktemp("archive")
    generate_archive(root, 3000, seed=5)
    build(root / "mkdocs.yml", root / "site", today=dt.date(2026, 6, 1))
    loaded, _ = load_archive(root / "campaigns")
    with serve(root / "site") as base:
        yield base, served[1], loaded.as_of(dt.date(2026, 6, 1)).published


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


def links(page) -> list[str]:
    """The shown results' links, from the site root: "phong-trao/<id>/#<anchor>"."""
    return [href.split("/thi-dua/", 1)[1] for href in
            page.locator(".search-result__title").evaluate_all("links => links.map(a => a.href)")]


def honoree_link(h) -> str:
    return f"phong-trao/{h.campaign_id}/#{h.id}"


def test_honorees_are_indexed_as_the_lists_of_each_campaign(campaigns, tmp_path):
    records = build_records(campaigns, TODAY, [])
    lists = [r for r in records if r.sections]
    assert len(lists) == sum(len(parts) for c in campaigns for _, parts in by_award(c.honorees))
    assert sum(len(r.sections) for r in lists) == sum(len(c.honorees) for c in campaigns)
    by_anchor = {(c.id, h.id): h for c in campaigns for h in c.honorees}
    for record in lists:
        page, award_anchor = record.url.split("#")
        members = [by_anchor[(page.split("/")[1], s.anchor)] for s in record.sections]
        assert award_anchor.startswith("ht-") and {h.award.name for h in members} == {record.title}
        assert len({h.type for h in members}) == 1
        assert set(record.filters["don_vi"]) == {unit_key(h) for h in members} - {""}


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


def test_one_result_per_matching_honoree_of_a_list(served, campaigns):
    """Several Nguyễn in one award list: each is its own result, linking to its own anchor."""
    status, titles, _, page = run_search(served, "nguyen")
    expected = {honoree_link(h) for c in campaigns for h in c.honorees if "nguyen" in fold(f"{h.name} {h.unit}").split()}
    shown = links(page)
    assert sorted(shown) == sorted(expected)  # each once, and no one else
    assert all("Nguyễn" in t for t in titles)
    assert status == f"Tìm thấy {len(expected)} kết quả cho “nguyen”."
    one_list = [h for c in campaigns for h in c.honorees if "nguyen" in fold(h.name).split()
                and h.campaign_id == "2024-lang-son-80-nam-nganh-noi-vu" and h.award.name.startswith("Giấy khen")]
    assert len(one_list) >= 2


def test_unit_filter_shows_only_that_units_honorees(served, campaigns):
    """A list names people of many units: with a unit chosen, only that unit's people are shown."""
    status, _, _, page = run_search(served, "nguyen", "&don_vi=" + quote(OFFICE))
    expected = {honoree_link(h) for c in campaigns for h in c.honorees
                if "nguyen" in fold(f"{h.name} {h.unit}").split() and unit_key(h) == OFFICE}
    assert expected and set(links(page)) == expected and len(links(page)) == len(expected)
    assert status == f"Tìm thấy {len(expected)} kết quả cho “nguyen”."
    _, _, _, page = run_search(served, "", "&don_vi=" + quote(OFFICE))
    everyone = {honoree_link(h) for c in campaigns for h in c.honorees if unit_key(h) == OFFICE}
    assert set(links(page)) == everyone


def test_filter_only_browse(served, campaigns):
    status, titles, _, page = run_search(served, "", "&loai=T%E1%BA%ADp%20th%E1%BB%83&nam=2024")
    assert "Tìm thấy 19 kết quả" in status
    assert page.locator(".search-result__kind").first.inner_text().startswith("Tập thể")
    # The filter counts are of lists, not people, and the page says so.
    lists = sum(kind == "tap-the" for c in campaigns if c.year == 2024
                for _, parts in by_award(c.honorees) for kind, _ in parts)
    options = page.locator("#loc-loai option").all_inner_texts()
    assert f"Tập thể ({lists})" in options and lists < 19
    assert "không phải số người" in page.inner_text("#loc-chu-thich")


def test_touching_the_filters_gives_their_counts_for_the_search(served):
    _, _, _, page = run_search(served, "nguyen")
    page.focus("#loc-nam")
    page.wait_for_function("() => document.querySelectorAll('#loc-phong_trao option').length > 1")
    assert "2024 (4)" in page.locator("#loc-nam option").all_inner_texts()  # the lists with a Nguyễn


def test_sort_by_name_in_vietnamese_order(served, campaigns):
    status, titles, _, page = run_search(served, "", "&loai=C%C3%A1%20nh%C3%A2n&sap_xep=name:asc")
    people = sorted((h for c in campaigns for h in c.honorees if h.is_person), key=lambda h: person_key(h.name))
    assert status == f"Tìm thấy {len(people)} kết quả."
    assert titles == [f"{h.honorific} {h.name}".strip() for h in people[:20]]
    given = [t.split()[-1] for t in titles]
    assert given == sorted(given, key=vi_key)


def test_more_results_page_by_page_without_repeats(served):
    status, titles, _, page = run_search(served, "van")
    total = int(status.split()[2])
    assert len(titles) == 20 < total
    while page.locator(".search-more").is_visible():
        before = page.locator(".search-result").count()
        page.click(".search-more")
        page.wait_for_function("n => document.querySelectorAll('.search-result').length > n", arg=before)
    shown = links(page)
    assert len(shown) == total == len(set(shown))


def test_names_first_then_every_honoree_with_the_words(served):
    """A name is looked for as a name first; "Xem thêm kết quả" then finds the words anywhere:
    here "Long" in the unit of Châu Văn Tâm (Phòng Nội vụ huyện Long Phú)."""
    status, titles, _, page = run_search(served, "van long")
    assert titles == ["Ông Phạm Văn Long"]
    assert "mang tên “van long”" in status and page.locator(".search-more").is_visible()
    page.click(".search-more")
    page.wait_for_function("() => document.querySelectorAll('.search-result').length > 1")
    assert page.locator(".search-result__title").all_inner_texts() == ["Ông Phạm Văn Long", "Ông Châu Văn Tâm"]
    assert page.inner_text(".search-status") == "Tìm thấy 2 kết quả cho “van long”."
    assert page.locator(".search-more").is_hidden()


def test_large_archive_reads_lists_as_it_shows_them(archive_served):
    base, browser, _ = archive_served
    status, titles, requests, page = run_search((base, browser), "nguyen")
    assert len(titles) == 20 and status.startswith("Tìm thấy ") and "danh sách" in status
    assert "Đang hiện 20 kết quả đầu tiên" in status
    assert len([r for r in requests if "/fragment/" in r]) <= 6  # not one per matching list
    page.click(".search-more")
    page.wait_for_function("() => document.querySelectorAll('.search-result').length >= 40")
    shown = links_from_root(page)
    assert len(shown) == len(set(shown)) >= 40
    for text in page.locator(".search-result").all_inner_texts():
        assert any(word.startswith("nguyen") for word in fold(text).split())


def test_large_archive_sorts_by_name_within_a_stated_bound(archive_served):
    base, browser, campaigns = archive_served
    status, titles, _, page = run_search((base, browser), "", "&loai=C%C3%A1%20nh%C3%A2n&sap_xep=name:asc")
    assert "Chỉ xếp theo tên" in status and "danh sách đầu tiên" in status
    people = [h for c in campaigns for h in c.honorees if h.is_person]
    names = [t.split(" ", 1)[1] if t.split()[0] in ("Ông", "Bà") else t for t in titles]
    assert names == sorted(names, key=person_key)
    assert names[0] == min((h.name for h in people), key=person_key)  # the lists with the first names are read


def links_from_root(page) -> list[str]:
    return [href.split("/", 3)[3] for href in
            page.locator(".search-result__title").evaluate_all("links => links.map(a => a.href)")]


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


def test_hand_written_pages_are_found(served):
    """Their text is indexed from the Markdown (the index is built while MkDocs renders), with
    accent-free spellings of its đ words: "Nghị định 13/2023/NĐ-CP"."""
    status, titles, _, page = run_search(served, "nghi dinh")
    assert "Giới thiệu" in titles
    assert "gioi-thieu/" in links(page)
