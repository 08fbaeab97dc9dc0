"""A database's match index kept between processes: a pickle in the user's cache folder, stamped with the state
of the database it was built from."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path
from typing import Any

from ..match import MatchIndex
from ..store import matching as match_store
from ..store import mentions as mention_store
from ..store.connection import Connection
from .index import collector_paused, database_normalizer, load_index, refresh_index, vocabulary

CACHE_VERSION = 22
"""Bump when the index's contents or the matcher's data files change meaning (old cache files are then ignored)."""


def _cache_file(db_path: str | Path) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "claim-workbench"
    key = hashlib.sha256(str(Path(db_path).resolve()).encode("utf-8")).hexdigest()[:24]
    return base / f"match-index-{key}.pickle"


def _stamp(con: Connection) -> dict[str, Any]:
    mentions_max, mentions, events_max, claims = mention_store.index_state(con)
    words = hashlib.sha256(repr(vocabulary(con)).encode("utf-8")).hexdigest()  # aliases and the desk's synonyms
    return {"version": CACHE_VERSION, "mentions_max": mentions_max, "mentions": mentions, "events_max": events_max,
            "claims": claims, "vocabulary": words}


def load_index_cached(con: Connection, db_path: str | Path) -> MatchIndex:
    """`load_index`, kept between processes in a cache file keyed by the database's state.

    A cache of the same state is read back (no text is analysed again); one that only lacks mentions added
    since is read and topped up with `refresh_index`; anything else (merges, splits, alias edits, another
    matcher version) is rebuilt and cached again. The files live in ~/.cache/claim-workbench (or
    $XDG_CACHE_HOME), never next to the database.
    """
    path = _cache_file(db_path)
    stamp_path = path.with_suffix(".stamp.json")
    stamp = _stamp(con)
    try:
        cached_stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cached_stamp = None
    index: MatchIndex | None = None
    if (cached_stamp and all(cached_stamp.get(k) == stamp[k] for k in ("version", "vocabulary"))
            and cached_stamp["mentions_max"] <= stamp["mentions_max"]):
        index = _read_cache(con, path)
    if index is not None and cached_stamp == stamp:
        return index
    if index is not None:
        refresh_index(con, index)
    else:
        index = load_index(con)
    _write_cache(path, stamp_path, stamp, index)
    return index


def _read_cache(con: Connection, path: Path) -> MatchIndex | None:
    """The index pickled at `path`, with the database's normaliser; None when it cannot be read."""
    try:
        with path.open("rb") as fh:
            with collector_paused():
                state = pickle.load(fh)
        index = MatchIndex.__new__(MatchIndex)
        index.__dict__.update(state)
        index.normalizer = database_normalizer(con)
        index.model = match_store.load_match_model(con)  # the model in use now (a desk may have taught it since)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, ValueError):
        return None
    return index


def _write_cache(path: Path, stamp_path: Path, stamp: dict[str, Any], index: MatchIndex) -> None:
    state = dict(index.__dict__)
    state["normalizer"] = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp.write_text(json.dumps(stamp), encoding="utf-8")
        os.replace(tmp, stamp_path)
    except OSError:
        pass  # no cache: the next call rebuilds the index
