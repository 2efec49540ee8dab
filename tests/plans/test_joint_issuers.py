"""A jointly issued document keeps every issuer, lead first, through import, page and exports."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from plans.importing import PlanOverrides, import_plan
from plans.models import Plan

pytestmark = pytest.mark.django_db

JOINT = (
    "重庆市发展和改革委员会\n重庆市公安局\n重庆市体育局\n"
    "关于印发《持续扩大消费若干措施》的通知\n渝发改规范〔2025〕7号\n市政府各部门，有关单位：\n"
    "《持续扩大消费若干措施》已经市政府同意，现印发给你们。\n"
    "重庆市发展和改革委员会\u3000重庆市公安局\n重庆市体育局\n2025年11月6日\n"
    "持续扩大消费若干措施\n一、总体要求\n坚持以人民为中心。\n二、主要任务\n加快建设。\n"
)
ISSUERS = ["重庆市发展和改革委员会", "重庆市公安局", "重庆市体育局"]


def _joint() -> Plan:
    return import_plan(data=JOINT.encode(), source="cq.txt", overrides=PlanOverrides()).plan


def test_an_imported_joint_document_stores_every_issuer_lead_first():
    plan = Plan.objects.get(pk=_joint().pk)
    assert plan.issuer == ISSUERS[0]
    assert plan.issuers == ISSUERS


def test_the_plan_page_names_every_issuer(client):
    plan = _joint()
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "重庆市发展和改革委员会、重庆市公安局、重庆市体育局" in html


def test_export_plan_and_the_api_add_the_issuers_beside_the_lead(client):
    plan = _joint()
    out = StringIO()
    call_command("export_plan", plan.slug, stdout=out)
    exported = json.loads(out.getvalue())
    api = client.get(reverse("plans:api_plan", args=[plan.slug])).json()
    listed = client.get(reverse("plans:api_plans")).json()["plans"][0]
    for doc in (exported, api, listed):
        assert (doc["issuer"], doc["issuers"]) == (ISSUERS[0], ISSUERS)


def test_a_plan_imported_in_the_admin_keeps_its_issuers(admin_client):
    upload = SimpleUploadedFile("cq.txt", JOINT.encode(), content_type="text/plain")
    admin_client.post("/admin/plans/plan/import/", {"document": upload})
    assert Plan.objects.get(source="cq.txt").issuers == ISSUERS


def test_a_plan_with_one_issuer_exports_it_as_a_list_of_one(client):
    text = (
        "北京市人民政府\n关于印发北京市数字政府规划的通知\n各区人民政府：\n一、总体要求\n坚持。\n"
    )
    plan = import_plan(data=text.encode(), source="bj.txt", overrides=PlanOverrides()).plan
    Plan.objects.filter(pk=plan.pk).update(issuers=[])  # a row imported before the list existed
    api = client.get(reverse("plans:api_plan", args=[plan.slug])).json()
    assert api["issuers"] == ["北京市人民政府"]


def test_the_migration_gives_plans_imported_before_it_their_lead_as_the_list():
    from importlib import import_module

    from django.apps import apps

    plan = _joint()
    Plan.objects.filter(pk=plan.pk).update(issuers=[])
    import_module("plans.migrations.0010_plan_issuers").lead_alone(apps, None)
    assert Plan.objects.get(pk=plan.pk).issuers == [ISSUERS[0]]


def test_the_admin_preview_names_every_issuer(admin_client):
    upload = SimpleUploadedFile("cq.txt", JOINT.encode(), content_type="text/plain")
    preview = admin_client.post("/admin/plans/plan/import/", {"document": upload, "_preview": "1"})
    rows = {str(row["label"]): row for row in preview.context["rows"]}
    assert rows["发文机关"]["value"] == "、".join(ISSUERS)


def test_a_lead_issuer_corrected_in_the_admin_leads_the_list(admin_client):
    plan = _joint()
    url = reverse("admin:plans_plan_change", args=[plan.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "interprets"}
    data.update(jurisdiction=plan.jurisdiction_id, era=plan.era_id or "", warnings="[]")
    data.update(issuer="重庆市公安局", issuers="、".join(ISSUERS))
    assert admin_client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.issuers == ["重庆市公安局", "重庆市发展和改革委员会", "重庆市体育局"]
