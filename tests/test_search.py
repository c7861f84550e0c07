"""Real searches in headless Chromium against the built example site, served on loopback."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest

from browser import chromium, serve
from conftest import ROOT
from thidua.build import build
from thidua.load import load_archive
from benchmarks.refdata import generate_archive
from thidua import search
from thidua.search import build_records, pagefind_binary, unit_filter as unit_key, write_stubs
from thidua.text import fold, person_key, vi_key
from thidua import listing
from thidua.listing import by_award

TODAY = dt.date(2025, 9, 1)
OFFICE = "Văn phòng Sở Nội vụ"


@pytest.fixture(scope="module")
def campaigns():
    """The example campaigns as published on TODAY."""
    archive, _ = load_archive(ROOT / "campaigns")
    published = archive.as_of(TODAY).published
    _CAMPAIGNS.update({c.id: c for c in published})
    return published


@pytest.fixture(scope="module")
def served(example_site):
    """The example site built for a sub-path and served under /thi-dua/, as a department would."""
    with serve(example_site.parent) as base, chromium() as browser:
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


def run_search(served, query: str = "", params: str = "", viewport=None) -> tuple[str, list[str], list[str], object]:
    """Open the search page for a query; wait until it has answered (the page says so in
    data-state); return the status, the result titles, the requests made and the page."""
    base, browser = served
    page = browser.new_page(**({"viewport": viewport} if viewport else {}))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{base}tim-kiem/?q={quote(query)}{params}")
    wait_done(page)
    status = page.inner_text(".search-status")
    titles = page.locator(".search-result__title").all_inner_texts()
    return status, titles, requests, page


def wait_done(page) -> None:
    page.wait_for_function("() => document.getElementById('search-app').dataset.state === 'done'", timeout=15000)


def links(page) -> list[str]:
    """The shown results' links, from the site root: "phong-trao/<id>/#<anchor>"."""
    return [href.split("/thi-dua/", 1)[1] for href in
            page.locator(".search-result__title").evaluate_all("links => links.map(a => a.href)")]


_CAMPAIGNS: dict = {}  # id -> campaign, for honoree_link: set by the campaigns fixture


def honoree_link(h) -> str:
    """Where the site lists an honoree: its campaign page, or a page of the campaign's long list."""
    return listing.honoree_path(_CAMPAIGNS[h.campaign_id], h)


def names_shown(page) -> list[str]:
    """The names of the people shown, in order (honorifics left out)."""
    return page.locator(".search-results > li.search-result[data-name]").evaluate_all("ls => ls.map(l => l.dataset.name)")


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


@pytest.mark.browser
def test_accent_free_query_with_d_finds_the_person(served):
    status, titles, requests, page = run_search(served, "dang van duc")
    assert titles[0] == "Ông Đặng Văn Đức"
    href = page.locator(".search-result__title").first.get_attribute("href")
    assert href.endswith("/thi-dua/phong-trao/2024-lang-son-80-nam-nganh-noi-vu/#dang-van-duc")
    page.locator(".search-result__title").first.click()
    page.wait_for_load_state()
    assert page.locator("#dang-van-duc").is_visible()
    assert all(r.startswith(served[0].split("thi-dua/")[0]) for r in requests)  # nothing leaves the machine


@pytest.mark.browser
def test_full_name_without_accents(served):
    status, titles, _, _ = run_search(served, "nguyen thi hong nhung")
    assert titles[0] == "Bà Nguyễn Thị Hồng Nhung"


@pytest.mark.browser
def test_accented_full_name_puts_exact_name_first(served):
    status, titles, _, _ = run_search(served, "Nguyễn Văn An")
    assert titles[:2] == ["Ông Nguyễn Văn An", "Ông Nguyễn Văn An"]
    assert "Tìm thấy" in status


@pytest.mark.browser
def test_unit_words_do_not_outrank_a_name(served):
    _, titles, _, _ = run_search(served, "van phong")
    assert titles[0] == "Ông Chu Văn Phong"  # a person named Văn Phong, before the "Văn phòng" units


def name_matches(name: str, query: str) -> bool:
    """The rule the search page applies: every word of the query is a word of the name, each on
    a word of its own, the last one possibly only its beginning (accents aside)."""
    words, wanted = fold(name).split(), fold(query).split()
    used: set[int] = set()

    def place(i: int) -> bool:
        if i == len(wanted):
            return True
        for p, w in enumerate(words):
            if p not in used and (w == wanted[i] or (i == len(wanted) - 1 and w.startswith(wanted[i]))):
                used.add(p)
                if place(i + 1):
                    return True
                used.discard(p)
        return False
    return place(0)


