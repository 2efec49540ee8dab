"""PlanCitation and PlanTitleKey: the documents a plan cites, read once at import instead of on
every view of its page, and the forms under which each plan's title may be cited, indexed so the
page matches them to the catalogue without reading every title; both filled for plans already
stored."""

from __future__ import annotations

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q

from plans.lib.citations import cited_documents, title_keys


def fill(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    Section = apps.get_model("plans", "Section")
    PlanTitleKey = apps.get_model("plans", "PlanTitleKey")
    PlanCitation = apps.get_model("plans", "PlanCitation")
    for plan in Plan.objects.only("pk", "title").iterator(chunk_size=500):
        PlanTitleKey.objects.bulk_create(
            PlanTitleKey(plan=plan, key=key) for key in sorted(title_keys(plan.title))
        )
        # As the plan page read them until now: the sections holding a 《, in order.
        holding = (
            Section.objects.filter(plan=plan)
            .filter(Q(title__contains="《") | Q(body__contains="《"))
            .order_by("order")
            .values_list("title", "body")
        )
        text = "\n".join(f"{title}\n{body}" for title, body in holding)
        PlanCitation.objects.bulk_create(
            PlanCitation(
                plan=plan,
                order=order,
                title=c.title,
                key=c.key,
                keys=sorted(title_keys(c.title)),
                count=c.count,
            )
            for order, c in enumerate(cited_documents(text))
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0017_section_sentence_meaning")]

    operations = [
        migrations.CreateModel(
            name="PlanTitleKey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(db_index=True, max_length=300)),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="cited_as",
                        to="plans.plan",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("plan", "key"), name="one_title_key")
                ],
            },
        ),
        migrations.CreateModel(
            name="PlanCitation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("order", models.PositiveIntegerField()),
                ("title", models.CharField(max_length=200)),
                ("key", models.CharField(db_index=True, max_length=200)),
                ("keys", models.JSONField(default=list)),
                ("count", models.PositiveIntegerField()),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="plans.plan",
                    ),
                ),
            ],
            options={
                "ordering": ["plan", "order"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("plan", "order"), name="one_citation_per_order"
                    )
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
