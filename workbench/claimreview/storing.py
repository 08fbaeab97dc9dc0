"""Storing ClaimReviews: reviews of one claim land on one claim (matching through `clustering`), one mention per
appearance, the raw JSON kept, the mapped verdict set on claims that have none."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .. import clustering
from ..config import Settings
from ..errors import InputError
from ..models import Article, NewMention, Origin, ReviewStatus, Verdict
from ..ratings import map_rating, rating_key
from ..store import claimreview as review_store
from ..store.articles import find_or_insert_article
from ..store.claimreview import load_verdict_mappings
from ..store.connection import Connection
from ..store.events import record_event
from .parse import is_generic_claimant, parse_claimreviews
from .records import Appearance, ClaimReviewRecord


@dataclass
class ReviewStats:
    """What `store_claimreviews` did."""

    records: int = 0
    reviews: int = 0
    """New `claim_reviews` rows."""
    known: int = 0
    """Records already stored byte for byte (re-imports add nothing)."""
    mentions: int = 0
    claims_new: int = 0
    articles_new: int = 0
    mapped_text: int = 0
    mapped_number: int = 0
    unknown: list[str] = field(default_factory=list)
    """Rating texts that mapped to no verdict (stored verbatim, `rating_known = false`)."""
    verdicts_set: int = 0
    conflicts: int = 0
    """Reviews whose verdict differs from the one the claim already had (the claim's is kept)."""
    claim_ids: list[int] = field(default_factory=list)
    """The claim of each new review, in order."""
    split: int = 0
    """Reviews that matching joined to a claim their publisher identifies as another one: split off."""

    @property
    def mapped(self) -> int:
        return self.mapped_text + self.mapped_number

    def summary(self) -> str:
        text = (
            f"{self.reviews} ClaimReview record{'s' * (self.reviews != 1)} stored"
            f" ({self.mapped_text} mapped by rating text, {self.mapped_number} by rating value,"
            f" {len(self.unknown)} unknown rating{'s' * (len(self.unknown) != 1)} kept),"
            f" {self.claims_new} new claim{'s' * (self.claims_new != 1)}, {self.mentions} mentions"
        )
        if self.known:
            text += f", {self.known} already stored"
        if self.conflicts:
            text += f", {self.conflicts} verdict conflict{'s' * (self.conflicts != 1)} (existing verdicts kept)"
        if self.split:
            text += f", {self.split} kept apart from a similar claim the publisher identifies as another"
        return text


def _raw_digest(raw: str) -> str:
    return hashlib.md5(raw.encode("utf-8")).hexdigest()


def _follow(claim_id: int, merged: dict[int, int]) -> int:
    seen = set()
    while claim_id in merged and claim_id not in seen:
        seen.add(claim_id)
        claim_id = merged[claim_id]
    return claim_id


def _live_claim(con: Connection, claim_id: int) -> int:
    return _follow(int(claim_id), review_store.merged_claims(con))


_KEYS_BY_DIGEST: dict[str, tuple[str, ...]] = {}
"""Identity keys of stored reviews by md5 of their raw JSON: each stored record is parsed once per process."""


def _keys_of_raw(digest: str, raw: str | None) -> tuple[str, ...]:
    keys = _KEYS_BY_DIGEST.get(digest)
    if keys is None:
        try:
            records = parse_claimreviews(json.loads(raw or "null"), None, errors=[])
            keys = tuple(k for r in records for k in r.keys)
        except (InputError, json.JSONDecodeError):
            keys = ()
        if len(_KEYS_BY_DIGEST) > 500_000:
            _KEYS_BY_DIGEST.clear()
        _KEYS_BY_DIGEST[digest] = keys
    return keys


def _known_claim_keys(con: Connection) -> dict[str, int]:
    """Identity key -> claim id for every stored ClaimReview (merged claims followed to their survivor)."""
    merged = review_store.merged_claims(con)
    rows = review_store.claimreview_digests(con)
    missing = [digest for _, digest in rows if digest not in _KEYS_BY_DIGEST]
    if missing:
        for digest, raw in review_store.raw_reviews(con, missing):
            _keys_of_raw(digest, raw)
    keys: dict[str, int] = {}
    for claim_id, digest in rows:
        for key in _keys_of_raw(digest, None) if digest in _KEYS_BY_DIGEST else ():
            keys.setdefault(key, _follow(int(claim_id), merged))
    return keys


def _give_verdict(
    con: Connection,
    claim_id: int,
    verdict: Verdict,
    rationale: str | None,
    evidence: list[str],
    reviewer: str | None,
    details: dict[str, Any],
) -> bool:
    """Set an imported verdict on a claim that has none (status resolved); False when it had one."""
    row = review_store.claim_verdict(con, claim_id)
    if row is None or row[0] is not None:
        return False
    review_store.set_imported_verdict(con, claim_id, verdict.value, ReviewStatus.RESOLVED.value, rationale, evidence,
                                      reviewer or "import")
    record_event(
        con, "verdict imported", "claim", claim_id, claim_id=claim_id, reviewer=reviewer,
        details={"old": None, "new": verdict.value, "old_status": row[1], **details},
    )
    return True


def _explicit_keys(keys: Iterable[str]) -> frozenset[str]:
    return frozenset(k for k in keys if not k.startswith("text:"))


def _keep_identities_apart(
    con: Connection,
    index: Any,
    records: list[ClaimReviewRecord],
    record_group: list[int],
    group_claim: dict[int, int],
    first_mention: list[int],
    placements: list[Any],
    record_claims: list[int],
    reviewer: str | None,
) -> int:
    """Split off reviews that matching put on a claim which their publisher identifies as a different one.

    A publisher that gives two reviews different `@id`s (or `itemReviewed` ids) says they are about two
    claims: similar wording must not merge them (that is how a desk's split clusters survive an export and
    re-import). Joins through a shared identity key are left alone. Updates `record_claims` in place and
    returns the number of claims created by splitting.
    """
    ends = first_mention[1:] + [len(placements)]
    landed: dict[int, list[int]] = {}  # claim id -> groups placed there by matching in this batch
    for position, (g, claim_id) in enumerate(zip(record_group, record_claims)):
        if g in group_claim or not _explicit_keys(records[position].keys):
            continue
        if g not in landed.setdefault(claim_id, []):
            landed[claim_id].append(g)

    def identity(g: int) -> tuple[str, frozenset[str]]:
        members = [i for i, other in enumerate(record_group) if other == g]
        keys = frozenset().union(*(_explicit_keys(records[i].keys) for i in members))
        return rating_key(records[members[0]].publisher or ""), keys

    splits = 0
    for claim_id, groups in landed.items():
        stored: list[tuple[str, frozenset[str]]] = []
        for publisher, digest, raw in review_store.reviews_of_claim(con, claim_id):
            keys = _explicit_keys(_keys_of_raw(digest, raw))
            if keys:
                stored.append((rating_key(publisher or ""), keys))
        kept = list(stored)
        for g in groups:
            publisher, keys = identity(g)
            if not any(p == publisher and not (k & keys) for p, k in kept):
                kept.append((publisher, keys))
                continue
            members = [i for i, other in enumerate(record_group) if other == g]
            mention_ids = [int(placements[j].mention_id) for i in members for j in range(first_mention[i], ends[i])]
            new_id = clustering.split_claim(con, claim_id, mention_ids, reviewer or "import")
            for i in members:
                record_claims[i] = new_id
            splits += 1
    if splits:
        clustering.refresh_index(con, index)  # the split is a structural change: the index is rebuilt
    return splits


def store_claimreviews(
    con: Connection,
    records: list[ClaimReviewRecord],
    index: Any,
    settings: Settings,
    reviewer: str | None = None,
) -> ReviewStats:
    """Store reviews: claims found or created through `clustering.place_mentions`, one mention per
    appearance URL (a URL-only article each), a `claim_reviews` row with the raw JSON, and the mapped
    verdict on claims that have none yet. The caller holds the transaction.

    Reviews of one claim (same review/item `@id` or `sameAs`, or same claim text and claimant) land on
    one claim, within this call and across calls. A record stored before (same raw JSON) is skipped.
    """
    stats = ReviewStats(records=len(records))
    if not records:
        return stats
    mappings = load_verdict_mappings(con)
    fresh = _fresh_records(con, records, stats)
    if not fresh:
        return stats
    record_group = _group_by_identity(fresh)
    known_keys = _known_claim_keys(con)
    group_claim: dict[int, int] = {}
    for record, g in zip(fresh, record_group):
        if g not in group_claim:
            for key in record.keys:
                if key in known_keys:
                    group_claim[g] = known_keys[key]
                    break
    mentions, first_mention = _review_mentions(con, fresh, record_group, group_claim, reviewer, stats)
    placements = clustering.place_mentions(con, index, mentions, settings, reviewer)
    stats.mentions += len(placements)
    stats.claims_new += sum(1 for p in placements if p.created_claim)
    record_claims = [int(placements[start].claim_id) for start in first_mention]
    stats.split = _keep_identities_apart(
        con, index, fresh, record_group, group_claim, first_mention, placements, record_claims, reviewer
    )
    stats.claims_new += stats.split
    for record, claim_id in zip(fresh, record_claims):
        _store_review(con, record, claim_id, mappings, reviewer, stats)
    return stats


def _fresh_records(con: Connection, records: list[ClaimReviewRecord], stats: ReviewStats) -> list[ClaimReviewRecord]:
    """The records not stored before (by their raw JSON), each once; the others are counted as known."""
    stored = review_store.review_digests(con)
    fresh: list[ClaimReviewRecord] = []
    for record in records:
        digest = _raw_digest(record.raw)
        if digest in stored:
            stats.known += 1
            continue
        stored.add(digest)
        fresh.append(record)
    return fresh


def _group_by_identity(records: list[ClaimReviewRecord]) -> list[int]:
    """A group number per record: records sharing an identity key (directly or through others) share it."""
    group_of_key: dict[str, int] = {}
    parent: list[int] = []

    def root(g: int) -> int:
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    record_group: list[int] = []
    for record in records:
        g = len(parent)
        parent.append(g)
        for key in record.keys:
            other = group_of_key.get(key)
            if other is None:
                group_of_key[key] = g
            else:
                parent[root(g)] = root(other)
        record_group.append(g)
    return [root(g) for g in record_group]


def _review_mentions(
    con: Connection,
    records: list[ClaimReviewRecord],
    record_group: list[int],
    group_claim: dict[int, int],
    reviewer: str | None,
    stats: ReviewStats,
) -> tuple[list[NewMention], list[int]]:
    """One mention per appearance of each record (one without a source when it has none), on the group's known
    claim or on the group's first new mention; and the position of each record's first mention."""
    mentions: list[NewMention] = []
    first_mention: list[int] = []
    group_first: dict[int, int] = {}
    for record, g in zip(records, record_group):
        claimant = None if is_generic_claimant(record.claimant) else record.claimant
        targets: list[Appearance | None] = list(record.appearances) or [None]
        first_mention.append(len(mentions))
        for appearance in targets:
            article_id = None
            published = record.claim_date or record.date_published
            if appearance is not None:
                article_id, created = find_or_insert_article(
                    con,
                    Article(
                        text="", url=appearance.url, title=appearance.title, outlet=appearance.outlet,
                        published=appearance.published, source=record.source, source_format="claimreview",
                    ),
                )
                stats.articles_new += int(created)
                published = appearance.published or published
            claim_id = group_claim.get(g)
            same_as = None if claim_id is not None else group_first.get(g)
            if claim_id is None and same_as is None:
                group_first[g] = len(mentions)
            mentions.append(NewMention(
                quote=record.claim_text, origin=Origin.IMPORTED, claimant=claimant, speaker=record.claimant,
                article_id=article_id, claim_id=claim_id, same_claim_as=same_as, published=published,
                created_by=reviewer, extra={"claimreview_url": record.url, "publisher": record.publisher},
            ))
    return mentions, first_mention


def _store_review(con: Connection, record: ClaimReviewRecord, claim_id: int, mappings: dict[str, str],
                  reviewer: str | None, stats: ReviewStats) -> None:
    """The review's row, with its rating mapped to a verdict; the verdict goes on the claim when it has none."""
    verdict, how = map_rating(record.rating_text, record.rating_value, record.best_rating, record.worst_rating, mappings)
    review_store.insert_review(con, claim_id, {
        "url": record.url, "publisher": record.publisher, "publisher_url": record.publisher_url,
        "date_published": record.date_published, "rating_value": record.rating_value,
        "best_rating": record.best_rating, "worst_rating": record.worst_rating, "rating_text": record.rating_text,
        "verdict": verdict.value if verdict else None, "rating_known": verdict is not None,
        "language": record.language, "raw": record.raw, "source_path": record.source,
    })
    stats.reviews += 1
    stats.claim_ids.append(claim_id)
    if verdict is None:
        stats.unknown.append(record.rating_text or "")
        return
    if how == "text":
        stats.mapped_text += 1
    else:
        stats.mapped_number += 1
    current = review_store.claim_verdict(con, claim_id)
    if current is not None and current[0] is not None:
        stats.conflicts += int(current[0] != verdict.value)
        return
    details = {"how": how, "rating": record.rating_text, "publisher": record.publisher, "url": record.url}
    if _give_verdict(con, claim_id, verdict, record.rating_explanation, list(record.citations), reviewer, details):
        stats.verdicts_set += 1
