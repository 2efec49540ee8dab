"""parse(): bytes or text in, ParsedPlan out."""

from __future__ import annotations

from plans.parsing import ParsedPlan, PlanParseError
from plans.parsing._html import html_to_text, is_html
from plans.parsing._lines import split_lines
from plans.parsing._meta import complete, read_header
from plans.parsing._structure import build
from plans.parsing.text import DecodeError, decode, detect_script, is_binary


def parse(data: bytes | str, *, filename: str = "", max_bytes: int | None = None) -> ParsedPlan:
    name = filename or "the document"
    if isinstance(data, str):
        text, encoding = data, "utf-8"
        size = len(data.encode("utf-8"))
    else:
        size = len(data)
    if max_bytes is not None and size > max_bytes:
        raise PlanParseError(
            f"{name}: the file is {_size(size)}, over the limit of {_size(max_bytes)}; split it, "
            "or raise the limit (DUIZHAO_IMPORT_MAX_BYTES) if it really is one plan."
        )
    if isinstance(data, bytes):
        try:
            text, encoding = decode(data)
        except DecodeError as exc:
            raise PlanParseError(f"{name}: cannot read it as text: {exc}.") from exc
    if not text.strip():
        raise PlanParseError(f"{name}: the file is empty; there is nothing to import.")
    if is_binary(text):
        raise PlanParseError(
            f"{name}: it looks like a binary file (a PDF, image or Word file?), not text; "
            "export the plan as plain text or markdown first."
        )
    page_warnings = []
    if is_html(text, filename):
        text = html_to_text(text)
        if not text.strip():
            raise PlanParseError(
                f"{name}: a web page with no visible text (only markup, scripts or menus); "
                "save the page that shows the plan itself, or its text."
            )
        page_warnings.append(
            "网页文件：按页面上可见的文字导入（已去除标记、脚本和导航），原文即这些文字。"
        )
    lines = split_lines(text)
    header = read_header(lines)
    markdown = any(line.text.startswith("#") for line in lines)
    sections, warnings = build(lines[header.body_from :], markdown=markdown)
    warnings = page_warnings + warnings
    complete(header.meta, text)
    return ParsedPlan(
        text=text,
        encoding=encoding,
        script=detect_script(text),
        metadata=header.meta,
        sections=sections,
        warnings=warnings,
    )


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 100 * 1024 else f"{n:,} bytes"
