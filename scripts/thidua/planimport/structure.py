"""Paragraphs into the parts of an administrative document: the heading block (issuing body,
motto, number, place and date), the document type and title, the body as a tree of the plan's
own sections and items, the recipients and the signature.

The body's nesting comes from its labels alone. Label kinds rank in three classes (sections: "Phần I.",
"Chương II", "Điều 3.", Roman numerals; then the numbered and lettered kinds; then bullets such as
"-" and "+"). A new label closes every open part of a lower class; within its class, if a part of
its own kind is open, it closes that part and what it holds, else it nests inside the innermost
open part. So "I. / 1. / a) / -", "1. / 1.1. / -" or "I. / 1. / 2.1. / +" nest as the plan wrote
them, and a kind used higher up in one section (a) in II) still nests below another in the next
(2.2. / a) in III).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .labels import (BULLET_KINDS, SECTION_KINDS, capitals, is_doc_type, is_on_behalf, is_signer_line, is_signer_title,
                     split_label)
from .lines import Para
from ..text import fold

HEADING_MAX = 250  # a section title longer than this is a paragraph that happens to have children
_TERMINAL = re.compile(r"[.;,!?…]['\"”)\]]*$")
_OPENERS = re.compile(r"^(?:Căn cứ|Thực hiện|Hưởng ứng|Nhằm|Để|Trên cơ sở|Theo|Triển khai|Thiết thực|Năm \d{4}|"
                      r"Qua|Với mục đích|Nhân dịp|Sau khi)\b")
_CLOSING = re.compile(r"(?:\./\.|/\.)\s*$|^Trên đây là\b")
_NUMBER = re.compile(r"^Số\s*[:.]?\s*(?P<code>[0-9]*\s*/\s*[0-9A-Za-zĐđ\-./]+|\d+[0-9A-Za-zĐđ\-./]*)\s*(?P<rest>.*)$")
_PLACE_DATE = re.compile(r"^(?P<place>[^\d,]{2,40}),\s*(?P<when>ngày\b.*?\bnăm\s+\d{4})\s*\.?$")
_FULL_DATE = re.compile(r"^ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})$")
_MOTTO_1 = re.compile(r"CỘNG\s+HÒA\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM", re.I)
_MOTTO_2 = re.compile(r"Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc", re.I)
_MOTTO_PART = re.compile(r"^CỘNG\s+HÒA(?:\s+XÃ(?:\s+HỘI(?:\s+CHỦ(?:\s+NGHĨA(?:\s+VIỆT)?)?)?)?)?$", re.I)
_MOTTO_REST = re.compile(r"^(?:(?:(?:(?:XÃ\s+)?HỘI\s+)?CHỦ\s+)?NGHĨA\s+)?(?:VIỆT\s+)?NAM$", re.I)
_SEPARATOR = re.compile(r"^[-_=*.~–—…\s]{3,}$")
_SIGNED_NOTE = re.compile(r"^\((?:đã ký|Đã ký|ký|Ký)[^)]*\)$")
_NAME = re.compile(r"^(?:[A-ZĐÀ-Ỹ][^\s\d.,;:()]*\s+){1,5}[A-ZĐÀ-Ỹ][^\s\d.,;:()]*$")


def shorten(text: str, limit: int) -> str:
    """A text cut at a word before `limit` characters, with '…' where it was cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:") + "…"


@dataclass
class Part:
    label: str = ""
    kind: str = ""
    heading: str = ""
    text: str = ""
    table: list[list[str]] | None = None
    body: list["Part"] = field(default_factory=list)
    id: str = ""
    para: Para | None = None
    hint: bool = False  # marked as a heading in the source

    @property
    def where(self) -> str:
        return self.para.where if self.para else ""


@dataclass
class Found:
    """A value read from the document, and where: for the comment above it."""
    value: object
    where: str = ""
    quote: str = ""


@dataclass
class Document:
    issuer_lines: list[str] = field(default_factory=list)
    issuer_where: str = ""
    issuer_wheres: list[str] = field(default_factory=list)  # each issuer line's place
    motto: bool = False
    motto_done: bool = False  # the motto's first line is read and its end too (a wrapped motto)
    number: Found | None = None
    place: Found | None = None
    date: Found | None = None  # a datetime.date
    date_text: Found | None = None
    type: Found | None = None
    title: Found | None = None
    body: list[Part] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    recipients_where: str = ""
    on_behalf: Found | None = None
    signer_title: Found | None = None
    signer_name: Found | None = None
    notes: list[str] = field(default_factory=list)  # what the clerk should look at


