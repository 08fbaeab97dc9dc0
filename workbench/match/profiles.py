"""What a search knows of each claim, and how it looks for them: `ClaimProfile` (a claim's document and who says
what about it), `Retrieval` (BM25's parameters and the shortlist's weights), and the small functions both the
index (`retrieval`) and the model's features read: idf, vagueness, a title's story words. Pure.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from .propositions import Proposition

REPS = 3
"""Distinct wordings of a claim kept as its document and compared with rapidfuzz."""

__all__ = ["REPS", "ClaimProfile", "Retrieval", "idf_of", "story_words", "vagueness_of"]


@dataclass(frozen=True)
class Retrieval:
    """How candidate claims are found and shortlisted for the model: BM25's parameters, the weight of title words
    and of the claimant in a query, and the quick ordering that picks which retrieved claims the model scores.
    These set what is compared (speed and recall), never whether two mentions state the same claim."""

    k1: float = 1.2
    b: float = 0.5
    title: float = 0.5
    """BM25 term weight of words that occur only in the titles of a claim's articles."""
    claimant_query_weight: float = 0.3
    topic_query: float = 0.5
    """Query weight of the article title's words for a mention that says nothing (scaled by how little it says)."""
    informative: float = 10.0
    """Idf mass of a mention's own terms above which it counts as saying something (see `vagueness_of`)."""
    shortlist_ratio: float = 0.6
    """Retrieved claims whose quick score (wording and BM25) is below this share of the best one's are not scored."""
    shortlist_direction: float = 1.0
    """Added to a retrieved claim's quick score when it goes the mention's way, taken off when it goes another
    way: of many claims between the same two actors the right-way ones are scored first."""
    unattributed_direction: float = 0.25
    """Share of `shortlist_direction` for a text without a claimant (the direction read from a post is less sure)."""
    headline: float = 0.4
    """How much the quick order of a text without a claimant leans on how much of a claim's headline it repeats."""


@dataclass(slots=True)
class ClaimProfile:
    """What the index knows of one claim: its document (first wordings, titles) and who says what about it."""

    claim_id: int
    text: str
    reps: list[Proposition] = field(default_factory=list)
    rep_norms: list[str] = field(default_factory=list)
    """`norm` of each rep, in order: what rapidfuzz compares a query with."""
    terms: dict[int, int] = field(default_factory=dict)
    """Term id -> position in that term's postings."""
    term_set: set[str] = field(default_factory=set)
    """Terms of the claim's mentions."""
    term_weight: dict[str, float] = field(default_factory=dict)
    """Every indexed term (mention terms 1.0, title-only terms `Retrieval.title`) with its BM25 term weight."""
    actors: Counter = field(default_factory=Counter)
    asserters: Counter = field(default_factory=Counter)
    deniers: Counter = field(default_factory=Counter)
    accused: Counter = field(default_factory=Counter)
    years: Counter = field(default_factory=Counter)
    numbers: Counter = field(default_factory=Counter)
    directions: Counter = field(default_factory=Counter)
    topics: set[str] = field(default_factory=set)
    """Article titles the claim's mentions came from (capped)."""
    topic_terms: Counter = field(default_factory=Counter)
    topic_sets: list[frozenset[str]] = field(default_factory=list)
    mentions: int = 0
    denials: int = 0
    """Mentions that deny it (`mentions` counts all)."""
    modality: Counter = field(default_factory=Counter)
    """`Proposition.modality` classes of its wordings, counted."""
    first_day: int | None = None
    last_day: int | None = None
    """The dates of its sources (proleptic ordinals), when known."""
    alive: bool = True
    _main: frozenset[str] | None = None
    """`main_accused`, kept until `accused` changes (`accuse`)."""

    def accuse(self, actors: Iterable[str]) -> None:
        """Count one more mention accusing `actors`."""
        self.accused.update(actors)
        self._main = None

    def main_accused(self) -> frozenset[str]:
        """The actors accused by at least half as many mentions as the most accused one."""
        if self._main is None:
            top = max(self.accused.values(), default=0)
            self._main = frozenset(a for a, n in self.accused.items() if 2 * n >= top)
        return self._main

    def dominant_modality(self) -> frozenset[str]:
        """The modality classes at least half of its wordings have."""
        n = len(self.reps)
        return frozenset(k for k, c in self.modality.items() if 2 * c >= n) if n else frozenset()

    def add_days(self, first: int, last: int | None = None) -> None:
        """Widen its span of source dates to take in `first`..`last` (ordinals)."""
        last = first if last is None else last
        self.first_day = first if self.first_day is None else min(self.first_day, first)
        self.last_day = last if self.last_day is None else max(self.last_day, last)


def story_words(terms: Iterable[str]) -> frozenset[str]:
    """What a title says a story is about."""
    return frozenset(terms)


_PSEUDO_CLAIMS = 30
"""Claims without any of the terms that every collection is assumed to have, so that in a small database
a word is not deemed common just because the few claims there share it."""


def vagueness_of(idf_mass: float, w: Retrieval) -> float:
    """How little a mention says: 0 at `Retrieval.informative` idf mass or more, 1 when it says nothing."""
    return 1.0 - min(1.0, idf_mass / w.informative) if w.informative > 0 else 0.0


@lru_cache(maxsize=1 << 16)
def idf_of(n: int, df: int) -> float:
    return math.log(1.0 + (n + _PSEUDO_CLAIMS - df + 0.5) / (df + 0.5))
