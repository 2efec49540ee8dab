"""The first stage of an import: the document read within the limits settings put on it, and
the hashes that tell the same text imported twice."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings

from plans.importing.errors import PlanImportError
from plans.parsing import ParsedPlan, PdfLimits, parse_plan
from plans.parsing.model import Message, gettext_noop
from plans.parsing.text import fold


def read_document(
    *,
    data: bytes,
    source: str,
    progress: Callable[[int, int], None] | None = None,
    recognised: dict | None = None,
) -> ParsedPlan:
    """``data`` parsed within the import limits (bytes, PDF work, nesting), refused when it holds
    more sections than a plan may: every door that reads a document to import or preview."""
    parsed = parse_plan(
        data,
        filename=source,
        max_bytes=settings.IMPORT_MAX_BYTES,
        pdf=pdf_limits(),
        progress=progress,
        recognised=recognised,
        max_depth=settings.IMPORT_MAX_DEPTH,
    )
    if len(parsed.sections) > settings.IMPORT_MAX_SECTIONS:
        raise PlanImportError(
            Message(
                gettext_noop(
                    "%(name)s：它有 %(count)s 个章节，超过每份规划 %(limit)s 个的上限（再多页面和"
                    "对照都会变慢）：请把它拆成几部分；如确是一份规划，可调高 "
                    "DUIZHAO_IMPORT_MAX_SECTIONS。"
                ),
                name=source,
                count=f"{len(parsed.sections):,}",
                limit=f"{settings.IMPORT_MAX_SECTIONS:,}",
            )
        )
    return parsed


def pdf_limits() -> PdfLimits:
    """The work one PDF may cause, from settings (DUIZHAO_PDF_MAX_PAGES, DUIZHAO_OCR_*)."""
    return PdfLimits(
        max_pages=settings.PDF_MAX_PAGES,
        ocr=settings.OCR_ENABLED,
        ocr_max_pages=settings.OCR_MAX_PAGES,
        ocr_seconds=settings.OCR_MAX_SECONDS,
    )


def text_fingerprint(text: str) -> str:
    """A hash of a text's words alone: simplified, NFKC, no spaces, punctuation or markup."""
    return hashlib.sha256(fold(text).encode("utf-8")).hexdigest()
