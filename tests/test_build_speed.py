"""The build's work that runs beside the render (issue 13: the 100k build on two cores): the
search index made in a forked child that becomes Pagefind, and a large sheet compressed by a
thread while its XML is made. Each gives what doing it in turn gives, fails loudly, and leaves
nothing behind."""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import signal
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import ROOT
from thidua import build as build_module, export, search_child
from thidua.renderers import config as portal_config
from thidua.search import SCRATCH_PREFIX, Indexing, scratch_dir
from thidua.site import Claims, build_site

TODAY = dt.date(2025, 9, 1)
NOT_REPRODUCIBLE = re.compile(r"^(filter/.*\.pf_filter|pagefind\.vi_\w+\.pf_meta|pagefind-entry\.json)$")


@pytest.fixture(scope="module")
def records_of_example():
    portal = portal_config.load(ROOT / "mkdocs.yml")
    site = build_site(portal.campaigns, TODAY, portal.site_name, portal.issuer, portal.url())
    return lambda: build_module.search_records(site.archive, portal, TODAY)


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(pid: int) -> list[Path]:
    return list(Path(scratch_dir() or tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}{pid}-*"))


def test_the_forked_index_is_the_one_made_in_the_build_process(records_of_example, tmp_path):
    made_in = tmp_path / "pid"

    def records():
        made_in.write_text(str(os.getpid()))
        return records_of_example()

    alone = Indexing(records_of_example(), tmp_path / "a")
    count = alone.wait()
    forked = search_child.ForkedIndexing(records, tmp_path / "b")
    assert forked.wait() == count > 100
    assert int(made_in.read_text()) != os.getpid()  # the build's process went on meanwhile
    a, b = files_under(tmp_path / "a" / "pagefind"), files_under(tmp_path / "b" / "pagefind")
    # Every file byte for byte (the names index included), but for those Pagefind writes in an
    # order of its own from run to run (test_hardening.NOT_REPRODUCIBLE), which are as many.
    same = {path: data for path, data in a.items() if not NOT_REPRODUCIBLE.match(path)}
    assert {path: b.get(path) for path in same} == same
    assert len(a) == len(b) and any(path.startswith("ten/") for path in same)
    assert not any(path.startswith("pagefind-ui") for path in b)
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["pagefind"]  # no log, no names folder left
    assert not leftovers(os.getpid())


def test_a_failure_in_the_child_is_the_builds_error_and_leaves_no_stubs(tmp_path):
    def records():
        raise ValueError("bản ghi hỏng")

    forked = search_child.ForkedIndexing(records, tmp_path)
    with pytest.raises(RuntimeError, match="bản ghi hỏng"):
        forked.wait()
    assert not leftovers(os.getpid())


def test_the_side_work_runs_in_the_child_before_pagefind_and_its_failure_fails_the_build(records_of_example,
                                                                                         tmp_path):
    done_in = tmp_path / "side"

    def side_work():  # in the child, once the stubs are written and before Pagefind has begun
        started = (tmp_path / "a" / "pagefind").exists()
        done_in.write_text(f"{os.getpid()} {started}")

    forked = search_child.ForkedIndexing(records_of_example, tmp_path / "a", side_work=side_work)
    assert forked.wait() > 100
    pid, pagefind_started = done_in.read_text().split()
    assert int(pid) != os.getpid() and pagefind_started == "False"

    def fails():
        raise OSError("ổ đĩa đầy")

    forked = search_child.ForkedIndexing(records_of_example, tmp_path / "b", side_work=fails)
    with pytest.raises(RuntimeError, match="ổ đĩa đầy"):
        forked.wait()
    assert not leftovers(os.getpid())  # the stubs made before the side work are gone too

    def killed():  # as the system's out-of-memory killer would
        os.kill(os.getpid(), signal.SIGKILL)

    forked = search_child.ForkedIndexing(records_of_example, tmp_path / "c", side_work=killed)
    with pytest.raises(RuntimeError, match="before Pagefind started"):
        forked.wait()
    assert not leftovers(os.getpid())  # it never said where its stubs were: found by name


def test_stopping_kills_the_child_and_removes_its_stubs(records_of_example, tmp_path):
    def records():
        made = records_of_example()
        time.sleep(60)  # the build failed elsewhere meanwhile
        return made

    forked = search_child.ForkedIndexing(records, tmp_path)
    child = forked._pid
    started = time.monotonic()
    forked.stop()
    assert time.monotonic() - started < 5
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)  # gone, and reaped
    assert not leftovers(os.getpid())


