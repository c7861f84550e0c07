"""Step 1 for .xlsx: each sheet's cell values, one row at a time and within the limits.

`package.inspect` checks the zip's parts first. openpyxl then reads the shared strings, the
styles (which numbers are dates) and the list of sheets; the rows are read here with openpyxl's
own cell parser, so that hidden sheets, hidden rows and columns, formulas without a saved
result and merged cells are seen, and no more than the limits is ever held: the reading stops
at the first row, column or cell beyond them.

Imported by sheets.read_xlsx on first use: CSV imports and the rest of the site need no openpyxl.
"""
from __future__ import annotations

import warnings
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries
from openpyxl.worksheet._reader import (CELL_TAG, COL_TAG, DATA_TAG, FORMULA_TAG, INLINE_STRING, ROW_TAG,
                                        WorkSheetParser)
from openpyxl.xml.constants import SHEET_MAIN_NS

from ..text import match_key
from .limits import MAX_CELLS, MAX_COLUMNS, MAX_ROWS, count_text
from .package import SheetEntry, damaged, inspect
from .records import Issue, Table, UnusableFile, Unreadable

_MERGE_TAG = f"{{{SHEET_MAIN_NS}}}mergeCell"
_TEXT_TAG = f"{{{SHEET_MAIN_NS}}}t"
_RUN_TAG = f"{{{SHEET_MAIN_NS}}}r"
_HIDDEN_WHAT = "đang bị ẩn trong Excel (ẩn, lọc hoặc thu gọn nhóm)"


def read_xlsx(path: Path, sheet: str | None = None, include_hidden: bool = False) -> tuple[list[Table], list[Issue]]:
    """The chosen sheets as tables, and notes on what was skipped or included (hidden, charts)."""
    entries = inspect(path)
    chosen, notes = choose_sheets(entries, sheet, include_hidden, path.name)
    with warnings.catch_warnings():  # openpyxl warns in English about styles and extensions it drops
        warnings.simplefilter("ignore")
        workbook = _open(path)
        try:
            budget = _Budget(path.name)
            tables = []
            for entry in chosen:
                worksheet = _worksheet(workbook, entry, path.name)
                table, found = _read_sheet(worksheet, entry, include_hidden, budget, path.name)
                tables.append(table)
                notes += found
            return tables, notes
        finally:
            workbook.close()


def _open(path: Path):
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except MemoryError:
        raise
    except Exception:  # openpyxl raises many types for parts that are well-formed XML but not Excel's
        raise damaged(path.name, "có phần không đúng chuẩn của Excel nên không đọc được") from None


def _worksheet(workbook, entry: SheetEntry, file_name: str):
    try:
        return workbook[entry.name]
    except KeyError:  # listed by the workbook, but not as a sheet openpyxl could read
        raise damaged(file_name, f"trang '{entry.name}' không đọc được như một trang tính") from None


# --- which sheets ------------------------------------------------------------------------------

def choose_sheets(entries: list[SheetEntry], wanted: str | None, include_hidden: bool,
                  file_name: str) -> tuple[list[SheetEntry], list[Issue]]:
    if wanted is not None:
        return _named_sheet(entries, wanted, file_name)
    chosen: list[SheetEntry] = []
    notes: list[Issue] = []
    for entry in entries:
        if entry.kind != "worksheet":
            notes.append(Issue(0, entry.name, "", "Bỏ qua trang này: là trang biểu đồ hoặc macro, không có ô dữ liệu.",
                               "warning"))
        elif entry.hidden and not include_hidden:
            notes.append(Issue(0, entry.name, "", _hidden_sheet_text(entry) + " nên không được nhập. Nếu trang này "
                               "cũng là danh sách cần nhập, hãy bỏ ẩn trang trong Excel (nhấp chuột phải vào tên "
                               "một trang > Bỏ ẩn) rồi lưu lại, hoặc chạy lại với --include-hidden.", "warning"))
        else:
            if entry.hidden:
                notes.append(Issue(0, entry.name, "", _hidden_sheet_text(entry) + "; vẫn nhập vì có --include-hidden.",
                                   "warning"))
            chosen.append(entry)
    if not chosen:
        hidden = [e.name for e in entries if e.kind == "worksheet" and e.hidden]
        if hidden:
            raise UnusableFile(f"Tệp '{file_name}' chỉ có trang tính đang bị ẩn ({', '.join(repr(n) for n in hidden)}); "
                               "không nhập trang ẩn. Hãy bỏ ẩn trang cần nhập trong Excel rồi lưu lại, hoặc chạy lại "
                               "với --include-hidden (hoặc --sheet \"Tên trang\").")
        raise UnusableFile(f"Tệp '{file_name}' không có trang tính nào chứa ô dữ liệu (chỉ có biểu đồ hoặc macro).")
    return chosen, notes


