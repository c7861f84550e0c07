"""Text out of a plan's file: .txt (plain or Markdown-ish), .docx (python-docx) or .pdf with a
text layer (pypdf). Every line keeps where it came from ("dòng 47", "trang 3, dòng 12",
"đoạn 47"), so that what is read from it can say so.

Nothing is joined or interpreted here (lines.py joins, structure.py interprets); only the
characters are made safe: NFC, invisible characters dropped, the symbol-font bullets of Word
turned into the bullets they show.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .. import legacy


class ExtractError(Exception):
    """A file the importer cannot read, with the reason in Vietnamese for the clerk."""


@dataclass
class Line:
    text: str
    where: str  # "dòng 47", "trang 3, dòng 12", "đoạn 47"
    heading: bool = False  # marked as a heading or wholly bold in the source (Markdown #, **…**, Word style)
    ends_para: bool = False  # the source says the paragraph ends here (a Word paragraph)
    page_start: bool = False  # first line of a page (PDF, or after a form feed)
    page_end: bool = False
    blank_before: bool = False
    pieces: list[str] | None = None  # a PDF line's parts set apart by wide gaps (two columns, or a glitch)


@dataclass
class TableBlock:
    rows: list[list[str]]
    where: str


@dataclass
class Source:
    kind: str  # "txt", "docx", "pdf"
    items: list = field(default_factory=list)  # Line and TableBlock, in document order
    warnings: list[str] = field(default_factory=list)
    boxed_letters: int = 0  # letters of a Word file outside its paragraphs and tables (text boxes, shapes)


SUPPORTED = (".txt", ".md", ".docx", ".pdf")

# Word's symbol fonts put bullets in the Private Use Area; what they show.
_SYMBOL_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf02d": "-", "\uf0d8": "➢", "\uf0fc": "✓", "\uf076": "❖",
                   "\uf0a8": "□", "\uf06e": "■", "\uf0e0": "➢", "\uf0f0": "⇨", "\uf0be": "-"}
# U+00AD (soft hyphen) is invisible in Unicode text, but TCVN3 text read as cp1252 writes 'ư' with it: it is
# dropped only after the legacy check (_legacy), which may need it.
_INVISIBLE = re.compile("[\u034f\u200b-\u200f\u2060-\u2064\ufeff\u202a-\u202e\u2066-\u2069]")
_SOFT_HYPHEN = "\u00ad"
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_PUA = re.compile("[\ue000-\uf8ff]")


def clean_chars(text: str) -> str:
    """NFC, no invisible or control characters, symbol-font bullets as the bullets they show."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(_SYMBOL_BULLETS.get(c, c) for c in text) if _PUA.search(text) else text
    text = _PUA.sub("•", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text).replace("\u00a0", " ").replace("\t", " ")
    return text


def extract(path: Path, convert_legacy: bool = False) -> Source:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ExtractError(f"Không tìm thấy tệp {path}.")
    if suffix in (".txt", ".md"):
        source = from_text(_decode(path.read_bytes(), path))
    elif suffix == ".docx":
        source = from_docx(path)
    elif suffix == ".pdf":
        source = from_pdf(path)
    elif suffix == ".doc":
        raise ExtractError(f"{path.name} là tệp Word cũ (.doc). Hãy mở bằng Word và lưu lại dạng .docx "
                           "(Tệp > Lưu thành > Word Document), rồi nhập tệp .docx.")
    else:
        raise ExtractError(f"Chưa đọc được loại tệp '{suffix or path.name}'. Dùng tệp .docx (Word), .pdf có lớp "
                           "chữ, hoặc .txt.")
    _refuse_empty(source, path)
    _legacy(source, path, convert_legacy)
    for text, setter in list(_texts(source)):
        if _SOFT_HYPHEN in text:
            setter(text.replace(_SOFT_HYPHEN, ""))
    return source


EMPTY = ("Tệp '{name}' không có chữ nào để nhập (văn bản trống): không viết gì. Hãy kiểm tra đã chọn đúng tệp "
         "kế hoạch. Nếu nội dung là ảnh chụp hay bản quét dán vào Word, hãy dùng tệp Word gốc, hoặc nhận dạng chữ "
         "(OCR) rồi nhập bản có chữ.")
IN_BOXES = ("Chữ của tệp Word '{name}' nằm trong khung văn bản (text box) hoặc hình vẽ, không phải đoạn văn: "
            "không đọc được. Hãy mở bằng Word, chép nội dung ra thành đoạn văn thường (hoặc lưu thành PDF) rồi "
            "nhập lại.")


def _letters(source: Source) -> int:
    lines = sum(sum(c.isalpha() for c in item.text) for item in source.items if isinstance(item, Line))
    cells = sum(sum(c.isalpha() for c in cell) for item in source.items if isinstance(item, TableBlock)
                for row in item.rows for cell in row)
    return lines + cells


