from __future__ import annotations

import html
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from plans.importing import PlanImportError, PlanOverrides, import_plan
from plans.models import Era, Jurisdiction, Plan, Section
from plans.parsing import PlanParseError, parse_plan

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
Y22 = "000_76b0fc0e2e956a49.txt"
HN = "003_dd87d9a963713ff9.txt"


def _import(name: str, **overrides) -> Plan:
    data = (SEEDS / name).read_bytes()
    return import_plan(data=data, source=name, overrides=PlanOverrides(**overrides)).plan


def _row_counts() -> tuple[int, int, int, int]:
    return (
        Jurisdiction.objects.count(),
        Era.objects.count(),
        Plan.objects.count(),
        Section.objects.count(),
    )


@pytest.mark.django_db
def test_it_stores_metadata_inferred_from_the_notice():
    plan = _import(Y22)
    assert plan.title == "云南省“十四五”电子政务发展规划"
    assert plan.doc_number == "云政办发〔2022〕37号"
    assert plan.issued.isoformat() == "2022-05-06"
    assert (plan.jurisdiction.name, plan.jurisdiction.level) == ("云南省", "province")
    assert plan.jurisdiction.parent.name == "全国"
    assert (plan.era.name, plan.era.start_year, plan.era.end_year) == ("十四五", 2021, 2025)
    assert plan.kind == Plan.Kind.PLAN
    assert plan.raw_text.startswith("云南省“十四五”电子政务发展规划")


@pytest.mark.django_db
def test_it_stores_the_section_tree_in_document_order_with_parents_first():
    plan = _import(Y22)
    sections = list(Section.objects.for_plan(plan))
    assert len(sections) > 50
    seen: set[int] = set()
    for s in sections:
        assert s.parent_id is None or s.parent_id in seen
        assert s.parent is None or s.depth == s.parent.depth + 1
        seen.add(s.pk)
    chapter = next(s for s in sections if s.label == "第三章")
    assert chapter.title == "主要任务"
    assert [c.label for c in chapter.children.order_by("order")][:2] == ["一、", "二、"]


@pytest.mark.django_db
def test_it_stores_simplified_text_and_tokens_for_a_traditional_plan():
    plan = _import(HN)
    assert plan.script == Plan.Script.TRADITIONAL
    section = Section.objects.get(plan=plan, title__startswith="建設統一電子政務外網")
    assert section.title_simplified.startswith("建设统一电子政务外网")
    assert "电子政务外网" in section.title_tokens.split()
    assert section.body.startswith("創新建設")  # the original stays what people read
    assert plan.raw_text[section.start : section.end].count("建設統一電子政務外網") == 1


@pytest.mark.django_db
def test_reimporting_the_same_text_changes_nothing():
    plan = _import(Y22)
    before = list(Section.objects.for_plan(plan).values_list("pk", flat=True))
    result = import_plan(data=(SEEDS / Y22).read_bytes(), source=Y22)
    assert result.status == "unchanged"
    assert list(Section.objects.for_plan(plan).values_list("pk", flat=True)) == before


@pytest.mark.django_db
def test_replace_reads_an_unchanged_text_again_keeping_its_sections():
    # What a new version of the parser makes of a stored text: --replace asks for it.
    plan = _import(Y22)
    before = dict(Section.objects.filter(plan=plan).values_list("pk", "title"))

    result = import_plan(data=(SEEDS / Y22).read_bytes(), source=Y22, replace=True)

    assert (result.status, result.plan.pk) == ("replaced", plan.pk)
    assert dict(Section.objects.filter(plan=plan).values_list("pk", "title")) == before


@pytest.mark.django_db
def test_the_same_text_under_another_name_is_refused_without_writing():
    _import(Y22)
    counts = _row_counts()
    with pytest.raises(PlanImportError, match="同样的文字已作为规划“"):
        import_plan(data=(SEEDS / Y22).read_bytes(), source="copy-of-yunnan.txt")
    assert _row_counts() == counts


@pytest.mark.django_db
@pytest.mark.parametrize("form", ["web page", "other layout"])
def test_the_same_plan_in_another_format_or_layout_is_refused_as_a_duplicate(form):
    plan = _import(Y22)
    text = (SEEDS / Y22).read_text(encoding="utf-8")
    if form == "web page":
        lines = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines())
        name, data = "yunnan.html", f"<html><body>{lines}</body></html>"
    else:
        name, data = "yunnan-copy.txt", text.replace("\n", "\n\n").replace("，", ", ")
    before = _row_counts()

    with pytest.raises(PlanImportError, match=rf"已以另一种格式或排版作为规划“{plan.slug}”导入过"):
        import_plan(data=data.encode(), source=name)
    assert _row_counts() == before


