"""ClaimReview rows (`claim_reviews`) and the editable rating -> verdict mapping (`verdict_mappings`)."""

from __future__ import annotations

from typing import Any

from .connection import Connection, query, scalar


def seed_verdict_mappings(con: Connection, mappings: dict[str, str]) -> int:
    """Insert the `mappings` (rating key -> verdict) not in `verdict_mappings` yet (user edits are kept);
    returns how many were added."""
    before = int(scalar(con, "SELECT count(*) FROM verdict_mappings"))
    # One statement for all rows: executemany costs a round trip per row in DuckDB.
    con.execute(
        "INSERT INTO verdict_mappings (rating, verdict, origin) SELECT rating, verdict, 'seed' FROM"
        " (SELECT unnest(?::VARCHAR[]) AS rating, unnest(?::VARCHAR[]) AS verdict) ON CONFLICT (rating) DO NOTHING",
        [list(mappings), list(mappings.values())],
    )
    return int(scalar(con, "SELECT count(*) FROM verdict_mappings")) - before


def load_verdict_mappings(con: Connection) -> dict[str, str]:
    """The mapping as stored: `rating_key` -> verdict value."""
    return dict(con.execute("SELECT rating, verdict FROM verdict_mappings").fetchall())


def mapped_verdict(con: Connection, key: str) -> str | None:
    """The verdict a rating key maps to, or None."""
    return scalar(con, "SELECT verdict FROM verdict_mappings WHERE rating = ?", [key])


def write_verdict_mapping(con: Connection, key: str, verdict: str) -> None:
    """Map a rating key to a verdict (added or changed; origin 'user')."""
    con.execute(
        "INSERT INTO verdict_mappings (rating, verdict, origin) VALUES (?, ?, 'user') ON CONFLICT (rating) DO UPDATE"
        " SET verdict = excluded.verdict, origin = 'user', updated_at = now()",
        [key, verdict],
    )


def delete_verdict_mapping(con: Connection, key: str) -> None:
    """Forget a rating key's mapping."""
    con.execute("DELETE FROM verdict_mappings WHERE rating = ?", [key])


def unknown_ratings(con: Connection) -> list[dict[str, Any]]:
    """Ratings stored without a verdict, most frequent first: what to add to the mapping next."""
    return query(
        con,
        "SELECT rating_text, count(*) AS reviews, string_agg(DISTINCT publisher, ', ') AS publishers"
        " FROM claim_reviews WHERE NOT rating_known GROUP BY rating_text ORDER BY reviews DESC, rating_text",
    )


def unmapped_reviews(con: Connection) -> list[dict[str, Any]]:
    """Stored reviews whose rating maps to no verdict yet, in order."""
    return query(
        con,
        "SELECT review_id, claim_id, rating_text, rating_value, best_rating, worst_rating FROM claim_reviews"
        " WHERE NOT rating_known ORDER BY review_id",
    )


def set_review_verdict(con: Connection, review_id: int, verdict: str) -> None:
    """Record the verdict a review's rating maps to."""
    con.execute("UPDATE claim_reviews SET verdict = ?, rating_known = true WHERE review_id = ?", [verdict, review_id])
