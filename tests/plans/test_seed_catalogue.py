from __future__ import annotations

import json
import re

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
    assert doc["issuer"] == "旺苍县人民政府"
    assert doc["metadata_sources"]["doc_number"] == "read"  # the text states it
    assert doc["metadata_sources"]["jurisdiction"] == "given"  # by the seed catalogue
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


# -- export_plan gives the source's structure -------------------------------------------------

_CN = "[一二三四五六七八九十]+"
# Numbered heading lines as printed (after indentation and markdown marks), and the rank of
# each numbering style: a section's parent is the nearest earlier section of a higher rank.
_STYLES = (
    (rf"第{_CN}章", 1),
    (rf"第{_CN}节", 2),
    (rf"{_CN}、", 3),
    (rf"[（(]{_CN}[）)]", 4),
    (r"\d{1,3}[.．](?!\d)", 5),
    (r"专栏\d+", 6),
)
_NUMBERED_LINE = re.compile(r"^[#\s\u3000]*(" + "|".join(p for p, _ in _STYLES) + ")")


@pytest.fixture(scope="module")
def exports(_session_seeds, django_db_blocker) -> dict[str, tuple[str, list[dict]]]:
    """(raw text, export_plan sections) of every seed, read once for the module."""
    with django_db_blocker.unblock():
        return {
            plan.slug: (plan.raw_text, _json("export_plan", plan.slug)["sections"])
            for plan in Plan.objects.all()
        }


def _rank(section: dict) -> int | None:
    if section["kind"] == "attachment":
        return 0
    for pattern, rank in _STYLES:
        if re.fullmatch(pattern, section["label"]):
            return rank
    return None


def _numbered_lines(text: str) -> list[tuple[str, str]]:
    out = []
    for line in text.split("\n"):
        if m := _NUMBERED_LINE.match(line):
            rest = line[m.end() :].strip().lstrip(" \u3000、.．:：").rstrip(" |\r")
            out.append((m.group(1), rest))
    return out


@pytest.mark.parametrize("slug", sorted(SEED_SLUGS | CORPUS_SLUGS))
def test_export_plan_has_every_numbered_heading_titled_by_its_line(exports, slug):
    raw_text, sections = exports[slug]
    lines = _numbered_lines(raw_text)
    at = 0
    for label, rest in lines:
        for n in range(at, len(sections)):
            s = sections[n]
            title_ok = rest.startswith(s["title"]) if s["title"] else s["text"].startswith(rest)
            if s["label"] == label and title_ok:
                at = n + 1
                break
        else:
            pytest.fail(f"{slug}: no section for the line {label}{rest[:30]}")
    numbered = [s for s in sections if _rank(s) is not None and s["kind"] != "attachment"]
    assert len(numbered) >= len(lines)


@pytest.mark.parametrize("slug", sorted(SEED_SLUGS | CORPUS_SLUGS))
def test_export_plan_puts_numbered_sections_under_the_right_parent(exports, slug):
    _, sections = exports[slug]
    # A level the document leaves out at the start still has a parent (Wangcang's 第一节 sits
    # in an implied 第一章): only the top numbering level is at the root.
    body = [s for s in sections if s["kind"] not in ("attachment", "box", "box_item")]
    ranks = {r for s in body if (r := _rank(s)) is not None}
    roots = {_rank(s) for s in sections if s["parent_id"] is None and _rank(s)}
    assert roots == ({min(ranks)} if ranks else set())
    for n, section in enumerate(sections):
        rank = _rank(section)
        if section["kind"] == "box_item":
            boxes = [s for s in sections[:n] if s["kind"] == "box"]
            assert section["parent_id"] == boxes[-1]["id"], section
            continue
        if rank is None:
            continue
        earlier = [
            s
            for s in sections[:n]
            if s["kind"] != "box_item" and (r := _rank(s)) is not None and r < rank
        ]
        expected = earlier[-1]["id"] if earlier else None
        assert section["parent_id"] == expected, (slug, section["label"], section["title"])


@pytest.mark.parametrize(
    ("slug", "parent", "titles"),
    [
        ("wangcang-2023-digital-gov-plan", "第一节发展现状",
         "新型基础设施建设统筹推进 数字政务服务能力不断提升 行业数字应用水平稳步提升 "
         "数字政府体制机制逐步完善"),
        ("wangcang-2023-digital-gov-plan", "专栏6",
         "协同办公 智慧财政 智慧人大 智慧政协 智慧统战 智慧司法 智慧法院"),
        ("yunnan-2023-digital-gov-programme", "1.强化经济运行大数据监测分析，提升经济调节能力",
         "建设经济运行分析应用 推进数字财税建设 深入推进公共资源交易全流程电子化 "
         "建设全省规划综合管理信息平台 建设全省营商环境监测系统"),
        ("jiangsu-2021-digital-gov-plan", "1．提升政务服务便利化水平",
         "推行一件事通办 强化跨省通办 推动长三角区域“一网通办” 优化12345热线 "
         "完善涉企全程服务"),
        ("shanxi-2023-digital-gov-plan", "专栏6",
         "教育领域数字化建设 人力资源和社会保障领域数字化建设 医疗卫生领域数字化建设 "
         "医疗保障领域数字化建设 养老领域数字化建设 退役军人领域数字化建设"),
        ("national-2022-digital-gov-opinion", "（六）加快推进数字机关建设，提升政务运行效能",
         "提升辅助决策能力 提升行政执行能力 提升行政监督水平"),
    ],
)  # fmt: skip
def test_export_plan_has_each_titled_paragraph_and_box_item_as_a_section(
    exports, slug, parent, titles
):
    _, sections = exports[slug]
    owner = [s for s in sections if (s["label"] + s["title"]).startswith(parent)]
    assert len(owner) == 1, parent
    children = [s for s in sections if s["parent_id"] == owner[0]["id"]]
    assert [s["title"] for s in children] == titles.split()
    for child in children:
        assert child["text"] and not child["text"].startswith(child["title"])
