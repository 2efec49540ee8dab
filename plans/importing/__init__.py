"""import_plan: parse a document and store it as a Plan with its Section tree, atomically.

Its stages, one module each: reading.py (the document, within the limits settings put on it),
describing.py (the Plan row, its place and era), sections.py (the section tree, kept in place on
a re-import), targets.py (the quantitative targets derived from the stored sections).

``PlanOverrides`` and ``KnownJurisdiction`` (what a person says about a document or a place) are
the catalogue's records, re-exported here beside the function that takes them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from plans.citing import store_citations
from plans.importing.describing import fields_needed, fill_plan, place_level
from plans.importing.errors import PlanImportError
from plans.importing.reading import pdf_limits, read_document, text_fingerprint
from plans.importing.sections import replace_sections, store_sections
from plans.importing.targets import store_targets
from plans.lib.seed_catalogue import KnownJurisdiction, PlanOverrides
from plans.models import Era, Jurisdiction, Plan
from plans.parsing.model import Message, gettext_noop

__all__ = [
    "ImportResult",
    "KnownJurisdiction",
    "PlanImportError",
    "PlanOverrides",
    "fields_needed",
    "import_plan",
    "imported_before",
    "pdf_limits",
    "place_level",
    "read_document",
    "store_targets",
    "text_fingerprint",
]


@dataclass
class ImportResult:
    plan: Plan
    status: str  # "created", "replaced" or "unchanged"
    # As Plan.warnings stores them: a Message's JSON form, or a string stored before them.
    warnings: list[str | dict] = field(default_factory=list)


# Where each given value is stored, and what to call it: PostgreSQL refuses a longer value with
# a database error, SQLite stores it past the limit; either way the person is told instead.
_STORED = {
    "slug": (Plan, "slug", gettext_noop("短名")),
    "title": (Plan, "title", gettext_noop("标题")),
    "doc_number": (Plan, "doc_number", gettext_noop("文号")),
    "jurisdiction": (Jurisdiction, "name", gettext_noop("行政区")),
    "parent": (Jurisdiction, "name", gettext_noop("上级行政区")),
    "era": (Era, "name", gettext_noop("规划期")),
}


def _refuse_too_long(overrides: PlanOverrides, source: str) -> None:
    for name, (model, column, label) in _STORED.items():
        limit = model._meta.get_field(column).max_length
        if len(value := getattr(overrides, name)) > limit:
            raise PlanImportError(
                Message(
                    gettext_noop(
                        "%(name)s：给出的%(field)s有 %(n)s 个字符，最多能存 %(limit)s 个，这次没有"
                        "导入：请缩短后再导入。"
                    ),
                    name=source,
                    field=Message(label),
                    n=len(value),
                    limit=limit,
                )
            )


def import_plan(
    *,
    data: bytes,
    source: str,
    overrides: PlanOverrides | None = None,
    known_jurisdictions: dict[str, KnownJurisdiction] | None = None,
    replace: bool = False,
    progress: Callable[[int, int], None] | None = None,
    recognised: dict | None = None,
    before_storing: Callable[[], None] | None = None,
) -> ImportResult:
    """Parse ``data`` and store it as a plan named after ``source`` (a file name or URL).

    ``recognised``: what OCR read of ``data`` before (a preview's), so it is not run again.
    ``before_storing``: called first in the transaction that stores the plan, once the document
    is read (minutes for a scan); what it raises stores nothing. A background job checks there,
    under a lock, that it is still the attempt meant to import (plans.pending).

    Re-importing the same text from the same source changes nothing; a changed text needs
    ``replace=True``; the same text from another source is refused as a duplicate.
    """
    overrides = overrides or PlanOverrides()
    _refuse_too_long(overrides, source)  # every door: form, command, catalogue file, queued scan
    known = known_jurisdictions or {}
    parsed = read_document(data=data, source=source, progress=progress, recognised=recognised)
    content_hash, fingerprint = _text_keys(parsed.text)

    with transaction.atomic():
        if before_storing is not None:
            before_storing()
        existing = Plan.objects.filter(source=source).first()
        if existing is None and overrides.slug:
            existing = Plan.objects.filter(slug=overrides.slug).first()
        twin = _twins(content_hash, fingerprint).exclude(pk=getattr(existing, "pk", None)).first()
        if twin is not None:
            same = gettext_noop(
                "%(name)s：同样的文字已作为规划“%(slug)s”导入过（来自 %(source)s），这次没有"
                "导入：请使用那份规划，或先删除它。"
            )
            alike = gettext_noop(
                "%(name)s：同样的文字已以另一种格式或排版作为规划“%(slug)s”导入过（来自 "
                "%(source)s），这次没有导入：请使用那份规划，或先删除它。"
            )
            raise PlanImportError(
                Message(
                    same if twin.content_hash == content_hash else alike,
                    name=source,
                    slug=twin.slug,
                    source=twin.source,
                )
            )
        if existing is not None and existing.content_hash == content_hash and not replace:
            return ImportResult(plan=existing, status="unchanged", warnings=list(existing.warnings))
        if existing is not None and not replace:
            from_source = gettext_noop(
                "%(name)s：规划“%(slug)s”曾从这个来源导入，文字与这次不同，没有改动："
                "如要替换，请选“替换已导入的旧文本”（命令行加 --replace）再导入。"
            )
            by_slug = gettext_noop(
                "%(name)s：短名“%(slug)s”已是规划《%(title)s》的短名，没有改动：如要用这份文字"
                "替换它，请选“替换已导入的旧文本”（命令行加 --replace）再导入；否则请换一个短名。"
            )
            raise PlanImportError(
                Message(
                    from_source if existing.source == source else by_slug,
                    name=source,
                    slug=existing.slug,
                    title=existing.title,
                ),
                option="replace",
            )
        plan = existing or Plan()
        fill_plan(plan, parsed, overrides=overrides, known=known, source=source)
        plan.content_hash = content_hash
        plan.fingerprint = fingerprint
        plan.save()
        if existing is None:
            store_sections(plan, parsed.sections)
        else:
            replace_sections(plan, parsed.sections, source=source)
        store_citations(plan, [(s.title[:500], s.body) for s in parsed.sections])
        store_targets(plan)
    return ImportResult(
        plan=plan, status="replaced" if existing else "created", warnings=list(plan.warnings)
    )


def imported_before(text: str, *, source: str, slug: str = "") -> Message | None:
    """What importing ``text`` from ``source`` would meet, for the preview to say before a person
    corrects its fields: a plan with the same text, one from the same source with another, or
    the plan whose slug is the ``slug`` typed (import_plan imports into it, as from its source)."""
    if twin := _twins(*_text_keys(text)).only("slug", "source").first():
        return Message(
            gettext_noop(
                "这份文件的文字已作为规划“%(slug)s”导入过（来自 %(source)s）：再次导入不会有"
                "改动，请使用那份规划。"
            ),
            slug=twin.slug,
            source=twin.source,
        )
    if earlier := Plan.objects.filter(source=source).only("slug").first():
        return Message(
            gettext_noop(
                "曾从同名文件导入规划“%(slug)s”，文字与这次不同：如要替换，请勾选“替换已导入的"
                "旧文本”再导入。"
            ),
            slug=earlier.slug,
        )
    if slug and (named := Plan.objects.filter(slug=slug).only("slug", "title").first()):
        return Message(
            gettext_noop(
                "短名“%(slug)s”已是规划《%(title)s》的短名：这样导入会被拒绝；勾选“替换已导入的"
                "旧文本”会用这份文件的文字替换那份规划。如要另存为新规划，请改用另一个短名。"
            ),
            slug=named.slug,
            title=named.title,
        )
    return None


def _text_keys(text: str) -> tuple[str, str]:
    """The text's hash and its fingerprint (the same words in another format or layout)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest(), text_fingerprint(text)


def _twins(content_hash: str, fingerprint: str):
    """Plans whose text is this one, byte for byte or in another format or layout: one rule for
    the import that refuses them and the preview that warns of them."""
    return Plan.objects.filter(Q(content_hash=content_hash) | Q(fingerprint=fingerprint))
