"""A synthetic catalogue for benchmarks and demos: plans recombined from the real ones stored.

Each synthetic plan takes the tree shape of a real plan (its chapters, their order and labels)
and fills every chapter with a real chapter of another plan at about the same place in its
plan (the context first, the safeguards last), sometimes its items drawn from two plans. Texts,
simplified forms and tokens are copied, never invented, so search and alignment meet the
corpus's real words. Plans are spread over 全国 → provinces → prefectures → counties and over
eras. Never part of the default data: ``manage.py make_catalogue N`` writes it on request, and
its plans and places are marked (``source`` ``synthetic:``, slugs ``syn-``) so a new run
replaces them.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field

from django.db import transaction

from plans.citing import citations_in
from plans.models import Era, Jurisdiction, Plan, PlanCitation, PlanTitleKey, Section
from plans.models.places import division_code

SOURCE = "synthetic:"
SLUG = "syn-"

PROVINCES = [
    "北京市",
    "天津市",
    "河北省",
    "山西省",
    "内蒙古自治区",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "上海市",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "广西壮族自治区",
    "海南省",
    "重庆市",
    "四川省",
    "贵州省",
    "云南省",
    "西藏自治区",
    "陕西省",
    "甘肃省",
    "青海省",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
]
# Characters place names are made of; a made-up name is two of them and 市/县/区.
_NAME_CHARS = "安平昌宁丰阳山水江河川泉林石城兴德华清远泰和庆嘉长明新东西南北武文永隆广海云"
ERAS = (("十二五", 2011, 2015), ("十三五", 2016, 2020), ("十四五", 2021, 2025))
_ERA_WEIGHTS = (1, 3, 6)
_KINDS = (
    (Plan.Kind.PLAN, "“{era}”数字政府建设规划"),
    (Plan.Kind.PROGRAMME, "数字政府建设实施方案"),
    (Plan.Kind.OPINION, "关于加快推进数字政府建设的实施意见"),
)


@dataclass
class Node:
    """A section of a real plan with what a copy needs (texts, tokens) and its children."""

    kind: str
    label: str
    title: str
    body: str
    title_simplified: str
    body_simplified: str
    title_tokens: str
    body_tokens: str
    implied: bool
    flags: list
    children: list[Node] = field(default_factory=list)


@dataclass
class Catalogue:
    plans: int
    sections: int
    jurisdictions: int


def real_trees() -> list[list[Node]]:
    """The root sections (with their subtrees) of every real plan, interpretations aside."""
    fields = (
        "id",
        "plan_id",
        "parent_id",
        "kind",
        "label",
        "title",
        "body",
        "title_simplified",
        "body_simplified",
        "title_tokens",
        "body_tokens",
        "implied",
        "flags",
    )
    rows = (
        Section.objects.exclude(plan__source__startswith=SOURCE)
        .exclude(plan__kind=Plan.Kind.INTERPRETATION)
        .order_by("plan_id", "order")
        .values_list(*fields)
    )
    nodes: dict[int, Node] = {}
    roots: dict[int, list[Node]] = {}
    for sid, plan_id, parent_id, *values in rows:
        node = Node(*values)
        nodes[sid] = node
        if parent_id is None:
            roots.setdefault(plan_id, []).append(node)
        else:
            nodes[parent_id].children.append(node)
    return [r for r in roots.values() if len(r) >= 3]


def recombine(trees: list[list[Node]], rng: random.Random) -> list[Node]:
    """One synthetic plan: a real plan's chapters, each filled from a chapter at the same place
    in some real plan (half the time with items of a second one), with the shape's labels."""
    shape = rng.choice(trees)
    plan: list[Node] = []
    for position, root in enumerate(shape):
        place = position / max(1, len(shape) - 1)
        donor = _at(rng.choice(trees), place) if rng.random() < 0.7 else root
        children = donor.children
        if children and rng.random() < 0.5:
            # Items of the same part of another plan join in: plans borrow from each other.
            other = _at(rng.choice(trees), place).children
            children = children + other[rng.randint(0, len(other)) :]
        copy = Node(**{**donor.__dict__, "label": root.label, "children": children})
        plan.append(copy)
    return plan


def _at(tree: list[Node], place: float) -> Node:
    return tree[round(place * (len(tree) - 1))]


@transaction.atomic
def make_catalogue(count: int, *, seed: int = 0) -> Catalogue:
    """Replace the synthetic catalogue by ``count`` plans made from the real ones stored."""
    if count < 1:
        raise ValueError("the number of plans must be at least 1.")
    trees = real_trees()
    if not trees:
        raise ValueError("no real plans to build from: run `manage.py load_seeds` first.")
    clear()
    rng = random.Random(seed)
    places = _places(count, rng)
    eras = [
        Era.objects.get_or_create(name=name, defaults={"start_year": a, "end_year": b})[0]
        for name, a, b in ERAS
    ]
    plans, shapes = [], []
    for n in range(count):
        place = places[n % len(places)]
        era = rng.choices(eras, weights=_ERA_WEIGHTS)[0]
        kind, pattern = rng.choice(_KINDS)
        flat = _flatten(recombine(trees, rng))
        text, offsets = _text(flat)
        plans.append(
            Plan(
                jurisdiction=place,
                era=era,
                title=place.name + pattern.format(era=era.name),
                slug=f"{SLUG}{seed}-{n + 1:05d}",
                issuer=f"{place.name}人民政府",
                issued=f"{era.start_year + rng.randint(0, 2)}-{rng.randint(1, 12):02d}-15",
                source=f"{SOURCE}{seed}/{n + 1}",
                kind=kind,
                raw_text=text,
                text_chars=len(text),
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
                fingerprint=hashlib.sha256(f"{seed}/{n}/{text}".encode()).hexdigest(),
            )
        )
        shapes.append((flat, offsets))
    Plan.objects.bulk_create(plans, batch_size=500)
    # bulk_create skips Plan.save, which keeps the title keys; the citations an import reads.
    PlanTitleKey.objects.bulk_create(PlanTitleKey.rows_for(plans), batch_size=2000)
    PlanCitation.objects.bulk_create(
        (
            row
            for plan, (flat, _offsets) in zip(plans, shapes, strict=True)
            for row in citations_in(plan, [(node.title, node.body) for node, _d, _p in flat])
        ),
        batch_size=2000,
    )
    sections = 0
    for at in range(0, len(plans), 50):
        sections += _store(plans[at : at + 50], shapes[at : at + 50])
    return Catalogue(plans=len(plans), sections=sections, jurisdictions=len(places))


