from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import Era, Jurisdiction, Plan, PlanCitation, Section, Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    nation = Jurisdiction.objects.create(name="全国", slug="quanguo", level="national")
    yunnan = Jurisdiction.objects.create(
        name="云南省", slug="yunnan", level="province", parent=nation
    )
    era = Era.objects.create(name="十四五", start_year=2021, end_year=2025)
    plan = Plan.objects.create(
        jurisdiction=yunnan,
        era=era,
        slug="yunnan-2022-egov-plan",
        title="云南省“十四五”电子政务发展规划",
        doc_number="云政办发〔2022〕37号",
        source="000.txt",
        raw_text="……",
        content_hash="x",
    )
    chapter = Section.objects.create(
        plan=plan,
        order=0,
        depth=0,
        kind="chapter",
        label="第一章",
        title="发展基础",
        start=0,
        end=10,
    )
    Section.objects.create(
        plan=plan,
        parent=chapter,
        order=1,
        depth=1,
        kind="item",
        label="一、",
        title="建设成效",
        body="政务云平台建成。",
        start=10,
        end=20,
        implied=True,
    )
    return plan


@pytest.mark.parametrize("model", ["jurisdiction", "era", "plan", "section"])
def test_every_model_has_a_changelist_and_an_add_form(admin_client, plan, model):
    assert admin_client.get(reverse(f"admin:plans_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:plans_{model}_add")).status_code == 200


@pytest.mark.parametrize(
    ("model", "query", "expected"),
    [
        ("plan", {"q": "云政办发"}, ["云南省“十四五”电子政务发展规划"]),
        ("plan", {"kind__exact": "interpretation"}, []),
        ("plan", {"script__exact": "simplified"}, ["云南省“十四五”电子政务发展规划"]),
        ("plan", {"jurisdiction__level__exact": "national"}, []),
        ("section", {"q": "政务云"}, ["一、建设成效"]),
        ("section", {"implied__exact": "1"}, ["一、建设成效"]),
        ("section", {"kind__exact": "chapter"}, ["第一章 发展基础"]),
        ("jurisdiction", {"level__exact": "province"}, ["云南省"]),
        ("jurisdiction", {"q": "云南"}, ["云南省"]),
    ],
)
def test_changelists_filter_and_search(admin_client, plan, model, query, expected):
    response = admin_client.get(reverse(f"admin:plans_{model}_changelist"), query)
    assert response.status_code == 200
    assert [str(row) for row in response.context["cl"].result_list] == expected


def test_section_list_filters_by_plan(admin_client, plan):
    url = reverse("admin:plans_section_changelist")
    response = admin_client.get(url, {"plan__id__exact": plan.pk})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 2


def test_plan_form_links_to_its_sections_instead_of_inlining_them(admin_client, plan):
    html = admin_client.get(reverse("admin:plans_plan_change", args=[plan.pk])).content.decode()
    assert f"section/?plan__id__exact={plan.pk}" in html
    assert "查看 2 个章节" in html
    assert "建设成效" not in html


def test_section_form_loads_with_a_raw_id_parent(admin_client, plan):
    section = plan.sections.get(label="一、")
    html = admin_client.get(reverse("admin:plans_section_change", args=[section.pk])).content
    assert b'class="vForeignKeyRawIdAdminField"' in html


@pytest.mark.parametrize(
    ("model_name", "field_name", "term"),
    [("section", "parent", "建设"), ("section", "plan", "云南"), ("plan", "jurisdiction", "云")],
)
def test_related_rows_are_searchable_for_autocomplete(
    admin_client, plan, model_name, field_name, term
):
    params = {"app_label": "plans", "model_name": model_name, "field_name": field_name}
    response = admin_client.get(reverse("admin:autocomplete"), {**params, "term": term})
    assert response.status_code == 200
    assert response.json()["results"]


# -- importing a document from the browser ----------------------------------------------------

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
IMPORT = "/admin/plans/plan/import/"


