"""Mentions as matching reads and writes them: what a match index is built from, where mentions are (claims,
articles), storing a placed batch, and moving mentions between claims.

Mentions a reviewer rejected as wrongly extracted (`review_state = 'rejected'`) take no part in matching: the
reads here leave them out. Every function takes an open connection and leaves transaction control to its caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import pyarrow as pa

from .connection import Connection, arrow_table, execute_with, insert_columns, query, query_one, scalar

_BATCH = 50_000
"""Rows fetched at a time by the reads that stream."""

_WORDINGS_SQL = """
WITH vouched AS (
    SELECT mention_id FROM pair_judgements WHERE judgement = 'same'
    UNION SELECT other_mention_id FROM pair_judgements WHERE judgement = 'same'
), live AS (
    SELECT m.mention_id, m.claim_id, coalesce(m.proposition, m.quote) AS text, a.name AS claimant, m.stance,
           c.text AS claim_text, m.mention_id IN (SELECT mention_id FROM vouched) AS vouched,
           row_number() OVER (PARTITION BY m.claim_id, coalesce(m.proposition, m.quote) ORDER BY m.mention_id) = 1
               AS first_of_text
    FROM mentions m JOIN claims c ON c.claim_id = m.claim_id AND c.merged_into IS NULL
    LEFT JOIN actors a ON a.actor_id = m.claimant_id
    WHERE m.review_state <> 'rejected'
), ranked AS (
    SELECT *, row_number() OVER (PARTITION BY claim_id ORDER BY mention_id) AS k FROM live WHERE first_of_text
)
SELECT mention_id, claim_id, text, claimant, stance, claim_text, vouched FROM ranked WHERE k <= ? OR vouched
UNION ALL  -- every wording a reviewer vouched for (its mention is in a pair judged the same claim), however late
SELECT mention_id, claim_id, text, claimant, stance, claim_text, vouched FROM live WHERE vouched AND NOT first_of_text
ORDER BY mention_id
"""

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

_NEW_MENTIONS_SQL = """
SELECT m.mention_id, m.claim_id, coalesce(m.proposition, m.quote) AS text, a.name AS claimant, m.stance,
       ar.title AS topic, c.text AS claim_text, coalesce(m.published, ar.published) AS published
FROM mentions m JOIN claims c ON c.claim_id = m.claim_id AND c.merged_into IS NULL
LEFT JOIN actors a ON a.actor_id = m.claimant_id
LEFT JOIN articles ar ON ar.article_id = m.article_id
WHERE m.review_state <> 'rejected' AND m.mention_id > ?
ORDER BY m.mention_id
"""

_RECLUSTER_SQL = """
SELECT m.mention_id, m.claim_id, coalesce(m.proposition, m.quote) AS text, m.quote, m.proposition,
       a.name AS claimant, m.stance, m.article_id, ar.title AS topic,
       coalesce(m.published, ar.published) AS published, d.decision AS last_decision, d.details AS last_details
FROM mentions m JOIN claims c ON c.claim_id = m.claim_id AND c.merged_into IS NULL
LEFT JOIN actors a ON a.actor_id = m.claimant_id
LEFT JOIN articles ar ON ar.article_id = m.article_id
LEFT JOIN (SELECT mention_id, decision, details FROM match_decisions
           QUALIFY row_number() OVER (PARTITION BY mention_id ORDER BY decision_id DESC) = 1) d
       ON d.mention_id = m.mention_id
WHERE m.review_state <> 'rejected'
ORDER BY m.mention_id
"""

_NEW_MENTION_COLUMNS = {
    "mention_id": pa.int64(), "claim_id": pa.int32(), "article_id": pa.int32(), "quote": pa.string(),
    "proposition": pa.string(), "char_start": pa.int32(), "char_end": pa.int32(), "speaker": pa.string(),
    "claimant_id": pa.int32(), "accused_id": pa.int32(), "stance": pa.string(), "origin": pa.string(),
    "score": pa.float64(), "published": pa.date32(), "created_by": pa.string(),
}


def _stream(con: Connection, sql: str, params: Sequence[Any]) -> Iterator[list[tuple[Any, ...]]]:
    """Run `sql` now; its rows in batches, fetched as they are iterated."""
    cur = con.execute(sql, list(params))
    return iter(lambda: cur.fetchmany(_BATCH), [])


def claim_wordings(con: Connection, per_claim: int) -> Iterator[list[tuple[Any, ...]]]:
    """The first `per_claim` distinct wordings of every live claim and every wording a reviewer vouched for (its
    mention is in a pair judged the same claim), in batches of (mention_id, claim_id, text, claimant, stance,
    claim_text, vouched) rows, oldest mention first: all a claim's document in an index is made of."""
    return _stream(con, _WORDINGS_SQL, [per_claim])


def claim_roles(con: Connection) -> list[tuple[Any, ...]]:
    """(claim_id, claimant, stance, number of mentions) of every live claim: who asserts and who denies it."""
    return con.execute(_ROLES_SQL).fetchall()


def claim_titles(con: Connection, per_claim: int) -> list[tuple[Any, ...]]:
    """(claim_id, title): the titles of the first `per_claim` articles each live claim appeared in."""
    return con.execute(_TITLES_SQL, [per_claim]).fetchall()


