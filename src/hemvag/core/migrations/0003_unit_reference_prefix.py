"""Each unit gets its own case-reference prefix (STH, GBG …). Added empty here, filled by 0004, made
required and unique by 0005 (the three steps Django recommends for a unique field on existing rows)."""

from django.db import migrations, models

import hemvag.core.references


class Migration(migrations.Migration):
    dependencies = [("core", "0002_append_only_logs")]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="reference_prefix",
            field=models.CharField(
                max_length=6, null=True, verbose_name="reference prefix",
                validators=[hemvag.core.references.validate_reference_prefix],
            ),
        ),
        migrations.AlterField(
            model_name="unit",
            name="code",
            field=models.SlugField(
                help_text="The unit's internal short name, e.g. sth-fa.", max_length=20, unique=True,
                verbose_name="short code",
            ),
        ),
    ]
