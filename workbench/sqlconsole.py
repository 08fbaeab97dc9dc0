"""The sandboxed ad-hoc SQL runner behind `workbench sql` and the dashboard's /sql page, and saved queries.

A query passes two independent guards before it sees any data:

1. **The statement check** (`check_statement`). DuckDB's own parser splits the text
   (`duckdb.extract_statements`); exactly one statement is accepted and its `StatementType` must be
   SELECT (which also covers WITH, VALUES, FROM-first, DESCRIBE, SHOW, SUMMARIZE) or EXPLAIN of such a
   statement. Everything else (DROP, DELETE, INSERT, UPDATE, CREATE, COPY, EXPORT, ATTACH, INSTALL, LOAD,
   SET/RESET/USE, PRAGMA, CALL, transactions, several statements) is refused with `SQLRefused`. The parsed
   tree of a SELECT (`json_serialize_sql`) is then searched for functions that read files or run SQL
   text (`read_*`, `glob`, `query`, `*_scan`...) and for file paths used as table names, so that the
   refusal says what was wrong instead of surfacing a permission error.

2. **The sandbox connection** (`_open_sandbox`), which holds even if the check missed something: a fresh
   in-memory DuckDB instance (extension autoload/autoinstall off, no Python replacement scans) that
   ATTACHes the workbench file READ_ONLY as catalog `workbench` and `USE`s it (so DESCRIBE, SHOW TABLES
   and unqualified names see the workbench tables), sets `memory_limit` and `threads` from Settings, then
   turns off `enable_external_access` and sets `lock_configuration`, so no later statement can reach a
   file, the network or a setting. The query runs in a READ ONLY transaction; writes fail on the
   read-only attachment whatever they are dressed as (`nextval` included).

Why in-memory + ATTACH: DuckDB's Python module keeps one database instance per file inside a process
and refuses a second connect to the same file with a different configuration, so the sandbox cannot be
a `duckdb.connect(path, config=...)` next to the dashboard's own connections. A separate in-memory
instance has its own configuration. DuckDB also refuses to have one file attached by two instances of
one process ("Unique file handle conflict"); `workbench.db.is_lock_error` treats that like a file lock,
so both the sandbox's ATTACH and the dashboard's `open_connection` retry with backoff until the other
has finished, exactly as they do for another process's lock. The sandbox is opened per query and closed
right after, so it holds the file only while one query runs (at most the time limit).

Limits: `Settings.sql_timeout_s` (a `threading.Timer` calls `con.interrupt()`, then `QueryTimeout`),
`Settings.sql_row_cap` (rows are streamed with `fetchmany(cap + 1)`, so a huge result is never built;
`QueryResult.truncated` says it was cut), `sql_memory_limit` and `sql_threads`.

Saved queries live in `saved_queries` with every edit kept in `saved_query_versions`; the shipped ones
come from `workbench/data/saved_queries.json` (`seed_saved_queries`).
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

import duckdb

from .access import Permission, User, authorize
from .config import Settings
from .db import (
    Connection, connect, first_line, open_connection, query, query_one, quote_identifier, retry_on_lock,
)
from .errors import NotFound, QueryTimeout, SQLRefused, WorkbenchError

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

SANDBOX_CATALOG = "workbench"
"""The name under which the sandbox attaches the database (`workbench.claims` works too)."""
MAX_SQL_CHARS = 100_000
SHIPPED_BY = "workbench (shipped)"
"""`updated_by` of a shipped query nobody has edited; such rows follow the shipped text on upgrade."""

_ALLOWED = "one read-only query: SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE or EXPLAIN"
_SANDBOX_CONFIG: dict[str, Any] = {
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "python_enable_replacements": False,
}
# Table and scalar functions that read files or run SQL text (matched on parsed names, not on the text).
_FORBIDDEN_FUNCTIONS = {"glob", "query", "query_table", "sniff_csv", "parquet_metadata", "parquet_schema",
                        "parquet_file_metadata", "parquet_kv_metadata", "parquet_bloom_probe", "getenv"}
_FORBIDDEN_PREFIXES = ("read_", "iceberg_", "delta_", "sqlite_", "postgres_", "mysql_")
_FORBIDDEN_SUFFIXES = ("_scan",)
_MEMORY = re.compile(r"^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$", re.IGNORECASE)
_LEADING_COMMENTS = re.compile(r"^(\s+|--[^\n]*(\n|$)|/\*.*?\*/)*", re.DOTALL)
_EXPLAIN = re.compile(r"^EXPLAIN\s+(ANALY[SZ]E\s+)?(\([^)]*\)\s*)?", re.IGNORECASE)
_FIRST_WORD = re.compile(r"[A-Za-z_]+")


# --- the statement check ----------------------------------------------------------------------------


def check_statement(sql: str) -> str:
    """The single allowed statement in `sql` (without a trailing `;`), or `SQLRefused` saying why not."""
    if not isinstance(sql, str) or not sql.strip():
        raise SQLRefused("no SQL given: write one query, e.g. SELECT * FROM claims LIMIT 10")
    if len(sql) > MAX_SQL_CHARS:
        raise SQLRefused(f"the query is {len(sql):,} characters long; the limit is {MAX_SQL_CHARS:,}")
    statements = _parse(sql)
    if not statements:
        raise SQLRefused("no SQL statement found (only comments or semicolons)")
    if len(statements) > 1:
        kinds = ", ".join(_keyword(s.query) for s in statements)
        raise SQLRefused(f"refused: {len(statements)} statements ({kinds}); the SQL console runs {_ALLOWED}")
    statement = statements[0]
    text = _strip_semicolon(statement.query)
    if statement.type == duckdb.StatementType.EXPLAIN:
        _check_explained(text)
    elif statement.type != duckdb.StatementType.SELECT:
        raise SQLRefused(
            f"refused: {_keyword(statement.query)} statements are not allowed; the SQL console runs {_ALLOWED}"
        )
    else:
        _check_functions(text)
    return text


@dataclass(frozen=True)
class _Statement:
    type: Any
    query: str


def _parse(sql: str) -> list[_Statement]:
    """DuckDB's own split of `sql` into statements, with their parsed types."""
    try:
        parsed = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise WorkbenchError(f"SQL syntax error: {first_line(exc).removeprefix('Parser Error: ')}") from None
    statements = []
    for item in parsed:
        try:
            kind = item.type
        except ValueError:  # a type the Python module has no name for (e.g. UPDATE EXTENSIONS)
            kind = None
        statements.append(_Statement(kind, item.query))
    return statements


