"""A process's writing session on the database: a connection released regularly when another process waits for
the file, the match index kept up to date, and an optional write-behind thread (used by `workbench.pipeline`)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from pathlib import Path
from typing import Any

from . import clustering
from .config import Settings
from .store.actors import alias_table
from .store.connection import (
    Connection, DatabaseError, bulk_writes, open_connection, someone_waiting, transaction, yield_to_waiters,
)
from .store.reference import initialize
from .store.settings import load_settings


class Writer:
    """One process's writing session: a connection that is released regularly, and the match index.
    `bulk`: a long ingest or import (checkpointed less often, `store.connection.bulk_writes`)."""

    def __init__(self, db_path: str | Path, settings: Settings | None, index: Any = None, *, bulk: bool = False) -> None:
        self.db_path = db_path
        self.bulk = bulk
        initialize(db_path)
        self.con: Connection | None = None
        self._side: Connection | None = None
        self._thread: ThreadPoolExecutor | None = None
        self._job: tuple[Future, Callable[[], None]] | None = None
        self.opened_at = 0.0
        self.con = self._open()
        self.settings = settings or load_settings(self.con)
        self.aliases = alias_table(self.con)
        if index is None:
            index = clustering.load_index(self.con)
        else:  # a long-lived caller's index (the dashboard's): bring it up to date
            clustering.refresh_index(self.con, index)
        self.index = index

    def _open(self) -> Connection:
        self.opened_at = time.monotonic()
        con = open_connection(self.db_path)
        if self.bulk:
            bulk_writes(con, True)  # reset on close
        return con

    def connection(self) -> Connection:
        """The open connection, cycled when it has been held longer than `commit_every_s` and another process
        waits for the file (closing costs a checkpoint: a long import alone keeps its connection)."""
        if self.con is None or (time.monotonic() - self.opened_at > self.settings.commit_every_s
                                and someone_waiting(self.db_path)):
            if self.con is not None:
                self.settle()
                self.close()
                yield_to_waiters(self.db_path)
            self.con = self._open()
            clustering.refresh_index(self.con, self.index)
        return self.con

    def write_later(self, write: Callable[[Connection], None], done: Callable[[], None]) -> None:
        """Run `write(con)` in a transaction of its own on a second connection to the database, on a thread of its
        own, once the write before it is committed; `done()` runs on the caller's thread after the commit (at the
        next `settle`). DuckDB works without the GIL, so the caller goes on placing the next batch meanwhile."""
        self.settle()
        if self._side is None:
            assert self.con is not None, "write_later needs an open connection"
            self._side = self.con.cursor()  # not `connection()`: reopening would reload the index without the batch
        if self._thread is None:
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="workbench-writer")
        side = self._side

        def job() -> None:
            with transaction(side):
                write(side)

        self._job = (self._thread.submit(job), done)

    @property
    def writing(self) -> bool:
        """Whether a `write_later` has not been settled yet."""
        return self._job is not None

    def settle(self) -> None:
        """Wait for the write in progress to be committed and run its `done`; its error, if any, is raised here."""
        if self._job is not None:
            future, done = self._job
            self._job = None
            future.result()
            done()

    def close(self) -> None:
        if self._job is not None:  # closing after an error: the write in progress ends (commit or rollback) first
            futures_wait([self._job[0]])
            self._job = None
        if self._thread is not None:
            self._thread.shutdown()
            self._thread = None
        if self._side is not None:
            self._side.close()
            self._side = None
        if self.con is not None:
            if self.bulk:
                with contextlib.suppress(DatabaseError):  # a connection that failed may refuse it: closing still works
                    bulk_writes(self.con, False)
            self.con.close()
            self.con = None
