"""The files stage on its own: CPU and memory of writing a built archive's other files
(Site.files: the campaigns' data files and print views, feeds, embed block; then
Site.archive_files: the archive-wide data/*.json, .csv, .xlsx) into a fresh folder.

    cd scripts && ../.venv/bin/python -m benchmarks.files --archive /tmp/bk100k --out /tmp/files-bench

The archive is a folder with mkdocs.yml and campaigns/ (`portal bench --keep DIR` makes one). It
is loaded and laid out first (not timed); then each part is written with handoff.write_files,
in one process (the build writes Site.side_files in its forked child and the archive-wide
sheet in its own process: see build.py). CPU is process time (every thread: the XLSX deflate runs in one); memory is
this process's VmRSS, polled every 5 ms: the peak of each part above the RSS it started from,
and for each archive-wide file the peak while it was made. Prints ONE JSON line.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import shutil
import threading
import time
from pathlib import Path

TODAY = dt.date(2026, 6, 1)


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class _Peak:
    """The largest RSS since the last reset(), polled by a thread of its own."""

    def __init__(self) -> None:
        self.value = _rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-files-rss", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.005):
            self.value = max(self.value, _rss_mb())

    def reset(self) -> float:
        """The peak so far; then start again from now."""
        peak, self.value = max(self.value, _rss_mb()), _rss_mb()
        return peak

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _each(files, peak: _Peak, report: dict):
    """The files as they come, noting for each the peak RSS while it was made."""
    for path, data in files:
        report[path] = {"peak_mb": round(peak.reset(), 1), "mb": round(len(data) / 2**20, 1)}
        yield path, data
        del data
        peak.reset()  # written and let go: the next file's peak is its own


def measure(archive: Path, out: Path) -> dict:
    from thidua.renderers import config
    from thidua.renderers.handoff import write_files
    from thidua.site import build_site

    portal = config.load(archive / "mkdocs.yml")
    site = build_site(portal.campaigns, TODAY, portal.site_name, portal.issuer, portal.url())
    for page in site.pages:
        page.release()
    site.pages_written()
    gc.collect()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    result: dict = {"archive": str(archive), "honorees": sum(len(c.honorees) for c in site.archive.published)}
    peak = _Peak()
    start = _rss_mb()
    result["start_rss_mb"] = round(start, 1)
    for name, files, per_file in (("files", site.files(), False), ("archive_files", site.archive_files(), True)):
        before, cpu = _rss_mb(), time.process_time()
        peak.reset()
        made: dict = {}
        write_files(_each(files, peak, made) if per_file else files, out)
        part_peak = max([peak.reset(), *(f["peak_mb"] for f in made.values())])
        result[name] = {"cpu_s": round(time.process_time() - cpu, 2), "peak_mb": round(part_peak, 1),
                        "peak_above_start_mb": round(part_peak - before, 1)}
        if per_file:
            result[name]["made"] = made
    peak.stop()
    result["written_mb"] = round(sum(f.stat().st_size for f in out.rglob("*") if f.is_file()) / 2**20, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--archive", type=Path, default=Path("/tmp/bk100k"), help="folder with mkdocs.yml")
    parser.add_argument("--out", type=Path, default=Path("/tmp/portal-files-bench"), help="emptied, then written")
    args = parser.parse_args()
    print(json.dumps(measure(args.archive, args.out), ensure_ascii=False))


if __name__ == "__main__":
    main()
