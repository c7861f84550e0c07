"""Print views: A4 documents laid out as Vietnamese administrative appendices.

One per campaign (every decision, each on new pages) and one per decision, at
phong-trao/<id>/in/ and phong-trao/<id>/in/<decision>/. Standalone HTML: no navigation,
no script, page numbers from CSS @page.
"""
from __future__ import annotations

from .model import Campaign, Decision, Honoree
from .render import render
from .text import date_vn
from .views import HONOREE_KINDS, ROMAN, by_award, print_path


def _appendix(c: Campaign, decision: Decision | None, honorees: list[Honoree]) -> dict:
    labels = {kind: label.upper() for kind, label in HONOREE_KINDS}
    groups = [{"award": form.name, "parts": [
        {"number": ROMAN[i], "label": labels[kind], "person": kind == "ca-nhan",
         "rows": [{"name": (f"{h.honorific} " if h.honorific else "") + h.name,
                   "role": ", ".join(x for x in (h.position, h.unit) if x)} for h in members]}
        for i, (kind, members) in enumerate(parts)]}
        for form, parts in by_award(honorees)]
    attached = ""
    if decision:
        signer = f" của {decision.signer}" if decision.signer else ""
        attached = f"(Kèm theo Quyết định số {decision.number} ngày {date_vn(decision.date)}{signer})"
    return {"attached": attached, "groups": groups, "count": len(honorees)}


def print_documents(c: Campaign, site_name: str) -> dict[str, str]:
    """Site path -> HTML for the campaign's print view and one per decision (none if nobody is honoured)."""
    if not c.honorees:
        return {}
    by_decision = [(d, [h for h in c.honorees if h.decision is d]) for d in c.decisions]
    loose = [h for h in c.honorees if h.decision is None]
    appendices = [_appendix(c, d, hs) for d, hs in by_decision if hs]
    if loose:
        appendices.append(_appendix(c, None, loose))
    common = {"issuer": c.issuer_name, "parent": c.issuer_parent, "title": c.title, "example": c.example_data,
              "site": site_name}
    docs = {print_path(c.id) + "index.html": render("print.html", appendices=appendices, **common,
                                                    back="../", heading=c.title, css="../../../assets/portal.css")}
    for d, hs in by_decision:
        if hs:
            docs[print_path(c.id, d.number) + "index.html"] = render(
                "print.html", appendices=[_appendix(c, d, hs)], **common, back="../../",
                heading=f"Quyết định số {d.number}", css="../../../../assets/portal.css")
    return docs
