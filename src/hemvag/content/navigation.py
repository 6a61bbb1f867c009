"""Labels of the staff menu entries for this app's pages. They live here, so they are in this app's
translation catalogue; core's NAVIGATION table refers to them."""

from django.utils.translation import gettext_lazy as _

GUIDANCE = _("Guidance")
REFERRALS = _("Referrals")
INFORMATION_PAGES = _("Information pages")