def parse(paras: list[Para]) -> Document:
    doc = Document()
    start = _heading_block(paras, doc)
    _footer_table(paras, start)
    end, footer = _footer_start(paras, start)
    doc.body = build_tree(paras[start:end])
    trailing = _footer(paras[end:], doc) if footer else []
    if trailing:
        doc.body += build_tree(trailing)
        doc.notes.append(f"Phần sau chữ ký (từ {trailing[0].where}) được đưa vào cuối 'body'; hãy xem lại "
                         "(phụ lục nên là tệp đính kèm).")
    return doc


# --- the heading block, type and title ----------------------------------------------------------

def _heading_block(paras: list[Para], doc: Document) -> int:
    """Read what comes before the body; return the index of the body's first paragraph."""
    type_at = next((i for i, p in enumerate(paras[:20]) if p.table is None and is_doc_type(p.text)), None)
    if type_at is None:
        i = 0
        while i < len(paras) and i < 12 and paras[i].table is None and _header_line(paras[i], doc, probe=True):
            _header_line(paras[i], doc)
            i += 1
        doc.notes.append("Không thấy dòng tên loại văn bản (KẾ HOẠCH, PHÁT ĐỘNG…) và tên kế hoạch ở đầu văn bản: "
                         "hãy điền 'document.type' và 'title'.")
        return i
    extra: list[Para] = []
    for p in paras[:type_at]:
        if p.table is not None:
            for row in p.table:
                for cell in row:
                    for line in cell.split("\n"):
                        if line.strip():
                            _header_line(Para(" ".join(line.split()), p.where), doc)
        elif not _header_line(p, doc):
            extra.append(p)
    doc.type = Found(paras[type_at].text, paras[type_at].where)
    i = type_at + 1
    title: list[Para] = []
    while i < len(paras) and paras[i].table is None:
        p = paras[i]
        if _header_line(p, doc, probe=True) and not title:
            _header_line(p, doc)
            i += 1
            continue
        if title and not _title_runs_on(title, p):
            break
        title.append(p)
        i += 1
    if title:
        doc.title = Found(" ".join(p.text for p in title), title[0].where)
    if extra:
        doc.notes.append(f"Có {len(extra)} dòng ở đầu văn bản không nhận ra ({extra[0].where}: "
                         f"'{shorten(extra[0].text, 60)}'); "
                         "đã đưa vào đầu 'body'.")
        return _prepend(paras, extra, i)
    return i


def _prepend(paras: list[Para], extra: list[Para], i: int) -> int:
    """Put unrecognised heading-block lines at the start of the body (never lose a word)."""
    for p in reversed(extra):
        paras.remove(p)
        i -= 1
        paras.insert(i, p)
    return i


def _title_runs_on(title: list[Para], p: Para) -> bool:
    text = p.text
    if len(title) >= 5 or split_label(text)[0] or _OPENERS.match(text) or _TERMINAL.search(title[-1].text):
        return False
    if title[0].heading != p.heading or text.startswith("(") or re.search(r"[.;:]$", text):
        return False
    return len(text) <= 200 and len(p.spans) <= 1  # a title's next line is one centred line


def _header_line(p: Para, doc: Document, probe: bool = False) -> bool:
    """Take one line of the heading block into `doc`; False when it is not one. With `probe`, only say."""
    text = p.text.strip()
    if _SEPARATOR.match(text):
        return True
    if _MOTTO_PART.match(text) or (doc.motto and _MOTTO_REST.match(text) and not doc.motto_done):
        if not probe:  # the motto wrapped in its column: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" / "VIỆT NAM"
            doc.motto_done = doc.motto
            doc.motto = True
        return True
    for motto in (_MOTTO_1, _MOTTO_2):
        match = motto.search(text)
        if match:
            if not probe:
                doc.motto = doc.motto_done = True
                before, after = text[:match.start()].strip(), text[match.end():].strip()
                for piece in (before, after):
                    if piece:
                        _header_line(Para(piece, p.where), doc)
            return True
    match = _NUMBER.match(text)
    if match:
        if not probe:
            code = re.sub(r"\s+", "", match.group("code"))
            doc.number = Found(code, p.where, text)
            if match.group("rest"):
                _header_line(Para(match.group("rest"), p.where), doc)
        return True
    match = _PLACE_DATE.match(text)
    if match:
        if not probe:
            _place_date(match, p, doc)
        return True
    if doc.issuer_lines and re.fullmatch(r"\d{1,3}", text) and not doc.number:
        if not probe:  # 'PHƯỜNG HÀ GIANG' / '1': a name's number wrapped in its column
            doc.issuer_lines[-1] += " " + text
        return True
    if capitals(text) and len(text) <= 120 and not is_doc_type(text):
        if not probe:
            doc.issuer_lines.append(text)
            doc.issuer_wheres.append(p.where)
            doc.issuer_where = doc.issuer_where or p.where
        return True
    return False