def _keyword(statement_text: str) -> str:
    """The first keyword of a statement, for messages only (the decision is made on the parsed type)."""
    found = _FIRST_WORD.search(_LEADING_COMMENTS.sub("", statement_text))
    return found.group(0).upper() if found else "this"


def _strip_semicolon(text: str) -> str:
    text = text.strip()
    while text.endswith(";"):
        text = text[:-1].rstrip()
    return text


def _check_explained(text: str) -> None:
    """EXPLAIN [ANALYZE] runs or plans another statement: that one must be a SELECT as well."""
    body = _LEADING_COMMENTS.sub("", text)
    match = _EXPLAIN.match(body)
    inner = _parse(body[match.end():]) if match else []
    if len(inner) != 1 or inner[0].type != duckdb.StatementType.SELECT:
        raise SQLRefused(f"refused: EXPLAIN is allowed only for a SELECT; the SQL console runs {_ALLOWED}")
    _check_functions(_strip_semicolon(inner[0].query))


def _check_functions(select_sql: str) -> None:
    """Refuse functions that read files or run SQL, and file paths used as tables, anywhere in the tree."""
    with duckdb.connect(":memory:", config=dict(_SANDBOX_CONFIG)) as parser:
        serialized = parser.execute("SELECT json_serialize_sql(?::VARCHAR)", [select_sql]).fetchone()[0]
    tree = json.loads(serialized)
    if tree.get("error"):
        return  # not serialisable (rare SELECT forms): the sandbox configuration still applies
    try:
        for kind, name in _names(tree):
            if kind == "function" and _forbidden_function(name):
                does = "runs SQL given as text" if name.startswith("query") else "reads files"
                raise SQLRefused(f"refused: {name}() {does}; the SQL console only reads the workbench's tables")
            if kind == "table" and any(ch in name for ch in "/\\:."):
                raise SQLRefused(
                    f"refused: {name!r} looks like a file; the SQL console only reads the workbench's tables"
                )
    except RecursionError:
        raise SQLRefused("refused: the query is nested too deeply to check") from None


