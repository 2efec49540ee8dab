"""What reading a PDF gives, and the bounds on the work it may cause."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


class PdfError(ValueError):
    """A PDF that can't be read as a plan; its one argument, a Message, says what to do."""


@dataclass(frozen=True)
class PdfLimits:
    """Bounds on the work one PDF may cause (the importer fills them from settings)."""

    max_pages: int = 500  # pages in the file, read or not
    ocr: bool = True  # whether scanned or unreadable pages are read by OCR
    ocr_max_pages: int = 30
    ocr_seconds: float = 600.0  # for all OCR of one file


@dataclass
class PdfText:
    text: str  # the pages' lines, furniture left out, one line per printed line
    pages: int
    ocr_pages: list[int] = field(default_factory=list)  # 1-based numbers of pages read by OCR
    ocr_spans: list[tuple[int, int]] = field(default_factory=list)  # their offsets in ``text``
    notes: list[str] = field(default_factory=list)
    created: date | None = None  # the file's CreationDate: when it was made, not issued
    # The lines OCR read on each page it read (1-based), to be given back to read the same file
    # again without OCR (an import confirmed after its preview).
    recognised: dict[int, list[str]] = field(default_factory=dict)
    # Where in ``text`` each line that reaches its page's right margin ends (the text layer's
    # positions; none for pages OCR read): a line set out to the full measure.
    reaching: frozenset[int] = frozenset()
