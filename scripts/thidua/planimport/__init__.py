"""`scripts/portal import-plan FILE [--id ID]`: a campaign plan read from the office's document (.docx,
.pdf with a text layer, or .txt) into campaigns/ID/campaign.yml, as a draft.

One module a step: extract (text out of the file), lines (paragraphs back from wrapped lines),
structure (heading block, body tree, recipients, signature), facts (dates, deadlines, award
forms…), command (the file and what the clerk must check).
"""
from __future__ import annotations


def add_arguments(p) -> None:
    p.add_argument("file", help="Tệp kế hoạch .docx, .pdf hoặc .txt / Plan document")
    p.add_argument("--id", help="Mã phong trào; mặc định năm-tỉnh-chủ đề của kế hoạch / Campaign id (default: "
                                "year-province-theme)")
    p.add_argument("--root", default="campaigns", help="Thư mục phong trào / Campaigns folder")
    p.add_argument("--force", action="store_true", help="Ghi đè campaign.yml đã có / Overwrite an existing file")
    p.add_argument("--dry-run", action="store_true", help="Chỉ in ra, không ghi tệp / Print the YAML, write nothing")
    p.add_argument("--convert-legacy", action="store_true",
                   help="Chuyển chữ gõ bằng bảng mã cũ (TCVN3/ABC, VNI) sang Unicode / Convert legacy-encoded text")


def run(args) -> int:
    from .command import run as run_command
    return run_command(args)
