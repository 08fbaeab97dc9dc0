"""What the desk's teaching gains: on a story the model was not fit on, a simulated reviewer decides the first 10
open suggestions from gold, `workbench learn` recalibrates the matcher to those decisions and re-clusters, and pair-F1
is measured on the rest of the story (every mention but the 10 decided) before and after. It also prints, per story,
the shift of log-odds that calibrates all the import's suggestions (each judged from gold), and its mean and spread
over the train stories and over the check set.

Usage: python benchmarks/learn_gain.py ../shared/devset [--stories a,b] [--decisions 10] [--order created|queue] [--json]

Each story is matched by a model fit without it (and without the check set), as `workbench fit-matcher --loso`
does; the reviewer confirms a suggestion when the mention's gold claim is the one most mentions of the suggested
claim have, and rejects it otherwise. `--order queue` decides the first 10 of the review page's queue (best score
first) instead of the first 10 made. The means are printed for the train stories and the check set apart.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np

from workbench import clustering, learn
from workbench.store import browse
from workbench.store import claims as claim_store
from workbench.store import matching as match_store
from workbench.cli.learning import DEFAULT_CHECK
from workbench.config import Settings
from workbench.store.connection import connect, transaction
from workbench.match.fit import FitSources, fit_shift, story_groups, training_rows
from workbench.match_eval import _import, _lines, load_gold, pair_scores
from workbench.match_validate import fit_both, without_stories


def _claims(db: Path, ids: list[int]) -> list[int]:
    with connect(db) as con:
        found = dict(con.execute("SELECT mention_id, claim_id FROM mentions").fetchall())
    return [int(found[m]) for m in ids]


def _rest_f1(db: Path, ids: list[int], truth: list[str], decided: set[int]) -> dict[str, float]:
    claims = _claims(db, ids)
    keep = [i for i, m in enumerate(ids) if m not in decided]
    return pair_scores([claims[i] for i in keep], [truth[i] for i in keep])


def _right(con, claim_id: int, mention_id: int, canonical: dict[int, str]) -> bool:
    """The simulated reviewer: a suggestion is right when the mention's gold claim is the one most mentions of the
    suggested claim have (the claim it stands for now: an earlier confirmation may have merged it into another)."""
    members = [canonical[int(m)] for (m,) in con.execute(
        "SELECT mention_id FROM mentions WHERE claim_id = ?", [claim_store.live_claim(con, claim_id)]).fetchall()
               if int(m) in canonical]
    return bool(members) and Counter(members).most_common(1)[0][0] == canonical[int(mention_id)]


def calibrating_shift(con, canonical: dict[int, str]) -> float | None:
    """The log-odds shift that calibrates every suggestion the import made, each judged from gold on its own (a
    nearly flat prior): how far the story's suggestions are from what their scores say. Its mean and spread over
    the train stories are `workbench.learn`'s `DESK_SHIFT_MEAN` and `DESK_SHIFT_SD`."""
    found = con.execute("SELECT mention_id, claim_id, score FROM match_suggestions WHERE state = 'open'"
                        " AND score IS NOT NULL").fetchall()
    if not found:
        return None
    p = np.clip(np.array([score for *_, score in found], dtype=np.float64), 1e-6, 1 - 1e-6)
    labels = np.array([_right(con, c, m, canonical) for m, c, _ in found], dtype=np.int8)
    return round(fit_shift(np.log(p / (1 - p)), labels, 10.0), 4)


