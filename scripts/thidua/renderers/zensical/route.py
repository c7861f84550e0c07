"""`portal build --renderer zensical`: the hand-over tree (renderers/handoff.py) in the build's
work folder, rendered by Zensical from its own virtual environment, then the core's other files
(Site.all_files: what the build did not write beside the render) written into the rendered site. Zensical runs as a command (it is not importable from .venv)."""
from __future__ import annotations

import datetime as dt
import gzip
import os
import shutil
import subprocess
import time
from pathlib import Path

from ...site import Site
from ..config import PortalConfig
from ..handoff import write_files, write_tree

NAME = "zensical"
SCRIPTS = Path(__file__).resolve().parents[3]  # scripts/: Zensical's Python imports passthrough.py from here
REPOSITORY = SCRIPTS.parent
ZENSICAL_FILES = ("search.json",)  # Zensical's own search data: the portal's index is Pagefind's


class RendererMissing(Exception):
    """Zensical is not installed where the route looks for it; the message says what to run."""


def python() -> Path:
    """The Python of Zensical's virtual environment: $PORTAL_ZENSICAL_PYTHON, else .venv/zensical."""
    path = Path(os.environ.get("PORTAL_ZENSICAL_PYTHON") or REPOSITORY / ".venv" / "zensical" / "bin" / "python")
    if not os.access(path, os.X_OK):
        raise RendererMissing(f"Chưa cài Zensical ({path} không có): hãy chạy 'make zensical' (cài theo "
                              "requirements-zensical.txt) rồi dựng lại / Zensical is not installed: run "
                              "'make zensical'.")
    return path


def _gzip_sitemap(site: Path) -> None:
    """sitemap.xml.gz beside sitemap.xml, as MkDocs writes it (and as reproducibly: no timestamp)."""
    sitemap = site / "sitemap.xml"
    if sitemap.is_file():
        (site / "sitemap.xml.gz").write_bytes(gzip.compress(sitemap.read_bytes(), compresslevel=9, mtime=0))


def run(config: Path) -> None:
    """`zensical build` of a hand-over tree (its mkdocs.yml), or RuntimeError with what it said."""
    env = {**os.environ, "PYTHONPATH": str(SCRIPTS), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([str(python()), "-m", "zensical", "build", "-f", str(config)], cwd=config.parent, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"Zensical dừng với mã {done.returncode} / Zensical failed:\n{done.stdout[-4000:]}")


def render(site: Site, portal: PortalConfig, work: Path, today: dt.date) -> Path:
    """Hand over, render with Zensical, then write the core's other files (Site.all_files) into
    the rendered site (Site.pages_written first). Returns the folder that holds the site (work/site)."""
    python()  # before anything is written: say at once that Zensical is missing
    t = time.perf_counter()
    handover = write_tree(site, portal, work, portal.url(), with_files=False)
    site.timings["handoff"] = time.perf_counter() - t
    run(handover.config)
    for name in ZENSICAL_FILES:
        (handover.site / name).unlink(missing_ok=True)
    _gzip_sitemap(handover.site)
    shutil.rmtree(handover.docs)  # the hand-over is spent: only the site is published
    site.pages_written()
    started = time.perf_counter()
    write_files(site.all_files(), handover.site)
    site.timings["files"] = time.perf_counter() - started
    return handover.site
