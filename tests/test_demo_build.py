"""`workbench demo` builds a database that shows what the workbench does, and is safe to run twice."""

from __future__ import annotations

from pathlib import Path

import duckdb
from click.testing import CliRunner

from workbench.cli import cli
from workbench.ingest import iter_input_files, read_articles

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


def _one(con: duckdb.DuckDBPyConnection, sql: str):
    return con.execute(sql).fetchone()


def test_demo_database_shows_matches_denials_and_statuses(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    runner = CliRunner()
    first = runner.invoke(cli, ["--db", str(db), "demo"])
    assert first.exit_code == 0, first.output
    assert first.stderr == ""
    expected_articles = sum(1 for f in iter_input_files([DEMO / "articles"]) for _ in read_articles(f))

    con = duckdb.connect(str(db), read_only=True)
    assert _one(con, "SELECT count(*) FROM articles WHERE text IS NOT NULL") == (expected_articles,)
    assert _one(con, "SELECT count(DISTINCT outlet_id) FROM articles WHERE text IS NOT NULL")[0] >= 5
    # the same claim carried by several outlets, with its denials on it
    best = _one(
        con,
        "SELECT m.claim_id, count(DISTINCT a.outlet_id) AS outlets, count(*) FILTER (WHERE m.stance = 'denies') AS denials,"
        " count(*) FILTER (WHERE m.stance = 'asserts') AS assertions"
        " FROM mentions m JOIN articles a USING (article_id) GROUP BY m.claim_id ORDER BY outlets DESC LIMIT 1",
    )
    assert best[1] >= 3 and best[2] >= 1 and best[3] >= 1
    statuses = {r[0] for r in con.execute("SELECT DISTINCT status FROM claims").fetchall()}
    assert statuses >= {"unstarted", "in progress", "inconclusive", "resolved"}
    assert _one(con, "SELECT count(*) FROM events WHERE action LIKE 'status%' AND reviewer = 'Demo Desk'")[0] >= 6
    # the demo desk's own words: its drone models are read as "drone", as the desk added them
    assert _one(con, "SELECT head, origin, created_by FROM synonyms WHERE phrase = 'shahed-136'") == (
        "drone", "demo", "Demo Desk")
    totals = _one(con, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM mentions), (SELECT count(*) FROM claims), (SELECT count(*) FROM events)")
    con.close()

    second = runner.invoke(cli, ["--db", str(db), "demo"])
    assert second.exit_code == 0
    con = duckdb.connect(str(db), read_only=True)
    again = _one(con, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM mentions), (SELECT count(*) FROM claims), (SELECT count(*) FROM events)")
    con.close()
    assert again[:3] == totals[:3]
