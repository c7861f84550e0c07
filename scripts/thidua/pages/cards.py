"""Campaign cards and status badges: how a campaign is shown in every list of campaigns."""
from __future__ import annotations

import datetime as dt

from .. import status as st
from .. import urls, wording
from ..model import Campaign
from ..listing import period_text
from ..schema import KIND_LABELS


def status_view(campaign: Campaign, today: dt.date) -> dict:
    code = st.status(campaign, today)
    view = {"code": code, "label": st.LABELS[code], "days_left": ""}
    if code == st.RUNNING:
        view["days_left"] = wording.days_left(st.days_left(campaign, today))
    return view


def campaign_card(c: Campaign, page_path: str, today: dt.date) -> dict:
    return {"title": c.title, "url": urls.rel(page_path, urls.campaign_path(c.id)), "issuer": c.issuer_name,
            "period": period_text(c), "status": status_view(c, today), "year": c.year,
            "kind": KIND_LABELS.get(c.kind, ""), "summary": c.summary,
            "honorees": wording.honours(len(c.honorees)) if c.honorees else ""}
