"""What core contributes, declared like any app's: its permissions, menu entries, pages, API and demo step."""

from django.utils.translation import gettext_lazy as _

from hemvag.core.plugins import Contributions, DemoStep, NavEntry, RetentionKind, Urls

EVERYONE = frozenset({"counsellor", "staff", "manager", "admin", "auditor"})

CONTRIBUTIONS = Contributions(
    permissions={
        "core.view_start": EVERYONE,
        "core.change_own_password": EVERYONE,
        "core.view_own_units": EVERYONE,
        "core.administer": frozenset({"admin"}),
        # The second factor: admins and auditors who sign in with a local password enrol and verify one.
        "core.use_second_factor": frozenset({"admin", "auditor"}),
        "core.view_audit_log": frozenset({"auditor"}),
        "core.view_access_log": frozenset({"auditor"}),
        "core.verify_audit_chain": frozenset({"auditor", "admin"}),
        # Gallring runs from the command line (as the system) or by the unit's administrator.
        "core.run_retention": frozenset({"admin"}),
        # Backups and restores are made at the server's command line only (as the system): no role holds it.
        "core.make_backup": frozenset(),
    },
    navigation=(
        NavEntry("core:start", _("Start"), "core.view_start", order=0),
        NavEntry("core:audit_log", _("Audit log"), "core.view_audit_log", order=80),
        NavEntry("core:access_log", _("Access log"), "core.view_access_log", order=81),
        NavEntry("admin:index", _("Administration"), "core.administer", order=90),
    ),
    demo=(DemoStep("hemvag.core.demo.demo_step", order=10),),
    urls=(Urls("", "hemvag.core.urls"),),
    api_router="hemvag.core.api.router",
    retention=(RetentionKind("core.access_log", _("Access log"), _("the day of the look"),
                             "hemvag.core.retention.access_logs_due", "hemvag.core.retention.dispose_access_logs"),),
)
