"""Actors and their aliases (who asserts or denies a claim), as stored and edited by reviewers."""

from __future__ import annotations

from collections.abc import Iterable

from .. import actors as actor_data
from ..access import Permission, User, authorize
from ..errors import InputError
from ..text.aliases import AliasTable
from .connection import Connection, scalar
from .events import record_event


def seed_actors(con: Connection, seeds: Iterable[actor_data.ActorSeed], origin: str = "seed") -> int:
    """Insert actors and their aliases that are not there yet (one bulk statement each); returns aliases added."""
    seeds = list(seeds)
    before = int(scalar(con, "SELECT count(*) FROM actor_aliases"))
    actor_rows = [{"name": s.name, "kind": s.kind, "affiliation": s.affiliation} for s in seeds]
    alias_rows = [
        {"alias": alias, "alias_key": actor_data.alias_key(alias), "name": seed.name}
        for seed in seeds
        for alias in [seed.name, *actor_data.expand_aliases(seed)]
        if actor_data.alias_key(alias)
    ]
    if not actor_rows:
        return 0
    con.execute(
        "INSERT INTO actors (name, kind, affiliation, origin)"
        " SELECT DISTINCT ON (r.name) r.name, r.kind, r.affiliation, ? FROM (SELECT unnest(?, recursive := true)) r"
        " ON CONFLICT (name) DO NOTHING",
        [origin, actor_rows],
    )
    if alias_rows:
        con.execute(
            "INSERT INTO actor_aliases (alias, alias_key, actor_id, origin)"
            " SELECT DISTINCT ON (r.alias_key, a.actor_id) r.alias, r.alias_key, a.actor_id, ?"
            " FROM (SELECT unnest(?, recursive := true)) r JOIN actors a ON a.name = r.name"
            " ON CONFLICT DO NOTHING",
            [origin, alias_rows],
        )
    return int(scalar(con, "SELECT count(*) FROM actor_aliases")) - before


def resolve_actor(con: Connection, name: str | None, *, create: bool = True, kind: str = "unknown") -> int | None:
    """The actor id for a canonical name or any alias of it; creates a new actor when unknown and `create`."""
    if name is None or not name.strip():
        return None
    name = name.strip()
    found = scalar(con, "SELECT actor_id FROM actors WHERE name = ?", [name])
    if found is not None:
        return int(found)
    key = actor_data.alias_key(name)
    found = scalar(con, "SELECT min(actor_id) FROM actor_aliases WHERE alias_key = ?", [key])
    if found is not None:
        return int(found)
    if not create:
        return None
    actor_id = int(
        scalar(con, "INSERT INTO actors (name, kind, origin) VALUES (?, ?, 'user') RETURNING actor_id", [name, kind])
    )
    if key:
        con.execute(
            "INSERT INTO actor_aliases (alias, alias_key, actor_id, origin) VALUES (?, ?, ?, 'user') ON CONFLICT DO NOTHING",
            [name, key, actor_id],
        )
    return actor_id


def resolve_actors(con: Connection, names: Iterable[str | None]) -> dict[str, int]:
    """Bulk `resolve_actor` for many names (known ones in one query, unknown ones created); name -> actor id."""
    wanted = sorted({n.strip() for n in names if n and n.strip()})
    if not wanted:
        return {}
    rows = con.execute(
        "SELECT n.name, coalesce((SELECT min(a.actor_id) FROM actors a WHERE a.name = n.name),"
        " (SELECT min(al.actor_id) FROM actor_aliases al WHERE al.alias_key = n.key))"
        " FROM (SELECT unnest(?::VARCHAR[]) AS name, unnest(?::VARCHAR[]) AS key) n",
        [wanted, [actor_data.alias_key(n) for n in wanted]],
    ).fetchall()
    out = {name: int(actor_id) for name, actor_id in rows if actor_id is not None}
    for name in wanted:
        if name not in out:
            actor_id = resolve_actor(con, name)
            if actor_id is not None:
                out[name] = actor_id
    return out


def add_actor(con: Connection, name: str, kind: str, reviewer: str | User | None = None) -> tuple[int, bool]:
    """An actor named `name` (or by an alias of it): (its id, False) when there is one, else a new actor of `kind`
    with `name` as its alias, recorded in the audit log: (its id, True)."""
    who = authorize(reviewer, Permission.EDIT_ACTORS, required=False)
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise InputError("give the actor a name (at most 200 characters)")
    existing = resolve_actor(con, name, create=False)
    if existing is not None:
        return existing, False
    actor_id = int(resolve_actor(con, name, kind=kind))  # type: ignore[arg-type]  (a name always makes one)
    record_event(con, "actor added", "actor", actor_id, reviewer=who, details={"name": name, "kind": kind})
    return actor_id, True


def add_alias(con: Connection, actor_id: int, alias: str, reviewer: str | User | None = None) -> bool:
    """Add a user alias to an actor; returns False when it was already there."""
    who = authorize(reviewer, Permission.EDIT_ACTORS, required=False)
    key = actor_data.alias_key(alias)
    if not key:
        return False
    before = scalar(con, "SELECT count(*) FROM actor_aliases WHERE alias_key = ? AND actor_id = ?", [key, actor_id])
    if before:
        return False
    con.execute(
        "INSERT INTO actor_aliases (alias, alias_key, actor_id, origin) VALUES (?, ?, ?, 'user')",
        [alias.strip(), key, actor_id],
    )
    record_event(con, "alias added", "actor", actor_id, reviewer=who, details={"alias": alias.strip()})
    return True


def remove_alias(con: Connection, actor_id: int, alias_key: str, reviewer: str | User | None = None) -> None:
    """Remove one alias of an actor (recorded in the audit log)."""
    who = authorize(reviewer, Permission.EDIT_ACTORS, required=False)
    con.execute("DELETE FROM actor_aliases WHERE actor_id = ? AND alias_key = ?", [actor_id, alias_key])
    record_event(con, "alias removed", "actor", actor_id, reviewer=who, details={"alias_key": alias_key})


def load_alias_rows(con: Connection) -> list[tuple[str, str, str, str | None]]:
    """(alias, actor name, actor kind, affiliation) for every alias, the input of `AliasTable.from_rows`."""
    return [
        tuple(r)  # type: ignore[misc]
        for r in con.execute(
            "SELECT al.alias, a.name, a.kind, a.affiliation FROM actor_aliases al"
            " JOIN actors a USING (actor_id) ORDER BY a.actor_id, al.alias"
        ).fetchall()
    ]


def alias_table(con: Connection) -> AliasTable:
    """The alias table as stored in the database (user edits included)."""
    return AliasTable.from_rows(load_alias_rows(con))


