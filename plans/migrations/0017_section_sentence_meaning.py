"""Section.sentence_meaning: one sentence vector per sentence of a section's own text, made with
its meaning vectors at its first alignment (empty until then, as the meaning vectors are)."""

from __future__ import annotations

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0016_plan_text_chars"),
    ]

    operations = [
        migrations.AddField(
            model_name="section",
            name="sentence_meaning",
            field=models.BinaryField(blank=True, null=True, verbose_name="逐句语义向量"),
        ),
    ]
