"""One plan against a whole catalogue, the pure part: a stored index, candidates and chunks.

No Django here (tests/test_architecture.py): sections come in as ``AlignSection`` values, links
go out as ``Link`` values of the alignment engine, which is used through its public face only
(``align``, ``term_stats``, ``TermStats``, ``Settings``).

The index is built once per catalogue and stored (``CatalogueIndex.dumps``): the term statistics
every alignment weighs terms by, and for each informative term (one that fewer than
``Settings.candidate_df`` of all sections use) the plans that use it. A plan against the
catalogue then (1) looks up the plans sharing informative terms with it (``candidates``), (2)
splits them into chunks (``chunked``), and (3) each chunk, on whichever worker takes it, aligns
the plan with each of its plans in turn (``align_chunk``) with the stored statistics, so nothing
is rebuilt per pair. The engine finds candidate pairs only through informative terms they
share, so a plan sharing no informative word with the query plan is left out (the engine also
pairs through the characters inside words; a link through those alone could be missed).
"""

from __future__ import annotations

import json
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from compare.alignment import (
    AlignSection,
    Link,
    Settings,
    TermStats,
    align,
    prepare,
    term_stats,
)


class CatalogueIndexError(ValueError):
    """A stored index that cannot be read; the message says what to do."""


@dataclass
class CatalogueIndex:
    stats: TermStats
    postings: dict[str, list[str]]  # informative term -> keys of the plans using it
    plans: int

    def dumps(self) -> bytes:
        """The index as compressed JSON, to store."""
        data = {
            "documents": self.stats.documents,
            "frequency": dict(self.stats.frequency),
            "postings": self.postings,
            "plans": self.plans,
        }
        return zlib.compress(json.dumps(data, ensure_ascii=False).encode(), 6)

    @classmethod
    def loads(cls, blob: bytes) -> CatalogueIndex:
        try:
            data = json.loads(zlib.decompress(blob))
            stats = TermStats(documents=data["documents"], frequency=data["frequency"])
            return cls(stats=stats, postings=data["postings"], plans=data["plans"])
        except (zlib.error, ValueError, KeyError) as exc:
            raise CatalogueIndexError(
                f"the stored catalogue index cannot be read ({exc}); build it again."
            ) from exc


def build_index(
    plans: Iterable[Sequence[AlignSection]], *, settings: Settings | None = None
) -> CatalogueIndex:
    """The index of a catalogue, read in one pass (plans may be a generator)."""
    settings = settings or Settings()
    plan_terms: dict[str, set[str]] = {}

    def sections() -> Iterable[AlignSection]:
        for plan in plans:
            terms: set[str] = set()
            for s in plan:
                terms.update(_terms(s))
                yield s
            if plan:
                plan_terms[plan[0].plan] = terms

    stats = term_stats(sections())
    cutoff = settings.candidate_df * stats.documents
    postings: dict[str, list[str]] = defaultdict(list)
    for key, terms in plan_terms.items():
        for term in terms:
            if stats.frequency.get(term, 0) <= cutoff:
                postings[term].append(key)
    return CatalogueIndex(stats=stats, postings=dict(postings), plans=len(plan_terms))


def _terms(section: AlignSection) -> set[str]:
    return set(section.title_tokens) | set(section.body_tokens)


def candidates(query: Sequence[AlignSection], index: CatalogueIndex) -> list[str]:
    """Keys of the plans sharing informative terms with ``query``, most shared weight first
    (the query plan itself left out)."""
    own = query[0].plan if query else None
    weight: dict[str, float] = defaultdict(float)
    terms = set().union(*(_terms(s) for s in query)) if query else set()
    for term in terms:
        idf = index.stats.idf(term)
        for key in index.postings.get(term, ()):
            weight[key] += idf
    weight.pop(own, None)
    return sorted(weight, key=lambda key: (-weight[key], key))


def chunked(keys: Sequence[str], size: int) -> list[list[str]]:
    """``keys`` in chunks of at most ``size``, as evenly filled as that allows."""
    if size < 1:
        raise ValueError("chunk size must be at least 1")
    count = -(-len(keys) // size)
    return [list(keys[i::count]) for i in range(count)] if keys else []


def align_chunk(
    query: Sequence[AlignSection],
    plans: Iterable[Sequence[AlignSection]],
    stats: TermStats,
    *,
    settings: Settings | None = None,
) -> list[Link]:
    """Links between ``query`` and each plan of a chunk, ``left`` always the query's section.

    The query's profiles (and their inverted indexes) are built once for the whole chunk; the
    links carry scores, not reasons (the catalogue keeps only those)."""
    settings = settings or Settings()
    links: list[Link] = []
    ready = prepare(query, stats, settings) if query else None
    for plan in plans:
        if plan and ready is not None:
            found = align(
                [query, plan], stats=stats, settings=settings, prepared=[ready], explain=False
            )
            links.extend(found.links)
    return links
