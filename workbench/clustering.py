"""Placing mentions on canonical claims in DuckDB, and the reviewer's operations on claims.

This module owns every write to `claims`, `mentions`, `match_decisions`, `match_suggestions` and
`pair_judgements`. Matching itself is `workbench.match` (pure); here it is fed from and written to the
database:

- `load_index` builds a `MatchIndex` from the stored claims; `refresh_index` brings one up to date with rows
  other processes wrote since (or rebuilds it after merges, splits, moves and alias edits).
- `place_mentions` decides for a batch of `NewMention`s (join / new claim + suggestion / new claim, with
  `Settings.match_auto` and `Settings.match_suggest`), then writes claims, mentions, decisions and
  suggestions in a few bulk statements (Arrow tables), so 100k mentions go in one call.
- Reviewer operations (`confirm_suggestion`, `reject_suggestion`, `merge_claims`, `split_claim`,
  `move_mention`) each write an `events` row and, as `pair_judgements`, what the reviewer said about which
  mentions belong together, so that `recluster` can re-run matching and keep those decisions.

Every function takes an open connection and leaves transaction control to its caller.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import pickle
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa

from . import store
from .store import matching as match_store
from .access import Permission, User, authorize
from .config import Settings
from .store.connection import Connection, execute_with, query, query_one, scalar
from .errors import InputError, NotFound
from .match.retrieval import REPS
from .match import Candidate, MatchIndex, MatchModel, Normalizer, Proposition, decide
from .models import NewMention, Stance
from .relations import link_counter_claims

__all__ = [
    "Placement",
    "ReclusterReport",
    "confirm_suggestion",
    "load_index",
    "load_index_cached",
    "merge_claims",
    "move_mention",
    "place_mentions",
    "recluster",
    "refresh_index",
    "reject_suggestion",
    "split_claim",
    "update_claim_dates",
]

LIVE = "review_state <> 'rejected'"
"""Mentions a reviewer rejected as wrongly extracted take no part in matching."""

STRUCTURAL_EVENTS = frozenset({
    "claims merged", "claim split", "mention moved", "suggestion confirmed", "recluster",
    "alias added", "alias removed", "actor merged", "actor renamed", "mentions rejected", "mention rejected",
    "mention corrected",
})
"""Events after which an index is rebuilt rather than topped up."""


@dataclass(frozen=True)
class Placement:
    """Where one mention went."""

    mention_id: int
    claim_id: int
    created_claim: bool
    score: float | None
    decision: str
    """joined | suggested | new | manual"""
    suggestion_claim_id: int | None = None
    """For `suggested`: the existing claim it may belong to (a stored, open suggestion)."""
    candidate: Candidate | None = None


# --- the index ----------------------------------------------------------------------------------------

_NORMALIZERS: dict[int, Normalizer] = {}


def _normalizer(con: Connection) -> Normalizer:
    """The normaliser for the database's alias table (cached per distinct alias table)."""
    rows = store.load_alias_rows(con)
    key = hash(tuple(rows))
    found = _NORMALIZERS.get(key)
    if found is None:
        if len(_NORMALIZERS) > 8:
            _NORMALIZERS.clear()
        found = _NORMALIZERS[key] = Normalizer(rows)
    return found


_REPS_SQL = """
SELECT mention_id, claim_id, text, claimant, stance, claim_text FROM (
    SELECT l.*, row_number() OVER (PARTITION BY l.claim_id ORDER BY l.mention_id) AS k FROM (
        SELECT m.mention_id, m.claim_id, coalesce(m.proposition, m.quote) AS text, a.name AS claimant, m.stance,
               c.text AS claim_text
        FROM mentions m JOIN claims c ON c.claim_id = m.claim_id AND c.merged_into IS NULL
        LEFT JOIN actors a ON a.actor_id = m.claimant_id
        WHERE m.review_state <> 'rejected'
        QUALIFY row_number() OVER (PARTITION BY m.claim_id, coalesce(m.proposition, m.quote) ORDER BY m.mention_id) = 1
    ) l
) WHERE k <= ?
ORDER BY mention_id
"""
"""The first few distinct wordings of every live claim: all a claim's document is made of."""

_ROLES_SQL = """
SELECT m.claim_id, a.name AS claimant, m.stance, count(*) AS n
FROM mentions m JOIN claims c ON c.claim_id = m.claim_id AND c.merged_into IS NULL
LEFT JOIN actors a ON a.actor_id = m.claimant_id
WHERE m.review_state <> 'rejected'
GROUP BY ALL ORDER BY m.claim_id
"""

_TITLES_SQL = """
SELECT claim_id, title FROM (
    SELECT claim_id, title, first, row_number() OVER (PARTITION BY claim_id ORDER BY first) AS k FROM (
        SELECT m.claim_id, ar.title, min(m.mention_id) AS first
        FROM mentions m JOIN claims c ON c.claim_id = m.claim_id AND c.merged_into IS NULL
        JOIN articles ar ON ar.article_id = m.article_id
        WHERE m.review_state <> 'rejected' AND ar.title IS NOT NULL
        GROUP BY m.claim_id, ar.title
    )
) WHERE k <= ? ORDER BY claim_id, first
"""

_DAYS_SQL = """
SELECT claim_id, first_seen, last_seen FROM claims WHERE merged_into IS NULL AND first_seen IS NOT NULL
"""
"""The span of every live claim's source dates."""

_NEW_MENTIONS_SQL = """
SELECT m.mention_id, m.claim_id, coalesce(m.proposition, m.quote) AS text, a.name AS claimant, m.stance,
       ar.title AS topic, c.text AS claim_text, coalesce(m.published, ar.published) AS published
FROM mentions m JOIN claims c ON c.claim_id = m.claim_id AND c.merged_into IS NULL
LEFT JOIN actors a ON a.actor_id = m.claimant_id
LEFT JOIN articles ar ON ar.article_id = m.article_id
WHERE m.review_state <> 'rejected' AND m.mention_id > ?
ORDER BY m.mention_id
"""


def load_index(con: Connection, *, reps_per_claim: int = REPS, model: MatchModel | None = None) -> MatchIndex:
    """A fresh `MatchIndex` of every live claim, built from the database.

    Only what the index keeps is read: the first distinct wordings of each claim (its document), who
    asserts and denies it (counted in SQL), and the titles of the first articles it appeared in; so the
    load grows with the number of claims rather than of mentions. `model`: the decision model to score with
    (default: the database's own, `store.load_match_model`, else the shipped one).
    """
    with collector_paused():  # millions of small objects: a fifth of the load time went to full collections
        return _load_index(con, reps_per_claim, model)


