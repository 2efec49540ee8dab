from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from compare.curating import CURATORS_GROUP
from compare.models import CoverageDecision
from compare.runs.aligning import run_alignment
from plans.models import Plan, Section
from tests.moduledata import aligned_for_the_module

NATIONAL, Y23 = "national-2022-digital-gov-opinion", "yunnan-2023-digital-gov-programme"
Y22, HN, WC = "yunnan-2022-egov-plan", "hunan-13th-egov-plan", "wangcang-2023-digital-gov-plan"
URL = reverse("compare:coverage") + f"?upper={NATIONAL}&lower={Y23}"


_aligned_once = aligned_for_the_module((NATIONAL, Y23), (NATIONAL, WC))


@pytest.fixture
def aligned(_aligned_once, seeded, settings):
    settings.ALIGN_IN_BACKGROUND = False


@pytest.fixture
def curator(db):
    call_command("create_curators_group", stdout=io.StringIO())
    user = get_user_model().objects.create_user("editor", password="pw")
    user.groups.add(Group.objects.get(name=CURATORS_GROUP))
    return user


def _item(title: str) -> Section:
    return Section.objects.get(plan__slug=NATIONAL, title=title)


@pytest.mark.django_db
def test_an_unaligned_pair_is_aligned_first_as_the_compare_page_does(seeded, client, settings):
    settings.ALIGN_IN_BACKGROUND = False
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "上下衔接对照" in html and 'class="status status-covered"' in html


@pytest.mark.django_db
def test_while_a_pair_aligns_the_page_waits_and_polls(seeded, client, settings, monkeypatch):
    monkeypatch.setattr("compare.runs.opening.start_alignment", lambda plans, **who: None)
    response = client.get(URL)
    assert response.status_code == 202 or 'id="waiting"' in response.content.decode()


@pytest.mark.django_db
def test_the_waiting_page_in_english_sets_the_places_in_latin_brackets(
    seeded, client, settings, monkeypatch
):
    # As the report itself does once the pair is aligned (plans.wording.aside).
    monkeypatch.setattr("compare.runs.opening.start_alignment", lambda plans, **who: None)
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="waiting"' in html
    text = re.sub(r"<[^>]+>", "", html)
    assert " (全国)" in text and " (云南省)" in text and "（云南省）" not in text


@pytest.mark.django_db
def test_every_national_task_is_marked_with_its_evidence(aligned, client):
    html = client.get(URL).content.decode()
    for title in ("发展现状", "提高自主可控水平", "强化安全管理责任", "开展试点示范"):
        assert _item(title).get_absolute_url() in html
    # A covered task links the Yunnan section that carries it; a mention quotes the sentence.
    security = html[html.index(f'id="item-{_item("强化安全管理责任").pk}"') :]
    assert "对应可能性 1.00" in security[: security.index("</li>")]
    pilots = html[html.index(f'id="item-{_item("开展试点示范").pk}"') :]
    pilots = pilots[: pilots.index("</li>")]
    assert "强化典型引路" in pilots or "有序开展试点示范" in pilots
    assert 'id="additions"' in html and "运行维护体系" in html
    assert "<svg" in html and "实心为已落实" in html  # the chapter bars say what each fill means


