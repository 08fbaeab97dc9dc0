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


# --- storing reviews ---------------------------------------------------------------------------------------


def merged_claims(con: Connection) -> dict[int, int]:
    """claim id -> the claim it was merged into, for every merged claim."""
    rows = con.execute("SELECT claim_id, merged_into FROM claims WHERE merged_into IS NOT NULL").fetchall()
    return {int(a): int(b) for a, b in rows}


def review_digests(con: Connection) -> set[str]:
    """md5 of the raw JSON of every stored review (a review stored before is not stored again)."""
    return {row[0] for row in con.execute("SELECT md5(raw::VARCHAR) FROM claim_reviews").fetchall()}


def claimreview_digests(con: Connection) -> list[tuple[int, str]]:
    """(claim id, md5 of the raw JSON) of the stored reviews that came from ClaimReview JSON, in order."""
    return [
        (int(claim_id), digest)
        for claim_id, digest in con.execute(
            "SELECT claim_id, md5(raw::VARCHAR) FROM claim_reviews WHERE raw::VARCHAR LIKE '%claimReviewed%'"
            " ORDER BY review_id"
        ).fetchall()
    ]


def raw_reviews(con: Connection, digests: list[str]) -> list[tuple[str, str]]:
    """(digest, raw JSON) of the stored reviews with these digests, one row per digest."""
    return con.execute(
        "SELECT md5(raw::VARCHAR) AS digest, any_value(raw::VARCHAR) FROM claim_reviews"
        " WHERE md5(raw::VARCHAR) IN (SELECT unnest(?::VARCHAR[])) GROUP BY digest",
        [digests],
    ).fetchall()


def reviews_of_claim(con: Connection, claim_id: int) -> list[tuple[str | None, str, str]]:
    """(publisher, digest, raw JSON) of every review stored for a claim."""
    return con.execute(
        "SELECT publisher, md5(raw::VARCHAR), raw::VARCHAR FROM claim_reviews WHERE claim_id = ?", [claim_id]
    ).fetchall()


def claim_verdict(con: Connection, claim_id: int) -> tuple[str | None, str] | None:
    """(verdict, status) of a claim, or None when there is no such claim."""
    row = con.execute("SELECT verdict, status FROM claims WHERE claim_id = ?", [claim_id]).fetchone()
    return None if row is None else (row[0], row[1])


def set_imported_verdict(con: Connection, claim_id: int, verdict: str, status: str, rationale: str | None,
                         evidence: list[str], by: str) -> None:
    """Give a claim an imported verdict and status; its own rationale and evidence are kept when it has some."""
    con.execute(
        "UPDATE claims SET verdict = ?, status = ?, rationale = coalesce(rationale, ?),"
        " evidence_urls = CASE WHEN evidence_urls IS NULL OR len(evidence_urls) = 0 THEN ? ELSE evidence_urls END,"
        " updated_at = current_timestamp, updated_by = ? WHERE claim_id = ?",
        [verdict, status, rationale, evidence or None, by, claim_id],
    )


def insert_review(con: Connection, claim_id: int, review: dict[str, Any]) -> None:
    """One `claim_reviews` row; `review` holds its columns (url, publisher, ..., raw, source_path)."""
    con.execute(
        "INSERT INTO claim_reviews (claim_id, url, publisher, publisher_url, date_published, rating_value,"
        " best_rating, worst_rating, rating_text, verdict, rating_known, language, raw, source_path)"
        " VALUES ($claim_id, $url, $publisher, $publisher_url, $date_published, $rating_value, $best_rating,"
        " $worst_rating, $rating_text, $verdict, $rating_known, $language, $raw, $source_path)",
        {"claim_id": claim_id, **review},
    )


# --- export ------------------------------------------------------------------------------------------------


def claims_with_verdicts(con: Connection) -> list[dict[str, Any]]:
    """Live claims with a verdict (text, verdict, rationale, evidence, first seen, when the verdict was given)."""
    return query(
        con,
        "SELECT c.claim_id, c.text, c.verdict, c.rationale, c.evidence_urls, c.first_seen, c.updated_at,"
        " (SELECT max(e.happened_at) FROM events e WHERE e.claim_id = c.claim_id AND e.action LIKE 'verdict%') AS verdict_at"
        " FROM claims c WHERE c.merged_into IS NULL AND c.verdict IS NOT NULL ORDER BY c.claim_id",
    )


def asserting_actors(con: Connection, claim_ids: list[int]) -> list[dict[str, Any]]:
    """(claim_id, name, kind, n) of the actors asserting each claim, most frequent first."""
    return query(
        con,
        "SELECT m.claim_id, a.name, a.kind, count(*) AS n FROM mentions m JOIN actors a ON a.actor_id = m.claimant_id"
        " WHERE m.claim_id IN (SELECT unnest(?::INTEGER[])) AND m.stance = 'asserts' AND m.review_state <> 'rejected'"
        " GROUP BY ALL ORDER BY m.claim_id, n DESC, a.name",
        [claim_ids],
    )


def claim_appearances(con: Connection, claim_ids: list[int]) -> list[dict[str, Any]]:
    """(claim_id, url, title, published, outlet, asserts) of every source URL of each claim, earliest first."""
    return query(
        con,
        "SELECT m.claim_id, a.url, any_value(a.title) AS title, min(coalesce(a.published, m.published)) AS published,"
        " any_value(o.name) AS outlet, bool_or(m.stance = 'asserts') AS asserts"
        " FROM mentions m JOIN articles a ON a.article_id = m.article_id LEFT JOIN outlets o ON o.outlet_id = a.outlet_id"
        " WHERE m.claim_id IN (SELECT unnest(?::INTEGER[])) AND a.url IS NOT NULL AND m.review_state <> 'rejected'"
        " GROUP BY m.claim_id, a.url ORDER BY m.claim_id, published NULLS LAST, a.url",
        [claim_ids],
    )


def claimreviews_of_claims(con: Connection, claim_ids: list[int]) -> list[tuple[int, str]]:
    """(claim_id, raw JSON) of the stored ClaimReviews of these claims, in order."""
    return con.execute(
        "SELECT claim_id, raw::VARCHAR FROM claim_reviews WHERE claim_id IN (SELECT unnest(?::INTEGER[]))"
        " AND raw::VARCHAR LIKE '%claimReviewed%' ORDER BY review_id",
        [claim_ids],
    ).fetchall()
