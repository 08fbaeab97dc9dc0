"""Reading a spreadsheet (CSV, TSV, Parquet) through DuckDB's readers, and the rows a table import writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError
from .connection import Connection, first_line, quote_identifier


def read_table(con: Connection, path: Path, fmt: str, header: bool, delimiter: str | None,
               quote: str | None) -> tuple[list[str], list[tuple]]:
    """Column names and rows (all values as text, in file order); InputError when the file does not read so."""
    if fmt == "parquet":
        source, params = "read_parquet(?)", [str(path)]
    else:
        delim = delimiter if delimiter is not None else ("\t" if fmt == "tsv" else ",")
        # TSV has no quoting convention (LIAR statements hold unbalanced quotes); CSV uses RFC 4180 quotes.
        quote_char = quote if quote is not None else ("" if fmt == "tsv" else '"')
        source = "read_csv(?, delim = ?, header = ?, quote = ?, escape = ?, all_varchar = true)"
        params = [str(path), delim, header, quote_char, quote_char]
    try:
        columns = [d[0] for d in con.execute(f"SELECT * FROM {source} LIMIT 0", params).description]
        select = ", ".join(f"CAST({quote_identifier(c)} AS VARCHAR)" for c in columns)
        rows = con.execute(f"SELECT {select} FROM {source}", params).fetchall()
    except Exception as exc:  # DuckDB's reader errors: the file is malformed for these options
        if isinstance(exc, InputError):
            raise
        raise InputError(f"cannot read as {fmt}: {first_line(exc)}", str(path)) from None
    return columns, rows


def stored_raw_reviews(con: Connection, raws: list[str]) -> set[str]:
    """Those of `raws` (rows as JSON text) already stored as a review."""
    return {
        r[0]
        for r in con.execute(
            "SELECT raw::VARCHAR FROM claim_reviews WHERE raw::VARCHAR IN (SELECT unnest(?::VARCHAR[]))", [raws]
        ).fetchall()
    }


def imported_mentions_quoting(con: Connection, quotes: list[str]) -> set[tuple[Any, ...]]:
    """(quote, speaker, published, url) of the imported mentions with one of these quotes."""
    return {
        tuple(r)
        for r in con.execute(
            "SELECT m.quote, m.speaker, m.published, a.url FROM mentions m LEFT JOIN articles a USING (article_id)"
            " WHERE m.origin = 'imported' AND m.quote IN (SELECT unnest(?::VARCHAR[]))",
            [quotes],
        ).fetchall()
    }


def insert_table_reviews(con: Connection, publisher: str | None, columns: dict[str, list[Any]]) -> None:
    """One `claim_reviews` row per position of `columns` (claim_id, url, rating_text, verdict, known, raw, source)."""
    con.execute(
        "INSERT INTO claim_reviews (claim_id, url, publisher, rating_text, verdict, rating_known, raw, source_path)"
        " SELECT claim_id, url, ?, rating_text, verdict, known, raw::JSON, source FROM (SELECT"
        " unnest(?::INTEGER[]) AS claim_id, unnest(?::VARCHAR[]) AS url, unnest(?::VARCHAR[]) AS rating_text,"
        " unnest(?::VARCHAR[]) AS verdict, unnest(?::BOOLEAN[]) AS known, unnest(?::VARCHAR[]) AS raw,"
        " unnest(?::VARCHAR[]) AS source)",
        [publisher, columns["claim_id"], columns["url"], columns["rating_text"], columns["verdict"], columns["known"],
         columns["raw"], columns["source"]],
    )


def claim_verdicts(con: Connection, claim_ids: list[int]) -> dict[int, str | None]:
    """claim id -> its verdict (None when it has none), for the claims that exist."""
    return dict(
        con.execute(
            "SELECT claim_id, verdict FROM claims WHERE claim_id IN (SELECT unnest(?::INTEGER[]))", [claim_ids]
        ).fetchall()
    )


def set_missing_verdicts(con: Connection, claim_ids: list[int], verdicts: list[str], status: str, by: str) -> None:
    """Give each claim that has no verdict yet its verdict (paired by position) and `status`."""
    con.execute(
        "UPDATE claims SET verdict = v.verdict, status = ?, updated_at = current_timestamp, updated_by = ?"
        " FROM (SELECT unnest(?::INTEGER[]) AS claim_id, unnest(?::VARCHAR[]) AS verdict) v"
        " WHERE claims.claim_id = v.claim_id AND claims.verdict IS NULL",
        [status, by, claim_ids, verdicts],
    )