def _named_sheet(entries: list[SheetEntry], wanted: str, file_name: str) -> tuple[list[SheetEntry], list[Issue]]:
    for entry in entries:
        if entry.name == wanted or match_key(entry.name) == match_key(wanted):
            if entry.kind != "worksheet":
                raise UnusableFile(f"Trang '{entry.name}' của tệp '{file_name}' là trang biểu đồ hoặc macro, không "
                                   "có ô dữ liệu; hãy chọn trang chứa danh sách.")
            notes = [Issue(0, entry.name, "", _hidden_sheet_text(entry) + "; vẫn nhập vì được chọn bằng --sheet.",
                           "warning")] if entry.hidden else []
            return [entry], notes
    raise UnusableFile(f"Tệp '{file_name}' không có trang '{wanted}'; các trang: "
                       f"{', '.join(repr(e.name) for e in entries)}.")


def _hidden_sheet_text(entry: SheetEntry) -> str:
    how = "bị ẩn sâu (chỉ bỏ ẩn được bằng VBA)" if entry.state == "veryHidden" else "đang bị ẩn"
    return f"Trang này {how} trong Excel"


# --- one sheet -----------------------------------------------------------------------------------

class _Budget:
    """Cells with a value read so far in the file, merged cells spread included."""

    def __init__(self, file_name: str):
        self.file_name, self.cells = file_name, 0

    def add(self, count: int, sheet: str, row: int) -> None:
        self.cells += count
        if self.cells > MAX_CELLS:
            raise UnusableFile(f"Tệp '{self.file_name}' có hơn {count_text(MAX_CELLS)} ô có dữ liệu (đến trang "
                               f"'{sheet}', dòng {count_text(row)}), nhiều hơn mọi danh sách khen thưởng, nên không đọc "
                               "tiếp. Hãy chép riêng các dòng và cột cần nhập sang một tệp Excel mới rồi nhập tệp đó.")


def _read_sheet(worksheet, entry: SheetEntry, include_hidden: bool, budget: _Budget,
                file_name: str) -> tuple[Table, list[Issue]]:
    parser = _RowParser(worksheet)
    sheet = _SheetRows(entry.name, file_name, budget)
    with worksheet.parent._archive.open(worksheet._worksheet_path) as source:
        try:
            for number, hidden, cells in parser.rows(source):
                sheet.add(number, hidden and not include_hidden, hidden, cells)
        except (ValueError, TypeError, IndexError, KeyError, ElementTree.ParseError):
            raise damaged(file_name, f"trang '{entry.name}', dòng {count_text(parser.row_counter)} có ô không đọc "
                                     "được") from None
    fill_merged(sheet, parser.merges)
    table = Table(entry.name, sheet.rows, worksheet.parent.epoch, frozenset(parser.hidden_columns))
    return table, sheet.notes(include_hidden)


