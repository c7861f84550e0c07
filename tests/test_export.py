"""Open-data tables (CSV, XLSX, JSON) and the round trip YAML -> export -> import."""
from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from thidua import export, importer
from thidua.load import load_campaign

FORMS = ["Bằng khen của Chủ tịch UBND tỉnh", "Giấy khen của Giám đốc Sở Nội vụ"]
CID = "thi-dua-2025"
HONOREES_YML = """\
decisions:
- number: 123/QĐ-UBND
  date: 2025-08-15
  signer: Chủ tịch UBND tỉnh
- number: 45/QĐ-SNV
  date: 2025-08-11
honorees:
- type: ca-nhan
  name: Nguyễn Văn An
  honorific: Ông
  position: Chuyên viên
  unit: Phòng Tổ chức biên chế, Sở Nội vụ
  award: Bằng khen của Chủ tịch UBND tỉnh
  decision: 123/QĐ-UBND
  citation: Hoàn thành xuất sắc nhiệm vụ năm 2024.
- id: binh-van-phong
  type: ca-nhan
  name: Trần Thị Bình
  honorific: Bà
  position: Phó Chánh Văn phòng
  unit: Văn phòng Sở
  award: Giấy khen của Giám đốc Sở Nội vụ
  decision: 45/QĐ-SNV
  citation: |-
    Có nhiều sáng kiến, cải tiến; "Bàn tay vàng" năm 2024

    - Đạt danh hiệu Lao động tiên tiến.
- type: tap-the
  name: Phòng Tổ chức biên chế
  unit: Sở Nội vụ
  award: Giấy khen của Giám đốc Sở Nội vụ
  decision: 45/QĐ-SNV
- type: ca-nhan
  name: Nguyễn Văn An
  unit: Trung tâm Lưu trữ lịch sử
  award: Giấy khen của Giám đốc Sở Nội vụ
  citation: =1+1 không phải công thức
- type: tap-the
  name: Tổ Một cửa
  award: Bằng khen của Chủ tịch UBND tỉnh
"""


def make_campaign(root: Path, campaign_id: str = CID, honorees: str | None = None) -> Path:
    folder = root / "campaigns" / campaign_id
    folder.mkdir(parents=True)
    (folder / "campaign.yml").write_text(
        f"id: {campaign_id}\ntitle: Phong trào thi đua đặc biệt năm 2025\nissuer:\n  name: Sở Nội vụ tỉnh Thử\n"
        "body:\n- text: Nội dung kế hoạch.\nsigner:\n  title: GIÁM ĐỐC\n  name: Nguyễn Văn Ký\n"
        "facts:\n  period:\n    start: 2025-01-01\n    end: 2025-07-31\n  awards:\n"
        + "".join(f"  - name: {f}\n" for f in FORMS), encoding="utf-8")
    if honorees is not None:
        (folder / "honorees.yml").write_text(honorees, encoding="utf-8")
    return folder


def load(root: Path, campaign_id: str = CID):
    campaign, problems = load_campaign(root / "campaigns" / campaign_id, root / "campaigns")
    assert [str(p) for p in problems] == []
    return campaign


def url_for(campaign, honoree) -> str:
    return f"/phong-trao/{honoree.campaign_id}/{honoree.id}/"


@pytest.fixture
def rows(tmp_path):
    make_campaign(tmp_path, honorees=HONOREES_YML)
    return export.honoree_rows([load(tmp_path)], url_for)


def test_fields_and_titles():
    assert [key for key, _ in export.HONOREE_FIELDS] == [
        "id", "loai", "ho_ten", "danh_xung", "chuc_vu", "don_vi", "hinh_thuc", "so_quyet_dinh", "ngay_quyet_dinh",
        "co_quan_ky", "tom_tat_thanh_tich", "phong_trao", "ten_phong_trao", "nam", "url"]
    titles = dict(export.HONOREE_FIELDS)
    assert (titles["ho_ten"], titles["chuc_vu"], titles["don_vi"], titles["hinh_thuc"], titles["so_quyet_dinh"],
            titles["ngay_quyet_dinh"], titles["tom_tat_thanh_tich"]) == (
        "Họ và tên", "Chức vụ", "Đơn vị", "Hình thức khen thưởng", "Số quyết định", "Ngày quyết định",
        "Tóm tắt thành tích")


