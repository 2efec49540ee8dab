"""Who issued a document whose header does not say: the bodies its title names, the body
answerable for a leaflet; short names (市政府, 市房屋管理局) completed from the place."""

from __future__ import annotations

import re

from plans.parsing._facts import SHORT_ISSUER, is_national, looks_like_issuer
from plans.parsing._places import place_prefix
from plans.parsing.model import PlanMetadata
from plans.parsing.text import to_simplified

_RESPONSIBLE = re.compile(r"责任单位\s*[:：]\s*([^\s，,。；;：:、]{2,40})\s*$", re.M)


def _responsible_body(text: str) -> str:
    """The one body a 责任单位： line names, "" when none does or several are named."""
    named = {m.group(1) for m in _RESPONSIBLE.finditer(text) if looks_like_issuer(m.group(1))}
    return named.pop() if len(named) == 1 else ""


def _title_names_issuer(title: str) -> bool:
    m = _TITLE_ISSUER.match(title)
    named = m and (is_national(m.group(1)) or looks_like_issuer(m.group(1)))
    return bool(named or _title_bodies(title))


_PLACELESS_GOVERNMENT = re.compile(r"^((?:人民)?政府)(办公厅|办公室)?$")


def _expand_short_issuer(meta: PlanMetadata) -> None:
    """市政府 in a 常州市 document is 常州市人民政府: a short name completed from the place,
    when the place is of the level the short name says (a 市 for 市政府). Joint issuers signed
    by short names (市住房城乡建设管理委 市房屋管理局) are completed the same way, each under
    its full name (上海市住房和城乡建设管理委员会)."""
    m = SHORT_ISSUER.match(to_simplified(meta.issuer))
    bare = _PLACELESS_GOVERNMENT.match(to_simplified(meta.issuer))
    if m and meta.jurisdiction.endswith(m.group(1)) or bare and meta.level not in ("", "national"):
        # 政府办公室 with no level's word at all is the office of the place's own government.
        full = meta.jurisdiction + "人民政府" + ((m or bare).group(2) or "")
        meta.issuers = [full if name == meta.issuer else name for name in meta.issuers]
        meta.issuer = full
        return
    issuers = meta.issuers or [meta.issuer]
    if not meta.issuer or meta.issuer != issuers[0]:
        return
    named = [_short_body(name, meta.jurisdiction) for name in issuers]
    if all(named):
        meta.issuers, meta.issuer = (named if meta.issuers else []), named[0]


# The short forms bodies sign with, and their full names' words.
_SHORT_WORDS = (
    ("住房城乡建设", "住房和城乡建设"),
    ("发展改革", "发展和改革"),
    ("人力资源社会保障", "人力资源和社会保障"),
)


def _short_body(name: str, place: str) -> str:
    """市房屋管理局 in a 上海市 document: 上海市房屋管理局; "" when ``name`` is no short name of
    a body of that place."""
    simplified = to_simplified(name)
    if not place or simplified[:1] not in "省市区县州" or not place.endswith(simplified[0]):
        return ""
    if place_prefix(simplified)[0]:
        return ""  # 市中区…, a place's own name
    full = place + simplified[1:]
    for short, word in _SHORT_WORDS:
        full = full.replace(short, word)
    return full + "员会" if full.endswith("委") else full


def _title_bodies(title: str) -> list[str]:
    """The bodies a title names before 关于, each with its place, when it names several."""
    named = title.split("关于", 1)[0] if "关于" in title else ""
    bodies: list[str] = []
    for piece in re.split(r"[\s\u3000、]+", named):
        while piece:
            cut = next(
                (
                    at
                    for at in range(2, len(piece) - 1)
                    if looks_like_issuer(piece[:at]) and place_prefix(piece[at:])[0]
                ),
                len(piece),
            )
            bodies.append(piece[:cut])
            piece = piece[cut:]
    ok = len(bodies) > 1 and all(looks_like_issuer(b) and place_prefix(b)[0] for b in bodies)
    return bodies if ok else []


_TITLE_ISSUER = re.compile(r"^([\u4e00-\u9fff、]{2,30}?)关于")
