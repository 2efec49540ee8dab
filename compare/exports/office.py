"""对照表 as planners circulate them: Word (.docx) and Excel (.xlsx), one column per plan.

A title block names the plans (title, 文号, date); a row per comparison row; each first-plan
chapter opens with a merged heading row; the marks of the page are kept (shared passages
underlined, a plan's own terms and figures in bold). Built from the same ``Comparison`` the page
shows, so the same filters apply. Cells that a spreadsheet would read as a formula are
neutralised (``compare.exports.spreadsheets``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from compare.alignment.reasons import band_words
from compare.exports.comparison import notes_cell, topic_words
from compare.exports.spreadsheets import append_row, safe_cell
from compare.forms import CompareForm
from compare.lib.marking import DISTINCT, NUMBER, SHARED
from compare.models import SectionLink
from compare.reading.comparing import Comparison, RowView, SectionView
from compare.reading.picking import column_labels
from compare.reading.values import LinkInfo, untitled_name
from plans.wording import listed

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    underline: bool = False
    italic: bool = False  # said about the text (a link's status), not the plan's own words


@dataclass(frozen=True)
class ChapterRow:
    """Where a chapter of the first plan starts: one heading merged across the plans."""

    heading: str


@dataclass
class TableRow:
    cells: list[list[Run]] = field(default_factory=list)
    note: str = ""  # the row's notes, for the notes column


def table_rows(comparison: Comparison, notes: dict | None = None) -> list[ChapterRow | TableRow]:
    notes = notes or {}
    rows: list[ChapterRow | TableRow] = []
    chapters = {c.pk: c for c in comparison.chapters}
    current = None
    for row in comparison.rows:
        if row.chapter != current and row.chapter in chapters:
            current = row.chapter
            rows.append(ChapterRow(_chapter_heading(chapters[current])))
        cells = [_cell(row, i) for i in range(len(row.cells))]
        rows.append(TableRow(cells=cells, note=notes_cell(notes.get(row.anchor))))
    return rows


def _chapter_heading(chapter) -> str:
    # An untitled preface is a chapter too; named by its kind, as the page names it in its row.
    return f"{chapter.label} {chapter.title or untitled_name(chapter)}".strip() or _("（未命名）")


def title_lines(comparison: Comparison) -> list[str]:
    """A line per plan, its label then its title, number and date; in English the colon and
    commas between them are Latin, as the English pages write around names (names as printed)."""
    lines = []
    for plan, label in zip(comparison.plans, column_labels(comparison.plans), strict=True):
        facts = [plan.title]
        if plan.doc_number:
            facts.append(plan.doc_number)
        if plan.issued:
            facts.append(plan.issued.isoformat())
        lines.append(label + _("：") + listed(facts))
    # One line names every filter, joined as the page's filter summary joins them.
    said = _filters_in_words(comparison)
    if comparison.filters.terms:
        words = topic_words(comparison)
        said.insert(0, _("只含提到“%(words)s”的行（繁简通用）") % {"words": words})
    if said:
        lines.append(_("筛选：%(filters)s") % {"filters": _("；").join(said)})
    return lines


def _filters_in_words(comparison: Comparison) -> list[str]:
    """The filters besides the topic that chose these rows, named by the page's own form
    (CompareForm's labels and choices): a file of six rows must not read as the whole
    comparison."""
    filters, fields = comparison.filters, CompareForm.base_fields
    said = []
    if filters.chapter is not None:
        chapter = next((c for c in comparison.chapters if c.pk == filters.chapter), None)
        if chapter is not None:
            said.append(_field(fields["chapter"].label, _chapter_heading(chapter)))
    if filters.min_score:
        said.append(_field(fields["min"].label, f"≥{filters.min_score:g}"))
    if filters.part:
        part = dict(fields["part"].choices).get(filters.part, filters.part)
        said.append(_field(fields["part"].label, part))
    if filters.differ:
        said.append(str(fields["differ"].label))
    if filters.unique:
        said.append(str(fields["unique"].label))
    if filters.lead:
        said.append(_field(fields["lead"].label, filters.lead))
    return said


def _field(name: str, value: str) -> str:
    return _("%(filter)s：%(value)s") % {"filter": name, "value": value}


def _headers(comparison: Comparison, notes: dict | None) -> list[str]:
    """One column per plan, and one for the notes when the reader has any on these rows."""
    return column_labels(comparison.plans) + ([_("笔记")] if notes else [])


def as_docx(comparison: Comparison, *, notes: dict | None = None) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    document = Document()
    page = document.sections[0]
    page.orientation = WD_ORIENT.LANDSCAPE
    page.page_width, page.page_height = page.page_height, page.page_width
    document.add_heading(_("规划对照表"), level=1)
    for line in title_lines(comparison):
        document.add_paragraph(line)
    labels = _headers(comparison, notes)
    table = document.add_table(rows=1, cols=len(labels))
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, labels, strict=True):
        cell.paragraphs[0].add_run(label).bold = True
    _repeat_on_each_page(table.rows[0])
    for row in table_rows(comparison, notes):
        cells = table.add_row().cells
        if isinstance(row, ChapterRow):
            merged = cells[0].merge(cells[-1])
            merged.paragraphs[0].add_run(row.heading).bold = True
            continue
        if notes:
            cells[-1].paragraphs[0].add_run(row.note).font.size = Pt(9)
        for cell, runs in zip(cells[: len(row.cells)], row.cells, strict=True):
            paragraph = cell.paragraphs[0]
            for run in runs:
                written = paragraph.add_run(run.text)
                written.bold = run.bold or None
                written.underline = run.underline or None
                written.italic = run.italic or None
                written.font.size = Pt(9)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _repeat_on_each_page(row) -> None:
    """Word repeats a row marked as the table's header at the top of every page it spans
    (python-docx has no property for it: w:tblHeader on the row's properties)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def as_xlsx(comparison: Comparison, *, notes: dict | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("对照表")
    headers = _headers(comparison, notes)
    width = len(headers)
    append_row(sheet, [_("规划对照表")])
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    for line in title_lines(comparison):
        append_row(sheet, [line])
    append_row(sheet, [])
    append_row(sheet, headers)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = f"A{sheet.max_row + 1}"  # the plans' names stay in view on scrolling
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in table_rows(comparison, notes):
        if isinstance(row, ChapterRow):
            append_row(sheet, [row.heading])
            n = sheet.max_row
            sheet.merge_cells(start_row=n, start_column=1, end_row=n, end_column=width)
            sheet.cell(n, 1).font = Font(bold=True)
            continue
        append_row(sheet, [""] * width)
        n = sheet.max_row
        for column, runs in enumerate(row.cells, 1):
            blocks = [
                TextBlock(
                    InlineFont(b=r.bold, i=r.italic, u="single" if r.underline else None), r.text
                )
                if r.bold or r.underline or r.italic
                else r.text
                for r in runs
                if r.text
            ]
            if blocks and isinstance(blocks[0], str):
                blocks[0] = safe_cell(blocks[0])
            elif blocks:
                blocks[0].text = safe_cell(blocks[0].text)
            cell = sheet.cell(n, column)
            cell.value = CellRichText(blocks) if blocks else ""
            cell.alignment = wrap
        if notes:
            cell = sheet.cell(n, width)
            cell.value = safe_cell(row.note)
            cell.alignment = wrap
    for column in range(1, len(comparison.plans) + 1):
        sheet.column_dimensions[chr(64 + column)].width = 60
    if notes:
        sheet.column_dimensions[chr(64 + width)].width = 30
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(row: RowView, index: int) -> list[Run]:
    cell = row.cells[index]
    runs: list[Run] = []
    for view in cell.sections:
        if runs:
            runs.append(Run("\n"))
        if view.link is not None:
            runs.append(Run(_status(view.link) + "\n", italic=True))
        for rejection in view.rejected:  # why a counterpart is not beside it, as on the page
            runs.append(Run(rejection.line + "\n", italic=True))
        heading = f"{view.section.label} {view.section.title}".strip()
        body = _body(view)
        end = "\n" if body else ""
        if untitled := untitled_name(view.section):
            # Said about the section, not its words: in italics, as the page sets it apart.
            if heading:
                runs.append(Run(heading + " ", bold=True))
            runs.append(Run(untitled + end, italic=True))
        elif heading:
            runs.append(Run(heading + end, bold=True))
        runs.extend(body)
        if duty_line := view.section.duty_line:
            runs.append(Run("\n" + duty_line))
    # The page's pointer to a counterpart placed in another row ("也见于其他行") stays on the
    # page: a circulated table's cells are read and copied as the plan's own words, and the
    # section it names is printed in full in its own row (CSV says where each line sits).
    # A plan with no section here reads as the page's dash, in a row of its own or one that
    # other plans share alike: a blank cell looks like text lost in the export.
    if not runs:
        runs.append(Run("—"))
    return runs


def _status(link: LinkInfo) -> str:
    """How sure the link is, as the page's bands say: 很可能对应（0.93）, else the person's
    decision (已确认, 人工添加). A circulated table must not pass a guess off as a decision."""
    if link.status == SectionLink.Status.AUTO:
        return band_words(link.score, gettext=_)
    if link.note:  # the curator's reason travels with the decision, as on the page
        return f"{link.status_label}{_('；')}{_('说明：')}{link.note}"
    return link.status_label


def _body(view: SectionView) -> list[Run]:
    if not view.pieces:
        return [Run(view.section.body)] if view.section.body else []
    return [
        Run(
            p.text,
            bold=bool(p.marks & {DISTINCT, NUMBER}),
            underline=SHARED in p.marks,
        )
        for p in view.pieces
    ]
