"""Saved queries: the shipped ones return the right rows, edits keep a history, unsafe SQL is never saved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench import sqlconsole
from workbench.store import schema
from workbench.store.connection import connect, transaction
from workbench.errors import NotFound, SQLRefused, WorkbenchError


@pytest.fixture
def story_db(tmp_path: Path) -> Path:
    """A small invented story about two countries, written so each shipped query has a known answer.

    Claims: 1 grain shipments (asserted and denied, both in the Herald), 2 a dam (only asserted, resolved),
    3 river poisoning (only denied), 4 troop movements (asserted in the Courier and by an unknown source,
    denied in the Herald; in progress), 5 merged into 1 (a stale denial that must not count).
    """
    path = tmp_path / "story.duckdb"
    with connect(path) as con:
        schema.migrate(con)
        sqlconsole.seed_saved_queries(con)
        con.execute("INSERT INTO outlets (outlet_id, name) VALUES (1, 'Harbour Herald'), (2, 'Valley Courier')")
        con.execute("INSERT INTO actors (actor_id, name, kind) VALUES (1, 'Ruritania', 'country'), (2, 'Osterlich', 'country')")
        con.execute(
            "INSERT INTO articles (article_id, url, content_hash, outlet_id, published, text, source_format) VALUES"
            " (1, 'https://herald.example/1', 'a', 1, DATE '2023-05-02', 't', 'json'),"
            " (2, 'https://courier.example/1', 'b', 2, DATE '2023-05-03', 't', 'json'),"
            " (3, 'https://herald.example/2', 'c', 1, DATE '2023-05-09', 't', 'json')"
        )
        con.execute(
            "INSERT INTO claims (claim_id, text, status, merged_into) VALUES"
            " (1, 'Ruritania ships grain to Osterlich at night', 'unstarted', NULL),"
            " (2, 'Osterlich built a dam on the shared river', 'resolved', NULL),"
            " (3, 'Osterlich poisoned the shared river', 'unstarted', NULL),"
            " (4, 'Ruritania moved troops to the border', 'in progress', NULL),"
            " (5, 'Grain crosses the border after dark', 'unstarted', 1)"
        )
        con.execute(
            "INSERT INTO mentions (mention_id, claim_id, article_id, quote, claimant_id, stance, origin, published) VALUES"
            " (1, 1, 1, 'Ruritania ships grain at night', 2, 'asserts', 'extracted', DATE '2023-05-02'),"
            " (2, 1, 1, 'No grain moves at night', 1, 'denies', 'extracted', DATE '2023-05-02'),"
            " (3, 1, 3, 'The night shipments go on', 2, 'asserts', 'extracted', DATE '2023-05-09'),"
            " (4, 2, 2, 'Osterlich finished its dam', 1, 'asserts', 'extracted', DATE '2023-05-03'),"
            " (5, 3, 2, 'We never poisoned the river', 2, 'denies', 'extracted', DATE '2023-05-03'),"
            " (6, 3, NULL, 'Osterlich rejects the poisoning story', 2, 'denies', 'logged', DATE '2023-05-04'),"
            " (7, 4, 2, 'Troops gathered at the border', 1, 'asserts', 'extracted', DATE '2023-05-03'),"
            " (8, 4, NULL, 'A post says tanks are at the border', NULL, 'asserts', 'logged', DATE '2023-05-05'),"
            " (9, 4, 3, 'There are no troops at the border', 1, 'denies', 'extracted', DATE '2023-05-09'),"
            " (10, 5, 3, 'Stale denial left on a merged claim', 1, 'denies', 'extracted', DATE '2023-05-09')"
        )
        con.execute(
            "INSERT INTO match_suggestions (suggestion_id, mention_id, claim_id, score, state) VALUES"
            " (1, 8, 1, 70.5, 'open'), (2, 3, 4, 64.0, 'rejected')"
        )
    return path


def run_shipped(path: Path, name: str) -> list[tuple]:
    return sqlconsole.run_saved(path, name).rows


# --- the shipped queries return the right rows ---------------------------------------------------------


def test_shipped_queries_are_seeded_once(story_db: Path) -> None:
    names = [q["name"] for q in sqlconsole.shipped_queries()]
    assert {"contested-claims", "claims-by-claimant", "denials-without-allegation", "outlets-with-both-sides",
            "claims-awaiting-review", "most-denied-claims", "open-match-suggestions"} <= set(names)
    with connect(story_db) as con:
        assert sqlconsole.seed_saved_queries(con) == 0
        listed = sqlconsole.list_saved(con)
    assert [q["name"] for q in listed] == sorted(names)
    assert all(q["builtin"] and q["versions"] == 1 and q["description"] for q in listed)


def test_contested_claims(story_db: Path) -> None:
    import datetime as dt

    assert run_shipped(story_db, "contested-claims") == [
        (1, "Ruritania ships grain to Osterlich at night", "unstarted", 2, 1, dt.date(2023, 5, 2), dt.date(2023, 5, 9)),
        (4, "Ruritania moved troops to the border", "in progress", 2, 1, dt.date(2023, 5, 3), dt.date(2023, 5, 9)),
    ]


def test_claims_by_claimant(story_db: Path) -> None:
    assert run_shipped(story_db, "claims-by-claimant") == [
        ("Osterlich", "asserts", 1, "Ruritania ships grain to Osterlich at night", 2),
        ("Osterlich", "denies", 3, "Osterlich poisoned the shared river", 2),
        ("Ruritania", "asserts", 2, "Osterlich built a dam on the shared river", 1),
        ("Ruritania", "asserts", 4, "Ruritania moved troops to the border", 1),
        ("Ruritania", "denies", 1, "Ruritania ships grain to Osterlich at night", 1),
        ("Ruritania", "denies", 4, "Ruritania moved troops to the border", 1),
        ("(unknown)", "asserts", 4, "Ruritania moved troops to the border", 1),
    ]


def test_denials_without_allegation(story_db: Path) -> None:
    assert run_shipped(story_db, "denials-without-allegation") == [
        (3, "Osterlich poisoned the shared river", 2, "Osterlich"),
    ]


def test_outlets_with_both_sides(story_db: Path) -> None:
    # The Herald carried both sides of claim 1 (articles 1 and 3) and of claim 4 only its denial;
    # the Courier carried one side of each claim. The merged claim 5 does not count.
    assert run_shipped(story_db, "outlets-with-both-sides") == [
        ("Harbour Herald", 1, "Ruritania ships grain to Osterlich at night", 2, 1),
    ]


def test_claims_awaiting_review(story_db: Path) -> None:
    import datetime as dt

    assert run_shipped(story_db, "claims-awaiting-review") == [
        (1, "Ruritania ships grain to Osterlich at night", "unstarted", 3, dt.date(2023, 5, 9)),
        (4, "Ruritania moved troops to the border", "in progress", 3, dt.date(2023, 5, 9)),
        (3, "Osterlich poisoned the shared river", "unstarted", 2, dt.date(2023, 5, 4)),
    ]


def test_most_denied_claims(story_db: Path) -> None:
    import datetime as dt

    assert run_shipped(story_db, "most-denied-claims") == [
        (3, "Osterlich poisoned the shared river", 2, 1, dt.date(2023, 5, 4)),
        (1, "Ruritania ships grain to Osterlich at night", 1, 1, dt.date(2023, 5, 2)),
        (4, "Ruritania moved troops to the border", 1, 1, dt.date(2023, 5, 9)),
    ]


def test_open_match_suggestions(story_db: Path) -> None:
    assert run_shipped(story_db, "open-match-suggestions") == [
        (1, 70.5, 8, "A post says tanks are at the border", 4, 1, "Ruritania ships grain to Osterlich at night"),
    ]


# --- saving, editing, deleting -------------------------------------------------------------------------


def test_saving_and_editing_keeps_every_version(story_db: Path) -> None:
    with connect(story_db) as con:
        with transaction(con):
            sqlconsole.save_query(con, "dam claims", "SELECT * FROM claims WHERE text LIKE '%dam%'", "Dams", "ana")
        with transaction(con):
            saved = sqlconsole.save_query(
                con, "dam claims", "SELECT claim_id FROM claims WHERE text ILIKE '%dam%'", "Dams, any case", "ben"
            )
        with transaction(con):  # unchanged: no new version
            sqlconsole.save_query(con, "dam claims", "SELECT claim_id FROM claims WHERE text ILIKE '%dam%'",
                                  "Dams, any case", "ben")
        history = sqlconsole.saved_versions(con, "dam claims")
    assert saved["sql"] == "SELECT claim_id FROM claims WHERE text ILIKE '%dam%'"
    assert saved["updated_by"] == "ben" and saved["builtin"] is False
    assert [(v["edited_by"], v["description"]) for v in history] == [("ben", "Dams, any case"), ("ana", "Dams")]
    assert sqlconsole.run_saved(story_db, "dam claims").rows == [(2,)]


@pytest.mark.parametrize(
    "sql", ["DROP TABLE claims", "SELECT 1; DELETE FROM mentions", "SELECT * FROM read_csv('/etc/passwd')", "  "]
)
def test_unsafe_sql_is_never_saved(story_db: Path, sql: str) -> None:
    with connect(story_db) as con:
        with pytest.raises(SQLRefused):
            with transaction(con):
                sqlconsole.save_query(con, "sneaky", sql, None, "mallory")
        assert con.execute("SELECT count(*) FROM saved_queries WHERE name = 'sneaky'").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM saved_query_versions WHERE name = 'sneaky'").fetchone() == (0,)


def test_user_edit_of_a_shipped_query_survives_reseeding(story_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with connect(story_db) as con:
        with transaction(con):
            sqlconsole.save_query(con, "contested-claims", "SELECT claim_id FROM claims", "mine", "ana")
        shipped = sqlconsole.shipped_queries()
        changed = [dict(q, sql=q["sql"] + "\n-- improved") for q in shipped]
        monkeypatch.setattr(sqlconsole, "shipped_queries", lambda: changed)
        with transaction(con):
            updated = sqlconsole.seed_saved_queries(con)
        assert updated == len(shipped) - 1  # every unedited shipped query follows the new text
        assert sqlconsole.get_saved(con, "contested-claims")["sql"] == "SELECT claim_id FROM claims"
        assert sqlconsole.get_saved(con, "most-denied-claims")["sql"].endswith("-- improved")
        assert len(sqlconsole.saved_versions(con, "most-denied-claims")) == 2


def test_delete_user_query_but_not_a_shipped_one(story_db: Path) -> None:
    with connect(story_db) as con:
        with transaction(con):
            sqlconsole.save_query(con, "scratch", "SELECT 1", None, "ana")
            sqlconsole.delete_saved(con, "scratch", "ana")
        with pytest.raises(NotFound):
            sqlconsole.get_saved(con, "scratch")
        assert len(sqlconsole.saved_versions(con, "scratch")) == 1  # history stays
        with pytest.raises(WorkbenchError) as refused:
            sqlconsole.delete_saved(con, "contested-claims")
        assert "edit it instead of deleting it" in str(refused.value)


def test_unknown_saved_query_lists_the_known_ones(story_db: Path) -> None:
    with pytest.raises(NotFound) as missing:
        sqlconsole.run_saved(story_db, "no-such-query")
    assert str(missing.value).startswith("no saved query named 'no-such-query'; saved queries: claims-awaiting-review,")


def test_a_stored_unsafe_query_is_still_refused_when_run(story_db: Path) -> None:
    """Even a row written behind the workbench's back goes through the sandbox check."""
    with connect(story_db) as con:
        con.execute("INSERT INTO saved_queries (name, sql) VALUES ('planted', 'DELETE FROM mentions')")
    with pytest.raises(SQLRefused):
        sqlconsole.run_saved(story_db, "planted")
    with connect(story_db) as con:
        assert con.execute("SELECT count(*) FROM mentions").fetchone() == (10,)


# --- the CLI -------------------------------------------------------------------------------------------


def _cli(path: Path, *args: str):
    from workbench.cli import cli

    return CliRunner().invoke(cli, ["--db", str(path), *args])


def test_cli_runs_a_saved_query(story_db: Path) -> None:
    result = _cli(story_db, "sql", "--saved", "denials-without-allegation", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {"claim_id": 3, "text": "Osterlich poisoned the shared river", "denials": 2, "denied_by": "Osterlich"}
    ]


def test_cli_lists_saved_queries(story_db: Path) -> None:
    result = _cli(story_db, "queries")
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0]
    assert first.startswith("claims-awaiting-review ")
    assert "Claims nobody has finished reviewing" in first
    listed = json.loads(_cli(story_db, "queries", "--json").stdout)
    assert [q["name"] for q in listed] == sorted(q["name"] for q in sqlconsole.shipped_queries())


def test_cli_unknown_saved_query(story_db: Path) -> None:
    result = _cli(story_db, "sql", "--saved", "nope")
    assert result.exit_code == 1
    assert "no saved query named 'nope'" in result.stderr
