"""Pages of the public site, as data: path, title, description and an HTML body, one module per
page type. This is the whole site minus the theme: a renderer adapter (renderers/) wraps each
body in its layout. Templates in templates/ only print what these modules prepared."""
from __future__ import annotations

from .. import listing, statsview
from ..model import Archive
from . import campaign
from .campaigns import campaigns_pages, year_pages
from .home import home_page
from .honorees import honoree_list_pages
from .other import redirect_files, search_page
from .page import SiteInfo, SitePage
from .units import unit_pages

__all__ = ["SiteInfo", "SitePage", "build_pages", "redirect_files"]


def build_pages(archive: Archive, site: SiteInfo, figures: dict | None = None,
                all_units: list[listing.Unit] | None = None) -> list[SitePage]:
    """Every themed page. Pages that depend on few campaigns come from the memo when those
    campaigns did not change (see memo.py); pages over the whole archive are made anew.
    `figures` (stats.figures of the archive) adds the statistics page; `all_units` is
    listing.units() of the archive when the caller has it already."""
    campaigns = archive.published
    by_id = {c.id: c for c in campaigns}
    pages = [home_page(campaigns, by_id, site), *campaigns_pages(campaigns, site)]
    for c in campaigns:
        pages += campaign.pages(c, site)
    pages += year_pages(campaigns, site)
    pages += unit_pages(campaigns, by_id, site.today, all_units)
    pages += honoree_list_pages(campaigns, by_id)
    if figures is not None:
        pages.append(statsview.stats_page(figures, site.today))
    pages.append(search_page())
    return pages
