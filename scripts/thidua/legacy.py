"""Legacy Vietnamese encodings (TCVN3 / ABC and VNI-Windows): detect them and convert to Unicode.

Old office files typed with the ABC or VNI keyboards store Vietnamese as single bytes drawn
by special fonts (.VnTime, VNI-Times). Read by openpyxl or as a Windows-1252 CSV, those bytes
arrive as Latin-1 look-alikes: TCVN3 "NguyÔn V¨n A", VNI "Nguyeãn Vaên A". This module works
on that cp1252-decoded text.

TCVN3 (TCVN 5712:1993, table VN3): one byte per letter. The seven base capitals Ă Â Ê Ô Ơ Ư Đ
have their own bytes; capitals carrying a tone do not exist in VN3: users switched to an
upper-case font (.VnTimeH) that draws the lower-case byte as a capital. That font choice is
lost when a cell is read, so `convert` guesses the case from context:
  - a word whose ASCII letters are all capitals ("NGUYÔN") is converted to capitals;
    a word with a single ASCII capital ("Vò") only when the whole text is in capitals;
  - in a text where every other word starts with a capital (a name: "NguyÔn ThÞ ¸nh"),
    a word that starts with a converted vowel is capitalised ("Ánh").
  The tone marks as separate glyphs (0xB0-0xB4) and the VN1/VN2 capitals placed in control
  codes are not handled: they do not survive a cp1252 round trip.

VNI-Windows: a letter is an ASCII base letter followed by one mark byte (á = "aù",
ấ = "aá", ặ = "aë"); ơ, ư, đ and the i-vowels with a tone are single bytes (ô, ö, ñ, í ì æ ó ò),
ỵ is "î". Capitals use the capital base and capital mark bytes ("AÙ"); mixed-case pairs are
accepted, the case follows the base letter.

`detect` is deliberately cautious: real Unicode Vietnamese (composed or decomposed), plain
ASCII and ordinary Latin-1 names ("José", "Müller", "Loïc") are never flagged. It converts
the text both ways and only answers when the legacy reading gives valid Vietnamese syllables
and the text as is does not. Very short texts (one VNI letter, one weak TCVN3 letter such as
"Vâ") are not flagged by `detect`; `plausible` gives the relaxed answer for cells next to
a cell already known to be legacy text.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .text import nfc

TCVN3 = "TCVN3"
VNI = "VNI"
ENCODINGS = (TCVN3, VNI)

GRAVE, HOOK, TILDE, ACUTE, DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
BREVE, CIRCUMFLEX, HORN = "\u0306", "\u0302", "\u031b"
TONES = (GRAVE, HOOK, TILDE, ACUTE, DOT)  # order of the TCVN3 table: huyền, hỏi, ngã, sắc, nặng

# --- TCVN3 ----------------------------------------------------------------------------------

# Lower-case vowels with a tone: base, then the five cp1252 characters for huyền hỏi ngã sắc nặng.
_TCVN3_TONED = {
    "a": "µ¶·¸¹",
    "ă": "»¼½¾Æ",
    "â": "ÇÈÉÊË",
    "e": "ÌÎÏÐÑ",
    "ê": "ÒÓÔÕÖ",
    "i": "×ØÜÝÞ",
    "o": "ßáâãä",
    "ô": "åæçèé",
    "ơ": "êëìíî",
    "u": "ïñòóô",
    "ư": "õö÷øù",
    "y": "úûüýþ",
}
# The base letters without a tone: 0xA1-0xA7 capitals, 0xA8-0xAE lower case (0xAD is a soft hyphen).
_TCVN3_BASE = {
    "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ",
    "¨": "ă", "©": "â", "ª": "ê", "«": "ô", "¬": "ơ", "\u00ad": "ư", "®": "đ",
}


def _tcvn3_table() -> dict[str, str]:
    table = dict(_TCVN3_BASE)
    for base, codes in _TCVN3_TONED.items():
        for code, tone in zip(codes, TONES):
            table[code] = nfc(base + tone)
    return table


TCVN3_TO_UNICODE: dict[str, str] = _tcvn3_table()
UNICODE_TO_TCVN3: dict[str, str] = {v: k for k, v in TCVN3_TO_UNICODE.items()}
_TCVN3_CHARS = frozenset(TCVN3_TO_UNICODE)
# Characters that are symbols in cp1252 (never letters of a Latin-1 name), and TCVN3 codes
# that show as capitals: inside a lower-case word they are a sure sign of TCVN3.
_TCVN3_SYMBOLS = frozenset(c for c in _TCVN3_CHARS if not c.isalpha())

# --- VNI ------------------------------------------------------------------------------------

_VNI_TONE_MARKS = {"ù": ACUTE, "ø": GRAVE, "û": HOOK, "õ": TILDE, "ï": DOT}
_VNI_CIRCUMFLEX_MARKS = {"â": "", "á": ACUTE, "à": GRAVE, "å": HOOK, "ã": TILDE, "ä": DOT}
_VNI_BREVE_MARKS = {"ê": "", "é": ACUTE, "è": GRAVE, "ú": HOOK, "ü": TILDE, "ë": DOT}
# Single-byte letters: the i-vowels with a tone, ỵ, ơ, ư, đ.
_VNI_SINGLE_LOWER = {"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ô": "ơ", "ö": "ư", "ñ": "đ"}


def _vni_marks() -> dict[str, tuple[str, str]]:
    """Mark character (both cases) -> (letter modifier, tone)."""
    marks: dict[str, tuple[str, str]] = {}
    for table, modifier in ((_VNI_TONE_MARKS, ""), (_VNI_CIRCUMFLEX_MARKS, CIRCUMFLEX), (_VNI_BREVE_MARKS, BREVE)):
        for char, tone in table.items():
            marks[char] = marks[char.upper()] = (modifier, tone)
    return marks


_VNI_MARKS = _vni_marks()
_VNI_SINGLES = {**_VNI_SINGLE_LOWER, **{k.upper(): v.upper() for k, v in _VNI_SINGLE_LOWER.items()}}
# Which marks a base letter takes ("ô" and "ö" are the VNI bytes for ơ and ư).
_TONE_ONLY = frozenset(k for k, v in _VNI_MARKS.items() if v[0] == "")
_WITH_CIRCUMFLEX = _TONE_ONLY | frozenset(k for k, v in _VNI_MARKS.items() if v[0] == CIRCUMFLEX)
_VNI_BASES = {
    "a": frozenset(_VNI_MARKS), "e": _WITH_CIRCUMFLEX, "o": _WITH_CIRCUMFLEX,
    "u": _TONE_ONLY, "y": _TONE_ONLY, "ô": _TONE_ONLY, "ö": _TONE_ONLY,
}
_VNI_CHARS = frozenset(_VNI_MARKS) | frozenset(_VNI_SINGLES)

# --- Vietnamese syllables -------------------------------------------------------------------

_INITIALS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
             "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
_RHYMES = frozenset("""
a ac ach ai am an ang anh ao ap at au ay ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
e ec em en eng eo ep et ê êch êm ên ênh êp êt êu i ia ich im in inh ip it iu
iêc iêm iên iêng iêp iêt iêu o oa oac oach oai oam oan oang oanh oao oap oat oay
oăc oăm oăn oăng oăt oe oen oeo oet oc oi om on ong oong ooc op ot
ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
u ua uân uâng uât uây uc ui um un ung up ut uê uêch uên uênh uêt uơ
uy uya uych uyên uyêt uynh uyt uyu uôc uôi uôm uôn uông uôt
ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
y yêm yên yêt yêu
""".split())
_STOP_FINALS = ("c", "ch", "p", "t")


def is_vietnamese_syllable(word: str) -> bool:
    """True if `word` is spelled like one Vietnamese syllable (any case, NFC or NFD)."""
    plain, tones = [], []
    for char in unicodedata.normalize("NFD", word.lower()):
        if char in TONES:
            tones.append(char)
        else:
            plain.append(char)
    if len(tones) > 1:
        return False
    letters = unicodedata.normalize("NFC", "".join(plain))
    for initial in _INITIALS:
        rhyme = letters[len(initial):]
        if letters.startswith(initial) and rhyme in _RHYMES:
            if tones and rhyme.endswith(_STOP_FINALS) and tones[0] not in (ACUTE, DOT):
                continue
            return True
    return False


# --- conversion -----------------------------------------------------------------------------

def _word_pattern(chars: frozenset[str]) -> re.Pattern:
    return re.compile("[A-Za-z" + "".join(re.escape(c) for c in sorted(chars)) + "]+")


_TCVN3_WORD = _word_pattern(_TCVN3_CHARS)
_VNI_WORD = _word_pattern(_VNI_CHARS)


def convert(text: str, encoding: str) -> str:
    """Legacy text (as decoded by cp1252) -> NFC Unicode."""
    if encoding == TCVN3:
        return _tcvn3_to_unicode(text)
    if encoding == VNI:
        return _VNI_WORD.sub(lambda m: _vni_word(m.group())[0], nfc(text))
    raise ValueError(f"unknown encoding {encoding!r}")


def _tcvn3_to_unicode(text: str) -> str:
    letters = [c for c in text if c.isascii() and c.isalpha()]
    all_caps = len(letters) >= 3 and all(c.isupper() for c in letters)
    words = [(m.start(), m.end(), _tcvn3_word(m.group(), all_caps)) for m in _TCVN3_WORD.finditer(text)]
    words = _capitalise_name_words(words)
    out, position = [], 0
    for start, end, word in words:
        out.append(text[position:start])
        out.append(word)
        position = end
    out.append(text[position:])
    return nfc("".join(out))


def _tcvn3_word(word: str, all_caps: bool) -> tuple[str, bool]:
    """One word -> (converted word, starts with a converted lower-case vowel)."""
    letters = [c for c in word if c.isascii() and c.isalpha()]
    upper = all(c.isupper() for c in letters) and (len(letters) >= 2 or all_caps)
    converted = "".join(TCVN3_TO_UNICODE.get(c, c) for c in word)
    if upper:
        return converted.upper(), False
    return converted, word[0] in _TCVN3_CHARS and converted[0].islower()


def _capitalise_name_words(words: list[tuple[int, int, tuple[str, bool]]]) -> list[tuple[int, int, str]]:
    """In a text where every other word is capitalised, capitalise a word TCVN3 could not."""
    out = []
    for i, (start, end, (word, guess)) in enumerate(words):
        others = [w for j, (_, _, (w, _)) in enumerate(words) if j != i]
        if guess and others and all(w[0].isupper() for w in others):
            word = word[0].upper() + word[1:]
        out.append((start, end, word))
    return out


def _vni_word(word: str) -> tuple[str, int, int]:
    """One word -> (converted word, legacy letters found, stray mark characters left)."""
    out: list[str] = []
    found = stray = 0
    i = 0
    while i < len(word):
        char, nxt = word[i], word[i + 1] if i + 1 < len(word) else ""
        base = char.lower()
        if base in _VNI_BASES and nxt in _VNI_BASES[base]:
            modifier, tone = _VNI_MARKS[nxt]
            letter = _VNI_SINGLES.get(char, char)  # ô/ö stand for ơ/ư
            out.append(nfc(letter + modifier + tone))
            found += 1
            i += 2
            continue
        if char in _VNI_SINGLES:
            out.append(_VNI_SINGLES[char])
            found += 1
        else:
            out.append(char)
            stray += char in _VNI_MARKS
        i += 1
    return nfc("".join(out)), found, stray


# --- Unicode -> legacy (used to test round trips and to show examples) ----------------------

def encode(text: str, encoding: str) -> str:
    """NFC Unicode -> legacy text as cp1252 would show it. Characters with no code are kept."""
    if encoding == TCVN3:
        return "".join(_tcvn3_char(c) for c in nfc(text))
    if encoding == VNI:
        return "".join(_vni_char(c) for c in nfc(text))
    raise ValueError(f"unknown encoding {encoding!r}")


def _tcvn3_char(char: str) -> str:
    if char in UNICODE_TO_TCVN3:
        return UNICODE_TO_TCVN3[char]
    return UNICODE_TO_TCVN3.get(char.lower(), char)  # a capital with a tone: lower-case code


def _vni_char(char: str) -> str:
    lower = char.lower()
    upper = char != lower
    for code, letter in _VNI_SINGLE_LOWER.items():
        if letter == lower:
            return code.upper() if upper else code
    parts = unicodedata.normalize("NFD", lower)
    base, marks = parts[0], parts[1:]
    if not marks or not base.isascii():
        return char
    modifier = next((m for m in marks if m in (BREVE, CIRCUMFLEX, HORN)), "")
    tone = next((m for m in marks if m in TONES), "")
    if modifier == HORN:
        base, modifier = {"o": "ô", "u": "ö"}[base], ""
        if not tone:
            return base.upper() if upper else base
    code = next(k for k, v in _VNI_MARKS.items() if v == (modifier, tone) and k.islower())
    head = base.upper() if upper else base
    return head + (code.upper() if upper else code)


# --- detection ------------------------------------------------------------------------------

_VIETNAMESE_UNICODE = re.compile("[\u0300-\u036f\u1ea0-\u1ef9ĂăĐđĨĩŨũƠơƯư]")
# Punctuation that may sit beside legacy text (typed with a Unicode-aware keyboard).
_NEUTRAL = frozenset("\u00a0“”‘’–—…•«»°·×")
_ABBREVIATION = re.compile(r"^[A-Z]{2,}$")


def detect(text: str) -> str | None:
    """"TCVN3", "VNI" or None. Cautious: see the module docstring."""
    best, best_score = None, 0
    for encoding in ENCODINGS:
        score = _score(text, encoding, strict=True)
        if score > best_score:
            best, best_score = encoding, score
    return best


# Latin-1 characters that Vietnamese Unicode text never uses but legacy fonts do (¨ © « ¬ ß Æ ...).
_SUSPICIOUS = re.compile("[\u00a1-\u00bf\u00c4-\u00c7\u00cb\u00ce-\u00d1\u00d6-\u00d8\u00db\u00dc\u00de-\u00df"
                         "\u00e4-\u00e7\u00eb\u00ee-\u00f1\u00f6-\u00f8\u00fb\u00fc\u00fe\u00ff]")


@lru_cache(maxsize=100_000)
def find(text: str) -> str | None:
    """Like detect, and also for a text that mixes Unicode and legacy words ("Ông NguyÔn V¨n An"):
    when the whole text is not legacy but holds characters Vietnamese Unicode never uses, each
    word is tried on its own."""
    found = detect(text)
    if found or not _SUSPICIOUS.search(text):
        return found
    for word in text.split():
        if _SUSPICIOUS.search(word) and sum(c.isalpha() for c in word) >= 2:
            found = detect(word)
            if found:
                return found
    return None


def plausible(text: str, encoding: str) -> bool:
    """Relaxed test for cells next to known legacy text: every word with a legacy letter reads
    as a Vietnamese syllable in `encoding` (even if the text also reads as Vietnamese as is:
    "Phã" is TCVN3 for "Phó" but also a valid Unicode syllable)."""
    return _score(text, encoding, strict=False) > 0


def _score(text: str, encoding: str, strict: bool) -> int:
    """0 if `text` is not legacy text in `encoding`, else the number of legacy letters found."""
    if not text or text.isascii() or _VIETNAMESE_UNICODE.search(text):
        return 0
    alphabet, pattern = (_TCVN3_CHARS, _TCVN3_WORD) if encoding == TCVN3 else (_VNI_CHARS, _VNI_WORD)
    for char in text:
        if not char.isascii() and char not in alphabet and (char.isalpha() or char not in _NEUTRAL):
            return 0
    signals = legacy_words = converted_ok = original_ok = counted = valid = 0
    strong = False
    for word in pattern.findall(text):
        converted, found, stray, word_strong = _convert_word(word, encoding)
        if stray:
            return 0
        if found:
            signals += found
            legacy_words += 1
            strong = strong or word_strong
            converted_ok += is_vietnamese_syllable(converted) or (not strict and _is_code(converted))
            original_ok += is_vietnamese_syllable(word)
        if len(word) > 1 and not _ABBREVIATION.match(word):
            counted += 1
            valid += is_vietnamese_syllable(converted)
    # Every legacy word must read as Vietnamese; in a long text one in ten may be a typo.
    misread = legacy_words - converted_ok
    if not signals or (misread and (legacy_words < 5 or misread * 10 > legacy_words)):
        return 0
    if strict:  # relaxed: enough that the legacy words read as Vietnamese, even if the text as is does too
        if converted_ok <= original_ok or (counted and valid / counted < 0.75):
            return 0
        enough = (strong or signals >= 2) if encoding == TCVN3 else signals >= 2
        if not enough:
            return 0
    return signals


_CODE = re.compile("[A-ZĐ]{2,8}")


def _is_code(word: str) -> bool:
    """An abbreviation with Đ, as in decision numbers ('QĐ', 'TĐKT'): accepted beside legacy text."""
    return "Đ" in word and bool(_CODE.fullmatch(word))


def _convert_word(word: str, encoding: str) -> tuple[str, int, int, bool]:
    """(converted, legacy letters, stray marks, has a sure TCVN3 sign) for one word."""
    if encoding == VNI:
        converted, found, stray = _vni_word(word)
        return converted, found, stray, False
    found = sum(c in _TCVN3_CHARS for c in word)
    strong = any(c in _TCVN3_SYMBOLS for c in word) or any(
        b in _TCVN3_CHARS and b.isupper() and a.islower() for a, b in zip(word, word[1:]))
    return _tcvn3_word(word, False)[0], found, 0, strong