YUNNAN = SEEDS / "000_76b0fc0e2e956a49.txt"  # signed, numbered: every field read
TABLE = b"a,b,c\n1,2,3\n"  # no heading, no place named
SHORT_PLAN = "# 某某省数字政府建设方案\n\n## 一、总体要求\n\n加强统筹。\n".encode()


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _preview(client, name: str, data: bytes, *, language: str | None = None, **fields):
    """The import preview of ``data`` uploaded as ``name`` with ``fields`` typed beside it, and
    the values its form carries on to the confirmation."""
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    preview = client.post(
        IMPORT, {"document": _upload(name, data), **fields, "_preview": "1"}, **headers
    )
    return preview, {k: v or "" for k, v in preview.context["form"].initial.items()}


def _plan_form_data(form, **changes) -> dict:
    """What the plan's change form posts back as shown, with ``changes``."""
    data = {k: v for k, v in form.initial.items() if v is not None and k != "interprets"}
    return data | changes


def test_the_plan_list_offers_to_import_a_document(admin_client):
    html = admin_client.get(reverse("admin:plans_plan_changelist")).content.decode()
    assert f'href="{IMPORT}"' in html and "导入规划文件" in html


def test_staff_import_a_document_and_land_on_the_plan_with_its_warnings(admin_client):
    text = (SEEDS / "002_a0e705bd97436a9a.txt").read_text(encoding="utf-8")
    page = (
        "<html><body>" + "".join(f"<p>{line}</p>" for line in text.splitlines()) + "</body></html>"
    )

    response = admin_client.post(
        IMPORT,
        {
            "document": _upload("wangcang.html", page.encode()),
            "jurisdiction": "旺苍县",
            "level": "county",
            "parent": "广元市",
        },
        follow=True,
    )

    plan = Plan.objects.get(source="wangcang.html")
    assert response.redirect_chain[-1][0] == reverse("admin:plans_plan_change", args=[plan.pk])
    assert plan.jurisdiction.parent.name == "广元市" and plan.sections.count() == 117
    shown = [str(m) for m in response.context["messages"]]
    assert shown[0] == f"已导入《{plan.title}》：117 个章节。"
    assert shown[1:] == [w["text"] for w in plan.warnings] and shown[1].startswith("网页文件")


def test_a_changed_text_needs_the_replace_box_like_the_command(admin_client):
    text = YUNNAN.read_text(encoding="utf-8")
    admin_client.post(IMPORT, {"document": _upload("y.txt", text.encode())})
    changed = text.replace("推行典型引路", "推行示范引领").encode()

    refused = admin_client.post(IMPORT, {"document": _upload("y.txt", changed)})
    # Beside the box that fixes it.
    assert "命令行加 --replace" in refused.context["form"].errors["replace"][0]
    assert Section.objects.filter(title="推行典型引路").exists()

    admin_client.post(IMPORT, {"document": _upload("y.txt", changed), "replace": "on"})
    assert Section.objects.filter(title="推行示范引领").exists()
    assert Plan.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "field", "says"),
    [
        (
            "scan.pdf",
            b"%PDF-1.7\n" + bytes(range(256)) * 4,
            "document",
            "scan.pdf：这个 PDF 文件已损坏或不完整",
        ),
        ("empty.txt", b" \n", "document", "empty.txt：文件是空的"),
        (
            "notes.txt",
            "没有标题的一段话。".encode(),
            "jurisdiction",
            "notes.txt：无法判断发文的行政区",
        ),
    ],
)
def test_a_bad_upload_is_refused_on_the_form_naming_the_file_and_nothing_is_written(
    admin_client, name, data, field, says
):
    response = admin_client.post(IMPORT, {"document": _upload(name, data)})

    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith(says)
    assert says in response.content.decode()
    assert (Plan.objects.count(), Section.objects.count(), Jurisdiction.objects.count()) == (
        0,
        0,
        0,
    )


