"""Column encoding of facts for the batch path: one NumPy array per fact, one row per person.

Encodings are chosen so that conditions are cheap array operations:
- booleans are three-valued int8 (0 false/not met, 1 unknown, 2 true/met): see tri.py;
- enumerations (ground, asylum outcome, country) are small ints, 0 = unknown, ``i + 1`` = choice i;
- roles are the index in ``ROLES`` (a role is always known);
- dates are int32 yyyymmdd (order-preserving; 0 = unknown).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from hemvag.rules.facts import ASYLUM_OUTCOMES, FACTS, GROUNDS, ROLES
from hemvag.rules.parameters import COUNTRY_CODES

I8 = npt.NDArray[np.int8]
I32 = npt.NDArray[np.int32]
Array = npt.NDArray[Any]

COUNTRIES: Final = tuple(sorted(COUNTRY_CODES))
CHOICES: Final[dict[str, tuple[str, ...]]] = {
    "ground": GROUNDS,
    "asylum_outcome": ASYLUM_OUTCOMES,
    "country": COUNTRIES,
    "role": ROLES,
}
DTYPES: Final[dict[str, type[np.generic]]] = {
    "bool": np.int8,
    "ground": np.int8,
    "asylum_outcome": np.int8,
    "country": np.int16,
    "date": np.int32,
}
# Every column of the batch, besides the household key: application date, role, then the facts.
COLUMN_DTYPES: Final[dict[str, type[np.generic]]] = {
    "application_date": np.int32,
    "role": np.int8,
    **{f.column: DTYPES[f.kind] for f in FACTS},
}


def choice_code(kind: str) -> dict[str, int]:
    """Text value -> code for an enumerated kind (unknown is 0, not in the mapping)."""
    return {value: i + 1 for i, value in enumerate(CHOICES[kind])}


@dataclass
class Columns:
    """Fact columns of a population, rows grouped by household (rows of a household are adjacent).

    ``cache`` holds the value of every expression node evaluated on these columns, so that finding
    the missing facts after an evaluation does not evaluate anything twice.  A ``take`` of some rows
    copies a column only when a condition first reads it.
    """

    data: dict[str, Array]
    cache: dict[int, I8] = field(default_factory=dict)
    parent: Columns | None = None
    rows: npt.NDArray[np.intp] | None = None

    def __getitem__(self, column: str) -> Array:
        values = self.data.get(column)
        if values is None:
            if self.parent is None or self.rows is None:
                raise KeyError(column)
            values = self.data[column] = self.parent[column][self.rows]
        return values

    def __len__(self) -> int:
        return len(self.rows) if self.rows is not None else len(self.data["role"])

    def take(self, rows: npt.NDArray[np.intp]) -> Columns:
        return Columns({}, parent=self, rows=rows)
