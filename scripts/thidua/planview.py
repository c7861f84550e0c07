"""The signed plan as view data: its heading block, its text in order, its signature; and, apart
from it, the facts at a glance.

The document is reproduced as written: labels, headings and texts are printed as they are, in
their order; nothing is numbered, renamed or added inside it. `_plan.html` prints the heading
block and the signature; the text itself, a tree of any depth, is made into HTML here
(`body_html`): a recursive template macro, a call per part, cost four times as much.
"""
from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from . import plan
from .listing import period_text, timeline_events
from . import status as st
from .model import Campaign, Node
from .render import escape
from .schema import DEADLINE_LABELS, KIND_LABELS
from .text import date_formal, date_vn, paragraphs

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
TOP_HEADING = 2  # the plan's top-level sections are <h2>: the page's <h1> is the plan's title
SUBJECT_LABELS = {"tap-the": "Tập thể", "ca-nhan": "Cá nhân"}


# --- the document ----------------------------------------------------------------------

def placements(c: Campaign) -> dict[int, plan.Placed]:
    """id(node) -> where each part of the plan stands (plan.walk). The walk makes every part's
    anchor, a slug per label: a page that needs both `document` and `facts` walks once."""
    return {id(p.node): p for p in plan.walk(c.body)}


def document(c: Campaign, placed: dict[int, plan.Placed] | None = None) -> dict:
    """Everything of the signed document, in its order: heading block, title, text, signature.
    `placed`: placements(c), when the caller has it."""
    lines = c.issuer_lines or [x for x in (c.issuer_parent, c.issuer_name) if x]
    return {
        "issuer_lines": lines, "number": c.doc_number, "motto": MOTTO if c.motto else (),
        "place_date": place_date(c), "type": c.document_type, "title": c.title,
        "body": Markup(body_html(blocks(c.body, placed))), "recipients": c.recipients,
        "signer": {"on_behalf": paragraphs(c.signer_on_behalf), "title": c.signer_title, "name": c.signer_name},
    }


def place_date(c: Campaign) -> str:
    when = date_formal(c.doc_date) if c.doc_date else c.doc_date_text
    return ", ".join(x for x in (c.doc_place, when) if x)


def blocks(nodes: list[Node], placed: dict[int, plan.Placed] | None = None) -> list[dict]:
    """One level of the tree as blocks: sections, paragraphs, tables, and runs of labelled items
    gathered into one list (each item keeps its own label: a), đ), -, +)."""
    anchors = placed or {id(p.node): p for p in plan.walk(nodes)}
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


def body_html(views: list[dict]) -> str:
    """Blocks (as `blocks` makes them) as HTML: sections with their heading at their depth,
    paragraphs, runs of labelled items as one list, tables; each with its parts inside it."""
    return "".join([_block_html(b) for b in views])


def _block_html(b: dict) -> str:
    kind = b["kind"]
    if kind == "section":
        level, label = b["level"], _label_html(b["label"]) + " " if b["label"] else ""
        return (f'<section class="plan-section"><h{level}{_id_html(b["anchor"])}>{label}{escape(b["heading"])}'
                f'</h{level}>\n{_paragraphs_html(b["paragraphs"])}{_table_html(b["table"])}'
                f'{body_html(b["children"])}</section>\n')
    if kind == "list":
        return '<ul class="plan-items">\n' + "".join([_item_html(it) for it in b["items"]]) + "</ul>\n"
    if kind == "table":
        return _table_html(b["table"]) + body_html(b["children"]) + "\n"
    nested = f'<div class="plan-nested">{body_html(b["children"])}</div>' if b["children"] else ""
    return _paragraphs_html(b["paragraphs"]) + _table_html(b["table"]) + nested


def _item_html(it: dict) -> str:
    """An item of a list: its label, its paragraphs as one run (<br><br> between), its parts."""
    text = "<br><br>".join([escape(p) for p in it["paragraphs"]])
    return (f'<li{_id_html(it["anchor"])}>{_label_html(it["label"])} {text}{_table_html(it["table"])}'
            f'{body_html(it["children"])}</li>\n')


def _label_html(label: str) -> str:
    return f'<span class="plan-label">{escape(label)}</span>'


def _id_html(anchor: str) -> str:
    return f' id="{escape(anchor)}"' if anchor else ""


def _paragraphs_html(paragraphs: list[str]) -> str:
    return "".join([f"<p>{escape(p)}</p>" for p in paragraphs])


def _table_html(table: dict | None) -> str:
    if not table:
        return ""
    head = "".join([f'<th scope="col">{escape(h)}</th>' for h in table["header"]])
    rows = "".join(["<tr>" + "".join([f"<td>{escape(cell)}</td>" for cell in row]) + "</tr>" for row in table["rows"]])
    return (f'<div class="plan-table"><table>\n{f"<thead><tr>{head}</tr></thead>" if head else ""}'
            f'  <tbody>{rows}</tbody>\n</table></div>\n')


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


def facts(c: Campaign, today: dt.date, placed: dict[int, plan.Placed] | None = None) -> dict:
    """The machine-read facts, shown once, apart from the document. `placed`: placements(c)."""
    with_id = [p for p in (placed.values() if placed is not None else plan.walk(c.body)) if p.node.id]
    anchors = {p.node.id: p.anchor for p in with_id}
    labels = {p.node.id: p.node.label for p in with_id}
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
