"""`scripts/portal import-plan FILE`: a campaign plan read from the office's document (placeholder
until the reader lands)."""
from __future__ import annotations


def add_arguments(p) -> None:
    p.add_argument("file", help="Tệp kế hoạch .docx, .pdf hoặc .txt / Plan document")
    p.add_argument("--id", help="Mã phong trào / Campaign id")
    p.add_argument("--root", default="campaigns")


def run(args) -> int:
    print("Chưa hỗ trợ / not yet available.")
    return 2
