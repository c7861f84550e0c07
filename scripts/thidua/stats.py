"""The archive's figures: honours by year, award form, type, deciding and launching body, unit,
and against the plans' quotas.

`figures` counts the archive once per build (site.py). The statistics page (statsview.py) and
the open-data files (opendata.stats_files) both print what it returns, so the page and the data
cannot disagree. The small blocks on campaign, year and unit pages count their own part with
`breakdown`, which makes the same rows from the same per-campaign and per-unit counts. Both count
what they are given: the site gives them the archive as of the build day (model.Archive.as_of),
so drafts, plans signed later and decisions dated later, with their honorees, are not counted.

The result is plain JSON-ready data: lists of rows, each with a `key`, a `label` and the
counts (`collectives`, `individuals`, `total`, `campaigns`), in the order pages show them.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import lru_cache
from operator import attrgetter
from typing import Iterable, Protocol

from .memo import MEMO
from .model import Campaign, Honoree
from .text import vi_key

COLLECTIVE, INDIVIDUAL = "tap-the", "ca-nhan"
TYPE_LABELS = {COLLECTIVE: "Tập thể", INDIVIDUAL: "Cá nhân"}
NO_SIGNER = "Không ghi cơ quan ký"

class UnitLike(Protocol):
    """A unit as listing.units makes it: the same grouping as the unit pages."""
    key: str
    name: str
    issuer: str
    members: list[Honoree]


# Some honours, counted once: (award name, award rank, type, signer, decision number) -> honours.
Tally = dict[tuple[str, int, str, str, str], int]


def _key(h: Honoree) -> tuple[str, int, str, str, str]:
    d = h.decision
    if d:
        return h.award.name, h.award.rank, h.type, d.signer, d.number
    return h.award.name, h.award.rank, h.type, "", ""


def _campaign_tally(c: Campaign) -> Tally:
    """A campaign's tally, made once per campaign (and kept by a preview while it is unchanged)."""
    return MEMO.get("stats tally", (c,), (), lambda: dict(Counter(map(_key, c.honorees))))


def _member_key(h: Honoree) -> tuple[str, str, int, str, str, str]:
    d = h.decision
    return (h.campaign_id, h.award.name, h.award.rank, h.type, d.signer, d.number) if d else \
        (h.campaign_id, h.award.name, h.award.rank, h.type, "", "")


def _member_tallies(campaigns: list[Campaign], members: list[Honoree]) -> list[tuple[Campaign, Tally]]:
    """The tallies of some honorees (a unit's), campaign by campaign, counted in one pass."""
    counts: dict[str, Tally] = {}
    for (cid, *key), n in Counter(map(_member_key, members)).items():
        tally = counts.get(cid)
        if tally is None:
            tally = counts[cid] = {}
        tally[tuple(key)] = n
    return [(c, counts[c.id]) for c in campaigns if c.id in counts]


def empty_row(key: str, label: str) -> dict:
    return {"key": key, "label": label, "campaigns": 0, "collectives": 0, "individuals": 0, "total": 0}


def figures(campaigns: list[Campaign], today: dt.date, units: list[UnitLike] | None = None,
            members: list[Honoree] | None = None) -> dict:
    """Every figure of `campaigns` (already as published on `today`).

    `units` (listing.units of the same campaigns) adds the count per unit. `members` restricts the
    count to those honorees (a unit's honours; `campaigns` are then the campaigns they belong to).
    """
    if members is None:
        tallies = [(c, _campaign_tally(c)) for c in campaigns]
    else:
        tallies = _member_tallies(campaigns, members)

    years: dict[int, dict] = {}
    awards: dict[str, dict] = {}
    signers: dict[str, dict] = {}
    issuers: dict[str, dict] = {}
    types = {kind: empty_row(kind, label) for kind, label in TYPE_LABELS.items()}
    decisions = 0
    counted = []  # campaigns with honours counted
    for c, tally in tallies:
        year = years.get(c.year) or years.setdefault(c.year, {**empty_row(str(c.year), str(c.year)), "year": c.year})
        issuer = issuers.get(c.issuer_name) or issuers.setdefault(c.issuer_name,
                                                                   empty_row(c.issuer_name, c.issuer_name))
        year["campaigns"] += 1
        issuer["campaigns"] += 1
        if not tally:
            continue
        counted.append(c)
        decisions += len({number for *_, number in tally if number})
        rows_here = {}  # id -> row: the rows this campaign counts in, for their "campaigns"
        for (award, rank, kind, signer, _), n in tally.items():
            award_row = awards.get(award) or awards.setdefault(award, {**empty_row(award, award), "rank": rank})
            signer_row = signers.get(signer) or signers.setdefault(signer, empty_row(signer, signer or NO_SIGNER))
            column = "collectives" if kind == COLLECTIVE else "individuals"
            for row in (year, issuer, award_row, signer_row, types[kind]):
                row[column] += n
                row["total"] += n
            rows_here[id(award_row)] = award_row
            rows_here[id(signer_row)] = signer_row
            rows_here[id(types[kind])] = types[kind]
        for row in rows_here.values():
            row["campaigns"] += 1

    totals = {"campaigns": len(tallies), "collectives": types[COLLECTIVE]["total"],
              "individuals": types[INDIVIDUAL]["total"],
              "total": types[COLLECTIVE]["total"] + types[INDIVIDUAL]["total"],
              "campaigns_with_honours": len(counted), "decisions": decisions,
              "first_year": min(years, default=None), "last_year": max(years, default=None),
              "example": any(c.example_data for c in counted)}
    result = {
        "as_of": today.isoformat(),
        "totals": totals,
        "by_year": [years[y] for y in sorted(years)],
        "by_award": sorted(awards.values(), key=lambda r: (r["rank"], _order(r["label"]))),
        "by_type": list(types.values()),
        "by_signer": _by_count(signers.values()),
        "by_issuer": _by_count(issuers.values()),
        # A unit's share of a campaign is not measured against the campaign's quotas.
        "quotas": [q for c, tally in tallies for q in quota_rows(c, tally)] if members is None else [],
    }
    if units is not None:
        shared = {name for name, n in Counter(u.name for u in units).items() if n > 1}
        result["by_unit"] = _by_count([_unit_row(u, u.name in shared) for u in units])
    return result


