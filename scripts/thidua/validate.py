"""Checking a YAML node tree against a declared shape (schema.py).

Returns plain values (dict, list, str, int, bool, datetime.date, or (year, month) for a
month) and every problem found, each with file, line, column, field and a Vietnamese
sentence. Cross-record rules (an honoree's award offered by its campaign, unique ids...)
live in rules.py.
"""
from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from functools import lru_cache

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import legacy
from . import schema as s
from .problems import Problem
from .text import clean, forbidden_char, is_safe_slug, match_key, mixed_script_word, nfc

_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_NULLS = {"", "~", "null", "Null", "NULL"}


class Checker:
    def __init__(self, file: str, private_keys: dict[str, str] | None = None, source: str | None = None):
        """`source`, the text the nodes were composed from, lets a message point at the very
        character it is about rather than at the start of its value."""
        self.file = file
        self.problems: list[Problem] = []
        self.private_keys = private_keys or {}
        self.source = source

    def report(self, node: Node, field: str, message: str, severity: str = "error") -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, field, message, severity))

    def report_char(self, node: Node, field: str, char: str, message: str) -> None:
        """Report at the character itself when it is written as is inside the value (not as an
        escape such as \\u200b), else at the start of the value."""
        start, end = node.start_mark, node.end_mark
        found = self.source.find(char, start.index, end.index) if self.source is not None else -1
        if found < 0:
            self.report(node, field, message)
            return
        line_start = self.source.rfind("\n", 0, found) + 1
        self.problems.append(Problem(self.file, self.source.count("\n", 0, found) + 1, found - line_start + 1, field,
                                     message))

    # -- dispatch ------------------------------------------------------------------
    def check(self, node: Node, spec: s.Spec, field: str):
        if isinstance(node, ScalarNode) and node.style is None and node.value in _NULLS:
            return None  # a plain scalar YAML reads as null (the loader resolves no types: all is text)
        kind = type(spec)  # by exact type, the cheapest test: a new kind of Spec needs its own line here
        if kind is s.Obj:
            return self._obj(node, spec, field)
        if kind is s.List:
            return self._list(node, spec, field)
        if not isinstance(node, ScalarNode):
            self.report(node, field, f"Cần một giá trị đơn ({_kind_name(spec)}), không phải danh sách hay nhóm.")
            return None
        if kind is s.Text:
            return self._text(node, spec, field)
        if kind is s.Enum:
            return self._enum(node, spec, field)
        if kind is s.Slug:
            return self._slug(node, field)
        if kind is s.Date:
            return self._date(node, spec, field)
        if kind is s.Int:
            return self._int(node, spec, field)
        if kind is s.Bool:
            return self._bool(node, field)
        raise TypeError(spec)

    # -- containers ----------------------------------------------------------------
    def _obj(self, node: Node, spec: s.Obj, field: str) -> dict | None:
        if not isinstance(node, MappingNode):
            self.report(node, field, "Cần một nhóm trường (dạng 'tên: giá trị'), không phải "
                                     f"{'danh sách' if isinstance(node, SequenceNode) else 'một giá trị đơn'}.")
            return None
        out: dict = {}
        seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.report(key_node, field or "", "Tên trường phải là một chữ, ví dụ 'title:'; ở đây lại là "
                                                   f"{'một danh sách' if isinstance(key_node, SequenceNode) else 'một nhóm'}"
                                                   ". Kiểm tra dấu ngoặc [ ] hoặc { } và dấu '?' ở đầu dòng.")
                continue
            key = str(key_node.value)
            path = f"{field}.{key}" if field else key
            if key in seen:
                self.report(key_node, path, f"Trường '{key}' bị lặp (đã có ở dòng {seen[key].start_mark.line + 1}); "
                                            "chỉ giữ một.")
                continue
            seen[key] = key_node
            if key not in spec.fields:
                self.report(key_node, path, self._unknown_key_message(key, spec))
                continue
            before = len(self.problems)
            value = self.check(value_node, spec.fields[key], path)
            if value is not None and value != "" and value != []:
                out[key] = value
            elif key in spec.required and len(self.problems) == before:
                self.report(value_node, path, f"Trường bắt buộc '{key}' đang để trống.")
        for name in spec.required:
            if name not in seen:
                self.report(node, f"{field}.{name}" if field else name, f"Thiếu trường bắt buộc '{name}'.")
        return out

    def _unknown_key_message(self, key: str, spec: s.Obj) -> str:
        folded = match_key(key)
        for marker, what in self.private_keys.items():
            if marker in folded or marker.replace(" ", "") in folded.replace(" ", ""):
                return (f"Trường '{key}' chứa dữ liệu cá nhân ({what}); không được đưa lên trang công khai "
                        "(Nghị định 13/2023/NĐ-CP). Hãy xóa trường này.")
        guess = difflib.get_close_matches(key, list(spec.fields), n=1, cutoff=0.6)
        hint = f" Có phải ý bạn là '{guess[0]}'?" if guess else ""
        allowed = ", ".join(spec.fields)
        return f"Trường '{key}' không có trong mẫu.{hint} Các trường được dùng: {allowed}."

    def _list(self, node: Node, spec: s.List, field: str) -> list | None:
        if not isinstance(node, SequenceNode):
            if isinstance(node, ScalarNode) and isinstance(spec.item, s.Text):
                return [self.check(node, spec.item, field)]  # one text where a list is expected
            self.report(node, field, "Cần một danh sách (mỗi mục một dòng bắt đầu bằng '- ').")
            return None
        if len(node.value) > spec.max_items:
            self.report(node, field, f"Danh sách quá dài ({len(node.value)} mục, tối đa {spec.max_items}).")
            return None
        items = [self.check(item, spec.item, f"{field}[{i + 1}]") for i, item in enumerate(node.value)]
        return [item for item in items if item is not None and item != ""]

    # -- scalars -------------------------------------------------------------------
    def _text(self, node: ScalarNode, spec: s.Text, field: str) -> str | None:
        if not isinstance(node, ScalarNode):
            self.report(node, field, "Cần một đoạn văn bản.")
            return None
        raw = str(node.value)
        value, problem = (_kept_verdict if len(raw) <= _KEEP_UP_TO else text_verdict)(raw, spec.multiline, spec.max_len)
        if problem is None:
            return value
        message, char, severity = problem
        if char:
            self.report_char(node, field, char, message)
        else:
            self.report(node, field, message, severity)
        return value

    def _slug(self, node: ScalarNode, field: str) -> str | None:
        value = str(node.value)
        if not is_safe_slug(value):
            self.report(node, field, f"Mã '{value}' không hợp lệ: chỉ dùng chữ thường không dấu a-z, số 0-9 và "
                                     "dấu gạch nối, không dấu cách, không '/', tối đa 120 ký tự.")
            return None
        return value

    def _date(self, node: ScalarNode, spec: s.Date, field: str):
        value = str(node.value).strip()
        match = _DATE.match(value)
        if match:
            year, month, day = (int(x) for x in match.groups())
            wrong = _date_problem(value, year, month, day)
            if wrong:
                self.report(node, field, wrong)
                return None
            return dt.date(year, month, day)
        match = _MONTH.match(value)
        if match and spec.month_ok:
            year, month = (int(x) for x in match.groups())
            wrong = _date_problem(value, year, month, None)
            if wrong:
                self.report(node, field, wrong)
                return None
            return (year, month)
        wanted = "YYYY-MM-DD (ví dụ 2025-07-31) hoặc tháng YYYY-MM" if spec.month_ok else "YYYY-MM-DD (ví dụ 2025-07-31)"
        self.report(node, field, f"Ngày '{value}' không đúng dạng {wanted}.")
        return None

    def _int(self, node: ScalarNode, spec: s.Int, field: str) -> int | None:
        value = str(node.value).strip()
        if not re.fullmatch(r"\d+", value):
            self.report(node, field, f"Cần một số nguyên, không phải '{value}'.")
            return None
        number = int(value)
        if not spec.minimum <= number <= spec.maximum:
            self.report(node, field, f"Số {number} nằm ngoài khoảng {spec.minimum}–{spec.maximum}.")
            return None
        return number

    def _bool(self, node: ScalarNode, field: str) -> bool | None:
        value = str(node.value).strip().lower()
        if value in ("true", "yes", "có"):
            return True
        if value in ("false", "no", "không"):
            return False
        self.report(node, field, f"Cần true hoặc false, không phải '{node.value}'.")
        return None

    def _enum(self, node: ScalarNode, spec: s.Enum, field: str) -> str | None:
        value = clean(str(node.value))
        if value in spec.values:
            return value
        by_key = {match_key(v): v for v in spec.values}
        if match_key(value) in by_key:
            return by_key[match_key(value)]
        self.report(node, field, f"Giá trị '{value}' không hợp lệ; chọn một trong: {', '.join(spec.values)}.")
        return None


def text_verdict(raw: str, multiline: bool, max_len: int) -> tuple[str | None, tuple[str, str, str] | None]:
    """(the text as published or None, None or what is wrong with it: (message, the character it is
    about or "", severity)). A pure function of the text; the checker says where. Short texts come
    back row after row (units, positions, award forms, citations): their verdicts are kept."""
    raw = nfc(raw)
    value = clean(raw) if not multiline or "\n" not in raw else _clean_paragraphs(raw)
    if len(value) > max_len:
        return None, (f"Văn bản quá dài ({len(value)} ký tự, tối đa {max_len}).", "", "error")
    encoding = legacy.find(value)
    if encoding:
        return None, (f"Văn bản có vẻ được gõ bằng bảng mã cũ {encoding} (\"{value[:40]}\"); trang web sẽ hiển thị "
                      "sai. Hãy chuyển sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey), hoặc nhập lại với "
                      "--convert-legacy (scripts/portal import cho Excel, import-plan cho kế hoạch).", "", "error")
    refused = forbidden_char(raw)  # before cleaning, which would fold some (U+0085, U+001F) into spaces
    if refused:
        index, message = refused
        return None, (message, raw[index], "error")
    mixed = mixed_script_word(value)
    return value, ((mixed, "", "warning") if mixed else None)


