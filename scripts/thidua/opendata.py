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


def _compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def dumps(records: list[dict]) -> bytes:
    """A JSON array with one compact record a line: Python's fast encoder, and readable diffs."""
    return ("[\n" + ",\n".join(_compact(r) for r in records) + "\n]\n").encode("utf-8")


def dumps_campaign(campaign: dict, honorees: list[dict]) -> bytes:
    lines = ",\n".join(_compact(r) for r in honorees)
    return f'{{"campaign":{_compact(campaign)},\n"honorees":[\n{lines}\n]}}\n'.encode("utf-8")


def data_files(archive: Archive, base: str, today) -> dict[str, bytes]:
    """Relative path -> bytes for the archive-wide and per-campaign data files."""
    published = archive.published
    campaigns = {c.id: campaign_record(c, base, today) for c in published}
    honorees = {c.id: [honoree_record(h, c, base) for h in c.honorees] for c in published}
    files = {
        "data/campaigns.json": dumps(list(campaigns.values())),
        "data/honorees.json": dumps([r for c in published for r in honorees[c.id]]),
    }

    def url_for(h: Honoree) -> str:
        return base + honoree_path(h)
    rows = {c.id: export.honoree_rows([c], url_for) for c in published}
    everyone = [r for c in published for r in rows[c.id]]
    files["data/honorees.csv"] = export.to_csv(everyone)
    files["data/honorees.xlsx"] = export.to_xlsx(everyone, "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG")
    for c in published:
        files[campaign_data_path(c.id, "json")] = dumps_campaign(campaigns[c.id], honorees[c.id])
        if c.honorees:
            files[campaign_data_path(c.id, "csv")] = export.to_csv(rows[c.id])
            files[campaign_data_path(c.id, "xlsx")] = export.to_xlsx(rows[c.id], f"DANH SÁCH KHEN THƯỞNG: "
                                                                               f"{c.title.upper()}")
    return files