def test_only_people_who_may_add_plans_can_import(client, django_user_model):
    assert client.get(IMPORT).status_code == 302  # to the admin's login
    clerk = django_user_model.objects.create_user("clerk", password="pw-clerk-1", is_staff=True)
    client.force_login(clerk)
    data = {"document": _upload("y.txt", YUNNAN.read_bytes())}

    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, data).status_code == 403
    assert not Plan.objects.exists()


def test_the_admin_is_named_for_duizhao_not_django(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "对照 Duizhao 管理" in html and "Django 管理" not in html


def test_a_preview_shows_what_the_text_says_and_saves_nothing_until_confirmed(admin_client):
    text = (SEEDS / "001_775429f2bd914103.txt").read_bytes()  # a news article: a headline

    preview, _ = _preview(admin_client, "news.txt", text)

    assert preview.status_code == 200 and not Plan.objects.exists()
    html = preview.content.decode()
    assert 'id="import-read"' in html and "到2025年数字政府体系框架基本形成" in html
    rows = {str(row["label"]): row for row in preview.context["rows"]}
    assert str(rows["标题"]["how"]) == "推断" and rows["标题"]["guessed"]
    # The article signs nothing; the place it is about, named far more than any other, is
    # offered as a guess for the curator to confirm.
    assert str(rows["行政区"]["how"]) == "推断" and rows["行政区"]["guessed"]
    assert preview.context["form"].initial["title"] == "到2025年数字政府体系框架基本形成"


def test_an_english_preview_of_a_text_without_headings_says_what_will_be_done_not_done(
    admin_client,
):
    preview, _ = _preview(admin_client, "table.csv", TABLE, language="en")
    html = preview.content.decode()
    assert "the whole text is imported as one section" in html and not Plan.objects.exists()


def _submit_buttons(html: str) -> dict[str, bool]:
    """The preview's submit buttons by name: whether each can be pressed."""
    found = re.findall(r'<input type="submit"[^>]*name="(\w+)"[^>]*>', html)
    tags = re.findall(r'<input type="submit"[^>]*name="\w+"[^>]*>', html)
    return {name: "disabled" not in tag for name, tag in zip(found, tags, strict=True)}


def test_a_preview_without_a_jurisdiction_says_so_and_offers_no_import_until_it_is_given(
    admin_client,
):
    preview, values = _preview(admin_client, "table.csv", TABLE)
    html = preview.content.decode()
    assert 'id="import-needed"' in html and "没有它就不能导入" in html
    assert _submit_buttons(html) == {"_check": True, "_confirm": False}

    # Confirmed all the same (a form sent by hand): the preview again, nothing written.
    again = admin_client.post(IMPORT, {**values, "_confirm": "1"})
    assert again.status_code == 200 and not Plan.objects.exists() and again.context["needed"]
    assert again.context["form"].errors["jurisdiction"]

    # The place typed and checked: no longer missing, Import offered; then imported.
    checked = admin_client.post(IMPORT, {**values, "jurisdiction": "云南省", "_check": "1"})
    assert not checked.context["needed"] and not Plan.objects.exists()
    assert _submit_buttons(checked.content.decode()) == {"_confirm": True}
    done = admin_client.post(IMPORT, {**values, "jurisdiction": "云南省", "_confirm": "1"})
    assert done.status_code == 302 and Plan.objects.get().jurisdiction.name == "云南省"


def test_a_preview_naming_a_new_place_of_no_known_level_asks_for_its_level_in_english(
    admin_client,
):
    preview, values = _preview(admin_client, "table.csv", TABLE, language="en", jurisdiction="雄安")
    html = preview.content.decode()
    assert len(preview.context["needed"]) == 1 and "雄安" in str(preview.context["needed"][0])
    assert "is not in the catalogue yet" in html and _submit_buttons(html)["_confirm"] is False
    checked = admin_client.post(IMPORT, {**values, "level": "prefecture", "_check": "1"})
    assert not checked.context["needed"]


def test_a_preview_naming_a_place_not_yet_in_the_catalogue_says_the_import_will_create_it(
    admin_client,
):
    preview, _ = _preview(admin_client, "table.csv", TABLE, jurisdiction="福建省")
    html = preview.content.decode()
    assert not preview.context["needed"] and _submit_buttons(html)["_confirm"] is True
    assert 'id="import-new-place"' in html
    assert "目录中还没有“福建省”：确认导入时会新建这个行政区" in html
    english, _ = _preview(admin_client, "table.csv", TABLE, language="en", jurisdiction="福建省")
    assert "“福建省” is not in the catalogue yet: importing creates it" in english.content.decode()

    Jurisdiction.objects.create(name="福建省", slug="fujian", level="province")
    known, _ = _preview(admin_client, "table.csv", TABLE, jurisdiction="福建省")
    assert 'id="import-new-place"' not in known.content.decode()


def test_staff_correct_a_guessed_field_in_the_preview_and_it_is_saved_as_given(admin_client):
    _, values = _preview(admin_client, "y.txt", YUNNAN.read_bytes())
    assert values["jurisdiction"] == "云南省" and values["doc_number"] == "云政办发〔2022〕37号"

    response = admin_client.post(
        IMPORT, {**values, "kind": "programme", "_confirm": "1"}, follow=True
    )

    plan = Plan.objects.get(source="y.txt")
    assert response.redirect_chain[-1][0] == reverse("admin:plans_plan_change", args=[plan.pk])
    assert plan.kind == "programme" and plan.sections.count() == 88
    assert plan.metadata_sources["kind"] == "given"
    assert plan.metadata_sources["jurisdiction"] == "read"  # left as the text said it
    assert plan.metadata_sources["doc_number"] == "read"
    change = admin_client.get(reverse("admin:plans_plan_change", args=[plan.pk])).content
    assert "类型：导入时指定" in change.decode() and "文号：读自原文" in change.decode()


def test_staff_correct_the_issuer_in_the_preview_and_it_is_saved_as_given(admin_client):
    preview, values = _preview(admin_client, "plan.md", SHORT_PLAN, jurisdiction="云南省")
    assert "issuer" in values and 'name="issuer"' in preview.content.decode()
    done = admin_client.post(
        IMPORT, {**values, "issuer": "云南省人民政府、云南省大数据局", "_confirm": "1"}
    )
    assert done.status_code == 302
    plan = Plan.objects.get(source="plan.md")
    assert plan.issuer == "云南省人民政府"
    assert plan.issuers == ["云南省人民政府", "云南省大数据局"]
    assert plan.metadata_sources["issuer"] == "given"


def test_a_confirmation_without_a_preview_asks_for_the_file_again(admin_client):
    response = admin_client.post(IMPORT, {"_confirm": "1", "title": "x"}, follow=True)

    assert response.redirect_chain[-1][0] == IMPORT
    assert not Plan.objects.exists()


def test_a_field_corrected_on_the_plan_form_is_no_longer_shown_as_guessed(admin_client):
    text = (SEEDS / "001_775429f2bd914103.txt").read_bytes()
    admin_client.post(IMPORT, {"document": _upload("news.txt", text), "jurisdiction": "云南省"})
    plan = Plan.objects.get(source="news.txt")
    assert plan.metadata_sources["title"] == "guessed"
    url = reverse("admin:plans_plan_change", args=[plan.pk])
    form = admin_client.get(url).context["adminform"].form
    data = _plan_form_data(
        form,
        title="《云南省数字政府建设总体方案》解读",
        jurisdiction=plan.jurisdiction_id,
        era=plan.era_id or "",  # an undated document gets no era
        warnings="[]",
    )

    admin_client.post(url, data)

    plan.refresh_from_db()
    assert plan.title.startswith("《云南省") and plan.metadata_sources["title"] == "given"


def test_a_section_corrected_here_restates_what_the_import_read_from_its_text(admin_client, plan):
    section = plan.sections.get(label="一、")
    stale = {"meaning": b"old", "sentence_meaning": b"old"}
    Section.objects.filter(plan=plan).update(**stale)
    Section.objects.filter(pk=section.parent_id).update(title="发展目标")  # targets are read there
    corrected = "到2025年，政务服务事项网上可办率达到99%。依据《云南省数字经济发展规划》推进。"
    response = admin_client.post(
        reverse("admin:plans_section_change", args=[section.pk]),
        {
            "plan": plan.pk,
            "parent": section.parent_id,
            "order": 1,
            "depth": 1,
            "kind": "goal",
            "label": "一、",
            "title": "建设成效",
            "body": corrected,
            "implied": "on",
            "flags": "[]",
            "title_simplified": "建设成效",
            "body_simplified": "政务云平台建成。",
            "start": 10,
            "end": 20,
        },
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.body_simplified == corrected
    assert "网上" in section.body_tokens.split()
    assert [c.title for c in PlanCitation.objects.filter(plan=plan)] == ["云南省数字经济发展规划"]
    assert [t.value for t in Target.objects.filter(section=section)] == [99]
    # Its vectors and its chapter's read the old text: made again at the next alignment.
    assert (section.meaning, section.sentence_meaning) == (None, None)
    assert Section.objects.get(pk=section.parent_id).meaning is None


def test_the_english_admin_names_its_lists_in_the_plural(admin_client):
    # Chinese has one word for a plan and for plans: the plural carries its own context.
    response = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en")
    names = {str(m["name"]) for app in response.context["app_list"] for m in app["models"]}
    assert {"Plans", "Sections", "Jurisdictions", "Section links"} <= names
    assert not names & {"Plan", "Section", "Jurisdiction", "Section link"}


@pytest.mark.parametrize(
    ("language", "app", "results"),
    [
        ("zh-hans", "后台任务（运维）", "任务结果"),
        ("en", "Background jobs (operators)", "Task results"),
    ],
)
def test_the_task_queue_is_named_in_the_readers_language(admin_client, language, app, results):
    response = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE=language)

    named = {
        str(a["name"]): [str(m["name"]) for m in a["models"]] for a in response.context["app_list"]
    }
    assert named.get(app) == [results]
    assert "Tasks Database Backend" not in response.content.decode()


def test_curators_do_not_see_the_operators_task_queue(client):
    from io import StringIO

    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    call_command("create_curators_group", stdout=StringIO())
    curator = User.objects.create_user("curator", is_staff=True)
    curator.groups.add(Group.objects.get(name="curators"))
    client.force_login(curator)

    html = client.get(reverse("admin:index")).content.decode()

    assert "/admin/compare/sectionlink/" in html
    assert "/admin/django_tasks_database/" not in html


@pytest.mark.parametrize(("language", "preface"), [("zh-hans", "前言："), ("en", "Preamble: ")])
def test_a_previews_outline_names_an_untitled_preface_by_its_kind_not_as_a_cut_heading(
    admin_client, language, preface
):
    # The heritage plan's PDF: its preamble has no heading; its first 30 characters, cut mid
    # quote, read as a heading of the outline.
    text = (
        "“十四五”文物保护和科技创新规划\n"
        "为贯彻习近平总书记关于文物工作的重要指示批示精神，加强“十四五”时期文物保护和科技创新"
        "工作，制定本规划。\n一、发展环境\n文物事业取得显著进步。\n二、总体要求\n稳中求进。\n"
    )

    preview, _ = _preview(admin_client, "plan.txt", text.encode(), language=language)

    outline = preview.context["outline"]
    assert outline[0] == f"{preface}为贯彻习近平总书记关于文物工作的重要指…"
    assert outline[1:] == ["一、 发展环境", "二、 总体要求"]


@pytest.mark.parametrize(
    ("accept", "plan_label", "parent_label"),
    [("zh-hans", "规划", "上级章节"), ("en", "Plan", "Parent section")],
)
def test_a_sections_plan_and_parent_are_named_in_the_readers_language(
    admin_client, plan, accept, plan_label, parent_label
):
    section = Section.objects.get(plan=plan, order=1)
    headers = {"HTTP_ACCEPT_LANGUAGE": accept}
    form = admin_client.get(
        reverse("admin:plans_section_change", args=[section.pk]), **headers
    ).content.decode()
    assert f'for="id_plan">{plan_label}:' in form
    assert f'for="id_parent">{parent_label}:' in form
    listing = admin_client.get(reverse("admin:plans_section_changelist"), **headers)
    assert 'data-filter-title="plan"' not in listing.content.decode()


def test_a_plans_issuers_are_shown_and_typed_as_names_not_as_json(admin_client, plan):
    Plan.objects.filter(pk=plan.pk).update(issuers=["云南省人民政府办公厅", "云南省大数据中心"])
    url = reverse("admin:plans_plan_change", args=[plan.pk])
    page = admin_client.get(url)
    shown = page.context["adminform"].form["issuers"]
    assert shown.value() == "云南省人民政府办公厅、云南省大数据中心"
    assert "[&quot;" not in str(shown)

    form = page.context["adminform"].form
    data = _plan_form_data(
        form,
        jurisdiction=plan.jurisdiction_id,
        era=plan.era_id,
        warnings="[]",
        issuers="云南省人民政府办公厅、云南省大数据中心，云南省财政厅",
    )
    assert admin_client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.issuers == ["云南省人民政府办公厅", "云南省大数据中心", "云南省财政厅"]


def test_metadata_pasted_with_a_zero_width_space_is_saved_without_it(admin_client, plan):
    url = reverse("admin:plans_plan_change", args=[plan.pk])
    form = admin_client.get(url).context["adminform"].form
    data = _plan_form_data(
        form,
        jurisdiction=plan.jurisdiction_id,
        era=plan.era_id,
        warnings="[]",
        title="云南省\u00ad“十四五”电子政务发展规划",
        doc_number="云政办发\u200b〔2022〕1号",
        issuer="云南省\u200b人民政府",
        issuers="云南省\u200b人民政府、\ufeff云南省大数据中心",
    )
    assert admin_client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.title == "云南省“十四五”电子政务发展规划"
    assert plan.doc_number == "云政办发〔2022〕1号"
    assert plan.issuer == "云南省人民政府"
    assert plan.issuers == ["云南省人民政府", "云南省大数据中心"]


def test_a_sections_flags_read_as_words_and_are_not_typed(admin_client, plan):
    section = plan.sections.get(label="一、")
    Section.objects.filter(pk=section.pk).update(flags=["mojibake", "ocr"])

    listed = admin_client.get(reverse("admin:plans_section_changelist")).content.decode()
    change = admin_client.get(reverse("admin:plans_section_change", args=[section.pk]))

    assert "有乱码、OCR 识别" in listed and "[&#x27;mojibake" not in listed
    assert "有乱码、OCR 识别" in change.content.decode()
    assert "flags" not in change.context["adminform"].form.fields


def test_a_preview_refuses_a_document_past_the_section_limit_before_anything_is_confirmed(
    admin_client, settings
):
    # The preview reads through the same limits as the import it would confirm.
    settings.IMPORT_MAX_SECTIONS = 5
    text = "某某县数字政府建设规划\n" + "".join(
        f"第{n}章 标题{n}\n正文。\n" for n in "一二三四五六七"
    )

    response, _ = _preview(admin_client, "seven.txt", text.encode())

    assert response.status_code == 200 and not Plan.objects.exists()
    assert (
        "它有 7 个章节，超过每份规划 5 个的上限" in response.context["form"].errors["document"][0]
    )


def test_an_issuer_too_long_to_store_is_refused_saying_what_to_write(admin_client):
    _, values = _preview(admin_client, "long.md", SHORT_PLAN, jurisdiction="云南省")
    pasted = "云南省人民政府" + "关于印发数字政府建设方案的通知" * 20  # a sentence, not a name
    done = admin_client.post(IMPORT, {**values, "issuer": pasted, "_confirm": "1"})
    assert "超过 200 个字" in done.content.decode()
    assert not Plan.objects.filter(source="long.md").exists()


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("slug", "a" * 121),
        ("title", "题" * 301),
        ("doc_number", "x" * 101),
        ("era", "十" * 21),
        ("jurisdiction", "某" * 99 + "省省"),
        ("parent", "某" * 101),
    ],
)
def test_a_value_too_long_to_store_is_refused_beside_its_field(admin_client, field, typed):
    # PostgreSQL refuses a longer value with a database error (a 500); SQLite stored it whole.
    text = "# 某某省数字政府建设方案\n\n## 一、总体要求\n\n加强统筹。\n".encode()
    preview = admin_client.post(
        IMPORT,
        {"document": _upload("long.md", text), "jurisdiction": "云南省", "_preview": "1"},
    )
    values = {k: v or "" for k, v in preview.context["form"].initial.items()}
    done = admin_client.post(IMPORT, {**values, field: typed, "_confirm": "1"})
    assert done.status_code == 200 and field in done.context["form"].errors
    assert not Plan.objects.filter(source="long.md").exists()


