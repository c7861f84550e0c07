"""How much of a file the importer reads at most, and how it words the numbers.

One campaign's honorees.yml holds at most 3 MB (load.MAX_BYTES): at 40 bytes or more a record,
fewer than 80,000 honorees. So a list of more than MAX_ROWS rows can never be imported, and
the bounds below are set well above what such a list needs while keeping a hostile file (an
XLSX "zip bomb", a CSV of gigabytes) to a few hundred MB of memory and a few seconds.
"""
from __future__ import annotations

MiB = 1024 * 1024

MAX_FILE_BYTES = 64 * MiB        # the .xlsx or .csv file itself
MAX_MEMBERS = 5_000              # parts in an .xlsx (a 200-sheet workbook has about 450)
MAX_PART_BYTES = 128 * MiB       # one sheet of an .xlsx once decompressed (read row by row)
MAX_STRINGS_BYTES = 32 * MiB     # the shared strings, all kept in memory by openpyxl (a list's text is < 3 MB)
MAX_SHARED_STRINGS = 300_000     # distinct texts in the shared strings (an importable list has < 100,000)
MAX_WHOLE_PART_BYTES = 8 * MiB   # another XML part, which openpyxl reads whole (styles, the list of sheets...)
MAX_CELL_FORMATS = 70_000        # cell formats in the styles (Excel allows 64,000)
MAX_TOTAL_BYTES = 256 * MiB      # all parts of an .xlsx once decompressed
MAX_ROWS = 100_000               # the last row with a value, as Excel numbers it
MAX_COLUMNS = 100                # the last column with a value (A..CV)
MAX_CELLS = 1_000_000            # cells with a value in the whole file, merged cells spread included


def size_text(size: int) -> str:
    """1536 -> '1,5 KB', 3 * MiB -> '3 MB': sizes as a Vietnamese reader writes them."""
    for unit, scale in (("GB", 1024 * MiB), ("MB", MiB), ("KB", 1024)):
        if size >= scale:
            value = size / scale
            text = f"{value:.1f}".rstrip("0").rstrip(".")
            return f"{text.replace('.', ',')} {unit}"
    return f"{size} byte"


def count_text(number: int) -> str:
    """100000 -> '100.000' (Vietnamese thousands separator)."""
    return f"{number:,}".replace(",", ".")
