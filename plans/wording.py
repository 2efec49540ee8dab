"""The punctuation around names in running text: full-width in Chinese (云南省（十四五）),
Latin in English (Yunnan (14th FYP)), the names themselves as printed. One place says it, for
the pages (plans_tags' ``aside``) and the exported files alike."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import pgettext


def listed(parts: Iterable[str]) -> str:
    """``parts`` one after another: 甲，乙 in Chinese, "甲, 乙" in English."""
    return pgettext("around a name", "，").join(str(p) for p in parts)


def aside(*parts) -> str:
    """What follows a name in brackets, the empty parts left out: （甲，乙） in Chinese,
    " (甲, 乙)" in English."""
    inside = listed(p for p in parts if p)
    return pgettext("around a name", "（") + inside + pgettext("around a name", "）")


def quoted_name(text: str) -> str:
    """A name to be set inside quotation marks in running text, its own quotes made to differ
    from them: kept “ ” in Chinese (the marks around it are 「」), ‘ ’ in English (the marks
    around it are “ ”): Key terms found in “构建‘一网统管’省域治理平台”."""
    inner = str.maketrans(
        {"“": pgettext("inside a quoted name", "“"), "”": pgettext("inside a quoted name", "”")}
    )
    return text.translate(inner)