def _names(node: Any) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        name = node.get("function_name")
        if isinstance(name, str):
            yield "function", name.lower()
        if node.get("type") == "BASE_TABLE" and isinstance(node.get("table_name"), str):
            yield "table", node["table_name"]
        for value in node.values():
            yield from _names(value)
    elif isinstance(node, list):
        for value in node:
            yield from _names(value)


def _forbidden_function(name: str) -> bool:
    return (
        name in _FORBIDDEN_FUNCTIONS
        or name.startswith(_FORBIDDEN_PREFIXES)
        or name.endswith(_FORBIDDEN_SUFFIXES)
    )


# --- running a query --------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryResult:
    """Rows of an ad-hoc query; `truncated` is True when the row cap cut the result."""

    columns: list[str]
    rows: list[tuple]
    truncated: bool
    elapsed_s: float
    types: list[str] = field(default_factory=list)
    """DuckDB type names of the columns (VARCHAR, DATE, INTEGER[]...)."""
    row_cap: int = 0

    @property
    def row_count(self) -> int:
        """How many rows are in `rows` (at most the row cap)."""
        return len(self.rows)

    def notice(self) -> str | None:
        """The sentence to show when the row cap cut the result, else None."""
        if not self.truncated:
            return None
        return (
            f"showing the first {self.row_count:,} rows only: the result has more (row cap {self.row_cap:,});"
            " add a LIMIT or narrow the query"
        )


def run_query(
    db_path: str | Path,
    sql: str,
    *,
    timeout_s: float | None = None,
    row_cap: int | None = None,
    settings: Settings | None = None,
) -> QueryResult:
    """Run one read-only statement in the sandbox. Raises SQLRefused, QueryTimeout or WorkbenchError."""
    statement = check_statement(sql)
    con, settings = _open_sandbox(db_path, settings)
    timeout = settings.sql_timeout_s if timeout_s is None else float(timeout_s)
    cap = settings.sql_row_cap if row_cap is None else int(row_cap)
    if timeout <= 0 or cap < 0:
        con.close()
        raise WorkbenchError("the time limit must be positive and the row cap zero or more")
    timer = threading.Timer(timeout, con.interrupt)
    timer.daemon = True
    started = time.monotonic()
    try:
        con.execute("BEGIN TRANSACTION READ ONLY")
        timer.start()
        cursor = con.execute(statement)
        description = cursor.description or []
        rows = cursor.fetchmany(cap + 1) if description else []
    except duckdb.InterruptException:
        raise QueryTimeout(
            f"query stopped after {timeout:g} s, the time limit (setting sql_timeout_s); "
            "add a LIMIT, filter earlier, or avoid joins without a join condition"
        ) from None
    except duckdb.Error as exc:
        raise _translate(exc, settings) from None
    finally:
        timer.cancel()
        elapsed = time.monotonic() - started
        con.close()
    return QueryResult(
        columns=[d[0] for d in description],
        rows=[tuple(r) for r in rows[:cap]],
        truncated=len(rows) > cap,
        elapsed_s=elapsed,
        types=[str(d[1]) for d in description],
        row_cap=cap,
    )


