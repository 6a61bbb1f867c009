"""What the matters app contributes: its permissions (officials draft, managers approve and record decisions,
auditors read), the menu entry, the deadlines panel of the start page and its pages and API."""

from django.utils.translation import gettext_lazy as _

from hemvag.core.plugins import Contributions, DemoStep, ErrorType, NavEntry, Panel, Urls

CONTRIBUTIONS = Contributions(
    permissions={
        "matters.view_matters": frozenset({"counsellor", "manager", "auditor"}),
        "matters.register_matter": frozenset({"counsellor", "manager"}),
        "matters.draft_statement": frozenset({"counsellor", "manager"}),
        "matters.collect_answers": frozenset({"counsellor", "manager"}),
        "matters.approve_statement": frozenset({"manager"}),
        "matters.record_decision": frozenset({"manager"}),
    },
    navigation=(NavEntry("matters:index", _("Motions and referrals"), "matters.view_matters", order=30),),
    panels=(Panel("hemvag.matters.panels.deadlines_panel", order=8),),
    urls=(Urls("matters/", "hemvag.matters.urls"),),
    api_router="hemvag.matters.api.router",
    errors=(ErrorType("hemvag.matters.flows.IllegalTransition", 409, "illegal_transition"),
            ErrorType("hemvag.core.reporting.FactError", 422, "invalid_fact")),
    demo=(DemoStep("hemvag.matters.demo.demo_step", order=80, status=_("Entering the motions and referrals")),),
)
