"""The reports app's own sections of the annual report, contributed like any app's (plugin.py): the individual
support to residents, with the year's statistics. Each figure is a statistics table of the unit for the year,
published or internal as the report is (period.published), with its chart."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hemvag.core.reporting import Heading, Paragraph, ReportPeriod, Section, TableFigure
from hemvag.reports import queries
from hemvag.reports.figures import number, table_figure
from hemvag.reports.tables import Table, build_request


def year_table(actor: object, period: ReportPeriod, measures: str, by: str = "", *,
               first_year: int | None = None) -> Table:
    """One statistics table of the report's unit, from 1 January of `first_year` (default the report's year)
    to 31 December of the report's year."""
    request = build_request(measures=measures, by=by, period_from=f"{first_year or period.year}-01-01",
                            period_to=period.end.isoformat(), published=period.published)
    return queries.statistics_table(actor, request, units=[period.unit])


# (key, measures, dimensions, heading, text before the figure): marked with gettext_noop, translated when built
FIGURES = (
    ("inquiries-applications", "inquiries,applications", "quarter",
     gettext_noop("Inquiries and applications"),
     gettext_noop("Every case begins as an inquiry: a resident who asks for a meeting, a colleague's referral or a "
     "counsellor's own contact. An application is counted when it is submitted to Migrationsverket.")),
    ("decisions", "decisions,granted,refused", "quarter",
     gettext_noop("Decisions"),
     gettext_noop("Migrationsverket decides on the grant; the unit records each decision in the case.")),
    ("persons-granted", "persons_granted", "age_group,sex",
     gettext_noop("Persons granted, by age group and legal sex"),
     gettext_noop("Everyone in the household of a granted case is counted, the main applicant included, by their age "
     "on the day of the decision.")),
    ("countries", "granted", "destination_country",
     gettext_noop("Granted cases by destination country"), ""),
    ("refusal-reasons", "refused", "decision_reason",
     gettext_noop("Refusals by reason"),
     gettext_noop("A refusal may give several reasons; each refused case is counted once under each of its reasons, so "
     "the reasons add up to more than the refusals.")),
    ("departures-withdrawals", "departures,withdrawn", "quarter",
     gettext_noop("Departures and withdrawals"),
     gettext_noop("A person may change their mind at any stage; a withdrawal is never held against anyone.")),
)


def _amount_paragraph(actor: object, period: ReportPeriod) -> Paragraph:
    table = year_table(actor, period, "granted,amount_granted_sek")
    amount = table.total.values["amount_granted_sek"]
    return Paragraph(_("The grants decided during %(year)d come to SEK %(amount)s in all.")
                     % {"year": period.year, "amount": number(amount, period.language)})


def individual_support(actor: object, period: ReportPeriod) -> Section:
    """Individual support to residents who consider moving back: the work, then the year's figures."""
    with translation.override(period.language):
        blocks: list[Heading | Paragraph | TableFigure] = [Paragraph(_(
            "Return counsellors give individual support to people who themselves consider moving back to their "
            "country of origin or to another country: information about the grants and their conditions, "
            "counselling with an interpreter when needed, help with the application to Migrationsverket and "
            "with the practical preparations, and a plan for the reintegration and follow-up after the "
            "departure. The figures below are counted from the unit's case register."))]
        for key, measures, by, heading, text in FIGURES:
            blocks.append(Heading(_(heading)))
            if text:
                blocks.append(Paragraph(_(text)))
            table = year_table(actor, period, measures, by)
            blocks.append(table_figure(table, key=key, caption=_(heading), language=period.language))
            if key == "decisions":
                blocks.append(_amount_paragraph(actor, period))
        return Section("individual_support", _("Individual support"), list(blocks))

