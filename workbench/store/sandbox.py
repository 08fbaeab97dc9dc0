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
one process ("Unique file handle conflict"); `connection.is_lock_error` treats that like a file lock,
so both the sandbox's ATTACH and the dashboard's `open_connection` retry with backoff until the other
has finished, exactly as they do for another process's lock. The sandbox is opened per query and closed
right after, so it holds the file only while one query runs (at most the time limit).

Limits: `Settings.sql_timeout_s` (a `threading.Timer` calls `con.interrupt()`, then `QueryTimeout`),
`Settings.sql_row_cap` (rows are streamed with `fetchmany(cap + 1)`, so a huge result is never built;
`QueryResult.truncated` says it was cut), `sql_memory_limit` and `sql_threads`.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import duckdb

from ..config import Settings
from ..errors import NotFound, QueryTimeout, SQLRefused, WorkbenchError
from .connection import Connection, first_line, open_connection, quote_identifier, retry_on_lock

__all__ = ["QueryResult", "SANDBOX_CATALOG", "attach_read_only", "check_statement", "run_query", "schema_overview"]

SANDBOX_CATALOG = "workbench"
"""The name under which the sandbox attaches the database (`workbench.claims` works too)."""
MAX_SQL_CHARS = 100_000

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
    """ATTACH `path` READ_ONLY as `alias`, retrying with backoff like `connection.open_connection`.

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
