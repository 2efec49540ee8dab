"""Verdicts: an item's status (covered, partly, missing) and why, from its links and a search of
the lower plan, with the evidence ranked so the section to read comes first."""

from __future__ import annotations

from compare.alignment.calibration import BANDS

from .evidence import Search, Wanted
from .model import COVERED, MISSING, PARTLY, CoverLink, Evidence
from .terms import holds

# A link at or above this probability (the engine's 很可能对应 band) says the lower section carries
# the task; below it (but kept by the engine) the lower section may share only part of the topic.
# The band is the engine's calibrated one, as the compare page and the catalogue read it: what a
# probability means does not move with the engine's keep-threshold (0.65 in duizhao-align-7, 0.55
# in -8), which decides only which links are kept.
STRONG_LINK = next(floor for floor, name in BANDS if name == "likely")
# Of the terms an item names, the share a linked lower section must hold to carry it.
LINKED_SHARE = 0.5
# Under a covered item, a link to a section holding less than this share of its terms is weak.
WEAK_SHARE = 0.5
LINK_WEIGHT = 0.34
# The engine's content similarity (bodies, not titles) at which two texts say the same thing.
SAME_TEXT = 0.4
# The sentence encoder's similarity (compare.lib.meaning) of an item and a lower section at which
# the section, holding half the item's terms, carries it though the engine's link is weaker or
# absent: the county names the concrete platform where the nation names the capability.
ALIKE = 0.68
# The things an item's own text names (统一身份认证, 电子证照, 公共数据, 开放平台) that a linked
# section in the 很可能对应 band must name too, beside one of the item's key terms, to carry it
# though it holds fewer than half of them: the county names the platforms the nation asks for.
NAMED_OBJECTS = 2


