"""Who leads a task and by when: 牵头单位, 责任单位 and 完成时限 as plans print them.

Pure Python: nothing here imports Django or any models module. ``read_duties`` reads a
section's text: the bracket after a task
(（牵头责任单位：区财政局；责任单位：区税务局）, （责任单位：市体育局、各区政府）,
（省发展改革委牵头，省工信厅等相关部门配合）, （6月底完成，牵头考核单位：市工信局）)
or a line of its own (责任单位：市发改委). ``without_duties`` removes what it reads,
so that measures of what a plan does are not made of office names. ``read_rows`` reads
table rows (a 专栏's project list, a 任务分工表) that the parser gives as lines of cells,
``read_projects`` a 专栏's items, ``read_plan_projects`` both over a plan's sections.

Brackets are found with their nesting (各镇（街道） stays one body) and read with the
whitespace inside them removed, so a bracket broken across lines (（责⏎任单位：…）) reads
as one. Keywords are matched in the simplified text, bodies are returned as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plans.parsing.text import to_simplified

# Labels that name bodies; the ones naming the lead first, since 牵头责任单位 holds 责任单位.
_LEAD_LABELS = ("牵头责任单位", "牵头考核单位", "牵头单位", "牵头部门", "主责单位", "牵头")
_OTHER_LABELS = (
    *("责任单位", "责任部门", "配合单位", "配合部门", "协办单位", "协同单位", "参与单位"),
    *("责任主体", "配合"),
)
_DEADLINE_LABELS = ("完成时限", "完成时间", "时间节点", "时限")
_LABEL = re.compile(
    "(?:^|(?<=[，,；;]))("
    + "|".join(sorted((*_LEAD_LABELS, *_OTHER_LABELS, *_DEADLINE_LABELS), key=len, reverse=True))
    + ")[：:]"
)
# A line of its own that assigns bodies: 责任单位：市发改委、市财政局
_LINE = re.compile(
    r"^[ \t\u3000]*(?:"
    + "|".join(sorted((*_LEAD_LABELS[:-1], *_OTHER_LABELS), key=len, reverse=True))
    + r")[：:][^\n]+",
    re.MULTILINE,
)
_CLAUSE = re.compile(r"[，,；;]")
_BODIES = re.compile(
    r"[、，,；;/]|(?<=[局委厅办门府会心院部队司行组室处站社团])(?:以及|和|及)(?=[省市区县州旗各镇乡国中])"
)
_LEADS = re.compile(r"^(?P<bodies>.+?)(?:共同)?牵头(?:负责|实施|推进)?$")
_HELPS = re.compile(r"^(?P<bodies>.+?)(?:按职责分工|按职责|分别)?(?:配合|参与|协同配合|协助|负责)$")
# …等, …等部门, …等相关部门, …等省直部门: the bodies named, not the others meant.
_TRAILING = re.compile(r"(?:等(?:[^等、]{0,6}(?:部门|单位|机构))?|按职责分工|按职责|分别)$")
_DEADLINE = re.compile(
    r"^(?:(?:19|20)\d{2}(?:[—–\-~至到](?:19|20)?\d{2})?年|\d{1,2}月|持续|长期|按进度|按年度|按计划|"
    r"常态化|年内|年底|年前|本年|逐年|每年|当年|近期|中期|远期|立即|即时|限期)"
)
_YEAR = re.compile(r"(?:19|20)\d{2}")
_LONGEST = 400  # characters inside a bracket; longer brackets are explanations, not assignments


@dataclass(frozen=True)
class Duties:
    lead: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    deadline: str = ""
    year: int | None = None  # when the deadline states one: the last year it names

    def as_dict(self) -> dict:
        return {
            "lead": list(self.lead),
            "responsible": list(self.responsible),
            "deadline": self.deadline,
            "year": self.year,
        }


@dataclass(frozen=True)
class Project:
    """A row of a 专栏 or a task table: what is done, by whom, when and for how much."""

    name: str
    content: str = ""
    period: str = ""  # 建设期限 / 完成时限 as printed
    investment: str = ""  # as printed, with its unit: 3.5亿元
    lead: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "content": self.content,
            "period": self.period,
            "investment": self.investment,
            "lead": list(self.lead),
            "responsible": list(self.responsible),
        }


@dataclass
class _Reading:
    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    deadline: str = ""

    def add(self, found: Duties) -> None:
        self.lead += [b for b in found.lead if b not in self.lead]
        self.responsible += [b for b in found.responsible if b not in self.responsible]
        self.deadline = self.deadline or found.deadline

    def done(self) -> Duties | None:
        if not (self.lead or self.responsible or self.deadline):
            return None
        responsible = tuple(b for b in self.responsible if b not in self.lead)
        return Duties(tuple(self.lead), responsible, self.deadline, _year(self.deadline))


def read_duties(text: str) -> Duties | None:
    """The bodies and deadline that ``text`` assigns, None when it assigns none.

    >>> read_duties("…拓宽融资渠道。（牵头责任单位：区金融工作局；责任单位：区发改局）").lead
    ('区金融工作局',)
    """
    reading = _Reading()
    for _start, _end, found in _assignments(text):
        reading.add(found)
    return reading.done()


def without_duties(text: str) -> str:
    """``text`` without the brackets and lines that ``read_duties`` reads."""
    spans = [(start, end) for start, end, _found in _assignments(text)]
    for start, end in reversed(spans):
        text = text[:start] + text[end:]
    return text


def read_projects(items: list[tuple[str, str]]) -> list[Project]:
    """A 专栏's items, (title, text) each, read as projects: content, period, investment, bodies."""
    projects = []
    for title, body in items:
        duties = read_duties(title + "\n" + body)
        content = without_duties(body).strip()
        projects.append(
            Project(
                name=without_duties(title).strip(),
                content=content,
                period=_period(title + content),
                investment=_investment(title + content),
                lead=duties.lead if duties else (),
                responsible=duties.responsible if duties else (),
            )
        )
    return projects