def test_honoree_rows(rows):
    assert rows[0] == {
        "id": "nguyen-van-an", "loai": "Cá nhân", "ho_ten": "Nguyễn Văn An", "danh_xung": "Ông",
        "chuc_vu": "Chuyên viên", "don_vi": "Phòng Tổ chức biên chế, Sở Nội vụ",
        "hinh_thuc": "Bằng khen của Chủ tịch UBND tỉnh", "so_quyet_dinh": "123/QĐ-UBND",
        "ngay_quyet_dinh": "15/08/2025", "co_quan_ky": "Chủ tịch UBND tỉnh",
        "tom_tat_thanh_tich": "Hoàn thành xuất sắc nhiệm vụ năm 2024.", "phong_trao": CID,
        "ten_phong_trao": "Phong trào thi đua đặc biệt năm 2025", "nam": 2025,
        "url": "/phong-trao/thi-dua-2025/nguyen-van-an/",
    }
    assert [(r["id"], r["loai"], r["so_quyet_dinh"], r["ngay_quyet_dinh"]) for r in rows[1:]] == [
        ("binh-van-phong", "Cá nhân", "45/QĐ-SNV", "11/08/2025"),
        ("phong-to-chuc-bien-che", "Tập thể", "45/QĐ-SNV", "11/08/2025"),
        ("nguyen-van-an-2", "Cá nhân", "", ""),
        ("to-mot-cua", "Tập thể", "", ""),
    ]


def test_csv_shape(rows):
    data = export.to_csv(rows)
    assert data.startswith("\ufeff".encode("utf-8") + "Mã,Loại,Họ và tên,Danh xưng,Chức vụ,Đơn vị,".encode("utf-8"))
    text = data.decode("utf-8-sig")
    assert text.count("\r\n") == len(rows) + 1  # records end in CRLF; a citation's own breaks stay LF
    assert text.endswith("/phong-trao/thi-dua-2025/to-mot-cua/\r\n")
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert parsed[0] == [title for _, title in export.HONOREE_FIELDS]
    assert parsed[2][10] == 'Có nhiều sáng kiến, cải tiến; "Bàn tay vàng" năm 2024\n\n- Đạt danh hiệu Lao động tiên tiến.'
    assert export.to_csv(rows) == data


def test_xlsx_layout_and_reproducible_bytes(rows):
    data = export.to_xlsx(rows, "DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC KHEN THƯỞNG")
    assert data == export.to_xlsx(rows, "DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC KHEN THƯỞNG")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        assert b"2000-01-01T00:00:00Z" in archive.read("docProps/core.xml")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].value == "DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC KHEN THƯỞNG"
    assert "A1:O1" in {str(r) for r in sheet.merged_cells.ranges}
    assert [c.value for c in sheet[2]] == [title for _, title in export.HONOREE_FIELDS]
    assert all(c.font.bold for c in sheet[2])
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["C"].width == 30
    assert sheet["C3"].value == "Nguyễn Văn An"
    assert sheet["I3"].value == dt.datetime(2025, 8, 15) and sheet["I3"].number_format == "DD/MM/YYYY"
    assert sheet["N3"].value == 2025
    assert sheet["K6"].value == "=1+1 không phải công thức" and sheet["K6"].data_type == "s"
    assert sheet.max_row == len(rows) + 2


def test_xlsx_without_rows():
    sheet = openpyxl.load_workbook(io.BytesIO(export.to_xlsx([], "DANH SÁCH"))).active
    assert sheet.max_row == 2