def judge(
    wanted: Wanted, links: list[CoverLink], search: Search
) -> tuple[str, str, list[Evidence]]:
    """(status, why, evidence) of one item from its links and a search of the lower plan."""
    item_terms = wanted.terms
    weighed = {link.lower: search.weigh(wanted, link.lower, link) for link in links}
    if item_terms:
        for sid in search.searchable:
            if sid not in weighed:
                evidence = search.weigh(wanted, sid)
                if evidence.found:
                    weighed[sid] = evidence

    # An item every one of whose terms the lower plan uses everywhere (机制 of 健全推进机制;
    # 标准规范 in a plan with a chapter of standards) has no telling word to find: the words
    # can say neither that it is taken up nor that it is only passed by, so the engine's link or
    # the encoder decides, as for any item, on a section holding them in a sentence.
    untellable = bool(item_terms) and all(search.common(t) for t in item_terms)

    def holds_terms(e: Evidence) -> bool:
        # Half the terms, one of them a word the lower plan does not use everywhere: 机制 or 应用
        # found and 数据管理 or 共性 missing is not the task.
        telling = untellable or any(not search.common(t) for t in e.found)
        return e.share >= LINKED_SHARE and bool(e.sentence) and telling

    def carried(e: Evidence) -> str:
        """Why ``e`` carries the item ("" when it does not): linked, named, meaning or quoted."""
        if e.human:
            return "linked"
        if e.score is None or e.score < STRONG_LINK:
            # Words alone are not a task taken up (a list such as 数字政务、数字社会、数字生态
            # holds them too): the section must also say what the item says, by the encoder;
            # or, linked below the band, quote the item's whole object in one sentence.
            if e.section in search.headings or not item_terms:
                return ""
            if e.alike >= ALIKE and holds_terms(e):
                return "meaning"
            # A link the engine keeps to a section one of whose sentences holds every key term
            # (全面推动国产自主可控产品… for 提高自主可控水平): the link and the sentence agree.
            quoted = e.score is not None and e.whole and len(item_terms) >= 2
            if quoted:
                return "quoted"
            # The sentence quoted holds every key term and the encoder reads it as saying what
            # the item says (…机制，提升行政监督能力 for 提升行政监督水平): the item's whole object
            # is written as a task. Half the terms is not enough: 保障数字政府建设自主可控 says
            # 数字 and reads close to 营造良好数字生态 without being about it.
            return "sentence" if e.takes_up and _all_said(e, item_terms) else ""
        if e.content >= SAME_TEXT:  # the texts say the same, in other words (网络平台 / 外网)
            return "linked"
        if not item_terms:  # nothing to look for: the link's word alone
            return "linked"
        # Or the counterpart names the things the item's text asks for (身份认证、电子证照、电子
        # 印章、地理信息 for 共性应用支撑) with one of its terms: taken up in concrete words.
        if holds_terms(e):
            return "linked"
        return "named" if e.found and len(e.objects) >= NAMED_OBJECTS else ""

    # Why each section weighed carries the item ("" when it does not), decided once: the
    # passing mentions, the ranking and the verdict all read it.
    reasons = {e.section: carried(e) for e in weighed.values()}
    usual = search.usually_alike(wanted)

    def passing(e: Evidence) -> bool:
        """Named in passing, not taken up: found by the search only in lists or in words the
        lower plan uses everywhere; or linked by the engine to a section that holds none of the
        terms and is no more alike to the item than the lower plan's usual sections (智慧交通
        for 数字经济: the link's title words, another subject)."""
        if e.human or not item_terms or reasons[e.section]:
            return False
        if e.score is None:
            return not e.telling
        encoded = usual is not None and e.alike > 0
        return encoded and not e.found and e.content < SAME_TEXT and e.alike <= usual

    # A passing mention the search found is shown before a link on another subject.
    found_in_passing = [e for e in weighed.values() if passing(e)]
    found_in_passing.sort(key=lambda e: e.score or 0)
    if weighed and len(found_in_passing) == len(weighed):
        return MISSING, "passing", found_in_passing[:1]

    def rank(e: Evidence):
        # A sentence taking the item up first, and the section whose own text holds it before
        # one around it: what a supervisor reads first. Then deeper (shorter) sections among
        # equals; a link counts for a third of the terms (the engine's evidence beside them).
        # A section carrying the item by a sentence alone comes after one carrying it by a link
        # or by meaning: the engine's evidence, where there is some, is what is read first.
        why = reasons[e.section]
        return (
            -bool(why),
            why == "sentence",
            -e.takes_up,
            e.sentence_section not in (None, e.section),
            -(e.share + (LINK_WEIGHT if e.score is not None and e.found else 0) + e.alike),
            -search.sentence_share(e),
            -(e.score or 0),
            len(search.text.get(e.section, "")),
        )

    ranked = sorted(weighed.values(), key=rank)
    if not ranked:
        return MISSING, "none", []
    best = ranked[0]
    if reasons[best.section]:
        status, why = COVERED, reasons[best.section]
    elif best.score is not None and not best.found and item_terms:
        status, why = PARTLY, "weak"
    elif best.found or (best.score is not None and not item_terms):
        status, why = PARTLY, "weak" if best.score is not None else "mentioned"
    else:
        return MISSING, "none", []
    shown = [best]
    for e in ranked[1:]:
        if e.score is not None:  # every link is shown; one that holds little of the item is weak
            weak = status == COVERED and e.share < WEAK_SHARE
            shown.append(Evidence(**{**e.__dict__, "weak": weak}))
    inner = best.sentence_section
    if status == COVERED and inner not in (None, best.section) and _carries(best, inner, search):
        # The quoted sentence stands in a section inside the one deciding the verdict (专栏2's
        # 3. 等保2.0工程): that section is the one to read, named first.
        own = search.weigh(wanted, inner, next((lk for lk in links if lk.lower == inner), None))
        if own.sentence != best.sentence and search.leads.get(inner) == best.sentence:
            # The quote is the measure's lead sentence, its title (86．成立以主要领导为组长的…
            # 领导机构，…): what it holds is the measure's own, though titles decide no verdict.
            own = _led(own, best)
        if own.sentence == best.sentence:
            held = Evidence(**{**own.__dict__, "holds_quote": True})
            shown = [held, *(e for e in shown if e.section != inner)]
    if status == COVERED and shown[0].section in search.headings and not shown[0].human:
        # A heading without text of its own over groups of sections (（二）升级全省政务“一张网”
        # over 建立跨网数据传输机制 and a 专栏) holds only its sections' text: where one of them
        # carries the item too, that section is the one to read, named first.
        heading = shown[0].section
        within = [e for e in ranked if reasons[e.section] and search.inside(e.section, heading)]
        if within:
            shown = [within[0], *(e for e in shown if e.section != within[0].section)]
    return status, why, shown


def _all_said(e: Evidence, terms: tuple[str, ...]) -> bool:
    """Whether the sentence quoted for ``e`` names every one of ``terms``."""
    return all(holds(e.sentence, None, t) for t in terms)


def _carries(best: Evidence, inner: int, search: Search) -> bool:
    """Whether the section inside ``best`` that holds its quoted sentence carries the item too:
    the sentence takes the item up, or the section is titled with one of the terms found (民族
    团结 under 治理 is the plan's own, though its sentence says 治理现代化)."""
    return best.takes_up or any(holds(search.titles[inner], None, t) for t in best.found)


def _led(own: Evidence, best: Evidence) -> Evidence:
    """A measure's evidence with its lead sentence (its title) quoted, and the terms of ``best``
    that sentence and the measure's text hold counted as its own."""
    terms = (*best.found, *best.missing)
    found = tuple(t for t in terms if t in own.found or holds(best.sentence, None, t))
    missing = tuple(t for t in terms if t not in found)
    return Evidence(
        **{
            **own.__dict__,
            "found": found,
            "missing": missing,
            "sentence": best.sentence,
            "sentence_section": own.section,
        }
    )