def test_a_large_sheet_compressed_beside_is_the_sheet_written_in_turn(monkeypatch):
    rows = [{"id": f"nguoi-{i}", "loai": "Cá nhân", "ho_ten": f"Nguyễn Văn {i}", "don_vi": "Sở Nội vụ",
             "hinh_thuc": "Giấy khen", "ngay_quyet_dinh": "15/08/2025", "nam": 2025, "url": f"/p/#{i}"}
            for i in range(5000)]  # many chunks
    beside = export.to_xlsx(rows, "DANH SÁCH")

    def in_turn(stream, chunks):
        for chunk in chunks:
            stream.write(chunk)

    monkeypatch.setattr(export, "_write_beside", in_turn)
    assert export.to_xlsx(rows, "DANH SÁCH") == beside
    sheet = openpyxl.load_workbook(io.BytesIO(beside)).active
    assert sheet.max_row == 5002 and sheet["C5002"].value == "Nguyễn Văn 4999"
    assert zipfile.ZipFile(io.BytesIO(beside)).testzip() is None


def test_a_one_off_build_keeps_no_page_body_and_a_preview_does(tmp_path):
    from thidua.build import build
    from thidua.memo import MEMO, Memo
    made = []
    memo = Memo()
    memo.keep_page_bodies = False  # as `portal build` sets it
    for _ in range(2):
        memo.get("unit page", (), ("don-vi/a/",), lambda: made.append(1) or "<p>thân trang</p>")
    assert len(made) == 2 and not memo._current  # made each time it is asked, never held
    memo.keep_page_bodies = True  # a preview's next build may ask again
    for _ in range(2):
        memo.get("unit page", (), ("don-vi/a/",), lambda: made.append(1) or "<p>thân trang</p>")
    assert len(made) == 3
    build(ROOT / "mkdocs.yml", tmp_path / "site", today=TODAY)
    assert MEMO.keep_page_bodies  # what the build set is undone for whatever runs next in the process


def test_the_files_written_beside_the_render_and_after_it_are_every_file_once():
    portal = portal_config.load(ROOT / "mkdocs.yml")
    site = build_site(portal.campaigns, TODAY, portal.site_name, portal.issuer, portal.url())
    every = [path for path, _ in site.files()] + [path for path, _ in site.archive_files()]
    site.files_elsewhere = True
    try:
        split = [path for path, _ in site.side_files()] + [path for path, _ in site.all_files()]
    finally:
        site.files_elsewhere = False
    assert sorted(split) == sorted(every) and len(set(every)) == len(every) > 20


def test_a_build_without_fork_publishes_the_same_site(tmp_path, monkeypatch):
    from thidua.build import build
    build(ROOT / "mkdocs.yml", tmp_path / "forked", today=TODAY)
    monkeypatch.setattr(search_child, "can_fork", lambda: False)
    build(ROOT / "mkdocs.yml", tmp_path / "alone", today=TODAY)
    def reproducible(folder: Path) -> dict[str, bytes]:  # all but Pagefind's files named or ordered anew each run
        return {path: data for path, data in files_under(folder).items()
                if not NOT_REPRODUCIBLE.match(path.removeprefix("pagefind/"))}

    forked, alone = reproducible(tmp_path / "forked"), reproducible(tmp_path / "alone")
    assert forked == alone and len(forked) > 200
    assert len(files_under(tmp_path / "forked")) == len(files_under(tmp_path / "alone"))


def test_the_campaigns_sheets_go_once_each_to_whichever_process_asks_first():
    """Site.sheets: the search child makes campaigns' XLSX until the build's process, done with
    its own files, asks for the rest; between them each is made once."""
    claims = Claims(500)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read)
            with os.fdopen(write, "w") as out:
                out.write(" ".join(map(str, claims.take(until_closed=True))))
        finally:
            os._exit(0)
    os.close(write)
    claims.close()
    mine = list(claims.take())
    with os.fdopen(read) as pipe:
        theirs = [int(n) for n in pipe.read().split()]
    os.waitpid(pid, 0)
    assert sorted(mine + theirs) == list(range(500))
    assert list(claims.take()) == [] and list(Claims(3).take()) == [0, 1, 2]
    closed = Claims(3)
    closed.close()
    assert list(closed.take(until_closed=True)) == [] and list(closed.take()) == [0, 1, 2]
