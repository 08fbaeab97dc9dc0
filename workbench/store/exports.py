"""The queries behind `workbench export`: claims, mentions and articles with the same columns in every format."""

from __future__ import annotations

from typing import Any

from .connection import Connection

EXPORT_QUERIES: dict[str, str] = {
    "claims": """
SELECT c.claim_id, c.text, c.status, c.verdict, c.rationale, c.first_seen, c.last_seen,
       count(m.mention_id)::INTEGER AS n_mentions,
       count(m.mention_id) FILTER (WHERE m.stance = 'asserts')::INTEGER AS n_asserts,
       count(m.mention_id) FILTER (WHERE m.stance = 'denies')::INTEGER AS n_denies,
       count(DISTINCT m.article_id)::INTEGER AS n_articles,
       count(DISTINCT a.outlet_id)::INTEGER AS n_outlets,
       coalesce(list(DISTINCT ca.name ORDER BY ca.name) FILTER (WHERE m.stance = 'asserts' AND ca.name IS NOT NULL),
                []::VARCHAR[]) AS claimants,
       coalesce(list(DISTINCT ca.name ORDER BY ca.name) FILTER (WHERE m.stance = 'denies' AND ca.name IS NOT NULL),
                []::VARCHAR[]) AS deniers,
       any_value(acc.name) AS accused,
       coalesce(c.evidence_urls, []::VARCHAR[]) AS evidence_urls,
       (SELECT count(*) FROM claim_reviews r WHERE r.claim_id = c.claim_id)::INTEGER AS n_reviews,
       c.created_at, c.updated_at, c.updated_by
FROM claims c
LEFT JOIN mentions m ON m.claim_id = c.claim_id AND m.review_state <> 'rejected'
LEFT JOIN articles a ON a.article_id = m.article_id
LEFT JOIN actors ca ON ca.actor_id = m.claimant_id
LEFT JOIN actors acc ON acc.actor_id = c.accused_id
WHERE c.merged_into IS NULL
GROUP BY c.claim_id, c.text, c.status, c.verdict, c.rationale, c.first_seen, c.last_seen, c.evidence_urls,
         c.created_at, c.updated_at, c.updated_by
ORDER BY c.claim_id
""",
    "mentions": """
SELECT m.mention_id, m.claim_id, c.text AS claim_text, m.quote, m.char_start, m.char_end, m.speaker,
       ca.name AS claimant, acc.name AS accused, m.stance, m.origin, m.score, m.review_state,
       m.article_id, a.url AS article_url, a.title AS article_title, o.name AS outlet,
       coalesce(m.published, a.published) AS published, m.created_at, m.created_by
FROM mentions m
JOIN claims c ON c.claim_id = m.claim_id
LEFT JOIN articles a ON a.article_id = m.article_id
LEFT JOIN outlets o ON o.outlet_id = a.outlet_id
LEFT JOIN actors ca ON ca.actor_id = m.claimant_id
LEFT JOIN actors acc ON acc.actor_id = m.accused_id
ORDER BY m.mention_id
""",
    "articles": """
SELECT a.article_id, a.url, a.title, o.name AS outlet, a.published, a.source_format, a.source_path,
       length(a.text)::INTEGER AS n_chars,
       count(m.mention_id)::INTEGER AS n_mentions,
       count(DISTINCT m.claim_id)::INTEGER AS n_claims,
       a.ingested_at
FROM articles a
LEFT JOIN outlets o ON o.outlet_id = a.outlet_id
LEFT JOIN mentions m ON m.article_id = a.article_id
GROUP BY a.article_id, a.url, a.title, o.name, a.published, a.source_format, a.source_path, a.text, a.ingested_at
ORDER BY a.article_id
""",
}


def export_columns(con: Connection, what: str) -> list[str]:
    """The column names of an export (claims | mentions | articles), in order."""
    cur = con.execute(f"SELECT * FROM ({EXPORT_QUERIES[what]}) LIMIT 0")
    return [d[0] for d in cur.description]


def export_rows(con: Connection, what: str) -> list[dict[str, Any]]:
    """The rows of an export as dicts (Python dates, lists), in export order."""
    cur = con.execute(EXPORT_QUERIES[what])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def export_table(con: Connection, what: str) -> Any:
    """The rows of an export as an Arrow table (DuckDB's types kept), for Parquet."""
    return con.sql(EXPORT_QUERIES[what]).to_arrow_table()
