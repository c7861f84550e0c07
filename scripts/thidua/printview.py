"""Print views: A4 documents laid out as Vietnamese administrative appendices.

The plan itself, laid out as the signed document (phong-trao/<id>/van-ban/); the honoree
lists, one per campaign (every decision, each on new pages) and one per decision, at
phong-trao/<id>/in/ and phong-trao/<id>/in/<decision>/. Standalone HTML: no navigation,
no script, page numbers from CSS @page.
"""
from __future__ import annotations

from . import planview
from .model import Campaign, Decision, Honoree
from .render import render
from . import wording
from .listing import HONOREE_KINDS, by_award
from .urls import STYLESHEET, campaign_path, plan_print_path, print_path, rel

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def plan_document(c: Campaign) -> dict[str, str]:
    """Site path -> HTML of the plan's A4 print view: the document as signed, and nothing else."""
    path = plan_print_path(c.id)
    html = render("print-plan.html", d=planview.document(c), heading=c.title, back=rel(path, campaign_path(c.id)),
                  css=rel(path, STYLESHEET))
    return {path + "index.html": html}


def _appendix(c: Campaign, decision: Decision | None, honorees: list[Honoree]) -> dict:
    labels = {kind: label.upper() for kind, label in HONOREE_KINDS}
    groups = [{"award": form.name, "parts": [
        {"number": ROMAN[i], "label": labels[kind], "person": kind == "ca-nhan",
         "rows": [{"name": (f"{h.honorific} " if h.honorific else "") + h.name,
                   "role": ", ".join(x for x in (h.position, h.unit) if x)} for h in members]}
        for i, (kind, members) in enumerate(parts)]}
        for form, parts in by_award(honorees)]
    attached = f"(Kèm theo {wording.decision_text(decision)})" if decision else ""
    return {"attached": attached, "groups": groups, "count": wording.number_vn(len(honorees))}


def _decision_doc_path(c: Campaign, d: Decision, docs: dict[str, str]) -> str:
    """Where a decision's print view goes; never over another document (rules.py refuses decision
    numbers whose slug is empty or shared, so this only fails if that rule is bypassed)."""
    path = print_path(c.id, d.number) + "index.html"
    if path in docs or path == print_path(c.id) + "/index.html":
        raise ValueError(f"print view of decision {d.number!r} would overwrite {path}")
    return path


def print_documents(c: Campaign, site_name: str) -> dict[str, str]:
    """Site path -> HTML for the plan's print view, the campaign's honoree list and one per decision."""
    if not c.honorees:
        return plan_document(c)
    by_decision = [(d, [h for h in c.honorees if h.decision is d]) for d in c.decisions]
    loose = [h for h in c.honorees if h.decision is None]
    decided = [(d, _appendix(c, d, hs)) for d, hs in by_decision if hs]  # in the whole list and in its own
    appendices = [appendix for _, appendix in decided]
    if loose:
        appendices.append(_appendix(c, None, loose))
    common = {"issuer": c.issuer_name, "parent": c.issuer_parent, "title": c.title, "example": c.example_data,
              "site": site_name}
    docs = plan_document(c)
    whole = print_path(c.id)
    docs[whole + "index.html"] = render("print.html", appendices=appendices, **common, heading=c.title,
                                        back=rel(whole, campaign_path(c.id)), css=rel(whole, STYLESHEET))
    for d, appendix in decided:
        path = _decision_doc_path(c, d, docs)
        folder = path[: -len("index.html")]
        docs[path] = render("print.html", appendices=[appendix], **common,
                            heading=f"Quyết định số {d.number}", back=rel(folder, campaign_path(c.id)),
                            css=rel(folder, STYLESHEET))
    return docs
