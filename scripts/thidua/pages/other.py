"""The search page, and the forwarding pages of campaigns' former addresses."""
from __future__ import annotations

from .. import urls
from ..model import Campaign
from ..render import render
from .page import SitePage


def search_page() -> SitePage:
    links = {name: urls.rel(urls.SEARCH, path) for name, path in (
        ("script", urls.ASSETS + "search.js"), ("names", urls.NAMES_INDEX + "index.json"), ("bundle", urls.PAGEFIND),
        ("honorees", urls.HONOREES), ("units", urls.UNITS))}
    return SitePage(urls.SEARCH, "Tìm kiếm", render("search.html", links=links),
                    "Tìm người, tập thể được khen thưởng và các phong trào thi đua.", kind="search",
                    search_exclude=True)


def redirect_files(campaigns: list[Campaign]) -> dict[str, bytes]:
    """Old campaign addresses (former_ids) keep working: a page that forwards to the new one."""
    files = {}
    for c in campaigns:
        for old in c.former_ids:
            here = urls.campaign_path(old)
            files[here + "index.html"] = render("redirect.html", title=c.title, url=urls.rel(here, urls.campaign_path(c.id)),
                                                script=urls.rel(here, urls.ASSETS + "redirect.js")).encode()
    return files
