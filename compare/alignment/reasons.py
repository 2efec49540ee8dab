"""Why two sections were linked, as data (stored with the link) and in words: the one place a
reason is worded, in the engine's own words (Chinese) for the link's stored reason and in the
reader's language for a page."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from compare.alignment.calibration import band
from compare.alignment.candidates import Profile
from compare.alignment.lexicon import synonyms_used
from compare.alignment.roles import secure_alike
from compare.alignment.terms import topic_terms
from compare.alignment.vectors import TERMS


def gettext_noop(message: str) -> str:
    """``message`` as it is: the name marks it for ``makemessages``, and it is translated when
    a reason is worded (the engine stays free of Django)."""
    return message


def _as_written(message: str) -> str:
    return message


def _as_written_in(context: str, message: str) -> str:
    return message


_BANDS = {
    "likely": gettext_noop("很可能对应（%(value)s）"),
    "possible": gettext_noop("可能对应（%(value)s）"),
    "check": gettext_noop("待核对（%(value)s）"),
}
# The parts of a plan (roles.parts) and what a safeguard secures (roles.safeguard_role), named.
ZONE_NAMES = {
    "context": gettext_noop("现状与形势"),
    "principles": gettext_noop("指导思想与原则"),
    "goals": gettext_noop("目标"),
    "tasks": gettext_noop("主要任务"),
    "safeguards": gettext_noop("保障措施"),
}
ROLE_NAMES = {
    "organisation": gettext_noop("组织保障"),
    "funding": gettext_noop("资金保障"),
    "talent": gettext_noop("人才保障"),
    "evaluation": gettext_noop("考核评估"),
    "security": gettext_noop("安全保障"),
    "standards": gettext_noop("标准规范"),
    "institutions": gettext_noop("制度保障"),
    "publicity": gettext_noop("宣传引导"),
    "cooperation": gettext_noop("合作"),
}


def shared_topic(a: Profile, b: Profile, limit: int = 5) -> list[str]:
    """The topic words both sections share, weightiest first (formula left out)."""
    # The terms both content vectors hold, found on their arrays (no dict of either is made).
    common, at_a, at_b = np.intersect1d(
        a.content_ids, b.content_ids, assume_unique=True, return_indices=True
    )
    weight = dict(
        zip(
            map(TERMS.__getitem__, common.tolist()),
            (a.content_values[at_a] * b.content_values[at_b]).tolist(),
            strict=True,
        )
    )
    shared = topic_terms(weight)
    shared.sort(key=lambda t: (-weight[t], t))
    return shared[:limit]


def evidence(
    a: Profile,
    b: Profile,
    features: Mapping[str, float],
    p: float,
    *,
    meaning: float | None = None,
) -> dict:
    """Topic words that carry the match, synonyms used, the shared role, similarities, the
    parents' correspondence when it counts, the similarity in meaning of a pair that meaning
    proposed (``meaning``; None for a pair its words brought), and the probability."""
    text_a = a.section.title + a.section.body
    text_b = b.section.title + b.section.body
    support = features.get("support", 0.0)
    return {
        "shared": shared_topic(a, b),
        "synonyms": [f"{x}={y}" for x, y in synonyms_used(text_a, text_b)[:2]],
        "zone": a.zone if a.zone == b.zone else "",
        "role": _shared_role(a, b),
        "title": f"{features.get('title', 0.0):.2f}",
        "content": f"{features.get('content', 0.0):.2f}",
        "support": f"{support:.2f}" if support >= 0.2 else None,
        "meaning": f"{meaning:.2f}" if meaning is not None else None,
        "probability": f"{p:.2f}",
    }


def _shared_role(a: Profile, b: Profile) -> str:
    """What both secure: two safeguards, or a task and a safeguard (安全, 标准...)."""
    if a.role and a.role == b.role:
        return a.role
    return a.secures if secure_alike(a, b) else ""


def band_words(probability: float | str, *, gettext: Callable[[str], str] = _as_written) -> str:
    """How likely, in words with the figure: 很可能对应（0.85）. The compare page's bands."""
    value = f"{float(probability):.2f}"
    return gettext(_BANDS[band(float(probability))]) % {"value": value}


def reason(
    ev: Mapping,
    *,
    gettext: Callable[[str], str] = _as_written,
    pgettext: Callable[[str, str], str] = _as_written_in,
    with_band: bool = True,
) -> str:
    """The evidence in words: how likely, what carries the match, the shared role. In the
    engine's own words (Chinese) by default, as stored and exported with the link; a page passes
    Django's ``gettext``/``pgettext`` to word it in the reader's language. The similarities stay
    in the evidence (exports, the API), not in the words, but for a link of the earlier engine
    and the similarity in meaning of a link that meaning proposed.
    ``with_band=False`` leaves out how likely, for a page that says it apart (``band_words``)."""
    parts = []
    if ev.get("probability") and with_band:
        parts.append(band_words(ev["probability"], gettext=gettext))
    if ev["shared"]:
        parts.append(gettext("共同主题词：%(terms)s") % {"terms": gettext("、").join(ev["shared"])})
    if ev.get("meaning"):  # proposed by meaning: the words alone did not bring the pair up
        parts.append(gettext("意思相近（语义相似度 %(value)s）") % {"value": ev["meaning"]})
    if ev.get("synonyms"):
        parts.append(gettext("同义：%(pairs)s") % {"pairs": gettext("、").join(ev["synonyms"])})
    if ev.get("zone"):
        role = gettext(ZONE_NAMES[ev["zone"]])
        if ev.get("role"):
            role += " › " + gettext(ROLE_NAMES[ev["role"]])
        parts.append(gettext("同属%(role)s") % {"role": role})
    elif ev.get("role"):
        role = gettext(ROLE_NAMES[ev["role"]])
        parts.append(pgettext("a task and a safeguard", "同属%(role)s") % {"role": role})
    if not ev.get("probability"):  # a link of the earlier engine: its similarities
        parts.append(gettext("标题相似度 %(value)s") % {"value": ev["title"]})
        parts.append(gettext("内容相似度 %(value)s") % {"value": ev["content"]})
    if ev["support"]:
        parts.append(gettext("上级章节也相互对应（%(value)s）") % {"value": ev["support"]})
    return gettext("；").join(parts)
