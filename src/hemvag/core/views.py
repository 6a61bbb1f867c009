"""Thin views: parse, call a query or an action, render."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import SuspiciousOperation
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.i18n import set_language
from django_otp import login as otp_login
from mozilla_django_oidc import views as oidc_views

from hemvag.core import csvfiles, plugins, queries, signin, twofactor
from hemvag.core.actions import (
    do_change_password,
    do_enrol_second_factor,
    do_verify_second_factor,
    new_second_factor_key,
)
from hemvag.core.audit import canonical_json
from hemvag.core.forms import AccessFilterForm, AuditFilterForm, LoginForm, SecondFactorForm
from hemvag.core.permissions import public, requires
from hemvag.core.signals import SECOND_FACTOR_CREDENTIAL

PAGE_SIZE = 50


@public
class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "oidc_enabled": signin.enabled(),
                "oidc_provider_name": settings.OIDC_PROVIDER_NAME}


@public
class CityAccountStartView(oidc_views.OIDCAuthenticationRequestView):
    """To the city's provider, with a state, nonce and PKCE challenge kept in the session."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not signin.enabled():
            raise Http404
        return super().get(request)


@public
class CityAccountCallbackView(oidc_views.OIDCAuthenticationCallbackView):
    """Back from the provider: signed in to the matching Hemväg account, or refused with a reason on the sign-in
    page (every refusal audited by core.signin)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not signin.enabled():
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation:  # a state this browser never started: an old tab, or someone else's link
            signin.refuse(request, signin.Refused("unknown state", signin.unverified_message()))
            return self.login_failure()

    def login_failure(self) -> HttpResponse:
        message = getattr(self.request, signin.REFUSAL_ATTRIBUTE, None)
        if message is None:
            error = self.request.GET.get("error", "")
            reason = f"provider error: {error}"[:200] if error else "no sign-in in progress"
            message = (_("The sign-in with your city account was cancelled or failed, so you are not signed in. "
                         "Try again.") if error else signin.unverified_message())
            signin.refuse(self.request, signin.Refused(reason, message))
        messages.error(self.request, message)
        return redirect(settings.LOGIN_URL)


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


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _count_failure(request: HttpRequest) -> HttpResponse | None:
    """A wrong code counts toward the lock-out like a wrong password; once locked, the session is signed out and
    the lock-out page shown (the lock-out middleware answers it)."""
    user_login_failed.send(sender=__name__, request=request,
                           credentials={"username": request.user.get_username(), SECOND_FACTOR_CREDENTIAL: True})
    if getattr(request, "axes_locked_out", False):
        logout(request)
        return render(request, "core/locked_out.html", status=429)
    return None


@twofactor.before_second_factor
@requires("core.use_second_factor")
def second_factor(request: HttpRequest) -> HttpResponse:
    """The code from the authenticator app, on every sign-in with a password (admins and auditors)."""
    device = queries.second_factor_device(request.user)
    if device is None:
        return redirect(f"{reverse('core:second_factor_enrol')}?next={quote(_next_url(request))}")
    if not twofactor.needs_second_factor(request):
        return redirect(_next_url(request))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if do_verify_second_factor(actor=request.user, device=device, token=form.cleaned_data["code"]):
            otp_login(request, device)
            return redirect(_next_url(request))
        if (locked := _count_failure(request)) is not None:
            return locked
        form.add_error("code", SecondFactorForm.wrong_code())
    return render(request, "core/second_factor.html", {"form": form, "next": _next_url(request)})


@twofactor.before_second_factor
@requires("core.use_second_factor")
def second_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Enrolment: the secret as a QR code and in text, then a first code to show the app has it."""
    if queries.second_factor_device(request.user) is not None and twofactor.needs_second_factor(request):
        return redirect(f"{reverse('core:second_factor')}?next={quote(_next_url(request))}")
    key = request.session.get(twofactor.PENDING_KEY)
    if not isinstance(key, str):
        key = request.session[twofactor.PENDING_KEY] = new_second_factor_key()
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = do_enrol_second_factor(actor=request.user, user=request.user, key=key,
                                        token=form.cleaned_data["code"])
        if device is not None:
            request.session.pop(twofactor.PENDING_KEY, None)
            otp_login(request, device)
            messages.success(request, _("Your authenticator app is set up. You will be asked for a code from it "
                                        "every time you sign in."))
            return redirect(_next_url(request))
        if (locked := _count_failure(request)) is not None:
            return locked
        form.add_error("code", SecondFactorForm.wrong_code())
    uri = twofactor.otpauth_uri(request.user.get_username(), key)
    return render(request, "core/second_factor_enrol.html", {
        "form": form, "next": _next_url(request), "qr_svg": twofactor.qr_svg(uri),
        "secret": twofactor.grouped(twofactor.base32_secret(key)),
    })


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
