"""Combinators over facts, evaluated in three-valued logic, for one household or for columns.

A condition is written once as a tree of these nodes.  Each node can be evaluated
- for one person (``one``: member, household and the parameters in force -> 0/1/2), and
- for a whole population (``many``: Columns and parameters -> int8 array of 0/1/2),
and can say which unknown facts made it unknown (``missing_bits`` / ``mark_missing``).  Leaves read
one fact each; ``AllOf``/``AnyOf``/``Not`` are Kleene AND/OR/NOT (min/max/2-x, see tri.py).

A fact is *relevant* when it is unknown and every node between it and the condition is unknown too:
under AND/OR that is exactly the set of unknown facts whose value could still change the result.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from hemvag.rules.columns import CHOICES, I8, Array, Columns
from hemvag.rules.facts import ROLES, Fact, Household, Member, fact, ymd
from hemvag.rules.parameters import Params
from hemvag.rules.tri import MET, NOT_MET, UNKNOWN

U32 = npt.NDArray[np.uint32]
Num = TypeVar("Num", int, Array)


def add_months(day: Num, months: int) -> Num:
    """yyyymmdd plus whole months, keeping the day number (2025-12-31 + 2 = "2026-02-31").

    Comparing against such an out-of-range day gives the natural "until the end of that month"
    meaning.  Works on Python ints and on NumPy arrays alike.
    """
    month0 = (day // 100) % 100 - 1 + months
    result: Num = (day // 10000 + month0 // 12) * 10000 + (month0 % 12 + 1) * 100 + day % 100
    return result


def is_adult(application: Num, birth: Num, adult_age: int) -> Num:
    """18 or older on the application date, on yyyymmdd integers.

    ``application - birth`` is at least ``age * 10000`` exactly when the age-th birthday is on or
    before the application date, so an 18th birthday ON the application date counts as adult
    (RULES.md: "Adult = 18 years or older on the application date").  Someone born on 29 February
    turns 18 on 1 March in a common year.
    """
    return application - birth >= adult_age * 10000


def tri_array(met: npt.NDArray[np.bool_], unknown: npt.NDArray[np.bool_]) -> I8:
    """Three-valued int8 from a test and the rows where its fact is unknown."""
    result = met.view(np.int8) * np.int8(MET)
    np.putmask(result, unknown, np.int8(UNKNOWN))
    return result


class Expr(ABC):
    """A node of a condition."""

    @abstractmethod
    def one(self, m: Member, h: Household, p: Params) -> int: ...

    @abstractmethod
    def _many(self, c: Columns, p: Params) -> I8: ...

    @abstractmethod
    def missing_bits(self, m: Member, h: Household, p: Params) -> int:
        """Bits (facts.FACTS order) of the relevant unknown facts; 0 unless this node is unknown."""

    @abstractmethod
    def mark_missing(self, c: Columns, p: Params, relevant: npt.NDArray[np.bool_], out: U32) -> None:
        """Set in ``out`` the bits of relevant unknown facts, on rows where this node is relevant."""

    @abstractmethod
    def parameter_keys(self) -> Iterator[str]: ...

    def many(self, c: Columns, p: Params) -> I8:
        values = c.cache.get(id(self))
        if values is None:
            values = c.cache[id(self)] = self._many(c, p)
        return values


class Leaf(Expr):
    """A node reading one fact (or none: roles are always known)."""

    fact: Fact | None = None

    def missing_bits(self, m: Member, h: Household, p: Params) -> int:
        if self.fact is None or self.one(m, h, p) != UNKNOWN:
            return 0
        return 1 << self.fact.bit

    def mark_missing(self, c: Columns, p: Params, relevant: npt.NDArray[np.bool_], out: U32) -> None:
        if self.fact is not None:
            hit = relevant & (self.many(c, p) == UNKNOWN)
            out |= hit.astype(np.uint32) << np.uint32(self.fact.bit)

    def parameter_keys(self) -> Iterator[str]:
        return iter(())


@dataclass(eq=False)
class Is(Leaf):
    """A yes/no fact has the expected value."""

    column: str
    expected: bool = True

    def __post_init__(self) -> None:
        self.fact = fact(self.column)

    def one(self, m: Member, h: Household, p: Params) -> int:
        assert self.fact is not None
        value = self.fact.get(m, h)
        if value is None:
            return UNKNOWN
        return MET if value is self.expected else NOT_MET

    def _many(self, c: Columns, p: Params) -> I8:
        values: I8 = c[self.column]
        return values if self.expected else (2 - values).astype(np.int8)


@dataclass(eq=False)
class InList(Leaf):
    """An enumerated fact (ground, asylum outcome, country) is one of a list parameter's items."""

    column: str
    parameter: str

    def __post_init__(self) -> None:
        self.fact = fact(self.column)

    # An empty (or not in force) list is not met even for an unknown value: no answer could meet it,
    # so the fact must not be asked for.

    def one(self, m: Member, h: Household, p: Params) -> int:
        assert self.fact is not None
        allowed = p.items(self.parameter)
        value = self.fact.get(m, h)
        if value is None:
            return UNKNOWN if allowed else NOT_MET
        return MET if value in allowed else NOT_MET

    def _many(self, c: Columns, p: Params) -> I8:
        assert self.fact is not None
        allowed = set(p.items(self.parameter))
        choices = CHOICES[self.fact.kind]
        table = np.array(
            [UNKNOWN if allowed else NOT_MET] + [MET if v in allowed else NOT_MET for v in choices],
            dtype=np.int8,
        )
        return table[c[self.column]]

    def parameter_keys(self) -> Iterator[str]:
        yield self.parameter


