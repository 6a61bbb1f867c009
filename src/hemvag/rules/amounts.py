"""Amount arithmetic shared by the single and the batch path.

For an undecided household the engine computes the lowest and the highest amount any answer to the
unknown facts could give.  The amount never falls when a member is counted or counted as adult instead
of child (adult rates are never below child rates, caps are minima), so the lowest amount counts
every unknown member as excluded and every unknown age as a child, the highest as counted and adult.
When both are equal the unknowns cannot change the outcome and the household is decided.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, TypeVar

import numpy as np
import numpy.typing as npt

from hemvag.rules.parameters import Params
from hemvag.rules.programs import Regime
from hemvag.rules.tri import MET, NOT_MET, UNKNOWN

# The main applicant and spouses or cohabiting partners share the couple cap (RULES.md §2).
COUPLE_ROLES: Final = ("main_applicant", "spouse", "cohabiting_partner")

Num = TypeVar("Num", int, npt.NDArray[np.int64])
RateTable = list[list[int]]  # [member status][adult] -> SEK, both indexed by tri values


def rate_tables(regime: Regime, p: Params) -> tuple[RateTable, RateTable]:
    """Lowest and highest rate of a member, by (status, adult) in three-valued logic."""
    return p.derived(("rates", regime.program), lambda: _rate_tables(regime, p))


def _rate_tables(regime: Regime, p: Params) -> tuple[RateTable, RateTable]:
    adult = p.amount(regime.amount_key("amount_per_adult")) or 0
    child = p.amount(regime.amount_key("amount_per_child")) or 0
    by_age_low = {MET: adult, NOT_MET: child, UNKNOWN: child}
    by_age_high = {MET: adult, NOT_MET: child, UNKNOWN: adult}
    low = [[0] * 3 for _ in range(3)]
    high = [[0] * 3 for _ in range(3)]
    for age in (NOT_MET, UNKNOWN, MET):
        low[MET][age] = by_age_low[age]
        high[MET][age] = high[UNKNOWN][age] = by_age_high[age]
    return low, high


def capped_total(couple: Num, others: Num, regime: Regime, p: Params) -> Num:
    """Couple part capped by ``couple_cap``, then the whole household capped by ``household_cap``."""
    couple_cap = p.amount(regime.amount_key("couple_cap"))
    household_cap = p.amount(regime.amount_key("household_cap"))
    # The same arithmetic for one household (ints) and for all households (arrays).
    minimum: Callable[[Any, Any], Any] = np.minimum if isinstance(couple, np.ndarray) else min
    total = (minimum(couple, couple_cap) if couple_cap is not None else couple) + others
    result: Num = minimum(total, household_cap) if household_cap is not None else total
    return result
