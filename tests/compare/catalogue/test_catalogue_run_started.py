"""Staff start a run of one plan against the catalogue, wait for it and read its results: the
worker commits, so the test is transactional, in a module of its own (a module's data, such as
test_catalogue_views.py's finished run, would hold a transaction open around it)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from compare.models import CatalogueRun
from tests.compare.catalogue import PAGE, START
from tests.seeds import load_seeds


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_staff_start_a_run_wait_for_it_and_then_read_its_results(client, staff):
    load_seeds()
    html = _html(client.get(PAGE))
    assert START in html

    response = client.post(START)
    assert response.status_code == 302 and response["Location"] == PAGE
    run = CatalogueRun.objects.get()
    assert run.status == "queued"
    client.post(START)  # a second click while it waits queues nothing more
    assert CatalogueRun.objects.count() == 1

    waiting = _html(client.get(PAGE))
    assert "已排队" in waiting and 'hx-trigger="every 2s"' in waiting
    CatalogueRun.objects.filter(pk=run.pk).update(status="running", stage="index")
    poll = client.get(PAGE, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="catalogue-status")
    fragment = _html(poll)
    assert "建立目录索引" in fragment and "第 1 步（共 2 步）" in fragment
    assert "<progress" not in fragment  # how many chunks is known once the index is
    CatalogueRun.objects.filter(pk=run.pk).update(stage="aligning", chunks=3, chunks_done=1)
    poll = client.get(PAGE, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="catalogue-status")
    fragment = _html(poll)
    assert fragment.lstrip().startswith('<div id="catalogue-status"') and "<progress" in fragment
    assert "第 2 步（共 2 步）：逐份比对" in fragment and "1 / 3" in fragment
    assert "HX-Request" in poll["Vary"]
    CatalogueRun.objects.filter(pk=run.pk).update(
        status="queued", stage="", chunks=0, chunks_done=0
    )

    call_command("worker", batch=True, verbosity=0)

    done = client.get(PAGE, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="catalogue-status")
    assert done.headers.get("HX-Refresh") == "true"
    html = _html(client.get(PAGE))
    assert 'id="catalogue-results"' in html and "很可能对应" in html
