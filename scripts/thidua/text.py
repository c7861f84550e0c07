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
    text = nfc(text)
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # the common case: the only white space a printable text holds is the plain space
    return _SPACES.sub(" ", text).strip()


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


@lru_cache(maxsize=1 << 15)
def slug(text: str) -> str:
    """The slug rule for every URL part derived from text: `Đặng Văn Đức` -> `dang-van-duc`.

    The text folded as `fold` does; its spaces need no folding of their own, as every run of
    characters other than a-z and 0-9 becomes one dash. Kept for the texts met again and again
    (units, issuing bodies, award forms), at most some megabytes' worth."""
    return _SLUG_STRIP.sub("-", text.translate(_FOLD).lower()).strip("-")


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


def tone_free(text: str) -> str:
    """Lower-case text without its tone marks, letter marks kept: `Thắng` -> `thăng`, `Đức` ->
    `đưc`. Spellings that differ only in tone share it (Hùng, Hưng do not: u and ư are letters)."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_RANK))


def tone(word: str) -> int:
    """A syllable's tone, in dictionary order: 0 none, 1 huyền, 2 hỏi, 3 ngã, 4 sắc, 5 nặng."""
    for c in unicodedata.normalize("NFD", word):
        if c in _TONE_RANK:
            return _TONE_RANK[c]
    return 0


@lru_cache(maxsize=200_000)
def person_key(name: str) -> tuple:
    """Sort key for a person's full name: given name first, then family and middle names."""
    words = clean(name).split(" ")
    reordered = words[-1:] + words[:-1]
    return (vi_key(" ".join(reordered)), vi_key(name))


@lru_cache(maxsize=1 << 15)
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


# --- characters no published text may hold --------------------------------------------------

# Characters with a name a clerk can recognise; the message gives the code and this name.
_CHAR_NAMES = {
    0x00AD: "dấu gạch nối mềm", 0x034F: "ký tự nối tổ hợp vô hình", 0x115F: "ký tự lấp đầy Hangul",
    0x1160: "ký tự lấp đầy Hangul", 0x180E: "dấu cách nguyên âm Mông Cổ", 0x200B: "khoảng trắng không độ rộng",
    0x200C: "ký tự không nối, không độ rộng", 0x200D: "ký tự nối, không độ rộng", 0x200E: "dấu chiều trái sang phải",
    0x200F: "dấu chiều phải sang trái", 0x2060: "ký tự nối từ", 0x2061: "ký tự hàm vô hình",
    0x2062: "dấu nhân vô hình", 0x2063: "dấu phân cách vô hình", 0x2064: "dấu cộng vô hình",
    0x2065: "ký tự vô hình chưa định nghĩa", 0x3164: "ký tự lấp đầy Hangul", 0xFEFF: "ký tự BOM, khoảng trắng không độ rộng",
    0xFFA0: "ký tự lấp đầy Hangul nửa độ rộng",
    0x202A: "mở đoạn viết trái sang phải", 0x202B: "mở đoạn viết phải sang trái", 0x202C: "đóng đoạn định hướng",
    0x202D: "ép viết trái sang phải", 0x202E: "ép viết phải sang trái", 0x2066: "mở đoạn cô lập trái sang phải",
    0x2067: "mở đoạn cô lập phải sang trái", 0x2068: "mở đoạn cô lập tự động", 0x2069: "đóng đoạn cô lập",
    0x0085: "ký tự xuống dòng NEL",
}

_PLANE_ENDS = "".join(chr(plane * 0x10000 + end) for plane in range(1, 17) for end in (0xFFFE, 0xFFFF))

# (pattern, what the character is, what it does: the end of the sentence telling the clerk to remove it)
_FORBIDDEN_CLASSES = (
    ("[\x00-\x08\x0b-\x1f\x7f-\x9f]", "ký tự điều khiển",
     "không in được và thường lẫn vào khi sao chép từ phần mềm khác"),
    ("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff" + _PLANE_ENDS + "]", "ký tự không dùng trong văn bản (noncharacter)",
     "không được phép trong trang web và nguồn tin RSS"),
    ("[\ue000-\uf8ff\U000f0000-\U0010ffff]", "ký tự vùng dùng riêng (Private Use)",
     "mỗi máy hiển thị một kiểu hoặc không hiển thị (thường do phông chữ riêng hay biểu tượng chép từ Word)"),
    ("[\u00ad\u034f\u115f\u1160\u180e\u200b-\u200f\u2060-\u2065\u3164\ufeff\uffa0]", "ký tự vô hình",
     "không nhìn thấy được nhưng làm hai tên trông giống hệt nhau thành hai tên khác nhau"),
    ("[\u202a-\u202e\u2066-\u2069]", "ký tự điều khiển chiều viết",
     "có thể làm chữ hiển thị đảo ngược hoặc sai thứ tự"),
)
_FORBIDDEN = re.compile("|".join(f"({pattern})" for pattern, _, _ in _FORBIDDEN_CLASSES))
# The search every text goes through: the forbidden characters of the Basic Multilingual Plane
# and any character beyond it, one class with no long list in it (six times faster than
# _FORBIDDEN). A character beyond the plane (🇻🇳, 𠀀) is then looked at on its own.
_GATE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u034f\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e"
                   "\u2060-\u2069\u3164\ud800-\udfff\ue000-\uf8ff\ufdd0-\ufdef\ufeff\uffa0\ufffe\uffff"
                   "\U00010000-\U0010ffff]")


