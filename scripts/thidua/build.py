"""The build pipeline: validate, render with a renderer (MkDocs, or Zensical), write data files,
index for search, then publish atomically (the previous site stays untouched until everything
succeeded).

The renderers live behind renderers/: this module picks one by name and never imports it before.
"""
from __future__ import annotations

import ctypes
import fcntl
import gc
import datetime as dt
import importlib
import os
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .load import fewer_collections
from .memo import MEMO
from .owners import clear_unowned, make_owned_dir
from .renderers import config as portal_config
from .renderers.handoff import search_records, start_index, write_files
from .site import Site, build_site

# Written into every site a build publishes: a folder holding it may be replaced by the next build.
MARKER = ".portal-site"
MARKER_TEXT = ("Thư mục này do 'scripts/portal build' dựng; lần dựng sau sẽ thay toàn bộ nội dung của nó.\n"
               "This folder was built by 'scripts/portal build'; the next build replaces all of it.\n")

# The renderers `build --renderer` takes: name -> the module of its route (`render`).
RENDERERS = {"mkdocs": "thidua.renderers.mkdocs.route", "zensical": "thidua.renderers.zensical.route"}
DEFAULT_RENDERER = "mkdocs"
INDEX_FOLDER = ".search-index"  # Pagefind's output while the renderer works: hidden, so MkDocs's clean keeps it
FILES_FOLDER = ".other-files"  # Site.side_files, written on the other core, moved into the site at the end
# Stages timed on the other core, beside the others: a build's time is the sum of the rest.
BESIDE_STAGES = ("side_files",)


@dataclass
class BuildResult:
    out: Path
    pages: int
    seconds: float
    stages: dict
    site_url: str = ""
    renderer: str = DEFAULT_RENDERER


class OutputRefused(Exception):
    """The output folder given to a build is unsafe to replace; the message says why, in Vietnamese."""


def renderer_route(name: str):
    """The route module of a renderer (renderers/<name>/route.py), imported only now."""
    if name not in RENDERERS:
        raise ValueError(f"Không có trình dựng '{name}'; dùng một trong: {', '.join(RENDERERS)}.")
    return importlib.import_module(RENDERERS[name])


def reproducible(today: dt.date) -> None:
    """Renderers date the sitemap from SOURCE_DATE_EPOCH: the build day, so builds are reproducible."""
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.combine(today, dt.time(), dt.timezone.utc).timestamp()))


def build(config_path: Path, out: Path, today: dt.date | None = None, site_url: str | None = None,
          precompress: bool = False, renderer: str = DEFAULT_RENDERER) -> BuildResult:
    """Check that out may be replaced, then build into a work folder beside it and publish, one
    build per output at a time (OutputRefused if out is unsafe)."""
    today = today or dt.date.today()
    started = time.perf_counter()
    out = out.resolve()
    portal = portal_config.load(config_path).with_site_url(site_url)
    route = renderer_route(renderer)
    check_output(out, project_sources(portal))
    reproducible(today)
    out.parent.mkdir(parents=True, exist_ok=True)
    with output_lock(out):
        clear_stale(out)
        work = make_owned_dir(f".{out.name}-building-", out.parent)
        MEMO.keep_page_bodies = False  # a one-off build: no next build will ask for a page body again
        try:
            with fewer_collections():
                page_count, stages = _build_into(route, portal, work, out, today, precompress)
        finally:
            MEMO.keep_page_bodies = True
            shutil.rmtree(work, ignore_errors=True)  # published or failed: what is left is the work's
    return BuildResult(out, page_count, time.perf_counter() - started, stages, portal.url(), renderer)