def _place_date(match: re.Match, p: Para, doc: Document) -> None:
    import datetime as dt
    doc.place = Found(match.group("place").strip(), p.where, p.text)
    when = match.group("when").strip()
    full = _FULL_DATE.match(when)
    if full:
        day, month, year = (int(x) for x in full.groups())
        try:
            doc.date = Found(dt.date(year, month, day), p.where, p.text)
            return
        except ValueError:
            doc.notes.append(f"Ngày ký '{when}' ({p.where}) không có thật; hãy sửa 'document.date'.")
    doc.date_text = Found(when, p.where, p.text)


# --- the footer: recipients and signature ------------------------------------------------------

def _footer_table(paras: list[Para], start: int) -> None:
    """A Word plan often sets "Nơi nhận" and the signature side by side in a table: its cells become
    lines (row by row, each cell top to bottom), as the heading table's do, so the footer is read
    the same way whatever the layout. The table is the last one with "Nơi nhận" (an appendix may follow
    it), else a signature-only table among the last paragraphs."""
    def lines_of(p: Para) -> list[str]:
        lines = [" ".join(line.split()) for row in p.table for cell in row for line in cell.split("\n")]
        return [line for line in lines if line]

    def expand(i: int) -> None:
        paras[i:i + 1] = [Para(line, paras[i].where) for line in lines_of(paras[i])]

    tables = [i for i in range(start, len(paras)) if paras[i].table is not None and len(paras[i].table) <= 4]
    for i in reversed(tables):
        if any(fold(line).startswith("noi nhan") for line in lines_of(paras[i])):
            return expand(i)
    for i in reversed([i for i in tables if i >= len(paras) - 14]):
        lines = lines_of(paras[i])
        if any(is_signer_line(line) for line in lines) and any(_NAME.match(line) for line in lines):
            return expand(i)


def _footer_start(paras: list[Para], start: int) -> tuple[int, bool]:
    """Where the body ends: at "Nơi nhận", else at the signature block; and whether a footer was found."""
    for i in range(len(paras) - 1, start - 1, -1):
        if paras[i].table is None and fold(paras[i].text).startswith("noi nhan"):
            return _signer_before(paras, i, start), True
    tail = range(max(start, len(paras) - 12), len(paras))
    for i in tail:
        if paras[i].table is None and is_signer_line(paras[i].text) and _only_signature(paras[i:]):
            return i, True
    return len(paras), False


def _signer_before(paras: list[Para], i: int, start: int) -> int:
    """Signature lines printed (or extracted) before "Nơi nhận" belong to the footer too."""
    j = i
    while j - 1 > start and paras[j - 1].table is None and (
            is_signer_line(paras[j - 1].text) or _SIGNED_NOTE.match(paras[j - 1].text)
            or (_NAME.match(paras[j - 1].text) and j < i)):
        j -= 1
    return j if j < i and any(is_signer_line(p.text) for p in paras[j:i]) else i


def _only_signature(paras: list[Para]) -> bool:
    return all(p.table is None and (is_signer_line(p.text) or _SIGNED_NOTE.match(p.text) or _NAME.match(p.text))
               for p in paras) and len(paras) <= 6


def _footer(paras: list[Para], doc: Document) -> list[Para]:
    """Read recipients and signature; return what follows the signer's name (appendices)."""
    signature: list[tuple[str, Para]] = []
    trailing = _footer_lines(paras, doc, signature)
    _signature(signature, doc)
    return trailing