# Column headings of project lists and task tables, by what they hold.
_COLUMNS = {
    "name": re.compile(
        r"^(?:项目名称|项目|名称|工程名称|重点任务|主要任务|工作任务|任务名称|任务)$"
    ),
    "content": re.compile(
        r"^(?:建设内容|主要内容|工作内容|具体内容|项目内容|任务内容|具体措施|工作措施|主要建设内容|内容)$"
    ),
    "period": re.compile(
        r"^(?:建设期限|建设年限|建设周期|实施期限|实施年限|实施周期|起止年限|完成时限|完成时间|时间节点|时限)$"
    ),
    "investment": re.compile(r"^(?:总投资|投资|投资额|估算投资|计划投资)(?:[（(].*[）)])?$"),
    "lead": re.compile(r"^(?:牵头单位|牵头部门|牵头责任单位|责任单位[（(]牵头[）)])$"),
    "responsible": re.compile(
        r"^(?:责任单位|责任部门|配合单位|配合部门|参与单位|实施主体|建设单位)$"
    ),
}
_CELL_SEPARATOR = re.compile(r"\t|\u3000+| {2,}|\|")


def read_rows(text: str) -> list[Project]:
    """Rows of a table printed as lines of cells (a 专栏 project list, a 任务分工表).

    A header line names the columns (项目名称, 建设内容, 建设期限, 总投资, 牵头单位, 责任单位,
    完成时限…); each following line with as many cells is a row. Text with no such header
    gives no rows.
    """
    lines = [ln for ln in text.splitlines() if ln.strip()]
    for n, line in enumerate(lines):
        columns = _header(_cells(line))
        if columns is None:
            continue
        rows = []
        for row_line in lines[n + 1 :]:
            cells = _cells(row_line)
            if len(cells) != len(columns):
                break
            rows.append(_row(dict(zip(columns, cells, strict=True))))
        return [r for r in rows if r.name]
    return []


def _header(cells: list[str]) -> list[str] | None:
    if len(cells) < 2:
        return None
    columns = []
    for cell in cells:
        cell = re.sub(r"\s+", "", to_simplified(cell))
        kind = next((k for k, pattern in _COLUMNS.items() if pattern.match(cell)), "")
        if not kind and cell not in ("序号", "编号", "序"):
            kind = "other"
        columns.append(kind or "number")
    named = [c for c in columns if c not in ("number", "other")]
    if "name" not in named or len(named) < 2 or len(set(named)) < len(named):
        return None
    return columns


def _row(cells: dict[str, str]) -> Project:
    return Project(
        name=cells.get("name", ""),
        content=cells.get("content", ""),
        period=cells.get("period", ""),
        investment=cells.get("investment", ""),
        lead=tuple(_bodies(cells.get("lead", ""))),
        responsible=tuple(_bodies(cells.get("responsible", ""))),
    )


def _cells(line: str) -> list[str]:
    return [c.strip() for c in _CELL_SEPARATOR.split(line.strip().strip("|")) if c.strip()]


def _assignments(text: str) -> list[tuple[int, int, Duties]]:
    """(start, end, duties) of every bracket and line in ``text`` that assigns bodies."""
    simple = to_simplified(text)
    if len(simple) != len(text):  # a phrase conversion moved the offsets: read the simplified
        text = simple
    found: list[tuple[int, int, Duties]] = []
    for start, end in _brackets(simple):
        if end - start - 2 > _LONGEST:
            continue
        if any(s <= start and end <= e for s, e, _ in found):
            continue
        inner = re.sub(r"\s+", "", simple[start + 1 : end - 1])
        duties = _read_inside(inner, original=re.sub(r"\s+", "", text[start + 1 : end - 1]))
        if duties is not None:
            found = [f for f in found if not (start <= f[0] and f[1] <= end)]
            found.append((start, end, duties))
    taken = [(s, e) for s, e, _ in found]
    for m in _LINE.finditer(simple):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        inner = re.sub(r"\s+", "", m.group())
        original = re.sub(r"\s+", "", text[m.start() : m.end()])
        duties = _read_inside(inner.rstrip("。"), original=original.rstrip("。"))
        if duties is not None:
            found.append((m.start(), m.end(), duties))
    return sorted(found, key=lambda f: f[0])


