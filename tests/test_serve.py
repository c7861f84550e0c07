"""The preview (`scripts/portal serve`): an edit shows on every page it touches, and nowhere else breaks."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from conftest import ROOT
from benchmarks.refdata import copy_site_config

OLD_UNIT, NEW_UNIT = "Phòng Nội vụ huyện Mỹ Tú", "Phòng Nội vụ huyện Mỹ Tú, tỉnh Sóc Trăng"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError):
        return 0, ""


def without_reload_script(page: str) -> str:
    """The page as built: the preview server appends a live-reload script that changes per request."""
    return page.rsplit("<script", 1)[0]


def wait_for(condition, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("the preview did not show the change in time")


@pytest.fixture
def preview(tmp_path):
    shutil.copytree(ROOT / "campaigns", tmp_path / "campaigns")
    copy_site_config(tmp_path)  # mkdocs.yml (hooks by absolute path), content/, overrides/
    port = _free_port()
    process = subprocess.Popen([str(ROOT / "scripts" / "portal"), "serve", "--config", str(tmp_path / "mkdocs.yml"),
                                "--addr", f"127.0.0.1:{port}", "--today", "2025-09-01"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}/thi-dua/"
    try:
        wait_for(lambda: fetch(base)[0] == 200)
        yield base, tmp_path
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_an_edited_unit_name_shows_on_every_page_that_uses_it(preview):
    base, root = preview
    old_page, new_page = base + "don-vi/phong-noi-vu-huyen-my-tu/", base + "don-vi/phong-noi-vu-huyen-my-tu-tinh-soc-trang/"
    campaign = base + "phong-trao/2024-soc-trang-80-nam-bo-noi-vu/"
    untouched = base + "phong-trao/2024-lang-son-80-nam-nganh-noi-vu/"
    assert fetch(old_page)[0] == 200
    before = fetch(untouched)[1]

    honorees = root / "campaigns" / "2024-soc-trang-80-nam-bo-noi-vu" / "honorees.yml"
    text = honorees.read_text(encoding="utf-8")
    assert f"unit: {OLD_UNIT}\n" in text
    honorees.write_text(text.replace(f"unit: {OLD_UNIT}\n", f"unit: {NEW_UNIT}\n"), encoding="utf-8")

    status, body = wait_for(lambda: (lambda r: r if r[0] == 200 else None)(fetch(new_page)))
    assert NEW_UNIT in body
    assert NEW_UNIT in fetch(campaign)[1]
    assert NEW_UNIT in fetch(base + "khen-thuong/")[1]
    assert NEW_UNIT in fetch(base + "don-vi/")[1]
    assert fetch(old_page)[0] == 404  # nobody is in the old unit any more
    assert without_reload_script(fetch(untouched)[1]) == without_reload_script(before)
    # The archive-wide downloads follow the pages.
    wait_for(lambda: NEW_UNIT in fetch(base + "data/honorees.csv")[1])
    assert NEW_UNIT in fetch(base + "data/phong-trao/2024-soc-trang-80-nam-bo-noi-vu.json")[1]


def test_an_edit_to_the_theme_renders_every_page_again(preview):
    base, root = preview
    main = root / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace("</footer>", "<p>Bản xem trước</p></footer>", 1),
                    encoding="utf-8")
    wait_for(lambda: "Bản xem trước" in fetch(base + "phong-trao/2024-lang-son-80-nam-nganh-noi-vu/")[1])
    assert "Bản xem trước" in fetch(base + "don-vi/thanh-tra-so-noi-vu/")[1]


def test_the_preview_recovers_from_an_invalid_edit(preview):
    base, root = preview
    campaign = base + "phong-trao/2024-soc-trang-80-nam-bo-noi-vu/"
    honorees = root / "campaigns" / "2024-soc-trang-80-nam-bo-noi-vu" / "honorees.yml"
    text = honorees.read_text(encoding="utf-8")
    honorees.write_text(text.replace(f"unit: {OLD_UNIT}\n", "unit: [\n"), encoding="utf-8")  # broken YAML
    time.sleep(3)  # refused: MkDocs holds requests back until the data is valid again
    honorees.write_text(text.replace(f"unit: {OLD_UNIT}\n", f"unit: {NEW_UNIT}\n"), encoding="utf-8")
    wait_for(lambda: NEW_UNIT in fetch(campaign)[1])
    assert NEW_UNIT in fetch(base + "don-vi/phong-noi-vu-huyen-my-tu-tinh-soc-trang/")[1]


def test_bench_serve_times_an_edit_and_puts_the_file_back(tmp_path):
    result = subprocess.run([str(ROOT / "scripts" / "portal"), "bench-serve", "--honorees", "300", "--keep",
                             str(tmp_path)], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["first_build_s"] > 0
    for key in ("edit_in_browser_s", "edit_on_unit_page_s", "edit_in_archive_csv_s"):
        assert figures[key] is not None and figures[key] > 0  # the edit showed within the limit
    edited = tmp_path / figures["edited_file"]
    assert "(đổi tên thử)" not in edited.read_text(encoding="utf-8")
