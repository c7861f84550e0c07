"""Step 1, reading the file: what kind it is, then xlsx or csv into tables of raw cell values.

xlsx (xlsx.py, after package.py has checked the zip): every visible sheet (or --sheet; hidden
ones with --include-hidden), hidden rows skipped, merged cells spread over the rows they span;
csv (csvfile.py): one table, UTF-8 or a detected Windows code page. Both within limits.py.
"""
from __future__ import annotations

from pathlib import Path

from .csvfile import decode_csv, read_csv
from .limits import MAX_FILE_BYTES
from .records import Issue, Table, UnusableFile

XLSX_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm"}
CSV_SUFFIXES = {".csv", ".tsv"}
__all__ = ["CSV_SUFFIXES", "XLSX_SUFFIXES", "decode_csv", "read_csv", "read_tables", "read_xlsx", "sniff"]


def read_tables(path: Path, sheet: str | None = None, include_hidden: bool = False) -> tuple[list[Table], list[Issue]]:
    """Every table in the file (or the named sheet), and notes about how it was read."""
    kind = sniff(path)
    if kind == "csv":
        table, issues = read_csv(path)
        return [table], issues
    return read_xlsx(path, sheet, include_hidden)


def read_xlsx(path: Path, sheet: str | None = None, include_hidden: bool = False) -> tuple[list[Table], list[Issue]]:
    from .xlsx import read_xlsx as read  # imported here: CSV imports and the rest of the site need no openpyxl

    return read(path, sheet, include_hidden)


def sniff(path: Path) -> str:
    """"xlsx" or "csv", from the content first and the name second; else UnusableFile."""
    name = path.name
    _regular_file(path)
    with path.open("rb") as handle:  # an OSError (no permission...) is worded by the command
        head = handle.read(8)
    suffix = path.suffix.lower()
    if not head:
        raise UnusableFile(f"Tệp '{name}' rỗng (0 byte); không có gì để nhập.")
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0") and _encrypted_office(path):
        raise UnusableFile(f"Tệp '{name}' được đặt mật khẩu, nên không đọc được. Hãy mở tệp bằng Excel, bỏ mật khẩu "
                           "(Tệp > Thông tin > Bảo vệ sổ làm việc > Mã hóa bằng mật khẩu, xóa mật khẩu rồi OK), lưu "
                           "rồi nhập lại.")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnusableFile(f"Tệp '{name}' là bảng tính Excel 97-2003 (.xls) hoặc tài liệu Office đời cũ; "
                           "hãy mở bằng Excel và lưu lại dạng 'Excel Workbook (.xlsx)' rồi nhập lại.")
    if head.startswith(b"%PDF"):
        raise UnusableFile(f"Tệp '{name}' là tài liệu PDF, không phải bảng tính; hãy dùng tệp Excel (.xlsx) "
                           "hoặc CSV.")
    if suffix in XLSX_SUFFIXES or suffix == ".xls":
        raise UnusableFile(f"Tệp '{name}' có đuôi {suffix} nhưng nội dung không phải bảng tính Excel "
                           "(tệp bị đổi tên hoặc bị hỏng).")
    if suffix in CSV_SUFFIXES:
        return "csv"
    raise UnusableFile(f"Tệp '{name}' không phải bảng tính; chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")


def _regular_file(path: Path) -> None:
    """A folder, a missing path or a device is refused with what the clerk should type instead."""
    name = path.name or str(path)
    if path.is_dir():
        inside = sorted(p.name for p in path.iterdir() if p.suffix.lower() in XLSX_SUFFIXES | CSV_SUFFIXES)[:5]
        hint = (f" Trong thư mục có: {', '.join(inside)}; ví dụ: '{(path / inside[0]).as_posix()}'." if inside else "")
        raise UnusableFile(f"'{path.as_posix()}' là một thư mục, không phải tệp. Hãy ghi đường dẫn tới tệp Excel "
                           f"(.xlsx) hoặc CSV (.csv) cần nhập.{hint}")
    if not path.exists():
        raise UnusableFile(f"Không tìm thấy tệp '{name}' (đường dẫn '{path.as_posix()}'). Hãy kiểm tra tên tệp và thư "
                           "mục; nếu tên có dấu cách, đặt cả đường dẫn trong dấu ngoặc kép.")
    if not path.is_file():
        raise UnusableFile(f"'{path.as_posix()}' không phải tệp thông thường; hãy ghi đường dẫn tới tệp Excel (.xlsx) "
                           "hoặc CSV (.csv) cần nhập.")


def _encrypted_office(path: Path) -> bool:
    """A password-protected .xlsx is an OLE container holding an 'EncryptedPackage' stream."""
    if path.stat().st_size > MAX_FILE_BYTES:
        return False
    return "EncryptedPackage".encode("utf-16-le") in path.read_bytes()
