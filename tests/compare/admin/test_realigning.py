"""Realigning the selected plan pairs from the admin keeps every human decision."""

from __future__ import annotations

import pytest
from django.urls import reverse

from compare.curating import confirm_link, reject_link
from compare.models import AlignmentRun, SectionLink
from compare.runs.aligning import run_alignment
from tests.compare.admin.linking import CHANGELIST, Status

pytestmark = pytest.mark.django_db


def test_realigning_the_selected_pairs_keeps_every_human_decision(client, curator, seeded):
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
    assert sum(m.startswith("已重新对齐") for m in messages) == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.note) == (Status.CONFIRMED, "核对过")
    assert second.status == Status.REJECTED
    pair = (second.left_id, second.right_id)
    assert SectionLink.objects.filter(left_id=pair[0], right_id=pair[1]).count() == 1
    assert SectionLink.objects.for_pair(y22, y23).filter(status=Status.AUTO).exists()
