"""Real `hemvag serve` processes on a database of their own, for the concurrency and crash tests.

The database is a fresh one of the suite's own kind: a SQLite file under the test's tmp_path, or, when the suite
runs on PostgreSQL (HEMVAG_DATABASE_URL, as `make test-postgres` sets it), a new database on that server, dropped
afterwards. It is migrated and seeded once per session (a template) and copied for each test. Each server runs
in its own process group, so the whole of gunicorn — master and workers — can be killed at once.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

REPO = Path(__file__).resolve().parents[2]
SECRET_KEY = "durability-tests-" + "k" * 48
START_TIMEOUT_SECONDS = 60
REQUEST_TIMEOUT_SECONDS = 30
Answer = tuple[int | None, Any]  # (status, JSON body); status None when the connection failed


def suite_database_url() -> str:
    return os.environ.get("HEMVAG_DATABASE_URL", "").strip()


def on_postgresql() -> bool:
    return urlsplit(suite_database_url()).scheme in {"postgres", "postgresql", "pgsql"}


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def _postgresql(sql: str) -> None:
    """A statement on the suite's PostgreSQL server, outside any transaction (CREATE/DROP DATABASE)."""
    with psycopg.connect(suite_database_url(), autocommit=True) as connection:
        connection.execute(sql)


def base_environment(database_url: str, var_dir: Path) -> dict[str, str]:
    """This process's environment without its HEMVAG_* settings, pointed at the served database."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("HEMVAG_") and name != "DJANGO_SETTINGS_MODULE"}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "tests.core.serve_settings",
        "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "src")]),
        "HEMVAG_DATABASE_URL": database_url,
        "HEMVAG_VAR_DIR": str(var_dir),
        "HEMVAG_SECRET_KEY": SECRET_KEY,
        "HEMVAG_HTTPS": "false",
        "HEMVAG_DEBUG": "false",
        "HEMVAG_TASK_WORKER": "0",
        "HEMVAG_WORKERS": "2",
    }


def run(env: dict[str, str], *args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], env=env, cwd=REPO, capture_output=True, text=True,
                          timeout=timeout, check=False)


def run_checked(env: dict[str, str], *args: str) -> str:
    done = run(env, *args)
    assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@dataclass
class ServedDatabase:
    env: dict[str, str]
    seed: dict[str, Any]

    @property
    def tokens(self) -> list[str]:
        return [counsellor["token"] for counsellor in self.seed["counsellors"]]

    def hemvag(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run(self.env, "-m", "hemvag", *args)

    def inspect(self) -> dict[str, Any]:
        return json.loads(run_checked(self.env, "-m", "tests.core.served_database", "inspect"))


@dataclass
class Template:
    """The migrated, seeded database every test copies."""

    url: str
    seed: dict[str, Any]
    sqlite_file: Path | None = None
    copies: list[str] = field(default_factory=list)


def build_template(folder: Path) -> Template:
    if on_postgresql():
        name = f"hemvag_served_template_{uuid.uuid4().hex[:8]}"
        _postgresql(f'CREATE DATABASE "{name}"')
        url, sqlite_file = _with_database(suite_database_url(), name), None
    else:
        sqlite_file = folder / "template.sqlite3"
        url = f"sqlite:///{sqlite_file}"
    env = base_environment(url, folder)
    run_checked(env, "-m", "hemvag", "migrate", "--no-input", "-v", "0")
    run_checked(env, "-m", "hemvag", "createcachetable")
    seed = json.loads(run_checked(env, "-m", "tests.core.served_database", "seed"))
    return Template(url=url, seed=seed, sqlite_file=sqlite_file)


def drop_template(template: Template) -> None:
    if template.sqlite_file is None:
        for name in [*template.copies, urlsplit(template.url).path.lstrip("/")]:
            _postgresql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_of(template: Template, folder: Path) -> ServedDatabase:
    folder.mkdir(parents=True, exist_ok=True)
    if template.sqlite_file is not None:
        target = folder / "hemvag.sqlite3"
        shutil.copyfile(template.sqlite_file, target)
        url = f"sqlite:///{target}"
    else:
        name = f"hemvag_served_{uuid.uuid4().hex[:8]}"
        _postgresql(f'CREATE DATABASE "{name}" TEMPLATE "{urlsplit(template.url).path.lstrip("/")}"')
        template.copies.append(name)
        url = _with_database(template.url, name)
    return ServedDatabase(env=base_environment(url, folder), seed=template.seed)


@pytest.fixture(scope="session")
def served_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Template]:
    template = build_template(tmp_path_factory.mktemp("served-template"))
    try:
        yield template
    finally:
        drop_template(template)


@pytest.fixture
def served_database(served_template: Template, tmp_path: Path) -> ServedDatabase:
    return copy_of(served_template, tmp_path / "served")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def call(port: int, method: str, path: str, token: str, payload: Any = None) -> Answer:
    """One request on a new connection; (None, error) when the server is gone before it answers."""
    body = None if payload is None else json.dumps(payload)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_SECONDS)
    try:
        connection.request(method, f"/api/v1{path}", body=body, headers=headers)
        response = connection.getresponse()
        raw = response.read()
    except (OSError, http.client.HTTPException) as error:
        return None, repr(error)
    finally:
        connection.close()
    try:
        return response.status, json.loads(raw) if raw else None
    except ValueError:
        return response.status, raw.decode(errors="replace")


class Server:
    """One `hemvag serve` (gunicorn master and workers) in its own process group."""

    def __init__(self, database: ServedDatabase, log: Path) -> None:
        self.database = database
        self.log = log
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        self.port = free_port()
        env = {**self.database.env, "HEMVAG_PORT": str(self.port)}
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # fixed argv, no shell
                [sys.executable, "-m", "hemvag", "serve"], env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.starts += 1
        self._wait_until_answering()

    def _wait_until_answering(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            assert self.process is not None and self.process.poll() is None, f"serve ended:\n{self.log_tail()}"
            status, _body = call(self.port, "GET", "/cases?limit=1", self.database.tokens[0])
            if status == 200:
                return
            time.sleep(0.2)
        pytest.fail(f"hemvag serve did not answer within {START_TIMEOUT_SECONDS} s:\n{self.log_tail()}")

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""

    def _signal_group(self, signum: int) -> None:
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def kill(self) -> None:
        """kill -9 to gunicorn's master and every worker at once, as a power cut would."""
        self._signal_group(signal.SIGKILL)
        assert self.process is not None
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self._signal_group(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()


@contextlib.contextmanager
def serving(database: ServedDatabase, log_folder: Path, count: int = 1) -> Iterator[list[Server]]:
    servers = [Server(database, log_folder / f"serve-{number}.log") for number in range(count)]
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()
