# The case list's sorts across units and by counsellor, open cases by reference, and the statistics that tell
# PostgreSQL a counsellor works in one unit (bench/README.md, "Scale", 2026-12-03).

from django.db import migrations, models

# A counsellor works in one unit, so "this unit and this counsellor" is as many cases as the counsellor's;
# PostgreSQL, counting the two as independent, estimated a third as many and chose to filter the whole unit
# (170 ms for "with overdue tasks" against 24 ms). PostgreSQL's extended statistics tell it; SQLite has none.
STATISTICS = "case_unit_counsellor_stats"


def create_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (dependencies) "
                              "ON unit_id, assigned_counsellor_id FROM cases_case")
        schema_editor.execute("ANALYZE cases_case")


def drop_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0008_list_sort_and_search_indexes'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['assigned_counsellor', 'created_at', 'id'], name='case_counsellor_created_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['reference'], name='case_reference_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['stage', 'id'], name='case_stage_id_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['stage', '-id'], name='case_stage_iddesc_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['destination_country', 'id'], name='case_country_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['destination_country', '-id'], name='case_country_iddesc_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('stage__in', ('closed', 'closed_without_application', 'withdrawn')), _negated=True), fields=['reference'], name='case_open_reference_idx'),
        ),
        migrations.RunPython(create_statistics, drop_statistics),
    ]
