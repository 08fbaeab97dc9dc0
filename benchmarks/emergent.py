"""Emergent's headlines (no claimant) through the workbench's import and search, with the rumours split into folds:
each fold is matched by a model fit without its rumours (on the dev stories, the other folds, CLEF and synthetic).

Usage: python benchmarks/emergent.py ../shared/benchmarks/emergent-dev --devset ../shared/devset
       [--clef ../shared/benchmarks/clef2020-task2-en] [--folds 5] [--json]

- clustering: a fold's headlines, shuffled, imported as mentions without a claimant (one source per headline, its
  headline as title) into a fresh database; pair precision, recall and F1 of the claims formed against the rumours.
- retrieval: the 240 rumour texts imported as claims, each headline of the fold looked up with `MatchIndex.search`;
  hit@1 and MRR@5 of its rumour. Rumours that join another on import count as misses for the other's headlines;
  the same search over the 240 rumours added as distinct claims is printed beside it (what the plain
  `token_set_ratio` baseline of emergent-dev's README ranks).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

from workbench import clustering
from workbench.config import Settings
from workbench.store.connection import connect
from workbench.match import MatchIndex
from workbench.match.fit import FitSources, training_rows
from workbench.match.training import emergent_mentions
from workbench.match_eval import _import, pair_scores
from workbench.match_validate import fit_both
from workbench.models import NewMention, Origin, Stance
from workbench.pipeline import MentionLine


def _line(text: str, source: str, stance: str = "asserts") -> MentionLine:
    return MentionLine(NewMention(quote=text, stance=Stance(stance), origin=Origin.IMPORTED, claimant=None),
                       url=f"urn:emergent:{source}", title=text)


def run_fold(folder: Path, fold: int, folds: int, rows, pair_rows, work: Path) -> dict:
    """Clustering and retrieval figures of one fold."""
    def without(r):
        return r.where(np.array([str(s) != f"emergent-{fold}" for s in r.groups]))

    model = fit_both(without(rows), without(pair_rows), {"source": f"without emergent fold {fold}"})
    settings = Settings.load(env={})
    mentions = emergent_mentions(folder, folds, only_folds=[fold])
    placed = _import(work / f"cluster-{fold}.duckdb", [_line(m.text, m.source or m.text, m.stance) for m in mentions],
                     settings, model)
    found = pair_scores([p.claim_id for p in placed], [m.label for m in mentions])
    claims = [json.loads(x) for x in (folder / "claims.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    db = work / f"retrieval-{fold}.duckdb"
    loaded = _import(db, [_line(c["claim"], c["claim_id"]) for c in claims], settings, model)
    label = {p.claim_id: c["claim_id"] for p, c in zip(loaded, claims)}
    with connect(db) as con:
        index = clustering.load_index(con, model=model)
    hits, rr = _ranks(index, mentions, label)
    # the same search over the rumours as 240 distinct claims (none joined to another on import)
    distinct = MatchIndex(index.normalizer, model=model)
    for number, c in enumerate(claims, 1):
        distinct.add(number, c["claim"], None, "asserts", topic=c["claim"])
    hits_d, rr_d = _ranks(distinct, mentions, {n: c["claim_id"] for n, c in enumerate(claims, 1)})
    n = max(1, len(mentions))
    return {"fold": fold, "headlines": len(mentions), "rumours": len({m.label for m in mentions}),
            "claims": len({p.claim_id for p in placed}), **found,
            "hit_at_1": round(hits / n, 4), "mrr_at_5": round(rr / n, 4),
            "rumours_joined": len(claims) - len(set(label)),
            "distinct_hit_at_1": round(hits_d / n, 4), "distinct_mrr_at_5": round(rr_d / n, 4)}


def _ranks(index, mentions, label: dict) -> tuple[float, float]:
    """Hits at 1 and the sum of reciprocal ranks (top 5) of each headline's rumour, `label`: claim id -> rumour."""
    hits = rr = 0.0
    for m in mentions:
        ranked = [label.get(c.claim_id) for c in index.search(m.text, None, top=5, stance=m.stance, topic=m.text)]
        hits += bool(ranked) and ranked[0] == m.label
        rr += 1.0 / (ranked.index(m.label) + 1) if m.label in ranked else 0.0
    return hits, rr


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("emergent", type=Path)
    parser.add_argument("--devset", type=Path)
    parser.add_argument("--clef", type=Path)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    sources = FitSources(args.devset, args.emergent, args.clef, 2000)
    rows = training_rows(sources)
    pair_rows = training_rows(sources, each_mention=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="workbench-emergent-") as tmp:
        for fold in range(args.folds):
            results.append(run_fold(args.emergent, fold, args.folds, rows, pair_rows, Path(tmp)))
            r = results[-1]
            if not args.json:
                print(f"fold {fold}: {r['headlines']} headlines of {r['rumours']} rumours -> {r['claims']} claims; "
                      f"pair P {r['pair_precision']:.3f} R {r['pair_recall']:.3f} F1 {r['pair_f1']:.3f}; "
                      f"retrieval hit@1 {r['hit_at_1']:.3f} MRR@5 {r['mrr_at_5']:.3f} ({r['rumours_joined']} of the "
                      f"rumours joined another on import; as distinct claims {r['distinct_hit_at_1']:.3f} / "
                      f"{r['distinct_mrr_at_5']:.3f})", flush=True)
    macro = {k: round(sum(r[k] for r in results) / len(results), 4)
             for k in ("pair_precision", "pair_recall", "pair_f1", "hit_at_1", "mrr_at_5", "distinct_hit_at_1",
                       "distinct_mrr_at_5")}
    if args.json:
        json.dump({"folds": results, "macro": macro}, sys.stdout, indent=1)
    else:
        print("mean over folds: " + ", ".join(f"{k} {v:.3f}" for k, v in macro.items()))


if __name__ == "__main__":
    main()
