"""Pagers of long listings: at the top and the bottom of each page, each page named by the range
it holds ("Nguyễn Thị Hà – Nguyễn Văn Hùng"), and the previous and next pages for <link rel>."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .. import urls
from ..wording import number_vn

NEAR = 2  # pages shown on each side of the current one; the first and last are always shown


@dataclass
class Paged:
    """Where one page of a listing stands among its pages."""
    number: int  # 1-based
    count: int
    path: str
    prev: str = ""  # site paths, "" at either end
    next: str = ""
    links: list[dict] | None = None  # the pager's items; None when the listing has one page


def range_label(first: str, last: str) -> str:
    return first if first == last else f"{first} – {last}"


def paged(number: int, ranges: list[str], path_of: Callable[[int], str]) -> Paged:
    """Page `number` of a listing whose pages hold `ranges` (one label per page); `path_of(k)` is
    page k's site path. The pager lists the first, last and nearby pages, each with its range."""
    count = len(ranges)
    path = path_of(number)
    here = Paged(number, count, path,
                 prev=path_of(number - 1) if number > 1 else "", next=path_of(number + 1) if number < count else "")
    if count < 2:
        return here
    shown = sorted({1, count, *range(max(1, number - NEAR), min(count, number + NEAR) + 1)})
    links, previous = [], 0
    for k in shown:
        if k > previous + 1:
            links.append({"gap": True})
        links.append({"gap": False, "number": k, "range": ranges[k - 1], "current": k == number,
                      "url": urls.rel(path, path_of(k)), "near": abs(k - number) <= 1})
        previous = k
    here.links = links
    return here


def view(here: Paged) -> dict | None:
    """What _macros.pager prints, or None for a listing of one page."""
    if here.links is None:
        return None
    return {"number": number_vn(here.number), "count": number_vn(here.count), "links": here.links,
            "prev": urls.rel(here.path, here.prev) if here.prev else "",
            "next": urls.rel(here.path, here.next) if here.next else ""}