def people(campaigns, query: str, unit: str | None = None) -> list:
    return [h for c in campaigns for h in c.honorees if h.is_person and name_matches(h.name, query)
            and (unit is None or h.unit == unit)]


@pytest.mark.browser
def test_one_result_per_matching_person_counted_in_people(served, campaigns):
    """Several Nguyễn in one award list: each is a result of their own with their own anchor,
    and the count is of people."""
    status, titles, _, page = run_search(served, "nguyen")
    expected = {honoree_link(h) for h in people(campaigns, "nguyen")}
    shown = [link for link in links(page) if link.startswith("phong-trao/")]
    assert sorted(shown) == sorted(expected)  # each once, and no one else
    assert all("Nguyễn" in t for t in titles if not t.startswith(("Phòng", "Văn phòng")))
    assert status.startswith(f"Tìm thấy {len(expected)} người cho “nguyen”")
    one_list = [h for h in people(campaigns, "nguyen")
                if h.campaign_id == "2024-lang-son-80-nam-nganh-noi-vu" and h.award.name.startswith("Giấy khen")]
    assert len(one_list) >= 2


@pytest.mark.browser
def test_unit_filter_shows_only_that_units_people(served, campaigns):
    status, _, _, page = run_search(served, "nguyen", "&don_vi=" + quote(OFFICE))
    expected = {honoree_link(h) for h in people(campaigns, "nguyen", OFFICE)}
    assert expected and set(links(page)) == expected and len(links(page)) == len(expected)
    assert status.startswith(f"Tìm thấy {len(expected)} người cho “nguyen”")
    _, _, _, page = run_search(served, "", "&don_vi=" + quote(OFFICE))  # no words: Pagefind's lists
    everyone = {honoree_link(h) for c in campaigns for h in c.honorees if unit_key(h) == OFFICE}
    assert set(links(page)) == everyone


@pytest.mark.browser
def test_filter_only_browse(served, campaigns):
    status, titles, _, page = run_search(served, "", "&loai=T%E1%BA%ADp%20th%E1%BB%83&nam=2024")
    assert "Tìm thấy 19 kết quả" in status
    assert page.locator(".search-result__kind").first.inner_text().startswith("Tập thể")
    # Browsing by filters alone counts Pagefind's lists, not people, and the page says so.
    lists = sum(kind == "tap-the" for c in campaigns if c.year == 2024
                for _, parts in by_award(c.honorees) for kind, _ in parts)
    page.focus("#loc-loai")
    page.wait_for_function("() => document.querySelectorAll('#loc-loai option').length > 1")
    options = page.locator("#loc-loai option").all_inner_texts()
    assert f"Tập thể ({lists})" in options and lists < 19
    assert "không phải số người" in page.inner_text("#loc-chu-thich")


@pytest.mark.browser
def test_filters_of_a_search_count_people(served, campaigns):
    """The filters of people found by name count those people, and choosing one keeps them."""
    _, _, _, page = run_search(served, "nguyen", viewport={"width": 1280, "height": 900})
    page.wait_for_function("() => document.querySelectorAll('#loc-nam option').length > 1")
    found = people(campaigns, "nguyen")
    by_year = Counter(str(c.year) for c in campaigns for h in c.honorees if h in found)
    options = page.locator("#loc-nam option").all_inner_texts()
    assert all(f"{year} ({n})" in options for year, n in by_year.items())
    assert "số người" in page.inner_text("#loc-chu-thich")
    page.select_option("#loc-hinh_thuc", label=next(o for o in page.locator("#loc-hinh_thuc option").all_inner_texts()
                                                     if o.startswith("Giấy khen")))
    wait_done(page)
    chosen = page.eval_on_selector("#loc-hinh_thuc", "s => s.value")
    assert set(links(page)) == {honoree_link(h) for h in found if h.award.name == chosen}


@pytest.mark.browser
def test_sort_by_name_in_vietnamese_order(served, campaigns):
    status, titles, _, page = run_search(served, "", "&loai=C%C3%A1%20nh%C3%A2n&sap_xep=name:asc")
    people_ = sorted((h for c in campaigns for h in c.honorees if h.is_person), key=lambda h: person_key(h.name))
    assert status == f"Tìm thấy {len(people_)} kết quả."
    assert titles == [f"{h.honorific} {h.name}".strip() for h in people_[:20]]
    given = [t.split()[-1] for t in titles]
    assert given == sorted(given, key=vi_key)


