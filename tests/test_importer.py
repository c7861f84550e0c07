"""`scripts/portal import`: messy Excel and CSV honoree lists into honorees.yml.

Every test builds its own sheet in tmp_path and its own minimal campaign.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import textwrap
import unicodedata
from pathlib import Path

import openpyxl
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua import importer, legacy
from thidua.importer import Table, find_header, parse_date
from thidua.load import load_campaign

CID = "thi-dua-2025"
FORMS = ["Bằng khen của Chủ tịch UBND tỉnh", "Giấy khen của Giám đốc Sở Nội vụ", "Chiến sĩ thi đua cơ sở"]
HEADER = ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Hình thức khen thưởng", "Số quyết định", "Ngày quyết định",
          "Tóm tắt thành tích"]
SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/honorees.schema.json"


# --- helpers ---------------------------------------------------------------------------------

def make_campaign(tmp_path: Path, campaign_id: str = CID, forms: list[str] = FORMS) -> Path:
    """A minimal valid campaign.yml in tmp_path/campaigns/<id>/."""
    folder = tmp_path / "campaigns" / campaign_id
    folder.mkdir(parents=True)
    lines = [f"id: {campaign_id}", "title: Phong trào thi đua thử nghiệm", "issuer:", "  name: Sở Nội vụ tỉnh Thử",
             "body:", "- text: Nội dung kế hoạch.", "signer:", "  title: GIÁM ĐỐC", "  name: Nguyễn Văn Ký",
             "facts:", "  period:", "    end: 2025-07-31"]
    if forms:
        lines += ["  awards:"] + [f"  - name: {f}" for f in forms]
    (folder / "campaign.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def write_xlsx(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in (merges or {}).get(name, []):
            sheet.merge_cells(cells)
    workbook.save(path)
    return path


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    import csv

    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def run(tmp_path: Path, file: Path, *extra: str, campaign: str = CID) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    importer.add_arguments(parser)
    args = parser.parse_args([str(file), "--campaign", campaign, "--root", str(tmp_path / "campaigns"), *extra])
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = importer.run(args)
    return code, out.getvalue(), err.getvalue()


def run_json(tmp_path: Path, file: Path, *extra: str) -> tuple[int, dict]:
    code, out, _ = run(tmp_path, file, "--json", *extra)
    return code, json.loads(out)


def honorees_path(tmp_path: Path, campaign: str = CID) -> Path:
    return tmp_path / "campaigns" / campaign / "honorees.yml"


def loaded(tmp_path: Path, campaign: str = CID):
    """The campaign as the build reads it; fails the test on any problem."""
    root = tmp_path / "campaigns"
    result, problems = load_campaign(root / campaign, root)
    assert [str(p) for p in problems] == []
    return result


def simple_sheet(path: Path, rows: list[list], header: list[str] = HEADER, sheet: str = "Danh sách") -> Path:
    return write_xlsx(path, {sheet: [["DANH SÁCH KHEN THƯỞNG"], header, *rows]})


ROW_AN = [1, "Nguyễn Văn An", "Chuyên viên", "Phòng Tổ chức biên chế", FORMS[1], "12/QĐ-SNV", "15/08/2025",
          "Hoàn thành xuất sắc nhiệm vụ."]
ROW_BINH = [2, "Trần Thị Bình", "Phó Trưởng phòng", "Văn phòng Sở", FORMS[1], "12/QĐ-SNV", "15/08/2025", ""]


# --- the messy sheet -------------------------------------------------------------------------

MESSY_ROWS = [
    ["UBND TỈNH LẠNG SƠN", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["SỞ NỘI VỤ", None, None, None, "Độc lập - Tự do - Hạnh phúc"],
    [],
    ["DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC KHEN THƯỞNG"],
    ["(Kèm theo Quyết định số 456/QĐ-SNV ngày 20/8/2025 của Giám đốc Sở Nội vụ)"],
    ["Số TT", "Họ và tên", "Chức vụ, đơn vị công tác", "Hình thức  khen thưởng", "Số QĐ", "Ngày ký",
     "Tóm tắt thành tích", "Ngày sinh"],
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
    [1, "Ông Nguyễn Văn An", "Chuyên viên, Phòng Tổ chức biên chế, Sở Nội vụ", "bằng khen của chủ tịch ubnd tỉnh",
     "123/QĐ-UBND", dt.datetime(2025, 8, 15), "Hoàn thành xuất sắc nhiệm vụ năm 2024.", dt.datetime(1980, 1, 1)],
    [2, "Bà:  Trần   Thị  Bình", "Phó Trưởng phòng, Văn phòng Sở", "Giay khen cua Giam doc So Noi vu", "45/QĐ-SNV",
     45880, "Nhiều sáng kiến   cải tiến\n\nĐạt danh hiệu Lao động tiên tiến.", None],
    [],
    [3, unicodedata.normalize("NFD", "Lê Thị Hồng Nhung"), "Văn thư, Văn phòng Sở", "Chiến sĩ thi đua cơ sở"],
    [4, "Phòng Tổ chức biên chế", "Sở Nội vụ", "Giấy khen của Giám đốc Sở Nội vụ", "45/QĐ-SNV", "11/08/2025",
     "Tập thể hoàn thành xuất sắc nhiệm vụ."],
    [5, "Tạp chí Nội vụ", None, "Giấy khen của Giám đốc Sở Nội vụ", "45/QĐ-SNV"],
    [6, "Nguyễn Thị Mai", None, "Chiến sĩ thi đua cơ sở", "789/QĐ-SNV", "5.9.2025"],
    [7, "Ông. Hoàng   Văn Đức", "Kế toán trưởng, Ban Quản lý dự án", "CHIẾN SĨ THI ĐUA CƠ SỞ", "789/QĐ-SNV",
     "05-09-2025"],
    [],
    [None, None, None, None, None, None, "GIÁM ĐỐC"],
    [None, None, None, None, None, None, "Nguyễn Văn Ký"],
]
MESSY_MERGES = ["A1:C1", "E1:H1", "A2:C2", "E2:H2", "A4:H4", "A5:H5"]

MESSY_YAML = f"""\
{SCHEMA_LINE}
decisions:
- number: 123/QĐ-UBND
  date: 2025-08-15
- number: 45/QĐ-SNV
  date: 2025-08-11
- number: 456/QĐ-SNV
  date: 2025-08-20
- number: 789/QĐ-SNV
  date: 2025-09-05
honorees:
- type: ca-nhan
  name: Nguyễn Văn An
  honorific: Ông
  position: Chuyên viên
  unit: Phòng Tổ chức biên chế, Sở Nội vụ
  award: Bằng khen của Chủ tịch UBND tỉnh
  decision: 123/QĐ-UBND
  citation: Hoàn thành xuất sắc nhiệm vụ năm 2024.
- type: ca-nhan
  name: Trần Thị Bình
  honorific: Bà
  position: Phó Trưởng phòng
  unit: Văn phòng Sở
  award: Giấy khen của Giám đốc Sở Nội vụ
  decision: 45/QĐ-SNV
  citation: |-
    Nhiều sáng kiến cải tiến

    Đạt danh hiệu Lao động tiên tiến.
