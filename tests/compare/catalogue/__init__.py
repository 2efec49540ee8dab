"""The catalogue's tests; the plan they run against the catalogue and its pages."""

from __future__ import annotations

Y22 = "yunnan-2022-egov-plan"
PAGE = f"/catalogue/{Y22}/"
START = f"/catalogue/{Y22}/start/"