def _load_index(con: Connection, reps_per_claim: int, model: MatchModel | None) -> MatchIndex:
    index = MatchIndex(_normalizer(con), model=model or match_store.load_match_model(con), reps_per_claim=reps_per_claim)
    index.event_watermark = int(scalar(con, "SELECT coalesce(max(event_id), 0) FROM events") or 0)
    latest = store.latest_mention_id(con)
    analyze = index.normalizer.analyze
    cur = con.execute(_REPS_SQL, [2 * reps_per_claim])
    while rows := cur.fetchmany(50_000):
        for _mention_id, claim_id, text, claimant, stance, claim_text in rows:
            claim_id = int(claim_id)
            index.claim_slot(claim_id, claim_text)
            if index.has_room(claim_id):
                index.add_rep(claim_id, analyze(text, claimant, stance))
    claimant_terms = index.normalizer.claimant_terms
    for claim_id, claimant, stance, n in con.execute(_ROLES_SQL).fetchall():
        index.add_roles(int(claim_id), claimant_terms(claimant), stance, int(n))
    for claim_id, title in con.execute(_TITLES_SQL, [_MAX_TITLES]).fetchall():
        index.add_topic(int(claim_id), title)
    for claim_id, first, last in con.execute(_DAYS_SQL).fetchall():
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
    cur = con.execute(_NEW_MENTIONS_SQL, [after])
    added = 0
    while rows := cur.fetchmany(50_000):
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


CACHE_VERSION = 18
"""Bump when the index's contents or the matcher's data files change meaning (old cache files are then ignored)."""


def _cache_file(db_path: str | Path) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "claim-workbench"
    key = hashlib.sha256(str(Path(db_path).resolve()).encode("utf-8")).hexdigest()[:24]
    return base / f"match-index-{key}.pickle"


def _stamp(con: Connection) -> dict[str, Any]:
    row = con.execute(
        "SELECT (SELECT coalesce(max(mention_id), 0) FROM mentions), (SELECT count(*) FROM mentions),"
        " (SELECT coalesce(max(event_id), 0) FROM events), (SELECT count(*) FROM claims WHERE merged_into IS NULL),"
        " (SELECT count(*) FROM actor_aliases)"
    ).fetchone()
    aliases = hashlib.sha256(repr(store.load_alias_rows(con)).encode("utf-8")).hexdigest()
    return {"version": CACHE_VERSION, "mentions_max": int(row[0]), "mentions": int(row[1]), "events_max": int(row[2]),
            "claims": int(row[3]), "aliases": aliases}


def load_index_cached(con: Connection, db_path: str | Path) -> MatchIndex:
    """`load_index`, kept between processes in a cache file keyed by the database's state.

    A cache of the same state is read back (no text is analysed again); one that only lacks mentions added
    since is read and topped up with `refresh_index`; anything else (merges, splits, alias edits, another
    matcher version) is rebuilt and cached again. The files live in ~/.cache/claim-workbench (or
    $XDG_CACHE_HOME), never next to the database.
    """
    path = _cache_file(db_path)
    stamp_path = path.with_suffix(".stamp.json")
    stamp = _stamp(con)
    try:
        cached_stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cached_stamp = None
    index: MatchIndex | None = None
    if (cached_stamp and all(cached_stamp.get(k) == stamp[k] for k in ("version", "aliases"))
            and cached_stamp["mentions_max"] <= stamp["mentions_max"]):
        try:
            with path.open("rb") as fh:
                with collector_paused():
                    state = pickle.load(fh)
            index = MatchIndex.__new__(MatchIndex)
            index.__dict__.update(state)
            index.normalizer = _normalizer(con)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, ValueError):
            index = None
    if index is not None and cached_stamp == stamp:
        return index
    if index is not None:
        refresh_index(con, index)
    else:
        index = load_index(con)
    _write_cache(path, stamp_path, stamp, index)
    return index


def _write_cache(path: Path, stamp_path: Path, stamp: dict[str, Any], index: MatchIndex) -> None:
    state = dict(index.__dict__)
    state["normalizer"] = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp.write_text(json.dumps(stamp), encoding="utf-8")
        os.replace(tmp, stamp_path)
    except OSError:
        pass  # no cache: the next call rebuilds the index


def refresh_index(con: Connection, index: MatchIndex) -> int:
    """Bring `index` up to date with the database: add mentions stored since it was built, or rebuild it
    in place after merges, splits, moves, recluster or alias edits, or when more mentions were stored than
    a fresh load reads (`reps_per_claim` per claim, plus `_TOP_UP_SLACK`). Returns the number of mentions
    added."""
    structural = scalar(
        con,
        "SELECT count(*) FROM events WHERE event_id > ? AND action IN (SELECT unnest(?::VARCHAR[]))",
        [index.event_watermark, sorted(STRUCTURAL_EVENTS)],
    )
    if structural:
        return _rebuild(con, index)
    index.event_watermark = int(scalar(con, "SELECT coalesce(max(event_id), 0) FROM events") or 0)
    latest = store.latest_mention_id(con)
    if latest <= index.mention_watermark:
        return 0
    if store.mentions_after(con, index.mention_watermark) > index.reps_per_claim * len(index) + _TOP_UP_SLACK:
        # topping up analyses every new mention, a fresh load only the first wordings of each claim: after a
        # big import by another process (the dashboard open during a million-mention import) that is far less
        return _rebuild(con, index)
    added = _add_rows(con, index, index.mention_watermark)
    index.mention_watermark = max(index.mention_watermark, latest)
    return added


# --- placing mentions ---------------------------------------------------------------------------------


@dataclass
class _Row:
    """One mention's placement while a batch is decided (claim ids may still be provisional, < 0)."""

    claim_id: int
    decision: str
    score: float | None
    created: bool
    candidate: Candidate | None = None
    suggestion: Candidate | None = None
    details: dict[str, Any] = field(default_factory=dict)


def place_mentions(
    con: Connection,
    index: MatchIndex,
    mentions: Sequence[NewMention],
    settings: Settings,
    reviewer: str | None = None,
) -> list[Placement]:
    """Place each mention on a claim and store it (the caller holds the transaction).

    At or above `settings.match_auto` a mention joins the best claim; between `match_suggest` and
    `match_auto` it gets a new claim and an open suggestion of the best one; below, a new claim. Stance
    never prevents a match: a denial joins the claim it denies. `NewMention.claim_id` forces a claim
    (decision `manual`), `same_claim_as` joins the claim of an earlier mention of the batch. Every decision
    is stored in `match_decisions` with its score breakdown. The index is updated as the batch goes.
    """
    if not mentions:
        return []
    planned = plan_mentions(con, index, mentions, settings)
    write_planned(con, planned, settings, reviewer)
    return planned.placements()


@dataclass
class Unwritten:
    """What a batch planned but not yet written (`write_planned` running on another connection) adds to what
    the database says, for planning the next batch exactly as if it were written: the titles of the sources
    it creates, and the claims of each of its articles once it is placed."""

    titles: dict[int, str] = field(default_factory=dict)
    context: dict[int, Counter] = field(default_factory=dict)
    absent: set[int] = field(default_factory=set)
    """Articles the database does not have yet, the sources new in that batch or in the one being planned:
    nothing to read about them there."""


