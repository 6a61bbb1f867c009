"""Case references begin with their unit's prefix instead of the shared HV (HV-2026-0001 → STH-2026-0001),
so two units' first cases of a year no longer carry the same reference. The number part is kept, so a
reference written down before still finds its case (the search matches on year and number too)."""

from django.db import migrations

OLD_PREFIX = "HV-"


def to_unit_prefixes(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    for case in Case.objects.filter(reference__startswith=OLD_PREFIX).select_related("unit").order_by("pk"):
        case.reference = f"{case.unit.reference_prefix}-{case.reference[len(OLD_PREFIX):]}"
        case.save(update_fields=["reference"])


def to_shared_prefix(apps, schema_editor):
    """Backwards: references are unique per unit only, so going back to HV- cannot collide."""
    Case = apps.get_model("cases", "Case")
    for case in Case.objects.select_related("unit").order_by("pk"):
        unit_prefix = f"{case.unit.reference_prefix}-"
        if case.reference.startswith(unit_prefix):
            case.reference = OLD_PREFIX + case.reference[len(unit_prefix):]
            case.save(update_fields=["reference"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial"), ("core", "0005_unit_reference_prefix_unique")]

    operations = [migrations.RunPython(to_unit_prefixes, to_shared_prefix)]
