"""Test helpers: write small campaign folders in a temporary directory."""
from __future__ import annotations

import textwrap
from pathlib import Path

MINIMAL = """\
id: {id}
title: Phong trào thi đua thử nghiệm {id}
issuer:
  name: Sở Nội vụ tỉnh Thử
body:
  - label: I.
    heading: MỤC ĐÍCH
    body:
      - text: Phát huy tinh thần thi đua.
facts:
  period:
    start: 2025-01-01
    end: 2025-06-30
  deadlines:
    - kind: review
      date: 2025-07-15
  awards:
    - name: Giấy khen của Giám đốc Sở Nội vụ
    - name: Bằng khen của Chủ tịch UBND tỉnh
signer:
  title: GIÁM ĐỐC
  name: Nguyễn Văn Ký
"""


def write_campaign(root: Path, campaign_id: str, text: str | None = None, honorees: str | None = None,
                   extra: str = "") -> Path:
    folder = root / campaign_id
    folder.mkdir(parents=True, exist_ok=True)
    body = textwrap.dedent(text) if text is not None else MINIMAL.format(id=campaign_id)
    (folder / "campaign.yml").write_text(body + extra, encoding="utf-8")
    if honorees is not None:
        (folder / "honorees.yml").write_text(textwrap.dedent(honorees), encoding="utf-8")
    return folder