def clear() -> int:
    """Delete the synthetic plans and the places made for them; returns how many plans."""
    deleted = Plan.objects.filter(source__startswith=SOURCE)
    count = deleted.count()
    deleted.delete()
    for level in ("county", "prefecture", "province"):
        Jurisdiction.objects.filter(slug__startswith=SLUG, level=level, plans=None).delete()
    return count


def _places(count: int, rng: random.Random) -> list[Jurisdiction]:
    """Where the plans come from: every level, most of them counties, as in life."""
    top, _ = Jurisdiction.objects.get_or_create(
        name="全国", defaults={"level": Jurisdiction.Level.NATIONAL, "slug": "quanguo"}
    )
    existing = {j.name: j for j in Jurisdiction.objects.all()}
    provinces = []
    for i, name in enumerate(PROVINCES[: max(1, min(len(PROVINCES), count // 30))]):
        if name not in existing:
            existing[name] = Jurisdiction.objects.create(
                name=name, slug=f"{SLUG}province-{i}", level=Jurisdiction.Level.PROVINCE, parent=top
            )
        provinces.append(existing[name])
    # About one plan in eight from a prefecture, the rest from counties (a few from the top).
    prefectures = _made(provinces, max(1, count // 8), "市", "prefecture", existing, rng)
    counties = _made(prefectures, max(1, count * 3 // 4), "县", "county", existing, rng)
    places = [top, *provinces, *prefectures, *counties]
    return places[:count] if len(places) > count else places


def _made(parents, count, suffix, level, existing, rng) -> list[Jurisdiction]:
    rows = []
    for i in range(count):
        name = ""
        for _attempt in range(20):
            name = "".join(rng.sample(_NAME_CHARS, 2)) + suffix
            if level == "county" and rng.random() < 0.3:
                name = name[:-1] + "区"
            if name not in existing:
                break
        if name in existing:  # the two-character names are running out
            name = f"{_NAME_CHARS[i % len(_NAME_CHARS)]}{i}{suffix}"
        row = Jurisdiction(
            name=name,
            slug=f"{SLUG}{level}-{i}",
            level=level,
            parent=parents[i % len(parents)],
            division_code=division_code(name),  # bulk_create calls no save()
        )
        existing[name] = row
        rows.append(row)
    return Jurisdiction.objects.bulk_create(rows, batch_size=500)


def _flatten(tree: list[Node]) -> list[tuple[Node, int, int | None]]:
    """(node, depth, parent's index) in document order; a node may be copied more than once."""
    out: list[tuple[Node, int, int | None]] = []
    stack: list[tuple[Node, int, int | None]] = [(root, 0, None) for root in reversed(tree)]
    while stack:
        node, depth, parent = stack.pop()
        index = len(out)
        out.append((node, depth, parent))
        stack.extend((child, depth + 1, index) for child in reversed(node.children))
    return out


def _text(flat: list[tuple[Node, int, int | None]]) -> tuple[str, list[tuple[int, int]]]:
    """The plan's text as printed, and each section's (start, end) in document order."""
    parts: list[str] = []
    starts: list[int] = []
    at = 0
    for node, _depth, _parent in flat:
        starts.append(at)
        for line in (f"{node.label}{node.title}".strip(), node.body):
            if line:
                parts.append(line + "\n")
                at += len(line) + 1
    ends = [at] * len(flat)
    # A section ends where the next section at its depth or above begins.
    open_at: list[int] = []
    for index, (_node, depth, _parent) in enumerate(flat):
        while open_at and flat[open_at[-1]][1] >= depth:
            ends[open_at.pop()] = starts[index]
        open_at.append(index)
    return "".join(parts), list(zip(starts, ends, strict=True))


def _store(plans: list[Plan], shapes) -> int:
    """Sections of a batch of plans, one bulk insert per depth (a parent needs its id)."""
    entries = [
        (plan, order, node, depth, parent, offsets[order])
        for plan, (flat, offsets) in zip(plans, shapes, strict=True)
        for order, (node, depth, parent) in enumerate(flat)
    ]
    stored: dict[tuple[int, int], Section] = {}
    total = 0
    for depth in range(max((e[3] for e in entries), default=-1) + 1):
        rows = [
            Section(
                plan=plan,
                parent=None if parent is None else stored[plan.pk, parent],
                order=order,
                depth=depth,
                kind=node.kind,
                label=node.label,
                title=node.title,
                body=node.body,
                title_simplified=node.title_simplified,
                body_simplified=node.body_simplified,
                title_tokens=node.title_tokens,
                body_tokens=node.body_tokens,
                start=start,
                end=end,
                implied=node.implied,
                flags=node.flags,
            )
            for plan, order, node, d, parent, (start, end) in entries
            if d == depth
        ]
        Section.objects.bulk_create(rows, batch_size=2000)
        for row in rows:
            stored[row.plan_id, row.order] = row
        total += len(rows)
    return total
