"""Open-data tables of honorees for the archive: CSV, XLSX and JSON.

One row per honoree, the columns of HONOREE_FIELDS in that order. The CSV and XLSX carry
Vietnamese column titles that `scripts/portal import` recognises, so a downloaded table can
be imported again. Every output is byte-reproducible for the same input (fixed workbook
timestamps, fixed zip entry dates), so a rebuild does not change published files.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from typing import Callable, Iterable

from .model import Campaign, Honoree

# (key, column title): the open-data columns, in order.
HONOREE_FIELDS: list[tuple[str, str]] = [
    ("id", "Mã"),
    ("loai", "Loại"),
    ("ho_ten", "Họ và tên"),
    ("danh_xung", "Danh xưng"),
    ("chuc_vu", "Chức vụ"),
    ("don_vi", "Đơn vị"),
    ("hinh_thuc", "Hình thức khen thưởng"),
    ("so_quyet_dinh", "Số quyết định"),
    ("ngay_quyet_dinh", "Ngày quyết định"),
    ("co_quan_ky", "Cơ quan ký"),
    ("tom_tat_thanh_tich", "Tóm tắt thành tích"),
    ("phong_trao", "Mã phong trào"),
    ("ten_phong_trao", "Tên phong trào"),
    ("nam", "Năm"),
    ("url", "Đường dẫn"),
]
COLUMN_WIDTHS = {"id": 22, "loai": 10, "ho_ten": 30, "danh_xung": 10, "chuc_vu": 26, "don_vi": 40, "hinh_thuc": 36,
                 "so_quyet_dinh": 18, "ngay_quyet_dinh": 14, "co_quan_ky": 28, "tom_tat_thanh_tich": 60,
                 "phong_trao": 30, "ten_phong_trao": 50, "nam": 8, "url": 50}
FIELD_KEYS = [key for key, _ in HONOREE_FIELDS]
TYPE_LABELS = {"ca-nhan": "Cá nhân", "tap-the": "Tập thể"}
FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def honoree_rows(campaigns: Iterable[Campaign], url_for: Callable[[Honoree], str]) -> list[dict]:
    """One dict per honoree, campaigns in the order given, honorees in file order."""
    rows = []
    for campaign in campaigns:
        for honoree in sorted(campaign.honorees, key=lambda h: h.order):
            rows.append(honoree_row(campaign, honoree, url_for(honoree)))
    return rows


def honoree_row(campaign: Campaign, honoree: Honoree, url: str) -> dict:
    decision = honoree.decision
    return {
        "id": honoree.id,
        "loai": TYPE_LABELS[honoree.type],
        "ho_ten": honoree.name,
        "danh_xung": honoree.honorific,
        "chuc_vu": honoree.position,
        "don_vi": honoree.unit,
        "hinh_thuc": honoree.award.name,
        "so_quyet_dinh": decision.number if decision else "",
        "ngay_quyet_dinh": f"{decision.date:%d/%m/%Y}" if decision else "",
        "co_quan_ky": decision.signer if decision else "",
        "tom_tat_thanh_tich": honoree.citation,
        "phong_trao": campaign.id,
        "ten_phong_trao": campaign.title,
        "nam": campaign.year,
        "url": url,
    }


# --- CSV ------------------------------------------------------------------------------------

def to_csv(rows: list[dict]) -> bytes:
    """UTF-8 with BOM (so Excel reads Vietnamese correctly), CRLF, titles in the first row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([title for _, title in HONOREE_FIELDS])
    for row in rows:
        writer.writerow(["" if row.get(key) is None else str(row.get(key)) for key in FIELD_KEYS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# --- JSON -----------------------------------------------------------------------------------

def to_json(rows: list[dict]) -> bytes:
    return (json.dumps(rows, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


# --- XLSX -----------------------------------------------------------------------------------

def to_xlsx(rows: list[dict], title: str) -> bytes:
    """A title row, a bold frozen header, fixed widths; dates as real dates shown dd/mm/yyyy."""
    workbook = _workbook(rows, title)
    return _reproducible_zip(_save(workbook))


def _workbook(rows: list[dict], title: str):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.properties.creator = "thidua"
    workbook.properties.lastModifiedBy = "thidua"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    workbook.properties.title = title
    sheet = workbook.active
    sheet.title = "Danh sách"
    last = get_column_letter(len(HONOREE_FIELDS))
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.merge_cells(f"A1:{last}1")
    sheet.row_dimensions[1].height = 30
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for col, (key, column_title) in enumerate(HONOREE_FIELDS, start=1):
        cell = sheet.cell(row=2, column=col, value=column_title)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(col)].width = COLUMN_WIDTHS[key]
    for number, row in enumerate(rows, start=3):
        for col, key in enumerate(FIELD_KEYS, start=1):
            _put(sheet.cell(row=number, column=col), key, row.get(key))
    sheet.freeze_panes = "A3"
    if rows:
        sheet.auto_filter.ref = f"A2:{last}{len(rows) + 2}"
    return workbook


def _put(cell, key: str, value) -> None:
    """Dates as dates, the year as a number, everything else as text (never a formula)."""
    if value in (None, ""):
        return
    if key == "ngay_quyet_dinh":
        cell.value = dt.datetime.strptime(value, "%d/%m/%Y")
        cell.number_format = "DD/MM/YYYY"
        return
    if key == "nam" and isinstance(value, int):
        cell.value = value
        return
    cell.value = str(value)
    cell.data_type = "s"  # a citation starting with '=' stays text
    if key == "tom_tat_thanh_tich":
        from openpyxl.styles import Alignment

        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _save(workbook) -> bytes:
    """Save without openpyxl's save_workbook, which stamps the current time as 'modified'."""
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)
    ExcelWriter(workbook, archive).save()
    return buffer.getvalue()


def _reproducible_zip(data: bytes) -> bytes:
    """The same zip with fixed entry dates and attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