@dataclass
class PlannedBatch:
    """A batch placed on claims in the index, with the ids it will be stored under: `write_planned` stores it."""

    mentions: Sequence[NewMention]
    mention_ids: list[int]
    decision_ids: list[int]
    rows: list[_Row]
    context: dict[int, Counter]
    """Article id -> the claims its mentions are on, with this batch's."""

    def placements(self) -> list[Placement]:
        return [
            Placement(
                mention_id=self.mention_ids[i], claim_id=row.claim_id, created_claim=row.created, score=row.score,
                decision=row.decision, suggestion_claim_id=row.suggestion.claim_id if row.suggestion else None,
                candidate=row.candidate,
            )
            for i, row in enumerate(self.rows)
        ]


def plan_mentions(con: Connection, index: MatchIndex, mentions: Sequence[NewMention], settings: Settings,
                  unwritten: Unwritten | None = None, latest: int | None = None) -> PlannedBatch:
    """`place_mentions` up to the writing: reads the database and reserves ids, places the mentions in the index.
    `unwritten`: what a batch before this one, whose writing is not committed yet, adds to the database (the
    caller then passes no mention forcing a claim: claims and their anchors are read from the database).
    `latest`: the highest mention id stored, when the caller has just read it."""
    _catch_up(con, index, latest)
    auto, suggest = float(settings.match_auto), float(settings.match_suggest)
    forced = _forced_claims(con, {m.claim_id for m in mentions if m.claim_id is not None})
    article_ids = {m.article_id for m in mentions if m.article_id is not None}
    stored = article_ids - unwritten.absent if unwritten is not None else article_ids
    topics = _article_titles(con, stored)
    context = _article_claims(con, stored)
    if unwritten is not None:
        topics.update((a, t) for a, t in unwritten.titles.items() if a in article_ids)
        context.update((a, Counter(c)) for a, c in unwritten.context.items() if a in article_ids)
    anchors: dict[int, int] = {}  # claim id -> earliest mention id (for pair judgements of manual joins)
    if forced:
        anchors.update(_anchors(con, set(forced.values())))

    mention_ids, decision_ids = store.reserve_id_lists(con, ["mention_ids", "decision_ids"], len(mentions))
    rows: list[_Row] = []
    provisional = 0
    for i, m in enumerate(mentions):
        text = m.text_for_matching
        topic = topics.get(m.article_id) if m.article_id is not None else None
        if m.claim_id is not None:
            claim_id = forced[m.claim_id]
            row = _Row(claim_id, "manual", None, False,
                       details={"via": "claim chosen", "requested_claim_id": m.claim_id,
                                "anchor_mention_id": anchors.get(claim_id)})
        elif m.same_claim_as is not None and 0 <= m.same_claim_as < i:
            earlier = rows[m.same_claim_as]
            row = _Row(earlier.claim_id, "joined", earlier.score, False,
                       details={"via": "same claim as an earlier mention of the article",
                                "anchor_mention_id": mention_ids[m.same_claim_as]})
        else:
            row = _place_one(index, m, text, topic, context.get(m.article_id) if m.article_id is not None else None,
                             auto, suggest, provisional - 1)
            if row.created:
                provisional -= 1
        if row.claim_id not in anchors:
            anchors[row.claim_id] = mention_ids[i]
        index.add(row.claim_id, text, m.claimant, m.stance, claim_text=m.proposition or m.quote,
                  mention_id=mention_ids[i], topic=topic, published=m.published)
        if m.article_id is not None:
            _note_context(context.setdefault(m.article_id, Counter()), row.claim_id)
        rows.append(row)

    # Provisional claims get real ids, in the order they were created.
    new_count = -provisional
    real = store.reserve_ids(con, "claim_ids", new_count)
    mapping = {-(k + 1): real[k] for k in range(new_count)}
    for old, new in mapping.items():
        index.rename_claim(old, new)
    for row in rows:
        row.claim_id = mapping.get(row.claim_id, row.claim_id)
        _remap_candidate(row, mapping)
    for article_claims in context.values():
        for old in [c for c in article_claims if c < 0]:
            article_claims[mapping[old]] = article_claims.pop(old)
    index.mention_watermark = max(index.mention_watermark, max(mention_ids))
    return PlannedBatch(mentions, mention_ids, decision_ids, rows, context)


def write_planned(con: Connection, planned: PlannedBatch, settings: Settings, reviewer: str | None = None) -> None:
    """Store a planned batch: its claims, mentions, decisions and suggestions (the caller holds the transaction)."""
    mentions = planned.mentions
    actor_ids = store.resolve_actors(con, [m.claimant for m in mentions] + [m.accused for m in mentions])
    _write_batch(con, mentions, planned.mention_ids, planned.decision_ids, planned.rows, actor_ids, settings,
                 reviewer)
    # counter-claims of the batch's articles, linked to the claims they answer
    link_counter_claims(con, _normalizer(con), {m.article_id for m in mentions if m.article_id is not None})


def _place_one(index: MatchIndex, m: NewMention, text: str, topic: str | None, article_claims: Counter | None,
               auto: float, suggest: float, new_id: int) -> _Row:
    """Decide where one mention goes (`new_id`: the provisional id of the claim it would create)."""
    ctx = _context_weights(article_claims)
    prop = index.normalizer.analyze(text, m.claimant, m.stance)
    seen = _Seen(topic, ctx, m.published)
    settled = _without_search(index, prop, seen, auto)
    if settled is not None:
        return settled
    found = index.search(text, m.claimant, top=3, stance=m.stance, topic=topic, context=ctx, proposition=prop,
                         published=m.published, explain=1, enough=auto)
    decision = decide(found, auto, suggest)
    if decision.kind == "joined":
        row = _Row(int(decision.claim_id), "joined", decision.score, False, decision.candidate)  # type: ignore[arg-type]
    else:
        row = _Row(new_id, decision.kind, decision.score, True, decision.candidate,
                   suggestion=decision.candidate if decision.kind == "suggested" else None)
    row.details = {"alternatives": [[c.claim_id, c.score] for c in found[1:]]}
    return row


@dataclass(frozen=True)
class _Seen:
    """Where a mention was seen: its article's title, the claims its article is on (weights), its source's date."""

    topic: str | None
    context: Mapping[int, float] | None
    published: dt.date | None = None


def _without_search(index: MatchIndex, prop: Proposition, seen: _Seen, auto: float,
                    blocked: Collection[int] = ()) -> _Row | None:
    """Where a mention goes without a search of every claim, if that is settled: the claim of an earlier mention
    with the same wording (`_repeat`). (A claim of the mention's own article is not joined without a search: the
    model's features of a claim, its BM25 among the others first, are those of a search, and the search always
    compares the article's claims too.)"""
    return _repeat(index, prop, seen, auto, blocked)


def _repeat(index: MatchIndex, prop: Proposition, seen: _Seen, auto: float,
            blocked: Collection[int] = ()) -> _Row | None:
    """The claim an earlier mention saying the same went to (`MatchIndex.repeat_of`), joined without a search
    when `prop` reaches `auto` on it alone (and no reviewer kept them apart: `blocked`)."""
    repeat = index.repeat_of(prop)
    if repeat is None or repeat in blocked:
        return None
    same = index.score_claim(prop, repeat, topic=seen.topic, context=seen.context, published=seen.published)
    if same is None or same.score < auto:
        return None
    return _Row(same.claim_id, "joined", same.score, False, same,
                details={"via": "same wording as an earlier mention of the claim"})



