"""Plans saved as Word files: generated numbering written out, tables, content controls, damage."""

from __future__ import annotations

import html
import io
import zipfile

import pytest

from plans.parsing import (
    PlanParseError,
    SectionKind,
    parse_plan,
)
from tests.plans.parsing.support import (
    HN,
    PLAN,
    PLAN_TREE,
    SEEDS,
    WC,
    Y22,
    assert_well_formed,
    find_section,
    outline,
    parsed_seed,
)

_WORD = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(blocks: list[str], **parts: str) -> bytes:
    """A minimal Word file whose body holds ``blocks`` (w:p and w:tbl elements); ``parts``
    adds word/numbering.xml or word/styles.xml (their inner XML)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name, xml in parts.items():
            root = name.rstrip("s") if name == "styles" else name
            archive.writestr(f"word/{name}.xml", f"<w:{root} {_WORD}>{xml}</w:{root}>")
        archive.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document {_WORD}><w:body>'
            + "".join(blocks)
            + "<w:sectPr/></w:body></w:document>",
        )
    return out.getvalue()


def _w_p(text: str, *, num: str = "", level: int = 0, style: str = "") -> str:
    # Word splits a paragraph's text into runs wherever formatting changes: split it too.
    runs = "".join(
        f'<w:r><w:t xml:space="preserve">{html.escape(text[i : i + 7])}</w:t></w:r>'
        for i in range(0, len(text), 7)
    )
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num:
        props += f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>'
    return f"<w:p><w:pPr>{props}</w:pPr>{runs}</w:p>"


@pytest.mark.parametrize("name", [Y22, HN, WC])
def test_a_plan_saved_as_a_word_file_parses_like_its_text(name):
    text = (SEEDS / name).read_text(encoding="utf-8")
    data = _docx([_w_p(line.strip()) for line in text.splitlines()])

    plan, reference = parse_plan(data, filename="plan.docx"), parsed_seed(name)

    assert plan.encoding == "docx" and plan.metadata == reference.metadata
    assert [(s.label, s.title, s.body) for s in plan.sections] == [
        (s.label, s.title, s.body) for s in reference.sections
    ]
    assert plan.warnings[0].startswith("Word 文件")
    assert_well_formed(plan)


_LEVELS = "".join(
    f'<w:lvl w:ilvl="{n}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
    f'<w:lvlText w:val="{text}"/></w:lvl>'
    for n, (fmt, text) in enumerate(
        [
            ("chineseCounting", "第%1章"),
            ("chineseCounting", "%2、"),
            ("chineseCounting", "（%3）"),
            ("decimal", "%4."),
        ]
    )
)


def test_numbering_word_generates_is_written_out_as_the_labels_a_reader_sees():
    numbering = (
        f'<w:abstractNum w:abstractNumId="0">{_LEVELS}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )
    styles = (
        '<w:style w:styleId="Heading1"><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/>'
        "</w:numPr></w:pPr></w:style>"
    )
    data = _docx(
        [
            _w_p("某某市数字政府建设规划"),
            _w_p("发展基础", style="Heading1"),
            _w_p("发展现状", num="1", level=1),
            _w_p("基础设施", num="1", level=2),
            _w_p("建设政务云。建成统一平台。", num="1", level=3),
            _w_p("建设外网。覆盖三级。", num="1", level=3),
            _w_p("面临形势", num="1", level=1),
            _w_p("总体要求", style="Heading1"),
            _w_p("指导思想", num="1", level=1),
        ],
        numbering=numbering,
        styles=styles,
    )

    plan = parse_plan(data, filename="plan.docx")

    assert outline(plan) == [
        (0, "第一章", "发展基础"),
        (1, "一、", "发展现状"),
        (2, "（一）", "基础设施"),
        (3, "1.", "建设政务云"),
        (3, "2.", "建设外网"),
        (1, "二、", "面临形势"),
        (0, "第二章", "总体要求"),
        (1, "一、", "指导思想"),
    ]
    assert not any("自动编号" in warning for warning in plan.warnings)


def test_a_word_table_row_is_a_line_and_numbering_it_cannot_write_is_warned_about():
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc>{_w_p(c)}</w:tc>" for c in row) + "</w:tr>"
        for row in (["专栏1 数字基础设施工程"], ["1.电子政务外网。", "实现三级全覆盖。"])
    )
    data = _docx(
        [
            _w_p("某某市数字政府建设规划"),
            _w_p("一、总体要求"),
            _w_p("（一）主要目标"),
            _w_p("到2025年基本建成。"),
            f"<w:tbl>{cells}</w:tbl>",
            _w_p("保障措施", num="7"),  # numbering.xml does not define it
        ]
    )

    plan = parse_plan(data, filename="plan.docx")

    box = find_section(plan, "专栏1", "数字基础设施工程")
    assert [
        (s.label, s.title, s.body) for s in plan.sections if s.kind == SectionKind.BOX_ITEM
    ] == [("1.", "电子政务外网", "实现三级全覆盖。")]
    assert box.depth == 2
    assert any("自动编号" in warning for warning in plan.warnings)


def test_a_word_file_is_read_through_content_controls_without_its_table_of_contents():
    toc = (
        '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
        "</w:docPartObj></w:sdtPr><w:sdtContent>"
        + _w_p("一、总体要求\t1").replace("<w:p>", '<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>')
        + "</w:sdtContent></w:sdt>"
    )
    body = "".join(_w_p(line) for line in PLAN.splitlines()[1:])
    data = _docx(
        [_w_p(PLAN.splitlines()[0]), toc, f"<w:sdt><w:sdtContent>{body}</w:sdtContent></w:sdt>"]
    )

    assert outline(parse_plan(data, filename="plan.docx")) == PLAN_TREE


def test_a_damaged_word_file_is_refused_saying_so():
    data = _docx([_w_p("某某规划")]).replace(b"</w:body>", b"</w:bod")
    with pytest.raises(PlanParseError, match=r"plan\.docx：这个 Word 文件已损坏"):
        parse_plan(data, filename="plan.docx")
