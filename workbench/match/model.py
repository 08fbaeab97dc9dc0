"""The decision model: a logistic regression over `PairFeatures` that gives the probability that a mention states
the claim it is compared with. Fit by `workbench fit-matcher` (scikit-learn, `workbench.match.fit`) and shipped
as `workbench/data/match_model.json`; refit by a desk with `workbench learn` (`workbench.match.learn`), which
stores its own in the database. Applying it is a dot product (numpy). Pure.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..datafiles import data_text
from ..errors import InputError
from .features import FEATURES, PairFeatures

__all__ = ["CONFLICTS", "MODEL_FILE", "MatchModel", "shipped_model"]

CONFLICTS = ("year_conflict", "direction_reverse", "thing_conflict")
"""Features that say two texts have different truth conditions (another year, the other way round, another thing
of one kind): claims are fine-grained, so the fit caps the probability of a pair showing one (`MatchModel.caps`)."""

MODEL_FILE = "match_model.json"
"""The shipped model, in `workbench/data/`."""


@dataclass(frozen=True, eq=False)
class MatchModel:
    """Weights over the features (in `FEATURES` order), an intercept, and the features' means on the data it was
    fit on (the baseline that a pair's contributions are measured from)."""

    weights: np.ndarray
    intercept: float
    means: np.ndarray
    info: dict[str, Any] = field(default_factory=dict)
    """Where it came from: `source` (shipped, desk), `fit_on`, `pairs`, `created_at`, figures of its validation."""
    caps: dict[str, float] = field(default_factory=dict)
    """Conflicts that keep claims apart (`CONFLICTS`): a pair showing one is given at most the share of the fitting
    data's pairs showing it that were the same claim (so a conflicting year stays apart however close the words)."""
    pair: MatchModel | None = None
    """The model of two mentions (rather than a mention and a claim) that a batch's mentions are grouped with
    (`workbench.match.linkage`); None: a batch is placed one mention at a time."""

    def __post_init__(self) -> None:
        if self.weights.shape != (len(FEATURES),) or self.means.shape != (len(FEATURES),):
            raise InputError(f"a match model needs {len(FEATURES)} weights and means")
        # one pair at a time (the search's hot path) is faster in plain floats than through numpy
        object.__setattr__(self, "_w", tuple(float(w) for w in self.weights))
        object.__setattr__(self, "_m", tuple(float(m) for m in self.means))
        object.__setattr__(self, "_caps", tuple((FEATURES.index(k), v) for k, v in self.caps.items()))

    def logits(self, rows: Sequence[PairFeatures] | np.ndarray) -> np.ndarray:
        """The log-odds of each row of features."""
        matrix = np.asarray(rows, dtype=np.float64).reshape(-1, len(FEATURES))
        return matrix @ self.weights + self.intercept

    def probabilities(self, rows: Sequence[PairFeatures] | np.ndarray) -> np.ndarray:
        """P(same claim) of each row of features."""
        matrix = np.asarray(rows, dtype=np.float64).reshape(-1, len(FEATURES))
        p = 1.0 / (1.0 + np.exp(-np.clip(matrix @ self.weights + self.intercept, -50.0, 50.0)))
        for name, cap in self.caps.items():
            on = matrix[:, FEATURES.index(name)] > 0
            p[on] = np.minimum(p[on], cap)
        return p

    def probability(self, features: PairFeatures) -> float:
        """P(same claim) of one pair."""
        z = self.intercept
        for w, f in zip(self._w, features):
            z += w * f
        p = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
        for k, cap in self._caps:
            if features[k] > 0 and p > cap:
                p = cap
        return p

    def capped_by(self, features: PairFeatures) -> list[str]:
        """The conflicts of the pair that cap its probability."""
        return [FEATURES[k] for k, _ in self._caps if features[k] > 0]

    def contributions(self, features: PairFeatures) -> dict[str, float]:
        """Each feature's part in the pair's log-odds, measured from an average pair of the fitting data (so that
        the parts, plus `baseline`, add up to the log-odds). Features that change nothing are left out."""
        out = {}
        for name, w, f, m in zip(FEATURES, self._w, features, self._m):
            part = w * (f - m)
            if part >= 0.005 or part <= -0.005:
                out[name] = round(part, 3)
        return out

    @property
    def baseline(self) -> float:
        """The log-odds of an average pair of the fitting data."""
        return float(self.intercept + self.weights @ self.means)

    def shifted(self, shift: float, info: dict[str, Any] | None = None) -> MatchModel:
        """The same model with its log-odds (and its pair model's) moved by `shift`: a desk's recalibration."""
        pair = self.pair.shifted(shift, self.pair.info) if self.pair is not None else None
        return MatchModel(self.weights.copy(), self.intercept + shift, self.means.copy(),
                          dict(self.info if info is None else info), dict(self.caps), pair)

    def to_dict(self) -> dict[str, Any]:
        out = {"features": list(FEATURES), "weights": [round(float(w), 6) for w in self.weights],
               "intercept": round(float(self.intercept), 6), "means": [round(float(m), 6) for m in self.means],
               "caps": {k: round(float(v), 6) for k, v in self.caps.items()}, "info": self.info}
        if self.pair is not None:
            out["pair"] = self.pair.to_dict()
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1) + "\n"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MatchModel:
        """A model from its JSON form. Features it does not know weigh nothing; features it lacks weigh nothing,
        so a model from an older version still applies (and says so in `info["missing_features"]`)."""
        try:
            names = [str(n) for n in data["features"]]
            weights = dict(zip(names, (float(w) for w in data["weights"])))
            means = dict(zip(names, (float(m) for m in data.get("means") or [0.0] * len(names))))
            intercept = float(data["intercept"])
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"not a match model: {exc}") from None
        info = dict(data.get("info") or {})
        missing = [n for n in FEATURES if n not in weights]
        if missing:
            info["missing_features"] = missing
        caps = {str(k): float(v) for k, v in (data.get("caps") or {}).items() if k in FEATURES}
        pair = cls.from_dict(data["pair"]) if isinstance(data.get("pair"), Mapping) else None
        return cls(np.array([weights.get(n, 0.0) for n in FEATURES]), intercept,
                   np.array([means.get(n, 0.0) for n in FEATURES]), info, caps, pair)

    @classmethod
    def from_json(cls, text: str) -> MatchModel:
        try:
            return cls.from_dict(json.loads(text))
        except ValueError as exc:
            raise InputError(f"not a match model: {exc}") from None

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json(), encoding="utf-8")


@lru_cache(maxsize=1)
def shipped_model() -> MatchModel:
    """The model shipped with the workbench (`workbench/data/match_model.json`)."""
    text = data_text(MODEL_FILE)
    model = MatchModel.from_json(text)
    model.info.setdefault("source", "shipped")
    return model
