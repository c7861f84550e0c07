"""Step 2, the header row: find it among the first rows and map its columns to fields."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import legacy
from ..schema import PRIVATE_KEYS
from ..text import match_key
from .records import Table, cell_text

HEADER_SEARCH_ROWS = 30

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
