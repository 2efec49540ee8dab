from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from plans.models import Jurisdiction, Plan, Section

SEED_SLUGS = {
    "yunnan-2022-egov-plan",
    "yunnan-2023-digital-gov-programme",
    "yunnan-2023-programme-interpretation",
    "wangcang-2023-digital-gov-plan",
    "hunan-13th-egov-plan",
}
CORPUS_SLUGS = {
    "national-2022-digital-gov-opinion",
    "jiangsu-2021-digital-gov-plan",
    "shanxi-2023-digital-gov-plan",
    "baotou-2022-evaluation-measures",
}


def _json(command: str, *args) -> object:
    from io import StringIO

    out = StringIO()
    call_command(command, *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_load_seeds_imports_every_seed_and_corpus_document(seeded):
    assert set(Plan.objects.values_list("slug", flat=True)) == SEED_SLUGS | CORPUS_SLUGS


@pytest.mark.django_db
def test_a_second_load_seeds_changes_nothing(seeded, capsys):
    sections = list(Section.objects.order_by("pk").values_list("pk", "title"))
    call_command("load_seeds")
    out = capsys.readouterr().out
    assert "9 documents: 9 unchanged" in out
    assert list(Section.objects.order_by("pk").values_list("pk", "title")) == sections


@pytest.mark.django_db
def test_the_catalogue_places_wangcang_under_guangyuan_and_sichuan(seeded):
    wangcang = Jurisdiction.objects.get(name="旺苍县")
    assert [j.name for j in wangcang.ancestors] == ["全国", "四川省", "广元市"]
    assert [j.level for j in [*wangcang.ancestors, wangcang]] == [
        "national",
        "province",
        "prefecture",
        "county",
    ]


@pytest.mark.django_db
def test_the_interpretation_points_at_the_plan_it_interprets(seeded):
    news = Plan.objects.get(slug="yunnan-2023-programme-interpretation")
    assert news.kind == Plan.Kind.INTERPRETATION
    assert news.interprets.slug == "yunnan-2023-digital-gov-programme"


@pytest.mark.django_db
def test_list_plans_json_has_the_agreed_shape(seeded):
    rows = _json("list_plans", "--json")
    assert len(rows) == 9
    for row in rows:
        assert set(row) == {
            "slug",
            "title",
            "source",
            "jurisdiction",
            "level",
            "era",
            "kind",
            "sections",
        }
    hunan = next(r for r in rows if r["slug"] == "hunan-13th-egov-plan")
    assert hunan["source"] == "003_dd87d9a963713ff9.txt"
    assert (hunan["jurisdiction"], hunan["level"], hunan["era"]) == ("湖南省", "province", "十三五")
    assert hunan["sections"] == Section.objects.filter(plan__slug=hunan["slug"]).count() > 30


@pytest.mark.django_db
def test_export_plan_json_has_the_agreed_shape_in_document_order(seeded):
    doc = _json("export_plan", "wangcang-2023-digital-gov-plan")
    assert doc["jurisdiction"] == {"name": "旺苍县", "level": "county", "parent": "广元市"}
    assert doc["era"] == {"name": "十四五", "start": 2021, "end": 2025}
    assert (doc["doc_number"], doc["issued"], doc["kind"], doc["script"]) == (
        "旺府发〔2023〕15号",
        "2023-06-15",
        "plan",
        "simplified",
    )
    keys = {
        "id",
        "parent_id",
        "depth",
        "kind",
        "label",
        "title",
        "text",
        "text_simplified",
        "implied",
        "flags",
    }
    ids = set()
    for s in doc["sections"]:
        assert keys <= set(s)
        assert s["parent_id"] is None or s["parent_id"] in ids
        ids.add(s["id"])
    box = next(s for s in doc["sections"] if s["label"] == "专栏1")
    items = [s for s in doc["sections"] if s["parent_id"] == box["id"]]
    assert items[0]["label"] == "1." and items[0]["title"] == "电子政务外网"
    assert all(s["kind"] == "box_item" for s in items)
