"""Statistics API: the contract's table as JSON. Published figures for the managers of a municipality's units,
internal ones only for the managers of the unit; every table fetched is audited as an export."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Field, Query, Schema

from hemvag.core.apiauth import HemvagRouter
from hemvag.core.apierrors import ERRORS, In
from hemvag.core.permissions import requires
from hemvag.reports import formats, queries
from hemvag.reports.actions import do_record_statistics_export
from hemvag.reports.tables import StatisticsError, build_request

router = HemvagRouter(tags=["statistics"])


class StatisticsIn(In):
    measures: str = Field(description="Comma-separated measure ids, e.g. decisions,granted.", max_length=300)
    by: str = Field("", description="Comma-separated dimension ids, e.g. year,destination_country.", max_length=300)
    period_from: str = Field("", alias="from", description="First day, YYYY-MM-DD.", max_length=10)
    period_to: str = Field("", alias="to", description="Last day, YYYY-MM-DD (default today).", max_length=10)
    published: bool = Field(True, description="Published (disclosure-controlled) figures; false for internal.")
    threshold: int | None = Field(None, ge=2, le=1000, description="Smallest count shown (published only).")
    unit: int | None = Field(None, description="One unit's id; default every unit you may count.")


class StatisticsTableOut(Schema):
    """The statistics contract's JSON table."""

    measures: list[dict[str, str]]
    by: list[str]
    period: dict[str, str]
    published: bool
    threshold: int | None = None
    marking: str | None = None
    rows: list[dict[str, Any]]
    total: dict[str, Any]
    labels: dict[str, dict[str, str]]


@router.get("/statistics", response={200: StatisticsTableOut, **ERRORS}, exclude_none=True,
            summary="A statistics table: measures split by dimensions (the export is audited)")
@requires("reports.export_statistics")
def statistics_table(request: HttpRequest, filters: Query[StatisticsIn]) -> dict[str, Any]:
    try:
        table_request = build_request(measures=filters.measures, by=filters.by, period_from=filters.period_from,
                                      period_to=filters.period_to, published=filters.published,
                                      threshold=filters.threshold)
    except StatisticsError as error:
        raise ValidationError({p.field: p.message for p in error.problems}) from None
    units = queries.chosen_units(request.user, str(filters.unit or ""), internal=not filters.published)
    try:
        table = queries.statistics_table(request.user, table_request, units=units)
    except StatisticsError as error:  # a table too large to be read
        raise ValidationError({p.field: p.message for p in error.problems}) from None
    do_record_statistics_export(actor=request.user, table=table, file_format="api")
    language = get_language() or "sv"
    labels = formats.key_labels(table, language)
    return formats.as_json(table, language, labels)
