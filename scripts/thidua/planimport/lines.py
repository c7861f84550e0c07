"""Lines back into paragraphs: page numbers and running headers dropped, hard-wrapped lines
joined, each paragraph keeping where each of its lines came from.

Two kinds of text arrive. A PDF's text, or a .txt copied out of one, is hard-wrapped: most
lines run to the same width, and a paragraph ends at a short line or where the next line
opens with a label. Markdown-ish text and Word documents have one paragraph per line (Word
says where each ends); there a line runs on only when it is long and stops mid-sentence, as
when a paragraph was cut by a page break. Blank lines carry nothing: the seeds have one
between every line.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .extract import Line, Source, TableBlock
from .labels import SECTION_KINDS, is_doc_type, is_signer_line, split_label

PAGE_NUMBER = re.compile(r"^(?:[-–—]\s*)?(?:trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*[-–—])?$", re.I)
_TERMINAL = re.compile(r"(?:[.;:!?…]|\./\.|[.;:!?][”\"')\]]+)$")
_SENTENCE_END = re.compile(r"[.!?…:][”\"')\]]*$")
_HEADER_LINE = re.compile(r"^(?:Số\s*:|Nơi nhận|CỘNG HÒA XÃ HỘI|Độc lập\s*[-–]\s*Tự do)", re.I)
_DATE_LINE = re.compile(r"^[^\d,]{2,40},\s*ngày\b.*\bnăm\s+\d{4}\s*$")


@dataclass
class Para:
    text: str
    where: str  # the first line's place in the file
    spans: list[tuple[int, str]] = field(default_factory=list)  # (offset in text, place of that line)
    heading: bool = False
    table: list[list[str]] | None = None

    def where_at(self, offset: int) -> str:
        """The place in the file of the line holding character `offset` of the text."""
        found = self.where
        for start, where in self.spans:
            if start > offset:
                break
            found = where
        return found


def paragraphs(source: Source) -> list[Para]:
    items = split_columns(drop_page_furniture(source))
    lines = [i for i in items if isinstance(i, Line)]
    if source.kind == "docx" and _reflowed(lines):
        for line in lines:
            line.ends_para = False
    width = line_width(lines, pdf=source.kind == "pdf")
    # A blank line ends a paragraph, unless the text has one between (nearly) every line, as the seeds do.
    blanks = sum(line.blank_before for line in lines) < 0.5 * max(1, len(lines) - 1)
    out: list[Para] = []
    current: list[Line] = []
    for item in items:
        if isinstance(item, TableBlock):
            if current:
                out.append(_join(current))
                current = []
            out.append(Para("", item.where, table=item.rows))
            continue
        if current and (blanks and item.blank_before or breaks(current[-1], item, width, len(current))):
            out.append(_join(current))
            current = []
        current.append(item)
    if current:
        out.append(_join(current))
    return out


def _join(lines: list[Line]) -> Para:
    text, spans = "", []
    for line in lines:
        if text:
            text += "" if text.endswith("-") and _hyphen_word(text) else " "
        spans.append((len(text), line.where))
        text += line.text
    return Para(text, lines[0].where, spans, heading=all(line.heading for line in lines))


def _hyphen_word(text: str) -> bool:
    """A line ending in a hyphen right after a letter-digit code ("19-" of "19-NQ/TW") runs on
    without a space; "kinh tế -" before "xã hội" keeps its space."""
    return bool(re.search(r"[0-9A-ZĐ]-$", text))


def split_columns(items: list) -> list:
    """A PDF line that holds two columns of the heading block or the signature ("UBND TỈNH …   CỘNG HÒA …",
    "- Như trên;   PHÓ GIÁM ĐỐC") becomes one line per column; a wide gap inside a sentence stays a space."""
    out = []
    for item in items:
        if isinstance(item, Line) and item.pieces and any(_stands_alone(p) or _capitals(p) for p in item.pieces):
            out += [Line(p, item.where, page_start=item.page_start and i == 0,
                         page_end=item.page_end and i == len(item.pieces) - 1) for i, p in enumerate(item.pieces)]
        else:
            out.append(item)
    return out


# --- page furniture ------------------------------------------------------------------------

def drop_page_furniture(source: Source) -> list:
    """The items without page numbers and running headers or footers. A running line is one that
    opens or closes most pages with the same words, verbatim or with a number that counts the
    pages ("Trang 3", "Kế hoạch số 38 - 3"); a line that carries a label ("14. …") is never one.
    What was dropped is said in the source's warnings, so the clerk can check it."""
    items = source.items
    running = _running_lines(items)
    out = []
    numbers = 0
    dropped: Counter = Counter()
    for i, item in enumerate(items):
        if isinstance(item, Line):
            edge = item.page_start or item.page_end or _near_edge(items, i)
            if PAGE_NUMBER.match(item.text) and (edge or source.kind == "txt"):
                numbers += 1
                continue
            if i in running:
                dropped[item.text] += 1
                continue
        out.append(item)
    if dropped or numbers:
        said = [f"'{text[:80]}' ({n} trang)" for text, n in dropped.most_common(6)]
        if len(dropped) > 6:
            said.append(f"và {len(dropped) - 6} dòng khác")
        if numbers:
            said.append(f"{numbers} dòng chỉ có số trang")
        source.warnings.append("Đã bỏ, không đưa vào 'body', các dòng lặp lại ở đầu hoặc cuối trang (tiêu đề, chân "
                               "trang, số trang): " + "; ".join(said) + ". Nếu có dòng nội dung bị bỏ nhầm, hãy thêm "
                               "lại vào 'body'.")
    return out


