"""Trigram indexes for the search by name (PostgreSQL only).

The case search matches each word anywhere in a first or family name, case-insensitively: Django writes that as
UPPER("first_name"::text) LIKE UPPER('%word%'), which no B-tree can answer, so on a large register PostgreSQL
read every person. pg_trgm's GIN indexes on exactly those expressions answer it (bench/README.md, "Scale").
pg_trgm is a trusted extension (PostgreSQL 13 and later): the database's owner may create it. SQLite has no such
index and needs none at its scale; there this migration does nothing.
"""

from django.db import migrations

INDEXES = (
    ("person_first_name_trgm", "people_person", "UPPER(first_name::text) gin_trgm_ops"),
    ("person_last_name_trgm", "people_person", "UPPER(last_name::text) gin_trgm_ops"),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, expression in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0003_birth_year_and_legal_sex"),
    ]

    operations = [migrations.RunPython(create, drop)]
