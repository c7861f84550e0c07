"""Units: the issuing bodies, each body's units (paged), and a page per unit (paged) with the
honours to the unit itself and to its people."""
from __future__ import annotations

import datetime as dt

from .. import listing, statsview, urls, wording
from ..listing import Unit
from ..memo import MEMO
from ..model import Campaign, Honoree
from ..render import render
from ..text import person_key
from . import pager
from .entries import honorees_html
from .page import SitePage


def unit_pages(campaigns: list[Campaign], by_id: dict[str, Campaign], today: dt.date,
               all_units: list[Unit] | None = None) -> list[SitePage]:
    all_units = listing.units(campaigns) if all_units is None else all_units
    bodies = listing.units_by_issuer(all_units)
    index = [{"name": issuer, "url": urls.rel(urls.UNITS, urls.issuer_units_path(listing.issuer_key(issuer))),
              "units": wording.units(len(members)),
              "honours": wording.honours(len({id(h) for u in members for h in u.members}))}
             for issuer, members in bodies]
    found = [SitePage(urls.UNITS, "Đơn vị", render("units.html", bodies=index, total=wording.units(len(all_units))),
                      "Các đơn vị có tập thể, cá nhân được khen thưởng, theo cơ quan phát động.", kind="list")]
    for issuer, members in bodies:
        found += issuer_pages(issuer, members)
    for u in all_units:
        found += pages_of_unit(u, by_id, today)
    return found


def issuer_pages(issuer: str, members: list[Unit]) -> list[SitePage]:
    """One body's units, in Vietnamese order, a page at a time."""
    key = listing.issuer_key(issuer)
    chunks = listing.pages_of(members, listing.UNITS_PER_PAGE)
    ranges = [pager.range_label(chunk[0].name, chunk[-1].name) for chunk in chunks]
    found = []
    for number, chunk in enumerate(chunks, start=1):
        here = pager.paged(number, ranges, lambda k: urls.issuer_units_path(key, k))
        entries = [{"name": u.name, "url": urls.rel(here.path, urls.unit_path(u.key)),
                    "count": wording.number_vn(len(u.members))} for u in chunk]
        body = render("issuer_units.html", issuer=issuer, units=entries, pager=pager.view(here),
                      total=wording.units(len(members)), back=urls.rel(here.path, urls.UNITS))
        title = f"Đơn vị: {issuer}" + (f" (trang {number})" if number > 1 else "")
        found.append(SitePage(here.path, title, body, f"Các đơn vị có tập thể, cá nhân được khen thưởng trong các "
                              f"phong trào của {issuer}.",
                              kind="list", prev=here.prev, next=here.next))
    return found


def _ordered(u: Unit, by_id: dict[str, Campaign]) -> tuple[list[Honoree], list[Honoree]]:
    """The unit's own honours, then its people's: newest campaign first, then award precedence and name."""
    honours = sorted(u.members, key=lambda h: (-by_id[h.campaign_id].year, h.award.rank, person_key(h.name)))
    own: list[Honoree] = []
    people: list[Honoree] = []
    for h in honours:
        (own if u.owns(h) else people).append(h)
    return own, people


def pages_of_unit(u: Unit, by_id: dict[str, Campaign], today: dt.date) -> list[SitePage]:
    own, people = _ordered(u, by_id)
    chunks = listing.pages_of(own + people, listing.HONOREES_PER_PAGE)
    ranges = [pager.range_label(str(by_id[chunk[0].campaign_id].year), str(by_id[chunk[-1].campaign_id].year))
              for chunk in chunks]
    others = tuple(sorted(set(u.spellings) - {u.name}))
    found = []
    for number, chunk in enumerate(chunks, start=1):
        here = pager.paged(number, ranges, lambda k: urls.paged(urls.unit_path(u.key), k))

        mine = max(0, len(own) - (number - 1) * listing.HONOREES_PER_PAGE)  # the page's first `mine` are its own

        def body(here=here, chunk=chunk, number=number, mine=mine) -> str:
            # The page shows the whole unit (its total, its statistics, the other pages' ranges):
            # the memo holds it for the same members, and the same everything else it prints.
            return MEMO.get("unit page", tuple(u.members), (here.path, number, tuple(ranges), u.name, u.issuer,
                                                             others, today),
                            lambda: render(
                                "unit.html", name=u.name, issuer=u.issuer, aliases=list(others), pager=pager.view(here),
                                own=honorees_html(chunk[:mine], here.path, by_id),
                                people=honorees_html(chunk[mine:], here.path, by_id),
                                total=wording.honours(len(u.members)),
                                back=urls.rel(here.path, urls.issuer_units_path(listing.issuer_key(u.issuer))),
                                stats=statsview.unit_block(u.key, u.members, by_id, today) if number == 1 else None))
        title = u.name + (f" (trang {number})" if number > 1 else "")
        found.append(SitePage(here.path, title, body, f"Khen thưởng của {u.name} ({u.issuer}) và cá nhân, tập thể "
                              "thuộc đơn vị.", kind="unit", prev=here.prev, next=here.next))
    return found
