"""The dashboard's state: the database path, cached reads, writes that clear caches, the match index.

Connections are short-lived: every read or write opens one with `store.connection.connect`, uses it and closes it, so no
connection outlives a script run or is shared between sessions and threads, and other processes (the CLI,
the SQL sandbox) get the file in between. Reads are cached with `st.cache_data`, keyed by a stamp of the
database file (modification time and size of the file and its WAL): any write, by this dashboard or by
another process, changes the stamp, so every session sees it on its next interaction. Writes also clear
the cache explicitly, as Streamlit's guidance asks.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from workbench import access, clustering, pipeline
from workbench.app.markup import md_escape
from workbench.config import Settings, default_db_path
from workbench.errors import DatabaseBusy, WorkbenchError
from workbench.store import actors as actor_store
from workbench.store import browse, schema
from workbench.store.connection import connect, transaction
from workbench.store.reference import initialize
from workbench.store.settings import read_settings

T = TypeVar("T")


def db_path() -> str:
    """The database file: `WORKBENCH_DB`, else `data/workbench.duckdb`, as an absolute path."""
    return str(Path(default_db_path()).expanduser().resolve())


@st.cache_resource(show_spinner=False, max_entries=8)
def _initialized(path: str) -> bool:
    # Seeding reference data takes seconds; a database already at the current schema was seeded when it
    # was created or migrated (by `workbench init`, any CLI command, or this dashboard).
    if Path(path).exists():
        with connect(path) as con:
            if schema.current_version(con) == schema.LATEST_VERSION:
                return True
    initialize(path)
    return True


def ensure_db() -> str:
    """The database path, created and migrated once per process."""
    path = db_path()
    if not Path(path).exists():
        _initialized.clear()
    _initialized(path)
    return path


def db_stamp(path: str) -> tuple[int, ...]:
    """Changes whenever the database file is written (by any process): mtime and size of the file and its WAL."""
    stamp: list[int] = []
    for name in (path, path + ".wal"):
        try:
            info = os.stat(name)
            stamp += [info.st_mtime_ns, info.st_size]
        except FileNotFoundError:
            stamp += [0, 0]
    return tuple(stamp)


# --- reads --------------------------------------------------------------------------------------------


@st.cache_data(ttl=300, max_entries=512, show_spinner=False)
def _cached_read(module: str, name: str, path: str, stamp: tuple[int, ...], args: tuple, kwargs: tuple) -> Any:
    fn = _READERS[(module, name)]
    with connect(path) as con:
        return fn(con, *args, **dict(kwargs))


_READERS: dict[tuple[str, str], Callable[..., Any]] = {}


def read(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`fn(con, *args, **kwargs)` on a short-lived connection, cached until the database changes.

    `fn` must be a module-level function returning picklable data (the `workbench.store.browse` functions).
    """
    key = (fn.__module__, fn.__qualname__)
    _READERS.setdefault(key, fn)
    path = ensure_db()
    try:
        return _cached_read(key[0], key[1], path, db_stamp(path), args, tuple(sorted(kwargs.items())))
    except DatabaseBusy as exc:
        st.error(_md(f"{exc}. Reload the page in a moment."))
        st.stop()
        raise  # not reached: st.stop ends the script run


def settings() -> Settings:
    """Settings as stored in the database (with environment overrides)."""
    return Settings.load(stored=read(read_settings))


# --- writes -------------------------------------------------------------------------------------------


