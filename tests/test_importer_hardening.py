"""`scripts/portal import` against hostile and damaged files, races and failures (issue 16:
items 9, 10 and 15, and the messages a clerk could not act on).

Every file is real: workbooks written by openpyxl, then taken apart and put together again
with zipfile where a case needs a part Excel would not write (a bomb, a lie, a truncation).
Subprocess cases run the real command, with real limits (RLIMIT_AS, RLIMIT_FSIZE), a real
lock held by the test, a real SIGINT and a real full file system.
"""
from __future__ import annotations

import errno
import fcntl
import io
import os
import resource
import shutil
import signal
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from test_importer import (CID, FORMS, HEADER, ROW_AN, ROW_BINH, honorees_path, loaded, make_campaign, run,
                           run_json, simple_sheet, write_csv, write_xlsx)
from thidua import importer
from thidua.importer import failures, limits

ROOT = Path(__file__).resolve().parents[1]
PORTAL = ROOT / "scripts" / "portal"
SHEET_PART = "xl/worksheets/sheet1.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


# --- helpers: zip surgery on real workbooks ------------------------------------------------------

def rebuild(source: Path, target: Path, replace: dict | None = None, drop: set[str] = frozenset(),
            add: dict | None = None, level: int = 6) -> Path:
    """Copy a workbook part by part; `replace`/`add` map a part to bytes or to an iterable of chunks."""
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            _write_part(dst, info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, content in add.items():
            _write_part(dst, name, content)
    return target


def _write_part(archive: zipfile.ZipFile, name: str, content) -> None:
    if isinstance(content, bytes):
        archive.writestr(name, content)
        return
    with archive.open(name, "w", force_zip64=True) as handle:
        for chunk in content:
            handle.write(chunk)


def sheet_xml(rows_xml: bytes | str, extra: str = "") -> bytes:
    body = rows_xml.decode() if isinstance(rows_xml, bytes) else rows_xml
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}"><sheetData>{body}</sheetData>'
            f'{extra}</worksheet>').encode()


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row() -> str:
    cells = "".join(text_cell(f"{chr(65 + i)}1", title) for i, title in enumerate(HEADER[:5]))
    return f'<row r="1">{cells}</row>'


