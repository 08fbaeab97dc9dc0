"""Saved queries (`saved_queries`) and their edit history (`saved_query_versions`).

The SQL they hold is checked by `workbench.sqlconsole` before it is saved; here only the rows are kept.
"""

from __future__ import annotations

from typing import Any

from ..datafiles import data_json
from .connection import Connection, query, query_one

SHIPPED_BY = "workbench (shipped)"
"""`updated_by` of a shipped query nobody edited: such a query follows the shipped file."""


def list_saved(con: Connection) -> list[dict[str, Any]]:
    """Every saved query (name, description, sql, builtin, updated_at, updated_by, versions), by name."""
    return query(
        con,
        "SELECT q.name, q.description, q.sql, q.builtin, q.created_at, q.updated_at, q.updated_by,"
        " (SELECT count(*) FROM saved_query_versions v WHERE v.name = q.name) AS versions"
        " FROM saved_queries q ORDER BY q.name",
    )


def saved_row(con: Connection, name: str) -> dict[str, Any] | None:
    """One saved query's row, or None."""
    return query_one(con, "SELECT name, description, sql, builtin, created_at, updated_at, updated_by"
                          " FROM saved_queries WHERE name = ?", [name])


def saved_names(con: Connection) -> list[str]:
    """The names of the saved queries, sorted."""
    return [r[0] for r in con.execute("SELECT name FROM saved_queries ORDER BY name").fetchall()]


def saved_versions(con: Connection, name: str) -> list[dict[str, Any]]:
    """The edit history of a saved query, newest first."""
    return query(
        con,
        "SELECT version_id, name, description, sql, edited_at, edited_by FROM saved_query_versions"
        " WHERE name = ? ORDER BY version_id DESC",
        [name],
    )


def write_saved(con: Connection, name: str, sql: str, description: str | None, editor: str | None,
                *, builtin: bool = False) -> None:
    """Create or replace a saved query's text and description, and add the version row."""
    if query_one(con, "SELECT name FROM saved_queries WHERE name = ?", [name]) is None:
        con.execute(
            "INSERT INTO saved_queries (name, description, sql, builtin, updated_by) VALUES (?, ?, ?, ?, ?)",
            [name, description, sql, builtin, editor],
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


def delete_saved_row(con: Connection, name: str) -> None:
    """Delete a saved query's row (its version history stays)."""
    con.execute("DELETE FROM saved_queries WHERE name = ?", [name])


def shipped_queries() -> list[dict[str, str]]:
    """The queries shipped in `workbench/data/saved_queries.json` (name, description, sql)."""
    entries = data_json("saved_queries.json")
    return [{"name": e["name"], "description": e["description"], "sql": "\n".join(e["sql"])
             if isinstance(e["sql"], list) else e["sql"]} for e in entries]


def seed_saved_queries(con: Connection, shipped: list[dict[str, str]] | None = None) -> int:
    """Add shipped queries that are missing, and update unedited ones whose shipped text changed.

    Queries a user edited keep the user's text. Returns how many rows were added or updated.
    """
    changed = 0
    for entry in shipped_queries() if shipped is None else shipped:
        row = query_one(con, "SELECT sql, description, updated_by FROM saved_queries WHERE name = ?", [entry["name"]])
        edited = row is not None and row["updated_by"] != SHIPPED_BY
        if edited or (row is not None and (row["sql"], row["description"]) == (entry["sql"], entry["description"])):
            continue
        write_saved(con, entry["name"], entry["sql"], entry["description"], SHIPPED_BY, builtin=True)
        changed += 1
    return changed
