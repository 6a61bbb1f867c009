"""The reports' live fact for statements on motions and remisser (core.plugins.FactBlock): how many cases the
unit decided a year, and how many were granted, over the last complete years, in published figures.

A statement is a public document, so the fact is always a published figure (small counts suppressed by the same
rules as every published table) and is computed for the drafter's own unit even when the drafter may not open
the statistics pages: matters authorise the drafter before they ask for it."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hemvag.core.permissions import SYSTEM
from hemvag.core.reporting import Fact, FactError
from hemvag.reports import queries
from hemvag.reports.figures import number
from hemvag.reports.measures import MEASURES
from hemvag.reports.tables import build_request

MAX_YEARS = 50


def _years(argument: str) -> int:
    if not argument:
        return 10
    if not argument.isdigit() or not 1 <= int(argument) <= MAX_YEARS:
        raise FactError(_("Give the number of years as a whole number from 1 to %(max)d.") % {"max": MAX_YEARS})
    return int(argument)


def _mean(total: int | None, years: int) -> str:
    if total is None:
        return ""
    return number(int((Decimal(total) / years).quantize(Decimal(1), rounding=ROUND_HALF_UP)), "sv")


def decisions_per_year(actor: object, unit: object, argument: str) -> Fact:
    years = _years(argument)
    last = timezone.localdate().year - 1
    first = last - years + 1
    request = build_request(measures="decisions,granted", period_from=f"{first}-01-01", period_to=f"{last}-12-31",
                            published=True)
    table = queries.statistics_table(SYSTEM, request, units=[unit])
    decisions, granted = (table.total.values[m] for m in ("decisions", "granted"))
    with translation.override("sv"):  # a statement is written in Swedish
        if decisions is None or granted is None:
            text = _("During the last %(years)d years (%(first)d–%(last)d) too few cases were decided to be "
                     "published (fewer than %(threshold)d).") % {
                "years": years, "first": first, "last": last, "threshold": request.threshold}
        else:
            text = _("During the last %(years)d years (%(first)d–%(last)d) on average %(decided)s cases a year "
                     "were decided, of which %(granted)s were granted.") % {
                "years": years, "first": first, "last": last, "decided": _mean(decisions, years),
                "granted": _mean(granted, years)}
        definition = " ".join([
            f"{MEASURES['decisions'].label}: {MEASURES['decisions'].definition}",
            f"{MEASURES['granted'].label}: {MEASURES['granted'].definition}",
            _("Published figures of %(unit)s, counts below %(threshold)d suppressed.") % {
                "unit": getattr(unit, "name", ""), "threshold": request.threshold}])
    return Fact(key="reports.decisions_per_year", argument=str(years), text=text, definition=definition,
                computed_at=timezone.localtime().isoformat(timespec="seconds"))