def person_row(number: int, name: str = "Nguyễn Văn An") -> str:
    values = [str(number), name, "Chuyên viên", "Văn phòng Sở", FORMS[1]]
    cells = "".join(text_cell(f"{chr(65 + i)}{number}", v) for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def base_workbook(tmp_path: Path) -> Path:
    """A real one-sheet workbook ('Danh sách') to take apart."""
    return simple_sheet(tmp_path / "goc.xlsx", [ROW_AN])


def set_declared_size(path: Path, member: str, size: int) -> None:
    """Make the zip's local and central headers declare `size` bytes for `member` (a lie)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    struct.pack_into("<I", data, info.header_offset + 22, size)
    name = member.encode()
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46:at + 46 + length]) == name:
            struct.pack_into("<I", data, at + 24, size)
            break
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


def portal(*args: str, limit_as: int | None = None, limit_fsize: int | None = None, **kwargs) -> subprocess.Popen:
    def limits_then_exec():
        # Ctrl-C as at a terminal, even when the tests run in a background job (which starts with
        # SIGINT ignored, and Python then installs no KeyboardInterrupt for it).
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if limit_as:
            resource.setrlimit(resource.RLIMIT_AS, (limit_as, limit_as))
        if limit_fsize:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_fsize, limit_fsize))

    return subprocess.Popen([str(PORTAL), "import", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=limits_then_exec, cwd=ROOT, **kwargs)


def import_args(tmp_path: Path, file: Path, *extra: str) -> list[str]:
    return [str(file), "--campaign", CID, "--root", str(tmp_path / "campaigns"), *extra]


# --- item 9: bounded reading ------------------------------------------------------------------------

def bomb_sheet(total: int, chunk: int = 1 << 20):
    """A sheet part of `total` bytes, nearly all XML white space: deflate makes almost nothing of it."""
    head, tail = sheet_xml(header_row()).split(b"</sheetData>")
    yield head
    for _ in range(total // chunk):
        yield b" " * chunk
    yield b"</sheetData>" + tail


def test_xlsx_bomb_is_refused_from_its_declared_size_fast_and_small(tmp_path):
    make_campaign(tmp_path)
    bomb = rebuild(base_workbook(tmp_path), tmp_path / "bom.xlsx", level=1,
                   replace={SHEET_PART: bomb_sheet(limits.MAX_PART_BYTES + limits.MiB)})
    assert bomb.stat().st_size < 2 * limits.MiB
    clock = time.monotonic()
    process = portal(*import_args(tmp_path, bomb, "--dry-run"), limit_as=1024 * limits.MiB)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 2, err
    assert time.monotonic() - clock < 10
    assert "Traceback" not in err and "MemoryError" not in err
    assert (f"bom.xlsx: lỗi: Tệp 'bom.xlsx': phần '{SHEET_PART}' (trang 'Danh sách') ghi rằng khi giải nén dài 129 MB, "
            "quá giới hạn 128 MB") in err
    assert "hãy chép riêng các dòng và cột cần nhập sang một tệp Excel mới" in err


def test_a_part_that_inflates_beyond_its_declared_size_is_refused(tmp_path):
    make_campaign(tmp_path)
    rows = header_row() + "".join(person_row(n, f"Nguyễn Văn An {n}") for n in range(2, 2000))
    liar = rebuild(base_workbook(tmp_path), tmp_path / "lech.xlsx", replace={SHEET_PART: sheet_xml(rows)})
    set_declared_size(liar, SHEET_PART, 1000)
    code, data = run_json(tmp_path, liar)
    assert code == 2
    message = data["errors"][0]["message"]
    assert message.startswith(f"Không mở được tệp 'lech.xlsx' như bảng tính Excel (.xlsx): tệp bị hỏng, phần "
                              f"'{SHEET_PART}' (trang 'Danh sách') bị sai lệch dữ liệu (mã kiểm tra CRC không khớp)")
    assert "Hãy mở tệp bằng Excel" in message


def test_parts_adding_up_beyond_the_total_are_refused(tmp_path):
    make_campaign(tmp_path)
    each = limits.MAX_WHOLE_PART_BYTES - limits.MiB  # under every per-part limit
    parts = {f"customXml/item{i}.xml": (c for c in [b"<a>", *(b" " * limits.MiB for _ in range(each // limits.MiB)),
                                                   b"</a>"])
             for i in range(limits.MAX_TOTAL_BYTES // each + 1)}
    heavy = rebuild(base_workbook(tmp_path), tmp_path / "nang.xlsx", add=parts, level=1)
    code, data = run_json(tmp_path, heavy)
    assert code == 2
    assert "các phần của tệp khi giải nén dài tổng cộng" in data["errors"][0]["message"]
    assert "quá giới hạn 256 MB" in data["errors"][0]["message"]


def repeated(head: bytes, item: bytes, count: int, tail: bytes, batch: int = 4096):
    yield head
    for _ in range(count // batch + 1):
        yield item * batch
    yield tail


def test_too_many_shared_strings_are_refused_before_openpyxl_makes_them(tmp_path):
    """A 200 KB file of 2.5 million empty shared strings took openpyxl 43 s to read."""
    make_campaign(tmp_path)
    base = base_workbook(tmp_path)
    with zipfile.ZipFile(base) as archive:
        types = archive.read("[Content_Types].xml").replace(b"</Types>", (
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            b'spreadsheetml.sharedStrings+xml"/></Types>'))
        rels = archive.read("xl/_rels/workbook.xml.rels").replace(b"</Relationships>", (
            b'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/sharedStrings"/></Relationships>'))
    strings = repeated(f'<sst xmlns="{MAIN_NS}">'.encode(), b"<si><t/></si>", limits.MAX_SHARED_STRINGS, b"</sst>")
    path = rebuild(base, tmp_path / "chuoi.xlsx", add={"xl/sharedStrings.xml": strings},
                   replace={"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels})
    clock = time.monotonic()
    code, data = run_json(tmp_path, path)
    assert code == 2
    assert data["errors"][0]["message"].startswith(
        "Tệp 'chuoi.xlsx': phần 'xl/sharedStrings.xml' có hơn 300.000 đoạn chữ khác nhau")
    assert time.monotonic() - clock < 10


def test_too_many_cell_formats_are_refused(tmp_path):
    make_campaign(tmp_path)
    base = base_workbook(tmp_path)
    with zipfile.ZipFile(base) as archive:
        head, _, rest = archive.read("xl/styles.xml").partition(b"<cellXfs")
    styles = repeated(head + b'<cellXfs count="1">', b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>',
                      limits.MAX_CELL_FORMATS, b"</cellXfs>" + rest.partition(b"</cellXfs>")[2])
    path = rebuild(base, tmp_path / "kieu.xlsx", replace={"xl/styles.xml": styles})
    code, data = run_json(tmp_path, path)
    assert code == 2
    assert data["errors"][0]["message"].startswith("Tệp 'kieu.xlsx': phần 'xl/styles.xml' có hơn 70.000 kiểu định "
                                                   "dạng ô")


def test_a_zip_of_too_many_parts_is_refused_before_it_is_opened(tmp_path):
    make_campaign(tmp_path)
    many = rebuild(base_workbook(tmp_path), tmp_path / "nhieu.xlsx",
                   add={f"xl/media/trong{i}.bin": b"" for i in range(limits.MAX_MEMBERS)})
    code, data = run_json(tmp_path, many)
    assert code == 2
    assert data["errors"][0]["message"].startswith("Tệp 'nhieu.xlsx': tệp nén gồm 5.009 phần, quá giới hạn 5.000 phần")


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    make_campaign(tmp_path)
    big = tmp_path / "lon.csv"
    with big.open("wb") as handle:
        handle.write(b"STT,")
        handle.truncate(limits.MAX_FILE_BYTES + limits.MiB)
    code, data = run_json(tmp_path, big)
    assert code == 2
    assert data["errors"][0]["message"].startswith("Tệp 'lon.csv' nặng 65 MB, quá giới hạn 64 MB")


def test_a_value_past_the_row_limit_stops_the_reading_there(tmp_path):
    make_campaign(tmp_path)
    last = limits.MAX_ROWS + 1
    rows = header_row() + person_row(2) + f'<row r="{last}">{text_cell(f"B{last}", "x")}</row>'
    far = rebuild(base_workbook(tmp_path), tmp_path / "dai.xlsx", replace={SHEET_PART: sheet_xml(rows)})
    code, data = run_json(tmp_path, far)
    assert code == 2
    assert data["errors"][0]["message"].startswith(
        "Trang 'Danh sách' của tệp 'dai.xlsx' có dữ liệu ở dòng 100.001 (ô B100001), quá giới hạn 100.000 dòng")


def test_a_value_beyond_the_column_limit_is_refused_with_its_cell(tmp_path):
    make_campaign(tmp_path)
    rows = header_row() + person_row(2).replace("</row>", text_cell("XFD2", "x") + "</row>")
    wide = rebuild(base_workbook(tmp_path), tmp_path / "rong.xlsx", replace={SHEET_PART: sheet_xml(rows)})
    code, data = run_json(tmp_path, wide)
    assert code == 2
    assert data["errors"][0]["message"].startswith(
        "Trang 'Danh sách' của tệp 'rong.xlsx': ô XFD2 có dữ liệu nhưng nằm ngoài 100 cột đầu (A đến CV)")


def test_merged_cells_count_towards_the_cell_limit(tmp_path):
    make_campaign(tmp_path)
    last = limits.MAX_ROWS
    rows = header_row() + person_row(2) + f'<row r="{last}">{text_cell(f"A{last}", "1")}</row>'
    merges = '<mergeCells count="1"><mergeCell ref="A2:CV100000"/></mergeCells>'
    merged = rebuild(base_workbook(tmp_path), tmp_path / "gop.xlsx", replace={SHEET_PART: sheet_xml(rows, merges)})
    clock = time.monotonic()
    code, data = run_json(tmp_path, merged)
    assert code == 2
    assert data["errors"][0]["message"].startswith("Tệp 'gop.xlsx' có hơn 1.000.000 ô có dữ liệu (đến trang "
                                                   "'Danh sách', dòng")
    assert time.monotonic() - clock < 20


def test_csv_past_the_row_limit_is_refused(tmp_path):
    make_campaign(tmp_path)
    path = tmp_path / "dai.csv"
    path.write_text("STT,Họ và tên,Hình thức khen thưởng\n" + "\n" * limits.MAX_ROWS + "1,Nguyễn Văn An,Giấy khen\n",
                    encoding="utf-8")
    code, data = run_json(tmp_path, path)
    assert code == 2
    assert data["errors"][0]["message"].startswith("Tệp 'dai.csv' có dữ liệu ở dòng 100.002, quá giới hạn 100.000 dòng")


def test_an_ordinary_workbook_reads_as_before(tmp_path):
    """The bounded reader keeps what openpyxl's reader gave: dates, numbers, merges down, row numbers."""
    make_campaign(tmp_path)
    rows = [["DANH SÁCH"], HEADER, ROW_AN, [2, "Trần Thị Bình", "Chuyên viên", None, FORMS[1], "12/QĐ-SNV", None],
            [], [3, "Lê Văn Cường", "Chuyên viên", None, FORMS[1], "12/QĐ-SNV", None]]
    sheet = write_xlsx(tmp_path / "ds.xlsx", {"Danh sách": rows}, {"Danh sách": ["D3:D6"]})
    code, data = run_json(tmp_path, sheet)
    assert code == 0, data
    assert [(r["row"], r["name"], r.get("unit")) for r in data["valid"]] == [
        (3, "Nguyễn Văn An", "Phòng Tổ chức biên chế"), (4, "Trần Thị Bình", "Phòng Tổ chức biên chế"),
        (6, "Lê Văn Cường", "Phòng Tổ chức biên chế")]


# --- item 10: one import per campaign at a time ---------------------------------------------------

def people_sheet(path: Path, family: str, count: int) -> Path:
    rows = [[i + 1, f"{family} Văn {_given(i)}", "Chuyên viên", f"Phòng {i % 9 + 1}", FORMS[1], "12/QĐ-SNV",
             "15/08/2025"] for i in range(count)]
    return simple_sheet(path, rows)


def _given(number: int) -> str:
    out = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out


def test_two_imports_into_one_campaign_at_once_lose_nothing(tmp_path):
    make_campaign(tmp_path)
    first = people_sheet(tmp_path / "a.xlsx", "Nguyễn", 300)
    second = people_sheet(tmp_path / "b.xlsx", "Trần", 300)
    processes = [portal(*import_args(tmp_path, sheet)) for sheet in (first, second)]
    outcomes = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outcomes
    assert all("Đã nhập 300 dòng" in out for out, _ in outcomes)
    names = [h.name for h in loaded(tmp_path).honorees]
    assert len(names) == 600 and len(set(names)) == 600


def test_a_second_import_waits_for_the_first_and_says_so(tmp_path):
    folder = make_campaign(tmp_path)
    sheet = simple_sheet(tmp_path / "a.xlsx", [ROW_AN, ROW_BINH])
    held = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)  # what a first import holds while it writes
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        process = portal(*import_args(tmp_path, sheet))
        line = process.stderr.readline()
        assert "a.xlsx: lưu ý: Đang có một lệnh nhập khác ghi vào phong trào 'thi-dua-2025'; chờ lệnh đó xong" in line
        time.sleep(0.5)
        assert process.poll() is None and not honorees_path(tmp_path).exists()
    finally:
        os.close(held)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "Đã nhập 2 dòng" in out
    assert [h.name for h in loaded(tmp_path).honorees] == ["Nguyễn Văn An", "Trần Thị Bình"]


