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
    end, a line at either end that comes back (digits aside) on at least half the pages, and the
    tab title a browser printed at the top of the first page."""
    return [[lines[j] for j in kept] for lines, kept in zip(pages, kept_lines(pages), strict=True)]


def kept_lines(pages: list[list[str]]) -> list[list[int]]:
    """The indices of each page's lines :func:`without_furniture` keeps."""

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

        out.append([j for j, line in enumerate(lines) if not furniture(j, line)])
    if out:
        first = out[0]
        out[0] = first[_tab_title_lines([pages[0][j] for j in first]) :]
    return out


# A browser's print of a web page opens with the page's tab title: the article's title, then the
# site's column and name after separators (…的意见》_中央有关文件_中国政府网 (www.gov.cn)).
_SITE_SEPARATOR = re.compile(r"\s*(?:_|\s[-|—–]\s|｜|\|)\s*")
_TITLE_LINES = 3  # a tab title wraps over at most this many lines
_SITE_TAIL = 40  # the column and site name after the title, in characters


def _tab_title_lines(lines: list[str]) -> int:
    """How many lines at the top of the first page are the tab title a browser printed above it:
    lines that give the title the page's heading repeats right below them, followed by the site's
    name."""
    for n in range(1, min(_TITLE_LINES, len(lines) - 1) + 1):
        first, *site = _SITE_SEPARATOR.split("".join(lines[:n]).strip())
        title = re.sub(r"\s+", "", first)
        below = re.sub(r"\s+", "", "".join(lines[n : n + 2 * _TITLE_LINES]))
        if (
            site
            and len("".join(site)) <= _SITE_TAIL
            and len(title) >= 6
            and below.startswith(title)
        ):
            return n
    return 0
