"""import_plan: parse a document and store it as a Plan with its Section tree, atomically.

``PlanOverrides`` and ``KnownJurisdiction`` (what a person says about a document or a place) are
the catalogue's records, re-exported here beside the function that takes them.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils.text import slugify
from pypinyin import lazy_pinyin

from plans.citing import store_citations
from plans.lib.duties import SectionText, read_duties, read_plan_projects
from plans.lib.seed_catalogue import KnownJurisdiction, PlanOverrides
from plans.lib.tokenizing import simplified_and_tokens
from plans.models import Era, Jurisdiction, Plan, Section
from plans.parsing import (
    ERAS,
    READ,
    ParsedPlan,
    ParsedSection,
    PdfLimits,
    PlanMetadata,
    parse_plan,
)
from plans.parsing.model import Message, as_stored, gettext_noop
from plans.parsing.text import fold

NATIONAL = "全国"
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


class PlanImportError(ValueError):
    """A document that cannot be imported as asked; the message (a Message) says what to fix.

    ``option`` names the import option that would fix it (replace, jurisdiction, level...), so a
    form can put the message beside that field.
    """

    def __init__(self, message: str, *, option: str = "") -> None:
        super().__init__(message)
        self.option = option


@dataclass
class ImportResult:
    plan: Plan
    status: str  # "created", "replaced" or "unchanged"
    # As Plan.warnings stores them: a Message's JSON form, or a string stored before them.
    warnings: list[str | dict] = field(default_factory=list)


def import_plan(
    *,
    data: bytes,
    source: str,
    overrides: PlanOverrides | None = None,
    known_jurisdictions: dict[str, KnownJurisdiction] | None = None,
    replace: bool = False,
    progress: Callable[[int, int], None] | None = None,
    recognised: dict | None = None,
) -> ImportResult:
    """Parse ``data`` and store it as a plan named after ``source`` (a file name or URL).

    ``recognised``: what OCR read of ``data`` before (a preview's), so it is not run again.

    Re-importing the same text from the same source changes nothing; a changed text needs
    ``replace=True``; the same text from another source is refused as a duplicate.
    """
    overrides = overrides or PlanOverrides()
    known = known_jurisdictions or {}
    parsed = parse_plan(
        data,
        filename=source,
        max_bytes=settings.IMPORT_MAX_BYTES,
        pdf=pdf_limits(),
        progress=progress,
        recognised=recognised,
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
    content_hash = hashlib.sha256(parsed.text.encode("utf-8")).hexdigest()
    fingerprint = text_fingerprint(parsed.text)

    with transaction.atomic():
        existing = Plan.objects.filter(source=source).first()
        if existing is None and overrides.slug:
            existing = Plan.objects.filter(slug=overrides.slug).first()
        twin = (
            Plan.objects.filter(Q(content_hash=content_hash) | Q(fingerprint=fingerprint))
            .exclude(pk=getattr(existing, "pk", None))
            .first()
        )
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
            raise PlanImportError(
                Message(
                    gettext_noop(
                        "%(name)s：规划“%(slug)s”曾从这个来源导入，文字与这次不同，没有改动："
                        "如要替换，请选“替换已导入的旧文本”（命令行加 --replace）再导入。"
                    ),
                    name=source,
                    slug=existing.slug,
                ),
                option="replace",
            )
        plan = existing or Plan()
        _fill_plan(plan, parsed, overrides=overrides, known=known, source=source)
        plan.content_hash = content_hash
        plan.fingerprint = fingerprint
        plan.save()
        if existing is None:
            _store_sections(plan, parsed.sections)
        else:
            _replace_sections(plan, parsed.sections, source=source)
        store_citations(plan, [(s.title[:500], s.body) for s in parsed.sections])
        store_targets(plan)
    return ImportResult(
        plan=plan, status="replaced" if existing else "created", warnings=list(plan.warnings)
    )


def imported_before(text: str, *, source: str) -> Message | None:
    """What importing ``text`` from ``source`` would meet, for the preview to say before a person
    corrects its fields: a plan with the same text, or one from the same source with another."""
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    twins = Plan.objects.filter(
        Q(content_hash=content_hash) | Q(fingerprint=text_fingerprint(text))
    )
    if twin := twins.only("slug", "source").first():
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
    return None


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


def _fill_plan(
    plan: Plan,
    parsed: ParsedPlan,
    *,
    overrides: PlanOverrides,
    known: dict[str, KnownJurisdiction],
    source: str,
) -> None:
    meta = parsed.metadata
    warnings = list(parsed.warnings)
    name = overrides.jurisdiction or meta.jurisdiction
    if not name:
        raise PlanImportError(
            Message(
                gettext_noop(
                    "%(name)s：无法判断发文的行政区（标题中没有地名）：请填写行政区（命令行用 "
                    "--jurisdiction，如 云南省）。"
                ),
                name=source,
            ),
            option="jurisdiction",
        )
    level = overrides.level or (meta.level if name == meta.jurisdiction else "")
    parent = overrides.parent
    if not parent and name == meta.jurisdiction:
        parent = _places_above(meta.above, known)
    plan.jurisdiction = _jurisdiction(name, level=level, parent=parent, known=known)
    plan.era = _era(overrides.era or meta.era, meta.start_year, meta.end_year)
    if plan.era is None:
        warnings.append(
            # The admin's curator has no command line: name the field too.
            Message(
                gettext_noop("未能判断规划期（十三五/十四五…）：请填写规划期（命令行用 --era）。")
            )
        )
    plan.title = overrides.title or meta.title or source.rsplit("/", 1)[-1]
    plan.kind = overrides.kind or meta.kind or Plan.Kind.PLAN
    if plan.kind not in Plan.Kind.values:
        raise PlanImportError(
            Message(
                gettext_noop("%(name)s：未知的类型“%(kind)s”：请使用 %(kinds)s 之一。"),
                name=source,
                kind=plan.kind,
                kinds=", ".join(Plan.Kind.values),
            )
        )
    plan.doc_number = overrides.doc_number or meta.doc_number
    plan.issuer = meta.issuer
    plan.issuers = list(meta.issuers)
    plan.issued = overrides.issued or meta.issued
    plan.source = source
    plan.source_url = meta.source_url
    plan.script = parsed.script
    plan.encoding = parsed.encoding
    plan.raw_text = parsed.text
    plan.warnings = [as_stored(warning) for warning in warnings]
    plan.metadata_sources = metadata_sources(plan, meta, overrides=overrides)
    plan.interprets = None
    if overrides.interprets:
        plan.interprets = Plan.objects.filter(slug=overrides.interprets).first()
        if plan.interprets is None:
            raise PlanImportError(
                Message(
                    gettext_noop("%(name)s：它解读的规划“%(slug)s”尚未导入：请先导入那份规划。"),
                    name=source,
                    slug=overrides.interprets,
                )
            )
    if not plan.slug:
        era_read = bool(overrides.era) or meta.provenance.get("era") == READ
        plan.slug = overrides.slug or _unique_slug(
            f"{plan.jurisdiction.slug}-{_year(plan, era_read=era_read)}-{plan.kind}", Plan
        )


def metadata_sources(plan: Plan, meta: PlanMetadata, *, overrides: PlanOverrides) -> dict:
    """How each field of ``plan`` was found: given (by the person), read or guessed (from the
    text, as the parser recorded); fields without a value are left out."""
    given = {
        "title": overrides.title,
        "jurisdiction": overrides.jurisdiction,
        "level": overrides.level or overrides.jurisdiction,
        "era": overrides.era,
        "kind": overrides.kind,
        "doc_number": overrides.doc_number,
        "issued": overrides.issued,
    }
    values = {
        "title": meta.title,
        "jurisdiction": plan.jurisdiction_id,
        "level": plan.jurisdiction_id,
        "era": plan.era_id,
        "kind": plan.kind,
        "doc_number": plan.doc_number,
        "issuer": plan.issuer,
        "issued": plan.issued,
    }
    sources = {}
    for name, value in values.items():
        if given.get(name):
            sources[name] = "given"
        elif value:
            sources[name] = meta.provenance.get(name, "guessed")
    if not meta.title and not overrides.title:
        sources["title"] = "guessed"  # the file's name stands in
    return sources


def _year(plan: Plan, *, era_read: bool) -> str:
    if plan.issued:
        return str(plan.issued.year)
    # A guessed era's first year would name a year the document may not belong to.
    return str(plan.era.start_year) if plan.era and era_read else "undated"


def _store_sections(plan: Plan, parsed_sections: list[ParsedSection]) -> None:
    _write_sections(plan, parsed_sections, {})


def _replace_sections(plan: Plan, parsed_sections: list[ParsedSection], *, source: str) -> None:
    """Update the plan's sections in place, so links people made to them survive a re-import.

    A new section takes over the row of the old one with the same key (kind, label, folded
    title, parent's key, and which of several alike siblings it is). Old rows left over are
    deleted, unless a person confirmed, rejected or drew a link to one of them: then nothing
    is replaced and the error names those sections.
    """
    old_rows = list(Section.objects.for_plan(plan))
    position = {row.pk: n for n, row in enumerate(old_rows)}
    old_keys = _keys([(r.kind, r.label, r.title, position.get(r.parent_id)) for r in old_rows])
    by_key = dict(zip(old_keys, old_rows, strict=True))
    new_keys = _keys([(s.kind, s.label[:40], s.title[:500], s.parent) for s in parsed_sections])
    matched: dict[int, Section] = {}
    for index, key in enumerate(new_keys):
        if (row := by_key.pop(key, None)) is not None:
            matched[index] = row
    leftover = sorted(by_key.values(), key=lambda row: row.order)
    decided = _with_human_links(leftover)
    if decided:
        names = "; ".join(f"{row.heading or row.body[:20]!r} (#{row.pk})" for row in decided[:10])
        if len(decided) > 10:
            names = Message(
                gettext_noop("%(names)s，另有 %(n)s 个"), names=names, n=len(decided) - 10
            )
        raise PlanImportError(
            Message(
                gettext_noop(
                    "%(name)s：新文本不再有 %(count)s 个带有已确认、已否定或人工对应的章节："
                    "%(sections)s。没有替换任何内容：请先处理这些对应（在管理后台重新打开或"
                    "删除），再重新导入。"
                ),
                name=source,
                count=len(decided),
                sections=names,
            )
        )
    Section.objects.filter(pk__in=[row.pk for row in leftover]).delete()
    # (plan, order) is unique: move the kept rows out of the way before renumbering them.
    offset = len(old_rows) + len(parsed_sections) + 1
    Section.objects.filter(plan=plan).update(order=F("order") + offset)
    _write_sections(plan, parsed_sections, matched)


def _keys(sections: list[tuple[str, str, str, int | None]]) -> list[tuple]:
    """A key per (kind, label, title, parent index) that stays put when other text changes."""
    keys: list[tuple] = []
    seen: Counter[tuple] = Counter()
    for kind, label, title, parent in sections:
        label = unicodedata.normalize("NFKC", "".join(label.split()))
        base = (kind, label, fold(title), keys[parent] if parent is not None else ())
        keys.append((*base, seen[base]))
        seen[base] += 1
    return keys


def _with_human_links(rows: list[Section]) -> list[Section]:
    """Rows with a link a person confirmed, rejected or drew.

    The link model is reached through the reverse relations that compare adds to Section,
    so plans never imports compare.
    """
    if not rows or not hasattr(Section, "links_as_left"):
        return []
    links = Section.links_as_left.field.model.objects.exclude(status="auto")
    ids = [row.pk for row in rows]
    decided = set(links.filter(left__in=ids).values_list("left_id", flat=True))
    decided |= set(links.filter(right__in=ids).values_list("right_id", flat=True))
    return [row for row in rows if row.pk in decided]


def _write_sections(
    plan: Plan, parsed_sections: list[ParsedSection], matched: dict[int, Section]
) -> None:
    """Create the parsed sections, or update the matched existing rows, level by level."""
    rows: list[Section] = []
    texts = [
        SectionText(n, s.parent, s.kind, s.title, s.body) for n, s in enumerate(parsed_sections)
    ]
    projects = read_plan_projects(texts)
    for order, ps in enumerate(parsed_sections):
        row = matched.get(order) or Section(plan=plan)
        _fill_section(row, ps, order=order)
        row.projects = [p.as_dict() for p in projects.get(order, [])]
        rows.append(row)
    # Parents come before children, so storing level by level gives every parent a key first.
    fields = [f.name for f in Section._meta.concrete_fields if f.name not in ("id", "plan")]
    for depth in sorted({r.depth for r in rows}):
        batch = [r for r in rows if r.depth == depth]
        for row in batch:
            parent_index = parsed_sections[row.order].parent
            row.parent = rows[parent_index] if parent_index is not None else None
        Section.objects.bulk_update([r for r in batch if r.pk], fields)
        Section.objects.bulk_create([r for r in batch if not r.pk])


def _fill_section(row: Section, ps: ParsedSection, *, order: int) -> None:
    title, body = ps.title[:500], ps.body
    # Segmenting is the slow part of an import: keep the tokens of unchanged text.
    if row.pk is None or row.title != title:
        row.title_simplified, row.title_tokens = simplified_and_tokens(title, limit=500)
    if row.pk is None or row.body != body:
        row.body_simplified, row.body_tokens = simplified_and_tokens(body)
    row.order = order
    row.depth = ps.depth
    row.kind = ps.kind
    row.label = ps.label[:40]
    row.title = title
    row.body = body
    row.start = ps.start
    row.end = ps.end
    row.implied = ps.implied
    row.flags = list(ps.flags)
    duties = read_duties(ps.title + "\n" + body)
    row.duties = duties.as_dict() if duties else None


def _jurisdiction(
    name: str, *, level: str, parent: str, known: dict[str, KnownJurisdiction]
) -> Jurisdiction:
    entry = known.get(name, KnownJurisdiction())
    level = level or entry.level or _level_for(name)
    parent = parent or entry.parent or ("" if level == "national" or name == NATIONAL else "")
    if not parent and level == Jurisdiction.Level.PROVINCE:
        parent = NATIONAL
    jurisdiction = Jurisdiction.objects.filter(name=name).first()
    if jurisdiction is None:
        if level not in Jurisdiction.Level.values:
            raise PlanImportError(
                Message(
                    gettext_noop(
                        "无法判断“%(place)s”的层级：请选择层级（命令行用 --level，取 %(levels)s "
                        "之一）。"
                    ),
                    place=name,
                    levels=", ".join(Jurisdiction.Level.values),
                ),
                option="level",
            )
        jurisdiction = Jurisdiction(
            name=name, level=level, slug=entry.slug or _unique_slug(_pinyin(name), Jurisdiction)
        )
    elif level and jurisdiction.level != level:
        jurisdiction.level = level
    if parent and parent != name:
        jurisdiction.parent = _jurisdiction(parent, level="", parent="", known=known)
    jurisdiction.save()
    return jurisdiction


def _places_above(chain: list[str], known: dict[str, KnownJurisdiction]) -> str:
    """Store the jurisdictions a title names above the plan's, each under the one before it
    (四川省广元市旺苍县: 四川省 > 广元市), and give the nearest. The catalogue's word wins.
    """
    above = ""
    for name in chain:
        entry = known.get(name, KnownJurisdiction())
        _jurisdiction(name, level="", parent="" if entry.parent else above, known=known)
        above = name
    return above


def _level_for(name: str) -> str:
    if name in {NATIONAL, "国务院", "国家", "中华人民共和国"}:
        return Jurisdiction.Level.NATIONAL
    if name.endswith(("省", "自治区")) or name in _MUNICIPALITIES:
        return Jurisdiction.Level.PROVINCE
    if name.endswith(("市", "州", "盟", "地区")):
        return Jurisdiction.Level.PREFECTURE
    if name.endswith(("县", "区", "旗")):
        return Jurisdiction.Level.COUNTY
    return ""


def _pinyin(name: str) -> str:
    # 云南省 -> yunnan: the level suffix adds nothing to a readable slug.
    for suffix in ("自治区", "自治州", "地区", "省", "市", "县", "区", "州", "盟", "旗"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            name = name[: -len(suffix)]
            break
    return slugify("".join(lazy_pinyin(name))) or "j"


def _unique_slug(base: str, model) -> str:
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _era(name: str, start: int | None, end: int | None) -> Era | None:
    if not name:
        return None
    years = ERAS.get(name) or ((start, end) if start and end else None)
    if years is None:
        raise PlanImportError(
            Message(
                gettext_noop("未知的规划期“%(era)s”：请使用 %(eras)s 之一。"),
                era=name,
                eras="、".join(ERAS),
            )
        )
    era, _ = Era.objects.get_or_create(
        name=name, defaults={"start_year": years[0], "end_year": years[1]}
    )
    return era


# --- Quantitative targets (derived data: recomputed from the stored sections on every import) ---


def store_targets(plan: Plan) -> None:
    """Replace the plan's Target rows with the ones its sections state now."""
    # Imported here so this block stays one piece beside the section import above.
    from plans.lib.targets import SectionText, extract_plan_targets
    from plans.models import Target

    Target.objects.filter(section__plan=plan).delete()
    fields = ("id", "parent_id", "kind", "title", "body")
    sections = [
        SectionText(s.pk, s.parent_id, s.kind, s.title, s.body)
        for s in Section.objects.for_plan(plan).only(*fields)
    ]
    Target.objects.bulk_create(
        Target(order=order, **_target_fields(t))
        for order, t in enumerate(extract_plan_targets(sections))
    )


def _target_fields(t) -> dict:
    """A pure target's fields as the model stores them (its baseline flattened)."""
    fields = vars(t) | {"direction": t.direction}
    b = fields.pop("baseline")
    if b is not None:
        fields |= {
            "baseline_value": b.value,
            "baseline_unit": b.unit,
            "baseline_year": b.year,
            "baseline_scope": b.scope,
            "baseline_text": b.text,
        }
    return fields
