"""The desk's own vocabulary: words a story brings (a weapon's model name) read as a general word by the matcher;
stored per database, edited from the CLI and the dashboard, and picked up by every match index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from app_fixtures import Sample, no_errors, open_page, said

from workbench import clustering, pipeline
from workbench.clustering.cache import load_index_cached
from workbench.errors import InputError
from workbench.store import vocabulary as vocabulary_store
from workbench.store.connection import connect, query, scalar, transaction

ALLEGATION = "Iran has supplied drones to Russia"
OTHER_WEAPON = "Iran has supplied missiles to Russia"
NEW_NAME = "Iran has supplied Kestrel-7s to Russia"


def _log_two_claims(db: Path) -> tuple[int, int]:
    drones = pipeline.log_mention(db, reviewer="Desk", quote=ALLEGATION, claimant="United States", stance="asserts")
    missiles = pipeline.log_mention(db, reviewer="Desk", quote=OTHER_WEAPON, claimant="United States", stance="asserts")
    assert drones.claim_id != missiles.claim_id  # drones and missiles are different claims
    return drones.claim_id, missiles.claim_id


def _ranked(db: Path) -> list[int]:
    with connect(db) as con:
        return [c.claim_id for c in clustering.load_index(con).lookup(NEW_NAME, "Ukraine", top=2)]


def test_synonyms_are_stored_moved_and_removed_with_the_audit_log(db_path: Path) -> None:
    with connect(db_path) as con, transaction(con):
        assert vocabulary_store.add_synonyms(con, "Drone", ["Kestrel-7", "  kestrel-7 ", "Kestrel 7"], "Ana") == 2
        assert vocabulary_store.add_synonyms(con, "drone", ["Kestrel-7"], "Ana") == 0  # already read so
        assert vocabulary_store.add_synonyms(con, "missile", ["kestrel 7"], "Ben") == 1  # the desk's latest word
        assert vocabulary_store.remove_synonym(con, "KESTREL-7", "Ana") is True
        assert vocabulary_store.remove_synonym(con, "kestrel-7", "Ana") is False
        rows = vocabulary_store.load_synonym_rows(con)
        events = query(con, "SELECT action, reviewer, details FROM events ORDER BY event_id")
    assert rows == [("kestrel 7", "missile")]
    assert [(e["action"], e["reviewer"]) for e in events] == [
        ("synonym added", "Ana"), ("synonym added", "Ben"), ("synonym removed", "Ana")]
    assert json.loads(events[0]["details"]) == {"head": "drone", "phrases": ["kestrel-7", "kestrel 7"]}


@pytest.mark.parametrize("head, phrases", [("drone", []), ("drone", ["Drone"]), ("", ["Kestrel-7"]),
                                           ("drone", ["--"]), ("drone", ["x" * 101])])
def test_empty_or_circular_or_overlong_entries_are_refused(db_path: Path, head: str, phrases: list[str]) -> None:
    with connect(db_path) as con:
        with pytest.raises(InputError):
            vocabulary_store.add_synonyms(con, head, phrases, "Ana")
        assert scalar(con, "SELECT count(*) FROM synonyms") == 0


def test_a_desk_word_decides_which_claim_a_new_name_lands_on(db_path: Path) -> None:
    drones, missiles = _log_two_claims(db_path)
    with connect(db_path) as con, transaction(con):
        vocabulary_store.add_synonyms(con, "drone", ["Kestrel-7"], "Ana")
    assert _ranked(db_path)[0] == drones
    with connect(db_path) as con, transaction(con):
        vocabulary_store.add_synonyms(con, "missile", ["Kestrel-7"], "Ana")
    assert _ranked(db_path)[0] == missiles


def test_a_word_read_as_a_shipped_synonym_takes_that_synonyms_head(db_path: Path) -> None:
    with connect(db_path) as con, transaction(con):
        vocabulary_store.add_synonyms(con, "UAV", ["Kestrel-7"], "Ana")
    with connect(db_path) as con:
        normalizer = clustering.database_normalizer(con)
    assert normalizer.analyze(NEW_NAME).terms == normalizer.analyze(ALLEGATION).terms


def test_the_cached_index_is_rebuilt_after_a_vocabulary_change(db_path: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    drones, _ = _log_two_claims(db_path)
    with connect(db_path) as con:
        before = load_index_cached(con, db_path)
    assert "kestrel" in " ".join(before.normalizer.analyze(NEW_NAME).terms)
    with connect(db_path) as con, transaction(con):
        vocabulary_store.add_synonyms(con, "drone", ["Kestrel-7"], "Ana")
    with connect(db_path) as con:
        after = load_index_cached(con, db_path)
        assert after.lookup(NEW_NAME, "Ukraine", top=1)[0].claim_id == drones
    assert after.normalizer.analyze(NEW_NAME).terms == after.normalizer.analyze(ALLEGATION).terms


def test_cli_adds_lists_removes_and_loads_a_file_all_or_nothing(run_cli, db_path: Path, tmp_path: Path) -> None:
    assert run_cli("vocabulary").output.startswith("No words of the desk's own yet")
    added = run_cli("vocabulary", "add", "drone", "Kestrel-7", "Kestrel 7", "--reviewer", "Ana")
    assert added.exit_code == 0 and added.output.startswith("2 word(s) now read as “drone”.")
    good = tmp_path / "words.json"
    good.write_text(json.dumps({"groups": [["dam", "Ostin Dam", "the Ostin plant"], ["missile", "Vireo-2"]]}))
    assert run_cli("vocabulary", "load", str(good)).output.startswith("3 word(s) added or changed from 2 group(s).")
    assert run_cli("vocabulary", "list").output.splitlines() == [
        "dam: ostin dam, the ostin plant", "drone: kestrel 7, kestrel-7", "missile: vireo-2"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"groups": [["rifle", "Marten-9"], ["tank"]]}))
    refused = run_cli("vocabulary", "load", str(bad))
    assert refused.exit_code == 1 and "group 2 must be a list of at least two strings" in refused.stderr
    removed = run_cli("vocabulary", "remove", "Vireo-2")
    assert removed.output.startswith("“vireo-2” removed.")
    exported = tmp_path / "exported.json"
    exported.write_text(run_cli("vocabulary", "list", "--json").output)
    assert json.loads(exported.read_text()) == {"groups": [["dam", "ostin dam", "the ostin plant"],
                                                           ["drone", "kestrel 7", "kestrel-7"]]}
    assert run_cli("vocabulary", "load", str(exported)).output.startswith("0 word(s) added or changed from 2 group(s).")


def test_dashboard_page_adds_searches_and_removes_words(sample: Sample) -> None:
    at = open_page(sample.path, "vocabulary", reviewer="Ana")
    no_errors(at)
    assert "The desk has added no words of its own yet." in [c.value for c in at.caption]
    at.text_input(key="vocabulary_head").input("Drone")
    at.text_area(key="vocabulary_phrases").input("Kestrel-7\nKestrel 7, Marten drone")
    at.button(key="vocabulary_add").click().run()
    no_errors(at)
    assert said(at, "success") == ["3 words now read as “drone”."]
    table = at.dataframe[0].value
    assert list(table["read as"]) == ["drone"]
    assert table["words and phrases"][0] == "kestrel 7, kestrel-7, marten drone"
    at.text_input(key="vocabulary_q").input("marten").run()
    assert list(at.dataframe[0].value["read as"]) == ["drone"]
    at.selectbox(key="vocabulary_remove_pick").select("kestrel 7").run()
    at.button(key="vocabulary_remove").click().run()
    assert said(at, "success") == ["“kestrel 7” removed."]
    with connect(sample.path) as con:
        assert vocabulary_store.load_synonym_rows(con) == [("kestrel-7", "drone"), ("marten drone", "drone")]
        assert scalar(con, "SELECT count(*) FROM events WHERE action LIKE 'synonym%' AND reviewer = 'Ana'") == 2
