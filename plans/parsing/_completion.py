"""complete(): what the header left unsaid, filled from the title, the issuer and the text:
place and level, kind, planning period (era and years)."""

from __future__ import annotations

import re
from datetime import date

from plans.parsing._facts import (
    KINDS,
    NATIONAL,
    NATIONAL_ISSUERS,
    SHORT_ISSUER,
    is_national,
    looks_like_issuer,
    to_date,
    unmarked,
)
from plans.parsing._places import (
    Place,
    ancestors,
    city_without_suffix,
    counties_named,
    find_place,
    place_chain,
    place_prefix,
    places_counted,
    prefectures_named,
    provinces_named,
)
from plans.parsing.model import ERAS, GUESSED, READ, PlanMetadata
from plans.parsing.text import to_simplified

_ERA = re.compile(r"十[一二三四五六]五|第十[一二三四五六]个五年")
_YEARS = re.compile(r"(20\d\d)\s*[-—－–~～至到]\s*(20\d\d)\s*年")
_YEAR = re.compile(r"(20\d\d)\s*年")
# The ends of an explainer's title besides 解读 (a kind of its own): a Q&A, a drafting note.
_EXPLAINER_END = re.compile(r"(?:问答|起草说明|编制说明|答记者问)$")
_LEADING_YEAR = re.compile(r"^(?:19|20)\d\d\s*年(?:度)?")


