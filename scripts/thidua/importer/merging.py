"""Step 4, across rows: duplicates and decisions; merging the rows into the existing file."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..schema import HONOREE
from ..text import match_key
from .records import ImportRow, Issue


def record_key(kind: str, name: str, unit: str, award: str) -> tuple:
    return (kind, match_key(name), match_key(unit), match_key(award))


def check_rows(rows: list[ImportRow], existing: dict) -> tuple[list[ImportRow], list[Issue]]:
    """Rows that repeat another row, decisions with two dates or no date: problems; the rest kept."""
    issues: list[Issue] = []
    seen: dict[tuple, ImportRow] = {}
    declared = {d["number"]: d["date"] for d in existing.get("decisions", [])}
    dates: dict[str, tuple[dt.date, ImportRow]] = {}
    kept: list[ImportRow] = []
    for row in rows:
        key = record_key(row.type, row.name, row.unit, row.award)
        first = seen.get(key)
        if first is not None:
            issues.append(Issue(row.row, row.sheet, "name", f"Trùng với dòng {first.row}"
                                f"{'' if first.sheet == row.sheet else f' (trang {first.sheet!r})'}: cùng tên, "
                                "đơn vị và hình thức khen thưởng."))
            continue
        if row.decision and row.decision_date:
            known = dates.get(row.decision)
            if known and known[0] != row.decision_date:
                issues.append(Issue(row.row, row.sheet, "date", f"Quyết định số {row.decision} ghi ngày "
                                    f"{row.decision_date:%d/%m/%Y}, nhưng dòng {known[1].row} ghi ngày "
                                    f"{known[0]:%d/%m/%Y}; một quyết định chỉ có một ngày."))
                continue
            dates.setdefault(row.decision, (row.decision_date, row))
        seen[key] = row
        kept.append(row)
    out = []
    for row in kept:
        if row.decision and not row.decision_date:
            known = dates.get(row.decision)
            row.decision_date = known[0] if known else declared.get(row.decision)
            if row.decision_date is None:
                issues.append(Issue(row.row, row.sheet, "date", f"Thiếu ngày của quyết định số {row.decision} "
                                    "(không có ở dòng nào khác, cũng chưa khai báo trong honorees.yml)."))
                continue
        out.append(row)
    return out, issues


@dataclass
class Merge:
    data: dict
    added: int = 0
    updated: int = 0
    notes: list[Issue] = field(default_factory=list)


def merge(existing: dict, rows: list[ImportRow]) -> Merge:
    """The existing file's content with the rows added or, where they match a record, updated."""
    decisions = [dict(d) for d in existing.get("decisions", [])]
    honorees = [dict(h) for h in existing.get("honorees", [])]
    result = Merge({})
    _merge_decisions(decisions, rows, result)
    by_award = {record_key(h["type"], h["name"], h.get("unit", ""), h["award"]): i for i, h in enumerate(honorees)}
    by_decision: dict[tuple, int] = {}
    for i, h in enumerate(honorees):
        if h.get("decision"):
            by_decision.setdefault((h["type"], match_key(h["name"]), h["decision"]), i)
    touched: set[int] = set()
    for row in rows:
        index = by_award.get(record_key(row.type, row.name, row.unit, row.award))
        if index is None and row.decision:
            index = by_decision.get((row.type, match_key(row.name), row.decision))
        if index is not None and index not in touched:
            touched.add(index)
            if _update(honorees[index], row.record()):
                result.updated += 1
            continue
        honorees.append(row.record())
        result.added += 1
    data: dict = {}
    if "example" in existing:
        data["example"] = existing["example"]
    if decisions:
        data["decisions"] = decisions
    data["honorees"] = honorees
    result.data = data
    return result


def same_content(old: dict, new: dict) -> bool:
    """True if nothing would change: then the file is left as it is, hand formatting included."""
    keys = ("example", "decisions", "honorees")
    return all((old.get(k) or None) == (new.get(k) or None) for k in keys)


def _update(record: dict, new: dict) -> bool:
    """Overwrite with the row's non-empty fields; keep the fields the sheet leaves empty, and the
    id as it is (an explicit id stays; a record without one keeps the id the build gives it)."""
    before = dict(record)
    for key, value in new.items():
        if key != "id":
            record[key] = value
    ordered = {k: record[k] for k in HONOREE.fields if k in record}
    record.clear()
    record.update(ordered)
    return record != before


def _merge_decisions(decisions: list[dict], rows: list[ImportRow], result: Merge) -> None:
    by_number = {d["number"]: d for d in decisions}
    for row in rows:
        if not row.decision:
            continue
        decision = by_number.get(row.decision)
        if decision is None:
            decision = {"number": row.decision, "date": row.decision_date}
            if row.signer:
                decision["signer"] = row.signer
            decisions.append(decision)
            by_number[row.decision] = decision
            continue
        if decision["date"] != row.decision_date:
            result.notes.append(Issue(row.row, row.sheet, "date", f"Quyết định số {row.decision} đã khai báo ngày "
                                      f"{decision['date']:%d/%m/%Y}; đã sửa thành {row.decision_date:%d/%m/%Y} "
                                      "theo bảng tính.", "warning"))
            decision["date"] = row.decision_date
        if row.signer and not decision.get("signer"):
            decision["signer"] = row.signer
    for i, decision in enumerate(decisions):
        decisions[i] = {k: decision[k] for k in ("number", "date", "signer", "title") if decision.get(k)}
