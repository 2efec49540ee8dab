"""What the pages of plans share: how far up a place's chain a query reaches."""

from __future__ import annotations

# A county's chain up to the national level is three parents deep: fetch it with the row.
PLACE_CHAIN = "parent__parent__parent"
