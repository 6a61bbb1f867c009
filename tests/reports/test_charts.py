"""Charts of statistics tables: valid SVG, one bar per shown cell, suppressed cells left out and marked, None
without a dimension, the same bytes every time."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from hemvag.reports.charts import MAX_SERIES, chart_svg
from hemvag.reports.measures import SUPPRESSED
from hemvag.reports.tables import Cell, Table, TableRequest

SVG = "{http://www.w3.org/2000/svg}"
QUARTERS = ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")


def cell(values: dict[str, int | None]) -> Cell:
    return Cell(values=values, flags={m: SUPPRESSED for m, v in values.items() if v is None})


def quarter_table(*, suppressed_at: int | None = None) -> Table:
    request = TableRequest(measures=("inquiries", "granted", "amount_granted_sek"), by=("quarter",),
                           published=suppressed_at is not None, threshold=5)
    rows = [((q,), cell({"inquiries": 10 + i, "granted": None if i == suppressed_at else 6 + i,
                         "amount_granted_sek": None if i == suppressed_at else 350_000 * (6 + i)}))
            for i, q in enumerate(QUARTERS)]
    return Table(request, dt.date(2026, 1, 1), dt.date(2026, 12, 31), (QUARTERS,), rows,
                 cell({"inquiries": 46, "granted": None, "amount_granted_sek": None}))


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314  (our own output, not outside input)


def ids(svg: str, kind: str) -> list[str]:
    root = parse(svg)
    return [el.get("id") for el in root.iter() if (el.get("id") or "").startswith(f"chart-{kind}-")]


def test_one_bar_per_count_and_quarter_and_the_sum_left_out():
    svg = chart_svg(quarter_table(), "en")
    root = parse(svg)  # parses as XML
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert len(ids(svg, "bar")) == 2 * 4  # inquiries and granted; the amount in kronor has no bars here
    assert ids(svg, "gap") == []
    assert root.find(f"{SVG}title").text == "Inquiries, Granted cases"
    assert "Q1 2026 10" in root.find(f"{SVG}desc").text
    assert "<script" not in svg and "http://" not in svg.replace("http://www.w3.org", "")


def test_a_suppressed_cell_is_a_gap_marked_and_explained():
    svg = chart_svg(quarter_table(suppressed_at=1), "en")
    assert len(ids(svg, "bar")) == 2 * 4 - 1
    assert ids(svg, "gap") == ["chart-gap-1-1"]  # granted, second quarter
    assert ".. = suppressed, fewer than 5" in svg
    assert "Q2 2026 .." in parse(svg).find(f"{SVG}desc").text


def test_no_dimension_no_chart():
    request = TableRequest(measures=("inquiries",))
    table = Table(request, dt.date(2026, 1, 1), dt.date(2026, 12, 31), (), [], cell({"inquiries": 3}))
    assert chart_svg(table, "en") is None


def test_the_same_table_gives_the_same_svg():
    assert chart_svg(quarter_table(suppressed_at=2), "sv") == chart_svg(quarter_table(suppressed_at=2), "sv")


def test_two_dimensions_one_series_per_value_capped_with_other():
    countries = tuple(f"C{i}" for i in range(12))
    request = TableRequest(measures=("granted",), by=("quarter", "destination_country"))
    rows = [((q, c), cell({"granted": i + j})) for i, q in enumerate(QUARTERS) for j, c in enumerate(countries)]
    table = Table(request, dt.date(2026, 1, 1), dt.date(2026, 12, 31), (QUARTERS, countries), rows,
                  cell({"granted": 1}))
    svg = chart_svg(table, "en", {"destination_country": {c: f"Land {c}" for c in countries}})
    assert len(ids(svg, "bar")) == MAX_SERIES * 4
    assert "Other" in svg and "Land C11" in svg and "Land C0" not in svg  # the smallest joined
