"""The whole site as pages, from a campaigns folder and a day: the one entry point that
renderer adapters and the command line share. Results are cached per input state so
`mkdocs serve` and `portal build` load and validate the data once.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from urllib.parse import urlparse

from .embed import embed_files
from .feeds import feed_files
from .load import load_archive
from .model import Archive
from .opendata import data_files
from .printview import print_documents
from .problems import DataError, Problem
from .views import SitePage, SiteInfo, build_pages, redirect_files


@dataclass
class Site:
    archive: Archive
    pages: list[SitePage]  # themed pages, handed to the renderer
    files: dict[str, bytes]  # everything else, written as is: data, feeds, print views, embed
    info: SiteInfo
    warnings: list[Problem]


def other_files(archive: Archive, info: SiteInfo, site_url: str) -> dict[str, bytes]:
    base_path = urlparse(site_url).path or "/"
    campaigns = archive.published
    files = dict(data_files(archive, base_path, info.today))
    files.update(feed_files(campaigns, info.name, site_url, info.today))
    files.update(embed_files(campaigns, site_url, info.today, info.name))
    for c in campaigns:
        files.update({path: html.encode("utf-8") for path, html in print_documents(c, info.name).items()})
    files.update(redirect_files(campaigns))
    files["robots.txt"] = f"User-agent: *\nAllow: /\nSitemap: {site_url}sitemap.xml\n".encode("ascii")
    return files


_cache: dict[tuple, Site] = {}


def _state(root: Path) -> tuple:
    """Names, sizes and modification times of every input file: changes when any input does."""
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                        for p in root.rglob("*") if p.is_file()))


def forget() -> None:
    """Empty the cache (the next build_site loads again)."""
    _cache.clear()


def build_site(root: Path, today: dt.date, name: str, issuer: str = "", site_url: str = "/") -> Site:
    """Load, validate and lay out the site; raise DataError if anything is wrong."""
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    key = (str(root.resolve()), today, name, issuer, site_url, _state(root))
    if key in _cache:
        return _cache[key]
    archive, problems = load_archive(root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise DataError(errors)
    archive = archive.as_of(today)
    info = SiteInfo(name=name, today=today, issuer=issuer)
    site = Site(archive, build_pages(archive, info), other_files(archive, info, site_url), info, problems)
    _cache.clear()
    _cache[key] = site
    return site
