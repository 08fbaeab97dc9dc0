"""Words as the matcher reads them: tokens (numbers with their separators kept whole), light lemmas, and what a
pasted post adds around its text (links, handles). Pure.

Folding (case and accents) is the shared text toolkit's (`workbench.text.tokens.fold`), so that extraction and
matching read "Kyïv" and "KYIV" alike.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..text.tokens import fold
from .lexicon import keep_s, lexicon

__all__ = ["NUMBER", "POSSESSIVE_INSIDE", "Tok", "clean_pasted", "fold", "has_markup", "split_handles", "stem", "tokens"]

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[0-9]+(?:[.,][0-9]+)*|[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_DIGITS = frozenset("0123456789")
NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
POSSESSIVE_INSIDE = re.compile(r"\w['’]s\s", re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_HANDLE = re.compile(r"[#@]([A-Za-z][A-Za-z0-9_]*)")
_LINK = re.compile(r"https?://\S+|www\.\S+|pic\.twitter\.com/\S+")
_VOWELS = set("aeiouy")


def _split_handle(m: re.Match[str]) -> str:
    """#FreeSpeech and @BernieSanders read as words: "Free Speech", "Bernie Sanders"."""
    return " " + _CAMEL.sub(" ", m.group(1).replace("_", " ")) + " "


def has_markup(text: str) -> bool:
    """Whether `text` may hold links, handles or hashtags (a cheap test before the regular expressions)."""
    return "://" in text or "www." in text or "pic.twitter" in text or "#" in text or "@" in text


def split_handles(text: str) -> str:
    """`text` without links, its handles and hashtags read as words."""
    if "://" in text or "www." in text or "pic.twitter" in text:
        text = _LINK.sub(" ", text)
    if "#" in text or "@" in text:
        text = _HANDLE.sub(_split_handle, text)
    return text


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light lemma: irregular forms from the lexicon, else plural, -ed and -ing endings and a final e stripped.

    Forms of one word get one stem ("supplied", "supplies", "supply" -> "supply"; "causes", "caused" -> "caus").

    >>> [stem(w) for w in ("supplied", "drones", "drone", "flying", "stopped", "countries", "sent", "gas", "gave")]
    ['supply', 'dron', 'dron', 'fly', 'stop', 'country', 'send', 'gas', 'giv']
    """
    irregular = lexicon()["irregular"]
    if word in irregular:
        base = irregular[word]
        return base if base in irregular else stem(base)  # "gave", "gives" and "give" -> "giv"
    if len(word) <= 3 or not word.isalpha() or word in keep_s():
        return word
    w = word
    if w.endswith(("ies", "ied")) and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith(("ches", "shes", "xes", "zes")) and len(w) > 5:
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    else:
        for suffix in ("ing", "ed"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 3 and _VOWELS & set(w[: -len(suffix)]):
                w = w[: -len(suffix)]
                if len(w) >= 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                    w = w[:-1]  # stopped -> stop
                break
    if w.endswith("e") and len(w) > 3 and not w.endswith("ee"):
        w = w[:-1]
    return w


class Tok(NamedTuple):
    raw: str
    norm: str
    start: int
    possessive: bool


def tokens(text: str) -> list[Tok]:
    out: list[Tok] = []
    for m in _TOKEN.finditer(text):
        raw = m.group(0)
        possessive = False
        if len(raw) > 2 and _POSSESSIVE.search(raw):
            raw = raw[:-2]
            possessive = True
        norm = fold(raw).replace(".", "").replace("’", "'") if raw[0] not in _DIGITS else raw.replace(",", "")
        if norm:
            out.append(Tok(raw, norm, m.start(), possessive))
    return out



_SIGNATURE = re.compile(r"\s*[—–-]{1,2}\s*([^—–\n]{0,80}?)\s*\(@\w+\)\s*(?:[A-Z][a-z]+\.? \d{1,2}, \d{4})?\s*$")
_VIA = re.compile(r"\s*(?:via|h/t|HT)\s+@\w+\s*$", re.IGNORECASE)
_RT = re.compile(r"^\s*RT\s+@\w+:?\s*")
_ALONE_HANDLE = re.compile(r"(?:^|(?<=\s))@\w+:?(?=\s|$)")
_SPACES = re.compile(r"\s+")


def clean_pasted(text: str) -> str:
    """What a user pasted, as the claim it states: links, the embed signature of a post ("— Name (@handle) May 3,
    2020", of which the author's name stays: fact-checks often name who said it), a leading "RT @handle:", a
    trailing "via @handle", and handles standing alone (replies, mentions) go; hashtags and handles inside a
    sentence are read as words ("#FreeSpeech" -> "Free Speech").

    >>> clean_pasted("RT @ana_r: The bridge cost twice its budget https://t.co/x1 — Ana Ruiz (@ana_r) May 3, 2020")
    'The bridge cost twice its budget Ana Ruiz'
    """
    text = _LINK.sub(" ", text or "")
    text = _SIGNATURE.sub(lambda m: " " + m.group(1), text)
    text = _VIA.sub(" ", _RT.sub(" ", text))
    text = _ALONE_HANDLE.sub(" ", text)
    return _SPACES.sub(" ", text).strip()
