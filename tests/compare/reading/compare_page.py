"""How the compare page's tests ask for a comparison of three seed plans and read the answer."""

from __future__ import annotations

import io
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

Y22, HN, WC, Y23 = (
    "yunnan-2022-egov-plan",
    "hunan-13th-egov-plan",
    "wangcang-2023-digital-gov-plan",
    "yunnan-2023-digital-gov-programme",
)


THREE = f"{Y22},{HN},{WC}"


HX = {"HTTP_HX_REQUEST": "true"}


def get_compare(client, query: str = THREE, headers=None, **params):
    return client.get(reverse("compare:compare"), {"plans": query, **params}, **(headers or {}))


def html_of(response) -> str:
    return response.content.decode()


def row_ids(html: str) -> list[str]:
    return re.findall(r'<tr id="(r\d+)"', html)


def table_of(html: str) -> str:
    return html[html.index('<table class="compare-table"') :]


def a_curator():
    user = get_user_model().objects.create_user("curator", password="pw")
    call_command("create_curators_group", stdout=io.StringIO())
    user.groups.add(Group.objects.get(name="curators"))
    return user
