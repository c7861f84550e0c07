"""The build pipeline: validate, render with MkDocs, write data files, index for search,
then publish atomically (the previous site stays untouched until everything succeeded).

This is the only module that drives MkDocs, and only through its public build API.
"""
from __future__ import annotations

import ctypes
import gc
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .site import build_site


@dataclass
class BuildResult:
    out: Path
    pages: int
    seconds: float
    stages: dict
    site_url: str = ""


def mkdocs_config(config_path: Path, site_dir: Path, today: dt.date, site_url: str | None = None):
    from mkdocs.config import load_config

    os.environ["PORTAL_TODAY"] = today.isoformat()
    # MkDocs dates the sitemap from SOURCE_DATE_EPOCH: the build day, so builds are reproducible.
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.combine(today, dt.time(), dt.timezone.utc).timestamp()))
    overrides = {"site_dir": str(site_dir)}
    if site_url:
        overrides["site_url"] = site_url
    return load_config(str(config_path), **overrides)


def build(config_path: Path, out: Path, today: dt.date | None = None, site_url: str | None = None,
          precompress: bool = False) -> BuildResult:
    """Load and lay out the site; start Pagefind on the search records; render with MkDocs while
    Pagefind indexes (two cores); then, Pagefind done, write the data files; publish."""
    from mkdocs.commands.build import build as mkdocs_build
    from portal_mkdocs import campaigns_root

    from .search import Indexing, build_records, content_records

    today = today or dt.date.today()
    started = time.perf_counter()
    stages: dict[str, float] = {}
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    clear_stale(out)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}-building-", dir=out.parent))
    work.chmod(0o755)  # mkdtemp makes it private; the web server must read the published site
    indexing = None
    try:
        config = mkdocs_config(config_path, work, today, site_url)
        site = build_site(campaigns_root(config), today, config.site_name,
                          config.extra.get("portal", {}).get("issuer", ""), config.site_url or "/")
        gc.freeze()  # the archive lives until the end: the collector's full passes need not walk it again
        t = time.perf_counter()
        pages = content_records(Path(config.docs_dir), config.markdown_extensions, config.mdx_configs)
        indexing = Indexing(build_records(site.archive.published, today, pages), work)
        trim_heap()  # the records are written out: their memory goes back before Pagefind needs its own
        stages["search_records"] = time.perf_counter() - t
        # The data files are the build's largest memory: they wait until Pagefind is done.
        site.after_pages.append(lambda: _timed(stages, "search_wait", indexing.wait))
        site.after_pages.append(trim_heap)  # what only the pages needed goes back before the files
        t = time.perf_counter()
        mkdocs_build(config)  # the adapter finds the same Site in build_site's cache
        stages.update(site.timings)  # load_validate, pages and files, timed where they happen
        stages["render"] = time.perf_counter() - t - site.timings["files"] - stages["search_wait"]
        indexing.wait()
        page_count = len(site.pages)
        del site
        release_memory()
        if precompress:
            from .deploy import precompress as compress
            t = time.perf_counter()
            compress(work)
            stages["precompress"] = time.perf_counter() - t
        publish(work, out)
    except BaseException:
        if indexing is not None:
            indexing.stop()
        gc.unfreeze()  # a failed build leaves nothing frozen in a process that goes on
        shutil.rmtree(work, ignore_errors=True)
        raise
    return BuildResult(out, page_count, time.perf_counter() - started, stages, config.site_url or "")


def _timed(stages: dict[str, float], name: str, action) -> None:
    t = time.perf_counter()
    action()
    stages[name] = time.perf_counter() - t


def release_memory() -> None:
    """Drop the cached site (the archive and what was made from it, hundreds of MB for a large
    archive) and return the freed memory to the system."""
    from . import site as site_module
    site_module.forget()
    gc.unfreeze()
    trim_heap()


