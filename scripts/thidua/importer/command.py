"""The command line: `scripts/portal import` arguments, exit code, and the text or JSON report.

Whatever goes wrong below (a file that cannot be used, a full disk, a read-only folder, Ctrl-C)
ends here as a Vietnamese sentence and an exit code, never a traceback; honorees.yml is only
ever replaced whole (write.write_atomic), so it is either as before or completely written.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..load import HONOREES_FILE
from .failures import interrupted_message, memory_message, os_error_message
from .records import CampaignProblem, Options, Result, UnusableFile
from .pipeline import import_file

INTERRUPTED = 130  # the shell's code for a command stopped by Ctrl-C


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="Tệp Excel (.xlsx) hoặc CSV chứa danh sách khen thưởng")
    parser.add_argument("--campaign", required=True, metavar="ID", help="Mã phong trào (tên thư mục trong campaigns/)")
    parser.add_argument("--sheet", metavar="NAME", help="Chỉ nhập trang này (mặc định: mọi trang có dòng tiêu đề)")
    parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi tệp")
    parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON")
    parser.add_argument("--skip-invalid", action="store_true", help="Ghi các dòng hợp lệ, bỏ qua dòng lỗi")
    parser.add_argument("--convert-legacy", action="store_true",
                        help="Tự chuyển chữ gõ bằng bảng mã cũ TCVN3 (ABC), VNI sang Unicode")
    parser.add_argument("--include-hidden", action="store_true",
                        help="Nhập cả trang và dòng đang bị ẩn (hoặc bị lọc) trong Excel (mặc định: bỏ qua và báo)")
    parser.add_argument("--root", default="campaigns", metavar="DIR", help="Thư mục các phong trào (mặc định: campaigns)")


def run(args: argparse.Namespace) -> int:
    """Exit code: 0 done, 1 errors in rows or data (or the disk), 2 the file or campaign cannot be
    used, 130 stopped by Ctrl-C."""
    options = Options(sheet=args.sheet, dry_run=args.dry_run, skip_invalid=args.skip_invalid,
                      convert_legacy=args.convert_legacy, include_hidden=getattr(args, "include_hidden", False))
    path = Path(args.file)
    name = path.name or args.file
    target = f"{Path(args.root).name}/{args.campaign}/{HONOREES_FILE}"
    result = Result()
    try:
        import_file(path, args.campaign, Path(args.root), options, result,
                    on_wait=lambda message: print(f"{name}: lưu ý: {message}", file=sys.stderr, flush=True))
    except UnusableFile as exc:
        return _fail(args, name, [exc.message], 2, result)
    except CampaignProblem as exc:
        return _fail(args, name, exc.messages, exc.code, result)
    except KeyboardInterrupt:
        return _fail(args, name, [interrupted_message(result.written, target)], INTERRUPTED, result)
    except MemoryError:
        return _fail(args, name, [memory_message(result.written, target)], 2, result)
    except OSError as exc:  # the campaign folder cannot be written, the disk is full...
        return _fail(args, name, [os_error_message(exc, path, target, result.written)], 1, result)
    if args.json:
        _print_json(result)
    else:
        _print_text(result, name, options)
    return 1 if result.errors else 0


def _fail(args, name: str, messages: list[str], code: int, result: Result) -> int:
    """The reason the import stopped, after the notes gathered until then (hidden sheets...)."""
    if args.json:
        errors = [{"row": 0, "sheet": name, "field": "", "message": m} for m in messages]
        print(json.dumps({"valid": [], "errors": errors, "warnings": [i.as_dict() for i in result.warnings]},
                         ensure_ascii=False, indent=1))
    else:
        for issue in result.warnings:
            print(f"{name}: {issue}", file=sys.stderr)
        for message in messages:
            print(f"{name}: lỗi: {message}", file=sys.stderr)
    return code


def _print_json(result: Result) -> None:
    out = {"valid": [r.as_json() for r in result.rows],
           "errors": [i.as_dict() for i in result.errors],
           "warnings": [i.as_dict() for i in result.warnings]}
    print(json.dumps(out, ensure_ascii=False, indent=1))


def _print_text(result: Result, name: str, options: Options) -> None:
    for issue in result.issues:
        print(f"{name}: {issue}", file=sys.stderr)
    where = result.path.as_posix() if result.path else "honorees.yml"
    count = len(result.rows)
    if result.errors and not options.skip_invalid:
        if any(issue.row == 0 for issue in result.errors):  # not a row's fault: skipping rows would not help
            print(f"Có {len(result.errors)} lỗi; không ghi gì vào {where}. Sửa các lỗi trên rồi nhập lại.")
        else:
            print(f"Có {len(result.errors)} lỗi; không ghi gì vào {where}. Sửa các dòng trên rồi nhập lại, "
                  "hoặc dùng --skip-invalid để chỉ nhập các dòng hợp lệ.")
        return
    skipped = f" (bỏ qua {len(result.errors)} dòng lỗi)" if result.errors else ""
    if options.dry_run:
        print(f"Thử (--dry-run): {count} dòng hợp lệ{skipped}; sẽ thêm {result.added}, cập nhật {result.updated} "
              f"mục trong {where}. Chưa ghi gì.")
    elif result.written:
        print(f"Đã nhập {count} dòng{skipped} vào {where}: thêm {result.added}, cập nhật {result.updated} mục.")
    elif result.unchanged:
        print(f"{where} đã có đủ {count} dòng này; không có gì thay đổi.")
    else:
        print(f"Không ghi {where}.")
