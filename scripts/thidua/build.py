"""The build pipeline: validate, render with MkDocs, write data files, index for search,
then publish atomically (the previous site stays untouched until everything succeeded).

This is the only module that drives MkDocs, and only through its public build API.
"""
from __future__ import annotations

import ctypes
import fcntl
import gc
import datetime as dt
import os
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .owners import clear_unowned, make_owned_dir
from .site import build_site

# Written into every site a build publishes: a folder holding it may be replaced by the next build.
MARKER = ".portal-site"
MARKER_TEXT = ("Thư mục này do 'scripts/portal build' dựng; lần dựng sau sẽ thay toàn bộ nội dung của nó.\n"
               "This folder was built by 'scripts/portal build'; the next build replaces all of it.\n")


@dataclass
class BuildResult:
    out: Path
    pages: int
    seconds: float
    stages: dict
    site_url: str = ""


class OutputRefused(Exception):
    """The output folder given to a build is unsafe to replace; the message says why, in Vietnamese."""


def mkdocs_config(config_path: Path, today: dt.date, site_url: str | None = None):
    """The config as MkDocs reads it; the build sets site_dir to its work folder afterwards."""
    from mkdocs.config import load_config

    os.environ["PORTAL_TODAY"] = today.isoformat()
    # MkDocs dates the sitemap from SOURCE_DATE_EPOCH: the build day, so builds are reproducible.
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.combine(today, dt.time(), dt.timezone.utc).timestamp()))
    return load_config(str(config_path), **({"site_url": site_url} if site_url else {}))


def build(config_path: Path, out: Path, today: dt.date | None = None, site_url: str | None = None,
          precompress: bool = False) -> BuildResult:
    """Check that out may be replaced, then build into a work folder beside it and publish, one
    build per output at a time (OutputRefused if out is unsafe)."""
    today = today or dt.date.today()
    started = time.perf_counter()
    out = out.resolve()
    config = mkdocs_config(config_path, today, site_url)
    check_output(out, project_sources(config))
    out.parent.mkdir(parents=True, exist_ok=True)
    with output_lock(out):
        clear_stale(out)
        work = make_owned_dir(f".{out.name}-building-", out.parent)
        work.chmod(0o755)  # mkdtemp makes it private; the web server must read the published site
        config.site_dir = str(work)
        page_count, stages = _build_into(config, work, out, today, precompress)
    return BuildResult(out, page_count, time.perf_counter() - started, stages, config.site_url or "")


def _build_into(config, work: Path, out: Path, today: dt.date, precompress: bool) -> tuple[int, dict]:
    """Load and lay out the site; start Pagefind on the search records; render with MkDocs while
    Pagefind indexes (two cores); then, Pagefind done, write the data files; publish work as out."""
    from mkdocs.commands.build import build as mkdocs_build
    from portal_mkdocs import campaigns_root

    from .search import Indexing, build_records, content_records

    stages: dict[str, float] = {}
    indexing = None
    try:
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
        (work / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        publish(work, out)
    except BaseException:
        if indexing is not None:
            indexing.stop()
        gc.unfreeze()  # a failed build leaves nothing frozen in a process that goes on
        shutil.rmtree(work, ignore_errors=True)
        raise
    return page_count, stages


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


def project_sources(config) -> list[tuple[Path, str]]:
    """What a build must never replace: the project folder and its sources, with their names."""
    from portal_mkdocs import campaigns_root

    root = Path(config.config_file_path).resolve().parent
    sources = [(root, "thư mục dự án"), (Path(config.config_file_path), "tệp cấu hình"),
               (campaigns_root(config), "thư mục dữ liệu phong trào"), (Path(config.docs_dir), "thư mục trang viết tay"),
               (root / "overrides", "thư mục giao diện"), (root / "scripts", "thư mục mã nguồn"),
               (root / "tests", "thư mục kiểm thử"), (root / ".git", "kho git"),
               (Path(__file__).resolve().parent.parent, "thư mục mã nguồn")]
    if config.theme.custom_dir:
        sources.append((Path(config.theme.custom_dir), "thư mục giao diện"))
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
