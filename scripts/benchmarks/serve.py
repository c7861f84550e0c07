"""`scripts/portal bench-serve`: how soon an edit shows in the preview of a large archive.

Starts `scripts/portal serve` on the reference archive (build.py, refdata.py), waits for the
first build, then renames one honoree's unit in one campaign's honorees.yml and polls the
preview until the change shows: on the campaign page, on the new unit's page, and in the
archive-wide CSV (written after the pages). The campaign page is open in Chromium meanwhile, and
the time until its live reload shows the new name is the figure that matters: `edit_in_browser_s`.
The file is put back afterwards. Prints ONE JSON line.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks.build import TODAY, PeakMemory, _machine, _prepare, _stdout_to_stderr, _work_root
from benchmarks.loopback import chromium, free_port

REPO = Path(__file__).resolve().parents[2]
_UNIT_LINE = re.compile(r"^  unit: (.+)$", re.M)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def _until(condition, limit: float) -> float | None:
    """Seconds until condition() holds, polling every 50 ms; None if it never did within `limit`."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if condition():
            return round(time.perf_counter() - start, 3)
        time.sleep(0.05)
    return None


def _mount(config: Path) -> str:
    """The path MkDocs's preview serves the site at: that of site_url (the portal config's)."""
    from thidua.renderers import config as portal_config
    return urllib.parse.urlparse(portal_config.load(config).url()).path or "/"


def _edit_target(campaigns: Path) -> tuple[Path, str, str]:
    """The middle campaign with honorees: its file, the first unit named in it, and a new name."""
    files = sorted(campaigns.glob("*/honorees.yml"))
    path = files[len(files) // 2]
    unit = _UNIT_LINE.search(path.read_text(encoding="utf-8")).group(1)
    return path, unit, f"{unit} (đổi tên thử)"


def _pages_of(path: Path, unit: str, renamed: str) -> tuple[str, str]:
    """The page that lists the first honoree of `unit` in the campaign of `path` (its campaign page,
    or a page of its long list), and the page the renamed unit will have (site paths)."""
    from thidua import listing, urls
    from thidua.load import load_campaign
    from thidua.model import Archive
    loaded, _ = load_campaign(path.parent, path.parent.parent)
    campaign = Archive([loaded]).as_of(TODAY).published[0]  # as the preview publishes it
    honoree = next(h for h in campaign.honorees if h.unit == unit)
    page = listing.honoree_path(campaign, honoree).partition("#")[0]
    return page, urls.unit_path(listing.unit_key(campaign.issuer_name, renamed))


def bench_serve(args) -> int:
    root, keep, honorees, seed = _work_root(args, "thidua-bench-serve-")
    result: dict = {"honorees": honorees, "seed": seed}
    try:
        with _stdout_to_stderr():
            _prepare(root, honorees, seed, bool(keep))
        port = free_port()
        base = f"http://127.0.0.1:{port}{_mount(root / 'mkdocs.yml')}"
        path, unit, renamed = _edit_target(root / "campaigns")
        original = path.read_text(encoding="utf-8")
        campaign_url, unit_page = _pages_of(path, unit, renamed)
        campaign_url = base + campaign_url
        with PeakMemory() as memory:
            start = time.perf_counter()
            log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
            server = subprocess.Popen([str(REPO / "scripts" / "portal"), "serve", "--config", str(root / "mkdocs.yml"),
                                       "--addr", f"127.0.0.1:{port}", "--today", TODAY.isoformat()],
                                      stdout=subprocess.DEVNULL, stderr=log)
            try:
                ready = _until(lambda: _get(base)[0] == 200, 1800)
                result["first_build_s"] = ready and round(time.perf_counter() - start, 3)
                # Someone starts editing once the preview is up: after the downloads are written too.
                _until(lambda: _get(f"{base}data/honorees.csv")[0] == 200, 300)
                with chromium() as browser:
                    page = browser.new_page()
                    page.goto(campaign_url)  # the page someone edits with the preview open beside
                    time.sleep(1)
                    path.write_text(original.replace(f"  unit: {unit}\n", f"  unit: {renamed}\n", 1),
                                    encoding="utf-8")
                    edited = time.perf_counter()
                    # The preview's live reload brings the new page into the browser by itself.
                    page.wait_for_function("name => document.body && document.body.innerText.includes(name)",
                                           arg=renamed, timeout=120000, polling=20)
                    result["edit_in_browser_s"] = round(time.perf_counter() - edited, 3)
                unit_url = base + unit_page
                result["edit_on_unit_page_s"] = _until(lambda: _get(unit_url)[0] == 200, 120) and round(
                    time.perf_counter() - edited, 3)
                result["edit_in_archive_csv_s"] = _until(lambda: renamed in _get(f"{base}data/honorees.csv")[1],
                                                         300) and round(time.perf_counter() - edited, 3)
                time.sleep(1)
                log.seek(0)
                # MkDocs's own figure for each build ("Documentation built in 1.23 seconds").
                result["builds_s"] = [float(x) for x in re.findall(r"built in ([0-9.]+) seconds", log.read())]
            finally:
                path.write_text(original, encoding="utf-8")
                server.terminate()
                server.wait(timeout=60)
                log.close()
        result["edited_file"] = path.relative_to(root).as_posix()
        result["peak_rss_mb"] = round(memory.peak_kb / 1024, 1)
        result["machine"] = _machine()
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0
