"""A plan's source address is http(s) or nothing: at import, in the admin, on the page, in JSON."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from plans.messages import translated
from plans.models import Plan
from plans.parsing import parse_plan
from plans.parsing.text import is_web_url

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SHANXI = "2023-12-28-shanxi.markdown"
REAL = "https://www.shanxi.gov.cn/zfxxgk/zfxxgkzl/fdzdgknr/lzyj/szfbgtwj/202401/t20240111_9481487.shtml"
IMPORT = "/admin/plans/plan/import/"


def _shanxi(source: str) -> bytes:
    text = (SEEDS / SHANXI).read_text(encoding="utf-8")
    assert f'"{REAL}"' in text
    return text.replace(f'"{REAL}"', f'"{source}"').encode()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.gov.cn/zhengce/a.htm", True),
        ("http://example.gov.cn/a?b=1#c", True),
        ("HTTPS://WWW.GOV.CN/", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        (" https://www.gov.cn/", False),  # a browser strips the space; stored, it would stay
        ("https://www.gov.cn/a\nb", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("ftp://ftp.gov.cn/a.txt", False),
        ("//evil.example/a", False),
        ("/plans/x/", False),
        ("新华社", False),
        ("https://", False),
        ("https:///a", False),
        ("", False),
    ],
)
def test_only_absolute_http_addresses_are_web_urls(url, expected):
    assert is_web_url(url) is expected


@pytest.mark.parametrize("key", ["source", "url", "link"])
def test_a_javascript_link_in_front_matter_is_dropped_with_a_warning_naming_it(key):
    data = _shanxi("javascript:alert(document.cookie)").replace(b"source:", f"{key}:".encode())

    parsed = parse_plan(data, filename=SHANXI)

    assert parsed.metadata.source_url == ""
    [warning] = [w for w in parsed.warnings if "javascript:alert(document.cookie)" in w]
    assert warning.startswith(f"文首 {key} 的值") and "不是 http(s) 网址" in warning


def test_an_http_link_in_front_matter_is_kept_without_a_warning():
    parsed = parse_plan((SEEDS / SHANXI).read_bytes(), filename=SHANXI)

    assert parsed.metadata.source_url == REAL
    assert not [w for w in parsed.warnings if "网址" in w]


@pytest.mark.django_db
def test_the_import_command_stores_no_javascript_link_and_keeps_the_warning(tmp_path):
    path = tmp_path / SHANXI
    path.write_bytes(_shanxi("javascript:alert(1)"))

    call_command("import_plan", str(path))

    plan = Plan.objects.get()
    assert plan.source_url == ""
    assert any("javascript:alert(1)" in translated(w) for w in plan.warnings)


@pytest.mark.django_db
def test_the_admin_preview_warns_and_the_confirmed_import_stores_no_link(admin_client):
    upload = SimpleUploadedFile(SHANXI, _shanxi("javascript:alert(1)"))

    preview = admin_client.post(IMPORT, {"document": upload, "_preview": "1"})

    assert preview.status_code == 200 and not Plan.objects.exists()
    assert any("javascript:alert(1)" in w for w in preview.context["warnings"])
    values = {k: v or "" for k, v in preview.context["form"].initial.items()}
    admin_client.post(IMPORT, {**values, "_confirm": "1"})
    assert Plan.objects.get().source_url == ""


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://ftp.gov.cn/a.txt"])
def test_the_admin_change_form_refuses_an_address_that_is_not_http(admin_client, url):
    call_command("import_plan", str(SEEDS / SHANXI))
    plan = Plan.objects.get()
    change = reverse("admin:plans_plan_change", args=[plan.pk])
    form = admin_client.get(change).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "interprets"}
    data.update({"jurisdiction": plan.jurisdiction_id, "era": plan.era_id or "", "warnings": "[]"})
    data["issuers"] = json.dumps(plan.issuers, ensure_ascii=False)  # the form's JSON text

    kept = admin_client.post(change, {**data, "source_url": "https://www.gov.cn/a.htm"})
    refused = admin_client.post(change, {**data, "source_url": url})

    assert kept.status_code == 302
    assert refused.status_code == 200 and "source_url" in refused.context["adminform"].form.errors
    assert Plan.objects.get().source_url == "https://www.gov.cn/a.htm"


@pytest.mark.django_db
def test_an_older_javascript_link_is_shown_as_text_and_left_out_of_the_json(client):
    call_command("import_plan", str(SEEDS / SHANXI))
    Plan.objects.update(source_url="javascript:alert(1)")  # stored before the rule existed
    plan = Plan.objects.get()

    page = client.get(plan.get_absolute_url()).content.decode()
    api = client.get(reverse("plans:api_plan", args=[plan.slug])).json()

    assert 'href="javascript:' not in page and "javascript:alert(1)" in page
    assert api["source_url"] == ""


@pytest.mark.django_db
def test_the_migration_clears_addresses_that_are_not_http_and_says_so():
    call_command("import_plan", str(SEEDS / SHANXI))
    migration = importlib.import_module("plans.migrations.0007_source_url_http_only")
    Plan.objects.update(source_url="javascript:alert(1)")

    migration.blank_non_web_urls(apps, None)

    plan = Plan.objects.get()
    assert plan.source_url == ""
    assert "原文网址「javascript:alert(1)」不是 http(s) 网址，已清除" in plan.warnings[-1]


@pytest.mark.django_db
def test_the_migration_keeps_http_addresses():
    call_command("import_plan", str(SEEDS / SHANXI))
    migration = importlib.import_module("plans.migrations.0007_source_url_http_only")

    migration.blank_non_web_urls(apps, None)

    assert Plan.objects.get().source_url == REAL
