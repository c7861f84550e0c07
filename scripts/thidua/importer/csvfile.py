"""Step 1 for .csv: one table, UTF-8 or a detected Windows code page, within the limits.

The delimiter is the one whose header row maps the most columns (judged on the first rows).
A double quote opened and not closed where it should be makes the CSV reader run the next
lines into one cell, and those rows would vanish; such a row is reported and not imported.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from .. import legacy
from ..text import nfc
from .header import FIELD_TITLES, HEADER_SEARCH_ROWS, Header, find_header
from .limits import MAX_CELLS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, count_text, size_text
from .records import Issue, Table, UnusableFile

DELIMITERS = (",", ";", "\t")


def read_csv(path: Path) -> tuple[Table, list[Issue]]:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise UnusableFile(f"Tệp '{path.name}' nặng {size_text(size)}, quá giới hạn {size_text(MAX_FILE_BYTES)}: danh "
                           "sách khen thưởng của một phong trào không lớn đến vậy (honorees.yml tối đa 3 MB). Hãy chỉ "
                           "giữ các dòng và cột cần nhập, lưu rồi nhập lại.")
    text, note = decode_csv(path.read_bytes(), path.name)
    issues = [Issue(0, path.name, "", note, "warning")] if note else []
    delimiter = _delimiter(text, path.name)
    records = _Records(text, delimiter, path.name)
    rows = records.read()
    table = Table(path.name, rows)
    header = find_header(table)
    if header is not None:
        table.row_issues = _open_quotes(records, rows, header, path.name)
    return table, issues


def _delimiter(text: str, name: str) -> str:
    best, best_columns = DELIMITERS[0], -1
    for delimiter in DELIMITERS:
        rows = _Records(text, delimiter, name).read(HEADER_SEARCH_ROWS)
        header = find_header(Table(name, rows))
        columns = len(header.columns) if header else 0
        if columns > best_columns:
            best, best_columns = delimiter, columns
    return best


class _Lines:
    """The text's lines, as Notepad numbers them, handed to csv.reader; the current record's
    raw lines are kept so a quote left open can be found and shown."""

    def __init__(self, text: str):
        self.source = io.StringIO(text, newline="")
        self.current: list[str] = []

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.source.readline()
        if not line:
            raise StopIteration
        self.current.append(line)
        return line


class _Records:
    """The CSV's records as table rows, within the limits, with the lines each one spans."""

    def __init__(self, text: str, delimiter: str, name: str):
        self.delimiter, self.name = delimiter, name
        self.lines = _Lines(text)
        self.spans: dict[int, tuple[int, int]] = {}   # record number -> first and last line, if several
        self.last_raw = ""                             # the raw text of the last record
        self.last_span = (0, 0)                        # and its first and last line
        self.count = 0

    def read(self, limit: int | None = None) -> list[tuple[int, list]]:
        reader = csv.reader(self.lines, delimiter=self.delimiter)
        rows: list[tuple[int, list]] = []
        cells = 0
        first = 1
        try:
            for number, values in enumerate(reader, start=1):
                self.count = number
                if reader.line_num > first:
                    self.spans[number] = (first, reader.line_num)
                self.last_span = (first, reader.line_num)
                self.last_raw = "".join(self.lines.current)
                self.lines.current = []
                values = self._trimmed(values, number)
                cells += sum(1 for v in values if v)
                if cells > MAX_CELLS:
                    raise UnusableFile(f"Tệp '{self.name}' có hơn {count_text(MAX_CELLS)} ô có dữ liệu (đến dòng "
                                       f"{count_text(number)}), nhiều hơn mọi danh sách khen thưởng. Hãy chỉ giữ các "
                                       "dòng và cột cần nhập, lưu rồi nhập lại.")
                rows.append((number, values))
                first = reader.line_num + 1
                if limit is not None and number >= limit:
                    break
        except csv.Error as exc:
            raise UnusableFile(self._error(exc, first, reader.line_num)) from None
        return rows

    def _trimmed(self, values: list[str], number: int) -> list[str]:
        while values and not values[-1]:
            values.pop()
        if not values:
            return values
        if number > MAX_ROWS:
            raise UnusableFile(f"Tệp '{self.name}' có dữ liệu ở dòng {count_text(number)}, quá giới hạn "
                               f"{count_text(MAX_ROWS)} dòng: một phong trào không chứa được danh sách dài như vậy. "
                               "Nếu cuối tệp có dòng thừa, hãy xóa đi; nếu danh sách thật sự dài như vậy, hãy tách "
                               "thành nhiều phong trào.")
        if len(values) > MAX_COLUMNS:
            raise UnusableFile(f"Tệp '{self.name}', dòng {count_text(number)}: có dữ liệu ở ô thứ {len(values)}, ngoài "
                               f"{MAX_COLUMNS} cột đầu; danh sách khen thưởng không cần nhiều cột như vậy. Hãy xóa các "
                               "cột thừa bên phải (hoặc kiểm tra dấu phân cách), lưu rồi nhập lại.")
        return values

    def _error(self, exc: csv.Error, first: int, last: int) -> str:
        if "field larger than field limit" in str(exc):
            return (f"Tệp '{self.name}': từ dòng {first} (đánh số như Notepad), một ô dài hơn "
                    f"{count_text(csv.field_size_limit())} ký tự, gần như chắc chắn do một dấu ngoặc kép (\") mở mà "
                    f"không đóng, khiến các dòng sau bị gộp vào ô đó. Hãy mở tệp bằng Notepad, sửa dấu \" ở dòng "
                    f"{first} (xóa đi, hoặc thêm dấu \" đóng ở cuối ô), lưu rồi nhập lại.")
        return (f"Tệp '{self.name}' không đọc được như CSV ở dòng {last} (đánh số như Notepad). Hãy mở tệp bằng Excel, "
                "lưu lại dạng 'CSV UTF-8' rồi nhập lại.")


