"""`scripts/portal migrate`: rewrite a campaign file of the old shape (fixed sections: purposes,
targets, tasks, awards...) into the current one (the plan's text as one ordered tree, `body`,
and the machine-read facts apart, `facts`).

The old page printed the plan in a fixed order with the headings of `headings:` (or default
ones) and numbered them itself; the migration writes exactly that text, with those headings and
numbers, into `body`, so no word is lost. A plan whose own order differed should then be put
back in its order by hand, or imported again from the document (`scripts/portal import-plan`).
Comments above the fields that are kept as they were (id, title, issuer...) are kept.
"""
from __future__ import annotations

import re
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .schema import OLD_CAMPAIGN_KEYS
from .yamlwrite import dump

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
# The section titles the old page used when `headings:` did not word them otherwise.
OLD_HEADINGS = {
    "purpose_requirements": "Mục đích, yêu cầu", "purposes": "Mục đích", "requirements": "Yêu cầu",
    "period": "Thời gian thi đua", "content": "Nội dung thi đua", "targets": "Chỉ tiêu thi đua",
    "tasks": "Nhiệm vụ, giải pháp", "awards": "Tổng kết, khen thưởng", "review": "Tổng kết",
    "forms": "Hình thức khen thưởng", "subjects": "Đối tượng khen thưởng", "criteria": "Tiêu chuẩn khen thưởng",
    "dossier": "Hồ sơ đề nghị khen thưởng", "organization": "Tổ chức thực hiện",
}
KEPT = ("id", "former_ids", "draft", "kind", "title", "short_title", "summary", "issuer")


def is_old_shape(node: Node) -> bool:
    return isinstance(node, MappingNode) and any(str(k.value) in OLD_CAMPAIGN_KEYS for k, _ in node.value)


def plain(node: Node):
    """A node tree as plain values (every scalar stays text, as the loader reads it)."""
    if isinstance(node, MappingNode):
        return {str(k.value): plain(v) for k, v in node.value}
    if isinstance(node, SequenceNode):
        return [plain(v) for v in node.value]
    return node.value if isinstance(node, ScalarNode) else None


# --- the old sections as parts of the tree -------------------------------------------------

def _texts(value) -> list[dict]:
    if not value:
        return []
    values = value if isinstance(value, list) else [value]
    return [{"text": v} for v in values if v]


def _item(value) -> dict:
    if isinstance(value, str):
        return {"label": "-", "text": value}
    node = {k: value[k] for k in ("label",) if value.get(k)}
    if value.get("title"):
        node["heading"] = value["title"]
        if value.get("text"):
            node["body"] = [{"text": value["text"]}]
    elif value.get("text"):
        node["text"] = value["text"]
    children = [_item(v) for v in value.get("items") or []]
    if children:
        node["body"] = node.get("body", []) + children
    return node


def _block(value) -> list[dict]:
    value = value or {}
    return _texts(value.get("intro")) + [_item(v) for v in value.get("items") or []] + _texts(value.get("note"))


def _numbered(parts: list[tuple[str, list[dict]]]) -> list[dict]:
    """Sub-sections the old page numbered 1., 2.… (a lone part was printed without a heading)."""
    parts = [(h, b) for h, b in parts if b]
    return [{"label": f"{i}.", "heading": h, "body": b} for i, (h, b) in enumerate(parts, start=1)]


def _award_parts(old: dict, h: dict) -> list[tuple[str, list[dict]]]:
    review, awards = old.get("review") or {}, old.get("awards") or {}
    parts = [(h["review"], _texts(review.get("text")) + _texts(review.get("ceremony")))]
    forms = [{"label": f.get("label") or "-", "text": f.get("text") or f["name"]} for f in awards.get("forms") or []]
    parts.append((h["forms"], _texts(awards.get("intro")) + forms))
    subjects = awards.get("subjects") or {}
    who = [{"text": f"{label}: {subjects[key]}"} for key, label in
           (("collective", "Đối với tập thể"), ("individual", "Đối với cá nhân")) if subjects.get(key)]
    parts.append((h["subjects"], _texts(subjects.get("text")) + who))
    criteria = awards.get("criteria") or {}
    crit = _block(criteria.get("general"))
    for key, label in (("collective", "Đối với tập thể"), ("individual", "Đối với cá nhân")):
        if criteria.get(key):
            crit.append({"heading": label, "body": _block(criteria[key])})
    parts.append((h["criteria"], crit))
    dossier = awards.get("dossier") or {}
    parts.append((h["dossier"], _dossier(dossier)))
    return parts


def _dossier(d: dict) -> list[dict]:
    if not d:
        return []
    out = []
    if d.get("copies_text") or d.get("copies"):
        out.append({"text": f"Số lượng hồ sơ: {d.get('copies_text') or d['copies']}"})
    if d.get("deadline_text"):
        out.append({"text": f"Thời gian gửi hồ sơ: {d['deadline_text']}"})
    if d.get("submit_to"):
        out.append({"text": f"Nơi nhận hồ sơ: {d['submit_to']}"})
    if d.get("components"):
        out.append({"text": "Thành phần hồ sơ:", "body": [{"label": "-", "text": x} for x in d["components"]]})
    return out + _texts(d.get("note"))


