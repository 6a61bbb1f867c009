"""A seeded synthetic population in the batch encoding (synthetic data only, never real people).

Used by ``hemvag simulate`` (written as batch CSV), by the batch-versus-single tests and by the
benchmark.  The shares below are plausible guesses for illustration, not statistics.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import numpy as np
import numpy.typing as npt

from hemvag.rules.batch import Population
from hemvag.rules.columns import COLUMN_DTYPES, Columns, choice_code
from hemvag.rules.facts import FACTS, ROLES, fact
from hemvag.rules.tri import MET, NOT_MET, UNKNOWN

UNKNOWN_SHARE: Final = 0.12  # share of fact cells left empty (unknown)
MAIN_GROUNDS: Final = {
    "refugee": 30, "subsidiary_protection": 18, "quota_refugee": 5, "exceptionally_distressing": 5,
    "other_protection": 3, "particularly_distressing": 2, "upper_secondary_school_act": 6,
    "temporary_act_2016": 6, "temporary_protection_directive": 6, "family_ties": 6, "work": 8, "studies": 3,
    "other": 2,
}  # fmt: skip
MEMBER_GROUNDS: Final = {"family_ties": 70, "refugee": 12, "subsidiary_protection": 8, "work": 4, "other": 6}
DESTINATIONS: Final = {
    "IQ": 18, "AF": 12, "SO": 10, "SY": 10, "IR": 8, "ER": 6, "BA": 5, "PS": 4, "TR": 5, "ET": 4, "LB": 3,
    "NG": 3, "PK": 3, "DE": 3, "NO": 2, "RS": 2,
}  # fmt: skip
ASYLUM: Final = {"none": 60, "refused": 25, "withdrawn": 5, "pending": 10}
PROBABILITY_TRUE: Final = {
    "swedish_citizen": 0.08, "registered_in_sweden": 0.92, "lives_with_main_applicant": 0.9,
    "special_reasons_accepted": 0.4, "debts_to_authorities": 0.12, "can_pay_journey": 0.1,
    "has_valid_national_passport": 0.8, "received_grant_before": 0.03, "permit_permanent": 0.55,
    "permit_valid": 0.93, "settles_permanently": 0.85, "asylum_admission_likely": 0.7, "in_sweden": 0.95,
    "asylum_late_application_accepted": 0.3,
}  # fmt: skip
FIRST_APPLICATION: Final = dt.date(2025, 7, 1)
LAST_APPLICATION: Final = dt.date(2026, 6, 30)
EPOCH: Final = dt.date(1970, 1, 1)


def _days(day: dt.date) -> int:
    return (day - EPOCH).days


def _ymd(days: npt.NDArray[np.int64]) -> npt.NDArray[np.int32]:
    """Days since 1970-01-01 -> yyyymmdd."""
    d = days.astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    year = months.astype(np.int64) // 12 + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (d - months).astype(np.int64) + 1
    result: npt.NDArray[np.int32] = (year * 10000 + month * 100 + day).astype(np.int32)
    return result


def _pick(rng: np.random.Generator, weights: dict[str, int], kind: str, n: int) -> npt.NDArray[np.int16]:
    codes = choice_code(kind)
    p = np.array(list(weights.values()), dtype=np.float64)
    values = np.array([codes[k] for k in weights], dtype=np.int16)
    return values[rng.choice(len(values), size=n, p=p / p.sum())]


def _roles(rng: np.random.Generator, persons: int) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int64]]:
    """Roles per row and the first row of each household (main applicant first, then family)."""
    estimate = persons // 2 + 16
    partner = rng.random(estimate) < 0.55
    children = np.minimum(rng.poisson(1.1, estimate), 8)
    relative = rng.random(estimate) < 0.05
    sizes = 1 + partner + children + relative
    ends = np.cumsum(sizes)
    count = int(np.searchsorted(ends, persons)) + 1
    sizes, partner, relative = sizes[:count], partner[:count], relative[:count]
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    position = np.arange(int(sizes.sum())) - np.repeat(starts, sizes)
    household = np.repeat(np.arange(count), sizes)
    roles = np.full(len(position), ROLES.index("child"), dtype=np.int8)
    cohabiting = rng.random(count) < 0.2
    partner_role = np.where(cohabiting, ROLES.index("cohabiting_partner"), ROLES.index("spouse"))
    roles[(position == 1) & partner[household]] = partner_role[household][(position == 1) & partner[household]]
    roles[(position == sizes[household] - 1) & relative[household] & (position > 0)] = ROLES.index("other_relative")
    roles[position == 0] = ROLES.index("main_applicant")
    keep = len(position) if len(position) <= persons else persons
    return roles[:keep], starts[starts < keep]


def simulate(persons: int, seed: int) -> Population:
    """``persons`` synthetic persons in households, reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    roles, starts = _roles(rng, persons)
    n = len(roles)
    sizes = np.diff(np.append(starts, n))
    household = np.repeat(np.arange(len(starts)), sizes)
    first, last = _days(FIRST_APPLICATION), _days(LAST_APPLICATION)
    application_days = rng.integers(first, last + 1, len(starts))[household]
    is_child = roles == ROLES.index("child")
    age_days = np.where(is_child, rng.integers(0, 21 * 365, n), rng.integers(16 * 365, 70 * 365, n))
    birth_days = application_days - age_days
    granted_days = np.maximum(birth_days, rng.integers(_days(dt.date(2010, 1, 1)), application_days))
    decided_days = application_days - rng.integers(0, 120, n)

    data: dict[str, npt.NDArray[np.generic]] = {
        "application_date": _ymd(application_days),
        "role": roles,
        "birth_date": _ymd(birth_days),
        "permit_granted_on": _ymd(granted_days),
        "asylum_decided_on": _ymd(decided_days),
        "permit_ground": np.where(
            roles == 0, _pick(rng, MAIN_GROUNDS, "ground", n), _pick(rng, MEMBER_GROUNDS, "ground", n)
        ),
        "destination_country": _pick(rng, DESTINATIONS, "country", len(starts))[household],
        "asylum_outcome": _pick(rng, ASYLUM, "asylum_outcome", n),
    }
    for column, p in PROBABILITY_TRUE.items():
        household_level = fact(column).household_level
        values = np.where(rng.random(len(starts) if household_level else n) < p, MET, NOT_MET)
        data[column] = values[household] if household_level else values
    for f in FACTS:  # leave a share of cells unknown; household facts alike on every row of a household
        size = len(starts) if f.household_level else n
        unknown = rng.random(size) < UNKNOWN_SHARE
        unknown = unknown[household] if f.household_level else unknown
        data[f.column] = np.where(unknown, UNKNOWN if f.kind == "bool" else 0, data[f.column])
    columns = Columns({name: data[name].astype(dtype) for name, dtype in COLUMN_DTYPES.items()})
    ids = [f"h{i + 1}" for i in range(len(starts))]
    return Population(columns, ids, starts)