@pytest.mark.django_db
def test_a_changed_text_needs_replace_and_then_replaces_the_sections():
    plan = _import(Y22)
    changed = (
        (SEEDS / Y22).read_text(encoding="utf-8").replace("五、推行典型引路", "五、推行示范引领")
    )
    with pytest.raises(PlanImportError, match=rf"规划“{plan.slug}”曾从这个来源导入.*--replace"):
        import_plan(data=changed.encode(), source=Y22)
    assert Section.objects.filter(plan=plan, title="推行典型引路").exists()
    result = import_plan(data=changed.encode(), source=Y22, replace=True)
    assert result.status == "replaced" and result.plan.pk == plan.pk
    assert Section.objects.filter(plan=plan, title="推行示范引领").exists()
    assert not Section.objects.filter(plan=plan, title="推行典型引路").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件是空的"),
        (b"\x00\x01\x02\x03binary\x00\x00" * 50, "二进制文件"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(data, message):
    with pytest.raises(PlanParseError, match=message):
        import_plan(data=data, source="bad.txt")
    assert _row_counts() == (0, 0, 0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"title": "规" * 301}, "标题"),
        ({"jurisdiction": "县" * 101}, "行政区"),
        ({"era": "五" * 21}, "规划期"),
    ],
)
def test_a_value_longer_than_its_column_is_refused_at_every_door_and_nothing_is_written(
    given, field
):
    # The import itself refuses it, whichever door gave it (form, command, catalogue file, a
    # queued scan): PostgreSQL would refuse it with a database error, SQLite store it too long.
    with pytest.raises(PlanImportError, match=rf"{Y22}：给出的{field}有 \d+ 个字符，最多能存"):
        _import(Y22, **given)
    assert _row_counts() == (0, 0, 0, 0)


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(PlanParseError, match="bad-size.txt"):
        import_plan(data=(SEEDS / Y22).read_bytes(), source="bad-size.txt")
    assert _row_counts() == (0, 0, 0, 0)


@pytest.mark.django_db
def test_a_failure_after_parsing_rolls_back_every_row():
    with pytest.raises(PlanImportError, match="请先导入那份规划"):
        _import(Y22, interprets="no-such-plan")
    assert _row_counts() == (0, 0, 0, 0)


@pytest.mark.django_db
def test_a_document_without_jurisdiction_asks_for_one():
    text = "关于做好数据工作的若干意见\n\n一、总体要求\n\n做好数据工作。加强统筹。\n"
    with pytest.raises(PlanImportError, match="--jurisdiction"):
        import_plan(data=text.encode(), source="anon.txt")
    plan = import_plan(
        data=text.encode(),
        source="anon.txt",
        overrides=PlanOverrides(jurisdiction="广元市", level="prefecture", parent="四川省"),
    ).plan
    assert [j.name for j in plan.jurisdiction.ancestors] == ["全国", "四川省"]


@pytest.mark.django_db
def test_a_district_plan_is_filed_under_the_places_its_title_names():
    text = "四川省广元市旺苍县“十四五”数字政府建设规划\n\n一、总体要求\n坚持以人民为中心。\n"

    plan = import_plan(data=text.encode(), source="wangcang.txt").plan

    assert (plan.jurisdiction.name, plan.jurisdiction.level) == ("旺苍县", "county")
    assert [(j.name, j.level) for j in plan.jurisdiction.ancestors] == [
        ("全国", "national"),
        ("四川省", "province"),
        ("广元市", "prefecture"),
    ]


@pytest.mark.django_db
def test_what_the_person_importing_says_wins_over_what_the_title_implies():
    # 仙桃市 is a county-level city the province runs directly: its name says prefecture.
    text = "湖北省仙桃市数字政府建设方案\n\n一、总体要求\n坚持以人民为中心。\n"

    plan = import_plan(
        data=text.encode(), source="xiantao.txt", overrides=PlanOverrides(level="county")
    ).plan
    assert (plan.jurisdiction.level, plan.jurisdiction.parent.name) == ("county", "湖北省")

    other = import_plan(
        data=text.replace("仙桃市", "天门市").encode(),
        source="tianmen.txt",
        overrides=PlanOverrides(level="county", parent="湖北省省直管县"),
    ).plan
    assert other.jurisdiction.parent.name == "湖北省省直管县"


@pytest.mark.django_db
def test_import_plan_command_reports_a_clear_error_for_bad_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="empty.txt"):
        call_command("import_plan", str(empty))
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_plan", str(tmp_path / "missing.txt"))


