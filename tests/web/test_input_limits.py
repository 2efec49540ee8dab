"""Input limits: Word bombs, huge files of tiny lines, sections per plan, saved comparisons,
sign-in and share-code guessing, spreadsheet formulas, integer parameters, API errors."""

from __future__ import annotations

import csv
import io
import tracemalloc
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.urls import include, path

from compare.exports.spreadsheets import safe_cell
from compare.models import SavedComparison
from plans.importing import PlanImportError, import_plan
from plans.models import Plan, Section
from plans.parsing import PlanParseError, parse_plan
from tests.moduledata import aligned_for_the_module

_WORD = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
Y22, WC = "yunnan-2022-egov-plan", "wangcang-2023-digital-gov-plan"


def _crash(request):
    raise RuntimeError("boom")


urlpatterns = [path("api/crash/", _crash), path("", include("config.urls"))]


def _docx(paragraphs, *, repeat: int = 1) -> bytes:
    """A Word file whose body is ``paragraphs`` (XML) ``repeat`` times, written in chunks."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as document:
            document.write(f"<w:document {_WORD}><w:body>".encode())
            chunk = "".join(paragraphs).encode()
            for _ in range(repeat):
                document.write(chunk)
            document.write(b"</w:body></w:document>")
    return out.getvalue()


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _peak_mb(function) -> float:
    tracemalloc.start()
    try:
        function()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak / 1024 / 1024


@pytest.mark.parametrize(
    ("paragraphs", "repeat", "message"),
    [
        # 100 MB of XML in a file of some 100 KB: refused after reading 40 MB, not parsed.
        ([_p("数字政府建设" * 100)], 100 * 1024 * 1024 // 640, "超过 40 MB"),
        # The shape seen: 622,592 one-line paragraphs (28 MB of XML) from 178 KB.
        ([_p("一、")], 622_592, "个元素"),
    ],
)
def test_a_word_bomb_is_refused_with_bounded_memory(paragraphs, repeat, message):
    data = _docx(paragraphs, repeat=repeat)
    assert len(data) < 1024 * 1024  # well within the 5 MB limit on files

    def parse() -> None:
        with pytest.raises(PlanParseError, match=message):
            parse_plan(data, filename="bomb.docx", max_bytes=5 * 1024 * 1024)

    assert _peak_mb(parse) < 120  # the bomb asked for gigabytes


@pytest.mark.parametrize(
    ("opening", "closing", "levels"),
    [
        # Tables in tables: each row read its cells' paragraphs, the nested ones over again,
        # so 2,000 of them in 669 bytes made 36 MB of text and held the reader 86 s.
        ("<w:tbl><w:tr><w:tc>", "</w:tc></w:tr></w:tbl>", 2_000),
        # Content controls, read within each other: 5,000 overflowed Python's stack.
        ("<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>", 5_000),
        ("<w:customXml>", "</w:customXml>", 150_000),
    ],
)
def test_a_word_file_nested_past_the_depth_limit_is_refused(opening, closing, levels):
    body = opening * levels + _p("第一章 总则") + closing * levels
    data = _docx([_p("某某县数字政府建设规划"), body])
    assert len(data) < 10_000

    def parse() -> None:
        with pytest.raises(PlanParseError, match="document.xml 元素嵌套超过 500 层"):
            parse_plan(data, filename="deep.docx", max_bytes=5 * 1024 * 1024, max_depth=500)

    assert _peak_mb(parse) < 120


def test_a_word_file_nested_within_the_depth_limit_is_read():
    levels = 20  # tables in tables, deeper than a plan nests them
    body = "<w:tbl><w:tr><w:tc>" * levels + _p("二、任务") + "</w:tc></w:tr></w:tbl>" * levels
    parsed = parse_plan(
        _docx([_p("某某县数字政府建设规划"), _p("一、目标"), body]), filename="t.docx", max_depth=70
    )
    assert [(s.label, s.title[:2]) for s in parsed.sections][:2] == [
        ("一、", "目标"),
        ("二、", "任务"),
    ]
    with pytest.raises(PlanParseError, match="超过 60 层"):
        parse_plan(_docx([_p("某某县数字政府建设规划"), body]), filename="t.docx", max_depth=60)


@pytest.mark.parametrize(
    "line",
    [
        # Emphasis nested 250,000 deep in a heading, and in a paragraph: each mark was a
        # markdown-it token (a 1 MB line took 11 s and 600 MB).
        "## 第二章 " + "*" * 250_000 + "任务" + "*" * 250_000,
        "推进建设" + "_" * 250_000 + "平台" + "_" * 250_000,
    ],
)
def test_markdown_nested_thousands_deep_is_read_in_bounded_memory(line):
    text = f"# 某某县数字政府建设规划\n\n## 第一章 总则\n\n内容。\n\n{line}\n\n"
    text += "## 第三章 保障\n\n内容。\n"
    parsed = {}

    def parse() -> None:
        parsed["plan"] = parse_plan(text.encode(), filename="deep.md", max_bytes=5 * 1024 * 1024)

    assert _peak_mb(parse) < 100
    assert [s.label for s in parsed["plan"].sections if s.depth == 0][-1] == "第三章"


def test_a_word_file_with_too_many_members_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document {_WORD}><w:body/></w:document>")
        for i in range(2001):
            archive.writestr(f"word/media/{i}.bin", b"")
    with pytest.raises(PlanParseError, match="2,002 个文件"):
        parse_plan(out.getvalue(), filename="many.docx")


def test_a_word_files_text_counts_against_the_byte_limit():
    data = _docx([_p("第一章 总则"), _p("推进数字政府建设。" * 200)], repeat=10)
    assert len(data) < 10_000
    with pytest.raises(PlanParseError, match="与文本文件同样计算"):
        parse_plan(data, filename="long.docx", max_bytes=20_000)


def test_a_text_of_a_million_tiny_lines_is_refused_before_it_is_parsed():
    text = "某某规划\n" + "一、\n" * 150_000
    assert len(text.encode()) < 5 * 1024 * 1024
    with pytest.raises(PlanParseError, match="150,00[0-9] 行"):
        parse_plan(text.encode(), filename="lines.txt", max_bytes=5 * 1024 * 1024)


def test_a_web_page_of_a_million_tiny_paragraphs_on_one_line_is_refused_once_read():
    # Its markup is one line and under the tag limit, but its visible text is a line per
    # paragraph: unchecked, the parser spent minutes on it (past gunicorn's 60 s timeout).
    page = "<html><body><h1>某某规划</h1>" + "<p>一、</p>" * 150_000 + "</body></html>"
    assert "\n" not in page and page.count("<") < 500_000
    assert len(page.encode()) < 5 * 1024 * 1024
    with pytest.raises(PlanParseError, match="15[0-9],[0-9]{3} 行"):
        parse_plan(page.encode(), filename="paragraphs.html", max_bytes=5 * 1024 * 1024)


def test_a_web_page_nested_past_the_depth_limit_is_refused_as_soon_as_it_is_met():
    # 200,000 nested <div> held the parser 13 s; read to the limit and no further, it is
    # refused at once, with memory for the page alone.
    page = "<html><body>" + "<div>" * 200_000 + "第一章 总则" + "</div>" * 200_000
    data = page.encode()
    assert len(data) < 5 * 1024 * 1024 and page.count("<") < 500_000

    def parse() -> None:
        with pytest.raises(PlanParseError, match="嵌套超过 500 层.*DUIZHAO_IMPORT_MAX_DEPTH"):
            parse_plan(data, filename="deep.html", max_bytes=5 * 1024 * 1024, max_depth=500)

    assert _peak_mb(parse) < 20


def test_a_web_pages_depth_counts_open_elements_not_tags_left_unclosed():
    # Paragraphs, list items and cells left unclosed end at the next one; <br>, <img> hold
    # nothing; a stray end tag closes nothing: none of them nests, so the page is read.
    body = (
        "<h1>某某县数字政府建设规划</h1>"
        + "<p>第一章 总则<br><img src=a.png>" * 600
        + "<ul>"
        + "<li>一、目标" * 600
        + "</ul>"
        + "</div></span>" * 600
        + "<div>" * 40
        + "<table><tr><td>二、任务<td>内容" * 3
        + "</table>"
        + "</div>" * 40
    )
    parsed = parse_plan(f"<html><body>{body}</body></html>", filename="flat.html", max_depth=50)
    assert parsed.sections
    with pytest.raises(PlanParseError, match="嵌套超过 39 层"):
        parse_plan(f"<html><body>{body}</body></html>", filename="flat.html", max_depth=39)


def test_inline_tags_left_unclosed_in_cells_and_paragraphs_end_with_them():
    # As a browser reads it: </td>, </p>, </li> close what was left open inside them, so a
    # long table or page whose every cell or paragraph leaves a <font> or <span> open is read.
    rows = "".join(f"<tr><td><font size=3>（{n}）任务</td></tr>" for n in range(600))
    paragraphs = "".join(f"<p><span>第{n}段。</p>" for n in range(600))
    items = "".join(f"<li><b>第{n}条。</li>" for n in range(600))
    body = f"<h1>某某县数字政府建设规划</h1><p>一、目标</p><table>{rows}</table>"
    page = f"<html><body>{body}{paragraphs}<ul>{items}</ul></body></html>"

    parsed = parse_plan(page, filename="cells.html", max_depth=50)

    assert "（599）任务" in parsed.text and "第599条。" in parsed.text


def test_a_word_file_with_only_a_title_gets_a_clear_refusal():
    data = _docx([_p("某某县数字政府建设规划")])
    with pytest.raises(PlanParseError, match="只有标题（某某县数字政府建设规划），标题下没有内容"):
        parse_plan(data, filename="cover.docx")


@pytest.mark.django_db
def test_a_plan_over_the_section_limit_is_refused_and_nothing_stored(settings):
    settings.IMPORT_MAX_SECTIONS = 5
    text = "某某县数字政府建设规划\n" + "".join(
        f"第{n}章 标题{n}\n正文。\n" for n in "一二三四五六七"
    )
    with pytest.raises(PlanImportError, match="它有 7 个章节，超过每份规划 5 个的上限"):
        import_plan(data=text.encode(), source="seven.txt")
    assert not Plan.objects.exists() and not Section.objects.exists()


_aligned_once = aligned_for_the_module((Y22, WC))


@pytest.fixture
def aligned(_aligned_once, seeded, settings):
    settings.ALIGN_IN_BACKGROUND = False


def _save(client, **fields):
    data = {"plans": f"{Y22},{WC}", "query": "", "title": "", "note": "", **fields}
    return client.post("/compare/save/", data)


@pytest.mark.django_db
def test_saved_comparison_notes_and_titles_are_length_limited(client, aligned):
    assert _save(client, note="说" * 2001).status_code == 400
    assert _save(client, title="题" * 201).status_code == 400
    assert not SavedComparison.objects.exists()
    assert _save(client, note="说" * 2000, title="题" * 200).status_code == 302


@pytest.mark.django_db
def test_saves_are_rate_limited_per_client_and_listed_in_the_admin(client, aligned, settings):
    settings.SAVES_PER_HOUR = 2
    assert [_save(client).status_code for _ in range(3)] == [302, 302, 429]
    assert SavedComparison.objects.count() == 2
    admin = get_user_model().objects.create_superuser("a", "a@example.org", "pw")
    client.force_login(admin)
    assert _save(client).status_code == 302  # staff are not limited
    page = client.get("/admin/compare/savedcomparison/").content.decode()
    share = SavedComparison.objects.first()
    assert share.code in page
    delete = f"/admin/compare/savedcomparison/{share.pk}/delete/"
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not SavedComparison.objects.filter(pk=share.pk).exists()


@pytest.mark.django_db
def test_guessing_share_codes_is_slowed_down(client, aligned, settings):
    settings.SHARE_MISSES_PER_HOUR = 3
    _save(client)
    code = SavedComparison.objects.get().code
    assert [client.get(f"/c/zzzzzzz{i}/").status_code for i in range(4)] == [404] * 3 + [429]
    assert client.get(f"/c/{code}/").status_code == 200  # real codes still open


@pytest.mark.django_db
def test_sign_in_is_refused_after_repeated_failures(client, settings):
    settings.LOGIN_FAILURES_ALLOWED = 3
    get_user_model().objects.create_superuser("admin", "a@example.org", "right-password")
    wrong = {"username": "admin", "password": "wrong", "next": "/admin/"}
    assert [client.post("/admin/login/", wrong).status_code for _ in range(3)] == [200] * 3
    right = {**wrong, "password": "right-password"}
    refused = client.post("/admin/login/", right)
    assert refused.status_code == 429 and "分钟后再试" in refused.content.decode()
    other = client.__class__(REMOTE_ADDR="198.51.100.9")
    assert other.post("/admin/login/", right).status_code == 302  # another client signs in


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("一、总体要求", "一、总体要求"),
        (-0.5, -0.5),
        (0.87, 0.87),
        ("", ""),
    ],
)
def test_spreadsheet_cells_never_start_a_formula(value, expected):
    assert safe_cell(value) == expected


@pytest.mark.django_db
def test_the_csv_export_neutralises_formulas_in_plan_text(client, aligned):
    section = Plan.objects.get(slug=Y22).sections.order_by("order").first()
    Section.objects.filter(pk=section.pk).update(title='=HYPERLINK("http://evil","点我")')
    response = client.get(f"/compare/?plans={Y22},{WC}&format=csv")
    cells = [
        c for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for c in row
    ]
    assert '\'=HYPERLINK("http://evil","点我")' in " ".join(cells)
    assert not any(c.startswith(("=", "+", "@")) for c in cells)


@pytest.mark.django_db
def test_an_id_of_thousands_of_digits_is_a_404_not_a_500(client, seeded):
    assert client.get(f"/plans/{WC}/?open={'9' * 4301}").status_code == 404
    assert client.get(f"/plans/{WC}/s/{'9' * 30}/").status_code == 404
    assert client.get(f"/compare/?plans={Y22},{WC}&chapter={'9' * 4301}").status_code == 400


@pytest.mark.django_db
@pytest.mark.urls("tests.web.test_input_limits")
def test_api_errors_are_json_whatever_the_method_or_path(client, seeded):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/plans/")
        assert response.status_code == 405 and "GET" in response["Allow"]
        assert "read-only" in response.json()["error"]
    missing = client.get("/api/no-such-endpoint/")
    assert missing.status_code == 404 and "/api/" in missing.json()["error"]
    client.raise_request_exception = False
    crash = client.get("/api/crash/", headers={"X-Request-ID": "api-crash-123"})
    assert crash.status_code == 500 and "api-crash-123" in crash.json()["error"]
    assert client.get("/no-such-page/")["Content-Type"].startswith("text/html")  # pages stay HTML
