"""Plan text set in quotation marks the Chinese way: double outside, single inside."""

from __future__ import annotations

_INNER = str.maketrans({"“": "‘", "”": "’"})


def quote(text: str) -> str:
    """``text`` in “ ”, its own double quotes turned single, so that quotes never nest alike:
    ``quote('建成“大系统”')`` is ``“建成‘大系统’”``."""
    return f"“{text.translate(_INNER)}”"