@pytest.mark.django_db
def test_import_plan_command_applies_overrides(capsys):
    call_command(
        "import_plan",
        str(SEEDS / "002_a0e705bd97436a9a.txt"),
        "--jurisdiction",
        "旺苍县",
        "--parent",
        "广元市",
        "--slug",
        "wangcang",
    )
    plan = Plan.objects.get(slug="wangcang")
    assert plan.jurisdiction.level == "county"
    assert plan.jurisdiction.parent.name == "广元市"
    assert "created: wangcang" in capsys.readouterr().out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("option", "limit"),
    [
        ("--slug", 120),
        ("--title", 300),
        ("--doc-number", 100),
        ("--jurisdiction", 100),
        ("--parent", 100),
        ("--era", 20),
    ],
)
def test_import_plan_command_refuses_a_value_longer_than_its_column(option, limit):
    # PostgreSQL refused it with a DataError (a traceback), SQLite stored it past the limit.
    value = "a" * (limit + 1) if option == "--slug" else "字" * (limit + 1)
    with pytest.raises(CommandError, match=f"^{option}: {limit + 1} characters, at most {limit}"):
        call_command("import_plan", str(SEEDS / Y22), option, value)
    assert _row_counts() == (0, 0, 0, 0)


@pytest.mark.django_db
def test_invisible_characters_typed_into_metadata_are_not_stored():
    # Copied from a web page: a zero-width space, a byte-order mark, a soft hyphen.
    plan = _import(
        HN,
        issuer="湖南省\u200b人民政府、湖南省\ufeff发展和改革委员会",
        title="湖南省\u00ad“十四五”规划",
        doc_number="湘政发\u200b〔2021〕1号",
        jurisdiction="湖南\u200b省",
    )
    assert plan.issuer == "湖南省人民政府"
    assert plan.issuers == ["湖南省人民政府", "湖南省发展和改革委员会"]
    assert plan.title == "湖南省“十四五”规划"
    assert plan.doc_number == "湘政发〔2021〕1号"
    assert plan.jurisdiction.name == "湖南省"


@pytest.mark.django_db
def test_a_plan_saved_as_a_web_page_imports_as_its_visible_text(tmp_path, capsys):
    text = (SEEDS / Y22).read_text(encoding="utf-8")
    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    page = tmp_path / "yunnan.html"
    page.write_text(
        f"<!DOCTYPE html><html><head><script>var x;</script></head><body>{body}</body></html>",
        encoding="utf-8",
    )

    call_command("import_plan", str(page), "--slug", "yunnan-web")

    plan = Plan.objects.get(slug="yunnan-web")
    assert plan.source == "yunnan.html" and plan.doc_number == "云政办发〔2022〕37号"
    assert plan.sections.count() == 88
    assert "<p>" not in plan.raw_text and "var x" not in plan.raw_text
    assert "warning: 网页文件" in capsys.readouterr().err


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("head", "message"),
    [
        (b"%PDF-1.7\n", "这个 PDF 文件已损坏或不完整"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "这是旧版 Word"),
    ],
)
def test_a_pdf_or_old_word_file_is_refused_saying_what_to_import_instead(tmp_path, head, message):
    document = tmp_path / "plan.bin"
    document.write_bytes(head + bytes(range(256)) * 8)

    with pytest.raises(CommandError, match=f"plan.bin：{message}"):
        call_command("import_plan", str(document))
    assert _row_counts() == (0, 0, 0, 0)


# -- a slug never rests on a guessed era -------------------------------------------------------

_BODY = "一、总体要求\n坚持以人民为中心。\n二、主要任务\n加快建设。\n"


@pytest.mark.django_db
def test_an_undated_plan_whose_era_is_guessed_gets_no_year_from_it():
    text = "江苏省数字政府建设规划\n“十四五”时期是数字政府建设的关键期。\n" + _BODY
    assert parse_plan(text).metadata.provenance["era"] == "guessed"
    plan = import_plan(data=text.encode(), source="js.txt", overrides=PlanOverrides()).plan
    assert "-2021-" not in plan.slug
    assert plan.slug.endswith("-undated-plan")


@pytest.mark.django_db
def test_an_undated_opinion_naming_only_a_year_gets_neither_era_nor_year_in_its_slug():
    text = "西城区2020年深化“放管服”改革优化营商环境的实施意见\n" + _BODY
    plan = import_plan(data=text.encode(), source="xc.txt", overrides=PlanOverrides()).plan
    assert plan.era is None
    assert plan.slug.endswith("-undated-opinion")


@pytest.mark.django_db
def test_a_plan_whose_title_names_its_era_takes_the_era_start_year():
    text = "江苏省“十四五”数字政府建设规划\n" + _BODY
    plan = import_plan(data=text.encode(), source="js.txt", overrides=PlanOverrides()).plan
    assert plan.slug.endswith("-2021-plan")