@lru_cache(maxsize=20_000)
def _order(label: str) -> tuple:
    """Vietnamese order of a label: the same award forms, bodies and units come back on many pages."""
    return vi_key(label)


def _by_count(rows: Iterable[dict]) -> list[dict]:
    """Most honours first; ties in Vietnamese order. Rows with no honours last."""
    return sorted(rows, key=lambda r: (-r["total"], _order(r["label"])))


_UNIT_KEY = attrgetter("campaign_id", "type")


def _unit_row(u: UnitLike, shared_name: bool) -> dict:
    """A unit's counts; a name that two bodies' units share is labelled with its body too."""
    row = empty_row(u.key, f"{u.name} ({u.issuer})" if shared_name else u.name)
    counts = Counter(map(_UNIT_KEY, u.members))
    for (_, kind), n in counts.items():
        row["collectives" if kind == COLLECTIVE else "individuals"] += n
    row.update(campaigns=len({cid for cid, _ in counts}), total=len(u.members))
    return row


_SHORT_KEY = attrgetter("campaign_id", "award.name", "award.rank", "type")


def _campaign_counts(c: Campaign) -> Counter:
    """(campaign id, award name, award rank, type) -> honours of one campaign, made once, from its
    tally (which the archive's count made already: the honorees are not gone through again)."""
    def make() -> Counter:
        counts: Counter = Counter()
        for (award, rank, kind, _, _), n in _campaign_tally(c).items():
            counts[(c.id, award, rank, kind)] += n
        return counts
    return MEMO.get("stats counts", (c,), (), make)


def breakdown(campaigns: list[Campaign], members: list[Honoree] | None = None) -> dict:
    """The totals, and the honours by year and by award form, of some campaigns (all their honours,
    or only `members`, a unit's): what the small blocks on campaign, year and unit pages show.
    The same rows as `figures` makes, counted the same way, with less: a thousand unit pages each
    ask for their own, so the count is left to Counter."""
    if members is None:
        counts: Counter = Counter()
        for c in campaigns:
            counts.update(_campaign_counts(c))
    else:
        # Counted when the unit's page is made, and let go with it: kept for all units from the
        # archive's count until the pages are written, they held 10 MB through the build's peak.
        counts = Counter(map(_SHORT_KEY, members))
    totals = {"campaigns": len(campaigns), "collectives": 0, "individuals": 0, "total": 0}
    years: dict[int, dict] = {}
    year_of = {}
    for c in campaigns:
        year_of[c.id] = year = c.year
        row = years.get(year) or years.setdefault(year, {**empty_row(str(year), str(year)), "year": year})
        row["campaigns"] += 1
    awards: dict[str, dict] = {}
    seen = set()  # (award, campaign id): the campaigns an award form was given in
    for (cid, award, rank, kind), n in counts.items():
        row = awards.get(award) or awards.setdefault(award, {**empty_row(award, award), "rank": rank})
        column = "collectives" if kind == COLLECTIVE else "individuals"
        for target in (row, years[year_of[cid]], totals):
            target[column] += n
            target["total"] += n
        if (award, cid) not in seen:
            seen.add((award, cid))
            row["campaigns"] += 1
    return {"totals": totals, "by_year": [years[y] for y in sorted(years)],
            "by_award": sorted(awards.values(), key=lambda r: (r["rank"], _order(r["label"]))), "quotas": []}


def quota_rows(c: Campaign, tally: dict | None = None) -> list[dict]:
    """The plan's quotas against the honours given, one row per award form and type that the
    plan sets a number for (AwardForm.quota_collective, quota_individual), in the plan's order."""
    if not any(f.quota_collective is not None or f.quota_individual is not None for f in c.award_forms):
        return []
    tally = _campaign_tally(c) if tally is None else tally
    given: Counter = Counter()
    for (award, _, kind, _, _), n in tally.items():
        given[(award, kind)] += n
    rows = []
    for form in c.award_forms:
        for kind, quota in ((COLLECTIVE, form.quota_collective), (INDIVIDUAL, form.quota_individual)):
            if quota is not None:
                rows.append({"campaign": c.id, "title": c.title, "year": c.year, "award": form.name,
                             "rank": form.rank, "type": kind, "quota": quota, "awarded": given[(form.name, kind)]})
    return rows


def quota_summary(quotas: list[dict]) -> dict:
    """How many quota lines were met exactly, not reached, or exceeded, and in how many campaigns."""
    out = {"lines": len(quotas), "campaigns": len({q["campaign"] for q in quotas}),
           "met": 0, "under": 0, "over": 0}
    for q in quotas:
        out["met" if q["awarded"] == q["quota"] else "under" if q["awarded"] < q["quota"] else "over"] += 1
    return out
