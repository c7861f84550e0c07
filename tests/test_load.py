"""Loading and validation: every error class is reported with file:line:column and field."""
import datetime as dt
import re

import pytest

from helpers import MINIMAL, write_campaign
from thidua.load import load_archive
from thidua.status import CONCLUDED, REVIEWING, RUNNING, UPCOMING, status

HONOREES = """\
decisions:
  - number: 12/QĐ-SNV
    date: 2025-07-20
    signer: Giám đốc Sở Nội vụ
honorees:
  - type: ca-nhan
    honorific: Bà
    name: Nguyễn Thị Hồng Nhung
    unit: Phòng Tổ chức biên chế
    award: giay khen cua giam doc so noi vu
    decision: 12/QĐ-SNV
"""


def problems_of(tmp_path):
    archive, problems = load_archive(tmp_path / "campaigns")
    return archive, [p for p in problems if p.severity == "error"]


def only(problems):
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_valid_campaign_loads_with_nfc_and_matched_award(tmp_path):
    write_campaign(tmp_path / "campaigns", "thu", honorees=HONOREES.replace("Nguyễn", "Nguye\u0302\u0303n"))
    archive, errors = problems_of(tmp_path)
    assert errors == []
    honoree = archive.campaigns[0].honorees[0]
    assert honoree.name == "Nguyễn Thị Hồng Nhung"
    assert honoree.award.name == "Giấy khen của Giám đốc Sở Nội vụ"
    assert honoree.decision.date == dt.date(2025, 7, 20)
    assert honoree.id == "nguyen-thi-hong-nhung"


def test_unknown_key_with_did_you_mean(tmp_path):
    write_campaign(tmp_path / "campaigns", "thu", extra="summmary: tóm tắt\n")
    p = only(problems_of(tmp_path)[1])
    assert (p.file, p.line, p.column, p.field) == ("campaigns/thu/campaign.yml", 23, 1, "summmary")
    assert "Có phải ý bạn là 'summary'?" in p.message


def test_wrong_type_and_impossible_date(tmp_path):
    text = MINIMAL.format(id="thu").replace("end: 2025-06-30", "end: 2025-02-30").replace(
        "name: Sở Nội vụ tỉnh Thử", "name: [a, b]")
    write_campaign(tmp_path / "campaigns", "thu", text)
    errors = problems_of(tmp_path)[1]
    fields = {p.field: p for p in errors}
    assert "không tồn tại" in fields["facts.period.end"].message
    assert fields["facts.period.end"].line == 13
    assert "giá trị đơn" in fields["issuer.name"].message


def test_period_that_ends_before_it_starts(tmp_path):
    write_campaign(tmp_path / "campaigns", "thu", MINIMAL.format(id="thu").replace("start: 2025-01-01", "start: 2025-07-01"))
    p = only(problems_of(tmp_path)[1])
    assert p.field == "facts.period.end" and "trước khi bắt đầu" in p.message and p.line == 13


def test_award_not_offered_by_campaign(tmp_path):
    write_campaign(tmp_path / "campaigns", "thu", honorees=HONOREES.replace("giay khen cua giam doc so noi vu",
                                                              "Huân chương Lao động hạng Ba"))
    p = only(problems_of(tmp_path)[1])
    assert p.file == "campaigns/thu/honorees.yml" and p.field == "honorees[1].award" and p.line == 10
    assert "không có trong kế hoạch" in p.message


def test_duplicate_honoree_and_duplicate_id(tmp_path):
    entry = HONOREES.split("honorees:\n")[1]
    write_campaign(tmp_path / "campaigns", "thu", honorees=HONOREES + entry)
    p = only(problems_of(tmp_path)[1])
    assert p.field == "honorees[2]" and "Trùng với mục 1" in p.message
    twice = HONOREES + entry.replace("Phòng Tổ chức biên chế", "Văn phòng Sở")
    write_campaign(tmp_path / "campaigns", "thu", honorees=twice.replace("    honorific: Bà\n", "    id: nhung\n    honorific: Bà\n"))
    p = only(problems_of(tmp_path)[1])
    assert p.field == "honorees[2].id" and "đã dùng" in p.message


def test_same_name_gets_distinct_stable_ids(tmp_path):
    entry = HONOREES.split("honorees:\n")[1]
    write_campaign(tmp_path / "campaigns", "thu", honorees=HONOREES + entry.replace("Phòng Tổ chức biên chế", "Văn phòng Sở"))
    archive, errors = problems_of(tmp_path)
    assert errors == []
    assert [h.id for h in archive.campaigns[0].honorees] == ["nguyen-thi-hong-nhung", "nguyen-thi-hong-nhung-2"]


def test_id_must_match_folder_and_be_a_safe_slug(tmp_path):
    write_campaign(tmp_path / "campaigns", "thu", MINIMAL.format(id="khac"))
    assert "trùng tên thư mục" in only(problems_of(tmp_path)[1]).message
    write_campaign(tmp_path / "campaigns", "thu", MINIMAL.format(id="../Thu Nghiem"))
    assert "không hợp lệ" in only(problems_of(tmp_path)[1]).message


