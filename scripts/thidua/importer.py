"""`scripts/portal import FILE --campaign ID`: honoree lists from Excel (.xlsx) or CSV into
`campaigns/<id>/honorees.yml`.

The way in, one step per section below:
  1. read the file into tables of raw cell values (xlsx: every sheet with a header, or
     --sheet; csv: one table, UTF-8 or a detected Windows code page);
  2. find the header row and map its columns to fields;
  3. turn each data row into an ImportRow, or into problems for that row (sheet and row
     number as Excel shows them, a Vietnamese sentence);
  4. check decisions across rows, merge with the existing file (no duplicates; corrected
     rows update their record, keeping its id);
  5. write all or nothing: a temp file in the campaign folder, checked exactly as the build
     reads it (schema + rules), fsync, os.replace.

Matching an existing record: (type, name, unit, award) first, else (type, name, decision
number); a matched record takes the row's non-empty fields and keeps its id. If nothing
changes, the file is not rewritten (hand formatting stays). Otherwise the file is written in
one style (block YAML, schema field order) keeping its leading comment block; comments further
down are not kept.

Exit codes: 0 done; 1 rows or data in error (also with --skip-invalid, after writing the valid
rows); 2 the file or the campaign cannot be used. `--json` prints
{"valid": [records with sheet and row], "errors": [{row, sheet, field, message}], "warnings": [...]}.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import re
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import yaml

from . import legacy
from .load import HONOREES_FILE, decode, load_campaign
from .model import Campaign
from .problems import Problem
from .rules import attach_honorees
from .schema import HONOREE, HONOREES_FILE as HONOREES_SPEC, PRIVATE_KEYS
from .text import clean, is_safe_slug, match_key, nfc
from .validate import Checker

SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/honorees.schema.json"
HEADER_SEARCH_ROWS = 30
PERSON, COLLECTIVE = "ca-nhan", "tap-the"
MAX_LEN = {"name": 300, "position": 300, "unit": 300, "award": 300, "decision": 100, "signer": 300,
           "citation": 4000}


class UnusableFile(Exception):
    """The file cannot be read as a honoree list at all (exit code 2)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Issue:
    """One problem in the imported file, located as Excel shows it."""
    row: int
    sheet: str
    field: str
    message: str
    severity: str = "error"

    def as_dict(self) -> dict:
        return {"row": self.row, "sheet": self.sheet, "field": self.field, "message": self.message}

    def __str__(self) -> str:
        where = f"trang '{self.sheet}', dòng {self.row}" if self.row else f"trang '{self.sheet}'"
        label = "lỗi" if self.severity == "error" else "lưu ý"
        column = f" [{self.field}]" if self.field else ""
        return f"{where}: {label}{column}: {self.message}"


@dataclass
class ImportRow:
    """One honoree read from one row, already cleaned (NFC, single spaces, canonical award)."""
    sheet: str
    row: int
    type: str = PERSON
    name: str = ""
    honorific: str = ""
    position: str = ""
    unit: str = ""
    award: str = ""
    decision: str = ""
    decision_date: dt.date | None = None
    signer: str = ""
    citation: str = ""
    id: str = ""

    def record(self) -> dict:
        """The honoree as written to honorees.yml: schema field order, empty fields left out."""
        values = {"id": self.id, "type": self.type, "name": self.name, "honorific": self.honorific,
                  "position": self.position, "unit": self.unit, "award": self.award,
                  "decision": self.decision, "citation": self.citation}
        return {k: values[k] for k in HONOREE.fields if values.get(k)}

    def as_json(self) -> dict:
        out = {"sheet": self.sheet, "row": self.row, **self.record()}
        if self.decision_date:
            out["decision_date"] = self.decision_date.isoformat()
        return out


@dataclass
class Table:
    """Raw cell values of one sheet: (row number as Excel shows it, values)."""
    sheet: str
    rows: list[tuple[int, list]]
    epoch: dt.datetime = dt.datetime(1899, 12, 30)


@dataclass
class Options:
    sheet: str | None = None
    dry_run: bool = False
    skip_invalid: bool = False
    convert_legacy: bool = False


@dataclass
class Result:
    rows: list[ImportRow] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    written: bool = False
    unchanged: bool = False
    path: Path | None = None
    timings: dict = field(default_factory=dict)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity != "error"]


# =============================================================================================
# 1. Reading the file
# =============================================================================================

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


# =============================================================================================
# 2. The header row
# =============================================================================================

# field -> header texts seen in real lists (compared with match_key: case, accents, spacing and
# punctuation do not matter).
HEADER_VARIANTS: dict[str, tuple[str, ...]] = {
    "stt": ("STT", "TT", "Số TT", "Số thứ tự"),
    "name": ("Họ và tên", "Họ tên", "Tên tập thể", "Tên đơn vị", "Tên cá nhân, tập thể", "Tên tập thể, cá nhân",
             "Họ và tên, tên tập thể", "Tên tập thể, họ và tên cá nhân", "Tên cá nhân", "Họ và tên cá nhân",
             "Tên", "Tên tập thể/cá nhân", "Tên cá nhân/tập thể", "Cá nhân, tập thể", "Tập thể, cá nhân"),
    "type": ("Loại", "Phân loại", "Loại đối tượng", "Cá nhân/Tập thể", "Tập thể/Cá nhân"),
    "honorific": ("Danh xưng", "Ông/Bà", "Giới tính xưng hô"),
    "position": ("Chức vụ", "Chức danh", "Chức vụ/chức danh", "Chức vụ, chức danh"),
    "unit": ("Đơn vị", "Đơn vị công tác", "Cơ quan", "Cơ quan, đơn vị", "Nơi công tác", "Cơ quan công tác"),
    "position_unit": ("Chức vụ, đơn vị công tác", "Chức vụ, đơn vị", "Chức vụ và đơn vị công tác",
                      "Chức danh, đơn vị công tác", "Chức vụ, nơi công tác", "Chức vụ, cơ quan công tác",
                      "Chức vụ, cơ quan, đơn vị", "Chức vụ - đơn vị công tác", "Chức vụ, đơn vị công tác hiện nay"),
    "award": ("Hình thức khen thưởng", "Hình thức", "Khen thưởng", "Danh hiệu", "Danh hiệu thi đua",
              "Hình thức, danh hiệu", "Hình thức khen", "Danh hiệu, hình thức khen thưởng"),
    "decision": ("Số quyết định", "Số QĐ", "Quyết định số", "Số QĐ khen thưởng", "Số quyết định khen thưởng"),
    "date": ("Ngày quyết định", "Ngày QĐ", "Ngày ký", "Ngày ký quyết định", "Ngày ban hành",
             "Ngày tháng năm quyết định"),
    "decision_full": ("Số, ngày quyết định", "Số, ngày QĐ", "Quyết định khen thưởng", "Số ngày quyết định",
                      "Quyết định", "Số, ngày, tháng, năm quyết định"),
    "citation": ("Tóm tắt thành tích", "Thành tích", "Thành tích đạt được", "Tóm tắt thành tích đạt được",
                 "Thành tích chủ yếu"),
    "signer": ("Cơ quan ký", "Người ký", "Cơ quan ban hành", "Cấp ký", "Thẩm quyền ký"),
    "id": ("Mã", "ID", "Mã số"),
    # read and ignored: the export's campaign columns, remarks
    "ignored": ("Mã phong trào", "Tên phong trào", "Phong trào", "Năm", "Đường dẫn", "URL", "Liên kết"),
}
SUB_HEADERS = {"so": "decision", "so qd": "decision", "so quyet dinh": "decision", "ngay": "date",
               "ngay thang nam": "date", "ngay ky": "date", "ngay qd": "date"}
