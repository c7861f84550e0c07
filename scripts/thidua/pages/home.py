"""The home page: what runs now (or, when nothing does, the latest campaigns), the dates ahead,
the latest honours."""
from __future__ import annotations

from .. import listing, urls, wording
from .. import status as st
from ..model import Campaign
from ..listing import timeline_events
from ..render import render
from ..text import date_vn
from .cards import campaign_card
from .entries import honorees_html
from .page import SiteInfo, SitePage

LATEST_CAMPAIGNS = 5
DEADLINES = 8


def home_page(campaigns: list[Campaign], by_id: dict[str, Campaign], site: SiteInfo) -> SitePage:
    today = site.today
    running = listing.running_campaigns(campaigns, today)
    shown = running or listing.latest_campaigns(campaigns, LATEST_CAMPAIGNS)
    upcoming = [(when, shown_as, what, c) for c in campaigns if st.status(c, today) != st.CONCLUDED
                for when, shown_as, what in timeline_events(c) if when >= today]
    upcoming.sort(key=lambda x: (x[0], x[3].id))
    body = render(
        "home.html",
        site=site.name,
        today=date_vn(today),
        running=bool(running),
        campaigns=[campaign_card(c, urls.HOME, today) for c in shown],
        deadlines=[{"date": shown_as, "iso": d.isoformat(), "what": w, "campaign": c.title, "url": urls.rel(urls.HOME, urls.campaign_path(c.id)),
                    "days": wording.days_left((d - today).days, "hôm nay")}
                   for d, shown_as, w, c in upcoming[:DEADLINES]],
        recent=honorees_html(listing.recently_honoured(campaigns, listing.RECENT_HONOREES), urls.HOME, by_id),
        counts={"campaigns": wording.campaigns(len(campaigns)),
                "honorees": wording.honours(sum(len(c.honorees) for c in campaigns))},
    )
    return SitePage(urls.HOME, "Trang chủ", body,
                    f"Các phong trào thi đua và khen thưởng của {site.issuer or site.name}.", kind="home")
