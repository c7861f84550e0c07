"""Results of pure functions of records, kept from one build to the next in a long-running preview.

A key holds the identity (id()) of the records a result was computed from, and the entry keeps
those records alive, so an id cannot be reused while its entry exists. Loading gives an edited
campaign new objects and keeps the others (load.load_archive with a cache), so after an edit
only what depends on the edited campaign misses. Entries that a build does not ask for are
dropped at the start of the build after it: the memo holds at most two builds' worth.
"""
from __future__ import annotations

from typing import Callable, TypeVar

T = TypeVar("T")


# Whole page bodies: a build asks for each once (the renderer writes the page, then lets its body
# go), so only a preview, whose next build may ask again, has a use for keeping them.
PAGE_BODIES = frozenset({"letter page", "unit page", "campaign list page"})


class Memo:
    def __init__(self) -> None:
        self._previous: dict[tuple, tuple] = {}
        self._current: dict[tuple, tuple] = {}
        # False for a one-off build (`portal build`): page bodies are made and not kept (at
        # 100,000 honorees they held ~400 MB by the end of the render, beside Pagefind).
        self.keep_page_bodies = True

    def get(self, name: str, records: tuple, options: tuple, compute: Callable[[], T]) -> T:
        """compute(), or what it returned before for the same records (the same objects) and options."""
        if name in PAGE_BODIES and not self.keep_page_bodies:
            return compute()
        key = (name, options, *map(id, records))
        entry = self._current.get(key) or self._previous.get(key)
        if entry is None:
            entry = (records, compute())
        self._current[key] = entry
        return entry[1]

    def next_build(self) -> None:
        """Start a build: what the previous build did not use is dropped now."""
        self._previous, self._current = self._current, {}

    def clear(self) -> None:
        self._previous, self._current = {}, {}


MEMO = Memo()
