"""Who leads and by when (牵头单位, 责任单位, 完成时限) and 专栏 projects, read onto every section.

Plans imported before this migration are read here from their stored text, so they need no
second import.
"""

from __future__ import annotations

from django.db import migrations, models


def read_stored_plans(apps, schema_editor):
    from plans.lib.duties import SectionText, read_duties, read_plan_projects

    Section = apps.get_model("plans", "Section")
    Plan = apps.get_model("plans", "Plan")
    for plan_id in Plan.objects.values_list("pk", flat=True):
        rows = list(
            Section.objects.filter(plan_id=plan_id).only(
                "id", "parent_id", "kind", "title", "body", "duties", "projects"
            )
        )
        texts = [SectionText(r.pk, r.parent_id, r.kind, r.title, r.body) for r in rows]
        projects = read_plan_projects(texts)
        changed = []
        for row in rows:
            duties = read_duties(row.title + "\n" + row.body)
            row.duties = duties.as_dict() if duties else None
            row.projects = [p.as_dict() for p in projects.get(row.pk, [])]
            if row.duties or row.projects:
                changed.append(row)
        Section.objects.bulk_update(changed, ["duties", "projects"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("plans", "0011_pending_import")]

    operations = [
        migrations.AddField(
            model_name="section",
            name="duties",
            field=models.JSONField(blank=True, null=True, verbose_name="责任与时限"),
        ),
        migrations.AddField(
            model_name="section",
            name="projects",
            field=models.JSONField(blank=True, default=list, verbose_name="项目清单"),
        ),
        migrations.RunPython(read_stored_plans, migrations.RunPython.noop),
    ]
