"""Fit the mention model on a labelled gold folder, with validation grouped by story (scikit-learn).

    python -m workbench.extract.fit GOLD_DIR [GOLD_DIR ...] [--stories a,b,c] [--threshold P] [--out FILE]

Every candidate of every article is labelled by the evaluation's own rule (a candidate is a mention when its
span covers at least half of a gold mention), so the model learns exactly what is scored. The probability
threshold is chosen on held-out stories: each story's candidates are scored by a model fitted on the other
stories (leave one story out), and the threshold that maximises the macro F1 of recall and precision over
stories is kept. The printed table is that leave-one-story-out evaluation; the shipped model is then fitted
on every story given.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from ..evaluate import load_gold_dir, score_extraction, stories_of
from . import scored_candidates
from .candidates import Candidate
from .document import Document
from .features import FEATURES
from .mentions import to_mentions
from .model import MentionModel
from ..text.segment import content_blocks

__all__ = ["Labelled", "label_folder", "fit_model", "leave_one_story_out", "choose_threshold", "main"]

C = 0.5
"""Inverse regularisation strength of the logistic regression (fixed, not tuned: a weak prior on small data)."""


@dataclass
class Labelled:
    """One article's candidates with their feature vectors and labels."""

    story: str
    article: str
    doc: Document
    candidates: list[Candidate]
    vectors: np.ndarray
    labels: np.ndarray
    excerpt: bool = False
    """A few paragraphs of an article read on their own, without its title (what a user pastes): fitted on, so
    that features of the whole article (how its words recur, its headline) do not decide alone, but never
    scored."""


def _covers(span: tuple[int, int], gold: dict) -> bool:
    inter = min(span[1], gold["char_end"]) - max(span[0], gold["char_start"])
    return inter * 2 >= gold["char_end"] - gold["char_start"]


def label_folder(directory: str | Path, stories: Iterable[str] | None = None,
                 prefix: str = "") -> tuple[list[Labelled], list[dict]]:
    """Candidates of every article of the given stories (all when None), labelled against gold. `prefix` goes
    before every article id (folders fitted together may number their articles alike)."""
    articles, gold = load_gold_dir(directory)
    articles = {prefix + aid: record for aid, record in articles.items()}
    gold = [{**g, "article": prefix + str(g["article"])} for g in gold]
    groups = {story: [prefix + aid for aid in ids] for story, ids in stories_of(directory).items()}
    wanted = set(stories) if stories else set(groups)
    story_of = {aid: story for story, ids in groups.items() for aid in ids}
    out: list[Labelled] = []
    for aid, record in articles.items():
        story = story_of.get(aid, "unknown")
        if story not in wanted:
            continue
        golds = [g for g in gold if g["article"] == aid]
        out.append(_labelled(story, aid, record["text"], record.get("outlet"), record.get("title"), golds))
        for a, b in _excerpts(record["text"]):
            shifted = [{**g, "char_start": g["char_start"] - a, "char_end": g["char_end"] - a} for g in golds
                       if a <= g["char_start"] and g["char_end"] <= b]
            out.append(_labelled(story, aid, record["text"][a:b], record.get("outlet"), None, shifted, excerpt=True))
    return out, [g for g in gold if story_of.get(g["article"]) in wanted]


def _labelled(story: str, aid: str, text: str, outlet: str | None, title: str | None, golds: list[dict],
              excerpt: bool = False) -> Labelled:
    doc, scored = scored_candidates(text, outlet=outlet, title=title)
    vectors = np.array([v for _, v in scored], dtype=float).reshape(len(scored), len(FEATURES))
    labels = np.array([any(_covers(c.frame.span, g) for g in golds) for c, _ in scored], dtype=int)
    return Labelled(story, aid, doc, [c for c, _ in scored], vectors, labels, excerpt)


def _excerpts(text: str, size: int = 2) -> list[tuple[int, int]]:
    """Runs of `size` consecutive body paragraphs of an article, as (start, end) offsets."""
    blocks = [b for b in content_blocks(text) if not b.furniture]
    return [(blocks[i].start, blocks[i + size - 1].end) for i in range(0, max(0, len(blocks) - size + 1), size)]