def _refuse_empty(source: Source, path: Path) -> None:
    """A file with (almost) no words: refused, as a scanned PDF is, rather than an empty draft."""
    if _letters(source) >= 20:
        return
    if source.kind == "docx" and source.boxed_letters >= 20:
        raise ExtractError(IN_BOXES.format(name=path.name))
    raise ExtractError(EMPTY.format(name=path.name))


# --- plain text ------------------------------------------------------------------------

def _decode(data: bytes, path: Path) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExtractError(f"{path.name} không phải văn bản UTF-8. Hãy lưu lại tệp với bảng mã Unicode (UTF-8), "
                           "hoặc nhập thẳng tệp Word/PDF.") from None


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EM = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")


def strip_markdown(line: str) -> tuple[str, bool]:
    """A Markdown-ish line without its markup, and whether it was marked as a heading or wholly bold."""
    heading = bool(_MD_HEADING.match(line))
    text = _MD_HEADING.sub("", line)
    text = _MD_QUOTE.sub("", text)
    stripped = text.strip()
    bold_whole = bool(stripped) and bool(re.fullmatch(r"(\*\*|__).+\1[:.]?", stripped)) \
        and _MD_STRONG.sub("", stripped).strip(" :.") == ""
    text = _MD_STRONG.sub(r"\2", text)
    text = _MD_EM.sub(r"\1", text)
    text = re.sub(r"^(\s*)\\([-+*#])", r"\1\2", text)  # "\-" escapes
    return text, heading or bold_whole


def _tab_rows(raws: list[str], i: int) -> list[list[str]]:
    """The rows of a table typed or pasted with tabs ("1⇥Tỷ lệ …⇥%⇥≥ 95"): two lines or more in a row that
    are cut by tabs into two cells or more; [] when line i does not open one."""
    rows = []
    while i < len(raws) and "\t" in raws[i] and "\f" not in raws[i]:
        cells = [strip_markdown(clean_chars(cell))[0].strip() for cell in raws[i].strip().split("\t")]
        if sum(1 for c in cells if c) < 2:
            break
        rows.append(cells)
        i += 1
    if len(rows) < 2:
        return []
    width = max(len(row) for row in rows)
    return [row + [""] * (width - len(row)) for row in rows]


def from_text(text: str) -> Source:
    source = Source("txt")
    blank = False
    page_start = True
    number = 0
    raws = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    table_end = 0
    for number, raw in enumerate(raws, start=1):
        if number <= table_end:
            continue
        rows = _tab_rows(raws, number - 1)
        if rows:
            table_end = number + len(rows) - 1
            source.items.append(TableBlock(rows, f"dòng {number}–{table_end}"))
            blank = page_start = False
            continue
        if "\f" in raw:
            if source.items:
                source.items[-1].page_end = True
            page_start = True
            raw = raw.replace("\f", "")
        line, heading = strip_markdown(clean_chars(raw))
        pieces = [" ".join(p.split()) for p in _COLUMN_GAP.split(line.strip()) if p.strip()]  # pdftotext -layout
        line = " ".join(pieces)
        if not line:
            blank = True
            continue
        source.items.append(Line(line, f"dòng {number}", heading=heading, page_start=page_start, blank_before=blank,
                                 pieces=pieces if len(pieces) > 1 else None))
        blank = page_start = False
    if source.items:
        source.items[-1].page_end = True
    return source


# --- Word ------------------------------------------------------------------------------

def from_docx(path: Path) -> Source:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - the pinned requirements install it
        raise ExtractError("Thiếu thư viện python-docx: hãy chạy 'make site' để cài đặt.") from exc
    head = path.read_bytes()[:8]
    if not head:
        raise ExtractError(f"Tệp {path.name} rỗng (0 byte): không có gì để nhập. Hãy chép lại tệp kế hoạch rồi "
                           "nhập lại.")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ExtractError(f"{path.name} là tệp Word cũ (.doc) mang đuôi .docx. Hãy mở bằng Word và lưu lại dạng "
                           "Word Document .docx (Tệp > Lưu thành > Word Document), rồi nhập tệp mới.")
    if not head.startswith(b"PK"):
        raise ExtractError(f"{path.name} không phải tệp Word .docx (tệp hỏng, hoặc là loại tệp khác mang đuôi "
                           ".docx). Hãy mở bằng Word và lưu lại dạng .docx.")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError):
        raise ExtractError(f"Không mở được {path.name} như một tệp Word .docx: tệp bị hỏng hoặc thiếu phần nội "
                           "dung. Hãy mở bằng Word và lưu lại dạng .docx.") from None
    from . import docxnum
    numbering = docxnum.Numbering(document)
    source = Source("docx")
    paragraph_no = table_no = 0
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph_no += 1
            paragraph = docx.text.paragraph.Paragraph(element, document)
            _docx_paragraph(paragraph, numbering, f"đoạn {paragraph_no}", source)
        elif tag == "tbl":
            table_no += 1
            table = docx.table.Table(element, document)
            rows = [[_cell_text(cell, numbering) for cell in _unique_cells(row)] for row in table.rows]
            source.items.append(TableBlock(rows, f"bảng {table_no}"))
    if source.items and isinstance(source.items[-1], Line):
        source.items[-1].page_end = True
    if _letters(source) < 20:
        from docx.oxml.ns import qn
        source.boxed_letters = sum(sum(c.isalpha() for c in t.text or "")
                                   for t in document.element.body.iter(qn("w:t")))
    return source


