"""Sign-ins and sign-outs go into the audit trail through the core actions."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from hemvag.core.actions import do_record_auth_event


@receiver(user_logged_in)
def audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    do_record_auth_event(user=user, verb="auth.login")


@receiver(user_logged_out)
def audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        do_record_auth_event(user=user, verb="auth.logout")
