"""What the outreach app contributes: its permissions (counsellors record activities and consultations, managers
own plans and agreements, administrators keep the organisations), the menu entry, the expiring agreements on the
start page, the annual report's sections on outreach, staff support and cooperation, and a fact block."""

from django.utils.translation import gettext_lazy as _

from hemvag.core.plugins import (
    Contributions,
    DemoStep,
    FactBlock,
    NavEntry,
    Panel,
    ReportSection,
    RetentionKind,
    Urls,
)

CONTRIBUTIONS = Contributions(
    permissions={
        "outreach.view_outreach": frozenset({"counsellor", "manager", "admin", "auditor"}),
        "outreach.record_activities": frozenset({"counsellor", "manager"}),
        "outreach.manage_agreements": frozenset({"manager"}),
        "outreach.manage_plans": frozenset({"manager"}),
        "outreach.manage_organisations": frozenset({"admin", "manager"}),
        "outreach.manage_projects": frozenset({"manager"}),
    },
    navigation=(NavEntry("outreach:index", _("Outreach"), "outreach.view_outreach", order=40),),
    panels=(Panel("hemvag.outreach.panels.agreements_panel", order=9),),
    urls=(Urls("outreach/", "hemvag.outreach.urls"),),
    api_router="hemvag.outreach.api.router",
    report_sections=(
        ReportSection("outreach", _("Outreach and information"), "hemvag.outreach.sections.outreach", order=40),
        ReportSection("staff_support", _("Support to city staff"), "hemvag.outreach.sections.staff_support",
                      order=50),
        ReportSection("cooperation", _("Cooperation"), "hemvag.outreach.sections.cooperation", order=60),
        ReportSection("projects", _("Projects"), "hemvag.outreach.sections.projects", order=65),
    ),
    fact_blocks=(FactBlock("outreach.information_meetings", _("Information meetings in a year"),
                           "hemvag.outreach.facts.information_meetings", argument_label=_("Year")),),
    demo=(DemoStep("hemvag.outreach.demo.demo_step", order=75, status=_("Entering the outreach work")),),
    retention=(RetentionKind("outreach.contact", _("Contacts at partner organisations"),
                             _("the later of the day the contact was added and the end of the organisation's last "
                               "agreement"),
                             "hemvag.outreach.retention.contacts_due", "hemvag.outreach.retention.dispose_contact"),),
)
