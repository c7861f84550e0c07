"""A reported problem in input data: where it is, which field, and a Vietnamese sentence."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    field: str
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        label = "lỗi" if self.severity == "error" else "cảnh báo"
        field = f" [{self.field}]" if self.field else ""
        return f"{where}: {label}{field}: {self.message}"

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column,
                "field": self.field, "message": self.message, "severity": self.severity}


class DataError(Exception):
    """Raised when input cannot be published; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
