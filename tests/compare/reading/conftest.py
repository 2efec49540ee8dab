"""The compare page's modules read the same three seed plans, aligned by one run per module."""

from __future__ import annotations

import pytest

from tests.compare.reading.compare_page import HN, WC, Y22
from tests.moduledata import aligned_for_the_module

# A module that reads other plans names its own _aligned_once, which takes the place of this one.
_aligned_once = aligned_for_the_module((Y22, HN, WC))


@pytest.fixture
def aligned(_aligned_once, seeded, settings):
    settings.ALIGN_IN_BACKGROUND = False
    return seeded