def complete(
    meta: PlanMetadata, text: str, *, created: date | None = None, owners: list[str] = ()
) -> None:
    """Fill jurisdiction, level, era, kind and a dateline's date from the title, issuer and text
    where unset; ``created`` (a PDF's creation date) dates a dateline the text cannot; ``owners``
    (the governments whose site a web page is on) place a page that names no place itself."""
    # A markdown heading mark is syntax, never part of a name (# 上海市人民政府办公厅).
    meta.title, meta.issuer = unmarked(meta.title), unmarked(meta.issuer)
    # A PDF's text layer spaces figures from ideographs (（2018－2022 年）); titles have no gap.
    meta.title = _FIGURE_GAP.sub("", meta.title)
    # A scan's OCR spaces words apart (…流程的 通知); a space after a body's name parts issuers.
    meta.title = _WORD_GAP.sub("", meta.title)
    # 《沈阳市历史建筑修缮管理办法》 alone: an explainer titled by the rule it explains, whose
    # name (and place) is inside the marks.
    if whole := _WHOLE_BOOK_TITLE.fullmatch(meta.title.strip()):
        meta.title = whole.group(1)
    # 《宿州市…若干措施》宿州市…若干措施: a page's headline in 《》 run on into the body's title,
    # the same name twice; the name once.
    if (twice := _DOUBLED_TITLE.fullmatch(meta.title.strip())) and twice.group(1) == twice.group(2):
        meta.title = twice.group(2)
    meta.issuers = [name for name in map(unmarked, meta.issuers) if name]
    if meta.issuers and meta.issuer and meta.issuers[0] != meta.issuer:
        meta.issuers = [meta.issuer, *(n for n in meta.issuers if n != meta.issuer)]
    title = to_simplified(meta.title)
    issuer = to_simplified(meta.issuer)
    if issuer and meta.provenance.get("issuer") == GUESSED and _title_names_issuer(title):
        # An issuer guessed from the 印发 line's office gives way to the bodies the title names.
        meta.issuer, meta.issuers, issuer = "", [], ""
        meta.provenance.pop("issuer")
    if (
        not issuer
        and (m := _TITLE_ISSUER.match(title))
        and (is_national(m.group(1)) or looks_like_issuer(m.group(1)))
    ):
        # 国务院关于…的指导意见, 安阳市人民政府办公室关于…的意见: the title names who says so.
        meta.issuer = meta.title[: m.end(1)]
        issuer = m.group(1)
    if not issuer and (bodies := _title_bodies(title)):
        # 海南省住房和城乡建设厅 海南省住房公积金管理局关于…, or two names run together by a
        # title printed over lines (佛山市人力资源和社会保障局佛山市住房和城乡建设局关于…).
        meta.issuer, meta.issuers = bodies[0], bodies
        issuer = to_simplified(bodies[0])
    elif len(bodies := _title_bodies(title)) > 1 and issuer == "".join(bodies):
        meta.issuer, meta.issuers = bodies[0], bodies
        issuer = to_simplified(bodies[0])
    if not issuer and (body := _responsible_body(text)):
        # A leaflet signed by nobody names the body answerable for it (责任单位：沈阳市房产局).
        meta.issuer, issuer = body, to_simplified(body)
        meta.provenance["issuer"] = GUESSED
    head = to_simplified(text[:_SPEECH_HEAD])
    voice = _voice(text, head)
    if not meta.title.strip() and (_GOVERNMENT_REPORTS.search(head) or voice is not head):
        # A work report pasted without its title block (各位代表：/ 现在，我代表市人民政府向大会
        # 报告工作): what a reader calls it is the genre the government names as it speaks.
        meta.title, title = _WORK_REPORT, _WORK_REPORT
        meta.provenance["title"] = GUESSED
    if not meta.issued or not meta.jurisdiction:
        _speech_dateline(meta, head)
    if meta.jurisdiction:
        meta.jurisdiction = to_simplified(meta.jurisdiction)
        place = find_place(meta.jurisdiction)
        if place is not None and not meta.above:
            meta.above = [p.name for p in ancestors(place)]
        meta.level = meta.level or (place.level if place else level_for(meta.jurisdiction))
        _read(meta, "jurisdiction", "level")
    elif _says_national(issuer):
        # The issuer's own name outranks a title that opens with a slogan or a place's name
        # used as a word (上海合作组织…方案 issued by 国务院办公厅).
        meta.jurisdiction, meta.level, meta.above = NATIONAL, "national", []
        _read(meta, "jurisdiction", "level")
    elif _national_sign(meta.doc_number) and not _is_place_title(title):
        meta.jurisdiction, meta.level, meta.above = NATIONAL, "national", []
        meta.provenance["jurisdiction"] = meta.provenance["level"] = GUESSED
    else:
        _place(meta, title, issuer)
    if _cut_at_a_suffix(meta):
        # A name the gazetteer does not hold (北泵市, an OCR misreading) yields to the place the
        # 文号's sign names.
        guess = meta.jurisdiction, meta.level, meta.above
        meta.jurisdiction = ""
        _place_of_doc_number(meta)
        if not meta.jurisdiction:
            meta.jurisdiction, meta.level, meta.above = guess
    if not meta.jurisdiction:
        _place_of_speaker(meta, voice)
    if not meta.jurisdiction:
        _place_of_doc_number(meta)
    if not meta.jurisdiction:
        _place_of_quoted_title(meta, title)
    if not meta.jurisdiction and issuer.startswith("省"):
        _province_of_text(meta, to_simplified(text))
    elif not meta.jurisdiction and issuer.startswith("市"):
        _city_of_text(meta, prefectures_named(to_simplified(text)))
    elif not meta.jurisdiction and issuer.startswith(("县", "区")):
        _city_of_text(meta, counties_named(to_simplified(text)))
    if not meta.jurisdiction:
        _place_of_site(meta, owners)
    if not meta.jurisdiction and not issuer and not _names_a_place(title):
        _only_place_of_text(meta, to_simplified(text), _speakers_place_word(voice))
    if not meta.issuer and meta.jurisdiction:
        _speaker(meta, voice)
    _expand_short_issuer(meta)
    if not meta.kind and _EXPLAINER_END.search(title):
        # 《…办法》问答, …起草说明: what explains a rule is no rule, whatever it names.
        meta.kind = "interpretation"
        _read(meta, "kind")
    if not meta.kind:
        meta.kind = next((kind for word, kind in KINDS if title.endswith(word)), "")
        if meta.kind:
            _read(meta, "kind")
        elif kind := next(
            (kind for word, kind in KINDS if word in _subject(title) and _may_be(kind, title)),
            "",
        ):
            meta.kind = kind
            meta.provenance["kind"] = GUESSED
    if not meta.era:
        _era(meta, title, to_simplified(text[:3000]))
    if not meta.issued:
        _dateline(meta, to_simplified(text), created)
    for name in ("title", "doc_number", "issuer", "issued"):
        if getattr(meta, name):
            meta.provenance.setdefault(name, READ)
    if meta.issuer and not meta.issuers:
        meta.issuers = [meta.issuer]


_WHOLE_BOOK_TITLE = re.compile(r"《([^《》]+)》")
_DOUBLED_TITLE = re.compile(r"《([^《》]+)》[\s\u3000\xa0]*([^《》]+)")
_RESPONSIBLE = re.compile(r"责任单位\s*[:：]\s*([^\s，,。；;：:、]{2,40})\s*$", re.M)


