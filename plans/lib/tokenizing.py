"""Word segmentation of (simplified) plan text for matching and diffing.

Pure Python: jieba plus a data file of general e-government terms kept whole. The jieba
dictionary is loaded lazily, once per process (~0.5 s).
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from pathlib import Path

from plans.parsing.text import to_simplified

TERMS_FILE = Path(__file__).parent.parent / "data" / "egov_terms.txt"

_WORDLIKE = re.compile(r"[\w+]", re.UNICODE)
# Function words that never help tell sections apart.
_STOPWORDS = frozenset(
    "的和与及等在对为以了是将把从向于并或其之各有到由按中上下而也就都要个这该此着被所"
)

_lock = threading.Lock()
_tokenizer = None


def _jieba():
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.load_userdict(str(TERMS_FILE))
                _tokenizer = tokenizer
    return _tokenizer


def normalize(text: str) -> str:
    """NFKC, lower-case, one space for any run of white space."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def segment(text: str) -> list[str]:
    """All jieba tokens of ``text`` after NFKC, punctuation and white space kept (for diffs)."""
    return _jieba().lcut(unicodedata.normalize("NFKC", text), HMM=True)


def tokenize(text: str) -> list[str]:
    """Content words of simplified ``text``: no punctuation, white space or function words."""
    words = _jieba().lcut(normalize(text), HMM=True)
    return [w for w in words if _WORDLIKE.search(w) and w.strip() and w not in _STOPWORDS]


def simplified_and_tokens(text: str, *, limit: int | None = None) -> tuple[str, str]:
    """How a section stores a text for matching: simplified (cut to ``limit``), and its tokens
    joined by spaces. The one rule import_plan and the engine's inputs share."""
    simplified = to_simplified(text)[:limit]
    return simplified, " ".join(tokenize(simplified))