def fit_model(data: Sequence[Labelled], threshold: float = 0.5, info: dict | None = None) -> MentionModel:
    """A logistic regression fitted on every candidate of `data` (features standardised)."""
    X = np.vstack([d.vectors for d in data])
    y = np.concatenate([d.labels for d in data])
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=C, max_iter=2000)
    clf.fit((X - mean) / scale, y)
    return MentionModel(FEATURES, tuple(mean.round(6)), tuple(scale.round(6)), tuple(clf.coef_[0].round(6)),
                        round(float(clf.intercept_[0]), 6), threshold, info or {})


def leave_one_story_out(data: Sequence[Labelled]) -> dict[str, list[np.ndarray]]:
    """Held-out probabilities: each story's candidates scored by a model fitted on the other stories."""
    stories = sorted({d.story for d in data})
    out: dict[str, list[np.ndarray]] = {}
    for story in stories:
        model = fit_model([d for d in data if d.story != story])
        out[story] = [np.array([model.probability(v) for v in d.vectors]) for d in data
                      if d.story == story and not d.excerpt]
    return out


def _story_scores(data: Sequence[Labelled], gold: list[dict], probs: dict[str, list[np.ndarray]],
                  threshold: float) -> dict[str, dict]:
    by_story: dict[str, dict] = {}
    for story in sorted(probs):
        items = [d for d in data if d.story == story and not d.excerpt]
        predicted = {}
        for d, p in zip(items, probs[story]):
            kept = [(c, float(q)) for c, q in zip(d.candidates, p) if q >= threshold]
            left = [c for c, q in zip(d.candidates, p) if q < threshold]
            predicted[d.article] = to_mentions(d.doc, kept, left)
        ids = {d.article for d in items}
        by_story[story] = score_extraction([g for g in gold if g["article"] in ids], predicted)
    return by_story


def choose_threshold(data: Sequence[Labelled], gold: list[dict], probs: dict[str, list[np.ndarray]]) -> float:
    """The threshold with the best macro F1 (over stories) of recall and precision on held-out stories."""
    best, best_f1 = 0.5, -1.0
    for threshold in np.arange(0.2, 0.71, 0.025):
        scores = _story_scores(data, gold, probs, float(threshold))
        f1s = [2 * s["recall"] * s["precision"] / (s["recall"] + s["precision"])
               if s["recall"] and s["precision"] else 0.0 for s in scores.values()]
        macro = sum(f1s) / len(f1s)
        if macro > best_f1 + 1e-9:
            best, best_f1 = round(float(threshold), 3), macro
    return best


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m workbench.extract.fit", description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="+", help="gold folders (articles/, gold.json, articles_index.json), fitted together")
    ap.add_argument("--stories", default="", help="fit on these stories only (comma-separated; default all)")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "data" / "extract_model.json"))
    ap.add_argument("--threshold", type=float, default=None,
                    help="report and ship at this probability threshold (default: the one chosen on held-out stories)")
    args = ap.parse_args(argv)
    stories = [s for s in args.stories.split(",") if s] or None
    data, gold = [], []
    for k, folder in enumerate(args.gold):
        more, more_gold = label_folder(folder, stories, prefix="" if k == 0 else f"{Path(folder).name}:")
        data += more
        gold += more_gold
    probs = leave_one_story_out(data)
    chosen = choose_threshold(data, gold, probs)
    threshold = chosen if args.threshold is None else args.threshold
    scores = _story_scores(data, gold, probs, threshold)
    print(f"leave-one-story-out at threshold {threshold} (chosen on held-out stories: {chosen})")
    print(f"{'story':<28}{'gold':>5}{'recall':>8}{'precis':>8}{'stance':>8}{'claim.':>8}")
    for story, s in scores.items():
        print(f"{story:<28}{s['gold']:>5}" + "".join(f"{s[k] or 0:>8.3f}" for k in
                                                   ("recall", "precision", "stance_accuracy", "claimant_accuracy")))
    macro = {k: sum(s[k] or 0 for s in scores.values()) / len(scores)
             for k in ("recall", "precision", "stance_accuracy", "claimant_accuracy")}
    print(f"{'macro':<33}" + "".join(f"{macro[k]:>8.3f}" for k in macro))
    info = {"fitted_on": sorted({d.story for d in data}), "candidates": int(sum(len(d.labels) for d in data)),
            "excerpts": sum(1 for d in data if d.excerpt),
            "positives": int(sum(int(d.labels.sum()) for d in data)), "C": C, "chosen_threshold": chosen,
            "loso_macro": {k: round(v, 4) for k, v in macro.items()}}
    model = fit_model(data, threshold, info)
    Path(args.out).write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
