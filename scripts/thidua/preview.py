"""A preview's memory of its last build (`portal serve`): which pages were rendered and which
files written, so the next build, after an edit, renders and writes only what changed.

The renderer adapter asks `theme_changed` and `page_changed` before rendering, and calls
`finish` after. The archive-wide data files change with every edit and take seconds for a
large archive, so they are written in the background after the pages: the preview shows an
edit in the pages first, and the downloads follow.

A build that fails (invalid data) is shown in the browser as `error_page`, the problems that
`portal check` prints, until the next build succeeds.
"""
from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

from .problems import Problem
from .render import render

SHOWN_PROBLEMS = 200  # on the error page; `portal check` lists them all


def write_file(site_dir: Path, path: str, data: bytes) -> None:
    """Replace a file of a site being served: a reader of the preview never gets half a file."""
    target = site_dir / path
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.part")
    partial.write_bytes(data)
    os.replace(partial, target)


class Preview:
    """What the last preview build rendered and wrote, so the next one redoes only what changed."""

    def __init__(self):
        self.active = False
        self.pages: dict[str, object] = {}  # source path -> page as last rendered
        self.files: dict[str, bytes] = {}  # site path -> bytes as last written
        self.theme: tuple = ()
        self.generation = 0
        self.renderer_cache: dict = {}  # the renderer adapter's own, kept between builds

    def theme_changed(self, inputs: list[Path]) -> bool:
        """Whether any file in `inputs` (the renderer's config, theme overrides, hand-written
        pages) changed since the last call: then every page must be rendered again."""
        state = tuple(sorted((str(p), p.stat().st_mtime_ns) for item in inputs if item.exists()
                             for p in ([item] if item.is_file() else item.rglob("*")) if p.is_file()))
        changed, self.theme = state != self.theme, state
        return changed

    def page_changed(self, page) -> bool:
        old = self.pages.get(page.src)
        return old is not page and (old is None or (old.title, old.description, old.kind, old.body)
                                    != (page.title, page.description, page.kind, page.body))

    def finish(self, site, site_dir: Path, search_index: Path) -> None:
        """After the pages: forget pages gone since the last build, write the files that changed,
        link the search index, then start writing the archive-wide files in the background."""
        link = site_dir / "pagefind"
        if search_index.is_dir() and not link.exists():
            link.symlink_to(search_index.resolve(), target_is_directory=True)
        pages = {page.src: page for page in site.pages}
        for src in self.pages.keys() - pages.keys():
            (site_dir / src).with_name("index.html").unlink(missing_ok=True)
        self.pages = pages
        files = {}
        for path, data in site.files():
            if self.files.get(path) is not data:
                write_file(site_dir, path, data)
            files[path] = data
        for path in self.files.keys() - files.keys():
            (site_dir / path).unlink(missing_ok=True)
        self.files = files
        self.generation += 1
        threading.Thread(target=self._write_archive_files, args=(site, site_dir, self.generation),
                         daemon=True).start()

    def _write_archive_files(self, site, site_dir: Path, generation: int) -> None:
        for path, data in site.archive_files():
            if generation != self.generation:
                return  # a newer build has started: its own thread writes these
            write_file(site_dir, path, data)


def error_page(problems: list[Problem], detail: str, site_name: str, when: dt.datetime) -> bytes:
    """The page a preview shows instead of every page while its last build failed: the errors
    as `portal check` prints them (`str(problem)`), or, for a failure that is not in the data
    (a template, mkdocs.yml), the error's own text. The page says that it comes back by itself;
    the preview server adds the reload script."""
    errors = [str(p) for p in problems if p.severity == "error"]
    return render("preview-error.html", site_name=site_name, time=when.strftime("%H:%M:%S"),
                  count=len(errors), errors=errors[:SHOWN_PROBLEMS],
                  more=max(0, len(errors) - SHOWN_PROBLEMS), detail=detail).encode("utf-8")


PREVIEW = Preview()
