"""The importer's errors and warnings in the reader's language: a bad upload is refused naming
what the file is, warnings follow the page's language, and warnings stored before they had
templates still show as stored."""

from __future__ import annotations

import ast
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from plans.importing import PlanImportError, PlanOverrides, import_plan
from plans.messages import translated
from plans.models import PendingImport, Plan
from plans.parsing.model import Message, as_stored, gettext_noop, ngettext_noop
from plans.pending import import_pending
from tests.shared import shared_document

IMPORT = "/admin/plans/plan/import/"
ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = {"zh": "zh-hans", "en": "en"}


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _locked_pdf() -> bytes:
    """A one-page PDF under the standard security handler whose user password is not empty."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (b"ab" * 32, b"ab" * 32),
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    identity = b"<" + b"0123456789abcdef" * 2 + b">"
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [%s %s] >>\n" % (
        len(objects) + 1,
        identity,
        identity,
    )
    return out + b"startxref\n%d\n%%%%EOF\n" % xref


# What a curator picks by mistake, and the start of what each language says about it.
BAD_UPLOADS = [
    (
        "walk-bad.pdf",
        b"\x00\x01garbage, not a PDF\x00" * 40,
        "walk-bad.pdf：这不是有效的 PDF 文件",
        "walk-bad.pdf: this is not a valid PDF file",
    ),
    (
        "broken.pdf",
        b"%PDF-1.7\n" + bytes(range(256)) * 4,
        "broken.pdf：这个 PDF 文件已损坏或不完整",
        "broken.pdf: this PDF file is damaged or incomplete",
    ),
    (
        "locked.pdf",
        _locked_pdf(),
        "locked.pdf：这个 PDF 文件有密码保护",
        "locked.pdf: this PDF file is protected by a password",
    ),
    (
        "plan.docx",
        b"PK\x03\x04" + b"\x00\x13damaged" * 50,
        "plan.docx：这不是有效的 Word（.docx）文件",
        "plan.docx: this is not a valid Word (.docx) file",
    ),
    (
        "plans.zip",
        _zip({"plan.txt": "第一章 总则\n".encode()}),
        "plans.zip：这是 ZIP 压缩包",
        "plans.zip: this is an archive (ZIP)",
    ),
    (
        "scan.png",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200,
        "scan.png：这是 PNG 图片",
        "scan.png: this is an image (PNG)",
    ),
    (
        "targets.xlsx",
        _zip({"xl/workbook.xml": b"<workbook/>"}),
        "targets.xlsx：这是 Excel 表格",
        "targets.xlsx: this is an Excel workbook",
    ),
    (
        "blank.txt",
        " \r\n\u3000\n".encode(),
        "blank.txt：文件是空的",
        "blank.txt: the file is empty",
    ),
    ("empty.txt", b"", "empty.txt：文件是空的", "empty.txt: the file is empty"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize(
    ("name", "data", "zh", "en"), BAD_UPLOADS, ids=[row[0] for row in BAD_UPLOADS]
)
def test_a_bad_upload_is_refused_in_the_readers_language_naming_what_it_is(
    admin_client, language, name, data, zh, en
):
    said, other = (zh, en) if language == "zh" else (en, zh)

    response = admin_client.post(
        IMPORT,
        {"document": SimpleUploadedFile(name, data)},
        HTTP_ACCEPT_LANGUAGE=LANGUAGES[language],
    )

    assert response.status_code == 200 and not Plan.objects.exists()
    error = response.context["form"].errors["document"][0]
    assert error.startswith(said), error
    assert other not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "said", "not_said"),
    [
        ("en", "PDF file (", "PDF 文件（"),
        ("zh", "PDF 文件（", "PDF file ("),
    ],
)
def test_a_warning_in_the_preview_is_in_the_readers_language(
    admin_client, language, said, not_said
):
    data = shared_document("national-revolutionary-relics-opinion-2018.pdf").read_bytes()

    preview = admin_client.post(
        IMPORT,
        {"document": SimpleUploadedFile("relics.pdf", data), "_preview": "1"},
        HTTP_ACCEPT_LANGUAGE=LANGUAGES[language],
    )

    warnings = preview.context["warnings"]
    assert any(w.startswith(said) for w in warnings), warnings
    assert not any(not_said in w for w in warnings)


def _plan_with_an_old_warning() -> Plan:
    """A plan imported now (its warnings stored with their templates), with a warning stored as
    plain Chinese text the way plans imported before kept them."""
    text = "四川省旺苍县数字政府建设说明\n这是一段没有章节结构的文字，说明建设的总体考虑。\n"
    plan = import_plan(data=text.encode(), source="note.txt").plan
    plan.warnings = ["第一章缺失，已补充。", *plan.warnings]
    plan.save(update_fields=["warnings"])
    return plan


@pytest.mark.django_db
def test_a_plans_warnings_follow_the_readers_language_and_an_old_one_shows_as_stored(client):
    plan = _plan_with_an_old_warning()

    english = client.get(plan.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = client.get(plan.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "No recognisable structure was found" in english
    assert "没有找到可识别的章节结构" not in english
    assert "没有找到可识别的章节结构" in chinese and "No recognisable" not in chinese
    assert "第一章缺失，已补充。" in english and "第一章缺失，已补充。" in chinese


@pytest.mark.django_db
def test_the_plans_admin_page_shows_its_warnings_in_the_readers_language(admin_client):
    plan = _plan_with_an_old_warning()
    url = reverse("admin:plans_plan_change", args=[plan.pk])

    html = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "No recognisable structure was found" in html and "第一章缺失，已补充。" in html


@pytest.mark.django_db
def test_the_admin_lands_on_the_plan_with_its_warnings_in_the_readers_language(admin_client):
    text = "四川省旺苍县数字政府建设说明\n这是一段没有章节结构的文字，说明建设的总体考虑。\n"

    response = admin_client.post(
        IMPORT,
        {"document": SimpleUploadedFile("note.txt", text.encode())},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    shown = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("No recognisable structure was found") for m in shown), shown
    assert any(m.startswith("The planning period") for m in shown), shown


@pytest.mark.django_db
def test_a_failed_background_import_says_why_in_the_readers_language(admin_client, admin_user):
    pending = PendingImport.objects.create(
        name="broken.pdf",
        data=b"%PDF-1.7\n" + bytes(range(256)) * 4,
        status="queued",
        preview=True,
        pages_total=1,
        started_by=admin_user,
    )
    import_pending.call(pending.pk)
    url = reverse("admin:plans_plan_import_progress", args=[pending.pk])

    english = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "broken.pdf: this PDF file is damaged or incomplete" in english
    assert "broken.pdf：这个 PDF 文件已损坏或不完整" in chinese


def test_a_stored_message_is_translated_with_its_values_even_nested():
    problem = Message(
        gettext_noop("这是 %(format)s 压缩包，不是规划文本：请先解压，再导入其中的规划文件。"),
        format="RAR",
    )
    message = Message(gettext_noop("%(name)s：%(problem)s"), name="a.rar", problem=problem)
    stored = json.loads(json.dumps(as_stored(message)))

    with translation.override("en"):
        english = translated(stored)
    with translation.override("zh-hans"):
        chinese = translated(stored)

    assert english == (
        "a.rar: this is an archive (RAR), not a plan's text: extract it first, then import the "
        "plan file inside."
    )
    assert chinese == str(message) == stored["text"]


CLUTTER = (
    "已略去页面和抓取附带的 %(n)s 行（分享、打印、下载链接、更新时间、版权等），"
    "它们不是文件的内容。"
)


@pytest.mark.parametrize(
    ("n", "english"),
    [(1, "Left out 1 line that came with"), (2, "Left out 2 lines that came with")],
)
def test_a_count_of_lines_reads_in_the_english_form_that_fits_it(n, english):
    message = Message(ngettext_noop(CLUTTER, CLUTTER), n=n)
    # Stored with its plural, or before messages had one: read alike.
    stored = json.loads(json.dumps(as_stored(message)))
    older = {k: v for k, v in stored.items() if k != "msgid_plural"}

    with translation.override("en"):
        said = [translated(message), translated(stored), translated(older)]
    with translation.override("zh-hans"):
        chinese = translated(stored)

    assert [s[: len(english)] for s in said] == [english] * 3
    assert chinese == str(message) == CLUTTER % {"n": n}


def test_a_stored_message_whose_template_no_longer_fits_keeps_its_text():
    stored = {"text": "旧的提示：3 行", "msgid": "%(lines)s 行已改名", "params": {"n": 3}}

    with translation.override("en"):
        assert translated(stored) == "旧的提示：3 行"


def _importer_files() -> list[Path]:
    """The parser's modules and the importer's: every place an import message is written."""
    return sorted(
        [*(ROOT / "plans" / "parsing").rglob("*.py"), *(ROOT / "plans" / "importing").rglob("*.py")]
    )


def _templates() -> list[tuple[str, ...]]:
    """Every message template the importer writes (``gettext_noop("…")`` in its code, and
    ``ngettext_noop("…", "…")``), as English looks it up: a count's by its plural form."""
    files = _importer_files()
    found = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) in ("gettext_noop", "ngettext_noop")
                and node.args
                and all(isinstance(a, ast.Constant) for a in node.args)
            ):
                found.append(tuple(a.value for a in node.args))
    return found


