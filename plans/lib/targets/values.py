"""Values in a clause (percentages, bandwidths, coverage, counts), what each measures, its
comparator and scope: the targets of one clause group."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from plans.lib.targets.reading import _CLAUSE_END, _deadlines, _strip_deadlines
from plans.lib.targets.records import Target
from plans.lib.targets.vocabulary import _QUOTES, _clean_indicator, _vocabulary, indicator_key

_LEVEL = r"(?:州市|市州|县市区|县区|乡镇|街道|社区|省|市|州|县|区|乡|镇|村)"
_SCOPE = re.compile(
    r"(?:全|各)(?:国|省|市|州|县|区)(?:各级)?"
    r"|(?:省|市|州|县|区|乡镇)本?级(?:以上|以下)?"
    r"|(?:省|市|县)直(?:部门|单位)?"
    r"|非涉密|涉密"
    rf"|{_LEVEL}(?:[、和及]?{_LEVEL})+(?:[一二两三四五六七]级)?"
    rf"|{_LEVEL}[一二两三四五六七]级"
    r"|(?:州市|市州|县市区|县区|乡镇)"
)
# Words that open a clause without naming what is measured.
_LEAD = re.compile(
    r"(?:力争|争取|确保|推动|推进|促进|实现|使|让|全面|基本|逐步|进一步|持续|努力|其中|同时"
    r"|并且|并|且|以及|和|及|与|、|[“”\"'‘’「」()（）\s])"
)
# A comparator word right before the number.
_BEFORE = re.compile(
    r"(?P<word>不低于|不少于|不超过|不高于|超过|高于|低于|少于|达到|达|提高到|提升到|提高至|提升至"
    r"|提升为|增加到|增长到|降低到|降至|缩短到|缩短至|压减到|压缩到|压减至|控制在|保持在|保持"
    r"|实现|为|在|约|近)\s*$"
)
_BEFORE_CANON = {
    "不低于": "不低于",
    "不少于": "不少于",
    "超过": "超过",
    "高于": "超过",
    "不超过": "不超过",
    "不高于": "不超过",
    "低于": "以下",
    "少于": "以下",
    "控制在": "以内",
    "约": "左右",
    "近": "左右",
}
_AFTER = re.compile(r"\s*(?P<word>及以上|以上|及以下|以下|以内|左右)")
_AFTER_CANON = {"及以上": "以上", "及以下": "以下"}

_PERCENT = re.compile(r"(?<![\d.])(?P<num>\d+(?:\.\d+)?)\s*%")
_BANDWIDTH_WORDS = {"十兆": 10.0, "百兆": 100.0, "千兆": 1000.0, "万兆": 10000.0}
_BANDWIDTH = re.compile(
    r"(?P<bw>万兆|千兆|百兆|十兆|(?P<num>\d+)\s*(?P<si>[GM兆])(?:bps|b/s)?)\s*(?:带宽)?\s*"
    r"(?:到|至|进|接入)\s*"
    r"(?P<scope>[^，,；;。：:]+?)"
    r"(?=[、，,]?\s*(?:万兆|千兆|百兆|十兆|\d+\s*[GM兆])|[，,；;。：:]|全覆盖|的|$)"
)
_COVERAGE = re.compile(r"(?<![健安])全覆盖")
_COUNT_UNITS = "个|座|家|项|所|套|台|张|户|名|件|条|处"
_COUNT = re.compile(
    r"(?<![\d.第])(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>(?:万|亿)?(?:" + _COUNT_UNITS + r")|万人|万户)"
    r"(?![\d年月日])"
)
# A count is a target only when a verb of building or reaching introduces it; forming and
# selecting N things (形成100个…典型场景, 遴选50家…试点示范) are goals as 打造 and 培育 N are.
_COUNT_VERB = re.compile(
    r"^(?:新增|累计|建成|建设|打造|培育|形成|遴选|联通|接入|开通|部署|创建|新建|认定|引进|达到"
    r"|超过|不少于|力争|确保)"
)
# "每年遴选20家…企业": a count the plan sets for every year of its period, not one to reach by its
# end; stored in a unit of its own (家/年) so that it is shown as a rate and never takes a total
# (20家 reported in a look back) for its baseline.
_PER_YEAR = re.compile(r"^每年度?")
PER_YEAR = "/年"
# "由95%提高到99%", "从2020年的6.67%提升至7%": the first figure is where the target starts.
_FROM_HEAD = re.compile(r"(?:由|从)\s*(?:(?:19|20)\d{2}\s*年(?:底|末)?的?)?\s*$")
_CHANGE = re.compile(
    r"\s*(?:的?水平)?\s*(?:提高|提升|增加|增长|扩大|上升|降低|下降|减少|压减|缩短|压缩)"
)
_FROM_TAIL = re.compile(
    r"(?:由|从)\s*(?:(?:19|20)\d{2}\s*年(?:底|末)?的?)?\s*\d+(?:\.\d+)?\s*[^\d\s，,；;。]{0,4}?"
    r"\s*(?:的?水平)?\s*(?:提高|提升|增加|增长|扩大|上升|降低|下降|减少|压减|缩短|压缩)?$"
)
_RATE_SUFFIX = re.compile(r"(?:率|指数|比例|比重|占比|满意度)$")
_CONJ = re.compile(r"以及|和|及|与|、")
_NEGATED = re.compile(r"(?:未|尚未|没有|不|难以)$")


@dataclass
class _Anchor:
    kind: str  # percent, bandwidth, coverage, count
    start: int
    end: int
    value: float | None
    unit: str
    scope: str = ""


def _anchors(group: str, offset: int) -> list[_Anchor]:
    anchors: list[_Anchor] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _BANDWIDTH.finditer(group):
        scope = m.group("scope").strip()[:40]
        if not re.search(r"[省市州县区乡镇村街道社区部门单位户]", scope):
            continue
        end = m.end()
        if group.startswith("全覆盖", end):
            end += len("全覆盖")
        anchors.append(
            _Anchor("bandwidth", offset + m.start(), offset + end, _bandwidth(m), "Mbps", scope)
        )
        taken.append((m.start(), end))
    for m in _PERCENT.finditer(group):
        if free(m.start(), m.end()):
            anchors.append(_Anchor("percent", offset + m.start(), offset + m.end(), _num(m), "%"))
            taken.append(m.span())
    for m in _COVERAGE.finditer(group):
        left = group[: m.start()]
        after = group[m.end() : m.end() + 2]
        # "尚未全覆盖" is a gap, "全覆盖的网络" a description, "常态化、全覆盖" a manner.
        if (
            not free(m.start(), m.end())
            or _NEGATED.search(left)
            or after[:1] in ("的", "、")
            or left.endswith("、")
        ):
            continue
        anchors.append(_Anchor("coverage", offset + m.start(), offset + m.end(), 100.0, "%"))
        taken.append(m.span())
    for m in _COUNT.finditer(group):
        if free(m.start(), m.end()):
            unit = m.group("unit")
            anchors.append(_Anchor("count", offset + m.start(), offset + m.end(), _num(m), unit))
            taken.append(m.span())
    return sorted(anchors, key=lambda a: a.start)


def _num(m: re.Match) -> float:
    return float(m.group("num"))


def _bandwidth(m: re.Match) -> float:
    word = m.group("bw")
    if word in _BANDWIDTH_WORDS:
        return _BANDWIDTH_WORDS[word]
    return float(m.group("num")) * (1000.0 if m.group("si") == "G" else 1.0)


@dataclass
class _Carry:
    """What a clause may leave unsaid because an earlier one in its group said it."""

    indicators: tuple[str, ...] = ()
    scope: str = ""
    # "A和B分别达到80%和90%": B waits for the second value, worded and quoted like the first.
    pending: tuple[str, ...] = ()
    comparator: str = ""
    start: int = 0


def _group_targets(
    simple: str, group: str, g_start: int, deadline: tuple[str, int | None]
) -> tuple[tuple[str, int | None], list[Target]]:
    """Targets of one clause group (a sentence up to its "；"), and the deadline after it."""
    mentions = _deadlines(group, g_start)
    carry = _Carry()
    targets: list[Target] = []
    previous_end = g_start
    for anchor in _anchors(group, g_start):
        if _is_starting_point(simple, anchor):
            continue  # "由95%提高到99%": 95% is where the target starts (its baseline)
        clause_start = _clause_start(simple, previous_end, anchor.start)
        # The latest deadline named before the value governs it: "2022年底…60%，2025年…90%".
        said = [value for start, _, value in mentions if start < anchor.start]
        made, end = _targets_at(simple, anchor, clause_start, carry, said[-1] if said else deadline)
        targets.extend(made)
        previous_end = max(end, anchor.end)
    return (mentions[-1][2] if mentions else deadline), targets


def _is_starting_point(simple: str, anchor: _Anchor) -> bool:
    before = simple[max(0, anchor.start - 12) : anchor.start]
    return bool(_FROM_HEAD.search(before) and _CHANGE.match(simple, anchor.end))


def _clause_start(simple: str, floor: int, at: int) -> int:
    start = at
    while start > floor and simple[start - 1] not in _CLAUSE_END:
        start -= 1
    while start < at and simple[start] in " \t、和及与并且":
        start += 1
    return start


def _targets_at(
    simple: str,
    anchor: _Anchor,
    clause_start: int,
    carry: _Carry,
    deadline: tuple[str, int | None],
) -> tuple[list[Target], int]:
    """The targets one value states, and where their clause ends."""
    if anchor.kind == "bandwidth":
        target = _target("带宽", anchor, "达到", deadline, anchor.scope, anchor.start, anchor.end)
        return [target], anchor.end

    left = simple[clause_start : anchor.start]
    comparator = ""
    m = _BEFORE.search(left)
    if m:
        comparator = _BEFORE_CANON.get(m.group("word"), "达到")
        left = left[: m.start()]
    left = _FROM_TAIL.sub("", left)
    end = anchor.end
    after = _AFTER.match(simple, end)
    if after and anchor.kind != "coverage":
        comparator = _AFTER_CANON.get(after.group("word"), after.group("word"))
        end = after.end()
    if anchor.kind == "coverage":
        comparator = "全覆盖"

    if left.endswith(("(", "（")):
        return [], anchor.end  # a weight in brackets: "日常监测（60%）+实地调研（20%）"
    subject, scope = _subject(left)
    yearly = _PER_YEAR.match(subject) if anchor.kind == "count" else None
    if yearly:
        subject, more = _subject(subject[yearly.end() :])
        scope += more
        anchor = replace(anchor, unit=anchor.unit + PER_YEAR)
    reaching = m is not None and m.group("word") in ("达到", "达", "超过", "不少于")
    if anchor.kind == "count" and not (reaching or _COUNT_VERB.match(subject)):
        return [], anchor.end
    right, right_end = _following_phrase(simple, end)
    if anchor.kind in ("percent", "count") and right:
        subject = subject + right
        end = right_end
    distributive = subject.endswith("分别")
    subject = subject.removesuffix("分别")

    if anchor.kind == "coverage":
        if not subject:
            subject = _covered_object(simple, clause_start)
        indicators = (_covered(subject),) if subject else ()
    elif subject:
        indicators = _split_indicators(subject)
    elif carry.pending:
        indicators, carry.pending = carry.pending[:1], carry.pending[1:]
        comparator, clause_start = comparator or carry.comparator, carry.start
    else:
        indicators = carry.indicators
    if not indicators or not any(indicators) or (anchor.kind == "count" and len(subject) < 4):
        return [], end  # "新增2400户" alone does not say of what
    if distributive and len(indicators) > 1:
        carry.pending, carry.comparator, carry.start = indicators[1:], comparator, clause_start
        indicators = indicators[:1]
    if not subject:
        scope = scope or carry.scope
    carry.indicators, carry.scope = indicators, scope
    made = [
        _target(name, anchor, comparator, deadline, scope, clause_start, end) for name in indicators
    ]
    return made, end


def _target(
    indicator: str,
    anchor: _Anchor,
    comparator: str,
    deadline: tuple[str, int | None],
    scope: str,
    start: int,
    end: int,
) -> Target:
    return Target(
        indicator=indicator,
        indicator_key=indicator_key(indicator),
        value=anchor.value,
        unit=anchor.unit,
        comparator=comparator,
        deadline=deadline[0],
        deadline_year=deadline[1],
        scope=scope,
        text="",
        start=start,
        end=end,
    )


def _subject(left: str) -> tuple[str, str]:
    """What the clause before a value measures, and the scope it names: "2022年底省级非涉密
    系统上云率" -> ("系统上云率", "省级非涉密")."""
    text = _QUOTES.sub("", _strip_deadlines(left))
    scopes: list[str] = []
    while True:
        lead = _LEAD.match(text)
        if lead and lead.end() > 0:
            text = text[lead.end() :]
            continue
        scope = _SCOPE.match(text)
        if scope:
            scopes.append(scope.group())
            text = text[scope.end() :]
            continue
        break
    if not scopes:
        # "联通市本级50个部门": the scope sits after the verb.
        inner = re.search(r"(?:省|市|县)本级|全(?:省|市|县)|非涉密", text)
        if inner:
            scopes.append(inner.group())
    return _clean_indicator(text), "".join(scopes)


