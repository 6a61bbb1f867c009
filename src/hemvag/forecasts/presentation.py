"""A forecast's figures as a manager reads them: rows per year for the page, and the same rows as CSV and XLSX.
Every figure is the mean over the runs with its 5th and 95th percentile beside it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hemvag.core.csvfiles import safe_cell
from hemvag.core.csvfiles import writer as csv_writer

FIGURES = (
    ("applications", gettext_lazy("Applications")),
    ("grants", gettext_lazy("Grants")),
    ("refusals", gettext_lazy("Refusals")),
    ("persons", gettext_lazy("Persons in granted households")),
    ("granted_sek", gettext_lazy("Granted (SEK)")),
    ("paid_sek", gettext_lazy("Paid (SEK)")),
)
SEK = {"granted_sek", "paid_sek"}


@dataclass
class Row:
    label: str
    regime: str
    figures: list[dict[str, Any]]  # per figure: mean, p5, p95 (only mean in a difference)


def _figures(source: dict[str, Any]) -> list[dict[str, Any]]:
    return [source.get(name, {}) for name, _label in FIGURES]


def rows(result: dict[str, Any]) -> list[Row]:
    """One row a year, then the totals of the years."""
    lines = [Row(str(year["year"]), year["regime"] or "–", _figures(year)) for year in result["years"]]
    lines.append(Row(_("Total"), "", _figures(result["totals"])))
    return lines


def difference_rows(comparison: dict[str, Any]) -> list[Row]:
    difference = comparison["difference"]
    lines = [Row(str(year["year"]), "", _figures(year)) for year in difference["years"]]
    lines.append(Row(_("Total"), "", _figures(difference["totals"])))
    return lines


def _header() -> list[str]:
    header, mean = [_("Year"), _("Rules")], _("mean")
    for _name, label in FIGURES:
        header += [f"{label}: {mean}", f"{label}: p5", f"{label}: p95"]
    return header


def _cells(row: Row) -> list[Any]:
    cells: list[Any] = [row.label, row.regime]
    for figure in row.figures:
        cells += [figure.get("mean"), figure.get("p5"), figure.get("p95")]
    return cells


def lines(run: Any) -> Iterator[list[Any]]:
    """The run as a sheet: what it is, its assumptions, then the table and what falls after the last year."""
    result = run.result
    scenario = run.scenario
    yield [_("Scenario"), f"{scenario.pk}: {scenario.name}"]
    yield [_("Run"), f"{run.pk}, {run.finished_at:%Y-%m-%d %H:%M}" if run.finished_at else str(run.pk)]
    yield [_("Rules"), ", ".join(sorted({y["regime"] for y in result["years"] if y["regime"]})) or "–"]
    yield [_("Runs and seed"), f"{result['runs']}, {scenario.document.get('seed', 0)}"]
    yield [_("Assumptions"), scenario.assumptions or _("Not described.")]
    yield [_("Note"), _("Take-up, the not-eligible share, the decision lag and the instalments are assumptions, "
                        "not facts; the 5th–95th percentiles show only the chance in who applies.")]
    yield []
    yield _header()
    for row in rows(result):
        yield _cells(row)
    totals = result["totals"]
    yield []
    yield [_("Decided after the last year: grants"), *_stat(totals["decided_after"]["grants"])]
    yield [_("Decided after the last year: granted (SEK)"), *_stat(totals["decided_after"]["granted_sek"])]
    yield [_("Paid after the last year (SEK)"), *_stat(totals["paid_after_sek"])]


def _stat(value: dict[str, Any]) -> list[Any]:
    return [value["mean"], value["p5"], value["p95"]]


def comparison_lines(baseline: Any, reform: Any, comparison: dict[str, Any]) -> Iterator[list[Any]]:
    for label, run in ((_("Baseline"), baseline), (_("Reform"), reform)):
        yield [label, _("Scenario %(number)s, run %(run)s: %(name)s") % {
            "number": run.scenario_id, "run": run.pk, "name": run.scenario.name}]
    yield [_("Difference: reform minus baseline, means over the runs")]
    yield []
    yield [_("Year"), *(str(label) for _name, label in FIGURES)]
    for row in difference_rows(comparison):
        yield [row.label, *(figure.get("mean") for figure in row.figures)]


def as_csv(sheet: Iterator[list[Any]]) -> str:
    buffer = io.StringIO()
    csv_writer(buffer).writerows(sheet)
    return buffer.getvalue()


def as_xlsx(sheets: list[tuple[str, Iterator[list[Any]]]]) -> bytes:
    from openpyxl import Workbook  # only the XLSX download needs it

    book = Workbook()
    book.remove(book.active)
    for title, sheet in sheets:
        page = book.create_sheet(title[:31])
        for line in sheet:
            page.append([safe_cell(value) for value in line])  # a text that starts "=" stays text
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
