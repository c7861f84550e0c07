"""Machine-readable records of the archive (site/data/*.json): public fields only."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Iterator

from . import export
from .model import Campaign, Honoree
from .status import LABELS, status
from .listing import honoree_path
from .urls import campaign_data_path, campaign_path, unit_path, year_path


def honoree_record(h: Honoree, campaign: Campaign, url: str) -> dict:
    """`url`: the honoree's address (the tables' "url", so it is made once)."""
    d = h.decision
    return {
        "id": h.id, "type": h.type, "name": h.name, "honorific": h.honorific, "position": h.position,
        "unit": h.unit, "award": h.award.name, "citation": h.citation,
        "decision": {"number": d.number, "date": d.date.isoformat(), "signer": d.signer} if d else None,
        "campaign": campaign.id, "year": campaign.year, "example": campaign.example_data,
        "url": url,
    }


def campaign_record(c: Campaign, base: str, today) -> dict:
    code = status(c, today)
    return {
        "id": c.id, "title": c.title, "kind": c.kind, "issuer": c.issuer_name, "document_number": c.doc_number,
        "document_date": c.doc_date.isoformat() if c.doc_date else None,
        "period_start": c.period.start.isoformat() if c.period.start else None,
        "period_end": c.period.end.isoformat(), "year": c.year, "status": code, "status_label": LABELS[code],
        "review_deadline": c.review_deadline.isoformat() if c.review_deadline else None,
        "deadlines": [{"kind": d.kind, "date": d.date.isoformat(), "title": d.title} for d in c.deadlines],
        "award_forms": [f.name for f in c.award_forms], "honorees": len(c.honorees),
        "decisions": [{"number": d.number, "date": d.date.isoformat(), "signer": d.signer} for d in c.decisions],
        "summary": c.summary, "url": base + campaign_path(c.id),
    }


def _compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def dumps_lines(lines: list[str]) -> bytes:
    """A JSON array with one compact record a line: Python's fast encoder, and readable diffs."""
    return ("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8")


@dataclass
class CampaignData:
    """One campaign's open data, made once and used by its own files and the archive-wide ones.
    Kept as UTF-8 (half the memory of Vietnamese text in Python strings)."""
    record: dict
    honorees_json: bytes  # compact JSON records, one a line, comma-separated
    csv: bytes  # the CSV rows, without titles


def campaign_data(c: Campaign, base: str, today, rows: list[dict] | None = None) -> CampaignData:
    """`rows`: the campaign's table rows (campaign_rows), if the caller has them already."""
    rows = campaign_rows(c, base) if rows is None else rows
    urls = {row["id"]: row["url"] for row in rows}
    lines = ",\n".join([_compact(honoree_record(h, c, urls[h.id])) for h in c.honorees])
    return CampaignData(campaign_record(c, base, today), lines.encode("utf-8"), export.csv_lines(rows))


def campaign_rows(c: Campaign, base: str) -> list[dict]:
    """The rows of a campaign's CSV and XLSX tables (export.honoree_rows)."""
    return export.honoree_rows([c], _url_for(base))


def _url_for(base: str):
    return lambda c, h: base + honoree_path(c, h)


def campaign_files(c: Campaign, data: CampaignData, base: str, rows: list[dict] | None = None,
                   sheet: bool = True) -> dict[str, bytes]:
    """phong-trao/<id>.json, and .csv and .xlsx (without `sheet`, not the .xlsx) when someone is
    honoured. `rows` as for campaign_data: a caller that made them for both makes them once."""
    files = {campaign_data_path(c.id, "json"): b"".join([
        f'{{"campaign":{_compact(data.record)},\n"honorees":[\n'.encode("utf-8"), data.honorees_json, b"\n]}\n"])}
    if c.honorees:
        files[campaign_data_path(c.id, "csv")] = export.csv_document([data.csv])
        if sheet:
            files.update(campaign_sheet(c, base, rows))
    return files


def campaign_sheet(c: Campaign, base: str, rows: list[dict] | None = None) -> dict[str, bytes]:
    """phong-trao/<id>.xlsx when someone is honoured (`rows` as for campaign_data)."""
    if not c.honorees:
        return {}
    return {campaign_data_path(c.id, "xlsx"): export.to_xlsx(campaign_rows(c, base) if rows is None else rows,
                                                             f"DANH SÁCH KHEN THƯỞNG: {c.title.upper()}")}


