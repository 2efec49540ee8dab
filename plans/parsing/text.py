"""Character-level helpers for plan texts: decoding, script, simplified form, damage.

Pure Python (OpenCC is loaded lazily, once per process).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache

from plans.parsing.model import Message, gettext_noop

_CJK = re.compile(r"[\u3400-\u9fff]")

# Mojibake left by a wrong round trip through GBK/Big5: a literal "?" standing in for a lost
# character next to Chinese text ("?;緦崿F" where "。基本實現" was), U+FFFD, or the classic
# UTF-8-read-as-GBK and UTF-8-read-as-Latin-1 sequences.
_MOJIBAKE = re.compile(
    r"(?<=[\u3400-\u9fff。，、；])\?[;；]?|\?(?=[;；][\u3400-\u9fff])|\ufffd|锟斤拷|烫烫烫|"
    r"[ÃÂâ][\x80-\xbf€™œ]"
)


# An absolute http(s) address and nothing else: no other scheme (javascript:, data:), no relative
# path, no whitespace or control characters a browser would strip before reading the scheme.
_WEB_URL = re.compile(r"https?://[^\x00-\x20\x7f/?#\\]+[^\x00-\x20\x7f]*", re.IGNORECASE)


def is_web_url(url: str) -> bool:
    """Whether ``url`` may be shown as a link: http(s) only.

    >>> is_web_url("https://www.gov.cn/a.html"), is_web_url("javascript:alert(1)")
    (True, False)
    """
    return bool(_WEB_URL.fullmatch(url))


def drop_invisible(text: str) -> str:
    """``text`` without the invisible format characters (Unicode category Cf: zero-width space,
    byte-order mark, soft hyphen, joiners, direction marks) that text copied from a web page
    brings along, unseen, into what a person types or searches.

    >>> drop_invisible("数\\u200b据")
    '数据'
    """
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def to_simplified(text: str) -> str:
    """Traditional -> simplified characters (OpenCC ``t2s``); simplified text comes back as is."""
    if not text or not _CJK.search(text):
        return text
    return _converter().convert(text)


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def detect_script(text: str) -> str:
    """ "traditional" when a noticeable share of the Chinese characters change under t2s."""
    sample = "".join(_CJK.findall(text[:20000]))
    if not sample:
        return "simplified"
    converted = to_simplified(sample)
    changed = sum(1 for a, b in zip(sample, converted, strict=False) if a != b)
    return "traditional" if changed / len(sample) > 0.04 else "simplified"


def find_mojibake(text: str) -> list[tuple[int, int]]:
    """Spans of damaged characters in ``text``."""
    return [m.span() for m in _MOJIBAKE.finditer(text)]


def fold(text: str) -> str:
    """Comparable form of a short string: simplified, NFKC, no spaces or punctuation."""
    text = unicodedata.normalize("NFKC", to_simplified(text))
    return "".join(ch for ch in text if ch.isalnum())


class DecodeError(ValueError):
    """Bytes that are not text in an encoding a plan comes in; its one argument, a Message,
    says what to do."""


def decode(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding name). Tries BOMs, UTF-8, then GB18030 and Big5 by plausibility."""
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    Message(
                        gettext_noop(
                            "它以 %(encoding)s 的字节顺序标记开头，内容却不是 %(encoding)s "
                            "文字（文件可能已损坏）：请把它另存为 UTF-8 文本后再导入。"
                        ),
                        encoding=name,
                    )
                ) from exc
    if b"\x00" in data:
        raise DecodeError(
            Message(
                gettext_noop(
                    "这是二进制文件（不是文字）：请导入规划的文本（.txt）、网页（.html）、"
                    "Word（.docx）或 PDF 文件。"
                )
            )
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for name in ("gb18030", "big5"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(text), name, text))
    if not candidates:
        raise DecodeError(
            Message(
                gettext_noop(
                    "它不是 UTF-8、GB18030/GBK 或 Big5 编码的文字：请把它另存为 UTF-8 文本"
                    "后再导入。"
                )
            )
        )
    score, name, text = max(candidates)
    if score < 0.5:
        raise DecodeError(
            Message(
                gettext_noop(
                    "按 %(encoding)s 解码只得到罕见的字符：请确认这是中文文本，并把它另存为 "
                    "UTF-8 后再导入。"
                ),
                encoding=name,
            )
        )
    return text, name


def _plausibility(text: str) -> float:
    """Share of the Chinese characters that are common ones (GB2312 level 1 or Big5 level 1)."""
    chars = _CJK.findall(text[:20000])
    if not chars:
        return 0.0 if any(ord(c) > 0x7F for c in text[:2000]) else 1.0
    common = sum(1 for c in chars if _common(c))
    return common / len(chars)


@lru_cache(maxsize=8192)
def _common(char: str) -> bool:
    try:
        gb = char.encode("gb2312")
        if 0xB0A1 <= int.from_bytes(gb, "big") <= 0xD7F9:
            return True
    except UnicodeEncodeError:
        pass
    try:
        big5 = char.encode("big5")
        return 0xA440 <= int.from_bytes(big5, "big") <= 0xC67E
    except UnicodeEncodeError:
        return False


def is_binary(text: str) -> bool:
    """Text that is mostly control characters is a binary file decoded by accident."""
    sample = text[:4000]
    if not sample:
        return False
    controls = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\r\n\t\f")
    return controls / len(sample) > 0.05
