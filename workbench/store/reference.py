"""Creating or migrating a database and loading the shipped reference data (actors, ratings, queries)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import actors as actor_data
from ..ratings import seed_mappings_from_file
from .actors import seed_actors
from .claimreview import seed_verdict_mappings
from .connection import Connection, connect, scalar, transaction
from .queries import seed_saved_queries
from .schema import migrate

_DATA = Path(__file__).resolve().parent.parent / "data"


def initialize(path: str | Path) -> list[str]:
    """Create or migrate the database at `path` and load the shipped reference data. Safe to run again.

    Reference data (actors and aliases, verdict mappings, saved queries) is loaded again only when the
    shipped files changed; loading only adds what is missing, so reviewers' edits are kept.
    """
    with connect(path) as con:
        applied = migrate(con)
        for name, fingerprint, load in _reference_data():
            stored = scalar(con, "SELECT fingerprint FROM reference_data WHERE name = ?", [name])
            if stored == fingerprint:
                continue
            with transaction(con):
                load(con)
                con.execute(
                    "INSERT INTO reference_data (name, fingerprint) VALUES (?, ?) ON CONFLICT (name)"
                    " DO UPDATE SET fingerprint = excluded.fingerprint, loaded_at = now()",
                    [name, fingerprint],
                )
    return applied


def _digest(*names: str) -> str:
    return hashlib.sha256(b"".join((_DATA / n).read_bytes() for n in names)).hexdigest()


def _reference_data() -> list[tuple[str, str, Callable[[Connection], Any]]]:
    return [
        ("actors", _digest("actors.json"), lambda con: seed_actors(con, actor_data.load_seed())),
        ("verdict_mappings", _digest("verdict_mappings.json"),
         lambda con: seed_verdict_mappings(con, seed_mappings_from_file())),
        ("saved_queries", _digest("saved_queries.json"), seed_saved_queries),
    ]
