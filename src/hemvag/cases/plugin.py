"""What the cases app contributes: case work and its permissions, the case list in the menu, the counsellor's
start-page panel, the demo cases, its pages and API, and how the API answers its two kinds of refusal."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hemvag.core.plugins import Contributions, DemoStep, ErrorType, NavEntry, Panel, RetentionKind, Urls

CONTRIBUTIONS = Contributions(
    permissions={
        # Counsellors work the cases of their units, managers read them.
        "cases.view_case": frozenset({"counsellor", "manager"}),
        "cases.work_case": frozenset({"counsellor"}),
        "cases.override_consent": frozenset({"manager"}),
        # City staff (and counsellors) refer a resident, with consent, and follow only the referral's status.
        "cases.refer_resident": frozenset({"staff", "counsellor"}),
        "cases.view_referral_status": frozenset({"staff", "counsellor"}),
        # A closed case is read-only; reopening it is a deliberate, audited step with a reason.
        "cases.reopen_case": frozenset({"counsellor", "manager"}),
        # Bringing in an earlier register is the unit's administrator's job (the command line runs as the system).
        "cases.import_register": frozenset({"admin"}),
        # A person's rights: the register extract, erasure where the law allows, and the legal hold that keeps
        # a case past its retention period, are the manager's decisions.
        "cases.register_extract": frozenset({"manager"}),
        "cases.erase_person": frozenset({"manager"}),
        "cases.place_legal_hold": frozenset({"manager"}),
    },
    navigation=(
        NavEntry("cases:list", _("Cases"), "cases.view_case", order=10),
        # A colleague's referral of a resident to the unit (hänvisning), not a case's referral to an authority.
        NavEntry("cases:my_referrals", pgettext_lazy("staff menu", "Referrals"), "cases.view_referral_status",
                 order=41),
        NavEntry("cases:import", _("Import a register"), "cases.import_register", order=90),
    ),
    panels=(Panel("hemvag.cases.panels.counsellor_panel", order=10),),
    demo=(DemoStep("hemvag.cases.demo.demo_step", order=30, status=_("Creating the demo cases …")),
          DemoStep("hemvag.cases.demo.history_step", order=35,
                   status=_("Importing the register of earlier years …"))),
    urls=(Urls("", "hemvag.cases.urls"),),  # /cases/… and the staff referral at /refer/
    api_router="hemvag.cases.api.router",
    retention=(
        RetentionKind("cases.closed_case", _("Closed cases"), _("the day the case was closed"),
                      "hemvag.cases.retention.closed_cases_due", "hemvag.cases.retention.dispose_case"),
        RetentionKind("cases.document", _("Documents of closed cases"), _("the day the case was closed"),
                      "hemvag.cases.retention.documents_due", "hemvag.cases.retention.dispose_document"),
        RetentionKind("cases.inquiry", _("Inquiries that never reached counselling"),
                      _("the day the inquiry was closed, or its last activity while open"),
                      "hemvag.cases.retention.inquiries_due", "hemvag.cases.retention.dispose_case"),
    ),
    errors=(
        ErrorType("hemvag.cases.flows.IllegalTransition", 409, "illegal_transition"),
        ErrorType("hemvag.cases.eligibility.FactsChanged", 412, "facts_changed"),
        ErrorType("hemvag.rules.validation.FactsError", 422, "invalid_facts", errors="hemvag.cases.api.facts_errors"),
    ),
)
