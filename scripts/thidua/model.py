"""Typed records for campaigns, their plans and their honorees.

Built from checked plain values (validate.py) by the `*_from` functions below; nothing
here reads files or knows about a renderer.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace
from operator import attrgetter

from .awards import precedence
from .text import shorten
from .validate import month_end


def record(cls):
    """A dataclass with slots, pickled as its class and its fields' values in order. An archive
    holds some 100,000 honorees and as many parts of plans: no dict per object, and the loading
    workers (load.read_folders) hand them back in about half the bytes and time of pickling every
    object's field names with its values."""
    cls = dataclass(slots=True)(cls)
    names = [f.name for f in fields(cls)]
    values = attrgetter(*names) if len(names) > 1 else (lambda obj: (getattr(obj, names[0]),))
    cls.__reduce__ = lambda self: (cls, values(self))
    return cls


@record
class Table:
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@record
class Node:
    """One part of the plan's text as written: a section (label, heading), a paragraph or an item
    (label or bullet, text), or a table; each may hold parts of its own."""
    label: str = ""
    heading: str = ""
    text: str = ""
    id: str = ""
    table: Table | None = None
    body: list["Node"] = field(default_factory=list)


@record
class Period:
    end: dt.date
    start: dt.date | None = None
    start_is_month: bool = False
    end_is_month: bool = False
    from_launch: bool = False


@record
class AwardForm:
    name: str
    quota_collective: int | None = None
    quota_individual: int | None = None
    quota_text: str = ""
    criteria: str = ""  # the id of the plan's section holding this form's own criteria
    rank: int = 0
    order: int = 0


@record
class Deadline:
    kind: str  # schema.DEADLINE_KINDS
    date: dt.date
    title: str = ""


@record
class Decision:
    number: str
    date: dt.date
    signer: str = ""
    title: str = ""


@record
class Attachment:
    file: str
    title: str
    size: int = 0


@record
class Honoree:
    id: str
    type: str  # "ca-nhan" or "tap-the"
    name: str
    award: AwardForm
    campaign_id: str
    honorific: str = ""
    position: str = ""
    unit: str = ""
    decision: Decision | None = None
    citation: str = ""
    order: int = 0

    @property
    def is_person(self) -> bool:
        return self.type == "ca-nhan"


@record
class Campaign:
    id: str
    title: str
    issuer_name: str
    period: Period
    signer_title: str
    signer_name: str
    draft: bool = False
    former_ids: list[str] = field(default_factory=list)
    kind: str = ""
    document_type: str = "KẾ HOẠCH"
    summary: str = ""
    short_title: str = ""
    issuer_parent: str = ""
    issuer_lines: list[str] = field(default_factory=list)
    doc_number: str = ""
    doc_date: dt.date | None = None
    doc_date_text: str = ""
    doc_place: str = ""
    motto: bool = True
    body: list[Node] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer_on_behalf: str = ""
    deadlines: list[Deadline] = field(default_factory=list)
    award_forms: list[AwardForm] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    honorees: list[Honoree] = field(default_factory=list)
    example_data: bool = False

    @property
    def year(self) -> int:
        """The year a campaign is filed under: the year its period starts (or ends)."""
        return (self.period.start or self.doc_date or self.period.end).year

    @property
    def label(self) -> str:
        """The short name used in filters and compact lists."""
        if self.short_title:
            return self.short_title
        return shorten(self.title, 90)

    @property
    def document_kind(self) -> str:
        """The document's type in running text: 'KẾ HOẠCH' -> 'Kế hoạch'."""
        return self.document_type[:1].upper() + self.document_type[1:].lower()

    def deadline(self, kind: str) -> dt.date | None:
        """The last date of one kind the plan names (review, dossier, ceremony), or None."""
        return max((d.date for d in self.deadlines if d.kind == kind), default=None)

    @property
    def review_deadline(self) -> dt.date | None:
        return self.deadline("review")


@dataclass
class Archive:
    campaigns: list[Campaign]

    @property
    def published(self) -> list[Campaign]:
        return [c for c in self.campaigns if not c.draft]

    def as_of(self, today: dt.date) -> "Archive":
        """What may be public on `today`: no drafts, no plan signed later, no decision dated later.

        A decision dated after the build day is not yet published, and neither are its honorees.
        """
        campaigns = []
        for c in self.published:
            if c.doc_date and c.doc_date > today:
                continue
            decisions = [d for d in c.decisions if d.date <= today]
            honorees = [h for h in c.honorees if h.decision is None or h.decision.date <= today]
            if len(decisions) == len(c.decisions) and len(honorees) == len(c.honorees):
                campaigns.append(c)  # the same object: memo.py keys results by it
            else:
                campaigns.append(replace(c, decisions=decisions, honorees=honorees))
        return Archive(campaigns)


# --- building records from checked values ---------------------------------------------

def node_from(value: dict) -> Node:
    table = value.get("table")
    return Node(label=value.get("label", ""), heading=value.get("heading", ""), text=value.get("text", ""),
                id=value.get("id", ""), body=[node_from(v) for v in value.get("body", [])],
                table=Table(header=table.get("header", []), rows=table.get("rows", [])) if table else None)


def _day(value, end: bool) -> tuple[dt.date | None, bool]:
    """A date, or a (year, month) pair turned into the month's first or last day."""
    if isinstance(value, tuple):
        year, month = value
        return (month_end(year, month) if end else dt.date(year, month, 1)), True
    return value, False


def period_from(value: dict) -> Period:
    start, start_month = _day(value.get("start"), end=False)
    end, end_month = _day(value["end"], end=True)
    return Period(end=end, start=start, start_is_month=start_month, end_is_month=end_month,
                  from_launch=value.get("from_launch", False))


def award_forms_from(values: list[dict]) -> list[AwardForm]:
    return [AwardForm(name=f["name"], quota_collective=f.get("quota_collective"),
                      quota_individual=f.get("quota_individual"), quota_text=f.get("quota_text", ""),
                      criteria=f.get("criteria", ""), rank=precedence(f["name"]), order=i)
            for i, f in enumerate(values)]


def campaign_from(value: dict) -> Campaign:
    issuer = value["issuer"]
    document = value.get("document", {})
    signer = value["signer"]
    facts = value["facts"]
    return Campaign(
        id=value["id"], title=value["title"], issuer_name=issuer["name"], issuer_parent=issuer.get("parent", ""),
        period=period_from(facts["period"]), signer_title=signer["title"], signer_name=signer["name"],
        signer_on_behalf=signer.get("on_behalf", ""), draft=value.get("draft", False),
        former_ids=value.get("former_ids", []), kind=value.get("kind", ""),
        document_type=document.get("type", "KẾ HOẠCH"), summary=value.get("summary", ""),
        short_title=value.get("short_title", ""), issuer_lines=document.get("issuer_lines", []),
        doc_number=document.get("number", ""), doc_date=document.get("date"),
        doc_date_text=document.get("date_text", ""), doc_place=document.get("place", ""),
        motto=document.get("motto", True), body=[node_from(v) for v in value["body"]],
        recipients=value.get("recipients", []),
        deadlines=[Deadline(d["kind"], d["date"], d.get("title", "")) for d in facts.get("deadlines", [])],
        award_forms=award_forms_from(facts.get("awards", [])), subjects=facts.get("subjects", []),
        attachments=[Attachment(a["file"], a["title"]) for a in value.get("attachments", [])],
    )
