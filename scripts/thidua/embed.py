"""The block the department's news page embeds: running campaigns and the latest honours.

Two forms of the same markup, no script: nhung/index.html for an <iframe>, and
nhung/doan-ma.html, a fragment with its own scoped style to paste into a page.
"""
from __future__ import annotations

from . import status as st
from .model import Campaign
from .render import render
from .text import date_vn
from .listing import honoree_path, recently_honoured, running_campaigns
from .urls import campaign_path
from . import wording

LATEST = 8


def embed_context(campaigns: list[Campaign], base_url: str, today, site_name: str) -> dict:
    running = running_campaigns(campaigns, today)
    honoured = recently_honoured(campaigns, LATEST)  # the archive is as of `today`
    by_id = {c.id: c for c in campaigns}
    return {
        "site": site_name, "home": base_url,
        "running": [{"title": c.label, "url": base_url + campaign_path(c.id), "end": date_vn(c.period.end),
                     "days": wording.days_left(st.days_left(c, today))} for c in running],
        "latest": [{"name": (f"{h.honorific} " if h.honorific else "") + h.name, "award": h.award.name,
                    "campaign": by_id[h.campaign_id].label, "url": base_url + honoree_path(by_id[h.campaign_id], h)} for h in honoured],
    }


def embed_files(campaigns: list[Campaign], base_url: str, today, site_name: str) -> dict[str, bytes]:
    context = embed_context(campaigns, base_url, today, site_name)
    fragment = render("embed.html", inline_style=True, **context)
    page = render("embed-page.html", fragment=render("embed.html", inline_style=False, **context), site=site_name)
    css = render("embed.css")
    return {"nhung/index.html": page.encode("utf-8"), "nhung/doan-ma.html": fragment.encode("utf-8"),
            "nhung/embed.css": css.encode("utf-8")}
