"""`scripts/portal import FILE --campaign ID`: honoree lists from Excel (.xlsx) or CSV into
`campaigns/<id>/honorees.yml`.

The way in, one step per module (pipeline.import_file runs them in this order):
  1. sheets: read the file into tables of raw cell values (xlsx: package checks the zip, then
     xlsx reads every visible sheet, or --sheet, row by row; csv: csvfile, one table, UTF-8 or a
     detected Windows code page), never more than limits allows;
  2. header: find the header row and map its columns to fields;
  3. rows: turn each data row into an ImportRow, or into problems for that row (sheet and row
     number as Excel shows them, a Vietnamese sentence);
  4. merging: check decisions across rows, merge with the existing file (no duplicates;
     corrected rows update their record, keeping its id);
  5. write: write all or nothing: a temp file in the campaign folder, checked exactly as the
     build reads it (schema + rules), fsync, os.replace.
Around them: records (the shared dataclasses: Table, ImportRow, Issue, Options, Result),
lock (one writing import per campaign at a time, from step 4 to the end), command (arguments,
exit code, the text or JSON report) and failures (what the system's errors and Ctrl-C say). The
import benchmark (`portal bench-import`) is scripts/benchmarks/importer.py.

Matching an existing record: (type, name, unit, award) first, else (type, name, decision
number); a matched record takes the row's non-empty fields and keeps its id. If nothing
changes, the file is not rewritten (hand formatting stays). Otherwise the file is written in
one style (block YAML, schema field order) keeping its leading comment block; comments further
down are not kept.

Exit codes: 0 done; 1 rows or data in error (also with --skip-invalid, after writing the valid
rows), or the disk could not be written; 2 the file or the campaign cannot be used (the result
would be over 3 MB included); 130 stopped by Ctrl-C. `--json` prints
{"valid": [records with sheet and row], "errors": [{row, sheet, field, message}], "warnings": [...]}.
"""
# The package's public names, as `importer.NAME` (cli.py, the tests), by module.
from .command import add_arguments, run
from .header import (FIELD_TITLES, HEADER_SEARCH_ROWS, HEADER_VARIANTS, SUB_HEADERS, Header, find_header,
                     header_key)
from .merging import Merge, check_rows, merge, record_key, same_content
from .limits import MAX_CELLS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_MEMBERS, MAX_PART_BYTES, MAX_ROWS, MAX_TOTAL_BYTES
from .lock import LOCK_WAIT_SECONDS, campaign_lock
from .records import (COLLECTIVE, PERSON, CampaignProblem, ImportRow, Issue, Options, Result, Table,
                      UnusableFile, Unreadable, cell_text)
from .pipeline import import_file
from .rows import (FIRST_YEAR, LAST_YEAR, MAX_LEN, POSITION_WORDS, SURNAMES, UNIT_WORDS, SheetContext,
                   award_forms, award_key, looks_like_person, one_line, paragraphs, parse_date, parse_row,
                   parse_table)
from .rows import _split_position_unit  # noqa: F401 (tests/test_importer.py checks it directly)
from .sheets import CSV_SUFFIXES, XLSX_SUFFIXES, decode_csv, read_csv, read_tables, read_xlsx, sniff
from .write import FOLD_AT, SCHEMA_LINE, dump, leading_comments, read_existing, write_atomic

__all__ = [
    "add_arguments", "run",
    "FIELD_TITLES", "HEADER_SEARCH_ROWS", "HEADER_VARIANTS", "SUB_HEADERS", "Header", "find_header", "header_key",
    "Merge", "check_rows", "merge", "record_key", "same_content",
    "MAX_CELLS", "MAX_COLUMNS", "MAX_FILE_BYTES", "MAX_MEMBERS", "MAX_PART_BYTES", "MAX_ROWS", "MAX_TOTAL_BYTES",
    "LOCK_WAIT_SECONDS", "campaign_lock",
    "COLLECTIVE", "PERSON", "CampaignProblem", "ImportRow", "Issue", "Options", "Result", "Table", "UnusableFile",
    "Unreadable", "cell_text", "import_file",
    "FIRST_YEAR", "LAST_YEAR", "MAX_LEN", "POSITION_WORDS", "SURNAMES", "UNIT_WORDS", "SheetContext",
    "award_forms", "award_key", "looks_like_person", "one_line", "paragraphs",
    "parse_date", "parse_row", "parse_table",
    "CSV_SUFFIXES", "XLSX_SUFFIXES", "decode_csv", "read_csv", "read_tables", "read_xlsx", "sniff",
    "FOLD_AT", "SCHEMA_LINE", "dump", "leading_comments", "read_existing", "write_atomic",
]
