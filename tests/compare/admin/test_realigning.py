"""Realigning the selected plan pairs from the admin keeps every human decision."""

from __future__ import annotations

import pytest
from django.urls import reverse

from compare.curating import confirm_link, reject_link
from compare.models import AlignmentRun, SectionLink
from compare.runs.aligning import run_alignment
from tests.compare.admin.linking import CHANGELIST, Status

pytestmark = pytest.mark.django_db


def test_realigning_the_selected_pairs_keeps_every_human_decision(
    client, curator, seeded, settings
):
    settings.ALIGN_IN_BACKGROUND = False  # the job runs at once, to read what it stored
    plans = {p.slug: p for p in seeded}
    y22, y23 = plans["yunnan-2022-egov-plan"], plans["yunnan-2023-digital-gov-programme"]
    wc = plans["wangcang-2023-digital-gov-plan"]
    run_alignment([y22, y23])
    run_alignment([y23, wc])
    first, second = SectionLink.objects.for_pair(y22, y23).order_by("-score")[:2]
    other_pair = SectionLink.objects.for_pair(y23, wc).first()
    confirm_link(first, actor=curator, note="核对过")
    reject_link(second, actor=curator, note="不对应")

    response = client.post(
        reverse(CHANGELIST),
        {"action": "realign_selected", "_selected_action": [first.pk, second.pk, other_pair.pk]},
        follow=True,
    )

    runs = AlignmentRun.objects.filter(started_by=curator)
    assert sorted(runs.values_list("plan_key", "status")) == sorted(
        [
            (",".join(sorted([y22.slug, y23.slug])), "done"),
            (",".join(sorted([wc.slug, y23.slug])), "done"),
        ]
    )
    messages = [str(m) for m in response.context["messages"]]
    assert sum(m.startswith("已开始重新对齐") for m in messages) == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.note) == (Status.CONFIRMED, "核对过")
    assert second.status == Status.REJECTED
    pair = (second.left_id, second.right_id)
    assert SectionLink.objects.filter(left_id=pair[0], right_id=pair[1]).count() == 1
    assert SectionLink.objects.for_pair(y22, y23).filter(status=Status.AUTO).exists()


def _realign(client, seeded) -> list[str]:
    plans = {p.slug: p for p in seeded}
    run_alignment([plans["yunnan-2022-egov-plan"], plans["yunnan-2023-digital-gov-programme"]])
    link = SectionLink.objects.first()
    response = client.post(
        reverse(CHANGELIST),
        {"action": "realign_selected", "_selected_action": [link.pk]},
        follow=True,
    )
    return [str(m) for m in response.context["messages"]]


def test_realigning_queues_the_run_for_a_worker_and_answers_at_once(client, curator, seeded):
    messages = _realign(client, seeded)

    run = AlignmentRun.objects.get(started_by=curator)
    assert run.status == "queued" and run.task_id
    assert any(m.startswith("已开始重新对齐") and f"#{run.pk}" in m for m in messages)


def test_realigning_is_refused_while_the_job_queue_is_full(client, curator, seeded, settings):
    settings.JOB_MAX_WAITING = 0

    messages = _realign(client, seeded)

    assert not AlignmentRun.objects.filter(started_by=curator).exists()
    assert any("等待处理的后台任务太多" in m for m in messages)