def claim_days(con: Connection) -> list[tuple[Any, ...]]:
    """(claim_id, first_seen, last_seen): the span of every live claim's source dates."""
    return con.execute(_DAYS_SQL).fetchall()


def mentions_since(con: Connection, after: int) -> Iterator[list[tuple[Any, ...]]]:
    """The live mentions stored after mention id `after`, in batches of (mention_id, claim_id, text, claimant,
    stance, topic, claim_text, published) rows, oldest first."""
    return _stream(con, _NEW_MENTIONS_SQL, [after])


def mentions_to_recluster(con: Connection) -> list[dict[str, Any]]:
    """Every live mention, oldest first, with what matching reads of it, its claim and its last match decision
    (`last_decision`, `last_details`)."""
    return query(con, _RECLUSTER_SQL)


def index_state(con: Connection) -> tuple[int, int, int, int]:
    """(highest mention id, mentions, highest event id, live claims): what a cached index is stamped with."""
    row = con.execute(
        "SELECT (SELECT coalesce(max(mention_id), 0) FROM mentions), (SELECT count(*) FROM mentions),"
        " (SELECT coalesce(max(event_id), 0) FROM events), (SELECT count(*) FROM claims WHERE merged_into IS NULL)"
    ).fetchone()
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


def article_claims(con: Connection, article_ids: Iterable[int]) -> list[tuple[int, int, int]]:
    """(article_id, claim_id, live mentions) of the given articles' live claims, the claim mentioned last last."""
    rows = con.execute(
        "SELECT m.article_id, m.claim_id, count(*) FROM mentions m JOIN claims c ON c.claim_id = m.claim_id"
        " AND c.merged_into IS NULL WHERE m.article_id IN (SELECT unnest(?::INTEGER[])) AND m.review_state <> 'rejected'"
        " GROUP BY ALL ORDER BY max(m.mention_id)",  # the claim mentioned last comes last
        [sorted(article_ids)],
    ).fetchall()
    return [(int(a), int(c), int(n)) for a, c, n in rows]


def first_mentions(con: Connection, claim_ids: Iterable[int]) -> dict[int, int]:
    """Claim id -> its earliest mention id, for the given claims that have mentions."""
    rows = con.execute(
        "SELECT claim_id, min(mention_id) FROM mentions WHERE claim_id IN (SELECT unnest(?::INTEGER[])) GROUP BY claim_id",
        [sorted(claim_ids)],
    ).fetchall()
    return {int(c): int(m) for c, m in rows}


def first_mention(con: Connection, claim_id: int, excluding: Sequence[int] = ()) -> int | None:
    """The claim's earliest mention id, leaving out `excluding`; None for a claim without (other) mentions."""
    value = scalar(
        con,
        "SELECT min(mention_id) FROM mentions WHERE claim_id = ? AND NOT list_contains(?::BIGINT[], mention_id)",
        [int(claim_id), [int(x) for x in excluding]],
    )
    return int(value) if value is not None else None


def mention_ids_of(con: Connection, claim_id: int) -> list[int]:
    """The ids of a claim's mentions (rejected ones too), oldest first."""
    rows = con.execute("SELECT mention_id FROM mentions WHERE claim_id = ? ORDER BY mention_id", [int(claim_id)])
    return [int(r[0]) for r in rows.fetchall()]


def mention_count(con: Connection, claim_id: int) -> int:
    """The number of mentions on a claim (rejected ones too)."""
    return int(scalar(con, "SELECT count(*) FROM mentions WHERE claim_id = ?", [int(claim_id)]) or 0)


def mention_claim(con: Connection, mention_id: int) -> dict[str, Any] | None:
    """A mention's id and claim id, or None."""
    return query_one(con, "SELECT mention_id, claim_id FROM mentions WHERE mention_id = ?", [int(mention_id)])


def mention_wording(con: Connection, mention_id: int) -> dict[str, Any] | None:
    """A mention's quote and proposition, or None."""
    return query_one(con, "SELECT quote, proposition FROM mentions WHERE mention_id = ?", [int(mention_id)])


def insert_new_mentions(con: Connection, columns: Mapping[str, Sequence[Any]]) -> None:
    """Store a batch of placed mentions in one statement; `columns`: mention_id, claim_id, article_id, quote,
    proposition, char_start, char_end, speaker, claimant_id, accused_id, stance, origin, score, published,
    created_by (lists of equal length)."""
    insert_columns(con, "mentions", _NEW_MENTION_COLUMNS, columns)


def move_mentions(con: Connection, mention_ids: Sequence[int], claim_id: int) -> None:
    """Put the given mentions on claim `claim_id`."""
    con.execute("UPDATE mentions SET claim_id = ? WHERE mention_id IN (SELECT unnest(?::BIGINT[]))",
                [int(claim_id), [int(m) for m in mention_ids]])


def reassign_mentions(con: Connection, mention_ids: Sequence[int], claim_ids: Sequence[int]) -> None:
    """Put each mention on the claim paired with it by position, in one statement (only those that change)."""
    table = arrow_table({"mention_id": pa.int64(), "claim_id": pa.int32()},
                        {"mention_id": mention_ids, "claim_id": claim_ids})
    execute_with(con, "wb_recluster", table,
                 "UPDATE mentions SET claim_id = r.claim_id FROM wb_recluster r"
                 " WHERE mentions.mention_id = r.mention_id AND mentions.claim_id <> r.claim_id")