def test_waiting_too_long_for_another_import_is_refused(tmp_path):
    folder = make_campaign(tmp_path)
    told = []
    with importer.campaign_lock(folder, CID):
        with pytest.raises(importer.CampaignProblem) as raised:
            with importer.campaign_lock(folder, CID, told.append, wait=0.3):
                pass
    assert raised.value.code == 2
    assert raised.value.messages == ["Lệnh nhập khác vào phong trào 'thi-dua-2025' vẫn chưa xong sau 0 giây; không "
                                     "nhập gì. Hãy chờ lệnh kia xong (hoặc kiểm tra xem có ai đang nhập) rồi chạy lại."]
    assert len(told) == 1
    with importer.campaign_lock(folder, CID, told.append, wait=0.3):  # released: taken at once
        pass
    assert len(told) == 1
    assert sorted(p.name for p in folder.iterdir()) == ["campaign.yml"]  # no lock file left behind


# --- item 15: hidden sheets, rows and columns -----------------------------------------------------

def hidden_workbook(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    visible = workbook.active
    visible.title = "Danh sách"
    for row in [["DANH SÁCH"], HEADER, ROW_AN, ROW_BINH,
                [3, "Lê Văn Cường", "Chuyên viên", "Văn phòng Sở", FORMS[1], "12/QĐ-SNV", "15/08/2025"],
                [4, "Phạm Thị Dung", "Chuyên viên", "Văn phòng Sở", FORMS[1], "12/QĐ-SNV", "15/08/2025"]]:
        visible.append(row)
    visible.row_dimensions[4].hidden = True   # Trần Thị Bình
    visible.row_dimensions[6].hidden = True   # Phạm Thị Dung
    visible.column_dimensions["H"].hidden = True
    old = workbook.create_sheet("Nháp")
    old.sheet_state = "hidden"
    for row in [HEADER, [1, "Đỗ Văn Nháp", "Chuyên viên", "Văn phòng Sở", FORMS[1], "12/QĐ-SNV", "15/08/2025"]]:
        old.append(row)
    workbook.save(path)
    return path


def test_hidden_sheets_and_rows_are_skipped_and_named(tmp_path):
    make_campaign(tmp_path)
    code, out, err = run(tmp_path, hidden_workbook(tmp_path / "an.xlsx"))
    assert code == 0, err
    assert [h.name for h in loaded(tmp_path).honorees] == ["Nguyễn Văn An", "Lê Văn Cường"]
    assert ("an.xlsx: trang 'Danh sách': lưu ý: Bỏ qua 2 dòng đang bị ẩn trong Excel (ẩn, lọc hoặc thu gọn nhóm) có "
            "dữ liệu: dòng 4, 6. Nếu cần nhập các dòng này, hãy bỏ ẩn hoặc bỏ lọc trong Excel rồi lưu lại, hoặc chạy "
            "lại với --include-hidden.") in err
    assert ("an.xlsx: trang 'Nháp': lưu ý: Trang này đang bị ẩn trong Excel nên không được nhập. Nếu trang này cũng "
            "là danh sách cần nhập, hãy bỏ ẩn trang trong Excel") in err
    assert ("an.xlsx: trang 'Danh sách', dòng 2: lưu ý [citation]: Cột 'Tóm tắt thành tích' (cột H) đang bị ẩn trong "
            "Excel; vẫn được nhập.") in err


def test_include_hidden_imports_them_and_says_so(tmp_path):
    make_campaign(tmp_path)
    code, data = run_json(tmp_path, hidden_workbook(tmp_path / "an.xlsx"), "--include-hidden")
    assert code == 0, data
    assert [(r["sheet"], r["row"]) for r in data["valid"]] == [
        ("Danh sách", 3), ("Danh sách", 4), ("Danh sách", 5), ("Danh sách", 6), ("Nháp", 2)]
    notes = [w["message"] for w in data["warnings"]]
    assert "Đã nhập cả 2 dòng đang bị ẩn trong Excel (ẩn, lọc hoặc thu gọn nhóm) có dữ liệu: dòng 4, 6 " \
           "(--include-hidden)." in notes
    assert "Trang này đang bị ẩn trong Excel; vẫn nhập vì có --include-hidden." in notes


def test_a_hidden_sheet_named_with_sheet_is_imported_with_a_note(tmp_path):
    make_campaign(tmp_path)
    code, data = run_json(tmp_path, hidden_workbook(tmp_path / "an.xlsx"), "--sheet", "Nháp")
    assert code == 0, data
    assert [r["name"] for r in data["valid"]] == ["Đỗ Văn Nháp"]
    assert data["warnings"][0] == {"row": 0, "sheet": "Nháp", "field": "",
                                   "message": "Trang này đang bị ẩn trong Excel; vẫn nhập vì được chọn bằng --sheet."}


def test_a_workbook_whose_only_list_is_hidden_says_how_to_import_it(tmp_path):
    make_campaign(tmp_path)
    workbook = openpyxl.Workbook()
    workbook.active.title = "Bìa"
    workbook.active.append(["Báo cáo"])
    hidden = workbook.create_sheet("Danh sách")
    hidden.sheet_state = "veryHidden"
    hidden.append(HEADER)
    hidden.append(ROW_AN)
    workbook.save(tmp_path / "an.xlsx")
    code, _, err = run(tmp_path, tmp_path / "an.xlsx")
    assert code == 2
    assert "trang 'Danh sách': lưu ý: Trang này bị ẩn sâu (chỉ bỏ ẩn được bằng VBA) trong Excel nên không được nhập" in err
    assert "lỗi: Không tìm thấy dòng tiêu đề cột" in err  # the visible cover sheet has none
    assert run(tmp_path, tmp_path / "an.xlsx", "--include-hidden")[0] == 0


def test_a_merge_over_a_hidden_row_fills_only_the_visible_rows(tmp_path):
    make_campaign(tmp_path)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [HEADER, [1, "Nguyễn Văn An", "Chuyên viên", "Văn phòng Sở", FORMS[1]],
                [2, "Trần Thị Bình", "Chuyên viên", None, FORMS[1]], [3, "Lê Văn Cường", "Chuyên viên", None, FORMS[1]]]:
        sheet.append(row)
    sheet.merge_cells("D2:D4")
    sheet.row_dimensions[2].hidden = True  # the merge's first row, holding its value
    workbook.save(tmp_path / "gop.xlsx")
    code, data = run_json(tmp_path, tmp_path / "gop.xlsx")
    assert code == 0, data
    assert [(r["row"], r["name"], r["unit"]) for r in data["valid"]] == [
        (3, "Trần Thị Bình", "Văn phòng Sở"), (4, "Lê Văn Cường", "Văn phòng Sở")]


def test_a_chart_sheet_is_passed_over_with_a_note(tmp_path):
    from openpyxl.chart import BarChart, Reference

    make_campaign(tmp_path)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    for row in [HEADER, ROW_AN]:
        sheet.append(row)
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=1, min_row=1, max_row=2))
    workbook.create_chartsheet("Biểu đồ").add_chart(chart)
    workbook.save(tmp_path / "bieu-do.xlsx")
    code, data = run_json(tmp_path, tmp_path / "bieu-do.xlsx")
    assert code == 0, data
    assert {"row": 0, "sheet": "Biểu đồ", "field": "",
            "message": "Bỏ qua trang này: là trang biểu đồ hoặc macro, không có ô dữ liệu."} in data["warnings"]


