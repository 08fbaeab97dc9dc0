"""A frame: one candidate statement of a sentence, before its speaker is resolved. Pure data."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Frame"]


@dataclass
class Frame:
    """A candidate mention: its span in the text, the speaker phrase, the cue and the reported content."""

    kind: str
    """verb, according, nominal, compact, quote, headline, voice"""
    sentence: int
    span: tuple[int, int]
    content: tuple[int, int]
    speaker: tuple[int, int] | None = None
    cue: str = "none"
    """The cue's class: a verb class of cues.json, or denial / admission / claim for nouns, none for voice."""
    lemma: str = ""
    cue_span: tuple[int, int] | None = None
    negated: bool = False
    passive: bool = False
    main: bool = True
    """The frame spans its whole sentence, or one of the coordinated complements of its verb ("X said that A, and
    that B"); False: a clause of it, as `, which X denies`."""
    inherit: bool = False
    """The speaker is the subject of the frame before it in the sentence (`..., saying ...`)."""
    embedded_in: str | None = None
    """The cue class of a frame whose content holds this one (a restated accusation inside a denial)."""
    aside: tuple[int, int] | None = None
    """An attribution set between commas inside its content ("C1, she said, C2"): cut out of the proposition."""
    unsaid: bool = False
    """"but have not said who was responsible": a line about what was not said; it ends the frame before it and is
    no frame itself."""
