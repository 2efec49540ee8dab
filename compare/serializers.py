"""The JSON shape of a link between two sections: one home for the API, the exports and
export_alignment. A contract: extend, never rename (bytes pinned by tests/test_json_doors.py)."""

from __future__ import annotations

from typing import Protocol


class _Link(Protocol):
    """A stored ``SectionLink`` or the ``LinkInfo`` a comparison carries."""

    score: float
    status: str
    reason: str


def link_as_dict(link: _Link, *, left: object, right: object, pk: int | None = None) -> dict:
    """A link from ``left`` to ``right`` (ids, or the sections' own dicts) with its evidence;
    the API names the link by ``pk``, export_alignment by its two ends."""
    ends = {"left": left, "right": right}
    return ({"id": pk} | ends if pk is not None else ends) | link_evidence_as_dict(link)


def link_evidence_as_dict(link: _Link) -> dict:
    """Why two sections are linked: score, status (suggested, confirmed…) and reason."""
    return {"score": link.score, "status": link.status, "reason": link.reason}
