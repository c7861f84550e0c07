"""`portal serve`: `mkdocs serve` with live reload and dirty builds, and what makes its rebuilds
fast (patches of MkDocs's and Jinja's internals, kept here with the rest of MkDocs)."""
from __future__ import annotations

import datetime as dt
import os
import sys

from ..config import PortalConfig


def serve(portal: PortalConfig, addr: str, today: dt.date | None = None) -> int:
    """Preview with live reload: a change to campaigns/, content/ or overrides/ rebuilds. MkDocs
    loads mkdocs.yml itself on every rebuild, with the hook it names (scripts/portal_mkdocs.py):
    the build day reaches it as PORTAL_TODAY."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    if today:
        os.environ["PORTAL_TODAY"] = today.isoformat()
    _show_mkdocs_log()
    _keep_installed_theme_listing()
    _poll_sooner()
    watch = [str(portal.campaigns), str(portal.custom_dir or portal.root / "overrides")]
    try:
        mkdocs_serve(str(portal.file), dev_addr=addr, livereload=True, build_type="dirty", watch=watch)
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


