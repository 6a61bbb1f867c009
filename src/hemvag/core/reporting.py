"""The shapes of the annual activity report, in core so that every app can build its own section (a
`plugins.ReportSection`) without importing the reports app: a section is headings, paragraphs, figures (a
table with an optional chart) and definitions. The reports app puts the sections together and renders them
as a page and as a PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

SUPPRESSED_SIGN = ".."  # a suppressed figure, in tables, CSV and XLSX, as in Swedish official statistics
DEFAULT_THRESHOLD = 5  # the smallest count a published figure shows, unless the asker sets another


@dataclass(frozen=True)
class ReportPeriod:
    """What a section is asked about: one unit, one calendar year, in one language. `published` says whether
    the report shows published (disclosure-controlled) figures or internal ones."""

    unit: Any  # a core Unit
    year: int
    language: str
    published: bool
    threshold: int = DEFAULT_THRESHOLD  # the smallest count of people a published section shows

    def shown(self, count: int | None) -> str:
        """A count of people as a published report may show it: below the threshold as ".." (the sign official
        statistics use); an internal report shows every count."""
        if count is None:
            return "–"
        return SUPPRESSED_SIGN if self.published and 0 < count < self.threshold else str(count)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 12, 31)


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class TableFigure:
    """A table (strings, already formatted) and, when there is one, its chart as SVG text."""

    key: str
    caption: str
    headers: list[str]
    rows: list[list[str]]
    svg: str | None = None
    notes: list[str] = field(default_factory=list)
    row_headers: bool = True  # the first column names the row


@dataclass(frozen=True)
class Definitions:
    items: list[tuple[str, str]]  # (term, definition)


Block = Heading | Paragraph | TableFigure | Definitions


@dataclass
class Section:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)


# --- live facts, quoted by a statement (matters) from the apps that count them ---


class FactError(ValueError):
    """The fact cannot be computed as asked (the message tells the drafter what to change)."""


@dataclass(frozen=True)
class Fact:
    """One computed sentence with what it counts and when it was counted; a statement keeps it as JSON and,
    once approved, never computes it again."""

    key: str
    argument: str
    text: str
    definition: str
    computed_at: str  # ISO date and time

    def as_json(self) -> dict[str, str]:
        return {"key": self.key, "argument": self.argument, "text": self.text, "definition": self.definition,
                "computed_at": self.computed_at}
