"""The fitted mention model: which candidates are claim mentions. Applying it is a dot product (no scikit-learn).

The model is a logistic regression over `features.FEATURES`, fitted by `workbench.extract.fit` on labelled
articles with validation grouped by story, and shipped as `workbench/data/extract_model.json`: the feature
names, their means and scales, the coefficients, and the probability threshold chosen on held-out stories.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..datafiles import data_json
from ..errors import WorkbenchError
from .features import FEATURES

__all__ = ["MentionModel", "default_model"]


@dataclass(frozen=True)
class MentionModel:
    """Logistic regression over standardised features; `threshold` is the probability a mention must reach."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float
    info: dict[str, Any]

    def probability(self, vector: Sequence[float]) -> float:
        z = self.intercept
        for x, m, s, w in zip(vector, self.mean, self.scale, self.coef):
            z += w * (x - m) / s
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def contributions(self, vector: Sequence[float]) -> dict[str, float]:
        """Each feature's share of the log-odds, for explaining a decision."""
        return {name: w * (x - m) / s for name, x, m, s, w in zip(self.features, vector, self.mean, self.scale, self.coef)}

    def to_json(self) -> dict[str, Any]:
        return {"features": list(self.features), "mean": list(self.mean), "scale": list(self.scale),
                "coef": list(self.coef), "intercept": self.intercept, "threshold": self.threshold, "info": self.info}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MentionModel:
        if tuple(data["features"]) != FEATURES:
            raise WorkbenchError("the extraction model was fitted on other features: refit it with "
                                 "`python -m workbench.extract.fit GOLD_DIR`")
        return cls(tuple(data["features"]), tuple(data["mean"]), tuple(data["scale"]), tuple(data["coef"]),
                   float(data["intercept"]), float(data["threshold"]), dict(data.get("info") or {}))

    @classmethod
    def load(cls, path: str | Path) -> MentionModel:
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def default_model() -> MentionModel:
    """The shipped model (`workbench/data/extract_model.json`)."""
    return MentionModel.from_json(data_json("extract_model.json"))