@dataclass(eq=False)
class RoleIn(Leaf):
    """The member's role is one of a role-list parameter's items (roles are always known)."""

    parameter: str

    def one(self, m: Member, h: Household, p: Params) -> int:
        return MET if m.role in p.items(self.parameter) else NOT_MET

    def _many(self, c: Columns, p: Params) -> I8:
        allowed = set(p.items(self.parameter))
        table = np.array([MET if role in allowed else NOT_MET for role in ROLES], dtype=np.int8)
        return table[c["role"]]

    def parameter_keys(self) -> Iterator[str]:
        yield self.parameter


@dataclass(eq=False)
class HasRole(Leaf):
    """The member has one fixed role (structural, not a legal parameter: e.g. "child")."""

    role: str

    def one(self, m: Member, h: Household, p: Params) -> int:
        return MET if m.role == self.role else NOT_MET

    def _many(self, c: Columns, p: Params) -> I8:
        return np.where(c["role"] == ROLES.index(self.role), MET, NOT_MET).astype(np.int8)


@dataclass(eq=False)
class OnOrBefore(Leaf):
    """A date fact is on or before a date parameter (inclusive, as RULES.md says)."""

    column: str
    parameter: str

    def __post_init__(self) -> None:
        self.fact = fact(self.column)

    def one(self, m: Member, h: Household, p: Params) -> int:
        assert self.fact is not None
        value = self.fact.get(m, h)
        limit = p.date(self.parameter)
        if value is None:
            return UNKNOWN
        assert isinstance(value, type(p.day))
        return MET if limit is not None and value <= limit else NOT_MET

    def _many(self, c: Columns, p: Params) -> I8:
        values = c[self.column]
        limit = p.date(self.parameter)
        known_met = values <= (ymd(limit) if limit is not None else -1)
        return tri_array(known_met, unknown=values == 0)

    def parameter_keys(self) -> Iterator[str]:
        yield self.parameter


