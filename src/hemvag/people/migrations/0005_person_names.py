"""The register's distinct names, for the search by name (the table and its triggers on PostgreSQL only).

people_personname holds every first or family name a person holds, once, with how many persons hold it;
triggers on people_person keep it on every insert, update, delete and truncate, whichever code or tool writes.
The search looks a word up among these few thousand names with a trigram index and then finds the persons by
their exact names in the two B-tree indexes below (models.PersonName says why). Person's own trigram indexes
(migration 0004) are no longer asked and go. SQLite has neither the table nor the triggers: its search reads
the persons.
"""

from django.db import migrations, models

# One statement-level trigger function for all three writes, with the statement's rows as transition tables
# (`added`, `removed`): a bulk insert (a register import) counts its names in one statement, not row by row,
# and a change that leaves every name as it was (a new phone number) touches no name at all. Names are counted
# once per field that holds them ("Ali Ali" holds "Ali" twice); the rows are locked in the names' order, so
# that two transactions writing the same names wait for each other instead of deadlocking.
FUNCTION = """
CREATE FUNCTION people_count_names() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    names text[];
    changes integer[];
    held CONSTANT text := 'SELECT n, %s AS d FROM %I, unnest(ARRAY[first_name, last_name]) AS n';
BEGIN
    -- Each name's net change over the statement's rows (an insert has only `added`, a delete only `removed`:
    -- hence the query is put together for the operation).
    EXECUTE format('SELECT array_agg(n ORDER BY n), array_agg(d ORDER BY n) FROM (SELECT n, sum(d)::integer AS d '
                   'FROM (%s) AS held WHERE n <> %L GROUP BY n HAVING sum(d) <> 0) AS change',
                   CASE TG_OP WHEN 'INSERT' THEN format(held, 1, 'added')
                              WHEN 'DELETE' THEN format(held, -1, 'removed')
                              ELSE format(held, 1, 'added') || ' UNION ALL ' || format(held, -1, 'removed') END, '')
        INTO names, changes;
    IF names IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM 1 FROM people_personname WHERE name = ANY(names) ORDER BY name FOR UPDATE;
    INSERT INTO people_personname (name, holders)
        SELECT n, d FROM unnest(names, changes) AS change(n, d) WHERE d > 0 ORDER BY n
        ON CONFLICT (name) DO UPDATE SET holders = people_personname.holders + EXCLUDED.holders;
    UPDATE people_personname SET holders = holders + change.d
        FROM unnest(names, changes) AS change(n, d) WHERE change.d < 0 AND name = change.n;
    DELETE FROM people_personname WHERE holders = 0 AND name = ANY(names);
    RETURN NULL;
END $$
"""
# The names counted from the persons (also after a bulk load that fired no trigger: bench/scale/build.py).
FILL = """INSERT INTO people_personname (name, holders)
    SELECT n, count(*) FROM (SELECT first_name AS n FROM people_person
                             UNION ALL SELECT last_name FROM people_person) AS held
    WHERE n <> '' GROUP BY n"""
CREATE = (
    "CREATE TABLE people_personname (name varchar(100) PRIMARY KEY, holders integer NOT NULL CHECK (holders >= 0))",
    "CREATE INDEX person_name_trgm ON people_personname USING gin (UPPER(name::text) gin_trgm_ops)",
    FILL,
    FUNCTION,
    "CREATE TRIGGER people_person_names_on_insert AFTER INSERT ON people_person REFERENCING NEW TABLE AS added "
    "FOR EACH STATEMENT EXECUTE FUNCTION people_count_names()",
    # (Every UPDATE: PostgreSQL allows no column list beside transition tables; one without a new name is a no-op.)
    "CREATE TRIGGER people_person_names_on_update AFTER UPDATE ON people_person "
    "REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION people_count_names()",
    "CREATE TRIGGER people_person_names_on_delete AFTER DELETE ON people_person REFERENCING OLD TABLE AS removed "
    "FOR EACH STATEMENT EXECUTE FUNCTION people_count_names()",
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
    "DROP TRIGGER IF EXISTS people_person_names_on_update ON people_person",
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
            schema_editor.execute(statement, params=None)  # no parameters: the function's format() has % signs


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
