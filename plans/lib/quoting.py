"""Plan text set in quotation marks the Chinese way: double outside, single inside."""

from __future__ import annotations

_INNER = str.maketrans({"“": "‘", "”": "’"})


def quote(text: str) -> str:
    """``text`` in “ ”, its own double quotes turned single, so that quotes never nest alike:
    ``quote('建成“大系统”')`` is ``“建成‘大系统’”``."""
    return f"“{text.translate(_INNER)}”"


def excerpt(text: str, terms: tuple[str, ...] | list[str] = (), width: int = 120) -> str:
    """At most ``width`` characters of ``text``, with … where text was left out: cut at the end
    as a plain shortening would, unless that would lose the first of ``terms`` the text holds;
    then moved on just far enough to show it (a long sentence cut from its start would lose
    the words it was quoted for)."""
    if len(text) <= width:
        return text
    found = [text.find(t) + len(t) for t in terms if t and t in text]
    need = min(found) + _AFTER if found else 0  # where the shown text must reach
    if need <= width - 1:
        return text[: width - 1] + "…"
    if need >= len(text) - 1:  # the end reached: one … before
        return "…" + text[len(text) - width + 1 :]
    return "…" + text[need - width + 2 : need] + "…"


_AFTER = 10  # characters shown after the term