def _responsible_body(text: str) -> str:
    """The one body a 责任单位： line names, "" when none does or several are named."""
    named = {m.group(1) for m in _RESPONSIBLE.finditer(text) if looks_like_issuer(m.group(1))}
    return named.pop() if len(named) == 1 else ""


_FIGURE_GAP = re.compile(
    r"(?<=[\u4e00-\u9fff（）－—-])[ \u3000]+(?=\d)|(?<=\d)[ \u3000]+(?=[\u4e00-\u9fff（）])"
)
# 中共中央 国务院…, A局 B局关于…: a body's name ends before the gap; else it is an OCR's.
_WORD_GAP = re.compile(
    r"(?<=[\u4e00-\u9fff])(?<![厅局委会府室院办部署处所队组央行心社])[ \u3000]+(?=[\u4e00-\u9fff])"
)
# 新华社北京7月29日电: a news agency's dateline over the document it reports; it prints no year.
_DATELINE = re.compile(r"(?:新华社|中新社)[\u4e00-\u9fff]{0,6}\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日电")
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _undrafted(title: str) -> str:
    """A title without its draft note, nor its call for comments: a 征求意见稿 is a draft of the
    document, and 公开征求《X》意见 asks for comments on X; neither is an 意见."""
    title = re.sub(r"[（(]?征求意见稿[）)]?", "", title)
    return _CALL_FOR_COMMENTS.sub(r"\1", title)


# What a notice is, whatever it is about: 关于做好规划编制工作的通知 is a notice, not a plan.
_NOTICE = re.compile(r"(?:通知|通告|公告|批复|决定|函)$")


def _subject(title: str) -> str:
    """What a title says the document is about, for guessing its kind from a word inside it:
    after 关于, the issuer's name left out (北京市规划和自然资源委员会关于…: 规划 names the body,
    not the document)."""
    title = _undrafted(title)
    return title.split("关于", 1)[1] if "关于" in title else title


def _may_be(kind: str, title: str) -> bool:
    """A notice that issues no document (关于做好…规划编制工作的通知, …全程网办的通知) is never
    guessed a plan: it is a notice about one, and a plan's period would be guessed from its
    date."""
    return kind != "plan" or not _NOTICE.search(title) or "印发" in title


_CALL_FOR_COMMENTS = re.compile(r"征求(《(?:[^《》]|《[^《》]*》)*》)?(?:社会|公众|各方)?意见")


def _dateline(meta: PlanMetadata, text: str, created: date | None) -> None:
    """The date of a dateline, its year guessed: the first year of the period the document is
    for, when its text names no earlier year (an opinion for 2018－2022 reported on 29 July is
    dated 2018); else the year the PDF was made, a last resort."""
    if not (m := _DATELINE.search(text[:2000])):
        return
    years = [int(y) for y in _ANY_YEAR.findall(text)]
    year = meta.start_year if years and meta.start_year == min(years) else None
    year = year or (created.year if created else None)
    if year and (day := to_date(str(year), m.group(1), m.group(2))):
        meta.issued = day
        meta.provenance["issued"] = GUESSED


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


def _place_of_site(meta: PlanMetadata, owners: list[str]) -> None:
    """A page that names no place of its own (发布机构：政府办公室) is placed where the
    government whose site it is on sits (its <title>'s or footer's 成安县人民政府): a guess, as a
    site may carry another's document, so only when nothing in the document places it."""
    for owner in owners:
        chain, used = place_prefix(to_simplified(owner))
        if chain and to_simplified(owner)[used:] == "人民政府":
            place = chain[-1]
            meta.jurisdiction, meta.level = place.name, place.level
            meta.above = [p.name for p in (ancestors(place) if place.code else chain[:-1])]
            meta.provenance["jurisdiction"] = meta.provenance["level"] = GUESSED
            return


def _names_a_place(title: str) -> bool:
    # A title that names a place and still placed nothing (关于贯彻落实《上海市…》的通知) names
    # another's: the text's places are no better.
    return bool(provinces_named(title) or prefectures_named(title))