FIELD_TITLES = {"stt": "STT", "name": "Họ và tên", "type": "Loại", "honorific": "Danh xưng",
                "position": "Chức vụ", "unit": "Đơn vị", "position_unit": "Chức vụ, đơn vị công tác",
                "award": "Hình thức khen thưởng", "decision": "Số quyết định", "date": "Ngày quyết định",
                "decision_full": "Số, ngày quyết định", "citation": "Tóm tắt thành tích", "signer": "Cơ quan ký",
                "id": "Mã"}
_HEADER_KEYS = {match_key(v): f for f, variants in HEADER_VARIANTS.items() for v in variants}


@dataclass
class Header:
    row: int                     # the header's row number
    columns: dict[str, int]      # field -> 0-based column index
    data_start: int              # index into Table.rows of the first data row
    titles: list[str]            # texts above the header (title rows)
    ignored: list[str] = field(default_factory=list)
    private: list[str] = field(default_factory=list)


def header_key(value) -> str:
    """match_key of a header cell, legacy text converted, a trailing '(1)' numbering dropped."""
    text = cell_text(value)
    encoding = legacy.find(text)
    if encoding:
        text = legacy.convert(text, encoding)
    return re.sub(r"( \d{1,2})+$", "", match_key(text))


def _header_fields(values: list) -> dict[int, str]:
    return {i: _HEADER_KEYS[key] for i, key in ((i, header_key(v)) for i, v in enumerate(values)) if key in _HEADER_KEYS}


def find_header(table: Table) -> Header | None:
    """The first row in the first 30 where at least two known headers match."""
    for index, (number, values) in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        found = _header_fields(values)
        real = {f for f in found.values() if f not in ("ignored", "stt")}
        if len(set(found.values()) - {"ignored"}) < 2 or not real:
            continue
        columns: dict[str, int] = {}
        for col, name in sorted(found.items()):
            if name != "ignored":
                columns.setdefault(name, col)
        data_start = index + 1
        data_start += _sub_headers(table, data_start, values, columns)
        data_start += _numbering_row(table, data_start)
        titles = [cell_text(v) for _, row in table.rows[:index] for v in row if cell_text(v)]
        header = Header(number, columns, data_start, titles)
        _other_columns(header, values, found)
        return header
    return None


def _sub_headers(table: Table, index: int, header_values: list, columns: dict[str, int]) -> int:
    """A second header row under a merged 'Quyết định' cell: 'Số' | 'Ngày'. Returns rows used."""
    if index >= len(table.rows):
        return 0
    values = table.rows[index][1]
    found = {}
    for col, value in enumerate(values):
        key = header_key(value)
        parent = next((header_key(header_values[c]) for c in range(min(col, len(header_values) - 1), -1, -1)
                       if cell_text(header_values[c])), "")
        if key in SUB_HEADERS and "quyet dinh" in parent:
            found[SUB_HEADERS[key]] = col
    if not found:
        return 0
    for name, col in found.items():
        columns.setdefault(name, col)
    if "decision_full" in columns and columns["decision_full"] in found.values():
        del columns["decision_full"]
    return 1


_NUMBERING = re.compile(r"^\(?[0-9]{1,2}\)?$|^\(?[A-Za-z]\)?$")


def _numbering_row(table: Table, index: int) -> int:
    """Skip a row of column numbers under the header: (1) (2) (3) or 1 2 3 or A B 1 2."""
    if index >= len(table.rows):
        return 0
    cells = [cell_text(v) for v in table.rows[index][1] if cell_text(v)]
    return 1 if len(cells) >= 2 and all(_NUMBERING.match(c) for c in cells) else 0


def _other_columns(header: Header, values: list, found: dict[int, str]) -> None:
    for col, value in enumerate(values):
        title = cell_text(value)
        if not title or found.get(col) not in (None, "ignored"):
            continue
        key = match_key(title)
        if any(marker in key or marker.replace(" ", "") in key.replace(" ", "") for marker in PRIVATE_KEYS):
            header.private.append(title)
        elif col not in found:
            header.ignored.append(title)


# =============================================================================================
# 3. Rows
# =============================================================================================

@dataclass
class SheetContext:
    """What applies to the rows of one sheet: its name, columns, defaults from its titles."""
    table: Table
    header: Header
    forms: dict[str, str]             # award key -> canonical form name
    form_names: list[str]
    offered: str                      # the offered forms, for messages
    convert_legacy: bool
    default_type: str = ""
    default_award: str = ""
    default_decision: str = ""
    default_date: dt.date | None = None


