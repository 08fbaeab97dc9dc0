"""The desk teaches the matcher: reviewer decisions (confirmed or rejected suggestions, merges, splits, moves, all
stored as `pair_judgements`) are labelled pairs of this database. The shipped model is recalibrated to them (its
log-odds shifted by what the decisions show, `workbench.match.fit.fit_shift`, with a prior measured on stories
left out), stored as the database's own (`match_models`), and the mentions no decision protects are re-clustered
with it. `workbench learn` and the review page run it.

Why a shift and not a refit of every weight: the decisions are a few pairs the model was unsure of (its
suggestions, between `match_suggest` and `match_auto`), a biased sample that moves single weights by noise
(measured: refits of the weights lost pair-F1 on the rest of the story), while the share of suggestions a desk
confirms is what differs most from one story to another: on stories left out, the shift that calibrates the
model's suggestions varies by about 1 in log-odds (`DESK_SHIFT_SD`).

The shift is applied only once the decisions show which way the model errs (`DESK_SHIFT_SURE`): re-clustering with
a changed model moves many mentions, and a shift the decisions hardly support (a few decisions, as many confirmed
as the scores said) moves them by noise. Measured with `benchmarks/learn_gain.py` on the train stories: shifts of
-0.13 (from three decisions) and -0.23 (from ten) lost 0.06 and 0.03 pair-F1 on the rest of the story.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Collection
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

__all__ = ["DESK_SHIFT_SD", "DESK_SHIFT_SURE", "LearnResult", "desk_offsets", "desk_rows", "learn", "new_decisions"]

DESK_SHIFT_SD = 1.0
"""Prior standard deviation of a database's log-odds shift: the root mean square of the shift that calibrates the
shipped fit's suggestions (probability between 0.2 and 0.5) on each dev story left out of it (1.06, outside the
check set; 0.71 over all of a story's pairs)."""

DESK_SHIFT_SURE = 1.0
"""The shift is applied when it is at least this many of its posterior standard deviations away from none (the
decisions show its sign with about 84% certainty); else the model stays as it was."""


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
        if self.changes.get("shift"):
            odds = math.exp(self.changes["shift"])
            line += (f", its odds of a match {'raised' if odds >= 1 else 'lowered'} "
                     f"{odds if odds >= 1 else 1 / odds:.2f}-fold")
        elif "evidence" in self.changes:
            line += (f", its odds of a match left as they were (the decisions do not yet show which way it errs:"
                     f" a shift of {self.changes['evidence']:+.2f} ± {self.changes['spread']:.2f} in log-odds)")
        if self.recluster is not None:
            line += "\n" + self.recluster.summary()
        return line


def new_decisions(con: Connection) -> int:
    """How many reviewer decisions are newer than the database's own model (all of them, without one)."""
    since = match_store.model_decided_through(con)
    return sum(1 for *_, at in match_store.judged_pairs(con) if since is None or at > since)


def desk_rows(con: Connection, index: MatchIndex | None = None, skip: Collection[int] = ()) -> PairRows:
    """The reviewer decisions as labelled rows: the mentions are replayed in order onto the claims they are on now,
    and the later mention of each judged pair is scored against the claim the earlier one is on at that point (its
    features as the matcher would see them then), labelled by the decision. Pairs with a mention of `skip` are
    left out."""
    judged = match_store.judged_pairs(con)
    later: dict[int, list[tuple[int, bool]]] = {}
    for a, b, same, _ in judged:
        if a in skip or b in skip:
            continue
        first, second = (a, b) if a < b else (b, a)
        later.setdefault(second, []).append((first, same))
    if not later:
        return PairRows(np.zeros((0, len(FEATURES))), np.zeros(0, dtype=np.int8), np.array([], dtype=object),
                        np.array([], dtype=object))
    index = index or MatchIndex(clustering.database_normalizer(con), model=shipped_model())
    claim_of: dict[int, int] = {}
    recent: dict[int, OrderedDict[int, None]] = {}
    features: list[tuple[float, ...]] = []
    labels: list[int] = []
    for row in match_store.mentions_in_order(con):
        mid, claim_id = int(row["mention_id"]), int(row["claim_id"])
        seen = recent.setdefault(int(row["article_id"]), OrderedDict()) if row["article_id"] is not None else None
        prop = index.normalizer.analyze(row["text"], row["claimant"], row["stance"], quote=row["quote"])
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


def desk_offsets(con: Connection, start: MatchModel) -> tuple[np.ndarray, np.ndarray]:
    """The reviewer decisions as (log-odds of `start`, label): a decided suggestion with the probability the
    reviewer was shown (less the shift of the desk model that scored it), every other decision (merges, splits,
    moves) replayed (`desk_rows`) and scored by `start`."""
    decided = match_store.decided_suggestions(con)
    suggested = {m for m, *_ in decided}
    p = np.clip(np.array([score for _, score, _, _ in decided], dtype=np.float64), 1e-6, 1 - 1e-6)
    offsets = [np.log(p / (1.0 - p)) - np.array([shift for *_, shift in decided], dtype=np.float64)]
    labels = [np.array([int(same) for _, _, same, _ in decided], dtype=np.int8)]
    rows = desk_rows(con, skip=suggested)
    if len(rows):
        offsets.append(start.logits(rows.features))
        labels.append(rows.labels)
    return np.concatenate(offsets), np.concatenate(labels)


def learn(con: Connection, settings: Settings, reviewer: str | User | None = None, *, min_decisions: int = 1,
          recluster: bool = True, start: MatchModel | None = None) -> LearnResult:
    """Recalibrate the matcher from the shipped model (or `start`) to every reviewer decision of this database, make
    it the one matching uses, and (with `recluster`) re-cluster what no decision protects. Nothing happens with
    fewer than `min_decisions` decisions newer than the last refit. Runs in the caller's transaction."""
    from .match.fit import shift_posterior

    who = authorize(reviewer, Permission.CONFIGURE, required=False)
    fresh = new_decisions(con)
    if fresh < min_decisions:
        return LearnResult(skipped=f"{fresh} new reviewer decisions since the last refit; "
                                   f"learning needs at least {min_decisions}: nothing changed")
    start = start or shipped_model()
    offsets, labels = desk_offsets(con, start)
    if len(labels) == 0:
        raise InputError("no reviewer decision could be replayed: decide some suggestions first")
    evidence, spread = shift_posterior(offsets, labels, DESK_SHIFT_SD)
    shift = evidence if abs(evidence) >= DESK_SHIFT_SURE * spread else 0.0
    info = {**{k: v for k, v in start.info.items() if k not in ("source", "fit_on", "desk_shift")}, "source": "desk",
            "fit_on": f"{start.info.get('source', 'shipped')} model + {len(labels)} reviewer decisions",
            "desk_shift": round(shift, 6), "pairs": int(len(labels)), "positives": int(labels.sum())}
    model = start.shifted(shift, info)
    judged = match_store.judged_pairs(con)
    through = max((at for *_, at in judged), default=None)
    result = LearnResult(pairs=len(labels), same=int(labels.sum()))
    result.model_id = match_store.save_match_model(con, model, len(labels), through, who)
    result.changes = {"shift": round(shift, 3), "evidence": round(evidence, 3), "spread": round(spread, 3)}
    if recluster:
        result.recluster = clustering.recluster(con, settings, reviewer)
    return result