def test_missing_required_field_and_duplicate_key(tmp_path):
    write_campaign(tmp_path / "campaigns", "thu", MINIMAL.format(id="thu").replace("signer:\n  title: GIÁM ĐỐC\n", "signer:\n")
                   + "title: Lặp\n")
    errors = problems_of(tmp_path)[1]
    messages = {p.field: p.message for p in errors}
    assert "Thiếu trường bắt buộc 'title'" in messages["signer.title"]
    assert "bị lặp" in messages["title"]


def test_private_fields_are_refused_with_reason(tmp_path):
    write_campaign(tmp_path / "campaigns", "thu", honorees=HONOREES + "    ngay_sinh: 1980-01-01\n    so_dien_thoai: 0912\n")
    errors = problems_of(tmp_path)[1]
    assert {p.field for p in errors} == {"honorees[1].ngay_sinh", "honorees[1].so_dien_thoai"}
    assert all("dữ liệu cá nhân" in p.message for p in errors)


def test_all_problems_reported_at_once(tmp_path):
    write_campaign(tmp_path / "campaigns", "mot", MINIMAL.format(id="mot") + "extra1: x\n")
    write_campaign(tmp_path / "campaigns", "hai", MINIMAL.format(id="hai") + "extra2: x\n")
    assert len(problems_of(tmp_path)[1]) == 2


@pytest.mark.parametrize("today,expected", [
    ("2024-12-31", UPCOMING), ("2025-01-01", RUNNING), ("2025-06-30", RUNNING),
    ("2025-07-01", REVIEWING), ("2025-07-20", REVIEWING), ("2025-07-21", CONCLUDED),
])
def test_status_from_dates(tmp_path, today, expected):
    write_campaign(tmp_path / "campaigns", "thu", honorees=HONOREES)
    campaign = load_archive(tmp_path / "campaigns")[0].campaigns[0]
    assert status(campaign, dt.date.fromisoformat(today)) == expected


def test_month_only_period(tmp_path):
    text = MINIMAL.format(id="thu").replace("start: 2025-01-01", "start: 2024-07").replace("end: 2025-06-30",
                                                                                          "end: 2025-02")
    write_campaign(tmp_path / "campaigns", "thu", text)
    campaign = load_archive(tmp_path / "campaigns")[0].campaigns[0]
    assert (campaign.period.start, campaign.period.end) == (dt.date(2024, 7, 1), dt.date(2025, 2, 28))


def test_former_id_cannot_take_a_live_address(tmp_path):
    write_campaign(tmp_path / "campaigns", "mot")
    write_campaign(tmp_path / "campaigns", "hai", extra="former_ids: [mot]\n")
    p = only(problems_of(tmp_path)[1])
    assert (p.file, p.line, p.field) == ("campaigns/hai/campaign.yml", 23, "former_ids[1]")
    assert "phong trào khác" in p.message


def test_names_that_differ_only_by_accents_are_different_people(tmp_path):
    entry = HONOREES.split("honorees:\n")[1]
    other = entry.replace("Nguyễn Thị Hồng Nhung", "Nguyễn Thị Hồng Nhưng")
    write_campaign(tmp_path / "campaigns", "thu", honorees=HONOREES + other)
    archive, errors = problems_of(tmp_path)
    assert errors == [] and len(archive.campaigns[0].honorees) == 2


def test_an_honoree_never_takes_a_section_anchor_of_the_page(tmp_path):
    entry = HONOREES.split("honorees:\n")[1]
    named = entry.replace("Nguyễn Thị Hồng Nhung", "Thông Tin Chính")  # a name that slugs to a section anchor
    write_campaign(tmp_path / "campaigns", "thu", honorees=HONOREES.split("honorees:\n")[0] + "honorees:\n" + named)
    archive, errors = problems_of(tmp_path)
    assert errors == [] and archive.campaigns[0].honorees[0].id == "kt-thong-tin-chinh"


def test_letters_with_marks_have_their_own_place_in_the_a_to_z_list(tmp_path):
    import datetime as dt

    from thidua.site import build_site
    people = "".join(f"  - {{type: ca-nhan, name: {n}, award: Giấy khen của Giám đốc Sở Nội vụ}}\n"
                     for n in ("Nguyễn Văn An", "Trần Thị Ân", "Lê Văn Ưng", "Phạm Văn Uy"))
    write_campaign(tmp_path / "campaigns", "thu", honorees="honorees:\n" + people)
    site = build_site(tmp_path / "campaigns", dt.date(2025, 9, 1), "Thử")
    page = next(p for p in site.pages if p.path == "khen-thuong/")
    for anchor in ('id="chu-a"', 'id="chu-aa"', 'id="chu-u"', 'id="chu-uw"'):
        assert page.body.count(anchor) == 1


