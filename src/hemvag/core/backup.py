"""Backing up and restoring a whole Hemväg instance: the database, the uploaded documents and a manifest.

A backup is a folder: the database (SQLite: a copy made with SQLite's online backup API; PostgreSQL: `pg_dump
--format=custom`), every file of the media storage under documents/, and manifest.json with what was backed up,
the applied migrations, the rows per table and the SHA-256 of every file. It is written into a hidden sibling
folder and renamed into place at the end, so a folder with the requested name is always a complete backup.

A restore checks everything it can before it changes anything (the hashes, the vendor, the migrations, that the
target database and the documents folder are empty); every refusal leaves the target as it was.

This module reads and writes whole tables below the permission layer on purpose: it is an operator's tool on the
command line, run by whoever already holds the database's credentials, and it must see every row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Protocol

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.db.migrations.loader import MigrationLoader

from hemvag.core.actions import do_record_backup, do_record_restore
from hemvag.core.audit import ChainBreak, verify_chain
from hemvag.core.permissions import SYSTEM

FORMAT = 1
MANIFEST = "manifest.json"
DOCUMENTS = "documents"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# `migrate` fills these by itself; a database with rows only here has no content of its own yet.
BOOKKEEPING_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})
CHUNK = 1024 * 1024


class BackupRefused(Exception):
    """A backup or restore cannot go ahead; the message says why and what to do. Nothing was changed."""


class RestoreMismatch(Exception):
    """The restore ran, but the restored database does not hold what the manifest says it should."""


class Advance(Protocol):
    def __call__(self, amount: int = 1) -> None: ...


class Steps(Protocol):
    """Where progress goes: `step(label, total)` starts a step and returns the function that advances it."""

    def step(self, label: str, total: int | None = None) -> Advance: ...


class QuietSteps:
    def step(self, label: str, total: int | None = None) -> Advance:
        return lambda amount=1: None


@dataclass
class Snapshot:
    """What the database held at the moment of the copy: rows per table, migrations, files it refers to."""

    tables: dict[str, int]
    migrations: list[tuple[str, str]]
    referenced_files: set[str]
    server_version: str = ""


@dataclass
class BackupResult:
    path: Path
    manifest: dict[str, Any]

    @property
    def missing_documents(self) -> list[str]:
        return list(self.manifest["missing_documents"])


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    events_checked: int
    chain_break: ChainBreak | None
    pending_migrations: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------- backup


def make_backup(out: Path, steps: Steps | None = None) -> BackupResult:
    """Back up the configured database and documents into the new folder `out`."""
    steps = steps or QuietSteps()
    out = Path(out).absolute()
    _refuse_existing_target(out)
    staging = out.parent / f".{out.name}.partial-{secrets.token_hex(4)}"
    staging.mkdir(mode=0o700)
    try:
        manifest = _write_backup(staging, steps)
        _refuse_existing_target(out)  # someone may have made it meanwhile; never merge into it
        staging.rename(out)
        _fsync_directory(out.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    do_record_backup(actor=SYSTEM, folder=str(out), manifest=manifest)  # after the copy: the backup never holds it
    return BackupResult(out, manifest)


def _refuse_existing_target(out: Path) -> None:
    if out.exists() or out.is_symlink():
        raise BackupRefused(f"{out} already exists: a backup goes into a new folder. Choose a new name "
                            "(for example with the date and time) or move the old folder away.")
    if not out.parent.is_dir():
        raise BackupRefused(f"the folder {out.parent} does not exist: create it first (and restrict who may read it).")
    if out.resolve().is_relative_to(media_root().resolve()):
        raise BackupRefused(f"{out} is inside the documents folder ({media_root()}), which the backup copies: "
                            "choose a folder outside it.")


def _write_backup(staging: Path, steps: Steps) -> dict[str, Any]:
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupRefused(f"backups support SQLite and PostgreSQL, not {vendor}.")
    database_file = staging / DATABASE_FILES[vendor]
    snapshot = _backup_sqlite(database_file, steps) if vendor == "sqlite" else _backup_postgresql(database_file, steps)
    files = {DATABASE_FILES[vendor]: _sha256_of(database_file)}
    files |= _copy_tree(media_root(), staging / DOCUMENTS, steps, prefix=f"{DOCUMENTS}/")
    stored = {name.removeprefix(f"{DOCUMENTS}/") for name in files}
    manifest = {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "hemvag_version": hemvag_version(),
        "database": {"vendor": vendor, "file": DATABASE_FILES[vendor], "server_version": snapshot.server_version},
        "migrations": latest_migrations(snapshot.migrations),
        "applied_migrations": [f"{app}.{name}" for app, name in snapshot.migrations],
        "tables": dict(sorted(snapshot.tables.items())),
        "files": dict(sorted(files.items())),
        "missing_documents": sorted(snapshot.referenced_files - stored),
    }
    _write_private(staging / MANIFEST, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode())
    return manifest


def hemvag_version() -> str:
    try:
        return version("hemvag")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown"


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT).absolute()


def latest_migrations(applied: Iterable[tuple[str, str]]) -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in applied:
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


def _backup_sqlite(target: Path, steps: Steps) -> Snapshot:
    """SQLite's online backup API: one consistent copy while the server goes on writing (WAL readers never block
    writers), then everything the manifest needs is read from the copy itself, so it matches the copy exactly."""
    advance = steps.step("Copying the database")
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        # All pages in one step: a copy in several steps starts again whenever another process writes.
        connection.connection.backup(copy)
        # The copy is one self-contained file: out of WAL mode, reading it later creates no -wal/-shm beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
    os.chmod(target, 0o600)
    _fsync_file(target)
    advance()
    reader = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        tables = [row[0] for row in reader.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return _snapshot(reader.cursor(), tables, server_version=sqlite3.sqlite_version)
    finally:
        reader.close()


def _backup_postgresql(target: Path, steps: Steps) -> Snapshot:
    """`pg_dump --format=custom` inside a snapshot exported from our own transaction, so the dump, the row counts
    and the list of referenced documents all describe the same moment, whatever is written meanwhile."""
    pg_dump = _postgres_tool("pg_dump")
    advance = steps.step("Dumping the database (pg_dump)")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot_id, server_version = cursor.fetchone()
        snapshot = _snapshot(cursor, connection.introspection.table_names(cursor), server_version=server_version)
        _run_postgres_tool([pg_dump, "--format=custom", f"--snapshot={snapshot_id}", "--no-password",
                            f"--file={target}"], "pg_dump")
    os.chmod(target, 0o600)
    _fsync_file(target)
    advance()
    return snapshot


def _snapshot(cursor: Any, tables: list[str], *, server_version: str) -> Snapshot:
    counts = {table: _count(cursor, table) for table in tables}
    migrations: list[tuple[str, str]] = []
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        migrations = [(app, name) for app, name in cursor.fetchall()]
    referenced: set[str] = set()
    for table, column in file_columns():
        if table in counts:
            name = quoted(column)
            cursor.execute(f"SELECT {name} FROM {quoted(table)} WHERE {name} IS NOT NULL AND {name} <> ''")  # noqa: S608
            referenced.update(row[0] for row in cursor.fetchall())
    return Snapshot(counts, migrations, referenced, server_version)


def quoted(name: str) -> str:
    """An SQL identifier for a table or column name read from the database's catalogue or a model (SQL standard
    quoting, which SQLite and PostgreSQL share)."""
    return '"' + name.replace('"', '""') + '"'


def _count(cursor: Any, table: str) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM {quoted(table)}")  # noqa: S608  (a name from the catalogue, quoted)
    return int(cursor.fetchone()[0])


def file_columns() -> list[tuple[str, str]]:
    """(table, column) of every file field of every installed model: the documents the database refers to."""
    return sorted({
        (model._meta.db_table, str(model_field.column))
        for model in apps.get_models()
        for model_field in model._meta.concrete_fields
        if isinstance(model_field, models.FileField)
    })


def _copy_tree(source: Path, target: Path, steps: Steps, *, prefix: str) -> dict[str, str]:
    """Copy every regular file under `source` into `target` (hashing as it copies); {prefix + path: sha256}."""
    names = sorted(_files_under(source))
    advance = steps.step("Copying the documents", total=len(names))
    hashes: dict[str, str] = {}
    for name in names:
        hashes[prefix + name] = _copy_file(source / name, target / name)
        advance()
    _make_folders_private(target)
    return hashes


def _make_folders_private(root: Path) -> None:
    """mkdir(parents=True) gives the folders between the default mode; the backup's folders are the owner's only."""
    for directory, _subdirectories, _filenames in os.walk(root):
        os.chmod(directory, 0o700)


def _files_under(root: Path) -> Iterator[str]:
    if not root.is_dir():
        return
    for directory, _subdirectories, filenames in os.walk(root):
        for filename in filenames:
            path = Path(directory) / filename
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix()


def _copy_file(source: Path, target: Path) -> str:
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    digest = hashlib.sha256()
    with open(source, "rb") as reader, open(target, "xb") as writer:
        os.fchmod(writer.fileno(), 0o600)
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            writer.write(chunk)
        writer.flush()
        os.fsync(writer.fileno())
    return digest.hexdigest()


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as reader:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _write_private(path: Path, data: bytes) -> None:
    with open(path, "xb") as writer:
        os.fchmod(writer.fileno(), 0o600)
        writer.write(data)
        writer.flush()
        os.fsync(writer.fileno())


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as reader:
        os.fsync(reader.fileno())


def _fsync_directory(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# ---------------------------------------------------------------- PostgreSQL tools (pg_dump, pg_restore)


def _postgres_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupRefused(f"{name} is not installed (or not on PATH): install the PostgreSQL client tools of the "
                            "server's major version or newer (Debian: apt-get install postgresql-client).")
    return found


def postgres_environment() -> dict[str, str]:
    """The configured connection as libpq variables: the password travels in PGPASSWORD, never on a command line
    (where every user of the machine could read it in the process list)."""
    database = connection.settings_dict
    variables = {"PGDATABASE": database["NAME"], "PGUSER": database.get("USER") or "",
                 "PGPASSWORD": database.get("PASSWORD") or "", "PGHOST": database.get("HOST") or "",
                 "PGPORT": str(database.get("PORT") or ""),
                 "PGSSLMODE": str(database.get("OPTIONS", {}).get("sslmode", ""))}
    return {**os.environ, **{key: value for key, value in variables.items() if value}}


def _run_postgres_tool(command: list[str], name: str) -> None:
    completed = subprocess.run(command, env=postgres_environment(), capture_output=True, text=True,  # noqa: S603
                               check=False)  # (a fixed argument list, no shell)
    if completed.returncode == 0:
        return
    lines = [line.strip() for line in completed.stderr.splitlines() if line.strip()]
    # libpq and the tools say the cause on the first line that names an error; the rest is context.
    message = next((line for line in lines if "error" in line.lower()), lines[0] if lines else "")
    message = message or f"exit status {completed.returncode}"
    if "version mismatch" in message:
        raise BackupRefused(f"{name} is older than the database server ({message}): install the client tools of the "
                            "server's major version and put them first on PATH.")
    raise BackupRefused(f"{name} failed: {message}")


# --------------------------------------------------------------------------------------------------- restore


def restore_backup(source: Path, steps: Steps | None = None) -> RestoreResult:
    """Restore the backup in `source` into the configured (empty) database and documents folder."""
    steps = steps or QuietSteps()
    source = Path(source).absolute()
    manifest = read_manifest(source)
    verify_files(source, manifest, steps)
    _refuse_other_vendor(manifest)
    _refuse_unknown_migrations(manifest)
    _refuse_non_empty_database()
    if connection.vendor == "postgresql":
        _refuse_tables_missing_from_dump(source / manifest["database"]["file"])
    documents = media_root()
    _refuse_non_empty_documents(documents)
    staged = _stage_documents(source, manifest, documents, steps)
    try:
        _restore_database(source / manifest["database"]["file"], steps)
        _move_into_place(staged, documents)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    _check_row_counts(manifest)
    advance = steps.step("Verifying the audit chain")
    checked, first_break = verify_chain()
    advance()
    do_record_restore(actor=SYSTEM, folder=str(source), manifest=manifest)
    return RestoreResult(manifest, checked, first_break, _pending_migrations(manifest))


def read_manifest(source: Path) -> dict[str, Any]:
    path = source / MANIFEST
    if not path.is_file():
        raise BackupRefused(f"{source} is not a Hemväg backup: it has no {MANIFEST}.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupRefused(f"{path} cannot be read ({error}): the backup is damaged.") from None
    shapes = {"format": int, "database": dict, "applied_migrations": list, "tables": dict, "files": dict,
              "missing_documents": list}
    if not isinstance(manifest, dict) or not all(isinstance(manifest.get(key), kind) for key, kind in shapes.items()):
        raise BackupRefused(f"{path} lacks part of what a Hemväg manifest holds: the backup is damaged.")
    unsafe = next((name for name in manifest["files"] if not _is_plain_relative(name)), None)
    if unsafe is not None or manifest["database"].get("file") not in DATABASE_FILES.values():
        raise BackupRefused(f"{path} names a file outside the backup ({unsafe or manifest['database'].get('file')!r}): "
                            "the manifest was changed; restore from an untouched copy.")
    if manifest["format"] != FORMAT:
        raise BackupRefused(f"{source} is a backup in format {manifest['format']!r}; this Hemväg reads format "
                            f"{FORMAT}. Restore it with the Hemväg version that made it.")
    return manifest


def _is_plain_relative(name: object) -> bool:
    """A path inside the backup folder: a manifest must never make the restore read or write anywhere else."""
    if not isinstance(name, str) or not name or name.startswith("/") or "\\" in name:
        return False
    return all(part not in {"", ".", ".."} for part in name.split("/"))


def verify_files(source: Path, manifest: dict[str, Any], steps: Steps) -> None:
    """Every file the manifest names is there with its hash, and nothing else is: else refuse, naming the file."""
    files: dict[str, str] = manifest["files"]
    if manifest["database"].get("file") not in files:
        raise BackupRefused(f"{source / MANIFEST} does not list the database file: the backup is damaged.")
    present = {name for name in _files_under(source) if name != MANIFEST}
    extra = sorted(present - set(files))
    if extra:
        raise BackupRefused(f"{source / extra[0]} is not in the backup's manifest: the folder was changed after the "
                            "backup was made. Restore from an untouched copy.")
    advance = steps.step("Checking the backup's files", total=len(files))
    for name, expected in files.items():
        path = source / name
        if not path.is_file():
            raise BackupRefused(f"{path} is missing from the backup: restore from a complete copy.")
        if _sha256_of(path) != expected:
            raise BackupRefused(f"{path} has changed since the backup was made (its SHA-256 differs from the "
                                "manifest's): restore from an untouched copy.")
        advance()


def _refuse_other_vendor(manifest: dict[str, Any]) -> None:
    made_on = manifest["database"]["vendor"]
    if made_on != connection.vendor:
        raise BackupRefused(
            f"this backup is of a {VENDOR_NAMES.get(made_on, made_on)} database and HEMVAG_DATABASE_URL names a "
            f"{VENDOR_NAMES.get(connection.vendor, connection.vendor)} database: a backup restores into the same kind "
            "of database only (SQLite to SQLite, PostgreSQL to PostgreSQL).")


def _refuse_unknown_migrations(manifest: dict[str, Any]) -> None:
    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    unknown = [name for name in manifest["applied_migrations"] if name not in known]
    if unknown:
        raise BackupRefused(f"the backup was made with migrations this Hemväg does not have ({', '.join(unknown[:3])}"
                            f"{' …' if len(unknown) > 3 else ''}): restore it with Hemväg "
                            f"{manifest.get('hemvag_version', 'of that time')} or newer.")


def _pending_migrations(manifest: dict[str, Any]) -> list[str]:
    applied = set(manifest["applied_migrations"])
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.disk_migrations if f"{app}.{name}" not in applied)


def cache_tables() -> frozenset[str]:
    """The database cache's tables: what they hold can be rebuilt at any time (and `flush` leaves it), so a few
    cached rows do not make a database hold content; the restore replaces them with the backup's."""
    return frozenset(cache["LOCATION"] for cache in settings.CACHES.values()
                     if cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache")


def content_tables() -> dict[str, int]:
    """Rows per table of the configured database, leaving out what `migrate` fills by itself and the cache."""
    skipped = BOOKKEEPING_TABLES | cache_tables()
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return {table: _count(cursor, table) for table in tables if table not in skipped}


def _refuse_non_empty_database() -> None:
    filled = {table: rows for table, rows in content_tables().items() if rows}
    if filled:
        named = ", ".join(f"{table} ({rows} rows)" for table, rows in sorted(filled.items())[:3])
        raise BackupRefused(f"the database named by HEMVAG_DATABASE_URL is not empty ({named}"
                            f"{' …' if len(filled) > 3 else ''}): restore into a new, empty database.")


def _refuse_tables_missing_from_dump(dump: Path) -> None:
    """pg_restore --clean replaces the tables the dump has; a table only the target has (made by a newer
    migration) would survive beside the restored ones, so such a target is refused instead."""
    pg_restore = _postgres_tool("pg_restore")
    listing = subprocess.run([pg_restore, "--list", str(dump)],  # noqa: S603  (fixed arguments, no shell)
                             capture_output=True, text=True, check=False)
    if listing.returncode != 0:
        raise BackupRefused(f"pg_restore cannot read {dump}: {' '.join(listing.stderr.split())}")
    in_dump = {line.split()[-2] for line in listing.stdout.splitlines()
               if not line.startswith(";") and " TABLE " in line and " TABLE DATA " not in line}
    with connection.cursor() as cursor:
        only_here = sorted(set(connection.introspection.table_names(cursor)) - in_dump)
    if only_here:
        raise BackupRefused(f"the target database has tables the backup does not ({', '.join(only_here[:3])}): it was "
                            "migrated by a newer Hemväg. Restore into a database where `hemvag migrate` has not run.")


def _refuse_non_empty_documents(documents: Path) -> None:
    if documents.exists() and not documents.is_dir():
        raise BackupRefused(f"HEMVAG_MEDIA_ROOT ({documents}) is not a folder: point it at an empty or new folder.")
    first = next(_files_under(documents), None)
    if first is not None:
        raise BackupRefused(f"the documents folder {documents} is not empty ({first} …): restore into an empty or "
                            "new folder (set HEMVAG_MEDIA_ROOT), so no document is mixed with another instance's.")


def _stage_documents(source: Path, manifest: dict[str, Any], documents: Path, steps: Steps) -> Path:
    """Copy the documents beside their final place first; they are moved in only once the database is restored."""
    documents.parent.mkdir(parents=True, exist_ok=True)
    staged = documents.parent / f".{documents.name}.restoring-{secrets.token_hex(4)}"
    staged.mkdir(mode=0o700)
    names = [name.removeprefix(f"{DOCUMENTS}/") for name in manifest["files"] if name.startswith(f"{DOCUMENTS}/")]
    advance = steps.step("Copying the documents", total=len(names))
    try:
        for name in names:
            _copy_file(source / DOCUMENTS / name, staged / name)
            advance()
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return staged


def _move_into_place(staged: Path, documents: Path) -> None:
    if documents.exists():
        shutil.rmtree(documents)  # holds no file (checked before): only empty folders
    staged.rename(documents)


def _restore_database(dump: Path, steps: Steps) -> None:
    advance = steps.step("Restoring the database")
    if connection.vendor == "sqlite":
        _restore_sqlite(dump)
    else:
        _restore_postgresql(dump)
    advance()


def _restore_sqlite(copy: Path) -> None:
    """The backup API again, into the configured database through its own connection: SQLite replaces every
    page in one transaction (and keeps the WAL consistent, which copying the file over it would not)."""
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_postgresql(dump: Path) -> None:
    """pg_restore in one transaction: on any error the target is left as it was. --clean replaces what `migrate`
    may have created; --no-owner/--no-privileges let another role own the restored database."""
    pg_restore = _postgres_tool("pg_restore")
    connection.close()  # our idle session must not hold locks the restore needs
    _run_postgres_tool([pg_restore, "--no-owner", "--no-privileges", "--clean", "--if-exists", "--single-transaction",
                        "--exit-on-error", "--no-password", f"--dbname={connection.settings_dict['NAME']}",
                        str(dump)], "pg_restore")


def _check_row_counts(manifest: dict[str, Any]) -> None:
    with connection.cursor() as cursor:
        present = connection.introspection.table_names(cursor)
        differing = [f"{table} has {rows} rows, the backup {manifest['tables'][table]}"
                     for table in present if table in manifest["tables"]
                     for rows in [_count(cursor, table)] if rows != manifest["tables"][table]]
    if differing:
        raise RestoreMismatch("the restored database does not match the backup's manifest: " + "; ".join(differing[:3]))
