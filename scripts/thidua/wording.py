"""The site's recurring phrases, each made in one place: numbers as Vietnamese readers write them,
the counts, the sentence that cites a decision, the days left."""
from __future__ import annotations

from .model import Decision
from .text import date_vn


def number_vn(n: int) -> str:
    """100000 -> "100.000": a dot between thousands, as Vietnamese texts write numbers."""
    return f"{n:,}".replace(",", ".")


def honours(n: int) -> str:
    """The one wording for a count of honours (a person honoured twice counts twice)."""
    return f"{number_vn(n)} lượt khen thưởng"


def campaigns(n: int) -> str:
    return f"{number_vn(n)} phong trào"


def units(n: int) -> str:
    return f"{number_vn(n)} đơn vị"


def decision_text(decision: Decision | None) -> str:
    """'Quyết định số 12/QĐ-SNV ngày 05/08/2025 của Giám đốc Sở Nội vụ'."""
    if not decision:
        return ""
    signer = f" của {decision.signer}" if decision.signer else ""
    return f"Quyết định số {decision.number} ngày {date_vn(decision.date)}{signer}"


def days_left(days: int, today_text: str = "hôm nay là ngày cuối") -> str:
    """'còn 12 ngày', or `today_text` on the day itself."""
    return today_text if days == 0 else f"còn {number_vn(days)} ngày"
