"""Every read the reports need, limited to what the actor may count. Case data arrives only through
cases.queries; published tables are computed the same way for everyone who may see them."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied

from hemvag.cases.queries import cases_for_statistics
from hemvag.core.models import Unit, User
from hemvag.core.permissions import SYSTEM, units_where
from hemvag.reports.statistics import Table, TableRequest, compute_table

VIEW_PUBLISHED = "reports.view_statistics"
VIEW_INTERNAL = "reports.view_internal_statistics"


def readable_units(actor: object, *, internal: bool) -> list[Unit]:
    """The units whose figures the actor may count. Published figures: every unit of the municipalities where
    the actor reads statistics (the committee's view). Internal figures: only the units the actor manages.
    The command line (SYSTEM) is the installation's statistics reader and may count every unit."""
    units = Unit.objects.select_related("municipality").order_by("municipality__name", "name")
    if actor is SYSTEM:
        return list(units)
    assert isinstance(actor, User)
    if internal:
        return list(units.filter(pk__in=units_where(actor, VIEW_INTERNAL)))
    municipalities = Unit.objects.filter(pk__in=units_where(actor, VIEW_PUBLISHED)).values("municipality_id")
    return list(units.filter(municipality_id__in=municipalities))


def statistics_table(actor: object, request: TableRequest, *, units: list[Unit] | None = None,
                     today: dt.date | None = None) -> Table:
    """One table for the actor: over `units` (each one the actor may count) or over all they may count."""
    allowed = {unit.pk: unit for unit in readable_units(actor, internal=not request.published)}
    chosen = [unit.pk for unit in units] if units is not None else list(allowed)
    if any(unit_id not in allowed for unit_id in chosen):
        raise PermissionDenied("These figures are not yours to read.")
    return compute_table(cases_for_statistics(chosen), request, today=today)


def unit_names(unit_ids: list[int] | None = None) -> dict[str, str]:
    units = Unit.objects.all() if unit_ids is None else Unit.objects.filter(pk__in=unit_ids)
    return dict(units.values_list("code", "name"))


def municipality_names() -> dict[str, str]:
    return dict(Unit.objects.values_list("municipality__code", "municipality__name").distinct())