def cell_text(value) -> str:
    """Any cell value as text: None -> "", 12.0 -> "12", a date -> dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return f"{value:%d/%m/%Y}"
    return str(value)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def one_line(text: str) -> str:
    return clean(_CONTROL.sub("", text))


def paragraphs(text: str) -> str:
    """Multi-line text as the build keeps it: paragraphs split by a blank line, else one line."""
    parts = [one_line(p) for p in re.split(r"\n\s*\n", _CONTROL.sub("", nfc(text).replace("\r\n", "\n")))]
    return "\n\n".join(p for p in parts if p)


def parse_table(table: Table, header: Header, campaign: Campaign, convert_legacy: bool) -> tuple[list[ImportRow], list[Issue]]:
    context = _context(table, header, campaign, convert_legacy)
    rows: list[ImportRow] = []
    issues: list[Issue] = _column_notes(table, header)
    for number, values in table.rows[header.data_start:]:
        row, found = parse_row(context, number, values)
        issues += found
        if row is not None and not any(i.severity == "error" for i in found):
            rows.append(row)
    return rows, issues


def _column_notes(table: Table, header: Header) -> list[Issue]:
    notes = []
    for title in header.private:
        notes.append(Issue(header.row, table.sheet, "", f"Cột '{title}' chứa dữ liệu cá nhân; không nhập và không "
                                                         "công bố (Nghị định 13/2023/NĐ-CP).", "warning"))
    for title in header.ignored:
        notes.append(Issue(header.row, table.sheet, "", f"Bỏ qua cột '{title}' (không thuộc danh sách khen thưởng).",
                           "warning"))
    return notes


def award_key(text: str) -> str:
    """Key for award names: match_key, 'Ủy ban nhân dân' = 'UBND', without the word 'của'."""
    key = f" {match_key(text)} "
    key = key.replace(" uy ban nhan dan ", " ubnd ").replace(" cua ", " ")
    return key.strip()


def award_forms(campaign: Campaign) -> dict[str, str]:
    forms: dict[str, str] = {}
    loose: dict[str, list[str]] = {}
    for form in campaign.award_forms:
        forms[match_key(form.name)] = form.name
        loose.setdefault(award_key(form.name), []).append(form.name)
    for key, names in loose.items():
        if len(names) == 1:
            forms.setdefault(key, names[0])
    return forms


def _context(table: Table, header: Header, campaign: Campaign, convert_legacy: bool) -> SheetContext:
    forms = award_forms(campaign)
    offered = "; ".join(f.name for f in campaign.award_forms) or "phong trào chưa khai báo hình thức nào"
    context = SheetContext(table, header, forms, [f.name for f in campaign.award_forms], offered, convert_legacy)
    context.default_type = _type_hint(table.sheet)
    titles = " ".join(_readable(t) for t in header.titles)
    context.default_decision, context.default_date = _decision_in_text(titles)
    context.default_award = _award_in_text(titles, context.form_names)
    return context


def _readable(text: str) -> str:
    encoding = legacy.find(text)
    return legacy.convert(text, encoding) if encoding else text


def _type_hint(text: str) -> str:
    key = f" {match_key(text)} "
    if " tap the " in key and " ca nhan " not in key:
        return COLLECTIVE
    if " ca nhan " in key and " tap the " not in key:
        return PERSON
    return ""


_DECISION_IN_TEXT = re.compile(r"quyết\s+định\s+số\s*:?\s*([0-9][^\s,;)]*)", re.IGNORECASE)


def _decision_in_text(text: str) -> tuple[str, dt.date | None]:
    """'(Kèm theo Quyết định số 456/QĐ-SNV ngày 20/8/2025 ...)' in a title -> ('456/QĐ-SNV', 2025-08-20)."""
    text = nfc(text)
    match = _DECISION_IN_TEXT.search(text)
    if not match:
        return "", None
    number = match.group(1).rstrip(".")
    date = _date_in_text(text[match.end():])
    return number, date


def _award_in_text(text: str, form_names: list[str]) -> str:
    """The one offered form named in a title or heading, or ""."""
    key = f" {award_key(text)} "
    found = [name for name in form_names if f" {award_key(name)} " in key]
    return found[0] if len(found) == 1 else ""


# --- one row ---------------------------------------------------------------------------------

def parse_row(context: SheetContext, number: int, values: list) -> tuple[ImportRow | None, list[Issue]]:
    """One data row -> (ImportRow or None for blank/heading rows, problems)."""
    sheet = context.table.sheet
    columns = context.header.columns
    cells = {name: values[col] if col < len(values) else None for name, col in columns.items()}
    texts = {name: cell_text(v) for name, v in cells.items()}
    if not any(cell_text(v) for v in values):
        return None, []
    if _heading(context, values, texts):
        return None, []
    issues: list[Issue] = []
    texts = _legacy_cells(context, number, cells, texts, issues)
    row = ImportRow(sheet=sheet, row=number)

    def error(name: str, message: str) -> None:
        issues.append(Issue(number, sheet, name, message))

    _names(context, row, texts, error)
    _position_unit(row, texts)
    _award(context, row, texts, error)
    _decision(context, row, texts, cells, error)
    row.citation = paragraphs(texts.get("citation", ""))
    row.signer = one_line(texts.get("signer", ""))
    _row_id(row, texts, error)
    _lengths(row, error)
    return row, issues


def _heading(context: SheetContext, values: list, texts: dict[str, str]) -> bool:
    """A section heading ('I. TẬP THỂ', 'Bằng khen của ...') or a total line: sets defaults, no record."""
    filled = [(i, cell_text(v)) for i, v in enumerate(values) if cell_text(v)]
    stt_col = context.header.columns.get("stt")
    content = [(i, t) for i, t in filled if i != stt_col] or filled  # 'I. TẬP THỂ' may sit in the STT column
    if len(content) != 1:
        return False
    col, text = content[0]
    stt = texts.get("stt", "")
    if stt.isdigit() and col == context.header.columns.get("name"):
        return False
    text = _readable(text)
    kind = _type_hint(text)
    award = _award_in_text(text, context.form_names)
    if kind:
        context.default_type = kind
    if award:
        context.default_award = award
    if kind or award:
        return True
    key = match_key(text)
    return col != context.header.columns.get("name") or key.startswith(("tong cong", "tong so", "cong ", "danh sach"))


def _legacy_cells(context: SheetContext, number: int, cells: dict, texts: dict[str, str],
                  issues: list[Issue]) -> dict[str, str]:
    """Find TCVN3/VNI text in the row's text cells; convert it (--convert-legacy) or report it."""
    found = {name: legacy.find(text) for name, text in texts.items() if isinstance(cells[name], str)}
    encodings = {e for e in found.values() if e}
    if not encodings:
        return texts
    if len(encodings) == 1:  # a cell too short to tell is judged beside the others
        encoding = encodings.pop()
        for name, text in texts.items():
            if not found.get(name) and isinstance(cells[name], str) and legacy.plausible(text, encoding):
                found[name] = encoding
    out = dict(texts)
    for name, encoding in found.items():
        if not encoding:
            continue
        converted = legacy.convert(texts[name], encoding)
        title = FIELD_TITLES.get(name, name)
        out[name] = converted  # the other checks judge what the text says; the error below keeps it out
        if context.convert_legacy:
            issues.append(Issue(number, context.table.sheet, name,
                                f"Cột '{title}' dùng bảng mã cũ {encoding}; đã chuyển sang Unicode: "
                                f"'{_short(converted)}'.", "warning"))
        else:
            issues.append(Issue(number, context.table.sheet, name,
                                f"Cột '{title}' có chữ gõ bằng bảng mã cũ {encoding} ('{_short(texts[name])}', "
                                f"đọc đúng là '{_short(converted)}'); không nhập chữ lỗi phông. Chạy lại với "
                                "--convert-legacy để tự chuyển, hoặc chuyển mã sang Unicode bằng Unikey."))
    return out