# --- messages: damaged .xlsx -----------------------------------------------------------------------

@pytest.mark.parametrize("surgery, what", [
    ({"drop": {"xl/workbook.xml"}}, "thiếu phần 'xl/workbook.xml' (danh sách các trang tính)"),
    ({"drop": {"[Content_Types].xml"}}, "thiếu phần '[Content_Types].xml' (danh mục các phần của tệp)"),
    ({"drop": {SHEET_PART}}, f"trang 'Danh sách' có trong danh sách trang nhưng không có nội dung (thiếu phần "
                             f"'{SHEET_PART}')"),
    ({"replace": {SHEET_PART: sheet_xml(header_row())[:-40]}},
     f"phần '{SHEET_PART}' (trang 'Danh sách') có nội dung XML sai ở dòng 1, cột"),
    ({"replace": {SHEET_PART: b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + sheet_xml(header_row())[38:]}},
     f"phần '{SHEET_PART}' (trang 'Danh sách') có khai báo DOCTYPE, thứ Excel không bao giờ ghi"),
    ({"replace": {"xl/styles.xml": b"<styleSheet><numFmts>"}}, "phần 'xl/styles.xml' có nội dung XML sai ở dòng 1"),
])
def test_damaged_workbook_parts_are_named(tmp_path, surgery, what):
    make_campaign(tmp_path)
    broken = rebuild(base_workbook(tmp_path), tmp_path / "hong.xlsx", **surgery)
    code, data = run_json(tmp_path, broken)
    assert code == 2
    message = data["errors"][0]["message"]
    assert message.startswith(f"Không mở được tệp 'hong.xlsx' như bảng tính Excel (.xlsx): tệp bị hỏng, {what}"), message
    assert message.endswith("nếu Excel cũng không mở được, hãy xin lại tệp từ nơi gửi.")
    assert "Error" not in message


