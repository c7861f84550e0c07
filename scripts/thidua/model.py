"""Typed records for campaigns, their plans and their honorees.

Built from checked plain values (validate.py) by the `*_from` functions below; nothing
here reads files or knows about a renderer.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from .awards import precedence
from .validate import month_end


@dataclass
class Item:
    label: str = ""
    title: str = ""
    text: str = ""
    items: list["Item"] = field(default_factory=list)


@dataclass
class Block:
    intro: str = ""
    items: list[Item] = field(default_factory=list)
    note: str = ""
    heading: str = ""

    def __bool__(self) -> bool:
        return bool(self.intro or self.items or self.note)


@dataclass
class Period:
    end: dt.date
    start: dt.date | None = None
    start_is_month: bool = False
    end_is_month: bool = False
    from_launch: bool = False
    text: str = ""


@dataclass
class AwardForm:
    name: str
    label: str = ""
    text: str = ""
    quota_collective: int | None = None
    quota_individual: int | None = None
    quota_text: str = ""
    rank: int = 0
    order: int = 0


@dataclass
class Dossier:
    copies: int | None = None
    copies_text: str = ""
    components: list[str] = field(default_factory=list)
    note: str = ""
    deadline: dt.date | None = None
    deadline_text: str = ""
    submit_to: str = ""


@dataclass
class Awards:
    forms: list[AwardForm] = field(default_factory=list)
    intro: str = ""
    subjects_text: str = ""
    subjects_collective: str = ""
    subjects_individual: str = ""
    criteria_general: Block = field(default_factory=Block)
    criteria_collective: Block = field(default_factory=Block)
    criteria_individual: Block = field(default_factory=Block)
    dossier: Dossier | None = None


@dataclass
class Milestone:
    date: dt.date
    title: str


@dataclass
class Decision:
    number: str
    date: dt.date
    signer: str = ""
    title: str = ""


@dataclass
class Attachment:
    file: str
    title: str
    size: int = 0


@dataclass
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


@dataclass
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
    document_type: str = "Kế hoạch"
    summary: str = ""
    short_title: str = ""
    issuer_parent: str = ""
    doc_number: str = ""
    doc_date: dt.date | None = None
    doc_date_text: str = ""
    doc_place: str = ""
    headings: dict[str, str] = field(default_factory=dict)
    legal_basis: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    theme: str = ""
    purposes: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    targets: Block = field(default_factory=Block)
    tasks: Block = field(default_factory=Block)
    other_sections: list[Block] = field(default_factory=list)
    review_deadline: dt.date | None = None
    review_text: str = ""
    ceremony: str = ""
    ceremony_date: dt.date | None = None
    milestones: list[Milestone] = field(default_factory=list)
    awards: Awards | None = None
    organization: Block = field(default_factory=Block)
    closing: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer_on_behalf: str = ""
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
        return self.title if len(self.title) <= 90 else self.title[:87].rsplit(" ", 1)[0] + "…"

    @property
    def award_forms(self) -> list[AwardForm]:
        return self.awards.forms if self.awards else []


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

def item_from(value) -> Item:
    if isinstance(value, str):
        return Item(text=value)
    return Item(label=value.get("label", ""), title=value.get("title", ""), text=value.get("text", ""),
                items=[item_from(v) for v in value.get("items", [])])


def block_from(value: dict | None) -> Block:
    value = value or {}
    return Block(intro=value.get("intro", ""), items=[item_from(v) for v in value.get("items", [])],
                 note=value.get("note", ""), heading=value.get("heading", ""))


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
                  from_launch=value.get("from_launch", False), text=value.get("text", ""))


def awards_from(value: dict | None) -> Awards | None:
    if not value:
        return None
    forms = [
        AwardForm(name=f["name"], label=f.get("label", ""), text=f.get("text", ""),
                  quota_collective=f.get("quota_collective"), quota_individual=f.get("quota_individual"),
                  quota_text=f.get("quota_text", ""), rank=precedence(f["name"]), order=i)
        for i, f in enumerate(value.get("forms", []))
    ]
    subjects = value.get("subjects", {})
    criteria = value.get("criteria", {})
    dossier = value.get("dossier")
    return Awards(
        forms=forms, intro=value.get("intro", ""),
        subjects_text=subjects.get("text", ""), subjects_collective=subjects.get("collective", ""),
        subjects_individual=subjects.get("individual", ""),
        criteria_general=block_from(criteria.get("general")),
        criteria_collective=block_from(criteria.get("collective")),
        criteria_individual=block_from(criteria.get("individual")),
        dossier=Dossier(**dossier) if dossier else None,
    )


def campaign_from(value: dict) -> Campaign:
    issuer = value["issuer"]
    document = value.get("document", {})
    review = value.get("review", {})
    signer = value["signer"]
    return Campaign(
        id=value["id"], title=value["title"], issuer_name=issuer["name"], issuer_parent=issuer.get("parent", ""),
        period=period_from(value["period"]), signer_title=signer["title"], signer_name=signer["name"],
        signer_on_behalf=signer.get("on_behalf", ""), draft=value.get("draft", False),
        former_ids=value.get("former_ids", []),
        kind=value.get("kind", ""), document_type=value.get("document_type", "Kế hoạch"),
        summary=value.get("summary", ""), short_title=value.get("short_title", ""),
        doc_number=document.get("number", ""), doc_date=document.get("date"),
        doc_date_text=document.get("date_text", ""), doc_place=document.get("place", ""),
        headings=value.get("headings", {}), legal_basis=value.get("legal_basis", []), preamble=value.get("preamble", []),
        theme=value.get("theme", ""), purposes=value.get("purposes", []),
        requirements=value.get("requirements", []), targets=block_from(value.get("targets")),
        tasks=block_from(value.get("tasks")),
        other_sections=[block_from(v) for v in value.get("other_sections", [])],
        review_deadline=review.get("deadline"), review_text=review.get("text", ""),
        ceremony=review.get("ceremony", ""), ceremony_date=review.get("ceremony_date"),
        milestones=[Milestone(m["date"], m["title"]) for m in value.get("milestones", [])],
        awards=awards_from(value.get("awards")), organization=block_from(value.get("organization")),
        closing=value.get("closing", []), recipients=value.get("recipients", []),
        attachments=[Attachment(a["file"], a["title"]) for a in value.get("attachments", [])],
    )
