"""The matching evaluation (`workbench eval`'s matching figures) on a gold folder written here, in the devset format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.errors import InputError
from workbench.match_eval import evaluate_matching, pair_scores, score_hard_cases

ARTICLES = {
    "01": ("Cable cut near Svalbard",
           "Norway's coast guard said a Russian trawler cut a seabed cable near Svalbard. "
           "Moscow rejected the accusation as groundless."),
    "02": ("Oslo blames Russian boat for cable damage",
           "Oslo says a Russian trawler cut the seabed cable off Svalbard. "
           "Separately, Lithuania said Georgian police beat peaceful protesters in Tbilisi."),
    "03": ("Vilnius condemns Tbilisi crackdown",
           "Georgian police beat peaceful demonstrators in Tbilisi, Lithuania's foreign minister said."),
}


def _gold(mid: str, article: str, quote: str, claimant: str, stance: str, canonical: str) -> dict:
    return {"id": mid, "article": article, "quote": quote, "claimant": claimant, "speaker": None, "stance": stance,
            "canonical": canonical}


GOLD = [
    _gold("g1", "01", "a Russian trawler cut a seabed cable near Svalbard", "Norway", "asserts", "cable"),
    _gold("g2", "01", "Moscow rejected the accusation as groundless", "Russia", "denies", "cable"),
    _gold("g3", "02", "a Russian trawler cut the seabed cable off Svalbard", "Norway", "asserts", "cable"),
    _gold("g4", "02", "Georgian police beat peaceful protesters in Tbilisi", "Lithuania", "asserts", "police"),
    _gold("g5", "03", "Georgian police beat peaceful demonstrators in Tbilisi", "Lithuania", "asserts", "police"),
]
HARD = [
    {"type": "the same allegation in two outlets", "a": "g1", "b": "g3", "expect": "match"},
    {"type": "two stories told by one outlet", "a": "g3", "b": "g4", "expect": "NO match"},
    {"type": "a pair naming a mention the gold does not have", "a": "g1", "b": "g9", "expect": "match"},
]


def write_folder(root: Path, gold: list[dict], hard: list[dict] | None = HARD) -> Path:
    (root / "articles").mkdir(parents=True)
    for aid, (title, text) in ARTICLES.items():
        record = {"url": f"https://example.org/{aid}", "title": title, "outlet": "Example",
                  "published": "2024-03-01", "text": text}
        (root / "articles" / f"{aid}.json").write_text(json.dumps(record), encoding="utf-8")
    (root / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    if hard is not None:
        (root / "hard_cases.json").write_text(json.dumps(hard), encoding="utf-8")
    return root


def test_pair_scores_count_the_pairs_of_mentions_put_on_one_claim() -> None:
    # predicted pairs: (0,1), (2,3), (2,4), (3,4); gold pairs: (0,1), (0,2), (1,2), (3,4); shared: (0,1), (3,4)
    assert pair_scores([1, 1, 2, 2, 2], ["a", "a", "a", "b", "b"]) == {
        "pair_precision": 0.5, "pair_recall": 0.5, "pair_f1": 0.5}
    assert pair_scores([1, 2, 3], ["a", "b", "c"]) == {"pair_precision": 0.0, "pair_recall": 0.0, "pair_f1": 0.0}


def test_hard_cases_are_judged_by_the_gold_canonicals() -> None:
    together = score_hard_cases(HARD, GOLD, [1, 1, 1, 1, 2])
    assert together == {"hard_cases": 2, "hard_cases_as_expected": 1, "hard_cases_unknown": 1, "hard_case_failures": [
        {"a": "g3", "b": "g4", "type": "two stories told by one outlet", "expected": "two claims", "got": "one claim"}]}
    apart = score_hard_cases(HARD, GOLD, [1, 1, 3, 2, 2])
    assert apart["hard_cases_as_expected"] == 1
    assert [(f["a"], f["expected"], f["got"]) for f in apart["hard_case_failures"]] == [("g1", "one claim", "two claims")]


def test_the_matching_evaluation_of_a_gold_folder(tmp_path: Path) -> None:
    root = write_folder(tmp_path / "gold", GOLD)
    report = evaluate_matching(root, tmp_path / "work")
    assert {k: report[k] for k in ("mentions", "gold_claims", "pair_precision", "pair_recall", "pair_f1", "claims",
                                   "suggestions")} == {
        "mentions": 5, "gold_claims": 2, "pair_precision": 1.0, "pair_recall": 1.0, "pair_f1": 1.0, "claims": 2,
        "suggestions": 0}
    assert (report["hard_cases"], report["hard_cases_as_expected"], report["hard_cases_unknown"]) == (2, 2, 1)
    assert report["hard_case_failures"] == []
    # odd-numbered articles loaded (01, 03), the even one's mentions looked up: both find their claim first
    assert (report["queries"], report["hit_at_1"], report["mrr_at_5"]) == (2, 1.0, 1.0)
    assert report["retrieval_gold_claims"] == {"hit_at_1": 1.0, "mrr_at_5": 1.0}
    # a folder without hard cases has no such figures
    plain = evaluate_matching(write_folder(tmp_path / "plain", GOLD, None), tmp_path / "work2")
    assert "hard_cases" not in plain and plain["pair_f1"] == 1.0


def test_the_command_lists_the_hard_cases_it_gets_wrong_with_details(tmp_path: Path) -> None:
    # gold that calls the two police mentions two claims, and asks for them apart: the matcher joins them
    gold = [dict(m, canonical="police-again") if m["id"] == "g5" else m for m in GOLD]
    hard = HARD + [{"type": "near-identical words, two claims in gold", "a": "g4", "b": "g5", "expect": "NO match"}]
    root = write_folder(tmp_path / "gold", gold, hard)
    result = CliRunner().invoke(cli, ["eval", str(root), "--details"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  hard_cases: 3" in lines and "  hard_cases_as_expected: 2" in lines
    assert ("  hard case g4 / g5: expected two claims, got one claim (near-identical words, two claims in gold)"
            in lines)
    plain = CliRunner().invoke(cli, ["eval", str(root)])
    assert "  hard_cases: 3" in plain.output.splitlines() and "hard case g4" not in plain.output


def test_a_malformed_hard_cases_file_is_reported_with_its_path(tmp_path: Path) -> None:
    root = write_folder(tmp_path / "gold", GOLD, None)
    (root / "hard_cases.json").write_text('[{"a": "g1", "b": ', encoding="utf-8")
    with pytest.raises(InputError, match=r"hard_cases\.json: invalid JSON"):
        evaluate_matching(root, tmp_path / "work")
