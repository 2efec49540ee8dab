"""measure_coverage: the stages in order (scope, evidence, verdicts, a curator's decisions,
additions) for one pair of plans."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from compare.alignment.roles import parts

from .additions import own_additions, upper_sentences
from .evidence import COMMON, Search, Wanted, item_sentences
from .model import (
    COVERED,
    MISSING,
    PARTLY,
    STATUSES,
    ChapterCount,
    Coverage,
    CoverageError,
    CoverLink,
    CoverSection,
    Decision,
    Item,
)
from .scope import COUNTED, align_section, is_top, place, upper_zones
from .terms import body_terms, holds, key_terms, named_objects
from .verdicts import judge


def measure_coverage(
    upper: Sequence[CoverSection],
    lower: Sequence[CoverSection],
    links: Iterable[CoverLink],
    *,
    decisions: Mapping[int, Decision] | None = None,
    titles: tuple[str, str] = ("", ""),
) -> Coverage:
    """Mark every item of ``upper`` covered, partly or missing in ``lower``; list ``lower``'s
    own additions. ``links`` may come either way round; ``decisions`` are by upper section id;
    ``titles`` are the two plans' (the lower plan's own subject is read from them)."""
    if not upper or not lower:
        raise CoverageError("both plans need sections: import the plan text again.")
    decisions = decisions or {}
    upper_ids = {s.id for s in upper}
    lower_ids = {s.id for s in lower}
    own: dict[int, list[CoverLink]] = defaultdict(list)
    for link in links:
        if link.upper not in upper_ids and link.lower in upper_ids:  # given the other way round
            link = CoverLink(
                link.lower, link.upper, link.score, link.human, link.shared, link.content
            )
        if link.upper in upper_ids and link.lower in lower_ids:
            own[link.upper].append(link)
    for found in own.values():
        found.sort(key=lambda link: (-link.human, -link.score))
    zones = upper_zones(upper)
    lower_zones = parts([align_section(s) for s in lower])
    searchable = [s for s in lower if lower_zones.get(s.id) in COUNTED]
    search = Search(lower, searchable, titles=titles)
    items, background = _items(upper, own, zones, search)
    for item in items:
        decision = decisions.get(item.section.id)
        if decision is not None and decision.status in (COVERED, MISSING):
            item.computed, item.decision = item.status, decision
            item.status, item.why = decision.status, "curated"
    taken = {link.lower for found in own.values() for link in found}
    taken |= {item.mention[0] for item in items if item.mention}
    taken |= {e.section for item in items if item.status != MISSING for e in item.evidence}
    # Inside an evidence section, a sub-item titled with the item's terms and with a sentence
    # holding half of them carries it too: evidence, not the lower plan's own addition (one
    # titled otherwise, 民族团结 under 治理, is its own even if it says 治理现代化).
    # Likewise the section a quoted sentence is from, when its title holds one of the found
    # terms or a half of one (市场监管 found, quoted from 推进“互联网+”监管发展): the reason's own
    # ground; a quote from a section titled otherwise (民族团结 for 治理) stays in doubt.
    lower_by_id = {s.id: s for s in lower}
    for item in items:
        if item.status == MISSING:
            continue
        for e in item.evidence:
            quoted = lower_by_id.get(e.sentence_section) if e.sentence else None
            if quoted is not None and any(_titled(quoted.title, t) for t in e.found):
                taken.add(quoted.id)
            for sid, sentence in search.sentences.get(e.section, []):
                held = sum(holds(sentence, None, t) for t in e.found)
                titled = any(holds(lower_by_id[sid].title, None, t) for t in e.found)
                if held and held * 2 >= len(item.terms) and titled:
                    taken.add(sid)
    # The lower plan's own background (现状, 形势, principles) is not what it adds to the tasks.
    background_ids = {sid for sid, zone in lower_zones.items() if zone not in COUNTED}
    topics, details = own_additions(lower, taken | background_ids, upper_sentences(upper))
    return Coverage(
        items=items,
        chapters=_chapters(upper, items),
        totals=_count(items),
        additions=topics,
        details=details,
        background=background,
        groups=dict(Counter(item.group for item in items)),
    )


def _titled(title: str, term: str) -> bool:
    """Whether ``title`` names ``term``, or one half of a four-character term (监管 of 市场监管)."""
    halves = (term[:2], term[2:]) if len(term) == 4 else ()
    return holds(title, None, term) or any(half in title for half in halves)


def _items(
    upper: Sequence[CoverSection],
    own: Mapping[int, list[CoverLink]],
    zones: Mapping[int, str],
    search: Search,
) -> tuple[list[Item], list[tuple[CoverSection, str]]]:
    by_id = {s.id: s for s in upper}
    children: dict[int | None, list[int]] = defaultdict(list)
    for s in upper:
        children[s.parent].append(s.id)
    items: dict[int, Item] = {}
    background: list[tuple[CoverSection, str]] = []
    said = [s.title + "。" + s.body for s in upper if s.body.strip()]

    def everywhere(word: str) -> bool:
        """The upper plan uses the word in more than a quarter of its sections (数字政府)."""
        return sum(word in text for text in said) > max(COMMON * len(said), 2)

    for s in sorted(upper, key=lambda s: s.order):
        if is_top(s, children):
            continue
        zone = zones.get(s.id, "tasks")
        if zone not in COUNTED:
            background.append((s, zone))
            continue
        if not s.body.strip() and children.get(s.id):
            background.append((s, "heading"))  # its items are counted instead
            continue
        chapter, _level = place(s, by_id, children)
        found = own.get(s.id, [])
        terms = key_terms(s)
        wanted = Wanted(
            terms,
            body_terms(s),
            s.meaning,
            item_sentences(s),
            named_objects(s, terms, everywhere),
        )
        status, why, evidence = judge(wanted, found, search)
        passing = None
        if status == MISSING and evidence:  # named in passing: shown as why, not as evidence
            passing, evidence = evidence[0], []
        mention = None
        if why == "mentioned" and evidence and evidence[0].sentence:
            mention = (evidence[0].sentence_section or evidence[0].section, evidence[0].sentence)
        items[s.id] = Item(
            s,
            chapter,
            0,
            status,
            why,
            links=list(found),
            mention=mention,
            group=zone,
            terms=terms,
            evidence=evidence,
            searched=len(search.searchable),
            passing=passing,
        )
    # Levels count items only: a heading left out does not push its items down.
    for item in items.values():
        node, level = item.section, 0
        while node.parent is not None and node.parent in by_id:
            node = by_id[node.parent]
            level += node.id in items
        item.level = level
    # A sub-item taken up makes its parent partly taken up; deepest first so it climbs.
    for item in sorted(items.values(), key=lambda i: -i.section.depth):
        if item.status == MISSING:
            taken = [items[c] for c in children[item.section.id] if c in items]
            if any(child.status != MISSING for child in taken):
                item.status, item.why = PARTLY, "sub-item"
    # The targets sum up the tasks: a lower plan setting none of its own against them (no
    # link, nothing the title names to look for: 主要目标) that takes tasks up has part of them.
    if any(i.group == "tasks" and i.status == COVERED for i in items.values()):
        for item in items.values():
            if item.group == "goals" and item.status == MISSING and not (item.terms or item.links):
                item.status, item.why = PARTLY, "tasks"
    return list(items.values()), background


def _chapters(upper: Sequence[CoverSection], items: list[Item]) -> list[ChapterCount]:
    by_id = {s.id: s for s in upper}
    grouped: dict[int | None, list[Item]] = defaultdict(list)
    for item in items:
        grouped[item.chapter].append(item)
    return [
        ChapterCount(by_id.get(chapter) if chapter is not None else None, _count(found))
        for chapter, found in grouped.items()
    ]


def _count(items: Iterable[Item]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for item in items:
        counts[item.status] += 1
    return counts
