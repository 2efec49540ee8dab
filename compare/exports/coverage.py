"""The coverage and evolution reports as data (JSON), a table (CSV, Excel) and a document (Word).

The table is the 对照表 planners file: one row per item of the higher plan, its status, the
lower plan's sections that carry it, and the evidence. Every format is built from the same rows;
CSV and Excel write them through ``compare.exports.spreadsheets`` (no cell runs as a formula).
"""

from __future__ import annotations

import io

from django.http import HttpResponse, JsonResponse
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from compare.coverage.covering import HAD_LABELS, STATUS_LABELS, CoverageReport, TargetRow
from compare.coverage.evolution import EvolutionReport
from compare.exports.spreadsheets import append_row, write_csv
from compare.lib.coverage import COVERED, MISSING, PARTLY
from plans.goals import described
from plans.lib.quoting import quote as in_quotes
from plans.serializers import plan_in_report_as_dict, target_values_as_dict
from plans.wording import aside

WHY = {
    "linked": gettext_lazy("对应章节"),
    "meaning": gettext_lazy("语义相近"),
    "quoted": gettext_lazy("对应且整句写到"),
    "sentence": gettext_lazy("整句写到"),
    "named": gettext_lazy("对应且写到所列事项"),
    "weak": gettext_lazy("对应较弱"),
    "sub-item": gettext_lazy("仅下级条目"),
    "tasks": gettext_lazy("未设目标，任务有对应"),
    "mentioned": gettext_lazy("仅提及"),
    "none": "",
    "curated": gettext_lazy("人工判断"),
    "passing": gettext_lazy("仅顺带提及"),
}
DIRECTIONS = {
    "stricter": gettext_lazy("更严"),
    "equal": gettext_lazy("相同"),
    "looser": gettext_lazy("更宽"),
    "missing": gettext_lazy("缺失"),
    "incomparable": gettext_lazy("无法比较"),
    "": gettext_lazy("仅下级规划设定"),
}
MIME = {
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def coverage_as_dict(report: CoverageReport) -> dict:
    """The report as the JSON API gives it (documented in docs/coverage.md)."""
    return {
        "upper": plan_in_report_as_dict(report.upper),
        "lower": plan_in_report_as_dict(report.lower),
        "relation": {
            "kind": report.relation.kind,
            "between": [j.name for j in report.relation.between],
        },
        "totals": report.totals,
        "lower_issued_first": report.precedes,
        "counted": {
            "total": report.total,
            "groups": report.groups,
            "how": _how_counted(report),
            "not_counted": [
                {"section": s.pk, "heading": s.heading, "why": why} for s, why in report.background
            ],
        },
        "chapters": [
            {"heading": c.section.heading if c.section else "", "counts": c.counts}
            for c in report.chapters
        ],
        "items": [
            {
                "section": row.section.pk,
                "label": row.section.label,
                "title": row.section.title,
                "level": row.item.level,
                "status": row.item.status,
                "why": row.item.why,
                "computed": row.item.computed or row.item.status,
                "note": row.item.decision.note if row.item.decision else "",
                "links": [
                    {"section": s.pk, "heading": s.heading, "score": round(score, 3)}
                    for s, score, _human in row.counterparts
                ],
                "mention": row.item.mention[1] if row.item.mention else "",
                "group": row.item.group,
                "terms": list(row.item.terms),
                # As the reason names them: unwritten in the section the verdict rests on,
                # a covered item's too (缺少 / 未写到的关键词).
                "missing_terms": list(row.item.missing_terms),
                "reason": row.reason,
                "quote": _quote(row),
                "evidence": [
                    {
                        "section": s.pk,
                        "heading": s.heading,
                        "score": None if e.score is None else round(e.score, 3),
                        "found": "search" if e.score is None else "link",
                        "found_terms": list(e.found),
                        "missing_terms": list(e.missing),
                        "sentence": e.sentence,
                        "weak": e.weak,
                        "shared": list(e.shared),
                        "content": round(e.content, 3),
                        "alike": round(e.alike, 3),
                        "body_share": round(e.body, 3),
                        "body_found": list(e.body_found),
                        "body_missing": list(e.body_missing),
                        "said": round(e.said, 3),
                        "takes_up": e.takes_up,
                        "whole": e.whole,
                        "objects": list(e.objects),
                        "holds_quote": e.holds_quote,
                    }
                    for s, e in row.evidence
                ],
                "passing": _passing(row),
                "searched_sections": row.item.searched,
            }
            for row in report.rows
        ],
        "additions": [{"section": s.pk, "heading": s.heading} for s in report.additions],
        "additions_within_tasks": [{"section": s.pk, "heading": s.heading} for s in report.details],
        "targets": [_target(row) for row in report.targets],
    }


def _passing(row) -> dict | None:
    """Where a 未体现 item's terms stand only in passing (a list, words used everywhere)."""
    e = row.item.passing
    if e is None:
        return None
    section = row.sections_by_id.get(e.section)
    return {
        "section": e.section,
        "heading": section.heading if section else "",
        "sentence": e.sentence,
        "found_terms": list(e.found),
    }


def evolution_as_dict(report: EvolutionReport) -> dict:
    def topics(rows):
        return [{"section": r.section.pk, "heading": r.section.heading} for r in rows]

    return {
        "from": plan_in_report_as_dict(report.earlier),
        "to": plan_in_report_as_dict(report.later),
        "same_jurisdiction": report.same_jurisdiction,
        "topics": {
            "continued": topics(report.continued),
            "dropped": topics(report.dropped),
            "new": [{"section": s.pk, "heading": s.heading} for s in report.new],
            "new_within_continued": [
                {"section": s.pk, "heading": s.heading} for s in report.new_details
            ],
        },
        "targets": {
            name: [_target(row) for row in rows]
            for name, rows in (
                ("raised", report.raised),
                ("lowered", report.lowered),
                ("kept", report.kept),
                ("met_and_dropped", report.met_and_dropped),
                ("dropped", report.dropped_targets),
                ("new", report.new_targets),
                ("unclear", report.unclear),
            )
        },
    }


def coverage_table(report: CoverageReport) -> list[list[str]]:
    """The 对照表: a header, then one row per upper item, then the targets, then additions,
    then the upper plan's background sections the totals leave out (不计入, and why)."""
    head = [_("上级规划条目"), _("落实情况"), _("依据"), _("下级规划对应章节"), _("说明")]
    head += [_("类别"), _("理由"), _("原文摘引")]
    rows = [head]
    for row in report.rows:
        where = _("；").join(
            # Weak is a link holding few of the item's terms, however likely: 弱对应 beside
            # 对应可能性 0.90 read as a contradiction. In English the parentheses are Latin.
            s.heading + aside(_score(e)) + (_("，少含本条关键词") if e.weak else "")
            for s, e in row.evidence
        )
        rows.append(
            [
                "　" * row.item.level + row.section.heading,
                row.status_label,
                str(WHY[row.item.why]),
                where,
                row.curated,
                row.group_label,
                row.reason,
                _quote(row),
            ]
        )
    for target in report.targets:
        rows.append(
            [
                _("指标：") + target.name,
                str(DIRECTIONS[target.pair.direction]),
                _("原文乱码，不可靠") if target.pair.unreliable else "",
                _("；").join(described(t) for t in target.lower),
                # Under 说明, named: the page sets the higher plan's value in a column of its own.
                _upper_value(target),
            ]
        )
    # As the page lists them: whole topics, then its own items inside taken-up tasks, named so.
    rows += [["", _("本地特色"), "", s.heading, ""] for s in report.additions]
    if report.details:
        within = _("已有任务之下的本地内容") if report.precedes else _("已落实任务之下的本地内容")
        rows += [["", _("本地特色"), "", s.heading, within] for s in report.details]
    # Last, as the page lists them apart: the background the totals leave out, marked so.
    for s, why in report.background_rows:
        rows.append([s.heading or s.get_kind_display(), _("不计入"), "", "", "", why])
    return rows


def evolution_target_groups(report: EvolutionReport) -> list[tuple[str, str, list[TargetRow]]]:
    """(label, direction class, rows) of the target changes, in the order a reader wants them."""
    return [
        (_("提高"), "stricter", report.raised),
        (_("降低"), "looser", report.lowered),
        (_("延续"), "equal", report.kept),
        (_("已到期不再设定"), "missing", report.met_and_dropped),
        (_("不再设定"), "missing", report.dropped_targets),
        (_("新设"), "", report.new_targets),
        (_("无法比较"), "incomparable", report.unclear),
    ]


def evolution_table(report: EvolutionReport) -> list[list[str]]:
    rows = [[_("类别"), _("前一规划"), _("后一规划")]]
    for r in report.continued:
        # The sections the page points to (its evidence, weak links left out), not the stored
        # links: a table that named other sections, or none, would contradict the page.
        later = _("；").join(s.heading or s.get_kind_display() for s, e in r.evidence if not e.weak)
        rows.append([r.evolution_label, r.section.heading, later])
    rows += [[_("不再提及"), r.section.heading, ""] for r in report.dropped]
    rows += [[_("新增"), "", s.heading] for s in [*report.new, *report.new_details]]
    for label, _css, found in evolution_target_groups(report):
        for t in found:
            rows.append([label, _values(t.upper, t.name), _values(t.lower, t.name)])
    return rows


def export(report: CoverageReport, fmt: str) -> HttpResponse:
    title = _("上下衔接对照表：《%(upper)s》→《%(lower)s》") % {
        "upper": report.upper.title,
        "lower": report.lower.title,
    }
    name = f"coverage-{report.upper.slug}-{report.lower.slug}"
    return _report_file(
        report, fmt, name, title, coverage_as_dict, coverage_table, coverage_summary
    )


def _report_file(report, fmt: str, name: str, title: str, as_dict, table, summary) -> HttpResponse:
    """A report as ``fmt``: its JSON, or its table under its title and summary."""
    if fmt == "json":
        return _json_file(as_dict(report), name)
    return _table_response(table(report), fmt, name, title, summary(report))


def coverage_summary(report: CoverageReport) -> list[str]:
    """What the page says above its table: the totals and how they were counted, and the
    notices on the two plans' relation, in the page's own words (the Word document's opening)."""
    labels = HAD_LABELS if report.precedes else STATUS_LABELS
    counts = _("、").join(
        f"{labels[s]} {report.totals.get(s, 0)}" for s in (COVERED, PARTLY, MISSING)
    )
    lines = [
        f"{report.total}{_('条上级任务')}{_('：')}{counts}{_('；')}"
        f"{report.addition_count}{_('项本地特色')}",
        _how_counted(report),
    ]
    if report.precedes:
        lines.append(
            _(
                "下级规划印发于 %(lower)s，早于上级规划（%(upper)s）。"
                "下面是它已经写有的内容，不是它对上级文件的落实。"
            )
            % {"lower": report.lower.issued.isoformat(), "upper": report.upper.issued.isoformat()}
        )
    names = {"upper": report.upper.jurisdiction.name, "lower": report.lower.jurisdiction.name}
    if report.relation.kind == "skipped":
        between = _("、").join(j.name for j in report.relation.between)
        lines.append(
            _(
                "%(upper)s不是%(lower)s的直接上级：目录中没有%(between)s的规划，"
                "这里对照的是最近的上级规划。"
            )
            % {**names, "between": between}
        )
    elif report.relation.kind == "not-above":
        lines.append(
            _(
                "%(upper)s不是%(lower)s的上级行政区：下面按上下级的方式对照，"
                "请留意两者并无隶属关系。"
            )
            % names
        )
    return lines


def export_evolution(report: EvolutionReport, fmt: str) -> HttpResponse:
    title = _("前后规划对照：《%(a)s》→《%(b)s》") % {
        "a": report.earlier.title,
        "b": report.later.title,
    }
    name = f"evolution-{report.earlier.slug}-{report.later.slug}"
    return _report_file(
        report, fmt, name, title, evolution_as_dict, evolution_table, evolution_summary
    )


def evolution_summary(report: EvolutionReport) -> list[str]:
    """What the page says above its lists: the three totals, and its notice when the plans are
    of different places (the Word document's opening, the Excel's 说明 sheet)."""
    totals = (
        (_("延续"), len(report.continued)),
        (_("新增"), report.new_count),
        (_("不再提及"), len(report.dropped)),
    )
    lines = [_("、").join(f"{word} {n}" for word, n in totals)]
    if not report.same_jurisdiction:
        lines.append(_("两份规划属于不同地区：这里把它们当作同类规划的前后两个时期来对照。"))
    if report.same_era:
        lines.append(same_era_notice(report))
    return lines


def same_era_notice(report: EvolutionReport) -> str:
    """What the page and the files say when both plans are of one planning period."""
    return _(
        "两份规划属于同一规划期（%(era)s）：对照的是这一时期内先后印发的两份规划，"
        "不是跨时期的变化。"
    ) % {"era": report.earlier.era.name}


def _json_file(data: dict, name: str) -> HttpResponse:
    """The page's JSON, offered under 导出 beside the other files: a file too, as the compare
    page's is (the API, /api/coverage/ and /api/evolution/, answers the same shape inline)."""
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response


def _table_response(
    rows: list[list[str]], fmt: str, name: str, title: str, opening: list[str] = ()
) -> HttpResponse:
    if fmt == "csv":
        body = io.StringIO()
        write_csv(body, rows)
        content: bytes = body.getvalue().encode("utf-8")
    elif fmt == "xlsx":
        content = _xlsx(rows, title, opening)
    else:
        content = _docx(rows, title, opening)
    response = HttpResponse(content, content_type=MIME[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _xlsx(rows: list[list[str]], title: str, opening: list[str] = ()) -> bytes:
    """The table on the first sheet (the one a reader opens on, its header fixed at row 2 for
    whoever reads it), and what the Word document opens with (totals, how they were counted,
    notices) on a second sheet, 说明: below a table of some hundred rows it would be found
    last, and above it it would move the header row every reader of the table relies on."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("对照表")
    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=13)
    for row in rows:
        append_row(sheet, row)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDE", (44, 12, 14, 50, 60), strict=False):
        sheet.column_dimensions[column].width = width
    for line in sheet.iter_rows(min_row=3):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A3"
    if opening:
        about = book.create_sheet(pgettext("sheet name", "说明"))
        append_row(about, [title])
        about["A1"].font = Font(bold=True, size=13)
        for line in opening:
            append_row(about, [line])
        about.column_dimensions["A"].width = 100
        for line in about.iter_rows(min_row=2):
            line[0].alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _docx(rows: list[list[str]], title: str, opening: list[str] = ()) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")  # Chinese text in a Chinese face
    document.add_heading(title, level=1)
    for line in opening:
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=len(rows[0]))
    table.style = "Table Grid"
    for i, row in enumerate(rows):
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            cell.text = value
            if i == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _target(row: TargetRow) -> dict:
    def side(targets):
        return [{**target_values_as_dict(t), "unreliable": t.reading.unreliable} for t in targets]

    return {
        "indicator": row.name,
        "direction": row.pair.direction,
        "why": row.pair.why,
        "unreliable": row.pair.unreliable,
        "upper": side(row.upper),
        "lower": side(row.lower),
    }


def _how_counted(report: CoverageReport) -> str:
    # Each count names its own noun, so English says "1 target" beside "27 tasks".
    def counted(singular: str, plural: str, n: int) -> str:
        return ngettext(singular, plural, n) % {"n": n}

    groups = report.groups
    return _(
        "%(goals)s、%(tasks)s、%(safeguards)s；现状与形势、指导思想和基本原则以及只作分组的标题"
        "（%(sections)s）不计入。"
    ) % {
        "goals": counted("目标 %(n)d 条", "目标 %(n)d 条", groups.get("goals", 0)),
        "tasks": counted("任务 %(n)d 条", "任务 %(n)d 条", groups.get("tasks", 0)),
        "safeguards": counted(
            "保障措施 %(n)d 条", "保障措施 %(n)d 条", groups.get("safeguards", 0)
        ),
        "sections": counted("%(n)d 节", "%(n)d 节", len(report.background)),
    }


def _upper_value(target: TargetRow) -> str:
    if not target.upper:
        return ""
    return _("上级规划") + _("：") + _("；").join(described(t) for t in target.upper)


def _quote(row) -> str:
    quote = row.quote
    if not quote or row.item.status == "missing":
        return ""
    return quote[0].heading + _("：") + in_quotes(quote[1])


def _score(evidence) -> str:
    if evidence.human:
        return _("人工确认")
    if evidence.holds_quote:
        return _("所引句子在此")
    if evidence.score is None:
        return _("全文查找")
    # As the page rounds it (floatformat: 0.995 is 1.00 there, where "%.2f" gives 0.99).
    return floatformat(evidence.score, 2)


def _values(targets, name: str) -> str:
    if not targets:
        return ""
    return name + _("：") + _("；").join(described(t) for t in targets)
