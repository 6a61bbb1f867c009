"""Labels of the staff menu entries for this app's pages. They live here, so they are in this app's
translation catalogue; core's NAVIGATION table refers to them."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

GUIDANCE = _("Guidance")
# A colleague's referral of a resident to the unit (hänvisning), not a case's referral to an authority.
REFERRALS = pgettext_lazy("staff menu", "Referrals")
INFORMATION_PAGES = _("Information pages")
