"""Step 3, rows: each data row into an ImportRow, or into problems for that row.

Names, type and honorific; position and unit; award; decision number and date; id and
lengths. Text typed in the old TCVN3/VNI code pages is found here, converted or reported.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .. import legacy
from ..model import Campaign
from ..text import clean, is_safe_slug, match_key, nfc
from .header import FIELD_TITLES, Header
from .records import COLLECTIVE, PERSON, ImportRow, Issue, Table, Unreadable, cell_text

MAX_LEN = {"name": 300, "position": 300, "unit": 300, "award": 300, "decision": 100, "signer": 300,
           "citation": 4000}


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
        if number in table.row_issues:  # the reader could not read this row as written
            issues += table.row_issues[number]
            continue
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
    for name, col in sorted(header.columns.items(), key=lambda item: item[1]):
        if col in table.hidden_columns and name != "stt":
            notes.append(Issue(header.row, table.sheet, name, f"Cột '{FIELD_TITLES.get(name, name)}' (cột "
                               f"{_column_letter(col)}) đang bị ẩn trong Excel; vẫn được nhập.", "warning"))
    return notes


def _column_letter(col: int) -> str:
    """0 -> 'A', 26 -> 'AA'."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


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
    issues: list[Issue] = _unreadable_cells(context, number, cells)
    if not issues and not any(cell_text(v) for v in values):
        return None, []
    if not issues and _heading(context, values, texts):
        return None, []
    unreadable = {issue.field for issue in issues}
    cells = {name: None if isinstance(v, Unreadable) else v for name, v in cells.items()}
    texts = _legacy_cells(context, number, cells, texts, issues)
    row = ImportRow(sheet=sheet, row=number)

    def error(name: str, message: str) -> None:
        if name not in unreadable:  # "missing" says nothing new about a cell already reported
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


def _unreadable_cells(context: SheetContext, number: int, cells: dict) -> list[Issue]:
    """Cells of the row's columns whose value the file does not hold: one error each."""
    issues = []
    for name, value in cells.items():
        if not isinstance(value, Unreadable) or name == "stt":
            continue
        where = f"Ô {_column_letter(context.header.columns[name])}{number} (cột '{FIELD_TITLES.get(name, name)}')"
        formula = f" '{_short(value.formula)}'" if value.formula else ""
        if value.error:
            message = (f"{where} có lỗi công thức {value.error}{formula}, không có giá trị để nhập. Hãy sửa công thức "
                       "hoặc gõ thẳng giá trị vào ô trong Excel, lưu rồi nhập lại.")
        else:
            message = (f"{where} chứa công thức{formula} nhưng tệp không lưu kết quả tính (tệp được tạo bằng phần mềm "
                       "khác hoặc chưa được tính lại). Hãy mở tệp bằng Excel, nhấn Ctrl+Alt+F9 để tính lại, lưu rồi "
                       "nhập lại; hoặc chép cột đó và dán dạng giá trị (Dán đặc biệt > Giá trị).")
        issues.append(Issue(number, context.table.sheet, name, message))
    return issues


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
