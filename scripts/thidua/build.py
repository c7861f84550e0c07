"""The build pipeline: validate, render with MkDocs, write data files, index for search,
then publish atomically (the previous site stays untouched until everything succeeded).

This is the only module that drives MkDocs, and only through its public build API.
"""
from __future__ import annotations

import ctypes
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


def render_site(config_path: Path, site_dir: Path, today: dt.date, site_url: str | None = None) -> tuple:
    """Run MkDocs into site_dir; return (mkdocs config, the core's Site)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    os.environ["PORTAL_TODAY"] = today.isoformat()
    # MkDocs dates the sitemap from SOURCE_DATE_EPOCH: the build day, so builds are reproducible.
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.combine(today, dt.time(), dt.timezone.utc).timestamp()))
    overrides = {"site_dir": str(site_dir)}
    if site_url:
        overrides["site_url"] = site_url
    config = load_config(str(config_path), **overrides)
    from portal_mkdocs import campaigns_root
    site = build_site(campaigns_root(config), today, config.site_name, config.extra.get("portal", {}).get("issuer", ""),
                      config.site_url or "/")
    mkdocs_build(config)  # the adapter finds the same Site in build_site's cache
    return config, site


def build(config_path: Path, out: Path, today: dt.date | None = None, site_url: str | None = None,
          precompress: bool = False) -> BuildResult:
    from .search import build_records, index_records

    today = today or dt.date.today()
    started = time.perf_counter()
    stages: dict[str, float] = {}
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    clear_stale(out)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}-building-", dir=out.parent))
    work.chmod(0o755)  # mkdtemp makes it private; the web server must read the published site
    try:
        t = time.perf_counter()
        config, site = render_site(config_path, work, today, site_url)
        stages.update(site.timings)  # load_validate, pages and files, timed where they happen
        stages["render"] = time.perf_counter() - t - sum(site.timings.values())
        t = time.perf_counter()
        records = build_records(site.archive.published, today, work, content_paths(Path(config.docs_dir)))
        pages = len(site.pages)
        del site
        release_memory()  # Pagefind runs beside this process: give back the pages first
        index_records(records, work)
        del records
        stages["search"] = time.perf_counter() - t
        if precompress:
            from .deploy import precompress as compress
            t = time.perf_counter()
            compress(work)
            stages["precompress"] = time.perf_counter() - t
        publish(work, out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return BuildResult(out, pages, time.perf_counter() - started, stages, config.site_url or "")


def release_memory() -> None:
    """Drop the cached site (pages and files, hundreds of MB for a large archive) and return the
    freed memory to the system, so the search indexer, a separate process, has it."""
    import gc
    from . import site as site_module
    site_module.forget()
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def content_paths(docs_dir: Path) -> list[str]:
    """Site paths of the hand-written Markdown pages (content/x.md -> "x/")."""
    paths = []
    for md in sorted(docs_dir.rglob("*.md")):
        rel = md.relative_to(docs_dir).with_suffix("").as_posix()
        paths.append("" if rel == "index" else (rel[: -len("index")] if rel.endswith("/index") else rel + "/"))
    return paths


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
    config = load_config(str(config_path))
    watch = [str(campaigns_root(config)), str(config_path.resolve().parent / "overrides")]
    try:
        mkdocs_serve(str(config_path), dev_addr=addr, livereload=True, build_type="dirty", watch=watch)
    except OSError as error:
        print(f"Không mở được địa chỉ {addr} ({error.strerror}). Hãy thử --addr 127.0.0.1:8001.", file=sys.stderr)
        return 2
    return 0


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
