"""Build the whole example site with the real MkDocs and check what a reader gets."""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from helpers import write_campaign
from plan_measure import measure
from thidua.build import build
from thidua.problems import DataError
from thidua.text import person_key, vi_key

LANG_SON = "2024-lang-son-80-nam-nganh-noi-vu"


@pytest.fixture(scope="session")
def site(example_site) -> Path:
    return example_site


@pytest.fixture(scope="session")
def running_site(tmp_path_factory) -> Path:
    """The same archive on a day when the Lạng Sơn campaign runs and no decision is out yet."""
    out = tmp_path_factory.mktemp("running") / "site"
    build(ROOT / "mkdocs.yml", out, today=dt.date(2025, 3, 1))
    return out


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_campaign_page_shows_the_plan(site):
    html = read(site, f"phong-trao/{LANG_SON}/index.html")
    assert '<html lang="vi"' in html
    assert "Chung sức, đồng lòng, thi đua lập thành tích" in html  # the theme, where the plan says it
    for label in ("a)", "b)", "đ)", "m)"):
        assert f'<span class="plan-label">{label}</span>' in html
    assert "Hoàng Thị Hiền" in html and "GIÁM ĐỐC" in html  # signer
    for form in ("Bằng khen của Thủ tướng Chính phủ", "Bằng khen của Bộ trưởng Bộ Nội vụ",
                 "Giấy khen của Giám đốc Sở Nội vụ"):
        assert form in html
    assert "Dữ liệu minh họa" in html


SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLE_SEEDS = {"2024-lang-son-80-nam-nganh-noi-vu": "000", "2024-soc-trang-80-nam-bo-noi-vu": "001",
                 "2023-lang-son-nhiem-vu-nganh-noi-vu": "002"}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repository")
@pytest.mark.parametrize("campaign_id", sorted(EXAMPLE_SEEDS))
def test_each_example_page_is_its_signed_plan_word_for_word(site, campaign_id):
    """The example campaigns are the plans in ../shared/seeds: every word in the plan's order (at
    least 99 %, white space and line wraps aside) and every structural label in order (100 %)."""
    seed = next(SEEDS.glob(f"{EXAMPLE_SEEDS[campaign_id]}_*.txt")).read_text(encoding="utf-8")
    words, labels = measure(seed, read(site, f"phong-trao/{campaign_id}/index.html"))
    print(f"example {campaign_id}: words in order {words:.2%}, labels in order {labels:.2%}")
    assert words >= 0.99 and labels == 1.0


def _article(html: str) -> str:
    return html[html.index('<article class="plan"'):html.index("</article>")]


def test_facts_stand_apart_from_the_plan(site):
    """The machine-read facts are shown once, in their own box, never inside the document."""
    html = read(site, "phong-trao/2024-soc-trang-80-nam-bo-noi-vu/index.html")
    box = html[html.index('<aside class="facts-box"'):html.index("</aside>")]
    assert "Thời gian thi đua" in box and "Từ tháng 7/2024 đến hết tháng 7/2025" in box
    assert "Hạn tổng kết, đề nghị khen thưởng" in box and "10/08/2025" in box
    article = _article(html)
    assert "Thông tin chính" not in article and "Hạn tổng kết, đề nghị khen thưởng" not in article
    assert html.index("</aside>") < html.index('<article class="plan"')


def test_the_table_of_contents_lists_every_heading_of_the_plan(site):
    html = read(site, "phong-trao/2024-soc-trang-80-nam-bo-noi-vu/index.html")
    headings = re.findall(r'<h([2-6]) id="(muc-[^"]+)"', _article(html))
    assert len(headings) > 15 and {level for level, _ in headings} >= {"2", "3"}
    toc = html[html.index('data-md-component="toc"'):]
    for _, anchor in headings:
        assert f'href="#{anchor}"' in toc, anchor


def test_the_plan_has_an_a4_print_view_laid_out_as_the_document(site):
    page = read(site, "phong-trao/2024-soc-trang-80-nam-bo-noi-vu/van-ban/index.html")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and "Độc lập - Tự do - Hạnh phúc" in page
    assert "Số: /KH-SNV" in page and "Trần Phước Vĩnh" in page and "Nơi nhận:" in page
    assert "Thông tin chính" not in page and "<script" not in page
    campaign = read(site, "phong-trao/2024-soc-trang-80-nam-bo-noi-vu/index.html")
    assert 'href="van-ban/"' in campaign


def test_status_and_days_left_on_a_running_campaign(running_site, site):
    html = read(running_site, f"phong-trao/{LANG_SON}/index.html")
    assert "Đang thi đua" in html and "còn 152 ngày" in html
    assert "Phong trào đang thi đua" in read(running_site, "index.html")
    assert "Đã kết thúc" in read(site, f"phong-trao/{LANG_SON}/index.html")


def test_decisions_dated_after_the_build_day_are_not_published(running_site):
    """On 01/03/2025 no award decision exists yet: no honoree may appear anywhere."""
    assert json.loads(read(running_site, "data/honorees.json")) == []
    for page in running_site.rglob("*.html"):
        assert "Đặng Văn Đức" not in page.read_text(encoding="utf-8"), page


def test_honorees_grouped_by_precedence_with_anchors(site):
    html = read(site, f"phong-trao/{LANG_SON}/index.html")
    positions = [html.index(f'id="ht-{slug}"') for slug in (
        "bang-khen-cua-thu-tuong-chinh-phu", "bang-khen-cua-bo-truong-bo-noi-vu", "giay-khen-cua-giam-doc-so-noi-vu")]
    assert positions == sorted(positions)
    assert 'id="dang-van-duc"' in html and 'id="nguyen-thi-hong-nhung"' in html


