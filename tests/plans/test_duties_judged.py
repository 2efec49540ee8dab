"""Duties read at import, measured against the judged set in tests/data/duties/ (see its README).

The documents go through the ordinary importer (the Chongqing PDF through the PDF reader), and
what the sections store is compared with what a person read in them: precision and recall of
the bodies (lead and responsible) and of the deadlines. The goal is precision >= 0.9.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from plans.importing import PlanOverrides, import_plan
from plans.models import Plan, Section
from tests.moduledata import kept_for_the_module
from tests.shared import shared_document

DATA = Path(__file__).resolve().parents[1] / "data"
DOCUMENTS = {
    "enyang": shared_document("enyang-stable-growth-measures-2022.html"),
    "chongqing": shared_document("chongqing-consumption-measures-2025.pdf"),
    "beijing": shared_document("beijing-ice-snow-economy-opinion-2025.html"),
}
SEEDED = {"baotou": "baotou-2022-evaluation-measures"}
GOAL = 0.9


def _expected() -> dict[tuple[str, str], dict]:
    with open(DATA / "duties" / "expected.tsv", encoding="utf-8") as f:
        return {(r["document"], r["label"]): r for r in csv.DictReader(f, delimiter="\t")}


@pytest.fixture(scope="module")
def _imported(_session_seeds, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        slugs = {
            name: import_plan(data=path.read_bytes(), source=f"duties/{path.name}").plan.slug
            for name, path in DOCUMENTS.items()
        }
        yield slugs | SEEDED


@pytest.fixture
def stored(_imported, db) -> dict[str, list[Section]]:
    return {
        name: list(Section.objects.for_plan(Plan.objects.get(slug=slug)))
        for name, slug in _imported.items()
    }


def _measure(stored: dict[str, list[Section]]) -> dict[str, tuple[int, int, int]]:
    """(true, false, missed) readings per measure: "bodies" and "deadlines"."""
    expected = _expected()
    counts = {"bodies": [0, 0, 0], "deadlines": [0, 0, 0]}
    for name, sections in stored.items():
        for s in sections:
            # Labels name the document's items; a chapter may share one with an item elsewhere.
            want = expected.get((name, s.label)) if s.kind in ("section", "item") else None
            duties = s.duties or {"lead": [], "responsible": [], "deadline": ""}
            got = {("lead", b) for b in duties["lead"]} | {
                ("resp", b) for b in duties["responsible"]
            }
            wanted = set()
            if want:
                wanted = {("lead", b) for b in want["lead"].split("|") if b}
                wanted |= {("resp", b) for b in want["responsible"].split("|") if b}
            c = counts["bodies"]
            c[0], c[1], c[2] = (
                c[0] + len(got & wanted),
                c[1] + len(got - wanted),
                c[2] + len(wanted - got),
            )
            read, meant = duties["deadline"], want["deadline"] if want else ""
            c = counts["deadlines"]
            c[0] += bool(read) and read == meant
            c[1] += bool(read) and read != meant
            c[2] += bool(meant) and read != meant
    return {k: tuple(v) for k, v in counts.items()}


def _figures(true: int, false: int, missed: int) -> tuple[float, float]:
    return true / max(true + false, 1), true / max(true + missed, 1)


def test_every_judged_item_is_a_section_of_its_document(stored):
    labels = {(name, s.label) for name, sections in stored.items() for s in sections}
    assert set(_expected()) - labels == set()


@pytest.mark.parametrize("measure", ["bodies", "deadlines"])
def test_duties_are_read_with_the_precision_aimed_at(stored, measure, capsys):
    true, false, missed = _measure(stored)[measure]
    precision, recall = _figures(true, false, missed)
    with capsys.disabled():
        print(
            f"\n{measure}: precision {precision:.3f}, recall {recall:.3f} "
            f"({true} read right, {false} read wrong, {missed} missed)"
        )
    assert true > 0
    assert precision >= GOAL


def test_the_lead_of_an_item_is_stored_and_its_other_bodies_apart(stored):
    item = next(s for s in stored["enyang"] if s.label == "3.")
    assert item.duties == {
        "lead": ["区人社局"],
        "responsible": ["区财政局"],
        "deadline": "",
        "year": None,
    }


def test_plans_imported_before_duties_were_read_get_them_from_the_migration(stored):
    from importlib import import_module

    from django.apps import apps

    plan = stored["enyang"][0].plan
    Section.objects.filter(plan=plan).update(duties=None, projects=[])
    import_module("plans.migrations.0012_section_duties").read_stored_plans(apps, None)
    item = Section.objects.get(plan=plan, label="73.")
    assert item.duties["responsible"] == ["各镇（街道）"]


def test_a_box_stores_its_items_as_projects_with_their_lead(seeded):
    box = Section.objects.get(plan__slug="shanxi-2023-digital-gov-plan", kind="box", label="专栏1")
    first = box.projects[0]
    assert first["name"] == "发展改革领域数字化建设"
    assert first["lead"] == ["省发展改革委"]
    assert "省统计局" in first["responsible"]
    assert "牵头" not in first["content"]


TABLE_PLAN = """<html><head><title>旺苍县数字政府建设实施方案</title></head><body>
<p>一、重点任务</p><p>（一）建设政务云。统一建设政务云平台。</p>
<p>附件</p><p>重点任务分工表</p>
<table><tr><td>序号</td><td>重点任务</td><td>牵头单位</td><td>责任单位</td><td>完成时限</td></tr>
<tr><td>1</td><td>建设政务云平台</td><td>县大数据局</td><td>县财政局、县发改局</td><td>2025年底前</td></tr>
<tr><td>2</td><td>推进一网通办</td><td>县政务服务中心</td><td>各乡镇</td><td>持续推进</td></tr></table>
</body></html>"""


def test_a_task_table_is_stored_as_rows_of_the_section_that_holds_it(db):
    overrides = PlanOverrides(slug="table-plan", jurisdiction="测试县", level="county")
    plan = import_plan(data=TABLE_PLAN.encode(), source="table-plan.html", overrides=overrides).plan
    (holder,) = [s for s in Section.objects.for_plan(plan) if s.projects]
    assert holder.kind == "attachment"
    assert [(p["name"], p["lead"], p["responsible"], p["period"]) for p in holder.projects] == [
        ("建设政务云平台", ["县大数据局"], ["县财政局", "县发改局"], "2025年底前"),
        ("推进一网通办", ["县政务服务中心"], ["各乡镇"], "持续推进"),
    ]
    assert holder.names_body("大数据局") and not holder.names_body("公安局")