@pytest.mark.django_db
def test_the_gaps_filter_is_an_htmx_fragment_of_the_same_url(aligned, client):
    response = client.get(URL + "&gaps=on", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="report"' in html and "site-nav" not in html
    assert "HX-Request" in response["Vary"]
    assert 'class="status status-covered"' not in html.split('id="items"')[1].split("</ol>")[0]
    assert 'class="status status-missing"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("off", ["0", "no", "off", "false"])
def test_gaps_written_off_shows_every_item(aligned, client, off):
    def items(address):
        html = client.get(address).content.decode()
        return html.split('id="items"')[1].split("</ol>")[0]

    assert items(URL + f"&gaps={off}") == items(URL)


@pytest.mark.django_db
def test_the_report_reads_the_database_a_fixed_number_of_times(
    aligned, client, django_assert_num_queries
):
    run_alignment([Plan.objects.get(slug=NATIONAL), Plan.objects.get(slug=WC)])
    run_alignment([Plan.objects.get(slug=Y22), Plan.objects.get(slug=HN)])
    # plans (with their places' chains), alignment status, sections, links, decisions in force,
    # targets, history, and the alignment version that keeps the pair's own alignment between
    # requests: whatever the size of the plans or the depth of the place. Six more take the
    # client's place for costly work in the shared limits cache and give it back (web.costly).
    for upper, lower in ((NATIONAL, Y23), (NATIONAL, WC), (Y22, HN)):
        url = reverse("compare:coverage") + f"?upper={upper}&lower={lower}"
        with django_assert_num_queries(8 + 6):
            assert client.get(url).status_code == 200
    with django_assert_num_queries(8 + 6):  # the era report reads the same
        assert client.get(reverse("compare:evolution") + f"?from={HN}&to={Y22}").status_code == 200


@pytest.mark.django_db
def test_a_higher_level_whose_plans_are_all_later_is_not_called_a_level_without_plans(
    seeded, client
):
    # Yunnan 2022 (2022-05-06) came a month before the national opinion (2022-06-06).
    for url in (
        reverse("plans:plan", args=[Y22]),
        reverse("compare:coverage") + f"?lower={Y22}",
    ):
        page = client.get(url).content.decode()
        higher = page[page.index("<strong>全国</strong>") :].split("</li>")[0]
        assert "目录中没有该级规划" not in higher, url
        assert "目录中该级的规划都晚于本规划印发" in higher and "2022-06-06" in higher
        assert "国务院关于加强数字政府建设的指导意见" in higher  # named, not offered to take up
        assert f"upper={NATIONAL}&amp;lower={Y22}" not in higher
    english = client.get(reverse("plans:plan", args=[Y22]), HTTP_ACCEPT_LANGUAGE="en")
    assert "plans of this level were all issued after this one" in english.content.decode()


@pytest.mark.django_db
def test_a_plan_whose_parents_have_no_plan_is_compared_with_the_nearest_higher_one(
    seeded, client, settings
):
    settings.ALIGN_IN_BACKGROUND = False
    page = client.get(reverse("plans:plan", args=[WC])).content.decode()
    higher = page[page.index('id="higher-plans"') :]
    assert "广元市" in higher and "四川省" in higher and "目录中没有该级规划" in higher
    assert f"upper={NATIONAL}&amp;lower={WC}" in higher
    report = client.get(reverse("compare:coverage") + f"?upper={NATIONAL}&lower={WC}")
    assert "不是旺苍县的直接上级：目录中没有广元市、四川省的规划" in report.content.decode()
    english = client.get(
        reverse("compare:coverage") + f"?upper={NATIONAL}&lower={WC}", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "the catalogue has no plan of 广元市, 四川省, so" in english.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "said"),
    [
        (
            "zh-hans",
            "{total}条上级任务：已落实 {covered}、部分落实 {partly}、未体现 {missing}；"
            "{additions}项本地特色",
        ),
        (
            "en",
            "{total} items of the higher plan: Covered {covered}, Partly covered {partly}, "
            "Not found {missing}; {additions} local additions",
        ),
    ],
)
def test_the_word_report_opens_with_what_the_page_says_above_its_table(
    seeded, client, settings, language, said
):
    from docx import Document

    settings.ALIGN_IN_BACKGROUND = False
    url = reverse("compare:coverage") + f"?upper={NATIONAL}&lower={WC}"
    page = client.get(url).content.decode()
    data = client.get(url + "&format=json").json()
    word = client.get(url + "&format=docx", HTTP_ACCEPT_LANGUAGE=language).content

    opening = [p.text for p in Document(io.BytesIO(word)).paragraphs[1:]]
    counts = {
        "total": re.search(r"<strong>(\d+)</strong>条上级任务", page)[1],
        "additions": re.search(r"<strong>(\d+)</strong>项本地特色", page)[1],
    }
    assert opening[0] == said.format(**counts, **data["totals"])
    assert any("广元市" in line and "四川省" in line for line in opening[1:])  # nearest higher


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "about"), [("zh-hans", "说明"), ("en", "About")])
def test_the_excel_report_says_on_a_sheet_of_its_own_what_the_word_one_opens_with(
    aligned, client, language, about
):
    from docx import Document
    from openpyxl import load_workbook

    client.cookies["django_language"] = language
    book = load_workbook(io.BytesIO(client.get(URL + "&format=xlsx").content))
    word = Document(io.BytesIO(client.get(URL + "&format=docx").content)).paragraphs
    assert book.sheetnames[1] == about and book.active.title == book.sheetnames[0]
    lines = [row[0] for row in book[about].iter_rows(values_only=True)]
    assert lines == [p.text for p in word]  # the title, the totals, how they were counted
    totals = client.get(URL + "&format=json").json()["totals"]
    assert all(str(n) in lines[1] for n in totals.values()) and len(lines) >= 3
    assert book.active[2][0].value in ("上级规划条目", "Item of the higher plan")  # header unmoved


