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


class Memo:
    def __init__(self) -> None:
        self._previous: dict[tuple, tuple] = {}
        self._current: dict[tuple, tuple] = {}

    def get(self, name: str, records: tuple, options: tuple, compute: Callable[[], T]) -> T:
        """compute(), or what it returned before for the same records (the same objects) and options."""
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
