"""Thin views: parse, call a query or an action, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.i18n import set_language

from hemvag.core import csvfiles, plugins, queries
from hemvag.core.actions import do_change_password
from hemvag.core.audit import canonical_json
from hemvag.core.forms import AccessFilterForm, AuditFilterForm, LoginForm
from hemvag.core.permissions import public, requires

PAGE_SIZE = 50


@public
class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@public
class LogoutView(auth_views.LogoutView):
    pass


@public
def switch_language(request: HttpRequest) -> HttpResponse:
    return set_language(request)


@public
def front_door(request: HttpRequest) -> HttpResponse:
    """Staff go to their start page; everyone else to the resident site in their language."""
    if request.user.is_authenticated:
        return redirect("core:start")
    public_home = settings.PUBLIC_HOME_URL_NAME
    return redirect(public_home) if public_home else redirect("core:login")


@requires("core.view_start")
def start(request: HttpRequest) -> HttpResponse:
    """The start page: the user's units, then the blocks each app contributes for this user's roles."""
    panels = [panel for render in plugins.panels() if (panel := render(request)) is not None]
    return render(request, "core/start.html", {"panels": panels})


@requires("core.change_own_password")
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        do_change_password(actor=request.user, user=request.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password has been changed."))
        return redirect("core:start")
    return render(request, "core/password_change.html", {"form": form})


def _page(request: HttpRequest, rows: Any) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


@requires("core.view_audit_log")
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = queries.audit_events(request.user, form.to_filter())
    return render(request, "core/audit_log.html", {"form": form, "page": _page(request, events)})


@requires("core.view_access_log")
def access_log(request: HttpRequest) -> HttpResponse:
    form = AccessFilterForm(request.GET or None)
    entries = queries.access_entries(request.user, form.to_filter())
    return render(request, "core/access_log.html", {"form": form, "page": _page(request, entries)})


@requires("core.view_audit_log")
def audit_log_export(request: HttpRequest) -> StreamingHttpResponse:
    events = queries.audit_events(request.user, AuditFilterForm(request.GET or None).to_filter())
    return csvfiles.response(
        "audit-log.csv",
        ["seq", "time", "actor", "unit", "verb", "object_type", "object_id", "changes", "hash"],
        (
            [e.seq, e.created_at.isoformat(), e.actor_label, e.unit_id or "", e.verb, e.object_type, e.object_id,
             canonical_json(e.changes), e.hash]
            for e in events.iterator()
        ),
    )


@requires("core.view_access_log")
def access_log_export(request: HttpRequest) -> StreamingHttpResponse:
    entries = queries.access_entries(request.user, AccessFilterForm(request.GET or None).to_filter())
    return csvfiles.response(
        "access-log.csv",
        ["time", "user", "unit", "purpose", "object_type", "object_id", "person_id", "reason"],
        (
            [a.created_at.isoformat(), a.actor.username, a.unit_id or "", a.purpose, a.object_type, a.object_id,
             a.person_id, a.reason]
            for a in entries.iterator()
        ),
    )


@public
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


PLAIN_SERVER_ERROR = (
    "<!doctype html><html lang=\"sv\"><meta charset=\"utf-8\"><title>Fel – Error</title>"
    "<h1>Något gick fel</h1><p>Försök igen om en stund.</p>"
    "<h1 lang=\"en\">Something went wrong</h1><p lang=\"en\">Try again in a moment.</p></html>"
)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page in the visitor's language; plain and bilingual if even that cannot be rendered
    (for instance when the database is down and the session cannot be read)."""
    try:
        return render(request, "500.html", status=500)
    except Exception:
        return HttpResponse(PLAIN_SERVER_ERROR, status=500)
