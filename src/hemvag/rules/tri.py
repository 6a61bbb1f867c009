"""Three-valued (Kleene) logic shared by the single and the batch evaluation.

The values are small integers chosen so that the same arithmetic works on Python ints and on
NumPy int8 arrays: AND is the minimum, OR is the maximum and NOT is ``2 - x``.
"""

from __future__ import annotations

from typing import Final

NOT_MET: Final = 0
UNKNOWN: Final = 1
MET: Final = 2

RESULT_NAMES: Final = {NOT_MET: "not_met", UNKNOWN: "unknown", MET: "met"}
OUTCOME_NAMES: Final = {NOT_MET: "not_eligible", UNKNOWN: "needs_information", MET: "eligible"}


def from_optional_bool(value: bool | None) -> int:
    """A known boolean fact becomes met/not met; an absent one stays unknown."""
    if value is None:
        return UNKNOWN
    return MET if value else NOT_MET