def _brackets(text: str) -> list[tuple[int, int]]:
    """Every matched bracket pair, (start, end after the closing one), inner pairs first."""
    pairs, opened = [], []
    for n, char in enumerate(text):
        if char in "（(":
            opened.append(n)
        elif char in "）)" and opened:
            pairs.append((opened.pop(), n + 1))
    return pairs


def _read_inside(inner: str, *, original: str) -> Duties | None:
    labels = list(_LABEL.finditer(inner))
    if labels:
        return _read_labelled(inner, original, labels)
    return _read_clauses(inner, original)


def _read_labelled(inner: str, original: str, labels: list[re.Match]) -> Duties | None:
    """（牵头责任单位：A、B；责任单位：C）, （持续推进，牵头考核单位：A）, （完成时限：2025年底）"""
    reading = _Reading()
    before = inner[: labels[0].start()].strip("，,；;")
    if before:
        if not _DEADLINE.match(before):
            return None
        reading.deadline = original[: len(before)]
    for n, label in enumerate(labels):
        stop = labels[n + 1].start() if n + 1 < len(labels) else len(inner)
        value = original[label.end() : stop].strip("，,；;。")
        name = label.group(1)
        if name in _DEADLINE_LABELS:
            reading.deadline = reading.deadline or value
        elif name in _LEAD_LABELS:
            reading.lead += [b for b in _bodies(value) if b not in reading.lead]
        else:
            reading.responsible += [b for b in _bodies(value) if b not in reading.responsible]
    if not (reading.lead or reading.responsible):
        return None
    return reading.done()


def _read_clauses(inner: str, original: str) -> Duties | None:
    """（省发展改革委牵头，省工信厅、省商务厅等相关部门配合）, （2025年底前完成，省政务办牵头）"""
    if "牵头" not in inner:
        return None
    reading = _Reading()
    at = 0
    for clause in _CLAUSE.split(inner):
        printed = original[at : at + len(clause)]
        at += len(clause) + 1
        if not clause:
            continue
        if m := _LEADS.match(clause):
            reading.lead += _bodies(printed[: m.end("bodies")])
        elif m := _HELPS.match(clause):
            reading.responsible += _bodies(printed[: m.end("bodies")])
        elif _DEADLINE.match(clause) and not reading.deadline:
            reading.deadline = printed
        else:
            return None
    if not reading.lead:
        return None
    return reading.done()


def _bodies(value: str) -> list[str]:
    bodies = []
    for part in _BODIES.split(value):
        body = part.strip(" 。.")
        while (trimmed := _TRAILING.sub("", body)) != body:
            body = trimmed
        body = body.removeprefix("由")
        if body and body not in bodies:
            bodies.append(body)
    return bodies


def _year(deadline: str) -> int | None:
    years = _YEAR.findall(deadline)
    return int(years[-1]) if years else None


_PERIOD = re.compile(
    r"(?:19|20)\d{2}\s*(?:年)?\s*[—–\-~至到]\s*(?:19|20)?\d{2}\s*年|(?:19|20)\d{2}年(?:底|前)?"
)
_INVESTMENT = re.compile(
    r"(?:总投资|投资|投资额|估算投资|计划投资)(?:约|达|超过|共计|为)?\s*(\d+(?:\.\d+)?\s*(?:亿元|万元|亿|万))"
)


def _period(text: str) -> str:
    m = _PERIOD.search(text)
    return re.sub(r"\s+", "", m.group()) if m else ""


def _investment(text: str) -> str:
    m = _INVESTMENT.search(to_simplified(text))
    return re.sub(r"\s+", "", m.group(1)) if m else ""


@dataclass(frozen=True)
class SectionText:
    key: object  # anything that names the section: an index, a primary key
    parent: object | None
    kind: str
    title: str
    body: str


def read_plan_projects(sections: list[SectionText]) -> dict[object, list[Project]]:
    """Projects per section key: a 专栏's items, or rows of a table printed in a section's text."""
    items: dict[object, list[tuple[str, str]]] = {}
    for s in sections:
        if s.kind == "box_item" and s.parent is not None:
            items.setdefault(s.parent, []).append((s.title, s.body))
    found: dict[object, list[Project]] = {}
    for s in sections:
        rows = read_rows(s.body)
        if s.kind == "box" and s.key in items:
            rows = read_projects(items[s.key]) + rows
        if rows:
            found[s.key] = rows
    return found