def _following_phrase(simple: str, at: int) -> tuple[str, int]:
    """The words a value qualifies when it comes first: "80%行政村覆盖", "90%以上的高频事项"."""
    end = at
    while end < len(simple) and simple[end] not in _CLAUSE_END + "、(（)）?？":
        end += 1
    phrase = simple[at:end]
    if not phrase or phrase[0] in "和及与并且或等":
        return "", at
    return _clean_indicator(phrase.removeprefix("的")), end


def _split_indicators(subject: str) -> tuple[str, ...]:
    """ "电子证照出证率和电子印章加盖率" -> both; "全程网办和零跑动率" -> 全程网办率, 零跑动率."""
    parts = [p for p in _CONJ.split(subject) if p]
    if len(parts) < 2:
        return (subject,)
    suffix = _RATE_SUFFIX.search(parts[-1])
    if suffix is None:
        return (subject,)
    names = []
    exact, _ = _vocabulary()
    for part in parts:
        if _RATE_SUFFIX.search(part):
            names.append(part)
        elif part + suffix.group() in exact:
            names.append(part + suffix.group())
        else:
            return (subject,)
    return tuple(names)


def _covered(subject: str) -> str:
    """The thing covered: "电子政务外网" -> "电子政务外网覆盖"; long lists keep their head."""
    subject = subject.removesuffix("覆盖")
    if len(subject) > 12:
        subject = re.split(r"[、等]", subject)[-1] or subject
    return f"{subject}覆盖"


def _covered_object(simple: str, clause_start: int) -> str:
    """For "升级电子政务外网，实现五级全覆盖": the object of the clause before."""
    end = clause_start - 1
    if end <= 0 or simple[end] not in "，,":
        return ""
    start = end
    while start > 0 and simple[start - 1] not in _CLAUSE_END:
        start -= 1
    clause = simple[start:end]
    verb = re.match(r"^.*?(?:升级完善|升级|完善|建设|建成|推进|推动|加快|提升|扩大|拓展)", clause)
    obj = clause[verb.end() :] if verb else ""
    return _clean_indicator(obj) if 2 <= len(obj) <= 12 else ""
