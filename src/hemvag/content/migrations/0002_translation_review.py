"""A translator's review per language version, in place of the "demo translation" flag.

Swedish versions become the original ("source"). Every other version becomes "not reviewed": the old flag only
said that a text was a demo translation, never that anyone had reviewed the others, so none is claimed reviewed.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def mark_swedish_as_source(apps, schema_editor):
    PageVersion = apps.get_model("content", "PageVersion")
    PageVersion.objects.filter(language="sv").update(translation_status="source")


class Migration(migrations.Migration):

    dependencies = [
        ('content', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='pageversion',
            name='review_recorded_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='review recorded'),
        ),
        migrations.AddField(
            model_name='pageversion',
            name='review_recorded_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='review recorded by'),
        ),
        migrations.AddField(
            model_name='pageversion',
            name='reviewed_on',
            field=models.DateField(blank=True, null=True, verbose_name='reviewed on'),
        ),
        migrations.AddField(
            model_name='pageversion',
            name='reviewer_name',
            field=models.CharField(blank=True, max_length=120, verbose_name='reviewed by (translator)'),
        ),
        migrations.AddField(
            model_name='pageversion',
            name='translation_status',
            field=models.CharField(choices=[('source', 'Original (Swedish)'), ('draft', 'Translation not reviewed'), ('reviewed', 'Reviewed by a translator')], default='draft', max_length=16, verbose_name='translation status'),
        ),
        migrations.RunPython(mark_swedish_as_source, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='pageversion',
            name='demo_translation',
        ),
        migrations.AddConstraint(
            model_name='pageversion',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('translation_status', 'reviewed'), models.Q(('reviewer_name', ''), _negated=True), ('reviewed_on__isnull', False)), models.Q(models.Q(('translation_status', 'reviewed'), _negated=True), ('reviewer_name', ''), ('reviewed_on__isnull', True)), _connector='OR'), name='content_review_has_who_and_when'),
        ),
    ]
