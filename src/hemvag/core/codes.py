"""Plain names, for staff pages, of the rules engine's codes: outcomes and condition results, programmes and
permit grounds. The resident pages word some of them differently (public.questions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

OUTCOMES = {
    "eligible": _("Eligible"), "not_eligible": _("Not eligible"), "needs_information": _("More information needed"),
    "met": _("Met"), "not_met": _("Not met"), "unknown": _("Not known"),
    "return_grant": _("Return grant"), "reintegration_support": _("Reintegration support"),
}

GROUND_LABELS = {
    "refugee": _("Refugee"), "subsidiary_protection": _("Subsidiary protection"),
    "other_protection": _("Other protection need"), "quota_refugee": _("Quota refugee"),
    "exceptionally_distressing": _("Exceptionally distressing circumstances"),
    "particularly_distressing": _("Particularly distressing circumstances (children)"),
    "upper_secondary_school_act": _("Upper Secondary School Act"), "temporary_act_2016": _("Temporary act 2016"),
    "temporary_protection_directive": _("Temporary protection directive"), "family_ties": _("Family ties"),
    "work": _("Work"), "studies": _("Studies"), "other": _("Other"),
}
