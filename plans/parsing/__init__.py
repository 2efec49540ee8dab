"""Turn a plan document (bytes or text) into metadata and a flat tree of sections.

Pure Python: nothing here imports Django or any models module (see tests/test_architecture.py).
The one public entry is ``parse_plan``; it raises ``PlanParseError`` with a message that tells a
person what to fix.
"""

from __future__ import annotations

from collections.abc import Callable

from plans.parsing._html import MAX_DEPTH
from plans.parsing._issuer_doubts import issuer_doubts
from plans.parsing._parse import parse
from plans.parsing._pdf import PdfLimits, ocr_available, pages_needing_ocr
from plans.parsing._places import find_place
from plans.parsing.model import (
    ERAS,
    GUESSED,
    READ,
    Flag,
    ParsedPlan,
    ParsedSection,
    PlanMetadata,
    PlanParseError,
    SectionKind,
)

__all__ = [
    "ERAS",
    "Flag",
    "GUESSED",
    "ParsedPlan",
    "ParsedSection",
    "PdfLimits",
    "PlanMetadata",
    "PlanParseError",
    "READ",
    "SectionKind",
    "find_place",
    "issuer_doubts",
    "ocr_available",
    "pages_needing_ocr",
    "parse_plan",
]


def parse_plan(
    data: bytes | str,
    *,
    filename: str = "",
    max_bytes: int | None = None,
    pdf: PdfLimits | None = None,
    progress: Callable[[int, int], None] | None = None,
    recognised: dict[int, list[str]] | None = None,
    max_depth: int = MAX_DEPTH,
) -> ParsedPlan:
    """Parse a plan document into metadata and a flat, ordered section tree.

    ``pdf`` bounds the work a PDF may cause; ``progress(done, total)`` follows its OCR;
    ``recognised`` (a ParsedPlan's ``recognised`` from the same file) spares running OCR again;
    ``max_depth`` bounds how deep a web page's (or a markup's) elements may nest.
    """
    return parse(
        data,
        filename=filename,
        max_bytes=max_bytes,
        pdf=pdf,
        progress=progress,
        recognised=recognised,
        max_depth=max_depth,
    )
