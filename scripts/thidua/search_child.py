"""The other core's work, beside the render: a forked process makes the search records, writes
Pagefind's stubs and the names index, does the build's side work (the campaigns' data files),
then becomes Pagefind (exec).

`search.Indexing` makes the records and the names index in the build's own process before the
render can start (at 100,000 honorees, 6-10 s on one core while the other waits). Here the
build forks as soon as the archive is read and goes on laying out and rendering the pages; the
child does that work, then replaces itself by the Pagefind binary, so its own memory (the
records, the data files, and the archive it shares with the build) is gone while Pagefind
indexes. What the child made is the same as search.Indexing's, byte for byte: the same
records, stubs and names index.

The child tells the build, through a pipe, how many entries a reader can find, where the stubs
are and how long the side work took (or why it failed); Pagefind's own output goes to a file
beside the index, read when it fails.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import tempfile
import time
import traceback
from pathlib import Path
from typing import Callable

from . import search_names
from .search import (KIND_CAMPAIGN, KIND_PERSON, KIND_UNIT, SCRATCH_PREFIX, UNUSED_BUNDLE_FILES, Record, entries,
                     new_scratch, scratch_dir, write_stubs)

NAMES = ".names"  # the names index, beside Pagefind's output until Pagefind is done with it
LOG = ".pagefind.log"


def can_fork() -> bool:
    return hasattr(os, "fork") and hasattr(os, "execv")


def pagefind_executable() -> str:
    from pagefind_bin import get_executable  # what `python -m pagefind_bin` would exec
    return str(get_executable().absolute())


class ForkedIndexing:
    """Like search.Indexing (`wait`, `stop`, `entries` after `wait`), with the records made by
    make_records in the forked child. `side_work`, if given, is more of the build's work for the
    other core: the child does it after the records and before it becomes Pagefind, so the two
    never hold their memory at once (`side_seconds` after `wait`: how long it took)."""

    def __init__(self, make_records: Callable[[], list[Record]], site_dir: Path,
                 side_work: Callable[[], None] | None = None):
        self.entries = 0
        self.side_seconds = 0.0
        self._dir = site_dir
        self._output = site_dir / "pagefind"
        for old in (self._output, site_dir / NAMES):
            if old.exists():
                shutil.rmtree(old)
        site_dir.mkdir(parents=True, exist_ok=True)
        binary = pagefind_executable()  # before the fork: a missing binary fails here, in the build
        build = os.getpid()
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(read_end)
            _child(make_records, side_work, site_dir, binary, write_end, build)
        os.close(write_end)
        self._pid: int | None = pid
        self._pipe = read_end

    def _report(self) -> dict:
        """What the child said before it became Pagefind (or failed): {} if it said nothing."""
        chunks = []
        while chunk := os.read(self._pipe, 65536):
            chunks.append(chunk)
        os.close(self._pipe)
        return json.loads(b"".join(chunks)) if chunks else {}

    def wait(self) -> int:
        """Wait for the child and Pagefind; return the number of entries a reader can find."""
        if self._pid is None:
            return self.entries
        report = self._report()
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        code = os.waitstatus_to_exitcode(status)
        _remove_stubs(report)
        log = self._dir / LOG
        output = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        log.unlink(missing_ok=True)
        if "error" in report:
            raise RuntimeError(f"Search records or side work failed:\n{report['error']}")
        if "entries" not in report:  # killed (out of memory?) before it said anything
            raise RuntimeError(f"The search child stopped ({code}) before Pagefind started.")
        if code != 0:
            raise RuntimeError(f"Pagefind failed ({code}):\n{output}")
        for name in UNUSED_BUNDLE_FILES:
            (self._output / name).unlink(missing_ok=True)
        names = self._dir / NAMES
        for entry in names.iterdir():
            os.replace(entry, self._output / entry.name)
        names.rmdir()
        self.entries = report["entries"]
        self.side_seconds = report.get("side_s", 0.0)
        return self.entries

    def stop(self) -> None:
        """Stop the child or Pagefind (the build failed elsewhere) and remove the stubs."""
        if self._pid is None:
            return
        pid, self._pid = self._pid, None
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        try:
            report = self._report()
        except (OSError, ValueError):
            report = {}
        _remove_stubs(report)


def _remove_stubs(report: dict) -> None:
    """The child's stubs, where it said they are; if it was killed before it said so, they are
    found by name (named after the build, this process)."""
    if report.get("scratch"):
        shutil.rmtree(report["scratch"], ignore_errors=True)
    parent = Path(scratch_dir() or tempfile.gettempdir())
    for folder in parent.glob(f"{SCRATCH_PREFIX}{os.getpid()}-*"):
        shutil.rmtree(folder, ignore_errors=True)


# Pagefind indexes on every core, at a lower priority than the build's process: while the render
# goes on, the render keeps its core (at the same priority, three threads on two cores would
# give it two thirds of one), and once it is done Pagefind has both. The price: on a machine busy
# with other work, Pagefind gets less of it than its share.
PAGEFIND_NICENESS = 10


def _yield_to_render() -> None:
    try:
        os.nice(PAGEFIND_NICENESS)
    except OSError:
        pass  # not allowed here: Pagefind shares the cores evenly, as any process would


def _child(make_records, side_work, site_dir: Path, binary: str, pipe: int, build: int) -> None:
    scratch = None
    try:
        records = make_records()
        count = entries(records)
        scratch = new_scratch(build)  # named after the build: if it is killed, the next build removes it
        write_stubs(records, Path(scratch.name))
        names = search_names.build(records, (KIND_PERSON, KIND_CAMPAIGN, KIND_UNIT))
        del records
        search_names.write(names, site_dir / NAMES)
        del names
        started = time.perf_counter()
        if side_work is not None:
            side_work()
        side = time.perf_counter() - started
        log = os.open(site_dir / LOG, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.write(pipe, json.dumps({"entries": count, "scratch": scratch.name, "side_s": side}).encode("utf-8"))
        os.close(pipe)
        _yield_to_render()
        os.execv(binary, [binary, "--site", scratch.name, "--output-path", str(site_dir / "pagefind"),
                          "--force-language", "vi", "--quiet"])
    except BaseException:
        try:
            if scratch is not None:
                shutil.rmtree(scratch.name, ignore_errors=True)
            os.write(pipe, json.dumps({"error": traceback.format_exc()[-60000:]}).encode("utf-8"))
        finally:
            os._exit(1)
