"""Everyone honoured, A to Z by given name: an index of letters, and each letter's pages, named
by the range of names each holds."""
from __future__ import annotations

from .. import listing, urls, wording
from ..memo import MEMO
from ..model import Campaign
from ..render import render
from . import pager
from .entries import honorees_html
from .page import SitePage


def honoree_list_pages(campaigns: list[Campaign], by_id: dict[str, Campaign]) -> list[SitePage]:
    by_letter = listing.filed_by_letter(campaigns)
    total = sum(len(members) for members in by_letter.values())
    single = total <= listing.HONOREES_PER_PAGE  # a small archive: every name on the index page
    nav_key = tuple((x, len(members)) for x, members in by_letter.items())

    def letters_from(path: str) -> list[dict]:
        return [{"letter": x, "count": wording.number_vn(len(members)),
                 "url": f"#chu-{listing.letter_slug(x)}" if single
                 else urls.rel(path, urls.letter_path(listing.letter_slug(x)))} for x, members in by_letter.items()]

    sections = [{"letter": x, "id": f"chu-{listing.letter_slug(x)}", "entries": honorees_html(members, urls.HONOREES, by_id)}
                for x, members in by_letter.items()] if single else []
    body = render("honorees.html", letters=letters_from(urls.HONOREES), sections=sections, pager=None,
                  total=wording.honours(total), heading="Danh sách khen thưởng")
    found = [SitePage(urls.HONOREES, "Danh sách khen thưởng", body,
                      "Tất cả cá nhân, tập thể được khen thưởng, xếp theo tên.", kind="list")]
    if single:
        return found
    for x, members in by_letter.items():
        key = listing.letter_slug(x)
        chunks = listing.pages_of(members, listing.HONOREES_PER_PAGE)
        ranges = [pager.range_label(chunk[0].name, chunk[-1].name) for chunk in chunks]
        for number, chunk in enumerate(chunks, start=1):
            here = pager.paged(number, ranges, lambda k, key=key: urls.letter_path(key, k))

            def body(here=here, chunk=chunk, x=x, key=key, ranges=tuple(ranges), count=len(members)) -> str:
                # Every value the page shows is bound now (not read from the loop after it ended),
                # and in the memo's key with the records it lists.
                return MEMO.get("letter page", tuple(chunk), (here.path, total, nav_key, ranges),
                                lambda: render("honorees.html", letters=letters_from(here.path), pager=pager.view(here),
                                               total=wording.honours(total), heading=f"Tên bắt đầu bằng {x}",
                                               letter_total=wording.honours(count),
                                               sections=[{"letter": x, "id": f"chu-{key}",
                                                          "entries": honorees_html(list(chunk), here.path, by_id)}]))
            title = f"Khen thưởng: tên bắt đầu bằng {x}" + (f" (trang {number})" if number > 1 else "")
            found.append(SitePage(here.path, title, body, f"Cá nhân, tập thể được khen thưởng có tên bắt đầu bằng {x}, "
                                  f"trang {number}: {ranges[number - 1]}.", kind="list", prev=here.prev, next=here.next))
    return found
