"""The decision model: its probabilities, its fit on labelled pairs, and a desk teaching it (`workbench learn`)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import numpy as np
import pytest

from workbench import clustering, learn
from workbench.store import matching as match_store
from workbench.store import schema
from workbench.config import Settings
from workbench.store.connection import connect, transaction
from workbench.match import FEATURES, MatchIndex, MatchModel, shipped_model
from workbench.match.fit import FitSources, conflict_caps, fit_model, fit_shift, reliability, training_rows
from workbench.match.model import CONFLICTS
from workbench.models import NewMention, Origin, Stance


@pytest.fixture(scope="module")
def synthetic_rows():
    """Labelled pairs of the synthetic stream (no data from outside the project)."""
    return training_rows(FitSources(synthetic=600))


def test_probabilities_are_between_0_and_1_and_follow_each_weights_sign() -> None:
    model = shipped_model()
    rng = np.random.default_rng(3)
    rows = rng.random((200, len(FEATURES)))
    p = model.probabilities(rows)
    assert ((p >= 0) & (p <= 1)).all()
    assert np.allclose(p, [model.probability(_features(r)) for r in rows])
    base = np.full(len(FEATURES), 0.5)
    for k, name in enumerate(FEATURES):
        if name in CONFLICTS:
            continue
        lower, higher = base.copy(), base.copy()
        lower[k], higher[k] = 0.0, 1.0
        a, b = model.probabilities(np.vstack([lower, higher]))
        assert (b - a) * model.weights[k] >= 0, name  # more of a feature moves P the way its weight says


def _features(row: np.ndarray):
    from workbench.match import PairFeatures

    return PairFeatures(*row.tolist())


def test_a_conflict_caps_the_probability_however_close_the_rest() -> None:
    model = shipped_model()
    for name in CONFLICTS:
        assert 0 < model.caps[name] < Settings().match_suggest  # learned from data: such pairs are rarely one claim
    close = np.ones(len(FEATURES))
    for name in CONFLICTS:
        close[FEATURES.index(name)] = 0.0
    for name in CONFLICTS:
        row = close.copy()
        row[FEATURES.index(name)] = 1.0
        assert model.probabilities(row[None, :])[0] <= model.caps[name]


def test_a_model_survives_its_json_and_an_older_one_without_some_features_still_applies() -> None:
    model = shipped_model()
    again = MatchModel.from_json(model.to_json())
    rows = np.random.default_rng(1).random((20, len(FEATURES)))
    assert np.array_equal(again.probabilities(rows), model.probabilities(rows))
    data = json.loads(model.to_json())
    keep = [i for i, name in enumerate(data["features"]) if name != "headline"]
    data["features"].append("a_feature_of_tomorrow")  # a newer model's feature: weighs nothing here
    data["weights"].append(5.0)
    data["means"].append(0.0)
    older = {**data, "features": [data["features"][i] for i in keep], "weights": [data["weights"][i] for i in keep],
             "means": [data["means"][i] for i in keep]}
    old = MatchModel.from_dict(older)
    assert old.info["missing_features"] == ["headline"] and old.weights[FEATURES.index("headline")] == 0.0


def test_contributions_add_up_to_the_log_odds() -> None:
    model = shipped_model()
    index = MatchIndex(model=model)
    index.add(1, "Iran supplied drones to Russia", "Ukraine")
    found = index.search("Tehran shipped UAVs to Moscow", "Poland")[0]
    parts = found.breakdown["contributions"]
    logit = model.baseline + sum(parts.values())
    if not found.breakdown["capped_by"]:
        assert abs(1 / (1 + np.exp(-logit)) - found.score) < 0.01


def test_a_fit_on_labelled_pairs_separates_them_and_is_calibrated_where_it_was_fit(synthetic_rows) -> None:
    rows = synthetic_rows
    assert len(rows) > 500 and 0 < rows.labels.mean() < 1
    model = fit_model(rows)
    p = model.probabilities(rows.features)
    assert p[rows.labels == 1].mean() > p[rows.labels == 0].mean() + 0.3
    table = reliability(p, rows.labels)
    assert len(table) == 10 and sum(b["pairs"] for b in table) == len(rows)
    filled = [b for b in table if b["pairs"] >= 30]
    assert all(abs(b["predicted"] - b["observed"]) < 0.25 for b in filled)
    assert set(conflict_caps(rows)) == set(CONFLICTS)


def test_a_shift_fit_to_decisions_follows_them_as_far_as_they_show() -> None:
    even = np.zeros(10)
    assert fit_shift(even, np.ones(10), 1.0) > 0 > fit_shift(even, np.zeros(10), 1.0)
    assert fit_shift(even, np.array([1, 0] * 5), 1.0) == pytest.approx(0.0, abs=1e-9)
    # more decisions move it further; a tighter prior less far; never past what the decisions alone say
    few, many = fit_shift(np.zeros(4), np.ones(4), 1.0), fit_shift(np.zeros(40), np.ones(40), 1.0)
    assert 0 < fit_shift(np.zeros(4), np.ones(4), 0.3) < few < many
    assert fit_shift(np.zeros(0), np.zeros(0), 1.0) == 0.0
    # the surer the model already is of what the desk says, the less it moves
    assert 0 < fit_shift(np.full(10, 4.0), np.ones(10), 1.0) < fit_shift(np.full(10, 1.0), np.ones(10), 1.0) < \
        fit_shift(even, np.ones(10), 1.0)


def _mention(quote: str, claimant: str, stance: str = "asserts") -> NewMention:
    return NewMention(quote=quote, claimant=claimant, stance=Stance(stance), origin=Origin.LOGGED)


def test_learn_refits_from_reviewer_decisions_and_keeps_them(db_path: Path) -> None:
    # two wordings of one allegation that the matcher is unsure of, and another claim: suggestions to decide
    texts = [("Chile has been selling assault rifles to Bolivia", "Peru"),
             ("Santiago keeps arming La Paz with rifles, Lima says", "Peru"),
             ("Chile trains Bolivian militias near the border", "Peru"),
             ("Militias in Bolivia get Chilean instructors", "Argentina")]
    strict = Settings(match_auto=1.0, match_suggest=0.0)  # every match a suggestion
    with connect(db_path) as con, transaction(con):
        index = clustering.load_index(con)
        placed = clustering.place_mentions(con, index, [_mention(q, c) for q, c in texts], strict)
        suggestions = con.execute("SELECT suggestion_id, mention_id, claim_id FROM match_suggestions"
                                  " ORDER BY suggestion_id").fetchall()
    assert len(suggestions) == 3
    claim_of = {p.mention_id: p.claim_id for p in placed}
    with connect(db_path) as con, transaction(con):
        for suggestion_id, mention_id, claim_id in suggestions:
            same = {mention_id, next(m for m, c in claim_of.items() if c == claim_id)} in (
                {placed[0].mention_id, placed[1].mention_id}, {placed[2].mention_id, placed[3].mention_id})
            (clustering.confirm_suggestion if same else clustering.reject_suggestion)(con, suggestion_id, "Ana")
        assert learn.new_decisions(con) == 3
        result = learn.learn(con, Settings(), "Ana")
    assert result.pairs == 3 and result.model_id is not None and result.recluster is not None
    with connect(db_path) as con:
        model = match_store.load_match_model(con)
        assert model.info["source"] == "desk" and learn.new_decisions(con) == 0
        claims = dict(con.execute("SELECT mention_id, claim_id FROM mentions").fetchall())
        events = con.execute("SELECT reviewer FROM events WHERE action = 'matcher taught'").fetchall()
    assert events == [("Ana",)]
    # what the reviewer said holds after the re-clustering
    assert claims[placed[0].mention_id] == claims[placed[1].mention_id]
    assert claims[placed[2].mention_id] == claims[placed[3].mention_id] != claims[placed[0].mention_id]
    with connect(db_path) as con, transaction(con):
        again = learn.learn(con, Settings(), "Ana", min_decisions=1)
    assert again.model_id is None and "nothing changed" in again.summary()
    # learning again from the same decisions gives the same model: each suggestion's score is read as the
    # shipped model's, less the shift of the desk model that scored it
    with connect(db_path) as con, transaction(con):
        learn.learn(con, Settings(), "Ana", min_decisions=0)
        assert match_store.load_match_model(con).intercept == pytest.approx(model.intercept)


_WORDINGS = [("Chile has been selling assault rifles to Bolivia", "Peru"),
             ("Santiago keeps arming La Paz with rifles", "Peru"),
             ("Chilean rifles are reaching Bolivia, Lima says", "Peru"),
             ("Bolivia buys its rifles from Chile", "Peru"),
             ("Chile ships assault rifles across the border to Bolivia", "Argentina"),
             ("Rifles made in Chile keep turning up in Bolivian hands", "Argentina"),
             ("Bolivia's army is being supplied with Chilean rifles", "Brazil"),
             ("Chile is the source of Bolivia's new assault rifles", "Brazil"),
             ("Chilean dealers sell Bolivia rifles by the crate", "Brazil")]


def _taught(db_path: Path, confirm: bool, shown: int) -> learn.LearnResult:
    """What a desk teaches by confirming (or rejecting) every suggestion it is shown (`shown` of them)."""
    strict = Settings(match_auto=1.0, match_suggest=0.0)
    with connect(db_path) as con, transaction(con):
        mentions = [_mention(q, c) for q, c in _WORDINGS[: shown + 1]]
        clustering.place_mentions(con, clustering.load_index(con), mentions, strict)
        for (suggestion_id,) in con.execute("SELECT suggestion_id FROM match_suggestions ORDER BY 1").fetchall():
            (clustering.confirm_suggestion if confirm else clustering.reject_suggestion)(con, suggestion_id, "Ana")
        result = learn.learn(con, Settings(), "Ana", recluster=False)
        model = match_store.load_match_model(con)
    assert result.pairs == shown and model.weights.tolist() == shipped_model().weights.tolist()
    assert model.intercept - shipped_model().intercept == pytest.approx(result.changes["shift"], abs=1e-3)
    return result


def test_a_desk_that_confirms_what_it_is_shown_makes_the_matcher_bolder(db_path: Path) -> None:
    result = _taught(db_path, confirm=True, shown=8)
    assert result.changes["shift"] > 0 and "raised" in result.summary()


def test_a_desk_that_rejects_what_it_is_shown_makes_the_matcher_warier(db_path: Path) -> None:
    result = _taught(db_path, confirm=False, shown=8)
    assert result.changes["shift"] < 0 and "lowered" in result.summary()


def test_decisions_that_do_not_yet_show_which_way_the_matcher_errs_leave_it_as_it_was(db_path: Path) -> None:
    # one rejected suggestion says little: the model stays, and the desk is told why
    result = _taught(db_path, confirm=False, shown=1)
    assert result.changes["evidence"] < 0 and result.changes["shift"] == 0.0
    assert "left as they were" in result.summary()


def test_an_open_index_scores_with_the_model_a_desk_taught_after_it_was_loaded(db_path: Path) -> None:
    # the dashboard keeps one index per database and refreshes it: a refresh after `learn` uses the new model
    with connect(db_path) as con:
        index = clustering.load_index(con)
    assert index.model.intercept == shipped_model().intercept
    bolder = MatchModel(shipped_model().weights, shipped_model().intercept + 1.5, shipped_model().means,
                        {"source": "desk"}, dict(shipped_model().caps))
    with connect(db_path) as con, transaction(con):
        match_store.save_match_model(con, bolder, pairs=4, decided_through=None, reviewer="Ana")
    with connect(db_path) as con:
        clustering.refresh_index(con, index)
    assert index.model.intercept == pytest.approx(shipped_model().intercept + 1.5)


def test_workbench_learn_says_when_there_is_nothing_to_learn(run_cli) -> None:
    result = run_cli("learn", "--reviewer", "Ana")
    assert result.exit_code == 0 and "learning needs at least 1" in result.stdout


def test_scores_and_thresholds_of_an_older_database_become_probabilities(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    schema.migrate(con, target=4)
    con.execute("INSERT INTO settings (key, value) VALUES ('match_auto', '52.0'), ('match_suggest', '36')")
    schema.migrate(con)
    assert dict(con.execute("SELECT key, value FROM settings").fetchall()) == {"match_auto": "0.52",
                                                                              "match_suggest": "0.36"}
    assert con.execute("SELECT count(*) FROM match_models").fetchone() == (0,)
    con.close()


def test_pairs_across_two_stories_are_negatives_and_leave_with_either_story() -> None:
    import datetime as dt

    from workbench.match.training import LabelledMention, mixed_replay
    from workbench.match_validate import without_stories

    def story(name: str, texts: list[tuple[str, str, str]], day: dt.date) -> list[LabelledMention]:
        return [LabelledMention(text, label, name, claimant, source=f"{name}-{k // 2}", published=day)
                for k, (text, claimant, label) in enumerate(texts)]

    port = story("port", [("Ostrenia smuggled rifles through the port of Kell", "Velmora", "rifles"),
                          ("Ostrenia denies smuggling any rifles through Kell", "Ostrenia", "rifles"),
                          ("Velmora says Ostrenia bribed the customs chief at Kell", "Velmora", "bribe")],
                  dt.date(2021, 3, 2))
    dam = story("dam", [("Ostrenia blew up the dam on the Sava river", "Velmora", "dam"),
                        ("Velmora flooded its own villages, Ostrenia says", "Ostrenia", "flood")],
                dt.date(2024, 6, 9))
    rows = mixed_replay({"port": port, "dam": dam})
    assert len(rows) > 0 and not rows.labels.any()  # two stories never share a claim
    assert set(rows.sets.tolist()) == {"dev-mix:dam+port"}
    # the stories start on one day: the pairs are compared as a desk following both at once meets them
    assert set(np.round(rows.features[:, FEATURES.index("days_apart")], 3).tolist()) <= {0.0}
    assert len(without_stories(rows, ["dam"])) == 0 and len(without_stories(rows, ["skripal"])) == len(rows)


def test_the_shipped_model_carries_its_model_of_two_mentions_and_a_desk_shift_moves_both() -> None:
    model = shipped_model()
    assert model.pair is not None and model.pair.info.get("compares") == "two mentions"
    rows = np.random.default_rng(2).random((10, len(FEATURES)))
    again = MatchModel.from_json(model.to_json())
    assert again.pair is not None and np.array_equal(again.pair.probabilities(rows), model.pair.probabilities(rows))
    bolder = model.shifted(1.0)
    assert np.allclose(bolder.logits(rows), model.logits(rows) + 1.0)
    assert bolder.pair is not None and np.allclose(bolder.pair.logits(rows), model.pair.logits(rows) + 1.0)


def test_the_leave_one_story_out_table_shows_the_reliability_of_both_models() -> None:
    from workbench.match_validate import format_loso

    row = {"story": "harbour", "check": False, "gold": 12, "pair_f1": 0.5, "pair_precision": 0.8, "pair_recall": 0.36,
           "hit_at_1": 0.7, "mrr_at_5": 0.75, "hard_cases_as_expected": 2, "hard_cases": 3}
    bins = reliability(np.array([0.05, 0.15, 0.95]), np.array([0, 0, 1]))
    lines = format_loso({"stories": [row], "check_stories": [], "macro": {**row, "hard_case_share": 2 / 3},
                         "reliability": bins, "pair_reliability": bins})
    titles = [line for line in lines if line.startswith("Reliability")]
    assert [t.split(" of ")[1].split(" (")[0] for t in titles] == ["a mention and a claim", "two mentions"]
    assert lines.count("0.9-1.0         1      0.950     1.000") == 2