class _SheetRows:
    """The rows of one sheet as they are read: gaps filled, hidden rows set aside, limits kept."""

    def __init__(self, sheet: str, file_name: str, budget: _Budget):
        self.sheet, self.file_name, self.budget = sheet, file_name, budget
        self.rows: list[tuple[int, list]] = []
        self.hidden: set[int] = set()                # hidden rows skipped, with or without values
        self.hidden_values: dict[int, list] = {}     # the values of those skipped rows (for merges)
        self.hidden_with_values: list[int] = []      # hidden rows that hold values, skipped or not

    def add(self, number: int, skip: bool, hidden: bool, cells: list[dict]) -> None:
        if skip and number <= MAX_ROWS:
            self.hidden.add(number)
        values = self._values(number, cells)
        if not values:
            return
        self._place(number, values)
        if hidden:
            self.hidden_with_values.append(number)
        if skip:
            self.hidden_values[number] = values
            values = []
        self.rows.append((number, values))

    def _values(self, number: int, cells: list[dict]) -> list:
        found = [(c["column"], c["value"]) for c in cells if c["value"] is not None and c["value"] != ""]
        if not found:
            return []
        last = max(column for column, _ in found)
        if last > MAX_COLUMNS:
            raise UnusableFile(f"Trang '{self.sheet}' của tệp '{self.file_name}': ô {_ref(last, number)} có dữ liệu "
                               f"nhưng nằm ngoài {MAX_COLUMNS} cột đầu (A đến {_ref(MAX_COLUMNS, 0)}); danh sách khen "
                               "thưởng không cần nhiều cột như vậy. Hãy xóa các cột thừa bên phải danh sách (chọn các "
                               "cột > chuột phải > Xóa), lưu rồi nhập lại.")
        self.budget.add(len(found), self.sheet, number)
        values = [None] * last
        for column, value in found:
            values[column - 1] = value
        return values

    def _place(self, number: int, values: list) -> None:
        if number > MAX_ROWS:
            first = next(i for i, v in enumerate(values) if v is not None) + 1
            raise UnusableFile(f"Trang '{self.sheet}' của tệp '{self.file_name}' có dữ liệu ở dòng {count_text(number)} "
                               f"(ô {_ref(first, number)}), quá giới hạn {count_text(MAX_ROWS)} dòng: một phong trào "
                               "không chứa được danh sách dài như vậy. Nếu bên dưới danh sách có ô thừa (dấu cách, công "
                               "thức, ghi chú), hãy chọn các dòng đó, nhấp chuột phải > Xóa, lưu rồi nhập lại; nếu danh "
                               "sách thật sự dài như vậy, hãy tách thành nhiều phong trào.")
        if number <= len(self.rows):
            raise damaged(self.file_name, f"trang '{self.sheet}' có dòng {count_text(number)} ghi hai lần hoặc không "
                                          "theo thứ tự")
        self.rows.extend((n, []) for n in range(len(self.rows) + 1, number))

    def notes(self, included: bool) -> list[Issue]:
        numbers = self.hidden_with_values
        if not numbers:
            return []
        listed = f"{len(numbers)} dòng {_HIDDEN_WHAT} có dữ liệu: dòng {number_ranges(numbers)}"
        if included:
            return [Issue(0, self.sheet, "", f"Đã nhập cả {listed} (--include-hidden).", "warning")]
        return [Issue(0, self.sheet, "", f"Bỏ qua {listed}. Nếu cần nhập các dòng này, hãy bỏ ẩn hoặc bỏ lọc trong "
                                         "Excel rồi lưu lại, hoặc chạy lại với --include-hidden.", "warning")]


def fill_merged(sheet: _SheetRows, refs: list[str]) -> None:
    """Give every cell of a merge spanning several rows the value of its first cell.

    Lists merge a unit, an award or a decision over the rows it applies to. Merges within
    one row (titles, section headings) keep the value in their first cell only. Rows hidden
    and skipped are left out; every filled cell counts towards the file's cell limit.
    """
    rows = sheet.rows
    for ref in refs:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (ValueError, TypeError):
            continue
        if None in (min_col, min_row, max_col, max_row) or max_row == min_row or min_row > len(rows):
            continue
        max_col = min(max_col, MAX_COLUMNS)
        first = sheet.hidden_values.get(min_row) or rows[min_row - 1][1]
        value = first[min_col - 1] if min_col - 1 < len(first) else None
        for number in range(min_row, min(max_row, len(rows)) + 1):
            if number in sheet.hidden or min_col > max_col:
                continue
            values = rows[number - 1][1]
            if len(values) < max_col:
                values.extend([None] * (max_col - len(values)))
            sheet.budget.add(max_col - min_col + 1, sheet.sheet, number)
            for col in range(min_col - 1, max_col):
                values[col] = value