def _context_weights(claims: Counter | None) -> dict[int, float] | None:
    """Claims other mentions of the same article are on: the context a short denial is read in. The claim
    mentioned last weighs most ("..., which Tehran denies" answers what was just said), the one before it
    `EARLIER_CONTEXT`, and each earlier one a little less (`CONTEXT_DECAY`): of two claims that fit a denial
    equally, the one mentioned closer before it wins."""
    if not claims:
        return None
    weights: dict[int, float] = {}
    for rank, claim_id in enumerate(reversed(claims)):
        weights[claim_id] = 1.0 if rank == 0 else EARLIER_CONTEXT * CONTEXT_DECAY ** (rank - 1)
    return weights


EARLIER_CONTEXT = 0.5
"""Weight, as same-article context, of the claim mentioned before the last one."""
CONTEXT_DECAY = 0.9
"""Each claim mentioned still earlier weighs this much of the one mentioned after it."""


def _note_context(claims: Counter, claim_id: int) -> None:
    """Count one more mention of `claim_id` in an article, keeping the claims in order of their last mention."""
    claims[claim_id] = claims.pop(claim_id, 0) + 1


def _catch_up(con: Connection, index: MatchIndex, latest: int | None = None) -> None:
    """Read into the index the mentions other writers stored (`latest`: the highest mention id, if known)."""
    if latest is None:
        latest = store.latest_mention_id(con)
    if latest > index.mention_watermark:
        refresh_index(con, index)


def _forced_claims(con: Connection, claim_ids: set[int]) -> dict[int, int]:
    """Requested claim id -> the live claim it is (following merges); NotFound for unknown ids."""
    out: dict[int, int] = {}
    for claim_id in claim_ids:
        out[claim_id] = _live_claim(con, claim_id)
    return out


def _live_claim(con: Connection, claim_id: int) -> int:
    current = int(claim_id)
    for _ in range(100):
        row = con.execute("SELECT merged_into FROM claims WHERE claim_id = ?", [current]).fetchone()
        if row is None:
            raise NotFound(f"no claim with id {claim_id}")
        if row[0] is None:
            return current
        current = int(row[0])
    raise InputError(f"claim {claim_id} is merged in a loop")


def _article_titles(con: Connection, article_ids: set[int]) -> dict[int, str]:
    if not article_ids:
        return {}
    rows = con.execute(
        "SELECT article_id, title FROM articles WHERE article_id IN (SELECT unnest(?::INTEGER[])) AND title IS NOT NULL",
        [sorted(article_ids)],
    ).fetchall()
    return {int(a): t for a, t in rows}


def _article_claims(con: Connection, article_ids: set[int]) -> dict[int, Counter]:
    out: dict[int, Counter] = {}
    if not article_ids:
        return out
    rows = con.execute(
        "SELECT m.article_id, m.claim_id, count(*) FROM mentions m JOIN claims c ON c.claim_id = m.claim_id"
        " AND c.merged_into IS NULL WHERE m.article_id IN (SELECT unnest(?::INTEGER[])) AND m.review_state <> 'rejected'"
        " GROUP BY ALL ORDER BY max(m.mention_id)",  # the claim mentioned last comes last
        [sorted(article_ids)],
    ).fetchall()
    for article_id, claim_id, n in rows:
        out.setdefault(int(article_id), Counter())[int(claim_id)] += int(n)
    return out


def _anchors(con: Connection, claim_ids: set[int]) -> dict[int, int]:
    if not claim_ids:
        return {}
    rows = con.execute(
        "SELECT claim_id, min(mention_id) FROM mentions WHERE claim_id IN (SELECT unnest(?::INTEGER[])) GROUP BY claim_id",
        [sorted(claim_ids)],
    ).fetchall()
    return {int(c): int(m) for c, m in rows}


def _write_batch(con: Connection, mentions: Sequence[NewMention], mention_ids: list[int], decision_ids: list[int],
                 rows: list[_Row], actor_ids: dict[str, int], settings: Settings, reviewer: str | None) -> None:
    """Claims, mentions, decisions and suggestions of one batch, each in one INSERT from an Arrow table."""
    def actor(name: str | None) -> int | None:
        return actor_ids.get(name.strip()) if name and name.strip() else None

    # new claims: text and proposition of their first mention
    new_claims: dict[int, int] = {}
    for i, row in enumerate(rows):
        if row.created and row.claim_id not in new_claims:
            new_claims[row.claim_id] = i
    if new_claims:
        claims_table = pa.table({
            "claim_id": pa.array(list(new_claims), pa.int32()),
            "text": pa.array([_claim_text(mentions[i]) for i in new_claims.values()], pa.string()),
            "proposition": pa.array([mentions[i].proposition for i in new_claims.values()], pa.string()),
            "accused_id": pa.array([actor(mentions[i].accused) for i in new_claims.values()], pa.int32()),
            "updated_by": pa.array([reviewer] * len(new_claims), pa.string()),
        })
        execute_with(con, "wb_new_claims", claims_table,
                     "INSERT INTO claims (claim_id, text, proposition, accused_id, updated_by)"
                     " SELECT claim_id, text, proposition, accused_id, updated_by FROM wb_new_claims")

    mentions_table = pa.table({
        "mention_id": pa.array(mention_ids, pa.int64()),
        "claim_id": pa.array([r.claim_id for r in rows], pa.int32()),
        "article_id": pa.array([m.article_id for m in mentions], pa.int32()),
        "quote": pa.array([m.quote for m in mentions], pa.string()),
        "proposition": pa.array([m.proposition for m in mentions], pa.string()),
        "char_start": pa.array([m.char_start for m in mentions], pa.int32()),
        "char_end": pa.array([m.char_end for m in mentions], pa.int32()),
        "speaker": pa.array([m.speaker for m in mentions], pa.string()),
        "claimant_id": pa.array([actor(m.claimant) for m in mentions], pa.int32()),
        "accused_id": pa.array([actor(m.accused) for m in mentions], pa.int32()),
        "stance": pa.array([Stance(m.stance).value for m in mentions], pa.string()),
        "origin": pa.array([str(getattr(m.origin, "value", m.origin)) for m in mentions], pa.string()),
        "score": pa.array([r.score for r in rows], pa.float64()),
        "published": pa.array([m.published for m in mentions], pa.date32()),
        "created_by": pa.array([m.created_by or reviewer for m in mentions], pa.string()),
    })
    execute_with(con, "wb_new_mentions", mentions_table,
                 "INSERT INTO mentions (mention_id, claim_id, article_id, quote, proposition, char_start, char_end, speaker,"
                 " claimant_id, accused_id, stance, origin, score, published, created_by)"
                 " SELECT mention_id, claim_id, article_id, quote, proposition, char_start, char_end, speaker,"
                 " claimant_id, accused_id, stance, origin, score, published, created_by FROM wb_new_mentions")

    _insert_decisions(con, decision_ids, mention_ids, rows, settings)

    suggestions = [(decision_ids[i], mention_ids[i], row) for i, row in enumerate(rows) if row.suggestion is not None]
    if suggestions:
        table = pa.table({
            "mention_id": pa.array([m for _, m, _ in suggestions], pa.int64()),
            "claim_id": pa.array([r.suggestion.claim_id for _, _, r in suggestions], pa.int32()),  # type: ignore[union-attr]
            "score": pa.array([r.suggestion.score for _, _, r in suggestions], pa.float64()),  # type: ignore[union-attr]
            "decision_id": pa.array([d for d, _, _ in suggestions], pa.int64()),
        })
        execute_with(con, "wb_new_suggestions", table,
                     "INSERT INTO match_suggestions (mention_id, claim_id, score, decision_id)"
                     " SELECT mention_id, claim_id, score, decision_id FROM wb_new_suggestions")

    touched = sorted({r.claim_id for r in rows})
    _update_seen(con, touched)


