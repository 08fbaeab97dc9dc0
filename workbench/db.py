"""The only module that opens DuckDB: short-lived connections, lock retry with backoff, transactions.

Concurrency model (see README, "Concurrency"): DuckDB lets one process at a time open a database file
read-write, and then refuses every other opener, even read-only ones. The workbench therefore never
holds a connection longer than one unit of work (one page render, one article, one batch of imported
mentions). A process that finds the file locked retries with exponential backoff and jitter for up to
`Settings.lock_timeout_s`; only then does the user see `DatabaseBusy`. Within one process DuckDB shares
one database instance between connections, so every thread opens its own connection (never shares one).
"""

from __future__ import annotations

import logging
import os
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Sequence

import duckdb

from .errors import DatabaseBusy, WorkbenchError

log = logging.getLogger(__name__)

Connection = duckdb.DuckDBPyConnection

_LOCK_MARKERS = (
    "could not set lock", "conflicting lock", "lock on file", "resource temporarily unavailable",
    # Another DuckDB instance of this process has the file attached (the SQL sandbox, workbench.sqlconsole).
    "unique file handle conflict",
)
_local = threading.local()


def is_lock_error(exc: BaseException) -> bool:
    """True when `exc` is DuckDB's complaint that another process holds the file."""
    return isinstance(exc, duckdb.Error) and any(m in str(exc).lower() for m in _LOCK_MARKERS)


def lock_timeout_default() -> float:
    """The lock wait budget: `WORKBENCH_LOCK_TIMEOUT_S` or 30 s."""
    return float(os.environ.get("WORKBENCH_LOCK_TIMEOUT_S", "30"))


def open_connection(
    path: str | Path,
    *,
    read_only: bool = False,
    config: dict[str, Any] | None = None,
    lock_timeout: float | None = None,
) -> Connection:
    """Open `path`, retrying while another process holds its lock; raises `DatabaseBusy` after the budget."""
    target = str(path)
    if target != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    budget = lock_timeout_default() if lock_timeout is None else lock_timeout
    deadline = time.monotonic() + budget
    delay = 0.01
    attempts = 0
    while True:
        attempts += 1
        try:
            return duckdb.connect(target, read_only=read_only, config=config or {})
        except duckdb.Error as exc:
            if not is_lock_error(exc):
                raise WorkbenchError(f"cannot open database {target}: {first_line(exc)}") from exc
            if time.monotonic() + delay > deadline:
                raise DatabaseBusy(
                    f"database {target} is busy: another process kept it locked for {budget:.0f} s "
                    f"({attempts} attempts); try again when the other job has finished"
                ) from exc
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 0.5)


@contextmanager
def connect(path: str | Path, *, read_only: bool = False, lock_timeout: float | None = None) -> Iterator[Connection]:
    """A short-lived connection: opened with lock retry, closed on exit (which releases the file lock)."""
    con = open_connection(path, read_only=read_only, lock_timeout=lock_timeout)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def transaction(con: Connection) -> Iterator[Connection]:
    """BEGIN ... COMMIT, or ROLLBACK on any exception (nothing half-written stays behind)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:  # the connection may already have aborted the transaction
            pass
        raise
    con.execute("COMMIT")


def query(con: Connection, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run one parameterised statement and return its rows as dicts."""
    cur = con.execute(sql, params or [])
    if cur.description is None:
        return []
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def query_one(con: Connection, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The first row of `query`, or None."""
    rows = query(con, sql, params)
    return rows[0] if rows else None


def scalar(con: Connection, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Any:
    """The first column of the first row, or None."""
    row = con.execute(sql, params or []).fetchone()
    return row[0] if row else None


def quote_identifier(name: str) -> str:
    """Quote a table or column name for SQL (never paste user values: use parameters)."""
    return '"' + name.replace('"', '""') + '"'


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (DuckDB messages carry multi-line context)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