def _build_into(route, portal, work: Path, out: Path, today: dt.date, precompress: bool) -> tuple[int, dict]:
    """Load the archive; on the other core, index it for search and write most other files
    (_start_other_core); meanwhile lay out the site and render it, then write the print views,
    the archive-wide sheet and the campaigns' XLSX the other core left (Site.all_files); publish
    the rendered site, with the other core's work, as out."""
    stages: dict[str, float] = {}
    indexing = None

    def start_other_core(site: Site) -> None:
        nonlocal indexing
        t = time.perf_counter()
        indexing = _start_other_core(site, portal, today, work)
        stages["search_records"] = time.perf_counter() - t  # a fork; without one, the records themselves

    try:
        site = build_site(portal.campaigns, today, portal.site_name, portal.issuer, portal.url(),
                          loaded=start_other_core)
        gc.freeze()  # the archive lives until the end: the collector's full passes need not walk it again
        site.after_pages.append(trim_heap)  # what only the pages needed goes back before the files
        t = time.perf_counter()
        rendered = route.render(site, portal, work, today)
        stages.update(site.timings)  # load_validate, pages, files (and handoff), timed where they happen
        stages["render"] = time.perf_counter() - t - site.timings["files"] - site.timings.get("handoff", 0.0)
        _timed(stages, "search_wait", indexing.wait)
        stages["side_files"] = getattr(indexing, "side_seconds", 0.0)
        os.replace(work / INDEX_FOLDER / "pagefind", rendered / "pagefind")
        (work / INDEX_FOLDER).rmdir()
        if site.files_elsewhere:
            merge_into(work / FILES_FOLDER, rendered)
        page_count = len(site.pages)
        del site
        release_memory()
        if precompress:
            from .deploy import precompress as compress
            t = time.perf_counter()
            compress(rendered)
            stages["precompress"] = time.perf_counter() - t
        (rendered / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        rendered.chmod(0o755)  # a work folder is private (mkdtemp); the web server must read the published site
        publish(rendered, out)
    except BaseException:
        if indexing is not None:
            indexing.stop()
        release_memory()  # a failed build leaves nothing cached (its site says its files are elsewhere) or frozen
        raise
    return page_count, stages


def _start_other_core(site: Site, portal, today: dt.date, work: Path):
    """Index the archive for search and write most of its other files (Site.side_files) in a forked child
    that then becomes Pagefind, so the pages are laid out and rendered meanwhile; where there is
    no fork, index in a process of our own and let the renderer write every file."""
    from . import search_child
    if not search_child.can_fork():
        indexing = start_index(site.archive, portal, today, work / INDEX_FOLDER)
        trim_heap()  # the records are written out: their memory goes back before Pagefind needs its own
        return indexing
    # The archive lives until the end: neither process's collector need walk it again (in the
    # child, a full pass would write to every object it shares with the build, copying them).
    gc.freeze()
    (work / FILES_FOLDER).mkdir()
    site.share_sheets()
    indexing = search_child.ForkedIndexing(lambda: search_records(site.archive, portal, today), work / INDEX_FOLDER,
                                           side_work=lambda: write_files(site.side_files(), work / FILES_FOLDER))
    site.files_elsewhere = True
    return indexing


def merge_into(source: Path, target: Path) -> None:
    """Move every file of source into the same place under target (replacing what is there),
    a whole folder at once where target has none; then remove source."""
    for entry in list(os.scandir(source)):  # listed first: its entries move away meanwhile
        there = target / entry.name
        if entry.is_dir(follow_symlinks=False) and there.is_dir():
            merge_into(Path(entry.path), there)
        else:
            os.replace(entry.path, there)
    source.rmdir()


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
    """Remove work folders left by builds that were killed, never one a live build is writing."""
    clear_unowned(out.parent, f".{out.name}-building-", unnamed_age=0)


@contextmanager
def output_lock(out: Path):
    """One build per output at a time: a second one waits for the first. The lock file beside the
    output (`.site-lock`) holds the pid of the build that has it; the system releases the lock
    when that build ends, killed or not, and a build that ends removes the file."""
    path = out.with_name(f".{out.name}-lock")
    fd = _locked(path, out)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        path.unlink(missing_ok=True)  # still holding the lock: a build waiting on this file tries again
        os.close(fd)


def _locked(path: Path, out: Path) -> int:
    """Open path and take its lock, waiting (once told) while another build has it. A lock won on
    a file that its holder removed meanwhile does not count: the next build may have a new one."""
    told = False
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not told:
                    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
                    print(f"Đang có một lần dựng khác (tiến trình {holder}) ghi vào {out}. Lần dựng này chờ lần "
                          "kia xong rồi mới bắt đầu; bấm Ctrl-C nếu không muốn chờ.", file=sys.stderr, flush=True)
                    told = True
                fcntl.flock(fd, fcntl.LOCK_EX)
            if path.exists() and os.stat(path).st_ino == os.fstat(fd).st_ino:
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)


def project_sources(portal) -> list[tuple[Path, str]]:
    """What a build must never replace: the project folder and its sources, with their names."""
    root = portal.root
    sources = [(root, "thư mục dự án"), (portal.file, "tệp cấu hình"),
               (portal.campaigns, "thư mục dữ liệu phong trào"), (portal.docs_dir, "thư mục trang viết tay"),
               (root / "overrides", "thư mục giao diện"), (root / "scripts", "thư mục mã nguồn"),
               (root / "tests", "thư mục kiểm thử"), (root / ".git", "kho git"),
               (Path(__file__).resolve().parent.parent, "thư mục mã nguồn")]
    if portal.custom_dir:
        sources.append((portal.custom_dir, "thư mục giao diện"))
    return [(path.resolve(), label) for path, label in sources]


def check_output(out: Path, sources: list[tuple[Path, str]]) -> None:
    """Refuse an output whose replacement would destroy something: a source of the project, a file,
    or a folder with content the portal did not make. out is resolved."""
    root = sources[0][0]
    for source, label in sources:
        if out == source:
            _refuse(out, f"đây là {label}")
        if out in source.parents:
            _refuse(out, f"thư mục này chứa {label} ({source})")
        if source != root and source in out.parents:
            _refuse(out, f"thư mục này nằm trong {label} ({source})")
    existing = next(p for p in (out, *out.parents) if p.exists() or p.is_symlink())
    if not existing.is_dir():
        _refuse(out, "đây là một tệp, không phải thư mục" if existing == out else f"{existing} là một tệp")
    if existing == out and out != root / "site" and not (out / MARKER).exists() and any(out.iterdir()):
        _refuse(out, f"thư mục đã có nội dung nhưng không do cổng dựng (không có tệp {MARKER}), nên sẽ không bị "
                     "xoá. Nếu chắc chắn không cần nội dung đó, hãy tự xoá thư mục rồi dựng lại")


def _refuse(out: Path, reason: str):
    raise OutputRefused(f"Không dựng vào {out}: {reason}. Không có gì bị xoá. "
                        "Hãy chọn một thư mục chưa có hoặc còn trống, ví dụ --out site.")
