"""Listing rules: which records a list holds, in which order, and how long lists are cut into pages.
Pure functions of records; the page modules (pages/) print what these return."""
from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence, TypeVar

from . import status as st
from .memo import MEMO
from .model import AwardForm, Campaign, Honoree
from . import urls
from .schema import DEADLINE_LABELS
from .text import date_vn, initial_letter, letter_rank, month_vn, person_key, slug, vi_key

T = TypeVar("T")

# Page sizes: every listing page stays small (DOM nodes, bytes) however large the archive grows.
HONOREES_PER_PAGE = 100  # A–Z letter pages and a campaign's own honoree pages
INLINE_HONOREES = 40  # up to this many, a campaign's honorees are listed on its page (the plan is long too)
CAMPAIGNS_PER_PAGE = 30
UNITS_PER_PAGE = 200
RECENT_HONOREES = 12
HONOREE_KINDS = (("tap-the", "Tập thể"), ("ca-nhan", "Cá nhân"))


def pages_of(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """`items` cut into pages of `size`; an empty list is one empty page."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [items[:0]]


# --- campaigns ----------------------------------------------------------------------------

def newest_first(campaigns: list[Campaign]) -> list[Campaign]:
    return sorted(campaigns, key=lambda c: (c.period.end, c.id), reverse=True)


def by_status(campaigns: list[Campaign], today: dt.date) -> list[Campaign]:
    """The campaign list's order: running, upcoming, then concluded; newest first in each."""
    rank = {code: i for i, code in enumerate(st.ORDER)}
    return sorted(newest_first(campaigns), key=lambda c: rank[st.status(c, today)])


def running_campaigns(campaigns: list[Campaign], today: dt.date) -> list[Campaign]:
    """Campaigns in their period on `today`, the soonest to end first."""
    return sorted((c for c in campaigns if st.status(c, today) == st.RUNNING), key=lambda c: c.period.end)


def recently_honoured(campaigns: list[Campaign], count: int) -> list[Honoree]:
    """The latest honours: newest decision first, then by award precedence and list order."""
    def latest(honorees) -> list[Honoree]:
        return heapq.nlargest(count, (h for h in honorees if h.decision),
                              key=lambda h: (h.decision.date, -h.award.rank, -h.order))
    return latest(h for c in campaigns for h in MEMO.get("latest", (c,), (count,), lambda c=c: latest(c.honorees)))


def latest_campaigns(campaigns: list[Campaign], count: int) -> list[Campaign]:
    """The campaigns signed or ended most recently (for a home page with nothing running)."""
    return heapq.nlargest(count, campaigns, key=lambda c: (c.doc_date or c.period.end, c.period.end, c.id))


# --- a campaign's dates --------------------------------------------------------------------

def period_text(c: Campaign) -> str:
    p = c.period
    end = f"hết {month_vn(p.end)}" if p.end_is_month else date_vn(p.end)
    if p.start:
        start = month_vn(p.start) if p.start_is_month else date_vn(p.start)
        return f"Từ {start} đến {end}"
    return f"Từ ngày phát động đến {end}" if p.from_launch else f"Đến {end}"


def timeline_events(c: Campaign) -> list[tuple[dt.date, str, str]]:
    """(day, the day as shown, what happens), in order. A period given in months shows its months
    ("tháng 9/2025"), not the first or last day the portal counts with."""
    p = c.period
    events = []
    if c.doc_date:
        events.append((c.doc_date, date_vn(c.doc_date), f"Ban hành {c.document_kind.lower()}"))
    if p.start:
        events.append((p.start, month_vn(p.start) if p.start_is_month else date_vn(p.start), "Bắt đầu thi đua"))
    events.append((p.end, f"hết {month_vn(p.end)}" if p.end_is_month else date_vn(p.end), "Kết thúc thi đua"))
    events += [(d.date, date_vn(d.date), d.title or DEADLINE_LABELS[d.kind]) for d in c.deadlines]
    events += [(d.date, date_vn(d.date), f"Quyết định khen thưởng số {d.number}") for d in c.decisions]
    return sorted(events, key=lambda e: e[0])


# --- honorees of a campaign -----------------------------------------------------------------

def by_award(honorees: list[Honoree]) -> list[tuple[AwardForm, list[tuple[str, list[Honoree]]]]]:
    """The listing order of an award decision: award forms by precedence, then collectives before
    individuals, each in file order. Empty forms and kinds are left out."""
    by_form: dict[str, list[Honoree]] = defaultdict(list)
    for h in honorees:
        by_form[h.award.name].append(h)
    forms = sorted({h.award.name: h.award for h in honorees}.values(), key=lambda f: (f.rank, f.order))
    return [(form, [(kind, [h for h in by_form[form.name] if h.type == kind]) for kind, _ in HONOREE_KINDS
                    if any(h.type == kind for h in by_form[form.name])])
            for form in forms]


def award_anchor(form_name: str, continued: bool = False) -> str:
    """The anchor of an award form's heading in a campaign's honoree list; on a later page of a
    long list, where the form's list goes on, its heading's own."""
    return f"ht-{slug(form_name)}" + ("-tiep" if continued else "")


def award_order(c: Campaign) -> list[Honoree]:
    """A campaign's honorees in listing order (by_award, flattened)."""
    return MEMO.get("award order", (c,), (), lambda: [h for _, parts in by_award(c.honorees)
                                                      for _, members in parts for h in members])


def award_positions(c: Campaign) -> dict[str, int]:
    """Honoree id -> its number in its list (one award form, one kind), as the decision numbers it."""
    def make() -> dict[str, int]:
        return {h.id: i for _, parts in by_award(c.honorees) for _, members in parts
                for i, h in enumerate(members, start=1)}
    return MEMO.get("award positions", (c,), (), make)


def listed_inline(c: Campaign) -> bool:
    """Whether a campaign's honorees are listed on its own page (a short list) or on pages of their own."""
    return len(c.honorees) <= INLINE_HONOREES


def honoree_page_numbers(c: Campaign) -> dict[str, int]:
    """Honoree id -> the number of the campaign honoree page that lists it; 0: the campaign page."""
    def make() -> dict[str, int]:
        if listed_inline(c):
            return {h.id: 0 for h in c.honorees}
        return {h.id: i // HONOREES_PER_PAGE + 1 for i, h in enumerate(award_order(c))}
    return MEMO.get("honoree pages", (c,), (), make)


def honoree_path(c: Campaign, h: Honoree) -> str:
    """Where an honoree of `c` is listed: its entry's address (the citable one)."""
    return urls.honoree_path(c.id, h.id, honoree_page_numbers(c)[h.id])


# --- units ----------------------------------------------------------------------------------

def _key_part(text: str, fallback: str) -> str:
    """A slug as one part of a unit's address. Digits alone would read as a page number: they get
    a prefix with "--", which no slug holds ("123" cannot become the key of "Đơn vị 123")."""
    part = slug(text) or fallback
    return f"{fallback}--{part}" if part.isdigit() else part


def issuer_key(issuer: str) -> str:
    return _key_part(issuer, "co-quan")


@lru_cache(maxsize=1 << 15)
def unit_key(issuer: str, unit: str) -> str:
    """The one rule for a unit's identity: the issuing body, then the unit's name as a slug. Two
    units of the same name under two bodies (two provinces' "Phòng Nội vụ huyện Châu Thành") are
    two units; spellings of one name that slug alike are one. Asked for every honoree by each
    page that lists units: kept (an archive has far fewer units than honorees)."""
    return f"{issuer_key(issuer)}/{_key_part(unit, 'don-vi')}"


@dataclass
class Unit:
    key: str  # listing.unit_key: its page is urls.unit_path(key)
    name: str  # the spelling used most often
    issuer: str  # the issuing body whose campaigns honoured it
    spellings: list[str]
    members: list[Honoree]  # the unit itself when honoured as a collective, and its people

    def owns(self, h: Honoree) -> bool:
        """Whether `h` is the unit itself (a collective), not one of its people."""
        return not h.is_person and unit_key(self.issuer, h.name) == self.key


def _unit_memberships(c: Campaign) -> list[tuple[str, str, Honoree]]:
    """(unit key, spelling, honoree): the units a campaign's honorees belong to, or are."""
    found = []
    for h in c.honorees:
        spellings = [h.unit] if h.unit else []
        if not h.is_person and unit_key(c.issuer_name, h.name) != unit_key(c.issuer_name, h.unit):
            spellings.append(h.name)  # a collective is a unit of its own, unless it is its unit
        found += [(unit_key(c.issuer_name, unit), unit, h) for unit in spellings]
    return found


def units(campaigns: list[Campaign]) -> list[Unit]:
    """Every unit honoured or with honoured people, by issuing body, then in Vietnamese order;
    one rule for the unit pages, the statistics and the search records."""
    members: dict[str, list[Honoree]] = defaultdict(list)
    names: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    bodies: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))  # body key -> spellings
    for c in campaigns:
        bodies[issuer_key(c.issuer_name)][c.issuer_name] += 1
        for key, unit, h in MEMO.get("unit memberships", (c,), (), lambda c=c: _unit_memberships(c)):
            members[key].append(h)
            names[key][unit] += 1
    body_name = {key: max(counts, key=lambda n: (counts[n], n)) for key, counts in bodies.items()}
    found = []
    for key, counts in names.items():
        name = max(counts, key=lambda n: (counts[n], n))
        found.append(Unit(key, name, body_name[key.split("/", 1)[0]], sorted(counts), members[key]))
    return sorted(found, key=lambda u: (vi_key(u.issuer), vi_key(u.name), u.key))


