"""Honoree entries as HTML, shared by every page that lists honorees.

An honoree appears on up to four pages: on its campaign's own (the campaign page, or a page of
its long list), anchored and without the campaign named, and listed beside other campaigns'
honorees (unit pages, A-Z pages, the home page) with its award and campaign named. Each page
makes the entries it lists, here, in plain Python: through Jinja (a template per campaign, cut
apart) they cost several times more, and keeping them from one page for the next held ~250 MB
at 100,000 honorees. What a campaign's entries share (its pages' and units' addresses, its
decisions' wording, its label) is made once per campaign.

Every value from data goes through render.escape, as the templates' autoescaping would treat it,
so no name, whatever characters it holds, can make or break markup.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from .. import listing, urls, wording
from ..memo import MEMO
from ..model import Campaign, Honoree
from ..render import escape


@dataclass
class _Shared:
    """What the entries of one campaign share, escaped, with links from the site root."""
    campaign: Campaign
    page_of: dict[str, int]  # honoree id -> the number of its campaign page (listing.honoree_page_numbers)
    pages: dict[int, str] = field(default_factory=dict)  # that number -> the page's address
    units: dict[str, str] = field(default_factory=dict)  # unit as written -> its page's address
    decisions: dict[int, str] = field(default_factory=dict)  # id(decision) -> its line in an entry
    url: str = field(init=False)  # the campaign page's address
    label: str = field(init=False)
    year: int = field(init=False)

    def __post_init__(self) -> None:
        c = self.campaign
        self.url = escape(urls.campaign_path(c.id))
        self.label = escape(c.label)
        self.year = c.year

    def honoree_url(self, h: Honoree) -> str:
        number = self.page_of[h.id]
        page = self.pages.get(number)
        if page is None:  # urls.honoree_path with no id: the page's address and the "#" of its anchors
            page = self.pages[number] = escape(urls.honoree_path(self.campaign.id, "", number))
        return page + escape(h.id)

    def unit_url(self, unit: str) -> str:
        url = self.units.get(unit)
        if url is None:
            url = self.units[unit] = escape(urls.unit_path(listing.unit_key(self.campaign.issuer_name, unit)))
        return url

    def decision_line(self, h: Honoree) -> str:
        line = self.decisions.get(id(h.decision))
        if line is None:
            text = escape(wording.decision_text(h.decision))
            line = self.decisions[id(h.decision)] = f'<span class="honoree__decision">{text}</span>'
        return line


def _shared(c: Campaign) -> _Shared:
    return MEMO.get("entries shared", (c,), (), lambda: _Shared(c, listing.honoree_page_numbers(c)))


def entry(h: Honoree, shared: _Shared, root: str, own: bool) -> str:
    """One honoree's <li>, its links from `root` (the page's way up to the site root). `own`: as
    its campaign's pages list it, with an id to link to; otherwise with its award and campaign."""
    head = f'<li class="honoree" id="{escape(h.id)}">' if own else '<li class="honoree">'
    honorific = f'<span class="honorific">{escape(h.honorific)}</span> ' if h.honorific else ""
    role = award = ""
    if h.position or h.unit:
        position = escape(h.position) + (", " if h.unit else "") if h.position else ""
        unit = f'<a href="{root}{shared.unit_url(h.unit)}">{escape(h.unit)}</a>' if h.unit else ""
        role = f'<span class="honoree__role">{position}{unit}</span>'
    if not own:
        award = (f'<span class="honoree__award">{escape(h.award.name)} · '
                 f'<a href="{root}{shared.url}">{shared.label}</a> ({shared.year})</span>')
    decision = shared.decision_line(h) if h.decision else ""
    citation = f'<span class="honoree__citation">{escape(h.citation)}</span>' if h.citation else ""
    return (f'{head}\n  <span class="honoree__name">{honorific}<a href="{root}{shared.honoree_url(h)}">'
            f'{escape(h.name)}</a></span>\n{role}{award}{decision}{citation}</li>\n')


def honorees_html(honorees: list[Honoree], page_path: str, campaigns: dict[str, Campaign]) -> Markup:
    """Entries (with their campaign) for a listing, as one piece of HTML."""
    root = urls.root(page_path)
    shared: dict[str, _Shared] = {}
    html = []
    for h in honorees:
        s = shared.get(h.campaign_id) or shared.setdefault(h.campaign_id, _shared(campaigns[h.campaign_id]))
        html.append(entry(h, s, root, own=False))
    return Markup("".join(html))


def own_html(campaign: Campaign, honorees: list[Honoree], page_path: str) -> Markup:
    """Some of a campaign's entries as its own pages list them, linked from `page_path`."""
    root, shared = urls.root(page_path), _shared(campaign)
    return Markup("".join([entry(h, shared, root, own=True) for h in honorees]))