def _short(text: str, limit: int = 60) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- names, type, honorific ------------------------------------------------------------------

_HONORIFIC = re.compile(r"^(ông|bà)(?:\s*[:.,]\s*|\s+)(?=\S)", re.IGNORECASE)
_COMRADE = re.compile(r"^(?:đồng\s+chí|đ/c)(?:\s*[:.,]\s*|\s+)(?=\S)", re.IGNORECASE)
_TYPE_VALUES = {"ca nhan": PERSON, "canhan": PERSON, "cn": PERSON, "c": PERSON,
                "tap the": COLLECTIVE, "tapthe": COLLECTIVE, "tt": COLLECTIVE, "t": COLLECTIVE}
_HONORIFIC_VALUES = {"ong": "Ông", "ba": "Bà"}

UNIT_WORDS = tuple(nfc(w) for w in (
    "phòng", "sở", "ban", "chi cục", "trung tâm", "văn phòng", "thanh tra", "ubnd", "ủy ban", "uỷ ban", "trường",
    "bệnh viện", "công ty", "tổng công ty", "tổ", "đội", "khoa", "hội", "cục", "vụ", "tập thể", "bộ phận",
    "chi nhánh", "xã", "phường", "thị trấn", "huyện", "thành phố", "thị xã", "tỉnh", "đảng ủy", "đảng uỷ",
    "đảng bộ", "chi bộ", "công đoàn", "đoàn thanh niên", "hợp tác xã", "ngân hàng", "trạm", "viện",
    "liên đoàn", "kho bạc", "hạt", "đài", "báo", "nhà", "câu lạc bộ", "lớp", "gia đình", "hộ gia đình",
    "bộ", "ủy ban mặt trận", "mặt trận", "hđnd", "ubmttq", "bch", "ban chấp hành", "ban quản lý",
))
POSITION_WORDS = tuple(nfc(w) for w in (
    "chuyên viên", "trưởng", "phó", "giám đốc", "chánh", "chủ tịch", "kế toán", "văn thư", "nhân viên", "cán bộ",
    "công chức", "viên chức", "thanh tra viên", "lưu trữ viên", "bí thư", "ủy viên", "uỷ viên", "thành viên",
    "giáo viên", "giảng viên", "hiệu trưởng", "hiệu phó", "tổ trưởng", "tổ phó", "đội trưởng", "bác sĩ",
    "y sĩ", "điều dưỡng", "kỹ sư", "kĩ sư", "kỹ thuật viên", "cán sự", "thủ quỹ", "lái xe", "bảo vệ",
    "tạp vụ", "người lao động", "thẩm tra viên", "kiểm soát viên", "kiểm lâm viên", "chỉ huy", "thư ký",
    "trợ lý", "phóng viên", "biên tập viên", "nghiên cứu viên", "chiến sĩ", "nguyên", "quyền", "phụ trách",
    "lao động hợp đồng", "hợp đồng", "chuyên gia", "kiểm toán viên", "tổng biên tập", "phó chủ tịch",
))
SURNAMES = frozenset(nfc(w) for w in """
nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý hà đinh đào cao lương mai trịnh
tô tạ lâm chu triệu đoàn vương thái lưu la hứa quách nông lục vi lường lò mạc bế ma hầu tống khúc kiều
văn từ thân diệp giang châu phùng tăng âu nghiêm kim lã lại thạch sơn danh trương quan ninh hoàng
lạc mã chế đàm đồng giáp hàn khổng kha lò lộc lỗ mông nhữ ông phó quang tiêu trang trình ứng vy y
""".split())


def _starts_with(text: str, words: tuple[str, ...]) -> bool:
    lower = text.lower()
    return any(lower == w or lower.startswith(w + " ") or lower.startswith(w + ",") for w in words)


def looks_like_person(name: str) -> bool:
    """2-7 capitalised words of letters, the first a common family name or with Văn/Thị."""
    words = name.split(" ")
    if not 2 <= len(words) <= 7:
        return False
    if not all(w[:1].isupper() and all(c.isalpha() or c in "-'" for c in w) for w in words):
        return False
    lower = [w.lower() for w in words]
    return lower[0] in SURNAMES or "văn" in lower[1:] or "thị" in lower[1:]


def _names(context: SheetContext, row: ImportRow, texts: dict[str, str], error) -> None:
    raw = one_line(texts.get("name", ""))
    explicit = _explicit_type(texts.get("type", ""), error)
    honorific = _explicit_honorific(texts.get("honorific", ""), error)
    prefix = _HONORIFIC.match(raw)
    row.type = explicit or context.default_type or _guess_type(raw, prefix, texts)
    name = raw
    if row.type == PERSON:
        if prefix:
            honorific = honorific or _HONORIFIC_VALUES[match_key(prefix.group(1))]
            name = raw[prefix.end():]
        comrade = _COMRADE.match(name)
        if comrade:
            name = name[comrade.end():]
    elif honorific:
        error("honorific", "Tập thể không có danh xưng Ông/Bà.")
    row.name = one_line(name)
    row.honorific = honorific if row.type == PERSON else ""
    if not row.name:
        error("name", "Thiếu họ và tên (hoặc tên tập thể).")


def _explicit_type(text: str, error) -> str:
    if not text:
        return ""
    kind = _TYPE_VALUES.get(match_key(text).replace("-", " "))
    if kind is None:
        error("type", f"Loại '{text}' không rõ; ghi 'Cá nhân' hoặc 'Tập thể'.")
    return kind or ""


def _explicit_honorific(text: str, error) -> str:
    if not text:
        return ""
    value = _HONORIFIC_VALUES.get(match_key(text))
    if value is None:
        error("honorific", f"Danh xưng '{text}' không hợp lệ; ghi 'Ông' hoặc 'Bà', hoặc để trống.")
    return value or ""