def _claim_text(m: NewMention) -> str:
    return (m.proposition or m.quote).strip() or m.quote


_JSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY
"""A decision's details as `json.dumps(default=str)` would write them (numbers from numpy as numbers, keys
that are not strings as strings), about five times faster: an import writes one per mention."""


def _insert_decisions(con: Connection, decision_ids: list[int], mention_ids: list[int], rows: Sequence[_Row],
                      settings: Settings, via: str | None = None) -> None:
    def part(row: _Row, name: str) -> float | None:
        c = row.candidate
        return getattr(c, name) if c is not None else None

    details = []
    for row in rows:
        d = dict(row.details)
        c = row.candidate
        if c is not None:
            d["breakdown"] = c.breakdown
            d["role_score"] = c.role_score
            d["context_score"] = c.context_score
            d["best_claim_id"] = c.claim_id
            d["best_mention_text"] = c.rep_text
        if via:
            d.setdefault("via", via)
        details.append(orjson.dumps(d, default=str, option=_JSON_OPTIONS).decode())
    table = pa.table({
        "decision_id": pa.array(decision_ids, pa.int64()),
        "mention_id": pa.array(mention_ids, pa.int64()),
        # the claim compared with: for joined/manual the claim joined, else the best candidate (if any)
        "claim_id": pa.array([
            r.claim_id if r.decision in ("joined", "manual") else (r.candidate.claim_id if r.candidate else None)
            for r in rows], pa.int32()),
        "decision": pa.array([r.decision for r in rows], pa.string()),
        "score": pa.array([r.score for r in rows], pa.float64()),
        "text_score": pa.array([part(r, "text_score") for r in rows], pa.float64()),
        "actor_score": pa.array([part(r, "actor_score") for r in rows], pa.float64()),
        "direction_score": pa.array([part(r, "direction_score") for r in rows], pa.float64()),
        "number_score": pa.array([part(r, "number_score") for r in rows], pa.float64()),
        "compared_text": pa.array([part(r, "compared_text") for r in rows], pa.string()),
        "candidate_text": pa.array([part(r, "candidate_text") for r in rows], pa.string()),
        "details": pa.array(details, pa.string()),
    })
    execute_with(con, "wb_new_decisions", table,
                 "INSERT INTO match_decisions (decision_id, mention_id, claim_id, decision, score, text_score, actor_score,"
                 " direction_score, number_score, compared_text, candidate_text, details, auto_threshold, suggest_threshold)"
                 " SELECT decision_id, mention_id, claim_id, decision, score, text_score, actor_score, direction_score,"
                 " number_score, compared_text, candidate_text, details::JSON, ?, ? FROM wb_new_decisions",
                 [float(settings.match_auto), float(settings.match_suggest)])


def update_claim_dates(con: Connection, claim_ids: Sequence[int] | None = None) -> None:
    """Recompute claims.first_seen / last_seen from their live mentions' dates (all claims when None).

    Call it after changing which mentions count for a claim outside this module (e.g. rejecting mentions).
    """
    _update_seen(con, claim_ids)


def _update_seen(con: Connection, claim_ids: Sequence[int] | None = None) -> None:
    """Recompute claims.first_seen / last_seen from their live mentions' dates (all claims when None).

    A claim left without a dated live mention gets no dates."""
    where = "" if claim_ids is None else " WHERE c.claim_id IN (SELECT unnest(?::INTEGER[]))"
    params: list[Any] = [] if claim_ids is None else [list(claim_ids)]
    if claim_ids is not None and not claim_ids:
        return
    con.execute(
        "UPDATE claims SET first_seen = s.first_seen, last_seen = s.last_seen FROM ("
        " SELECT c.claim_id, min(coalesce(m.published, a.published)) AS first_seen,"
        " max(coalesce(m.published, a.published)) AS last_seen"
        " FROM claims c LEFT JOIN mentions m ON m.claim_id = c.claim_id AND m.review_state <> 'rejected'"
        f" LEFT JOIN articles a ON a.article_id = m.article_id{where} GROUP BY c.claim_id) s"
        " WHERE claims.claim_id = s.claim_id"
        " AND (claims.first_seen IS DISTINCT FROM s.first_seen OR claims.last_seen IS DISTINCT FROM s.last_seen)",
        params,
    )


# --- reviewer operations ------------------------------------------------------------------------------


def _claim_row(con: Connection, claim_id: int) -> dict[str, Any]:
    row = query_one(con, "SELECT claim_id, text, status, verdict, merged_into FROM claims WHERE claim_id = ?", [int(claim_id)])
    if row is None:
        raise NotFound(f"no claim with id {claim_id}")
    return row


def _anchor(con: Connection, claim_id: int, excluding: Sequence[int] = ()) -> int | None:
    """The claim's earliest mention (the one reviewer judgements about the claim are pinned to)."""
    value = scalar(
        con,
        "SELECT min(mention_id) FROM mentions WHERE claim_id = ? AND NOT list_contains(?::BIGINT[], mention_id)",
        [int(claim_id), [int(x) for x in excluding]],
    )
    return int(value) if value is not None else None


def _judge(con: Connection, a: int | None, b: int | None, judgement: str, reviewer: str | None) -> None:
    """Record that mentions a and b state the same claim, or different claims (one row per pair)."""
    if a is None or b is None or a == b:
        return
    lo, hi = sorted((int(a), int(b)))
    con.execute(
        "INSERT INTO pair_judgements (mention_id, other_mention_id, judgement, decided_by) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (mention_id, other_mention_id) DO UPDATE SET judgement = excluded.judgement,"
        " decided_by = excluded.decided_by, decided_at = now()::TIMESTAMP",
        [lo, hi, judgement, reviewer],
    )


def _manual_decisions(con: Connection, mention_ids: Sequence[int], claim_id: int, details: dict[str, Any],
                      settings: Settings | None = None) -> None:
    """A `manual` match decision for each moved mention, so its history shows how it got to its claim."""
    if not mention_ids:
        return
    settings = settings or store.load_settings(con)
    ids = store.reserve_ids(con, "decision_ids", len(mention_ids))
    rows = [_Row(int(claim_id), "manual", None, False, details=dict(details)) for _ in mention_ids]
    _insert_decisions(con, ids, [int(m) for m in mention_ids], rows, settings)


