"""What a title says: its typesetting undone (figures or words spaced apart, a name in 《》
or printed twice), and what it is about, for guessing the kind of document it names."""

from __future__ import annotations

import re

# The ends of an explainer's title besides 解读 (a kind of its own): a Q&A, a drafting note.
_EXPLAINER_END = re.compile(r"(?:问答|起草说明|编制说明|答记者问)$")


_WHOLE_BOOK_TITLE = re.compile(r"《([^《》]+)》")
_DOUBLED_TITLE = re.compile(r"《([^《》]+)》[\s\u3000\xa0]*([^《》]+)")


_FIGURE_GAP = re.compile(
    r"(?<=[\u4e00-\u9fff（）－—-])[ \u3000]+(?=\d)|(?<=\d)[ \u3000]+(?=[\u4e00-\u9fff（）])"
)
# 中共中央 国务院…, A局 B局关于…: a body's name ends before the gap; else it is an OCR's.
_WORD_GAP = re.compile(
    r"(?<=[\u4e00-\u9fff])(?<![厅局委会府室院办部署处所队组央行心社])[ \u3000]+(?=[\u4e00-\u9fff])"
)


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
