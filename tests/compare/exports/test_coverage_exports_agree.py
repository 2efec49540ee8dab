"""The coverage report's four downloads (JSON, CSV, Word, Excel) carry, item by item, what its
page shows: the same items in the same order, each with the page's status, reason, quoted
sentence and evidence sections (weak ones marked weak), and the same 本地特色. Read as a
supervisor reads them: the page's HTML parsed, each file opened with the library a person's
spreadsheet or word processor stands for."""

from __future__ import annotations

import csv
import io
import json
import re

import lxml.html
import pytest
from django.urls import reverse

from tests.moduledata import aligned_for_the_module

NATIONAL = "national-2022-digital-gov-opinion"
WC, Y23 = "wangcang-2023-digital-gov-plan", "yunnan-2023-digital-gov-programme"
HN = "hunan-13th-egov-plan"  # issued before the national opinion: 先于上级文件
LOWER = (WC, Y23, HN)

_aligned_once = aligned_for_the_module(*((NATIONAL, lower) for lower in LOWER))


@pytest.fixture(params=LOWER, ids=["wangcang", "yunnan-2023", "hunan-first"])
def url(request, _aligned_once, seeded, settings):
    settings.ALIGN_IN_BACKGROUND = False
    return reverse("compare:coverage") + f"?upper={NATIONAL}&lower={request.param}"


def _text(element) -> str:
    return " ".join(element.text_content().split()) if element is not None else ""


def page_items(html: str) -> list[dict]:
    """Each item as the page shows it: status, heading, reason, quote, evidence sections."""
    root = lxml.html.fromstring(html)
    items = []
    for li in root.xpath("//ol[@class='coverage-items']/li[starts-with(@id, 'item-')]"):
        quote = li.xpath(".//blockquote[@class='quote']")
        evidence = []
        for links in li.xpath(".//div[@class='links']"):
            if not _text(links).startswith("下级规划："):
                continue
            for a in links.xpath("./a"):
                note = a.getnext()
                weak = note.getnext()
                evidence.append(
                    {
                        "heading": _text(a),
                        "note": _text(note).strip("（）").replace("对应可能性 ", ""),
                        "weak": weak is not None and weak.get("class") == "weak",
                    }
                )
        curated = li.xpath(".//div[@class='curated']")
        reason = li.xpath(".//div[@class='reason']")
        badge = li.xpath("./span[starts-with(@class, 'status')]")[0]
        items.append(
            {
                "section": int(li.get("id").removeprefix("item-")),
                "status": badge.get("class").split()[1].removeprefix("status-"),
                "label": _text(badge),
                "heading": _text(li.xpath("./a")[0]),
                "reason": _text(reason[0]) if reason else "",
                "quote": _text(quote[0]) if quote else "",
                "evidence": evidence,
                "curated": _text(curated[0]) if curated else "",
            }
        )
    return items


def page_additions(html: str) -> list[str]:
    """The 本地特色 as the page lists them: whole topics, then items inside taken-up tasks."""
    root = lxml.html.fromstring(html)
    lists = "//h2[@id='additions']/following-sibling::ul[following-sibling::h2[@id='history']]"
    return [_text(a) for a in root.xpath(lists + "/li/a")]


def _where(evidence: list[dict]) -> str:
    """The page's evidence as the table writes it: 标题（0.83）, weak ones 少含本条关键词."""
    return "；".join(
        f"{e['heading']}（{e['note']}）" + ("，少含本条关键词" if e["weak"] else "")
        for e in evidence
    )


def _agrees_with_quote(page_quote: str, exported: str) -> bool:
    # The page shortens a long sentence to 120 characters around its found words (… where text
    # was left out, at either end); the files give it whole: what the page shows is there, in order.
    shown, whole = _squash(page_quote), _squash(exported)
    if "…" not in shown:
        return shown == whole
    at = 0
    for piece in shown.split("…"):
        at = whole.find(piece, at)
        if at < 0:
            return False
        at += len(piece)
    return True


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def table_items(rows: list[list[str]]) -> list[list[str]]:
    """The 对照表's item rows: after the header, up to the targets (指标：), 本地特色, 不计入."""
    items = []
    for row in rows[1:]:
        row = [*row, *[""] * (8 - len(row))]
        if row[0].startswith("指标：") or row[1] in ("本地特色", "不计入"):
            break
        items.append(row)
    return items


def table_additions(rows: list[list[str]]) -> list[str]:
    return [row[3] for row in rows[1:] if len(row) > 3 and row[1] == "本地特色"]


def check_table(page: list[dict], rows: list[list[str]], additions: list[str]) -> None:
    items = table_items(rows)
    assert [r[0].lstrip("　") for r in items] == [i["heading"] for i in page]
    for item, row in zip(page, items, strict=True):
        assert row[1] == item["label"], item["heading"]
        assert row[6] == item["reason"], item["heading"]
        assert _where(item["evidence"]) == row[3], item["heading"]
        assert _agrees_with_quote(item["quote"], row[7]), item["heading"]
    assert table_additions(rows) == additions


def check_json(page: list[dict], data: dict, additions: list[str]) -> None:
    items = data["items"]
    assert [i["section"] for i in items] == [i["section"] for i in page]
    for item, got in zip(page, items, strict=True):
        assert got["status"] == item["status"], item["heading"]
        assert got["reason"] == item["reason"], item["heading"]
        assert _agrees_with_quote(item["quote"], got["quote"]), item["heading"]
        assert [e["heading"] for e in got["evidence"]] == [e["heading"] for e in item["evidence"]]
        assert [e["weak"] for e in got["evidence"]] == [e["weak"] for e in item["evidence"]]
    exported = [a["heading"] for a in [*data["additions"], *data["additions_within_tasks"]]]
    assert exported == additions


