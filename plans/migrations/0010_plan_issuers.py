from __future__ import annotations

from django.db import migrations, models


def lead_alone(apps, schema_editor):
    """Plans imported before the list existed: their one known issuer is the whole list."""
    Plan = apps.get_model("plans", "Plan")
    for plan in Plan.objects.exclude(issuer="").only("pk", "issuer").iterator():
        Plan.objects.filter(pk=plan.pk).update(issuers=[plan.issuer])


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0009_postgres_search_doc"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="issuers",
            field=models.JSONField(blank=True, default=list, verbose_name="联合发文机关"),
        ),
        migrations.RunPython(lead_alone, migrations.RunPython.noop),
    ]
