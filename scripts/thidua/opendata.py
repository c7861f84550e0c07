"""Machine-readable records of the archive (site/data/*.json): public fields only."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterator

from . import export
from .model import Campaign, Honoree
from .status import LABELS, status
from .views import campaign_data_path, campaign_path, honoree_path


def honoree_record(h: Honoree, campaign: Campaign, base: str) -> dict:
    d = h.decision
    return {
        "id": h.id, "type": h.type, "name": h.name, "honorific": h.honorific, "position": h.position,
        "unit": h.unit, "award": h.award.name, "citation": h.citation,
        "decision": {"number": d.number, "date": d.date.isoformat(), "signer": d.signer} if d else None,
        "campaign": campaign.id, "year": campaign.year, "example": campaign.example_data,
        "url": base + honoree_path(h),
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


def campaign_data(c: Campaign, base: str, today) -> CampaignData:
    lines = ",\n".join([_compact(honoree_record(h, c, base)) for h in c.honorees])
    return CampaignData(campaign_record(c, base, today), lines.encode("utf-8"),
                        export.csv_lines(export.honoree_rows([c], _url_for(base))))


def _url_for(base: str):
    return lambda h: base + honoree_path(h)


def campaign_files(c: Campaign, data: CampaignData, base: str) -> dict[str, bytes]:
    """phong-trao/<id>.json, and .csv and .xlsx when someone is honoured."""
    files = {campaign_data_path(c.id, "json"): b"".join([
        f'{{"campaign":{_compact(data.record)},\n"honorees":[\n'.encode("utf-8"), data.honorees_json, b"\n]}\n"])}
    if c.honorees:
        files[campaign_data_path(c.id, "csv")] = export.csv_document([data.csv])
        files[campaign_data_path(c.id, "xlsx")] = export.to_xlsx(export.honoree_rows([c], _url_for(base)),
                                                                f"DANH SÁCH KHEN THƯỞNG: {c.title.upper()}")
    return files


def archive_files(campaigns: list[Campaign], data: list[CampaignData], base: str) -> Iterator[tuple[str, bytes]]:
    """The archive-wide files, one at a time (each is large): campaigns and honorees as JSON,
    honorees as CSV and XLSX, campaigns in the order given."""
    yield "data/campaigns.json", dumps_lines([_compact(d.record) for d in data])
    yield "data/honorees.json", b"[\n" + b",\n".join([d.honorees_json for d in data if d.honorees_json]) + b"\n]\n"
    yield "data/honorees.csv", export.csv_document([d.csv for d in data])
    yield "data/honorees.xlsx", export.to_xlsx(export.honoree_rows(campaigns, _url_for(base)),
                                               "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG")
