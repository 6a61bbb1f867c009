"""The flow of cases opened in a period: how many reached each step, and the median days between steps.

Counselling has no date of its own in an earlier register: a case counts as counselled when it has a
counselling note, a move to counselling, or any later step, and its counselling day is the first of the first
two (so imported cases add to the count, not to the median)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hemvag.cases.models import DecisionOutcome, Stage

# (step, label, the step its median days are counted from: None where it falls on the same day as the one before)
STEPS: tuple[tuple[str, Promise, str | None], ...] = (
    ("inquiries", _("Inquiries"), None),
    ("counselling", _("Counselling"), "inquiries"),
    ("applications", _("Applications"), "counselling"),
    ("decisions", _("Decisions"), "applications"),
    ("granted", _("Granted"), None),  # decided on the decision's day
    ("departures", _("Departures"), "decisions"),
    ("contact_12", _("Contact 12 months after departure"), "departures"),
)
# Stages a case leaves counselling behind in: reached, even when no day of counselling was recorded.
NOT_COUNSELLED = (Stage.INQUIRY, Stage.WITHDRAWN, Stage.CLOSED_WITHOUT_APPLICATION)


@dataclass(frozen=True)
class FunnelStep:
    id: str
    label: Promise
    count: int
    percent_of_first: int | None  # of the inquiries, rounded
    median_days_from_previous: float | None


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localdate(value)
    return value


def _steps_of(row: Mapping[str, Any]) -> tuple[set[str], dict[str, dt.date]]:
    """The steps one case reached, and the day of each that has one."""
    days: dict[str, dt.date | None] = {
        "inquiries": row["opened_on"],
        "counselling": min((d for d in (_day(row["first_note"]), _day(row["counselling_at"])) if d), default=None),
        "applications": row["submitted_on"],
        "decisions": row["decided_on"] if row["decision"] else None,
        "granted": row["decided_on"] if row["decision"] == DecisionOutcome.GRANTED else None,
        "departures": row["departed_on"],
        "contact_12": row["contact_12"],
    }
    dated = {step: day for step, day in days.items() if day is not None}
    reached = set(dated)
    if row["submitted_on"] or row["stage"] not in NOT_COUNSELLED:
        reached.add("counselling")
    return reached, dated


def funnel(rows: Iterable[Mapping[str, Any]]) -> list[FunnelStep]:
    counts = dict.fromkeys((step for step, _label, _from in STEPS), 0)
    gaps: dict[str, list[int]] = {step: [] for step, _label, _from in STEPS}
    for row in rows:
        reached, dated = _steps_of(row)
        for step, _label, measured_from in STEPS:
            counts[step] += step in reached
            if measured_from and step in dated and measured_from in dated:
                gaps[step].append((dated[step] - dated[measured_from]).days)
    first = counts["inquiries"]
    return [FunnelStep(step, label, counts[step], round(100 * counts[step] / first) if first else None,
                       statistics.median(gaps[step]) if gaps[step] else None) for step, label, _from in STEPS]