def _speakers_place_word(head: str) -> tuple[str, ...]:
    """How the place a speaking government's name ends (我代表区人民政府: a 区; 行署: a 盟 or a
    地区); () when no government speaks or its name says no level (市 may be a county's too)."""
    if not (m := _SPEAKER.search(head)):
        return ()
    name = m.group(1)
    if name.endswith(("行署", _ADMINISTRATION)):
        return ("盟", "地区")
    word = name[: -len("人民政府")]
    return (word,) if word in ("市", "区", "县", "州", "旗") else ()


def _only_place_of_text(meta: PlanMetadata, text: str, ends: tuple[str, ...] = ()) -> None:
    """A document that signs nothing and whose title names no place (a 解读 of 《关于…通知》,
    a table under 附件, a 政府工作报告 spoken in 天门) speaks of the place its text names far
    more than any other (南京户籍, 我的南京; 天门 thirty times to 武汉都市圈 six), with no
    province but its own, or else of the one province-level place it names (北京市 in a
    table's cells). A mention is no voice: a city named a few times beside a place named more
    (天门, 潜江, which the text names without their 市) places nothing. A government speaking
    (我代表区人民政府) speaks for a place of its kind (``ends``: the ends of such places' names).
    A guess, marked so."""
    # A news agency's dateline (新华社北京7月29日电) names the city it files from, not the place
    # the text speaks of: the national 革命文物 opinion names 北京 there and nowhere else.
    text = _DATELINE.sub("", text)
    provinces = provinces_named(text)
    counts = {p: n for p, n in places_counted(text).items() if _surely_named(p, text)}
    # A government that speaks as a 区's (我代表区人民政府, 我代表行署) speaks for a place of
    # that kind: the voice is sought among those alone, whatever else its text names more (黄山,
    # its city's name and the mountain's, beside 黄山区; 太平湖) or names as partners (京蒙协作).
    counts = {p: n for p, n in counts.items() if not ends or p.name.endswith(ends)}
    if counts:
        top = max(counts, key=counts.get)
        above = [p.name for p in ancestors(top)]
        # Its own counties and county-level cities are no rivals but its voice: a city's report
        # tells their work (丹江口 fourteen times in 十堰's, 天长 and 明光 in 滁州's).
        rivals = [
            n
            for p, n in counts.items()
            if p != top and p.name not in above and top not in ancestors(p)
        ]
        far_more = counts[top] >= max(2, _FAR_MORE * max(rivals, default=0))
        if far_more and (ends or provinces <= set(above)):
            meta.jurisdiction, meta.level, meta.above = top.name, top.level, above
            meta.provenance["jurisdiction"] = meta.provenance["level"] = GUESSED
            return
    if not prefectures_named(text) and len(provinces) == 1:
        meta.jurisdiction, meta.level, meta.above = provinces.pop(), "province", []
        meta.provenance["jurisdiction"] = meta.provenance["level"] = GUESSED


def _surely_named(place: Place, text: str) -> bool:
    # A county-level city or a league only ever written short (天门, 开平, 锡林郭勒) may be a
    # word or a word's part (合作, 同仁, 展开平台, 津市 in 天津市) or a mention (锡林郭勒草原)
    # unless the text speaks as a place of its kind (我市, 全市, 全盟) and names the province or
    # prefecture it lies in (科创湖北 in 天门's report): 全市 alone made 合作 or 津市 the place most
    # named, three times any other, in twelve texts of 北京, 天津, 上海 and 重庆, kept from 甘肃 and
    # 湖南 only by the province they name (docs/importing.md).
    if place.level != "county" and not place.name.endswith("盟") or place.name in text:
        return True
    above = {p.name for p in ancestors(place)}
    return bool(re.search(f"[我本全]{place.name[-1]}", text)) and bool(
        above & (provinces_named(text) | prefectures_named(text))
        or any(name in text for name in above)
    )


