"""The shared data of an import: what a table, a row, an issue and a result look like.

Shared by the other modules of the package; this one imports none of them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..schema import HONOREE

PERSON, COLLECTIVE = "ca-nhan", "tap-the"


class UnusableFile(Exception):
    """The file cannot be read as a honoree list at all (exit code 2)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class CampaignProblem(Exception):
    """The campaign cannot take this import (its data has errors, another import holds it, the
    result would be too big); `code` is the exit code."""

    def __init__(self, messages: list[str], code: int):
        super().__init__("\n".join(messages))
        self.messages, self.code = messages, code


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
    """Raw cell values of one sheet: (row number as Excel shows it, values).

    Rows hidden in Excel and skipped are there with no values; `row_issues` holds rows the
    reader could not read as their author meant (a CSV quote left open), which are not imported.
    """
    sheet: str
    rows: list[tuple[int, list]]
    epoch: dt.datetime = dt.datetime(1899, 12, 30)
    hidden_columns: frozenset[int] = frozenset()        # 0-based indexes of columns hidden in Excel
    row_issues: dict[int, list[Issue]] = field(default_factory=dict)


@dataclass(frozen=True)
class Unreadable:
    """A cell whose value the file does not hold: a formula never calculated (no saved result,
    as files made by programs other than Excel often are), or an Excel error such as #REF!."""
    formula: str = ""
    error: str = ""


_PLACEHOLDERS = {"-", "--", "—", "–", ".", "x", "X", "/", "…", "..."}  # "nothing here", as sheets write it


def cell_text(value) -> str:
    """Any cell value as text: None -> "", 12.0 -> "12", a date -> dd/mm/yyyy; a placeholder such
    as "-" -> ""; a leading apostrophe that protected a formula-like text in a CSV is dropped."""
    if value is None or isinstance(value, Unreadable):
        return ""
    if isinstance(value, str):
        text = value.strip()
        if text in _PLACEHOLDERS:
            return ""
        return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@") else text
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return f"{value:%d/%m/%Y}"
    return str(value)


@dataclass
class Options:
    sheet: str | None = None
    dry_run: bool = False
    skip_invalid: bool = False
    convert_legacy: bool = False
    include_hidden: bool = False


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

    def mark_written(self) -> None:
        self.written = True

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity != "error"]
