"""complete(): what the header left unsaid, filled from the title, the issuer and the text:
place and level, kind, planning period (era and years). By stage: titles.py (a title's
typesetting undone, the kind it names), issuers.py (who issued it), speech.py (a work report's
speaker and dateline), places.py (the place its title, issuer, 文号 or site names),
text_places.py (the place its text names most), eras.py (its period, a news dateline's date)."""

from __future__ import annotations

from datetime import date

from plans.parsing._completion.eras import _dateline, _era
from plans.parsing._completion.issuers import (
    _TITLE_ISSUER,
    _expand_short_issuer,
    _responsible_body,
    _title_bodies,
    _title_names_issuer,
)
from plans.parsing._completion.places import (
    _cut_at_a_suffix,
    _is_place_title,
    _national_sign,
    _place,
    _place_of_doc_number,
    _place_of_quoted_title,
    _place_of_site,
    _read,
    _says_national,
    level_for,
)
from plans.parsing._completion.speech import (
    _GOVERNMENT_REPORTS,
    _SPEECH_HEAD,
    _WORK_REPORT,
    _place_of_speaker,
    _speaker,
    _speakers_place_word,
    _speech_dateline,
    _voice,
)
from plans.parsing._completion.text_places import (
    _city_of_text,
    _names_a_place,
    _only_place_of_text,
    _province_of_text,
)
from plans.parsing._completion.titles import (
    _DOUBLED_TITLE,
    _EXPLAINER_END,
    _FIGURE_GAP,
    _WHOLE_BOOK_TITLE,
    _WORD_GAP,
    _may_be,
    _subject,
)
from plans.parsing._facts import (
    ENDING_KINDS,
    KINDS,
    NATIONAL,
    is_national,
    looks_like_issuer,
    unmarked,
)
from plans.parsing._places import ancestors, counties_named, find_place, prefectures_named
from plans.parsing.model import GUESSED, READ, PlanMetadata
from plans.parsing.text import to_simplified


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
        meta.kind = next((kind for word, kind in ENDING_KINDS if title.endswith(word)), "")
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
