"""The `hemvag` command: Django's management commands under our name, with start-up errors as one line.

`hemvag eligibility`, `hemvag rules`, `hemvag simulate` and `hemvag forecast` run the pure-Python rules engine directly,
without setting up Django, so they start fast and need no database.
"""

from __future__ import annotations

import os
import sys

RULES_COMMANDS = {"eligibility", "rules", "simulate", "forecast"}


def fail(message: str) -> int:
    print(f"hemvag: {message}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] in RULES_COMMANDS:
        from hemvag.rules.cli import main as rules_main

        return rules_main(argv[1:])

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hemvag.settings")
    from hemvag.config import ConfigError

    try:
        import django
        from django.core.management import execute_from_command_line
        from django.db import DatabaseError

        django.setup()
    except ConfigError as error:
        return fail(str(error))
    try:
        execute_from_command_line(argv)
    except ConfigError as error:
        return fail(str(error))
    except DatabaseError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return fail(f"the database cannot be used: {first_line}. Check HEMVAG_DATABASE_URL and that the server runs.")
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
