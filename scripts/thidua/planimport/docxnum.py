"""The labels Word prints in front of automatically numbered paragraphs ("a)", "2.1.", "-"), which
python-docx does not include in a paragraph's text: worked out from the document's numbering
definitions (numbering.xml) the way Word counts them.
"""
from __future__ import annotations

from docx.oxml.ns import qn

_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def letters(n: int) -> str:
    """Word's letter numbering: a..z, then aa, bb, ... (Word repeats the letter)."""
    n = max(1, n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return letters(n)
    if fmt == "upperLetter":
        return letters(n).upper()
    if fmt == "lowerRoman":
        return roman(n)
    if fmt == "upperRoman":
        return roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


class Numbering:
    def __init__(self, document):
        self.levels: dict[str, dict[int, dict]] = {}  # numId -> ilvl -> {start, fmt, text}
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}  # abstractNumId -> ilvl -> current value
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstracts = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            ref = num.find(qn("w:abstractNumId"))
            abstract_id = ref.get(qn("w:val")) if ref is not None else None
            abstract = abstracts.get(abstract_id)
            if abstract is None:
                continue
            levels = {int(lvl.get(qn("w:ilvl"), "0")): _level(lvl) for lvl in abstract.findall(qn("w:lvl"))}
            for override in num.findall(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                if start is not None and ilvl in levels:
                    levels[ilvl] = {**levels[ilvl], "start": int(start.get(qn("w:val"), "1"))}
            self.levels[num_id] = levels
            self.abstract_of[num_id] = abstract_id

    def label(self, paragraph) -> str:
        """The label Word shows for this paragraph, or "" when it is not numbered."""
        num_id, ilvl = _num_pr(paragraph)
        levels = self.levels.get(num_id or "")
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(self.abstract_of[num_id], {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl]["start"] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level["fmt"] == "bullet":
            return level["text"].strip()
        text = level["text"]
        for k in range(9):
            marker = f"%{k + 1}"
            if marker in text:
                value = counters.get(k, levels.get(k, {"start": 1})["start"])
                fmt = levels.get(k, level)["fmt"]
                text = text.replace(marker, format_number(value, fmt))
        return text.strip()


def _level(lvl) -> dict:
    def val(tag: str, default: str) -> str:
        found = lvl.find(qn(tag))
        return found.get(qn("w:val"), default) if found is not None else default
    return {"start": int(val("w:start", "1")), "fmt": val("w:numFmt", "decimal"), "text": val("w:lvlText", "")}


def _num_pr(paragraph) -> tuple[str | None, int]:
    """The paragraph's numbering (numId, level), its own or its style's (following basedOn)."""
    p_pr = paragraph._p.pPr
    num_pr = p_pr.numPr if p_pr is not None else None
    style = paragraph.style
    ilvl = None
    while num_pr is None and style is not None:
        style_pr = style.element.pPr
        num_pr = style_pr.numPr if style_pr is not None else None
        style = style.base_style
    if num_pr is None or num_pr.numId is None:
        return None, 0
    if num_pr.ilvl is not None:
        ilvl = num_pr.ilvl.val
    if p_pr is not None and p_pr.numPr is not None and p_pr.numPr.ilvl is not None:
        ilvl = p_pr.numPr.ilvl.val
    return str(num_pr.numId.val), int(ilvl or 0)
