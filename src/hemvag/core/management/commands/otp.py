"""The second factor from the command line: an administrator's recovery, and the demo's codes."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from hemvag.core import queries
from hemvag.core.actions import do_reset_second_factor
from hemvag.core.demo import DEMO_DEVICE_NAME
from hemvag.core.permissions import SYSTEM


class Command(BaseCommand):
    help = "The second factor (authenticator app) of admins and auditors: reset a lost one; a demo account's code."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        reset = sub.add_parser("reset", help="Remove USERNAME's authenticator app; they set one up at next sign-in.")
        reset.add_argument("username")
        code = sub.add_parser("code", help="The current code of a demo account's app (`hemvag demo` made it).")
        code.add_argument("username")

    def handle(self, *args: Any, subcommand: str, username: str, **options: Any) -> None:
        user = queries.user_by_username(username)
        if user is None:
            raise CommandError(f"no user named {username!r}.")
        if subcommand == "reset":
            removed = do_reset_second_factor(actor=SYSTEM, user=user)
            self.stdout.write(f"{username}: {removed} authenticator app(s) removed; the next sign-in sets up a new one."
                              if removed else f"{username} had no authenticator app; nothing to reset.")
            return
        device = queries.second_factor_device(user)
        if device is None or device.name != DEMO_DEVICE_NAME:
            # A real person's codes come only from their own app: the command line never shows them.
            raise CommandError(f"{username} has no demo authenticator app; codes are shown only for the demo's.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        self.stdout.write(f"{totp.token():06d}")
