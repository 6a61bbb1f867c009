"""Role-based navigation: a link is shown only to users who hold the permission its page requires."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hemvag.content import navigation as content_navigation
from hemvag.core.permissions import GRANTS, roles_in
from hemvag.core.queries import memberships_of


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Promise
    action: str


NAVIGATION = (
    NavItem("core:start", _("Start"), "core.view_start"),
    NavItem("cases:list", _("Cases"), "cases.view_case"),
    NavItem("core:audit_log", _("Audit log"), "core.view_audit_log"),
    NavItem("core:access_log", _("Access log"), "core.view_access_log"),
    NavItem("admin:index", _("Administration"), "core.administer"),
    NavItem("content:guidance", content_navigation.GUIDANCE, "content.read_staff_guidance"),
    NavItem("cases:my_referrals", content_navigation.REFERRALS, "cases.view_referral_status"),
    NavItem("content:editor", content_navigation.INFORMATION_PAGES, "content.edit"),
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "my_memberships": [], "staff_languages": settings.STAFF_LANGUAGES}
    roles = roles_in(user)
    items = []
    for item in NAVIGATION:
        if roles & GRANTS[item.action]:
            url = reverse(item.url_name)
            items.append({"url": url, "label": item.label, "current": request.path == url})
    return {"nav_items": items, "my_memberships": memberships_of(user), "staff_languages": settings.STAFF_LANGUAGES}
