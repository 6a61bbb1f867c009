"""Hypothesis strategies: random facts documents (valid, with unknowns) and ways to fill unknowns in."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from hypothesis import strategies as st

from hemvag.rules.facts import ASYLUM_OUTCOMES, GROUNDS

APPLICATION_DATES = [dt.date(2025, 6, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2026, 3, 1)]
COUNTRIES = ["IQ", "AF", "SO", "SY", "DE", "PS", "BA", "NO"]
MEMBER_BOOLEANS = [
    "swedish_citizen", "registered_in_sweden", "lives_with_main_applicant", "special_reasons_accepted",
    "debts_to_authorities", "can_pay_journey", "has_valid_national_passport", "received_grant_before",
]  # fmt: skip
# Boundary dates make the interesting cases likely: the 2024-09-12 cut-off and 18th birthdays.
PERMIT_DATES = [dt.date(2015, 1, 1), dt.date(2024, 9, 12), dt.date(2024, 9, 13), dt.date(2025, 3, 1)]


def maybe(strategy: st.SearchStrategy[Any], unknown: float = 0.25) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy) if unknown else strategy


@st.composite
def birth_dates(draw: st.DrawFn, application: dt.date) -> str:
    adult_birthday = application.replace(year=application.year - 18)
    day = draw(st.one_of(
        st.sampled_from([adult_birthday, adult_birthday + dt.timedelta(days=1)]),
        st.dates(dt.date(1950, 1, 1), application),
    ))  # fmt: skip
    return day.isoformat()


@st.composite
def members(draw: st.DrawFn, role: str, application: dt.date, index: int) -> dict[str, Any]:
    member: dict[str, Any] = {"id": f"p{index + 1}", "role": role}
    member["birth_date"] = draw(maybe(birth_dates(application)))
    for name in MEMBER_BOOLEANS:
        member[name] = draw(maybe(st.booleans()))
    ground_choices = list(GROUNDS) if role == "main_applicant" else ["family_ties", "family_ties", *GROUNDS]
    granted = draw(maybe(st.one_of(st.sampled_from(PERMIT_DATES), st.dates(dt.date(2010, 1, 1), application))))
    if granted is not None and member["birth_date"] is not None and granted.isoformat() < member["birth_date"]:
        granted = dt.date.fromisoformat(member["birth_date"])
    member["permit"] = {
        "ground": draw(maybe(st.sampled_from(ground_choices))),
        "granted_on": granted.isoformat() if granted else None,
        "permanent": draw(maybe(st.booleans())),
        "valid": draw(maybe(st.booleans())),
    }
    decided = draw(maybe(st.dates(application - dt.timedelta(days=90), application)))
    member["asylum"] = {
        "outcome": draw(maybe(st.sampled_from(ASYLUM_OUTCOMES))),
        "decided_on": decided.isoformat() if decided else None,
        "admission_likely": draw(maybe(st.booleans())),
        "late_application_accepted": draw(maybe(st.booleans())),
    }
    return member


@st.composite
def households(draw: st.DrawFn, max_others: int = 6) -> dict[str, Any]:
    application = draw(st.sampled_from(APPLICATION_DATES))
    others = st.sampled_from(["spouse", "cohabiting_partner", "child", "child", "other_relative"])
    roles = ["main_applicant", *draw(st.lists(others, max_size=max_others))]
    return {
        "application_date": application.isoformat(),
        "destination_country": draw(maybe(st.sampled_from(COUNTRIES))),
        "settles_permanently": draw(maybe(st.booleans())),
        "in_sweden": draw(maybe(st.booleans())),
        "members": [draw(members(role, application, i)) for i, role in enumerate(roles)],
    }


@st.composite
def filled_in(draw: st.DrawFn, document: dict[str, Any]) -> dict[str, Any]:
    """The same household with every unknown fact replaced by some known value (dates kept valid)."""
    full = copy.deepcopy(document)
    application = dt.date.fromisoformat(full["application_date"])
    if full["destination_country"] is None:
        full["destination_country"] = draw(st.sampled_from(COUNTRIES))
    for name in ("settles_permanently", "in_sweden"):
        if full[name] is None:
            full[name] = draw(st.booleans())
    for member in full["members"]:
        for name in MEMBER_BOOLEANS:
            if member[name] is None:
                member[name] = draw(st.booleans())
        permit, asylum = member["permit"], member["asylum"]
        if member["birth_date"] is None:
            latest = dt.date.fromisoformat(permit["granted_on"]) if permit["granted_on"] else application
            member["birth_date"] = draw(st.dates(dt.date(1950, 1, 1), min(latest, application))).isoformat()
        if permit["granted_on"] is None:
            birth = dt.date.fromisoformat(member["birth_date"])
            permit["granted_on"] = draw(st.one_of(
                st.sampled_from([d for d in PERMIT_DATES if d >= birth] or [birth]), st.dates(birth, application),
            )).isoformat()  # fmt: skip
        for key, strategy in (("ground", st.sampled_from(GROUNDS)), ("permanent", st.booleans()),
                              ("valid", st.booleans())):  # fmt: skip
            if permit[key] is None:
                permit[key] = draw(strategy)
        if asylum["outcome"] is None:
            asylum["outcome"] = draw(st.sampled_from(ASYLUM_OUTCOMES))
        if asylum["decided_on"] is None:
            asylum["decided_on"] = draw(st.dates(application - dt.timedelta(days=90), application)).isoformat()
        for key in ("admission_likely", "late_application_accepted"):
            if asylum[key] is None:
                asylum[key] = draw(st.booleans())
    return full