def _cell_text(cell, numbering) -> str:
    """A cell's paragraphs, one a line, each with the label Word numbers it with ("- Như trên;")."""
    lines = []
    for paragraph in cell.paragraphs:
        text = clean_chars(paragraph.text).strip()
        label = clean_chars(numbering.label(paragraph)) if text else ""
        lines.append(f"{label} {text}" if label else text)
    return "\n".join(lines).strip()


def _unique_cells(row) -> list:
    """A row's cells, a merged cell once (python-docx repeats it for every grid column it spans)."""
    seen, cells = set(), []
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


def _docx_paragraph(paragraph, numbering, where: str, source: Source) -> None:
    text = clean_chars(paragraph.text)
    label = clean_chars(numbering.label(paragraph))
    style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
    runs = [r for r in paragraph.runs if r.text.strip()]
    bold = bool(runs) and all(r.bold or (r.style is not None and r.style.font.bold) for r in runs)
    heading = style.startswith(("heading", "title")) or bold
    pieces = [" ".join(p.split()) for p in text.split("\n")]
    pieces = [p for p in pieces if p]
    if not pieces:
        return
    if label:
        pieces[0] = f"{label} {pieces[0]}"
    for piece in pieces:
        source.items.append(Line(piece, where, heading=heading, ends_para=True))


# --- PDF -------------------------------------------------------------------------------

SCANNED = ("Tệp PDF '{name}' là ảnh chụp hoặc bản quét: nó không có lớp chữ, nên không đọc được câu chữ nào. "
           "Hãy nhập tệp Word (.docx) của văn bản, hoặc nhận dạng chữ (OCR) để có bản PDF có lớp chữ "
           "(ví dụ 'ocrmypdf -l vie {name} ra.pdf') rồi nhập lại.")


def from_pdf(path: Path) -> Source:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:  # pragma: no cover - the pinned requirements install it
        raise ExtractError("Thiếu thư viện pypdf: hãy chạy 'make site' để cài đặt.") from exc
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractError(f"Tệp PDF '{path.name}' được đặt mật khẩu; hãy dùng bản không khóa hoặc tệp Word.")
        pages = [_page_text(page) for page in reader.pages]
    except ExtractError:
        raise
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as exc:
        raise ExtractError(f"Không đọc được tệp PDF '{path.name}' ({exc}). Hãy dùng tệp Word (.docx).") from None
    except Exception as exc:  # pypdf raises other errors on broken files (NotImplementedError for some crypto)
        raise ExtractError(f"Không đọc được tệp PDF '{path.name}' ({type(exc).__name__}: {exc}). Hãy dùng tệp "
                           "Word (.docx).") from None
    letters = sum(sum(c.isalpha() for c in text) for text in pages)
    if letters < 30 * max(1, len(pages)):
        raise ExtractError(SCANNED.format(name=path.name))
    source = Source("pdf")
    empty = [str(i) for i, text in enumerate(pages, start=1) if sum(c.isalpha() for c in text) < 10]
    if empty:
        source.warnings.append(f"Trang {', '.join(empty)} của tệp PDF không có lớp chữ (ảnh quét?): nội dung các "
                               "trang đó không được nhập; hãy gõ bổ sung hoặc dùng tệp Word.")
    for page_no, text in enumerate(pages, start=1):
        numbered = []
        for n, raw in enumerate(text.split("\n"), start=1):
            pieces = [mend_split_words(" ".join(p.split())) for p in _COLUMN_GAP.split(clean_chars(raw).strip())
                      if p.strip()]
            if pieces:
                numbered.append((n, pieces))
        for i, (n, pieces) in enumerate(numbered):
            source.items.append(Line(mend_split_words(" ".join(pieces)), f"trang {page_no}, dòng {n}",
                                     page_start=i == 0,
                                     page_end=i == len(numbered) - 1, pieces=pieces if len(pieces) > 1 else None))
    return source


# Layout extraction keeps the columns of a heading block or a signature table apart by wide gaps.
_COLUMN_GAP = re.compile(r"\s{6,}")


