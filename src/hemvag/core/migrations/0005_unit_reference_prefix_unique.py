from django.db import migrations, models

import hemvag.core.references


class Migration(migrations.Migration):
    dependencies = [("core", "0004_fill_unit_reference_prefixes")]

    operations = [
        migrations.AlterField(
            model_name="unit",
            name="reference_prefix",
            field=models.CharField(
                help_text="Two to six capital letters that begin the unit's case references, e.g. STH in "
                          "STH-2026-0001.",
                max_length=6, unique=True, verbose_name="reference prefix",
                validators=[hemvag.core.references.validate_reference_prefix],
            ),
        ),
    ]