@pytest.mark.browser
def test_more_results_page_by_page_without_repeats(served, campaigns):
    status, titles, _, page = run_search(served, "van")
    total = int(status.split()[2])
    assert total == len(people(campaigns, "van"))
    assert len(names_shown(page)) == 20 < total
    while page.locator(".search-more").is_visible():
        before = page.locator(".search-result").count()
        page.click(".search-more")
        page.wait_for_function("n => document.querySelectorAll('.search-result').length > n", arg=before)
        wait_done(page)
    shown = [link for link in links(page) if link.startswith("phong-trao/")]
    assert len(shown) == total == len(set(shown))


@pytest.mark.browser
def test_words_elsewhere_than_the_name_are_one_click_further(served, campaigns):
    """A name is looked for as a name: "van long" is Phạm Văn Long. Honorees with the words in
    other places (Châu Văn Tâm, of Phòng Nội vụ huyện Long Phú) come from the texts of the lists,
    when asked for."""
    status, titles, _, page = run_search(served, "van long")
    assert names_shown(page) == ["Phạm Văn Long"]
    assert page.locator(".search-deeper").is_visible()
    page.click(".search-deeper")
    page.wait_for_function("() => document.querySelectorAll('.search-result').length > 1")
    wait_done(page)
    assert page.locator(".search-result__title").all_inner_texts()[:2] == ["Ông Phạm Văn Long", "Ông Châu Văn Tâm"]
    # The status counts what the texts added below the name's result, and says so.
    assert page.inner_text(".search-status").startswith("Thêm 1 kết quả cho “van long” trong nội dung")
    tam = next(h for c in campaigns for h in c.honorees if h.name == "Châu Văn Tâm")
    shown = page.locator(".search-result").nth(1).locator(".search-result__meta").first.inner_text()
    assert shown == ", ".join(filter(None, [tam.position, tam.unit]))  # from the list's tables of texts and units


@pytest.mark.browser
def test_large_archive_counts_people_and_pages_through_them(archive_served):
    base, browser, campaigns = archive_served
    status, titles, requests, page = run_search((base, browser), "nguyen")
    expected = people(campaigns, "nguyen")
    assert status.startswith(f"Tìm thấy {len(expected):,} người cho “nguyen”".replace(",", "."))
    assert len(names_shown(page)) == 20
    assert not [r for r in requests if "/pagefind/" in r and "/ten/" not in r]  # Pagefind not needed
    page.click(".search-more")
    page.wait_for_function("() => document.querySelectorAll('.search-result[data-name]').length >= 40")
    shown = links_from_root(page)
    assert len(shown) == len(set(shown)) >= 40
    assert all(name_matches(n, "nguyen") for n in names_shown(page))


@pytest.mark.browser
def test_large_archive_sorts_by_name_within_a_stated_bound(archive_served):
    base, browser, campaigns = archive_served
    status, titles, _, page = run_search((base, browser), "", "&loai=C%C3%A1%20nh%C3%A2n&sap_xep=name:asc")
    assert "Chỉ xếp theo tên" in status and "danh sách đầu tiên" in status
    people_ = [h for c in campaigns for h in c.honorees if h.is_person]
    names = [t.split(" ", 1)[1] if t.split()[0] in ("Ông", "Bà") else t for t in titles]
    assert names == sorted(names, key=person_key)
    assert names[0] == min((h.name for h in people_), key=person_key)  # the lists with the first names are read


def links_from_root(page) -> list[str]:
    return [href.split("/", 3)[3] for href in
            page.locator(".search-result__title").evaluate_all("links => links.map(a => a.href)")]


