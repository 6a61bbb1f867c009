"""What the statistics count and how they can be split: every measure with its label and definition, every
dimension with its listed values. The one home of these names: the command, the pages, the API, the CSV and
XLSX files and the annual report's page of definitions all take them from here (the statistics contract)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hemvag.cases.models import Channel, Programme, RefusalReasonCode
from hemvag.core.reporting import DEFAULT_THRESHOLD, SUPPRESSED_SIGN  # noqa: F401 (re-exported)
from hemvag.people.models import LegalSex

INTERNAL_MARKING = _("Internal – contains small counts")
SUPPRESSED = "suppressed"  # the one flag, for primary and secondary suppression alike
UNKNOWN = "unknown"
MARGIN = "*"
MIN_THRESHOLD = 2
# A table is every combination of its keys with every margin: beyond this it is no table anyone reads, and the
# disclosure audit would run for minutes (three dimensions of months, countries and ages, say).
MAX_TABLE_CELLS = 20_000
FIRST_DAY = "1900-01-01"  # no register holds a case opened before this


class DatedBy(Enum):
    OPENED = "opened_on"
    SUBMITTED = "submitted_on"
    DECIDED = "decided_on"
    DEPARTED = "departed_on"
    WITHDRAWN = "closed_on"


@dataclass(frozen=True)
class Measure:
    id: str
    label: Promise
    definition: Promise
    dated_by: DatedBy
    is_sum: bool = False  # a sum of kronor, not a count: never suppressed for being small

    @property
    def date_field(self) -> str:
        return self.dated_by.value


MEASURES: dict[str, Measure] = {m.id: m for m in (
    Measure("inquiries", _("Inquiries"),
            _("Cases opened, through every channel, counted by the day they were opened"), DatedBy.OPENED),
    Measure("applications", _("Applications"),
            _("Cases whose application was submitted to Migrationsverket, counted by the day it was submitted"),
            DatedBy.SUBMITTED),
    Measure("decisions", _("Decided cases"), _("Cases with a decision, counted by the day of the decision"),
            DatedBy.DECIDED),
    Measure("granted", _("Granted cases"),
            _("Cases with a decision to grant, counted by the day of the decision"), DatedBy.DECIDED),
    Measure("refused", _("Refused cases"),
            _("Cases with a decision to refuse, counted by the day of the decision"), DatedBy.DECIDED),
    Measure("persons_granted", _("Persons granted"),
            _("Persons in the households of granted cases, the main applicant included, counted by the day of "
              "the decision"), DatedBy.DECIDED),
    Measure("amount_granted_sek", _("Amount granted (SEK)"),
            _("The sum of the amounts granted, in kronor, counted by the day of the decision"), DatedBy.DECIDED,
            is_sum=True),
    Measure("departures", _("Departures"), _("Cases with a departure, counted by the day of departure"),
            DatedBy.DEPARTED),
    Measure("withdrawn", _("Withdrawn cases"),
            _("Cases withdrawn because the person changed their mind, counted by the day of the withdrawal"),
            DatedBy.WITHDRAWN),
)}
DECISION_MEASURES = ("decisions", "granted", "refused")  # always protected together: decisions = granted + refused


@dataclass(frozen=True)
class Dimension:
    id: str
    label: Promise
    is_time: bool = False
    listed: tuple[tuple[str, Promise | str], ...] = ()  # every value, in order, for dimensions that list all of theirs
    from_data: bool = False  # values are those of at least one counted case


AGE_GROUPS: tuple[tuple[str, int, int | None], ...] = (
    ("0-17", 0, 17), ("18-29", 18, 29), ("30-44", 30, 44), ("45-64", 45, 64), ("65+", 65, None),
)

DIMENSIONS: dict[str, Dimension] = {d.id: d for d in (
    Dimension("year", _("Year"), is_time=True),
    Dimension("quarter", _("Quarter"), is_time=True),
    Dimension("month", _("Month"), is_time=True),
    Dimension("sex", _("Legal sex"), listed=(*LegalSex.choices, (UNKNOWN, _("Unknown")))),
    Dimension("age_group", _("Age group"),
              listed=(*((key, key) for key, _low, _high in AGE_GROUPS), (UNKNOWN, _("Unknown")))),
    Dimension("programme", _("Programme"), listed=tuple(Programme.choices)),
    Dimension("channel", _("How the case began"), listed=tuple(Channel.choices)),
    Dimension("decision_reason", _("Reason for refusal"),
              listed=(*RefusalReasonCode.choices, (UNKNOWN, _("No reason recorded")))),
    Dimension("unit", _("Unit"), from_data=True),
    Dimension("municipality", _("Municipality"), from_data=True),
    Dimension("destination_country", _("Destination country"), from_data=True),
)}
TIME_DIMENSIONS = tuple(d for d, dim in DIMENSIONS.items() if dim.is_time)