def _footer_lines(paras: list[Para], doc: Document, signature: list[tuple[str, Para]]) -> list[Para]:
    in_recipients = False
    for n, p in enumerate(paras):
        if p.table is not None:
            return paras[n:]
        text = p.text
        if fold(text).startswith("noi nhan"):
            in_recipients = True
            doc.recipients_where = p.where
            text = re.sub(r"^Nơi nhận\s*:?\s*", "", text, flags=re.I)
            if not text:
                continue
        head, tail = _split_signer_tail(text)
        if tail:
            signature.append((tail, p))
            text = head
        label, kind, rest = split_label(text)
        if in_recipients and kind in BULLET_KINDS:
            rest, name = _split_name_tail(rest, signature, doc)
            doc.recipients.append(rest)
            if name:  # '- Lưu: VT, VP.      Nguyễn Văn Đệ': the name, in the other column, on the same line
                signature.append((name, p))
                doc.signer_name = Found(name, p.where, name)
        elif is_signer_line(text) or _SIGNED_NOTE.match(text):
            signature.append((text, p))
        elif _NAME.match(text) and signature:
            if doc.signer_name is not None:
                return paras[n:]  # after the signer's name: an appendix ('PHỤ LỤC')
            signature.append((text, p))
            doc.signer_name = Found(text, p.where, text)
        elif in_recipients and text and doc.signer_name is None:
            if doc.recipients and not re.search(r"[;.]$", doc.recipients[-1]):
                doc.recipients[-1] += " " + text  # a recipient wrapped over two lines
            else:
                doc.recipients.append(text)  # one a line without a bullet (a Word table's cell)
        elif text:
            return paras[n:]
    return []


def _split_name_tail(text: str, signature: list, doc: Document) -> tuple[str, str]:
    """A recipient that ends with the signer's name, once the signer's title is read and the name is not:
    ('Lưu: VT, VP. Nguyễn Văn Đệ', …) -> ('Lưu: VT, VP.', 'Nguyễn Văn Đệ')."""
    if doc.signer_name is not None or not any(is_signer_title(t) or capitals(t) for t, _ in signature):
        return text, ""
    match = re.match(r"^(.*[.;)])\s+(\S+(?:\s+\S+){1,5})$", text)
    if match and _NAME.match(match.group(2)):
        return match.group(1), match.group(2)
    return text, ""


def _split_signer_tail(text: str) -> tuple[str, str]:
    """'- Như trên; KT. GIÁM ĐỐC' (two columns read as one line) -> ('- Như trên;', 'KT. GIÁM ĐỐC')."""
    if is_signer_line(text) or not split_label(text)[1] in BULLET_KINDS:
        return text, ""
    for match in re.finditer(r"[;.:]\s+", text):
        tail = text[match.end():]
        if is_signer_line(tail):
            return text[:match.start() + 1], tail
    return text, ""


def _signature(lines: list[tuple[str, Para]], doc: Document) -> None:
    behalf = [(t, p) for t, p in lines if is_on_behalf(t)]
    titles = [(t, p) for t, p in lines if not is_on_behalf(t) and (is_signer_title(t) or
                                                                    (capitals(t) and not _SIGNED_NOTE.match(t)))]
    if behalf:
        # "TM. ỦY BAN NHÂN DÂN" over "KT. CHỦ TỊCH": two lines of the signature, kept apart
        doc.on_behalf = Found("\n".join(t for t, _ in behalf), behalf[0][1].where, "' / '".join(t for t, _ in behalf))
    if titles:
        doc.signer_title = Found(" ".join(t for t, _ in titles), titles[0][1].where, titles[0][0])
    elif behalf:
        doc.notes.append("Chỉ thấy thẩm quyền ký (" + doc.on_behalf.value + ") mà không thấy chức vụ người ký.")


# --- the body ------------------------------------------------------------------------------------

def _class_of(kind: str) -> int:
    return 0 if kind in SECTION_KINDS else 2 if kind in BULLET_KINDS else 1


def _close_for(stack: list["Part"], kind: str) -> None:
    """Close the open parts a new label of `kind` ends: those of a lower class, then, if a part of the same
    kind is open, it and everything inside it. A kind not open nests inside what remains."""
    while stack and _class_of(stack[-1].kind) > _class_of(kind):
        stack.pop()
    same = [i for i, part in enumerate(stack) if part.kind == kind]
    if same:
        del stack[same[-1]:]


