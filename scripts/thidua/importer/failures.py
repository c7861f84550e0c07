"""What the clerk reads when the system, not the list, stops an import: a full disk, a folder
that cannot be written, a file that cannot be read, Ctrl-C, too little memory. Vietnamese,
naming the file and saying what to do; the operating system's own words (English) never."""
from __future__ import annotations

import errno
import os
from pathlib import Path

_WRITE_REASONS = {
    errno.ENOSPC: ("ổ đĩa đã đầy", "Hãy giải phóng chỗ trống trên ổ đĩa (xóa tệp tạm, bản dựng cũ...) rồi chạy lại."),
    errno.EDQUOT: ("tài khoản đã dùng hết hạn mức ổ đĩa", "Hãy xóa bớt tệp hoặc nhờ quản trị nâng hạn mức rồi chạy "
                                                          "lại."),
    errno.EROFS: ("thư mục nằm trên ổ chỉ đọc", "Hãy chạy lệnh trong bản dự án nằm trên ổ ghi được (không phải đĩa CD, "
                                               "ổ mạng chỉ đọc hay thẻ nhớ khóa ghi)."),
    errno.EACCES: ("không có quyền ghi vào thư mục phong trào", "Hãy nhờ quản trị cấp quyền ghi thư mục này, hoặc chạy "
                                                               "lệnh bằng tài khoản có quyền."),
    errno.EPERM: ("không được phép ghi vào thư mục phong trào", "Hãy nhờ quản trị cấp quyền ghi thư mục này, hoặc chạy "
                                                               "lệnh bằng tài khoản có quyền."),
    errno.EISDIR: ("ở chỗ tệp này đang có một thư mục cùng tên", "Hãy đổi tên hoặc xóa thư mục đó rồi chạy lại."),
    errno.EFBIG: ("tệp vượt giới hạn kích thước mà hệ thống cho phép", "Hãy nhờ quản trị kiểm tra giới hạn này rồi chạy "
                                                                      "lại."),
    errno.EIO: ("ổ đĩa báo lỗi khi ghi", "Hãy kiểm tra ổ đĩa (ổ USB, ổ mạng có bị rút ra không) rồi chạy lại."),
}
_READ_REASONS = {
    errno.EACCES: ("không có quyền đọc tệp", "Hãy chép tệp vào thư mục của bạn, hoặc nhờ quản trị cấp quyền đọc."),
    errno.EPERM: ("không được phép đọc tệp", "Hãy chép tệp vào thư mục của bạn, hoặc nhờ quản trị cấp quyền đọc."),
    errno.ENOENT: ("tệp vừa bị xóa hoặc đổi tên", "Hãy kiểm tra lại tên tệp rồi chạy lại."),
    errno.EIO: ("ổ đĩa báo lỗi khi đọc", "Hãy chép tệp sang ổ khác (hoặc xin lại tệp) rồi chạy lại."),
}


def os_error_message(exc: OSError, source: Path, target: str, written: bool) -> str:
    if _is_source(exc, source):
        reason, advice = _READ_REASONS.get(exc.errno, (f"lỗi hệ thống {_code(exc)}", "Hãy thử lại; nếu vẫn lỗi, chép "
                                                       "tệp sang chỗ khác rồi nhập tệp đã chép."))
        return f"Không đọc được tệp '{source.name}': {reason}. {advice} Không ghi gì; {target} giữ nguyên."
    reason, advice = _WRITE_REASONS.get(exc.errno, (f"lỗi hệ thống {_code(exc)}", "Hãy thử lại; nếu vẫn lỗi, nhờ quản "
                                                   "trị kiểm tra ổ đĩa và quyền ghi."))
    where = f" ('{exc.filename}')" if exc.filename and exc.errno == errno.EISDIR else ""
    outcome = (f"Danh sách đã được ghi xong vào {target} trước khi lỗi xảy ra." if written
               else f"Không ghi gì; {target} giữ nguyên như trước.")
    return f"Không ghi được tệp {target}{where}: {reason}. {outcome} {advice}"


def interrupted_message(written: bool, target: str) -> str:
    if written:
        return f"Đã dừng (Ctrl-C), nhưng danh sách đã được ghi xong vào {target} trước đó."
    return f"Đã dừng (Ctrl-C) trước khi nhập xong; không ghi gì, {target} giữ nguyên như trước. Chạy lại lệnh khi cần."


def memory_message(written: bool, target: str) -> str:
    outcome = "danh sách đã được ghi xong trước đó" if written else f"không ghi gì, {target} giữ nguyên"
    return (f"Máy không đủ bộ nhớ để đọc hết tệp này; {outcome}. Hãy đóng bớt chương trình khác rồi chạy lại, hoặc chép "
            "riêng các dòng và cột cần nhập sang một tệp mới rồi nhập tệp đó.")


def _is_source(exc: OSError, source: Path) -> bool:
    if not exc.filename:
        return False
    try:
        return os.path.abspath(os.fsdecode(exc.filename)) == os.path.abspath(source)
    except (TypeError, ValueError):
        return False


def _code(exc: OSError) -> str:
    name = errno.errorcode.get(exc.errno or 0)
    return f"({name})" if name else "(không rõ mã lỗi)"
