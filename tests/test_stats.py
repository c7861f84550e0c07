"""The statistics (stats.py, statsview.py): figures checked against counts made here, independently,
from the published data files; publication respected; the page, its charts and its data agree; the
page passes axe at 390 and 1280 px and has no horizontal scroll."""
from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

from browser import chromium, serious_violations, serve
from helpers import write_campaign
from benchmarks import refdata
from thidua.awards import precedence
from thidua.build import build
from thidua.site import build_site, forget
from thidua.statsview import percent
from thidua.wording import number_vn as number
from thidua.text import slug, vi_key

TYPES = ("tap-the", "ca-nhan")
SECTIONS = ("by_year", "by_award", "by_type", "by_signer", "by_issuer", "by_unit")


# --- counting again, from the data files only ------------------------------------------------

def recount(honorees: list[dict], campaigns: list[dict]) -> dict:
    """Every figure, counted from data/honorees.json and data/campaigns.json alone:
    {section: {key: (campaigns, collectives, individuals, total)}}, plus totals."""
    issuer = {c["id"]: c["issuer"] for c in campaigns}
    counts: dict[str, dict] = {s: defaultdict(Counter) for s in SECTIONS}
    seen: dict[str, dict] = {s: defaultdict(set) for s in SECTIONS}

    def add(section, key, h):
        counts[section][key][h["type"]] += 1
        seen[section][key].add(h["campaign"])

    for h in honorees:
        add("by_year", str(h["year"]), h)
        add("by_award", h["award"], h)
        add("by_type", h["type"], h)
        add("by_signer", (h["decision"] or {}).get("signer", ""), h)
        add("by_issuer", issuer[h["campaign"]], h)
        spellings = [h["unit"]] if h["unit"] else []
        if h["type"] == "tap-the" and h["name"] != h["unit"]:
            spellings.append(h["name"])  # a collective is a unit of its own, as on the unit pages
        for spelling in spellings:  # a unit is known by its issuing body and its name
            add("by_unit", f"{slug(issuer[h['campaign']])}/{slug(spelling)}", h)
    # A year or an issuer counts all its campaigns, honoured or not.
    all_campaigns = {"by_year": Counter(str(c["year"]) for c in campaigns),
                     "by_issuer": Counter(c["issuer"] for c in campaigns)}
    result = {}
    for section in SECTIONS:
        keys = set(counts[section]) | set(all_campaigns.get(section, {}))
        result[section] = {
            k: (all_campaigns[section][k] if section in all_campaigns else len(seen[section][k]),
                counts[section][k]["tap-the"], counts[section][k]["ca-nhan"], sum(counts[section][k].values()))
            for k in keys}
    result["totals"] = {"total": len(honorees), "collectives": sum(h["type"] == "tap-the" for h in honorees),
                        "individuals": sum(h["type"] == "ca-nhan" for h in honorees), "campaigns": len(campaigns),
                        "campaigns_with_honours": len({h["campaign"] for h in honorees}),
                        "decisions": len({(h["campaign"], h["decision"]["number"]) for h in honorees if h["decision"]})}
    return result


def as_counts(figures: dict, section: str) -> dict:
    return {r["key"]: (r["campaigns"], r["collectives"], r["individuals"], r["total"])
            for r in figures.get(section, [])}


def check_figures(figures: dict, honorees: list[dict], campaigns: list[dict]) -> None:
    expected = recount(honorees, campaigns)
    for section in SECTIONS:
        assert as_counts(figures, section) == expected[section], section
    for key, value in expected["totals"].items():
        assert figures["totals"][key] == value, key
    # Orders: years in time, award forms by precedence, the rest by honours.
    assert [r["year"] for r in figures["by_year"]] == sorted(int(k) for k in expected["by_year"])
    assert [r["key"] for r in figures["by_award"]] == sorted(expected["by_award"],
                                                             key=lambda a: (precedence(a), vi_key(a)))
    for section in ("by_signer", "by_issuer", "by_unit"):
        totals = [r["total"] for r in figures[section]]
        assert totals == sorted(totals, reverse=True), section
    assert [r["key"] for r in figures["by_type"]] == list(TYPES)


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith("\ufeff".encode("utf-8"))
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def check_csv_matches_json(figures: dict, table: bytes, quotas: bytes) -> None:
    names = {"by_year": "nam", "by_award": "hinh-thuc", "by_type": "loai", "by_signer": "co-quan-quyet-dinh",
             "by_issuer": "co-quan-phat-dong", "by_unit": "don-vi"}
    rows = read_csv(table)
    for section, name in names.items():
        mine = [(r["Mã"], r["Tên"], int(r["Số phong trào"]), int(r["Tập thể"]), int(r["Cá nhân"]), int(r["Tổng"]))
                for r in rows if r["Bảng"] == name]
        assert mine == [(r["key"], r["label"], r["campaigns"], r["collectives"], r["individuals"], r["total"])
                        for r in figures[section]], section
    lines = [(r["Mã phong trào"], r["Hình thức khen thưởng"], r["Loại"], int(r["Số lượng theo kế hoạch"]),
              int(r["Đã khen thưởng"])) for r in read_csv(quotas)]
    labels = {"tap-the": "Tập thể", "ca-nhan": "Cá nhân"}
    assert lines == [(q["campaign"], q["award"], labels[q["type"]], q["quota"], q["awarded"])
                     for q in figures["quotas"]]


