"""A statistics table as a report figure: formatted cells (suppressed ones as ".."), its margins as totals, and
its chart. One dimension: a row per value, a column per measure. Two dimensions and one measure: a cross table
with the second dimension across."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from hemvag.core.reporting import TableFigure
from hemvag.reports import formats
from hemvag.reports.charts import chart_svg, time_label
from hemvag.reports.measures import DIMENSIONS, MARGIN, SUPPRESSED_SIGN
from hemvag.reports.tables import Cell, Table


def number(value: int | None, language: str) -> str:
    """12 345 in Swedish (a no-break space), 12,345 in English; a suppressed value as ".."."""
    if value is None:
        return SUPPRESSED_SIGN
    grouped = f"{value:,}"
    return grouped.replace(",", "\u00a0") if language == "sv" else grouped


def _names(table: Table, index: int, labels: dict[str, dict[str, str]]) -> list[str]:
    dim = table.by[index]
    if DIMENSIONS[dim].is_time:
        return [time_label(dim, key) for key in table.dim_values[index]]
    return [labels.get(dim, {}).get(key, key) for key in table.dim_values[index]]


def _one_dimension(table: Table, labels: dict[str, dict[str, str]], language: str) -> tuple[list[str], list[list[str]]]:
    ids = [m.id for m in table.measures]
    headers = [str(DIMENSIONS[table.by[0]].label), *(str(m.label) for m in table.measures)]
    cells = dict(table.rows)
    rows = [[name, *(number(cells[(key,)].values[m], language) for m in ids)]
            for key, name in zip(table.dim_values[0], _names(table, 0, labels), strict=True)]
    rows.append([str(_("Total")), *(number(table.total.values[m], language) for m in ids)])
    return headers, rows


def _cross(table: Table, labels: dict[str, dict[str, str]], language: str) -> tuple[list[str], list[list[str]]]:
    measure = table.measures[0].id
    cells: dict[tuple[str, ...], Cell] = dict(table.rows)
    down, across = table.dim_values
    headers = [str(DIMENSIONS[table.by[0]].label), *_names(table, 1, labels), str(_("Total"))]
    rows = []
    for key, name in zip(down, _names(table, 0, labels), strict=True):
        rows.append([name, *(number(cells[(key, other)].values[measure], language) for other in across),
                     number(cells[(key, MARGIN)].values[measure], language)])
    rows.append([str(_("Total")), *(number(cells[(MARGIN, other)].values[measure], language) for other in across),
                 number(table.total.values[measure], language)])
    return headers, rows


def table_figure(table: Table, *, key: str, caption: str, language: str) -> TableFigure:
    """The figure for `table`: its table of numbers and its chart."""
    with translation.override(language):
        labels = formats.key_labels(table, language)
        if len(table.by) == 2 and len(table.measures) == 1:
            headers, rows = _cross(table, labels, language)
        elif len(table.by) == 1:
            headers, rows = _one_dimension(table, labels, language)
        else:  # no dimension: one line of totals
            headers = [str(m.label) for m in table.measures]
            rows = [[number(table.total.values[m.id], language) for m in table.measures]]
        notes = []
        if table.has_suppressed:
            notes.append(_("%(sign)s = suppressed, fewer than %(threshold)d or revealing such a count") % {
                "sign": SUPPRESSED_SIGN, "threshold": table.request.threshold})
        return TableFigure(key=key, caption=caption, headers=headers, rows=rows, notes=notes,
                           svg=chart_svg(table, language, labels, chart_id=key), row_headers=bool(table.by))
