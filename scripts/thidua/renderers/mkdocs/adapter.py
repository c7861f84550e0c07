"""The MkDocs adapter: hands the core's pages (thidua.pages.SitePage) to MkDocs.

An `Adapter` is what MkDocs calls, as a plugin: `portal build` makes one with the site it has
built and registers it in the config it loaded; the thin hook file that mkdocs.yml names
(scripts/portal_mkdocs.py) makes one for `mkdocs serve` and plain `mkdocs build`, which builds
the site itself from mkdocs.yml. Its state (the site, its pages) lives on the instance.

It adds each generated page as an in-memory file that holds only its front matter, skips
Markdown for it, hands over the body (already HTML) and its table of contents (the core's,
`SitePage.toc`) just before the page is rendered, writes the core's other files, and copies
campaign attachments. In `portal serve` it renders again only the pages an edit changed
(thidua/preview.py). Nothing else about the site lives here.
"""
from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import jinja2
from markupsafe import Markup, escape
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File
from mkdocs.structure.nav import Link, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ...preview import PREVIEW
from ...problems import DataError
from ...site import Site, build_site
from .. import config as portal_config
from ..handoff import attachments, write_files
from . import frames


def today_from_environment() -> dt.date:
    """The build day of a `mkdocs` run that `portal` did not start itself (`portal serve` sets
    PORTAL_TODAY for the `mkdocs serve` it runs); else the system date."""
    value = os.environ.get("PORTAL_TODAY")
    return dt.date.fromisoformat(value) if value else dt.date.today()


class Adapter:
    """One MkDocs build (or one preview, rebuilt on every change) of the portal."""

    def __init__(self, site: Site | None = None, portal: portal_config.PortalConfig | None = None,
                 today: dt.date | None = None, framed: dict | None = None):
        self.site = site  # made by `portal build`; else made in on_config
        self.given = portal  # `portal build`'s; else mkdocs.yml is read on every build
        self.portal = portal
        self.today = today
        self.pages: dict[str, object] = {}  # source path -> the core's page, for this build
        self.framed = framed  # `portal build`'s generated pages share frames (frames.py): its checks, or None
        self.frames: frames.Frames | None = None
        self.in_nav: set[str] = set()

    # --- events, in the order MkDocs runs them -------------------------------------------

    def on_startup(self, command, dirty):
        # `portal serve` runs `mkdocs serve` with dirty builds: the site folder is kept between builds.
        PREVIEW.active = command == "serve" and dirty

    def on_config(self, config):
        try:
            portal = self.given or portal_config.load(config.config_file_path)
        except portal_config.ConfigError as error:
            raise Abort(str(error)) from None
        portal = portal.with_site_url(config.site_url)
        if self.site is None:
            try:
                self.site = build_site(portal.campaigns, self.today or today_from_environment(), portal.site_name,
                                       portal.issuer, portal.url(), incremental=PREVIEW.active)
            except DataError as exc:
                raise Abort("Dữ liệu không hợp lệ, không xuất bản:\n" + str(exc)) from None
        self.portal = portal
        self.pages = {p.src: p for p in self.site.pages}
        config.extra["portal"] = portal.theme_portal()  # every key, checked
        escape_config_text(config)
        return config

    def on_nav(self, nav, config, files):
        """Titles written in mkdocs.yml's nav are printed as they are by the theme: escape them."""
        def walk(items):
            for item in items:
                if isinstance(item, (Section, Link)) or "title" in vars(item):  # a page's title from the nav
                    item.title = escape(_plain(item.title)) if item.title else item.title
                walk(getattr(item, "children", None) or [])
        walk(nav.items)
        self.in_nav = {page.file.src_uri for page in nav.pages}
        return nav

    def on_files(self, files, config):
        config_file = Path(config.config_file_path)
        theme_changed = PREVIEW.theme_changed([config_file, config_file.parent / "overrides", Path(config.docs_dir)]) \
            if PREVIEW.active else True
        for page in self.site.pages:
            file = GeneratedPage.generated(config, page.src, content=page.front_matter())
            file.changed = theme_changed or PREVIEW.page_changed(page)
            files.append(file)
        for path, source in attachments(self.site, self.portal.campaigns):  # kept at their path: no clashes
            files.append(File.generated(config, path, abs_src_path=str(source)))
        return files

    def on_env(self, env, config, files):
        if PREVIEW.active:
            env.bytecode_cache = jinja2.MemcachedBytecodeCache(_CompiledTemplates(PREVIEW.renderer_cache))
        read_dict_keys_first(env)
        if self.framed is not None and not PREVIEW.active:
            self.frames = frames.install(env, self._may_share_frame, **self.framed)
        return env

    def _may_share_frame(self, page) -> bool:
        """A generated page outside the navigation (the tabs and the navigation mark the pages in it)."""
        return page.file.src_uri in self.pages and page.file.src_uri not in self.in_nav

    def on_pre_page(self, page, config, files):
        if page.file.src_uri in self.pages and type(page) is Page:
            page.__class__ = _HtmlPage  # no Markdown pass for it
        return page

    def on_page_markdown(self, markdown, page, config, files):
        if page.file.src_uri in self.pages:
            return ""  # the body is HTML already; Markdown would only cost time
        return markdown

    def on_page_context(self, context, page, config, nav):
        """A generated page's body is made here, just before MkDocs renders the page, and forgotten
        in on_post_page: a large site's pages are never all in memory at once."""
        generated = self.pages.get(page.file.src_uri)
        if generated:
            page.content = generated.body
            page.toc = table_of_contents(generated)
        return context

    def on_post_page(self, output, page, config):
        generated = self.pages.get(page.file.src_uri)
        if generated and not PREVIEW.active:  # a preview compares the bodies with the next build's
            generated.release()
            page.content = None
        return output

    def on_post_build(self, config):
        """Write the core's other files (data, feeds, print views...: Site.all_files, what
        `portal build` did not write beside the render) straight into the site, one at a time.
        A preview writes only what changed, and the archive-wide data files after the pages."""
        site_dir = Path(config.site_dir)
        if PREVIEW.active:
            # The preview's search uses the index of the last `portal build` (site/pagefind), as of that build.
            PREVIEW.finish(self.site, site_dir, self.portal.root / "site" / "pagefind")
        else:
            if self.frames and self.frames.mismatch:
                raise frames.FrameMismatch(self.frames.mismatch)  # the route renders again, in full
            self.site.pages_written()
            started = time.perf_counter()
            write_files(self.site.all_files(), site_dir)
            self.site.timings["files"] = time.perf_counter() - started
        self.site = None  # let a large site's pages be freed once MkDocs has written them
        self.pages = {}


