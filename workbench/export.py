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
from .errors import InputError
from .store import exports
from .store.connection import Connection
from .store.exports import EXPORT_QUERIES

__all__ = ["EXPORT_QUERIES", "FORMATS", "WHAT", "export", "export_columns", "export_rows"]

WHAT = ("claims", "mentions", "articles")
FORMATS = ("jsonl", "csv", "parquet", "claimreview")

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
    return exports.export_columns(con, what)


def export_rows(con: Connection, what: str) -> list[dict[str, Any]]:
    """The rows of an export as dicts (Python dates, lists), in export order."""
    _check(what, "jsonl")
    return exports.export_rows(con, what)


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

        table = exports.export_table(con, what)
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

