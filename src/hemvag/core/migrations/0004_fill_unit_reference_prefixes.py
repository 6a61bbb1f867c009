"""Give every existing unit a unique reference prefix derived from its code (sth-fa → STH, gbg-fa → GBG).

Units are taken in the order they were created, so the first unit keeps the natural prefix when two codes
share their first letters, and running the step on the same rows always gives the same prefixes."""

from django.db import migrations

from hemvag.core.references import derive_reference_prefix


def fill_prefixes(apps, schema_editor):
    Unit = apps.get_model("core", "Unit")
    taken = set(Unit.objects.exclude(reference_prefix=None).values_list("reference_prefix", flat=True))
    for unit in Unit.objects.filter(reference_prefix=None).order_by("pk"):
        unit.reference_prefix = derive_reference_prefix(code=unit.code, name=unit.name, taken=taken)
        taken.add(unit.reference_prefix)
        unit.save(update_fields=["reference_prefix"])


class Migration(migrations.Migration):
    dependencies = [("core", "0003_unit_reference_prefix")]

    operations = [migrations.RunPython(fill_prefixes, migrations.RunPython.noop)]