def archive_tables(data: list[CampaignData]) -> Iterator[tuple[str, bytes]]:
    """The archive-wide files joined from the campaigns' open data, one at a time (each is
    large): campaigns and honorees as JSON, honorees as CSV, campaigns in the order given."""
    yield "data/campaigns.json", dumps_lines([_compact(d.record) for d in data])
    yield "data/honorees.json", _joined(b"[\n", [d.honorees_json for d in data if d.honorees_json], b",\n", b"\n]\n")
    yield "data/honorees.csv", export.csv_document([d.csv for d in data])


def archive_sheet(campaigns: list[Campaign], base: str) -> Iterator[tuple[str, bytes]]:
    """The honorees of every campaign as one XLSX sheet, read campaign by campaign."""
    yield "data/honorees.xlsx", export.xlsx_of_batches((campaign_rows(c, base) for c in campaigns),  # one at a time
                                                       "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG")


def _joined(head: bytes, parts: list[bytes], separator: bytes, tail: bytes) -> bytes:
    """head + separator.join(parts) + tail, made as one copy: the archive-wide files are tens of
    MB at 100,000 honorees, and `+` would hold a second copy of one beside the first."""
    pieces = [separator] * (2 * len(parts) - 1) if parts else []
    pieces[::2] = parts
    return b"".join([head, *pieces, tail])


# --- statistics (stats.figures): data/thong-ke.json and two CSV tables ----------------------

# (section of stats.figures, its name in the "Bảng" column)
STATS_SECTIONS = (("by_year", "nam"), ("by_award", "hinh-thuc"), ("by_type", "loai"),
                  ("by_signer", "co-quan-quyet-dinh"), ("by_issuer", "co-quan-phat-dong"), ("by_unit", "don-vi"))
STATS_COLUMNS = ("Bảng", "Mã", "Tên", "Số phong trào", "Tập thể", "Cá nhân", "Tổng")
QUOTA_COLUMNS = ("Mã phong trào", "Tên phong trào", "Năm", "Hình thức khen thưởng", "Loại", "Số lượng theo kế hoạch",
                 "Đã khen thưởng")


def _csv(titles, rows) -> bytes:
    """UTF-8 with BOM and CRLF, as export.py's tables; formula-like cells made text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(titles)
    writer.writerows([export._csv_cell(v) for v in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _rows_json(document: dict) -> bytes:
    """A JSON object whose lists hold one compact row a line."""
    def member(key, value) -> str:
        if isinstance(value, list) and value:
            return f"{_compact(key)}:[\n" + ",\n".join(map(_compact, value)) + "\n]"
        return f"{_compact(key)}:{_compact(value)}"
    return ("{\n" + ",\n".join(member(k, v) for k, v in document.items()) + "\n}\n").encode("utf-8")


def stats_files(figures: dict, base: str) -> Iterator[tuple[str, bytes]]:
    """The statistics page's figures as they are (thong-ke.json, with every unit and body, not
    only the first ones the page charts), and as tables: one row per breakdown row
    (thong-ke.csv), one per quota line of a plan (thong-ke-chi-tieu.csv)."""
    document = dict(figures)
    document["by_year"] = [{**r, "url": base + year_path(r["year"])} for r in figures["by_year"]]
    document["by_unit"] = [{**r, "url": base + unit_path(r["key"])} for r in figures.get("by_unit", [])]
    document["quotas"] = [{**q, "url": base + campaign_path(q["campaign"])} for q in figures["quotas"]]
    yield "data/thong-ke.json", _rows_json(document)
    yield "data/thong-ke.csv", _csv(STATS_COLUMNS, [
        (name, r["key"], r["label"], r["campaigns"], r["collectives"], r["individuals"], r["total"])
        for section, name in STATS_SECTIONS for r in figures.get(section, [])])
    yield "data/thong-ke-chi-tieu.csv", _csv(QUOTA_COLUMNS, [
        (q["campaign"], q["title"], q["year"], q["award"], export.TYPE_LABELS[q["type"]], q["quota"], q["awarded"])
        for q in figures["quotas"]])