def _english(template: tuple[str, ...]) -> str:
    if len(template) == 2:
        return translation.ngettext(*template, 2)
    return translation.gettext(template[0])


def test_every_importer_message_has_an_english_translation_with_the_same_values():
    templates = _templates()
    assert len(templates) > 50  # the scan finds the importer's messages

    with translation.override("en"):
        missing = [t[0] for t in templates if _english(t) in t]
        mismatched = [
            t[0]
            for t in templates
            if sorted(re.findall(r"%\((\w+)\)s", _english(t)))
            != sorted(re.findall(r"%\((\w+)\)s", t[0]))
        ]

    assert not missing, "add these to locale/en/LC_MESSAGES/django.po:\n" + "\n".join(missing)
    assert not mismatched


_ERRORS = {"PlanParseError", "PlanImportError", "PdfError", "OfficeError", "DecodeError"}


def _written_as_bare_text(path: Path) -> list[str]:
    """Warnings appended and errors raised with a string literal instead of a Message."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        appended = (
            isinstance(func, ast.Attribute)
            and func.attr == "append"
            and isinstance(func.value, ast.Name | ast.Attribute)
            and (getattr(func.value, "id", "") or func.value.attr) in ("warnings", "notes")
        )
        raised = getattr(func, "id", None) in _ERRORS
        if (appended or raised) and isinstance(node.args[0], ast.Constant | ast.JoinedStr):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_importer_warning_or_error_is_written_as_bare_text():
    # A bare string shows in Chinese to every reader: write it as
    # Message(gettext_noop("…%(n)s…"), n=n) and add its English to django.po.
    files = _importer_files()

    assert [place for path in files for place in _written_as_bare_text(path)] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        # The same text again, under any name: importing it changes nothing.
        ("again.txt", "", "这份文件的文字已作为规划“{slug}”导入过"),
        # The same file name with another text: only "replace" imports it.
        ("note.txt", "另一段文字，说明建设的总体考虑。\n", "曾从同名文件导入规划“{slug}”"),
    ],
)
def test_the_preview_says_when_the_file_was_imported_before(admin_client, name, text, said):
    first = "四川省旺苍县数字政府建设说明\n这是一段没有章节结构的文字，说明建设的总体考虑。\n"
    plan = import_plan(data=first.encode(), source="note.txt").plan
    data = (text and "四川省旺苍县数字政府建设说明\n" + text or first).encode()

    preview = admin_client.post(
        IMPORT, {"document": SimpleUploadedFile(name, data), "_preview": "1"}
    )

    assert any(said.format(slug=plan.slug) in w for w in preview.context["warnings"])


@pytest.mark.django_db
def test_the_preview_says_when_the_slug_typed_is_a_plans_already(admin_client):
    first = "四川省旺苍县数字政府建设说明\n这是一段没有章节结构的文字，说明建设的总体考虑。\n"
    plan = import_plan(data=first.encode(), source="note.txt").plan
    other = "四川省旺苍县数字政府建设方案\n另一段文字，说明建设的具体任务。\n".encode()

    preview = admin_client.post(
        IMPORT,
        {"document": SimpleUploadedFile("other.txt", other), "slug": plan.slug, "_preview": "1"},
    )

    said = f"短名“{plan.slug}”已是规划《{plan.title}》的短名：这样导入会被拒绝"
    assert any(said in w for w in preview.context["warnings"])
    # What it says is what the importer does: refused, unless told to replace that plan's text.
    overrides = PlanOverrides(slug=plan.slug)
    refused = f"短名“{plan.slug}”已是规划《{plan.title}》的短名，没有改动"  # not "from this source"
    with pytest.raises(PlanImportError, match=refused):
        import_plan(data=other, source="other.txt", overrides=overrides)
    replaced = import_plan(data=other, source="other.txt", overrides=overrides, replace=True)
    assert (replaced.status, replaced.plan.pk) == ("replaced", plan.pk)


@pytest.mark.django_db
def test_in_english_a_one_section_import_says_section_not_sections(admin_client):
    text = "四川省旺苍县数字政府建设说明\n这是一段没有章节结构的文字，说明建设的总体考虑。\n"
    upload = SimpleUploadedFile("note.txt", text.encode())

    response = admin_client.post(
        IMPORT, {"document": upload}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )

    plan = Plan.objects.get(source="note.txt")
    assert plan.sections.count() == 1
    assert str(next(iter(response.context["messages"]))).endswith("”: 1 section.")


@pytest.mark.django_db
def test_the_preview_says_what_a_type_not_read_from_the_text_becomes(admin_client):
    text = "四川省旺苍县数字政府建设说明\n这是一段没有章节结构的文字，说明建设的总体考虑。\n"
    preview = admin_client.post(
        IMPORT, {"document": SimpleUploadedFile("note.txt", text.encode()), "_preview": "1"}
    )
    kind = preview.context["form"]["kind"]
    assert kind.value() in ("", None)  # not read: the curator leaves it or chooses
    assert "不选则记为“规划”" in str(kind.help_text)
    imported = import_plan(data=text.encode(), source="note.txt").plan
    assert imported.kind == Plan.Kind.PLAN  # what the preview said
