"""Role-based navigation: a link is shown only to users who hold the permission its page requires."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from hemvag.core import plugins
from hemvag.core.permissions import grants, roles_in
from hemvag.core.queries import memberships_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The staff menu: the entries the installed apps declare, those whose permission the user holds."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "my_memberships": [], "staff_languages": settings.STAFF_LANGUAGES}
    roles = roles_in(user)
    items = []
    for entry in plugins.navigation():
        if roles & grants()[entry.permission]:
            url = reverse(entry.url_name)
            items.append({"url": url, "label": entry.label, "current": request.path == url})
    return {"nav_items": items, "my_memberships": memberships_of(user), "staff_languages": settings.STAFF_LANGUAGES}