def indexed_words(records, folder: Path) -> int:
    """How many words Pagefind says it indexed from the records' stubs."""
    write_stubs(records, folder / "stubs")
    said = subprocess.run([*pagefind_binary(), "--site", str(folder / "stubs"), "--output-path", str(folder / "out"),
                           "--force-language", "vi"], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Indexed (\d+) words?", said).group(1))


def test_the_search_page_reads_the_digits_the_index_is_written_with():
    script = (ROOT / "overrides" / "assets" / "search.js").read_text(encoding="utf-8")
    assert re.search(r'var UNSEARCHABLE_DIGITS = "([^"]+)"', script).group(1) == search.UNSEARCHABLE_DIGITS


def test_what_a_result_shows_is_not_searched(campaigns, tmp_path, monkeypatch):
    """What a result shows (its address phong-trao/…, the honorees' positions and units, the
    keys of its data) travels beside the index: Pagefind indexes not one word more from it
    than from no metadata at all, so "phong" or "chuyên viên" do not find every list."""
    records = build_records(campaigns, TODAY, [])
    with_data = indexed_words(records, tmp_path / "a")
    monkeypatch.setattr(search, "unsearchable", lambda text: "")
    assert with_data == indexed_words(records, tmp_path / "b") > 100
    monkeypatch.setattr(search, "unsearchable", lambda text: text)  # as plain text, it would be indexed
    assert indexed_words(records, tmp_path / "c") > with_data


@pytest.mark.browser
def test_no_search_index_loaded_by_other_pages(served):
    base, browser = served
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base)
    page.goto(base + "phong-trao/2024-lang-son-80-nam-nganh-noi-vu/")
    assert not [r for r in requests if "/pagefind/" in r]


@pytest.mark.browser
def test_header_search_box_leads_to_results(served):
    base, browser = served
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(base + "phong-trao/")
    page.fill("#portal-q", "hong nhung")
    page.press("#portal-q", "Enter")
    page.wait_for_selector(".search-result__title", timeout=15000)
    assert page.locator(".search-result__title").first.inner_text() == "Bà Nguyễn Thị Hồng Nhung"
    assert page.locator(".search-status").get_attribute("aria-live") == "polite"


@pytest.mark.browser
def test_hand_written_pages_are_found(served):
    """Their text is indexed from the Markdown (the index is built while MkDocs renders), with
    accent-free spellings of its đ words: "Nghị định 13/2023/NĐ-CP"."""
    status, titles, _, page = run_search(served, "nghi dinh")
    assert "Giới thiệu" in titles
    assert "gioi-thieu/" in links(page)


# --- each way of typing a name ------------------------------------------------------------------

def meant(page) -> str | None:
    box = page.locator(".search-meant")
    return box.inner_text() if box.is_visible() else None


@pytest.mark.browser
@pytest.mark.parametrize("query", ["Nguyễn Văm An", "nguyen vab an", "Nguyễn Văn Aan"])
def test_one_wrong_or_missing_letter_is_corrected_and_said(served, query):
    _, titles, _, page = run_search(served, query)
    assert titles[:2] == ["Ông Nguyễn Văn An", "Ông Nguyễn Văn An"]
    assert meant(page) == "Kết quả cho “Nguyễn Văn An”"


@pytest.mark.browser
def test_a_missing_letter_in_a_given_name(served):
    _, titles, _, page = run_search(served, "nguyen thi hong nhng")
    assert titles[0] == "Bà Nguyễn Thị Hồng Nhung" and meant(page) == "Kết quả cho “Nguyễn Thị Hồng Nhung”"


@pytest.mark.browser
@pytest.mark.parametrize("query, name", [("nguyeenx vawn an", "Nguyễn Văn An"), ("nguyeexn vawn an", "Nguyễn Văn An"),
                                         ("ddawngj vawn dduwcs", "Đặng Văn Đức"), ("d9a8ng5 va8n d9u7c1", "Đặng Văn Đức"),
                                         ("nguye6n4 thi5 ho62ng nhung", "Nguyễn Thị Hồng Nhung")])
def test_telex_and_vni_typed_without_an_input_method(served, query, name):
    _, _, _, page = run_search(served, query)
    assert names_shown(page)[0] == name and meant(page) == f"Kết quả cho “{name}”"


@pytest.mark.browser
@pytest.mark.parametrize("query, name", [("nguyen nhung", "Nguyễn Thị Hồng Nhung"), ("dang duc", "Đặng Văn Đức"),
                                         ("Trần Ngọc", "Trần Thị Bảo Ngọc")])
def test_family_and_given_name(served, query, name):
    _, _, _, page = run_search(served, query)
    assert name in names_shown(page)[:5]
    assert meant(page) is None  # nothing was corrected


@pytest.mark.browser
def test_a_unit_by_its_name(served):
    _, titles, _, page = run_search(served, "phong noi vu huyen cao loc")
    assert titles[0] == "Phòng Nội vụ huyện Cao Lộc"
    assert page.locator(".search-result").first.get_attribute("data-kind") == "Đơn vị"


