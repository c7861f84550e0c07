"""Every address the site has, in one place, and the relative links between them.

Paths are site-relative directories ending in "/" ("" is the home page); a page's file is the
path + "index.html". Anything that links to a page asks here: no module writes "don-vi/…" itself.
"""
from __future__ import annotations

from .text import slug

HOME = ""
CAMPAIGNS = "phong-trao/"
YEARS = "nam/"
UNITS = "don-vi/"
HONOREES = "khen-thuong/"
SEARCH = "tim-kiem/"
STATS = "thong-ke/"
OPEN_DATA = "du-lieu-mo/"
ABOUT = "gioi-thieu/"
PAGEFIND = "pagefind/"
NAMES_INDEX = "pagefind/ten/"
ASSETS = "assets/"
STYLESHEET = "assets/portal.css"
EMBED = "nhung/"


def paged(path: str, number: int) -> str:
    """Page `number` of a listing that starts at `path`: the first page is the path itself."""
    return path if number <= 1 else f"{path}{number}/"


def campaign_path(campaign_id: str) -> str:
    return f"{CAMPAIGNS}{campaign_id}/"


def campaign_honorees_path(campaign_id: str, number: int = 1) -> str:
    """A long honoree list's own pages, beside the campaign page."""
    return paged(f"{campaign_path(campaign_id)}{HONOREES}", number)


def honoree_path(campaign_id: str, honoree_id: str, number: int = 0) -> str:
    """An honoree's entry: on the campaign page (number 0) or on page `number` of its own list."""
    page = campaign_honorees_path(campaign_id, number) if number else campaign_path(campaign_id)
    return f"{page}#{honoree_id}"


def campaigns_path(number: int = 1) -> str:
    return paged(CAMPAIGNS, number)


def year_path(year: int, number: int = 1) -> str:
    return paged(f"{YEARS}{year}/", number)


def unit_path(key: str) -> str:
    """A unit's page; `key` is listing.unit_key: the issuing body, then the unit."""
    return f"{UNITS}{key}/"


def issuer_units_path(issuer_key: str, number: int = 1) -> str:
    """The units one issuing body has honoured (or whose people it has)."""
    return paged(f"{UNITS}{issuer_key}/", number)


def letter_path(letter_slug: str, number: int = 1) -> str:
    return paged(f"{HONOREES}{letter_slug}/", number)


def print_path(campaign_id: str, decision_number: str | None = None) -> str:
    return campaign_path(campaign_id) + "in/" + (f"{slug(decision_number)}/" if decision_number else "")


def attachment_path(campaign_id: str, file: str) -> str:
    """Where a campaign's attached file is published: at its own path inside the campaign folder.
    Links to it are percent-encoded (a name may hold '#', '?' or spaces)."""
    return f"{campaign_path(campaign_id)}tep/{file}"


def plan_print_path(campaign_id: str) -> str:
    """The A4 print view of the plan itself, laid out as the signed document."""
    return f"{campaign_path(campaign_id)}van-ban/"


def campaign_data_path(campaign_id: str, ext: str) -> str:
    return f"data/phong-trao/{campaign_id}.{ext}"


def rel(from_path: str, to_path: str) -> str:
    """Relative link between two site paths (directories ending in "/"), so the site works under
    any sub-path: below the page, the rest of the path; elsewhere, up to the root and down."""
    target, _, anchor = to_path.partition("#")
    if target == from_path and anchor:
        return f"#{anchor}"
    if target.startswith(from_path):
        link = target[len(from_path):] or "./"
    else:
        link = root(from_path) + target
    return link + (f"#{anchor}" if anchor else "")


def root(from_path: str) -> str:
    """The link from a page (or a file's folder) up to the site root: "../" per level."""
    return "../" * from_path.count("/")
