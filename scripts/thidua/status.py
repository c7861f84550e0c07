"""A campaign's status on a given day, computed from its dates only.

upcoming  -> before the period starts
running   -> within the period
reviewing -> after the period, until the last review step (review or dossier deadline,
             ceremony, award decision) is past; 60 days if the plan names none
concluded -> after that
"""
from __future__ import annotations

import datetime as dt

from .model import Campaign

UPCOMING, RUNNING, REVIEWING, CONCLUDED = "upcoming", "running", "reviewing", "concluded"
LABELS = {
    UPCOMING: "Sắp diễn ra",
    RUNNING: "Đang thi đua",
    REVIEWING: "Đang tổng kết, xét khen thưởng",
    CONCLUDED: "Đã kết thúc",
}
ORDER = (RUNNING, UPCOMING, REVIEWING, CONCLUDED)
DEFAULT_REVIEW_DAYS = 60
REVIEW_STEPS = ("review", "dossier", "ceremony")  # the deadline kinds (schema.DEADLINE_KINDS) that end a review


def review_until(campaign: Campaign) -> dt.date:
    """The last day of the review stage."""
    dates = [*(d.date for d in campaign.deadlines if d.kind in REVIEW_STEPS), *(d.date for d in campaign.decisions)]
    known = [d for d in dates if d and d >= campaign.period.end]
    return max(known) if known else campaign.period.end + dt.timedelta(days=DEFAULT_REVIEW_DAYS)


def status(campaign: Campaign, today: dt.date) -> str:
    start = campaign.period.start
    if start and today < start:
        return UPCOMING
    if today <= campaign.period.end:
        return RUNNING
    if today <= review_until(campaign):
        return REVIEWING
    return CONCLUDED


def days_left(campaign: Campaign, today: dt.date) -> int:
    return (campaign.period.end - today).days
