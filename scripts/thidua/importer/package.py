"""Before an .xlsx is parsed: its zip parts, checked against the limits and inflated once.

An .xlsx is a zip of XML parts. A hostile or damaged one can declare a part of gigabytes (a
"zip bomb"), lie about a part's size, hold a truncated or corrupt part, or miss the part that
lists the sheets. `inspect` finds all of that before openpyxl reads anything:

  1. the file's size and its number of parts (from the zip's end record, before the central
     directory is read);
  2. the sheets: names, hidden or not, worksheet or chart, and the part holding each (from the
     small parts that list them, themselves read within the limits below);
  3. each part's declared size, and the sum;
  4. every XML part inflated once, in chunks: its real size counted (never beyond the limit,
     whatever the header says), its checksum checked by zipfile, its XML checked whole by expat
     (no DOCTYPE: Excel never writes one).

Every refusal is an UnusableFile naming the file, the sheet or part, and what to do.
"""
from __future__ import annotations

import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree
from xml.parsers import expat

from .limits import (MAX_CELL_FORMATS, MAX_FILE_BYTES, MAX_MEMBERS, MAX_PART_BYTES, MAX_SHARED_STRINGS,
                     MAX_STRINGS_BYTES, MAX_TOTAL_BYTES, MAX_WHOLE_PART_BYTES, count_text, size_text)
from .records import UnusableFile

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_NS_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
CONTENT_TYPES = "[Content_Types].xml"
_WORKBOOK_TYPES = ("spreadsheetml.sheet.main+xml", "spreadsheetml.template.main+xml",
                   "ms-excel.sheet.macroEnabled.main+xml", "ms-excel.template.macroEnabled.main+xml")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class SheetEntry:
    name: str
    part: str           # the zip member holding the sheet
    state: str          # "visible", "hidden" or "veryHidden"
    kind: str           # "worksheet", "chartsheet" or another kind of sheet

    @property
    def hidden(self) -> bool:
        return self.state in ("hidden", "veryHidden")


def damaged(file_name: str, what: str) -> UnusableFile:
    """The refusal for a file Excel wrote badly or that was damaged on the way."""
    return UnusableFile(f"Không mở được tệp '{file_name}' như bảng tính Excel (.xlsx): tệp bị hỏng, {what}. Hãy mở "
                        "tệp bằng Excel: nếu Excel mở được (có thể sau khi tự sửa), chọn Tệp > Lưu thành > 'Excel "
                        "Workbook (.xlsx)' rồi nhập tệp mới lưu; nếu Excel cũng không mở được, hãy xin lại tệp từ nơi "
                        "gửi.")


def too_big(file_name: str, what: str) -> UnusableFile:
    return UnusableFile(f"Tệp '{file_name}': {what}, nên không đọc tệp này. Danh sách khen thưởng của một phong "
                        "trào không lớn đến vậy (honorees.yml tối đa 3 MB); tệp có thể bị hỏng hoặc là tệp độc hại "
                        "('bom nén'). Nếu đây đúng là danh sách cần nhập, hãy chép riêng các dòng và cột cần nhập "
                        "sang một tệp Excel mới rồi nhập tệp đó.")


def inspect(path: Path) -> list[SheetEntry]:
    """The workbook's sheets, once every part has passed the checks above; else UnusableFile."""
    name = path.name
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise too_big(name, f"tệp nặng {size_text(size)}, quá giới hạn {size_text(MAX_FILE_BYTES)}")
    with path.open("rb") as handle:
        members = _member_count(handle, size)
    if members is not None and members > MAX_MEMBERS:
        raise too_big(name, f"tệp nén gồm {count_text(members)} phần, quá giới hạn {count_text(MAX_MEMBERS)} phần")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, struct.error):
        raise damaged(name, "không đọc được như một tệp nén .xlsx (tệp bị cắt cụt, hoặc bị ghi đè một phần)") from None
    with archive:
        reader = _PartReader(archive, name)
        sheets = reader.sheets()
        reader.labels.update({s.part: s.name for s in sheets})
        reader.check_declared()
        reader.check_xml_parts()
        return sheets


