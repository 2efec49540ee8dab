"""Two small plans, a logged-in curator and three links between the plans, for the admin's tests."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from compare.curating import CURATORS_GROUP
from compare.models import AlignmentRun
from tests.compare.admin.linking import link, make_plan, sec


@pytest.fixture
def plans():
    a = make_plan(
        "plan-a",
        "甲规划",
        [
            (0, "发展基础", ""),
            (1, "政务云", "建成全省政务云平台。"),
            (0, "主要任务", "推进一网通办。"),
        ],
    )
    b = make_plan(
        "plan-b",
        "乙方案",
        [
            (0, "建设现状", "政务云已覆盖各市。"),
            (0, "重点任务", "深化一网通办。"),
            (0, "保障措施", ""),
        ],
    )
    return a, b


@pytest.fixture
def curator(client):
    call_command("create_curators_group", stdout=StringIO())
    user = User.objects.create_user("curator", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS_GROUP))
    client.force_login(user)
    return user


@pytest.fixture
def links(plans):
    a, b = plans
    run = AlignmentRun.objects.create(plan_key="plan-a,plan-b", status="done")
    return {
        "cloud": link(sec(a, "政务云"), sec(b, "建设现状"), 0.91, run=run),
        "tasks": link(sec(a, "主要任务"), sec(b, "重点任务"), 0.65, run=run),
        "wrong": link(sec(a, "发展基础"), sec(b, "保障措施"), 0.32),
    }
