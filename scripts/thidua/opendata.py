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
    """One campaign's open data, made once and used by its own files and the archive-wide ones."""
    record: dict
    honoree_lines: list[str]  # compact JSON, one honoree each
    rows: list[dict]  # the CSV/XLSX rows


def campaign_data(c: Campaign, base: str, today) -> CampaignData:
    lines = [_compact(honoree_record(h, c, base)) for h in c.honorees]
    return CampaignData(campaign_record(c, base, today), lines,
                        export.honoree_rows([c], lambda h: base + honoree_path(h)))


def campaign_files(c: Campaign, data: CampaignData) -> dict[str, bytes]:
    """phong-trao/<id>.json, and .csv and .xlsx when someone is honoured."""
    lines = ",\n".join(data.honoree_lines)
    files = {campaign_data_path(c.id, "json"):
             f'{{"campaign":{_compact(data.record)},\n"honorees":[\n{lines}\n]}}\n'.encode("utf-8")}
    if c.honorees:
        files[campaign_data_path(c.id, "csv")] = export.to_csv(data.rows)
        files[campaign_data_path(c.id, "xlsx")] = export.to_xlsx(data.rows, f"DANH SÁCH KHEN THƯỞNG: {c.title.upper()}")
    return files


def archive_files(data: list[CampaignData]) -> Iterator[tuple[str, bytes]]:
    """The archive-wide files, one at a time (each is large): campaigns and honorees as JSON,
    honorees as CSV and XLSX, campaigns in the order given."""
    yield "data/campaigns.json", dumps_lines([_compact(d.record) for d in data])
    yield "data/honorees.json", dumps_lines([line for d in data for line in d.honoree_lines])
    everyone = [row for d in data for row in d.rows]
    yield "data/honorees.csv", export.to_csv(everyone)
    yield "data/honorees.xlsx", export.to_xlsx(everyone, "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG")
