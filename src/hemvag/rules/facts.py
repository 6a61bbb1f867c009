"""The facts schema: one household as typed, immutable dataclasses.

Every fact may be ``None``, which means "not known" (never "false"); see the contract
(shared/contracts/eligibility.md, "Facts document").  ``FACTS`` lists every fact the rules can read,
in the order a resident self-check should ask for it (see ``missing`` in engine.py): the bit of a
fact in a missing-facts mask is its position in that list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

ROLES: Final = ("main_applicant", "spouse", "cohabiting_partner", "child", "other_relative")
GROUNDS: Final = (
    "refugee",
    "subsidiary_protection",
    "other_protection",
    "quota_refugee",
    "exceptionally_distressing",
    "particularly_distressing",
    "upper_secondary_school_act",
    "temporary_act_2016",
    "temporary_protection_directive",
    "family_ties",
    "work",
    "studies",
    "other",
)
ASYLUM_OUTCOMES: Final = ("refused", "withdrawn", "pending", "none")

FactValue = bool | str | date | None
FactKind = Literal["bool", "date", "country", "ground", "asylum_outcome"]


@dataclass(frozen=True, slots=True)
class Permit:
    ground: str | None = None
    granted_on: date | None = None
    permanent: bool | None = None
    valid: bool | None = None


@dataclass(frozen=True, slots=True)
class Asylum:
    outcome: str | None = None
    decided_on: date | None = None
    admission_likely: bool | None = None
    # Migrationsverket accepts the reasons for applying more than two months after the refusal.
    late_application_accepted: bool | None = None


@dataclass(frozen=True, slots=True)
class Member:
    id: str
    role: str
    birth_date: date | None = None
    swedish_citizen: bool | None = None
    registered_in_sweden: bool | None = None
    lives_with_main_applicant: bool | None = None
    special_reasons_accepted: bool | None = None
    permit: Permit = Permit()
    debts_to_authorities: bool | None = None
    can_pay_journey: bool | None = None
    has_valid_national_passport: bool | None = None
    received_grant_before: bool | None = None
    asylum: Asylum = Asylum()


@dataclass(frozen=True, slots=True)
class Household:
    application_date: date
    destination_country: str | None
    settles_permanently: bool | None
    members: tuple[Member, ...]
    in_sweden: bool | None = None  # the applicant and the family are in Sweden when applying

    @property
    def main_index(self) -> int:
        return next(i for i, m in enumerate(self.members) if m.role == "main_applicant")


Getter = Callable[[Member, Household], FactValue]


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact the rules read: its CSV column, its JSON path and how to read it."""

    column: str
    path: str  # relative to the member ("permit.granted_on") or the document ("destination_country")
    household_level: bool
    kind: FactKind
    get: Getter

    @property
    def bit(self) -> int:
        return FACT_BITS[self.column]

    def json_path(self, member_index: int) -> str:
        return self.path if self.household_level else f"members[{member_index}].{self.path}"


def _member(name: str) -> Getter:
    return lambda m, h: getattr(m, name)


def _permit(name: str) -> Getter:
    return lambda m, h: getattr(m.permit, name)


def _asylum(name: str) -> Getter:
    return lambda m, h: getattr(m.asylum, name)


# Order = the order a self-check asks (most decisive first): knock-out facts about the main applicant's
# status and permit come first, then the programme-specific facts, then family details and age.
FACTS: Final[tuple[Fact, ...]] = (
    Fact("swedish_citizen", "swedish_citizen", False, "bool", _member("swedish_citizen")),
    Fact("permit_ground", "permit.ground", False, "ground", _permit("ground")),
    Fact("permit_granted_on", "permit.granted_on", False, "date", _permit("granted_on")),
    Fact("permit_permanent", "permit.permanent", False, "bool", _permit("permanent")),
    Fact("asylum_outcome", "asylum.outcome", False, "asylum_outcome", _asylum("outcome")),
    Fact("destination_country", "destination_country", True, "country", lambda m, h: h.destination_country),
    Fact("in_sweden", "in_sweden", True, "bool", lambda m, h: h.in_sweden),
    Fact("registered_in_sweden", "registered_in_sweden", False, "bool", _member("registered_in_sweden")),
    Fact("permit_valid", "permit.valid", False, "bool", _permit("valid")),
    Fact("received_grant_before", "received_grant_before", False, "bool", _member("received_grant_before")),
    Fact("debts_to_authorities", "debts_to_authorities", False, "bool", _member("debts_to_authorities")),
    Fact("can_pay_journey", "can_pay_journey", False, "bool", _member("can_pay_journey")),
    Fact("asylum_admission_likely", "asylum.admission_likely", False, "bool", _asylum("admission_likely")),
    Fact("asylum_decided_on", "asylum.decided_on", False, "date", _asylum("decided_on")),
    Fact(
        "asylum_late_application_accepted",
        "asylum.late_application_accepted",
        False,
        "bool",
        _asylum("late_application_accepted"),
    ),
    Fact("settles_permanently", "settles_permanently", True, "bool", lambda m, h: h.settles_permanently),
    Fact(
        "lives_with_main_applicant",
        "lives_with_main_applicant",
        False,
        "bool",
        _member("lives_with_main_applicant"),
    ),
    Fact(
        "special_reasons_accepted",
        "special_reasons_accepted",
        False,
        "bool",
        _member("special_reasons_accepted"),
    ),
    Fact("birth_date", "birth_date", False, "date", _member("birth_date")),
    Fact(
        "has_valid_national_passport",
        "has_valid_national_passport",
        False,
        "bool",
        _member("has_valid_national_passport"),
    ),
)
FACT_BITS: Final = {fact.column: bit for bit, fact in enumerate(FACTS)}
FACT_BY_COLUMN: Final = {fact.column: fact for fact in FACTS}


def fact(column: str) -> Fact:
    return FACT_BY_COLUMN[column]


def ymd(day: date) -> int:
    """A date as the integer yyyymmdd: order-preserving, and the encoding the batch columns use."""
    return day.year * 10000 + day.month * 100 + day.day


def missing_paths(household_bits: int, main_index: int, member_bits: list[tuple[int, int]]) -> list[str]:
    """JSON paths of missing facts, most decisive first.

    ``household_bits`` are the facts that decide whether the main applicant (and so the household)
    qualifies; they come first, in ``FACTS`` order.  ``member_bits`` are (member index, facts) that
    decide who counts and at which rate, listed member by member in file order.  A path is listed once.
    """
    paths: list[str] = []
    seen: set[str] = set()
    for index, bits in [(main_index, household_bits), *member_bits]:
        while bits:
            low = bits & -bits
            path = FACTS[low.bit_length() - 1].json_path(index)
            if path not in seen:
                seen.add(path)
                paths.append(path)
            bits ^= low
    return paths
