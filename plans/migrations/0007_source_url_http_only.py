from __future__ import annotations

import re

import django.core.validators
from django.db import migrations, models

# The rule of plans.parsing.text.is_web_url as it was when this migration was written.
_WEB_URL = re.compile(r"https?://[^\x00-\x20\x7f/?#\\]+[^\x00-\x20\x7f]*", re.IGNORECASE)


def blank_non_web_urls(apps, schema_editor):
    """A source address that is not http(s) (javascript:, a bare name) is cleared, and the
    plan's warnings say what it was, so staff can enter the right one."""
    Plan = apps.get_model("plans", "Plan")
    for plan in Plan.objects.exclude(source_url="").only("pk", "source_url", "warnings"):
        if _WEB_URL.fullmatch(plan.source_url):
            continue
        shown = plan.source_url[:80]
        plan.warnings = [
            *(plan.warnings or []),
            f"原文网址「{shown}」不是 http(s) 网址，已清除；如有原文网址，请在管理后台填写。",
        ]
        plan.source_url = ""
        plan.save(update_fields=["source_url", "warnings"])


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0006_s11_16_search_grams"),
    ]

    operations = [
        migrations.AlterField(
            model_name="plan",
            name="source_url",
            field=models.URLField(
                blank=True,
                help_text="以 http:// 或 https:// 开头的网址",
                max_length=500,
                validators=[django.core.validators.URLValidator(schemes=["http", "https"])],
                verbose_name="原文网址",
            ),
        ),
        migrations.RunPython(blank_non_web_urls, migrations.RunPython.noop, elidable=True),
    ]