def _as_read(cell) -> str:
    """A cell as a person reads it: the apostrophe that keeps text from running as a formula
    (compare.exports.spreadsheets) is not shown by a spreadsheet."""
    cell = "" if cell is None else str(cell)
    if cell.startswith("'") and cell[1:].startswith(("=", "+", "-", "@", "\t", "\r")):
        return cell[1:]
    return cell


def csv_rows(content: bytes) -> list[list[str]]:
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    return [[_as_read(c) for c in row] for row in rows]


def xlsx_rows(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    # The first row is the title; the table's header is the second.
    return [[_as_read(c) for c in row] for row in sheet.iter_rows(min_row=2, values_only=True)]


def docx_rows(content: bytes) -> list[list[str]]:
    from docx import Document

    table = Document(io.BytesIO(content)).tables[0]
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.fixture
def shown(client, url):
    html = client.get(url).content.decode()
    items = page_items(html)
    assert items and any(i["evidence"] for i in items)
    return items, page_additions(html)


@pytest.mark.django_db
def test_the_json_carries_the_pages_verdicts_reasons_and_evidence(client, url, shown):
    items, additions = shown
    check_json(items, json.loads(client.get(url + "&format=json").content), additions)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fmt, read",
    [("csv", csv_rows), ("xlsx", xlsx_rows), ("docx", docx_rows)],
    ids=["csv", "xlsx", "docx"],
)
def test_the_tables_carry_the_pages_verdicts_reasons_and_evidence(client, url, shown, fmt, read):
    items, additions = shown
    check_table(items, read(client.get(url + f"&format={fmt}").content), additions)


@pytest.fixture
def decided(client, url, django_user_model):
    """A curator's decision on the first task, as the page's form makes one."""
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from compare.curating import CURATORS_GROUP
    from plans.models import Section

    call_command("create_curators_group", stdout=io.StringIO())
    user = django_user_model.objects.create_user("curator", password="pw")
    user.groups.add(Group.objects.get(name=CURATORS_GROUP))
    client.force_login(user)
    item = Section.objects.get(plan__slug=NATIONAL, title="提升行政执行能力")
    lower = url.rsplit("lower=", 1)[1]
    response = client.post(
        reverse("compare:coverage_decide", args=[item.pk]),
        {"lower": lower, "status": "missing", "note": "=只写到审判执行", "next": url},
    )
    assert response.status_code == 302
    return item


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fmt, read",
    [("csv", csv_rows), ("xlsx", xlsx_rows), ("docx", docx_rows)],
    ids=["csv", "xlsx", "docx"],
)
def test_the_tables_say_of_a_curators_decision_what_the_page_says(client, url, decided, fmt, read):
    # The page gives what the evidence said beside the decision: 人工判断（自动结果：…）：note.
    items = page_items(client.get(url).content.decode())
    curated = next(i for i in items if i["section"] == decided.pk)
    assert curated["curated"].endswith("：=只写到审判执行")
    rows = table_items(read(client.get(url + f"&format={fmt}").content))
    row = rows[[i["section"] for i in items].index(decided.pk)]
    assert row[1] == "未涉及" if HN in url else "未体现"
    assert row[4] == curated["curated"]


@pytest.mark.django_db
def test_a_decision_on_a_plan_issued_first_gives_the_computed_result_in_its_own_words(
    client, url, decided
):
    # 已有 / 部分已有 / 未涉及: a plan issued first took nothing up, the automatic result neither.
    items = page_items(client.get(url).content.decode())
    curated = next(i for i in items if i["section"] == decided.pk)["curated"]
    words = ("已有", "部分已有") if HN in url else ("已落实", "部分落实")
    computed = re.search(r"自动结果：(已有|部分已有|已落实|部分落实|未涉及|未体现)）", curated)
    assert computed[1] in words


def page_targets(html: str) -> list[tuple[str, str, bool]]:
    """(indicator, direction, set by the higher plan) of the page's 指标对照 rows."""
    root = lxml.html.fromstring(html)
    rows = []
    for tr in root.xpath("//table[@class='targets-table']/tbody/tr"):
        upper = tr.xpath("./td")[0]
        rows.append(
            (_text(tr.xpath("./th")[0]), _text(tr.xpath("./td")[2]), _text(upper) != "未设定")
        )
    return rows


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fmt, read",
    [("csv", csv_rows), ("xlsx", xlsx_rows), ("docx", docx_rows)],
    ids=["csv", "xlsx", "docx"],
)
def test_the_tables_name_each_targets_side_and_where_an_addition_stands(client, url, fmt, read):
    html = client.get(url).content.decode()
    rows = read(client.get(url + f"&format={fmt}").content)
    targets = [r for r in rows if r[0].startswith("指标：")]
    assert [(r[0].removeprefix("指标："), r[1]) for r in targets] == [
        (name, direction) for name, direction, _upper in page_targets(html)
    ]
    # The higher plan's value under 说明 is named as such (the page has a column for it).
    for row, (_name, _direction, upper) in zip(targets, page_targets(html), strict=True):
        assert row[4].startswith("上级规划：") if upper else row[4] == ""
    # Items of the plan's own inside taken-up tasks are told from whole topics, as on the page.
    within = [r[3] for r in rows if r[1] == "本地特色" and r[4].endswith("任务之下的本地内容")]
    root = lxml.html.fromstring(html)
    assert within == [
        _text(a)
        for a in root.xpath(
            "//h2[@id='additions']/following-sibling::h3/following-sibling::ul[1]/li/a"
        )
    ]
    assert within