def write(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`fn(con, *args, **kwargs)` in one transaction on a short-lived connection; then caches are cleared."""
    path = ensure_db()
    try:
        with connect(path) as con, transaction(con):
            return fn(con, *args, **kwargs)
    finally:
        after_write()


def after_write() -> None:
    """Forget cached reads (all sessions). The match index needs nothing: it notices the changed database
    on next use and tops itself up, or rebuilds after merges, splits and alias edits (`refresh_index`)."""
    st.cache_data.clear()


# --- the match index ----------------------------------------------------------------------------------


@dataclass
class _IndexHolder:
    """One match index per database file, shared by all sessions; `lock` serialises its use.

    The first load runs in a background thread (a million mentions take tens of seconds), so that the
    page asking for similar claims can say "preparing" instead of hanging.
    """

    lock: threading.Lock = field(default_factory=threading.Lock)
    starting: threading.Lock = field(default_factory=threading.Lock)
    index: Any = None
    stamp: tuple[int, ...] | None = None
    loader: threading.Thread | None = None
    error: str | None = None


@st.cache_resource(show_spinner=False, max_entries=8)
def _index_holder(path: str) -> _IndexHolder:
    return _IndexHolder()


def _start_loading(path: str, holder: _IndexHolder) -> threading.Thread:
    """Load the index in a background thread unless that is already happening."""
    with holder.starting:
        if holder.loader is not None and holder.loader.is_alive():
            return holder.loader

        def load() -> None:

            with holder.lock:
                if holder.index is not None:
                    return
                try:
                    stamp = db_stamp(path)
                    with connect(path) as con:
                        holder.index = clustering.load_index(con)
                    holder.stamp, holder.error = stamp, None
                except Exception as exc:  # reported to the page that asked; a later call retries
                    holder.error = str(exc) or type(exc).__name__

        holder.error = None
        holder.loader = threading.Thread(target=load, name="workbench-match-index", daemon=True)
        holder.loader.start()
        return holder.loader


def index_ready(wait: float = 0.0) -> bool:
    """Whether the match index is loaded (starting the load if needed, waiting up to `wait` seconds)."""
    path = ensure_db()
    holder = _index_holder(path)
    if holder.index is None:
        _start_loading(path, holder).join(wait)
    if holder.index is None and holder.error:
        raise WorkbenchError(f"the matcher's index could not be loaded: {holder.error}")
    return holder.index is not None


def _current_index(con: Any, holder: _IndexHolder) -> Any:
    """The holder's index brought up to date with `con` (the caller holds `holder.lock`)."""

    if holder.index is None:
        holder.index = clustering.load_index(con)
    else:
        clustering.refresh_index(con, holder.index)  # tops up, or rebuilds after merges, splits, alias edits
    return holder.index


def similar_claims(
    text: str, claimant: str | None = None, stance: str = "asserts", top: int = 5, *, wait: float = 5.0
) -> list[dict[str, Any]] | None:
    """The claims most similar to `text` (from the matcher's index), best first: claim_id, score, text, status,
    verdict and the score's parts. None while the index is still loading (after waiting `wait` seconds).

    The index is loaded once per process and shared by all sessions; it is brought up to date (or rebuilt
    after merges, splits and alias edits) when the database changed since it was last used.
    """
    text = " ".join((text or "").split())
    if not text:
        return []
    if not index_ready(wait):
        return None
    path = ensure_db()
    holder = _index_holder(path)
    with holder.lock:
        stamp = db_stamp(path)
        if holder.stamp != stamp:
            with connect(path) as con:
                _current_index(con, holder)
            holder.stamp = db_stamp(path)
        candidates = holder.index.search(text, claimant=claimant or None, top=top, stance=stance or "asserts")
    if not candidates:
        return []
    found = _claim_texts(path, tuple(int(c.claim_id) for c in candidates))
    rows = []
    for c in candidates:
        claim = found.get(int(c.claim_id))
        if claim is None:  # merged away meanwhile
            continue
        rows.append({
            "claim_id": int(c.claim_id), "score": float(c.score), "text": claim["text"], "status": claim["status"],
            "verdict": claim["verdict"], "text_score": c.text_score, "actor_score": c.actor_score,
            "direction_score": c.direction_score, "number_score": c.number_score,
        })
    return rows


def log_mention(*, reviewer: access.User, **fields: Any) -> Any:
    """`pipeline.log_mention` with the dashboard's shared match index, so that logging does not rebuild it."""

    line = pipeline.logged_line(**fields)
    path = ensure_db()
    config = settings()
    holder = _index_holder(path)
    with holder.lock:
        try:
            with connect(path) as con:
                index = _current_index(con, holder)
                with transaction(con):
                    placement = pipeline.log_line(con, index, line, config, reviewer)
        except BaseException:
            holder.index = None  # it may hold the rolled-back mention: rebuilt on next use
            raise
        finally:
            after_write()
        holder.stamp = db_stamp(path)
    return placement


def ingest_records(records: list[Any], reviewer: access.User, progress: Any = None) -> Any:
    """`pipeline.ingest_articles` with the dashboard's shared match index (loaded if need be)."""

    path = ensure_db()
    holder = _index_holder(path)
    with holder.lock:
        try:
            report = pipeline.ingest_articles(
                path, records, settings=settings(), progress=progress, reviewer=reviewer, index=holder.index
            )
        except BaseException:
            holder.index = None  # it may hold rolled-back rows: rebuilt on next use
            raise
        finally:
            after_write()
        holder.stamp = db_stamp(path)
    return report


def _claim_texts(path: str, ids: tuple[int, ...]) -> dict[int, dict[str, Any]]:
    with connect(path) as con:
        return browse.claim_summaries(con, ids)


# --- the alias table (extraction preview) --------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=4)
def _alias_table(path: str, stamp: tuple[int, ...]) -> Any:
    with connect(path) as con:
        return actor_store.alias_table(con)


def alias_table() -> Any:
    """The alias table as stored (user edits included), rebuilt when the database changed."""
    path = ensure_db()
    return _alias_table(path, db_stamp(path))


def _md(text: str) -> str:
    return md_escape(text)


__all__ = [
    "after_write",
    "alias_table",
    "db_path",
    "db_stamp",
    "ensure_db",
    "read",
    "settings",
    "index_ready",
    "log_mention",
    "similar_claims",
    "write",
]
