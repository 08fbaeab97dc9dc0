"""Export claims, mentions and articles as JSONL, CSV, Parquet, or (claims) schema.org ClaimReview.

JSONL, CSV and Parquet carry the same columns in the same order. Parquet keeps DuckDB's types (dates,
timestamps, integers, lists); JSONL writes dates as ISO strings and lists as arrays; CSV writes lists as
`; `-separated text and empty cells for nulls.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import IO, Any

from .claimreview import export_claimreviews
from .config import Settings
from .store.connection import Connection
from .errors import InputError

__all__ = ["EXPORT_QUERIES", "FORMATS", "WHAT", "export", "export_columns", "export_rows"]

WHAT = ("claims", "mentions", "articles")
FORMATS = ("jsonl", "csv", "parquet", "claimreview")

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


def _check(what: str, fmt: str) -> None:
    if what not in WHAT:
        raise InputError(f"cannot export {what!r}; choose one of: {', '.join(WHAT)}")
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if fmt == "claimreview" and what != "claims":
        raise InputError("the claimreview format exports claims; use jsonl, csv or parquet for mentions and articles")


def export_columns(con: Connection, what: str) -> list[str]:
    """The column names of an export, in order."""
    _check(what, "jsonl")
    cur = con.execute(f"SELECT * FROM ({EXPORT_QUERIES[what]}) LIMIT 0")
    return [d[0] for d in cur.description]


def export_rows(con: Connection, what: str) -> list[dict[str, Any]]:
    """The rows of an export as dicts (Python dates, lists), in export order."""
    _check(what, "jsonl")
    cur = con.execute(EXPORT_QUERIES[what])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def _json_value(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join("" if v is None else str(v) for v in value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def export(
    con: Connection,
    what: str,
    fmt: str,
    out: str | Path | IO[str] | IO[bytes] | None,
    settings: Settings | None = None,
) -> int:
    """Write `what` (claims | mentions | articles) as `fmt` (jsonl | csv | parquet | claimreview) to `out`.

    `out` is a file path or an open stream (text for jsonl/csv/claimreview, binary for parquet); Parquet
    needs a path or a binary stream. Returns the number of records written.
    """
    _check(what, fmt)
    if fmt == "claimreview":
        reviews = export_claimreviews(con, settings or Settings())
        _write_text(out, json.dumps(reviews, ensure_ascii=False, indent=2) + "\n")
        return len(reviews)
    if fmt == "parquet":
        if out is None or (hasattr(out, "write") and isinstance(out, io.TextIOBase)):
            raise InputError("parquet is a binary format: give an output file with -o FILE.parquet")
        import pyarrow.parquet as pq

        table = con.sql(EXPORT_QUERIES[what]).to_arrow_table()
        pq.write_table(table, out if hasattr(out, "write") else str(out))
        return table.num_rows
    rows = export_rows(con, what)
    columns = export_columns(con, what)
    buffer = io.StringIO()
    if fmt == "jsonl":
        for row in rows:
            buffer.write(json.dumps(row, ensure_ascii=False, default=_json_value) + "\n")
    else:
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_value(row[c]) for c in columns])
    _write_text(out, buffer.getvalue())
    return len(rows)


def _write_text(out: str | Path | IO[Any] | None, text: str) -> None:
    if out is None:
        raise InputError("no output given")
    if hasattr(out, "write"):
        out.write(text)  # type: ignore[union-attr]
        return
    Path(out).write_text(text, encoding="utf-8")

