"""Plan.text_chars: the length of the plan's text, kept so that a page needing only the size
(is the plan too long to be read whole?) never reads the text; filled for plans already stored."""

from __future__ import annotations

from django.db import migrations, models
from django.db.models.functions import Length


def measure(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    Plan.objects.update(text_chars=Length("raw_text"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0015_sqlite_fulltext_triggers")]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="text_chars",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="原文字数"),
        ),
        migrations.RunPython(measure, migrations.RunPython.noop),
    ]