def check_page_shows_the_figures(page: str, figures: dict) -> None:
    """Each table row of the statistics page prints the data file's numbers, Vietnamese style."""
    total = figures["totals"]["total"]
    sections = {"by_year": 1000, "by_award": 1000, "by_type": 1000, "by_signer": 11, "by_issuer": 11, "by_unit": 10}
    for section, shown in sections.items():
        for r in figures[section][:shown]:
            cells = [r["campaigns"], r["collectives"], r["individuals"], r["total"]]
            row = "".join(f'<td class="tk-num">{number(v)}</td>' for v in cells)
            if section != "by_unit":
                row += f'<td class="tk-num">{percent(r["total"], total)}</td>'
            label = html.escape(r["label"], quote=False)
            assert re.search(rf'<th scope="row">(<a href="[^"]+">)?{re.escape(label)}(</a>)?</th>{re.escape(row)}',
                             page), (section, r)
            assert f"{label}: <tspan class=\"tk-value\">{number(r['total'])}</tspan>" in page or \
                f"<tspan class=\"tk-value\">{number(r['total'])}</tspan>" in page


# --- the example site ------------------------------------------------------------------------

@pytest.fixture(scope="session")
def site(example_site):
    return example_site


def _json(site: Path, path: str):
    return json.loads((site / path).read_text(encoding="utf-8"))


def test_example_figures_match_counts_from_the_honoree_data(site):
    figures = _json(site, "data/thong-ke.json")
    honorees, campaigns = _json(site, "data/honorees.json"), _json(site, "data/campaigns.json")
    check_figures(figures, honorees, campaigns)
    assert figures["totals"]["total"] == 76 and figures["as_of"] == "2025-09-01" and figures["totals"]["example"]
    check_csv_matches_json(figures, (site / "data/thong-ke.csv").read_bytes(),
                           (site / "data/thong-ke-chi-tieu.csv").read_bytes())
    assert all(r["url"].startswith("/thi-dua/don-vi/") and (site / r["url"][len("/thi-dua/"):]).is_dir()
               for r in figures["by_unit"])


def test_example_page_shows_the_data_file(site):
    page = (site / "thong-ke/index.html").read_text(encoding="utf-8")
    figures = _json(site, "data/thong-ke.json")
    check_page_shows_the_figures(page, figures)
    assert "76 lượt khen thưởng: 19 tập thể, 57 cá nhân" in page and "Có dữ liệu minh họa" in page
    assert "<script" not in page[page.index('<article'):page.index('</article>')]
    for svg in re.findall(r"<svg class=\"tk-chart\".*?</svg>", page, re.S):
        assert "href" not in svg and "url(" not in svg and "<image" not in svg  # nothing fetched
    charts, tables = page.count('class="tk-chart"'), page.count('class="tk-table"')
    assert charts == tables == 6  # every chart has its table


