"""The annual activity report (verksamhetsrapport) of one unit for one year, as a document tree: a summary of
the year against the year before, the background (what the unit does and the law it works under), the work by
lines of work — the sections that apps contribute through `ReportSection` (the reports app its individual
support and statistics; outreach its support to city staff, cooperation and projects) — and a page of
definitions. The unit's own report 2010–2012 to its committee is the model of this order.

The tree is rendered as a page (views) and as a PDF (pdf.py); both read only this tree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hemvag.core import plugins
from hemvag.core.reporting import Definitions, Paragraph, ReportPeriod, Section, TableFigure
from hemvag.reports.figures import number
from hemvag.reports.measures import INTERNAL_MARKING, MEASURES, SUPPRESSED_SIGN
from hemvag.reports.sections import year_table
from hemvag.rules.engine import default_parameters

SUMMARY_MEASURES = ("inquiries", "applications", "decisions", "granted", "refused", "persons_granted",
                    "amount_granted_sek", "departures", "withdrawn")
Progress = Callable[[int, int, str], None]  # (sections done, sections in all, the section just done)


@dataclass
class Report:
    title: str
    unit_name: str
    municipality_name: str
    year: int
    language: str
    published: bool
    threshold: int
    made_on: dt.date
    sections: list[Section] = field(default_factory=list)

    @property
    def marking(self) -> str:
        """Shown on every page of an internal report: its small counts are not for publication."""
        return "" if self.published else str(INTERNAL_MARKING)


def title(unit_name: str, year: int, language: str) -> str:
    with translation.override(language):
        return _("Activity report %(year)d – %(unit)s") % {"year": year, "unit": unit_name}


def _change(this: int | None, last: int | None) -> str:
    if this is None or last is None:
        return SUPPRESSED_SIGN
    return f"{this - last:+d}" if this != last else "±0"


def summary(actor: object, period: ReportPeriod) -> Section:
    """The key figures of the year against the year before: a sentence each, and the same in a table."""
    table = year_table(actor, period, ",".join(SUMMARY_MEASURES), "year", first_year=period.year - 1)
    cells = dict(table.rows)
    this, last = cells[(str(period.year),)], cells[(str(period.year - 1),)]
    language = period.language
    lines: list[str] = []
    rows = []
    for measure_id in SUMMARY_MEASURES:
        label = str(MEASURES[measure_id].label)
        now, before = this.values[measure_id], last.values[measure_id]
        rows.append([label, number(before, language), number(now, language), _change(now, before)])
        lines.append(_("%(measure)s: %(this)s in %(year)d (%(last)s in %(previous)d).") % {
            "measure": label, "this": number(now, language), "year": period.year,
            "last": number(before, language), "previous": period.year - 1})
    if this.flags or last.flags:
        lines.append(_("“%(sign)s” is a figure not published: a small count, or one that would reveal one.")
                     % {"sign": SUPPRESSED_SIGN})
    def in_words(value: int | None) -> str:  # a sentence does not say "..": it says what the sign means
        return number(value, language) if value is not None else _("an unpublished number of")

    opening = _("During %(year)d the unit received %(inquiries)s inquiries; %(granted)s cases were granted the "
                "state's support to move back, and %(departures)s cases departed.") % {
        "year": period.year, "inquiries": in_words(this.values["inquiries"]),
        "granted": in_words(this.values["granted"]), "departures": in_words(this.values["departures"])}
    figure = TableFigure(key="summary", caption=_("Key figures %(year)d against %(previous)d")
                         % {"year": period.year, "previous": period.year - 1},
                         headers=["", str(period.year - 1), str(period.year), _("Change")], rows=rows)
    heading = pgettext("annual report", "Summary")  # Sammanfattning; another app's "Summary" is another word
    return Section("summary", heading, [Paragraph(opening), Paragraph(" ".join(lines)), figure])


def _amount_on(day: dt.date, key: str) -> int | None:
    return default_parameters().on(day).amount(key)


def background(actor: object, period: ReportPeriod) -> Section:
    """What the unit does and the law it works under, from a translatable template."""
    change = dt.date(2026, 1, 1)
    context = {
        "unit": period.unit.name, "municipality": period.unit.municipality.name, "year": period.year,
        "old_amount": number(_amount_on(change - dt.timedelta(days=1), "return_grant.amount_per_adult"),
                             period.language),
        "new_amount": number(_amount_on(change, "return_grant.amount_per_adult"), period.language),
    }
    text = render_to_string("reports/annual/background.txt", context)
    # Ordinary white space only: the no-break spaces of Swedish digit grouping stay.
    paragraphs = [Paragraph(re.sub(r"[ \t\n]+", " ", part).strip()) for part in text.split("\n\n") if part.strip()]
    return Section("background", _("Background"), list(paragraphs))


def definitions(actor: object, period: ReportPeriod, threshold: int) -> Section:
    """Every measure's definition, and how small counts are protected."""
    items = [(str(m.label), str(m.definition)) for m in MEASURES.values()]
    if period.published:
        rule = _("Published figures are protected: a count below %(threshold)d is not shown, nor is any other "
                 "figure from which it could be worked out. A figure not shown is written %(sign)s.") % {
            "threshold": threshold, "sign": SUPPRESSED_SIGN}
    else:
        rule = _("%(marking)s: this report shows the unit's own figures without suppression and is not for "
                 "publication.") % {"marking": INTERNAL_MARKING}
    year = _("Each figure is counted by the day named in its definition, from 1 January to 31 December.")
    return Section("definitions", _("Definitions"), [Definitions(items), Paragraph(rule), Paragraph(year)])


def contributed() -> list[plugins.ReportSection]:
    return plugins.report_sections()


def build_report(actor: object, unit: object, year: int, language: str, *, published: bool = True,
                 progress: Progress | None = None) -> Report:
    """The whole report. `actor` must be allowed to count the unit's figures (queries.statistics_table refuses
    otherwise); `progress` hears after each section."""
    period = ReportPeriod(unit=unit, year=year, language=language, published=published)
    threshold = year_table(actor, period, "inquiries").request.threshold
    period = dataclasses.replace(period, threshold=threshold)  # the sections of other apps suppress by it too
    steps: list[tuple[str, Callable[[], Section | None]]] = [
        ("summary", lambda: summary(actor, period)),
        ("background", lambda: background(actor, period)),
        *((s.key, (lambda s=s: import_string(s.render)(actor, period))) for s in contributed()),
        ("definitions", lambda: definitions(actor, period, threshold)),
    ]
    with translation.override(language):
        report = Report(title=title(unit.name, year, language), unit_name=unit.name,  # type: ignore[attr-defined]
                        municipality_name=unit.municipality.name, year=year,  # type: ignore[attr-defined]
                        language=language, published=published, threshold=threshold, made_on=timezone.localdate())
        for done, (key, make) in enumerate(steps, start=1):
            section = make()
            if section is not None:
                report.sections.append(section)
            if progress is not None:
                progress(done, len(steps), section.title if section else key)
    return report
