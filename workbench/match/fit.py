"""Fitting the decision model (scikit-learn): a logistic regression on labelled pairs (`workbench.match.training`),
validated leave-one-story-out, with a reliability table of its probabilities. Used by `workbench fit-matcher` and
`workbench learn`; the hot path never imports this module (it applies the shipped coefficients with numpy).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from .features import FEATURES
from .model import CONFLICTS, MatchModel
from .training import LabelledMention, PairRows, clef_mentions, emergent_mentions, gold_mentions, mixed_replay, \
    replay, synthetic_mentions

__all__ = ["FitSources", "STORY_GROUPS", "fit_model", "fit_shift", "reliability", "shift_posterior", "story_groups",
           "training_rows"]

STORY_GROUPS = {"pannun-plot": "india-canada-nijjar"}
"""Stories scored with another story (they share its parties and claims: the dev set's convention)."""

C = 0.05
"""Inverse strength of the L2 penalty, on standardised features."""


def story_groups(devset: str | Path) -> dict[str, str]:
    """Article id -> story of a gold folder's `articles_index.json` (pannun-plot goes with india-canada-nijjar)."""
    path = Path(devset) / "articles_index.json"
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    out = {}
    for item in index:
        story = str(item.get("story") or "unknown")
        out[str(item["article"])] = STORY_GROUPS.get(story, story)
    return out


@dataclass
class FitSources:
    """Where the labelled pairs come from (any may be missing: a desk's refit uses none of them)."""

    devset: Path | None = None
    emergent: Path | None = None
    clef: Path | None = None
    synthetic: int = 0
    """Mentions of the synthetic stream to add (0: none)."""
    exclude: set[str] = field(default_factory=set)
    """Stories of the dev set never read (a check set kept apart)."""


def _by_group(mentions: Iterable[LabelledMention]) -> dict[str, list[LabelledMention]]:
    out: dict[str, list[LabelledMention]] = {}
    for m in mentions:
        out.setdefault(m.group, []).append(m)
    return out


def training_rows(sources: FitSources, progress: Callable[[str], None] | None = None, *,
                  each_mention: bool = False) -> PairRows:
    """The labelled rows of every source: each dev story, Emergent's folds and CLEF replayed on their own.
    `each_mention`: rows of two mentions (for the pair model), not of a mention and a claim."""
    rows = PairRows.empty()

    def add(name: str, mentions: Sequence[LabelledMention]) -> None:
        nonlocal rows
        found = replay(mentions, data_set=name, each_mention=each_mention)
        rows = rows.concat(found)
        if progress is not None:
            progress(f"{name}: {len(mentions)} mentions, {len(found)} pairs, {int(found.labels.sum())} the same claim")

    if sources.devset is not None:
        stories = {story: mentions for story, mentions in
                   _by_group(gold_mentions(sources.devset, story_groups(sources.devset))).items()
                   if story not in sources.exclude}
        for story, mentions in stories.items():
            add(f"dev:{story}", mentions)
        if each_mention and len(stories) > 1:  # two mentions of different stories, as a desk meets them
            rows = rows.concat(mixed_replay(stories))
    if sources.emergent is not None:
        for fold, mentions in sorted(_by_group(emergent_mentions(sources.emergent)).items()):
            add(fold, mentions)
    if sources.clef is not None:
        add("clef2020", clef_mentions(sources.clef))
    if sources.synthetic:
        add("synthetic", list(synthetic_mentions(max(10, sources.synthetic // 10), sources.synthetic)))
    return rows


def fit_model(rows: PairRows, *, weights: np.ndarray | None = None, c: float = C,
              info: dict[str, Any] | None = None) -> MatchModel:
    """A logistic regression fit on `rows` (standardised features, L2 penalty), as a `MatchModel` on the raw
    features. `weights`: a weight per row. (A desk does not refit the weights: `fit_shift` recalibrates.)"""
    from sklearn.linear_model import LogisticRegression

    x, y = rows.features, rows.labels.astype(int)
    if len(set(y.tolist())) < 2:
        raise InputError("fitting needs pairs of both kinds: some the same claim, some not")
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    lr = LogisticRegression(C=c, max_iter=2000)
    lr.fit(z, y, sample_weight=weights)
    w_std, b_std = lr.coef_[0], float(lr.intercept_[0])
    w, b = w_std / scale, b_std - float(np.sum(w_std * mean / scale))
    meta = {"fit_on": "", "pairs": int(len(y)), "positives": int(y.sum()),
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), **(info or {})}
    return MatchModel(np.asarray(w, dtype=np.float64), float(b), mean, meta, conflict_caps(rows, weights))


def conflict_caps(rows: PairRows, weights: np.ndarray | None = None) -> dict[str, float]:
    """For each of `CONFLICTS`, the (weighted) share of the rows showing it that are the same claim, smoothed
    towards one half by one pair: the most a pair showing that conflict is given."""
    sw = np.ones(len(rows)) if weights is None else np.asarray(weights, dtype=np.float64)
    unit = float(sw.mean()) if len(sw) else 1.0
    caps = {}
    for name in CONFLICTS:
        on = rows.features[:, FEATURES.index(name)] > 0
        total = float(sw[on].sum())
        same = float(sw[on & (rows.labels == 1)].sum())
        caps[name] = round((same + 0.5 * unit) / (total + unit), 6)
    return caps


def fit_shift(offsets: np.ndarray, labels: np.ndarray, sd: float) -> float:
    """The shift of log-odds that best explains `labels` given a model's log-odds `offsets` (its recalibration to
    one database), with a normal prior of standard deviation `sd` around no shift: the posterior mode, by Newton's
    method (the loss is convex in one variable)."""
    return shift_posterior(offsets, labels, sd)[0]


def shift_posterior(offsets: np.ndarray, labels: np.ndarray, sd: float) -> tuple[float, float]:
    """`fit_shift`'s posterior mode, and the posterior's standard deviation there (Laplace's approximation: how
    sure the decisions make it)."""
    offsets = np.asarray(offsets, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    shift, precision = 0.0, 1.0 / (sd * sd)
    curvature = precision
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(offsets + shift, -50.0, 50.0)))
        curvature = float((p * (1.0 - p)).sum()) + precision
        step = (float((p - y).sum()) + precision * shift) / curvature
        shift -= step
        if abs(step) < 1e-9:
            break
    return shift, 1.0 / float(np.sqrt(curvature))


def reliability(probabilities: np.ndarray, labels: np.ndarray, bins: int = 10) -> list[dict[str, float]]:
    """Predicted against observed by decile of the predicted probability: the bin, its pairs, the mean predicted
    probability and the share that are the same claim."""
    out = []
    p = np.asarray(probabilities, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    for i in range(bins):
        lo, hi = i / bins, (i + 1) / bins
        mask = (p >= lo) & ((p < hi) if i < bins - 1 else (p <= hi))
        if mask.any():
            out.append({"bin": f"{lo:.1f}-{hi:.1f}", "pairs": int(mask.sum()), "predicted": round(float(p[mask].mean()), 3),
                        "observed": round(float(y[mask].mean()), 3)})
        else:
            out.append({"bin": f"{lo:.1f}-{hi:.1f}", "pairs": 0, "predicted": None, "observed": None})
    return out
