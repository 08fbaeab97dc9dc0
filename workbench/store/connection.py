"""Opening DuckDB: short-lived connections, lock retry with backoff, transactions.

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
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Sequence, TypeVar

import duckdb
import pyarrow as pa

from ..errors import DatabaseBusy, WorkbenchError

log = logging.getLogger(__name__)

Connection = duckdb.DuckDBPyConnection
DatabaseError = duckdb.Error
"""What DuckDB raises; callers outside the store catch this name rather than importing duckdb."""
T = TypeVar("T")

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


def retry_on_lock(target: str | Path, attempt: Callable[[], T], lock_timeout: float | None = None) -> T:
    """Run `attempt` (an open or ATTACH of `target`) until no other process or instance holds the file.

    Backs off from 10 ms to at most 100 ms with jitter (file locks are not queued: frequent tries get in
    sooner), tells the holder that someone waits, and raises `DatabaseBusy` after the budget
    (default `WORKBENCH_LOCK_TIMEOUT_S` or 30 s). Errors other than lock errors become `WorkbenchError`.
    """
    budget = lock_timeout_default() if lock_timeout is None else lock_timeout
    deadline = time.monotonic() + budget
    delay = 0.01
    attempts = 0
    while True:
        attempts += 1
        try:
            return attempt()
        except duckdb.Error as exc:
            if not is_lock_error(exc):
                raise WorkbenchError(f"cannot open database {target}: {first_line(exc)}") from exc
            if time.monotonic() + delay > deadline:
                raise DatabaseBusy(
                    f"database {target} is busy: another process kept it locked for {budget:.0f} s "
                    f"({attempts} attempts); try again when the other job has finished"
                ) from exc
            _announce_waiting(str(target))
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 0.1)


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
    return retry_on_lock(
        target, lambda: duckdb.connect(target, read_only=read_only, config=config or {}), lock_timeout
    )


def _waiting_marker(target: str) -> Path:
    return Path(target + ".waiting")


def _announce_waiting(target: str) -> None:
    """Tell the process holding the file that someone is waiting (DuckDB's file locks are not queued)."""
    if target == ":memory:":
        return
    try:
        _waiting_marker(target).touch()
    except OSError:  # a read-only folder: the holder just will not pause for us
        pass


def someone_waiting(path: str | Path) -> bool:
    """Whether another process has been waiting for the file within the last second."""
    try:
        touched = _waiting_marker(str(path)).stat().st_mtime
    except OSError:
        return False
    return time.time() - touched < 1.0


def yield_to_waiters(path: str | Path, pause: float = 0.15) -> None:
    """Called by long writers between two connections: pause briefly when another process waits for the file.

    Without it a writer that closes and at once reopens wins the lock again and again, and readers such as
    the dashboard wait for seconds.
    """
    if someone_waiting(path):
        time.sleep(pause)


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


def execute_with(con: Connection, name: str, table: Any, sql: str, params: Sequence[Any] | None = None) -> None:
    """Run `sql` with `table` (an Arrow table) visible to it as the view `name`, unregistered afterwards.
    DuckDB reads Arrow columns without converting each value under Python's lock: bulk writes go this way."""
    con.register(name, table)
    try:
        con.execute(sql, params or [])
    finally:
        con.unregister(name)


def insert_columns(con: Connection, table: str, kinds: Mapping[str, Any], columns: Mapping[str, Sequence[Any]]) -> None:
    """INSERT rows given as columns (`columns`: name -> values, lists of equal length) into `table`, in one
    statement through an Arrow table typed by `kinds` (name -> Arrow type, the columns written). `table` and the
    column names are the store modules' own, never a user's."""
    execute_with(con, f"wb_new_{table}", arrow_table(kinds, columns),
                 f"INSERT INTO {table} ({', '.join(kinds)}) SELECT {', '.join(kinds)} FROM wb_new_{table}")


def arrow_table(kinds: Mapping[str, Any], columns: Mapping[str, Sequence[Any]]) -> pa.Table:
    """An Arrow table of the columns named in `kinds` (name -> Arrow type), in that order."""
    return pa.table({name: pa.array(columns[name], kind) for name, kind in kinds.items()})


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


BULK_CHECKPOINT = "256MB"
"""DuckDB's `checkpoint_threshold` during an ingest or import: the write-ahead log it lets grow before the file
is checkpointed (default 16 MB). Each checkpoint rewrites the tables' indexes, which grow with the database:
with the default, commits took 7% of a 300k-mention import, with this 1-2%."""


def bulk_writes(con: Connection, on: bool) -> None:
    """Checkpoint less often (`BULK_CHECKPOINT`) and leave a core to Python while `on`, or go back to the
    defaults. Settings of the database, not of the connection: set on an open connection, since one given to
    `connect` would clash with another connection to the file in this process."""
    con.execute(f"SET checkpoint_threshold = '{BULK_CHECKPOINT}'" if on else "RESET checkpoint_threshold")
    # DuckDB works on as many threads as there are cores; a long import writes on a thread of its own while
    # Python places the next batch: leave that one core (on two cores, the writer's threads took it from it)
    con.execute(f"SET threads = {max(1, (os.cpu_count() or 1) - 1)}" if on else "RESET threads")


def hide_progress_bar(con: Connection) -> None:
    """No progress bar on the terminal for this connection's long queries (the CLI prints its own output)."""
    con.execute("SET enable_progress_bar = false")
