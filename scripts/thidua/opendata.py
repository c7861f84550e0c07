"""Machine-readable records of the archive (site/data/*.json): public fields only."""
from __future__ import annotations

import json

from . import export
from .model import Archive, Campaign, Honoree
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


def dumps(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def data_files(archive: Archive, base: str, today) -> dict[str, bytes]:
    """Relative path -> bytes for the archive-wide and per-campaign data files."""
    published = archive.published
    files = {
        "data/campaigns.json": dumps([campaign_record(c, base, today) for c in published]),
        "data/honorees.json": dumps([honoree_record(h, c, base) for c in published for h in c.honorees]),
    }
    def url_for(h: Honoree) -> str:
        return base + honoree_path(h)
    everyone = export.honoree_rows(published, url_for)
    files["data/honorees.csv"] = export.to_csv(everyone)
    files["data/honorees.xlsx"] = export.to_xlsx(everyone, "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG")
    for c in published:
        files[campaign_data_path(c.id, "json")] = dumps({
            "campaign": campaign_record(c, base, today),
            "honorees": [honoree_record(h, c, base) for h in c.honorees],
        })
        if c.honorees:
            rows = export.honoree_rows([c], url_for)
            files[campaign_data_path(c.id, "csv")] = export.to_csv(rows)
            files[campaign_data_path(c.id, "xlsx")] = export.to_xlsx(rows, f"DANH SÁCH KHEN THƯỞNG: {c.title.upper()}")
    return files
