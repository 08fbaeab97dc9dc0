"""Numbered migrations: a fresh database, an older one, and one newer than the code."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from workbench.store.reference import initialize
from workbench.store import schema
from workbench.errors import SchemaError


def test_fresh_database_gets_every_migration_recorded(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    applied = initialize(path)
    assert applied == [m.name for m in schema.MIGRATIONS]
    con = duckdb.connect(str(path))
    versions = [r[0] for r in con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()]
    assert versions == [m.version for m in schema.MIGRATIONS]
    assert {"outlets", "articles", "actors", "actor_aliases", "claims", "mentions", "match_decisions",
            "events", "saved_queries", "claim_reviews"} <= set(schema.table_names(con))
    con.close()
    assert initialize(path) == []


def test_older_database_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    schema.migrate(con, target=1)
    con.execute("INSERT INTO outlets (name) VALUES ('Harbor Ledger')")
    con.execute("INSERT INTO claims (text) VALUES ('The port was attacked')")
    assert "events" not in schema.table_names(con)
    con.close()

    applied = initialize(path)

    assert applied == [m.name for m in schema.MIGRATIONS[1:]]
    con = duckdb.connect(str(path))
    assert con.execute("SELECT name FROM outlets").fetchall() == [("Harbor Ledger",)]
    assert con.execute("SELECT text, status FROM claims").fetchall() == [("The port was attacked", "unstarted")]
    assert "events" in schema.table_names(con)
    assert schema.current_version(con) == schema.LATEST_VERSION
    con.close()


def test_database_newer_than_code_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.duckdb"
    initialize(path)
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_migrations (version, name) VALUES (999, '0999_future')")
    with pytest.raises(SchemaError, match="newer than this workbench"):
        schema.migrate(con)
    con.close()
