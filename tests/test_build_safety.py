"""What a build may and may not do to the machine it runs on: two builds at once, an output that
is the project itself, script in mkdocs.yml, a killed build's scratch folders, and what of the
search index differs between two builds of the same input."""
from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import queue
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from browser import chromium, serve
from conftest import ROOT
from thidua.build import MARKER, OutputRefused, build
from thidua.deploy import inline_script_hashes, nginx_config
from thidua.search import scratch_dir

TODAY = dt.date(2025, 9, 1)
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}


def copy_project(tmp_path: Path) -> Path:
    """The repository without its virtualenv and outputs, plus stand-ins for tests/ and .git/."""
    project = tmp_path / "project"
    ignore = shutil.ignore_patterns("*.pyc", "__pycache__", ".venv", "site", ".git", "tests", ".site-*")
    shutil.copytree(ROOT, project, ignore=ignore, symlinks=True)
    (project / "tests").mkdir()
    (project / "tests" / "test_x.py").write_text("def test_x():\n    pass\n", encoding="utf-8")
    (project / ".git").mkdir()
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    return project


def build_command(project: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "thidua.cli", "build", "--today", TODAY.isoformat(),
            "--config", str(project / "mkdocs.yml"), "--out", str(out)]


def wait_for(predicate, timeout: float = 60, every: float = 0.005):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(every)
    raise AssertionError("timed out")


def first_line_with(stream, text: str, timeout: float = 60) -> str:
    """The first line of a process's output that holds text; fails if none comes in time."""
    lines: queue.Queue[str | None] = queue.Queue()

    def read():
        for line in stream:
            lines.put(line)
        lines.put(None)
    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + timeout
    while (line := lines.get(timeout=max(0.01, deadline - time.monotonic()))) is not None:
        if text in line:
            return line
    raise AssertionError(f"the process ended without a line holding {text!r}")


def assert_whole_site(site: Path) -> None:
    for name in ("index.html", "404.html", "sitemap.xml", "assets", "pagefind/pagefind.js", "data/honorees.csv",
                 MARKER):
        assert (site / name).exists(), f"{name} missing from {site}"


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


# --- 1. two builds of one output at once ---------------------------------------------------------

