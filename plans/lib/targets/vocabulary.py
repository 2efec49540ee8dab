"""The indicator vocabulary (``plans/data/indicators.txt``): which names are one indicator."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from plans.lib.targets.reading import _simplify
from plans.parsing.text import to_simplified

VOCABULARY = Path(__file__).resolve().parents[2] / "data" / "indicators.txt"

_QUOTES = re.compile(r"[“”\"'‘’「」『』\s]")


class TargetVocabularyError(ValueError):
    """The indicator vocabulary file cannot be read; the message says which line to fix."""


def indicator_key(indicator: str) -> str:
    """The vocabulary group of ``indicator``, or the indicator itself when no group names it.

    >>> indicator_key("省级非涉密政务信息系统上云率"), indicator_key("网上办理率")
    ('上云率', '网上可办率')
    """
    name = _clean_indicator(_simplify(indicator))
    exact, specific = _vocabulary()
    if name in exact:
        return exact[name]
    for member, key in specific:  # longest first
        if name.endswith(member):
            return key
    return name


def is_known_indicator(indicator: str) -> bool:
    """Whether the vocabulary names ``indicator`` (exactly, or as a qualified member)."""
    name = _clean_indicator(_simplify(indicator))
    exact, specific = _vocabulary()
    return name in exact or any(name.endswith(member) for member, _key in specific)


def _clean_indicator(text: str) -> str:
    text = _QUOTES.sub("", text).strip("的、，,")
    if len(text) > 24 and "的" in text:
        text = text.rsplit("的", 1)[1]
    return text[-60:]


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[dict[str, str], list[tuple[str, str]]]:
    return read_vocabulary(VOCABULARY)


def read_vocabulary(path: Path) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(exact name -> group key, [(name, key)] matched as suffixes, longest name first)."""
    exact: dict[str, str] = {}
    specific: list[tuple[str, str]] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        generic = line.startswith("~")
        key, sep, rest = line.lstrip("~").partition(":")
        key = key.strip()
        if not sep or not key:
            raise TargetVocabularyError(
                f"{path}:{number}: write a group as 'key: name, name', not {raw!r}"
            )
        for name in [key, *(n.strip() for n in rest.split(","))]:
            if not name:
                continue
            name = to_simplified(name)
            if name in exact and exact[name] != key:
                raise TargetVocabularyError(
                    f"{path}:{number}: {name!r} is already in group {exact[name]!r}; "
                    "a name belongs to one group"
                )
            exact[name] = key
            if not generic:
                specific.append((name, key))
    specific.sort(key=lambda pair: -len(pair[0]))
    return exact, specific
