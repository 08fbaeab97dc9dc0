"""What a pasted post adds around its text: links, handles, hashtags, the embed signature. Pure."""

from __future__ import annotations

import re

__all__ = ["clean_pasted", "split_handles"]

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_HANDLE = re.compile(r"[#@]([A-Za-z][A-Za-z0-9_]*)")
_LINK = re.compile(r"https?://\S+|www\.\S+|pic\.twitter\.com/\S+")


def _split_handle(m: re.Match[str]) -> str:
    """#FreeSpeech and @BernieSanders read as words: "Free Speech", "Bernie Sanders"."""
    return " " + _CAMEL.sub(" ", m.group(1).replace("_", " ")) + " "


def split_handles(text: str) -> str:
    """`text` without links, its handles and hashtags read as words."""
    if "://" in text or "www." in text or "pic.twitter" in text:
        text = _LINK.sub(" ", text)
    if "#" in text or "@" in text:
        text = _HANDLE.sub(_split_handle, text)
    return text


_SIGNATURE = re.compile(r"\s*[—–-]{1,2}\s*([^—–\n]{0,80}?)\s*\(@\w+\)\s*(?:[A-Z][a-z]+\.? \d{1,2}, \d{4})?\s*$")
_VIA = re.compile(r"\s*(?:via|h/t|HT)\s+@\w+\s*$", re.IGNORECASE)
_RT = re.compile(r"^\s*RT\s+@\w+:?\s*")
_REPLY_HANDLES = re.compile(r"^\s*(?:[.]?@\w+:?\s+)+")
_TAGGED_HANDLES = re.compile(r"(?:\s+@\w+)+\s*$")
_SPACES = re.compile(r"\s+")


def clean_pasted(text: str) -> str:
    """What a user pasted, as the claim it states: links, the embed signature of a post ("— Name (@handle) May 3,
    2020", of which the author's name stays: fact-checks often name who said it), a leading "RT @handle:", a
    trailing "via @handle", the handles a reply is addressed to (at the start) and those a post is tagged with (at
    the end) go; hashtags and handles inside a sentence name what it is about and are read as words
    ("#FreeSpeech" -> "Free Speech", "cancelled my @CityBikes pass" -> "City Bikes").

    >>> clean_pasted("RT @ana_r: The bridge cost twice its budget https://t.co/x1 — Ana Ruiz (@ana_r) May 3, 2020")
    'The bridge cost twice its budget Ana Ruiz'
    """
    text = _LINK.sub(" ", text or "")
    text = _SIGNATURE.sub(lambda m: " " + m.group(1), text)
    text = _VIA.sub(" ", _RT.sub(" ", text))
    text = _TAGGED_HANDLES.sub(" ", _REPLY_HANDLES.sub(" ", text))
    return _SPACES.sub(" ", text).strip()
