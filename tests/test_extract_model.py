"""The mention model: the shipped fit, applying it, and fitting one on a gold folder written here."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from workbench.errors import WorkbenchError
from workbench.extract import extract_mentions, scored_candidates
from workbench.extract.features import FEATURES
from workbench.extract.fit import fit_model, label_folder, leave_one_story_out, main
from workbench.extract.model import MentionModel, default_model

STORIES = {
    "cable": ("Cable cut in the strait",
              "Norway's coast guard said on Sunday that a Russian trawler had cut a seabed cable near the islands.\n\n"
              "The cable carried most of the islands' internet traffic.\n\n"
              "Moscow rejected the accusation as groundless."),
    "spill": ("Refinery denies leak",
              "The mayor of Lindholm said the refinery had leaked oil into the bay for weeks.\n\n"
              "Fishing boats stayed in port on Tuesday.\n\n"
              "The refinery's owner, Baltic Fuel, denied that any oil had leaked."),
    "vote": ("Opposition alleges fraud",
             "The opposition Civic Party claimed that the ruling party had stuffed ballot boxes in the capital.\n\n"
             "Turnout was high in the north.\n\n"
             "The electoral commission dismissed the claim as baseless."),
}
GOLD = [
    {"article": "cable", "quote": "a Russian trawler had cut a seabed cable near the islands", "claimant": "Norway",
     "stance": "asserts", "canonical": "c1"},
    {"article": "cable", "quote": "Moscow rejected the accusation as groundless.", "claimant": "Russia",
     "stance": "denies", "canonical": "c1"},
    {"article": "spill", "quote": "the refinery had leaked oil into the bay for weeks", "claimant": "Lindholm",
     "stance": "asserts", "canonical": "s1"},
    {"article": "spill", "quote": "denied that any oil had leaked", "claimant": "Baltic Fuel", "stance": "denies",
     "canonical": "s1"},
    {"article": "vote", "quote": "the ruling party had stuffed ballot boxes in the capital", "claimant": "Civic Party",
     "stance": "asserts", "canonical": "v1"},
    {"article": "vote", "quote": "The electoral commission dismissed the claim as baseless.", "claimant": None,
     "stance": "denies", "canonical": "v1"},
]


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    root = tmp_path / "gold"
    (root / "articles").mkdir(parents=True)
    for aid, (title, text) in STORIES.items():
        record = {"url": f"https://example.org/{aid}", "title": title, "outlet": "Example Wire",
                  "published": "2024-05-01", "text": f"{title}\n\n{text}"}
        (root / "articles" / f"{aid}.json").write_text(json.dumps(record), encoding="utf-8")
    (root / "gold.json").write_text(json.dumps(GOLD), encoding="utf-8")
    index = [{"article": aid, "story": aid} for aid in STORIES]
    (root / "articles_index.json").write_text(json.dumps(index), encoding="utf-8")
    return root


def test_the_shipped_model_fits_the_features_and_was_fitted_on_held_out_validation():
    model = default_model()
    assert model.features == FEATURES
    assert 0.0 < model.threshold < 1.0
    assert model.info["fitted_on"] and "loso_macro" in model.info


def test_probability_and_contributions_agree():
    model = default_model()
    doc, scored = scored_candidates("Moscow rejected the accusation as groundless.")
    (cand, vector), *_ = scored
    p = model.probability(vector)
    assert 0.0 <= p <= 1.0
    z = model.intercept + sum(model.contributions(vector).values())
    assert math.isclose(1 / (1 + math.exp(-z)), p, rel_tol=1e-9)


def test_a_model_of_other_features_is_refused():
    data = default_model().to_json()
    data["features"] = data["features"][:-1]
    with pytest.raises(WorkbenchError, match="refit"):
        MentionModel.from_json(data)


def test_candidates_are_labelled_by_the_evaluations_own_rule(gold_dir: Path):
    data, gold = label_folder(gold_dir)
    full = [d for d in data if not d.excerpt]
    assert {d.article for d in full} == set(STORIES)
    for d in full:
        golds = [g for g in gold if g["article"] == d.article]
        for cand, label in zip(d.candidates, d.labels):
            covers = any(min(cand.frame.span[1], g["char_end"]) - max(cand.frame.span[0], g["char_start"])
                         >= (g["char_end"] - g["char_start"]) / 2 for g in golds)
            assert bool(label) == covers
    # the "turnout" and "boats" sentences hold no mention
    assert any(not label for d in full for label in d.labels)


def test_fitting_gives_a_model_that_ranks_mentions_above_the_rest(gold_dir: Path):
    data, _ = label_folder(gold_dir)
    model = fit_model(data)
    scores = {True: [], False: []}
    for d in data:
        for vector, label in zip(d.vectors, d.labels):
            scores[bool(label)].append(model.probability(vector))
    assert min(scores[True]) > 0 and max(scores[False]) < 1
    assert sum(scores[True]) / len(scores[True]) > sum(scores[False]) / len(scores[False])
    again = MentionModel.from_json(json.loads(json.dumps(model.to_json())))
    assert again.probability(data[0].vectors[0]) == pytest.approx(model.probability(data[0].vectors[0]))


def test_leave_one_story_out_scores_each_story_with_a_model_that_never_saw_it(gold_dir: Path):
    data, _ = label_folder(gold_dir)
    held_out = leave_one_story_out(data)
    assert set(held_out) == set(STORIES)
    for story, probs in held_out.items():
        full = [d for d in data if d.story == story and not d.excerpt]
        assert [len(p) for p in probs] == [len(d.candidates) for d in full]


def test_the_fit_command_writes_a_model_the_extractor_can_use(gold_dir: Path, tmp_path: Path, capsys):
    out = tmp_path / "model.json"
    assert main([str(gold_dir), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "leave-one-story-out" in printed and "macro" in printed
    model = MentionModel.load(out)
    assert model.info["fitted_on"] == sorted(STORIES)
    text = "Cable cut\n\n" + STORIES["cable"][1]
    found = extract_mentions(text, model=model)
    assert all(text[m.char_start : m.char_end] == m.quote for m in found)