# A speech's dateline and opening sit in its first lines, under a title and a speaker's name.
_SPEECH_HEAD = 600
# ——2024年1月16日在亳州市第五届人民代表大会第三次会议上, or in （）: a work report's dateline,
# the date it was given and the place whose congress heard it.
_SPEECH_DATELINE = re.compile(
    r"(?:^|\n)\s*(?:——|—|（|\()\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*在\s*"
    r"([\u4e00-\u9fff]{2,20}?)\s*第[一二三四五六七八九十]+届人民代表大会"
)
# 现在，我代表市人民政府向大会报告工作: the government that speaks, by its short name or in full;
# a league's or a 地区's is its administration (我代表行署).
_SPEAKER = re.compile(r"我代表\s*([\u4e00-\u9fff]{0,16}?(?:人民政府|行政公署|行署))")
# 我代表市人民政府，向大会报告政府工作 / 我代表行署作工作报告 / 向大会作政府工作报告: a
# government reporting its work, its audience named or not. The dateline alone says no more than
# that a congress heard it: its standing committee, court and procuratorate report to the same
# session.
_GOVERNMENT_REPORTS = re.compile(
    r"我代表\s*[\u4e00-\u9fff]{0,16}?(?:政府|行政公署|行署)[，,\s]*"
    r"(?:向[\u4e00-\u9fff]{0,8}?(?:报告[\u4e00-\u9fff]{0,4}?工作|作[\u4e00-\u9fff]{0,4}?工作报告)"
    r"|作[\u4e00-\u9fff]{0,4}?工作报告)"
)
_WORK_REPORT = "政府工作报告"
_ADMINISTRATION = "行政公署"


def _voice(text: str, head: str) -> str:
    """Where the government speaks: the speech's opening in its head (现在，我代表市人民政府向
    大会报告工作), or, for a text that begins past its opening (柳州's, pasted from its review
    on), the first paragraph addressed to the deputies in which a government speaks (各位代表，…
    在此，我代表市人民政府，向全市各族人民…): only a government's report to its congress
    addresses them so. The head itself when neither is found."""
    if _SPEAKER.search(head):
        return head
    for paragraph in to_simplified(text).split("\n"):
        if "各位代表" in paragraph and _SPEAKER.search(paragraph):
            return paragraph
    return head


def _speech_dateline(meta: PlanMetadata, head: str) -> None:
    """A work report's dateline dates it and places it in the place whose congress it was given
    to (亳州市, 黔东南州), read as printed."""
    if not (m := _SPEECH_DATELINE.search(head)):
        return
    try:
        given = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return
    meta.issued = meta.issued or given
    places = place_chain(m.group(4))
    if not meta.jurisdiction and places:
        place = places[-1]
        meta.jurisdiction, meta.level = place.name, place.level
        meta.above = [p.name for p in ancestors(place)]


def _place_of_speaker(meta: PlanMetadata, head: str) -> None:
    """A government that names itself in full as it speaks (我代表常州市人民政府) says where it
    governs: read, whatever other places its text names (长三角's 上海, 香港, 台湾)."""
    if (m := _SPEAKER.search(head)) and (places := place_chain(m.group(1))):
        place = places[-1]
        meta.jurisdiction, meta.level = place.name, place.level
        meta.above = [p.name for p in ancestors(place)]
        _read(meta, "jurisdiction", "level")


def _speaker(meta: PlanMetadata, head: str) -> None:
    """我代表市人民政府 in a placed report: the place's government speaks (its short name is
    completed from the place like a signature's)."""
    if m := _SPEAKER.search(head):
        meta.issuer = m.group(1)
        if meta.issuer.endswith(("行署", _ADMINISTRATION)) and not place_chain(meta.issuer):
            # 行署 (盟行署) is short for the place's 行政公署, named in full with the place.
            meta.issuer = meta.jurisdiction + _ADMINISTRATION
        meta.provenance["issuer"] = (
            GUESSED if meta.provenance.get("jurisdiction") == GUESSED else READ
        )


# How many times more than any other place a text must name the place it is guessed to speak of.
_FAR_MORE = 3


def _province_of_text(meta: PlanMetadata, text: str) -> None:
    """A body signing with a bare 省 (省…联席会议) speaks of its own province: the one province
    the text names (开展2022年安徽省…, 推广安徽特色年货), when it names only one."""
    named = provinces_named(text)
    if len(named) == 1:
        meta.jurisdiction, meta.level, meta.above = named.pop(), "province", []
        meta.provenance["jurisdiction"] = meta.provenance["level"] = GUESSED


def _city_of_text(meta: PlanMetadata, named: set[str]) -> None:
    """A body signing with a bare 市 (市…领导小组办公室), 县 or 区 speaks of its own city or
    county: the one of that level the text names (在南京连续缴纳, 南京户籍), when it names only
    one."""
    if len(named) == 1 and (place := find_place(named.pop())):
        meta.jurisdiction, meta.level = place.name, place.level
        meta.above = [p.name for p in ancestors(place)]
        meta.provenance["jurisdiction"] = meta.provenance["level"] = GUESSED


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


