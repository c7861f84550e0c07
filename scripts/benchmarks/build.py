"""`scripts/portal bench`: how long the real build takes on a large reference archive.

Generates the archive (refdata.py) into a temporary folder, or into --keep (reused on the
next run if the parameters match), then times each stage in this process:

  check_s        thidua.load.load_archive alone (what `portal check` does), before the build
  then one cold build.build, with its own stage timings:
  load_validate  reading and checking the campaigns folder
  pages          thidua.pages.build_pages (the site as data)
  render         MkDocs wrapping the pages in the theme and writing them
  files          the files the renderer's process writes after the pages (where the build
                 cannot fork: all of them; else the print views, the archive-wide sheet and
                 the campaigns' XLSX the child has left: Site.all_files)
  search_records forking the child that indexes for search and writes most data files
  side_files     (in that child, beside the pages and render: not added to the total)
  search_wait    waiting for that child and Pagefind after the render
  publish        the rest of build.build (the atomic swap)

and prints ONE JSON line on stdout. Everything else the build prints goes to stderr.
Peak memory is the largest summed VmRSS of this process and all its descendants (the
search indexer runs as a child), polled from /proc in a background thread.
"""
from __future__ import annotations

import datetime as dt
import gc
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

TODAY = dt.date(2026, 6, 1)


# --- memory ---------------------------------------------------------------------------------

def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return kids
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", "rb") as f:
                kids += [int(x) for x in f.read().split()]
        except (OSError, ValueError):
            continue
    return kids


def _children_by_scan(root: int) -> list[int]:
    """Fallback when /proc/<pid>/task/<tid>/children is missing: parent links of every process."""
    parents: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents.setdefault(ppid, []).append(int(name))
    out, todo = [], [root]
    while todo:
        for kid in parents.get(todo.pop(), []):
            out.append(kid)
            todo.append(kid)
    return out


def tree_rss_kb(root: int | None = None) -> tuple[int, int]:
    """(VmRSS of a process, summed VmRSS of all its descendants), in KiB."""
    root = os.getpid() if root is None else root
    if os.path.exists(f"/proc/{root}/task/{root}/children"):
        pids, todo = [], [root]
        while todo:
            kids = _children(todo.pop())
            pids += kids
            todo += kids
    else:
        pids = _children_by_scan(root)
    return _rss_kb(root), sum(_rss_kb(p) for p in pids)


class GcTime:
    """Time spent in the cyclic garbage collector, per generation (it grows with the live heap)."""

    def __init__(self):
        self.seconds = [0.0, 0.0, 0.0]
        self.runs = [0, 0, 0]
        self._started = 0.0

    def _callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            generation = info.get("generation", 2)
            self.seconds[generation] += time.perf_counter() - self._started
            self.runs[generation] += 1

    def __enter__(self) -> "GcTime":
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc) -> None:
        gc.callbacks.remove(self._callback)


class PeakMemory:
    """Polls the process tree's RSS until stopped.

    `.peak_kb`: the largest sum over this process and its descendants (the search indexer);
    `.peak_children_kb`: the largest sum over the descendants alone.
    """

    def __init__(self, interval: float = 0.02):
        self.interval = interval
        self.peak_kb = self.peak_children_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-rss", daemon=True)

    def sample(self) -> None:
        own, children = tree_rss_kb()
        self.peak_kb = max(self.peak_kb, own + children)
        self.peak_children_kb = max(self.peak_children_kb, children)

    def _run(self) -> None:
        while True:
            self.sample()
            if self._stop.wait(self.interval):
                break

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


