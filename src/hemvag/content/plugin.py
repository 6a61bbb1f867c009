"""What the content app contributes: the staff knowledge base, the editors' pages and the demo pages."""

from hemvag.content import navigation
from hemvag.core.plugins import Contributions, DemoStep, NavEntry, Urls

CONTRIBUTIONS = Contributions(
    permissions={
        "content.read_staff_guidance": frozenset({"staff", "counsellor", "manager", "admin"}),
        "content.edit": frozenset({"admin"}),
    },
    navigation=(
        NavEntry("content:guidance", navigation.GUIDANCE, "content.read_staff_guidance", order=40),
        NavEntry("content:referrals", navigation.REFERRALS, "cases.view_referral_status", order=41),
        NavEntry("content:editor", navigation.INFORMATION_PAGES, "content.edit", order=70),
    ),
    demo=(DemoStep("hemvag.content.demo.demo_step", order=20),),
    urls=(Urls("", "hemvag.content.urls"),),
)