def _retire_if_empty(con: Connection, claim_id: int, into: int) -> bool:
    left = scalar(con, "SELECT count(*) FROM mentions WHERE claim_id = ?", [int(claim_id)])
    if left:
        return False
    con.execute("UPDATE claims SET merged_into = ?, updated_at = current_timestamp WHERE claim_id = ?", [int(into), int(claim_id)])
    con.execute("UPDATE claims SET merged_into = ? WHERE merged_into = ?", [int(into), int(claim_id)])
    return True


def confirm_suggestion(con: Connection, suggestion_id: int, reviewer: str | User) -> Placement:
    """Accept a suggestion: the mention moves onto the suggested claim (its own claim is retired if left empty)."""
    who = authorize(reviewer, Permission.REVIEW)
    s = query_one(con, "SELECT * FROM match_suggestions WHERE suggestion_id = ?", [int(suggestion_id)])
    if s is None:
        raise NotFound(f"no suggestion with id {suggestion_id}")
    if s["state"] != "open":
        raise InputError(f"suggestion {suggestion_id} was already {s['state']}")
    mention = query_one(con, "SELECT mention_id, claim_id FROM mentions WHERE mention_id = ?", [s["mention_id"]])
    if mention is None:
        raise NotFound(f"the mention of suggestion {suggestion_id} no longer exists")
    target = _live_claim(con, int(s["claim_id"]))
    source = int(mention["claim_id"])
    mention_id = int(mention["mention_id"])
    anchor = _anchor(con, target, excluding=[mention_id])
    if source != target:
        con.execute("UPDATE mentions SET claim_id = ? WHERE mention_id = ?", [target, mention_id])
        _manual_decisions(con, [mention_id], target, {"via": "suggestion confirmed", "suggestion_id": int(suggestion_id),
                                                      "from_claim_id": source, "anchor_mention_id": anchor})
        retired = _retire_if_empty(con, source, target)
        _update_seen(con, [source, target])
    else:
        retired = False
    _judge(con, mention_id, anchor, "same", who)
    con.execute(
        "UPDATE match_suggestions SET state = 'confirmed', decided_by = ?, decided_at = current_timestamp WHERE suggestion_id = ?",
        [who, int(suggestion_id)],
    )
    store.record_event(con, "suggestion confirmed", "mention", mention_id, claim_id=target, reviewer=who,
                       details={"suggestion_id": int(suggestion_id), "from_claim_id": source, "to_claim_id": target,
                                "score": s["score"], "from_claim_retired": retired})
    return Placement(mention_id, target, False, s["score"], "manual")


def reject_suggestion(con: Connection, suggestion_id: int, reviewer: str | User) -> None:
    """Decline a suggestion: the mention stays where it is, and the pair is never suggested again."""
    who = authorize(reviewer, Permission.REVIEW)
    s = query_one(con, "SELECT * FROM match_suggestions WHERE suggestion_id = ?", [int(suggestion_id)])
    if s is None:
        raise NotFound(f"no suggestion with id {suggestion_id}")
    if s["state"] != "open":
        raise InputError(f"suggestion {suggestion_id} was already {s['state']}")
    mention_id = int(s["mention_id"])
    claim_id = int(s["claim_id"])
    anchor = _anchor(con, _live_claim(con, claim_id), excluding=[mention_id])
    _judge(con, mention_id, anchor, "different", who)
    con.execute(
        "UPDATE match_suggestions SET state = 'rejected', decided_by = ?, decided_at = current_timestamp WHERE suggestion_id = ?",
        [who, int(suggestion_id)],
    )
    store.record_event(con, "suggestion rejected", "mention", mention_id, claim_id=claim_id, reviewer=who,
                       details={"suggestion_id": int(suggestion_id), "claim_id": claim_id, "score": s["score"],
                                "anchor_mention_id": anchor})


def merge_claims(con: Connection, keep: int, absorb: int, reviewer: str | User) -> int:
    """Move every mention of claim `absorb` onto `keep`; `absorb` remains as a pointer (`merged_into`).

    `keep` keeps its text, status and verdict. Returns the number of mentions moved.
    """
    who = authorize(reviewer, Permission.RESTRUCTURE)
    keep, absorb = int(keep), int(absorb)
    if keep == absorb:
        raise InputError("a claim cannot be merged into itself")
    kept, gone = _claim_row(con, keep), _claim_row(con, absorb)
    for row in (kept, gone):
        if row["merged_into"] is not None:
            raise InputError(f"claim {row['claim_id']} was already merged into claim {row['merged_into']}")
    moved = [int(r[0]) for r in con.execute("SELECT mention_id FROM mentions WHERE claim_id = ? ORDER BY mention_id", [absorb]).fetchall()]
    anchor_keep, anchor_absorb = _anchor(con, keep), _anchor(con, absorb)
    con.execute("UPDATE mentions SET claim_id = ? WHERE claim_id = ?", [keep, absorb])
    con.execute("UPDATE claim_reviews SET claim_id = ? WHERE claim_id = ?", [keep, absorb])
    con.execute("UPDATE claims SET merged_into = ?, updated_at = current_timestamp, updated_by = ? WHERE claim_id = ?",
                [keep, who, absorb])
    con.execute("UPDATE claims SET merged_into = ? WHERE merged_into = ?", [keep, absorb])
    con.execute("UPDATE match_suggestions SET claim_id = ? WHERE claim_id = ? AND state = 'open'", [keep, absorb])
    con.execute(
        "UPDATE match_suggestions SET state = 'confirmed', decided_by = ?, decided_at = current_timestamp"
        " WHERE state = 'open' AND claim_id = ? AND mention_id IN (SELECT mention_id FROM mentions WHERE claim_id = ?)",
        [who, keep, keep],
    )
    _judge(con, anchor_keep, anchor_absorb, "same", who)
    _manual_decisions(con, moved, keep, {"via": "claims merged", "from_claim_id": absorb, "anchor_mention_id": anchor_keep})
    _update_seen(con, [keep])
    store.record_event(con, "claims merged", "claim", absorb, claim_id=keep, reviewer=who,
                       details={"kept": keep, "absorbed": absorb, "mentions_moved": len(moved),
                                "absorbed_text": gone["text"], "absorbed_status": gone["status"],
                                "absorbed_verdict": gone["verdict"]})
    for mention_id in moved:
        store.record_event(con, "mention moved", "mention", mention_id, claim_id=keep, reviewer=who,
                           details={"from_claim_id": absorb, "to_claim_id": keep, "via": "claims merged"})
    return len(moved)


