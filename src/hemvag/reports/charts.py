"""Charts of statistics tables: bars per shown cell, suppressed cells left as gaps marked "..", a <title> and
<desc> that say in words what the chart shows (the SVG plumbing is core.charts, shared with the forecasts)."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib
from django.utils import translation
from django.utils.translation import gettext as _
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from hemvag.core.charts import COLOURS, STYLE, figure_svg, safe_id
from hemvag.reports.measures import DIMENSIONS, SUPPRESSED_SIGN, Measure
from hemvag.reports.tables import Table

MAX_SERIES = 8  # more series than this cannot be told apart: the smallest are joined as "Other"


@dataclass
class Series:
    label: str
    values: list[int | None]  # one per category; None is a suppressed cell


@dataclass
class ChartData:
    title: str
    categories: list[str]
    series: list[Series]
    horizontal: bool  # categories read down the side (names), or along the bottom (periods)


def time_label(dim: str, key: str) -> str:
    """'2026-Q1' → 'Q1 2026' (in the active language); years and months as they are."""
    if dim == "quarter" and "-Q" in key:
        year, quarter = key.split("-Q")
        return _("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year}
    return key


def _value_labels(table: Table, index: int, labels: dict[str, dict[str, str]]) -> list[str]:
    dim = table.by[index]
    values = table.dim_values[index]
    if DIMENSIONS[dim].is_time:
        return [time_label(dim, key) for key in values]
    names = labels.get(dim, {})
    return [names.get(key, key) for key in values]


def _plotted(table: Table) -> list[Measure]:
    """Counts share one axis; a sum of kronor would flatten them, so it is drawn only when it is alone."""
    counts = [m for m in table.measures if not m.is_sum]
    return counts or table.measures


def _one_dimension(table: Table, labels: dict[str, dict[str, str]]) -> ChartData:
    measures = _plotted(table)
    values = {key[0]: cell for key, cell in table.detail_rows}
    series = [Series(str(m.label), [values[key].values[m.id] for key in table.dim_values[0]]) for m in measures]
    return ChartData(title=", ".join(str(m.label) for m in measures),
                     categories=_value_labels(table, 0, labels), series=series,
                     horizontal=not DIMENSIONS[table.by[0]].is_time)


def _capped(series: list[Series]) -> list[Series]:
    """At most MAX_SERIES: the largest kept, the rest joined as "Other". A joined value is known only when
    every part is shown (a sum that includes a hidden cell would be a guess, or worse, a disclosure)."""
    if len(series) <= MAX_SERIES:
        return series
    ranked = sorted(series, key=lambda s: -sum(v or 0 for v in s.values))
    kept, rest = ranked[: MAX_SERIES - 1], ranked[MAX_SERIES - 1:]
    joined: list[int | None] = []
    for parts in zip(*(s.values for s in rest), strict=True):
        joined.append(None if any(p is None for p in parts) else sum(p for p in parts if p is not None))
    order = {id(s): i for i, s in enumerate(series)}
    return [*sorted(kept, key=lambda s: order[id(s)]), Series(_("Other"), joined)]


def _two_dimensions(table: Table, labels: dict[str, dict[str, str]]) -> ChartData:
    """The time dimension (or else the first) along the axis, one series per value of the other."""
    axis = next((i for i, d in enumerate(table.by) if DIMENSIONS[d].is_time), 0)
    other = 1 - axis
    measure = _plotted(table)[0]
    cells = {key: cell for key, cell in table.detail_rows}
    other_labels = _value_labels(table, other, labels)
    series = []
    for value, label in zip(table.dim_values[other], other_labels, strict=True):
        row = []
        for category in table.dim_values[axis]:
            key = (category, value) if axis == 0 else (value, category)
            row.append(cells[key].values[measure.id])
        series.append(Series(label, row))
    title = _("%(measure)s by %(axis)s and %(other)s") % {
        "measure": measure.label, "axis": str(DIMENSIONS[table.by[axis]].label).lower(),
        "other": str(DIMENSIONS[table.by[other]].label).lower()}
    return ChartData(title=title, categories=_value_labels(table, axis, labels), series=_capped(series),
                     horizontal=not DIMENSIONS[table.by[axis]].is_time)


def chart_data(table: Table, labels: dict[str, dict[str, str]]) -> ChartData | None:
    """What to draw, or None: a table without dimensions has nothing to draw along, and three dimensions are
    more than one chart can show honestly (the table shows them)."""
    if len(table.by) == 1:
        return _one_dimension(table, labels)
    if len(table.by) == 2:
        return _two_dimensions(table, labels)
    return None


def _draw(data: ChartData, note: str, chart_id: str) -> Figure:
    height = 1.2 + 0.22 * len(data.categories) * max(1, len(data.series)) ** 0.5 if data.horizontal else 3.0
    # Room for the legend's rows (four series a row) and the note, or the bars' area collapses to nothing.
    height += 0.3 * -(-len(data.series) // 4) if len(data.series) > 1 else 0
    height += 0.3 if note else 0
    figure = Figure(figsize=(6.4, min(max(height, 2.8), 9.0)), layout="constrained")
    axes = figure.add_subplot()
    count = len(data.series)
    width = 0.8 / count
    largest = max((v for s in data.series for v in s.values if v is not None), default=0) or 1
    for i, series in enumerate(data.series):
        colour = COLOURS[i % len(COLOURS)]
        for j, value in enumerate(series.values):
            position = j - 0.4 + width * (i + 0.5)
            if value is None:  # a gap, with the sign official statistics use
                mark = (axes.text(largest * 0.01, position, SUPPRESSED_SIGN, va="center", ha="left")
                        if data.horizontal else
                        axes.text(position, largest * 0.01, SUPPRESSED_SIGN, ha="center", va="bottom"))
                mark.set_gid(f"{chart_id}-gap-{i}-{j}")
                continue
            bars = (axes.barh([position], [value], height=width, color=colour) if data.horizontal
                    else axes.bar([position], [value], width=width, color=colour))
            bars.patches[0].set_gid(f"{chart_id}-bar-{i}-{j}")
    ticks = list(range(len(data.categories)))
    if data.horizontal:
        axes.set_yticks(ticks, data.categories)
        axes.set_xlim(left=0)  # counts: never a negative axis, even when every value is zero
        axes.invert_yaxis()  # the first listed value on top, as in the table
        axes.xaxis.get_major_locator().set_params(integer=True)
    else:
        axes.set_xticks(ticks, data.categories, rotation=45 if len(ticks) > 6 else 0,
                        ha="right" if len(ticks) > 6 else "center")
        axes.set_ylim(bottom=0)
        axes.yaxis.get_major_locator().set_params(integer=True)
    if note:  # as the axis label, so the layout keeps room for it
        axes.set_xlabel(note, loc="left", fontsize=7)
    if count > 1:
        handles = [Patch(color=COLOURS[i % len(COLOURS)], label=s.label) for i, s in enumerate(data.series)]
        figure.legend(handles=handles, loc="outside lower center", ncols=min(count, 4), frameon=False)
    return figure


def _description(data: ChartData, note: str) -> str:
    """The chart in words, for a screen reader and for whoever cannot see the bars."""
    parts = []
    for series in data.series:
        shown = [f"{category} {SUPPRESSED_SIGN if value is None else value}"
                 for category, value in zip(data.categories, series.values, strict=True)]
        parts.append(f"{series.label}: {', '.join(shown)}")
    return ". ".join([*parts, note]).strip(". ") + "."


def chart_svg(table: Table, language: str, labels: dict[str, dict[str, str]] | None = None,
              chart_id: str = "chart") -> str | None:
    """The table's detail cells as a bar chart (SVG text), or None when the table has nothing to draw along.
    `labels` names the keys of non-time dimensions (formats.key_labels); `chart_id` keeps ids unique on a page."""
    chart_id = safe_id(chart_id)
    with translation.override(language):
        data = chart_data(table, labels or {})
        if data is None:
            return None
        note = ""
        if table.has_suppressed:
            note = _("%(sign)s = suppressed, fewer than %(threshold)d") % {
                "sign": SUPPRESSED_SIGN, "threshold": table.request.threshold}
        with matplotlib.rc_context(STYLE):
            return figure_svg(_draw(data, note, chart_id), data.title, _description(data, note), chart_id)
