"""A page's table of contents, one rule for every renderer: every h2–h6 heading of its body that
has an id, in order, nested by level (a plan's sections at any depth, the honoree groups...).

The titles are the headings' inner HTML without tags: still escaped HTML, as the themes print a
table of contents (`title` as text would be escaped twice). The MkDocs adapter turns the tree
into MkDocs's toc, the hand-over (`generate`) writes it into each page's front matter.
"""
from __future__ import annotations

import html
import re
from typing import Iterator

_HEADING = re.compile(r'<h([2-6]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")


def headings(body: str) -> Iterator[tuple[int, str, str]]:
    """(level, id, title as escaped HTML without tags) of every h2–h6 with an id, in order."""
    for level, anchor, inner in _HEADING.findall(body):
        yield int(level), anchor, " ".join(_TAG.sub("", inner).split())


def table_of_contents(body: str) -> list[dict]:
    """The headings as a tree: [{"level", "id", "title", "text", "children"}], each heading under
    the nearest one before it of a lower level. `text` is the title unescaped (plain text)."""
    tokens: list[dict] = []
    open_: list[dict] = []  # the innermost heading of each level still open
    for level, anchor, title in headings(body):
        token = {"level": level, "id": anchor, "title": title, "text": html.unescape(title), "children": []}
        while open_ and open_[-1]["level"] >= level:
            open_.pop()
        (open_[-1]["children"] if open_ else tokens).append(token)
        open_.append(token)
    return tokens


def flatten(tokens: list[dict]) -> Iterator[dict]:
    for token in tokens:
        yield token
        yield from flatten(token["children"])