def split_claim(con: Connection, claim_id: int, mention_ids: Sequence[int], reviewer: str | User) -> int:
    """Move `mention_ids` of `claim_id` onto a new claim (text: the first one's); returns the new claim id."""
    who = authorize(reviewer, Permission.RESTRUCTURE)
    claim_id = int(claim_id)
    original = _claim_row(con, claim_id)
    if original["merged_into"] is not None:
        raise InputError(f"claim {claim_id} was merged into claim {original['merged_into']}")
    chosen = sorted({int(m) for m in mention_ids})
    if not chosen:
        raise InputError("choose at least one mention to split off")
    on_claim = {int(r[0]) for r in con.execute("SELECT mention_id FROM mentions WHERE claim_id = ?", [claim_id]).fetchall()}
    stray = [m for m in chosen if m not in on_claim]
    if stray:
        raise InputError(f"mention {stray[0]} is not on claim {claim_id}")
    if len(chosen) == len(on_claim):
        raise InputError("a split must leave at least one mention on the claim")
    first = query_one(con, "SELECT quote, proposition FROM mentions WHERE mention_id = ?", [chosen[0]])
    assert first is not None
    new_id = store.reserve_ids(con, "claim_ids", 1)[0]
    con.execute(
        "INSERT INTO claims (claim_id, text, proposition, updated_by) VALUES (?, ?, ?, ?)",
        [new_id, (first["proposition"] or first["quote"]), first["proposition"], who],
    )
    con.execute("UPDATE mentions SET claim_id = ? WHERE mention_id IN (SELECT unnest(?::BIGINT[]))", [new_id, chosen])
    remaining_anchor = _anchor(con, claim_id)
    for m in chosen:
        _judge(con, m, remaining_anchor, "different", who)
        if m != chosen[0]:
            _judge(con, m, chosen[0], "same", who)
    con.execute(
        "UPDATE match_suggestions SET state = 'rejected', decided_by = ?, decided_at = current_timestamp"
        " WHERE state = 'open' AND claim_id = ? AND mention_id IN (SELECT unnest(?::BIGINT[]))",
        [who, claim_id, chosen],
    )
    _manual_decisions(con, chosen, new_id, {"via": "claim split", "from_claim_id": claim_id, "anchor_mention_id": chosen[0]})
    _update_seen(con, [claim_id, new_id])
    store.record_event(con, "claim split", "claim", new_id, claim_id=claim_id, reviewer=who,
                       details={"from_claim_id": claim_id, "new_claim_id": new_id, "mention_ids": chosen})
    for m in chosen:
        store.record_event(con, "mention moved", "mention", m, claim_id=new_id, reviewer=who,
                           details={"from_claim_id": claim_id, "to_claim_id": new_id, "via": "claim split"})
    return new_id


def move_mention(con: Connection, mention_id: int, claim_id: int, reviewer: str | User) -> None:
    """Move one mention onto another claim (its old claim is retired if left empty)."""
    who = authorize(reviewer, Permission.RESTRUCTURE)
    row = query_one(con, "SELECT mention_id, claim_id FROM mentions WHERE mention_id = ?", [int(mention_id)])
    if row is None:
        raise NotFound(f"no mention with id {mention_id}")
    target_row = _claim_row(con, int(claim_id))
    if target_row["merged_into"] is not None:
        raise InputError(f"claim {claim_id} was merged into claim {target_row['merged_into']}; move it there")
    source, target, mention_id = int(row["claim_id"]), int(claim_id), int(mention_id)
    if source == target:
        return
    target_anchor = _anchor(con, target)
    source_anchor = _anchor(con, source, excluding=[mention_id])
    con.execute("UPDATE mentions SET claim_id = ? WHERE mention_id = ?", [target, mention_id])
    _judge(con, mention_id, target_anchor, "same", who)
    _judge(con, mention_id, source_anchor, "different", who)
    _manual_decisions(con, [mention_id], target, {"via": "mention moved", "from_claim_id": source, "anchor_mention_id": target_anchor})
    retired = _retire_if_empty(con, source, target)
    _update_seen(con, [source, target])
    store.record_event(con, "mention moved", "mention", mention_id, claim_id=target, reviewer=who,
                       details={"from_claim_id": source, "to_claim_id": target, "from_claim_retired": retired})


# --- recluster ----------------------------------------------------------------------------------------


@dataclass
class ReclusterReport:
    """What `recluster` changed."""

    mentions: int = 0
    claims_before: int = 0
    claims_after: int = 0
    mentions_moved: int = 0
    claims_created: int = 0
    claims_retired: int = 0
    suggestions: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"{self.mentions} mentions re-matched: {self.claims_before} -> {self.claims_after} claims,"
                f" {self.mentions_moved} mentions moved, {self.claims_created} claims created,"
                f" {self.claims_retired} retired, {self.suggestions} open suggestions ({self.seconds:.1f} s)")