def units_by_issuer(all_units: list[Unit]) -> list[tuple[str, list[Unit]]]:
    """(issuing body, its units), bodies in Vietnamese order; a body spelled two ways is one
    (units() gives each unit its body's most used spelling)."""
    grouped: dict[str, list[Unit]] = defaultdict(list)
    for u in all_units:
        grouped[u.issuer].append(u)
    return sorted(grouped.items(), key=lambda item: vi_key(item[0]))


# --- the A–Z list ---------------------------------------------------------------------------

# Letters with marks are letters of their own in Vietnamese: each gets its own address (Telex style).
_LETTER_SLUGS = {"Ă": "aw", "Â": "aa", "Đ": "dd", "Ê": "ee", "Ô": "oo", "Ơ": "ow", "Ư": "uw"}


def letter_slug(letter: str) -> str:
    return _LETTER_SLUGS.get(letter) or slug(letter) or "khac"


def _filing(c: Campaign) -> list[tuple[tuple, str, Honoree]]:
    """(sort key, letter, honoree) for a campaign's honorees: by given name, then campaign and id."""
    return [((person_key(h.name) if h.is_person else (vi_key(h.name), ()), h.campaign_id, h.id),
             initial_letter(h.name, h.is_person), h) for h in c.honorees]


def filed_by_letter(campaigns: list[Campaign]) -> dict[str, list[Honoree]]:
    """Everyone honoured, in Vietnamese alphabetical order by given name (family and middle names
    next), filed under their letter; letters in the order of the Vietnamese alphabet."""
    filed = [entry for c in campaigns for entry in MEMO.get("a-z filing", (c,), (), lambda c=c: _filing(c))]
    # Names come back often (Nguyễn Văn Hùng...): the deep name keys are sorted once each, and the
    # list by each name's rank, where equal names cost no walk through their keys.
    rank = {key: i for i, key in enumerate(sorted({name_key for (name_key, _, _), _, _ in filed}))}
    filed.sort(key=lambda entry: (rank[entry[0][0]], entry[0][1], entry[0][2]))
    by_letter: dict[str, list[Honoree]] = defaultdict(list)
    for _, letter, h in filed:
        by_letter[letter].append(h)
    return {x: by_letter[x] for x in sorted(by_letter, key=letter_rank)}
