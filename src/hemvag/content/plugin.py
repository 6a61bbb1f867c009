"""What the content app contributes: the staff knowledge base, the editors' pages and the demo pages."""

from django.utils.translation import gettext_lazy as _

from hemvag.core.plugins import Contributions, DemoStep, NavEntry, Urls

CONTRIBUTIONS = Contributions(
    permissions={
        "content.read_staff_guidance": frozenset({"staff", "counsellor", "manager", "admin"}),
        "content.edit": frozenset({"admin"}),
    },
    navigation=(
        NavEntry("content:guidance", _("Guidance"), "content.read_staff_guidance", order=40),
        NavEntry("content:editor", _("Information pages"), "content.edit", order=70),
    ),
    demo=(DemoStep("hemvag.content.demo.demo_step", order=20),),
    urls=(Urls("", "hemvag.content.urls"),),
)