def test_worker_processes_read_the_same_archive(tmp_path, monkeypatch):
    """Many folders are read by worker processes; the archive and problems are the same as read in turn."""
    from thidua import load
    from benchmarks.refdata import generate_archive
    generate_archive(tmp_path, 5000, seed=3)  # 50 campaign folders
    broken = sorted((tmp_path / "campaigns").iterdir())[7] / "honorees.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("  unit: ", "  unit: [", 1), encoding="utf-8")
    parallel, found = load.load_archive(tmp_path / "campaigns")
    monkeypatch.setattr(load, "PARALLEL_FROM", 10**9)
    serial, expected = load.load_archive(tmp_path / "campaigns")
    assert [p.message for p in found] == [p.message for p in expected] and found
    assert [(c.id, [(h.id, h.unit, h.award.name) for h in c.honorees]) for c in parallel.campaigns] == \
        [(c.id, [(h.id, h.unit, h.award.name) for h in c.honorees]) for c in serial.campaigns]
    decisions_shared = all(h.decision is None or any(h.decision is d for d in c.decisions)
                           for c in parallel.campaigns for h in c.honorees)
    assert decisions_shared  # the print views group honorees by their decision object


YAML_CASES = {
    # what is written after the campaign's fields: (text, its line the clerk must fix, words the message holds)
    "unclosed quote": ("summary: 'Phong trào thử\n", 1, "chưa được đóng"),
    "line out of step": ("issuer2:\n  name: Sở\n parent: UBND\n", 3, "không thẳng hàng"),
    "colon in a value": ("summary: Mục tiêu: tăng năng suất\n", 1, "dấu hai chấm"),
    "unclosed bracket": ("former_ids: [mot, hai\n", 1, "'['"),
    "backslash path": ('summary: "C:\\Users\\tep"\n', 1, "C:\\Users"),
}


@pytest.mark.parametrize("case", sorted(YAML_CASES))
def test_yaml_syntax_errors_are_told_in_vietnamese_where_to_fix(tmp_path, case):
    written, line, words = YAML_CASES[case]
    minimal = MINIMAL.format(id="thu")
    write_campaign(tmp_path / "campaigns", "thu", minimal + written + "".join(f"x{i}: y\n" for i in range(30)))
    p = only(problems_of(tmp_path)[1])
    assert words in p.message and not re.search(r"\b(?:found|expected|while|scanning|parsing)\b", p.message), p.message
    # the line written, not where the parser gave up (the end of the file, for a quote)
    assert p.line == minimal.count("\n") + line


def test_a_list_used_as_a_field_name_is_told_plainly(tmp_path):
    write_campaign(tmp_path / "campaigns", "thu", extra="? [summary, short_title]\n: Phong trào\n")
    p = only(problems_of(tmp_path)[1])
    assert "ScalarNode" not in p.message and "Tên trường phải là một chữ" in p.message and p.column == 3


@pytest.mark.parametrize("day,words", [("0000-01-01", "năm 0000 không hợp lệ"), ("2025-13-01", "tháng 13 không tồn tại"),
                                       ("2025-02-00", "ngày phải từ 01 đến 28"), ("2025-02-29", "không có ngày 29")])
def test_impossible_dates_say_which_part_is_wrong(tmp_path, day, words):
    write_campaign(tmp_path / "campaigns", "thu", MINIMAL.format(id="thu").replace("end: 2025-06-30", f"end: {day}"))
    p = only(problems_of(tmp_path)[1])
    assert p.field == "facts.period.end" and words in p.message and "năm 0 " not in p.message


def test_an_attachment_that_is_a_folder_says_so(tmp_path):
    folder = write_campaign(tmp_path / "campaigns", "thu", extra="attachments:\n  - file: tai-lieu/\n    title: Kế hoạch\n")
    (folder / "tai-lieu").mkdir()
    p = only(problems_of(tmp_path)[1])
    assert p.field == "attachments[1].file" and "là một thư mục" in p.message and "Không tìm thấy" not in p.message


def test_nesting_too_deep_is_refused_at_its_line_however_it_is_written(tmp_path):
    """By indentation alone, or by dashes from the file's very first character: the loader refuses
    it where it passes 24 levels, before the YAML composer would have to go that deep."""
    by_indent = MINIMAL.format(id="thu") + "summary:\n" + "".join(f"{'  ' * i}k{i}:\n" for i in range(1, 31))
    write_campaign(tmp_path / "a" / "campaigns", "thu", by_indent)
    p = only(problems_of(tmp_path / "a")[1])
    first = by_indent.splitlines().index("summary:") + 1
    assert (p.line, p.message) == (first + 24, "Dữ liệu lồng quá sâu (hơn 24 cấp).")  # k24: the 25th level
    write_campaign(tmp_path / "b" / "campaigns", "thu", "- " * 30 + "x\n")
    p = only(problems_of(tmp_path / "b")[1])
    assert (p.line, p.column, p.message) == (1, 49, "Dữ liệu lồng quá sâu (hơn 24 cấp).")


def test_an_alias_right_after_a_comma_is_refused_as_an_alias(tmp_path):
    text = MINIMAL.format(id="thu") + "recipients: [Sở Tài chính,*noi-vu]\n"
    write_campaign(tmp_path / "campaigns", "thu", text)
    p = only(problems_of(tmp_path)[1])
    assert p.line == len(text.splitlines())
    assert p.message.startswith("Không dùng neo và bí danh YAML (& và *)")