- type: ca-nhan
  name: Lê Thị Hồng Nhung
  position: Văn thư
  unit: Văn phòng Sở
  award: Chiến sĩ thi đua cơ sở
  decision: 456/QĐ-SNV
- type: tap-the
  name: Phòng Tổ chức biên chế
  unit: Sở Nội vụ
  award: Giấy khen của Giám đốc Sở Nội vụ
  decision: 45/QĐ-SNV
  citation: Tập thể hoàn thành xuất sắc nhiệm vụ.
- type: tap-the
  name: Tạp chí Nội vụ
  award: Giấy khen của Giám đốc Sở Nội vụ
  decision: 45/QĐ-SNV
- type: ca-nhan
  name: Nguyễn Thị Mai
  award: Chiến sĩ thi đua cơ sở
  decision: 789/QĐ-SNV
- type: ca-nhan
  name: Hoàng Văn Đức
  honorific: Ông
  position: Kế toán trưởng
  unit: Ban Quản lý dự án
  award: Chiến sĩ thi đua cơ sở
  decision: 789/QĐ-SNV
"""


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    make_campaign(tmp_path)
    return write_xlsx(tmp_path / "danh-sach.xlsx", {"Danh sách": MESSY_ROWS}, {"Danh sách": MESSY_MERGES})


def test_messy_sheet_is_imported_exactly(tmp_path, messy):
    code, out, err = run(tmp_path, messy)
    assert code == 0, err
    assert honorees_path(tmp_path).read_text(encoding="utf-8") == MESSY_YAML
    assert "Đã nhập 7 dòng" in out and "thêm 7, cập nhật 0" in out
    # the private column is named and left out
    assert "trang 'Danh sách', dòng 6: lưu ý: Cột 'Ngày sinh' chứa dữ liệu cá nhân" in err
    campaign = loaded(tmp_path)
    assert [h.name for h in campaign.honorees] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Hồng Nhung",
                                                   "Phòng Tổ chức biên chế", "Tạp chí Nội vụ", "Nguyễn Thị Mai",
                                                   "Hoàng Văn Đức"]
    assert campaign.honorees[2].decision.date == dt.date(2025, 8, 20)  # from the title row


def test_messy_sheet_json_output(tmp_path, messy):
    code, data = run_json(tmp_path, messy, "--dry-run")
    assert code == 0
    assert set(data) == {"valid", "errors", "warnings"}
    assert data["errors"] == []
    assert [r["row"] for r in data["valid"]] == [8, 9, 11, 12, 13, 14, 15]
    assert data["valid"][1] == {
        "sheet": "Danh sách", "row": 9, "type": "ca-nhan", "name": "Trần Thị Bình", "honorific": "Bà",
        "position": "Phó Trưởng phòng", "unit": "Văn phòng Sở", "award": "Giấy khen của Giám đốc Sở Nội vụ",
        "decision": "45/QĐ-SNV", "decision_date": "2025-08-11",
        "citation": "Nhiều sáng kiến cải tiến\n\nĐạt danh hiệu Lao động tiên tiến.",
    }
    assert data["warnings"] == [{"row": 6, "sheet": "Danh sách", "field": "",
                                 "message": "Cột 'Ngày sinh' chứa dữ liệu cá nhân; không nhập và không công bố "
                                            "(Nghị định 13/2023/NĐ-CP)."}]
    assert not honorees_path(tmp_path).exists()


def test_dry_run_writes_nothing(tmp_path, messy):
    code, out, _ = run(tmp_path, messy, "--dry-run")
    assert code == 0
    assert "sẽ thêm 7, cập nhật 0" in out
    assert sorted(p.name for p in honorees_path(tmp_path).parent.iterdir()) == ["campaign.yml"]


# --- re-import, corrections, stability ------------------------------------------------------

def test_reimport_adds_no_duplicates_and_keeps_bytes(tmp_path, messy):
    assert run(tmp_path, messy)[0] == 0
    first = honorees_path(tmp_path).read_bytes()
    code, out, _ = run(tmp_path, messy)
    assert code == 0
    assert "không có gì thay đổi" in out
    assert honorees_path(tmp_path).read_bytes() == first
    assert len(loaded(tmp_path).honorees) == 7


def test_same_input_gives_same_bytes_in_another_folder(tmp_path, messy):
    assert run(tmp_path, messy)[0] == 0
    other = tmp_path / "other"
    make_campaign(other)
    copy = write_xlsx(other / "ds.xlsx", {"Danh sách": MESSY_ROWS}, {"Danh sách": MESSY_MERGES})
    assert run(other, copy)[0] == 0
    assert honorees_path(other).read_bytes() == honorees_path(tmp_path).read_bytes()


def test_corrected_sheet_updates_records_keeps_ids_comments_and_hand_written_records(tmp_path):
    folder = make_campaign(tmp_path)
    (folder / "honorees.yml").write_text(textwrap.dedent(f"""\
        {SCHEMA_LINE}
        # Danh sách do Văn phòng Sở nhập tay.
        # Cập nhật theo Quyết định 12/QĐ-SNV.

        decisions:
        - number: 12/QĐ-SNV
          date: 2025-08-15
          signer: Giám đốc Sở Nội vụ
          title: Về việc khen thưởng phong trào thi đua
        honorees:
        - id: an-van-phong
          type: ca-nhan
          name: Nguyễn Văn An
          position: Chuyên viên
          unit: Phòng Tổ chức
          award: Giấy khen của Giám đốc Sở Nội vụ
          decision: 12/QĐ-SNV
        - type: tap-the
          name: Phòng Hành chính
          award: Giấy khen của Giám đốc Sở Nội vụ
          citation: Mục viết tay, không có trong bảng tính.
        """), encoding="utf-8")
    # the corrected sheet fixes An's unit (matched by name + decision) and adds a citation
    sheet = simple_sheet(tmp_path / "sua.xlsx", [
        [1, "Nguyễn Văn An", "Chuyên viên", "Phòng Tổ chức biên chế", FORMS[1], "12/QĐ-SNV", "15/08/2025",
         "Hoàn thành xuất sắc nhiệm vụ."],
        ROW_BINH,
    ])
    code, out, _ = run(tmp_path, sheet)
    assert code == 0
    assert "thêm 1, cập nhật 1" in out
    assert honorees_path(tmp_path).read_text(encoding="utf-8") == textwrap.dedent(f"""\
        {SCHEMA_LINE}
        # Danh sách do Văn phòng Sở nhập tay.
        # Cập nhật theo Quyết định 12/QĐ-SNV.
        decisions:
        - number: 12/QĐ-SNV
          date: 2025-08-15
          signer: Giám đốc Sở Nội vụ
          title: Về việc khen thưởng phong trào thi đua
        honorees:
        - id: an-van-phong
          type: ca-nhan
          name: Nguyễn Văn An
          position: Chuyên viên
          unit: Phòng Tổ chức biên chế
          award: Giấy khen của Giám đốc Sở Nội vụ
          decision: 12/QĐ-SNV
          citation: Hoàn thành xuất sắc nhiệm vụ.
        - type: tap-the
          name: Phòng Hành chính
          award: Giấy khen của Giám đốc Sở Nội vụ
          citation: Mục viết tay, không có trong bảng tính.
        - type: ca-nhan
          name: Trần Thị Bình
          position: Phó Trưởng phòng
          unit: Văn phòng Sở
          award: Giấy khen của Giám đốc Sở Nội vụ
          decision: 12/QĐ-SNV
        """)
    campaign = loaded(tmp_path)
    assert campaign.honorees[0].id == "an-van-phong"
    # a second run of the corrected sheet changes nothing
    before = honorees_path(tmp_path).read_bytes()
    assert run(tmp_path, sheet)[0] == 0
    assert honorees_path(tmp_path).read_bytes() == before


def test_existing_file_with_errors_is_not_touched(tmp_path):
    folder = make_campaign(tmp_path)
    broken = "honorees:\n- type: ca-nhan\n  name: A\n  award: Không có hình thức này\n"
    (folder / "honorees.yml").write_text(broken, encoding="utf-8")
    code, _, err = run(tmp_path, simple_sheet(tmp_path / "a.xlsx", [ROW_AN]))
    assert code == 1
    assert "trước khi nhập" in err
    assert (folder / "honorees.yml").read_text(encoding="utf-8") == broken


# --- all or nothing, --skip-invalid, atomic write ---------------------------------------------

BAD_ROWS = [
    ROW_AN,
    [2, "Trần Thị Bình", "Chuyên viên", "Văn phòng Sở", "Huân chương Lao động", "12/QĐ-SNV", "15/08/2025"],
    [3, "Lê Văn Cường", "Chuyên viên", "Văn phòng Sở", FORMS[1], "13/QĐ-SNV", "31/02/2025"],
    [4, "Phạm Thị Dung", "Chuyên viên", "Văn phòng Sở", FORMS[1], "12/QĐ-SNV", "16/08/2025"],
    [5, "Đỗ Văn Em", "Chuyên viên", "Văn phòng Sở", FORMS[1], "14/QĐ-SNV", ""],
    [6, "", "Chuyên viên", "Văn phòng Sở", FORMS[1]],
    [7, "Vũ Thị Giang", "Chuyên viên", "Văn phòng Sở", ""],
    [8, "Nguyễn Văn An", "Chuyên viên", "Phòng Tổ chức biên chế", FORMS[1], "12/QĐ-SNV", "15/08/2025"],
]


def test_every_invalid_row_is_reported_with_its_row_number_and_nothing_is_written(tmp_path):
    make_campaign(tmp_path)
    sheet = simple_sheet(tmp_path / "loi.xlsx", BAD_ROWS)
    code, data = run_json(tmp_path, sheet)
    assert code == 1
    offered = "; ".join(FORMS)
    assert data["errors"] == [
        {"row": 4, "sheet": "Danh sách", "field": "award",
         "message": f"Hình thức 'Huân chương Lao động' không có trong kế hoạch của phong trào (các hình thức: {offered})."},
        {"row": 5, "sheet": "Danh sách", "field": "date",
         "message": "Ngày '31/02/2025' không tồn tại (tháng 2 năm 2025 không có ngày 31)."},
        {"row": 6, "sheet": "Danh sách", "field": "date",
         "message": "Quyết định số 12/QĐ-SNV ghi ngày 16/08/2025, nhưng dòng 3 ghi ngày 15/08/2025; một quyết định "
                    "chỉ có một ngày."},
        {"row": 7, "sheet": "Danh sách", "field": "date",
         "message": "Thiếu ngày của quyết định số 14/QĐ-SNV (không có ở dòng nào khác, cũng chưa khai báo trong "
                    "honorees.yml)."},
        {"row": 8, "sheet": "Danh sách", "field": "name", "message": "Thiếu họ và tên (hoặc tên tập thể)."},
        {"row": 9, "sheet": "Danh sách", "field": "award", "message": "Thiếu hình thức khen thưởng."},
        {"row": 10, "sheet": "Danh sách", "field": "name",
         "message": "Trùng với dòng 3: cùng tên, đơn vị và hình thức khen thưởng."},
    ]
    assert [r["row"] for r in data["valid"]] == [3]
    assert not honorees_path(tmp_path).exists()


def test_text_output_names_sheet_and_row(tmp_path):
    make_campaign(tmp_path)
    code, out, err = run(tmp_path, simple_sheet(tmp_path / "loi.xlsx", BAD_ROWS))
    assert code == 1
    assert "loi.xlsx: trang 'Danh sách', dòng 5: lỗi [date]: Ngày '31/02/2025' không tồn tại" in err
    assert "Có 7 lỗi; không ghi gì" in out


def test_skip_invalid_writes_the_valid_rows_only(tmp_path):
    make_campaign(tmp_path)
    code, out, err = run(tmp_path, simple_sheet(tmp_path / "loi.xlsx", BAD_ROWS), "--skip-invalid")
    assert code == 1  # errors were still found and reported
    assert "bỏ qua 7 dòng lỗi" in out
    campaign = loaded(tmp_path)
    assert [h.name for h in campaign.honorees] == ["Nguyễn Văn An"]
    assert [(d.number, d.date) for d in campaign.decisions] == [("12/QĐ-SNV", dt.date(2025, 8, 15))]


def test_write_leaves_no_temp_files(tmp_path, messy):
    assert run(tmp_path, messy)[0] == 0
    assert sorted(p.name for p in honorees_path(tmp_path).parent.iterdir()) == ["campaign.yml", "honorees.yml"]


def test_atomic_write_keeps_old_file_when_the_check_fails(tmp_path):
    target = tmp_path / "honorees.yml"
    target.write_text("old\n", encoding="utf-8")
    seen = []

    def refuse(temp: Path):
        seen.append(temp.read_text(encoding="utf-8"))
        return ["không hợp lệ"]

    assert importer.write_atomic(target, "new\n".encode(), refuse) == ["không hợp lệ"]
    assert seen == ["new\n"]
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["honorees.yml"]
    assert importer.write_atomic(target, "new\n".encode(), lambda temp: []) == []
    assert target.read_text(encoding="utf-8") == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["honorees.yml"]


# --- unusable files ---------------------------------------------------------------------------

def test_renamed_text_file_is_refused(tmp_path):
    make_campaign(tmp_path)
    fake = tmp_path / "danh-sach.xlsx"
    fake.write_text("Họ và tên, Hình thức\nNguyễn Văn A, Giấy khen\n", encoding="utf-8")
    code, _, err = run(tmp_path, fake)
    assert code == 2
    assert "Tệp 'danh-sach.xlsx' có đuôi .xlsx nhưng nội dung không phải bảng tính Excel" in err
    assert not honorees_path(tmp_path).exists()


@pytest.mark.parametrize("name, content, message", [
    ("ds.pdf", b"%PDF-1.4\n...", "Tệp 'ds.pdf' là tài liệu PDF, không phải bảng tính"),
    ("ds.xlsx", b"%PDF-1.4\n...", "Tệp 'ds.xlsx' là tài liệu PDF, không phải bảng tính"),
    ("ds.txt", "Họ và tên\n".encode(), "Tệp 'ds.txt' không phải bảng tính; chỉ nhận tệp Excel (.xlsx) hoặc CSV"),
    ("ds.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "Tệp 'ds.xls' là bảng tính Excel 97-2003 (.xls)"),
    ("ds.xlsx", b"", "Tệp 'ds.xlsx' rỗng (0 byte)"),
    ("ds.csv", b"", "Tệp 'ds.csv' rỗng (0 byte)"),
    ("ds.csv", b"\x00\x01\x02binary", "Tệp 'ds.csv' chứa dữ liệu nhị phân"),
    ("ds.xlsx", b"PK\x03\x04 not really a zip", "Không mở được tệp 'ds.xlsx' như bảng tính Excel"),
])
def test_not_a_spreadsheet(tmp_path, name, content, message):
    make_campaign(tmp_path)
    path = tmp_path / name
    path.write_bytes(content)
    code, data = run_json(tmp_path, path)
    assert code == 2
    assert data["valid"] == []
    assert len(data["errors"]) == 1 and data["errors"][0]["message"].startswith(message)
    assert not honorees_path(tmp_path).exists()


def test_missing_file(tmp_path):
    make_campaign(tmp_path)
    code, _, err = run(tmp_path, tmp_path / "khong-co.xlsx")
    assert code == 2
    assert "Không tìm thấy tệp 'khong-co.xlsx'" in err


def test_empty_workbook(tmp_path):
    make_campaign(tmp_path)
    code, _, err = run(tmp_path, write_xlsx(tmp_path / "trong.xlsx", {"Sheet1": []}))
    assert code == 2
    assert "Tệp 'trong.xlsx' không có dữ liệu (trang 'Sheet1' trống)." in err


def test_no_header(tmp_path):
    make_campaign(tmp_path)
    sheet = write_xlsx(tmp_path / "x.xlsx", {"Sheet1": [["Báo cáo tổng hợp"], ["Một", "Hai"], [1, 2]]})
    code, _, err = run(tmp_path, sheet)
    assert code == 2
    assert "Không tìm thấy dòng tiêu đề cột trong 30 dòng đầu của tệp 'x.xlsx' (trang 'Sheet1')" in err


def test_header_below_row_30_is_not_searched(tmp_path):
    make_campaign(tmp_path)
    rows = [[f"Ghi chú {i}"] for i in range(30)] + [HEADER, ROW_AN]
    code, _, err = run(tmp_path, write_xlsx(tmp_path / "x.xlsx", {"S": rows}))
    assert code == 2
    assert "Không tìm thấy dòng tiêu đề cột" in err


def test_header_without_name_column(tmp_path):
    make_campaign(tmp_path)
    sheet = write_xlsx(tmp_path / "x.xlsx", {"S": [["STT", "Chức vụ", "Đơn vị"], [1, "Chuyên viên", "Sở"]]})
    code, _, err = run(tmp_path, sheet)
    assert code == 2
    assert "không có cột 'Họ và tên' hoặc 'Tên tập thể'" in err


def test_header_only_is_unusable(tmp_path):
    make_campaign(tmp_path)
    code, _, err = run(tmp_path, simple_sheet(tmp_path / "x.xlsx", []))
    assert code == 2
    assert "có dòng tiêu đề nhưng không có dòng dữ liệu nào" in err


def test_unknown_campaign(tmp_path):
    make_campaign(tmp_path)
    code, _, err = run(tmp_path, simple_sheet(tmp_path / "x.xlsx", [ROW_AN]), campaign="khong-co")
    assert code == 2
    assert "Không tìm thấy phong trào 'khong-co'" in err
    code, _, err = run(tmp_path, simple_sheet(tmp_path / "y.xlsx", [ROW_AN]), campaign="../thoat")
    assert code == 2
    assert "Mã phong trào '../thoat' không hợp lệ" in err


# --- headers ----------------------------------------------------------------------------------

def header_fields(*titles) -> dict[str, int]:
    header = find_header(Table("S", [(1, list(titles))]))
    assert header is not None
    return header.columns


@pytest.mark.parametrize("title", ["Họ và tên", "HỌ VÀ TÊN", "Họ tên", "ho va ten", "Họ  và   tên (2)", "Tên tập thể",
                                   "Tên đơn vị", "Tên cá nhân, tập thể", "Tên cá nhân/tập thể", "Họ và tên:",
                                   unicodedata.normalize("NFD", "Họ và tên")])
def test_name_header_variants(title):
    assert header_fields("STT", title, "Hình thức khen thưởng")["name"] == 1


@pytest.mark.parametrize("title, field", [
    ("Chức vụ", "position"), ("CHỨC DANH", "position"), ("Đơn vị", "unit"), ("Đơn vị công tác", "unit"),
    ("Chức vụ, đơn vị công tác", "position_unit"), ("Chức vụ - Đơn vị công tác", "position_unit"),
    ("Hình thức", "award"), ("Khen thưởng", "award"), ("Hình thức khen thưởng", "award"),
    ("Số quyết định", "decision"), ("Số QĐ", "decision"), ("Ngày quyết định", "date"), ("Ngày QĐ", "date"),
    ("Ngày ký", "date"), ("Tóm tắt thành tích", "citation"), ("Thành tích", "citation"), ("Loại", "type"),
    ("Danh xưng", "honorific"), ("Cơ quan ký", "signer"), ("Mã", "id"),
])
def test_other_header_variants(title, field):
    assert header_fields("Họ và tên", title)[field] == 1


def test_legacy_header_is_recognised():
    assert header_fields(legacy.encode("Họ và tên", legacy.TCVN3), legacy.encode("Hình thức khen thưởng",
                                                                                   legacy.TCVN3)) == {"name": 0,
                                                                                                      "award": 1}


def test_two_row_header_for_decision_number_and_date(tmp_path):
    make_campaign(tmp_path)
    rows = [
        ["STT", "Họ và tên", "Đơn vị", "Hình thức khen thưởng", "Quyết định", None],
        [None, None, None, None, "Số", "Ngày"],
        [1, "Nguyễn Văn An", "Sở Nội vụ", FORMS[0], "7/QĐ-UBND", dt.datetime(2025, 9, 2)],
    ]
    sheet = write_xlsx(tmp_path / "x.xlsx", {"S": rows}, {"S": ["E1:F1", "A1:A2", "B1:B2", "C1:C2", "D1:D2"]})
    code, data = run_json(tmp_path, sheet)
    assert code == 0, data
    assert data["valid"][0]["row"] == 3
    assert (data["valid"][0]["decision"], data["valid"][0]["decision_date"]) == ("7/QĐ-UBND", "2025-09-02")


def test_combined_decision_column(tmp_path):
    make_campaign(tmp_path)
    rows = [["STT", "Họ và tên", "Hình thức khen thưởng", "Số, ngày quyết định"],
            [1, "Nguyễn Văn An", FORMS[0], "Số 7/QĐ-UBND ngày 02/9/2025"]]
    code, data = run_json(tmp_path, write_xlsx(tmp_path / "x.xlsx", {"S": rows}))
    assert code == 0, data
    assert (data["valid"][0]["decision"], data["valid"][0]["decision_date"]) == ("7/QĐ-UBND", "2025-09-02")


# --- fields -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, position, unit", [
    ("Chuyên viên, Phòng Tổ chức biên chế, Sở Nội vụ", "Chuyên viên", "Phòng Tổ chức biên chế, Sở Nội vụ"),
    ("Phó Trưởng phòng, Văn phòng Sở", "Phó Trưởng phòng", "Văn phòng Sở"),
    ("Giám đốc Trung tâm, Sở Nội vụ", "Giám đốc Trung tâm", "Sở Nội vụ"),
    ("Trường THPT Việt Bắc, Sở Giáo dục", "", "Trường THPT Việt Bắc, Sở Giáo dục"),
    ("Phòng Tổ chức, Sở Nội vụ", "", "Phòng Tổ chức, Sở Nội vụ"),
    ("Sở Nội vụ", "", "Sở Nội vụ"),
    ("Chuyên viên", "Chuyên viên", ""),
    ("Kế toán trưởng,  Ban Quản lý", "Kế toán trưởng", "Ban Quản lý"),
    ("Thanh tra viên, Thanh tra Sở", "Thanh tra viên", "Thanh tra Sở"),
    ("Lưu trữ viên, Chi cục Văn thư - Lưu trữ", "Lưu trữ viên", "Chi cục Văn thư - Lưu trữ"),
    ("", "", ""),
])
def test_position_unit_split(text, position, unit):
    assert importer._split_position_unit(text) == (position, unit)


@pytest.mark.parametrize("value, expected", [
    (dt.datetime(2025, 8, 15, 10, 30), dt.date(2025, 8, 15)),
    (dt.date(2025, 8, 15), dt.date(2025, 8, 15)),
    (45880, dt.date(2025, 8, 11)),
    (45880.75, dt.date(2025, 8, 11)),
    ("45880", dt.date(2025, 8, 11)),
    ("15/08/2025", dt.date(2025, 8, 15)),
    ("5/8/2025", dt.date(2025, 8, 5)),
    ("15-08-2025", dt.date(2025, 8, 15)),
    ("15.08.2025", dt.date(2025, 8, 15)),
    (" 15 / 08 / 2025 ", dt.date(2025, 8, 15)),
    ("2025-08-15", dt.date(2025, 8, 15)),
    ("ngày 15 tháng 8 năm 2025", dt.date(2025, 8, 15)),
    ("29/02/2024", dt.date(2024, 2, 29)),
])
def test_dates(value, expected):
    assert parse_date(value) == (expected, "")


@pytest.mark.parametrize("value, message", [
    ("31/02/2025", "Ngày '31/02/2025' không tồn tại (tháng 2 năm 2025 không có ngày 31)."),
    ("29/02/2025", "Ngày '29/02/2025' không tồn tại (tháng 2 năm 2025 không có ngày 29)."),
    ("15/13/2025", "Ngày '15/13/2025' không tồn tại (không có tháng 13)."),
    ("hôm qua", "Ngày quyết định 'hôm qua' không đúng dạng ngày/tháng/năm (ví dụ 15/08/2025)."),
    ("08/15", "Ngày quyết định '08/15' không đúng dạng ngày/tháng/năm (ví dụ 15/08/2025)."),
    (0, "Số 0 không phải ngày Excel hợp lệ."),
    ("01/01/1800", "Ngày 01/01/1800 nằm ngoài khoảng hợp lý (1900–2100)."),
])
def test_bad_dates(value, message):
    assert parse_date(value) == (None, message)


def test_honorifics_types_and_names(tmp_path):
    make_campaign(tmp_path)
    rows = [
        [1, "Ông:Nguyễn Văn An", None, "Sở Nội vụ", FORMS[0]],
        [2, "bà  trần thị bình", None, "Sở Nội vụ", FORMS[0]],
        [3, "Đ/c Lê Văn Cường", "Chuyên viên", "Sở Nội vụ", FORMS[0]],
        [4, "Ủy ban nhân dân xã Tân Văn", None, None, FORMS[0]],
        [5, "UBND huyện Bình Gia", None, None, FORMS[0]],
        [6, "Tập thể lớp bồi dưỡng", None, None, FORMS[0]],
        [7, "Tô Văn Lâm", None, "Sở Nội vụ", FORMS[0]],
        [8, "Vũ Thị Hoa", None, "Sở Nội vụ", FORMS[0]],
        [9, "Hội Cựu chiến binh cơ quan", None, None, FORMS[0]],
        [10, "NGUYỄN THỊ HẠNH", None, "Sở Nội vụ", FORMS[0]],
        [11, "Bà Rịa", "Công chức", "Sở Nội vụ", FORMS[0]],
    ]
    code, data = run_json(tmp_path, simple_sheet(tmp_path / "x.xlsx", rows), "--dry-run")
    assert code == 0, data
    got = [(r["type"], r["name"], r.get("honorific", "")) for r in data["valid"]]
    assert got == [
        ("ca-nhan", "Nguyễn Văn An", "Ông"),
        ("ca-nhan", "trần thị bình", "Bà"),
        ("ca-nhan", "Lê Văn Cường", ""),
        ("tap-the", "Ủy ban nhân dân xã Tân Văn", ""),
        ("tap-the", "UBND huyện Bình Gia", ""),
        ("tap-the", "Tập thể lớp bồi dưỡng", ""),
        ("ca-nhan", "Tô Văn Lâm", ""),
        ("ca-nhan", "Vũ Thị Hoa", ""),
        ("tap-the", "Hội Cựu chiến binh cơ quan", ""),
        ("ca-nhan", "NGUYỄN THỊ HẠNH", ""),
        ("ca-nhan", "Rịa", "Bà"),
    ]


def test_type_and_honorific_columns(tmp_path):
    make_campaign(tmp_path)
    header = ["STT", "Loại", "Danh xưng", "Họ và tên", "Đơn vị", "Hình thức khen thưởng"]
    rows = [
        [1, "Tập thể", None, "Nhóm nghiên cứu chuyển đổi số", "Sở Nội vụ", FORMS[0]],
        [2, "cá nhân", "ông", "Nguyễn Văn An", "Sở Nội vụ", FORMS[0]],
        [3, "tap-the", None, "Ban Thi đua", None, FORMS[0]],
        [4, "Hộ", None, "Nguyễn Văn Bình", None, FORMS[0]],
        [5, "Tập thể", "Bà", "Phòng Kế toán", None, FORMS[0]],
        [6, "Cá nhân", "Cô", "Lê Thị Cúc", None, FORMS[0]],
    ]
    code, data = run_json(tmp_path, simple_sheet(tmp_path / "x.xlsx", rows, header=header), "--dry-run")
    assert code == 1
    assert [(r["type"], r["name"], r.get("honorific", "")) for r in data["valid"]] == [
        ("tap-the", "Nhóm nghiên cứu chuyển đổi số", ""), ("ca-nhan", "Nguyễn Văn An", "Ông"),
        ("tap-the", "Ban Thi đua", "")]
    assert [(e["row"], e["field"], e["message"]) for e in data["errors"]] == [
        (6, "type", "Loại 'Hộ' không rõ; ghi 'Cá nhân' hoặc 'Tập thể'."),
        (7, "honorific", "Tập thể không có danh xưng Ông/Bà."),
        (8, "honorific", "Danh xưng 'Cô' không hợp lệ; ghi 'Ông' hoặc 'Bà', hoặc để trống."),
    ]


def test_section_headings_and_merged_cells_fill_the_rows_below(tmp_path):
    make_campaign(tmp_path)
    rows = [
        ["DANH SÁCH KHEN THƯỞNG"],
        ["STT", "Họ và tên", "Đơn vị", "Hình thức khen thưởng", "Số quyết định", "Ngày quyết định"],
        ["I", "TẬP THỂ"],
        [1, "Nhóm chuyển đổi số", "Sở Nội vụ", FORMS[1], "9/QĐ-SNV", "01/09/2025"],
        [2, "Nhóm cải cách hành chính", None, None, None, None],
        ["II. CÁ NHÂN"],
        ["1. Bằng khen của Chủ tịch UBND tỉnh"],
        [1, "Nguyễn Văn An", "Sở Nội vụ", None, "10/QĐ-UBND", "02/09/2025"],
        [2, "Trần Văn Bình", "Sở Nội vụ", None, None, None],
        ["Tổng cộng: 04"],
    ]
    # unit, award, decision and date of rows 4-5 merged; decision and date of rows 8-9 merged
    merges = ["A1:F1", "C4:C5", "D4:D5", "E4:E5", "F4:F5", "A6:F6", "A7:F7", "E8:E9", "F8:F9"]
    code, data = run_json(tmp_path, write_xlsx(tmp_path / "x.xlsx", {"S": rows}, {"S": merges}))
    assert code == 0, data
    got = [(r["row"], r["type"], r["name"], r.get("unit", ""), r["award"], r["decision"]) for r in data["valid"]]
    assert got == [
        (4, "tap-the", "Nhóm chuyển đổi số", "Sở Nội vụ", FORMS[1], "9/QĐ-SNV"),
        (5, "tap-the", "Nhóm cải cách hành chính", "Sở Nội vụ", FORMS[1], "9/QĐ-SNV"),
        (8, "ca-nhan", "Nguyễn Văn An", "Sở Nội vụ", FORMS[0], "10/QĐ-UBND"),
        (9, "ca-nhan", "Trần Văn Bình", "Sở Nội vụ", FORMS[0], "10/QĐ-UBND"),
    ]
    assert [d.number for d in loaded(tmp_path).decisions] == ["9/QĐ-SNV", "10/QĐ-UBND"]


def test_award_matching_ignores_case_accents_spacing_and_small_words(tmp_path):
    make_campaign(tmp_path)
    rows = [[i, f"Nguyễn Văn {n}", "Chuyên viên", "Sở Nội vụ", award] for i, (n, award) in enumerate([
        ("An", "BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH"),
        ("Bình", "bang khen cua chu tich ubnd tinh"),
        ("Cường", "Bằng khen  Chủ tịch Ủy ban nhân dân tỉnh"),
        ("Dũng", unicodedata.normalize("NFD", "Giấy khen của Giám đốc Sở Nội vụ")),
    ], start=1)]
    code, data = run_json(tmp_path, simple_sheet(tmp_path / "x.xlsx", rows), "--dry-run")
    assert code == 0, data
    assert [r["award"] for r in data["valid"]] == [FORMS[0], FORMS[0], FORMS[0], FORMS[1]]


def test_campaign_without_forms_names_it_in_the_error(tmp_path):
    make_campaign(tmp_path, forms=[])
    code, data = run_json(tmp_path, simple_sheet(tmp_path / "x.xlsx", [ROW_AN]))
    assert code == 1
    assert data["errors"][0]["message"] == (f"Hình thức '{FORMS[1]}' không có trong kế hoạch của phong trào "
                                            "(các hình thức: phong trào chưa khai báo hình thức nào).")


def test_decision_date_conflicting_with_declared_one_is_updated_with_a_note(tmp_path):
    folder = make_campaign(tmp_path)
    (folder / "honorees.yml").write_text(
        "decisions:\n- number: 12/QĐ-SNV\n  date: 2025-08-14\n  signer: Giám đốc Sở Nội vụ\nhonorees: []\n",
        encoding="utf-8")
    code, out, err = run(tmp_path, simple_sheet(tmp_path / "x.xlsx", [ROW_AN]))
    assert code == 0, err
    assert ("dòng 3: lưu ý [date]: Quyết định số 12/QĐ-SNV đã khai báo ngày 14/08/2025; đã sửa thành 15/08/2025 "
            "theo bảng tính.") in err
    decision = loaded(tmp_path).decisions[0]
    assert (decision.date, decision.signer) == (dt.date(2025, 8, 15), "Giám đốc Sở Nội vụ")


def test_decision_without_date_uses_the_declared_one(tmp_path):
    folder = make_campaign(tmp_path)
    (folder / "honorees.yml").write_text(
        "decisions:\n- number: 12/QĐ-SNV\n  date: 2025-08-14\nhonorees: []\n", encoding="utf-8")
    row = [1, "Nguyễn Văn An", "Chuyên viên", "Sở Nội vụ", FORMS[1], "Số: 12/QĐ-SNV", None]
    code, out, err = run(tmp_path, simple_sheet(tmp_path / "x.xlsx", [row]))
    assert code == 0, err
    campaign = loaded(tmp_path)
    assert campaign.honorees[0].decision.date == dt.date(2025, 8, 14)


def test_too_long_text_and_bad_id(tmp_path):
    make_campaign(tmp_path)
    header = ["Mã", "Họ và tên", "Hình thức khen thưởng", "Tóm tắt thành tích"]
    rows = [["Nguyễn Văn An", "Nguyễn Văn An", FORMS[0], "x" * 4001], ["an-2", "A" * 301, FORMS[0], ""]]
    code, data = run_json(tmp_path, simple_sheet(tmp_path / "x.xlsx", rows, header=header))
    assert code == 1
    assert [(e["row"], e["field"], e["message"]) for e in data["errors"]] == [
        (3, "id", "Mã 'Nguyễn Văn An' không hợp lệ: chỉ dùng chữ thường không dấu a-z, số 0-9 và dấu gạch nối."),
        (3, "citation", "Tóm tắt thành tích quá dài (4001 ký tự, tối đa 4000)."),
        (4, "name", "Họ và tên quá dài (301 ký tự, tối đa 300)."),
    ]


# --- legacy encodings -------------------------------------------------------------------------

def tcvn3_rows() -> list[list]:
    enc = lambda text: legacy.encode(text, legacy.TCVN3)  # noqa: E731
    return [
        [1, "Nguyễn Văn An", "Chuyên viên", "Sở Nội vụ", FORMS[1], "12/QĐ-SNV", "15/08/2025"],
        [2, enc("Ông Đặng Văn Bình"), enc("Phó"), enc("Phòng Tổ chức cán bộ"),
         enc("Giấy khen của Giám đốc Sở Nội vụ"), "12/QĐ-SNV", "15/08/2025", enc("Hoàn thành xuất sắc nhiệm vụ.")],
    ]


def test_tcvn3_row_is_reported_without_convert_legacy(tmp_path):
    make_campaign(tmp_path)
    code, data = run_json(tmp_path, simple_sheet(tmp_path / "abc.xlsx", tcvn3_rows()))
    assert code == 1
    assert [(e["row"], e["field"]) for e in data["errors"]] == [
        (4, "name"), (4, "position"), (4, "unit"), (4, "award"), (4, "citation")]
    assert data["errors"][0]["message"] == (
        "Cột 'Họ và tên' có chữ gõ bằng bảng mã cũ TCVN3 ('¤ng §Æng V¨n B×nh', đọc đúng là 'Ông Đặng Văn Bình'); "
        "không nhập chữ lỗi phông. Chạy lại với --convert-legacy để tự chuyển, hoặc chuyển mã sang Unicode bằng Unikey.")
    assert [r["row"] for r in data["valid"]] == [3]
    assert not honorees_path(tmp_path).exists()


def test_tcvn3_row_is_never_written_as_is_even_with_skip_invalid(tmp_path):
    make_campaign(tmp_path)
    code, _, _ = run(tmp_path, simple_sheet(tmp_path / "abc.xlsx", tcvn3_rows()), "--skip-invalid")
    assert code == 1
    assert [h.name for h in loaded(tmp_path).honorees] == ["Nguyễn Văn An"]


def test_tcvn3_row_is_converted_with_convert_legacy(tmp_path):
    make_campaign(tmp_path)
    code, out, err = run(tmp_path, simple_sheet(tmp_path / "abc.xlsx", tcvn3_rows()), "--convert-legacy")
    assert code == 0, err
    assert ("dòng 4: lưu ý [name]: Cột 'Họ và tên' dùng bảng mã cũ TCVN3; đã chuyển sang Unicode: "
            "'Ông Đặng Văn Bình'.") in err
    binh = loaded(tmp_path).honorees[1]
    assert (binh.name, binh.honorific, binh.position, binh.unit, binh.award.name, binh.citation) == (
        "Đặng Văn Bình", "Ông", "Phó", "Phòng Tổ chức cán bộ", FORMS[1], "Hoàn thành xuất sắc nhiệm vụ.")


def test_vni_row_is_converted(tmp_path):
    make_campaign(tmp_path)
    enc = lambda text: legacy.encode(text, legacy.VNI)  # noqa: E731
    rows = [[1, enc("Bà Lương Thị Ánh Tuyết"), enc("Trưởng phòng"), enc("Văn phòng Sở"), enc(FORMS[0])]]
    code, data = run_json(tmp_path, simple_sheet(tmp_path / "vni.xlsx", rows), "--convert-legacy")
    assert code == 0, data
    row = data["valid"][0]
    assert (row["name"], row["honorific"], row["position"], row["unit"], row["award"]) == (
        "Lương Thị Ánh Tuyết", "Bà", "Trưởng phòng", "Văn phòng Sở", FORMS[0])
    assert {w["field"] for w in data["warnings"]} == {"name", "position", "unit", "award"}


# --- CSV ----------------------------------------------------------------------------------------

CSV_ROWS = [["DANH SÁCH KHEN THƯỞNG"], [], HEADER,
            ["1", "Ông Nguyễn Văn An", "Chuyên viên", "Phòng Tổ chức biên chế", FORMS[1], "12/QĐ-SNV", "15/08/2025",
             "Hoàn thành xuất sắc nhiệm vụ."],
            [],
            ["2", "Trần Thị Bình", "Phó Trưởng phòng", "Văn phòng Sở", FORMS[1], "12/QĐ-SNV", "15/08/2025", ""]]


@pytest.mark.parametrize("encoding, delimiter", [("utf-8", ","), ("utf-8-sig", ","), ("utf-8-sig", ";"),
                                                 ("utf-8", "\t")])
def test_csv_utf8(tmp_path, encoding, delimiter):
    make_campaign(tmp_path)
    path = write_csv(tmp_path / "ds.csv", CSV_ROWS, encoding, delimiter)
    code, data = run_json(tmp_path, path)
    assert code == 0, data
    assert data["warnings"] == []
    assert [(r["sheet"], r["row"], r["name"], r.get("honorific")) for r in data["valid"]] == [
        ("ds.csv", 4, "Nguyễn Văn An", "Ông"), ("ds.csv", 6, "Trần Thị Bình", None)]
    assert [h.name for h in loaded(tmp_path).honorees] == ["Nguyễn Văn An", "Trần Thị Bình"]


def test_csv_windows_1258_is_detected_and_said(tmp_path):
    make_campaign(tmp_path)
    path = tmp_path / "ds.csv"
    text = "\r\n".join(",".join(r) for r in CSV_ROWS) + "\r\n"
    # Windows-1258 keeps some tones as combining marks: encode the decomposed form where needed
    path.write_bytes(_cp1258(text))
    code, data = run_json(tmp_path, path)
    assert code == 0, data
    assert data["warnings"][0]["message"].startswith("Tệp CSV được lưu bằng bảng mã Windows-1258 (tiếng Việt)")
    assert [r["name"] for r in data["valid"]] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert data["valid"][0]["award"] == FORMS[1]


def _cp1258(text: str) -> bytes:
    """Windows-1258 has ă â ê ô ơ ư đ and some toned letters; other tones follow as combining marks."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            tones = [m for m in marks if m in legacy.TONES]
            letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tones))
            out += (letter + "".join(tones)).encode("cp1258")
    return bytes(out)


def test_csv_windows_1252_with_tcvn3_text(tmp_path):
    make_campaign(tmp_path)
    enc = lambda text: legacy.encode(text, legacy.TCVN3)  # noqa: E731
    rows = [[enc(title) for title in HEADER],
            ["1", enc("Nguyễn Văn Đức"), enc("Chuyên viên"), enc("Sở Nội vụ"), enc(FORMS[1]), enc("12/QĐ-SNV"),
             "15/08/2025"]]
    path = write_csv(tmp_path / "abc.csv", rows, "cp1252")
    code, data = run_json(tmp_path, path)
    assert code == 1
    assert data["warnings"][0]["message"].startswith("Tệp CSV không phải UTF-8; đã đọc theo bảng mã Windows-1252")
    assert {(e["row"], e["field"]) for e in data["errors"]} == {(2, "name"), (2, "position"), (2, "unit"),
                                                                 (2, "award"), (2, "decision")}
    code, data = run_json(tmp_path, path, "--convert-legacy")
    assert code == 0, data
    valid = data["valid"][0]
    assert (valid["name"], valid["unit"], valid["decision"]) == ("Nguyễn Văn Đức", "Sở Nội vụ", "12/QĐ-SNV")


# --- sheets ----------------------------------------------------------------------------------

def test_every_sheet_with_a_header_is_imported_and_sheet_names_hint_the_type(tmp_path):
    make_campaign(tmp_path)
    header = ["STT", "Tên", "Hình thức khen thưởng"]
    path = write_xlsx(tmp_path / "x.xlsx", {
        "Hướng dẫn": [["Điền danh sách vào các trang sau."]],
        "Tập thể": [header, [1, "Nhóm chuyển đổi số", FORMS[0]]],
        "Cá nhân": [header, [1, "Lò Văn Pó", FORMS[0]], [2, "Phòng Văn", FORMS[0]]],
    })
    code, data = run_json(tmp_path, path, "--dry-run")
    assert code == 0, data
    assert [(r["sheet"], r["row"], r["type"], r["name"]) for r in data["valid"]] == [
        ("Tập thể", 2, "tap-the", "Nhóm chuyển đổi số"), ("Cá nhân", 2, "ca-nhan", "Lò Văn Pó"),
        ("Cá nhân", 3, "ca-nhan", "Phòng Văn")]
    assert data["warnings"] == [{"row": 0, "sheet": "Hướng dẫn", "field": "",
                                 "message": "Bỏ qua trang này: không thấy dòng tiêu đề cột."}]
    code, data = run_json(tmp_path, path, "--dry-run", "--sheet", "ca nhan")
    assert [r["sheet"] for r in data["valid"]] == ["Cá nhân", "Cá nhân"]
    code, _, err = run(tmp_path, path, "--sheet", "Khác")
    assert code == 2
    assert "Tệp 'x.xlsx' không có trang 'Khác'; các trang: 'Hướng dẫn', 'Tập thể', 'Cá nhân'." in err


def test_same_person_on_two_sheets_is_a_duplicate(tmp_path):
    make_campaign(tmp_path)
    header = ["STT", "Họ và tên", "Hình thức khen thưởng"]
    path = write_xlsx(tmp_path / "x.xlsx", {"A": [header, [1, "Nguyễn Văn An", FORMS[0]]],
                                             "B": [header, [1, "Nguyễn Văn  An", FORMS[0]]]})
    code, data = run_json(tmp_path, path)
    assert code == 1
    assert data["errors"] == [{"row": 2, "sheet": "B", "field": "name",
                               "message": "Trùng với dòng 2 (trang 'A'): cùng tên, đơn vị và hình thức khen thưởng."}]


# --- benchmark -----------------------------------------------------------------------------------

def test_bench_reports_timings():
    from benchmarks.importer import bench
    result = bench(200)
    assert result["rows"] == 200 and result["added"] == 200 and result["errors"] == 0 and result["written"]
    for key in ("build_sheet", "read", "parse", "merge", "write", "import_total", "reimport_total"):
        assert isinstance(result[key], float)
    assert result["reimport_unchanged"]


def test_fresh_honorees_file_with_only_comments(tmp_path):
    folder = make_campaign(tmp_path)
    (folder / "honorees.yml").write_text(f"{SCHEMA_LINE}\n# Danh sách khen thưởng.\n", encoding="utf-8")
    code, _, err = run(tmp_path, simple_sheet(tmp_path / "x.xlsx", [ROW_AN]))
    assert code == 0, err
    text = honorees_path(tmp_path).read_text(encoding="utf-8")
    assert text.startswith(f"{SCHEMA_LINE}\n# Danh sách khen thưởng.\ndecisions:\n")
    assert [h.name for h in loaded(tmp_path).honorees] == ["Nguyễn Văn An"]


