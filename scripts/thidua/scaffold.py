"""Writing starting points: a new campaign folder from the template, and the JSON Schemas."""
from __future__ import annotations

import json
from pathlib import Path

from .problems import DataError, Problem
from .schema import CAMPAIGN, HONOREES_FILE, to_json_schema
from .text import is_safe_slug

TEMPLATES = Path(__file__).parent / "templates" / "new"


def new_campaign(root: Path, campaign_id: str) -> Path:
    """Create campaigns/<id>/ with a commented campaign.yml and an empty honorees.yml."""
    if not is_safe_slug(campaign_id):
        raise DataError([Problem(campaign_id, 0, 0, "id", "Mã phong trào chỉ gồm chữ thường không dấu, số và dấu "
                                                            "gạch nối, ví dụ '2026-thi-dua-chuyen-doi-so'.")])
    folder = root / campaign_id
    if folder.exists():
        raise DataError([Problem(str(folder), 0, 0, "id", "Thư mục này đã có; chọn mã khác.")])
    folder.mkdir(parents=True)
    for name in ("campaign.yml", "honorees.yml"):
        text = (TEMPLATES / name).read_text(encoding="utf-8").replace("__ID__", campaign_id)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def schema_documents() -> dict[str, dict]:
    return {
        "campaign.schema.json": to_json_schema(CAMPAIGN, "Phong trào thi đua (campaign.yml)"),
        "honorees.schema.json": to_json_schema(HONOREES_FILE, "Danh sách khen thưởng (honorees.yml)"),
    }


def schema_text(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, document in schema_documents().items():
        (out / name).write_text(schema_text(document), encoding="utf-8")
        written.append(out / name)
    return written
