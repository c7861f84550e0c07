"""The hand-over: the whole site as files, for a renderer that is not driven from Python.

`scripts/portal generate DIR` writes

    DIR/mkdocs.yml     the project's mkdocs.yml for that renderer: docs_dir `docs`, site_dir
                       `site`, the theme overrides by absolute path, the hand-written pages at
                       their folder (see below), no hooks, every extra.portal key set
    DIR/docs/...       every generated page as `<path>index.md`: YAML front matter (escaped
                       `title` and `description`, `kind`, the table of contents as
                       `portal_toc`, `portal_generated: true`), then the HTML body; every
                       hand-written page of content/; the attachments; the data files, feeds,
                       print views and embed block (`Site.all_files`), as they are

and `scripts/portal index SITE` writes the search index into a rendered site (`index_site`),
as `portal build` does for either renderer. This module imports no renderer.

Hand-written pages: content/x.md is published at x/ by both renderers, and its links are
written relative to that address (`../data/honorees.csv`). MkDocs leaves such links as they are;
Zensical resolves a link against the page's file, so the hand-over places content/x.md at
`docs/x/index.md`, where the same link means the same file.
"""
from __future__ import annotations

import datetime as dt
import html
import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterator

import yaml

from ..model import Archive
from ..site import Site, build_site
from ..text import yaml_string
from ..urls import campaign_path
from .config import IDENTITY_KEYS, PortalConfig

# The Markdown extension that hands a generated page's body and table of contents to Zensical
# (renderers/zensical/passthrough.py: it runs inside Zensical's own Python).
PASSTHROUGH = "thidua.renderers.zensical.passthrough"
# What MkDocs adds to every site's markdown_extensions: the search index reads the hand-written
# pages with the same extensions as the site renders them with.
MARKDOWN_BUILTINS = ("toc", "tables", "fenced_code")


def attachments(site: Site, campaigns: Path) -> Iterator[tuple[str, Path]]:
    """(site path, file) of every published campaign's attachments: at their own path inside the
    campaign's folder (phong-trao/<id>/tep/<file>), so no two can clash."""
    for campaign in site.archive.published:
        for attachment in campaign.attachments:
            yield f"{campaign_path(campaign.id)}tep/{attachment.file}", campaigns / campaign.id / attachment.file


def write_files(files, site_dir: Path) -> None:
    """(path, bytes) into a build's own new folder: no one reads it yet, so plain writes do.
    A file's bytes are let go before the next file is made (the archive-wide ones are ~50 MB
    each at 100,000 honorees: two at once would be the files stage's peak)."""
    folders: set[str] = set()
    for path, data in files:
        folder = os.path.dirname(path)
        if folder not in folders:
            os.makedirs(os.path.join(site_dir, folder), exist_ok=True)
            folders.add(folder)
        with open(os.path.join(site_dir, path), "wb") as out:
            out.write(data)
        del data


def page_markdown(page) -> str:
    """A generated page as a Markdown file for another renderer: the front matter MkDocs gets,
    with the page's table of contents, then the HTML body."""
    head = page.front_matter()
    assert head.endswith("\n---\n\n")
    extra = f"portal_generated: true\nportal_toc: {_flow(page.toc())}\n"
    return head[: -len("---\n\n")] + extra + "---\n\n" + page.body


