"""What frames of one sentence become once read: a participle after a comma cut from the content, a second "that"
complement split into a frame of its own. Pure."""

from __future__ import annotations

import re
from dataclasses import replace
from .document import Document
from .frame import Frame

__all__ = ["cut_adjuncts", "split_complements"]


_ADJUNCT = re.compile(r",\s+(?:[a-z]+ing)\b")


def cut_adjuncts(doc: Document, frames: list[Frame]) -> None:
    """"Analysts dispute that, pointing to the craters": a participle after a comma is an adjunct (a frame of its
    own when it reports something), not part of the content before it."""
    for f in frames:
        if f.kind not in ("verb", "compact", "nominal") or f.content[0] < (f.cue_span[1] if f.cue_span else 0):
            continue
        m = _ADJUNCT.search(doc.text, f.content[0], f.content[1])
        if m and m.start() > f.content[0]:
            f.content = (f.content[0], m.start())


_SECOND_THAT = re.compile(r",?\s+(?:and|but)\s+(?:also\s+)?that\s+", re.IGNORECASE)


def split_complements(doc: Document, frames: list[Frame]) -> list[Frame]:
    """"X announced that A, but that B": two statements of X, one span each (their stances may differ)."""
    out: list[Frame] = []
    for f in frames:
        out.append(f)
        if f.kind != "verb" or f.speaker is None or f.cue_span is None or f.content[0] < f.cue_span[1] \
                or not re.search(r"\bthat\s*$", doc.text[f.cue_span[1] : f.content[0]]):
            continue
        m = next((m for m in _SECOND_THAT.finditer(doc.text, f.content[0], f.content[1])
                  if not doc.in_quote(m.start())), None)
        if m is None or len(doc.tokens_in(f.content[0], m.start())) < 3 or len(doc.tokens_in(m.end(), f.content[1])) < 3:
            continue
        second = replace(f, span=(m.end(), f.content[1]), content=(m.end(), f.content[1]))
        f.content = (f.content[0], m.start())
        f.span = (f.span[0], min(f.span[1], m.start()))
        out.append(second)
    return out
