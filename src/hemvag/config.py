"""Reading Hemväg's configuration from HEMVAG_* environment variables.

Kept apart from settings.py so that the command line can validate the configuration and print one
clear line instead of a traceback, and so that tests can exercise every error.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url


class ConfigError(Exception):
    """A HEMVAG_* variable has a value Hemväg cannot use; the message says which and what to do."""


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
SQLITE_BUSY_TIMEOUT_SECONDS = 20
MAX_DEFAULT_WORKERS = 9
DB_CONN_MAX_AGE_SECONDS = 60


@dataclass(frozen=True)
class Variable:
    name: str
    default: str
    meaning: str


# The one list of every variable; the README's configuration table is checked against it by a test.
VARIABLES = (
    Variable("HEMVAG_DATABASE_URL", "sqlite:///./var/hemvag.sqlite3",
             "Database URL: `sqlite:///path` or `postgresql://user:password@host:port/name`."),
    Variable("HEMVAG_SECRET_KEY", "generated into ./var/secret_key",
             "Django's secret key. When unset, one is generated once and kept in the var directory."),
    Variable("HEMVAG_DEBUG", "false", "Debug pages with tracebacks. Never on in production."),
    Variable("HEMVAG_HTTPS", "true",
             "Served over HTTPS (secure cookies, HSTS, redirect to https). `make run` sets false for local use."),
    Variable("HEMVAG_ALLOWED_HOSTS", "127.0.0.1,localhost", "Comma-separated host names the site answers to."),
    Variable("HEMVAG_TRUSTED_PROXIES", "0",
             "How many proxies in front of Hemväg append to X-Forwarded-For; rate limits then count the client, "
             "not the proxy."),
    Variable("HEMVAG_MEDIA_ROOT", "./var/media", "Where uploaded documents are stored (outside the web root)."),
    Variable("HEMVAG_VAR_DIR", "./var", "Directory for the SQLite file, the generated secret key and static files."),
    Variable("HEMVAG_HOST", "127.0.0.1", "Address `hemvag serve` listens on."),
    Variable("HEMVAG_PORT", "8000", "Port `hemvag serve` listens on."),
    Variable("HEMVAG_WORKERS", f"2 per CPU + 1, at most {MAX_DEFAULT_WORKERS}",
             "Number of gunicorn worker processes for `hemvag serve`: more than the CPUs, so that one computes "
             "while another waits for the database."),
    Variable("HEMVAG_DB_CONN_MAX_AGE", str(DB_CONN_MAX_AGE_SECONDS),
             "Seconds a web worker keeps its database connection open between requests (0: a new one each "
             "request); checked before it is reused."),
    Variable("HEMVAG_TASK_WORKER", "1",
             "0 keeps `hemvag serve` from starting the background task worker beside gunicorn."),
    Variable("HEMVAG_MATTERS_DOCX_TEMPLATE", "(unset)",
             "A Word file (.docx) whose styles, page set-up and header exported statements use; unset: the "
             "built-in layout."),
    Variable("HEMVAG_SESSION_IDLE_MINUTES", "30",
             "A staff session without a request for this many minutes is signed out (docs/sign-in.md)."),
    Variable("HEMVAG_OIDC_ISSUER", "(unset)",
             "The city's OpenID Connect provider (its `iss`); with the endpoints, client id and secret below it "
             "turns on signing in with the city's account (docs/sign-in.md)."),
    Variable("HEMVAG_OIDC_AUTHORIZATION_ENDPOINT", "(unset)", "The provider's authorization endpoint."),
    Variable("HEMVAG_OIDC_TOKEN_ENDPOINT", "(unset)", "The provider's token endpoint."),
    Variable("HEMVAG_OIDC_USERINFO_ENDPOINT", "(unset)", "The provider's userinfo endpoint."),
    Variable("HEMVAG_OIDC_JWKS_ENDPOINT", "(unset)", "The provider's JWKS endpoint (its public signing keys)."),
    Variable("HEMVAG_OIDC_CLIENT_ID", "(unset)", "Hemväg's client id at the provider."),
    Variable("HEMVAG_OIDC_CLIENT_SECRET", "(unset)", "Hemväg's client secret at the provider."),
    Variable("HEMVAG_OIDC_SIGN_ALGO", "RS256", "The ID token's signing algorithm (RS256 or ES256)."),
    Variable("HEMVAG_OIDC_CLAIM", "preferred_username",
             "The claim that names the Hemväg account: matched to its user name, or to its e-mail when the "
             "claim is `email`."),
    Variable("HEMVAG_OIDC_SCOPES", "openid email profile", "The scopes Hemväg asks the provider for."),
    Variable("HEMVAG_OIDC_PROVIDER_NAME", "(unset)",
             "The provider's name on the sign-in button (\"Sign in with …\"); unset: \"your city account\"."),
    Variable("HEMVAG_TEST_DATABASE_URL", "(unset)",
             "Only for `make test`: a PostgreSQL URL; when set the suite also runs on PostgreSQL."),
)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name}={raw!r} is not a yes/no value: use true or false.")


def env_int(name: str, default: int, *, minimum: int = 1, maximum: int = 65535) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not minimum <= int(raw) <= maximum:
        raise ConfigError(f"{name}={raw!r} must be a whole number from {minimum} to {maximum}.")
    return int(raw)


def default_workers() -> int:
    """gunicorn's rule of thumb, capped: its sync workers each wait for the database while another computes."""
    return min(2 * len(os.sched_getaffinity(0)) + 1, MAX_DEFAULT_WORKERS)


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