def _page_text(page) -> str:
    """A page's text in layout mode: pypdf's plain mode breaks Vietnamese words apart ("K Ế HO Ạ CH")
    when a glyph's accents are positioned separately; layout mode places characters by position."""
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception:  # layout mode fails on some fonts: plain mode is better than nothing
        return page.extract_text() or ""


def mend_split_words(text: str) -> str:
    """A word that a PDF's text layer split where an accent was placed apart ("cườ ng"): two pieces
    that are not Vietnamese syllables but make one together are one word."""
    words = text.split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        a = words[i]
        b = words[i + 1] if i + 1 < len(words) else ""
        if a.isalpha() and b.isalpha() and not legacy.is_vietnamese_syllable(a) \
                and not legacy.is_vietnamese_syllable(b) and legacy.is_vietnamese_syllable(a + b) \
                and (b.islower() or a.isupper() and b.isupper()):
            out.append(a + b)
            i += 2
        else:
            out.append(a)
            i += 1
    return " ".join(out)


def _texts(source: Source):
    """Every text of the source, with a setter: each line, and each table cell."""
    for item in source.items:
        if isinstance(item, Line):
            yield item.text, lambda value, item=item: setattr(item, "text", value)
        else:
            for row in item.rows:
                for k, cell in enumerate(row):
                    yield cell, lambda value, row=row, k=k: row.__setitem__(k, value)


def _legacy(source: Source, path: Path, convert: bool) -> None:
    """Text typed in a legacy encoding (TCVN3/ABC, VNI): found line by line, as validation finds it, since a
    document may mix it with Unicode. Refused with the way out, or converted with --convert-legacy."""
    found = [(text, legacy.find(text)) for text, _ in _texts(source)]
    found = [(text, encoding) for text, encoding in found if encoding]
    if not found:
        return
    encodings = sorted({encoding for _, encoding in found})
    sample = found[0][0]
    if not convert:
        raise ExtractError(f"Văn bản trong {path.name} có {len(found)} dòng gõ bằng bảng mã cũ "
                           f"{', '.join(encodings)} (\"{sample[:40]}\"): nhập vào sẽ thành chữ sai. Chạy lại lệnh với "
                           f"--convert-legacy để chuyển sang Unicode (scripts/portal import-plan {path.name} "
                           "--convert-legacy …), hoặc chuyển tệp bằng công cụ chuyển mã của Unikey rồi nhập lại.")
    encoding = max(encodings, key=lambda e: sum(1 for _, x in found if x == e))
    converted = 0
    for text, setter in list(_texts(source)):
        if legacy.find(text) or legacy.plausible(text, encoding):  # a short line ("Sè: 38/KH") only reads as one
            new = convert_text(text, encoding)
            converted += new != text
            setter(new)
    source.warnings.append(f"Đã chuyển {converted} dòng gõ bằng bảng mã cũ {encoding} sang Unicode (ví dụ "
                           f"\"{sample[:40]}\" thành \"{convert_text(sample, encoding)[:40]}\"); hãy đối chiếu "
                           "các dòng đó với văn bản gốc.")


def convert_text(text: str, encoding: str) -> str:
    """A line of legacy text as Unicode, word by word (a line may mix Unicode words with legacy ones: 'thi ®ua
    sôi nổi'): a word is converted when it does not read as Vietnamese and does once converted, or when the
    whole line is legacy. A capital stays where the text has one (legacy.convert, made for names, would
    capitalise 'đích' in 'Mục đích')."""
    whole = bool(legacy.detect(text)) or legacy.plausible(text, encoding)
    words = [w for w in text.split() if not re.search(r"[\d/]|[A-ZĐ]{2,}-", w)]  # codes (38/KH-VP) aside
    letters = [c for w in words for c in w if c.isascii() and c.isalpha()]
    capital_line = len(letters) >= 3 and all(c.isupper() for c in letters)
    out = []
    for word in re.split(r"(\s+|[/-])", text):
        match = re.match(r"^([\s\"'“”(\[]*)(.*?)([\s\"'“”)\],.;:!?]*)$", word, re.S)
        before, core, after = match.groups()
        if core and not core.isascii():
            new = legacy.convert(core, encoding)
            new = new.upper() if capital_line else new
            # TCVN3 types some small letters as Latin-1 capitals ('KÕ' for 'Kế'): odd inside a sentence
            odd_capital = not capital_line and bool(re.search("[\u00c0-\u00de]", core[1:]))
            reads = legacy.is_vietnamese_syllable(new) or ("Đ" in new and re.fullmatch("[A-ZĐ]{2,8}", new))
            if reads and (whole or odd_capital or not legacy.is_vietnamese_syllable(core)):
                word = before + new + after
        out.append(word)
    return "".join(out)