def test_the_archive_wide_sheet_read_campaign_by_campaign_is_one_table_of_all_rows(rows):
    many = [{**row, "id": f"{row['id']}-{i}"} for i in range(1100) for row in rows]  # 5,500 rows
    whole = export.to_xlsx(many, "DANH SÁCH")
    batches = [many[i:i + 7] for i in range(0, len(many), 7)] + [[]]  # a campaign without honorees too
    assert export.xlsx_of_batches(batches, "DANH SÁCH") == whole
    values = list(openpyxl.load_workbook(io.BytesIO(whole), read_only=True).active.iter_rows(values_only=True))
    assert len(values) == len(many) + 2
    assert values[-1][0] == f"{rows[-1]['id']}-1099" and values[-1][2] == rows[-1]["ho_ten"]
    assert values[5002][8] == dt.datetime(2025, 8, 15) and values[5002][13] == 2025


def test_xlsx_opens_with_openpyxl_bold_frozen_dated_and_formula_safe(rows):
    data = export.to_xlsx(rows, "DANH SÁCH KHEN THƯỞNG")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Danh sách"]
    sheet = workbook.active
    assert sheet["A1"].font.bold and sheet["A1"].value == "DANH SÁCH KHEN THƯỞNG"
    assert [c.font.bold for c in sheet[2]] == [True] * len(export.HONOREE_FIELDS)
    assert not sheet["C3"].font.bold
    assert sheet.freeze_panes == "A3"
    assert {letter: sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJKLMNO"} == {
        letter: export.COLUMN_WIDTHS[key] for letter, key in zip("ABCDEFGHIJKLMNO", export.FIELD_KEYS)}
    date = sheet["I4"]
    assert date.is_date and date.value == dt.datetime(2025, 8, 11)
    assert date.number_format.lower() == "dd/mm/yyyy"
    assert sheet["I6"].value is None  # no decision, no date
    assert sheet["N3"].data_type == "n" and sheet["N3"].value == 2025
    formula_like = sheet["K6"]
    assert formula_like.data_type == "s" and formula_like.value == "=1+1 không phải công thức"
    assert sheet["K4"].alignment.wrap_text
    # the read-only reader the importer uses sees the same table
    fast = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
    values = list(fast.iter_rows(values_only=True))
    assert values[1] == tuple(title for _, title in export.HONOREE_FIELDS)
    assert values[5][10] == "=1+1 không phải công thức"
    assert values[2][8] == dt.datetime(2025, 8, 15) and values[2][13] == 2025
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")  # no formula anywhere


def test_xlsx_package_is_minimal_well_formed_xml(rows):
    from xml.etree import ElementTree

    with zipfile.ZipFile(io.BytesIO(export.to_xlsx(rows, "DANH SÁCH"))) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == [
            "[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml", "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"]
        for name in archive.namelist():
            ElementTree.fromstring(archive.read(name))
        content_types = archive.read("[Content_Types].xml").decode()
        for name in archive.namelist():
            if not name.endswith(".rels") and name != "[Content_Types].xml":
                assert f'PartName="/{name}"' in content_types
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())


def test_xlsx_text_is_kept_exactly(rows):
    tricky = [
        "A & B <b>x</b> \"q\" 'a'",
        "  dấu cách đầu và cuối  ",
        "dòng 1\r\ndòng 2\nTab\tđây",
        "mã _x0041_ giữ nguyên",
        "=SUM(A1:A2)",
        "+84 912 345 678",
    ]
    changed = [dict(row, tom_tat_thanh_tich=text) for row, text in zip(rows * 2, tricky)]
    data = export.to_xlsx(changed, "DANH SÁCH <A & B>")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].value == "DANH SÁCH <A & B>"
    assert [sheet.cell(row=n, column=11).value for n in range(3, 3 + len(tricky))] == tricky
    assert all(sheet.cell(row=n, column=11).data_type == "s" for n in range(3, 3 + len(tricky)))
    assert openpyxl.load_workbook(io.BytesIO(data)).properties.title == "DANH SÁCH <A & B>"


