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

STEPS: tuple[tuple[str, Promise], ...] = (
    ("inquiries", _("Inquiries")),
    ("counselling", _("Counselling")),
    ("applications", _("Applications")),
    ("decisions", _("Decisions")),
    ("granted", _("Granted")),
    ("departures", _("Departures")),
    ("contact_12", _("Contact 12 months after departure")),
)


@dataclass(frozen=True)
class FunnelStep:
    id: str
    label: Promise
    count: int
    share_of_first: float | None  # of the inquiries
    median_days_from_previous: float | None


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localdate(value)
    return value


def _dates(row: Mapping[str, Any]) -> dict[str, dt.date | None]:
    counselled = [d for d in (_day(row["first_note"]), _day(row["counselling_at"])) if d]
    granted = row["decision"] == DecisionOutcome.GRANTED
    later = row["submitted_on"] or (row["stage"] not in (Stage.INQUIRY, Stage.WITHDRAWN,
                                                         Stage.CLOSED_WITHOUT_APPLICATION) and row["stage"])
    return {
        "inquiries": row["opened_on"],
        "counselling": min(counselled) if counselled else None,
        "_counselled": bool(counselled or later),
        "applications": row["submitted_on"],
        "decisions": row["decided_on"] if row["decision"] else None,
        "granted": row["decided_on"] if granted else None,
        "departures": row["departed_on"],
        "contact_12": row["contact_12"],
    }  # type: ignore[return-value]


def funnel(rows: Iterable[Mapping[str, Any]]) -> list[FunnelStep]:
    counts = dict.fromkeys((step for step, _label in STEPS), 0)
    gaps: dict[str, list[int]] = {step: [] for step, _label in STEPS}
    previous = {STEPS[i][0]: STEPS[i - 1][0] for i in range(1, len(STEPS))}
    previous["departures"] = "granted"
    for row in rows:
        dates = _dates(row)
        for step, _label in STEPS:
            reached = dates["_counselled"] if step == "counselling" else dates[step] is not None
            counts[step] += bool(reached)
            before = previous.get(step)
            if dates.get(step) and before and dates.get(before):
                gaps[step].append((dates[step] - dates[before]).days)  # type: ignore[operator]
    first = counts["inquiries"]
    return [FunnelStep(step, label, counts[step], counts[step] / first if first else None,
                       statistics.median(gaps[step]) if gaps[step] else None) for step, label in STEPS]