def _member_count(handle, size: int) -> int | None:
    """Number of parts, from the zip's end record (zip64 included); None if there is none."""
    tail_size = min(size, 22 + 65535)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    entries = struct.unpack_from("<H", tail, at + 10)[0]
    locator = at - 20
    if entries != 0xFFFF or locator < 0 or tail[locator:locator + 4] != b"PK\x06\x07":
        return entries
    offset = struct.unpack_from("<Q", tail, locator + 8)[0]
    if offset >= size:
        return None
    handle.seek(offset)
    record = handle.read(56)
    return struct.unpack_from("<Q", record, 32)[0] if record[:4] == b"PK\x06\x06" and len(record) == 56 else None


class _Doctype(Exception):
    pass


class _TooMany(Exception):
    pass


class _PartReader:
    """Reads the parts of one open archive within the limits; every failure is an UnusableFile."""

    def __init__(self, archive: zipfile.ZipFile, file_name: str):
        self.archive, self.file_name = archive, file_name
        self.infos = {info.filename: info for info in archive.infolist()}
        self.inflated = 0
        self.checked: set[str] = set()
        self.labels: dict[str, str] = {}

    def label(self, part: str) -> str:
        sheet = self.labels.get(part)
        return f"phần '{part}' (trang '{sheet}')" if sheet else f"phần '{part}'"

    def check_declared(self) -> None:
        """Declared sizes, before anything is inflated."""
        compressed = sum(info.compress_size for info in self.infos.values())
        total = 0
        for part, info in self.infos.items():
            limit = self.limit(part)
            if info.file_size > limit:
                raise too_big(self.file_name, f"{self.label(part)} ghi rằng khi giải nén dài {size_text(info.file_size)}, "
                                              f"quá giới hạn {size_text(limit)} (trong tệp nén chỉ chiếm "
                                              f"{size_text(info.compress_size)})")
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise too_big(self.file_name, f"các phần của tệp khi giải nén dài tổng cộng {size_text(total)}, quá giới hạn "
                                          f"{size_text(MAX_TOTAL_BYTES)} (tệp nén chỉ {size_text(compressed)})")

    def read(self, part: str, what: str) -> bytes:
        """A small part (the workbook, its relationships), checked and inflated."""
        if part not in self.infos:
            raise damaged(self.file_name, f"thiếu phần '{part}' ({what})")
        chunks: list[bytes] = []
        self._inflate(part, _XmlCheck(), chunks.append)
        return b"".join(chunks)

    def limit(self, part: str) -> int:
        """Sheets are read as a stream, row by row; openpyxl keeps every shared string, and reads
        other XML parts (styles, the list of sheets) whole, as a tree. Other parts are not read."""
        if part in self.labels or not part.endswith((".xml", ".rels")):
            return MAX_PART_BYTES
        return MAX_STRINGS_BYTES if part.endswith("sharedStrings.xml") else MAX_WHOLE_PART_BYTES

    def check_xml_parts(self) -> None:
        for part in self.infos:
            if part.endswith((".xml", ".rels")) and part not in self.checked:
                self._inflate(part, _XmlCheck(*_COUNTED.get(posixpath.basename(part), ("", 0))), None)

    def _inflate(self, part: str, check: "_XmlCheck", keep) -> None:
        info = self.infos[part]
        size = 0
        try:
            with self.archive.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    self._count(part, size, len(chunk))
                    check.feed(chunk, part, self)
                    if keep is not None:
                        keep(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, struct.error) as exc:
            raise damaged(self.file_name, f"{self.label(part)} bị sai lệch dữ liệu ({_zip_problem(exc)})") from None
        except NotImplementedError:
            raise damaged(self.file_name, f"{self.label(part)} được nén theo kiểu mà Excel không dùng") from None
        except RuntimeError:  # zipfile: "File ... is encrypted, password required"
            raise damaged(self.file_name, f"{self.label(part)} được mã hóa bằng mật khẩu trong tệp nén") from None
        check.close(part, self)
        self.checked.add(part)
        if size != info.file_size:
            raise damaged(self.file_name, f"{self.label(part)} dài {size} byte khi giải nén, khác với {info.file_size} "
                                          "byte ghi trong tệp")

    def _count(self, part: str, size: int, chunk: int) -> None:
        """Real sizes, whatever the headers declare."""
        self.inflated += chunk
        if size > self.limit(part):
            raise too_big(self.file_name, f"{self.label(part)} khi giải nén dài hơn {size_text(self.limit(part))}")
        if self.inflated > MAX_TOTAL_BYTES:
            raise too_big(self.file_name, f"các phần của tệp khi giải nén dài hơn {size_text(MAX_TOTAL_BYTES)}")

    def sheets(self) -> list[SheetEntry]:
        """The sheets listed by the workbook part, each with its part in the zip."""
        workbook_part = self._workbook_part()
        workbook = ElementTree.fromstring(self.read(workbook_part, "danh sách các trang tính"))
        rels_part = posixpath.join(posixpath.dirname(workbook_part), "_rels",
                                   posixpath.basename(workbook_part) + ".rels")
        rels = ElementTree.fromstring(self.read(rels_part, "liên kết tới các trang tính"))
        targets = {r.get("Id"): (r.get("Target", ""), r.get("Type", "")) for r in rels.iter(f"{_NS_PKG}Relationship")}
        out = []
        for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
            name = sheet.get("name") or ""
            target, kind = targets.get(sheet.get(f"{_NS_REL}id"), ("", ""))
            part = _resolve(workbook_part, target)
            if part not in self.infos:
                raise damaged(self.file_name, f"trang '{name}' có trong danh sách trang nhưng không có nội dung "
                                              f"(thiếu phần '{part or '?'}')")
            out.append(SheetEntry(name, part, sheet.get("state") or "visible", kind.rsplit("/", 1)[-1]))
        if not out:
            raise damaged(self.file_name, "tệp không có trang tính nào")
        return out

    def _workbook_part(self) -> str:
        types = ElementTree.fromstring(self.read(CONTENT_TYPES, "danh mục các phần của tệp"))
        for override in types.iter(f"{_NS_TYPES}Override"):
            if override.get("ContentType", "").endswith(_WORKBOOK_TYPES):
                return override.get("PartName", "").lstrip("/")
        return "xl/workbook.xml"