def test_a_second_build_waits_for_the_first_and_both_publish_a_whole_site(tmp_path):
    project = copy_project(tmp_path)
    site = project / "site"
    first = subprocess.Popen(build_command(project, site), env=ENV, cwd=project, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    work = wait_for(lambda: list(project.glob(".site-building-*")))
    os.killpg(first.pid, signal.SIGSTOP)  # the first build is mid-way, holding its work folder
    try:
        second = subprocess.Popen(build_command(project, site), env=ENV, cwd=project, text=True,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        message = first_line_with(second.stderr, "lần dựng khác")
        assert message.startswith(f"Đang có một lần dựng khác (tiến trình {first.pid}) ghi vào {site}.")
        assert all(folder.is_dir() for folder in work), "the second build removed the first one's work folder"
    finally:
        os.killpg(first.pid, signal.SIGCONT)
    assert first.wait(timeout=120) == 0
    assert second.wait(timeout=120) == 0
    assert_whole_site(site)
    assert not list(project.glob(".site-building-*")) and not (project / ".site-lock").exists()


def test_a_build_clears_only_the_work_folders_no_live_build_owns(tmp_path):
    project = copy_project(tmp_path)
    live = subprocess.Popen(["sleep", "120"])
    try:
        kept = project / f".site-building-{live.pid}-abcd1234"
        gone = [project / f".site-building-{dead_pid()}-efgh5678", project / ".site-building-k3j4h5g6"]
        for folder in (kept, *gone):
            folder.mkdir()
            (folder / "index.html").write_text("…", encoding="utf-8")
        build(project / "mkdocs.yml", project / "site", today=TODAY)
        assert (kept / "index.html").exists()
        assert not any(folder.exists() for folder in gone)
    finally:
        live.kill()
        live.wait()


# --- 2. --out never destroys the project ---------------------------------------------------------

def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


UNSAFE = [".", "campaigns", "content", "overrides", "scripts", "tests", ".git", "README.md", "mkdocs.yml", "..",
          "campaigns/moi", "content/site", ".git/site", "README.md/site", "deploy", "../khac"]


@pytest.mark.parametrize("target", UNSAFE)
def test_an_output_that_would_destroy_something_is_refused(tmp_path, target):
    project = copy_project(tmp_path)
    (tmp_path / "khac").mkdir()
    (tmp_path / "khac" / "bao-cao.docx").write_bytes(b"not a site")
    before = snapshot(tmp_path)
    out = (project / target).resolve()
    with pytest.raises(OutputRefused) as refused:
        build(project / "mkdocs.yml", project / target, today=TODAY)
    assert str(refused.value).startswith(f"Không dựng vào {out}:")
    assert "Không có gì bị xoá" in str(refused.value)
    assert snapshot(tmp_path) == before
    assert not list(tmp_path.rglob(".*-building-*")) and not list(tmp_path.rglob(".*-lock"))


def test_the_command_line_refuses_the_project_folder_with_a_message_and_an_exit_code(tmp_path):
    project = copy_project(tmp_path)
    before = snapshot(project)
    result = subprocess.run(build_command(project, project), env=ENV, cwd=project, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"Không dựng vào {project}: đây là thư mục dự án. Không có gì bị xoá. "
                                     "Hãy chọn một thư mục chưa có hoặc còn trống, ví dụ --out site.")
    assert "Traceback" not in result.stderr
    assert snapshot(project) == before


def test_the_default_site_empty_and_new_folders_and_the_portals_own_sites_are_accepted(tmp_path):
    project = copy_project(tmp_path)
    (project / "site").mkdir()
    (project / "site" / "old.html").write_text("a site built before sites had a marker", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    for out in (project / "site", tmp_path / "empty", tmp_path / "new" / "thi-dua", tmp_path / "new" / "thi-dua"):
        build(project / "mkdocs.yml", out, today=TODAY)
        assert_whole_site(out)
    assert not (project / "site" / "old.html").exists()


# --- 3. script in mkdocs.yml or content/ ---------------------------------------------------------

HOSTILE_CONFIG = {
    "site_name": "Thi đua <script>alert('site_name')</script>",
    "site_description": "Mô tả\"><script>alert('site_description')</script>",
    "issuer": "Sở </p><script>alert('issuer')</script>",
    "nav": "Giới </title><script>alert('nav')</script>",
}
CONTENT_SCRIPT = "<script>alert('content')</script>"


def hostile_project(tmp_path: Path) -> Path:
    project = copy_project(tmp_path)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    q = {key: json.dumps(value, ensure_ascii=False) for key, value in HOSTILE_CONFIG.items()}
    config = re.sub(r"(?m)^site_name: .*$", lambda _: f"site_name: {q['site_name']}", config)
    config = re.sub(r"(?m)^site_description: .*$", lambda _: f"site_description: {q['site_description']}", config)
    config = re.sub(r"(?m)^    issuer: .*$", lambda _: f"    issuer: {q['issuer']}", config)
    config = config.replace("  - Giới thiệu: gioi-thieu.md", f"  - {q['nav']}: gioi-thieu.md")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    with open(project / "content" / "gioi-thieu.md", "a", encoding="utf-8") as page:
        page.write(f"\n{CONTENT_SCRIPT}\n")
    return project


def csp_of(server_block: str) -> str:
    return re.search(r'add_header Content-Security-Policy "([^"]+)"', server_block).group(1)


def dialogs_on(browser, url: str, policy: str | None) -> tuple[list[str], str]:
    """The alerts a page raises, served with policy as its CSP (or none); and whether the theme's
    own inline script ran."""
    page = browser.new_page()
    seen: list[str] = []
    page.on("dialog", lambda dialog: (seen.append(dialog.message), dialog.dismiss()))
    if policy:
        def with_policy(route):
            if route.request.resource_type != "document":
                return route.continue_()
            response = route.fetch()
            route.fulfill(response=response, headers={**response.headers, "content-security-policy": policy})
        page.route("**/*", with_policy)
    page.goto(url)
    page.wait_for_load_state("load")
    theme_ran = page.evaluate("typeof __md_scope")
    page.unroute_all(behavior="ignoreErrors")
    page.close()
    return seen, theme_ran


@pytest.mark.browser
def test_script_in_the_config_or_a_content_page_does_not_run(tmp_path):
    project = hostile_project(tmp_path)
    site = tmp_path / "thi-dua"
    build(project / "mkdocs.yml", site, today=TODAY)
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for key in HOSTILE_CONFIG:
            assert f"<script>alert('{key}')" not in text, f"{key} printed raw in {page}"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Thi đua &lt;script&gt;alert(&#39;site_name&#39;)&lt;/script&gt;" in home
    assert "Sở &lt;/p&gt;&lt;script&gt;" in home

    server_block = nginx_config(site, "https://example.gov.vn/thi-dua/", str(site))
    hashes, foreign = inline_script_hashes(site)
    assert foreign == [site / "gioi-thieu" / "index.html"]
    assert len(hashes) >= 2 and all(h in csp_of(server_block) for h in hashes)
    import base64
    import hashlib
    content_hash = base64.b64encode(hashlib.sha256(b"alert('content')").digest()).decode()
    assert content_hash not in server_block

    with serve(site) as base, chromium() as browser:
        for path in ("", "gioi-thieu/", "phong-trao/"):
            seen, theme_ran = dialogs_on(browser, base + path, csp_of(server_block))
            assert seen == [] and theme_ran == "object", (path, seen, theme_ran)
        seen, _ = dialogs_on(browser, base, None)
        assert seen == [], "config text ran as script even without the CSP"


def test_the_nginx_command_warns_about_inline_scripts_that_are_not_the_themes(tmp_path):
    project = hostile_project(tmp_path)
    site = tmp_path / "thi-dua"
    build(project / "mkdocs.yml", site, today=TODAY)
    result = subprocess.run([sys.executable, "-m", "thidua.cli", "nginx", "--site", str(site), "--site-url",
                             "https://example.gov.vn/thi-dua/", "--root", "/var/www/thi-dua"],
                            env=ENV, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "Content-Security-Policy" in result.stdout
    assert result.stderr.splitlines() == [
        f"Cảnh báo: {site / 'gioi-thieu' / 'index.html'} có đoạn <script> viết thẳng trong trang mà không phải của "
        "giao diện; chính sách bảo mật (CSP) sẽ chặn, nó không chạy. Nếu đoạn đó được thêm vào content/*.md hay "
        "mkdocs.yml, hãy bỏ đi."]


# --- 14. a killed build's search scratch folder ---------------------------------------------------

def test_a_killed_builds_search_scratch_folder_is_removed_by_the_next_build(tmp_path):
    project = copy_project(tmp_path)
    shm = Path(scratch_dir() or tempfile.gettempdir())
    killed = subprocess.Popen(build_command(project, project / "site"), env=ENV, cwd=project,
                              start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    leftover = wait_for(lambda: list(shm.glob(f"portal-search-{killed.pid}-*")))
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait()
    assert all(folder.is_dir() for folder in leftover)  # nothing of the killed build could clean it
    live = subprocess.Popen(["sleep", "120"])
    in_use = shm / f"portal-search-{live.pid}-abcd1234"
    in_use.mkdir()
    try:
        build(project / "mkdocs.yml", project / "site", today=TODAY)
        assert not any(folder.exists() for folder in leftover)
        assert in_use.is_dir(), "the scratch folder of a live build was removed"
    finally:
        live.kill()
        live.wait()
        shutil.rmtree(in_use, ignore_errors=True)
    assert not list(shm.glob(f"portal-search-{os.getpid()}-*"))


# --- 16. what differs between two builds of the same input ---------------------------------------

def cbor(data: bytes, i: int = 0):
    """Decode one CBOR item (the subset Pagefind writes); return it and the offset after it."""
    major, info = data[i] >> 5, data[i] & 31
    i += 1
    if major == 7:
        return {20: False, 21: True, 22: None}[info], i
    size = 1 << (info - 24) if info >= 24 else 0
    n = int.from_bytes(data[i:i + size], "big") if size else info
    i += size
    if major == 0:
        return n, i
    if major in (2, 3):
        return (data[i:i + n].decode() if major == 3 else data[i:i + n]), i + n
    items = []
    for _ in range(n * (2 if major == 5 else 1)):
        item, i = cbor(data, i)
        items.append(item)
    return (dict(zip(items[::2], items[1::2])) if major == 5 else items), i


def pagefind_file(path: Path):
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(b"pagefind_dcd")
    value, end = cbor(data, len(b"pagefind_dcd"))
    assert end == len(data)
    return value


def pagefind_index(site: Path) -> dict:
    """The index's filters and sorts as unordered maps, everything else as written."""
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta_hash = entry["languages"]["vi"].pop("hash")
    version, pages, chunks, filters, sorts, *rest = pagefind_file(site / "pagefind" / f"pagefind.{meta_hash}.pf_meta")
    values = {}
    for name, file_hash in filters:
        filter_name, entries = pagefind_file(site / "pagefind" / "filter" / f"{file_hash}.pf_filter")
        assert filter_name == name
        values[name] = {value: ids for value, ids in entries}
        assert len(values[name]) == len(entries)
    return {"entry": entry, "meta": [version, pages, chunks, *rest], "filters": values, "sorts": dict(sorts)}


NOT_REPRODUCIBLE = re.compile(r"^pagefind/(filter/.*\.pf_filter|pagefind\.vi_\w+\.pf_meta|pagefind-entry\.json)$")


def test_two_builds_differ_only_in_the_order_pagefind_writes_its_filters_and_sorts(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    build(ROOT / "mkdocs.yml", a, today=TODAY)
    build(ROOT / "mkdocs.yml", b, today=TODAY)
    files_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    assert [f for f in files_a if not NOT_REPRODUCIBLE.match(f)] == [f for f in files_b if not NOT_REPRODUCIBLE.match(f)]
    assert [f for f in files_a if not NOT_REPRODUCIBLE.match(f) and (a / f).read_bytes() != (b / f).read_bytes()] == []
    index_a, index_b = pagefind_index(a), pagefind_index(b)
    assert index_a["filters"]["loai"] and index_a["sorts"]["name"]
    assert index_a == index_b  # the same filters, values, pages and sort orders: only their order differs


# --- Ctrl-C and system errors end in a Vietnamese sentence -----------------------------------------

def test_ctrl_c_during_a_build_says_what_happened_and_keeps_the_old_site(tmp_path):
    project = copy_project(tmp_path)
    site = project / "site"
    assert subprocess.run(build_command(project, site), env=ENV, cwd=project, capture_output=True).returncode == 0
    before = (site / "index.html").read_bytes()
    # Ctrl-C as at a terminal, even when the tests run in a background job (SIGINT ignored there).
    build = subprocess.Popen(build_command(project, site), env=ENV, cwd=project, text=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    wait_for(lambda: list(project.glob(".site-building-*")))
    build.send_signal(signal.SIGINT)
    _, err = build.communicate(timeout=60)
    assert build.returncode == 130
    assert "Đã dừng lệnh 'build' (Ctrl-C)" in err and "Traceback" not in err
    assert (site / "index.html").read_bytes() == before


def test_a_system_error_is_told_in_vietnamese_with_its_path():
    import errno as codes

    from thidua.cli import os_error_vi
    full = OSError(codes.ENOSPC, "No space left on device", "/srv/site/index.html")
    assert os_error_vi(full) == "/srv/site/index.html: ổ đĩa đã đầy; hãy giải phóng chỗ trống rồi chạy lại."
    assert "chỉ đọc" in os_error_vi(OSError(codes.EROFS, "Read-only file system", "/srv"))
