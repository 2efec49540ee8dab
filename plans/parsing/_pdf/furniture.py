"""The page furniture left out: running headers, footers and page numbers, told by position and
repetition."""

from __future__ import annotations

import re
from collections import Counter

_EDGE = 3  # lines at the top and at the bottom of a page where furniture sits
_PAGE_NUMBER = re.compile(
    r"^[-—－–~\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*[,，]?\s*共\s*\d{1,4}\s*页)?"
    r"[-—－–~\s]*$"
)


def without_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Each page's lines without its running header and footer: a page-number line at either
    end, and a line at either end that comes back (digits aside) on at least half the pages."""

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))

    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({key(line) for line in lines[:_EDGE] + lines[-_EDGE:]})
    repeated = max(2, (len(pages) + 1) // 2) if len(pages) >= 3 else len(pages) + 1
    out = []
    for lines in pages:
        n = len(lines)

        def furniture(j: int, line: str, n: int = n) -> bool:
            at_edge = j < _EDGE or j >= n - _EDGE
            return at_edge and (bool(_PAGE_NUMBER.match(line)) or seen[key(line)] >= repeated)

        out.append([line for j, line in enumerate(lines) if not furniture(j, line)])
    return out