def _guess_type(name: str, prefix, texts: dict[str, str]) -> str:
    if _starts_with(name, UNIT_WORDS):
        return COLLECTIVE
    if prefix or _COMRADE.match(name):
        return PERSON
    position = texts.get("position") or _split_position_unit(texts.get("position_unit", ""))[0]
    if position or looks_like_person(name):
        return PERSON
    return COLLECTIVE


# --- position and unit -----------------------------------------------------------------------

def _split_position_unit(text: str) -> tuple[str, str]:
    """'Chuyên viên, Phòng Tổ chức' -> (position, unit); the first part only if it is a position."""
    text = one_line(text)
    if not text:
        return "", ""
    head, comma, tail = text.partition(",")
    if _starts_with(head.strip(), POSITION_WORDS):
        return head.strip(), tail.strip()
    return "", text


def _position_unit(row: ImportRow, texts: dict[str, str]) -> None:
    position, unit = _split_position_unit(texts.get("position_unit", ""))
    row.position = one_line(texts.get("position", "")) or position
    row.unit = one_line(texts.get("unit", "")) or unit


# --- award -----------------------------------------------------------------------------------

def _award(context: SheetContext, row: ImportRow, texts: dict[str, str], error) -> None:
    text = one_line(texts.get("award", ""))
    if not text:
        if context.default_award:
            row.award = context.default_award
            return
        error("award", "Thiếu hình thức khen thưởng.")
        return
    name = context.forms.get(match_key(text)) or context.forms.get(award_key(text))
    if name is None:
        error("award", f"Hình thức '{text}' không có trong kế hoạch của phong trào (các hình thức: "
                       f"{context.offered}).")
        return
    row.award = name


# --- decision --------------------------------------------------------------------------------

_DECISION_PREFIX = re.compile(r"^(?:quyết\s+định\s+)?số\s*:?\s*", re.IGNORECASE)
_DECISION_AND_DATE = re.compile(r"^(?P<number>\S+?)[\s,;]+(?:ngày\s*)?(?P<date>.+)$", re.IGNORECASE)


def _decision(context: SheetContext, row: ImportRow, texts: dict[str, str], cells: dict, error) -> None:
    number = _DECISION_PREFIX.sub("", one_line(texts.get("decision", "")))
    date_value = cells.get("date")
    full = _DECISION_PREFIX.sub("", one_line(texts.get("decision_full", "")))
    if full:
        match = _DECISION_AND_DATE.match(full)
        number = number or (match.group("number") if match else full)
        if match and date_value in (None, ""):
            date_value = match.group("date")
    row.decision = number or context.default_decision
    if date_value in (None, "") and row.decision == context.default_decision:
        date_value = context.default_date
    if date_value in (None, ""):
        return
    date, message = parse_date(date_value, context.table.epoch)
    if message:
        error("date", message)
    elif not row.decision:
        error("decision", f"Có ngày quyết định ({date:%d/%m/%Y}) nhưng thiếu số quyết định.")
    row.decision_date = date


_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_WORDS_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_SERIAL = re.compile(r"^\d{4,6}(?:\.\d+)?$")
FIRST_YEAR, LAST_YEAR = 1900, 2100


def parse_date(value, epoch: dt.datetime = dt.datetime(1899, 12, 30)) -> tuple[dt.date | None, str]:
    """A cell as a date: Excel date, Excel serial number, dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy,
    dd.mm.yyyy), yyyy-mm-dd or 'ngày 15 tháng 7 năm 2024'. Returns (date, "") or (None, message)."""
    if isinstance(value, dt.datetime):
        return _in_range(value.date())
    if isinstance(value, dt.date):
        return _in_range(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(value, epoch)
    text = one_line(str(value))
    if _SERIAL.match(text):
        return _serial(float(text), epoch)
    for pattern, order in ((_DMY, "dmy"), (_ISO, "ymd"), (_WORDS_DATE, "dmy")):
        match = pattern.match(text) if pattern is not _WORDS_DATE else pattern.search(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()[:3])))
            try:
                return _in_range(dt.date(parts["y"], parts["m"], parts["d"]))
            except ValueError:
                if not 1 <= parts["m"] <= 12:
                    return None, f"Ngày '{text}' không tồn tại (không có tháng {parts['m']})."
                return None, (f"Ngày '{text}' không tồn tại (tháng {parts['m']} năm {parts['y']} không có ngày "
                              f"{parts['d']}).")
    return None, f"Ngày quyết định '{text}' không đúng dạng ngày/tháng/năm (ví dụ 15/08/2025)."


def _date_in_text(text: str) -> dt.date | None:
    match = re.search(r"(\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4})", text) or _WORDS_DATE.search(text)
    if not match:
        return None
    date, message = parse_date(match.group(0))
    return None if message else date


def _serial(number: float, epoch: dt.datetime) -> tuple[dt.date | None, str]:
    from openpyxl.utils.datetime import from_excel

    if not 1 <= number < 2958466:
        return None, f"Số {cell_text(number)} không phải ngày Excel hợp lệ."
    return _in_range(from_excel(number, epoch).date())


def _in_range(date: dt.date) -> tuple[dt.date | None, str]:
    if FIRST_YEAR <= date.year <= LAST_YEAR:
        return date, ""
    return None, f"Ngày {date:%d/%m/%Y} nằm ngoài khoảng hợp lý ({FIRST_YEAR}–{LAST_YEAR})."


# --- id and lengths --------------------------------------------------------------------------

def _row_id(row: ImportRow, texts: dict[str, str], error) -> None:
    value = one_line(texts.get("id", ""))
    if not value:
        return
    if not is_safe_slug(value):
        error("id", f"Mã '{value}' không hợp lệ: chỉ dùng chữ thường không dấu a-z, số 0-9 và dấu gạch nối.")
        return
    row.id = value


def _lengths(row: ImportRow, error) -> None:
    for name, limit in MAX_LEN.items():
        value = getattr(row, name)
        if len(value) > limit:
            error(name, f"{FIELD_TITLES.get(name, name)} quá dài ({len(value)} ký tự, tối đa {limit}).")


# =============================================================================================
# 4. Across rows: duplicates, decisions; merging with the existing file
# =============================================================================================

def record_key(kind: str, name: str, unit: str, award: str) -> tuple:
    return (kind, match_key(name), match_key(unit), match_key(award))


