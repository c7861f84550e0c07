"""Strange characters and personal data in texts (issue 16: items 4, 5, 6, 7, 8, 11, 13).

Every case goes through the real loader (YAML files in a temporary campaigns folder) or the real
page, feed and print code; nothing is mocked.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from conftest import ROOT
from helpers import MINIMAL, write_campaign
from thidua import feeds, printview, rules
from thidua.pages import campaign as campaign_pages, entries as page_entries
from thidua.pages.page import SitePage
from thidua.build import build
from thidua.load import load_archive

AWARD = "Giấy khen của Giám đốc Sở Nội vụ"


def honorees_yml(*entries: str, decisions: str = "") -> str:
    """An honorees.yml: decisions (YAML lines) and one honoree per entry (its `name:` value, as YAML)."""
    head = "decisions:\n" + decisions if decisions else ""
    body = "".join(f"  - type: ca-nhan\n    name: {name}\n    award: {AWARD}\n" for name in entries)
    return head + "honorees:\n" + body


def load(tmp_path: Path, campaign: str | None = None, honorees: str | None = None):
    write_campaign(tmp_path / "campaigns", "thu", campaign, honorees)
    return load_archive(tmp_path / "campaigns")


def errors_of(tmp_path: Path, campaign: str | None = None, honorees: str | None = None):
    return [p for p in load(tmp_path, campaign, honorees)[1] if p.severity == "error"]


def only_error(tmp_path: Path, campaign: str | None = None, honorees: str | None = None):
    errors = errors_of(tmp_path, campaign, honorees)
    assert len(errors) == 1, [str(p) for p in errors]
    return errors[0]


# --- 4, 8, 11: characters no text may hold ------------------------------------------------------

@pytest.mark.parametrize("char,words", [
    ("\ue000", "U+E000"), ("\ue001", "U+E001"), ("\U000f0000", "U+F0000"),  # private use
    ("\x85", "U+0085"), ("\x80", "U+0080"), ("\x9f", "U+009F"),  # C1 controls
    ("\uffff", "U+FFFF"), ("\ufffe", "U+FFFE"), ("\ufdd0", "U+FDD0"),  # noncharacters
    ("\u200b", "U+200B (khoảng trắng không độ rộng)"), ("\u00ad", "U+00AD (dấu gạch nối mềm)"),
    ("\u2060", "U+2060 (ký tự nối từ)"), ("\ufeff", "U+FEFF"), ("\u200f", "U+200F"),
    ("\u202e", "U+202E (ép viết phải sang trái)"), ("\u2066", "U+2066"), ("\u2069", "U+2069"),
])
def test_a_forbidden_character_in_a_name_is_refused_where_it_stands(tmp_path, char, words):
    # Written as a YAML escape: every one of them reaches the checker (libyaml refuses some raw).
    escape = f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}"
    p = only_error(tmp_path, honorees=honorees_yml(f'"Nguyễn Văn{escape} An"'))
    assert (p.file, p.field, p.line, p.column) == ("campaigns/thu/honorees.yml", "honorees[1].name", 3, 11)
    assert words in p.message and "ngay sau “Nguyễn Văn”" in p.message and "Hãy xóa" in p.message


def test_a_forbidden_character_written_as_is_is_located_exactly(tmp_path):
    p = only_error(tmp_path, honorees=honorees_yml("Nguyễn Văn\u200b An"))
    assert (p.line, p.column) == (3, 21)  # the character itself, not the start of the value
    p = only_error(tmp_path, honorees=honorees_yml("Trần \ue001Bình"))
    assert (p.line, p.column, p.field) == (3, 16, "honorees[1].name") and "U+E001" in p.message


def test_forbidden_characters_are_refused_in_campaign_texts_too(tmp_path):
    text = MINIMAL.format(id="thu").replace("name: Nguyễn Văn Ký", 'name: "Nguyễn Văn\\u202e Ký"')
    p = only_error(tmp_path, text)
    assert p.field == "signer.name" and "U+202E" in p.message


def test_raw_characters_libyaml_refuses_are_named_in_vietnamese_with_line_and_column(tmp_path):
    p = only_error(tmp_path, honorees=honorees_yml("Lê Thị\x80 Hoa"))
    assert (p.line, p.column) == (3, 17)
    assert "U+0080" in p.message and "control characters" not in p.message and "ký tự điều khiển" in p.message
    p = only_error(tmp_path, honorees=honorees_yml("Lê Thị Hoa\uffff"))
    assert (p.line, p.column) == (3, 21) and "U+FFFF" in p.message


def test_names_that_differ_only_by_an_invisible_character_cannot_both_be_published(tmp_path):
    errors = errors_of(tmp_path, honorees=honorees_yml("Nguyễn Văn An", '"Nguyễn Văn\\u00adAn"', '"Nguyễn\\u2060 Văn An"'))
    assert [p.field for p in errors] == ["honorees[2].name", "honorees[3].name"]


def test_a_word_mixing_latin_and_cyrillic_letters_is_a_warning_not_an_error(tmp_path):
    archive, problems = load(tmp_path, honorees=honorees_yml("Nguyễn Văn An", "Nguуễn Văn An"))  # Cyrillic у
    assert [p.severity for p in problems] == ["warning"]
    assert problems[0].field == "honorees[2].name" and "Kirin" in problems[0].message and "U+0443" in problems[0].message
    assert len(archive.campaigns[0].honorees) == 2
    _, problems = load(tmp_path, honorees=honorees_yml("Nguyễn Văn Ομηρος"))  # a Greek word alone is a Greek word
    assert problems == []


def test_cyrillic_names_are_letters(tmp_path):
    archive, problems = load(tmp_path, honorees=honorees_yml("Иван Петров"))
    assert problems == [] and archive.campaigns[0].honorees[0].name == "Иван Петров"
    unit = honorees_yml("Иван Петров").replace("    award:", "    unit: Завод\n    award:")
    p = only_error(tmp_path, honorees=unit)
    assert p.field == "honorees[1].unit"
    assert "không có chữ hay số" not in p.message and "chữ cái Latinh" in p.message and "don-vi/" in p.message
    p = only_error(tmp_path, honorees=honorees_yml('"…"'))
    assert p.field == "honorees[1].name" and "không có chữ hay số nào" in p.message


def _entries_campaign(tmp_path: Path):
    archive, problems = load(tmp_path, honorees=honorees_yml("Trần Văn Một", "Lê Thị Hai", "Phạm Văn Ba"))
    assert problems == []
    return archive.campaigns[0]


def test_no_text_can_cut_an_honoree_out_of_a_list(tmp_path):
    """Whatever a name holds (here what validation refuses, handed to the page code directly),
    it is text: the next honoree stays on the campaign and list pages."""
    campaign = _entries_campaign(tmp_path)
    campaign.honorees[0].name = "Một\ue001</ol><h4>\ue000x<!--/entry-->y<!--root-->\"'&"
    by_id = {campaign.id: campaign}
    listing = page_entries.honorees_html(campaign.honorees, "don-vi/x/", by_id)
    assert listing.count('<li class="honoree"') == 3 and "Lê Thị Hai" in listing and "Phạm Văn Ba" in listing
    assert "&lt;/ol&gt;&lt;h4&gt;" in listing and "<h4>" not in listing
    assert "&lt;!--/entry--&gt;y&lt;!--root--&gt;&#34;&#39;&amp;" in listing
    assert 'href="../../phong-trao/thu/#' in listing and "<!--" not in listing
    groups = campaign_pages.groups(campaign, campaign.honorees, "phong-trao/thu/")
    shown = "".join(part["entries"] for g in groups for part in g["parts"])
    assert shown.count('<li class="honoree"') == 3 and "Phạm Văn Ba" in shown and "<h4>" not in shown


# --- 5: personal data ------------------------------------------------------------------------

PERSONAL = ["001 085 012 345", "001.085.012.345", "0912-345-678", "(+84) 912 345 678", "024 3825 1234",
            "a＠gmail.com", "Ngày sinh: 12/03/1985", "năm sinh 1985", "Liên hệ ０９１２ ３４５ ６７８", "sinh ngày 05/06/1979",
            "CMND số 012 345 678", "+84 24 3825 1234", "001085012345", "0912345678"]
ORDINARY = ["Quyết định số 321/QĐ-SNV ngày 12/03/2024", "Kế hoạch số 01/KH-SNV ngày 05-06-2024",
            "Phong trào thi đua giai đoạn 2021 - 2025", "Thi đua năm 2025, chào mừng 80 năm Ngày truyền thống",
            "Kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 - 19/5/2025)",
            "Khen thưởng học sinh năm 2024", "Cao điểm cấp căn cước công dân", "Thưởng 1.000.000.000 đồng",
            "Giai đoạn 2021-2025", "Quyết định 1234/QĐ-UBND, 1235/QĐ-UBND", "ngày 15 tháng 7 năm 2024"]


@pytest.mark.parametrize("words", PERSONAL)
def test_personal_data_in_an_honoree_text_is_refused(tmp_path, words):
    listing = honorees_yml("Trần Văn Bình").replace("    award:", f"    citation: 'Thành tích tốt; {words}'\n    award:")
    p = only_error(tmp_path, honorees=listing)
    assert p.field == "honorees[1].citation" and p.line == 4 and "dữ liệu cá nhân" in p.message


@pytest.mark.parametrize("words", ORDINARY)
def test_decision_numbers_dates_and_years_are_not_personal_data(tmp_path, words):
    text = MINIMAL.format(id="thu").replace("title: Phong trào thi đua thử nghiệm thu", f"title: '{words}'")
    listing = honorees_yml("Trần Văn Bình").replace("    award:", f"    citation: '{words}'\n    award:")
    assert errors_of(tmp_path, text + f"summary: '{words}'\n", listing) == []


@pytest.mark.parametrize("where", ["summary", "signer.name", "title"])
def test_personal_data_in_a_campaign_text_is_refused(tmp_path, where):
    text = MINIMAL.format(id="thu")
    if where == "summary":
        text += "summary: Mọi thắc mắc xin gọi 0912 345 678.\n"
    elif where == "signer.name":
        text = text.replace("name: Nguyễn Văn Ký", "name: Nguyễn Văn Ký (ĐT 0912.345.678)")
    else:
        text = text.replace("title: Phong trào thi đua thử nghiệm thu", "title: Phong trào, liên hệ a@gmail.com")
    p = only_error(tmp_path, text)
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if ("0912" in row or "@" in row))
    assert (p.field, p.line) == (where, line) and "dữ liệu cá nhân" in p.message


def test_the_campaign_screen_walks_any_shape():
    """Whatever campaign.yml becomes, every text of the checked value is screened, at its path."""
    value = {"id": "thu", "body": [{"text": "ok", "body": [{"table": {"rows": [["a", "Gọi 0912 345 678"]]}}]}],
             "facts": {"period": {"end": dt.date(2025, 6, 30)}}, "x": {"y": [{"z": "b@c.vn"}]}}
    marks = {"body[1].body[1].table.rows[1]": (7, 9), "x": (20, 1)}
    problems = rules.screen_campaign(value, "campaigns/thu/campaign.yml", marks)
    assert [(p.field, p.line, p.column) for p in problems] == [
        ("body[1].body[1].table.rows[1][2]", 7, 9), ("x.y[1].z", 20, 1)]


def test_decisions_are_screened(tmp_path):
    decisions = "  - number: 1/QĐ-SNV\n    date: 2025-07-01\n    signer: Giám đốc (0912 345 678)\n"
    p = only_error(tmp_path, honorees=honorees_yml("Trần Văn Bình", decisions=decisions))
    assert p.field == "decisions[1].signer"


# --- 6: decision print views ------------------------------------------------------------------

DECIDED = "  - type: ca-nhan\n    name: {name}\n    award: " + AWARD + "\n    decision: '{number}'\n"


def _decided(*numbers: str) -> str:
    decisions = "".join(f"  - number: '{n}'\n    date: 2025-07-01\n" for n in numbers)
    people = "".join(DECIDED.format(name=f"Người {i}", number=n) for i, n in enumerate(numbers, start=1))
    return "decisions:\n" + decisions + "honorees:\n" + people


def test_decision_numbers_sharing_a_print_address_are_refused_naming_both(tmp_path):
    p = only_error(tmp_path, honorees=_decided("321/QĐ-SNV", "321/qđ-snv"))
    assert (p.field, p.line) == ("decisions[2].number", 4)
    assert "'321/qđ-snv'" in p.message and "'321/QĐ-SNV'" in p.message and "in/321-qd-snv/" in p.message


def test_a_decision_number_without_letters_or_digits_is_refused(tmp_path):
    p = only_error(tmp_path, honorees=_decided("—"))
    assert p.field == "decisions[1].number" and "'—'" in p.message and "123/QĐ-SNV" in p.message


def test_a_print_view_never_overwrites_another(tmp_path):
    archive, problems = load(tmp_path, honorees=_decided("1/QĐ-SNV", "2/QĐ-SNV"))
    assert problems == []
    campaign = archive.campaigns[0]
    docs = printview.print_documents(campaign, "Thử")
    assert {"phong-trao/thu/in/1-qd-snv/index.html", "phong-trao/thu/in/2-qd-snv/index.html"} <= set(docs)
    campaign.decisions[1].number = "1/qđ-snv"  # what validation refuses, handed over directly
    with pytest.raises(ValueError):
        printview.print_documents(campaign, "Thử")
    campaign.decisions[1].number = "—"
    with pytest.raises(ValueError):
        printview.print_documents(campaign, "Thử")


# --- 7: front matter ----------------------------------------------------------------------------

@pytest.mark.parametrize("title", ["Phong trào 🇻🇳 thi đua", "Tập thể 𠀀 lớp", 'Dấu "ngoặc" \\ và: # { } [ ] &',
                                   "Xuống\u2028dòng\u0085 và \x7f"])
def test_front_matter_keeps_any_title(title):
    page = SitePage("phong-trao/x/", title, "", description=title + " mô tả")
    _, meta = get_data(page.front_matter() + "body")
    import html
    assert meta["title"] == html.escape(title) and meta["description"] == html.escape(title + " mô tả")


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    ignore = ["*.pyc", "__pycache__", ".venv", "site", ".git", "tests", ".site-*", "campaigns"]
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(*ignore), symlinks=True)
    (project / "campaigns").mkdir()
    return project


def test_titles_and_units_outside_the_basic_plane_survive_a_real_build(tmp_path):
    project = _project(tmp_path)
    text = MINIMAL.format(id="co").replace("title: Phong trào thi đua thử nghiệm co", "title: Phong trào 🇻🇳 𠀀 thi đua")
    listing = honorees_yml("Trần Văn Bình").replace("    award:", "    unit: Đội 𠀀 Một\n    award:")
    write_campaign(project / "campaigns", "co", text, listing)
    out = tmp_path / "site"
    build(project / "mkdocs.yml", out, today=dt.date(2025, 9, 1))
    page = (out / "phong-trao/co/index.html").read_text(encoding="utf-8")
    assert re.search(r"<title>Phong trào 🇻🇳 𠀀 thi đua\b", page), re.search(r"<title>.*?</title>", page).group()
    assert 'content="Phong trào 🇻🇳 𠀀 thi đua' in page
    unit = next((out / "don-vi").glob("*/*/index.html")).read_text(encoding="utf-8")
    assert "<title>Đội 𠀀 Một" in unit
    ET.fromstring((out / "feed.xml").read_bytes())


# --- 8: feeds ---------------------------------------------------------------------------------

def test_feeds_never_hold_a_character_xml_cannot_carry():
    item = feeds.FeedItem("https://x.vn/a#b", "Tên \uffff\ufffe có \x01 lạ 🇻🇳", "Tóm \x0b tắt \ud800",
                          "https://x.vn/a", dt.date(2025, 7, 1))
    day = dt.date(2025, 9, 1)
    for document in (feeds.rss([item], "Cổng \x02 thi đua", "https://x.vn/", day),
                     feeds.atom([item], "Cổng \x02 thi đua", "https://x.vn/", day)):
        root = ET.fromstring(document)
        texts = [e.text for e in root.iter() if e.text]
        assert any("Tên  có  lạ 🇻🇳" in t for t in texts)


# --- 13: anchors --------------------------------------------------------------------------------

def _literal_ids() -> tuple[set[str], set[str]]:
    """Literal ids and the literal beginnings of computed ids in the theme's and the core's templates."""
    literal, prefixes = set(), set()
    files = [*(ROOT / "overrides").rglob("*.html"), *(ROOT / "scripts/thidua/templates").rglob("*.html")]
    for path in files:
        for value in re.findall(r'\bid="([^"]*)"', path.read_text(encoding="utf-8")):
            head = value.split("{", 1)[0]
            if head == value:
                literal.add(value)
            elif head:
                prefixes.add(head)
    return literal, prefixes


def test_every_id_the_templates_use_is_reserved():
    literal, prefixes = _literal_ids()
    assert "portal-q" in literal
    assert {i for i in literal if not rules.reserved_anchor(i)} == set()
    assert {p for p in prefixes if not rules.reserved_anchor(p + "x")} == set()


@pytest.mark.parametrize("anchor", ["portal-q", "search-q", "home-q", "nf-q", "tt-running", "chu-a"])
def test_an_honoree_id_equal_to_a_theme_id_is_refused(tmp_path, anchor):
    listing = honorees_yml("Trần Văn Bình").replace("  - type:", f"  - id: {anchor}\n    type:")
    p = only_error(tmp_path, honorees=listing)
    assert p.field == "honorees[1].id" and f"'{anchor}'" in p.message and "ô tìm kiếm" in p.message


def test_a_name_whose_slug_is_a_theme_id_gets_another_anchor(tmp_path):
    archive, problems = load(tmp_path, honorees=honorees_yml("Portal Q"))
    assert problems == [] and archive.campaigns[0].honorees[0].id == "kt-portal-q"


def test_the_fast_search_finds_exactly_the_forbidden_characters():
    from thidua import text
    differ = [hex(c) for c in range(0x10000) if bool(text._GATE.fullmatch(chr(c))) != bool(text._FORBIDDEN.fullmatch(chr(c)))]
    assert differ == []
    assert text.forbidden_char("🇻🇳 𠀀 Việt Nam") is None and text.forbidden_char("🇻🇳 \U0010fffe")[0] == 3