def _near_edge(items: list, i: int) -> bool:
    """The second line of a page, or the one before its last (a header above a page number)."""
    before = items[i - 1] if i > 0 else None
    after = items[i + 1] if i + 1 < len(items) else None
    return bool((isinstance(before, Line) and before.page_start and PAGE_NUMBER.match(before.text)) or
                (isinstance(after, Line) and after.page_end and PAGE_NUMBER.match(after.text)))


def _mask(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def _running_lines(items: list) -> set[int]:
    """Indexes of the lines that open or close most pages (three at least) with the same text: word
    for word, or with numbers that change as the page does (a page counter); never a labelled line."""
    page = 0
    edges: list[tuple[int, int, Line]] = []  # (index, page, line) of the lines at a page's edge
    for i, item in enumerate(items):
        if not isinstance(item, Line):
            continue
        page += item.page_start
        if item.page_start or item.page_end or _near_edge(items, i):
            if len(item.text) < 120 and not split_label(item.text)[0]:
                edges.append((i, page, item))
    pages = page
    if pages < 3:
        return set()
    most = max(3, pages // 2 + 1)
    groups: dict[str, list[tuple[int, int, Line]]] = {}
    for entry in edges:
        groups.setdefault(_mask(entry[2].text), []).append(entry)
    out: set[int] = set()
    for group in groups.values():
        by_text: dict[str, list] = {}
        for entry in group:
            by_text.setdefault(entry[2].text, []).append(entry)
        for same in by_text.values():  # word for word on most pages
            if len({p for _, p, _ in same}) >= most:
                out.update(i for i, _, _ in same)
        if len(by_text) > 1 and len({p for _, p, _ in group}) >= most and _page_counter(group):
            out.update(i for i, _, _ in group)
    return out


def _page_counter(group: list[tuple[int, int, Line]]) -> bool:
    """Lines alike but for their numbers, where every number that changes keeps step with the page."""
    numbers = [[int(n) for n in re.findall(r"\d+", line.text)] for _, _, line in group]
    if len({len(n) for n in numbers}) != 1:
        return False
    varying = [k for k in range(len(numbers[0])) if len({n[k] for n in numbers}) > 1]
    return bool(varying) and all(len({n[k] - p for n, (_, p, _) in zip(numbers, group)}) == 1 for k in varying)


# --- joining -----------------------------------------------------------------------------

def line_width(lines: list[Line], pdf: bool = False) -> int:
    """The width of a full line when the text is hard-wrapped (a PDF's always is), else 0."""
    lengths = sorted(len(line.text) for line in lines if not line.ends_para)
    if pdf and lengths:
        return lengths[int(len(lengths) * 0.9)] if len(lengths) >= 20 else lengths[-1]
    if len(lengths) < 8:
        return 0
    width = lengths[int(len(lengths) * 0.9)]
    full = sum(1 for n in lengths if n >= 0.85 * width)
    return width if width <= 140 and full >= 0.3 * len(lengths) else 0


def _reflowed(lines: list[Line]) -> bool:
    """A Word file made from a PDF (or typed line by line) holds one paragraph per printed line:
    most run to the same width and stop mid-sentence."""
    lengths = sorted(len(line.text) for line in lines)
    if len(lengths) < 8:
        return False
    width = lengths[int(len(lengths) * 0.9)]
    full = [line for line in lines if len(line.text) >= 0.85 * width]
    open_ended = sum(1 for line in full if not _TERMINAL.search(line.text))
    return width <= 140 and len(full) >= 0.3 * len(lines) and open_ended >= 0.7 * len(full)


def breaks(a: Line, b: Line, width: int, run: int) -> bool:
    """Whether a paragraph ends between line `a` and the next line `b`."""
    if a.ends_para or a.heading != b.heading or (a.heading and b.heading and not width):
        return True
    if starts_item(b.text, after=a.text) or _stands_alone(a.text) or _stands_alone(b.text):
        return True
    if width:
        if len(a.text) >= 0.8 * width:
            # A full line that ends a sentence, before a capital: in the seeds always a new paragraph.
            return bool(_SENTENCE_END.search(a.text)) and (b.text[0].isupper() or b.text[0].isdigit())
        return not _heading_runs_on(a.text, b.text, run)
    return bool(_TERMINAL.search(a.text)) or len(a.text) < 100


def starts_item(text: str, after: str = "") -> bool:
    """A line opening with a label ("a) ", "2.1. ", "- "), not a wrapped sentence that happens to:
    the label is followed by a capital, a digit or a quote, or by anything once the line before
    ended a sentence or a clause."""
    label, kind, rest = split_label(text)
    if not label:
        return False
    if not rest:
        return True
    first = rest[0]
    if kind in ("dash", "plus") and first.isdigit() and after and not _TERMINAL.search(after):
        return False  # "(28/8/1945" / "– 28/8/2025)": a range wrapped at its dash
    return not first.islower() or bool(_TERMINAL.search(after)) or not after


def _stands_alone(text: str) -> bool:
    """Lines of the heading block and the signature, which never run on into the next."""
    return bool(_HEADER_LINE.match(text) or _DATE_LINE.match(text) or is_doc_type(text) or is_signer_line(text))


def _heading_runs_on(a: str, b: str, run: int) -> bool:
    """A section heading in capitals over two lines ("III. THỜI GIAN, ĐỐI TƯỢNG, HÌNH THỨC KHEN" /
    "THƯỞNG"): the second line runs on."""
    label, kind, rest = split_label(a)
    if kind not in SECTION_KINDS and not (run > 1 and _capitals(a)):
        return False
    return _capitals(rest or a) and _capitals(b) and not split_label(b)[0]


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)
