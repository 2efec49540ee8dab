"""Why two sections were linked, as data (a page words it in the reader's language) and in the
engine's own words (Chinese), stored and exported with the link."""

from __future__ import annotations

from collections.abc import Mapping

from compare.alignment.calibration import band
from compare.alignment.candidates import Profile
from compare.alignment.lexicon import synonyms_used
from compare.alignment.roles import ROLE_NAMES, ZONE_NAMES, secure_alike
from compare.alignment.terms import topic_terms


def shared_topic(a: Profile, b: Profile, limit: int = 5) -> list[str]:
    """The topic words both sections share, weightiest first (formula left out)."""
    content_a, content_b = a.content, b.content
    shared = topic_terms(content_a.keys() & content_b.keys())
    shared.sort(key=lambda t: (-(content_a[t] * content_b[t]), t))
    return shared[:limit]


def evidence(a: Profile, b: Profile, features: Mapping[str, float], p: float) -> dict:
    """Topic words that carry the match, synonyms used, the shared role, similarities, the
    parents' correspondence when it counts, and the probability."""
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
        "probability": f"{p:.2f}",
    }


def _shared_role(a: Profile, b: Profile) -> str:
    """What both secure: two safeguards, or a task and a safeguard (安全, 标准...)."""
    if a.role and a.role == b.role:
        return a.role
    return a.secures if secure_alike(a, b) else ""


def reason(ev: Mapping) -> str:
    """The evidence in the engine's own words (Chinese): how likely, what carries the match, the
    shared role. The similarities stay in the evidence (exports, the API), not in the words."""
    parts = []
    if ev.get("probability"):
        words = {"likely": "很可能对应", "possible": "可能对应", "check": "待核对"}
        parts.append(f"{words[band(float(ev['probability']))]}（{ev['probability']}）")
    if ev["shared"]:
        parts.append("共同主题词：" + "、".join(ev["shared"]))
    if ev.get("synonyms"):
        parts.append("同义：" + "、".join(ev["synonyms"]))
    if ev.get("zone"):
        role = ZONE_NAMES[ev["zone"]]
        if ev.get("role"):
            role += " › " + ROLE_NAMES[ev["role"]]
        parts.append("同属" + role)
    elif ev.get("role"):  # a task and a safeguard securing one thing
        parts.append("同属" + ROLE_NAMES[ev["role"]])
    if ev["support"]:
        parts.append(f"上级章节也相互对应（{ev['support']}）")
    return "；".join(parts)