OIDC_REQUIRED = ("ISSUER", "AUTHORIZATION_ENDPOINT", "TOKEN_ENDPOINT", "USERINFO_ENDPOINT", "JWKS_ENDPOINT",
                 "CLIENT_ID", "CLIENT_SECRET")
OIDC_ALGORITHMS = ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512")


def oidc_config() -> dict[str, str]:
    """The HEMVAG_OIDC_* values: all of OIDC_REQUIRED set (sign-in through the city's provider is on) or none (off).
    Half a configuration stops start-up, naming what is missing."""
    values = {name: os.environ.get(f"HEMVAG_OIDC_{name}", "").strip() for name in OIDC_REQUIRED}
    missing = [f"HEMVAG_OIDC_{name}" for name, value in values.items() if not value]
    if len(missing) == len(OIDC_REQUIRED):
        return {}
    if missing:
        raise ConfigError(f"OpenID Connect is half configured: set {', '.join(missing)} too (or none of them).")
    for name in OIDC_REQUIRED:
        if name not in {"CLIENT_ID", "CLIENT_SECRET"} and urlsplit(values[name]).scheme not in {"https", "http"}:
            raise ConfigError(f"HEMVAG_OIDC_{name} must be an https:// URL (got {values[name]!r}).")
    algorithm = os.environ.get("HEMVAG_OIDC_SIGN_ALGO", "").strip() or "RS256"
    if algorithm not in OIDC_ALGORITHMS:
        raise ConfigError(f"HEMVAG_OIDC_SIGN_ALGO={algorithm!r} is not supported: "
                          f"use one of {', '.join(OIDC_ALGORITHMS)}.")
    return {
        **values,
        "SIGN_ALGO": algorithm,
        "CLAIM": os.environ.get("HEMVAG_OIDC_CLAIM", "").strip() or "preferred_username",
        "SCOPES": os.environ.get("HEMVAG_OIDC_SCOPES", "").strip() or "openid email profile",
        "PROVIDER_NAME": os.environ.get("HEMVAG_OIDC_PROVIDER_NAME", "").strip(),
    }


def var_dir() -> Path:
    return Path(os.environ.get("HEMVAG_VAR_DIR", "./var")).resolve()


def database_config(url: str | None = None) -> dict[str, Any]:
    """Django's DATABASES['default'] for a URL, with SQLite tuned for several processes."""
    if url is None:
        url = os.environ.get("HEMVAG_DATABASE_URL", "").strip() or f"sqlite:///{var_dir() / 'hemvag.sqlite3'}"
    scheme = urlsplit(url).scheme
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ConfigError(
            f"HEMVAG_DATABASE_URL must start with sqlite:/// or postgresql:// (got {scheme or 'no scheme'!r})."
        )
    try:
        # A connection kept between requests saves PostgreSQL's connection start (a process, authentication)
        # on every page; the health check replaces one the server has dropped.
        config: dict[str, Any] = dj_database_url.parse(
            url, conn_max_age=env_int("HEMVAG_DB_CONN_MAX_AGE", DB_CONN_MAX_AGE_SECONDS, minimum=0, maximum=86400),
            conn_health_checks=True)
    except (ValueError, KeyError) as error:
        raise ConfigError(f"HEMVAG_DATABASE_URL cannot be read: {error}.") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if not config.get("NAME") or config["NAME"] == ":memory:":
            raise ConfigError("HEMVAG_DATABASE_URL for SQLite needs a file path, e.g. sqlite:///./var/hemvag.sqlite3.")
        # WAL lets readers work while one process writes; IMMEDIATE takes the write lock at BEGIN so two
        # gunicorn workers wait for each other (busy timeout) instead of failing with "database is locked".
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
        }
    elif not config.get("NAME"):
        raise ConfigError("HEMVAG_DATABASE_URL for PostgreSQL needs a database name after the last '/'.")
    else:
        # No JIT: Hemväg's queries are short, and compiling one whose plan is estimated large cost more than the
        # query itself (200 ms of a search's 430 ms on a million cases).
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return config


def secret_key() -> str:
    """The secret key from the environment, else one generated once into the var directory."""
    configured = os.environ.get("HEMVAG_SECRET_KEY", "").strip()
    if configured:
        if len(configured) < 50:
            raise ConfigError("HEMVAG_SECRET_KEY must be at least 50 characters long.")
        return configured
    path = var_dir() / "secret_key"
    if path.exists():
        return path.read_text().strip()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(64)
        # O_EXCL: when two workers start at once only one key is ever written.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    except OSError as error:
        raise ConfigError(f"Cannot write the secret key to {path}: {error.strerror}. Set HEMVAG_SECRET_KEY.") from None
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
