"""Who leads and by when on the plan and section pages and in the section API."""

from __future__ import annotations

from django.utils.html import escape

from plans.models import Plan, Section

SX, BT = "shanxi-2023-digital-gov-plan", "baotou-2022-evaluation-measures"


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_a_section_page_shows_who_leads_and_by_when(client, seeded):
    item = Section.objects.get(plan__slug=BT, label="18．")
    html = _html(client.get(item.get_absolute_url()))
    assert '<p class="duties">牵头：市审批服务局 · 时限：10月底完成</p>' in html


def test_a_box_page_lists_its_projects_with_their_bodies(client, seeded):
    box = Section.objects.get(plan__slug=SX, kind="box", label="专栏1")
    html = _html(client.get(box.get_absolute_url()))
    assert '<table class="projects">' in html
    assert '<th scope="row">发展改革领域数字化建设</th>' in html
    assert "<td>省发展改革委</td>" in html


def test_the_section_api_gives_duties_and_projects(client, seeded):
    item = Section.objects.get(plan__slug=BT, label="18．")
    data = client.get(f"/api/plans/{BT}/sections/{item.pk}/").json()
    assert data["duties"] == {
        "lead": ["市审批服务局"],
        "responsible": [],
        "deadline": "10月底完成",
        "year": None,
    }
    assert data["projects"] == []
    untouched = Section.objects.for_plan(item.plan).filter(duties__isnull=True).first()
    assert client.get(f"/api/plans/{BT}/sections/{untouched.pk}/").json()["duties"] is None


def test_the_plan_page_lists_the_sections_a_body_leads(client, seeded):
    plan = Plan.objects.get(slug=BT)
    html = _html(client.get(plan.get_absolute_url(), {"lead": "委网信办"}))
    assert 'id="duties"' in html
    led = Section.objects.for_plan(plan).filter(label__in=["78．", "85．"])
    for section in led:
        assert f'href="{section.get_absolute_url()}"' in html
    assert "由“委网信办”牵头或负责的条目：8 个" in html


def test_the_plan_page_offers_its_common_leads(client, seeded):
    html = _html(client.get(Plan.objects.get(slug=BT).get_absolute_url()))
    assert escape("?lead=%E5%B8%82%E5%B7%A5%E4%BF%A1%E5%B1%80#duties") in html  # 市工信局


def test_a_plan_that_names_no_one_has_no_duties_panel(client, seeded):
    named = set(Section.objects.exclude(duties__isnull=True).values_list("plan_id", flat=True))
    plan = next(p for p in seeded if p.pk not in named)
    assert 'id="duties"' not in _html(client.get(plan.get_absolute_url()))


def test_a_plan_that_names_only_responsible_bodies_offers_those_instead_of_no_lead(client, seeded):
    named = set(Section.objects.exclude(duties__isnull=True).values_list("plan_id", flat=True))
    plan = next(p for p in seeded if p.pk not in named)
    for section, bodies in zip(
        Section.objects.for_plan(plan)[:3],
        (["市商务委"], ["市商务委", "市财政局"], ["市商务委"]),
        strict=True,
    ):
        section.duties = {"lead": [], "responsible": bodies, "deadline": "", "year": None}
        section.save(update_fields=["duties"])

    html = _html(client.get(plan.get_absolute_url()))
    common = html[html.index("常见责任单位：") :].split("</p>", 1)[0]
    assert "常见牵头单位" not in html and "未写明" not in common
    assert "市商务委</a>（3）" in common and "市财政局</a>（1）" in common


def test_a_body_is_found_in_either_script():
    section = Section(
        duties={"lead": ["省大數據局"], "responsible": [], "deadline": "", "year": None}
    )
    assert section.names_body("大数据局") and section.names_body("數據局")
    assert not section.names_body("") and not section.names_body("公安厅")


def test_in_english_the_common_leads_are_counted_in_latin_brackets_and_commas(client, seeded):
    client.cookies["django_language"] = "en"
    html = _html(client.get(f"/plans/{SX}/"))
    leads = html[html.index("Most frequent leads") :].split("</p>", 1)[0]
    assert "</a> (36), <a" in leads and "（" not in leads and "、" not in leads


def test_in_english_a_section_names_its_leads_with_commas(client, seeded):
    client.cookies["django_language"] = "en"
    item = Section.objects.get(plan__slug=BT, label="3．")
    html = _html(client.get(item.get_absolute_url()))
    duties = html.split('<p class="duties">', 1)[1].split("</p>", 1)[0]
    assert duties.startswith("Lead: 市政府办公室, 市公安局 · ")