def _read(meta: PlanMetadata, *names: str) -> None:
    for name in names:
        meta.provenance.setdefault(name, READ)


_PARTY = re.compile(r"^(?:中国共产党|中共)")


def _place(meta: PlanMetadata, title: str, issuer: str) -> None:
    """Where the document comes from: the place its title starts with, else its issuer's; a
    name the gazetteer does not hold (a county renamed since) only when neither names one."""
    # 2021年深圳市社会性别统计报告: a report's year printed before its place.
    title = _LEADING_YEAR.sub("", title)
    # 中共郑州市委关于…: a Party committee sits where its government does; 中共 names no place.
    title, issuer = _PARTY.sub("", title), _PARTY.sub("", issuer)
    for source in (title, issuer):
        if source is issuer and _says_national(source) or is_national(source, issuer=False):
            meta.jurisdiction, meta.level, meta.above = NATIONAL, "national", []
            break
        chain, used = place_prefix(source)
        if chain and not _unknown_below(chain, source[used:]):
            inner = chain[-1]
            meta.jurisdiction, meta.level = inner.name, inner.level
            meta.above = [p.name for p in (ancestors(inner) if inner.code else chain[:-1])]
            break
    else:
        for source in (title, issuer):
            chain, used = place_prefix(source)
            if name := _unknown_below(chain, source[used:]):
                outer = chain[-1] if chain else None
                meta.jurisdiction, meta.level = name, level_for(name)
                meta.above = [p.name for p in [*ancestors(outer), outer]] if outer else []
                meta.provenance["jurisdiction"] = meta.provenance["level"] = GUESSED
                return
        city, used = city_without_suffix(issuer)
        if city is not None and looks_like_issuer(issuer[used:]):
            # 广州住房公积金管理中心: a body named after its city without the 市, as guessed.
            meta.jurisdiction, meta.level = city.name, city.level
            meta.above = [p.name for p in ancestors(city)]
            meta.provenance["jurisdiction"] = meta.provenance["level"] = GUESSED
        return
    # A title or an issuer that names the place states it; the parents come from the gazetteer.
    _read(meta, "jurisdiction", "level")


# A division's name by its suffix, for names the gazetteer does not hold (created or renamed
# after its table): a short name, a level suffix, none of a plan's own words, not an area.
_SUFFIX_PLACE = re.compile(r"^([\u4e00-\u9fff]{1,8}?(?:自治州|自治县|自治旗|地区|盟|市|县|旗|区))")
_NOT_A_PLACE = (
    *("数字", "政府", "政务", "电子", "城市", "建设", "规划", "发展", "智慧", "信息", "网络"),
    *("关于", "推进", "加快", "全面", "深化", "人民", "办公", "公共", "全", "本", "各", "中国"),
)
# Words a plan's title or a body's name writes that open with a level's suffix character.
_SUFFIX_WORDS = frozenset(
    {"市场", "市民", "市政", "市容", "市级", "市直", "市属", "市域", "市区", "市内", "市中"}
    | {"区域", "区级", "区内", "区块", "县域", "县级", "县城", "县区", "旗帜"}
)
_AREA = re.compile(
    r"(?:新区|片区|园区|开发区|试验区|示范区|功能区|城区|景区|保税区|合作区|经济区|特区)$"
)


def _unknown_below(chain: list[Place], text: str) -> str:
    """A division the gazetteer does not hold, named after ``chain``; none below a county (深圳市
    坪山区促进社区…: 社区 is a community of the district, not a division of its own)."""
    if len(chain) >= 3 or chain and chain[-1].level == "county":
        return ""
    return _unknown_place(text)


def _cut_at_a_suffix(meta: PlanMetadata) -> bool:
    """Whether the jurisdiction is a name cut at a level's suffix that the gazetteer lacks."""
    return (
        bool(meta.jurisdiction)
        and meta.provenance.get("jurisdiction") == GUESSED
        and meta.jurisdiction != NATIONAL
        and find_place(meta.jurisdiction) is None
        and not _gazetteer_names(meta.jurisdiction)
    )


def _gazetteer_names(name: str) -> bool:
    chain, used = place_prefix(name)
    return bool(chain) and used == len(name)


