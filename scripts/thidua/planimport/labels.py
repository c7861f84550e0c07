"""The labels a plan numbers its parts with, and the fixed lines of an administrative document
(document type, motto, signature), recognised one way for every module."""
from __future__ import annotations

import re

from ..text import fold

# The word a division's number follows, as a legal or administrative text names its parts.
_ROMAN = r"(?:X{0,3}(?:IX|IV|V?I{1,3}|V|X)|L?X{0,3}(?:IX|IV|V?I{0,3}))"
_DIVISION = r"\s+(?:%s|\d{1,3}|thứ\s+[a-zà-ỹđ]+)(?:\s*[.:]|(?=\s*$)|(?=\s+[A-ZĐÀ-Ỹ]{2}))" % _ROMAN


def _division(*words: str) -> re.Pattern:
    return re.compile(r"^((?:%s)%s)\s*" % ("|".join(words), _DIVISION))


# (kind, pattern of the label at the start of a paragraph). Longer forms first: "2.1." before "2.".
_LABELS = (
    ("part", _division("Phần", "PHẦN")),
    ("chapter", _division("Chương", "CHƯƠNG")),
    ("section", _division("Mục", "MỤC")),
    ("article", re.compile(r"^((?:Điều|ĐIỀU)\s+\d{1,3}\s*[.:])\s*")),
    ("roman", re.compile(r"^((?:X{0,3})(?:IX|IV|V?I{1,3}|V|X))\s*[.)]\s*(?=\S)")),
    ("num3", re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{1,2}\.?)\s+(?=\S)")),
    ("num2", re.compile(r"^(\d{1,2}\.\d{1,2}\.?)\s+(?=\S)")),
    ("num", re.compile(r"^(\d{1,2}\.)(?:\s*(?=[^\d\s/.,-])|\s+(?=\d))")),  # "1. Mục đích", "1. 100% tổ …"
    ("num-paren", re.compile(r"^(\d{1,2}\))\s*(?=\S)")),
    ("letter", re.compile(r"^([a-zđ]\))\s*(?=\S)")),
    ("letter-dot", re.compile(r"^([a-zđ]\.)\s+(?=\S)")),
    ("dash", re.compile(r"^([-–—])\s*(?=[^\s\-–—])")),
    ("plus", re.compile(r"^(\+)\s*(?=\S)")),
    ("bullet", re.compile(r"^([•●▪◦○■□❖➢✓·*])\s*(?=\S)")),
)
BULLET_KINDS = ("dash", "plus", "bullet")
# Kinds that divide the whole text ("Phần I.", "Chương II", "Mục 1.", "Điều 3.", "IV."): above every numbered
# or lettered item, each a section with its own title.
SECTION_KINDS = ("part", "chapter", "section", "article", "roman")
_ROMAN_FIX = re.compile(r"^([IVX]+)\s*\)")


def split_label(text: str) -> tuple[str, str, str]:
    """(label as written, its kind, the rest) or ("", "", text). The label keeps its own
    punctuation ("I.", "2.1.", "đ)"), with the spaces inside it removed."""
    for kind, pattern in _LABELS:
        match = pattern.match(text)
        if not match:
            continue
        label = match.group(0).strip()
        rest = text[match.end():].strip()
        if kind in ("part", "chapter", "section", "article"):
            label = " ".join(label.split())
            if rest and rest[0].islower():
                continue  # "Phần II của Kế hoạch này…": a sentence
            return label, kind, rest
        if kind == "roman":
            label = re.sub(r"\s+", "", label)
            if not rest or rest[0].islower():
                continue  # "I. " before a lowercase word is not a section
        if kind in ("num2", "num3") and not label.endswith(".") and rest[:1].islower():
            continue  # "1.5 triệu đồng": a number, not "1.5." or "1.5 Mục tiêu"
        if kind == "dash" and label != match.group(1):
            label = match.group(1)
        return label, kind, rest
    return "", "", text


DOC_TYPES = ("KẾ HOẠCH", "PHÁT ĐỘNG", "HƯỚNG DẪN", "CHƯƠNG TRÌNH", "THÔNG BÁO", "QUYẾT ĐỊNH", "CHỈ THỊ",
             "LỜI KÊU GỌI", "CÔNG VĂN", "BÁO CÁO", "ĐỀ ÁN", "QUY CHẾ", "ĐIỀU LỆ", "THƯ", "TỜ TRÌNH", "NGHỊ QUYẾT")
_DOC_TYPE = re.compile(r"^(?:%s)(?:\s+[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ]*){0,4}$" % "|".join(DOC_TYPES))


def is_doc_type(text: str) -> bool:
    """A document's type line as printed: 'KẾ HOẠCH', 'PHÁT ĐỘNG', 'KẾ HOẠCH PHÁT ĐỘNG'…"""
    text = text.strip()
    return bool(_DOC_TYPE.match(text)) and text.upper() == text


# The signature: "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH", "GIÁM ĐỐC".
_ON_BEHALF = re.compile(r"^(?:KT|TM|TL|TUQ|Q|QUYỀN|THỪA LỆNH|THỪA ỦY QUYỀN)\s*[.:]?\s+\S")
_SIGNER_TITLES = ("GIÁM ĐỐC", "CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "TRƯỞNG BAN", "TRƯỞNG PHÒNG", "BỘ TRƯỞNG",
                  "THỨ TRƯỞNG", "CỤC TRƯỞNG", "VIỆN TRƯỞNG", "HIỆU TRƯỞNG", "BÍ THƯ", "TỔNG GIÁM ĐỐC",
                  "CHÁNH THANH TRA", "TRƯỞNG", "THỦ TRƯỞNG", "PHÓ", "CHỦ NHIỆM", "TRƯỞNG KHOA", "GIÁM ĐỐC SỞ")


def is_on_behalf(text: str) -> bool:
    return bool(_ON_BEHALF.match(text.strip())) and _capitals(text)


def is_signer_title(text: str) -> bool:
    text = text.strip().rstrip(".:")
    return _capitals(text) and len(text.split()) <= 8 and text.startswith(_SIGNER_TITLES)


def is_signer_line(text: str) -> bool:
    return is_on_behalf(text) or is_signer_title(text)


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def capitals(text: str) -> bool:
    return _capitals(text)


def folded(text: str) -> str:
    return fold(text)
