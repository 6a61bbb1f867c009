"""The outreach app's sections of the annual report: outreach and information, support to city staff, and
cooperation. Counts of people (participants, referrals) follow the report's publication rule (ReportPeriod.shown);
activities, consultations and agreements are the unit's own work and are counted as they are."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from hemvag.core.reporting import Paragraph, ReportPeriod, Section, TableFigure
from hemvag.outreach import queries
from hemvag.outreach.models import ActivityKind, ColleagueKind


def outreach(actor: object, period: ReportPeriod) -> Section | None:
    counts = list(queries.activity_counts(period.unit, period.year))
    if not counts:
        return None
    with translation.override(period.language):
        rows = [[str(ActivityKind(row["kind"]).label), str(row["n"]), period.shown(row["participants"])]
                for row in counts]
        blocks: list[Paragraph | TableFigure] = [
            Paragraph(_("The unit informs residents through the associations that reach them, trains the city's "
                        "staff and supervises the partner offices abroad. Participants are counted, never listed.")),
            TableFigure(key="outreach-activities", caption=_("Activities in %(year)d") % {"year": period.year},
                        headers=[_("Kind"), _("Activities"), _("Participants")], rows=rows)]
        communities = queries.meetings_by_community(period.unit, period.year)
        if communities:
            blocks.append(TableFigure(
                key="outreach-communities", caption=_("Information meetings by the community reached"),
                headers=[_("Community"), _("Meetings")],
                rows=[[row["communities"], str(row["n"])] for row in communities]))
        return Section("outreach", _("Outreach and information"), list(blocks))


def staff_support(actor: object, period: ReportPeriod) -> Section | None:
    counts = list(queries.consultation_counts(period.unit, period.year))
    if not counts:
        return None
    with translation.override(period.language):
        rows = [[str(ColleagueKind(row["colleague_kind"]).label), str(row["n"]),
                 f"{(row['minutes'] or 0) / 60:.1f}", period.shown(row["referrals"])] for row in counts]
        return Section("staff_support", _("Support to city staff"), [
            Paragraph(_("Colleagues in the city's services ask the unit about return: the consultations are "
                        "recorded by their topic, never by the resident concerned.")),
            TableFigure(key="staff-support", caption=_("Consultations in %(year)d") % {"year": period.year},
                        headers=[_("The colleague's service"), _("Consultations"), _("Hours"),
                                 _("Led to a referral")], rows=rows)])


def cooperation(actor: object, period: ReportPeriod) -> Section | None:
    agreements = list(queries.agreements_in_force(period.unit, period.year))
    if not agreements:
        return None
    with translation.override(period.language):
        rows = [[a.title, ", ".join(p.name for p in a.parties.all()), a.valid_from.isoformat(),
                 a.valid_to.isoformat() if a.valid_to else "–"] for a in agreements]
        return Section("cooperation", _("Cooperation"), [
            TableFigure(key="cooperation-agreements", caption=_("Agreements in force in %(year)d") % {
                "year": period.year}, headers=[_("Agreement"), _("Parties"), _("From"), _("To")], rows=rows)])


def projects(actor: object, period: ReportPeriod) -> Section | None:
    found = list(queries.projects_in(period.unit, period.year))
    if not found:
        return None
    with translation.override(period.language):
        rows = []
        for project in found:
            year = next((y for y in queries.budget_vs_spend(project) if y.year == period.year), None)
            rows.append([project.title, project.funder or "–", str(year.budget if year else 0),
                         str(year.spent if year else 0)])
        return Section("projects", _("Projects"), [
            Paragraph(_("The unit applies for project funding and runs projects that make return and "
                        "reintegration easier; budget and spend are in kronor.")),
            TableFigure(key="projects", caption=_("Projects in %(year)d") % {"year": period.year},
                        headers=[_("Project"), _("Funder"), _("Budget"), _("Spent")], rows=rows)])