# “好年华 聚福州”长乐区…: a slogan in quotes, then the place whose programme it brands.
_SLOGAN = re.compile(r"^[“\"「][^”\"」《》]{1,24}[”\"」]\s*")
# 《沈阳市…办法》政策图文解读, 关于《…》的起草说明: an explainer, published by the government
# whose document it explains. A title that carries the document out (关于贯彻《…》的通知) or
# forwards it names another body's document, and is not taken.
_EXPLAINED = re.compile(
    r"^(?:关于)?《([^《》]+)》\s*(?:的)?(?:政策)?(?:图文|图片|图示|视频)?"
    r"(?:解读|问答|起草说明|编制说明|说明|答记者问|图解)$"
)


def _place_of_quoted_title(meta: PlanMetadata, title: str) -> None:
    """The place an unsigned explainer's title quotes, or the one printed after a slogan."""
    if m := _SLOGAN.match(title):
        inner = title[m.end() :]
    elif m := _EXPLAINED.match(title):
        inner = _PARTY.sub("", m.group(1))
    else:
        return
    chain, _ = place_prefix(inner)
    if not chain:
        return
    place = chain[-1]
    meta.jurisdiction, meta.level = place.name, place.level
    meta.above = [p.name for p in (ancestors(place) if place.code else chain[:-1])]
    meta.provenance["jurisdiction"] = meta.provenance["level"] = GUESSED


def _unknown_place(text: str) -> str:
    m = _SUFFIX_PLACE.match(text)
    name = m.group(1) if m else ""
    # 市促进房地产市场…办公室: a body signing with a bare 市 or 县 is the place's own, the
    # place unnamed; no division's name starts with its level's word.
    if name[:1] in "省市县区州":
        return ""
    if not name or len(name) < 2 or _AREA.search(name) or find_place(name):
        return ""
    # 房地产市场…: the suffix is the first character of a word (市场, 区域, 县域), not the end
    # of a name.
    if text[len(name) - 1 : len(name) + 1] in _SUFFIX_WORDS:
        return ""
    if any(word in name for word in _NOT_A_PLACE) or re.search(r"[十一二三四五]五", name):
        return ""
    return name


# The one-character names provinces sign their 文号 with (皖政办秘〔2021〕82号). Left out: those a
# city signs with too (宁: 南京, 青: 青岛, 台: 台州, 新: 新乡…, 吉: 吉安, 黑: 黑河).
_PROVINCE_SIGNS = {
    **dict.fromkeys("京", "北京市"),
    **dict.fromkeys("津", "天津市"),
    **dict.fromkeys("沪", "上海市"),
    **dict.fromkeys("渝", "重庆市"),
    **dict.fromkeys("冀", "河北省"),
    **dict.fromkeys("晋", "山西省"),
    **dict.fromkeys("辽", "辽宁省"),
    **dict.fromkeys("苏", "江苏省"),
    **dict.fromkeys("浙", "浙江省"),
    **dict.fromkeys("皖", "安徽省"),
    **dict.fromkeys("闽", "福建省"),
    **dict.fromkeys("赣", "江西省"),
    **dict.fromkeys("鲁", "山东省"),
    **dict.fromkeys("豫", "河南省"),
    **dict.fromkeys("鄂", "湖北省"),
    **dict.fromkeys("湘", "湖南省"),
    **dict.fromkeys("粤", "广东省"),
    **dict.fromkeys("琼", "海南省"),
    **dict.fromkeys("川", "四川省"),
    **dict.fromkeys("黔", "贵州省"),
    **dict.fromkeys("云", "云南省"),
    **dict.fromkeys("陕", "陕西省"),
    **dict.fromkeys("甘", "甘肃省"),
    **dict.fromkeys("蒙", "内蒙古自治区"),
    **dict.fromkeys("桂", "广西壮族自治区"),
    **dict.fromkeys("藏", "西藏自治区"),
}


def _says_national(issuer: str) -> bool:
    """A central body's name, not a local branch of one (国家税务总局云南省税务局)."""
    if not is_national(issuer):
        return False
    for at in range(1, len(issuer)):
        chain, used = place_prefix(issuer[at:])
        if chain and re.match(
            r"[\u4e00-\u9fff]*(?:省|自治区|市|州|盟|县|区|旗)$", issuer[at : at + used]
        ):
            return False
    return True