def _resolve(base_part: str, target: str) -> str:
    if not target:
        return ""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target))


def _zip_problem(exc: Exception) -> str:
    if isinstance(exc, zipfile.BadZipFile) and "CRC" in str(exc):
        return "mã kiểm tra CRC không khớp"
    if isinstance(exc, EOFError):
        return "dữ liệu nén bị cắt cụt"
    return "dữ liệu nén không giải nén được"


# Parts openpyxl turns into many objects, each slow to make: the element counted, and how many
# may be (openpyxl spends ~17 µs on each shared string, an empty one too; Excel itself allows
# 64,000 cell formats).
_COUNTED = {"sharedStrings.xml": ("si", MAX_SHARED_STRINGS), "styles.xml": ("xf", MAX_CELL_FORMATS)}
_COUNTED_WHAT = {"si": "đoạn chữ khác nhau", "xf": "kiểu định dạng ô"}


class _XmlCheck:
    """Feeds a part to expat as it is inflated: whole, well-formed XML without a DOCTYPE, and no
    more than `limit` elements named `counted` (if given)."""

    def __init__(self, counted: str = "", limit: int = 0):
        self.parser = expat.ParserCreate()
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.counted, self.limit, self.count = counted, limit, 0
        if counted:
            self.parser.StartElementHandler = self._element

    @staticmethod
    def _doctype(*_args) -> None:
        raise _Doctype()

    def _element(self, name: str, _attributes) -> None:
        if name == self.counted or name.endswith(":" + self.counted):
            self.count += 1
            if self.count > self.limit:
                raise _TooMany()

    def feed(self, chunk: bytes, part: str, reader: _PartReader) -> None:
        self._parse(chunk, False, part, reader)

    def close(self, part: str, reader: _PartReader) -> None:
        self._parse(b"", True, part, reader)

    def _parse(self, data: bytes, final: bool, part: str, reader: _PartReader) -> None:
        try:
            self.parser.Parse(data, final)
        except _TooMany:
            raise too_big(reader.file_name, f"{reader.label(part)} có hơn {count_text(self.limit)} "
                                            f"{_COUNTED_WHAT[self.counted]}, nhiều hơn mọi danh sách khen thưởng") from None
        except _Doctype:
            raise damaged(reader.file_name, f"{reader.label(part)} có khai báo DOCTYPE, thứ Excel không bao giờ ghi "
                                            "(có thể là tệp độc hại)") from None
        except expat.ExpatError as exc:
            raise damaged(reader.file_name, f"{reader.label(part)} có nội dung XML sai ở dòng {exc.lineno}, cột "
                                            f"{exc.offset + 1}") from None
