"""The one way Hemväg writes CSV: every export (pages, API, command line) goes through `writer` or `response`.

A spreadsheet runs a cell that starts with "=", "+", "-" or "@" (or a tab or carriage return before one) as a
formula, so text a resident typed into the contact form — `=HYPERLINK("https://evil.example", "Öppna")` — would
become a live link or worse in a counsellor's spreadsheet. OWASP's rule: such a text cell is written with a
leading apostrophe, which the spreadsheet shows as plain text. Numbers are written as they are (a negative number
is a number, not a formula).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet may read it: text that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """`csv.writer` with every cell passed through `safe_cell`."""

    def __init__(self, stream: _Writable, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream: _Writable, **options: Any) -> SafeWriter:
    return SafeWriter(stream, **options)


class _Echo:
    def write(self, value: str) -> str:
        return value


def response(filename: str, header: list[str], rows: Iterable[Iterable[Any]]) -> StreamingHttpResponse:
    """A CSV download, streamed row by row (an export never builds the whole file in memory)."""
    line = writer(_Echo())

    def lines() -> Iterator[str]:
        yield line.writerow(header)
        for row in rows:
            yield line.writerow(row)

    streamed = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    streamed["Content-Disposition"] = f'attachment; filename="{filename}"'
    return streamed
