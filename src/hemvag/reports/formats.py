"""One table, four shapes: the contract's JSON, CSV (suppressed cells as "..", as in Swedish official
statistics), XLSX with a sheet of definitions, and plain text for a terminal. Labels and definitions are in the
language asked for."""

from __future__ import annotations

import io
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from hemvag.core.countries import country_name
from hemvag.core.csvfiles import writer as csv_writer
from hemvag.reports.measures import DIMENSIONS, INTERNAL_MARKING, MARGIN, SUPPRESSED_SIGN, UNKNOWN
from hemvag.reports.tables import Cell, Table


def key_labels(table: Table, language: str) -> dict[str, dict[str, str]]:
    """Names for the keys of each non-time dimension; units and municipalities by the names of those counted."""
    names = {"unit": {unit.code: unit.name for unit in table.units},
             "municipality": {unit.municipality.code: unit.municipality.name for unit in table.units}}
    with translation.override(language):
        labels: dict[str, dict[str, str]] = {}
        for dim, values in zip(table.by, table.dim_values, strict=True):
            spec = DIMENSIONS[dim]
            if spec.is_time:
                continue
            listed = {key: str(label) for key, label in spec.listed}
            known = names.get(dim, {})
            labels[dim] = {value: listed.get(value) or known.get(value)
                           or (country_name(value, language) if dim == "destination_country" and value != UNKNOWN
                               else str(_("Unknown")) if value == UNKNOWN else value)
                           for value in values}
        return labels


def _cell_json(cell: Cell) -> dict[str, Any]:
    return {"values": dict(cell.values), "flags": dict(cell.flags)}


def as_json(table: Table, language: str, labels: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
    with translation.override(language):
        document: dict[str, Any] = {
            "measures": [{"id": m.id, "label": str(m.label), "definition": str(m.definition)}
                         for m in table.measures],
            "by": list(table.by),
            "period": {"from": table.period_from.isoformat(), "to": table.period_to.isoformat()},
            "published": table.request.published,
        }
        if table.request.published:
            document["threshold"] = table.request.threshold
        else:
            document["marking"] = str(INTERNAL_MARKING)
        document["rows"] = [{"key": dict(zip(table.by, key, strict=True)), **_cell_json(cell)}
                            for key, cell in table.rows]
        document["total"] = _cell_json(table.total)
        if labels is not None:
            document["labels"] = labels
        return document


def _shown(value: int | None) -> str | int:
    return SUPPRESSED_SIGN if value is None else value


def table_lines(table: Table) -> list[list[Any]]:
    """The header, one line per row, then the total with "*" in every dimension column."""
    ids = [m.id for m in table.measures]
    lines: list[list[Any]] = [[*table.by, *ids]]
    for key, cell in table.rows:
        lines.append([*key, *(_shown(cell.values[m]) for m in ids)])
    lines.append([*([MARGIN] * len(table.by)), *(_shown(table.total.values[m]) for m in ids)])
    return lines


def definition_lines(table: Table, language: str) -> list[list[str]]:
    with translation.override(language):
        lines = [["measure", "label", "definition"]]
        lines += [[m.id, str(m.label), str(m.definition)] for m in table.measures]
        if not table.request.published:
            lines.append([str(INTERNAL_MARKING)])
        return lines


def as_csv(table: Table, language: str) -> str:
    buffer = io.StringIO()
    out = csv_writer(buffer)
    for line in table_lines(table):
        out.writerow(line)
    out.writerow([])
    for line in definition_lines(table, language):
        out.writerow(line)
    return buffer.getvalue()


def as_xlsx(table: Table, language: str) -> bytes:
    from openpyxl import Workbook  # only the XLSX download needs it

    with translation.override(language):
        book = Workbook()
        sheet = book.active
        sheet.title = str(_("Statistics"))[:31]
        for line in table_lines(table):
            sheet.append(line)
        if not table.request.published:
            sheet.append([])
            sheet.append([str(INTERNAL_MARKING)])
        definitions = book.create_sheet(str(_("Definitions")))
        for line in definition_lines(table, language):
            definitions.append(line)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def as_text(table: Table, language: str, labels: dict[str, dict[str, str]]) -> Any:
    """A rich table for a terminal."""
    from rich.table import Table as RichTable

    with translation.override(language):
        title = ", ".join(str(m.label) for m in table.measures)
        caption = (_("Published, threshold %(threshold)d") % {"threshold": table.request.threshold}
                   if table.request.published else str(INTERNAL_MARKING))
        rich = RichTable(title=f"{title} {table.period_from.isoformat()} – {table.period_to.isoformat()}",
                         caption=caption)
        for dim in table.by:
            rich.add_column(str(DIMENSIONS[dim].label))
        for measure in table.measures:
            rich.add_column(str(measure.label), justify="right")
        for key, cell in [*table.rows, ((MARGIN,) * len(table.by), table.total)]:
            names = [labels.get(dim, {}).get(part, part) if part != MARGIN else str(_("All"))
                     for dim, part in zip(table.by, key, strict=True)]
            rich.add_row(*names, *(str(_shown(cell.values[m.id])) for m in table.measures))
        return rich