def _open_quotes(records: _Records, rows: list[tuple[int, list]], header: Header,
                 name: str) -> dict[int, list[Issue]]:
    """Rows into which a quote left open ran the following lines: an error each."""
    width = len([v for v in rows[header.row - 1][1] if v])
    stt_first = header.columns.get("stt") == 0
    found: dict[int, list[Issue]] = {}
    for number, (first, last) in records.spans.items():
        col = _run_on_cell(rows[number - 1][1], records.delimiter, width, stt_first)
        if col is not None:
            field = _field(header, col)
            title = FIELD_TITLES.get(field) if field else None
            message = _quote_message(title, col, first, last, rows[number - 1][1][col])
            found[number] = [Issue(number, name, field, message)]
    number = records.count
    if number not in found and _ends_inside_quote(records.last_raw, records.delimiter):
        first, last = records.last_span
        found[number] = [Issue(number, name, "", _quote_message(None, None, first, last, "", at_end=True))]
    return found


def _run_on_cell(values: list, delimiter: str, width: int, stt_first: bool) -> int | None:
    """The column of the cell holding lines that read as whole rows of the list, if any."""
    for col, value in enumerate(values):
        lines = value.splitlines()[1:] if isinstance(value, str) else []
        if any(_looks_like_row(line, delimiter, width, stt_first) for line in lines):
            return col
    return None


def _field(header: Header, col: int) -> str:
    return next((field for field, index in header.columns.items() if index == col), "")


def _looks_like_row(line: str, delimiter: str, width: int, stt_first: bool) -> bool:
    """A line of the file run into a cell that reads as a whole row of the list."""
    parts = line.split(delimiter)
    if width < 2 or len(parts) < max(2, width - 1):
        return False
    return parts[0].strip().isdigit() if stt_first else True


def _quote_message(title: str | None, col: int | None, first: int, last: int, value: str, at_end: bool = False) -> str:
    cell = f"Ô '{title}'" if title else (f"Ô thứ {col + 1}" if col is not None else "Một ô")
    where = f" (dòng {first + 1}–{last} khi mở tệp bằng Notepad)" if last > first else ""
    if at_end:
        lost = f"các dòng tiếp theo đến hết tệp{where} bị gộp vào ô đó" if where else "ô đó kéo dài đến hết tệp"
        return (f"Dấu ngoặc kép (\") mở ở dòng này không được đóng, nên {lost}. Hãy mở tệp bằng Notepad, sửa dấu \" "
                f"ở dòng {first} (xóa đi, hoặc thêm dấu \" đóng ở cuối ô), lưu rồi nhập lại.")
    text = " ".join(value.split())
    text = text if len(text) <= 80 else text[:80].rsplit(" ", 1)[0] + "…"
    return (f"{cell} mở dấu ngoặc kép (\") mà không đóng đúng chỗ, nên các dòng tiếp theo{where} bị gộp vào ô này và "
            f"sẽ bị mất: '{text}'. Hãy mở tệp bằng Notepad, sửa dấu \" ở dòng {first} (xóa đi, hoặc thêm dấu \" đóng "
            "ở cuối ô), lưu rồi nhập lại.")


def _ends_inside_quote(raw: str, delimiter: str) -> bool:
    """True if the CSV text ends inside a quoted field (csv.reader accepts that silently)."""
    inside, field_start, i = False, True, 0
    while i < len(raw):
        char = raw[i]
        if inside:
            if char == '"':
                if raw[i + 1:i + 2] == '"':
                    i += 1
                else:
                    inside = False
        elif char == '"' and field_start:
            inside = True
        field_start = not inside and char in (delimiter, "\n", "\r")
        i += 1
    return inside


# --- code pages ---------------------------------------------------------------------------------

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
