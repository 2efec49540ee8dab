"""Coverage (上下衔接): does a lower plan take up each task of a higher plan, and what does it add?

Pure Python on top of the alignment engine's links: sections and links come in as values, a
``Coverage`` goes out. Nothing here imports Django (tests/test_architecture.py checks).

The items are the upper plan's tasks and targets, and its safeguards (保障) as a group of their
own, told by the part of the plan each section sits in (``compare.alignment.roles.parts``):
context (现状, 形势) and guiding thought and principles are background, listed apart and not
counted; so is a heading with no text of its own over counted items (it would count them twice).

Each item is judged on evidence, its key terms (the words of its title that name its action and
object, not the formula around them) looked for in the lower plan's text:
- covered (已落实): a person confirmed a link; or the engine links a lower section in its
  很可能对应 band whose text (not only its title) holds at least half of the key terms, or says
  the same in other words (the engine's content similarity), or names several of the things the
  item's own text names (统一身份认证、电子证照 for 共性应用支撑) beside one of its terms
  (``why: "named"``); or a section holding half the terms is alike to the item as a whole; or
  the engine links, below the band, a section one of whose sentences holds every key term
  (``why: "quoted"``); or, with no link in the band, a sentence of the lower plan's text that
  holds every key term and that the sentence encoder finds saying what one of the item's own
  sentences says (``why: "sentence"``). An item all of whose terms the lower plan uses
  everywhere (机制) has no telling word to find: a link or the encoder decides it as above.
  A sentence saying what the item says with half the key terms (``takes_up``) is quoted and
  its own section named first, but decides no verdict (half the object is not the task: it
  made 包头's 营造良好数字生态 a false 已落实 on the 数字 of 数字政府).
- partly (部分落实): some key terms are found (the others are named as missing), by a link or
  by the search alone (words found are not a task taken up: a person confirms it), a link is
  weak, or only a sub-item is taken up, or (the targets item, no link and no term in its title)
  the lower plan sets no target against it but takes tasks up (``why: "tasks"``);
- missing (未体现): a search of the lower plan's tasks, targets and safeguards found none, or
  found them only in passing (``why: "passing"``: among three things listed, words the plan
  uses everywhere, or the engine's link to a section holding none of them and no more alike to
  the item than the plan's usual sections).
A curator's decision on an item wins over all of this and is kept across re-runs.
The lower plan's titled sections that nothing of the upper plan reaches, and that the upper plan
does not mention, are its own additions (本地特色): whole topics, and details inside taken-up tasks.

The package reads in the order of the stages: ``model`` (what goes in and out), ``scope`` (which
upper sections are items), ``terms`` (what is looked for), ``evidence`` (the lower plan searched
and each section weighed), ``verdicts`` (status and why), ``additions`` (本地特色) and
``measuring`` (``measure_coverage``, the stages in order).
"""

from __future__ import annotations

from .evidence import COMMON
from .measuring import measure_coverage
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
    Evidence,
    Item,
)
from .terms import body_terms, key_terms
from .verdicts import (
    ALIKE,
    LINK_WEIGHT,
    LINKED_SHARE,
    NAMED_OBJECTS,
    SAME_TEXT,
    STRONG_LINK,
    WEAK_SHARE,
)

__all__ = [
    "ALIKE",
    "COMMON",
    "COVERED",
    "LINKED_SHARE",
    "LINK_WEIGHT",
    "MISSING",
    "NAMED_OBJECTS",
    "PARTLY",
    "SAME_TEXT",
    "STATUSES",
    "STRONG_LINK",
    "WEAK_SHARE",
    "ChapterCount",
    "CoverLink",
    "CoverSection",
    "Coverage",
    "CoverageError",
    "Decision",
    "Evidence",
    "Item",
    "body_terms",
    "key_terms",
    "measure_coverage",
]