def test_dates_are_vietnamese(site):
    html = read(site, f"phong-trao/{LANG_SON}/index.html")
    assert "Từ 15/07/2024 đến 31/07/2025" in html
    assert "05/08/2025" in html


def test_all_honorees_sorted_by_given_name(site):
    html = read(site, "khen-thuong/index.html")
    names = re.findall(r'<span class="honoree__name">(?:<span class="honorific">[^<]*</span> )?<a [^>]*>([^<]+)</a>', html)
    assert len(names) == 76
    kinds = {h["name"]: h["type"] for h in json.loads(read(site, "data/honorees.json"))}
    keys = [person_key(n) if kinds[n] == "ca-nhan" else (vi_key(n), ()) for n in names]
    assert keys == sorted(keys)
    assert html.index('id="chu-dd"') < html.index("Đặng Văn Đức") < html.index('id="chu-h"')  # Đ after D


def test_data_files(site):
    honorees = json.loads(read(site, "data/honorees.json"))
    campaigns = json.loads(read(site, "data/campaigns.json"))
    assert len(honorees) == 76 and len(campaigns) == 3
    duc = next(h for h in honorees if h["name"] == "Đặng Văn Đức")
    assert duc["url"] == f"/thi-dua/phong-trao/{LANG_SON}/#dang-van-duc"
    assert {"name", "type", "position", "unit", "award", "decision", "campaign", "year", "url"} <= set(duc)


def test_unit_and_year_pages(site):
    assert "Năm 2024" in read(site, "nam/index.html")
    bodies = read(site, "don-vi/index.html")
    assert "Sở Nội vụ tỉnh Lạng Sơn" in bodies and "Sở Nội vụ tỉnh Sóc Trăng" in bodies
    units = read(site, "don-vi/so-noi-vu-tinh-lang-son/index.html")
    assert "Văn phòng Sở Nội vụ" in units and "Phòng Nội vụ huyện Châu Thành" not in units


def test_units_of_the_same_name_under_two_bodies_are_two_units(site):
    """Both provinces have a "Văn phòng Sở Nội vụ": each body's is its own page, with its own honours."""
    lang_son = read(site, "don-vi/so-noi-vu-tinh-lang-son/van-phong-so-noi-vu/index.html")
    soc_trang = read(site, "don-vi/so-noi-vu-tinh-soc-trang/van-phong-so-noi-vu/index.html")
    assert "Sở Nội vụ tỉnh Lạng Sơn" in lang_son and f"phong-trao/{LANG_SON}/" in lang_son
    assert f"phong-trao/{LANG_SON}/" not in soc_trang and "Sở Nội vụ tỉnh Sóc Trăng" in soc_trang


def test_no_external_assets(site):
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for url in re.findall(r'<(?:script|link|img|source|iframe)\b[^>]*?(?:src|href)="([^"]+)"', html):
            assert not re.match(r"(https?:)?//", url) or url.startswith("https://example.gov.vn/thi-dua/"), (page, url)


def test_404_is_vietnamese(site):
    assert "Không tìm thấy trang" in read(site, "404.html")


def test_draft_appears_nowhere(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", "site", ".git", "tests", ".site-*"))
    write_campaign(project / "campaigns", "ban-nhap-bi-mat", extra="draft: true\n",
                   honorees="honorees:\n  - {type: ca-nhan, name: Người Bí Mật, award: Giấy khen của Giám đốc Sở Nội vụ}\n")
    out = tmp_path / "site"
    build(project / "mkdocs.yml", out, today=dt.date(2025, 3, 1))
    for path in out.rglob("*"):
        assert "ban-nhap-bi-mat" not in str(path)
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt", ".csv"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "ban-nhap-bi-mat" not in text and "Người Bí Mật" not in text, path


def test_invalid_data_is_not_published(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", "site", ".git", "tests", ".site-*"))
    write_campaign(project / "campaigns", "hong", extra="tieu_de: sai\n")
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("cũ", encoding="utf-8")
    (out / ".portal-site").write_text("", encoding="utf-8")  # a site the portal published before
    with pytest.raises(DataError) as info:
        build(project / "mkdocs.yml", out, today=dt.date(2025, 3, 1))
    assert "tieu_de" in str(info.value)
    assert (out / "index.html").read_text(encoding="utf-8") == "cũ"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def test_page_anchors_reserved_for_sections_match_the_template():
    from thidua.rules import PAGE_ANCHORS
    template = (ROOT / "scripts/thidua/templates/campaign.html").read_text(encoding="utf-8")
    assert set(re.findall(r'\bid="([a-z-]+)"', template)) == PAGE_ANCHORS


def test_section_titles_follow_each_plan(site):
    """Each heading keeps the plan's own label and words; its anchor is made of its labels."""
    soc_trang = read(site, "phong-trao/2024-soc-trang-80-nam-bo-noi-vu/index.html")
    assert '<h2 id="muc-ii"><span class="plan-label">II.</span> THỜI GIAN THỰC HIỆN</h2>' in soc_trang
    assert '<span class="plan-label">IV.</span> TỔNG KẾT, KHEN THƯỞNG ĐỢT THI ĐUA</h2>' in soc_trang
    lang_son = read(site, f"phong-trao/{LANG_SON}/index.html")
    assert '<h3 id="muc-iv-5"><span class="plan-label">5.</span> Hồ sơ khen thưởng</h3>' in lang_son
