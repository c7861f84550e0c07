"""MkDocs adapter: hands the core's pages (thidua.views.SitePage) to MkDocs.

Listed under `hooks:` in mkdocs.yml. It adds each generated page as an in-memory file that
holds only its front matter, skips Markdown for it, hands over the body (already HTML) just
before the page is rendered, writes the core's other files, and copies campaign attachments.
In `portal serve` it renders again only the pages an edit changed (thidua/preview.py).
Nothing else about the site lives here, so another renderer can replace this file.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import sys
import time
from pathlib import Path

import jinja2
from markupsafe import Markup, escape
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File
from mkdocs.structure.nav import Link, Section
from mkdocs.structure.toc import get_toc

sys.path.insert(0, str(Path(__file__).resolve().parent))

from thidua.problems import DataError  # noqa: E402
from thidua.preview import PREVIEW  # noqa: E402
from thidua import views  # noqa: E402
from thidua.site import build_site  # noqa: E402

_pages: dict[str, object] = {}  # source path -> the core's page, for this build
_site = None


def _today() -> dt.date:
    value = os.environ.get("PORTAL_TODAY")
    return dt.date.fromisoformat(value) if value else dt.date.today()


def on_startup(command, dirty):
    # `portal serve` runs `mkdocs serve` with dirty builds: the site folder is kept between builds.
    PREVIEW.active = command == "serve" and dirty


def on_config(config):
    global _site
    options = config.extra.get("portal", {})
    try:
        _site = build_site(campaigns_root(config), _today(), _plain(config.site_name), _plain(options.get("issuer", "")),
                           config.site_url or "/", incremental=PREVIEW.active)
    except DataError as exc:
        raise Abort("Dữ liệu không hợp lệ, không xuất bản:\n" + str(exc)) from None
    _pages.clear()
    _pages.update({p.src: p for p in _site.pages})
    escape_config_text(config)
    return config


def _plain(text):
    """Config text as written, whether or not escape_config_text has been at it."""
    return text.unescape() if isinstance(text, Markup) else text


def escape_config_text(config) -> None:
    """Text from mkdocs.yml that the theme's templates (Material's and overrides/) print as it is:
    escaped here, once, as Markup, so that a template's `| e` leaves it alone. The core has had
    the plain text already (its templates escape it themselves)."""
    for key in ("site_name", "site_description", "copyright"):
        if config[key]:
            config[key] = escape(_plain(config[key]))
    portal = config.extra.get("portal") or {}
    if portal.get("issuer"):
        portal["issuer"] = escape(_plain(portal["issuer"]))


def on_nav(nav, config, files):
    """Titles written in mkdocs.yml's nav are printed as they are by the theme: escape them."""
    def walk(items):
        for item in items:
            if isinstance(item, (Section, Link)) or "title" in vars(item):  # a page's title from the nav
                item.title = escape(_plain(item.title)) if item.title else item.title
            walk(getattr(item, "children", None) or [])
    walk(nav.items)
    return nav


class GeneratedPage(File):
    """A page of the core's. Its file holds only the front matter; the body, already HTML, is
    handed over in on_page_context. In a preview (`mkdocs serve` with dirty builds) it is
    rendered again only when it changed since the last build."""
    changed = True

    def is_modified(self) -> bool:
        return self.changed


def on_files(files, config):
    config_file = Path(config.config_file_path)
    theme_changed = PREVIEW.theme_changed([config_file, config_file.parent / "overrides", Path(config.docs_dir)]) \
        if PREVIEW.active else True
    for page in _site.pages:
        file = GeneratedPage.generated(config, page.src, content=page.front_matter())
        file.changed = theme_changed or PREVIEW.page_changed(page)
        files.append(file)
    for campaign in _site.archive.published:
        folder = campaigns_root(config) / campaign.id
        for attachment in campaign.attachments:  # kept at their path inside the folder: no clashes
            files.append(File.generated(config, views.attachment_path(campaign.id, attachment.file),
                                        abs_src_path=str(folder / attachment.file)))
    return files


def campaigns_root(config) -> Path:
    """The campaigns folder named in mkdocs.yml (extra.portal.campaigns), beside mkdocs.yml."""
    return Path(config.config_file_path).parent / config.extra.get("portal", {}).get("campaigns", "campaigns")


class _CompiledTemplates:
    """The theme's templates as compiled by Jinja, kept between a preview's builds: MkDocs makes a
    new Jinja environment for each build, and loads this module anew. Jinja checks each template's
    source against what was kept."""

    def __init__(self, kept: dict):
        self._kept = kept

    def get(self, key):
        return self._kept.get(key)

    def set(self, key, value, timeout=None):
        self._kept[key] = value


def on_env(env, config, files):
    if PREVIEW.active:
        env.bytecode_cache = jinja2.MemcachedBytecodeCache(_CompiledTemplates(PREVIEW.renderer_cache))
    return env


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri in _pages:
        return ""  # the body is HTML already; Markdown would only cost time
    return markdown


_HEADING = re.compile(r'<h([2-6]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")


def table_of_contents(body: str):
    """Material's "Trong trang này" sidebar, from every h2–h6 heading with an id of a generated
    body, nested by level (a plan's sections at any depth)."""
    tokens: list[dict] = []
    open_: list[dict] = []  # the innermost heading of each level still open
    for level, anchor, inner in _HEADING.findall(body):
        # The heading text is already escaped HTML; Material prints TOC titles as they are.
        token = {"level": int(level), "id": anchor, "name": _TAG.sub("", inner).strip(), "children": []}
        while open_ and open_[-1]["level"] >= token["level"]:
            open_.pop()
        (open_[-1]["children"] if open_ else tokens).append(token)
        open_.append(token)
    return get_toc(tokens)


def on_page_context(context, page, config, nav):
    """A generated page's body is made here, just before MkDocs renders the page, and forgotten in
    on_post_page: a large site's pages are never all in memory at once."""
    generated = _pages.get(page.file.src_uri)
    if generated:
        page.content = generated.body
        page.toc = table_of_contents(page.content)
    return context


def on_post_page(output, page, config):
    generated = _pages.get(page.file.src_uri)
    if generated and not PREVIEW.active:  # a preview compares the bodies with the next build's
        generated.release()
        page.content = None
    return output


def on_post_build(config):
    """Write the core's other files (data, feeds, print views...) straight into the site, one at
    a time. A preview writes only what changed, and the archive-wide data files after the pages."""
    global _site
    site_dir = Path(config.site_dir)
    if PREVIEW.active:
        # The preview's search uses the index of the last `portal build` (site/pagefind), as of that build.
        PREVIEW.finish(_site, site_dir, Path(config.config_file_path).parent / "site" / "pagefind")
    else:
        _site.pages_written()
        started = time.perf_counter()
        folders: set[str] = set()  # a build's own new folder: no one reads it yet, plain writes do
        for path, data in _site.all_files():
            folder = os.path.dirname(path)
            if folder not in folders:
                os.makedirs(os.path.join(site_dir, folder), exist_ok=True)
                folders.add(folder)
            with open(os.path.join(site_dir, path), "wb") as out:
                out.write(data)
        _site.timings["files"] = time.perf_counter() - started
    _site = None  # let a large site's pages be freed once MkDocs has written them
    _pages.clear()
