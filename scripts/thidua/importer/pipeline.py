"""The whole import: the campaign, then the five steps in order (read, header, rows, merge, write)."""
from __future__ import annotations

import time
from contextlib import nullcontext
from pathlib import Path
from typing import Callable

from ..load import HONOREES_FILE, MAX_BYTES, load_campaign
from ..model import Campaign
from ..text import is_safe_slug
from .header import HEADER_SEARCH_ROWS, find_header
from .limits import count_text, size_text
from .lock import campaign_lock
from .merging import check_rows, merge, same_content
from .records import CampaignProblem, ImportRow, Issue, Options, Result, Table, UnusableFile, cell_text
from .rows import parse_table
from .sheets import read_tables
from .write import _checker_for, dump, leading_comments, read_existing, write_atomic

__all__ = ["CampaignProblem", "import_file", "rough_size", "too_big_message"]


def import_file(path: Path, campaign_id: str, root: Path, options: Options, result: Result | None = None,
                on_wait: Callable[[str], None] | None = None) -> Result:
    """Read, check, merge and (unless dry-run or in error) write. Raises UnusableFile, CampaignProblem.

    `result` may be passed in to learn, after a KeyboardInterrupt, whether the file was already
    written; `on_wait` is told when another import holds the campaign and this one waits.
    """
    result = Result() if result is None else result
    clock = time.perf_counter()
    campaign, folder = _campaign(campaign_id, root)
    display = f"{root.name}/{campaign_id}/{HONOREES_FILE}"
    result.timings["campaign"] = time.perf_counter() - clock

    clock = time.perf_counter()
    tables, notes = read_tables(path, options.sheet, options.include_hidden)
    result.issues += notes
    result.timings["read"] = time.perf_counter() - clock

    clock = time.perf_counter()
    rows = _parse_tables(tables, campaign, options, result, path.name)
    result.timings["parse"] = time.perf_counter() - clock
    lock = nullcontext() if options.dry_run else campaign_lock(folder, campaign_id, on_wait)
    with lock:  # from reading the current file to replacing it: a second import waits, nothing is lost
        _merge_and_write(path, campaign, folder / HONOREES_FILE, display, rows, tables, options, result)
    return result


def _merge_and_write(path: Path, campaign: Campaign, target: Path, display: str, rows: list[ImportRow],
                     tables: list[Table], options: Options, result: Result) -> None:
    clock = time.perf_counter()
    existing, existing_text, problems = read_existing(target, display)
    if any(p.severity == "error" for p in problems):
        raise CampaignProblem([str(p) for p in problems] + [f"Hãy sửa {display} trước khi nhập thêm."], 1)
    rows, found = check_rows(rows, existing)
    result.issues += found
    order = {table.sheet: i for i, table in enumerate(tables)}
    result.issues.sort(key=lambda issue: (order.get(issue.sheet, -1), issue.row))
    result.rows = rows
    result.timings["parse"] += time.perf_counter() - clock
    if result.errors and not options.skip_invalid:
        return
    clock = time.perf_counter()
    merged = merge(existing, rows)
    result.issues += merged.notes
    result.added, result.updated = merged.added, merged.updated
    result.path = target
    result.unchanged = target.is_file() and same_content(existing, merged.data)
    result.timings["merge"] = time.perf_counter() - clock
    if result.unchanged or not rows:
        return
    if options.dry_run and rough_size(merged.data) < MAX_BYTES * 0.7:  # dumping 10,000 records takes seconds
        return
    clock = time.perf_counter()
    content = dump(merged.data, leading_comments(existing_text)).encode("utf-8")
    if len(content) > MAX_BYTES:
        raise CampaignProblem([too_big_message(len(content), merged.data, display)], 2)
    if options.dry_run:
        return
    problems = write_atomic(target, content, _checker_for(campaign, display), on_replaced=result.mark_written)
    result.timings["write"] = time.perf_counter() - clock
    if problems:
        result.issues += [Issue(0, path.name, p.field, f"Kết quả không hợp lệ, không ghi: {p}") for p in problems]


def rough_size(data: dict) -> int:
    """About the bytes honorees.yml will take (within a few percent): each field's name and value."""
    size = 0
    for record in data.get("decisions", []) + data.get("honorees", []):
        size += 2 + sum(len(key) + 4 + len(str(value).encode("utf-8")) for key, value in record.items())
    return size


