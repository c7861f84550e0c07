"""Honoree entries as HTML, shared by every page that lists honorees.

Each honoree appears on up to four pages (campaign, unit, A-Z list, home). A campaign's entries
are rendered in one template call (a call per entry costs far more), cut apart after each _SEP,
with links from the site root behind _ROOT, which becomes "../" x depth on each page. Both are
markup, never text: autoescaping turns every "<" that comes from data into "&lt;", so no name,
whatever characters it holds, can make or break them (private-use characters once did).
"""
from __future__ import annotations

from markupsafe import Markup

from .. import listing, urls, wording
from ..memo import MEMO
from ..model import Campaign, Honoree
from ..render import render

_ROOT = Markup("<!--root-->")
_SEP = Markup("<!--/entry-->")
_URL_KEYS = ("unit_url", "url", "campaign_url")


def honoree_entry(h: Honoree, campaign: Campaign, with_campaign: bool) -> dict:
    """One entry's fields, with links from the site root."""
    return {
        "id": h.id, "name": h.name, "honorific": h.honorific, "position": h.position, "is_person": h.is_person,
        "unit": h.unit, "unit_url": urls.unit_path(listing.unit_key(campaign.issuer_name, h.unit)) if h.unit else "",
        "award": h.award.name, "decision": wording.decision_text(h.decision), "citation": h.citation,
        "url": listing.honoree_path(campaign, h),
        "campaign": campaign.label if with_campaign else "", "campaign_url": urls.campaign_path(campaign.id),
        "year": campaign.year,
    }


def campaign_entries(campaign: Campaign, with_campaign: bool, anchor: bool) -> dict[str, str]:
    """Honoree id -> entry HTML (links from the site root behind _ROOT) for a whole campaign,
    rendered in one template call and split apart."""
    entries = []
    for h in campaign.honorees:
        entry = honoree_entry(h, campaign, with_campaign)
        entry.update({k: _ROOT + entry[k] for k in _URL_KEYS if entry[k]})  # Markup + str escapes the str
        entries.append(entry)
    html_text = render("honoree_entries.html", entries=entries, show_campaign=with_campaign, anchor=anchor, sep=_SEP)
    pieces = html_text.split(_SEP)
    if len(pieces) != len(entries) + 1:  # the template writes one separator after each entry, and only there
        raise RuntimeError(f"honoree_entries.html: {len(pieces) - 1} separators for {len(entries)} entries")
    return dict(zip((h.id for h in campaign.honorees), pieces))


def own_entries(campaign: Campaign) -> dict[str, str]:
    """A campaign's entries as its own pages list them (anchored, without the campaign named)."""
    return MEMO.get("own entries", (campaign,), (), lambda: campaign_entries(campaign, False, anchor=True))


def _listed(campaign: Campaign) -> dict[str, bytes]:
    """A campaign's entries as listed beside other campaigns' (with the campaign named), made once
    per campaign object: unit pages, A-Z pages and the home page share them. Kept as UTF-8, half
    the memory of Vietnamese text in Python strings: they are all held while the lists render."""
    def make() -> dict[str, bytes]:
        return {key: entry.encode("utf-8") for key, entry in campaign_entries(campaign, True, False).items()}
    return MEMO.get("listed entries", (campaign,), (), make)


def honorees_html(honorees: list[Honoree], page_path: str, campaigns: dict[str, Campaign]) -> Markup:
    """Entries (with their campaign) for a listing, as one piece of HTML."""
    by_campaign = {cid: _listed(campaigns[cid]) for cid in {h.campaign_id for h in honorees}}
    joined = b"".join([by_campaign[h.campaign_id][h.id] for h in honorees]).decode("utf-8")
    return Markup(joined.replace(_ROOT, urls.root(page_path)))


def own_html(campaign: Campaign, honorees: list[Honoree], page_path: str) -> Markup:
    """Some of a campaign's entries as its own pages list them, linked from `page_path`."""
    entries = own_entries(campaign)
    return Markup("".join(entries[h.id] for h in honorees).replace(_ROOT, urls.root(page_path)))
