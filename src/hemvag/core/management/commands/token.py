from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hemvag.core import queries
from hemvag.core.actions import do_create_api_token, do_revoke_api_token
from hemvag.core.permissions import SYSTEM


class Command(BaseCommand):
    help = "Personal access tokens for the API: create, list, revoke."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        create = sub.add_parser("create", help="Create a token for USERNAME and print it once.")
        create.add_argument("username")
        create.add_argument("--name", default="command line", help="What the token is for.")
        listing = sub.add_parser("list", help="List USERNAME's tokens (prefixes only).")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="Revoke the token with this prefix.")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand == "revoke":
            api_token = queries.token_by_prefix(options["prefix"])
            if api_token is None:
                raise CommandError(f"no token with prefix {options['prefix']!r}; see `hemvag token list USERNAME`.")
            do_revoke_api_token(actor=SYSTEM, api_token=api_token)
            self.stdout.write(f"Token {api_token.prefix} revoked.")
            return
        user = queries.user_by_username(options["username"])
        if user is None:
            raise CommandError(f"no user named {options['username']!r}.")
        if subcommand == "create":
            _, secret = do_create_api_token(actor=SYSTEM, user=user, name=options["name"])
            self.stdout.write(secret)
            self.stderr.write("Store it now: it is shown only once. Use it as `Authorization: Bearer <token>`.")
        else:
            for api_token in queries.tokens_of(user):
                state = f"revoked {api_token.revoked_at:%Y-%m-%d}" if api_token.revoked_at else "active"
                self.stdout.write(f"{api_token.prefix}  {api_token.created_at:%Y-%m-%d}  {state}  {api_token.name}")
