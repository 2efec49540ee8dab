"""The concepts of texts a report weighs are kept for the next ask, within a bound."""

from __future__ import annotations

from compare.lib.coverage import terms


def test_a_long_texts_concepts_are_found_afresh_only_short_ones_kept():
    terms._kept_named.cache_clear()
    long = "建设政务云平台。" * (terms._KEPT_CHARS // 8 + 1)

    assert terms.holds(long, None, "云计算")  # 政务云 and 云计算 are one concept
    assert terms._kept_named.cache_info().currsize == 1  # the term, not the long text

    assert terms.holds("推进政务云建设", None, "云计算")
    assert terms._kept_named.cache_info().currsize == 2  # a short text is kept