_DICT_ATTRIBUTES = frozenset(dir(dict))


def read_dict_keys_first(env: jinja2.Environment) -> None:
    """`x.name` on a dict in the theme's templates (page.meta, config.extra, the portal's front
    matter): Jinja tries the attribute `name` first, which fails with an exception, every time,
    before it reads the key (a tenth of Material's template time at 5,000 pages). A plain dict
    has no attribute but its type's, so the key is read at once unless `name` is one of them:
    the same answer in every case, found without the exception."""
    looked_up = type(env).getattr

    def getattr(obj, attribute):
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return env.undefined(obj=obj, name=attribute)
        return looked_up(env, obj, attribute)

    env.getattr = getattr


def table_of_contents(page):
    """Material's "Trong trang này" sidebar from the core's table of contents of a page."""
    def token(entry: dict) -> dict:
        # The title is escaped HTML already; Material prints TOC titles as they are.
        return {"level": entry["level"], "id": entry["id"], "name": entry["title"],
                "children": [token(child) for child in entry["children"]]}
    return get_toc([token(entry) for entry in page.toc()])


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
    for key in portal_config.IDENTITY_KEYS:
        if portal.get(key):
            portal[key] = escape(_plain(portal[key]))


class _HtmlPage(Page):
    """A generated page: MkDocs's Page, but its Markdown is empty (the body, HTML already, comes
    in on_page_context), so the Markdown instance with every extension that MkDocs makes for each
    page is not made: render() sets what Markdown would have made of nothing."""

    def render(self, config, files) -> None:
        if self.markdown:
            super().render(config, files)
            return
        self.content = ""
        self.toc = get_toc([])
        self._title_from_render = None
        self.present_anchor_ids = set()
        self.links_to_anchors = {}


class GeneratedPage(File):
    """A page of the core's. Its file holds only the front matter; the body, already HTML, is
    handed over in on_page_context. In a preview (`mkdocs serve` with dirty builds) it is
    rendered again only when it changed since the last build."""
    changed = True

    def is_modified(self) -> bool:
        return self.changed


class _CompiledTemplates:
    """The theme's templates as compiled by Jinja, kept between a preview's builds: MkDocs makes a
    new Jinja environment for each build. Jinja checks each template's source against what was kept."""

    def __init__(self, kept: dict):
        self._kept = kept

    def get(self, key):
        return self._kept.get(key)

    def set(self, key, value, timeout=None):
        self._kept[key] = value
