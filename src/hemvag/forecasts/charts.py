"""A forecast as two charts: cost per year (granted and paid, each mean with its 5th–95th percentile band) and
grants and persons per year (mean with the same band as error bars)."""

from __future__ import annotations

from typing import Any

import matplotlib
from django.utils.translation import gettext as _
from matplotlib.figure import Figure

from hemvag.core.charts import COLOURS, STYLE, figure_svg, safe_id

MILLION = 1_000_000


def _series(result: dict[str, Any], name: str, scale: int = 1) -> tuple[list[float], list[float], list[float]]:
    years = result["years"]
    return ([y[name]["mean"] / scale for y in years], [y[name]["p5"] / scale for y in years],
            [y[name]["p95"] / scale for y in years])


def _words(result: dict[str, Any], names: list[tuple[str, str]], scale: int, unit: str) -> str:
    parts = []
    for name, label in names:
        values = [f"{y['year']} {y[name]['mean'] / scale:,.1f} ({y[name]['p5'] / scale:,.1f}–"
                  f"{y[name]['p95'] / scale:,.1f}){unit}" for y in result["years"]]
        parts.append(f"{label}: {', '.join(values)}".replace(",", " "))
    return ". ".join(parts) + "."


def cost_chart(result: dict[str, Any], chart_id: str = "cost") -> str:
    chart_id = safe_id(chart_id)
    years = [y["year"] for y in result["years"]]
    names = [("granted_sek", _("Granted")), ("paid_sek", _("Paid"))]
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(6.4, 3.0), layout="constrained")
        axes = figure.add_subplot()
        mean_label = _("mean")
        for index, (name, label) in enumerate(names):
            mean, low, high = _series(result, name, MILLION)
            colour = COLOURS[index]
            axes.fill_between(years, low, high, color=colour, alpha=0.2, linewidth=0, label=f"{label}, p5–p95")
            axes.plot(years, mean, color=colour, marker="o", label=f"{label}, {mean_label}")
        axes.set_xticks(years, [str(y) for y in years])
        axes.set_ylim(bottom=0)
        axes.set_ylabel(_("million SEK"))
        figure.legend(loc="outside lower center", ncols=4, frameon=False)
        title = _("Cost per year, million SEK (mean and 5th–95th percentile)")
        return figure_svg(figure, title, _words(result, names, MILLION, ""), chart_id)


def volume_chart(result: dict[str, Any], chart_id: str = "volume") -> str:
    chart_id = safe_id(chart_id)
    years = [y["year"] for y in result["years"]]
    names = [("grants", _("Grants")), ("persons", _("Persons"))]
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(6.4, 3.0), layout="constrained")
        axes = figure.add_subplot()
        width = 0.38
        for index, (name, label) in enumerate(names):
            mean, low, high = _series(result, name)
            positions = [i - width / 2 + index * width for i in range(len(years))]
            errors = [[m - lo for m, lo in zip(mean, low, strict=True)],
                      [hi - m for m, hi in zip(mean, high, strict=True)]]
            axes.bar(positions, mean, width=width, color=COLOURS[index], label=label,
                     yerr=errors, capsize=3, ecolor="#333333")
        axes.set_xticks(range(len(years)), [str(y) for y in years])
        axes.set_ylim(bottom=0)
        figure.legend(loc="outside lower center", ncols=2, frameon=False)
        title = _("Grants and persons per year (mean, bars from the 5th to the 95th percentile)")
        return figure_svg(figure, title, _words(result, names, 1, ""), chart_id)
