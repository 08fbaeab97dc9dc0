"""Words of a text: tokens with offsets, case and accent folding, alias keys. Pure.

Extraction, the alias table and matching all read words through these functions, so that "Kyiv's", "KYIV"
and "Kyïv" are the same word everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

__all__ = ["NUMBER", "Token", "alias_key", "fold", "word_tokens", "DETERMINERS", "MONTHS", "WEEKDAYS"]

DETERMINERS = frozenset("the a an".split())
MONTHS = frozenset("january february march april may june july august september october november december".split())
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())

# acronyms with dots ("U.S."), numbers with their separators ("1,200", "2.5"), words with inner apostrophes
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[0-9]+(?:[.,][0-9]+)*|[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_DIGITS = frozenset("0123456789")
_PLURAL_POSSESSIVE = re.compile(r"['’](?=\s+[^\W\d_])")
"""The apostrophe after a plural in -s that makes it possessive ("the activists' comments")."""
_OPENING_SINGLE = re.compile(r"(?:^|[\s(\[])['‘][^\W\d_]")
"""A single quotation mark that opens a quotation: its closing mark is no possessive ("called them 'liars' and")."""
NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
"""A number token's normalised form ("1200", "2.5")."""


class Token(NamedTuple):
    """A word of a text: its offsets, its normalised form, and whether it carried a possessive 's."""

    start: int
    end: int
    norm: str
    raw: str
    possessive: bool = False


def fold(text: str) -> str:
    """Lower case without accents: "Kyïv" -> "kyiv"."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def word_tokens(text: str) -> list[Token]:
    """Split `text` into word tokens: acronyms with dots kept whole ("U.S." -> "us"), numbers kept whole without
    their thousands separators ("1,200" -> "1200", "2.5" stays), a possessive 's split off and flagged.

    >>> [(t.norm, t.possessive) for t in word_tokens("Kyïv's 1,200 U.S. drones")]
    [('kyiv', True), ('1200', False), ('us', False), ('drones', False)]
    """
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        raw = m.group(0)
        start = m.start()
        possessive = False
        if len(raw) > 2 and _POSSESSIVE.search(raw):
            raw = raw[:-2]
            possessive = True
        elif _plural_possessive(text, m.start(), m.end()):
            possessive = True
        if raw[0] in _DIGITS:
            norm = raw.replace(",", "")
        else:
            norm = fold(raw).replace(".", "").replace("’", "'")
            if not norm:
                continue
        out.append(Token(start, start + len(raw), norm, raw, possessive))
    return out


def _plural_possessive(text: str, start: int, end: int) -> bool:
    """Is the word text[start:end] a plural possessive ("the farmers' union"), not a word closing a quotation in
    single marks ("called them 'liars' and left")?"""
    if end - start < 3 or text[end - 1] not in "sS" or not _PLURAL_POSSESSIVE.match(text, end):
        return False
    line = text[max(0, start - 120) : start + 1]
    line = re.split(r"[.!?]\s|\n", line)[-1]
    return _OPENING_SINGLE.search(line) is None


@lru_cache(maxsize=65536)
def alias_key(text: str) -> str:
    """The normalised lookup key of an alias: accents and case folded, dots, possessives and a leading "the" dropped.

    >>> alias_key("The U.S.") == alias_key("US") == "us"
    True
    """
    norms = [t.norm for t in word_tokens(text)]
    while norms and norms[0] in DETERMINERS:
        norms = norms[1:]
    return " ".join(norms)