def number_ranges(numbers: list[int], limit: int = 12) -> str:
    """[3, 4, 5, 9] -> '3–5, 9'; more than `limit` ranges end with '…'."""
    ranges: list[list[int]] = []
    for number in sorted(numbers):
        if ranges and number == ranges[-1][1] + 1:
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    parts = [str(a) if a == b else f"{a}–{b}" for a, b in ranges[:limit]]
    return ", ".join(parts) + (", …" if len(ranges) > limit else "")


def _ref(column: int, row: int) -> str:
    return f"{get_column_letter(min(column, 16384))}{row or ''}"


# --- the XML of a sheet ----------------------------------------------------------------------------

class _RowParser(WorkSheetParser):
    """openpyxl's sheet parser (pinned 3.1.5), kept for its cell values: shared strings, numbers,
    dates by style, booleans, inline strings. Rows come one at a time with their `hidden` flag,
    each dropped from the tree once read; hidden columns and merged ranges are noted; formulas
    without a saved value and error values are kept as Unreadable instead of an empty cell."""

    def __init__(self, worksheet):
        workbook = worksheet.parent
        super().__init__(None, worksheet._shared_strings, data_only=True, epoch=workbook.epoch,
                         date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)
        self.merges: list[str] = []
        self.hidden_columns: set[int] = set()

    def rows(self, source):
        sheet_data = None
        for event, element in ElementTree.iterparse(source, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == DATA_TAG:
                    sheet_data = element
            elif tag == ROW_TAG:
                yield self._row(element)
                if sheet_data is not None:
                    sheet_data.clear()
            elif tag == COL_TAG:
                self._column(element)
            elif tag == _MERGE_TAG:
                self._merge(element.get("ref", ""))

    def _row(self, element):
        self.row_counter = _row_number(element.get("r"), self.row_counter)
        self.col_counter = 0
        hidden = element.get("hidden") in ("1", "true")
        cells = [self.parse_cell(child) for child in element if child.tag == CELL_TAG]
        element.clear()
        return self.row_counter, hidden, cells

    def parse_cell(self, element):
        if element.get("t") == "inlineStr":
            return self._inline_cell(element)
        cell = super().parse_cell(element)
        if cell["data_type"] == "e":
            cell["value"] = Unreadable(_formula(element), str(cell["value"] or "#?"))
        elif cell["value"] is None and element.get("t") != "str" and element.find(FORMULA_TAG) is not None:
            cell["value"] = Unreadable(_formula(element))
        return cell

    def _inline_cell(self, element):
        """What openpyxl makes of an inline string (the text of its runs, phonetic hints left out),
        without building its rich-text objects: three times faster."""
        coordinate = element.get("r")
        if coordinate:
            row, column = coordinate_to_tuple(coordinate)
            self.col_counter = column
        else:
            self.col_counter += 1
            row, column = self.row_counter, self.col_counter
        inline = element.find(INLINE_STRING)
        value = None if inline is None else "".join(_run_texts(inline))
        return {"row": row, "column": column, "value": value, "data_type": "s", "style_id": 0}

    def _column(self, element):
        if element.get("hidden") not in ("1", "true"):
            return
        try:
            first, last = int(element.get("min", "")), int(element.get("max", ""))
        except ValueError:
            return
        self.hidden_columns.update(range(max(first, 1) - 1, min(last, MAX_COLUMNS)))

    def _merge(self, ref: str):
        if len(self.merges) >= MAX_ROWS:
            raise UnusableFile(f"Một trang của tệp có hơn {count_text(MAX_ROWS)} vùng ô gộp, nhiều hơn mọi danh sách "
                               "khen thưởng. Hãy chép riêng các dòng và cột cần nhập sang một tệp Excel mới (dán dạng "
                               "giá trị) rồi nhập tệp đó.")
        self.merges.append(ref)


def _run_texts(inline):
    for node in inline:
        if node.tag == _TEXT_TAG:
            yield node.text or ""
        elif node.tag == _RUN_TAG:
            yield node.findtext(_TEXT_TAG) or ""


def _formula(element) -> str:
    text = element.findtext(FORMULA_TAG) or ""
    return f"={text}" if text else ""


def _row_number(text: str | None, previous: int) -> int:
    if text is None:
        return previous + 1
    number = float(text)  # ValueError for a damaged row number; the caller reports it
    if not number.is_integer() or number < 1:
        raise ValueError(text)
    return int(number)
