"""Scoring extraction against a gold folder written here, in the devset format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.errors import InputError
from workbench.evaluate import (
    evaluate_by_story,
    evaluate_dir,
    evaluate_extraction_in_process,
    load_gold_dir,
    score_extraction,
    stories_of,
)

ART_A = (
    "Ferry dispute\n\n"
    "Norway's coast guard said on Sunday that a Russian trawler had cut a seabed cable near Svalbard.\n\n"
    "Moscow rejected the accusation as groundless.\n"
)
ART_B = (
    '"Georgian police beat peaceful protesters in Tbilisi," Lithuania\'s foreign minister said.\n\n'
    "Sign up for our newsletter to get the news first.\n"
)
GOLD = [
    {"id": "g1", "article": "a", "quote": "a Russian trawler had cut a seabed cable near Svalbard",
     "claimant": "Norway", "speaker": None, "stance": "asserts", "canonical": "cable"},
    {"id": "g2", "article": "a", "quote": "Moscow rejected the accusation as groundless.",
     "claimant": "Russia", "speaker": None, "stance": "denies", "canonical": "cable"},
    {"id": "g3", "article": "b", "quote": "Georgian police beat peaceful protesters in Tbilisi",
     "claimant": "Lithuania", "speaker": None, "stance": "asserts", "canonical": "police"},
]


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    root = tmp_path / "gold"
    (root / "articles").mkdir(parents=True)
    for aid, text in (("a", ART_A), ("b", ART_B)):
        record = {"url": f"https://example.org/{aid}", "title": aid, "outlet": "Example", "published": "2024-03-01",
                  "text": text}
        (root / "articles" / f"{aid}.json").write_text(json.dumps(record), encoding="utf-8")
    (root / "gold.json").write_text(json.dumps(GOLD), encoding="utf-8")
    return root


def span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def pred(text: str, quote: str, stance: str = "asserts", claimant: str | None = None) -> dict:
    a, b = span(text, quote)
    return {"quote": quote, "char_start": a, "char_end": b, "stance": stance, "claimant": claimant}


def test_load_gold_dir_locates_quotes(gold_dir: Path):
    articles, gold = load_gold_dir(gold_dir)
    assert sorted(articles) == ["a", "b"]
    first = gold[0]
    assert ART_A[first["char_start"] : first["char_end"]] == first["quote"]


def test_load_gold_dir_rejects_a_quote_not_in_the_text(gold_dir: Path):
    bad = [dict(GOLD[0], quote="words that are not there")]
    (gold_dir / "gold.json").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(InputError, match="quote not found in article a"):
        load_gold_dir(gold_dir)


def test_load_gold_dir_needs_the_folder_layout(tmp_path: Path):
    with pytest.raises(InputError, match="is not a gold folder"):
        load_gold_dir(tmp_path)


def test_half_coverage_finds_a_gold_mention(gold_dir: Path):
    _, gold = load_gold_dir(gold_dir)
    g1 = gold[0]
    length = g1["char_end"] - g1["char_start"]
    half = {"char_start": g1["char_start"], "char_end": g1["char_start"] + (length + 1) // 2,
            "stance": "asserts", "claimant": "Norway"}
    short = dict(half, char_end=half["char_end"] - 1)
    assert score_extraction([g1], {"a": [half]})["found"] == 1
    assert score_extraction([g1], {"a": [short]})["found"] == 0
    assert score_extraction([g1], {"a": [short]})["precision"] == 0.0


def test_scores_overall_and_per_article(gold_dir: Path):
    _, gold = load_gold_dir(gold_dir)
    predicted = {
        "a": [
            pred(ART_A, "Norway's coast guard said on Sunday that a Russian trawler had cut a seabed cable near Svalbard.",
                 claimant="Norway"),
            pred(ART_A, "Moscow rejected the accusation as groundless.", stance="asserts", claimant="Russia"),
            pred(ART_A, "Ferry dispute", claimant="Norway"),
        ],
        "b": [],
    }
    report = score_extraction(gold, predicted)
    assert (report["gold"], report["predicted"], report["found"], report["correct"]) == (3, 3, 2, 2)
    assert report["recall"] == round(2 / 3, 4)
    assert report["precision"] == round(2 / 3, 4)
    assert report["stance_accuracy"] == 0.5
    assert report["claimant_accuracy"] == 1.0
    a, b = report["per_article"]["a"], report["per_article"]["b"]
    assert (a["recall"], a["precision"], a["stance_accuracy"]) == (1.0, round(2 / 3, 4), 0.5)
    assert (b["recall"], b["precision"], b["stance_accuracy"]) == (0.0, None, None)
    assert [m["id"] for m in b["misses"]] == ["g3"]
    assert [m["quote"] for m in a["false_positives"]] == ["Ferry dispute"]
    assert [e["id"] for e in a["errors"]] == ["g2"]


def test_same_span_twice_pairs_each_gold_with_its_claimant():
    text = "Chad and Sudan blamed each other for the raid."
    whole = {"char_start": 0, "char_end": len(text) - 1, "stance": "asserts"}
    gold = [dict(whole, article="x", claimant="Chad"), dict(whole, article="x", claimant="Sudan")]
    predicted = {"x": [dict(whole, claimant="Sudan"), dict(whole, claimant="Chad")]}
    report = score_extraction(gold, predicted)
    assert (report["found"], report["claimant_accuracy"]) == (2, 1.0)


def test_joint_claimants_compare_as_sets():
    g = {"article": "x", "char_start": 0, "char_end": 10, "stance": "asserts", "claimant": "France; Germany"}
    p = {"char_start": 0, "char_end": 10, "stance": "asserts", "claimant": "germany; France"}
    assert score_extraction([g], {"x": [p]})["claimant_accuracy"] == 1.0


def test_in_process_evaluation_of_the_extractor(gold_dir: Path):
    report = evaluate_extraction_in_process(gold_dir)
    assert (report["gold"], report["found"]) == (3, 3)
    assert report["recall"] == 1.0
    assert report["precision"] == 1.0
    assert report["stance_accuracy"] == 1.0
    assert report["claimant_accuracy"] == 1.0
    assert report["source"] == "in-process"


def test_database_evaluation_gives_the_same_figures(gold_dir: Path, tmp_path: Path):
    in_process = evaluate_extraction_in_process(gold_dir)
    stored = evaluate_dir(gold_dir, tmp_path / "eval.duckdb")
    for key in ("gold", "predicted", "found", "correct", "recall", "precision", "stance_accuracy", "claimant_accuracy"):
        assert stored[key] == in_process[key], key
    assert stored["source"] == "database"
    assert stored["ingest_errors"] == []


def test_database_evaluation_refuses_an_existing_database(gold_dir: Path, tmp_path: Path):
    existing = tmp_path / "old.duckdb"
    existing.write_bytes(b"")
    with pytest.raises(InputError, match="needs a fresh database"):
        evaluate_dir(gold_dir, existing)


def test_cli_prints_a_table_and_json(gold_dir: Path):
    runner = CliRunner()
    table = runner.invoke(cli, ["eval", str(gold_dir), "--in-process", "--details"])
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[0] == "Extraction (in-process): 3 gold mentions, 3 predicted, 3 found, 3 predicted correctly"
    assert any(line.split()[:4] == ["overall", "3", "3", "3"] for line in lines)
    assert any(line.split()[:2] == ["a", "2"] for line in lines)
    as_json = runner.invoke(cli, ["eval", str(gold_dir), "--in-process", "--json"])
    report = json.loads(as_json.output)
    assert report["recall"] == 1.0 and report["per_article"]["b"]["found"] == 1


def test_cli_reports_a_bad_folder(tmp_path: Path):
    result = CliRunner().invoke(cli, ["eval", str(tmp_path)])
    assert result.exit_code == 1
    assert "is not a gold folder" in result.output


def test_details_end_with_a_short_list_of_remaining_misses(gold_dir: Path):
    gold = json.loads((gold_dir / "gold.json").read_text(encoding="utf-8"))
    gold.append({"id": "g4", "article": "b", "quote": "Sign up for our newsletter", "claimant": "Lithuania",
                 "speaker": None, "stance": "asserts", "canonical": "none"})
    (gold_dir / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(gold_dir), "--in-process", "--details"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    start = lines.index("Remaining misses: 1 of 4 gold mentions")
    assert lines[start + 1].split() == ["b", "asserts", "Lithuania", "Sign", "up", "for", "our", "newsletter"]
    assert lines[start + 1:] == lines[-1:]
    plain = CliRunner().invoke(cli, ["eval", str(gold_dir), "--in-process"])
    assert "Remaining misses" not in plain.output


def _with_stories(gold_dir: Path) -> Path:
    index = [{"article": "a", "story": "cable-dispute"}, {"article": "b", "story": "protest-crackdown"}]
    (gold_dir / "articles_index.json").write_text(json.dumps(index), encoding="utf-8")
    return gold_dir


def test_by_story_scores_each_story_apart_and_averages_them(gold_dir: Path):
    report = evaluate_by_story(_with_stories(gold_dir), check=["protest-crackdown"], matching=False)
    rows = {r["story"]: r for r in report["stories"]}
    assert set(rows) == {"cable-dispute", "protest-crackdown"}
    assert (rows["cable-dispute"]["gold"], rows["protest-crackdown"]["gold"]) == (2, 1)
    whole = evaluate_extraction_in_process(gold_dir)
    for story, aid in (("cable-dispute", "a"), ("protest-crackdown", "b")):
        assert rows[story]["recall"] == whole["per_article"][aid]["recall"]
    recalls = [r["recall"] for r in report["stories"]]
    assert report["macro"]["recall"] == round(sum(recalls) / 2, 4)
    assert report["macro_check"]["recall"] == rows["protest-crackdown"]["recall"]
    assert report["macro_other"]["recall"] == rows["cable-dispute"]["recall"]


def test_by_story_groups_a_companion_story_with_its_main_story(gold_dir: Path):
    index = [{"article": "a", "story": "india-canada-nijjar"}, {"article": "b", "story": "pannun-plot"}]
    (gold_dir / "articles_index.json").write_text(json.dumps(index), encoding="utf-8")
    assert stories_of(gold_dir) == {"india-canada-nijjar": ["a", "b"]}


def test_eval_by_story_prints_a_row_per_story_and_the_check_set_apart(gold_dir: Path):
    result = CliRunner().invoke(cli, ["eval", str(_with_stories(gold_dir)), "--by-story", "--in-process",
                                      "--check", "cable-dispute"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["story", "gold", "recall"]
    assert any(line.startswith("cable-dispute *") for line in lines)
    assert any(line.startswith("protest-crackdown ") for line in lines)
    assert any(line.startswith("macro, check set * (1)") for line in lines)


def test_eval_by_story_needs_the_articles_index(gold_dir: Path):
    result = CliRunner().invoke(cli, ["eval", str(gold_dir), "--by-story"])
    assert result.exit_code != 0
    assert "articles_index.json" in result.output
