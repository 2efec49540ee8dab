"""Notes on comparison rows: private to their author, kept with a saved link when asked,
exported, with their history, and never a change to links."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from compare import curating
from compare.models import LinkEvent, RowNote, RowNoteVersion, SavedComparison, SectionLink
from plans.models import Plan
from tests.moduledata import aligned_for_the_module

Y22, WC = "yunnan-2022-egov-plan", "wangcang-2023-digital-gov-plan"
PAIR = f"{Y22},{WC}"
HX = {"HTTP_HX_REQUEST": "true"}


_aligned_once = aligned_for_the_module((Y22, WC))


@pytest.fixture
def aligned(_aligned_once, seeded, settings):
    settings.ALIGN_IN_BACKGROUND = False
    return seeded


@pytest.fixture
def planner(client, aligned):
    user = get_user_model().objects.create_user("planner")
    client.force_login(user)
    return user


def _link() -> SectionLink:
    """A link between the two plans whose Wangcang section is linked to nothing else: the
    Yunnan section leads its row."""
    y22 = Plan.objects.get(slug=Y22)
    return next(
        link
        for link in SectionLink.objects.select_related("left", "right").order_by("-score", "id")
        if link.left.plan_id == y22.pk
        and SectionLink.objects.filter(right=link.right).count() == 1
        and SectionLink.objects.filter(left=link.left).count() == 1
    )


def _page(client, url: str | None = None, **params) -> str:
    response = client.get(url or reverse("compare:compare"), {"plans": PAIR, **params})
    assert response.status_code == 200
    return response.content.decode()


def _row(html: str, anchor: str) -> str:
    found = re.search(rf'<tr id="{anchor}".*?</tr>', html, re.S)
    assert found, anchor
    return found.group(0)


def _write(client, section_id: int, *, mark="borrow", text="可参考其牵头机制", htmx=True):
    data = {
        "plans": PAIR,
        "section": section_id,
        "row": f"r{section_id}",
        "sections": str(section_id),
        "mark": mark,
        "text": text,
        "next": f"/compare/?plans={PAIR}",
    }
    return client.post(reverse("compare:notes"), data, **(HX if htmx else {}))


@pytest.mark.django_db
def test_an_anonymous_reader_gets_no_note_form_and_cannot_post_one(client, aligned):
    link = _link()
    assert "row-notes" not in _page(client)
    assert _write(client, link.left_id).status_code == 403
    assert _write(client, link.left_id, htmx=False).status_code == 403
    note = RowNote.objects.create(
        author=get_user_model().objects.create_user("someone"),
        plan_key=",".join(sorted([Y22, WC])),
        section=link.left,
        mark="check",
    )
    response = client.post(reverse("compare:note", args=[note.pk]), {"action": "delete"})
    assert response.status_code == 403
    assert RowNote.objects.filter(pk=note.pk).exists()


@pytest.mark.django_db
def test_a_planner_marks_a_row_and_sees_the_note_beside_it(client, planner):
    link = _link()
    anchor = f"r{link.left_id}"
    response = _write(client, link.left_id)
    assert response.status_code == 200
    block = response.content.decode()
    assert block.startswith(f'<div class="row-notes" id="notes-{anchor}"')
    assert "可借鉴" in block and "可参考其牵头机制" in block
    row = _row(_page(client), anchor)
    assert "可参考其牵头机制" in row and 'class="note-mark mark-borrow"' in row


@pytest.mark.django_db
def test_a_rows_note_form_opens_in_place_and_as_a_page_without_javascript(client, planner):
    link = _link()
    anchor = f"r{link.left_id}"
    row = _row(_page(client), anchor)
    assert "<form" not in row  # the rows carry links, not a form (and a token) each
    href = re.search(r'class="note-open" href="([^"]+)"', row).group(1).replace("&amp;", "&")
    block = client.get(href, **HX)
    assert "HX-Request" in block["Vary"]
    html = block.content.decode()
    assert html.startswith(f'<div class="row-notes" id="notes-{anchor}"')
    assert 'name="csrfmiddlewaretoken"' in html and 'name="text"' in html
    assert "<html" not in html
    page = client.get(href).content.decode()
    assert "<html" in page and 'name="text"' in page
    assert link.left.title in page  # the page names the row it writes on
    # The way back is the page that asked, filters and all, at the row.
    asked = f"http://testserver/compare/?plans={PAIR}&differ=1"
    html = client.get(href, HTTP_HX_CURRENT_URL=asked, **HX).content.decode()
    assert f'name="next" value="/compare/?plans={PAIR}&amp;differ=1#{anchor}"' in html
    html = client.get(href, HTTP_REFERER=asked).content.decode()
    assert f'name="next" value="/compare/?plans={PAIR}&amp;differ=1#{anchor}"' in html
    client.logout()
    assert client.get(href).status_code == 403


@pytest.mark.django_db
def test_a_signed_in_reader_never_gets_the_rows_kept_for_another(client, aligned):
    link = _link()
    assert "row-notes" not in _page(client)  # rows kept for anonymous readers
    writer = get_user_model().objects.create_user("writer")
    client.force_login(writer)
    _write(client, link.left_id, text="写者的笔记")
    assert "写者的笔记" in _page(client)
    client.force_login(get_user_model().objects.create_user("reader"))
    html = _page(client)
    assert "note-open" in html and "写者的笔记" not in html


@pytest.mark.django_db
def test_without_javascript_a_note_posts_and_returns_to_its_row(client, planner):
    link = _link()
    response = _write(client, link.left_id, htmx=False)
    assert response.status_code == 302
    assert response["Location"] == f"/compare/?plans={PAIR}#r{link.left_id}"
    assert RowNote.objects.get(author=planner).text == "可参考其牵头机制"


@pytest.mark.django_db
def test_notes_are_private_to_their_author(client, planner):
    link = _link()
    _write(client, link.left_id, text="只给自己看")
    note = RowNote.objects.get()
    other = get_user_model().objects.create_user("other")
    client.force_login(other)
    assert "只给自己看" not in _page(client)
    assert (
        "只给自己看"
        not in client.get(
            reverse("compare:compare"), {"plans": PAIR, "format": "json"}
        ).content.decode()
    )
    url = reverse("compare:note", args=[note.pk])
    edit = client.post(url, {"text": "改掉", "action": "save"})
    delete = client.post(url, {"action": "delete"})
    form = client.get(url, {"form": "1"}, **HX)
    assert (edit.status_code, delete.status_code, form.status_code) == (404, 404, 404)
    assert RowNote.objects.get().text == "只给自己看"


@pytest.mark.django_db
def test_every_change_to_a_note_is_kept_in_its_history(client, planner):
    link = _link()
    _write(client, link.left_id, mark="check", text="待查数据来源")
    note = RowNote.objects.get()
    url = reverse("compare:note", args=[note.pk])
    client.post(url, {"mark": "borrow", "text": "已核实，可借鉴", "action": "save"}, **HX)
    client.post(url, {"action": "delete"}, **HX)
    assert not RowNote.objects.exists()
    versions = RowNoteVersion.objects.order_by("id")
    assert [(v.action, v.mark, v.text) for v in versions] == [
        ("created", "check", "待查数据来源"),
        ("edited", "borrow", "已核实，可借鉴"),
        ("deleted", "borrow", "已核实，可借鉴"),
    ]
    assert {v.author_id for v in versions} == {planner.pk}
    assert {v.section_id for v in versions} == {link.left_id}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mark", "text", "message"),
    [
        ("borrow", "长" * 501, "笔记最多 500 字（现在是 501 字）"),
        ("", "  ", "请选一个标记或写一句笔记"),
        ("maybe", "x", "未知标记"),
    ],
)
def test_a_note_that_cannot_be_kept_says_what_to_change(client, planner, mark, text, message):
    link = _link()
    response = _write(client, link.left_id, mark=mark, text=text)
    assert message in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert f">{text}</textarea>" in response.content.decode()  # kept to fix, not lost
    plain = _write(client, link.left_id, mark=mark, text=text, htmx=False)
    assert plain.status_code == 400
    assert message in plain.content.decode()
    assert not RowNote.objects.exists()


@pytest.mark.django_db
def test_a_reader_cannot_keep_more_notes_than_the_limit(client, planner, settings):
    settings.NOTES_PER_USER = 1
    link = _link()
    _write(client, link.left_id)
    other_row = link.right_id  # a second row's section (also shown as its own row or not)
    response = _write(client, other_row)
    assert "每人最多保存 1 条笔记" in response.content.decode()
    assert RowNote.objects.count() == 1
    # Changing the note kept is still allowed.
    assert _write(client, link.left_id, text="改一改").status_code == 200
    assert RowNote.objects.get().text == "改一改"


@pytest.mark.django_db
def test_a_note_follows_its_section_to_the_row_that_shows_it_and_changes_no_link(client, planner):
    link = _link()
    links = list(SectionLink.objects.values_list("id", "status", "score", "note"))
    events = LinkEvent.objects.count()
    _write(client, link.right_id, mark="not_applicable", text="我县无此条件")
    assert "我县无此条件" in _row(_page(client), f"r{link.left_id}")
    assert list(SectionLink.objects.values_list("id", "status", "score", "note")) == links
    assert LinkEvent.objects.count() == events
    # A curator rejects the link: the Wangcang section gets a row of its own, the note with it.
    curator = get_user_model().objects.create_user("curator", is_staff=True)
    curating.reject_link(link, actor=curator, note="")
    html = _page(client)
    assert "我县无此条件" not in _row(html, f"r{link.left_id}")
    assert "我县无此条件" in _row(html, f"r{link.right_id}")


@pytest.mark.django_db
def test_a_saved_comparison_keeps_its_authors_notes_only_when_asked(client, planner):
    link = _link()
    _write(client, link.left_id, text="保存时附上")
    client.post(reverse("compare:save"), {"plans": PAIR, "query": "", "include_notes": "on"})
    client.post(reverse("compare:save"), {"plans": PAIR, "query": ""})
    with_notes, without = SavedComparison.objects.order_by("id")
    assert [n.text for n in with_notes.notes.all()] == ["保存时附上"]
    assert not without.notes.exists()
    # Later edits of the note leave the kept copy as it was.
    note = RowNote.objects.get()
    client.post(reverse("compare:note", args=[note.pk]), {"text": "后来改了", "action": "save"})
    client.logout()
    html = client.get(with_notes.get_absolute_url()).content.decode()
    row = _row(html, f"r{link.left_id}")
    assert "保存时附上" in row and "后来改了" not in row
    kept = row.split('class="row-notes"')[1]
    assert "<form" not in kept and "note-open" not in kept  # read-only
    assert "row-notes" not in client.get(without.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_save_form_offers_notes_only_to_a_signed_in_reader(client, aligned):
    assert 'name="include_notes"' not in _page(client)
    client.force_login(get_user_model().objects.create_user("planner"))
    assert 'name="include_notes"' in _page(client)


def _xlsx_rows(response) -> list[list]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def _docx_rows(response) -> list[list[str]]:
    from docx import Document

    table = Document(io.BytesIO(response.content)).tables[0]
    return [[c.text for c in row.cells] for row in table.rows]


@pytest.mark.django_db
def test_word_and_excel_exports_gain_a_column_of_the_readers_notes(client, planner):
    link = _link()
    _write(client, link.left_id, text='=HYPERLINK("http://x")')
    params = {"plans": PAIR}
    sheet = _xlsx_rows(client.get(reverse("compare:compare"), {**params, "format": "xlsx"}))
    header = next(r for r in sheet if r[-1] == "笔记")
    assert len(header) == 3
    cells = [r[-1] for r in sheet if r[-1] and r is not header]
    assert cells == ['可借鉴：=HYPERLINK("http://x")']  # starts with the mark: text already
    table = _docx_rows(client.get(reverse("compare:compare"), {**params, "format": "docx"}))
    assert table[0][-1] == "笔记"
    assert [r[-1] for r in table[1:] if "HYPERLINK" in r[-1]] == ['可借鉴：=HYPERLINK("http://x")']


@pytest.mark.django_db
def test_a_note_starting_with_a_formula_sign_is_neutralised_in_excel_and_csv(client, planner):
    link = _link()
    _write(client, link.left_id, mark="", text="=1+2")
    sheet = _xlsx_rows(client.get(reverse("compare:compare"), {"plans": PAIR, "format": "xlsx"}))
    assert "'=1+2" in [r[-1] for r in sheet]
    text = client.get(reverse("compare:compare"), {"plans": PAIR, "format": "csv"})
    lines = list(csv.reader(io.StringIO(text.content.decode()[1:])))
    notes_at = lines[0].index("笔记")
    assert "'=1+2" in {line[notes_at] for line in lines[1:]}
    assert "=1+2" not in {line[notes_at] for line in lines[1:]}


@pytest.mark.django_db
def test_exports_without_notes_keep_their_columns(client, aligned):
    sheet = _xlsx_rows(client.get(reverse("compare:compare"), {"plans": PAIR, "format": "xlsx"}))
    assert "笔记" not in {v for row in sheet for v in row}
    data = client.get(reverse("compare:compare"), {"plans": PAIR, "format": "json"}).json()
    assert not any("notes" in row for row in data["rows"])


@pytest.mark.django_db
def test_json_and_a_saved_comparisons_exports_carry_the_kept_notes(client, planner):
    link = _link()
    _write(client, link.left_id, mark="check", text="附于保存")
    data = client.get(reverse("compare:compare"), {"plans": PAIR, "format": "json"}).json()
    noted = [row for row in data["rows"] if "notes" in row]
    assert [(r["anchor"], r["notes"]) for r in noted] == [
        (f"r{link.left_id}", [{"mark": "check", "text": "附于保存"}])
    ]
    client.post(reverse("compare:save"), {"plans": PAIR, "query": "", "include_notes": "1"})
    share = SavedComparison.objects.get()
    client.logout()
    table = _docx_rows(client.get(share.get_absolute_url(), {"format": "docx"}))
    assert table[0][-1] == "笔记"
    assert "待核实：附于保存" in [r[-1] for r in table]


@pytest.mark.django_db
def test_staff_see_notes_and_their_history_in_the_admin_read_only(client, planner):
    link = _link()
    _write(client, link.left_id, text="管理员可见")
    admin = get_user_model().objects.create_superuser("root")
    client.force_login(admin)
    listing = client.get(reverse("admin:compare_rownote_changelist"))
    assert "管理员可见" in listing.content.decode()
    history = client.get(reverse("admin:compare_rownoteversion_changelist"))
    assert "管理员可见" in history.content.decode()
    assert client.get(reverse("admin:compare_rownote_add")).status_code == 403
