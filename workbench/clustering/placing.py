"""Placing a batch of new mentions on claims: `plan_mentions` decides (join / new claim + suggestion / new
claim, with `Settings.match_auto` and `Settings.match_suggest`) in the index, `write_planned` stores claims,
mentions, decisions and suggestions in a few bulk statements, so 100k mentions go in one call."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..config import Settings
from ..match import MatchIndex
from ..models import NewMention, Stance
from ..store import actors as actor_store
from ..store import articles as article_store
from ..store import claims as claim_store
from ..store import decisions as decision_store
from ..store import mentions as mention_store
from ..store.connection import Connection
from ..relations import link_counter_claims
from .grouping import group_batch, grouping_threshold, place_groups
from .index import catch_up, database_normalizer
from .policy import Placement, Row, note_context, place_one, remap_candidate
from .records import insert_decisions


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
    rows: list[Row]
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
    catch_up(con, index, latest)
    auto, suggest = float(settings.match_auto), float(settings.match_suggest)
    forced = {claim_id: claim_store.live_claim(con, claim_id)
              for claim_id in {m.claim_id for m in mentions if m.claim_id is not None}}
    article_ids = {m.article_id for m in mentions if m.article_id is not None}
    stored = article_ids - unwritten.absent if unwritten is not None else article_ids
    topics = article_store.article_titles(con, stored) if stored else {}
    context = _article_claims(con, stored)
    if unwritten is not None:
        topics.update((a, t) for a, t in unwritten.titles.items() if a in article_ids)
        context.update((a, Counter(c)) for a, c in unwritten.context.items() if a in article_ids)
    anchors: dict[int, int] = {}  # claim id -> earliest mention id (for pair judgements of manual joins)
    if forced:
        anchors.update(mention_store.first_mentions(con, set(forced.values())))

    mention_ids, decision_ids = article_store.reserve_id_lists(con, ["mention_ids", "decision_ids"], len(mentions))
    rows: list[Row] = []
    provisional = 0
    grouped = _grouped(index, mentions, topics, context, settings, mention_ids)
    if grouped is not None:
        provisional = min([0] + [r.claim_id for r in grouped if r is not None and r.created])
    for i, m in enumerate(mentions):
        text = m.text_for_matching
        topic = topics.get(m.article_id) if m.article_id is not None else None
        if grouped is not None and grouped[i] is not None:
            row = grouped[i]  # type: ignore[assignment]
        elif m.claim_id is not None:
            claim_id = forced[m.claim_id]
            row = Row(claim_id, "manual", None, False,
                      details={"via": "claim chosen", "requested_claim_id": m.claim_id,
                               "anchor_mention_id": anchors.get(claim_id)})
        elif m.same_claim_as is not None and 0 <= m.same_claim_as < i:
            earlier = rows[m.same_claim_as]
            row = Row(earlier.claim_id, "joined", earlier.score, False,
                      details={"via": "same claim as an earlier mention of the article",
                               "anchor_mention_id": mention_ids[m.same_claim_as]})
        else:
            row = place_one(index, m, text, topic, context.get(m.article_id) if m.article_id is not None else None,
                            auto, suggest, provisional - 1)
            if row.created:
                provisional -= 1
        if row.claim_id not in anchors:
            anchors[row.claim_id] = mention_ids[i]
        if grouped is None or grouped[i] is None:
            index.add(row.claim_id, text, m.claimant, m.stance, claim_text=m.proposition or m.quote,
                      mention_id=mention_ids[i], topic=topic, published=m.published)
            if m.article_id is not None and not _refers_back(m, i):
                note_context(context.setdefault(m.article_id, Counter()), row.claim_id)
        rows.append(row)
    _name_new_claims(con, index, rows, context, -provisional)
    index.mention_watermark = max(index.mention_watermark, max(mention_ids))
    return PlannedBatch(mentions, mention_ids, decision_ids, rows, context)


def _grouped(index: MatchIndex, mentions: Sequence[NewMention], topics: dict[int, str],
             context: dict[int, Counter], settings: Settings, mention_ids: list[int]) -> list[Row | None] | None:
    """The batch placed group by group (`grouping`), when the model has a model of two mentions, grouping is on
    and the batch has mentions to group from two sources or more; else None (one mention at a time). The
    groups' mentions go into the index (and `context`) at once: a mention left alone is then placed among them."""
    threshold = grouping_threshold(settings)
    if index.model.pair is None or threshold is None:
        return None
    titles = [topics.get(m.article_id) if m.article_id is not None else None for m in mentions]
    groups = group_batch(index.model.pair, index, mentions, titles, threshold)
    if groups is None:
        return None
    rows = place_groups(index, groups, mentions, titles, context, float(settings.match_auto),
                        float(settings.match_suggest), 0)
    for i, (m, row) in enumerate(zip(mentions, rows)):
        if row is None:
            continue
        if "grouped_with" in row.details:
            position = row.details.pop("grouped_with")
            row.details["anchor_mention_id"] = mention_ids[position] if position is not None else None
        if m.same_claim_as is not None and 0 <= m.same_claim_as < i and row.decision == "joined":
            # its group holds the mention it was told to go with: recorded as that, for re-clustering
            row.details = {"via": "same claim as an earlier mention of the article",
                           "anchor_mention_id": mention_ids[m.same_claim_as]}
        index.add(row.claim_id, m.text_for_matching, m.claimant, m.stance, claim_text=m.proposition or m.quote,
                  mention_id=mention_ids[i], topic=titles[i], published=m.published)
        if m.article_id is not None and not _refers_back(m, i):
            note_context(context.setdefault(m.article_id, Counter()), row.claim_id)
    return rows