@pytest.mark.django_db
def test_every_file_export_ends_with_the_background_it_does_not_count_marked_so(aligned, client):
    from docx import Document
    from openpyxl import load_workbook

    left_out = client.get(URL + "&format=json").json()["counted"]["not_counted"]
    assert len(left_out) > 3 and {"context", "principles"} <= {s["why"] for s in left_out}
    csv_rows = list(
        csv.reader(io.StringIO(client.get(URL + "&format=csv").content.decode("utf-8-sig")))
    )
    sheet = load_workbook(io.BytesIO(client.get(URL + "&format=xlsx").content)).active
    xlsx_rows = [[c or "" for c in row] for row in sheet.iter_rows(min_row=2, values_only=True)]
    word = Document(io.BytesIO(client.get(URL + "&format=docx").content)).tables[0].rows
    word_rows = [[c.text for c in row.cells] for row in word]
    for table in (csv_rows, xlsx_rows, word_rows):
        assert len(table[0]) == 8  # the columns stay as they were
        tail = table[-len(left_out) :]
        assert [r[1] for r in tail] == ["不计入"] * len(left_out)
        for row, section in zip(tail, left_out, strict=True):
            assert row[0] and row[0] == (section["heading"] or row[0])
        assert "现状与形势" in {r[5] for r in tail}
        assert sum(r[1] == "不计入" for r in table) == len(left_out)  # nowhere else


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "around"),
    [
        ("zh-hans", '<span class="keep">（<span class="aside-part">{}</span>）</span>'),
        ("en", '<span class="keep"> (<span class="aside-part">{}</span>)</span>'),
    ],
)
def test_the_plans_places_are_set_in_the_readers_parentheses(aligned, client, language, around):
    client.cookies["django_language"] = language
    html = client.get(URL).content.decode()
    assert around.format("全国") in html and around.format("云南省") in html


@pytest.mark.django_db
def test_the_picker_suggests_the_plans_of_the_parent_jurisdictions(seeded, client):
    html = client.get(reverse("compare:coverage") + f"?lower={Y23}").content.decode()
    assert f"?upper={NATIONAL}&amp;lower={Y23}" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("report", "query", "field"),
    [
        ("coverage", "?upper=x", "upper"),
        ("coverage", "?lower=x", "lower"),
        ("coverage", f"?upper=x&lower={Y23}", "upper"),
        ("evolution", "?from=x", "from"),
    ],
)
def test_the_picker_says_which_named_plan_it_cannot_find(seeded, client, report, query, field):
    response = client.get(reverse(f"compare:{report}") + query)
    assert response.status_code == 400
    html = response.content.decode()
    picker = html[html.index(f'<select name="{field}"') :]
    picker = picker[: picker.index("</p>")]
    assert '<span class="error">找不到短名为 x 的规划。</span>' in picker
    assert html.count("找不到短名为") == 1


