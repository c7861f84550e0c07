"""Step 1, reading the file: xlsx or csv into tables of raw cell values.

xlsx: every sheet (or --sheet), merged cells spread over the rows they span; csv: one table,
UTF-8 or a detected Windows code page, the delimiter whose header row maps the most columns.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from .. import legacy
from ..text import match_key, nfc
from .header import find_header
from .records import Issue, Table, UnusableFile

XLSX_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm"}
CSV_SUFFIXES = {".csv", ".tsv"}


def read_tables(path: Path, sheet: str | None = None) -> tuple[list[Table], list[Issue]]:
    """Every table in the file (or the named sheet), and notes about how it was read."""
    kind = sniff(path)
    if kind == "csv":
        table, issues = read_csv(path)
        return [table], issues
    return read_xlsx(path, sheet), []


def sniff(path: Path) -> str:
    """"xlsx" or "csv", from the content first and the name second; else UnusableFile."""
    name = path.name
    if not path.is_file():
        raise UnusableFile(f"Không tìm thấy tệp '{name}'.")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise UnusableFile(f"Không đọc được tệp '{name}': {exc.strerror}.") from None
    suffix = path.suffix.lower()
    if not head:
        raise UnusableFile(f"Tệp '{name}' rỗng (0 byte); không có gì để nhập.")
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnusableFile(f"Tệp '{name}' là bảng tính Excel 97-2003 (.xls) hoặc tài liệu Office đời cũ; "
                           "hãy mở bằng Excel và lưu lại dạng 'Excel Workbook (.xlsx)' rồi nhập lại.")
    if head.startswith(b"%PDF"):
        raise UnusableFile(f"Tệp '{name}' là tài liệu PDF, không phải bảng tính; hãy dùng tệp Excel (.xlsx) "
                           "hoặc CSV.")
    if suffix in XLSX_SUFFIXES or suffix == ".xls":
        raise UnusableFile(f"Tệp '{name}' có đuôi {suffix} nhưng nội dung không phải bảng tính Excel "
                           "(tệp bị đổi tên hoặc bị hỏng).")
    if suffix in CSV_SUFFIXES:
        return "csv"
    raise UnusableFile(f"Tệp '{name}' không phải bảng tính; chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")


# --- xlsx ------------------------------------------------------------------------------------

def read_xlsx(path: Path, sheet: str | None) -> list[Table]:
    import openpyxl  # imported here: CSV imports and the rest of the site do not need it

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged or foreign zip files
        raise UnusableFile(f"Không mở được tệp '{path.name}' như bảng tính Excel (.xlsx): tệp bị hỏng hoặc "
                           f"không phải bảng tính ({type(exc).__name__}).") from None
    try:
        names = _pick_sheets(workbook.sheetnames, sheet, path.name)
        merges = _merged_ranges(path)
        tables = []
        for name in names:
            worksheet = workbook[name]
            worksheet.reset_dimensions()  # some writers record a wrong size; read what is there
            rows = [(number, list(values)) for number, values in
                    enumerate(worksheet.iter_rows(values_only=True), start=1)]
            _fill_merged(rows, merges.get(name, []))
            tables.append(Table(name, rows, workbook.epoch))
        return tables
    finally:
        workbook.close()


def _pick_sheets(names: list[str], wanted: str | None, file_name: str) -> list[str]:
    if wanted is None:
        return list(names)
    for name in names:
        if name == wanted or match_key(name) == match_key(wanted):
            return [name]
    raise UnusableFile(f"Tệp '{file_name}' không có trang '{wanted}'; các trang: "
                       f"{', '.join(repr(n) for n in names)}.")


_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+):([A-Z]+[0-9]+)"')


def _merged_ranges(path: Path) -> dict[str, list[tuple[int, int, int, int]]]:
    """Sheet name -> merged ranges (min_col, min_row, max_col, max_row).

    openpyxl's read-only mode does not expose merged cells, so they are read from the
    sheet XML directly; a file whose parts cannot be found simply has no merges.
    """
    from openpyxl.utils.cell import range_boundaries

    out: dict[str, list[tuple[int, int, int, int]]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for name, part in _sheet_parts(archive).items():
                data = archive.read(part)
                out[name] = [range_boundaries(f"{a.decode()}:{b.decode()}") for a, b in _MERGE.findall(data)]
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, ValueError):
        return {}
    return out


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_NS_PKG}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_NS_REL}id"), "")
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def _fill_merged(rows: list[tuple[int, list]], ranges: list[tuple[int, int, int, int]]) -> None:
    """Give every cell of a merge spanning several rows the value of its first cell.

    Lists merge a unit, an award or a decision over the rows it applies to. Merges within
    one row (titles, section headings) keep the value in their first cell only.
    """
    for min_col, min_row, max_col, max_row in ranges:
        if max_row == min_row or min_row > len(rows):
            continue
        first = rows[min_row - 1][1]
        value = first[min_col - 1] if min_col - 1 < len(first) else None
        for number in range(min_row, min(max_row, len(rows)) + 1):
            values = rows[number - 1][1]
            if len(values) < max_col:
                values.extend([None] * (max_col - len(values)))
            for col in range(min_col - 1, max_col):
                values[col] = value


# --- csv -------------------------------------------------------------------------------------

def read_csv(path: Path) -> tuple[Table, list[Issue]]:
    raw = path.read_bytes()
    text, note = decode_csv(raw, path.name)
    issues = [Issue(0, path.name, "", note, "warning")] if note else []
    best: list[tuple[int, list]] = []
    best_columns = -1
    for delimiter in (",", ";", "\t"):  # the one whose header row maps the most columns
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            rows = [(number, list(values)) for number, values in enumerate(reader, start=1)]
        except csv.Error as exc:
            raise UnusableFile(f"Tệp '{path.name}' không đọc được như CSV ({exc}).") from None
        header = find_header(Table(path.name, rows))
        columns = len(header.columns) if header else 0
        if columns > best_columns:
            best, best_columns = rows, columns
    rows = best
    return Table(path.name, rows), issues


def decode_csv(raw: bytes, name: str) -> tuple[str, str]:
    """(text, note on the code page used). UTF-8 with or without BOM; UTF-16 with BOM;
    otherwise Windows-1258 (Vietnamese) or Windows-1252, whichever reads as Vietnamese."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), ""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), ""
    if b"\x00" in raw:
        raise UnusableFile(f"Tệp '{name}' chứa dữ liệu nhị phân, không phải bảng tính CSV.")
    try:
        return raw.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    vietnamese = _try_decode(raw, "cp1258")
    if vietnamese is not None and _vietnamese_share(nfc(vietnamese)) >= 0.5:
        return nfc(vietnamese), ("Tệp CSV được lưu bằng bảng mã Windows-1258 (tiếng Việt), không phải UTF-8; "
                                 "đã chuyển sang Unicode. Nên lưu lại dạng 'CSV UTF-8'.")
    latin = _try_decode(raw, "cp1252")
    if latin is None:
        latin = raw.decode("latin-1")
    return latin, ("Tệp CSV không phải UTF-8; đã đọc theo bảng mã Windows-1252. Nếu chữ tiếng Việt hiển thị sai, "
                   "hãy lưu lại dạng 'CSV UTF-8'.")


def _try_decode(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return None


def _vietnamese_share(text: str) -> float:
    """Share of the words with non-ASCII letters that are Vietnamese syllables."""
    words = [w for w in re.findall(r"[^\W\d_]+", text) if not w.isascii()]
    if not words:
        return 0.0
    return sum(legacy.is_vietnamese_syllable(w) for w in words) / len(words)
