"""`workbench match` and `workbench recluster` on a real database file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.store.connection import connect, transaction



def write_jsonl(path: Path, records: list) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path

MENTIONS = [
    {"quote": "Iran has supplied hundreds of Shahed drones to Russia", "claimant": "United States",
     "url": "https://a.example/1", "published": "2022-10-20"},
    {"quote": "Tehran denied sending any UAVs to Moscow", "claimant": "Iran", "stance": "denies",
     "url": "https://b.example/2", "published": "2022-10-22"},
    {"quote": "North Korea shipped artillery shells to Russia", "claimant": "South Korea",
     "url": "https://c.example/3", "published": "2023-09-01"},
]


@pytest.fixture(autouse=True)
def _own_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The match index cache goes to this test's folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def loaded(run_cli, tmp_path: Path):
    result = run_cli("import-mentions", str(write_jsonl(tmp_path / "m.jsonl", MENTIONS)))
    assert result.exit_code == 0, result.output
    return run_cli


def test_match_prints_the_most_similar_claims(loaded) -> None:
    result = loaded("match", "Iran sent drones to Russia", "--top", "2")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("#1 ") and lines[0].endswith("Iran has supplied hundreds of Shahed drones to Russia")


def test_match_json_lists_claim_id_text_and_score(loaded) -> None:
    result = loaded("match", "Pyongyang sends shells to Moscow", "--claimant", "Ukraine", "--json")
    rows = json.loads(result.output)
    assert rows[0]["claim_id"] == 2
    assert rows[0]["text"] == "North Korea shipped artillery shells to Russia"
    assert rows[0]["score"] >= rows[-1]["score"]
    assert {"claim_id", "text", "score", "status", "verdict", "mentions", "text_score"} <= set(rows[0])
    assert rows[0]["mentions"] == 1


def test_match_queries_file_gives_one_line_per_query(loaded, tmp_path: Path) -> None:
    queries = write_jsonl(tmp_path / "q.jsonl", [
        {"id": "q1", "text": "Drones from Tehran for the Kremlin"},
        {"id": 2, "text": "Tehran never sent UAVs", "claimant": "Iran", "stance": "denies"},
        {"id": "q3", "text": "Nothing like any stored claim about the weather on Mars"},
    ])
    result = loaded("match", "--queries", str(queries), "--top", "1")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["id"] for line in lines] == ["q1", 2, "q3"]
    assert lines[0]["results"][0]["claim_id"] == 1
    assert lines[1]["results"][0]["claim_id"] == 1
    assert lines[2]["results"] == []


def test_bad_query_lines_are_reported_and_the_rest_answered(loaded, tmp_path: Path) -> None:
    queries = write_jsonl(tmp_path / "q.jsonl", ['{"id": 1, "text": "Iran drones"}', "not json", '{"id": 3}'])
    result = loaded("match", "--queries", str(queries))
    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [1]
    assert f"{queries}:2: invalid JSON" in result.stderr
    assert f"{queries}:3: expected an object with a non-empty \"text\"" in result.stderr


def test_match_needs_text_or_queries(run_cli) -> None:
    assert run_cli("match").exit_code == 2
    result = run_cli("match", "   ")
    assert result.exit_code == 1 and "empty" in result.stderr


def test_match_on_a_missing_database_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "none.duckdb"), "match", "drones"])
    assert result.exit_code == 1
    assert "workbench init" in result.stderr


def test_match_on_an_empty_database(run_cli) -> None:
    result = run_cli("match", "Iran sent drones to Russia", "--json")
    assert result.exit_code == 0 and json.loads(result.output) == []


def test_recluster_regroups_after_a_threshold_change(loaded, db_path: Path) -> None:
    with connect(db_path) as con, transaction(con):
        con.execute("INSERT INTO settings (key, value) VALUES ('match_auto', '1.0'), ('match_suggest', '1.0')")
    result = loaded("recluster", "--reviewer", "Ana")
    assert result.exit_code == 0
    assert result.output.startswith("3 mentions re-matched: 2 -> 3 claims")
    with connect(db_path) as con:
        assert con.execute("SELECT count(DISTINCT claim_id) FROM mentions").fetchone()[0] == 3
        assert con.execute("SELECT reviewer FROM events WHERE action = 'recluster'").fetchone()[0] == "Ana"


def test_match_sees_mentions_added_after_its_index_was_cached(loaded, tmp_path: Path) -> None:
    assert json.loads(loaded("match", "China sells microchips to Russia", "--json").output)[0]["score"] < 0.5
    more = write_jsonl(tmp_path / "more.jsonl", [{"quote": "Beijing sold chips to Moscow", "claimant": "United States"}])
    assert loaded("import-mentions", str(more)).exit_code == 0
    rows = json.loads(loaded("match", "China sells microchips to Russia", "--json").output)
    assert rows[0]["text"] == "Beijing sold chips to Moscow" and rows[0]["score"] >= 0.5
    assert list((tmp_path / "cache" / "claim-workbench").glob("match-index-*.pickle"))


def test_a_cached_index_matches_with_the_model_the_desk_taught_since(loaded, db_path: Path) -> None:
    from dataclasses import replace

    from workbench.match import shipped_model
    from workbench.store import matching as match_store

    before = json.loads(loaded("match", "Tehran delivered UAVs to Moscow", "--json").output)[0]  # cached now
    wary = replace(shipped_model(), intercept=shipped_model().intercept - 30.0)  # a desk that rejects everything
    with connect(db_path) as con, transaction(con):
        match_store.save_match_model(con, wary, pairs=10, decided_through=None, reviewer="Ana")
    after = json.loads(loaded("match", "Tehran delivered UAVs to Moscow", "--json").output)[0]
    assert after["claim_id"] == before["claim_id"]
    assert before["score"] >= 0.2 and after["score"] < 0.01


def test_match_cleans_what_a_user_pasted_from_a_post(loaded, tmp_path: Path) -> None:
    """Links, the embed signature and handles of a pasted post are not what it says: the lookup is the same as
    for the bare sentence, by TEXT and by --queries alike."""
    bare = json.loads(loaded("match", "Pyongyang sends shells to Moscow", "--json").output)
    pasted = ("RT @desk_watch: Pyongyang sends shells to Moscow https://t.co/AbC123 "
              "— Lena Park (@lenapark) March 3, 2024")
    by_text = json.loads(loaded("match", pasted, "--json").output)
    assert [(r["claim_id"], r["text"]) for r in by_text][:1] == [(bare[0]["claim_id"], bare[0]["text"])]
    assert "t.co" not in by_text[0]["compared_text"] and "desk_watch" not in by_text[0]["compared_text"]
    queries = write_jsonl(tmp_path / "q.jsonl", [{"id": "a", "text": pasted}])
    [line] = loaded("match", "--queries", str(queries)).output.splitlines()
    assert json.loads(line)["results"][0]["claim_id"] == bare[0]["claim_id"]