def test_corrupt_compressed_data_is_named(tmp_path):
    make_campaign(tmp_path)
    path = rebuild(base_workbook(tmp_path), tmp_path / "hong.xlsx", replace={
        SHEET_PART: sheet_xml(header_row() + "".join(person_row(n, f"Nguyễn Văn {n}") for n in range(2, 60)))})
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(SHEET_PART)
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(SHEET_PART)
    for at in range(start + 50, start + 90):
        data[at] ^= 0x5A
    path.write_bytes(bytes(data))
    code, data = run_json(tmp_path, path)
    assert code == 2
    assert data["errors"][0]["message"].startswith(
        f"Không mở được tệp 'hong.xlsx' như bảng tính Excel (.xlsx): tệp bị hỏng, phần '{SHEET_PART}' (trang "
        "'Danh sách') bị sai lệch dữ liệu (")


def test_truncated_workbook_is_named(tmp_path):
    make_campaign(tmp_path)
    whole = base_workbook(tmp_path).read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])
    code, data = run_json(tmp_path, cut)
    assert code == 2
    assert data["errors"][0]["message"].startswith(
        "Không mở được tệp 'cut.xlsx' như bảng tính Excel (.xlsx): tệp bị hỏng, không đọc được như một tệp nén .xlsx "
        "(tệp bị cắt cụt, hoặc bị ghi đè một phần)")


def test_password_protected_workbook_says_so(tmp_path):
    make_campaign(tmp_path)
    locked = tmp_path / "mat-khau.xlsx"
    # an OLE compound file, as Excel writes an encrypted workbook: the stream names are UTF-16
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le")
                       + b"\0" * 512)
    code, data = run_json(tmp_path, locked)
    assert code == 2
    assert data["errors"][0]["message"].startswith("Tệp 'mat-khau.xlsx' được đặt mật khẩu, nên không đọc được.")


# --- messages: formulas without a saved value ------------------------------------------------------