@pytest.mark.django_db
def test_a_half_filled_address_naming_a_known_plan_is_the_picker_prefilled(seeded, client):
    response = client.get(reverse("compare:coverage") + f"?upper={NATIONAL}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{NATIONAL}" selected>' in html and "找不到" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(("report", "first"), [("coverage", "upper"), ("evolution", "from")])
def test_the_pickers_list_plans_from_the_national_level_down(seeded, client, report, first):
    html = client.get(reverse(f"compare:{report}")).content.decode()
    menu = html[html.index(f'<select name="{first}"') :]
    menu = menu[: menu.index("</select>")]
    levels = re.findall(r'<optgroup label="([^"]+)"', menu)
    assert levels == ["国家", "省级", "地市级", "县级"]
    assert (
        menu.index(f'value="{NATIONAL}"')
        < menu.index(f'value="{Y22}"')
        < menu.index(f'value="{WC}"')
    )


@pytest.mark.django_db
def test_a_curators_decision_is_kept_across_re_runs_and_in_the_history(aligned, client, curator):
    client.force_login(curator)
    item = _item("提高自主可控水平")
    response = client.post(
        reverse("compare:coverage_decide", args=[item.pk]),
        {"lower": Y23, "status": "covered", "note": "见安全可靠技术和产品", "next": URL},
    )
    assert response.status_code == 302
    run_alignment([Plan.objects.get(slug=NATIONAL), Plan.objects.get(slug=Y23)])
    html = client.get(URL).content.decode()
    row = html[html.index(f'id="item-{item.pk}"') :]
    row = row[: row.index("</li>")]
    assert "status-covered" in row and "见安全可靠技术和产品" in row and "人工判断" in row
    assert "见安全可靠技术和产品" in html[html.index('id="history"') :]
    client.post(
        reverse("compare:coverage_decide", args=[item.pk]), {"lower": Y23, "status": "cleared"}
    )
    assert CoverageDecision.objects.count() == 2
    html = client.get(URL).content.decode()
    row = html[html.index(f'id="item-{item.pk}"') :]
    # Back to what the evidence says: Yunnan names 自主 but not 可控 (judged 部分落实 too).
    assert "status-partly" in row[: row.index("</li>")]


@pytest.mark.django_db
def test_only_curators_decide(aligned, client):
    response = client.post(
        reverse("compare:coverage_decide", args=[_item("发展现状").pk]),
        {"lower": Y23, "status": "covered"},
    )
    assert response.status_code == 403 and not CoverageDecision.objects.exists()


@pytest.mark.django_db
def test_the_report_exports_to_word_excel_csv_and_json(aligned, client):
    from docx import Document
    from openpyxl import load_workbook

    word = client.get(URL + "&format=docx")
    text = "\n".join(
        c.text for row in Document(io.BytesIO(word.content)).tables[0].rows for c in row.cells
    )
    assert "提高自主可控水平" in text and "理由" in text and "原文摘引" in text
    sheet = load_workbook(io.BytesIO(client.get(URL + "&format=xlsx").content)).active
    assert sheet["A2"].value == "上级规划条目" and sheet.max_row > 40
    table = client.get(URL + "&format=csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(table)))
    assert rows[0][:2] == ["上级规划条目", "落实情况"] and any(r[1] == "本地特色" for r in rows)
    data = client.get(reverse("compare:api_coverage") + f"?upper={NATIONAL}&lower={Y23}").json()
    assert data["upper"]["slug"] == NATIONAL and data["totals"]["covered"] > 20
    assert {"status", "why", "links", "mention"} <= set(data["items"][0])


@pytest.mark.django_db
def test_every_export_carries_the_pages_verdicts_reasons_and_quotes(aligned, client):
    from docx import Document
    from openpyxl import load_workbook

    items = client.get(reverse("compare:api_coverage") + f"?upper={NATIONAL}&lower={Y23}").json()
    items = items["items"]
    assert any(i["quote"] for i in items) and any(i["status"] != "covered" for i in items)
    assert sum(len(i["evidence"]) > 1 for i in items) > 1
    page = client.get(URL).content.decode()
    csv_rows = list(
        csv.reader(io.StringIO(client.get(URL + "&format=csv").content.decode("utf-8-sig")))
    )
    sheet = load_workbook(io.BytesIO(client.get(URL + "&format=xlsx").content)).active
    xlsx_rows = [[c or "" for c in row] for row in sheet.iter_rows(min_row=3, values_only=True)]
    word = Document(io.BytesIO(client.get(URL + "&format=docx").content)).tables[0].rows
    word_rows = [[c.text for c in row.cells] for row in word][1:]
    labels = {"covered": "已落实", "partly": "部分落实", "missing": "未体现"}
    for i, item in enumerate(items):
        row = page[page.index(f'id="item-{item["section"]}"') :]
        row = row[: row.index("</li>")]
        assert f"status-{item['status']}" in row and escape(item["reason"]) in row
        for table in (csv_rows[1:], xlsx_rows, word_rows):
            assert table[i][1] == labels[item["status"]]
            assert table[i][6] == item["reason"] and table[i][7] == item["quote"]
            # The evidence: every section the JSON gives, named in the same order.
            headings = [e["heading"] for e in item["evidence"]]
            named = [part.rsplit("（", 1)[0] for part in table[i][3].split("；") if part]
            assert named == headings
        assert all(escape(e["heading"]) in row for e in item["evidence"])
        # Weak links are marked weak wherever they are shown.
        for e in item["evidence"]:
            assert ("，少含本条关键词" in csv_rows[i + 1][3]) >= e["weak"]
            assert ("少含本条关键词" in row) >= e["weak"]


@pytest.mark.django_db
def test_a_weak_link_is_marked_as_holding_few_key_terms_not_as_weak(aligned, client):
    # 弱对应 beside 对应可能性 0.90 read as a contradiction: the mark says what weak means.
    url = reverse("compare:coverage") + f"?upper={NATIONAL}&lower={WC}"
    page = client.get(url).content.decode()
    weak = re.findall(r'<span class="weak">([^<]*)</span>', page)
    assert weak and set(weak) == {"少含本条关键词"}
    assert "弱对应" not in page
    rows = list(
        csv.reader(io.StringIO(client.get(url + "&format=csv").content.decode("utf-8-sig")))
    )
    where = "".join(r[3] for r in rows)
    assert "，少含本条关键词" in where and "弱对应" not in where


@pytest.mark.django_db
def test_a_plan_issued_before_the_upper_one_is_reported_as_coming_first(seeded, client, settings):
    settings.ALIGN_IN_BACKGROUND = False
    page = client.get(reverse("plans:plan", args=[HN])).content.decode()
    # Hunan's 2016 plan cannot take up the 2022 opinion: the plan page does not offer it.
    assert f"upper={NATIONAL}" not in page[page.index('id="higher-plans"') :]
    url = reverse("compare:coverage") + f"?upper={NATIONAL}&lower={HN}"
    html = client.get(url).content.decode()
    assert 'id="precedes"' in html and "先于上级文件" in html
    items = html[html.index('id="items"') : html.index('id="targets"')]
    assert "已有" in items and "已落实" not in items  # what it had, not what it took up
    # The chart, its caption, the headings and the filter say it in the badges' words too.
    assert [w for w in ("已落实", "部分落实", "未体现", "落实情况") if w in html] == []
    assert "右侧数字依次为 已有/部分已有/未涉及。" in html and "各章已有情况" in html
    rows = list(
        csv.reader(io.StringIO(client.get(url + "&format=csv").content.decode("utf-8-sig")))
    )
    assert {r[1] for r in rows[1:33]} <= {"已有", "部分已有", "未涉及"}
    data = client.get(reverse("compare:api_coverage") + f"?upper={NATIONAL}&lower={HN}").json()
    assert data["lower_issued_first"] is True


@pytest.mark.django_db
def test_the_picker_does_not_suggest_a_higher_plan_issued_after_the_lower_one(seeded, client):
    # Hunan's 2016 plan: the 2022 opinion of its parent jurisdiction came later.
    later = client.get(reverse("compare:coverage") + f"?lower={HN}").content.decode()
    assert f"?upper={NATIONAL}&amp;lower={HN}" not in later
    earlier = client.get(reverse("compare:coverage") + f"?lower={Y23}").content.decode()
    assert f"?upper={NATIONAL}&amp;lower={Y23}" in earlier


@pytest.mark.django_db
@pytest.mark.parametrize("lower", [Y23, WC])
def test_every_covered_item_gives_the_terms_or_the_sentence_it_rests_on(aligned, client, lower):
    data = client.get(reverse("compare:api_coverage") + f"?upper={NATIONAL}&lower={lower}").json()
    covered = [i for i in data["items"] if i["status"] == "covered"]
    assert covered
    # Key terms found (见于), shared words of a linked text (共有), or the sentence quoted.
    unexplained = [
        i["reason"]
        for i in covered
        if not (i["quote"] or "见于" in i["reason"] or "共有：" in i["reason"])
    ]
    assert unexplained == []


@pytest.mark.django_db
@pytest.mark.parametrize("lower", [Y23, WC])
def test_an_items_json_missing_terms_are_the_terms_its_reason_says_are_unwritten(
    aligned, client, lower
):
    data = client.get(reverse("compare:api_coverage") + f"?upper={NATIONAL}&lower={lower}").json()
    said = {
        i["section"]: m.group(1).split("、")
        for i in data["items"]
        if (m := re.search(r"(?:未写到的关键词|缺少)：([^；]+)", i["reason"]))
    }
    assert any(i["status"] == "covered" for i in data["items"] if i["section"] in said)
    assert {i["section"]: i["missing_terms"] for i in data["items"] if i["section"] in said} == said


@pytest.mark.django_db
def test_in_english_the_lower_sections_of_an_item_are_separated_by_an_english_semicolon(
    aligned, client
):
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    lines = re.findall(r'<div class="links">Lower plan: (.*?)</div>', html)
    several = [line for line in lines if line.count("<a ") > 1]
    assert several, "no item with several lower sections to read"
    assert not [line for line in several if "；" in line]
    assert all("; <a " in line for line in several)


@pytest.mark.django_db
def test_in_english_a_quoted_heading_in_a_reason_sets_its_own_quotes_single(aligned, client):
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    reasons = [unescape(r) for r in re.findall(r'<div class="reason">(.*?)</div>', html)]
    inner = [r for r in reasons if "‘" in r]  # 构建“一网统管”省域治理平台“云治慧” named in one
    assert inner, "no reason names a heading that holds quotes"
    assert not [r for r in reasons if re.search(r"“[^”]*“", r)]


@pytest.mark.django_db
def test_in_english_a_chapter_bars_tooltip_names_the_chapter_with_an_english_colon(aligned, client):
    english = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    tooltips = re.findall(r'<g class="chapter-bar">\s*<title>([^<]*)</title>', english)
    assert tooltips
    assert all(re.search(r"[^：]: \d+ covered, \d+ partly, \d+ not found$", t) for t in tooltips)
    chinese = client.get(URL).content.decode()
    assert re.search(r'<g class="chapter-bar">\s*<title>[^<]*：\d+ 已落实', chinese)


@pytest.mark.django_db
def test_the_report_says_its_likelihoods_are_the_two_plans_own(aligned, client):
    counted = client.get(URL).content.decode()
    counted = counted[counted.index('id="how-counted"') :]
    assert "只按这两份规划自身的文字计算" in counted[: counted.index("</p>")]
    english = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "computed from these two plans' own texts" in english.replace("&#x27;", "'")


@pytest.mark.django_db
def test_the_count_leaves_background_out_and_says_how_it_was_made(aligned, client):
    html = client.get(URL).content.decode()
    counted = html[html.index('id="how-counted"') :]
    assert "任务 27 条" in counted and "保障措施 4 条" in counted and "目标 1 条" in counted
    assert "<strong>32</strong>条上级任务" in html
    background = html[html.index('id="background"') : html.index('id="additions"')]
    for title in ("发展现状", "指导思想", "坚持安全可控", "加快推进数字机关建设，提升政务运行效能"):
        assert title in background
        assert f'id="item-{_item(title).pk}"' not in html


@pytest.mark.django_db
def test_the_era_report_pairs_one_indicator_under_two_names_and_uses_era_words(
    seeded, client, settings
):
    settings.ALIGN_IN_BACKGROUND = False
    url = reverse("compare:evolution") + f"?from={Y22}&to={Y23}"
    html = client.get(url).content.decode()  # aligns the pair first
    data = client.get(reverse("compare:api_evolution") + f"?from={Y22}&to={Y23}").json()
    raised = [
        ([t["indicator"] for t in row["upper"]], [t["indicator"] for t in row["lower"]])
        for row in data["targets"]["raised"]
    ]
    assert (["行政村覆盖"], ["电子政务外网覆盖"]) in raised
    gone = data["targets"]["dropped"] + data["targets"]["new"]
    assert not {"行政村覆盖", "电子政务外网覆盖"} & {
        t["indicator"] for r in gone for t in r["upper"] + r["lower"]
    }
    continued = html[html.index('id="continued"') : html.index('id="new"')]
    assert "延续" in continued and "已落实" not in continued and "status-covered" not in continued
    assert "status-" not in html[html.index('id="report"') :]  # no coverage badge anywhere


@pytest.mark.django_db
def test_the_api_says_what_is_missing(seeded, client):
    response = client.get(reverse("compare:api_coverage") + "?upper=x")
    assert response.status_code == 400 and "upper=<slug>&lower=<slug>" in response.json()["error"]
    response = client.get(reverse("compare:api_coverage") + f"?upper=x&lower={Y23}")
    assert response.status_code == 404 and "找不到短名为 x 的规划" in response.json()["error"]
    # Not aligned yet: 409, saying where to align them (as the comparison API does).
    response = client.get(reverse("compare:api_coverage") + f"?upper={NATIONAL}&lower={WC}")
    assert response.status_code == 409
    assert response.json()["command"] == f"python manage.py align {NATIONAL} {WC}"
    assert response.json()["page"] == f"/coverage/?upper={NATIONAL}&lower={WC}"


@pytest.mark.django_db
def test_the_era_report_lists_continued_new_and_dropped_topics_and_target_changes(
    seeded, client, settings
):
    settings.ALIGN_IN_BACKGROUND = False
    url = reverse("compare:evolution") + f"?from={HN}&to={Y22}"
    html = client.get(url).content.decode()
    for anchor in ('id="continued"', 'id="new"', 'id="dropped"', 'id="targets"'):
        assert anchor in html
    assert "推進智慧城市建設和發展" in html[html.index('id="dropped"') :]
    assert "推进民族团结工作数字化应用" in html[html.index('id="new"') :]
    data = client.get(reverse("compare:api_evolution") + f"?from={HN}&to={Y22}").json()
    assert data["topics"]["continued"] and data["topics"]["dropped"]
    met = {t["indicator"] for t in data["targets"]["met_and_dropped"]}
    assert "云平台部门整合率" in met and "上云率" in {
        t["indicator"] for t in data["targets"]["new"]
    }
    # The garbled 整合率 is there, marked unreliable.
    assert any(t["unreliable"] for t in data["targets"]["met_and_dropped"])
    assert client.get(url + "&format=docx").status_code == 200


@pytest.mark.django_db
def test_the_era_report_exports_carry_a_new_targets_baseline(seeded, client, settings):
    settings.ALIGN_IN_BACKGROUND = False
    url = reverse("compare:evolution") + f"?from={HN}&to={Y22}"
    table = client.get(url + "&format=csv").content.decode("utf-8-sig")
    assert "95%（2020）→ 99%（2025），+4 个百分点" in table
    data = client.get(reverse("compare:api_evolution") + f"?from={HN}&to={Y22}").json()
    new = {t["indicator"]: t for t in data["targets"]["new"]}
    assert new["网上可办率"]["lower"][0]["baseline"] == {"value": 95.0, "unit": "%", "year": 2020}


@pytest.mark.django_db
def test_the_era_and_coverage_pages_show_a_targets_baseline_as_their_exports_do(
    seeded, client, settings
):
    settings.ALIGN_IN_BACKGROUND = False
    change = "95%（2020）→ 99%（2025），+4 个百分点"  # Yunnan 2022's 网上可办率
    for url in (
        reverse("compare:evolution") + f"?from={HN}&to={Y22}",
        reverse("compare:coverage") + f"?upper={Y22}&lower={Y23}",
    ):
        html = client.get(url).content.decode()
        assert change in html[html.index('id="targets"') :], url


@pytest.mark.django_db
def test_a_jurisdiction_page_lists_its_plans_on_a_timeline(seeded, client):
    place = Plan.objects.get(slug=Y23).jurisdiction
    html = client.get(place.get_absolute_url()).content.decode()
    timeline = html[html.index('id="timeline"') :]
    assert timeline.index("十四五") < timeline.index("云南省数字政府建设总体方案")
    assert f"?from={Y22}&amp;to={Y23}" in timeline


@pytest.mark.django_db
def test_targets_both_plans_set_show_their_direction(seeded, client):
    js = "jiangsu-2021-digital-gov-plan"
    for pair in ((Y22, js), (Y22, Y23)):
        run_alignment([Plan.objects.get(slug=s) for s in pair])
    data = client.get(reverse("compare:api_coverage") + f"?upper={Y22}&lower={js}").json()
    shared = {t["indicator"]: t["direction"] for t in data["targets"] if t["upper"] and t["lower"]}
    assert shared == {"上云率": "stricter"}  # Jiangsu's 95% against Yunnan's 90%以上, both 2025
    assert data["relation"]["kind"] == "not-above"
    data = client.get(reverse("compare:api_coverage") + f"?upper={Y22}&lower={Y23}").json()
    shared = {t["indicator"]: t["direction"] for t in data["targets"] if t["upper"] and t["lower"]}
    assert shared == {
        "带宽（州市）": "equal",
        "带宽（县市区）": "equal",
        "带宽（乡镇街道）": "equal",
        "政务外网覆盖率": "stricter",  # 80% 行政村 (2022) → 五级全覆盖 (2023): one indicator
    }
    html = client.get(reverse("compare:coverage") + f"?upper={Y22}&lower={js}").content.decode()
    assert "更严" in html[html.index('id="targets"') :]


@pytest.mark.django_db
def test_the_admin_lists_the_decisions_as_a_read_only_history(aligned, client, curator):
    client.force_login(curator)
    client.post(
        reverse("compare:coverage_decide", args=[_item("发展现状").pk]),
        {"lower": Y23, "status": "missing", "note": "云南方案没有现状回顾"},
    )
    admin = get_user_model().objects.create_superuser("root", password="pw")
    client.force_login(admin)
    html = client.get(reverse("admin:compare_coveragedecision_changelist")).content.decode()
    assert "云南方案没有现状回顾" in html
    assert client.get(reverse("admin:compare_coveragedecision_add")).status_code == 403


@pytest.mark.django_db
def test_a_place_with_one_era_offers_a_peers_plan_of_another_era(seeded, client):
    hunan = Plan.objects.get(slug=HN).jurisdiction
    html = client.get(hunan.get_absolute_url()).content.decode()
    peers = html[html.index('id="peer-eras"') :]
    assert f"?from={HN}&amp;to={Y22}" in peers  # Hunan 十三五 → Yunnan 十四五


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_word_title_sets_plan_titles_in_book_title_marks_in_either_language(
    aligned, client, language
):
    from docx import Document

    national, wangcang = Plan.objects.get(slug=NATIONAL), Plan.objects.get(slug=WC)
    assert "“" in wangcang.title  # 旺苍县“十四五”…: curly quotes around it would nest
    url = reverse("compare:coverage") + f"?upper={NATIONAL}&lower={WC}&format=docx"

    word = client.get(url, HTTP_ACCEPT_LANGUAGE=language)

    title = Document(io.BytesIO(word.content)).paragraphs[0].text
    assert f"《{national.title}》" in title and f"《{wangcang.title}》" in title
    assert f"“{wangcang.title}”" not in title


@pytest.mark.django_db
def test_a_quotation_holding_quotes_sets_them_single_on_the_page_and_in_the_exports(
    aligned, client
):
    from docx import Document

    url = reverse("compare:coverage") + f"?upper={NATIONAL}&lower={WC}"
    nested = re.compile(r"“[^”]*“")

    page = client.get(url).content.decode()
    word = Document(io.BytesIO(client.get(url + "&format=docx").content)).tables[0].rows
    quotes = [c.text for row in word for c in row.cells if "：“" in c.text]
    table = client.get(url + "&format=csv").content.decode("utf-8-sig")

    # 旺苍's 建成生态环境业务应用“大系统” is quoted as the evidence of a national task
    assert "‘大系统’" in page and not nested.search(page)
    assert any("‘大系统’" in q for q in quotes) and not any(nested.search(q) for q in quotes)
    assert "‘大系统’" in table and not nested.search(table)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("report", "query"),
    [("coverage", {"upper": "x\x00"}), ("coverage", {"upper": NATIONAL, "lower": "\x00"})]
    + [("evolution", {"from": f"{Y23}\x00"})],
)
def test_the_picker_refuses_a_null_character_in_a_plan_name(seeded, client, report, query):
    # The picker looks the named plans up: PostgreSQL refuses a NUL there (a server error).
    response = client.get(reverse(f"compare:{report}"), query)
    assert response.status_code == 400
    assert response.content.decode() == "搜索词或规划短名中有空字符（NUL）：请删去后再搜索。"


@pytest.mark.django_db
def test_an_english_export_says_how_it_counted_in_singulars_and_plurals(aligned, client):
    from docx import Document

    client.cookies["django_language"] = "en"
    opening = [
        p.text for p in Document(io.BytesIO(client.get(URL + "&format=docx").content)).paragraphs
    ]
    how = next(line for line in opening if "safeguard" in line)
    counted = re.findall(r"(\d+) (target|task|safeguard|section)(s?)\b", how)
    assert {noun for _n, noun, _s in counted} == {"target", "task", "safeguard", "section"}
    assert "1" in {n for n, _noun, _s in counted}  # the national opinion has one target
    for n, noun, plural in counted:
        assert (plural == "") == (n == "1"), f"{n} {noun}{plural}"


@pytest.mark.django_db
def test_in_english_the_pages_own_colons_and_lists_around_names_are_latin(aligned, client):
    client.cookies["django_language"] = "en"
    plan_page = client.get(reverse("plans:plan", args=[WC])).content.decode()
    higher = plan_page[plan_page.index('id="higher-plans"') :]
    pick = client.get(reverse("compare:coverage") + f"?lower={WC}").content.decode()
    report = client.get(reverse("compare:coverage") + f"?upper={NATIONAL}&lower={WC}")
    quotes = re.findall(r'<blockquote class="quote">.*?</blockquote>', report.content.decode())
    assert quotes
    for html in (higher, pick, *quotes):
        assert "</strong>：" not in html and "</a>：" not in html
    assert "</strong>: " in higher and "</a>: " in quotes[0]


@pytest.mark.django_db
def test_in_english_the_reasons_list_key_terms_with_commas(aligned, client):
    client.cookies["django_language"] = "en"
    html = client.get(reverse("compare:coverage") + f"?upper={NATIONAL}&lower={WC}").content
    reasons = re.findall(r'<div class="reason">(.*?)</div>', html.decode())
    listed = [
        terms
        for reason in reasons
        for terms in re.findall(r"(?:Key terms|[Ss]hared:|[Mm]issing:) ([^;“<]+)", reason)
    ]
    assert any(", " in terms for terms in listed)
    assert not [terms for terms in listed if "、" in terms]


@pytest.mark.django_db
def test_an_english_export_introduces_its_quoted_sentences_with_a_latin_colon(aligned, client):
    client.cookies["django_language"] = "en"
    body = client.get(URL + "&format=csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    quotes = [row["Quoted sentence"] for row in rows if row["Quoted sentence"]]
    assert quotes and all(": “" in quote and "：“" not in quote for quote in quotes)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("report", "query", "name"),
    [
        ("coverage", f"?upper={NATIONAL}&lower={Y23}", f"coverage-{NATIONAL}-{Y23}.json"),
        ("evolution", f"?from={NATIONAL}&to={Y23}", f"evolution-{NATIONAL}-{Y23}.json"),
    ],
)
def test_a_reports_json_link_downloads_a_file_named_for_the_pair_as_the_compare_pages_does(
    aligned, client, report, query, name
):
    from html import unescape

    page = reverse(f"compare:{report}")
    html = client.get(page + query).content.decode()
    link = re.search(r'<a href="(\?[^"]*format=json)" download>JSON</a>', html)
    assert link is not None
    response = client.get(page + unescape(link[1]))
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    # The API keeps its address and shape, answered inline.
    api = client.get(reverse(f"compare:api_{report}") + query)
    assert not api.has_header("Content-Disposition") and api.json() == response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("zh-hans", "两份规划属于同一规划期（十四五）"),
        ("en", "Both plans belong to one planning period (十四五)"),
    ],
)
def test_an_evolution_of_two_plans_of_one_era_says_the_era_is_the_same(
    seeded, client, settings, language, said
):
    from docx import Document

    settings.ALIGN_IN_BACKGROUND = False
    client.cookies["django_language"] = language
    url = reverse("compare:evolution") + f"?from={Y22}&to={Y23}"  # both 十四五
    html = client.get(url).content.decode()
    assert 'id="same-era"' in html and said in html
    word = Document(io.BytesIO(client.get(url + "&format=docx").content)).paragraphs
    assert any(said in p.text for p in word[:4])
    across = client.get(reverse("compare:evolution") + f"?from={HN}&to={Y22}")  # 十三五 → 十四五
    assert 'id="same-era"' not in across.content.decode()


