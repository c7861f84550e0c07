"""The award precedence rule (Luật Thi đua, khen thưởng 2022; Nghị định 98/2023/NĐ-CP).

Honorees are listed by the rank of their award form first. The rank is read from the
form's name, so a campaign may word its forms freely ("Bằng khen của Chủ tịch UBND tỉnh").
"""
from __future__ import annotations

from .text import match_key

# (rank, words that must all appear in the folded name). First match wins; lower is higher.
_RULES: list[tuple[int, tuple[str, ...]]] = [
    (10, ("huan chuong",)),
    (12, ("danh hieu", "anh hung")),
    (14, ("nha giao nhan dan",)),
    (15, ("thay thuoc nhan dan",)),
    (16, ("nghe nhan nhan dan",)),
    (20, ("huy chuong",)),
    (25, ("chien si thi dua toan quoc",)),
    (26, ("co thi dua cua chinh phu",)),
    (30, ("bang khen", "thu tuong")),
    (40, ("bang khen", "bo truong")),
    (40, ("bang khen", "ban nganh")),
    (41, ("bang khen", "chu tich", "tinh")),
    (41, ("bang khen", "ubnd", "tinh")),
    (41, ("bang khen", "uy ban nhan dan", "tinh")),
    (42, ("bang khen",)),
    (44, ("buc truong",)),
    (45, ("co thi dua",)),
    # "cơ sở" before the level rules: "Chiến sĩ thi đua cơ sở (ngành Nội vụ)" is a base-level title.
    (70, ("chien si thi dua co so",)),
    (70, ("chien si thi dua cap co so",)),
    (50, ("chien si thi dua", "bo")),
    (50, ("chien si thi dua", "nganh")),
    (50, ("chien si thi dua", "tinh")),
    (60, ("giay khen", "giam doc")),
    (61, ("giay khen", "chu tich")),
    (62, ("giay khen",)),
    (75, ("tap the lao dong xuat sac",)),
    (77, ("tap the lao dong tien tien",)),  # before its substring "lao động tiên tiến"
    (76, ("lao dong tien tien",)),
]
UNKNOWN_RANK = 90


def precedence(name: str) -> int:
    """Rank of an award form by its name: 10 for state orders ... 90 for unknown forms."""
    key = f" {match_key(name)} "
    for rank, words in _RULES:
        if all(f" {w} " in key for w in words):  # whole words only: "tỉnh" is not "tinh thần"
            return rank
    return UNKNOWN_RANK
