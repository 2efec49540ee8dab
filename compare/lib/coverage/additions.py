"""Additions (本地特色): the lower plan's titled sections nothing of the upper plan reaches and
the upper plan does not mention: whole topics, and details inside taken-up tasks."""

from __future__ import annotations

import re
from collections.abc import Sequence

from compare.lib.meaning import SENTENCE

from .model import CoverSection

# Share of a title's character pairs that must stand in one lower sentence to count as a mention.
MENTION = 0.6
_HAN = re.compile(r"[\u3400-\u9fff]")


def upper_sentences(plan: Sequence[CoverSection]) -> list[tuple[int, str]]:
    found = []
    for s in plan:
        for text in (s.title, s.body):
            found.extend((s.id, m.group().strip()) for m in SENTENCE.finditer(text))
    return [(sid, text) for sid, text in found if text]


def _pairs(text: str) -> set[str]:
    han = "".join(_HAN.findall(text))
    return {han[i : i + 2] for i in range(len(han) - 1)}


def _mention(title: str, sentences: list[tuple[int, str]]) -> tuple[int, str] | None:
    """The lower sentence that holds most of ``title``'s character pairs, if enough of them."""
    wanted = _pairs(title)
    if len(wanted) < 3:  # a two- or three-character title is found everywhere
        return None
    best, best_share = None, 0.0
    for sid, sentence in sentences:
        share = len(wanted & _pairs(sentence)) / len(wanted)
        if share > best_share:
            best, best_share = (sid, sentence), share
    return best if best_share >= MENTION else None


def own_additions(
    lower: Sequence[CoverSection], taken: set[int], upper_sentences: list[tuple[int, str]]
) -> tuple[list[CoverSection], list[CoverSection]]:
    """(topics, details) the lower plan adds. A topic is a titled section outside everything an
    upper item reaches (by link or mention), shown once at its highest section; a detail is a
    titled section inside a reached one whose title the upper plan does not mention (九湖 under
    the environment task)."""
    by_id = {s.id: s for s in lower}
    above = set()
    for sid in taken:
        node = by_id.get(sid)
        while node is not None and node.parent is not None:
            above.add(node.parent)
            node = by_id.get(node.parent)
    topics: list[CoverSection] = []
    details: list[CoverSection] = []
    inside, shown = set(taken), set()
    for s in sorted(lower, key=lambda s: s.order):
        if s.parent in inside:
            inside.add(s.id)
        if s.id in taken or s.id in above or s.kind == "preface":
            continue
        if s.parent in shown:
            shown.add(s.id)
            continue
        if not s.title or _mention(s.title, upper_sentences) is not None:
            continue
        (details if s.id in inside else topics).append(s)
        shown.add(s.id)
    return topics, details
