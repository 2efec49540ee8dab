"""SQLite's full-text index of sections: what it holds and the function its triggers call.

On SQLite, migration 0007 keeps three tables in step with plans_section through triggers:
``plans_search_text`` (FTS5, trigram tokenizer) answers words of three characters or more,
``plans_search_grams`` (FTS5) holds every character and pair of neighbouring characters of a
section as a token, for shorter words, and ``plans_search_plan`` maps a section to its plan in a
few bytes, so counting matches per plan never reads the wide section rows. All three index the
same text as plans.searching.SearchText: the simplified title and text, lower-cased by SQLite.

The grams are made here, in Python: SQLite cannot split a text into characters in a trigger
(triggers allow no WITH). Every Django connection to SQLite registers the function; a write to
plans_section from a client without it fails with "no such function: plans_search_grams".
"""

from __future__ import annotations

FUNCTION = "plans_search_grams"


def _indexable(char: str) -> bool:
    # The grams table's tokenizer (ascii, every printable ASCII sign a token character) splits
    # tokens only at ASCII spaces and control characters.
    return char > " " and char != "\x7f"


def searchable_by_grams(term: str) -> bool:
    """Whether the grams table answers ``term`` exactly: one or two token characters."""
    return 0 < len(term) < 3 and all(map(_indexable, term))


def search_grams(text: str | None) -> str | None:
    """Every character and pair of neighbouring characters of ``text``, once, space-separated.

    >>> search_grams("数据 数据库")
    '数 据 库 数据 据库'
    """
    if text is None:
        return None
    grams = dict.fromkeys(c for c in text if _indexable(c))
    pairs = (a + b for a, b in zip(text, text[1:], strict=False) if _indexable(a) and _indexable(b))
    grams.update(dict.fromkeys(pairs))
    return " ".join(grams)


def register(sender, connection, **kwargs) -> None:
    """Make the function the triggers call known to a new SQLite connection."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FUNCTION, 1, search_grams, deterministic=True)
