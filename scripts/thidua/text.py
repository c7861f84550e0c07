"""Vietnamese text rules, each in one place: normalisation, folding, slugs, sorting.

Everything that compares, sorts or links Vietnamese text goes through this module.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Normalise to NFC (composed), the only form stored or published."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """NFC, single spaces, no leading or trailing white space (for one-line fields)."""
    return _SPACES.sub(" ", nfc(text)).strip()


def _fold_table() -> dict[int, str | None]:
    """Each accented Latin letter to its bare letter, combining marks to nothing, đ/Đ to d/D
    (đ has no Unicode decomposition). One str.translate then folds a whole text."""
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in list(range(0x00C0, 0x0250)) + list(range(0x1E00, 0x1F00)):
        bare = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c))
        if bare and bare != chr(code):
            table[code] = bare
    table.update({code: None for code in range(0x0300, 0x0370)})
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lower-case ASCII form for matching: accents stripped, `đ` becomes `d` (NFC or NFD input)."""
    return _SPACES.sub(" ", text.translate(_FOLD).lower()).strip()


_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def match_key(text: str) -> str:
    """Key for loose matching of labels (headers, award forms): folded, letters and digits only."""
    return _NON_ALNUM.sub(" ", fold(text)).strip()


_SLUG_STRIP = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """The slug rule for every URL part derived from text: `Đặng Văn Đức` -> `dang-van-duc`."""
    return _SLUG_STRIP.sub("-", fold(text)).strip("-")


SAFE_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_safe_slug(value: str) -> bool:
    return bool(SAFE_SLUG.match(value)) and len(value) <= 120


# --- Vietnamese collation -------------------------------------------------------------

# Letters in Vietnamese alphabetical order; f j w z are not Vietnamese but appear in
# foreign names, so they are slotted where the Latin alphabet puts them.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]
_LETTER_RANK = {letter: i + 1 for i, letter in enumerate(_ALPHABET)}
# Tone marks (combining characters) in dictionary order: none, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


@lru_cache(maxsize=4096)
def _split_letter(char: str) -> tuple[str, int]:
    """One lower-case character -> (base letter with its letter marks, tone rank)."""
    decomposed = unicodedata.normalize("NFD", char)
    tone = 0
    kept = []
    for c in decomposed:
        if c in _TONE_RANK:
            tone = _TONE_RANK[c]
        elif unicodedata.combining(c) and c not in _LETTER_MARKS:
            continue
        else:
            kept.append(c)
    return unicodedata.normalize("NFC", "".join(kept)), tone


@lru_cache(maxsize=200_000)
def vi_key(text: str) -> tuple:
    """Sort key for Vietnamese text: letters in the Vietnamese alphabet, then tones."""
    letters: list[int] = []
    tones: list[int] = []
    for char in nfc(text).lower():
        base, tone = _split_letter(char)
        if base in _LETTER_RANK:
            letters.append(_LETTER_RANK[base])
        elif len(base) == 1 and base.isdecimal():
            letters.append(-10 + unicodedata.decimal(base))
        elif base.isspace():
            letters.append(0)
        else:
            continue  # punctuation does not sort
        tones.append(tone)
    return (tuple(letters), tuple(tones))


@lru_cache(maxsize=200_000)
def person_key(name: str) -> tuple:
    """Sort key for a person's full name: given name first, then family and middle names."""
    words = clean(name).split(" ")
    reordered = words[-1:] + words[:-1]
    return (vi_key(" ".join(reordered)), vi_key(name))


def initial_letter(name: str, person: bool) -> str:
    """The letter a name is filed under in an A-Z listing (`Đ` stays `Đ`)."""
    words = clean(name).split(" ")
    word = words[-1] if person else words[0]
    base, _ = _split_letter(word[:1].lower()) if word else ("", 0)
    return base.upper() if base in _LETTER_RANK else "#"


def letter_rank(letter: str) -> int:
    return _LETTER_RANK.get(letter.lower(), 99)


# --- dates ------------------------------------------------------------------------------

def date_vn(day) -> str:
    """dd/mm/yyyy, as Vietnamese readers write dates."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else ""


def _month(month: int) -> str:
    """Months as administrative documents write them: 01 and 02 padded, the others not."""
    return f"{month:02d}" if month < 3 else str(month)


def date_formal(day) -> str:
    """'ngày 15 tháng 7 năm 2024', 'ngày 05 tháng 02 năm 2025', as formal documents write dates."""
    return f"ngày {day.day:02d} tháng {_month(day.month)} năm {day.year}" if day else ""


def month_vn(day) -> str:
    """'tháng 7/2024', as plans write a month."""
    return f"tháng {day.month}/{day.year}"


def paragraphs(text: str) -> list[str]:
    """Split a multi-paragraph text field at blank lines."""
    return [p for p in (text or "").split("\n\n") if p]
