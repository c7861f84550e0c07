"""The whole site as pages, from a campaigns folder and a day: the one entry point that
renderer adapters and the command line share.

`build_site` is cached per input state, so `portal build` and the MkDocs hook load and
validate the data once. In a preview (`incremental=True`) it also keeps, between calls, the
campaigns read (load.load_archive's cache) and what was made from them (memo.MEMO), so an
edit to one campaign re-reads and re-renders only what depends on it.
"""
from __future__ import annotations

import datetime as dt
import multiprocessing
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlparse

from .embed import embed_files
from .feeds import feed_files
from .load import file_stamps, load_archive
from .memo import MEMO
from .model import Archive
from .opendata import (archive_sheet, archive_tables, campaign_data, campaign_files, campaign_rows, campaign_sheet,
                       stats_files)
from .printview import print_documents
from .problems import DataError, Problem
from .stats import figures as stats_figures
from .listing import units
from .pages import SiteInfo, SitePage, build_pages, redirect_files


@dataclass
class Site:
    archive: Archive
    pages: list[SitePage]  # themed pages, handed to the renderer
    info: SiteInfo
    warnings: list[Problem]
    site_url: str
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage, for the build's report
    after_pages: list[Callable[[], None]] = field(default_factory=list)  # run by pages_written()
    incremental: bool = False  # a preview: what is made is kept for the next build
    figures: dict = field(default_factory=dict)  # stats.figures of the archive: the statistics page and its data
    files_elsewhere: bool = False  # the build writes side_files() itself, on the other core: renderers write the rest
    sheets: Claims | None = None  # with files_elsewhere: the campaigns' XLSX, taken by whichever process is free

    def files(self) -> Iterator[tuple[str, bytes]]:
        """Everything else, written as is: per-campaign data and print views, feeds, the embed
        block, redirects. Made one at a time, so a large archive's files are never all in memory."""
        yield from self.data_files()
        yield from self.print_files()

    def data_files(self, sheets: bool = True) -> Iterator[tuple[str, bytes]]:
        """files() but the print views: each campaign's data (`sheets`: with its XLSX), the feeds,
        the embed block, redirects."""
        campaigns = self.archive.published
        for c in campaigns:
            yield from self._campaign_files(c, sheets).items()
        yield from feed_files(campaigns, self.info.name, self.site_url, self.info.today).items()
        yield from embed_files(campaigns, self.site_url, self.info.today, self.info.name).items()
        yield from redirect_files(campaigns).items()
        yield "robots.txt", f"User-agent: *\nAllow: /\nSitemap: {self.site_url}sitemap.xml\n".encode("ascii")

    def print_files(self) -> Iterator[tuple[str, bytes]]:
        """Each campaign's print views (phong-trao/<id>/in/)."""
        for c in self.archive.published:
            yield from self._print_files(c).items()

    def archive_files(self) -> Iterator[tuple[str, bytes]]:
        """The archive-wide data files (data/*.json, .csv, .xlsx): the slowest to make, since
        they change with every edit; a preview writes them after the pages."""
        yield from self.archive_tables()
        yield from self.archive_sheet()

    def archive_tables(self) -> Iterator[tuple[str, bytes]]:
        """The statistics' data files, and the archive-wide ones joined from the campaigns' open
        data (cheap once files() has made it)."""
        yield from stats_files(self.figures, self._base)
        yield from archive_tables([self._data(c) for c in self.archive.published])

    def archive_sheet(self) -> Iterator[tuple[str, bytes]]:
        """data/honorees.xlsx, made from the honorees themselves."""
        yield from archive_sheet(self.archive.published, self._base)

    def pages_written(self) -> None:
        """The renderer has written every page: what only pages needed (honoree entries) can go,
        and what waits for the pages runs (after_pages)."""
        MEMO.clear()
        for action in self.after_pages:
            action()

    def side_files(self) -> Iterator[tuple[str, bytes]]:
        """What the build writes beside the render when it can (files_elsewhere): the data files
        and the archive-wide tables joined from them, then the campaigns' XLSX (`sheets`) until
        the renderer's process is free to make the rest. The print views and the archive-wide
        sheet are left to the renderer's process. So the other core goes on to Pagefind, which
        can use both, while the renderer's process makes the last XLSX."""
        yield from self.data_files(sheets=False)
        yield from self.archive_tables()
        yield from self.shared_sheets(beside=True)

    def all_files(self) -> Iterator[tuple[str, bytes]]:
        """What a renderer writes after the pages: every other file, or, when the build writes
        side_files beside the render, the rest of them (the print views, the archive-wide
        sheet, and the campaigns' XLSX that side_files has not taken)."""
        if not self.files_elsewhere:
            yield from self.files()
            yield from self.archive_files()
            return
        yield from self.print_files()
        yield from self.archive_sheet()
        yield from self.shared_sheets()

    def share_sheets(self) -> None:
        """Called before the build forks, so that both processes share the claims: the campaigns'
        XLSX go to whichever process asks first."""
        self.sheets = Claims(len(self.archive.published))

    def shared_sheets(self, beside: bool = False) -> Iterator[tuple[str, bytes]]:
        """The campaigns' XLSX not yet taken by this process or another: `beside` the render,
        only until the renderer's process asks for them."""
        if self.sheets is None:
            self.share_sheets()
        if not beside:
            self.sheets.close()
        published = self.archive.published
        for number in self.sheets.take(until_closed=beside):
            yield from campaign_sheet(published[number], self._base).items()

    @property
    def _base(self) -> str:
        return urlparse(self.site_url).path or "/"

    def _data(self, c, rows: list[dict] | None = None):
        return MEMO.get("open data", (c,), (self._base, self.info.today),
                        lambda: campaign_data(c, self._base, self.info.today, rows))

    def _campaign_files(self, c, sheets: bool = True) -> dict[str, bytes]:
        def make() -> dict[str, bytes]:
            rows = campaign_rows(c, self._base)  # for the CSV and the XLSX alike
            return campaign_files(c, self._data(c, rows), self._base, rows, sheets)
        return self._kept("campaign files" if sheets else "campaign files but the sheet", c, make)

    def _print_files(self, c) -> dict[str, bytes]:
        return self._kept("print files", c, lambda: {path: html.encode("utf-8")
                                                      for path, html in print_documents(c, self.info.name).items()})

    def _kept(self, kind: str, c, make) -> dict[str, bytes]:
        if not self.incremental:
            return make()  # written once: keeping them would hold every campaign's files until the end
        return MEMO.get(kind, (c,), (self.site_url, self.info.today, self.info.name), make)


