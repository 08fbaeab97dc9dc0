"""Canonical claims as matching writes them: new claims, claims retired into others (`merged_into`), merges,
and the span of dates a claim was seen (`first_seen`, `last_seen`).

Every function takes an open connection and leaves transaction control to its caller.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa

from ..errors import InputError, NotFound
from .connection import Connection, insert_columns, scalar

_NEW_CLAIM_COLUMNS = {
    "claim_id": pa.int32(), "text": pa.string(), "proposition": pa.string(), "accused_id": pa.int32(),
    "updated_by": pa.string(),
}


def live_claim(con: Connection, claim_id: int) -> int:
    """The live claim `claim_id` is (following `merged_into` pointers); NotFound for an unknown id."""
    current = int(claim_id)
    for _ in range(100):
        row = con.execute("SELECT merged_into FROM claims WHERE claim_id = ?", [current]).fetchone()
        if row is None:
            raise NotFound(f"no claim with id {claim_id}")
        if row[0] is None:
            return current
        current = int(row[0])
    raise InputError(f"claim {claim_id} is merged in a loop")


def live_claim_count(con: Connection) -> int:
    """The number of claims not merged into another."""
    return int(scalar(con, "SELECT count(*) FROM claims WHERE merged_into IS NULL") or 0)


def insert_new_claims(con: Connection, columns: Mapping[str, Sequence[Any]]) -> None:
    """Store a batch's new claims in one statement; `columns`: claim_id, text, proposition, accused_id,
    updated_by (lists of equal length)."""
    insert_columns(con, "claims", _NEW_CLAIM_COLUMNS, columns)


def add_claims(con: Connection, rows: Sequence[Sequence[Any]]) -> None:
    """Store claims given as (claim_id, text, proposition, updated_by) rows."""
    con.executemany("INSERT INTO claims (claim_id, text, proposition, updated_by) VALUES (?, ?, ?, ?)",
                    [list(row) for row in rows])


def retire_claims(con: Connection, retired: Sequence[tuple[int, int]]) -> None:
    """Point each (into, claim) pair's claim at `into`, and the claims merged into it before along with it."""
    con.executemany("UPDATE claims SET merged_into = ?, updated_at = current_timestamp WHERE claim_id = ?",
                    [list(pair) for pair in retired])
    for into, old in retired:
        con.execute("UPDATE claims SET merged_into = ? WHERE merged_into = ?", [into, old])


def merge_claim_rows(con: Connection, keep: int, absorb: int, by: str | None) -> None:
    """Move everything of claim `absorb` onto `keep`: its mentions, fact-checks, the claims merged into it and
    its open suggestions (those of mentions now on `keep` are confirmed); `absorb` points at `keep`."""
    con.execute("UPDATE mentions SET claim_id = ? WHERE claim_id = ?", [keep, absorb])
    con.execute("UPDATE claim_reviews SET claim_id = ? WHERE claim_id = ?", [keep, absorb])
    con.execute("UPDATE claims SET merged_into = ?, updated_at = current_timestamp, updated_by = ? WHERE claim_id = ?",
                [keep, by, absorb])
    con.execute("UPDATE claims SET merged_into = ? WHERE merged_into = ?", [keep, absorb])
    con.execute("UPDATE match_suggestions SET claim_id = ? WHERE claim_id = ? AND state = 'open'", [keep, absorb])
    con.execute(
        "UPDATE match_suggestions SET state = 'confirmed', decided_by = ?, decided_at = current_timestamp"
        " WHERE state = 'open' AND claim_id = ? AND mention_id IN (SELECT mention_id FROM mentions WHERE claim_id = ?)",
        [by, keep, keep],
    )


def update_claim_dates(con: Connection, claim_ids: Sequence[int] | None = None) -> None:
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
