"""A Python-Markdown extension, run by Zensical: a generated page (front matter
`portal_generated: true`, written by renderers/handoff.py) is HTML already, so its body goes
through untouched, and its table of contents is the core's (`portal_toc`), not one found by
Markdown. Hand-written pages are left to Markdown.

Python-Markdown's own HTML block parsing costs time that grows faster than the page (a large
A–Z page took Zensical 50 s); here the body is stashed whole and put back at the end.
Imports the standard library and Markdown only: it runs in Zensical's virtual environment.
"""
from __future__ import annotations

import uuid

from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor


def _page_meta(md) -> dict:
    """The page's front matter, as Zensical hands it to its rendering context."""
    try:
        from zensical.extensions.context import ContextPreprocessor
    except ImportError:  # not run by Zensical: nothing says the page is generated
        return {}
    context = ContextPreprocessor.from_markdown(md)
    return dict(getattr(getattr(context, "page", None), "meta", None) or {})


def _token(entry: dict) -> dict:
    """One entry of the core's table of contents as Python-Markdown's toc extension makes them."""
    return {"level": int(entry["level"]), "id": entry["id"], "name": entry["title"], "html": entry["title"],
            "data-toc-label": "", "children": [_token(child) for child in entry.get("children", [])]}


class _Stash(Preprocessor):
    def __init__(self, md, keeper: "_Restore"):
        super().__init__(md)
        self.keeper = keeper

    def run(self, lines: list[str]) -> list[str]:
        meta = _page_meta(self.md)
        if not meta.get("portal_generated"):
            self.keeper.body = None
            return lines
        self.keeper.body = "\n".join(lines)
        self.keeper.toc = [_token(entry) for entry in meta.get("portal_toc") or []]
        self.keeper.marker = f"portalbody{uuid.uuid4().hex}"
        return [self.keeper.marker]


class _Restore(Postprocessor):
    body: str | None = None
    toc: list = []
    marker = ""

    def run(self, text: str) -> str:
        # Markdown runs the postprocessors on other text too (the toc extension on its own HTML):
        # only the text that holds the marker is the page.
        if self.body is None or self.marker not in text:
            return text
        body, self.body = self.body, None
        self.md.toc_tokens = self.toc  # what Zensical reads as the page's table of contents
        wrapped = f"<p>{self.marker}</p>"
        return text.replace(wrapped if wrapped in text else self.marker, body, 1)


class PassthroughExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's name
        keeper = _Restore(md)
        md.preprocessors.register(_Stash(md, keeper), "portal_passthrough", 1000)  # before any other
        md.postprocessors.register(keeper, "portal_passthrough", -1000)  # after every other


def makeExtension(**kwargs) -> PassthroughExtension:  # noqa: N802 - Python-Markdown's name
    return PassthroughExtension(**kwargs)