def trim_heap() -> None:
    """Collect, then hand the C heap's free pages back to the system (glibc keeps them otherwise)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one atomic step (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def publish(work: Path, out: Path) -> None:
    """Put the finished build in place. Readers see the old site or the new one, never a mix:
    the two folders are exchanged atomically where the system allows, else renamed in turn."""
    if out.exists() and _exchange(work, out):
        shutil.rmtree(work, ignore_errors=True)  # now holds the previous site
        return
    old = out.with_name(f".{out.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        os.replace(out, old)
    os.replace(work, out)
    shutil.rmtree(old, ignore_errors=True)


def clear_stale(out: Path) -> None:
    """Remove work folders left by builds that were killed."""
    for stale in out.parent.glob(f".{out.name}-building-*"):
        shutil.rmtree(stale, ignore_errors=True)


def serve(config_path: Path, addr: str, today: dt.date | None = None) -> int:
    """Preview with live reload: a change to campaigns/, content/ or overrides/ rebuilds."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.config import load_config
    from portal_mkdocs import campaigns_root

    if today:
        os.environ["PORTAL_TODAY"] = today.isoformat()
    _show_mkdocs_log()
    _keep_installed_theme_listing()
    _poll_sooner()
    config = load_config(str(config_path))
    watch = [str(campaigns_root(config)), str(config_path.resolve().parent / "overrides")]
    try:
        mkdocs_serve(str(config_path), dev_addr=addr, livereload=True, build_type="dirty", watch=watch)
    except OSError as error:
        print(f"Không mở được địa chỉ {addr} ({error.strerror}). Hãy thử --addr 127.0.0.1:8001.", file=sys.stderr)
        return 2
    return 0


def _poll_sooner() -> None:
    """MkDocs's preview server looks for changed files every 0.5 s, a quarter of the 2 s an edit
    may take to show. Every 0.25 s instead: a look over a 100,000-honoree archive's folders costs
    about 20 ms, so the preview uses under a tenth of a core while it waits."""
    import functools

    import mkdocs.commands.serve as mkdocs_serve_module
    from mkdocs.livereload import LiveReloadServer

    mkdocs_serve_module.LiveReloadServer = functools.partial(LiveReloadServer, polling_interval=0.25)


def _keep_installed_theme_listing() -> None:
    """MkDocs lists every file of the theme on every build (Material ships thousands of icons):
    half a second of each preview rebuild on its own. The installed theme does not change while
    the preview runs, so its listing is kept; the project's `overrides/` is listed every time."""
    import sysconfig

    import jinja2

    installed = sysconfig.get_paths()["purelib"]
    list_all = jinja2.FileSystemLoader.list_templates
    kept: dict[str, list[str]] = {}

    def list_templates(loader: jinja2.FileSystemLoader) -> list[str]:
        names: set[str] = set()
        for path in map(str, loader.searchpath):
            one = jinja2.FileSystemLoader(path, followlinks=loader.followlinks)
            if not path.startswith(installed):
                names.update(list_all(one))
                continue
            if path not in kept:
                kept[path] = list_all(one)
            names.update(kept[path])
        return sorted(names)

    jinja2.FileSystemLoader.list_templates = list_templates


def _show_mkdocs_log() -> None:
    """MkDocs's messages ("Serving on ...", "Documentation built in ...") on stderr, without its
    warning about dirty builds: the adapter renders again every page an edit changes."""
    import logging
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.addFilter(lambda record: "'dirty' build" not in record.getMessage())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def generate(config_path: Path, out: Path, today: dt.date) -> int:
    """Write the generated pages (Markdown files with HTML bodies) and files, for another renderer
    that reads mkdocs.yml: site name, address and campaigns folder come from it."""
    import yaml

    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    portal = (config.get("extra") or {}).get("portal") or {}
    root = config_path.parent / portal.get("campaigns", "campaigns")
    site = build_site(root, today, config.get("site_name", ""), portal.get("issuer", ""), config.get("site_url") or "/")
    for page in site.pages:
        target = out / page.src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.as_markdown(), encoding="utf-8")
    count = len(site.pages)
    for path, data in site.all_files():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        count += 1
    return count
