"""Set up and serve the test provider: `python -m tests.oidc_provider.serve SPEC.json`.

SPEC names the port, the RSA private key (PEM), the client (id, secret, redirect URI) and the users (user name,
password, e-mail). The database is migrated and filled, then Django's own server serves it until killed.
"""

from __future__ import annotations

import json
import os
import sys


def main(spec_path: str) -> None:
    with open(spec_path, encoding="utf-8") as handle:
        spec = json.load(handle)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType, RSAKey

    call_command("migrate", verbosity=0, interactive=False)
    RSAKey.objects.create(key=spec["private_key_pem"])
    client = Client.objects.create(
        name="Hemväg", client_type="confidential", client_id=spec["client_id"], client_secret=spec["client_secret"],
        jwt_alg="RS256", require_consent=False, reuse_consent=True, redirect_uris=[spec["redirect_uri"]],
        scope=["openid", "email", "profile"],
    )
    client.response_types.add(ResponseType.objects.get(value="code"))
    for user in spec["users"]:
        User.objects.create_user(user["username"], email=user["email"], password=user["password"])
    call_command("runserver", f"127.0.0.1:{spec['port']}", use_reloader=False, use_threading=True,
                 skip_checks=True)


if __name__ == "__main__":
    main(sys.argv[1])
