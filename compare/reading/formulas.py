"""What counts as formula on a comparison page: the one place the compare views ask.

Formula is the predicate and intensifier wording of official style (提升, 显著, 加快推进, 坚持):
marking it as "shared" between two plans says nothing. The test is the alignment engine's own
(``compare.alignment.is_formula``), so the page marks as shared what the engine pairs on.
"""

from __future__ import annotations

from collections.abc import Callable

from compare.alignment import is_formula


def formula() -> Callable[[str], bool]:
    """A test for formula terms (the alignment engine's)."""
    return is_formula