def test_formula_without_a_saved_value_is_named_not_missing(tmp_path):
    make_campaign(tmp_path)
    rows = [["DANH SÁCH"], HEADER, ROW_AN, [2, '=UPPER("Trần Thị Bình")', "Chuyên viên", "Văn phòng Sở", FORMS[1]],
            [3, "Lê Văn Cường", "Chuyên viên", "Văn phòng Sở", "=C5"]]
    code, data = run_json(tmp_path, simple_sheet(tmp_path / "cong-thuc.xlsx", rows[2:]))  # openpyxl saves no results
    assert code == 1
    assert data["errors"] == [
        {"row": 4, "sheet": "Danh sách", "field": "name",
         "message": "Ô B4 (cột 'Họ và tên') chứa công thức '=UPPER(\"Trần Thị Bình\")' nhưng tệp không lưu kết quả "
                    "tính (tệp được tạo bằng phần mềm khác hoặc chưa được tính lại). Hãy mở tệp bằng Excel, nhấn "
                    "Ctrl+Alt+F9 để tính lại, lưu rồi nhập lại; hoặc chép cột đó và dán dạng giá trị (Dán đặc biệt > "
                    "Giá trị)."},
        {"row": 5, "sheet": "Danh sách", "field": "award",
         "message": "Ô E5 (cột 'Hình thức khen thưởng') chứa công thức '=C5' nhưng tệp không lưu kết quả tính (tệp "
                    "được tạo bằng phần mềm khác hoặc chưa được tính lại). Hãy mở tệp bằng Excel, nhấn Ctrl+Alt+F9 để "
                    "tính lại, lưu rồi nhập lại; hoặc chép cột đó và dán dạng giá trị (Dán đặc biệt > Giá trị)."}]


def test_formula_with_a_saved_value_or_an_error_value(tmp_path):
    make_campaign(tmp_path)
    rows = (header_row()
            + '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="str"><f>PROPER("nguyễn văn an")</f><v>Nguyễn Văn An</v>'
              f'</c>{text_cell("E2", FORMS[1])}</row>'
            + '<row r="3"><c r="A3"><v>2</v></c><c r="B3" t="e"><f>VLOOKUP(A3,#REF!,2,0)</f><v>#REF!</v></c>'
              f'{text_cell("E3", FORMS[1])}</row>')
    path = rebuild(base_workbook(tmp_path), tmp_path / "ket-qua.xlsx", replace={SHEET_PART: sheet_xml(rows)})
    code, data = run_json(tmp_path, path)
    assert code == 1
    assert [r["name"] for r in data["valid"]] == ["Nguyễn Văn An"]
    assert data["errors"] == [{"row": 3, "sheet": "Danh sách", "field": "name",
                               "message": "Ô B3 (cột 'Họ và tên') có lỗi công thức #REF! '=VLOOKUP(A3,#REF!,2,0)', "
                                          "không có giá trị để nhập. Hãy sửa công thức hoặc gõ thẳng giá trị vào ô "
                                          "trong Excel, lưu rồi nhập lại."}]


# --- messages: CSV quotes ------------------------------------------------------------------------------

CSV_HEAD = "STT,Họ và tên,Chức vụ,Đơn vị,Hình thức khen thưởng\r\n"


def test_csv_quote_left_open_reports_the_row_and_loses_nothing_silently(tmp_path):
    make_campaign(tmp_path)
    path = tmp_path / "ngoac.csv"
    path.write_text(CSV_HEAD
                    + f'1,Nguyễn Văn An,Chuyên viên,Văn phòng Sở,{FORMS[1]}\r\n'
                    + f'2,"Trần Thị Bình,Chuyên viên,Văn phòng Sở,{FORMS[1]}\r\n'
                    + f'3,Lê Văn Cường,Chuyên viên,Văn phòng Sở,{FORMS[1]}\r\n'
                    + f'4,"Phạm Thị Dung",Chuyên viên,Văn phòng Sở,{FORMS[1]}\r\n'
                    + f'5,Đỗ Văn Em,Chuyên viên,Văn phòng Sở,{FORMS[1]}\r\n', encoding="utf-8")
    code, data = run_json(tmp_path, path)
    assert code == 1
    assert data["errors"] == [{"row": 3, "sheet": "ngoac.csv", "field": "name", "message": (
        "Ô 'Họ và tên' mở dấu ngoặc kép (\") mà không đóng đúng chỗ, nên các dòng tiếp theo (dòng 4–5 khi mở tệp bằng "
        "Notepad) bị gộp vào ô này và sẽ bị mất: 'Trần Thị Bình,Chuyên viên,Văn phòng Sở,Giấy khen của Giám đốc Sở "
        "Nội vụ 3,Lê…'. Hãy mở tệp bằng Notepad, sửa dấu \" ở dòng 3 (xóa đi, hoặc thêm dấu \" đóng ở cuối ô), "
        "lưu rồi nhập lại.")}]
    assert [r["name"] for r in data["valid"]] == ["Nguyễn Văn An", "Đỗ Văn Em"]
    code, _, err = run(tmp_path, path, "--skip-invalid")
    assert code == 1 and "dòng 3: lỗi [name]: Ô 'Họ và tên' mở dấu ngoặc kép" in err
    assert [h.name for h in loaded(tmp_path).honorees] == ["Nguyễn Văn An", "Đỗ Văn Em"]


