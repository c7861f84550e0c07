"""The whole site as pages, from a campaigns folder and a day: the one entry point that
renderer adapters and the command line share. Results are cached per input state so
`mkdocs serve` and `portal build` load and validate the data once.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .load import load_archive
from .model import Archive
from .problems import DataError, Problem
from .views import SitePage, SiteInfo, build_pages


@dataclass
class Site:
    archive: Archive
    pages: list[SitePage]
    info: SiteInfo
    warnings: list[Problem]


_cache: dict[tuple, Site] = {}


def _state(root: Path) -> tuple:
    """Names, sizes and modification times of every input file: changes when any input does."""
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                        for p in root.rglob("*") if p.is_file()))


def check(root: Path) -> tuple[Archive, list[Problem]]:
    return load_archive(root)


def build_site(root: Path, today: dt.date, name: str, issuer: str = "") -> Site:
    """Load, validate and lay out the site; raise DataError if anything is wrong."""
    key = (str(root.resolve()), today, name, issuer, _state(root))
    if key in _cache:
        return _cache[key]
    archive, problems = load_archive(root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise DataError(errors)
    info = SiteInfo(name=name, today=today, issuer=issuer)
    site = Site(archive, build_pages(archive, info), info, problems)
    _cache.clear()
    _cache[key] = site
    return site
