"""The match index of a database: `load_index` builds a `MatchIndex` from the stored claims, `refresh_index`
brings one up to date with what other processes wrote since (or rebuilds it after merges, splits, moves and
alias edits)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ..match import MatchIndex, MatchModel, Normalizer
from ..match.retrieval import REPS
from ..store import actors as actor_store
from ..store import articles as article_store
from ..store import events as event_store
from ..store import matching as match_store
from ..store import mentions as mention_store
from ..store import vocabulary as vocabulary_store
from ..store.connection import Connection

MODEL_EVENTS = frozenset({"matcher taught"})
"""Events after which an index scores with the database's model anew."""
STRUCTURAL_EVENTS = frozenset({
    "claims merged", "claim split", "mention moved", "suggestion confirmed", "recluster",
    "alias added", "alias removed", "actor merged", "actor renamed", "mentions rejected", "mention rejected",
    "mention corrected", "synonym added", "synonym removed",
})
"""Events after which an index is rebuilt rather than topped up."""

_NORMALIZERS: dict[int, Normalizer] = {}

Vocabulary = tuple[list[tuple[str, str, str, str | None]], list[tuple[str, str]]]
"""What a database's `Normalizer` reads: its alias rows and its desk's synonyms."""


def vocabulary(con: Connection) -> Vocabulary:
    """The database's alias table and the desk's own synonyms, as `Normalizer` takes them."""
    return actor_store.load_alias_rows(con), vocabulary_store.load_synonym_rows(con)


def database_normalizer(con: Connection) -> Normalizer:
    """The normaliser for the database's alias table and vocabulary (cached per distinct pair)."""
    aliases, synonyms = vocabulary(con)
    key = hash((tuple(aliases), tuple(synonyms)))
    found = _NORMALIZERS.get(key)
    if found is None:
        if len(_NORMALIZERS) > 8:
            _NORMALIZERS.clear()
        found = _NORMALIZERS[key] = Normalizer(aliases, synonyms)
    return found


def load_index(con: Connection, *, reps_per_claim: int = REPS, model: MatchModel | None = None) -> MatchIndex:
    """A fresh `MatchIndex` of every live claim, built from the database.

    Only what the index keeps is read: the first distinct wordings of each claim (its document), who
    asserts and denies it (counted in SQL), and the titles of the first articles it appeared in; so the
    load grows with the number of claims rather than of mentions. `model`: the decision model to score with
    (default: the database's own, `store.matching.load_match_model`, else the shipped one).
    """
    with collector_paused():  # millions of small objects: a fifth of the load time went to full collections
        return _load_index(con, reps_per_claim, model)


def _load_index(con: Connection, reps_per_claim: int, model: MatchModel | None) -> MatchIndex:
    index = MatchIndex(database_normalizer(con), model=model or match_store.load_match_model(con),
                       reps_per_claim=reps_per_claim)
    index.event_watermark = event_store.latest_event_id(con)
    latest = article_store.latest_mention_id(con)
    analyze = index.normalizer.analyze
    for rows in mention_store.claim_wordings(con, 2 * reps_per_claim):
        for _mention_id, claim_id, text, claimant, stance, claim_text, vouched in rows:
            claim_id = int(claim_id)
            index.claim_slot(claim_id, claim_text)
            if vouched or index.has_room(claim_id):
                index.add_rep(claim_id, analyze(text, claimant, stance), vouched=bool(vouched))
    claimant_terms = index.normalizer.claimant_terms
    for claim_id, claimant, stance, n in mention_store.claim_roles(con):
        index.add_roles(int(claim_id), claimant_terms(claimant), stance, int(n))
    for claim_id, title in mention_store.claim_titles(con, _MAX_TITLES):
        index.add_topic(int(claim_id), title)
    for claim_id, first, last in mention_store.claim_days(con):
        index.add_days(int(claim_id), first, last)
    index.mention_watermark = latest
    return index


_MAX_TITLES = 20


def _rebuild(con: Connection, index: MatchIndex) -> int:
    """Replace `index`'s contents with a fresh load (the caller's object stays the same)."""
    fresh = load_index(con, reps_per_claim=index.reps_per_claim, model=index.model)
    index.__dict__.update(fresh.__dict__)
    return fresh.mentions


_TOP_UP_SLACK = 100
"""New mentions an index is always topped up with, however few claims it has (see `refresh_index`)."""


def _add_rows(con: Connection, index: MatchIndex, after: int) -> int:
    """Add the live mentions stored after mention id `after`, one by one, as placing them would have."""
    added = 0
    for rows in mention_store.mentions_since(con, after):
        for mention_id, claim_id, text, claimant, stance, topic, claim_text, published in rows:
            index.add(int(claim_id), text, claimant, stance, claim_text=claim_text, mention_id=int(mention_id),
                      topic=topic, published=published)
            added += 1
    return added


_PAUSED = 0
_PAUSE_LOCK = threading.Lock()
_RESUME = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Bulk matching (an import, a recluster, an index load) with Python's cyclic garbage collector off.

    The match index holds millions of small objects that every full collection walks again (12% of a 100k
    import went there), while the work itself makes almost no reference cycles (a few hundred objects per
    100k mentions, collected once the collector runs again). Nested and concurrent uses are counted: the
    collector is back as it was when the last one ends.
    """
    global _PAUSED, _RESUME
    with _PAUSE_LOCK:
        if _PAUSED == 0:
            _RESUME = gc.isenabled()
            gc.disable()
        _PAUSED += 1
    try:
        yield
    finally:
        with _PAUSE_LOCK:
            _PAUSED -= 1
            if _PAUSED == 0 and _RESUME:
                gc.enable()


def refresh_index(con: Connection, index: MatchIndex) -> int:
    """Bring `index` up to date with the database: add mentions stored since it was built, or rebuild it
    in place after merges, splits, moves, recluster or alias edits, or when more mentions were stored than
    a fresh load reads (`reps_per_claim` per claim, plus `_TOP_UP_SLACK`). Returns the number of mentions
    added."""
    if event_store.events_since(con, index.event_watermark, MODEL_EVENTS):
        index.model = match_store.load_match_model(con)  # a desk taught the matcher since: use its model
    if event_store.events_since(con, index.event_watermark, STRUCTURAL_EVENTS):
        return _rebuild(con, index)
    index.event_watermark = event_store.latest_event_id(con)
    latest = article_store.latest_mention_id(con)
    if latest <= index.mention_watermark:
        return 0
    if article_store.mentions_after(con, index.mention_watermark) > index.reps_per_claim * len(index) + _TOP_UP_SLACK:
        # topping up analyses every new mention, a fresh load only the first wordings of each claim: after a
        # big import by another process (the dashboard open during a million-mention import) that is far less
        return _rebuild(con, index)
    added = _add_rows(con, index, index.mention_watermark)
    index.mention_watermark = max(index.mention_watermark, latest)
    return added


def catch_up(con: Connection, index: MatchIndex, latest: int | None = None) -> None:
    """Read into the index the mentions other writers stored (`latest`: the highest mention id, if known)."""
    if latest is None:
        latest = article_store.latest_mention_id(con)
    if latest > index.mention_watermark:
        refresh_index(con, index)