@dataclass(eq=False)
class Adult(Leaf):
    """The member is an adult on the application date (age parameter ``common.adult_age``)."""

    parameter: str = "common.adult_age"

    def __post_init__(self) -> None:
        self.fact = fact("birth_date")

    def _age(self, p: Params) -> int:
        age = p.get(self.parameter)
        assert isinstance(age, int)
        return age

    def one(self, m: Member, h: Household, p: Params) -> int:
        if m.birth_date is None:
            return UNKNOWN
        return MET if is_adult(ymd(h.application_date), ymd(m.birth_date), self._age(p)) else NOT_MET

    def _many(self, c: Columns, p: Params) -> I8:
        birth = c["birth_date"]
        adult = is_adult(c["application_date"], birth, self._age(p))
        return tri_array(adult, unknown=birth == 0)

    def parameter_keys(self) -> Iterator[str]:
        yield self.parameter


@dataclass(eq=False)
class WithinMonthsOf(Leaf):
    """The application date is on or after a date fact and at most N months (parameter) after it."""

    column: str
    parameter: str

    def __post_init__(self) -> None:
        self.fact = fact(self.column)

    def _months(self, p: Params) -> int:
        months = p.get(self.parameter)
        assert isinstance(months, int)
        return months

    def one(self, m: Member, h: Household, p: Params) -> int:
        assert self.fact is not None
        value = self.fact.get(m, h)
        if value is None:
            return UNKNOWN
        assert isinstance(value, type(h.application_date))
        start, application = ymd(value), ymd(h.application_date)
        return MET if start <= application <= add_months(start, self._months(p)) else NOT_MET

    def _many(self, c: Columns, p: Params) -> I8:
        start = c[self.column]
        application = c["application_date"]
        within = (start <= application) & (application <= add_months(start, self._months(p)))
        return tri_array(within, unknown=start == 0)

    def parameter_keys(self) -> Iterator[str]:
        yield self.parameter


class Combinator(Expr):
    children: tuple[Expr, ...]

    def missing_bits(self, m: Member, h: Household, p: Params) -> int:
        if self.one(m, h, p) != UNKNOWN:
            return 0
        bits = 0
        for child in self.children:
            bits |= child.missing_bits(m, h, p)
        return bits

    def mark_missing(self, c: Columns, p: Params, relevant: npt.NDArray[np.bool_], out: U32) -> None:
        relevant = relevant & (self.many(c, p) == UNKNOWN)
        if relevant.any():
            for child in self.children:
                child.mark_missing(c, p, relevant, out)

    def parameter_keys(self) -> Iterator[str]:
        for child in self.children:
            yield from child.parameter_keys()


class AllOf(Combinator):
    """Kleene AND: not met if any part is not met, else unknown if any part is unknown."""

    def __init__(self, *children: Expr) -> None:
        self.children = children

    def one(self, m: Member, h: Household, p: Params) -> int:
        result = MET
        for child in self.children:
            value = child.one(m, h, p)
            if value == NOT_MET:
                return NOT_MET
            result = min(result, value)
        return result

    def _many(self, c: Columns, p: Params) -> I8:
        result = self.children[0].many(c, p)
        for child in self.children[1:]:
            result = np.minimum(result, child.many(c, p))
        return result


class AnyOf(Combinator):
    """Kleene OR: met if any part is met, else unknown if any part is unknown."""

    def __init__(self, *children: Expr) -> None:
        self.children = children

    def one(self, m: Member, h: Household, p: Params) -> int:
        result = NOT_MET
        for child in self.children:
            value = child.one(m, h, p)
            if value == MET:
                return MET
            result = max(result, value)
        return result

    def _many(self, c: Columns, p: Params) -> I8:
        result = self.children[0].many(c, p)
        for child in self.children[1:]:
            result = np.maximum(result, child.many(c, p))
        return result


class Not(Combinator):
    def __init__(self, child: Expr) -> None:
        self.children = (child,)

    def one(self, m: Member, h: Household, p: Params) -> int:
        return 2 - self.children[0].one(m, h, p)

    def _many(self, c: Columns, p: Params) -> I8:
        return (2 - self.children[0].many(c, p)).astype(np.int8)
