"""The terms of sections aligned last are kept for their next alignment, within a bound."""

from __future__ import annotations

from compare.alignment import candidates
from compare.alignment.terms import DEFAULT_WEIGHTS, section_terms


def test_a_long_sections_terms_are_counted_afresh_not_kept():
    short = ("政务", "云", "平台") * 10
    long = tuple(f"词{i}" for i in range(candidates._TOKENS_KEPT + 1))
    candidates._kept_own_terms.cache_clear()

    assert candidates._own_terms(short, DEFAULT_WEIGHTS) == section_terms(
        short, weights=DEFAULT_WEIGHTS
    )
    assert candidates._own_terms(long, DEFAULT_WEIGHTS) == section_terms(
        long, weights=DEFAULT_WEIGHTS
    )

    assert candidates._kept_own_terms.cache_info().currsize == 1  # the short one only
