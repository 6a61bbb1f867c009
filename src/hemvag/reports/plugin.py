"""What the reports app contributes: reading statistics (published for a municipality's managers, internal only
for the managers of the unit), exporting them, the annual report (and its individual-support section), the menu
entries, the statistics API and the manager's start page."""

from django.utils.translation import gettext_lazy as _

from hemvag.core.plugins import Contributions, FactBlock, NavEntry, Panel, ReportSection, Urls

CONTRIBUTIONS = Contributions(
    permissions={
        "reports.view_statistics": frozenset({"manager"}),
        "reports.view_internal_statistics": frozenset({"manager"}),
        "reports.export_statistics": frozenset({"manager"}),
        "reports.make_annual_report": frozenset({"manager"}),
    },
    navigation=(NavEntry("reports:statistics", _("Statistics"), "reports.view_statistics", order=20),
                NavEntry("reports:annual", _("Annual report"), "reports.make_annual_report", order=21)),
    panels=(Panel("hemvag.reports.panels.manager_panel", order=5),),
    urls=(Urls("", "hemvag.reports.urls"),),
    api_router="hemvag.reports.api.router",
    # Outreach adds support to city staff (40), cooperation (50) and projects (60) the same way.
    report_sections=(ReportSection("individual_support", _("Individual support"),
                                   "hemvag.reports.sections.individual_support", order=30),),
    fact_blocks=(FactBlock("reports.decisions_per_year", _("Decisions and grants a year (published)"),
                           "hemvag.reports.facts.decisions_per_year", argument_label=_("Years (default 10)")),),
)
