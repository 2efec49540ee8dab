"""The second stage of an import: the Plan row described from the parsed metadata and what a
person said, its place and era found or created (jurisdictions above it included)."""

from __future__ import annotations

import re

from django.utils.text import slugify
from pypinyin import lazy_pinyin

from plans.importing.errors import PlanImportError
from plans.lib.seed_catalogue import KnownJurisdiction, PlanOverrides
from plans.models import Era, Jurisdiction, Plan
from plans.parsing import ERAS, READ, ParsedPlan, PlanMetadata, issuer_doubts
from plans.parsing.model import Message, as_stored, gettext_noop

NATIONAL = "全国"
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


def fill_plan(
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
    plan.issuer, plan.issuers = meta.issuer, list(meta.issuers)
    if names := _names(overrides.issuer):
        _check_issuers(names, source)
        plan.issuer, plan.issuers = names[0], names
    # Said, not corrected: the document may be right and its 文号 wrong.
    warnings.extend(issuer_doubts(plan.issuer, plan.doc_number))
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


def fields_needed(overrides: PlanOverrides, *, read: dict[str, str]) -> list[str]:
    """The fields an import cannot do without that neither ``overrides`` nor the text (``read``,
    as the preview form's values) give: "jurisdiction" when no place is named, "level" when the
    place named is not stored yet and its name does not tell its level. ``fill_plan`` refuses
    the import for each; a preview names them first."""
    name = overrides.jurisdiction or read.get("jurisdiction", "")
    if not name:
        return ["jurisdiction"]
    level = overrides.level or (read.get("level", "") if name == read.get("jurisdiction") else "")
    if (level or _level_for(name)) in Jurisdiction.Level.values:
        return []
    return [] if Jurisdiction.objects.filter(name=name).exists() else ["level"]


def place_level(name: str) -> str:
    """The level a place has in the catalogue, or else the one its name gives (福州市:
    prefecture); "" when neither tells."""
    place = Jurisdiction.objects.filter(name=name).only("level").first()
    return place.level if place else _level_for(name)


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
        "issuer": overrides.issuer,
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


def _check_issuers(names: list[str], source: str) -> None:
    """Issuers as a person gave them (the preview's form, `import_plan --issuer`, a catalogue's
    `issuer`) fit where they are stored: PostgreSQL refuses a longer one with a database error."""
    longest = Plan._meta.get_field("issuer").max_length
    if too_long := next((name for name in names if len(name) > longest), None):
        raise PlanImportError(
            Message(
                gettext_noop(
                    "%(name)s：发文机关“%(issuer)s…”超过 %(n)s 个字：请只写机关名称，"
                    "多个机关用顿号（、）分隔。"
                ),
                name=source,
                issuer=too_long[:20],
                n=longest,
            )
        )


def _names(text: str) -> list[str]:
    """Issuers as typed: 、 or commas between them, the lead first."""
    return [name.strip() for name in re.split(r"[、,，;；]", text) if name.strip()]


def _year(plan: Plan, *, era_read: bool) -> str:
    if plan.issued:
        return str(plan.issued.year)
    # A guessed era's first year would name a year the document may not belong to.
    return str(plan.era.start_year) if plan.era and era_read else "undated"


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