def too_big_message(size: int, data: dict, display: str) -> str:
    """The merged list does not fit one honorees.yml: say how far, and what to do instead."""
    count = len(data.get("honorees", []))
    fits = int(MAX_BYTES / (size / max(count, 1)))
    citations = sum(len(h.get("citation", "").encode("utf-8")) for h in data.get("honorees", []))
    message = (f"Sau khi nhập, {display} sẽ nặng {size_text(size)} ({count_text(count)} mục), quá giới hạn "
               f"{size_text(MAX_BYTES)} của một tệp, nên không ghi gì ({display} giữ nguyên). Với các mục dài như "
               f"danh sách này, một phong trào chứa được khoảng {count_text(fits)} mục; bỏ qua dòng lỗi cũng không "
               "giúp được. Hãy tách danh sách thành nhiều phong trào (ví dụ mỗi đợt, mỗi khối hoặc mỗi cấp khen một "
               "phong trào, tạo bằng 'scripts/portal new MÃ'), rồi nhập phần tương ứng vào từng phong trào.")
    if citations * 10 >= size * 3:
        message += (f" Cột 'Tóm tắt thành tích' chiếm {round(100 * citations / size)}% dung lượng: rút gọn cột này "
                    "cũng làm danh sách nhỏ đi nhiều.")
    return message


def _campaign(campaign_id: str, root: Path) -> tuple[Campaign, Path]:
    if not is_safe_slug(campaign_id):
        raise CampaignProblem([f"Mã phong trào '{campaign_id}' không hợp lệ (chỉ chữ thường không dấu, số, gạch nối)."], 2)
    folder = root / campaign_id
    if not (folder / "campaign.yml").is_file():
        raise CampaignProblem([f"Không tìm thấy phong trào '{campaign_id}' (thiếu {folder / 'campaign.yml'})."], 2)
    campaign, problems = load_campaign(folder, root)
    errors = [p for p in problems if p.severity == "error"]
    if _only_comments(folder / HONOREES_FILE):  # a fresh file with just its header: nothing to keep yet
        errors = [p for p in errors if not p.file.endswith(f"/{HONOREES_FILE}")]
    if campaign is None or errors:
        raise CampaignProblem([str(p) for p in errors] + [f"Hãy sửa lỗi của phong trào '{campaign_id}' trước khi nhập."], 1)
    return campaign, folder


def _only_comments(path: Path) -> bool:
    if not path.is_file():
        return False
    lines = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    return all(not line.strip() or line.lstrip().startswith("#") for line in lines)


def _parse_tables(tables: list[Table], campaign: Campaign, options: Options, result: Result,
                  file_name: str) -> list[ImportRow]:
    rows: list[ImportRow] = []
    headed = 0
    for table in tables:
        if not any(cell_text(v) for _, values in table.rows for v in values):
            if options.sheet or len(tables) == 1:
                raise UnusableFile(f"Tệp '{file_name}' không có dữ liệu (trang '{table.sheet}' trống).")
            continue
        header = find_header(table)
        if header is None:
            if options.sheet or len(tables) == 1:
                raise UnusableFile(_no_header_message(file_name, table.sheet))
            result.issues.append(Issue(0, table.sheet, "", "Bỏ qua trang này: không thấy dòng tiêu đề cột.", "warning"))
            continue
        if "name" not in header.columns:
            raise UnusableFile(f"Trang '{table.sheet}' của tệp '{file_name}': dòng tiêu đề (dòng {header.row}) không có "
                               "cột 'Họ và tên' hoặc 'Tên tập thể'.")
        headed += 1
        found_rows, issues = parse_table(table, header, campaign, options.convert_legacy)
        rows += found_rows
        result.issues += issues
    if not headed:
        raise UnusableFile(_no_header_message(file_name, ", ".join(t.sheet for t in tables)))
    if not rows and not result.errors:
        raise UnusableFile(f"Tệp '{file_name}' có dòng tiêu đề nhưng không có dòng dữ liệu nào để nhập.")
    return rows


def _no_header_message(file_name: str, sheet: str) -> str:
    return (f"Không tìm thấy dòng tiêu đề cột trong {HEADER_SEARCH_ROWS} dòng đầu của tệp '{file_name}' "
            f"(trang '{sheet}'). Cần ít nhất hai cột như: STT, Họ và tên, Chức vụ, Đơn vị, Hình thức khen thưởng, "
            "Số quyết định, Ngày quyết định.")
