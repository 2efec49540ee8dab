"""When: the planning period (era and years) a title or the opening names, and the date of a
news agency's dateline."""

from __future__ import annotations

import re
from datetime import date

from plans.parsing._facts import to_date
from plans.parsing.model import ERAS, GUESSED, READ, PlanMetadata

_ERA = re.compile(r"十[一二三四五六]五|第十[一二三四五六]个五年")
_YEARS = re.compile(r"(20\d\d)\s*[-—－–~～至到]\s*(20\d\d)\s*年")
_YEAR = re.compile(r"(20\d\d)\s*年")
# 新华社北京7月29日电: a news agency's dateline over the document it reports; it prints no year.
_DATELINE = re.compile(r"(?:新华社|中新社)[\u4e00-\u9fff]{0,6}\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日电")
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


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