def describe_char(char: str) -> str:
    """'U+200B (khoảng trắng không độ rộng)': the code a clerk can look up, and a name when it has one."""
    code = f"U+{ord(char):04X}"
    name = _CHAR_NAMES.get(ord(char))
    return f"{code} ({name})" if name else code


def forbidden_char(text: str) -> tuple[int, str] | None:
    """The first character no published text may hold, as (index, Vietnamese sentence), or None.
    One rule for every text: control characters (C0 except tab and line break, DEL, C1),
    noncharacters, private-use characters (the site's own code may not rely on them either),
    invisible characters and bidirectional controls."""
    match = _GATE.search(text)
    while match and match.group() > "\uffff" and not _FORBIDDEN.fullmatch(match.group()):
        match = _GATE.search(text, match.end())
    if match is None:
        return None
    index = match.start()
    before = text[max(0, index - 20):index].lstrip()
    where = f" ngay sau “{before}”" if before else " ở đầu văn bản"
    label, why = _char_parts(match.group())
    return index, f"Văn bản có {label}{where}; ký tự này {why}. Hãy xóa ký tự đó (gõ lại cả từ nếu không thấy nó)."


def char_problem(char: str) -> str:
    """The sentence for a character refused wherever it stands in a file (the YAML reader's refusals)."""
    label, why = _char_parts(char)
    return f"Tệp có {label}; ký tự này {why}. Hãy xóa ký tự đó (gõ lại cả từ nếu không thấy nó)."


def _char_parts(char: str) -> tuple[str, str]:
    """('ký tự vô hình U+200B (khoảng trắng không độ rộng)', why it is refused) for any character."""
    match = _FORBIDDEN.fullmatch(char)
    if match is None:
        return f"ký tự {describe_char(char)}", "không dùng được trong tệp YAML"
    _, what, why = _FORBIDDEN_CLASSES[match.lastindex - 1]
    return f"{what} {describe_char(char)}", why


# Characters that look like Latin letters in another script: a word mixing them with Latin
# letters is most likely a look-alike of a Vietnamese word ("Nguуễn" with a Cyrillic у).
_LOOKALIKE_SCRIPTS = (("CYRILLIC", "Kirin"), ("GREEK", "Hy Lạp"))
_MAYBE_LOOKALIKE = re.compile("[\u0370-\u03ff\u0400-\u052f\u1c80-\u1c8f\u1f00-\u1fff\ua640-\ua69f]")
_WORD = re.compile(r"\w+")


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if char.isalpha() else ""


def mixed_script_word(text: str) -> str | None:
    """A warning when one word mixes Latin letters with Cyrillic or Greek ones, else None."""
    if not _MAYBE_LOOKALIKE.search(text):
        return None  # the common case, checked in one pass
    for word in _WORD.findall(text):
        scripts = {_script(c) for c in word}
        if "LATIN" not in scripts:
            continue
        for script, label in _LOOKALIKE_SCRIPTS:
            if script in scripts:
                odd = next(c for c in word if _script(c) == script)
                return (f"Từ “{word}” trộn chữ Latinh với chữ {label} ({describe_char(odd)} “{odd}” trông giống chữ "
                        "Latinh); tên này sẽ khác với cùng tên gõ bằng chữ Việt. Hãy gõ lại từ đó bằng bàn phím "
                        "tiếng Việt.")
    return None


def has_letters(text: str) -> bool:
    """True when a text has a letter or a digit of any script (Иван Петров has)."""
    return text[:1].isalnum() or any(c.isalnum() for c in text)  # most texts start with one


# Characters a YAML double-quoted scalar may hold as they are; every other one is escaped.
_YAML_RAW = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def yaml_string(text: str) -> str:
    """A text as a YAML double-quoted scalar that reads back as the same text, whatever it holds:
    characters outside the Basic Multilingual Plane are written as they are (a JSON writer's
    surrogate pairs are not valid YAML), the others YAML may not hold raw are escaped."""
    inner = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _YAML_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) < 0x10000
                               else f"\\U{ord(m.group()):08x}", inner) + '"'


# Characters XML 1.0 cannot hold in any form (not even as a character reference).
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """A text without the characters XML 1.0 cannot carry (validation refuses them already: this
    keeps a feed well-formed whatever reaches it, config text included)."""
    return _XML_INVALID.sub("", text)


# Where a long title may be cut: before a clause or an aside, never inside a phrase.
_PHRASE_BREAKS = re.compile(r",\s|;\s|:\s|\s[-–]\s|\s\(|\s(?:và|nhằm|chào mừng|hướng tới|hướng đến|giai đoạn|"
                            r"năm \d{4}|trong|của|tại)\s")


def shorten(text: str, limit: int = 90) -> str:
    """A title that fits `limit` characters: the title itself when it fits; else cut before the last
    clause or aside that starts in the second half of the room ("…"), else after a whole word."""
    if len(text) <= limit:
        return text
    room = limit - 1
    cuts = [m.start() for m in _PHRASE_BREAKS.finditer(text, 0, room + 1) if room // 2 <= m.start() <= room]
    cut = cuts[-1] if cuts else len(text[:room].rsplit(" ", 1)[0])
    return text[:cut].rstrip(" ,;:-–") + "…"