def run_story(devset: Path, story: str, articles: list[str], rows, pair_rows, check: set[str], decisions: int,
              work: Path, order: str = "created") -> dict:
    """The gain on one story."""
    from workbench.evaluate import _story_folder

    left_out = {story} | check
    model = fit_both(without_stories(rows, left_out), without_stories(pair_rows, left_out),
                     {"source": f"shipped without {story}"})
    folder = work / story
    _story_folder(devset, folder, articles)
    gold_articles, gold = load_gold(folder)
    db = work / f"{story}.duckdb"
    settings = Settings.load(env={})
    placed = _import(db, _lines(gold, gold_articles), settings, model)
    ids = [p.mention_id for p in placed]
    truth = [str(m["canonical"]) for m in gold]
    canonical = dict(zip(ids, truth))
    with connect(db) as con, transaction(con):
        match_store.save_match_model(con, model, int(model.info["pairs"]), None, "benchmark")  # the story's start
        calibration = calibrating_shift(con, canonical)
        if order == "queue":  # the review page's queue: best score first
            opened = [(r["suggestion_id"], r["mention_id"], r["claim_id"])
                      for r in browse.open_suggestions(con, page=1, page_size=decisions).rows]
        else:  # in the order they were made
            opened = con.execute("SELECT suggestion_id, mention_id, claim_id FROM match_suggestions WHERE state = 'open'"
                                 " ORDER BY suggestion_id LIMIT ?", [decisions]).fetchall()
    decided = {int(m) for _, m, _ in opened}
    before = _rest_f1(db, ids, truth, decided)
    verdicts = []
    with connect(db) as con, transaction(con):
        for suggestion_id, mention_id, claim_id in opened:
            right = _right(con, claim_id, mention_id, canonical)
            (clustering.confirm_suggestion if right else clustering.reject_suggestion)(con, suggestion_id, "sim")
            verdicts.append(right)
    decisions_only = _rest_f1(db, ids, truth, decided)
    with connect(db) as con, transaction(con):  # the same model, re-clustered: what the refit alone changes after
        clustering.recluster(con, settings, "sim")
    reclustered = _rest_f1(db, ids, truth, decided)
    with connect(db) as con, transaction(con):
        result = learn.learn(con, settings, "sim", start=model)
    after = _rest_f1(db, ids, truth, decided)
    return {"story": story, "mentions": len(ids), "decided": len(opened), "confirmed": sum(verdicts),
            "pair_f1_before": before["pair_f1"], "pair_precision_before": before["pair_precision"],
            "pair_recall_before": before["pair_recall"], "pair_recall_after": after["pair_recall"], "pair_f1_decisions_only": decisions_only["pair_f1"],
            "pair_f1_reclustered": reclustered["pair_f1"],
            "pair_f1_after": after["pair_f1"], "pair_precision_after": after["pair_precision"],
            "gain": round(after["pair_f1"] - before["pair_f1"], 4), "learned_pairs": result.pairs,
            "calibrating_shift": calibration, "learned_shift": result.changes.get("shift"),
            "learned_evidence": result.changes.get("evidence"), "learned_spread": result.changes.get("spread")}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("devset", type=Path)
    parser.add_argument("--stories", default="", help="Stories to run (default: every story).")
    parser.add_argument("--check", default=DEFAULT_CHECK, help="The check set (never fit on).")
    parser.add_argument("--decisions", type=int, default=10)
    parser.add_argument("--order", choices=("created", "queue"), default="created",
                        help="Which suggestions the reviewer decides first: the first made (default) or the review"
                             " page's queue (best score first).")
    parser.add_argument("--emergent", type=Path)
    parser.add_argument("--clef", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    check = {s for s in args.check.split(",") if s}
    sources = FitSources(args.devset, args.emergent, args.clef, 2000)
    rows = training_rows(sources)
    pair_rows = training_rows(sources, each_mention=True)
    groups: dict[str, list[str]] = {}
    for aid, story in sorted(story_groups(args.devset).items()):
        groups.setdefault(story, []).append(aid)
    wanted = [s for s in args.stories.split(",") if s] or sorted(groups)
    results = []
    with tempfile.TemporaryDirectory(prefix="workbench-learn-") as tmp:
        for story in wanted:
            results.append(run_story(args.devset, story, groups[story], rows, pair_rows, check, args.decisions, Path(tmp),
                                     args.order))
            r = results[-1]
            if not args.json:
                shift = "-" if r["learned_shift"] is None else (
                    f"{r['learned_shift']:+.2f} (decisions show {r['learned_evidence']:+.2f} ± {r['learned_spread']:.2f})")
                print(f"{story:<26} {r['mentions']:>4} mentions, {r['decided']:>2} decided ({r['confirmed']} confirmed):"
                      f" pair-F1 on the rest {r['pair_f1_before']:.3f} (P {r['pair_precision_before']:.2f} R "
                      f"{r['pair_recall_before']:.2f}) -> {r['pair_f1_decisions_only']:.3f}"
                      f" (decisions kept) -> {r['pair_f1_reclustered']:.3f} (re-clustered, same model)"
                      f" -> {r['pair_f1_after']:.3f} (learned; P {r['pair_precision_after']:.2f} R {r['pair_recall_after']:.2f})"
                      f"  gain {r['gain']:+.3f}; shift {shift}", flush=True)
    gains = [r["gain"] for r in results]
    parts = {name: [r["gain"] for r in results if (r["story"] in check) == (name == "check")]
             for name in ("train", "check")}
    means = {name: round(sum(g) / len(g), 4) for name, g in parts.items() if g}
    shifts = {name: [r["calibrating_shift"] for r in results if (r["story"] in check) == (name == "check")
                     and r["calibrating_shift"] is not None] for name in ("train", "check")}
    calibration = {name: {"mean": round(float(np.mean(v)), 3), "sd": round(float(np.std(v)), 3)}
                   for name, v in shifts.items() if v}
    if args.json:
        json.dump({"stories": results, "mean_gain": round(sum(gains) / len(gains), 4),
                   **{f"mean_gain_{name}": m for name, m in means.items()}, "calibrating_shift": calibration},
                  sys.stdout, indent=1)
    else:
        print(f"mean gain {sum(gains) / len(gains):+.3f} over {len(gains)} stories; "
              + ", ".join(f"{name} stories ({len(parts[name])}) {m:+.3f}" for name, m in means.items()))
        print("shift that calibrates the import's suggestions: "
              + ", ".join(f"{name} stories mean {c['mean']:+.2f} (sd {c['sd']:.2f})" for name, c in calibration.items()))


if __name__ == "__main__":
    main()