def _national_sign(doc_number: str) -> bool:
    """国发, 国办发, 国函 or a ministry's sign (工信部联规, 人社部发): the central government's."""
    sign = re.split(r"[〔\[【(（]", to_simplified(doc_number), maxsplit=1)[0]
    if not sign or "令" in sign or sign[0] in _PROVINCE_SIGNS and sign[0] != "国":
        return False
    return sign.startswith(("国发", "国办", "国函")) or bool(re.search(r"部|总局", sign))


def _is_place_title(title: str) -> bool:
    """A title that opens with a province's or city's full name (上海市…, 云南省…)."""
    chain, used = place_prefix(title)
    return bool(chain) and title[:used].endswith(
        ("省", "自治区", "市", "州", "盟", "县", "区", "旗")
    )


def _place_of_doc_number(meta: PlanMetadata) -> None:
    """A last guess from the 文号's sign: 国发/国办发 or a ministry's (劳社部发) is national,
    皖政办秘 is 安徽省's."""
    sign = re.split(r"[〔\[【(（]", to_simplified(meta.doc_number), maxsplit=1)[0]
    if not sign or "令" in sign:
        return
    if sign.startswith("国") or re.search(r"部|总局", sign):
        meta.jurisdiction, meta.level, meta.above = NATIONAL, "national", []
    elif (province := _PROVINCE_SIGNS.get(sign[0])) and _province_sign(sign):
        meta.jurisdiction, meta.level, meta.above = province, "province", []
    else:
        return
    meta.provenance["jurisdiction"] = meta.provenance["level"] = GUESSED


def _province_sign(sign: str) -> bool:
    """皖政办秘, 沪建房管联: a province's sign and its body's; not a city's that opens with the
    same character (赣市府 for 赣州市, 云浮 or 鄂州 spelt out)."""
    if re.search(r"政|办|府", sign[1:3]):
        return True
    named = find_place(sign[:2])
    return sign[1:2] not in ("市", "州") and (named is None or named.level == "province")


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


def level_for(name: str) -> str:
    """The level a name's suffix suggests, for names the gazetteer does not hold."""
    if name == NATIONAL or name.startswith(NATIONAL_ISSUERS):
        return "national"
    if name.endswith(("省", "自治区")) or name in ("北京市", "天津市", "上海市", "重庆市"):
        return "province"
    if name.endswith(("市", "州", "盟", "地区")):
        return "prefecture"
    if name.endswith(("县", "区", "旗")):
        return "county"
    return ""


def _era(meta: PlanMetadata, title: str, text: str) -> None:
    """The planning period a title names; else the one its opening names, guessed; else, for a
    plan only, the one its title year or date falls in, guessed. A range of years in the text is
    not read: there it is mostly another document's (《…行动计划（2021-2023年）》). A report on a
    year (政府工作报告, 统计公报) has none but its title's: the periods its text names are the
    plans it carries out or looks back on (实施“十四五”规划的关键一年, 十三五 in a review)."""
    for source in (title, "" if _REPORT_ON_A_YEAR.search(title) else text):
        if m := _ERA.search(source):
            # 第十五个五年规划纲要 is 十五五
            meta.era = m.group() if len(m.group()) == 3 else "十" + m.group()[2] + "五"
            meta.start_year, meta.end_year = ERAS.get(meta.era, (None, None))
            meta.provenance["era"] = READ if source is title else GUESSED
            return
    if m := _YEARS.search(title):
        start, end = int(m.group(1)), int(m.group(2))
        era = _era_of(start, end)
        if era:
            meta.era = era
            meta.provenance["era"] = READ
        meta.start_year, meta.end_year = start, end
        return
    if meta.kind != "plan":
        # Opinions, measures, programmes, notices and bulletins that name no period have none:
        # a programme for 2022 or a two-year one issued in 2024 is not a 十四五 document, and a
        # guess from a year would stand where nothing was read.
        return
    # A plan's period is the one it was issued in.
    year = int(m.group(1)) if (m := _YEAR.search(title)) else None
    year = year or (meta.issued.year if meta.issued else None)
    if year and (era := _era_of(year, year)):
        meta.era = era
        meta.start_year, meta.end_year = ERAS[era]
        meta.provenance["era"] = GUESSED


# The genres that report on a year's work or figures, not a period's plan.
_REPORT_ON_A_YEAR = re.compile(r"(?:工作报告|统计公报|工作总结)$")


def _era_of(start: int, end: int) -> str:
    for name, (first, last) in ERAS.items():
        if first <= start and end <= last:
            return name
    return ""
