"""The filters of a comparison row's template (compare/_row.html) write what the page wrote
when the rows were built in Python: Python's rounding and a "…" in every language."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from compare.templatetags.compare_tags import clip, score


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.965, "0.96"), (0.8, "0.80"), (1.0, "1.00"), (0.125, "0.12"), (0.4567, "0.46")],
)
def test_a_score_is_rounded_as_python_rounds_the_float(value, expected):
    assert score(value) == expected


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("数字政府建设", 6, "数字政府建设"),
        ("数字政府建设", 5, "数字政府…"),
        ("", 5, ""),
        ("abcdef", 1, "…"),
    ],
)
def test_clip_keeps_at_most_limit_characters_the_last_an_ellipsis(text, limit, expected):
    assert clip(text, limit) == expected


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_clip_ends_with_an_ellipsis_in_every_language(language):
    template = Template("{% load compare_tags %}{{ text|clip:5 }}|{{ text|truncatechars:5 }}")
    with translation.override(language):
        clipped, django = template.render(Context({"text": "数字政府建设规划"})).split("|")
    assert clipped == "数字政府…"
    # Django's own filter is why clip exists: its Chinese catalogue cuts with "...".
    assert django.endswith("..." if language == "zh-hans" else "…")
