"""Start the test provider in a subprocess on a free loopback port, and stop it (tests/e2e/test_oidc.py)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_SECONDS = 60
CLIENT_ID = "hemvag-test"
CLIENT_SECRET = "hemvag-test-secret-" + "s" * 20


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                             serialization.NoEncryption()).decode()


@dataclass(frozen=True)
class Provider:
    url: str

    @property
    def issuer(self) -> str:
        return f"{self.url}/openid"

    def settings(self) -> dict[str, object]:
        """Hemväg's settings for this provider, as HEMVAG_OIDC_* would make them."""
        return {
            "OIDC_ENABLED": True, "OIDC_ISSUER": self.issuer,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.issuer}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.issuer}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.issuer}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.issuer}/jwks",
            "OIDC_RP_CLIENT_ID": CLIENT_ID, "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET, "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_PROVIDER_NAME": "Testkommunens konto",
        }

    def configure(self, settings: object) -> Provider:
        """Point Hemväg (pytest-django's `settings`) at this provider; returns the provider."""
        for name, value in self.settings().items():
            setattr(settings, name, value)
        return self


@contextmanager
def running_provider(folder: Path, *, redirect_uri: str, users: list[dict[str, str]]) -> Iterator[Provider]:
    port = free_port()
    provider = Provider(f"http://127.0.0.1:{port}")
    spec = folder / "provider.json"
    spec.write_text(json.dumps({
        "port": port, "private_key_pem": private_key_pem(), "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
        "redirect_uri": redirect_uri, "users": users,
    }))
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("HEMVAG_") and name != "DJANGO_SETTINGS_MODULE"}
    env.update({"DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings", "PYTHONPATH": str(REPO),
                "OIDC_PROVIDER_DB": str(folder / "provider.sqlite3"), "OIDC_PROVIDER_SITE_URL": provider.url})
    log = (folder / "provider.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "tests.oidc_provider.serve", str(spec)], cwd=REPO, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while True:
            try:
                discovery = f"{provider.issuer}/.well-known/openid-configuration"
                with urllib.request.urlopen(discovery, timeout=5) as answer:  # noqa: S310  (http://127.0.0.1 only)
                    if json.load(answer)["issuer"] == provider.issuer:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the test provider did not start:\n{(folder / 'provider.log').read_text()}")
            time.sleep(0.2)
        yield provider
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()
