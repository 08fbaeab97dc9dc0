"""The CLI contract of the core commands, driven through click's CliRunner on real database files."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from workbench.config import Settings
from click.testing import CliRunner

from workbench.cli import cli
from workbench.store import settings as settings_store

DRONES = {
    "url": "https://continentalwire.example/2023/01/10/drones",
    "title": "Washington says Tehran ships drones to Moscow",
    "outlet": "Continental Wire",
    "published": "2023-01-10",
    "text": (
        "Washington says Tehran ships drones to Moscow\n\n"
        "The United States accuses Iran of shipping attack drones to Russia, which Tehran denies.\n"
    ),
}
SPILL = {
    "url": "https://harborledger.example/2023/03/04/spill",
    "title": "Mayor rejects spill report",
    "outlet": "Harbor Ledger",
    "published": "2023-03-04",
    "text": "Mayor rejects spill report\n\nThe mayor of Lindholm rejected claims that the refinery leaked oil into the bay.\n",
}


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_every_command_has_help() -> None:
    runner = CliRunner()
    for name, command in cli.commands.items():
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert command.help, f"command {name} has no help text"


def test_init_creates_and_reports_an_up_to_date_schema(tmp_path: Path) -> None:
    runner = CliRunner()
    db = tmp_path / "fresh.duckdb"
    first = runner.invoke(cli, ["--db", str(db), "init"])
    assert first.exit_code == 0
    assert "applied 0001_core" in first.output
    second = runner.invoke(cli, ["--db", str(db), "init"])
    assert second.output.strip() == f"{db}: schema is up to date"


def test_db_comes_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "env.duckdb"
    monkeypatch.setenv("WORKBENCH_DB", str(db))
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0
    assert db.exists()


def test_ingest_extracts_stores_and_is_idempotent(write_jsonl, tmp_path: Path, run_cli, db_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", [DRONES, SPILL])

    first = run_cli("ingest", str(folder))
    assert first.exit_code == 0, first.stderr
    assert first.stdout.startswith("2 new articles, ")
    articles = _rows(db_path, "SELECT url, published::VARCHAR FROM articles ORDER BY url")
    assert articles == [(DRONES["url"], "2023-01-10"), (SPILL["url"], "2023-03-04")]
    stances = _rows(
        db_path,
        "SELECT m.stance, a.name FROM mentions m LEFT JOIN actors a ON a.actor_id = m.claimant_id"
        " JOIN articles r USING (article_id) WHERE r.url = '" + DRONES["url"] + "' ORDER BY m.char_start",
    )
    # the headline and the body both carry the allegation; the compact denial follows it
    assert stances == [("asserts", "United States"), ("asserts", "United States"), ("denies", "Iran")]
    # the denial lands on the claim it denies
    assert _rows(db_path, "SELECT count(DISTINCT claim_id) FROM mentions m JOIN articles r USING (article_id)"
                          " WHERE r.url = '" + DRONES["url"] + "'") == [(1,)]
    before = _rows(db_path, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM mentions), (SELECT count(*) FROM claims)")

    again = run_cli("ingest", str(folder))
    assert again.exit_code == 0
    assert again.stdout.startswith("0 new articles, 2 already stored, 0 mentions, 0 new claims")
    after = _rows(db_path, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM mentions), (SELECT count(*) FROM claims)")
    assert after == before


def test_bad_record_is_reported_and_the_rest_loads(write_jsonl, tmp_path: Path, run_cli, db_path: Path) -> None:
    path = write_jsonl(tmp_path / "mixed.jsonl", [DRONES, "{not json", {"url": "https://x.example/1"}, SPILL])
    result = run_cli("ingest", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:2: invalid JSON: Expecting property name enclosed in double quotes",
        f"{path}:3: article has no text (give a non-empty 'text' or 'html' field)",
    ]
    assert "2 new articles" in result.stdout
    assert _rows(db_path, "SELECT count(*) FROM articles") == [(2,)]


def test_articles_without_url_are_unique_by_content(tmp_path: Path, run_cli, db_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(SPILL["text"], encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text(SPILL["text"].replace("\n\n", "\n  \n"), encoding="utf-8")
    result = run_cli("ingest", str(story), str(copy))
    assert result.stdout.startswith("1 new article, 1 already stored")
    assert _rows(db_path, "SELECT count(*) FROM articles") == [(1,)]


def test_log_creates_then_joins_a_claim(run_cli, db_path: Path) -> None:
    first = run_cli("log", "--quote", "The refinery leaked oil into Lindholm bay", "--claimant", "Greenwatch",
                    "--url", "https://greenwatch.example/post/1", "--published", "2023-03-01", "--json")
    assert first.exit_code == 0, first.stderr
    created = json.loads(first.stdout)
    assert created["created_claim"] is True
    second = run_cli("log", "--quote", "The Lindholm refinery leaked oil into the bay", "--claimant", "Lindholm council",
                     "--stance", "denies", "--json")
    joined = json.loads(second.stdout)
    assert joined["created_claim"] is False
    assert joined["claim_id"] == created["claim_id"]
    assert joined["score"] >= Settings().match_auto
    rows = _rows(db_path, "SELECT m.stance, m.origin, a.name FROM mentions m JOIN actors a ON a.actor_id = m.claimant_id ORDER BY m.mention_id")
    assert rows == [("asserts", "logged", "Greenwatch"), ("denies", "logged", "Lindholm council")]
    assert _rows(db_path, "SELECT count(*) FROM events WHERE action = 'mention logged'") == [(2,)]


def test_log_text_output_names_the_claim(run_cli) -> None:
    result = run_cli("log", "--quote", "The dam was blown up by saboteurs", "--claimant", "Ukraine")
    assert result.exit_code == 0
    assert result.stdout.startswith("new claim #1: ")


def test_log_refuses_bad_input_with_one_line(run_cli, db_path: Path) -> None:
    result = run_cli("log", "--quote", "  ", "--claimant", "Iran")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: quote is empty"
    future = run_cli("log", "--quote", "x happened", "--claimant", "Iran", "--published", "2999-01-01")
    assert future.stderr.strip() == "Error: published 2999-01-01 is in the future"
    bad_url = run_cli("log", "--quote", "x happened", "--claimant", "Iran", "--url", "ftp://files.example/x")
    assert bad_url.stderr.strip() == "Error: url must be an http:// or https:// address: 'ftp://files.example/x'"
    missing = run_cli("log", "--quote", "x happened", "--claimant", "Iran", "--claim-id", "999")
    assert missing.stderr.strip() == "Error: no claim with id 999"
    assert _rows(db_path, "SELECT count(*) FROM mentions") == [(0,)]


def test_import_mentions_reports_bad_lines_and_keeps_the_rest(write_jsonl, tmp_path: Path, run_cli, db_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "logged.jsonl",
        [
            {"quote": "The refinery leaked oil into Lindholm bay", "claimant": "Greenwatch", "url": "https://greenwatch.example/1", "outlet": "Greenwatch blog", "published": "2023-03-01"},
            {"quote": "A viral post says the bay water is now poisonous", "claimant": None},
            {"claimant": "Nobody"},
            {"quote": "x", "stance": "maybe"},
            {"quote": "The Lindholm refinery never leaked any oil", "claimant": "Lindholm council", "stance": "denies", "claim_id": 1},
        ],
    )
    result = run_cli("import-mentions", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{path}:3: quote is empty", f"{path}:4: stance must be 'asserts' or 'denies', not 'maybe'"]
    assert result.stdout.strip() == "3 mentions, 2 new claims, 2 bad records"
    rows = _rows(db_path, "SELECT claim_id, stance, origin, claimant_id IS NULL FROM mentions ORDER BY mention_id")
    assert rows == [(1, "asserts", "imported", False), (2, "asserts", "imported", True), (1, "denies", "imported", False)]
    assert _rows(db_path, "SELECT a.url, o.name, a.text IS NULL FROM articles a JOIN outlets o USING (outlet_id)") == [
        ("https://greenwatch.example/1", "Greenwatch blog", True)
    ]


def test_unknown_command_and_missing_file_exit_nonzero(run_cli, tmp_path: Path) -> None:
    result = run_cli("ingest", str(tmp_path / "nope.jsonl"))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{tmp_path / 'nope.jsonl'}: no such file or folder"


def test_reimporting_the_same_file_adds_nothing_but_both_sides_of_a_mutual_accusation_stay(write_jsonl, tmp_path: Path, run_cli, db_path: Path) -> None:
    line = "Velmora and Ostrenia blamed each other for the blast at the border depot"
    path = write_jsonl(
        tmp_path / "mutual.jsonl",
        [
            {"quote": line, "claimant": "Velmora", "url": "https://wire.example/depot"},
            {"quote": line, "claimant": "Ostrenia", "url": "https://wire.example/depot"},
        ],
    )
    first = run_cli("import-mentions", str(path))
    assert first.stdout.strip().startswith("2 mentions")
    again = run_cli("import-mentions", str(path))
    assert again.exit_code == 0
    assert again.stdout.strip() == "0 mentions, 0 new claims, 2 already stored"
    assert _rows(db_path, "SELECT count(*) FROM mentions") == [(2,)]


def test_settings_are_shown_with_their_source_stored_checked_and_reset(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "s.duckdb"
    runner = CliRunner()
    monkeypatch.delenv("WORKBENCH_PAGE_SIZE", raising=False)
    shown = runner.invoke(cli, ["--db", str(db), "settings", "--json"])
    assert shown.exit_code == 0
    rows = {r["name"]: r for r in json.loads(shown.output)}
    assert rows["match_auto"] == {"name": "match_auto", "value": 0.5, "source": "default"}
    stored = runner.invoke(cli, ["--db", str(db), "settings", "match_auto", "0.61", "--reviewer", "Ana"])
    assert stored.exit_code == 0, stored.output
    assert stored.output.splitlines()[0].split() == ["match_auto", "0.61", "stored"]
    assert "workbench recluster" in stored.output
    assert _rows(db, "SELECT key, value FROM settings") == [("match_auto", "0.61")]
    assert _rows(db, "SELECT reviewer, details->>'new' FROM events WHERE action = 'setting changed'") == [("Ana", "0.61")]
    for args, message in [
        (["match_suggest", "0.7"], "Error: match_suggest (0.7) must not be above match_auto (0.61)"),
        (["match_auto", "61"], "Error: match_auto is a probability: it must be between 0 and 1"),
        (["page_size", "many"], "Error: page_size must be a number, not 'many'"),
        (["page_size", "0"], "Error: page_size must be at least 1"),
        (["colour", "blue"], "Error: unknown setting 'colour'; the settings are: match_auto, match_suggest"),
    ]:
        bad = runner.invoke(cli, ["--db", str(db), "settings", *args])
        assert bad.exit_code == 1 and bad.output.startswith(message), bad.output
    assert _rows(db, "SELECT key, value FROM settings") == [("match_auto", "0.61")]
    monkeypatch.setenv("WORKBENCH_PAGE_SIZE", "20")
    env = runner.invoke(cli, ["--db", str(db), "settings", "page_size"])
    assert env.output.split() == ["page_size", "20", "environment"]
    reset = runner.invoke(cli, ["--db", str(db), "settings", "match_auto", "--reset", "--reviewer", "Ana"])
    assert reset.exit_code == 0 and reset.output.splitlines()[0].split() == ["match_auto", "0.5", "default"]
    assert _rows(db, "SELECT count(*) FROM settings") == [(0,)]


def test_both_thresholds_move_past_each_other_in_one_checked_change(db_path: Path) -> None:
    from workbench.store.connection import connect, transaction
    from workbench.errors import InputError

    with connect(db_path) as con, transaction(con):
        assert settings_store.write_settings(con, {"match_auto": 0.6, "match_suggest": 0.45}, "Ana") == 2
    with connect(db_path) as con, transaction(con):
        # one at a time, auto 0.3 would first sit under suggest 0.45: checked together, it is fine
        assert settings_store.write_settings(con, {"match_auto": 0.3, "match_suggest": 0.2}, "Ana") == 2
        assert settings_store.write_settings(con, {"match_auto": 0.3, "match_suggest": 0.2}, "Ana") == 0
    with connect(db_path) as con:
        with pytest.raises(InputError, match=r"match_suggest \(0.4\) must not be above match_auto \(0.3\)"):
            settings_store.write_settings(con, {"match_suggest": 0.4})
        assert dict(con.execute("SELECT key, value FROM settings").fetchall()) == {"match_auto": "0.3", "match_suggest": "0.2"}