def check_rows(rows: list[ImportRow], existing: dict) -> tuple[list[ImportRow], list[Issue]]:
    """Rows that repeat another row, decisions with two dates or no date: problems; the rest kept."""
    issues: list[Issue] = []
    seen: dict[tuple, ImportRow] = {}
    declared = {d["number"]: d["date"] for d in existing.get("decisions", [])}
    dates: dict[str, tuple[dt.date, ImportRow]] = {}
    kept: list[ImportRow] = []
    for row in rows:
        key = record_key(row.type, row.name, row.unit, row.award)
        first = seen.get(key)
        if first is not None:
            issues.append(Issue(row.row, row.sheet, "name", f"Trùng với dòng {first.row}"
                                f"{'' if first.sheet == row.sheet else f' (trang {first.sheet!r})'}: cùng tên, "
                                "đơn vị và hình thức khen thưởng."))
            continue
        if row.decision and row.decision_date:
            known = dates.get(row.decision)
            if known and known[0] != row.decision_date:
                issues.append(Issue(row.row, row.sheet, "date", f"Quyết định số {row.decision} ghi ngày "
                                    f"{row.decision_date:%d/%m/%Y}, nhưng dòng {known[1].row} ghi ngày "
                                    f"{known[0]:%d/%m/%Y}; một quyết định chỉ có một ngày."))
                continue
            dates.setdefault(row.decision, (row.decision_date, row))
        seen[key] = row
        kept.append(row)
    out = []
    for row in kept:
        if row.decision and not row.decision_date:
            known = dates.get(row.decision)
            row.decision_date = known[0] if known else declared.get(row.decision)
            if row.decision_date is None:
                issues.append(Issue(row.row, row.sheet, "date", f"Thiếu ngày của quyết định số {row.decision} "
                                    "(không có ở dòng nào khác, cũng chưa khai báo trong honorees.yml)."))
                continue
        out.append(row)
    return out, issues


@dataclass
class Merge:
    data: dict
    added: int = 0
    updated: int = 0
    notes: list[Issue] = field(default_factory=list)


def merge(existing: dict, rows: list[ImportRow]) -> Merge:
    """The existing file's content with the rows added or, where they match a record, updated."""
    decisions = [dict(d) for d in existing.get("decisions", [])]
    honorees = [dict(h) for h in existing.get("honorees", [])]
    result = Merge({})
    _merge_decisions(decisions, rows, result)
    by_award = {record_key(h["type"], h["name"], h.get("unit", ""), h["award"]): i for i, h in enumerate(honorees)}
    by_decision: dict[tuple, int] = {}
    for i, h in enumerate(honorees):
        if h.get("decision"):
            by_decision.setdefault((h["type"], match_key(h["name"]), h["decision"]), i)
    touched: set[int] = set()
    for row in rows:
        index = by_award.get(record_key(row.type, row.name, row.unit, row.award))
        if index is None and row.decision:
            index = by_decision.get((row.type, match_key(row.name), row.decision))
        if index is not None and index not in touched:
            touched.add(index)
            if _update(honorees[index], row.record()):
                result.updated += 1
            continue
        honorees.append(row.record())
        result.added += 1
    data: dict = {}
    if "example" in existing:
        data["example"] = existing["example"]
    if decisions:
        data["decisions"] = decisions
    data["honorees"] = honorees
    result.data = data
    return result


def same_content(old: dict, new: dict) -> bool:
    """True if nothing would change: then the file is left as it is, hand formatting included."""
    keys = ("example", "decisions", "honorees")
    return all((old.get(k) or None) == (new.get(k) or None) for k in keys)


def _update(record: dict, new: dict) -> bool:
    """Overwrite with the row's non-empty fields; keep the fields the sheet leaves empty, and the
    id as it is (an explicit id stays; a record without one keeps the id the build gives it)."""
    before = dict(record)
    for key, value in new.items():
        if key != "id":
            record[key] = value
    ordered = {k: record[k] for k in HONOREE.fields if k in record}
    record.clear()
    record.update(ordered)
    return record != before


def _merge_decisions(decisions: list[dict], rows: list[ImportRow], result: Merge) -> None:
    by_number = {d["number"]: d for d in decisions}
    for row in rows:
        if not row.decision:
            continue
        decision = by_number.get(row.decision)
        if decision is None:
            decision = {"number": row.decision, "date": row.decision_date}
            if row.signer:
                decision["signer"] = row.signer
            decisions.append(decision)
            by_number[row.decision] = decision
            continue
        if decision["date"] != row.decision_date:
            result.notes.append(Issue(row.row, row.sheet, "date", f"Quyết định số {row.decision} đã khai báo ngày "
                                      f"{decision['date']:%d/%m/%Y}; đã sửa thành {row.decision_date:%d/%m/%Y} "
                                      "theo bảng tính.", "warning"))
            decision["date"] = row.decision_date
        if row.signer and not decision.get("signer"):
            decision["signer"] = row.signer
    for i, decision in enumerate(decisions):
        decisions[i] = {k: decision[k] for k in ("number", "date", "signer", "title") if decision.get(k)}


# =============================================================================================
# 5. Writing honorees.yml
# =============================================================================================

class _Dumper(yaml.SafeDumper):
    """Block style, plain scalars where YAML allows, long or multi-line text as block scalars.

    Always the pure Python emitter: libyaml's (CSafeDumper) is faster but escapes some
    characters differently (e.g. outside the Basic Multilingual Plane), and the same input
    must give the same bytes on every machine.
    """


FOLD_AT = 80  # longer texts are folded; shorter ones fit one line (key and indent take <= 14 columns)


def _represent_str(dumper: yaml.SafeDumper, value: str):
    style = None
    if "\n" in value:
        style = "|"
    elif len(value) > FOLD_AT:
        style = ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump(data: dict, header: list[str]) -> str:
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=100, indent=2)
    return "\n".join(header) + "\n" + body


def leading_comments(text: str) -> list[str]:
    """The comment block at the top of an existing file, starting with the schema line."""
    block: list[str] = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            block.append(line.rstrip())
        else:
            break
    while block and not block[-1]:
        block.pop()
    block = [line for line in block if not line.startswith("# yaml-language-server:")]
    return [SCHEMA_LINE, *block]


_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str):
    """Node tree of text already accepted by load.read_yaml (or written by us): the fast parser."""
    return yaml.compose(text, Loader=_FastLoader)