def test_the_page_is_in_the_navigation(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="thong-ke/"[^>]*>\s*Thống kê\s*</a>', home)
    assert "thong-ke/" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_blocks_on_campaign_year_and_unit_pages(site):
    figures = _json(site, "data/thong-ke.json")
    honorees = _json(site, "data/honorees.json")
    lang_son = [h for h in honorees if h["campaign"] == "2024-lang-son-80-nam-nganh-noi-vu"]
    page = (site / "phong-trao/2024-lang-son-80-nam-nganh-noi-vu/index.html").read_text(encoding="utf-8")
    start = page.index('<section class="tk-block"')
    block = page[start:page.index("</section>", start)]
    kinds = Counter(h["type"] for h in lang_son)
    assert f"Phong trào có {len(lang_son)} lượt khen thưởng đã công bố: {kinds['tap-the']} tập thể, " \
           f"{kinds['ca-nhan']} cá nhân." in block
    for award, n in Counter(h["award"] for h in lang_son).items():
        assert f"{award}: <tspan class=\"tk-value\">{n}</tspan>" in block
    assert 'href="#thong_ke"' in page  # in the table of contents
    assert page.index('id="thong_ke"') < page.index('id="danh-sach-khen-thuong"')
    year = (site / "nam/2024/index.html").read_text(encoding="utf-8")
    row = next(r for r in figures["by_year"] if r["year"] == 2024)
    assert f"Các phong trào năm 2024 có {number(row['total'])} lượt khen thưởng đã công bố" in year
    unit = next(r for r in figures["by_unit"] if r["total"] > 1)
    page = (site / "don-vi" / unit["key"] / "index.html").read_text(encoding="utf-8")
    assert f"có {number(unit['total'])} lượt khen thưởng đã công bố: {number(unit['collectives'])} tập thể, " \
           f"{number(unit['individuals'])} cá nhân." in page
    # A campaign with no honours has no block.
    assert "tk-block" not in (site / "phong-trao/2023-lang-son-nhiem-vu-nganh-noi-vu/index.html").read_text("utf-8")


# --- a generated archive ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("ref")
    refdata.generate_archive(root, 2500, 11)
    return root


def _files(site) -> dict[str, bytes]:
    return dict(site.archive_files())


def _read_yaml(generated: Path) -> list[tuple[dict, dict]]:
    out = []
    for folder in sorted((generated / "campaigns").iterdir()):
        listing = folder / "honorees.yml"
        out.append((yaml.safe_load((folder / "campaign.yml").read_text(encoding="utf-8")),
                    yaml.safe_load(listing.read_text(encoding="utf-8")) if listing.exists() else {}))
    return out


def test_generated_archive_figures_match_counts_from_the_honoree_data(generated):
    archive = _read_yaml(generated)
    # The day of the last campaign's first decision: its later decisions are not published yet.
    today = min(d["date"] for d in archive[-1][1]["decisions"])
    forget()
    site = build_site(generated / "campaigns", today, "Thử", "Sở Nội vụ", "https://example.gov.vn/thi-dua/")
    files = _files(site)
    figures = json.loads(files["data/thong-ke.json"])
    honorees, campaigns = json.loads(files["data/honorees.json"]), json.loads(files["data/campaigns.json"])
    assert len(figures["by_award"]) > 5 and len(figures["by_unit"]) > 100 and len(figures["by_year"]) == 20
    check_figures(figures, honorees, campaigns)
    check_csv_matches_json(figures, files["data/thong-ke.csv"], files["data/thong-ke-chi-tieu.csv"])
    assert figures == site.figures | {k: figures[k] for k in ("by_year", "by_unit", "quotas")}  # the same count

    # Publication, counted from the YAML files themselves: decisions dated later are not counted.
    published, later = 0, 0
    quotas, given = [], Counter()
    for plan, data in archive:
        if plan["document"]["date"] > today:
            continue  # a plan signed later: not published at all
        dates = {d["number"]: d["date"] for d in data.get("decisions", [])}
        for h in data.get("honorees", []):
            if dates[h["decision"]] <= today:
                published += 1
                given[(plan["id"], h["award"], h["type"])] += 1
            else:
                later += 1
        for form in plan["facts"].get("awards", []):
            for kind in TYPES:
                quota = form.get("quota_collective" if kind == "tap-the" else "quota_individual")
                if quota is not None:
                    quotas.append((plan["id"], form["name"], kind, quota, given[(plan["id"], form["name"], kind)]))
    assert later > 0 and figures["totals"]["total"] == published
    assert [(q["campaign"], q["award"], q["type"], q["quota"], q["awarded"]) for q in figures["quotas"]] == quotas


def test_generated_archive_blocks_match_counts_from_the_honoree_data(generated):
    """The blocks on unit, year and campaign pages, counted again from data/honorees.json."""
    forget()
    site = build_site(generated / "campaigns", dt.date(2026, 6, 30), "Thử", "Sở Nội vụ", "/thi-dua/")
    honorees = json.loads(_files(site)["data/honorees.json"])
    issuer = {c["id"]: c["issuer"] for c in json.loads(_files(site)["data/campaigns.json"])}
    by_unit: dict[str, list[dict]] = defaultdict(list)
    for h in honorees:
        spellings = [h["unit"]] if h["unit"] else []
        if h["type"] == "tap-the" and h["name"] != h["unit"]:
            spellings.append(h["name"])
        for spelling in spellings:
            by_unit[f"{slug(issuer[h['campaign']])}/{slug(spelling)}"].append(h)
    bodies = {p.path: p for p in site.pages}

    def expect(page: str, listed: list[dict], years: bool) -> None:
        for award in {h["award"] for h in listed}:
            mine = Counter(h["type"] for h in listed if h["award"] == award)
            row = re.search(rf'<th scope="row">{re.escape(html.escape(award, quote=False))}</th>'
                            rf'((?:<td class="tk-num">[^<]*</td>)+)', page)
            assert row, award
            cells = re.findall(r'<td class="tk-num">([^<]*)</td>', row.group(1))
            assert cells[-4:-1] == [number(mine["tap-the"]), number(mine["ca-nhan"]), number(sum(mine.values()))]
        kinds = Counter(h["type"] for h in listed)
        assert f"có {number(len(listed))} lượt khen thưởng đã công bố: {number(kinds['tap-the'])} tập thể, " \
               f"{number(kinds['ca-nhan'])} cá nhân." in page
        per_year = sorted(Counter(h["year"] for h in listed).items())
        if years and len(per_year) > 1:
            assert "Theo năm: " + "; ".join(f'<span class="tk-year">{y}: <strong>{number(n)}</strong></span>'
                                            for y, n in per_year) + "." in page

    units = sorted(by_unit, key=lambda k: -len(by_unit[k]))
    for key in units[:5] + units[-5:]:
        expect(bodies[f"don-vi/{key}/"].body, by_unit[key], years=True)
    for year in sorted({h["year"] for h in honorees})[:3]:
        expect(bodies[f"nam/{year}/"].body, [h for h in honorees if h["year"] == year], years=False)
    for cid in sorted({h["campaign"] for h in honorees})[:3]:
        expect(bodies[f"phong-trao/{cid}/"].body, [h for h in honorees if h["campaign"] == cid], years=False)
    forget()


def test_generated_archive_page_shows_the_data_file(generated):
    forget()
    site = build_site(generated / "campaigns", dt.date(2026, 6, 30), "Thử", "Sở Nội vụ", "/thi-dua/")
    page = next(p for p in site.pages if p.path == "thong-ke/").body
    figures = json.loads(_files(site)["data/thong-ke.json"])
    check_page_shows_the_figures(page, figures)
    assert f"{number(figures['totals']['total'])} lượt khen thưởng" in page
    others = len(figures["by_signer"]) - 11
    assert f"Các cơ quan khác ({others})" in page


# --- publication, quotas and numbers on a small archive written here -------------------------

PLAN = """\
id: {id}
title: Phong trào thử {id}
issuer:
  name: {issuer}
document:
  date: {date}
body:
  - text: Phát huy tinh thần thi đua.
facts:
  period:
    start: 2025-01-01
    end: 2025-06-30
  awards:
    - name: Giấy khen của Giám đốc Sở Nội vụ
      quota_individual: 1
    - name: Bằng khen của Chủ tịch UBND tỉnh
      quota_collective: 2
signer:
  title: GIÁM ĐỐC
  name: Nguyễn Văn Ký
"""
LISTING = """\
decisions:
  - {number: 1/QĐ-SNV, date: 2025-07-20, signer: Giám đốc Sở Nội vụ}
  - {number: 2/QĐ-UBND, date: 2025-12-20, signer: Chủ tịch UBND tỉnh}
honorees:
  - {type: ca-nhan, name: Trần Văn An, unit: Phòng Một, award: Giấy khen của Giám đốc Sở Nội vụ, decision: 1/QĐ-SNV}
  - {type: ca-nhan, name: Lê Thị Bình, unit: Phòng Một, award: Giấy khen của Giám đốc Sở Nội vụ, decision: 1/QĐ-SNV}
  - {type: tap-the, name: Phòng Hai, award: Bằng khen của Chủ tịch UBND tỉnh, decision: 2/QĐ-UBND}
  - {type: ca-nhan, name: Ngô Văn Chưa, unit: Phòng Hai, award: Bằng khen của Chủ tịch UBND tỉnh, decision: 2/QĐ-UBND}
"""


def test_drafts_future_plans_and_future_decisions_are_not_counted(tmp_path):
    root = tmp_path / "campaigns"
    write_campaign(root, "mot", PLAN.format(id="mot", issuer="Sở Nội vụ tỉnh Thử", date="2025-01-02"), LISTING)
    write_campaign(root, "nhap", PLAN.format(id="nhap", issuer="Sở Bí Mật", date="2025-01-02"), LISTING,
                   extra="draft: true\n")
    write_campaign(root, "sau", PLAN.format(id="sau", issuer="Sở Tương Lai", date="2025-10-01"), LISTING)
    forget()
    site = build_site(root, dt.date(2025, 9, 1), "Thử", "Sở Nội vụ")
    f = site.figures
    assert (f["totals"]["total"], f["totals"]["campaigns"], f["totals"]["decisions"]) == (2, 1, 1)
    assert [r["key"] for r in f["by_issuer"]] == ["Sở Nội vụ tỉnh Thử"]
    assert as_counts(f, "by_award") == {"Giấy khen của Giám đốc Sở Nội vụ": (1, 0, 2, 2)}
    # The quota lines: 2 individuals against 1 (over), no collective yet against 2.
    assert [(q["award"], q["type"], q["quota"], q["awarded"]) for q in f["quotas"]] == [
        ("Giấy khen của Giám đốc Sở Nội vụ", "ca-nhan", 1, 2), ("Bằng khen của Chủ tịch UBND tỉnh", "tap-the", 2, 0)]
    text = "".join(p.body for p in site.pages) + "".join(d.decode("utf-8", "replace") for _, d in site.all_files())
    assert "Ngô Văn Chưa" not in text and "Sở Bí Mật" not in text and "Sở Tương Lai" not in text
    campaign = next(p for p in site.pages if p.path == "phong-trao/mot/").body
    assert "2/1, vượt 1" in campaign and "0/2" in campaign
    assert "Kế hoạch nêu số lượng cho 2 hình thức và đối tượng: 0 đạt đúng, 1 thấp hơn, 1 vượt số lượng." in campaign
    # On the day of the second decision, it and its honorees count.
    forget()
    later = build_site(root, dt.date(2025, 12, 20), "Thử", "Sở Nội vụ").figures
    assert later["totals"]["total"] == 4 + 4  # "sau" is signed by then, and both decisions are out
    forget()


def test_vietnamese_numbers():
    assert [number(n) for n in (0, 7, 999, 1000, 12345, 100000, 1234567)] == \
        ["0", "7", "999", "1.000", "12.345", "100.000", "1.234.567"]
    assert (percent(1, 3), percent(1, 2), percent(2, 3), percent(0, 0), percent(9371, 100000)) == \
        ("33,3%", "50%", "66,7%", "0%", "9,4%")


# --- in the browser --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def generated_site(generated, tmp_path_factory):
    out = tmp_path_factory.mktemp("refsite") / "thi-dua"
    build(generated / "mkdocs.yml", out, today=dt.date(2026, 6, 30), site_url="https://example.gov.vn/thi-dua/")
    return out


def _quota_campaign(site: Path) -> str:
    figures = _json(site, "data/thong-ke.json")
    return f"phong-trao/{figures['quotas'][0]['campaign']}/"


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_axe_and_layout_at_both_widths(site, generated_site, width):
    serious = []
    pages = [(site, "thong-ke/"), (generated_site, "thong-ke/"), (generated_site, _quota_campaign(generated_site))]
    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": 900})
        for root, path in pages:
            with serve(root.parent) as base:
                page.goto(f"{base}thi-dua/{path}")
                assert page.evaluate("document.documentElement.scrollWidth") <= width, path  # no sideways scroll
                # Each chart's labels fit inside it (the phone shows the short labels).
                overflow = page.evaluate("""[...document.querySelectorAll('svg.tk-chart')].flatMap(svg => {
                    const box = svg.getBoundingClientRect();
                    return [...svg.querySelectorAll('text')].filter(t => t.getBBox().width > 0
                        && t.getBoundingClientRect().right > box.right + 1).map(t => t.textContent); })""")
                assert overflow == [], (path, overflow)
                serious += serious_violations(page, path)
    assert serious == [], "\n".join(map(str, serious))


@pytest.mark.browser
def test_charts_print(site):
    with serve(site.parent) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}thi-dua/thong-ke/")
        page.emulate_media(media="print")
        heights = page.evaluate("[...document.querySelectorAll('svg.tk-chart')]"
                                ".map(s => s.getBoundingClientRect().height)")
        assert len(heights) == 6 and min(heights) > 50
        assert page.pdf(format="A4")[:4] == b"%PDF"
