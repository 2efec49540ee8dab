"""A topic's words found in printed texts (compare.lib.topic) and highlighted in a row's HTML."""

from __future__ import annotations

import pytest

from compare.lib.marking import DISTINCT, SHARED, Piece
from compare.lib.textdiff import DELETE, EQUAL, INSERT, Span, WordDiff
from compare.lib.topic import cut_at_terms, mentions_all, searchable
from compare.templatetags.compare_tags import render_diff, render_marks, render_topic


@pytest.mark.parametrize(
    ("chunks", "terms", "expected"),
    [
        (["建设政务云"], ["政务云"], [[("建设", False), ("政务云", True)]]),
        (["建设政務雲"], ["政务云"], [[("建设", False), ("政務雲", True)]]),  # as printed
        (["湖南政務云"], ["政务云"], [[("湖南", False), ("政務云", True)]]),  # mixed scripts
        (["政务", "云平台"], ["政务云"], [[("政务", True)], [("云", True), ("平台", False)]]),
        (["IPv6 与 ＩＰｖ６"], ["ipv6"], [[("IPv6", True), (" 与 ", False), ("ＩＰｖ６", True)]]),
        (
            ["云安全与政务云"],
            ["政务云", "云"],
            [[("云", True), ("安全与", False), ("政务云", True)]],
        ),
        (["没有"], ["政务云"], [[("没有", False)]]),
        (["", "云"], ["云"], [[], [("云", True)]]),
    ],
)
def test_it_cuts_printed_text_at_the_topics_words(chunks, terms, expected):
    assert cut_at_terms(chunks, terms) == expected


def test_a_row_must_mention_every_word_but_each_may_be_in_another_cell():
    cells = [searchable("建设政务云"), searchable("网络安全")]
    assert mentions_all(cells, ["政务云", "安全"])
    assert not mentions_all(cells, ["政务云", "迁移"])


def test_highlighted_text_is_escaped_around_the_marks():
    html = render_topic("<b>政務雲</b> & 云", ["政务云"])
    assert html == '&lt;b&gt;<mark class="m-q">政務雲</mark>&lt;/b&gt; &amp; 云'
    assert render_topic("<i>", ()) == "&lt;i&gt;"


def test_the_topic_is_marked_inside_the_shared_and_distinct_marks():
    pieces = [Piece("推进政务", frozenset({SHARED})), Piece("云<迁移>", frozenset({DISTINCT}))]
    html = render_marks(pieces, ["政务云"])
    assert html == (
        '<mark class="m-s">推进<mark class="m-q">政务</mark></mark>'
        '<strong class="m-d"><mark class="m-q">云</mark>&lt;迁移&gt;</strong>'
    )
    assert render_marks(pieces) == (
        '<mark class="m-s">推进政务</mark><strong class="m-d">云&lt;迁移&gt;</strong>'
    )


def test_the_topic_is_marked_in_a_word_diff_without_losing_its_signs():
    spans = [Span("建设", EQUAL), Span("省级", DELETE), Span("政务云<", INSERT)]
    diff = WordDiff(spans=spans, similarity=0.5)
    html = render_diff(diff, ["政务云"])
    assert html == (
        '建设<del><span class="sr-only">删去：</span>省级</del>'
        '<ins><span class="sr-only">新增：</span><mark class="m-q">政务云</mark>&lt;</ins>'
    )