def _translate(exc: duckdb.Error, settings: Settings) -> WorkbenchError:
    message = first_line(exc)
    if isinstance(exc, duckdb.PermissionException) or "disabled by configuration" in message:
        return SQLRefused("refused: the query tries to reach a file, the network or an extension; "
                          "the SQL console only reads the workbench's tables")
    if "read-only" in message or "configuration has been locked" in message:
        return SQLRefused("refused: the SQL console is read-only and cannot change data or settings")
    if isinstance(exc, duckdb.OutOfMemoryException) or "out of memory" in message.lower():
        return WorkbenchError(
            f"the query needs more than the sandbox's {settings.sql_memory_limit} of memory "
            "(setting sql_memory_limit); aggregate or filter earlier"
        )
    return WorkbenchError(f"SQL error: {message}")


def _open_sandbox(db_path: str | Path, settings: Settings | None) -> tuple[Connection, Settings]:
    """An in-memory instance with the database attached read-only, then locked down (see module doc)."""
    path = Path(db_path)
    if not path.is_file():
        raise NotFound(f"no database at {path}; create it with `workbench init` or choose one with --db")
    budget = settings.lock_timeout_s if settings is not None else None
    con = open_connection(":memory:", config=dict(_SANDBOX_CONFIG))
    try:
        attach_read_only(con, path.resolve(), SANDBOX_CATALOG, budget)
        con.execute(f"USE {SANDBOX_CATALOG}")
        if settings is None:
            settings = Settings.load(stored=_stored_settings(con))
        if not _MEMORY.match(settings.sql_memory_limit):
            raise WorkbenchError(f"sql_memory_limit {settings.sql_memory_limit!r} is not a size like 1GB or 512MB")
        con.execute("SET memory_limit = ?", [settings.sql_memory_limit])
        con.execute("SET threads = ?", [max(1, int(settings.sql_threads))])
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con, settings


def attach_read_only(con: Connection, path: str | Path, alias: str, lock_timeout: float | None = None) -> None:
    """ATTACH `path` READ_ONLY as `alias`, retrying with backoff like `workbench.db.open_connection`.

    Waits while another process holds the file read-write, or another instance of this process has it
    attached; raises `DatabaseBusy` after `lock_timeout` (default `WORKBENCH_LOCK_TIMEOUT_S` or 30 s).
    """
    retry_on_lock(
        path,
        lambda: con.execute(f"ATTACH ? AS {quote_identifier(alias)} (READ_ONLY)", [str(path)]),
        lock_timeout,
    )


def _stored_settings(con: Connection) -> dict[str, str]:
    try:
        return dict(con.execute("SELECT key, value FROM settings").fetchall())
    except duckdb.CatalogException:  # an uninitialised database has no settings table
        return {}


def schema_overview(db_path: str | Path, settings: Settings | None = None) -> list[tuple[str, str, str]]:
    """(table, column, type) of every table in the database, as the SQL console sees them."""
    result = run_query(
        db_path,
        "SELECT table_name, column_name, data_type FROM information_schema.columns"
        f" WHERE table_catalog = '{SANDBOX_CATALOG}' AND table_schema = 'main'"
        " ORDER BY table_name, ordinal_position",
        row_cap=100_000,
        settings=settings,
    )
    return [(str(t), str(c), str(k)) for t, c, k in result.rows]


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
    return query(
        con,
        "SELECT q.name, q.description, q.sql, q.builtin, q.created_at, q.updated_at, q.updated_by,"
        " (SELECT count(*) FROM saved_query_versions v WHERE v.name = q.name) AS versions"
        " FROM saved_queries q ORDER BY q.name",
    )


