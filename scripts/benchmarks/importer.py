"""bench(): time an import of a generated list of honorees, and a second import of the same list."""
from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

from thidua.importer.records import Options
from thidua.importer.pipeline import import_file


def bench(rows: int = 5000) -> dict:
    """Build a campaign and an xlsx of `rows` honorees in a temp folder, import it, then import it
    again into the now full campaign (no change expected). Seconds per step, and counts."""
    import openpyxl

    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp) / "campaigns"
        folder = root / "bench"
        folder.mkdir(parents=True)
        forms = ["Bằng khen của Chủ tịch UBND tỉnh", "Giấy khen của Giám đốc Sở Nội vụ"]
        (folder / "campaign.yml").write_text(
            "id: bench\ntitle: Phong trào thử tốc độ\nissuer:\n  name: Sở Nội vụ\nbody:\n- text: Kế hoạch thử.\n"
            "signer:\n  title: GIÁM ĐỐC\n  name: Nguyễn Văn A\nfacts:\n  period:\n    end: 2025-07-31\n  awards:\n"
            + "".join(f"  - name: {f}\n" for f in forms), encoding="utf-8")
        clock = time.perf_counter()
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["DANH SÁCH KHEN THƯỞNG"])
        sheet.append(["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Hình thức khen thưởng", "Số quyết định",
                      "Ngày quyết định", "Tóm tắt thành tích"])
        for i in range(rows):
            sheet.append([i + 1, f"Nguyễn Văn An {_letters(i)}", "Chuyên viên", f"Phòng {i % 40 + 1}, Sở Nội vụ",
                          forms[i % 2], f"{100 + i % 7}/QĐ-SNV", dt.datetime(2025, 8, 1 + i % 7),
                          "Hoàn thành xuất sắc nhiệm vụ được giao năm 2024."])
        source = Path(temp) / "danh-sach.xlsx"
        workbook.save(source)
        built = time.perf_counter() - clock
        clock = time.perf_counter()
        result = import_file(source, "bench", root, Options())
        total = time.perf_counter() - clock
        again = time.perf_counter()
        second = import_file(source, "bench", root, Options())
        reimport = time.perf_counter() - again
    return {"rows": rows, "build_sheet": round(built, 3), **{k: round(v, 3) for k, v in result.timings.items()},
            "import_total": round(total, 3),
            **{f"reimport_{k}": round(v, 3) for k, v in second.timings.items()},
            "reimport_total": round(reimport, 3), "written": result.written,
            "errors": len(result.errors) + len(second.errors), "added": result.added,
            "reimport_unchanged": second.unchanged}


def _letters(number: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA': distinct given names for the benchmark rows."""
    out = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out
