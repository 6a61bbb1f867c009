"""The register's distinct names, for the search by name (the table and its triggers on PostgreSQL only).

people_personname holds every first or family name a person holds, once, with how many persons hold it;
triggers on people_person keep it on every insert, rename, delete and truncate, whichever code or tool writes.
The search looks a word up among these few thousand names with a trigram index and then finds the persons by
their exact names in the two B-tree indexes below (models.PersonName says why). Person's own trigram indexes
(migration 0004) are no longer asked and go. SQLite has neither the table nor the triggers: its search reads
the persons.
"""

from django.db import migrations, models

# Names are counted once per field that holds them ("Ali Ali" holds "Ali" twice) and taken in their sort order,
# so that two transactions writing the same names lock them in the same order.
FUNCTION = """
CREATE FUNCTION people_count_names() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE held text;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        FOR held IN SELECT n FROM unnest(ARRAY[OLD.first_name, OLD.last_name]) AS n WHERE n <> '' ORDER BY n LOOP
            DELETE FROM people_personname WHERE name = held AND holders = 1;
            IF NOT FOUND THEN
                UPDATE people_personname SET holders = holders - 1 WHERE name = held;
            END IF;
        END LOOP;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        FOR held IN SELECT n FROM unnest(ARRAY[NEW.first_name, NEW.last_name]) AS n WHERE n <> '' ORDER BY n LOOP
            INSERT INTO people_personname (name, holders) VALUES (held, 1)
                ON CONFLICT (name) DO UPDATE SET holders = people_personname.holders + 1;
        END LOOP;
    END IF;
    RETURN NULL;
END $$
"""
# The names counted from the persons (also after a bulk load that fired no trigger: bench/scale/build.py).
FILL = """INSERT INTO people_personname (name, holders)
    SELECT n, count(*) FROM (SELECT first_name AS n FROM people_person
                             UNION ALL SELECT last_name FROM people_person) AS held
    WHERE n <> '' GROUP BY n"""
CREATE = (
    "CREATE TABLE people_personname (name varchar(100) PRIMARY KEY, holders integer NOT NULL CHECK (holders > 0))",
    "CREATE INDEX person_name_trgm ON people_personname USING gin (UPPER(name::text) gin_trgm_ops)",
    FILL,
    FUNCTION,
    "CREATE TRIGGER people_person_names_on_insert AFTER INSERT ON people_person "
    "FOR EACH ROW EXECUTE FUNCTION people_count_names()",
    "CREATE TRIGGER people_person_names_on_rename AFTER UPDATE OF first_name, last_name ON people_person "
    "FOR EACH ROW WHEN (OLD.first_name IS DISTINCT FROM NEW.first_name OR OLD.last_name IS DISTINCT FROM "
    "NEW.last_name) EXECUTE FUNCTION people_count_names()",
    "CREATE TRIGGER people_person_names_on_delete AFTER DELETE ON people_person "
    "FOR EACH ROW EXECUTE FUNCTION people_count_names()",
    # (TRUNCATE deletes no rows one by one: `flush`, say, empties the names with it.)
    "CREATE FUNCTION people_forget_names() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN TRUNCATE people_personname; RETURN NULL; END $$",
    "CREATE TRIGGER people_person_names_on_truncate AFTER TRUNCATE ON people_person "
    "FOR EACH STATEMENT EXECUTE FUNCTION people_forget_names()",
    "DROP INDEX IF EXISTS person_first_name_trgm",
    "DROP INDEX IF EXISTS person_last_name_trgm",
)
DROP = (
    "DROP TRIGGER IF EXISTS people_person_names_on_insert ON people_person",
    "DROP TRIGGER IF EXISTS people_person_names_on_rename ON people_person",
    "DROP TRIGGER IF EXISTS people_person_names_on_delete ON people_person",
    "DROP TRIGGER IF EXISTS people_person_names_on_truncate ON people_person",
    "DROP FUNCTION IF EXISTS people_forget_names()",
    "DROP FUNCTION IF EXISTS people_count_names()",
    "DROP TABLE IF EXISTS people_personname",
    "CREATE INDEX IF NOT EXISTS person_first_name_trgm ON people_person USING gin (UPPER(first_name::text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS person_last_name_trgm ON people_person USING gin (UPPER(last_name::text) gin_trgm_ops)",
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0004_name_search_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="PersonName",
            fields=[
                ("name", models.CharField(max_length=100, primary_key=True, serialize=False)),
                ("holders", models.PositiveIntegerField()),
            ],
            options={"db_table": "people_personname", "managed": False},
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["last_name", "first_name"], name="person_last_first_idx"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["first_name"], name="person_first_name_idx"),
        ),
        migrations.RunPython(create, drop),
    ]