def test_xlsx_control_characters_do_not_break_the_file(rows):
    from xml.etree import ElementTree

    changed = [dict(rows[0], tom_tat_thanh_tich="chuông\x07 và NUL\x00 và \ufffe"),
               dict(rows[1], ho_ten="Tab\x0bdọc")]
    data = export.to_xlsx(changed, "DANH SÁCH\x01")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            ElementTree.fromstring(archive.read(name))
        strings = archive.read("xl/sharedStrings.xml").decode()
    # the OOXML escape, which Excel and LibreOffice turn back into the character
    assert "chuông_x0007_ và NUL_x0000_ và _xFFFE_" in strings and "Tab_x000B_dọc" in strings
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["C4"].value.startswith("Tab") and sheet["C4"].value.endswith("dọc")


def test_xlsx_accepts_missing_keys_and_other_types(rows):
    odd = [{"id": 17, "ho_ten": "Lê Văn Một", "nam": "2024-2025", "ngay_quyet_dinh": None},
           {**rows[0], "nam": None}]
    sheet = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(odd, "DANH SÁCH"))).active
    assert [c.value for c in sheet[3]][:3] == ["17", None, "Lê Văn Một"]
    assert sheet["N3"].value == "2024-2025" and sheet["N4"].value is None
    assert sheet["I3"].value is None and sheet["I4"].value == dt.datetime(2025, 8, 15)


def test_xlsx_is_written_without_openpyxl(rows):
    import os
    import pickle
    import subprocess
    import sys

    script = ("import pickle, sys; from thidua import export; "
              "export.to_xlsx(pickle.loads(sys.stdin.buffer.read()), 'DANH SÁCH'); "
              "assert 'openpyxl' not in sys.modules")
    run = subprocess.run([sys.executable, "-c", script], input=pickle.dumps(rows), capture_output=True,
                         env={**os.environ, "PYTHONPATH": str(Path(export.__file__).parents[1])})
    assert run.returncode == 0, run.stderr.decode()


# --- the round trip ------------------------------------------------------------------------------

def import_into_empty_campaign(tmp_path: Path, file: Path) -> tuple[int, str]:
    make_campaign(tmp_path / "empty")
    parser = argparse.ArgumentParser()
    importer.add_arguments(parser)
    args = parser.parse_args([str(file), "--campaign", CID, "--root", str(tmp_path / "empty" / "campaigns")])
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = importer.run(args)
    return code, err.getvalue()


def facts(campaign) -> list[tuple]:
    return [(h.id, h.type, h.name, h.honorific, h.position, h.unit, h.award.name,
             h.decision.number if h.decision else "", h.decision.date if h.decision else None,
             h.decision.signer if h.decision else "", h.citation) for h in campaign.honorees]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_round_trip_loses_nothing(tmp_path, rows, kind):
    original = load(tmp_path)
    path = tmp_path / f"du-lieu.{kind}"
    path.write_bytes(export.to_csv(rows) if kind == "csv" else export.to_xlsx(rows, "DANH SÁCH KHEN THƯỞNG"))
    code, err = import_into_empty_campaign(tmp_path, path)
    assert code == 0, err
    assert "lỗi" not in err
    again = load(tmp_path / "empty")
    assert facts(again) == facts(original)
    assert [(d.number, d.date, d.signer) for d in again.decisions] == [
        (d.number, d.date, d.signer) for d in original.decisions]
    # and the export of the imported campaign is the same table
    assert export.to_csv(export.honoree_rows([again], url_for)) == export.to_csv(rows)


def test_csv_never_hands_excel_a_formula_and_import_reads_it_back():
    from thidua.importer.records import cell_text
    row = {key: "" for key in export.FIELD_KEYS}
    row.update(ho_ten="Nguyễn Văn An", tom_tat_thanh_tich="- Hoàn thành xuất sắc nhiệm vụ", chuc_vu="=HYPERLINK(1)")
    text = export.to_csv([row]).decode("utf-8-sig")
    line = list(csv.reader(io.StringIO(text, newline="")))[1]
    assert "'- Hoàn thành xuất sắc nhiệm vụ" in line and "'=HYPERLINK(1)" in line
    assert cell_text("'- Hoàn thành xuất sắc nhiệm vụ") == "- Hoàn thành xuất sắc nhiệm vụ"
    assert cell_text("-") == "" and cell_text("'Bình thường") == "'Bình thường"