def _refers_back(m: NewMention, i: int) -> bool:
    """A mention told to join an earlier mention's claim (a denial of what that mention said) refers back to it:
    it does not make that claim the article's latest, which the next mention is read against ("Sweden said the
    drone was a weather probe", read also as denying Norway's accusation: the probe is still what was said last)."""
    return m.same_claim_as is not None and 0 <= m.same_claim_as < i


def _name_new_claims(con: Connection, index: MatchIndex, rows: list[Row], context: dict[int, Counter],
                     new_count: int) -> None:
    """Give the batch's provisional claims (-1, -2, ...) real ids, in the order they were created."""
    real = article_store.reserve_ids(con, "claim_ids", new_count)
    mapping = {-(k + 1): real[k] for k in range(new_count)}
    for old, new in mapping.items():
        index.rename_claim(old, new)
    for row in rows:
        row.claim_id = mapping.get(row.claim_id, row.claim_id)
        remap_candidate(row, mapping)
    for article_claims in context.values():
        for old in [c for c in article_claims if c < 0]:
            article_claims[mapping[old]] = article_claims.pop(old)


def _article_claims(con: Connection, article_ids: set[int]) -> dict[int, Counter]:
    """Article id -> the live claims its mentions are on (with counts), the claim mentioned last last."""
    out: dict[int, Counter] = {}
    if not article_ids:
        return out
    for article_id, claim_id, n in mention_store.article_claims(con, article_ids):
        out.setdefault(article_id, Counter())[claim_id] += n
    return out


def write_planned(con: Connection, planned: PlannedBatch, settings: Settings, reviewer: str | None = None) -> None:
    """Store a planned batch: its claims, mentions, decisions and suggestions (the caller holds the transaction)."""
    mentions = planned.mentions
    actor_ids = actor_store.resolve_actors(con, [m.claimant for m in mentions] + [m.accused for m in mentions])
    _write_batch(con, mentions, planned.mention_ids, planned.decision_ids, planned.rows, actor_ids, settings,
                 reviewer)
    # counter-claims of the batch's articles, linked to the claims they answer
    link_counter_claims(con, database_normalizer(con), {m.article_id for m in mentions if m.article_id is not None})


def _write_batch(con: Connection, mentions: Sequence[NewMention], mention_ids: list[int], decision_ids: list[int],
                 rows: list[Row], actor_ids: dict[str, int], settings: Settings, reviewer: str | None) -> None:
    """Claims, mentions, decisions and suggestions of one batch, each in one bulk INSERT."""
    def actor(name: str | None) -> int | None:
        return actor_ids.get(name.strip()) if name and name.strip() else None

    # new claims: text and proposition of their first mention
    new_claims: dict[int, int] = {}
    for i, row in enumerate(rows):
        if row.created and row.claim_id not in new_claims:
            new_claims[row.claim_id] = i
    if new_claims:
        firsts = [mentions[i] for i in new_claims.values()]
        claim_store.insert_new_claims(con, {
            "claim_id": list(new_claims), "text": [_claim_text(m) for m in firsts],
            "proposition": [m.proposition for m in firsts], "accused_id": [actor(m.accused) for m in firsts],
            "updated_by": [reviewer] * len(new_claims),
        })
    mention_store.insert_new_mentions(con, {
        "mention_id": mention_ids, "claim_id": [r.claim_id for r in rows],
        **{name: [getattr(m, name) for m in mentions] for name in (
            "article_id", "quote", "proposition", "char_start", "char_end", "speaker", "published")},
        "claimant_id": [actor(m.claimant) for m in mentions], "accused_id": [actor(m.accused) for m in mentions],
        "stance": [Stance(m.stance).value for m in mentions],
        "origin": [str(getattr(m.origin, "value", m.origin)) for m in mentions],
        "score": [r.score for r in rows], "created_by": [m.created_by or reviewer for m in mentions],
    })
    insert_decisions(con, decision_ids, mention_ids, rows, settings)
    suggestions = [(decision_ids[i], mention_ids[i], row) for i, row in enumerate(rows) if row.suggestion is not None]
    if suggestions:
        decision_store.insert_new_suggestions(con, {
            "mention_id": [m for _, m, _ in suggestions],
            "claim_id": [r.suggestion.claim_id for _, _, r in suggestions],  # type: ignore[union-attr]
            "score": [r.suggestion.score for _, _, r in suggestions],  # type: ignore[union-attr]
            "decision_id": [d for d, _, _ in suggestions],
        })
    claim_store.update_claim_dates(con, sorted({r.claim_id for r in rows}))


def _claim_text(m: NewMention) -> str:
    return (m.proposition or m.quote).strip() or m.quote
