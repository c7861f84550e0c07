"""A campaign's page (the plan as signed, its facts, its honorees) and, for a long honoree list,
the list's own pages beside it."""
from __future__ import annotations

import posixpath
from urllib.parse import quote


from .. import listing, planview, statsview, urls, wording
from ..memo import MEMO
from ..model import Campaign, Honoree
from ..render import render
from . import pager
from .entries import own_html
from .page import SiteInfo, SitePage
from .cards import status_view

KIND_LABELS = dict(listing.HONOREE_KINDS)


def pages(c: Campaign, site: SiteInfo) -> list[SitePage]:
    """The campaign page, then its honoree pages when the list is too long for it."""
    options = (site.today, site.name, site.issuer)
    found = [MEMO.get("campaign page", (c,), options, lambda: campaign_page(c, site))]
    if not listing.listed_inline(c):
        found += honoree_pages(c)
    return found


def campaign_page(c: Campaign, site: SiteInfo) -> SitePage:
    description = c.summary or f"{c.document_kind} {c.title} của {c.issuer_name}. {listing.period_text(c)}."
    return SitePage(urls.campaign_path(c.id), c.title, lambda: campaign_body(c, site), description,
                    kind="campaign", extra={"campaign": c.id}, forwards_anchors=True)


def _decisions(c: Campaign) -> list[str]:
    return [wording.decision_text(d) for d in c.decisions]


def groups(c: Campaign, honorees: list[Honoree], page_path: str, continued: set[str] = frozenset()) -> list[dict]:
    """`honorees` (in listing order) by award form, collectives then individuals, as printed, each
    list numbered as the decision numbers it; `continued` names the forms whose list began on an
    earlier page."""
    positions = listing.award_positions(c)
    return [{"award": form.name, "id": listing.award_anchor(form.name, form.name in continued),
             "count": wording.number_vn(sum(len(m) for _, m in parts)), "continued": form.name in continued,
             "parts": [{"label": KIND_LABELS[kind], "count": wording.number_vn(len(members)),
                        "start": positions[members[0].id],
                        "entries": own_html(c, members, page_path)} for kind, members in parts]}
            for form, parts in listing.by_award(honorees)]


def summary(c: Campaign, page_path: str) -> list[dict]:
    """A long list's contents on the campaign page: each award form, its counts, and a link to the
    first entry of each of its lists."""
    return [{"award": form.name, "count": wording.number_vn(sum(len(m) for _, m in parts)),
             "parts": [{"label": KIND_LABELS[kind], "count": wording.number_vn(len(members)),
                        "url": urls.rel(page_path, listing.honoree_path(c, members[0]))}
                       for kind, members in parts]}
            for form, parts in listing.by_award(c.honorees)]


def page_range(c: Campaign, chunk: list[Honoree]) -> str:
    """What a page of a long list holds, in the decision's terms: each list on it (award form and
    kind) with the numbers of its first and last entries there."""
    positions = listing.award_positions(c)
    lists = [f"{form.name}, {KIND_LABELS[kind].lower()} "
             f"{pager.range_label(str(positions[m[0].id]), str(positions[m[-1].id]))}"
             for form, parts in listing.by_award(chunk) for kind, m in parts]
    return "; ".join(lists) if len(lists) <= 2 else f"{lists[0]} … {lists[-1]}"  # the first and the last


def campaign_body(c: Campaign, site: SiteInfo) -> str:
    path = urls.campaign_path(c.id)
    inline = listing.listed_inline(c)
    placed = planview.placements(c)
    return render(
        "campaign.html",
        d=planview.document(c, placed),
        stats=statsview.campaign_block(c, site.today),
        f=planview.facts(c, site.today, placed),
        c={
            "title": c.title, "document_kind": c.document_kind, "year": c.year,
            "year_url": urls.rel(path, urls.year_path(c.year)), "status": status_view(c, site.today),
            "attachments": [{"title": a.title, "url": quote(urls.rel(path, urls.attachment_path(c.id, a.file))),
                             "type": posixpath.splitext(a.file)[1].lstrip(".").upper(),
                             "size": f"{wording.number_vn(max(1, a.size // 1024))} KB"} for a in c.attachments],
            "example": c.example_data, "honoree_count": len(c.honorees),
            "honoree_count_text": wording.honours(len(c.honorees)),
            "groups": groups(c, c.honorees, path) if inline else [],
            "summary": [] if inline else summary(c, path),
            "list_url": "" if inline else urls.rel(path, urls.campaign_honorees_path(c.id)),
            "decisions": _decisions(c),
            "downloads": downloads(c, path),
        },
    )


def downloads(c: Campaign, path: str) -> dict:
    """Links to the print views and data files of one campaign (paths fixed in printview/opendata).
    A plan without honorees offers the plan and its data, not an honoree list."""
    prints = [{"label": "Toàn bộ danh sách (A4)", "url": urls.rel(path, urls.print_path(c.id))}]
    prints += [{"label": f"Quyết định số {d.number}", "url": urls.rel(path, urls.print_path(c.id, d.number))}
               for d in c.decisions if any(h.decision is d for h in c.honorees)]
    formats = (("csv", "CSV, mở bằng Excel"), ("xlsx", "Excel"), ("json", "JSON")) if c.honorees else (("json", "JSON"),)
    data = [{"label": label, "url": urls.rel(path, urls.campaign_data_path(c.id, ext))} for ext, label in formats]
    return {"plan": urls.rel(path, urls.plan_print_path(c.id)), "prints": prints if c.honorees else [],
            "data": data, "data_label": "Dữ liệu phong trào và danh sách khen thưởng" if c.honorees
            else "Dữ liệu phong trào"}


def honoree_pages(c: Campaign) -> list[SitePage]:
    """A long honoree list on pages of its own, in the decision's order, each page named by the
    lists and numbers it holds."""
    ordered = listing.award_order(c)
    chunks = listing.pages_of(ordered, listing.HONOREES_PER_PAGE)
    ranges = [page_range(c, list(chunk)) for chunk in chunks]
    found = []
    seen: set[str] = set()
    for number, chunk in enumerate(chunks, start=1):
        here = pager.paged(number, ranges, lambda k: urls.campaign_honorees_path(c.id, k))
        continued = {h.award.name for h in chunk} & seen
        seen |= {h.award.name for h in chunk}

        def body(here=here, chunk=chunk, continued=continued, number=number) -> str:
            # Everything the page shows comes from the campaign and the page's number.
            return MEMO.get("campaign list page", (c,), (number,), lambda: render(
                "campaign_honorees.html", title=c.title, back=urls.rel(here.path, urls.campaign_path(c.id)),
                total=wording.honours(len(c.honorees)), decisions=_decisions(c), example=c.example_data,
                pager=pager.view(here), groups=groups(c, list(chunk), here.path, continued)))
        title = f"Danh sách khen thưởng: {c.label}" + (f" (trang {number})" if number > 1 else "")
        found.append(SitePage(here.path, title, body, f"Danh sách khen thưởng của {c.title}, trang {number}: "
                              f"{ranges[number - 1]}.", kind="list", prev=here.prev, next=here.next,
                              forwards_anchors=True))
    return found