class Claims:
    """The numbers 0 to n-1, each handed out once, to whichever process asks first: processes
    forked after it was made share it. Once closed, a taker `until_closed` gets no more."""

    def __init__(self, n: int):
        self.n = n
        self._next = multiprocessing.Value("q", 0)  # in shared memory, with its own lock
        self._closed = multiprocessing.Value("b", 0, lock=False)

    def close(self) -> None:
        self._closed.value = 1

    def take(self, until_closed: bool = False) -> Iterator[int]:
        while not (until_closed and self._closed.value):
            with self._next.get_lock():
                number = self._next.value
                self._next.value = min(number + 1, self.n)
            if number >= self.n:
                return
            yield number


_cache: dict[tuple, Site] = {}
_loaded: dict = {}  # load_archive's cache of campaign folders, kept between previews' rebuilds


def forget() -> None:
    """Empty every cache (the next build_site loads again) and let their memory go."""
    _cache.clear()
    _loaded.clear()
    MEMO.clear()


def build_site(root: Path, today: dt.date, name: str, issuer: str = "", site_url: str = "/",
               incremental: bool = False, loaded: Callable[[Site], None] | None = None) -> Site:
    """Load, validate and lay out the site; raise DataError if anything is wrong. `loaded` is
    called with the site once its archive is read and valid, before its pages are laid out (or
    with the site kept from the last call); the build starts its work on the other core there:
    the search index and the data files.

    A one-off build keeps its result for a second call with the same inputs (`portal build`, then
    the MkDocs hook); a preview's build always looks again, folder by folder (load_archive's cache)."""
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    key = (str(root.resolve()), today, name, issuer, site_url)
    if not incremental:
        key += (file_stamps(root) if root.is_dir() else (),)
        if key in _cache:
            if loaded:
                loaded(_cache[key])
            return _cache[key]
        forget()
    started = time.perf_counter()
    archive, problems = load_archive(root, _loaded if incremental else None)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise DataError(errors)  # a preview keeps what the last good build made
    MEMO.next_build()
    archive = archive.as_of(today)
    read = time.perf_counter()
    info = SiteInfo(name=name, today=today, issuer=issuer)
    all_units = units(archive.published)
    figures = stats_figures(archive.published, today, all_units)  # one count: the page and the data agree
    site = Site(archive, [], info, problems, site_url, incremental=incremental, figures=figures)
    handed = time.perf_counter()
    if loaded:
        loaded(site)
    handed = time.perf_counter() - handed
    site.pages = build_pages(archive, info, figures, all_units)
    site.timings = {"load_validate": read - started, "pages": time.perf_counter() - read - handed}
    _cache.clear()
    _cache[key] = site
    return site
