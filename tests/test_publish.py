"""What the department publishes outward: feeds, the embeddable block, print views, robots."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess

import feedparser
import pytest

from browser import chromium, serve
from conftest import ROOT
from thidua.build import build

LANG_SON = "2024-lang-son-80-nam-nganh-noi-vu"


@pytest.fixture(scope="session")
def site(example_site):
    return example_site


@pytest.mark.parametrize("name,version", [("feed.xml", "rss20"), ("atom.xml", "atom10")])
def test_feeds_parse_with_a_real_feed_parser(site, name, version):
    feed = feedparser.parse((site / name).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    titles = [e.title for e in feed.entries]
    assert "Quyết định khen thưởng số 1234/QĐ-TTg (Phát động phong trào thi đua đặc biệt lập thành tích chào mừng " \
           "kỷ niệm 80 năm Ngày thành lập ngành Tổ chức Nhà nước…)" in titles or any("1234/QĐ-TTg" in t for t in titles)
    assert all(e.link.startswith("https://example.gov.vn/thi-dua/phong-trao/") for e in feed.entries)
    dates = [e.get("published_parsed") or e.get("updated_parsed") for e in feed.entries]
    assert dates == sorted(dates, reverse=True)


def test_json_feed_follows_version_1_1(site):
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1" and feed["title"] and feed["language"] == "vi"
    assert feed["feed_url"] == "https://example.gov.vn/thi-dua/feed.json"
    assert feed["items"] and all(i["id"] and i["url"] and i["content_text"] for i in feed["items"])
    assert [i["date_published"] for i in feed["items"]] == sorted((i["date_published"] for i in feed["items"]),
                                                                  reverse=True)


def test_embed_block_needs_no_script_and_links_out_of_the_frame(site):
    for name in ("nhung/index.html", "nhung/doan-ma.html"):
        html = (site / name).read_text(encoding="utf-8")
        assert "<script" not in html
        assert "Mới được khen thưởng" in html
        links = re.findall(r'<a href="([^"]+)" target="_top">([^<]+)</a>', html)
        assert len(links) == 8 and all(url.startswith("https://example.gov.vn/thi-dua/") for url, _ in links)
        newest = {(h["honorific"] + " " + h["name"]).strip() for h in json.loads((site / "data/honorees.json").read_text())
                  if h["decision"]["number"] == "312/QĐ-SNV"}  # the latest decision, 26/08/2025
        assert links[0][1] in newest
    assert "<style>" in (site / "nhung/doan-ma.html").read_text(encoding="utf-8")  # pasted fragments carry their look


def test_link_previews_and_canonical(site):
    html = (site / f"phong-trao/{LANG_SON}/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="https://example.gov.vn/thi-dua/phong-trao/{LANG_SON}/">' in html
    assert '<meta property="og:title" content="Phát động phong trào thi đua đặc biệt' in html
    assert '<meta name="twitter:card"' in html and '<meta name="description"' in html
    assert "Sitemap: https://example.gov.vn/thi-dua/sitemap.xml" in (site / "robots.txt").read_text()
    assert f"https://example.gov.vn/thi-dua/phong-trao/{LANG_SON}/" in (site / "sitemap.xml").read_text()


@pytest.mark.browser
def test_print_view_is_an_a4_appendix(site, tmp_path):
    with serve(site) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(f"{base}phong-trao/{LANG_SON}/in/5678-qd-bnv/")
        assert page.locator("nav, header.md-header, .md-sidebar").count() == 0
        pdf = tmp_path / "qd.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)
    assert pdf_pages(pdf) in (1, 2)
    assert "A4" in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    first = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "DANH SÁCH" in first
    assert "(Kèm theo Quyết định số 5678/QĐ-BNV ngày 20/08/2025 của Bộ trưởng Bộ Nội vụ)" in first
    assert re.search(r"Trang 1/[12]", first) and "Ông Đặng Văn Đức" in first


@pytest.mark.browser
def test_the_plan_prints_as_the_signed_document_on_a4(site, tmp_path):
    """The plan's own print view: heading block, type and title, the text in order, then the
    recipients and the signature, page numbers below; nothing of the portal's."""
    with serve(site) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(f"{base}phong-trao/2024-soc-trang-80-nam-bo-noi-vu/van-ban/")
        assert page.locator("header.md-header, .md-sidebar, .facts-box").count() == 0
        pdf = tmp_path / "ke-hoach.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)
    assert "A4" in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = pdf_pages(pdf)
    assert 3 <= pages <= 7
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    first, last = text.split("\f")[0], text.rstrip("\f").split("\f")[-1]
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: /KH-SNV", "KẾ HOẠCH",
                 "I. MỤC ĐÍCH, YÊU CẦU", "Trang 1/"):
        assert line in first, line
    assert "Nơi nhận:" in last and "Trần Phước Vĩnh" in last and f"Trang {pages}/{pages}" in last
    assert "Thông tin chính" not in text and "Tải về" not in text


@pytest.mark.browser
def test_whole_campaign_print_view_page_count(site, tmp_path):
    with serve(site) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(f"{base}phong-trao/{LANG_SON}/in/")
        pdf = tmp_path / "all.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)
    assert 3 <= pdf_pages(pdf) <= 8  # three decisions, each starting a new page


def pdf_pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


@pytest.mark.browser
def test_old_campaign_address_forwards_to_the_new_one(tmp_path):
    import shutil
    from helpers import write_campaign
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", "site", ".git", "tests", ".site-*"))
    write_campaign(project / "campaigns", "ten-moi", extra="former_ids: [ten-cu]\n")
    out = tmp_path / "site"
    build(project / "mkdocs.yml", out, today=dt.date(2025, 9, 1))
    with serve(out) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(base + "phong-trao/ten-cu/#mot-nguoi")
        page.wait_for_url(base + "phong-trao/ten-moi/#mot-nguoi")
        assert "Phong trào thi đua thử nghiệm ten-moi" in page.title()


def test_every_honoree_is_in_the_csv_xlsx_and_json_with_identical_text(site):
    import csv
    import io

    import openpyxl

    from thidua.load import load_archive
    archive, _ = load_archive(ROOT / "campaigns")
    expected = sorted((h.name, h.honorific, h.position, h.unit, h.award.name, h.citation, h.decision.number)
                      for c in archive.published for h in c.honorees)
    rows = list(csv.DictReader(io.StringIO((site / "data/honorees.csv").read_bytes().decode("utf-8-sig"))))
    from_csv = sorted((r["Họ và tên"], r["Danh xưng"], r["Chức vụ"], r["Đơn vị"], r["Hình thức khen thưởng"],
                       r["Tóm tắt thành tích"], r["Số quyết định"]) for r in rows)
    assert (site / "data/honorees.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert from_csv == expected
    sheet = openpyxl.load_workbook(io.BytesIO((site / "data/honorees.xlsx").read_bytes()), read_only=True).active
    values = [[("" if v is None else v) for v in row] for row in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, row in enumerate(values) if "Họ và tên" in row)
    header = values[header_at]
    records = [dict(zip(header, row)) for row in values[header_at + 1:] if any(row)]
    from_xlsx = sorted((r["Họ và tên"], r["Danh xưng"], r["Chức vụ"], r["Đơn vị"], r["Hình thức khen thưởng"],
                        r["Tóm tắt thành tích"], r["Số quyết định"]) for r in records)
    assert from_xlsx == expected
    from_json = sorted((h["name"], h["honorific"], h["position"], h["unit"], h["award"], h["citation"],
                        h["decision"]["number"]) for h in json.loads((site / "data/honorees.json").read_text()))
    assert from_json == expected
