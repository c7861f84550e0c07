"""`portal build` through MkDocs: the config as MkDocs reads it, with the adapter registered as a
plugin that holds the site `portal build` made (the portal's hook file is not loaded; other
hooks mkdocs.yml may name are)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ...site import Site
from ..config import PortalConfig
from .adapter import Adapter
from .frames import CHECK_EVERY, FIRST_CHECKS, FrameMismatch

NAME = "mkdocs"
HOOK_FILE = "portal_mkdocs.py"  # the hook mkdocs.yml names (scripts/portal_mkdocs.py)
CHECKS = {"first_checks": FIRST_CHECKS, "check_every": CHECK_EVERY}


def render(site: Site, portal: PortalConfig, work: Path, today: dt.date, checks: dict | None = None) -> Path:
    """Render the site's pages with MkDocs into work; the adapter writes the other files
    (Site.all_files) after the pages (Site.pages_written first). Returns the folder that holds the site.

    The generated pages share frames (frames.py; `checks`: how often a frame is compared with the
    full render). If a frame is found to differ once pages have been written from it, every page
    is rendered again in full."""
    try:
        _build(site, portal, work, today, checks or CHECKS)
    except FrameMismatch:
        _build(site, portal, work, today, None)
    return work


def _build(site: Site, portal: PortalConfig, work: Path, today: dt.date, checks: dict | None) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    # The portal's own hook file is not loaded: its adapter would build the site a second time.
    hooks = [h for h in portal.raw.get("hooks") or [] if Path(h).name != HOOK_FILE]
    config = load_config(str(portal.file), site_url=portal.url(), hooks=hooks)
    config.site_dir = str(work)
    config.plugins["portal"] = Adapter(site, portal, today, framed=checks)
    mkdocs_build(config)
