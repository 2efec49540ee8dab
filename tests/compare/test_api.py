"""The read-only JSON API: plans, sections and comparisons, on the real seeds."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from compare import curating
from compare.models import AlignmentRun, SectionLink, plan_set_key
from plans.models import Plan, Section, Target
from plans.serializers import plan_as_dict
from tests.moduledata import aligned_for_the_module

Y22, HN, WC, Y23, JS = (
    "yunnan-2022-egov-plan",
    "hunan-13th-egov-plan",
    "wangcang-2023-digital-gov-plan",
    "yunnan-2023-digital-gov-programme",
    "jiangsu-2021-digital-gov-plan",
)
THREE = f"{Y22},{HN},{WC}"
PLAN_KEYS = {
    "slug",
    "title",
    "source",
    "jurisdiction",
    "era",
    "doc_number",
    "issuer",
    "issuers",
    "issued",
    "kind",
    "script",
    "sections",
    "url",
    "api",
}
SECTION_KEYS = {
    "id",
    "plan",
    "parent_id",
    "depth",
    "kind",
    "label",
    "title",
    "text",
    "text_simplified",
    "implied",
    "flags",
    "duties",
    "projects",
    "url",
    "children",
    "targets",
}
TARGET_KEYS = {
    "section_id",
    "indicator",
    "value",
    "unit",
    "comparator",
    "deadline",
    "scope",
    "text",
    "baseline",
    "direction",
}


_aligned_once = aligned_for_the_module((Y22, HN, WC))


@pytest.fixture
def aligned(_aligned_once, seeded):
    return seeded


def _json(response, status: int = 200):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    return response.json()


def _compare(client, plans: str = THREE, **params):
    return client.get(reverse("compare:api_compare"), {"plans": plans, **params})


# The index


@pytest.mark.django_db
def test_the_index_lists_every_endpoint_and_each_one_answers(client, aligned):
    endpoints = _json(client.get("/api/"))["endpoints"]
    assert all(e["description"] for e in endpoints)
    listed = {e["url"].split("?")[0] for e in endpoints}
    assert {"/api/coverage/", "/api/evolution/"} <= listed
    section = Section.objects.filter(plan__slug=WC).first()
    for e in endpoints:
        url = (
            e["url"]
            .replace("<slug>,<slug>[,<slug>,<slug>]", THREE)
            .replace("<slug>", WC)
            .replace("<id>", str(section.pk))
            .replace("<upper>", Y22)
            .replace("<lower>", WC)
            .replace("<earlier>", HN)
            .replace("<later>", Y22)
        )
        assert client.get(url).status_code == 200, url


# Plans


@pytest.mark.django_db
def test_the_plan_list_describes_every_plan(client, seeded):
    plans = _json(client.get(reverse("plans:api_plans")))["plans"]
    assert {p["slug"] for p in plans} == {p.slug for p in seeded}
    by_slug = {p["slug"]: p for p in plans}
    assert all(set(p) == PLAN_KEYS for p in plans)
    wc = by_slug[WC]
    assert wc["jurisdiction"] == {
        "name": "旺苍县",
        "slug": wc["jurisdiction"]["slug"],
        "level": "county",
        "parent": "广元市",
    }
    assert wc["era"] == {"name": "十四五", "start": 2021, "end": 2025}
    assert wc["doc_number"] == "旺府发〔2023〕15号" and wc["issued"] == "2023-06-15"
    assert by_slug[HN]["script"] == "traditional"
    for p in plans:
        assert p["sections"] == Section.objects.filter(plan__slug=p["slug"]).count()
        assert client.get(p["url"]).status_code == 200
        assert client.get(p["api"]).status_code == 200


@pytest.mark.django_db
def test_the_plan_list_speaks_utf8_not_escapes(client, seeded):
    body = client.get(reverse("plans:api_plans")).content.decode()
    assert "旺苍县" in body and "\\u" not in body


@pytest.mark.django_db
def test_the_plan_list_takes_one_query_however_many_plans(
    client, seeded, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert len(_json(client.get(reverse("plans:api_plans")))["plans"]) == 9
    Plan.objects.exclude(slug__in=[Y22, WC]).delete()
    with django_assert_num_queries(1):
        assert len(_json(client.get(reverse("plans:api_plans")))["plans"]) == 2


@pytest.mark.django_db
def test_a_plan_is_its_export_with_its_page_url(client, seeded, django_assert_num_queries):
    with django_assert_num_queries(4):  # + its text and the catalogue's titles (cited documents)
        data = _json(client.get(reverse("plans:api_plan", args=[WC])))
    plan = Plan.objects.get(slug=WC)
    cited = data.pop("cited")
    assert data == {**plan_as_dict(plan), "url": plan.get_absolute_url()}
    assert {"title": "广元市“十四五”数字政府建设规划", "count": 1, "slug": None} in cited
    assert len(data["sections"]) == plan.sections.count()


@pytest.mark.django_db
def test_a_traditional_plan_keeps_its_script_beside_the_simplified_form(client, seeded):
    sections = _json(client.get(reverse("plans:api_plan", args=[HN])))["sections"]
    assert any("電子政務" in s["text"] and "电子政务" in s["text_simplified"] for s in sections)


# Sections


@pytest.mark.django_db
def test_a_target_gives_the_baseline_its_plan_states(client, seeded):
    target = Target.objects.get(section__plan__slug=Y22, indicator="政务服务事项网上可办率")
    data = _json(client.get(reverse("plans:api_section", args=[Y22, target.section_id])))
    found = {t["indicator"]: t for t in data["targets"]}["政务服务事项网上可办率"]
    assert found["baseline"] == {"value": 95.0, "unit": "%", "year": 2020}
    assert found["direction"] == "提高"


@pytest.mark.django_db
def test_a_section_has_its_text_children_and_targets(client, seeded, django_assert_num_queries):
    target = Target.objects.filter(section__plan__slug=Y22, indicator="政务信息系统上云率").first()
    goal = target.section
    with django_assert_num_queries(3):
        data = _json(client.get(reverse("plans:api_section", args=[Y22, goal.pk])))
    assert set(data) == SECTION_KEYS
    assert data["plan"] == Y22 and data["kind"] == "goal" and data["parent_id"] == goal.parent_id
    assert data["text"] == goal.body and data["url"] == goal.get_absolute_url()
    found = {t["indicator"]: t for t in data["targets"]}
    assert all(set(t) == TARGET_KEYS for t in data["targets"])
    assert found["政务信息系统上云率"]["value"] == 90 and found["政务信息系统上云率"]["unit"] == "%"
    assert found["政务信息系统上云率"]["baseline"] is None
    parent = _json(client.get(reverse("plans:api_section", args=[Y22, goal.parent_id])))
    assert goal.pk in parent["children"]
    expected = list(Section.objects.filter(parent_id=goal.parent_id).order_by("order"))
    assert parent["children"] == [s.pk for s in expected]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/api/plans/nowhere/", "no plan with slug 'nowhere'; the plans are listed at /api/plans/"),
        ("/api/plans/nowhere/sections/1/", "no plan with slug 'nowhere'"),
        ("/api/plans/{wc}/sections/999999/", "plan '{wc}' has no section 999999"),
        # A section that exists, but in another plan.
        ("/api/plans/{wc}/sections/{y22}/", "its section ids are listed at /api/plans/{wc}/"),
    ],
)
def test_unknown_plans_and_sections_are_404_json_that_says_where_to_look(
    client, seeded, path, message
):
    y22_section = Section.objects.filter(plan__slug=Y22).first().pk
    fill = {"wc": WC, "y22": y22_section}
    data = _json(client.get(path.format(**fill)), 404)
    assert message.format(**fill) in data["error"]


# Comparisons


@pytest.mark.django_db
def test_a_comparison_has_plans_rows_and_their_links(client, aligned, django_assert_num_queries):
    # And the alignment's version and the latest catalogue index (which words are common), and
    # the client's place among the costly requests (web.costly: 6, taken and given back).
    with django_assert_num_queries(13):
        data = _json(_compare(client))
    with django_assert_num_queries(1):  # seen again: the version, then the kept answer
        assert _json(_compare(client)) == data
    assert set(data) == {"plans", "summary", "rows", "links"}
    assert [p["slug"] for p in data["plans"]] == [Y22, HN, WC]
    assert data["rows"] and all(set(r["cells"]) == {Y22, HN, WC} for r in data["rows"])
    plans = Plan.objects.filter(slug__in=[Y22, HN, WC])
    stored = SectionLink.objects.between(plans).shown()
    assert {link["id"] for link in data["links"]} == set(stored.values_list("id", flat=True))
    assert all(
        set(link) == {"id", "left", "right", "score", "status", "reason"} for link in data["links"]
    )
    # Every link a row shows is in the list.
    in_rows = {
        s["link"]
        for r in data["rows"]
        for cell in r["cells"].values()
        for s in cell["sections"] + cell["also"]
        if "link" in s
    }
    assert in_rows <= {link["id"] for link in data["links"]}


@pytest.mark.django_db
def test_links_read_from_the_earlier_column_to_the_later(client, aligned):
    column = {slug: i for i, slug in enumerate([WC, HN, Y22])}
    plan_of = dict(Section.objects.values_list("id", "plan__slug"))
    links = _json(_compare(client, f"{WC},{HN},{Y22}"))["links"]
    assert links
    assert all(column[plan_of[x["left"]]] < column[plan_of[x["right"]]] for x in links)


@pytest.mark.django_db
def test_a_rejected_link_is_left_out(client, aligned):
    curator = get_user_model().objects.create_superuser("curator", password="x")
    link = SectionLink.objects.between(Plan.objects.filter(slug__in=[Y22, WC])).first()
    curating.reject_link(link, actor=curator, note="not the same topic")
    data = _json(_compare(client))
    assert link.pk not in {x["id"] for x in data["links"]}
    shown = [
        s
        for r in data["rows"]
        for cell in r["cells"].values()
        for s in cell["sections"] + cell["also"]
    ]
    assert link.pk not in {s.get("link") for s in shown}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"part": "goals"}, lambda r: r["part"] == "goals"),
        ({"part": "tasks"}, lambda r: r["part"] == "tasks"),
        ({"unique": "1"}, lambda r: r["unique"]),
        ({"differ": "1"}, lambda r: r["differs"] and not r["unique"]),
        ({"min": "0.6"}, lambda r: r["score"] >= 0.6),
    ],
)
def test_the_page_filters_narrow_the_rows(client, aligned, params, check):
    everything = _json(_compare(client))["rows"]
    rows = _json(_compare(client, **params))["rows"]
    assert rows and len(rows) < len(everything)
    assert all(check(r) for r in rows)


@pytest.mark.django_db
def test_the_chapter_filter_keeps_the_rows_of_one_chapter(client, aligned):
    chapter = Section.objects.filter(plan__slug=Y22, parent=None).order_by("order")[2]
    rows = _json(_compare(client, chapter=chapter.pk))["rows"]
    assert rows
    parent = dict(Section.objects.filter(plan__slug=Y22).values_list("id", "parent_id"))

    def root(sid: int) -> int:
        return sid if parent[sid] is None else root(parent[sid])

    first_plan_ids = {s["id"] for r in rows for s in r["cells"][Y22]["sections"]}
    assert chapter.pk in first_plan_ids
    assert {root(sid) for sid in first_plan_ids} == {chapter.pk}


@pytest.mark.django_db
def test_a_plan_set_never_aligned_is_409_and_starts_nothing(client, seeded):
    runs = AlignmentRun.objects.count()
    data = _json(_compare(client, f"{Y22},{JS}"), 409)
    assert "never been aligned" in data["error"]
    assert f"python manage.py align {Y22} {JS}" in data["error"]
    assert data["page"] == f"/compare/?plans={Y22}%2C{JS}" and data["page"] in data["error"]
    assert data["state"] == "missing"
    assert AlignmentRun.objects.count() == runs


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "error", "message"),
    [
        (AlignmentRun.Status.RUNNING, "", "being aligned now; try again shortly"),
        (AlignmentRun.Status.FAILED, "MemoryError: too big", "failed (MemoryError: too big)"),
    ],
)
def test_a_plan_set_being_aligned_or_failed_is_409_that_says_so(
    client, seeded, status, error, message
):
    plans = list(Plan.objects.filter(slug__in=[Y22, JS]))
    run = AlignmentRun.objects.create(plan_key=plan_set_key(plans), status=status, error=error)
    run.plans.set(plans)
    data = _json(_compare(client, f"{Y22},{JS}"), 409)
    assert data["state"] == status and message in data["error"]
    assert data["page"] in data["error"]
    if status == AlignmentRun.Status.FAILED:
        assert data["page"].endswith("&retry=1")
    assert AlignmentRun.objects.count() == 1


@pytest.mark.django_db
def test_a_plan_set_is_not_aligned_until_every_pair_is(client, aligned):
    data = _json(_compare(client, f"{Y22},{HN},{Y23}"), 409)
    assert data["state"] == "missing"
    assert _compare(client, f"{HN},{Y22}").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"plans": Y22}, 400, "plans: 请选择两到四份"),
        ({"plans": f"{Y22},{Y22}"}, 400, "两到四份"),
        ({"plans": f"{Y22},{HN},{WC},{Y23},{JS}"}, 400, "现在是 5 份"),
        ({"plans": ""}, 400, "expected plans=<slug>,<slug>"),
        ({}, 400, "plans:"),
        ({"plans": THREE, "min": "2"}, 400, "min:"),
        ({"plans": THREE, "part": "intro"}, 400, "part:"),
        ({"plans": THREE, "chapter": "first"}, 400, "chapter:"),
        ({"plans": f"{Y22},nowhere"}, 404, "no plan with slug 'nowhere'"),
    ],
)
def test_bad_comparison_parameters_say_what_to_fix(client, aligned, params, status, message):
    data = _json(client.get(reverse("compare:api_compare"), params), status)
    assert message in data["error"]
    assert data["errors"]


@pytest.mark.django_db
def test_an_unknown_slug_in_a_comparison_is_looked_up_once(client, aligned):
    with CaptureQueriesContext(connection) as queries:
        data = _json(client.get(reverse("compare:api_compare"), {"plans": f"{Y22},nowhere"}), 404)
    assert "no plan with slug 'nowhere'" in data["error"]
    assert len([q for q in queries if '"plans_plan"."slug" IN' in q["sql"]]) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/",
        "/api/plans/",
        f"/api/plans/{WC}/",
        f"/api/plans/{WC}/sections/1/",
        f"/api/compare/?plans={THREE}",
    ],
)
def test_the_api_is_read_only(client, aligned, path):
    response = client.post(path, {})
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}


def _api_paths() -> list[str]:
    """Every route under /api/, its parameters filled in (405 comes before they are looked up)."""
    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, route)
            elif route.startswith("api/"):
                found.append("/" + re.sub(r"<int:\w+>", "1", re.sub(r"<slug:\w+>", "x", route)))

    walk(get_resolver().url_patterns, "")
    return found


def test_every_api_route_is_found():
    assert {"/api/", "/api/plans/x/sections/1/", "/api/compare/", "/api/coverage/"} <= set(
        _api_paths()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_without_a_csrf_token_is_405_json_not_403(method):
    client = Client(enforce_csrf_checks=True)  # as a script or another site calls the API
    for path in _api_paths():
        response = getattr(client, method)(path)
        assert response.status_code == 405, path
        assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}
        assert "read-only" in response.json()["error"]


@pytest.mark.django_db
def test_a_null_character_in_the_plans_is_a_bad_parameter_not_a_plan_looked_up(client, seeded):
    # Looked up, it would be a server error on PostgreSQL, which refuses a NUL in a query.
    response = client.get(reverse("compare:api_compare"), {"plans": f"{Y22}\x00,{WC}"})
    assert response.status_code == 400
    answer = response.json()
    assert answer["error"].startswith("bad parameters (plans: ")
    assert list(answer["errors"]) == ["plans"]
