"""Page and crawler clutter around a document's text, left out before it is read.

A saved web page or a crawler's copy carries the site's furniture along with the document: a
share bar (扫一扫在手机打开当前页, 分享到：, 打印 关闭), download links (【原文下载】, 附件下载,
a file name), footers with the page's dates and counters (更新时间：…, 浏览次数：…), the site's
copyright lines, a "related" list under the text, a crawler's header and its `---` rule. The
web-page reader drops what the markup marks as menus; what reaches the text is told here by the
shape of a whole line and by where it stands: near the top, or in the run of such lines that
ends the text. A line of the body proper is never left out: each pattern must match the whole
line, and only at the ends.
"""

from __future__ import annotations

import re

from plans.parsing._lines import Line

# A share bar's or a page's buttons, alone or several to a line, bracketed or not, parted by
# spaces, commas or bars (|, ｜, and 丨, the ideograph sites use as one).
_LABEL = (
    r"扫一扫在手机上?(?:打开|查看)当前页面?|扫描二维码分享|扫一扫|分享到?|微信|微博|QQ空间|打印(?:本页|此页|页面)?"
    r"|关闭(?:窗口|本页|页面)?|返回顶部|收藏(?:本页)?|字体\s*[:：]?\s*大\s*中\s*小|原文下载|附件下载"
    r"|下载附件|下载全文|下载文字版|下载图片版|文件下载|我要纠错|公报PDF|查看更多|发布|放弃|继续访问"
    # A site's own buttons: an accessibility or elders' mode (进入关怀版), its menu, its help desk.
    r"|进入关怀版|关怀版|长者版|长辈版|适老版|适老化|老年版|大字版|关怀模式"
    r"|(?:网站)?无障碍(?:浏览|阅读|版|模式)?|导航|政策咨询|在线咨询"
)
_LABELS = re.compile(
    rf"^(?:[【\[〔]?\s*(?:{_LABEL})\s*[:：]?\s*[】\]〕]?[\s|/、，,丨｜│]*)+$", re.IGNORECASE
)
# A page's or a crawler's facts about the page, not the document: 更新时间：2023-08-25 10:00,
# 来源：工信部 发布时间：…, 浏览次数：- (several to a line).
_FOOTER_KEY = (
    r"更新时间|发布时间|发布日期|信息来源|文章来源|来源|责任编辑|编辑|浏览次数|浏览量|点击量|点击数"
    r"|访问量|阅读量|作者|字号"
)
_FOOTER_SPLIT = re.compile(rf"({_FOOTER_KEY})\s*[:：]")
# The site's own lines under every page.
# Where the page stands in the site: 当前位置 : 首页 > 政务公开 > 政策法规.
_CRUMB = re.compile(
    r"^(?:当前位置|您的位置|你的位置|您现在的位置|所在位置)\s*[:：]|^首页\s*[>＞»›]"
)
# A trail of the site's sections, joined by arrows (首页>>办事指南　>>通知公告, or its tail on a
# line of its own when the page prints 首页 apart: >>办事指南　>>通知公告); its pieces are short
# names, never a sentence. 首页 alone is the trail's first link.
_CRUMB_TRAIL = re.compile(
    r"^(?:[^>＞»›，,。；;：:]{1,16}?)?(?:\s*(?:>{1,2}|＞{1,2}|»|›)\s*[^>＞»›，,。；;：:]{0,16}?)+\s*$"
    r"|^首页$"
)
_SITE = re.compile(
    r"版权所有|ICP备|公网安备|网站标识码|(?:主办|承办)(?:单位)?\s*[:：]|技术支持\s*[:：]|网站地图|站点地图"
    r"|联系我们|举报(?:邮箱|电话)\s*[:：]"
    r"|您访问的链接即将离开"
    # The content system's credit: Produced By 大汉网络 大汉版通发布系统, Powered by ….
    r"|^(?:Produced|Powered)\s+[Bb]y\b"
)
# A download link's file name (市政办发〔2022〕167号.pdf).
_FILE = re.compile(r"^\S.{0,78}\.(?:pdf|docx?|xlsx?|wps|ofd|zip|rar)$", re.IGNORECASE)
# The heading of a list of other pages under the text.
_RELATED = re.compile(
    r"^(?:相关(?:解读|政策|文件|链接|阅读|新闻|文章|推荐|资讯)|推荐阅读|热点推荐|延伸阅读|评价建议"
    r"|近期热点政策法规)$"
)
_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,}|={3,})$")  # a crawler's rule between its parts
# At the very end only: a page's empty 附件： slot, a dialog's close button (X), its question.
_END_ONLY = re.compile(
    r"^(?:附\s*件\s*[:：]?|[XxＸ×✕]|您访问的链接即将离开.{0,40})$"
    # One related page named on the line of its label: 相关链接：关于《…》的解读.
    r"|^相关(?:解读|政策|文件|链接|阅读|新闻|文章)\s*[:：]\s*[^。；;]{1,80}$"
)
_LINK = re.compile(r"^!?\[([^\[\]]*)\]\([^()]*\)$")  # [【原文下载】](….pdf), ![扫一扫…](qr.png)
_TOP = 25  # nonblank lines at the top where a page's clutter stands
# A crawler's note of where it took the text from: read as the source at the top (see _fields),
# only clutter at the end.
_SOURCE_LINK = re.compile(
    r"^(?:原文链接|来源链接|原文地址|原文网址|链接|来源|URL)\s*[:：]\s*https?://\S+$"
)