_KEEP_UP_TO = 200  # characters: longer texts (the plan's paragraphs) are seldom written twice, and kept ones cost memory
_kept_verdict = lru_cache(maxsize=1 << 15)(text_verdict)


YEARS = (1900, 2100)  # dates before or after are typing mistakes (0000, 20255...)


def _date_problem(value: str, year: int, month: int, day: int | None) -> str | None:
    """Why a date (or a month, without day) cannot be, in words a clerk can act on; None if it can."""
    if not YEARS[0] <= year <= YEARS[1]:
        return (f"Ngày '{value}' có năm {year:04d} không hợp lệ; năm phải từ {YEARS[0]} đến {YEARS[1]}, viết đủ bốn "
                "chữ số theo dạng YYYY-MM-DD (ví dụ 2025-07-31).")
    if not 1 <= month <= 12:
        return f"Ngày '{value}' có tháng {month} không tồn tại; tháng phải từ 1 đến 12 (dạng YYYY-MM-DD, ví dụ 2025-07-31)."
    last = calendar.monthrange(year, month)[1]
    if day is not None and day > last:
        return f"Ngày {value} không tồn tại (tháng {month} năm {year} không có ngày {day})."
    if day is not None and day < 1:
        return f"Ngày {value} không tồn tại (ngày phải từ 01 đến {last:02d} trong tháng {month} năm {year})."
    return None


def _clean_paragraphs(value: str) -> str:
    """Keep paragraph breaks (blank lines); fold other white space to single spaces."""
    paragraphs = [clean(p) for p in re.split(r"\n\s*\n", value)]
    return "\n\n".join(p for p in paragraphs if p)


def _kind_name(spec: s.Spec) -> str:
    return {s.Date: "ngày", s.Int: "số", s.Bool: "true/false", s.Enum: "một lựa chọn",
            s.Slug: "mã"}.get(type(spec), "văn bản")


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])