@contextmanager
def _stdout_to_stderr():
    """Keep stdout for the one JSON line: whatever MkDocs or a child process prints goes to stderr."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def _tree_size(path: Path) -> tuple[int, int]:
    """(bytes, files) under a folder."""
    total = files = 0
    for folder, _, names in os.walk(path):
        for name in names:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
                files += 1
            except OSError:
                pass
    return total, files


def _machine() -> dict:
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    try:
        memory_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // (1024 * 1024)
    except (ValueError, OSError):
        memory_mb = None
    try:
        from importlib.metadata import version
        mkdocs_version = version("mkdocs")
    except Exception:  # noqa: BLE001 - informational only
        mkdocs_version = None
    return {"cpus": os.cpu_count(), "cpus_usable": usable, "cpu_model": model, "memory_mb": memory_mb,
            "python": platform.python_version(), "implementation": platform.python_implementation(),
            "platform": platform.platform(), "mkdocs": mkdocs_version}


# --- the build benchmark ------------------------------------------------------------------------

def _work_root(args, prefix: str) -> tuple[Path, str | None, int, int]:
    """The benchmark's folder (kept with --keep, else temporary), size and seed."""
    keep = getattr(args, "keep", None)
    root = Path(keep).resolve() if keep else Path(tempfile.mkdtemp(prefix=prefix))
    root.mkdir(parents=True, exist_ok=True)
    return root, keep, int(args.honorees), int(args.seed)


def bench_build(args) -> int:
    from benchmarks import refdata
    from thidua.build import BESIDE_STAGES

    root, keep, honorees, seed = _work_root(args, "thidua-bench-")
    result: dict = {"honorees": honorees, "seed": seed, "today": TODAY.isoformat()}
    load_start = os.getloadavg()
    cpu_start = os.times()
    stages: dict[str, float] = {}
    try:
        with _stdout_to_stderr(), PeakMemory() as memory, GcTime() as collector:
            t = time.perf_counter()
            counts = refdata.reusable(root, honorees, seed) if keep else None
            if counts is None:
                counts = refdata.generate_archive(root, honorees, seed)
                result["archive_reused"] = False
            else:
                refdata.copy_site_config(root)  # the theme and config may have changed since
                result["archive_reused"] = True
            result["generate_s"] = round(time.perf_counter() - t, 3)
            result["campaigns"] = counts["campaigns"]
            result["archive"] = {k: counts.get(k) for k in ("individuals", "collectives", "decisions", "units",
                                                            "issuers", "years", "files", "bytes")}
            after_generate_kb = sum(tree_rss_kb())
            result.update(_timed_build(root, stages))
            result["rss_after_generate_mb"] = round(after_generate_kb / 1024, 1)
        result["stages_s"] = {k: round(v, 3) for k, v in stages.items()}
        # a cold `portal build`, without generating; what the other core did beside is not added
        result["total_s"] = round(sum(v for k, v in stages.items() if k not in BESIDE_STAGES), 3)
        cpu = os.times()
        result["cpu_s"] = {"self": round(cpu.user + cpu.system - cpu_start.user - cpu_start.system, 3),
                           "children": round(cpu.children_user + cpu.children_system
                                             - cpu_start.children_user - cpu_start.children_system, 3)}
        # Other work on the machine makes wall times noisy: compare loadavg with machine.cpus.
        result["loadavg"] = {"start": round(load_start[0], 2), "end": round(os.getloadavg()[0], 2)}
        result["gc_s"] = round(sum(collector.seconds), 3)
        result["gc_full_runs"] = collector.runs[2]
        result["gc_full_s"] = round(collector.seconds[2], 3)
        result["peak_rss_mb"] = round(memory.peak_kb / 1024, 1)
        result["peak_children_rss_mb"] = round(memory.peak_children_kb / 1024, 1)
        self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        result["ru_maxrss_self_mb"] = round(self_kb / 1024, 1)
        # Linux counts a child's RSS before exec (a vfork shares this process's pages), so this is
        # at least this process's RSS when the child started; peak_children_rss_mb is the child's own.
        result["ru_maxrss_children_mb"] = round(children_kb / 1024, 1)
        site = root / "site"
        result["site_bytes"], result["site_files"] = _tree_size(site)
        index = site / "pagefind"
        result["search_index_bytes"], result["search_index_files"] = _tree_size(index) if index.is_dir() else (0, 0)
        result["data_bytes"], _ = _tree_size(site / "data") if (site / "data").is_dir() else (0, 0)
        with _stdout_to_stderr():
            result["successor"] = _timed_successor(root)
        result["machine"] = _machine()
        result["root"] = str(root) if keep else None
    finally:
        remove_set_aside(root)
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