class _Groups:
    """Union-find over mention ids (mentions a reviewer said belong together)."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def recluster(con: Connection, settings: Settings, reviewer: str | User | None = None) -> ReclusterReport:
    """Re-run matching over every live mention (after thresholds or aliases changed), keeping reviewer decisions.

    Kept: pairs a reviewer confirmed (`same`: always together) or rejected (`different`: never joined nor
    suggested together), mentions placed or moved by hand, and claim ids with their status, verdict and
    text wherever a new cluster continues an old claim (the old claim with the largest share of its mentions).
    """
    who = authorize(reviewer, Permission.CONFIGURE, required=False)
    with collector_paused():
        return _recluster(con, settings, who)


def _recluster(con: Connection, settings: Settings, reviewer: str | None) -> ReclusterReport:
    started = time.monotonic()
    report = ReclusterReport()
    rows = query(
        con,
        """SELECT m.mention_id, m.claim_id, coalesce(m.proposition, m.quote) AS text, m.quote, m.proposition,
                  a.name AS claimant, m.stance, m.article_id, ar.title AS topic,
                  coalesce(m.published, ar.published) AS published, d.decision AS last_decision, d.details AS last_details
           FROM mentions m JOIN claims c ON c.claim_id = m.claim_id AND c.merged_into IS NULL
           LEFT JOIN actors a ON a.actor_id = m.claimant_id
           LEFT JOIN articles ar ON ar.article_id = m.article_id
           LEFT JOIN (SELECT mention_id, decision, details FROM match_decisions
                      QUALIFY row_number() OVER (PARTITION BY mention_id ORDER BY decision_id DESC) = 1) d
                  ON d.mention_id = m.mention_id
           WHERE m.review_state <> 'rejected'
           ORDER BY m.mention_id""",
    )
    report.mentions = len(rows)
    report.claims_before = int(scalar(con, "SELECT count(*) FROM claims WHERE merged_into IS NULL") or 0)
    groups = _Groups()
    apart: dict[int, set[int]] = defaultdict(set)
    for a, b, judgement in con.execute("SELECT mention_id, other_mention_id, judgement FROM pair_judgements").fetchall():
        if judgement == "same":
            groups.union(int(a), int(b))
        else:
            apart[int(a)].add(int(b))
            apart[int(b)].add(int(a))
    for row in rows:
        details = row["last_details"]
        if isinstance(details, str):
            try:
                details = json.loads(details)
            except json.JSONDecodeError:
                details = {}
        anchor = (details or {}).get("anchor_mention_id")
        if anchor is not None and (row["last_decision"] == "manual" or (details or {}).get("via", "").startswith("same claim")):
            groups.union(int(row["mention_id"]), int(anchor))

    index = MatchIndex(_normalizer(con), model=match_store.load_match_model(con))
    auto, suggest = float(settings.match_auto), float(settings.match_suggest)
    cluster_of: dict[int, int] = {}
    group_cluster: dict[int, int] = {}
    article_ctx: dict[int, Counter] = {}
    decisions: list[_Row] = []
    next_cluster = 0
    for row in rows:
        mid = int(row["mention_id"])
        root = groups.find(mid)
        blocked = {cluster_of[o] for o in apart.get(mid, ()) if o in cluster_of}
        if root in group_cluster:
            cluster = group_cluster[root]
            placed = _Row(cluster, "manual", None, False, details={"via": "recluster: kept with reviewed mentions"})
        else:
            ctx = _context_weights(article_ctx.get(row["article_id"]) if row["article_id"] is not None else None)
            prop = index.normalizer.analyze(row["text"], row["claimant"], row["stance"])
            # the import's own steps: a repeated wording, a claim of the same article, then the search
            seen = _Seen(row["topic"], ctx, row["published"])
            settled = _without_search(index, prop, seen, auto, blocked)
            if settled is not None:
                cluster, placed = settled.claim_id, settled
                placed.details = {"via": "recluster: " + str(settled.details["via"])}
            else:
                found = index.search(row["text"], row["claimant"], top=3, stance=row["stance"], topic=row["topic"],
                                     context=ctx, exclude=blocked, explain=1, enough=auto, proposition=prop,
                                     published=row["published"])
                decision = decide(found, auto, suggest)
                if decision.kind == "joined":
                    cluster = int(decision.claim_id)
                    placed = _Row(cluster, "joined", decision.score, False, decision.candidate)
                else:
                    next_cluster -= 1
                    cluster = next_cluster
                    placed = _Row(cluster, decision.kind, decision.score, True, decision.candidate,
                                  suggestion=decision.candidate if decision.kind == "suggested" else None)
                placed.details = {"via": "recluster", "alternatives": [[c.claim_id, c.score] for c in found[1:]]}
        group_cluster.setdefault(root, cluster)
        cluster_of[mid] = cluster
        index.add(cluster, row["text"], row["claimant"], row["stance"], claim_text=row["quote"], topic=row["topic"],
                  published=row["published"])
        if row["article_id"] is not None:
            _note_context(article_ctx.setdefault(int(row["article_id"]), Counter()), cluster)
        decisions.append(placed)

    # Map clusters onto old claim ids: biggest overlaps first, each old claim used once.
    overlap: Counter = Counter()
    for row in rows:
        overlap[(cluster_of[int(row["mention_id"])], int(row["claim_id"]))] += 1
    assigned: dict[int, int] = {}
    used: set[int] = set()
    for (cluster, old), _n in sorted(overlap.items(), key=lambda kv: (-kv[1], kv[0][1], -kv[0][0])):
        if cluster in assigned or old in used:
            continue
        assigned[cluster] = old
        used.add(old)
    clusters = sorted({c for c in cluster_of.values()}, reverse=True)  # creation order: -1, -2, ...
    fresh = [c for c in clusters if c not in assigned]
    new_ids = store.reserve_ids(con, "claim_ids", len(fresh))
    assigned.update(dict(zip(fresh, new_ids)))
    first_text: dict[int, dict[str, Any]] = {}
    for row in rows:
        first_text.setdefault(cluster_of[int(row["mention_id"])], row)

    if fresh:
        con.executemany(
            "INSERT INTO claims (claim_id, text, proposition, updated_by) VALUES (?, ?, ?, ?)",
            [[assigned[c], (first_text[c]["proposition"] or first_text[c]["quote"]), first_text[c]["proposition"], reviewer]
             for c in fresh],
        )
    moved_ids = [int(r["mention_id"]) for r in rows if assigned[cluster_of[int(r["mention_id"])]] != int(r["claim_id"])]
    table = pa.table({
        "mention_id": pa.array([int(r["mention_id"]) for r in rows], pa.int64()),
        "claim_id": pa.array([assigned[cluster_of[int(r["mention_id"])]] for r in rows], pa.int32()),
    })
    execute_with(con, "wb_recluster", table,
                 "UPDATE mentions SET claim_id = r.claim_id FROM wb_recluster r"
                 " WHERE mentions.mention_id = r.mention_id AND mentions.claim_id <> r.claim_id")
    # Old claims that no cluster continues point at the claim that took most of their mentions.
    heir: dict[int, tuple[int, int]] = {}
    for (cluster, old), n in overlap.items():
        best = heir.get(old)
        if best is None or n > best[1]:
            heir[old] = (assigned[cluster], n)
    retired = [(heir[old][0], old) for old in heir if old not in used]
    if retired:
        con.executemany("UPDATE claims SET merged_into = ?, updated_at = current_timestamp WHERE claim_id = ?", retired)
        for into, old in retired:
            con.execute("UPDATE claims SET merged_into = ? WHERE merged_into = ?", [into, old])
    # Decisions for every mention, and fresh open suggestions.
    for placed in decisions:
        placed.claim_id = assigned.get(placed.claim_id, placed.claim_id)
    mention_ids = [int(r["mention_id"]) for r in rows]
    remapped = [_remap_candidate(p, assigned) for p in decisions]
    _insert_decisions(con, store.reserve_ids(con, "decision_ids", len(rows)), mention_ids, remapped, settings)
    con.execute("DELETE FROM match_suggestions WHERE state = 'open'")
    suggestion_rows = [(mention_ids[i], p) for i, p in enumerate(remapped) if p.suggestion is not None]
    if suggestion_rows:
        con.executemany(
            "INSERT INTO match_suggestions (mention_id, claim_id, score) VALUES (?, ?, ?)",
            [[m, p.suggestion.claim_id, p.suggestion.score] for m, p in suggestion_rows],  # type: ignore[union-attr]
        )
    _update_seen(con)
    link_counter_claims(con, index.normalizer, None)
    report.claims_after = len(clusters)
    report.mentions_moved = len(moved_ids)
    report.claims_created = len(fresh)
    report.claims_retired = len(retired)
    report.suggestions = len(suggestion_rows)
    report.seconds = time.monotonic() - started
    store.record_event(con, "recluster", "claim", None, reviewer=reviewer,
                       details={"mentions": report.mentions, "claims_before": report.claims_before,
                                "claims_after": report.claims_after, "mentions_moved": report.mentions_moved,
                                "auto": auto, "suggest": suggest})
    return report


def _remap_candidate(row: _Row, assigned: dict[int, int]) -> _Row:
    """Replace provisional cluster ids in a decision's candidates with the final claim ids."""
    def fix(c: Candidate | None) -> Candidate | None:
        if c is None or c.claim_id not in assigned:
            return c
        from dataclasses import replace

        return replace(c, claim_id=assigned[c.claim_id])

    row.candidate = fix(row.candidate)
    row.suggestion = fix(row.suggestion)
    if "alternatives" in row.details:
        row.details["alternatives"] = [[assigned.get(c, c), s] for c, s in row.details["alternatives"]]
    return row