def body_from(old: dict) -> list[dict]:
    """The old page's text, in the old page's order, with the headings and numbers it printed."""
    h = {**OLD_HEADINGS, **(old.get("headings") or {})}
    body = _texts(old.get("legal_basis")) + _texts(old.get("preamble"))
    if old.get("theme"):
        body.append({"text": f"“{old['theme']}”"})
    period = old.get("period") or {}
    content = _numbered([(h["targets"], _block(old.get("targets"))), (h["tasks"], _block(old.get("tasks")))])
    content += [{"heading": s["heading"], "body": _block(s)} for s in old.get("other_sections") or []]
    sections = [
        (h["purpose_requirements"], _numbered([(h["purposes"], _texts(old.get("purposes"))),
                                               (h["requirements"], _texts(old.get("requirements")))])),
        (h["period"], _texts(period.get("text") or _period_words(period))),
        (h["content"], content),
        (h["awards"], _numbered(_award_parts(old, h))),
        (h["organization"], _block(old.get("organization"))),
    ]
    numbering = iter(ROMAN)
    body += [{"label": f"{next(numbering)}.", "heading": t.upper(), "body": b} for t, b in sections if b]
    return body + _texts(old.get("closing"))


def _period_words(period: dict) -> str:
    start, end = period.get("start"), period.get("end", "")
    return f"Từ {start} đến hết {end}." if start else f"Đến hết {end}."


def facts_from(old: dict) -> dict:
    period = {k: (old.get("period") or {})[k] for k in ("start", "end", "from_launch") if (old.get("period") or {}).get(k)}
    review, awards = old.get("review") or {}, old.get("awards") or {}
    deadlines = []
    if review.get("deadline"):
        deadlines.append({"kind": "review", "date": review["deadline"]})
    if (awards.get("dossier") or {}).get("deadline"):
        deadlines.append({"kind": "dossier", "date": awards["dossier"]["deadline"]})
    if review.get("ceremony_date"):
        deadlines.append({"kind": "ceremony", "date": review["ceremony_date"]})
    deadlines += [{"kind": "other", "date": m["date"], "title": m["title"]} for m in old.get("milestones") or []]
    forms = [{k: f[k] for k in ("name", "quota_collective", "quota_individual", "quota_text") if f.get(k)}
             for f in awards.get("forms") or []]
    subjects = awards.get("subjects") or {}
    criteria = awards.get("criteria") or {}
    who = [k for k, key in (("tap-the", "collective"), ("ca-nhan", "individual"))
           if subjects.get(key) or criteria.get(key)]
    facts = {"period": period, "deadlines": deadlines, "awards": forms, "subjects": who}
    return {k: v for k, v in facts.items() if v}


def convert(old: dict) -> dict:
    """An old-shape campaign as a current one."""
    new = {k: old[k] for k in KEPT if k in old}
    document = {"type": (old.get("document_type") or "Kế hoạch").upper()}
    document.update({k: v for k, v in (old.get("document") or {}).items() if v})
    new["document"] = document
    new["body"] = body_from(old)
    for key in ("recipients", "signer"):
        if old.get(key):
            new[key] = old[key]
    new["facts"] = facts_from(old)
    if old.get("attachments"):
        new["attachments"] = old["attachments"]
    return new


# --- the file --------------------------------------------------------------------------

def _comments(text: str) -> tuple[str, dict]:
    """The file's opening comment lines, and the comment lines above each top-level key."""
    lines = text.splitlines()
    header, i = [], 0
    while i < len(lines) and lines[i].startswith("#"):
        header.append(lines[i][1:].removeprefix(" "))
        i += 1
    found, pending = {}, []
    for line in lines[i:]:
        if line.startswith("#"):
            pending.append(line[1:].removeprefix(" "))
            continue
        match = re.match(r"^([A-Za-z_]+):", line)
        if match and pending:
            found[(match.group(1),)] = "\n".join(pending)
        pending = [] if line.strip() else pending
    return "\n".join(header), found


def migrate_text(text: str, node: Node) -> str:
    header, comments = _comments(text)
    new = convert(plain(node))
    kept = {path: c for path, c in comments.items() if path[0] in new}
    note = ("Chuyển sang mẫu mới bằng 'scripts/portal migrate'. Hãy so 'body' với văn bản gốc: "
            "mẫu cũ in các mục theo thứ tự cố định và tự đánh số; sửa lại cho đúng thứ tự, nhãn, "
            "tiêu đề của văn bản.")
    kept[("body",)] = (kept.get(("body",), "") + "\n" + note).strip()
    return dump(new, kept, header)


def migrate_file(path: Path) -> str:
    """Rewrite one campaign file in place (atomically); returns what was done, in Vietnamese."""
    from .load import read_yaml  # load imports this module for its hint

    node, problems = read_yaml(path, str(path))
    if node is None:
        raise ValueError("; ".join(str(p) for p in problems))
    if not is_old_shape(node):
        return f"{path}: đã theo mẫu mới, không cần chuyển."
    text = migrate_text(path.read_text(encoding="utf-8"), node)
    tmp = path.with_name(f".{path.name}.migrate")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return f"{path}: đã chuyển sang mẫu mới. Hãy so phần 'body' với văn bản gốc rồi chạy scripts/portal check."
