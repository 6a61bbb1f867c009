"""Sign-ins, sign-outs, failures and lock-outs go into the audit trail through the core actions."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from hemvag.core.actions import (
    AUTH_LOCKED_OUT,
    AUTH_LOGIN,
    AUTH_LOGIN_FAILED,
    AUTH_LOGOUT,
    do_record_auth_event,
    do_record_refused_sign_in,
)
from hemvag.core.middleware import mark_active
from hemvag.core.signin import BACKEND

# In the credentials of a failure the second-factor pages report (so the lock-out counts it): its own action has
# audited it already.
SECOND_FACTOR_CREDENTIAL = "hemvag_second_factor"


def method_of(backend: str | None) -> str:
    return "oidc" if backend == BACKEND else "password"


@receiver(user_logged_in)
def audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    do_record_auth_event(user=user, verb=AUTH_LOGIN, changes={"method": method_of(getattr(user, "backend", None))})
    if request is not None and hasattr(request, "session"):
        mark_active(request)


@receiver(user_logged_out)
def audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        do_record_auth_event(user=user, verb=AUTH_LOGOUT)


@receiver(user_login_failed)
def audit_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # The provider's refusals (no user name in the credentials) and second-factor failures are audited where
    # they happen; this is the sign-in form's wrong user name or password.
    if SECOND_FACTOR_CREDENTIAL in credentials or "username" not in credentials:
        return
    do_record_refused_sign_in(verb=AUTH_LOGIN_FAILED, username=str(credentials.get("username") or ""),
                              method="password")


@receiver(user_locked_out)
def audit_locked_out(sender: Any, request: Any = None, username: str | None = None, **kwargs: Any) -> None:
    credentials = getattr(request, "axes_credentials", None) or {}
    step = "second factor" if SECOND_FACTOR_CREDENTIAL in credentials else "password"
    do_record_refused_sign_in(verb=AUTH_LOCKED_OUT, username=str(username or ""), method=step)
