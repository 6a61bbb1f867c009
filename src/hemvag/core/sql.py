"""Small pieces of SQL that Django's ORM writes less well than PostgreSQL reads them."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import F, Lookup, Q, Value


class _AnyOf(Lookup):
    """`field = ANY(%s)`, the values as one array parameter."""

    lookup_name = "any_of"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def among(field_name: str, values: list[int] | list[str]) -> Q:
    """`field IN (values)`; on PostgreSQL the values go as one array: a family name's 1,500 persons, households
    and cases as placeholders took 30 ms of a page's CPU to build and split, more than the queries themselves.
    (As `= ANY(array)`, not `IN (SELECT unnest(array))`: in an OR, such a subquery is hashed and tested against
    every row, where two conditions on indexed columns are answered from both indexes.)"""
    if not values or connection.vendor != "postgresql":  # (none: Django answers without asking the database)
        return Q(**{f"{field_name}__in": values})
    return Q(_AnyOf(F(field_name), Value(list(values))))
