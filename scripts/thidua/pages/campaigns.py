"""The list of campaigns (by status, paged) and the archive by year (one page a year, paged)."""
from __future__ import annotations

from collections import defaultdict

from .. import listing, statsview, urls, wording
from .. import status as st
from ..model import Campaign
from ..render import render
from . import pager
from .cards import campaign_card
from .page import SiteInfo, SitePage


def _years(chunk) -> str:
    years = [c.year for c in chunk]
    return pager.range_label(str(max(years)), str(min(years))) if years else ""


def campaigns_pages(campaigns: list[Campaign], site: SiteInfo) -> list[SitePage]:
    """Running, upcoming, then concluded campaigns, newest first, a page of cards at a time; each
    status's heading where its campaigns begin, with its count over all pages."""
    ordered = listing.by_status(campaigns, site.today)
    status_of = {c.id: st.status(c, site.today) for c in ordered}
    totals = defaultdict(int)
    for code in status_of.values():
        totals[code] += 1
    chunks = listing.pages_of(ordered, listing.CAMPAIGNS_PER_PAGE)
    ranges = [_years(chunk) for chunk in chunks]
    years = sorted({c.year for c in campaigns}, reverse=True)
    found = []
    for number, chunk in enumerate(chunks, start=1):
        here = pager.paged(number, ranges, urls.campaigns_path)
        before = status_of[chunks[number - 2][-1].id] if number > 1 else None  # the status the last page ended in
        groups = []
        for c in chunk:
            code = status_of[c.id]
            if not groups or groups[-1]["code"] != code:
                groups.append({"code": code, "label": st.LABELS[code], "count": wording.number_vn(totals[code]),
                               "continued": not groups and code == before, "campaigns": []})
            groups[-1]["campaigns"].append(campaign_card(c, here.path, site.today))
        body = render("campaigns.html", groups=groups, pager=pager.view(here), total=wording.campaigns(len(campaigns)),
                      years=[{"year": y, "url": urls.rel(here.path, urls.year_path(y))} for y in years])
        title = "Phong trào thi đua" + (f" (trang {number})" if number > 1 else "")
        found.append(SitePage(here.path, title, body, "Danh sách các phong trào thi đua, trạng thái và thời gian.",
                              kind="list", prev=here.prev, next=here.next))
    return found


def year_pages(campaigns: list[Campaign], site: SiteInfo) -> list[SitePage]:
    by_year: dict[int, list[Campaign]] = defaultdict(list)
    for c in campaigns:
        by_year[c.year].append(c)
    years = sorted(by_year, reverse=True)
    index = render("years.html", years=[
        {"year": y, "url": urls.rel(urls.YEARS, urls.year_path(y)), "count": wording.campaigns(len(by_year[y])),
         "honorees": wording.honours(sum(len(c.honorees) for c in by_year[y]))} for y in years])
    found = [SitePage(urls.YEARS, "Lưu trữ theo năm", index, "Các phong trào thi đua theo năm.", kind="list")]
    for y in years:
        chunks = listing.pages_of(listing.newest_first(by_year[y]), listing.CAMPAIGNS_PER_PAGE)
        ranges = [pager.range_label(chunk[0].label, chunk[-1].label) for chunk in chunks]
        for number, chunk in enumerate(chunks, start=1):
            here = pager.paged(number, ranges, lambda k, y=y: urls.year_path(y, k))
            body = render("year.html", year=y, campaigns=[campaign_card(c, here.path, site.today) for c in chunk],
                          back=urls.rel(here.path, urls.YEARS), pager=pager.view(here),
                          total=wording.campaigns(len(by_year[y])),
                          stats=statsview.year_block(y, by_year[y], site.today) if number == 1 else None)
            title = f"Năm {y}" + (f" (trang {number})" if number > 1 else "")
            found.append(SitePage(here.path, title, body, f"Các phong trào thi đua năm {y}.", kind="list",
                                  prev=here.prev, next=here.next))
    return found