def test_csv_quote_open_until_the_end_of_the_file(tmp_path):
    make_campaign(tmp_path)
    path = tmp_path / "cuoi.csv"
    path.write_text(CSV_HEAD + f'1,Nguyễn Văn An,Chuyên viên,Văn phòng Sở,{FORMS[1]}\r\n'
                    + f'2,Trần Thị Bình,"Chuyên viên,Văn phòng Sở,{FORMS[1]}', encoding="utf-8")
    code, data = run_json(tmp_path, path)
    assert code == 1
    assert data["errors"] == [{"row": 3, "sheet": "cuoi.csv", "field": "", "message": (
        "Dấu ngoặc kép (\") mở ở dòng này không được đóng, nên ô đó kéo dài đến hết tệp. Hãy mở tệp bằng Notepad, "
        "sửa dấu \" ở dòng 3 (xóa đi, hoặc thêm dấu \" đóng ở cuối ô), lưu rồi nhập lại.")}]


def test_csv_quote_swallowing_the_rest_of_a_big_file(tmp_path):
    make_campaign(tmp_path)
    rows = "".join(f"{n},Nguyễn Văn {n},Chuyên viên,Văn phòng Sở,{FORMS[1]}\r\n" for n in range(2, 4000))
    path = tmp_path / "nuot.csv"
    path.write_text(CSV_HEAD + f'1,"Nguyễn Văn An,Chuyên viên,Văn phòng Sở,{FORMS[1]}\r\n' + rows, encoding="utf-8")
    code, data = run_json(tmp_path, path)
    assert code == 2
    assert data["errors"][0]["message"] == (
        "Tệp 'nuot.csv': từ dòng 2 (đánh số như Notepad), một ô dài hơn 131.072 ký tự, gần như chắc chắn do một dấu "
        "ngoặc kép (\") mở mà không đóng, khiến các dòng sau bị gộp vào ô đó. Hãy mở tệp bằng Notepad, sửa dấu \" ở "
        "dòng 2 (xóa đi, hoặc thêm dấu \" đóng ở cuối ô), lưu rồi nhập lại.")


def test_csv_multi_line_citations_are_not_mistaken_for_open_quotes(tmp_path):
    make_campaign(tmp_path)
    citation = "Hoàn thành xuất sắc nhiệm vụ, có sáng kiến.\n\nĐạt Lao động tiên tiến, được tặng Giấy khen, năm 2024."
    path = write_csv(tmp_path / "dong.csv", [HEADER, ROW_AN[:7] + [citation], ROW_BINH])
    code, data = run_json(tmp_path, path)
    assert code == 0, data
    assert [r["name"] for r in data["valid"]] == ["Nguyễn Văn An", "Trần Thị Bình"]


# --- messages: paths, size of the result, the system ----------------------------------------------

def test_an_import_path_that_is_a_folder(tmp_path):
    make_campaign(tmp_path)
    folder = tmp_path / "danh-sach"
    folder.mkdir()
    simple_sheet(folder / "dot-1.xlsx", [ROW_AN])
    code, _, err = run(tmp_path, folder)
    assert code == 2
    assert (f"danh-sach: lỗi: '{folder.as_posix()}' là một thư mục, không phải tệp. Hãy ghi đường dẫn tới tệp Excel "
            f"(.xlsx) hoặc CSV (.csv) cần nhập. Trong thư mục có: dot-1.xlsx; ví dụ: '{folder.as_posix()}/dot-1.xlsx'.") in err
    assert "Không tìm thấy" not in err


def big_list(path: Path, count: int) -> Path:
    citation = "Hoàn thành xuất sắc nhiệm vụ được giao, có nhiều sáng kiến cải tiến trong công tác chuyên môn. " * 3
    rows = [HEADER] + [[i + 1, f"Nguyễn Văn {_given(i)}", "Chuyên viên", f"Phòng {i % 30 + 1}", FORMS[1], "12/QĐ-SNV",
                        "15/08/2025", citation] for i in range(count)]
    return write_csv(path, rows)


def test_a_result_over_3_mb_says_the_list_is_too_big_for_one_campaign(tmp_path):
    make_campaign(tmp_path)
    source = big_list(tmp_path / "lon.csv", 6000)  # about 3.2 MB of YAML
    for extra in ((), ("--dry-run",)):
        code, out, err = run(tmp_path, source, *extra)
        assert code == 2, err
        assert "skip-invalid" not in err + out
        assert "lon.csv: lỗi: Sau khi nhập, campaigns/thi-dua-2025/honorees.yml sẽ nặng " in err
        assert "quá giới hạn 3 MB của một tệp, nên không ghi gì" in err
        assert "Hãy tách danh sách thành nhiều phong trào" in err
        assert "Cột 'Tóm tắt thành tích' chiếm" in err
        assert not honorees_path(tmp_path).exists()


