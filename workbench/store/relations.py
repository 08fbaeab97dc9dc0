"""Links between claims (`claim_relations`): a counter-claim `contradicts` the claim it answers.

A link names the claims as they were when it was made; reads resolve a claim merged since into the claim that
absorbed it (`claims.merged_into`). A link a reviewer removed keeps its row (`removed_at`), so the matcher does
not add the same pair again; a reviewer adding it back restores that row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .connection import Connection, query, query_one

__all__ = ["add_links", "context_mentions", "find_link", "links", "links_of", "restore_link", "insert_link",
           "remove_link"]

_LIVE = "coalesce((SELECT merged_into FROM claims WHERE claim_id = {col}), {col})"
"""The claim a stored claim id stands for now (itself, or the claim it was merged into)."""


def context_mentions(con: Connection, article_ids: Iterable[int] | None) -> list[dict[str, Any]]:
    """The live mentions of some articles (None: of every article), as the relation rule reads them: claim
    (resolved through merges), article, wording, claimant, stance, quote."""
    ids = None if article_ids is None else sorted({int(a) for a in article_ids})
    if ids is not None and not ids:
        return []
    return query(
        con,
        """SELECT coalesce(c.merged_into, c.claim_id) AS claim_id, m.article_id,
                  coalesce(m.proposition, m.quote) AS text, a.name AS claimant, m.stance, m.quote
           FROM mentions m JOIN claims c ON c.claim_id = m.claim_id
           LEFT JOIN actors a ON a.actor_id = m.claimant_id
           WHERE m.review_state <> 'rejected' AND m.article_id IS NOT NULL
             AND (?::INTEGER[] IS NULL OR m.article_id IN (SELECT unnest(?::INTEGER[])))
           ORDER BY m.article_id, m.mention_id""",
        [ids, ids],
    )


def add_links(con: Connection, pairs: Sequence[tuple[int, int]], relation: str, source: str,
              by: str | None = None) -> int:
    """Store new links (`claim_id`, `other_claim_id`), skipping pairs already linked by `relation` either way
    round, removed ones included. Returns how many were stored."""
    if not pairs:
        return 0
    before = _count(con)
    con.execute(
        """INSERT INTO claim_relations (claim_id, other_claim_id, relation, source, created_by)
           SELECT DISTINCT p.a, p.b, ?, ?, ? FROM (SELECT unnest(?::INTEGER[]) AS a, unnest(?::INTEGER[]) AS b) p
           WHERE p.a <> p.b AND NOT EXISTS (
               SELECT 1 FROM claim_relations r WHERE r.relation = ?
                 AND ((r.claim_id = p.a AND r.other_claim_id = p.b) OR (r.claim_id = p.b AND r.other_claim_id = p.a)))""",
        [relation, source, by, [int(a) for a, _ in pairs], [int(b) for _, b in pairs], relation],
    )
    return _count(con) - before


def _count(con: Connection) -> int:
    row = con.execute("SELECT count(*) FROM claim_relations").fetchone()
    return int(row[0]) if row else 0


def find_link(con: Connection, claim_id: int, other_claim_id: int, relation: str) -> dict[str, Any] | None:
    """The stored link between two claims (either way round, removed or not), or None."""
    return query_one(
        con,
        """SELECT relation_id, claim_id, other_claim_id, relation, source, created_by, removed_at FROM claim_relations
           WHERE relation = ? AND ((claim_id = ? AND other_claim_id = ?) OR (claim_id = ? AND other_claim_id = ?))
           ORDER BY relation_id LIMIT 1""",
        [relation, int(claim_id), int(other_claim_id), int(other_claim_id), int(claim_id)],
    )


def insert_link(con: Connection, claim_id: int, other_claim_id: int, relation: str, source: str,
                by: str | None) -> int:
    """Store one link; returns its id."""
    row = con.execute(
        "INSERT INTO claim_relations (claim_id, other_claim_id, relation, source, created_by) VALUES (?, ?, ?, ?, ?)"
        " RETURNING relation_id",
        [int(claim_id), int(other_claim_id), relation, source, by],
    ).fetchone()
    assert row is not None
    return int(row[0])


def restore_link(con: Connection, relation_id: int, by: str | None) -> None:
    """Bring back a removed link, as the reviewer's."""
    con.execute(
        "UPDATE claim_relations SET removed_at = NULL, removed_by = NULL, source = 'reviewer', created_by = ?,"
        " created_at = current_timestamp WHERE relation_id = ?",
        [by, int(relation_id)],
    )


def remove_link(con: Connection, relation_id: int, by: str | None) -> None:
    """Mark a link removed (the row stays, so the matcher does not add it again)."""
    con.execute(
        "UPDATE claim_relations SET removed_at = current_timestamp, removed_by = ? WHERE relation_id = ?",
        [by, int(relation_id)],
    )


def links(con: Connection) -> list[dict[str, Any]]:
    """Every standing link, its claims resolved through merges (links between one claim and itself left out)."""
    return query(
        con,
        f"""SELECT * FROM (
               SELECT relation_id, {_LIVE.format(col='r.claim_id')} AS claim_id,
                      {_LIVE.format(col='r.other_claim_id')} AS other_claim_id, relation, source, created_by, created_at
               FROM claim_relations r WHERE removed_at IS NULL)
            WHERE claim_id <> other_claim_id ORDER BY relation_id""",
    )


def links_of(con: Connection, claim_id: int) -> list[dict[str, Any]]:
    """The standing links of one claim, each with the other claim's id, text and status and the direction:
    `outgoing` (this claim <relation> the other: "Contradicts") or not ("Contradicted by")."""
    return query(
        con,
        f"""WITH l AS (
               SELECT relation_id, {_LIVE.format(col='r.claim_id')} AS a, {_LIVE.format(col='r.other_claim_id')} AS b,
                      relation, source, created_by, created_at
               FROM claim_relations r WHERE removed_at IS NULL)
            SELECT l.relation_id, l.relation, l.source, l.created_by, l.created_at, l.a = ? AS outgoing,
                   c.claim_id AS other_claim_id, c.text AS other_text, c.status AS other_status
            FROM l JOIN claims c ON c.claim_id = CASE WHEN l.a = ? THEN l.b ELSE l.a END
            WHERE (l.a = ? OR l.b = ?) AND l.a <> l.b
            ORDER BY l.relation, outgoing DESC, c.claim_id""",
        [int(claim_id)] * 4,
    )