def test_a_place_typed_over_the_one_read_is_not_imported_under_a_level_other_than_shown(
    admin_client,
):
    _, values = _preview(admin_client, "y.txt", YUNNAN.read_bytes())
    assert values["level"] == "province"

    # 昆明市 typed over 云南省, 省级 left as read: asked again, showing 昆明市's level.
    again = admin_client.post(IMPORT, {**values, "jurisdiction": "昆明市", "_confirm": "1"})
    assert again.status_code == 200 and not Plan.objects.exists()
    assert again.context["form"]["level"].value() == "prefecture"
    assert "行政区已改为“昆明市”" in str(again.context["form"].errors["level"])
    done = admin_client.post(
        IMPORT, {**values, "jurisdiction": "昆明市", "level": "prefecture", "_confirm": "1"}
    )
    assert done.status_code == 302
    assert Plan.objects.get().jurisdiction.level == "prefecture"


def test_a_level_set_back_after_the_question_is_imported_not_asked_about_again(admin_client):
    # The level a place's name suggests is a guess (香港特别行政区 reads as a county, as any
    # 区): asked once, a person who sets the level back stands by it.
    text = (SEEDS / "000_76b0fc0e2e956a49.txt").read_bytes()
    preview = admin_client.post(IMPORT, {"document": _upload("y.txt", text), "_preview": "1"})
    values = {k: v or "" for k, v in preview.context["form"].initial.items()}
    assert values["level"] == "province"
    typed = {**values, "jurisdiction": "香港特别行政区", "_confirm": "1"}

    asked = admin_client.post(IMPORT, typed)
    assert asked.status_code == 200 and asked.context["form"]["level"].value() == "county"
    done = admin_client.post(IMPORT, {**typed, "level": "province"})
    assert done.status_code == 302
    assert Plan.objects.get().jurisdiction.level == "province"


def test_the_level_shown_beside_a_place_of_no_known_level_typed_over_the_one_read_is_imported(
    admin_client,
):
    _, values = _preview(admin_client, "y.txt", YUNNAN.read_bytes())

    # 省级 is still shown beside 雄安 (its name gives no level): that is the level imported,
    # not a question asked again at every confirmation.
    checked = admin_client.post(IMPORT, {**values, "jurisdiction": "雄安", "_check": "1"})
    assert not checked.context["needed"]
    done = admin_client.post(IMPORT, {**values, "jurisdiction": "雄安", "_confirm": "1"})
    assert done.status_code == 302
    assert Plan.objects.get().jurisdiction.level == "province"


@pytest.mark.parametrize(("language", "caution"), [("zh-hans", "请核对："), ("en", "Check: ")])
def test_the_new_place_note_is_a_caution_in_words_not_an_information(
    admin_client, language, caution
):
    preview, _ = _preview(
        admin_client, "table.csv", TABLE, language=language, jurisdiction="福建省"
    )
    (note,) = re.findall(r'<li class="(\w+)" id="import-new-place">(.*?)</li>', preview.text)
    assert note[0] == "warning" and note[1].startswith(f"<strong>{caution}</strong>")