def _flow(value) -> str:
    """A value as YAML flow text, strings as text.yaml_string writes them (any character kept)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return yaml_string(str(value))


def content_pages(docs_dir: Path) -> Iterator[tuple[Path, str]]:
    """(file, where the hand-over puts it) for every file of content/: x.md at x/index.md,
    index.md and y/index.md where they are, any other file (images...) where it is."""
    for path in sorted(docs_dir.rglob("*")):
        if not path.is_file() or any(part.startswith(".") for part in path.relative_to(docs_dir).parts):
            continue
        rel = PurePosixPath(path.relative_to(docs_dir).as_posix())
        if rel.suffix == ".md" and rel.stem != "index":
            yield path, str(rel.with_suffix("") / "index.md")
        else:
            yield path, str(rel)


def renderer_config(portal: PortalConfig, placed: dict[str, str], site_url: str) -> dict:
    """mkdocs.yml for the hand-over tree (see the module's docstring). Text that the theme's
    templates print as it is (site name and description, copyright, issuer, nav titles) is written
    escaped, as the MkDocs adapter hands it over: Zensical does not escape it either. The portal's
    overrides print it as it arrives (no `| e`, which would escape it a second time here, where
    MkDocs's Markup is not to be had)."""
    raw = dict(portal.raw)
    raw.pop("hooks", None)
    for key in ("site_name", "site_description", "copyright"):
        if raw.get(key):
            raw[key] = html.escape(raw[key])
    raw["docs_dir"], raw["site_dir"] = "docs", "site"
    raw["site_url"] = site_url
    theme = dict(raw.get("theme") or {})
    if portal.custom_dir:
        theme["custom_dir"] = str(portal.custom_dir)
    theme.setdefault("variant", "classic")  # Zensical: the Material look the overrides are written for
    raw["theme"] = theme
    extra = dict(raw.get("extra") or {})
    # Every key, so that none is undefined in a template.
    extra["portal"] = {key: html.escape(value) if key in IDENTITY_KEYS else value
                       for key, value in portal.theme_portal().items()}
    raw["extra"] = extra
    raw["nav"] = _placed_nav(raw.get("nav") or [], placed)
    raw["plugins"] = {"search": {"enabled": False}}  # the portal's own search index is Pagefind's
    # Zensical's own link checks took time that grows faster than the site (2,000 honorees: 42 s
    # of a 46 s build; 10,000: most of 6 minutes). The portal's links are checked by its tests on
    # both renderers' builds (test_quality.py, test_renderers.py).
    raw["validation"] = {"invalid_links": False, "invalid_link_anchors": False}
    names = [n for n in portal.markdown_extensions if n != PASSTHROUGH]
    raw["markdown_extensions"] = [{n: portal.mdx_configs[n]} if n in portal.mdx_configs else n for n in names] \
        + [PASSTHROUGH]
    return raw


def _placed_nav(nav, placed: dict[str, str]):
    """The nav with each hand-written page at its place in the tree, and its titles escaped."""
    if isinstance(nav, list):
        return [_placed_nav(item, placed) for item in nav]
    if isinstance(nav, dict):
        return {html.escape(str(key)): _placed_nav(value, placed) for key, value in nav.items()}
    if isinstance(nav, str):
        return placed.get(nav, nav)
    return nav


@dataclass
class Handover:
    folder: Path
    config: Path  # folder/mkdocs.yml
    docs: Path  # folder/docs
    site: Path  # folder/site: where the renderer writes (site_dir)
    pages: int
    files: int


def write_tree(site: Site, portal: PortalConfig, folder: Path, site_url: str, with_files: bool = True) -> Handover:
    """The hand-over tree of a site made with build_site (see the module's docstring). Without
    `with_files`, the data files, feeds, print views and embed block are left for the caller to
    write into the rendered site (`portal build` does: no renderer copies them then)."""
    docs = folder / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    folders: set[Path] = set()

    def target(rel: str) -> Path:
        path = docs / rel
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        return path

    for page in site.pages:
        target(page.src).write_text(page_markdown(page), encoding="utf-8")
        page.release()
    placed = {}
    for source, rel in content_pages(portal.docs_dir):
        shutil.copyfile(source, target(rel))
        placed[source.relative_to(portal.docs_dir).as_posix()] = rel
    count = 0
    for rel, source in attachments(site, portal.campaigns):
        shutil.copyfile(source, target(rel))
        count += 1
    if with_files:
        site.pages_written()
        for rel, data in site.all_files():
            target(rel).write_bytes(data)
            count += 1
    config = folder / "mkdocs.yml"
    config.write_text("# Made by scripts/portal generate from " + str(portal.file) + ": not to be edited.\n"
                      + yaml.safe_dump(renderer_config(portal, placed, site_url), allow_unicode=True,
                                       sort_keys=False), encoding="utf-8")
    return Handover(folder, config, docs, folder / "site", len(site.pages), count)


def generate(portal: PortalConfig, out: Path, today: dt.date, site_url: str | None = None) -> Handover:
    """`scripts/portal generate DIR`: the hand-over tree, for a renderer to build with
    `zensical build -f DIR/mkdocs.yml` (or any other that reads it); then `portal index DIR/site`."""
    url = portal.url(site_url)
    site = build_site(portal.campaigns, today, portal.site_name, portal.issuer, url)
    return write_tree(site, portal, out, url)


# --- the search index, the same for every route -----------------------------------------------

def search_records(archive: Archive, portal: PortalConfig, today: dt.date) -> list:
    """The search records of an archive (as of `today`), and of the hand-written pages read with
    the site's Markdown extensions."""
    from ..search import build_records, content_records
    names = [*MARKDOWN_BUILTINS, *(n for n in portal.markdown_extensions if n not in MARKDOWN_BUILTINS)]
    return build_records(archive.published, today, content_records(portal.docs_dir, names, portal.mdx_configs))


def start_index(archive: Archive, portal: PortalConfig, today: dt.date, site_dir: Path):
    """Write the search records of an archive and start Pagefind on them (search.Indexing), into
    site_dir/pagefind; the caller waits (`.wait()`) or stops it."""
    from ..search import Indexing
    return Indexing(search_records(archive, portal, today), site_dir)


def index_site(portal: PortalConfig, site_dir: Path, today: dt.date) -> int:
    """`scripts/portal index SITE`: the search index of the archive as of `today`, into
    SITE/pagefind (the site's pages need not be rendered yet). Returns what a reader can find."""
    site = build_site(portal.campaigns, today, portal.site_name, portal.issuer, portal.url())
    return start_index(site.archive, portal, today, site_dir).wait()