def test_unknown_columns_are_named(tmp_path):
    make_campaign(tmp_path)
    header = ["STT", "Họ và tên", "Hình thức khen thưởng", "Ghi chú", "Số điện thoại", "Mã phong trào"]
    rows = [[1, "Nguyễn Văn An", FORMS[0], "Truy tặng", "0912345678", CID]]
    code, data = run_json(tmp_path, simple_sheet(tmp_path / "x.xlsx", rows, header=header))
    assert code == 0, data
    assert [w["message"] for w in data["warnings"]] == [
        "Cột 'Số điện thoại' chứa dữ liệu cá nhân; không nhập và không công bố (Nghị định 13/2023/NĐ-CP).",
        "Bỏ qua cột 'Ghi chú' (không thuộc danh sách khen thưởng).",
    ]
    assert "0912345678" not in honorees_path(tmp_path).read_text(encoding="utf-8")


LINE_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=300)


@settings(max_examples=300, deadline=None)
@given(LINE_TEXT, st.lists(LINE_TEXT, min_size=1, max_size=3))
def test_written_yaml_reads_back_the_same_text(name, paragraphs):
    name = importer.one_line(name) or "A"
    citation = importer.paragraphs("\n\n".join(paragraphs)) or "B"
    data = {"honorees": [{"type": "ca-nhan", "name": name, "award": "yes", "citation": citation}]}
    text = importer.dump(data, [SCHEMA_LINE])
    assert yaml.safe_load(text) == data

    assert importer.dump(yaml.safe_load(text), [SCHEMA_LINE]) == text


