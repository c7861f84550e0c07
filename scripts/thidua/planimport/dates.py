"""Dates as Vietnamese plans write them: 15/7/2024, 15-7-2024, ngày 15 tháng 7 năm 2024,
tháng 7/2024, tháng 7 năm 2024, năm 2025."""
from __future__ import annotations

import datetime as dt
import re

DAY = r"(?:ngày\s+)?\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|(?:ngày\s+)?\d{1,2}\s+tháng\s+\d{1,2}\s*,?\s+năm\s+\d{4}"
MONTH = r"tháng\s+\d{1,2}\s*(?:[/-]|\s+năm\s+)\s*\d{4}"
YEAR = r"năm\s+\d{4}"
WHEN = rf"(?:{DAY}|{MONTH}|{YEAR})"

_DAY_NUM = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_DAY_WORDS = re.compile(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s*,?\s+năm\s+(\d{4})")
_MONTH = re.compile(r"tháng\s+(\d{1,2})\s*(?:[/-]|\s+năm\s+)\s*(\d{4})")
_MONTH_ONLY = re.compile(r"^tháng\s+(\d{1,2})$")
_YEAR = re.compile(r"^năm\s+(\d{4})$")


def day(text: str) -> dt.date | None:
    """The date a text names (15/7/2024, ngày 15 tháng 7 năm 2024), or None."""
    match = _DAY_NUM.search(text) or _DAY_WORDS.search(text)
    if not match:
        return None
    d, m, y = (int(x) for x in match.groups())
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def when(text: str, end: bool) -> str | None:
    """A date 'YYYY-MM-DD' or a month 'YYYY-MM' for the schema's period fields; a bare year is
    its last (or first) day."""
    text = " ".join(text.split())
    found = day(text)
    if found:
        return found.isoformat()
    match = _MONTH.search(text)
    if match:
        m, y = int(match.group(1)), int(match.group(2))
        return f"{y:04d}-{m:02d}" if 1 <= m <= 12 else None
    match = _YEAR.match(text)
    if match:
        return f"{match.group(1)}-12-31" if end else f"{match.group(1)}-01-01"
    return None


def month_without_year(text: str) -> int | None:
    match = _MONTH_ONLY.match(" ".join(text.split()))
    return int(match.group(1)) if match and 1 <= int(match.group(1)) <= 12 else None
