"""Settings come from HEMVAG_* variables; a bad value stops start-up with one clear line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hemvag import config


def run_hemvag(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("HEMVAG_")} | env
    full_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests; never in a deployment
    return subprocess.run(
        [sys.executable, "-m", "hemvag", *args], env=full_env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_default_database_is_sqlite_in_var_with_wal_and_busy_timeout(monkeypatch, tmp_path):
    monkeypatch.delenv("HEMVAG_DATABASE_URL", raising=False)
    monkeypatch.setenv("HEMVAG_VAR_DIR", str(tmp_path))
    db = config.database_config()
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(tmp_path / "hemvag.sqlite3")
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert db["OPTIONS"]["timeout"] >= 5


def test_postgresql_url_is_parsed():
    db = config.database_config("postgresql://hv:secret@db.example.invalid:5433/hemvag")
    assert (db["ENGINE"], db["NAME"], db["USER"], db["HOST"], db["PORT"]) == (
        "django.db.backends.postgresql", "hemvag", "hv", "db.example.invalid", 5433,
    )
    assert db["OPTIONS"]["options"] == "-c jit=off"


def test_connections_are_kept_between_requests_unless_told_otherwise(monkeypatch):
    url = "postgresql://hv@db.example.invalid/hemvag"
    assert (config.database_config(url)["CONN_MAX_AGE"], config.database_config(url)["CONN_HEALTH_CHECKS"]) == (
        60, True)
    monkeypatch.setenv("HEMVAG_DB_CONN_MAX_AGE", "0")
    assert config.database_config(url)["CONN_MAX_AGE"] == 0
    monkeypatch.setenv("HEMVAG_DB_CONN_MAX_AGE", "forever")
    with pytest.raises(config.ConfigError, match="HEMVAG_DB_CONN_MAX_AGE='forever' must be a whole number"):
        config.database_config(url)


def test_serve_starts_more_workers_than_cpus_but_not_without_bound(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    assert config.default_workers() == 5
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(64)))
    assert config.default_workers() == config.MAX_DEFAULT_WORKERS


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("mysql://x@y/z", "must start with sqlite:/// or postgresql://"),
        ("not a url", "must start with sqlite:/// or postgresql://"),
        ("postgresql://user@host:5432/", "needs a database name"),
        ("postgresql://user@host:notaport/db", "cannot be read"),
    ],
)
def test_malformed_database_url_is_refused_with_a_reason(url, fragment):
    with pytest.raises(config.ConfigError, match=fragment):
        config.database_config(url)


@pytest.mark.parametrize("value", ["maybe", "2", "sant"])
def test_boolean_variables_accept_only_yes_or_no(monkeypatch, value):
    monkeypatch.setenv("HEMVAG_DEBUG", value)
    with pytest.raises(config.ConfigError, match="HEMVAG_DEBUG"):
        config.env_bool("HEMVAG_DEBUG", False)


def test_port_must_be_a_port_number(monkeypatch):
    monkeypatch.setenv("HEMVAG_PORT", "80a")
    with pytest.raises(config.ConfigError, match="HEMVAG_PORT"):
        config.env_int("HEMVAG_PORT", 8000)


def test_secret_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("HEMVAG_SECRET_KEY", raising=False)
    monkeypatch.setenv("HEMVAG_VAR_DIR", str(tmp_path))
    first = config.secret_key()
    assert len(first) >= 50
    assert config.secret_key() == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_short_secret_key_is_refused(monkeypatch):
    monkeypatch.setenv("HEMVAG_SECRET_KEY", "too-short")
    with pytest.raises(config.ConfigError, match="at least 50"):
        config.secret_key()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"HEMVAG_DATABASE_URL": "mysql://x@y/z"}, "hemvag: HEMVAG_DATABASE_URL must start with"),
        ({"HEMVAG_DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none"}, "hemvag: the database cannot be used"),
        ({"HEMVAG_DEBUG": "perhaps"}, "hemvag: HEMVAG_DEBUG='perhaps' is not a yes/no value"),
    ],
)
def test_start_up_errors_are_one_line_without_traceback(tmp_path, env, expected):
    result = run_hemvag("migrate", env={"HEMVAG_VAR_DIR": str(tmp_path), **env}, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(expected)
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = run_hemvag(
        "check", "--deploy", "--fail-level", "WARNING", env={"HEMVAG_VAR_DIR": str(tmp_path)}, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_https_is_off(tmp_path):
    result = run_hemvag(
        "check", "--deploy", "--fail-level", "WARNING",
        env={"HEMVAG_VAR_DIR": str(tmp_path), "HEMVAG_HTTPS": "false"}, cwd=tmp_path,
    )
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE" in result.stderr


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz', secure=True, HTTP_HOST='127.0.0.1'); print(r.status_code, r.json()['status'])"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEMVAG_")}
    env |= {"HEMVAG_VAR_DIR": str(tmp_path), "HEMVAG_DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none",
            "DJANGO_SETTINGS_MODULE": "hemvag.settings"}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["503", "unavailable"], result.stderr


def test_readme_documents_every_variable():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    missing = [variable.name for variable in config.VARIABLES if f"`{variable.name}`" not in readme]
    assert missing == []


OIDC_ENV = {
    "HEMVAG_OIDC_ISSUER": "https://login.testkommun.example",
    "HEMVAG_OIDC_AUTHORIZATION_ENDPOINT": "https://login.testkommun.example/authorize",
    "HEMVAG_OIDC_TOKEN_ENDPOINT": "https://login.testkommun.example/token",
    "HEMVAG_OIDC_USERINFO_ENDPOINT": "https://login.testkommun.example/userinfo",
    "HEMVAG_OIDC_JWKS_ENDPOINT": "https://login.testkommun.example/jwks",
    "HEMVAG_OIDC_CLIENT_ID": "hemvag",
    "HEMVAG_OIDC_CLIENT_SECRET": "s" * 32,
}


def test_openid_connect_is_off_without_its_variables(monkeypatch):
    for name in OIDC_ENV:
        monkeypatch.delenv(name, raising=False)
    assert config.oidc_config() == {}


def test_openid_connect_with_all_its_variables(monkeypatch):
    for name, value in OIDC_ENV.items():
        monkeypatch.setenv(name, value)
    found = config.oidc_config()
    assert (found["ISSUER"], found["SIGN_ALGO"], found["CLAIM"]) == (
        "https://login.testkommun.example", "RS256", "preferred_username")


def test_half_an_openid_connect_configuration_names_what_is_missing(monkeypatch):
    for name, value in OIDC_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("HEMVAG_OIDC_JWKS_ENDPOINT")
    with pytest.raises(config.ConfigError, match="set HEMVAG_OIDC_JWKS_ENDPOINT too"):
        config.oidc_config()


@pytest.mark.parametrize(("name", "value", "fragment"), [
    ("HEMVAG_OIDC_SIGN_ALGO", "none", "is not supported"),
    ("HEMVAG_OIDC_SIGN_ALGO", "HS256", "is not supported"),
    ("HEMVAG_OIDC_TOKEN_ENDPOINT", "login.example/token", "must be an https:// URL"),
])
def test_a_bad_openid_connect_value_is_refused(monkeypatch, name, value, fragment):
    for variable, default in OIDC_ENV.items():
        monkeypatch.setenv(variable, default)
    monkeypatch.setenv(name, value)
    with pytest.raises(config.ConfigError, match=fragment):
        config.oidc_config()


def test_the_idle_timeout_is_minutes(monkeypatch):
    monkeypatch.setenv("HEMVAG_SESSION_IDLE_MINUTES", "0")
    with pytest.raises(config.ConfigError, match="from 1 to 1440"):
        config.env_int("HEMVAG_SESSION_IDLE_MINUTES", 30, minimum=1, maximum=24 * 60)
