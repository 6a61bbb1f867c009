"""`hemvag backup` and `hemvag restore`: a round trip loses nothing (every row of every table, every document byte),
the restored audit chain verifies, and every refusal leaves the backup, the database and the documents as they were.

Runs on the configured database: SQLite in `make test`, PostgreSQL in its second run (a second database is made on
the same server for the restore)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.utils import ConnectionHandler

from hemvag.cases.actions import do_add_note, do_open_case, do_upload_document
from hemvag.cases.models import Document
from hemvag.core.audit import iter_chain_breaks
from hemvag.core.backup import quoted
from hemvag.core.models import AuditEvent, Role
from hemvag.matters.actions import do_attach_document, do_register_matter
from hemvag.outreach.actions import do_save_agreement, do_save_organisation
from hemvag.people.actions import do_create_household, do_create_person

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + hashlib.sha256(b"synthetic").digest() * 300


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def world(media: Path, make_user, unit) -> dict[str, Any]:
    """Real content through the actions: a household's case with notes and two documents on disk, a matter with
    its document and an outreach agreement with its document (both kept in the database)."""
    counsellor = make_user("sara", Role.COUNSELLOR, unit)
    manager = make_user("eva", Role.MANAGER, unit)
    person = do_create_person(actor=counsellor, unit=unit, first_name="Amina", last_name="Testsson",
                              birth_date=dt.date(1980, 5, 2))
    household = do_create_household(actor=counsellor, unit=unit, main_person=person)
    case = do_open_case(actor=counsellor, unit=unit, household=household, destination_country="iq")
    do_add_note(actor=counsellor, case=case, held_on=dt.date(2026, 3, 2), form="meeting", interpreter_used=True,
                language="ar", text="Första samtalet: familjen vill veta mer om återetableringsstödet.")
    documents = [do_upload_document(actor=counsellor, case=case, name="pass.pdf", data=PDF, description="Pass"),
                 do_upload_document(actor=counsellor, case=case, name="foto.png", data=PNG, description="Foto")]
    matter = do_register_matter(actor=counsellor, unit=unit, kind="motion_remiss", sender="Kommunstyrelsen",
                                sender_reference="KS 2026/1", title="Remiss om samverkan",
                                received_on=dt.date(2026, 1, 10), answer_by=dt.date(2026, 4, 1),
                                motion_made_on=dt.date(2025, 12, 1), authors=[{"name": "A. Testare", "party": "X"}],
                                handler=counsellor)
    do_attach_document(actor=counsellor, matter=matter, name="motion.pdf", content_type="application/pdf", data=PDF)
    partner = do_save_organisation(actor=manager, unit=unit, name="Testföreningen", kind="association")
    do_save_agreement(actor=manager, unit=unit, kind="cooperation", title="Samverkan 2026",
                      valid_from=dt.date(2026, 1, 1), parties=[partner], document=("avtal.pdf", PDF))
    return {"case": case, "documents": documents}


def make_backup(out: Path) -> str:
    stdout = StringIO()
    call_command("backup", out=str(out), stdout=stdout, stderr=StringIO())
    return stdout.getvalue()


def restore_here(source: Path) -> None:
    call_command("restore", str(source), stdout=StringIO(), stderr=StringIO())


# ------------------------------------------------------------------------- what a database and a folder hold


def table_rows(database: Any = connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (the bookkeeping ones too), ordered by primary key, with bytes as bytes."""
    contents: dict[str, list[tuple[Any, ...]]] = {}
    with database.cursor() as cursor:
        for table in sorted(database.introspection.table_names(cursor)):
            key = database.introspection.get_primary_key_columns(cursor, table) or []
            order = ", ".join(quoted(column) for column in key) or "1"
            cursor.execute(f"SELECT * FROM {quoted(table)} ORDER BY {order}")  # noqa: S608
            contents[table] = [tuple(bytes(value) if isinstance(value, memoryview) else value for value in row)
                               for row in cursor.fetchall()]
    return contents


def counters(database: Any = connection) -> dict[str, int]:
    """Where the next id of each table comes from: a restored database must not hand out an id twice."""
    with database.cursor() as cursor:
        if database.vendor == "sqlite":
            cursor.execute("SELECT name, seq FROM sqlite_sequence")
        else:
            cursor.execute("SELECT sequencename, COALESCE(last_value, 0) FROM pg_sequences")
        return dict(cursor.fetchall())


def audit_events(database: Any) -> list[AuditEvent]:
    """The audit events of another database, read by the model's own query and converters."""
    names = [field.attname for field in AuditEvent._meta.concrete_fields]
    rows = AuditEvent.objects.order_by("seq").query.get_compiler(connection=database).results_iter()
    return [AuditEvent.from_db(None, names, list(row)) for row in rows]