def read_existing(path: Path, display: str) -> tuple[dict, str, list[Problem]]:
    """(checked values, raw text, problems) of the current honorees.yml; empty if none.

    Called after load_campaign accepted the file with the safe reader (no aliases, size and
    depth limits), so the fast parser is enough here.
    """
    if not path.is_file():
        return {}, "", []
    text = path.read_text(encoding="utf-8-sig")
    node = _compose(text)
    if node is None:
        return {}, text, []
    checker = Checker(display, PRIVATE_KEYS)
    value = checker.check(node, HONOREES_SPEC, "") or {}
    return value, text, checker.problems


def write_atomic(path: Path, content: bytes, check) -> list[Problem]:
    """Write `content` to a temp file beside `path`, run `check(temp_path)`; replace only if it
    returns no problems. The temp file never stays behind."""
    handle = tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp",
                                         delete=False)
    temp = Path(handle.name)
    try:
        with handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        problems = check(temp)
        if problems:
            return problems
        os.replace(temp, path)
        _fsync_dir(path.parent)
        return []
    finally:
        if temp.exists():
            temp.unlink()


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _checker_for(campaign: Campaign, display: str):
    """Read a written file exactly as the build does: schema, then the cross-record rules."""

    def check(temp: Path) -> list[Problem]:
        text, problems = decode(temp, display)
        if text is None:
            return problems
        checker = Checker(display, PRIVATE_KEYS)
        value = checker.check(_compose(text), HONOREES_SPEC, "")
        problems = [p for p in problems + checker.problems if p.severity == "error"]
        if problems or value is None:
            return problems
        return [p for p in attach_honorees(campaign, value, display, {}) if p.severity == "error"]

    return check


# =============================================================================================
# The whole import
# =============================================================================================

class CampaignProblem(Exception):
    def __init__(self, messages: list[str], code: int):
        super().__init__("\n".join(messages))
        self.messages, self.code = messages, code


def import_file(path: Path, campaign_id: str, root: Path, options: Options) -> Result:
    """Read, check, merge and (unless dry-run or in error) write. Raises UnusableFile, CampaignProblem."""
    result = Result()
    clock = time.perf_counter()
    campaign, folder = _campaign(campaign_id, root)
    target = folder / HONOREES_FILE
    display = f"{root.name}/{campaign_id}/{HONOREES_FILE}"
    existing, existing_text, problems = read_existing(target, display)
    if any(p.severity == "error" for p in problems):
        raise CampaignProblem([str(p) for p in problems] + [f"Hãy sửa {display} trước khi nhập thêm."], 1)
    result.timings["campaign"] = time.perf_counter() - clock

    clock = time.perf_counter()
    tables, notes = read_tables(path, options.sheet)
    result.issues += notes
    result.timings["read"] = time.perf_counter() - clock

    clock = time.perf_counter()
    rows = _parse_tables(tables, campaign, options, result, path.name)
    rows, found = check_rows(rows, existing)
    result.issues += found
    order = {table.sheet: i for i, table in enumerate(tables)}
    result.issues.sort(key=lambda issue: (order.get(issue.sheet, -1), issue.row))
    result.rows = rows
    result.timings["parse"] = time.perf_counter() - clock

    if result.errors and not options.skip_invalid:
        return result
    clock = time.perf_counter()
    merged = merge(existing, rows)
    result.issues += merged.notes
    result.added, result.updated = merged.added, merged.updated
    result.path = target
    result.unchanged = target.is_file() and same_content(existing, merged.data)
    result.timings["merge"] = time.perf_counter() - clock
    if options.dry_run or result.unchanged or not rows:
        return result
    clock = time.perf_counter()
    content = dump(merged.data, leading_comments(existing_text)).encode("utf-8")
    problems = write_atomic(target, content, _checker_for(campaign, display))
    result.timings["write"] = time.perf_counter() - clock
    if problems:
        result.issues += [Issue(0, path.name, p.field, f"Kết quả không hợp lệ, không ghi: {p}") for p in problems]
        return result
    result.written = True
    return result


def _campaign(campaign_id: str, root: Path) -> tuple[Campaign, Path]:
    if not is_safe_slug(campaign_id):
        raise CampaignProblem([f"Mã phong trào '{campaign_id}' không hợp lệ (chỉ chữ thường không dấu, số, gạch nối)."], 2)
    folder = root / campaign_id
    if not (folder / "campaign.yml").is_file():
        raise CampaignProblem([f"Không tìm thấy phong trào '{campaign_id}' (thiếu {folder / 'campaign.yml'})."], 2)
    campaign, problems = load_campaign(folder, root)
    errors = [p for p in problems if p.severity == "error"]
    if _only_comments(folder / HONOREES_FILE):  # a fresh file with just its header: nothing to keep yet
        errors = [p for p in errors if not p.file.endswith(f"/{HONOREES_FILE}")]
    if campaign is None or errors:
        raise CampaignProblem([str(p) for p in errors] + [f"Hãy sửa lỗi của phong trào '{campaign_id}' trước khi nhập."], 1)
    return campaign, folder


def _only_comments(path: Path) -> bool:
    if not path.is_file():
        return False
    lines = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    return all(not line.strip() or line.lstrip().startswith("#") for line in lines)


def _parse_tables(tables: list[Table], campaign: Campaign, options: Options, result: Result,
                  file_name: str) -> list[ImportRow]:
    rows: list[ImportRow] = []
    headed = 0
    for table in tables:
        if not any(cell_text(v) for _, values in table.rows for v in values):
            if options.sheet or len(tables) == 1:
                raise UnusableFile(f"Tệp '{file_name}' không có dữ liệu (trang '{table.sheet}' trống).")
            continue
        header = find_header(table)
        if header is None:
            if options.sheet or len(tables) == 1:
                raise UnusableFile(_no_header_message(file_name, table.sheet))
            result.issues.append(Issue(0, table.sheet, "", "Bỏ qua trang này: không thấy dòng tiêu đề cột.", "warning"))
            continue
        if "name" not in header.columns:
            raise UnusableFile(f"Trang '{table.sheet}' của tệp '{file_name}': dòng tiêu đề (dòng {header.row}) không có "
                               "cột 'Họ và tên' hoặc 'Tên tập thể'.")
        headed += 1
        found_rows, issues = parse_table(table, header, campaign, options.convert_legacy)
        rows += found_rows
        result.issues += issues
    if not headed:
        raise UnusableFile(_no_header_message(file_name, ", ".join(t.sheet for t in tables)))
    if not rows and not result.errors:
        raise UnusableFile(f"Tệp '{file_name}' có dòng tiêu đề nhưng không có dòng dữ liệu nào để nhập.")
    return rows


def _no_header_message(file_name: str, sheet: str) -> str:
    return (f"Không tìm thấy dòng tiêu đề cột trong {HEADER_SEARCH_ROWS} dòng đầu của tệp '{file_name}' "
            f"(trang '{sheet}'). Cần ít nhất hai cột như: STT, Họ và tên, Chức vụ, Đơn vị, Hình thức khen thưởng, "
            "Số quyết định, Ngày quyết định.")


# =============================================================================================
# Command line
# =============================================================================================

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="Tệp Excel (.xlsx) hoặc CSV chứa danh sách khen thưởng")
    parser.add_argument("--campaign", required=True, metavar="ID", help="Mã phong trào (tên thư mục trong campaigns/)")
    parser.add_argument("--sheet", metavar="NAME", help="Chỉ nhập trang này (mặc định: mọi trang có dòng tiêu đề)")
    parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi tệp")
    parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON")
    parser.add_argument("--skip-invalid", action="store_true", help="Ghi các dòng hợp lệ, bỏ qua dòng lỗi")
    parser.add_argument("--convert-legacy", action="store_true",
                        help="Tự chuyển chữ gõ bằng bảng mã cũ TCVN3 (ABC), VNI sang Unicode")
    parser.add_argument("--root", default="campaigns", metavar="DIR", help="Thư mục các phong trào (mặc định: campaigns)")


def run(args: argparse.Namespace) -> int:
    """Exit code: 0 done, 1 errors in rows or data, 2 the file (or campaign) cannot be used."""
    options = Options(sheet=args.sheet, dry_run=args.dry_run, skip_invalid=args.skip_invalid,
                      convert_legacy=args.convert_legacy)
    path = Path(args.file)
    try:
        result = import_file(path, args.campaign, Path(args.root), options)
    except UnusableFile as exc:
        return _fail(args, path.name, [exc.message], 2)
    except CampaignProblem as exc:
        return _fail(args, path.name, exc.messages, exc.code)
    except OSError as exc:  # the campaign folder cannot be written, the disk is full...
        return _fail(args, path.name, [f"Không ghi được tệp: {exc.strerror or exc} ({exc.filename or ''})."], 1)
    if args.json:
        _print_json(result)
    else:
        _print_text(result, path.name, options)
    return 1 if result.errors else 0


def _fail(args, name: str, messages: list[str], code: int) -> int:
    if args.json:
        errors = [{"row": 0, "sheet": name, "field": "", "message": m} for m in messages]
        print(json.dumps({"valid": [], "errors": errors}, ensure_ascii=False, indent=1))
    else:
        for message in messages:
            print(f"{name}: lỗi: {message}", file=sys.stderr)
    return code


def _print_json(result: Result) -> None:
    out = {"valid": [r.as_json() for r in result.rows],
           "errors": [i.as_dict() for i in result.errors],
           "warnings": [i.as_dict() for i in result.warnings]}
    print(json.dumps(out, ensure_ascii=False, indent=1))


def _print_text(result: Result, name: str, options: Options) -> None:
    for issue in result.issues:
        print(f"{name}: {issue}", file=sys.stderr)
    where = result.path.as_posix() if result.path else "honorees.yml"
    count = len(result.rows)
    if result.errors and not options.skip_invalid:
        print(f"Có {len(result.errors)} lỗi; không ghi gì vào {where}. Sửa các dòng trên rồi nhập lại, "
              "hoặc dùng --skip-invalid để chỉ nhập các dòng hợp lệ.")
        return
    skipped = f" (bỏ qua {len(result.errors)} dòng lỗi)" if result.errors else ""
    if options.dry_run:
        print(f"Thử (--dry-run): {count} dòng hợp lệ{skipped}; sẽ thêm {result.added}, cập nhật {result.updated} "
              f"mục trong {where}. Chưa ghi gì.")
    elif result.written:
        print(f"Đã nhập {count} dòng{skipped} vào {where}: thêm {result.added}, cập nhật {result.updated} mục.")
    elif result.unchanged:
        print(f"{where} đã có đủ {count} dòng này; không có gì thay đổi.")
    else:
        print(f"Không ghi {where}.")


# =============================================================================================
# Benchmark
# =============================================================================================

def bench(rows: int = 5000) -> dict:
    """Build a campaign and an xlsx of `rows` honorees in a temp folder, import it, then import it
    again into the now full campaign (no change expected). Seconds per step, and counts."""
    import openpyxl

    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp) / "campaigns"
        folder = root / "bench"
        folder.mkdir(parents=True)
        forms = ["Bằng khen của Chủ tịch UBND tỉnh", "Giấy khen của Giám đốc Sở Nội vụ"]
        (folder / "campaign.yml").write_text(
            "id: bench\ntitle: Phong trào thử tốc độ\nissuer:\n  name: Sở Nội vụ\nperiod:\n  end: 2025-07-31\n"
            "signer:\n  title: GIÁM ĐỐC\n  name: Nguyễn Văn A\nawards:\n  forms:\n"
            + "".join(f"  - name: {f}\n" for f in forms), encoding="utf-8")
        clock = time.perf_counter()
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["DANH SÁCH KHEN THƯỞNG"])
        sheet.append(["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Hình thức khen thưởng", "Số quyết định",
                      "Ngày quyết định", "Tóm tắt thành tích"])
        for i in range(rows):
            sheet.append([i + 1, f"Nguyễn Văn An {_letters(i)}", "Chuyên viên", f"Phòng {i % 40 + 1}, Sở Nội vụ",
                          forms[i % 2], f"{100 + i % 7}/QĐ-SNV", dt.datetime(2025, 8, 1 + i % 7),
                          "Hoàn thành xuất sắc nhiệm vụ được giao năm 2024."])
        source = Path(temp) / "danh-sach.xlsx"
        workbook.save(source)
        built = time.perf_counter() - clock
        clock = time.perf_counter()
        result = import_file(source, "bench", root, Options())
        total = time.perf_counter() - clock
        again = time.perf_counter()
        second = import_file(source, "bench", root, Options())
        reimport = time.perf_counter() - again
    return {"rows": rows, "build_sheet": round(built, 3), **{k: round(v, 3) for k, v in result.timings.items()},
            "import_total": round(total, 3),
            **{f"reimport_{k}": round(v, 3) for k, v in second.timings.items()},
            "reimport_total": round(reimport, 3), "written": result.written,
            "errors": len(result.errors) + len(second.errors), "added": result.added,
            "reimport_unchanged": second.unchanged}


def _letters(number: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA': distinct given names for the benchmark rows."""
    out = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out