def test_a_full_file_system_is_reported_in_vietnamese(tmp_path):
    """A real full disk: a 256 KB tmpfs in a private mount namespace (needs unshare)."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not available")
    campaigns = tmp_path / "campaigns"
    make_campaign(tmp_path)
    mount = tmp_path / "day"
    mount.mkdir()
    source = big_list(tmp_path / "ds.csv", 300)
    script = (f'mount -t tmpfs -o size=256k tmpfs "{mount}" || {{ echo no-mount; exit 0; }}\n'
              f'mkdir "{mount}/{CID}" && cp "{campaigns}/{CID}/campaign.yml" "{mount}/{CID}/"\n'
              f'dd if=/dev/zero of="{mount}/{CID}/.lap" bs=1k count=240 2>/dev/null\n'
              f'"{PORTAL}" import "{source}" --campaign {CID} --root "{mount}"\n'
              f'echo "exit=$?"; ls -A "{mount}/{CID}"\n')
    unprivileged = [] if os.geteuid() == 0 else ["--map-root-user"]
    done = subprocess.run(["unshare", *unprivileged, "--mount", "sh", "-c", script], capture_output=True, text=True,
                          timeout=120)
    if "exit=" not in done.stdout:
        pytest.skip(f"cannot mount a tmpfs here: {done.stdout.strip()} {done.stderr.strip()}")
    assert "exit=1" in done.stdout, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert (f"ds.csv: lỗi: Không ghi được tệp {mount.name}/{CID}/honorees.yml: ổ đĩa đã đầy. Không ghi gì; "
            f"{mount.name}/{CID}/honorees.yml giữ nguyên như trước. Hãy giải phóng chỗ trống") in done.stderr
    assert done.stdout.split("exit=1")[1].split() == [".lap", "campaign.yml"]  # no temp file left


def make_read_only(folder: Path):
    """A folder nobody may write into, root included (immutable), else plain permissions."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)]).returncode:
            pytest.skip("cannot make a folder read-only for root here")
        return lambda: subprocess.run(["chattr", "-i", str(folder)], check=True)
    folder.chmod(0o555)
    return lambda: folder.chmod(0o755)


def test_a_read_only_campaign_folder_is_reported_in_vietnamese(tmp_path):
    folder = make_campaign(tmp_path)
    before = "# yaml-language-server: $schema=../../schemas/honorees.schema.json\nhonorees: []\n"
    (folder / "honorees.yml").write_text(before, encoding="utf-8")
    source = simple_sheet(tmp_path / "ds.xlsx", [ROW_AN])
    undo = make_read_only(folder)
    try:
        process = portal(*import_args(tmp_path, source))
        out, err = process.communicate(timeout=60)
    finally:
        undo()
    assert process.returncode == 1, err
    assert "Traceback" not in err
    assert "ds.xlsx: lỗi: Không ghi được tệp campaigns/thi-dua-2025/honorees.yml: không " in err
    assert "Không ghi gì; campaigns/thi-dua-2025/honorees.yml giữ nguyên như trước." in err
    assert (folder / "honorees.yml").read_text(encoding="utf-8") == before


def test_a_write_past_the_file_size_limit_is_reported_in_vietnamese(tmp_path):
    make_campaign(tmp_path)
    source = big_list(tmp_path / "ds.csv", 200)
    process = portal(*import_args(tmp_path, source), limit_fsize=32 * 1024)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1, err
    assert "Traceback" not in err
    assert ("ds.csv: lỗi: Không ghi được tệp campaigns/thi-dua-2025/honorees.yml: tệp vượt giới hạn kích thước mà hệ "
            "thống cho phép. Không ghi gì;") in err
    assert sorted(p.name for p in honorees_path(tmp_path).parent.iterdir()) == ["campaign.yml"]


def test_ctrl_c_during_an_import_leaves_the_file_untouched(tmp_path):
    folder = make_campaign(tmp_path)
    before = "# yaml-language-server: $schema=../../schemas/honorees.schema.json\nhonorees: []\n"
    (folder / "honorees.yml").write_text(before, encoding="utf-8")
    source = simple_sheet(tmp_path / "ds.xlsx", [ROW_AN, ROW_BINH])
    held = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)  # so that the import is certainly mid-way when Ctrl-C comes
        process = portal(*import_args(tmp_path, source))
        assert "Đang có một lệnh nhập khác" in process.stderr.readline()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        os.close(held)
    assert process.returncode == 130
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert ("ds.xlsx: lỗi: Đã dừng (Ctrl-C) trước khi nhập xong; không ghi gì, campaigns/thi-dua-2025/honorees.yml giữ "
            "nguyên như trước.") in err
    assert (folder / "honorees.yml").read_text(encoding="utf-8") == before
    assert sorted(p.name for p in folder.iterdir()) == ["campaign.yml", "honorees.yml"]


@pytest.mark.parametrize("code, words", [
    (errno.ENOSPC, "ổ đĩa đã đầy"), (errno.EROFS, "thư mục nằm trên ổ chỉ đọc"),
    (errno.EACCES, "không có quyền ghi vào thư mục phong trào"), (errno.EIO, "ổ đĩa báo lỗi khi ghi"),
    (errno.ENOMEM, "lỗi hệ thống (ENOMEM)"),
])
def test_system_errors_are_worded_by_their_code(tmp_path, code, words):
    exc = OSError(code, os.strerror(code), str(tmp_path / "campaigns" / CID / ".honorees.yml.x.tmp"))
    message = failures.os_error_message(exc, tmp_path / "ds.xlsx", "campaigns/x/honorees.yml", written=False)
    assert message.startswith(f"Không ghi được tệp campaigns/x/honorees.yml: {words}. Không ghi gì;")
    assert os.strerror(code) not in message


def test_an_unreadable_source_is_worded_as_a_read(tmp_path):
    source = tmp_path / "ds.xlsx"
    exc = OSError(errno.EACCES, os.strerror(errno.EACCES), str(source))
    assert failures.os_error_message(exc, source, "campaigns/x/honorees.yml", written=False).startswith(
        "Không đọc được tệp 'ds.xlsx': không có quyền đọc tệp. Hãy chép tệp vào thư mục của bạn")
