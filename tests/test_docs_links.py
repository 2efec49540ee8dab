"""The README and the manual in docs/ hold together: every relative link resolves (a file, and a
heading when the link names one), and every docs file says what it is for and links back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [ROOT / "README.md", *DOCS, *sorted((ROOT / "tests" / "data").glob("**/README.md"))]

_LINK = re.compile(r"\]\(([^)\s]+)\)")
_HEADING = re.compile(r"#{1,6}\s+(.+)")


def _prose(text: str) -> list[str]:
    """The lines outside fenced code blocks (a link or a heading there is only an example)."""
    lines, fenced = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def _slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to hyphens.

    >>> _slug("Coverage (上下衔接) and plans across eras")
    'coverage-上下衔接-and-plans-across-eras'
    """
    text = heading.strip().lower().replace("`", "")
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    seen: dict[str, int] = {}
    anchors = set()
    for line in _prose(page.read_text(encoding="utf-8")):
        if match := _HEADING.match(line):
            slug = _slug(match.group(1))
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def _dead_links(page: Path) -> list[str]:
    dead = []
    for line in _prose(page.read_text(encoding="utf-8")):
        for target in _LINK.findall(line):
            if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
                continue
            path, _, fragment = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            if not linked.exists():
                dead.append(f"{target} (no such file)")
            elif fragment and linked.suffix == ".md" and fragment not in _anchors(linked):
                dead.append(f"{target} (no such heading in {linked.name})")
    return dead


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(page):
    dead = _dead_links(page)
    assert not dead, f"{page.relative_to(ROOT)} links to what is not there: {dead}"


@pytest.mark.parametrize("page", DOCS, ids=lambda p: p.name)
def test_every_docs_file_says_what_it_is_for_and_links_back(page):
    top = "\n".join(page.read_text(encoding="utf-8").splitlines()[:12])
    assert "](../README.md)" in top, f"docs/{page.name} should link back to the README at its top"
    first_paragraph = top.split("\n\n")[1]
    assert len(first_paragraph.split()) >= 8, f"docs/{page.name} should open with what it is for"


def test_the_readme_names_every_docs_file():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in DOCS if f"](docs/{p.name})" not in readme]
    assert not missing, f"README.md's Where to read more should link {missing}"


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("The compare page", "the-compare-page"),
        (
            "What the reference allows (issue 29's single-cell rows)",
            "what-the-reference-allows-issue-29s-single-cell-rows",
        ),
        ("Fifth round (branch `align5`): four variants", "fifth-round-branch-align5-four-variants"),
        ("Coverage (上下衔接) and plans across eras", "coverage-上下衔接-and-plans-across-eras"),
    ],
)
def test_anchors_are_made_as_github_makes_them(heading, anchor):
    assert _slug(heading) == anchor


def test_a_missing_file_and_a_missing_heading_are_both_dead(tmp_path):
    (tmp_path / "other.md").write_text("# Here\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "[a](other.md#here) [b](other.md#gone) [c](nowhere.md) [d](https://example.org)\n"
        "```\n[e](inside-code.md)\n```\n",
        encoding="utf-8",
    )
    assert _dead_links(page) == [
        "other.md#gone (no such heading in other.md)",
        "nowhere.md (no such file)",
    ]