SET_ASIDE = ".bench-previous"  # a kept folder's last sites, removed when the benchmark is done


def set_aside(folder: Path) -> None:
    """Move a last run's site out of the way, to be removed once the timings are taken
    (remove_set_aside). Removed just before a build, its ~20,000 files would slow that build
    down by seconds on a file system such as ext4 without a journal, which, for half a minute,
    passes over each recently freed inode before it gives out a new one (the build creates as
    many): a cost of the benchmark's cleaning, not of the build."""
    if folder.exists():
        aside = folder.parent / SET_ASIDE
        aside.mkdir(exist_ok=True)
        folder.rename(Path(tempfile.mkdtemp(prefix=folder.name + "-", dir=aside)) / folder.name)


def remove_set_aside(root: Path) -> None:
    shutil.rmtree(root / SET_ASIDE, ignore_errors=True)


def _timed_build(root: Path, stages: dict[str, float]) -> dict:
    """`portal check` on its own, then one cold `portal build` (its own stage timings)."""
    from thidua import build, load
    from thidua.build import BESIDE_STAGES

    out: dict = {}
    t = time.perf_counter()
    archive, problems = load.load_archive(root / "campaigns")
    out["check_s"] = round(time.perf_counter() - t, 3)
    out["problems"] = {"errors": sum(p.severity == "error" for p in problems),
                       "warnings": sum(p.severity != "error" for p in problems)}
    out["honorees_loaded"] = sum(len(c.honorees) for c in archive.campaigns)
    del archive, problems
    gc.collect()

    set_aside(root / "site")  # a kept folder's last site: publish swaps into an empty place
    os.sync()  # the last run's writes reach the disk now, not during this build's timing
    t = time.perf_counter()
    result = build.build(root / "mkdocs.yml", root / "site", today=TODAY)
    wall = time.perf_counter() - t
    stages.update({key: float(value) for key, value in result.stages.items()})
    stages["publish"] = max(0.0, wall - sum(float(v) for k, v in result.stages.items() if k not in BESIDE_STAGES))
    out["build_s"] = round(wall, 3)
    out["pages"] = result.pages
    return out


def _timed_successor(root: Path) -> dict:
    """The same cold build through Material's successor (`build --renderer zensical`), after the
    MkDocs build and outside its memory and CPU figures: wall time and the route's stages."""
    from thidua import build
    from thidua.renderers.zensical.route import RendererMissing

    out = root / "site-zensical"
    set_aside(out)
    os.sync()
    t = time.perf_counter()
    try:
        result = build.build(root / "mkdocs.yml", out, today=TODAY, renderer="zensical")
    except RendererMissing as missing:
        return {"renderer": "zensical", "skipped": str(missing)}
    wall = time.perf_counter() - t
    return {"renderer": "zensical", "build_s": round(wall, 3), "pages": result.pages,
            "stages_s": {key: round(float(value), 3) for key, value in result.stages.items()},
            "site_bytes": _tree_size(out)[0]}


def _prepare(root: Path, honorees: int, seed: int, keep: bool) -> dict:
    """The reference archive in root: the kept one when it has these parameters, else a new one."""
    from benchmarks import refdata
    counts = refdata.reusable(root, honorees, seed) if keep else None
    if counts is None:
        counts = refdata.generate_archive(root, honorees, seed)
    else:
        refdata.copy_site_config(root)
    return counts