# -- --replace keeps human decisions ---------------------------------------------------------

WC = "002_a0e705bd97436a9a.txt"
RENAMED = ("五、推行典型引路", "五、推行示范引领")


def _link(a: Section, b: Section, status: str):
    from compare.models import SectionLink

    left, right = sorted((a, b), key=lambda s: s.pk)
    return SectionLink.objects.create(left=left, right=right, status=status, score=0.5)


def _changed_yunnan() -> str:
    """Y22 without its 前言 (every later section moves up), one heading renamed, one body
    edited."""
    text = (SEEDS / Y22).read_text(encoding="utf-8")
    start = text.index("前 言")
    text = text[:start] + text[text.index("第一章", start) :]
    text = text.replace(*RENAMED)
    return text.replace("共享协调和沟通机制", "共享协调机制", 1)


def _tree(plan: Plan) -> list[tuple]:
    rows = list(Section.objects.for_plan(plan))
    order = {row.pk: row.order for row in rows}
    return [
        (r.order, r.depth, r.kind, r.label, r.title, r.body, order.get(r.parent_id)) for r in rows
    ]


@pytest.mark.django_db
def test_replace_updates_sections_in_place_and_keeps_their_links():
    plan, other = _import(Y22), _import(WC)
    kept = Section.objects.get(plan=plan, label="(一)", title="主要成效")
    renamed = Section.objects.get(plan=plan, title="推行典型引路")
    preface = Section.objects.get(plan=plan, kind="preface")
    target = Section.objects.get(plan=other, label="第一节", title="发展现状")
    confirmed = _link(kept, target, "confirmed")
    auto = _link(renamed, target, "auto")
    auto_on_preface = _link(preface, target, "auto")
    before = {r.pk: r.order for r in Section.objects.filter(plan=plan)}

    result = import_plan(data=_changed_yunnan().encode(), source=Y22, replace=True)

    assert result.status == "replaced" and result.plan.pk == plan.pk
    confirmed.refresh_from_db()
    assert confirmed.status == "confirmed" and kept.pk in (confirmed.left_id, confirmed.right_id)
    kept.refresh_from_db()
    assert kept.order == before[kept.pk] - 1 and kept.title == "主要成效"
    for link in (auto, auto_on_preface):
        with pytest.raises(type(link).DoesNotExist):
            link.refresh_from_db()
    new = Section.objects.get(plan=plan, title="推行示范引领")
    assert new.pk not in before and new.title_tokens == "推行 示范 引领"
    after = {r.pk for r in Section.objects.filter(plan=plan)}
    assert len(after - set(before)) == 1 and len(set(before) - after) == 2
    edited = Section.objects.get(plan=plan, label="1.", title="推进政务数据资源共享复用")
    assert edited.pk in before and edited.body.startswith("建立省级层面")
    assert "共享协调机制" in edited.body and "沟通" not in edited.body
    assert "沟通" not in edited.body_tokens.split()
    parsed = parse_plan(_changed_yunnan()).sections
    assert _tree(plan) == [
        (n, s.depth, s.kind, s.label, s.title, s.body, s.parent) for n, s in enumerate(parsed)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["confirmed", "rejected", "manual"])
def test_replace_refuses_to_drop_a_section_a_person_linked(status):
    plan, other = _import(Y22), _import(WC)
    renamed = Section.objects.get(plan=plan, title="推行典型引路")
    link = _link(renamed, Section.objects.filter(plan=other).first(), status)
    tree, counts = _tree(plan), _row_counts()

    with pytest.raises(PlanImportError, match=r"五、推行典型引路.*请先处理这些对应"):
        import_plan(data=_changed_yunnan().encode(), source=Y22, replace=True)

    link.refresh_from_db()
    assert link.status == status
    assert _tree(plan) == tree and _row_counts() == counts
    plan.refresh_from_db()
    assert plan.raw_text == (SEEDS / Y22).read_text(encoding="utf-8")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "says"),
    [("zh-hans", "请填写规划期（命令行用 --era）"), ("en", "enter the planning period")],
)
def test_an_unknown_period_tells_an_admin_curator_which_field_to_fill(language, says):
    from django.utils import translation

    from plans.messages import translated_all

    text = (
        "巴中市恩阳区进一步扎实稳住经济增长若干政策措施\n\n一、稳住市场主体\n\n加大纾困帮扶力度。\n"
    )
    plan = import_plan(data=text.encode(), source="enyang.txt").plan
    assert plan.era is None
    with translation.override(language):
        assert any(says in warning for warning in translated_all(plan.warnings))