def test_reimport_leaves_a_hand_formatted_file_untouched(tmp_path):
    folder = make_campaign(tmp_path)
    hand = textwrap.dedent(f"""\
        {SCHEMA_LINE}
        decisions:
          - number: 12/QĐ-SNV
            date: 2025-08-15
        honorees:
          - type: ca-nhan
            name: "Nguyễn Văn An"
            position: Chuyên viên
            unit: Phòng Tổ chức biên chế
            award: Giấy khen của Giám đốc Sở Nội vụ
            decision: 12/QĐ-SNV
            citation: >-
              Hoàn thành xuất sắc
              nhiệm vụ.
        """)
    (folder / "honorees.yml").write_text(hand, encoding="utf-8")
    code, out, _ = run(tmp_path, simple_sheet(tmp_path / "x.xlsx", [ROW_AN]))
    assert code == 0
    assert "không có gì thay đổi" in out
    assert (folder / "honorees.yml").read_text(encoding="utf-8") == hand


def test_long_text_is_folded_never_wrapped_plain():
    long_unit = "Phòng Xây dựng chính quyền và Công tác thanh niên, Sở Nội vụ tỉnh Lạng Sơn, Ủy ban nhân dân tỉnh"
    data = {"honorees": [{"type": "ca-nhan", "name": "Nguyễn Văn An", "unit": long_unit, "award": "Giấy khen"}]}
    text = importer.dump(data, [SCHEMA_LINE])
    assert "  unit: >-\n    Phòng Xây dựng" in text
    assert max(len(line) for line in text.splitlines()) <= 100
    assert yaml.safe_load(text) == data


def test_write_failure_is_reported_not_crashed(tmp_path):
    folder = make_campaign(tmp_path)
    (folder / "honorees.yml").mkdir()  # something that cannot be replaced by a file
    code, _, err = run(tmp_path, simple_sheet(tmp_path / "x.xlsx", [ROW_AN]))
    assert code == 1
    assert "lỗi: Không ghi được tệp" in err
    assert sorted(p.name for p in folder.iterdir()) == ["campaign.yml", "honorees.yml"]