def folder_bytes(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


# ------------------------------------------------------------------ a second, empty database for the restore


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    """A new empty database, as (URL, connection): a second SQLite file, or a second database on the same
    PostgreSQL server. The connection is made apart from Django's own aliases, as another process would."""
    config = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        url, config = f"sqlite:///{path}", {**config, "NAME": str(path)}
    else:
        name = f"{config['NAME']}_restored"[:63]
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted(name)}")
            cursor.execute(f"CREATE DATABASE {quoted(name)}")
        password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
        url = f"postgresql://{config['USER']}{password}@{config['HOST']}:{config['PORT']}/{name}"
        config = {**config, "NAME": name}
    restored = ConnectionHandler({"default": config})["default"]
    try:
        yield url, restored
    finally:
        restored.close()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {quoted(config['NAME'])} WITH (FORCE)")


def run_hemvag(*args: str, database_url: str, media_root: Path, var_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HEMVAG_DATABASE_URL": database_url, "HEMVAG_MEDIA_ROOT": str(media_root),
           "HEMVAG_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "hemvag.settings"}
    return subprocess.run([sys.executable, "-m", "hemvag", *args], env=env, capture_output=True, text=True,
                          check=False, timeout=300)


# ------------------------------------------------------------------------------------------------ round trip


def test_a_round_trip_keeps_every_row_every_document_and_the_audit_chain(world, media, tmp_path, empty_database):
    out = tmp_path / "backups" / "2026-12-02T0300"
    out.parent.mkdir()
    summary = make_backup(out)
    assert f"Backup written to {out}" in summary and "2 documents" in summary

    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["tables"]["cases_document"] == 2 and manifest["tables"]["outreach_agreement"] == 1
    assert manifest["migrations"]["core"] == max(name.split(".")[1] for name in manifest["applied_migrations"]
                                                 if name.startswith("core."))
    assert manifest["missing_documents"] == []
    for document in world["documents"]:
        stored = out / "documents" / document.file.name
        assert manifest["files"][f"documents/{document.file.name}"] == hashlib.sha256(stored.read_bytes()).hexdigest()
    assert sorted(path.name for path in out.parent.iterdir()) == [out.name]  # no half-made folder left beside it
    assert {stat.S_IMODE(path.stat().st_mode) for path in [out, *out.rglob("*")] if path.is_dir()} == {0o700}
    assert {stat.S_IMODE(path.stat().st_mode) for path in out.rglob("*") if path.is_file()} == {0o600}

    restored_media = tmp_path / "restored-media"
    url, restored = empty_database
    result = run_hemvag("restore", str(out), database_url=url, media_root=restored_media,
                        var_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    # The source logged the backup after copying it; the restored copy logs the restore after its own events.
    *copied, made = AuditEvent.objects.order_by("seq")
    assert (made.verb, made.object_id, made.actor_label) == ("backup.made", "2026-12-02T0300", "system")
    assert made.changes == {"folder": str(out), "vendor": connection.vendor, "rows": sum(manifest["tables"].values()),
                            "documents": 2}
    assert f"Audit chain intact: {len(copied)} events verified." in result.stdout
    *restored_copied, restored_event = audit_events(restored)
    assert [event.hash for event in restored_copied] == [event.hash for event in copied]
    assert (restored_event.verb, restored_event.changes["folder"]) == ("backup.restored", str(out))
    assert restored_event.changes["backup_created_at"] == manifest["created_at"]
    assert next(iter_chain_breaks(iter([*restored_copied, restored_event])), None) is None

    audit_table = AuditEvent._meta.db_table
    source_rows, restored_rows = table_rows(), table_rows(restored)
    assert restored_rows[audit_table][:-1] == source_rows[audit_table][:-1]
    assert {table: rows for table, rows in restored_rows.items() if table != audit_table} == {
        table: rows for table, rows in source_rows.items() if table != audit_table}
    assert counters(restored) == counters()  # one event more on each side
    assert folder_bytes(restored_media) == folder_bytes(media)
    assert folder_bytes(restored_media)[world["documents"][0].file.name] == PDF


# ---------------------------------------------------------------------------------------------------- refusals


def test_a_backup_into_a_folder_that_exists_is_refused_and_the_folder_left_alone(world, tmp_path):
    out = tmp_path / "backup"
    out.mkdir()
    (out / "notes.txt").write_text("kept")
    with pytest.raises(CommandError, match=r"already exists: a backup goes into a new folder"):
        make_backup(out)
    assert folder_bytes(out) == {"notes.txt": b"kept"}
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == []


def test_a_backup_inside_the_documents_folder_or_a_missing_parent_is_refused(world, media, tmp_path):
    documents = folder_bytes(media)
    with pytest.raises(CommandError, match=r"is inside the documents folder .*: choose a folder outside it"):
        make_backup(media / "backup")
    with pytest.raises(CommandError, match=r"does not exist: create it first"):
        make_backup(tmp_path / "no-such-folder" / "backup")
    assert folder_bytes(media) == documents and not (tmp_path / "no-such-folder").exists()


def test_a_restore_into_a_database_that_is_not_empty_is_refused_and_changes_nothing(world, media, tmp_path):
    make_backup(tmp_path / "backup")
    shutil.rmtree(media)  # even with the documents folder free, the database decides
    before = table_rows()
    with pytest.raises(CommandError, match=r"is not empty \(.*rows.*\): restore into a new, empty database"):
        restore_here(tmp_path / "backup")
    assert table_rows() == before
    assert not media.exists()


def test_a_changed_or_missing_or_extra_file_in_the_backup_is_refused_by_name(world, media, tmp_path):
    out = tmp_path / "backup"
    make_backup(out)
    call_command("flush", interactive=False, verbosity=0)
    cache.set("left-by-the-target", 1)  # flush leaves the cache, and a cached row is not content
    shutil.rmtree(media)
    document = out / "documents" / world["documents"][1].file.name
    before = table_rows()

    original = document.read_bytes()
    document.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
    with pytest.raises(CommandError, match=rf"{document.name} has changed since the backup was made"):
        restore_here(out)
    document.unlink()
    with pytest.raises(CommandError, match=rf"{document.name} is missing from the backup"):
        restore_here(out)
    document.write_bytes(original)
    (out / "documents" / "stray.pdf").write_bytes(PDF)
    with pytest.raises(CommandError, match=r"stray.pdf is not in the backup's manifest"):
        restore_here(out)
    assert table_rows() == before and not media.exists()

    (out / "documents" / "stray.pdf").unlink()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE made_by_a_newer_migration (id integer PRIMARY KEY)")
    if connection.vendor == "postgresql":  # pg_restore would leave it beside the restored tables
        with pytest.raises(CommandError, match=r"has tables the backup does not \(made_by_a_newer_migration\)"):
            restore_here(out)
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE made_by_a_newer_migration")
    restore_here(out)  # the untouched backup restores into the emptied database (SQLite: replacing all of it)
    assert "made_by_a_newer_migration" not in connection.introspection.table_names()
    assert Document.objects.count() == 2 and (media / world["documents"][1].file.name).read_bytes() == PNG
    assert cache.get("left-by-the-target") is None  # the backup's cache replaced the target's


def test_a_backup_of_another_vendor_or_with_unknown_migrations_is_refused(world, tmp_path):
    out = tmp_path / "backup"
    make_backup(out)
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    before = table_rows()

    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest_path.write_text(json.dumps({**manifest, "database": {**manifest["database"], "vendor": other}}))
    with pytest.raises(CommandError, match=r"restores into the same kind of database only"):
        restore_here(out)
    future = [*manifest["applied_migrations"], "core.9999_from_the_future"]
    manifest_path.write_text(json.dumps({**manifest, "applied_migrations": future}))
    with pytest.raises(CommandError, match=r"migrations this Hemväg does not have \(core.9999_from_the_future\)"):
        restore_here(out)
    escaping = {**manifest["files"], "documents/../../outside.pdf": manifest["files"][manifest["database"]["file"]]}
    manifest_path.write_text(json.dumps({**manifest, "files": escaping}))
    with pytest.raises(CommandError, match=r"names a file outside the backup \('documents/../../outside.pdf'\)"):
        restore_here(out)
    with pytest.raises(CommandError, match=r"is not a Hemväg backup: it has no manifest.json"):
        restore_here(tmp_path)
    assert table_rows() == before


def test_a_document_missing_on_disk_is_reported_and_the_rest_is_backed_up(world, media, tmp_path):
    lost = world["documents"][0].file.name
    (media / lost).unlink()
    out = tmp_path / "backup"
    with pytest.raises(CommandError, match=r"1 documents the database refers to were not in the documents folder") \
            as refusal:
        make_backup(out)
    assert refusal.value.returncode == 2
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["missing_documents"] == [lost]
    assert f"documents/{world['documents'][1].file.name}" in manifest["files"]


def test_a_postgresql_backup_without_pg_dump_says_what_to_install(world, tmp_path, monkeypatch):
    """SQLite needs no client tools; on PostgreSQL a missing pg_dump is one line saying what to install."""
    monkeypatch.setenv("PATH", str(tmp_path))
    out = tmp_path / "backup"
    if connection.vendor == "sqlite":
        assert "Backup written" in make_backup(out)
    else:
        with pytest.raises(CommandError, match=r"pg_dump is not installed \(or not on PATH\)"):
            make_backup(out)
        assert not out.exists() and [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []
