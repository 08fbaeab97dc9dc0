"""The sandboxed ad-hoc SQL console behind `workbench sql` and the dashboard's /sql page: saved queries and
output formats. The sandbox itself (the statement check and the locked-down read-only connection, with its
time limit and row cap) is `workbench.store.sandbox`.

Saved queries live in `saved_queries` with every edit kept in `saved_query_versions`; the shipped ones
come from `workbench/data/saved_queries.json` (`seed_saved_queries`).
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import uuid
from pathlib import Path
from typing import Any

from .access import Permission, User, authorize
from .config import Settings
from .errors import NotFound, WorkbenchError
from .store import queries
from .store.connection import Connection, connect
from .store.events import record_event
from .store.queries import shipped_queries
from .store.sandbox import SANDBOX_CATALOG, QueryResult, attach_read_only, check_statement, run_query, schema_overview

__all__ = [
    "QueryResult",
    "SANDBOX_CATALOG",
    "attach_read_only",
    "cell_text",
    "check_statement",
    "run_query",
    "run_saved",
    "schema_overview",
    "to_csv_bytes",
    "to_json_rows",
    "to_parquet_bytes",
    "list_saved",
    "get_saved",
    "saved_versions",
    "save_query",
    "delete_saved",
    "seed_saved_queries",
    "shipped_queries",
]

# --- output formats ---------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A JSON-friendly version of a DuckDB value."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def _unique_names(columns: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for name in columns:
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return names


def to_json_rows(result: QueryResult) -> list[dict[str, Any]]:
    """Rows as JSON-ready objects (dates as ISO strings; repeated column names get `_2`, `_3`...)."""
    names = _unique_names(result.columns)
    return [{n: _plain(v) for n, v in zip(names, row)} for row in result.rows]


def cell_text(value: Any) -> str:
    """A value as text for CSV cells and tables (NULL as "", lists and structs as JSON)."""
    if value is None:
        return ""
    plain = _plain(value)
    if isinstance(plain, (list, dict)):
        return json.dumps(plain, ensure_ascii=False)
    return str(plain)


def to_csv_bytes(result: QueryResult) -> bytes:
    """The result as UTF-8 CSV with a header row (NULL as an empty cell, lists as JSON)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([cell_text(v) for v in row])
    return out.getvalue().encode("utf-8")


def to_parquet_bytes(result: QueryResult) -> bytes:
    """The result as a Parquet file, keeping column types where Arrow has them (else as text)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrays = []
    names = _unique_names(result.columns)
    for index, name in enumerate(names):
        values = [row[index] for row in result.rows]
        kind = result.types[index] if index < len(result.types) else ""
        arrays.append(_arrow_array(values, kind))
    table = pa.Table.from_arrays(arrays, names=names)
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


def _arrow_array(values: list[Any], duckdb_type: str) -> Any:
    import pyarrow as pa

    simple = {
        "BOOLEAN": pa.bool_(), "TINYINT": pa.int8(), "SMALLINT": pa.int16(), "INTEGER": pa.int32(),
        "BIGINT": pa.int64(), "UTINYINT": pa.uint8(), "USMALLINT": pa.uint16(), "UINTEGER": pa.uint32(),
        "UBIGINT": pa.uint64(), "FLOAT": pa.float32(), "DOUBLE": pa.float64(), "VARCHAR": pa.string(),
        "JSON": pa.string(), "DATE": pa.date32(), "TIMESTAMP": pa.timestamp("us"), "BLOB": pa.binary(),
    }
    wanted = simple.get(duckdb_type.upper())
    try:
        return pa.array(values, type=wanted) if wanted is not None else pa.array(values)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return pa.array([None if v is None else cell_text(v) for v in values], type=pa.string())


# --- saved queries ----------------------------------------------------------------------------------


def _check_name(name: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise WorkbenchError("a saved query needs a name")
    name = " ".join(name.split())
    if len(name) > 80:
        raise WorkbenchError("a saved query's name must be at most 80 characters")
    return name


def list_saved(con: Connection) -> list[dict[str, Any]]:
    """Every saved query (name, description, sql, builtin, updated_at, updated_by, versions), by name."""
    return queries.list_saved(con)


def get_saved(con: Connection, name: str) -> dict[str, Any]:
    """One saved query; `NotFound` (listing the known names) when there is none by that name."""
    row = queries.saved_row(con, name)
    if row is None:
        known = queries.saved_names(con)
        hint = f"; saved queries: {', '.join(known)}" if known else "; there are no saved queries yet"
        raise NotFound(f"no saved query named {name!r}{hint}")
    return row


def saved_versions(con: Connection, name: str) -> list[dict[str, Any]]:
    """The edit history of a saved query, newest first."""
    return queries.saved_versions(con, name)


def save_query(
    con: Connection, name: str, sql: str, description: str | None = None, editor: str | User | None = None
) -> dict[str, Any]:
    """Create or edit a saved query (the SQL must pass `check_statement`); every edit adds a version row.

    The caller holds the transaction. Saving unchanged text and description adds nothing.
    """
    editor = authorize(editor, Permission.EDIT_QUERIES, required=False)
    name = _check_name(name)
    check_statement(sql)
    sql = sql.strip()
    description = (description or "").strip() or None
    old = queries.saved_row(con, name)
    if old is None or (old["sql"], old["description"]) != (sql, description):
        queries.write_saved(con, name, sql, description, editor)
    return get_saved(con, name)


def delete_saved(con: Connection, name: str, editor: str | User | None = None) -> None:
    """Delete a saved query (its version history stays). Shipped queries can be edited, not deleted."""
    editor = authorize(editor, Permission.EDIT_QUERIES, required=False)
    row = get_saved(con, name)
    if row["builtin"]:
        raise WorkbenchError(f"{name!r} is shipped with the workbench: edit it instead of deleting it")
    queries.delete_saved_row(con, name)
    record_event(con, "query deleted", "query", None, reviewer=editor, details={"name": name, "sql": row["sql"]})


def seed_saved_queries(con: Connection) -> int:
    """Add shipped queries that are missing, and update unedited ones whose shipped text changed.

    Queries a user edited keep the user's text. Returns how many rows were added or updated.
    """
    return queries.seed_saved_queries(con, shipped_queries())


def run_saved(
    db_path: str | Path,
    name: str,
    *,
    timeout_s: float | None = None,
    row_cap: int | None = None,
    settings: Settings | None = None,
) -> QueryResult:
    """Look up a saved query and run it in the sandbox (the lookup connection is closed first)."""
    if not Path(db_path).is_file():
        raise NotFound(f"no database at {db_path}; create it with `workbench init` or choose one with --db")
    with connect(db_path) as con:
        sql = get_saved(con, name)["sql"]
    return run_query(db_path, sql, timeout_s=timeout_s, row_cap=row_cap, settings=settings)
