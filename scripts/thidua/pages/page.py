"""A page of the public site, as data: path, title, description and an HTML body; and what every
page is made with (the site's name, the day)."""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from typing import Callable

from ..text import yaml_string


@dataclass
class SitePage:
    path: str  # site-relative directory path: "" for home, "phong-trao/abc/"
    title: str
    source: str | Callable[[], str]  # the HTML body, or what makes it when the renderer first asks
    description: str = ""
    kind: str = "page"
    search_exclude: bool = False
    extra: dict = field(default_factory=dict)
    prev: str = ""  # a paged listing's previous and next pages (site paths): <link rel=prev/next>
    next: str = ""
    forwards_anchors: bool = False  # a campaign's page or list page: assets/anchor.js finds moved entries
    _made: str | None = field(default=None, repr=False, compare=False)

    @property
    def body(self) -> str:
        if self._made is None:
            self._made = self.source() if callable(self.source) else self.source
        return self._made

    def release(self) -> None:
        """Forget a made body (once the renderer has written the page), so that a large site's
        pages are never all in memory at once; asking for the body again makes it again."""
        if callable(self.source):
            self._made = None

    @property
    def src(self) -> str:
        return f"{self.path}index.md"

    def front_matter(self) -> str:
        """Title, description and kind as YAML front matter. Title and description are HTML-escaped:
        Material's templates print them unescaped. Values are written as YAML double-quoted scalars
        by text.yaml_string (many times faster than a YAML dumper; JSON's surrogate pairs for
        characters such as 🇻🇳 are not valid YAML, and MkDocs drops front matter it cannot read)."""
        meta = {"title": html.escape(self.title), "description": html.escape(self.description), "kind": self.kind}
        meta.update({key: value for key, value in (("rel_prev", self.prev), ("rel_next", self.next)) if value})
        lines = [f"{key}: {yaml_string(value)}" for key, value in meta.items()]
        if self.search_exclude:
            lines.append("search_exclude: true")
        if self.forwards_anchors:
            lines.append("anchors: true")
        return "---\n" + "\n".join(lines) + "\n---\n\n"

    def as_markdown(self) -> str:
        """The page as a Markdown file: front matter, then the HTML body (Markdown leaves it as is)."""
        return self.front_matter() + self.body

    def toc(self) -> list[dict]:
        """The page's table of contents, the same for every renderer: its headings (toc.py)."""
        from ..toc import table_of_contents
        return table_of_contents(self.body)


@dataclass
class SiteInfo:
    name: str
    today: dt.date
    issuer: str = ""