def ends_text(lines: list[str]) -> bool:
    """Whether ``lines`` (what follows a point in the text) hold nothing but clutter."""
    return all(not text.strip() or _is_end_clutter(text.strip()) for text in lines)


def _is_end_clutter(text: str) -> bool:
    return is_clutter(text) or bool(
        _RULE.match(text) or _SOURCE_LINK.match(text) or _END_ONLY.match(text)
    )


def is_clutter(text: str) -> bool:
    """A whole line of a page's or a crawler's furniture (a share bar, a footer, a download)."""
    text = text.strip()
    if m := _LINK.match(text):
        text = m.group(1).strip() or "link"
    if not text or len(text) > 100:
        return False
    if _LABELS.match(text) or _FILE.match(text) or _CRUMB.match(text) or _CRUMB_TRAIL.match(text):
        return True
    if _SITE.search(text):
        return not text.endswith(("。", "；", "：", ":"))  # a sentence that names 网站地图 is text
    pieces = _FOOTER_SPLIT.split(text)
    values = pieces[2::2]
    return (
        len(pieces) > 1
        and not pieces[0].strip()
        # A value that reads as a clause (，；。) is the text's own note, not the page's.
        and all(len(v.strip()) <= 40 and not re.search(r"http|[，,；;。]", v) for v in values)
    )


def without_clutter(lines: list[Line], *, is_heading) -> tuple[list[Line], int]:
    """The lines with the clutter at the top and the end blanked (offsets kept), and how many.

    The top ends at the first heading (一、总体要求): the body proper is never looked at.
    """
    lines = list(lines)
    dropped = 0
    nonblank = [i for i, line in enumerate(lines) if line.text]
    for i in nonblank[:_TOP]:
        if is_heading(lines[i].text):
            break
        if is_clutter(lines[i].text):
            lines[i] = lines[i].blank()
            dropped += 1
    dropped += _trailing(lines)
    if cut := _related_list(lines):
        for i in range(cut, len(lines)):
            if lines[i].text:
                lines[i] = lines[i].blank()
                dropped += 1
        dropped += _trailing(lines)
    return lines, dropped


def _trailing(lines: list[Line]) -> int:
    dropped = 0
    for i in range(len(lines) - 1, -1, -1):
        text = lines[i].text
        if not text:
            continue
        if not _is_end_clutter(text):
            break
        lines[i] = lines[i].blank()
        dropped += 1
    return dropped


def _related_list(lines: list[Line]) -> int | None:
    """Where a list of related pages starts near the end: a 相关解读 line followed only by
    short lines that are no sentences (titles of other pages)."""
    # A site's lists of links may name every province, county and department, twice: 400 lines.
    nonblank = [i for i, line in enumerate(lines) if line.text][-400:]
    for n, i in enumerate(nonblank):
        if _RELATED.match(lines[i].text) and all(
            len(lines[j].text) <= 80 and "。" not in lines[j].text for j in nonblank[n + 1 :]
        ):
            return i
    return None
