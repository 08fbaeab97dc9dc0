"""The desk teaches the matcher: reviewer decisions (confirmed or rejected suggestions, merges, splits, moves, all
stored as `pair_judgements`) become labelled pairs, the decision model is refit from the shipped one with them
(`workbench.match.fit.fit_model(start=...)`), stored as the database's own (`match_models`), and the mentions no
decision protects are re-clustered with it. `workbench learn` and the review page run it.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from . import clustering
from .access import Permission, User, authorize
from .config import Settings
from .store import matching as match_store
from .store.connection import Connection
from .errors import InputError
from .match import MatchIndex, MatchModel, shipped_model
from .match.features import FEATURES
from .match.training import PairRows, context_weights

__all__ = ["LearnResult", "learn", "new_decisions", "desk_rows"]

DESK_C = 0.05
"""Inverse strength of the pull towards the shipped model (per decision): a few decisions move it a little."""


@dataclass
class LearnResult:
    """What `learn` did."""

    pairs: int = 0
    same: int = 0
    model_id: int | None = None
    recluster: clustering.ReclusterReport | None = None
    skipped: str = ""
    changes: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        if self.skipped:
            return self.skipped
        line = (f"matcher taught {self.pairs} reviewer decisions ({self.same} the same claim, "
                f"{self.pairs - self.same} different): model #{self.model_id}")
        if self.recluster is not None:
            line += "\n" + self.recluster.summary()
        return line


def new_decisions(con: Connection) -> int:
    """How many reviewer decisions are newer than the database's own model (all of them, without one)."""
    since = match_store.model_decided_through(con)
    return sum(1 for *_, at in match_store.judged_pairs(con) if since is None or at > since)


def desk_rows(con: Connection, index: MatchIndex | None = None) -> PairRows:
    """The reviewer decisions as labelled rows: the mentions are replayed in order onto the claims they are on now,
    and the later mention of each judged pair is scored against the claim the earlier one is on at that point (its
    features as the matcher would see them then), labelled by the decision."""
    judged = match_store.judged_pairs(con)
    later: dict[int, list[tuple[int, bool]]] = {}
    for a, b, same, _ in judged:
        first, second = (a, b) if a < b else (b, a)
        later.setdefault(second, []).append((first, same))
    index = index or MatchIndex(clustering.alias_normalizer(con), model=shipped_model())
    claim_of: dict[int, int] = {}
    recent: dict[int, OrderedDict[int, None]] = {}
    features: list[tuple[float, ...]] = []
    labels: list[int] = []
    for row in match_store.mentions_in_order(con):
        mid, claim_id = int(row["mention_id"]), int(row["claim_id"])
        seen = recent.setdefault(int(row["article_id"]), OrderedDict()) if row["article_id"] is not None else None
        prop = index.normalizer.analyze(row["text"], row["claimant"], row["stance"])
        for earlier, same in later.get(mid, ()):
            target = claim_of.get(earlier)
            found = index.score_claim(prop, target, topic=row["topic"], published=row["published"],
                                      context=context_weights(list(seen)) if seen else None) if target else None
            if found is not None and found.features is not None:
                features.append(tuple(found.features))
                labels.append(int(same))
        index.add(claim_id, row["text"], row["claimant"], row["stance"], proposition=prop, topic=row["topic"],
                  published=row["published"])
        claim_of[mid] = claim_id
        if seen is not None:
            seen.pop(claim_id, None)
            seen[claim_id] = None
    n = len(labels)
    return PairRows(np.array(features, dtype=np.float64).reshape(-1, len(FEATURES)), np.array(labels, dtype=np.int8),
                    np.array(["desk"] * n, dtype=object), np.array(["desk"] * n, dtype=object))


def learn(con: Connection, settings: Settings, reviewer: str | User | None = None, *, min_decisions: int = 1,
          recluster: bool = True, start: MatchModel | None = None) -> LearnResult:
    """Refit the matcher from the shipped model (or `start`) with every reviewer decision of this database, make it
    the one matching uses, and (with `recluster`) re-cluster what no decision protects. Nothing happens with fewer
    than `min_decisions` decisions newer than the last refit. Runs in the caller's transaction."""
    from .match.fit import fit_model

    who = authorize(reviewer, Permission.CONFIGURE, required=False)
    fresh = new_decisions(con)
    if fresh < min_decisions:
        return LearnResult(skipped=f"{fresh} new reviewer decisions since the last refit; "
                                   f"learning needs at least {min_decisions}: nothing changed")
    rows = desk_rows(con)
    if len(rows) == 0:
        raise InputError("no reviewer decision could be replayed: decide some suggestions first")
    start = start or shipped_model()
    labels = rows.labels
    model = fit_model(rows, start=start, c=DESK_C,
                      info={"source": "desk", "fit_on": f"shipped model + {len(labels)} reviewer decisions"})
    judged = match_store.judged_pairs(con)
    through = max((at for *_, at in judged), default=None)
    result = LearnResult(pairs=len(labels), same=int(labels.sum()))
    result.model_id = match_store.save_match_model(con, model, len(labels), through, who)
    result.changes = {"intercept": round(model.intercept - start.intercept, 3)}
    if recluster:
        result.recluster = clustering.recluster(con, settings, reviewer)
    return result

