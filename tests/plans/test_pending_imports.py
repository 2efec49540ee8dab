"""A scanned PDF uploaded in the admin: OCR left to a background job, its progress shown on a
page that polls, then the plan (or the preview); a failure shown; a dead worker's job retried."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from plans.importing import import_plan
from plans.models import PendingImport, Plan
from plans.parsing import Flag, ocr_available
from plans.pending import import_pending, queue_import, reap_dead_imports
from tests.failedjobs import fail_at_first_query
from tests.shared import shared_document

IMPORT = "/admin/plans/plan/import/"
needs_ocr = pytest.mark.skipif(not ocr_available(), reason="tesseract-ocr-chi-sim not installed")


def _first_page_of_the_scan() -> bytes:
    """Page 1 of the Pingshan scan (title, 第一章 总则, 第二章): one page of OCR, some 4 s."""
    import pypdfium2 as pdfium

    scan = pdfium.PdfDocument(str(shared_document("pingshan-collective-economy-rules-2018.pdf")))
    cut = pdfium.PdfDocument.new()
    cut.import_pages(scan, [0])
    out = io.BytesIO()
    cut.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def scan() -> bytes:
    return _first_page_of_the_scan()


def _upload(data: bytes, **fields):
    return {"document": SimpleUploadedFile("pingshan.pdf", data), **fields}


def _work() -> None:
    call_command("worker", batch=True, verbosity=0)


@needs_ocr
def test_a_scan_is_answered_at_once_with_a_progress_page_and_imported_by_the_job(
    admin_client, transactional_db, scan
):
    # Committed seeds may be there (a transactional test runs after the tests that read them,
    # before the first flush): what counts is that the request adds no plan.
    before = set(Plan.objects.values_list("pk", flat=True))
    response = admin_client.post(IMPORT, _upload(scan))

    pending = PendingImport.objects.get()
    page = f"/admin/plans/plan/import/{pending.pk}/"
    assert response.status_code == 302 and response["Location"] == page
    assert pending.status == "queued" and pending.pages_total == 1
    assert set(Plan.objects.values_list("pk", flat=True)) == before  # nothing read in the request
    waiting = admin_client.get(page).content.decode()
    assert 'id="import-status"' in waiting and "已排队，等待后台识别 1 页" in waiting
    assert f'hx-get="{page}"' in waiting

    _work()

    pending.refresh_from_db()
    assert pending.status == "done" and pending.pages_done == 1
    done = admin_client.get(page, follow=True)
    plan = Plan.objects.exclude(pk__in=before).get()
    assert done.redirect_chain[-1][0] == f"/admin/plans/plan/{plan.pk}/change/"
    html = done.content.decode()
    assert "已导入《" in html and "OCR 识别" in html  # the warning that the text is recognised
    assert plan.jurisdiction.name == "坪山区"
    chapters = plan.sections.filter(kind="chapter")
    assert list(chapters.values_list("label", flat=True)) == ["第一章", "第二章"]
    assert all(Flag.OCR in s.flags for s in plan.sections.all())
    assert bytes(PendingImport.objects.get().data) == b""  # the upload is not kept twice


@needs_ocr
def test_a_scan_asked_to_preview_shows_what_ocr_read_and_its_confirmation_is_queued(
    admin_client, transactional_db, scan
):
    admin_client.post(IMPORT, _upload(scan, _preview="1", era="十三五"))
    first = PendingImport.objects.get()
    _work()

    preview = admin_client.get(f"/admin/plans/plan/import/{first.pk}/").content.decode()

    assert 'id="import-read"' in preview and "坪山区" in preview and "第一章 总则" in preview
    assert 'value="十三五"' in preview  # what was typed on the first step stays
    confirmed = admin_client.post(
        IMPORT, {"_confirm": "1", "jurisdiction": "坪山区", "level": "county", "era": "十三五"}
    )
    again = PendingImport.objects.exclude(pk=first.pk).get()
    assert confirmed["Location"] == f"/admin/plans/plan/import/{again.pk}/"
    assert not again.preview and again.overrides["era"] == "十三五"
    assert bytes(again.data) == bytes(first.data) and not Plan.objects.exists()


def _form_target(page: str, url: str) -> str:
    """Where the page's import form posts: its action, else the page's own address."""
    form = re.search(r'<form[^>]*id="import_form"[^>]*>', page).group(0)
    action = re.search(r'action="([^"]*)"', form)
    return action.group(1) if action and action.group(1) else url


@needs_ocr
def test_a_scans_preview_confirmed_from_its_own_page_is_queued_for_import(
    admin_client, transactional_db, scan
):
    admin_client.post(IMPORT, _upload(scan, _preview="1"))
    first = PendingImport.objects.get()
    _work()
    url = f"/admin/plans/plan/import/{first.pk}/"
    page = admin_client.get(url).content.decode()

    confirmed = admin_client.post(
        _form_target(page, url), {"_confirm": "1", "jurisdiction": "坪山区", "level": "county"}
    )

    again = PendingImport.objects.exclude(pk=first.pk).get()
    assert confirmed.status_code == 302
    assert confirmed["Location"] == f"/admin/plans/plan/import/{again.pk}/"
    _work()
    assert Plan.objects.get().jurisdiction.name == "坪山区"


@needs_ocr
def test_a_previewed_scan_is_imported_from_what_its_preview_recognised_ocr_running_once(
    admin_client, transactional_db, scan, monkeypatch
):
    from plans.parsing._pdf import ocr

    pages_read = []
    ocr_page = ocr._ocr_page  # the one function that runs tesseract

    def counted(document, index, *args):
        pages_read.append(index)
        return ocr_page(document, index, *args)

    monkeypatch.setattr(ocr, "_ocr_page", counted)
    admin_client.post(IMPORT, _upload(scan, _preview="1"))
    _work()
    first = PendingImport.objects.get()
    admin_client.get(f"/admin/plans/plan/import/{first.pk}/")  # the preview
    assert "recognised" not in admin_client.session["plans_import_preview"]  # kept on the row
    admin_client.post(IMPORT, {"_confirm": "1", "jurisdiction": "坪山区", "level": "county"})
    _work()

    assert pages_read == [0]
    plan = Plan.objects.get()
    assert list(plan.sections.filter(kind="chapter").values_list("label", flat=True)) == [
        "第一章",
        "第二章",
    ]
    assert all(Flag.OCR in s.flags for s in plan.sections.all())
    done = PendingImport.objects.exclude(pk=first.pk).get()
    assert done.status == "done" and "recognised" not in done.outcome


def _running(**fields) -> PendingImport:
    return PendingImport.objects.create(
        name="scan.pdf", data=b"%PDF-", status="running", pages_total=7, **fields
    )


def test_the_progress_fragment_reports_the_page_being_read(admin_client, admin_user):
    pending = _running(pages_done=2, started_by=admin_user)

    response = admin_client.get(f"/admin/plans/plan/import/{pending.pk}/", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="import-status"')  # the fragment, no chrome
    assert "OCR 第 3 / 7 页" in html and "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_a_finished_import_moves_the_polling_page_on_as_a_whole(admin_client, admin_user):
    pending = _running(started_by=admin_user)
    PendingImport.objects.filter(pk=pending.pk).update(status="done", preview=True)

    response = admin_client.get(f"/admin/plans/plan/import/{pending.pk}/", HTTP_HX_REQUEST="true")

    assert response["HX-Redirect"] == f"/admin/plans/plan/import/{pending.pk}/"


@needs_ocr
def test_an_ocr_job_past_its_time_cap_fails_and_the_page_says_why(
    admin_client, transactional_db, scan, settings
):
    settings.OCR_MAX_SECONDS = 0
    admin_client.post(IMPORT, _upload(scan))
    pending = PendingImport.objects.get()

    _work()

    html = admin_client.get(f"/admin/plans/plan/import/{pending.pk}/").content.decode()
    assert "导入没有完成" in html and "DUIZHAO_OCR_MAX_SECONDS" in html
    assert "hx-get" not in html  # nothing left to wait for
    assert not Plan.objects.exists()


def test_a_text_layer_pdf_is_still_imported_within_the_request(admin_client):
    data = shared_document("national-revolutionary-relics-opinion-2018.pdf").read_bytes()

    response = admin_client.post(IMPORT, {"document": SimpleUploadedFile("r.pdf", data)})

    plan = Plan.objects.get()
    assert response["Location"] == f"/admin/plans/plan/{plan.pk}/change/"
    assert not PendingImport.objects.exists()


def test_someone_elses_pending_import_is_not_shown(admin_client, django_user_model):
    other = django_user_model.objects.create_superuser("other", password="x")
    pending = _running(started_by=other)

    assert admin_client.get(f"/admin/plans/plan/import/{pending.pk}/").status_code == 404


def test_a_dead_workers_ocr_job_is_queued_again_then_failed_after_its_attempts(db, settings):
    settings.JOB_MAX_ATTEMPTS = 2
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_DEAD_AFTER_SECONDS + 5)
    pending = _running(heartbeat_at=long_ago, pages_done=3)

    assert reap_dead_imports() == 1
    assert reap_dead_imports() == 0  # settled once
    pending.refresh_from_db()
    assert (pending.status, pending.attempt, pending.pages_done) == ("queued", 2, 0)
    assert DBTaskResult.objects.filter(id=pending.task_id, status="READY").exists()

    PendingImport.objects.filter(pk=pending.pk).update(status="running", heartbeat_at=long_ago)
    assert reap_dead_imports() == 1
    pending.refresh_from_db()
    assert pending.status == "failed" and "stopped responding" in pending.error


@needs_ocr
def test_the_command_reads_a_scan_itself_and_prints_its_ocr_progress(tmp_path, db):
    from tests.plans.test_pdf_import import _scanned

    blank = tmp_path / "blank-scan.pdf"
    blank.write_bytes(_scanned(1))  # one grey page: OCR runs, then finds no text
    out = io.StringIO()

    with pytest.raises(CommandError, match="页上没有文字"):
        call_command("import_plan", str(blank), stdout=out)

    assert "OCR 1/1" in out.getvalue()


def test_a_queued_preview_says_when_the_text_was_imported_before(admin_client, admin_user):
    # The queued (OCR) preview says what the in-request preview says, through imported_before().
    text = "四川省旺苍县数字政府建设说明\n这是一段没有章节结构的文字，说明建设的总体考虑。\n"
    plan = import_plan(data=text.encode(), source="note.txt").plan
    pending = PendingImport.objects.create(
        name="again.txt", data=text.encode(), preview=True, pages_total=1, started_by=admin_user
    )

    import_pending.call(pending.pk)
    preview = admin_client.get(f"/admin/plans/plan/import/{pending.pk}/")

    said = f"这份文件的文字已作为规划“{plan.slug}”导入过"
    assert any(said in w for w in preview.context["warnings"])


def test_a_queued_preview_says_when_the_slug_typed_is_a_plans_already(admin_client, admin_user):
    text = "四川省旺苍县数字政府建设说明\n这是一段没有章节结构的文字，说明建设的总体考虑。\n"
    plan = import_plan(data=text.encode(), source="note.txt").plan
    other = "四川省旺苍县数字政府建设方案\n另一段文字，说明建设的具体任务。\n".encode()
    pending = PendingImport.objects.create(
        name="other.txt",
        data=other,
        preview=True,
        pages_total=1,
        started_by=admin_user,
        outcome={"typed": {"slug": plan.slug}},
    )

    import_pending.call(pending.pk)
    preview = admin_client.get(f"/admin/plans/plan/import/{pending.pk}/")

    said = f"短名“{plan.slug}”已是规划《{plan.title}》的短名"
    assert any(said in w for w in preview.context["warnings"])


def test_a_dead_workers_ocr_job_is_failed_in_the_queue_too(db, settings):
    pending = queue_import(name="scan.pdf", data=b"%PDF-", pages=7)
    pending.refresh_from_db()
    entry = DBTaskResult.objects.get(id=pending.task_id)
    entry.claim("a worker killed mid-job")
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_DEAD_AFTER_SECONDS + 5)
    PendingImport.objects.filter(pk=pending.pk).update(status="running", heartbeat_at=long_ago)

    assert reap_dead_imports() == 1
    entry.refresh_from_db()
    assert entry.status == "FAILED" and entry.finished_at is not None  # not "running" forever
    pending.refresh_from_db()
    assert DBTaskResult.objects.get(id=pending.task_id).status == "READY"  # the new attempt


def test_an_ocr_job_that_failed_before_taking_its_import_is_queued_again(
    admin_client, admin_user, settings
):
    pending = queue_import(name="scan.pdf", data=b"%PDF-", pages=7, user=admin_user)
    pending.refresh_from_db()
    fail_at_first_query(pending.task_id, PendingImport, import_pending, pending.pk)

    assert reap_dead_imports() == 0  # young: given as long as a silent worker
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_DEAD_AFTER_SECONDS + 5)
    PendingImport.objects.filter(pk=pending.pk).update(created_at=long_ago)
    admin_client.get(f"/admin/plans/plan/import/{pending.pk}/")  # the page polling it
    pending.refresh_from_db()
    assert (pending.status, pending.attempt) == ("queued", 2) and "never ran" in pending.error
    assert DBTaskResult.objects.get(id=pending.task_id).status == "READY"
    assert reap_dead_imports() == 0  # settled once; the new job only waits


def test_an_ocr_job_that_only_waits_is_left_queued(db, settings):
    pending = queue_import(name="scan.pdf", data=b"%PDF-", pages=7)
    PendingImport.objects.filter(pk=pending.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )  # behind other jobs for long
    assert reap_dead_imports() == 0
    pending.refresh_from_db()
    assert (pending.status, pending.attempt) == ("queued", 1)


def test_a_confirmed_previews_upload_is_kept_once_by_the_import_it_queued(admin_client, admin_user):
    read = {"read": {}, "provenance": {}, "warnings": [], "outline": [], "sections": 0}
    preview = PendingImport.objects.create(
        name="scan.pdf",
        data=b"%PDF- the scan",
        preview=True,
        status="done",
        started_by=admin_user,
        outcome={"typed": {}, **read, "recognised": {"0": ["第一章 总则"]}},
    )
    admin_client.get(f"/admin/plans/plan/import/{preview.pk}/")  # the preview, stashed
    admin_client.post(IMPORT, {"_confirm": "1", "jurisdiction": "坪山区", "level": "county"})

    queued = PendingImport.objects.exclude(pk=preview.pk).get()
    assert bytes(queued.data) == b"%PDF- the scan"
    preview.refresh_from_db()
    assert bytes(preview.data) == b""  # not a second copy of every previewed upload, forever


def test_a_job_settled_as_dead_leaves_its_imports_new_attempt_alone(db, monkeypatch):
    pending = queue_import(name="scan.pdf", data=b"%PDF-", pages=7, preview=True)

    def read_meanwhile(*args, progress, **kwargs):
        # Its heartbeat starved for a minute: a sweep queued the import again, another worker
        # took it and reads page 4; this one reads on, reports, then fails.
        PendingImport.objects.filter(pk=pending.pk).update(
            status="running", attempt=2, pages_done=3, error=""
        )
        progress(6, 7)
        raise RuntimeError("tesseract crashed")

    monkeypatch.setattr("plans.pending.read_document", read_meanwhile)
    with pytest.raises(RuntimeError):
        import_pending.call(pending.pk)

    pending.refresh_from_db()
    assert (pending.status, pending.attempt, pending.pages_done) == ("running", 2, 3)
    assert pending.error == ""  # the new attempt's page shows its own progress, not this failure


def test_an_ocr_job_settled_as_dead_while_reading_does_not_import_the_plan(db, monkeypatch):
    text = "四川省旺苍县数字政府建设说明\n这是一段没有章节结构的文字，说明建设的总体考虑。\n"
    pending = queue_import(name="note.txt", data=text.encode(), pages=1)
    from plans.importing import reading

    read = reading.read_document

    def read_meanwhile(**kwargs):
        parsed = read(**kwargs)
        # Its heartbeat starved for a minute while tesseract read: a sweep queued the import
        # again and another worker took it. This one has read the document all the same.
        PendingImport.objects.filter(pk=pending.pk).update(status="running", attempt=2)
        return parsed

    monkeypatch.setattr("plans.importing.read_document", read_meanwhile)
    outcome = import_pending.call(pending.pk)

    assert not Plan.objects.filter(source="note.txt").exists()  # the new attempt imports it
    assert outcome["skipped"]
    pending.refresh_from_db()
    assert (pending.status, pending.attempt, pending.plan_id) == ("running", 2, None)


class _SeenBeforeTaken:
    """The read row as a confirmation saw it (its upload there) while another confirmation,
    a double click, took the upload from the database meanwhile."""

    def __init__(self, rows, seen):
        self.rows, self.seen = rows, seen

    def only(self, *fields):
        return self

    def first(self):
        return self.seen

    def filter(self, *args, **kwargs):
        return self.rows.filter(*args, **kwargs)


@pytest.mark.django_db
def test_a_scans_preview_confirmed_twice_at_once_is_queued_once(admin_user):
    from plans.pending import import_read

    read = PendingImport.objects.create(
        name="scan.pdf", data=b"%PDF-1.4 scan", preview=True, status="done", started_by=admin_user
    )
    rows = PendingImport.objects.filter(pk=read.pk)
    first = import_read(_SeenBeforeTaken(rows, PendingImport.objects.get(pk=read.pk)))
    late = import_read(_SeenBeforeTaken(rows, PendingImport.objects.get(pk=read.pk)))
    assert first is not None and bytes(first.data) == b"%PDF-1.4 scan"
    assert late is None  # saw the upload, but the first took it: nothing queued twice
    assert PendingImport.objects.filter(preview=False).count() == 1
    assert bytes(PendingImport.objects.get(pk=read.pk).data) == b""