@pytest.mark.django_db
def test_the_english_evolution_title_fits_a_pair_of_one_era_as_well_as_one_across_eras(
    seeded, client, settings
):
    from docx import Document

    settings.ALIGN_IN_BACKGROUND = False
    client.cookies["django_language"] = "en"
    url = reverse("compare:evolution") + f"?from={Y22}&to={Y23}"  # both 十四五
    html = client.get(url).content.decode()
    assert "<h1>Earlier and later plans</h1>" in html and "across eras" not in html.lower()
    word = Document(io.BytesIO(client.get(url + "&format=docx").content)).paragraphs
    assert word[0].text.startswith("Earlier and later plans: ")


@pytest.mark.django_db
def test_a_section_quoted_as_an_items_reason_is_not_listed_as_a_local_addition(aligned):
    from compare.coverage.covering import coverage_report
    from plans.models import Plan

    report = coverage_report(Plan.objects.get(slug=NATIONAL), Plan.objects.get(slug=WC))
    own = {s.pk for s in report.additions} | {s.pk for s in report.details}
    quoted = {
        e.sentence_section
        for row in report.rows
        if row.item.status != "missing"
        for _, e in row.evidence
        if e.sentence and e.sentence_section
    }
    titled_quotes = [
        s for s in Section.objects.filter(pk__in=quoted) if "监管" in s.title
    ]  # 大力推行智慧监管 quotes 推进“互联网+”监管发展
    assert titled_quotes
    assert not {s.pk for s in titled_quotes} & own
