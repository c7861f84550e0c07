"""The signed plan as view data: its heading block, its text in order, its signature; and, apart
from it, the facts at a glance.

The document is reproduced as written: labels, headings and texts are printed as they are, in
their order; nothing is numbered, renamed or added inside it. Templates (`_plan.html`) print it.
"""
from __future__ import annotations

import datetime as dt

from . import plan
from .listing import period_text, timeline_events
from . import status as st
from .model import Campaign, Node
from .schema import DEADLINE_LABELS, KIND_LABELS
from .text import date_formal, date_vn, paragraphs

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
TOP_HEADING = 2  # the plan's top-level sections are <h2>: the page's <h1> is the plan's title
SUBJECT_LABELS = {"tap-the": "Tập thể", "ca-nhan": "Cá nhân"}


# --- the document ----------------------------------------------------------------------

def document(c: Campaign) -> dict:
    """Everything of the signed document, in its order: heading block, title, text, signature."""
    lines = c.issuer_lines or [x for x in (c.issuer_parent, c.issuer_name) if x]
    return {
        "issuer_lines": lines, "number": c.doc_number, "motto": MOTTO if c.motto else (),
        "place_date": place_date(c), "type": c.document_type, "title": c.title,
        "body": blocks(c.body), "recipients": c.recipients,
        "signer": {"on_behalf": paragraphs(c.signer_on_behalf), "title": c.signer_title, "name": c.signer_name},
    }


def place_date(c: Campaign) -> str:
    when = date_formal(c.doc_date) if c.doc_date else c.doc_date_text
    return ", ".join(x for x in (c.doc_place, when) if x)


def blocks(nodes: list[Node]) -> list[dict]:
    """One level of the tree as blocks: sections, paragraphs, tables, and runs of labelled items
    gathered into one list (each item keeps its own label: a), đ), -, +)."""
    anchors = {id(p.node): p for p in plan.walk(nodes)}
    return _blocks(nodes, anchors)


def _blocks(nodes: list[Node], anchors: dict) -> list[dict]:
    out: list[dict] = []
    for node in nodes:
        placed = anchors[id(node)]
        view = _node(node, placed, anchors)
        if view["kind"] == "item":
            if out and out[-1]["kind"] == "list":
                out[-1]["items"].append(view)
            else:
                out.append({"kind": "list", "items": [view]})
        else:
            out.append(view)
    return out


def _node(node: Node, placed: plan.Placed, anchors: dict) -> dict:
    view = {"label": node.label, "anchor": placed.anchor, "paragraphs": paragraphs(node.text),
            "children": _blocks(node.body, anchors),
            "table": {"header": node.table.header, "rows": node.table.rows} if node.table else None}
    if node.heading:
        return {**view, "kind": "section", "heading": node.heading,
                "level": min(6, TOP_HEADING + placed.depth)}
    if node.table and not node.text:
        return {**view, "kind": "table"}
    return {**view, "kind": "item" if node.label else "paragraph"}


def outline(c: Campaign) -> list[tuple[int, str, str]]:
    """Every heading of the plan, in order, as (level, anchor, text): the page's table of contents."""
    found = []
    for p in plan.walk(c.body):
        if p.node.heading:
            label = f"{p.node.label} " if p.node.label else ""
            found.append((min(6, TOP_HEADING + p.depth), p.anchor, label + p.node.heading))
    return found


# --- the facts at a glance ---------------------------------------------------------------

def quota_text(collective: int | None, individual: int | None, text: str) -> str:
    if text:
        return text
    parts = []
    if collective is not None:
        parts.append(f"{collective:02d} tập thể")
    if individual is not None:
        parts.append(f"{individual:02d} cá nhân")
    return ", ".join(parts)


def facts(c: Campaign, today: dt.date) -> dict:
    """The machine-read facts, shown once, apart from the document."""
    anchors = {p.node.id: p.anchor for p in plan.walk(c.body) if p.node.id}
    labels = {p.node.id: p.node.label for p in plan.walk(c.body) if p.node.id}
    forms = [{"name": f.name, "quota": quota_text(f.quota_collective, f.quota_individual, f.quota_text),
              "criteria_url": f"#{anchors[f.criteria]}" if f.criteria in anchors else "",
              "criteria_label": labels.get(f.criteria, "")} for f in c.award_forms]
    return {
        "issuer": c.issuer_name, "number": c.doc_number,
        "date": date_vn(c.doc_date) if c.doc_date else c.doc_date_text,
        "kind": KIND_LABELS.get(c.kind, ""), "period": period_text(c),
        "deadlines": [{"label": d.title or DEADLINE_LABELS[d.kind], "date": date_vn(d.date),
                       "past": d.date < today} for d in sorted(c.deadlines, key=lambda d: d.date)],
        "forms": forms, "has_quota": any(f["quota"] for f in forms),
        "subjects": ", ".join(SUBJECT_LABELS[s] for s in c.subjects).capitalize(),
        "timeline": [{"date": shown, "iso": d.isoformat(), "what": w, "past": d < today, "today": d == today}
                     for d, shown, w in timeline_events(c)],
        "status": st.status(c, today),
    }
