"""The plan's text as one ordered tree (model.Node): walking it, and the anchor rule.

Every labelled part of a plan gets a stable anchor made of its labels, outermost first: section
"IV." then "2." is `#muc-iv-2`, item "đ)" under "III. > 2." is `#muc-iii-2-dd`.
A dotted number that repeats its parent's ("2.1." under "2.") stands for itself: `#muc-iv-2-1`.
A part with an explicit `id` is `#muc-<id>`. So a reader can cite "mục IV.2" by address, and the
addresses do not move when a paragraph is added elsewhere. Bullets (-, +, •) add nothing.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .model import Node
from .text import slug

ANCHOR_PREFIX = "muc-"
_BULLETS = {"-", "+", "•", "–", "—", "*", "·", "o"}


@dataclass
class Placed:
    """A node with where it stands: its depth (0 for the plan's top level) and its anchor."""
    node: Node
    depth: int
    anchor: str


def label_key(label: str) -> str:
    """A label's part of an anchor: 'I.' -> 'i', '2.1.' -> '2-1', 'đ)' -> 'dd', '-' -> ''."""
    label = label.strip()
    if not label or label in _BULLETS:
        return ""
    label = label.replace("đ", "dd").replace("Đ", "dd")
    return slug(re.sub(r"[.)(:\]]+", " ", label))


def _extend(path: tuple[str, ...], key: str) -> tuple[str, ...]:
    """The label path one level down. A dotted number that repeats its parent's number ("2.1."
    under "2.") stands for itself: III › 2 › 2.1 is `iii-2-1`, not `iii-2-2-1`."""
    if not key:
        return path
    if path and key.startswith(path[-1] + "-"):
        return path[:-1] + (key,)
    return path + (key,)


def walk(nodes: list[Node], depth: int = 0, path: tuple[str, ...] = ()) -> Iterator[Placed]:
    """Every node of the tree in document order, with its depth and anchor (unique in the plan)."""
    yield from _walk(nodes, depth, path, set())


def _walk(nodes: list[Node], depth: int, path: tuple[str, ...], used: set[str]) -> Iterator[Placed]:
    for node in nodes:
        here = _extend(path, label_key(node.label))
        key = here != path
        anchor = ""
        if node.id:
            anchor = ANCHOR_PREFIX + node.id
        elif key:
            anchor = ANCHOR_PREFIX + "-".join(here)
        if anchor:
            base, n = anchor, 2
            while anchor in used:
                anchor, n = f"{base}-{n}", n + 1
            used.add(anchor)
        yield Placed(node, depth, anchor)
        yield from _walk(node.body, depth + 1, here, used)


def texts(nodes: list[Node]) -> Iterator[str]:
    """The plan's words in reading order: labels, headings, texts and table cells."""
    for placed in walk(nodes):
        node = placed.node
        for part in (node.label, node.heading, node.text):
            if part:
                yield part
        if node.table:
            yield from node.table.header
            for row in node.table.rows:
                yield from row


def ids(nodes: list[Node]) -> set[str]:
    """The explicit ids of the tree's parts."""
    return {p.node.id for p in walk(nodes) if p.node.id}