def build_tree(paras: list[Para]) -> list[Part]:
    root: list[Part] = []
    stack: list[Part] = []
    for p in paras:
        if p.table is not None:
            _container(stack, root).append(Part(table=p.table, para=p))
            continue
        label, kind, rest = split_label(p.text)
        if not label:
            if stack and _title_below(stack[-1], p):
                stack[-1].text = p.text  # "Chương I" / "QUY ĐỊNH CHUNG": the title on the next line
                continue
            if stack and _runs_on(stack[-1], p):
                stack[-1].text += " " + p.text
                continue
            container = _container(stack, root)
            if _CLOSING.search(p.text) and stack and container:
                stack.clear()  # the closing paragraph, unless it is all a section holds ("V. …" / "… ./.")
                container = root
            container.append(Part(text=p.text, para=p))
            continue
        _close_for(stack, kind)
        part = Part(label=label, kind=kind, text=rest, para=p, hint=p.heading)
        (stack[-1].body if stack else root).append(part)
        stack.append(part)
    _descriptions(root)
    for part in _all(root):
        _settle(part)
    return root


def _descriptions(parts: list[Part]) -> None:
    """Unlabelled paragraphs that follow an item belong to it when they sit between it and the next item
    of its kind ("2.1. Bức trướng …: 01 tập thể." / "Tặng cho tập thể …" / "2.2. …"), and after the last
    item of a list whose other items hold parts of their own too."""
    i = 0
    while i < len(parts):
        item = parts[i]
        j = i + 1
        while j < len(parts) and not parts[j].label:
            j += 1
        between = parts[i + 1:j]
        if item.label and between:
            sandwiched = j < len(parts) and parts[j].kind == item.kind
            last = j == len(parts) and item.kind not in SECTION_KINDS + BULLET_KINDS \
                and any(p.kind == item.kind and p.body for p in parts[:i]) \
                and not any(_CLOSING.search(p.text) for p in between)
            if sandwiched or last:
                item.body += between
                del parts[i + 1:j]
        _descriptions(item.body)
        i += 1


def _title_below(part: Part, p: Para) -> bool:
    """A section label alone on its line ("Phần I", "Chương II", "III."), its title on the next one."""
    return (part.kind in SECTION_KINDS and not part.text and not part.body and len(p.text) <= HEADING_MAX
            and (capitals(p.text) or p.heading) and not _TERMINAL.search(p.text))


def _runs_on(item: Part, p: Para) -> bool:
    """A bulleted item cut mid-sentence (a page break in the source): the next paragraph is its end."""
    return (item.kind in BULLET_KINDS and not item.body and len(item.text) > 80 and not p.heading
            and not _TERMINAL.search(item.text) and not item.text.endswith(":"))


def _container(stack: list[Part], root: list[Part]) -> list[Part]:
    """Where an unlabelled paragraph goes: into the innermost open part (a section, or an item
    that introduces what follows); an item that ended its sentence is closed first."""
    while stack and not _open(stack[-1]):
        stack.pop()
    return stack[-1].body if stack else root


def _open(part: Part) -> bool:
    if part.kind in SECTION_KINDS:
        return True
    if part.text.endswith(":") and any(child.label for child in part.body):
        return False  # an item that introduced a list ("- Đối với cá nhân:" / "+ …") ends with its list
    if part.hint or part.body:
        return True
    return len(part.text) <= HEADING_MAX and not _TERMINAL.search(part.text) or part.text.endswith(":")


def _settle(part: Part) -> None:
    """A labelled part is a section (heading) when it is a short title over parts of its own."""
    if not part.label or not part.text:
        return
    text = part.text
    titled = part.kind in SECTION_KINDS or part.hint or part.body
    if titled and len(text) <= HEADING_MAX and not _TERMINAL.search(text) and not text.endswith(":"):
        part.heading, part.text = text, ""
        return
    if part.kind in SECTION_KINDS and capitals(text.split(":")[0]) and ":" in text:
        head, rest = text.split(":", 1)
        if rest.strip():
            part.heading, part.text = head + ":", ""
            part.body.insert(0, Part(text=rest.strip(), para=part.para))
    elif part.hint and len(text) <= HEADING_MAX and not text.endswith(";"):
        part.heading, part.text = text, ""


def _all(parts: list[Part]):
    for part in parts:
        yield part
        yield from _all(part.body)


def walk(parts: list[Part], path: tuple[str, ...] = ()):
    """(part, labels of the part and its ancestors) in document order."""
    for part in parts:
        here = path + ((part.label,) if part.label and part.kind not in BULLET_KINDS else ())
        yield part, here
        yield from walk(part.body, here)