@pytest.mark.browser
def test_tone_marks_rank_the_exact_spelling_first(archive_served):
    base, browser, campaigns = archive_served
    hung = [h.name for c in campaigns for h in c.honorees if h.is_person and fold(h.name) == "le van hung"]
    assert {"Lê Văn Hưng", "Lê Văn Hùng"} <= set(hung)
    for typed, first in (("Lê Văn Hưng", "Lê Văn Hưng"), ("Lê Văn Hùng", "Lê Văn Hùng")):
        _, _, _, page = run_search((base, browser), typed, "&sap_xep=")
        shown = [n for n in names_shown(page) if fold(n) == "le van hung"]
        exact = hung.count(first)
        assert shown[:min(exact, 3)] == [first] * min(exact, 3)
    _, _, _, page = run_search((base, browser), "le van hung")
    status = page.inner_text(".search-status")
    assert status.startswith(f"Tìm thấy {len(people(campaigns, 'le van hung'))} người")


@pytest.mark.browser
def test_do_is_a_name_word_not_part_of_an_award(archive_served):
    base, browser, campaigns = archive_served
    _, _, _, page = run_search((base, browser), "do duy")
    shown = names_shown(page)
    assert shown and all(name_matches(n, "do duy") for n in shown)
    assert len(shown) == min(20, len(people(campaigns, "do duy")))


@pytest.mark.browser
def test_a_namesake_group_opens_with_filters_newest_first(archive_served):
    base, browser, campaigns = archive_served
    counts = Counter(h.name for c in campaigns for h in c.honorees if h.is_person)
    name, n = next((name, n) for name, n in counts.most_common() if 4 <= n <= 20)
    _, _, _, page = run_search((base, browser), name)
    assert names_shown(page)[:3] == [name] * 3 and names_shown(page)[3:4] != [name]
    group = page.locator(".search-group a").first
    assert group.inner_text().startswith(f"Xem tất cả {n} người tên {name}")
    page.set_viewport_size({"width": 1280, "height": 900})
    group.click()
    wait_done(page)
    assert names_shown(page) == [name] * n
    years = [int(t.rsplit("(", 1)[1].rstrip(")")) for t in
             page.locator(".search-result").evaluate_all("ls => ls.map(l => l.lastElementChild.textContent)")]
    assert years == sorted(years, reverse=True)
    assert page.inner_text(".search-status").startswith(f"Tìm thấy {n} người tên “{name}”")
    page.wait_for_function("() => document.querySelectorAll('#loc-nam option').length > 1")
    counted = [int(o.rsplit("(", 1)[1].rstrip(")")) for o in page.locator("#loc-nam option").all_inner_texts()[1:]]
    assert sum(counted) == n


@pytest.mark.browser
def test_the_first_result_is_in_view_on_a_phone(served):
    _, _, _, page = run_search(served, "nguyen thi hong nhung", viewport={"width": 360, "height": 640})
    box = page.locator(".search-result").first.bounding_box()
    assert box and box["y"] + box["height"] <= 640


@pytest.mark.browser
def test_the_header_box_on_the_search_page_searches_in_place(served):
    _, _, _, page = run_search(served, "nguyen", viewport={"width": 390, "height": 800})
    page.evaluate("window.__samePage = true")
    page.fill("#portal-q", "hong nhung")
    page.press("#portal-q", "Enter")
    page.wait_for_function("() => document.querySelector('.search-status').textContent.includes('hong nhung')")
    wait_done(page)
    assert names_shown(page)[0] == "Nguyễn Thị Hồng Nhung"
    assert page.evaluate("window.__samePage") and "q=hong+nhung" in page.url


@pytest.mark.browser
def test_touching_the_header_box_on_another_page_warms_the_search(served):
    """On any page but the search page, focusing the header's search box fetches the search page
    and the names index ahead of the first query; the page loads no search script until then."""
    base, browser = served
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{base}phong-trao/")
    page.wait_for_load_state("load")
    assert not any("tim-kiem/" in url or "pagefind/" in url or "search.js" in url for url in requests)
    page.focus("#portal-q")
    page.wait_for_function("() => document.querySelectorAll('link[rel=prefetch]').length == 2")
    page.wait_for_timeout(300)
    assert any(url.endswith("/tim-kiem/") for url in requests)
    assert any(url.endswith("/pagefind/ten/index.json") for url in requests)
    page.close()