def get_saved(con: Connection, name: str) -> dict[str, Any]:
    """One saved query; `NotFound` (listing the known names) when there is none by that name."""
    row = query_one(con, "SELECT name, description, sql, builtin, created_at, updated_at, updated_by"
                         " FROM saved_queries WHERE name = ?", [name])
    if row is None:
        known = [r[0] for r in con.execute("SELECT name FROM saved_queries ORDER BY name").fetchall()]
        hint = f"; saved queries: {', '.join(known)}" if known else "; there are no saved queries yet"
        raise NotFound(f"no saved query named {name!r}{hint}")
    return row


def saved_versions(con: Connection, name: str) -> list[dict[str, Any]]:
    """The edit history of a saved query, newest first."""
    return query(
        con,
        "SELECT version_id, name, description, sql, edited_at, edited_by FROM saved_query_versions"
        " WHERE name = ? ORDER BY version_id DESC",
        [name],
    )


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
    old = query_one(con, "SELECT sql, description FROM saved_queries WHERE name = ?", [name])
    if old is not None and old["sql"] == sql and old["description"] == description:
        return get_saved(con, name)
    if old is None:
        con.execute(
            "INSERT INTO saved_queries (name, description, sql, builtin, updated_by) VALUES (?, ?, ?, false, ?)",
            [name, description, sql, editor],
        )
    else:
        con.execute(
            "UPDATE saved_queries SET sql = ?, description = ?, updated_at = current_timestamp, updated_by = ?"
            " WHERE name = ?",
            [sql, description, editor, name],
        )
    con.execute(
        "INSERT INTO saved_query_versions (name, description, sql, edited_by) VALUES (?, ?, ?, ?)",
        [name, description, sql, editor],
    )
    return get_saved(con, name)


def delete_saved(con: Connection, name: str, editor: str | User | None = None) -> None:
    """Delete a saved query (its version history stays). Shipped queries can be edited, not deleted."""
    from . import store

    editor = authorize(editor, Permission.EDIT_QUERIES, required=False)
    row = get_saved(con, name)
    if row["builtin"]:
        raise WorkbenchError(f"{name!r} is shipped with the workbench: edit it instead of deleting it")
    con.execute("DELETE FROM saved_queries WHERE name = ?", [name])
    store.record_event(con, "query deleted", "query", None, reviewer=editor, details={"name": name, "sql": row["sql"]})


def shipped_queries() -> list[dict[str, str]]:
    """The queries shipped in `workbench/data/saved_queries.json` (name, description, sql)."""
    text = resources.files("workbench").joinpath("data/saved_queries.json").read_text(encoding="utf-8")
    entries = json.loads(text)
    return [{"name": e["name"], "description": e["description"], "sql": "\n".join(e["sql"])
             if isinstance(e["sql"], list) else e["sql"]} for e in entries]


def seed_saved_queries(con: Connection) -> int:
    """Add shipped queries that are missing, and update unedited ones whose shipped text changed.

    Queries a user edited keep the user's text. Returns how many rows were added or updated.
    """
    changed = 0
    for entry in shipped_queries():
        row = query_one(con, "SELECT sql, description, updated_by FROM saved_queries WHERE name = ?", [entry["name"]])
        if row is None:
            con.execute(
                "INSERT INTO saved_queries (name, description, sql, builtin, updated_by) VALUES (?, ?, ?, true, ?)",
                [entry["name"], entry["description"], entry["sql"], SHIPPED_BY],
            )
        elif row["updated_by"] == SHIPPED_BY and (row["sql"], row["description"]) != (entry["sql"], entry["description"]):
            con.execute(
                "UPDATE saved_queries SET sql = ?, description = ?, updated_at = current_timestamp WHERE name = ?",
                [entry["sql"], entry["description"], entry["name"]],
            )
        else:
            continue
        con.execute(
            "INSERT INTO saved_query_versions (name, description, sql, edited_by) VALUES (?, ?, ?, ?)",
            [entry["name"], entry["description"], entry["sql"], SHIPPED_BY],
        )
        changed += 1
    return changed


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
