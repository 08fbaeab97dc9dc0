"""What a desk gets from its own articles: each story's articles ingested (extraction and matching, as `workbench
ingest` runs them) into a fresh database, and the claims compared with gold.

Usage: python benchmarks/end_to_end.py ../shared/devset [--one-by-one] [--check a,b,c] [--json]

Each gold mention is paired with the stored mention covering at least half of it (the rule of `workbench eval`);
pair-F1 (with pair precision and recall) counts the pairs of found gold mentions that gold puts on one claim and
the database puts on one claim. Missed gold mentions count in no pair: extraction recall is `workbench eval`'s
figure. The matcher is the shipped model (fit on the dev stories but not on the check set: the check set's figures
are the ones to trust). `--one-by-one` ingests each article in a run of its own (nothing is grouped across
articles), as a desk that ingests articles as they come does; by default a story's articles are one run.
pannun-plot counts with india-canada-nijjar, as everywhere.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from itertools import combinations
from pathlib import Path

from workbench import pipeline
from workbench.cli.learning import DEFAULT_CHECK
from workbench.store.connection import connect, query
from workbench.store.reference import initialize

MERGED_STORIES = {"pannun-plot": "india-canada-nijjar"}


def stories(devset: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for a in json.loads((devset / "articles_index.json").read_text(encoding="utf-8")):
        out.setdefault(MERGED_STORIES.get(a["story"], a["story"]), []).append(a["article"])
    return out


def ingest(devset: Path, articles: list[str], db: Path, one_by_one: bool) -> list[dict]:
    initialize(db)
    paths = [devset / "articles" / f"{a}.json" for a in sorted(articles)]
    for run in ([[p] for p in paths] if one_by_one else [paths]):
        pipeline.ingest_paths(db, run)
    with connect(db) as con:
        return query(con, "SELECT m.claim_id, m.char_start, m.char_end, a.url FROM mentions m"
                          " JOIN articles a USING (article_id)")


def score(devset: Path, articles: list[str], gold: list[dict], rows: list[dict]) -> dict[str, float | int]:
    texts = {a: json.loads((devset / "articles" / f"{a}.json").read_text(encoding="utf-8")) for a in articles}
    by_url: dict[str, list[dict]] = {}
    for r in rows:
        by_url.setdefault(r["url"], []).append(r)
    found: list[tuple[str, int]] = []
    for g in gold:
        if g["article"] not in texts:
            continue
        article = texts[g["article"]]
        start = article["text"].find(g["quote"])
        end = start + len(g["quote"])
        best: tuple[int, int] | None = None
        for r in by_url.get(article.get("url"), []):
            overlap = max(0, min(end, r["char_end"]) - max(start, r["char_start"]))
            if overlap * 2 >= end - start and (best is None or overlap > best[0]):
                best = (overlap, int(r["claim_id"]))
        if best is not None:
            found.append((g["canonical"], best[1]))
    tp = fp = fn = 0
    for (gold_a, claim_a), (gold_b, claim_b) in combinations(found, 2):
        tp += gold_a == gold_b and claim_a == claim_b
        fp += gold_a != gold_b and claim_a == claim_b
        fn += gold_a == gold_b and claim_a != claim_b
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"found": len(found), "pair_f1": round(f1, 4), "pair_precision": round(precision, 4),
            "pair_recall": round(recall, 4)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("devset", type=Path)
    ap.add_argument("--one-by-one", action="store_true", help="ingest each article in a run of its own")
    ap.add_argument("--check", default=DEFAULT_CHECK, help="the check set's stories (comma-separated)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    check = {s for s in args.check.split(",") if s}
    gold = json.loads((args.devset / "gold.json").read_text(encoding="utf-8"))
    results: dict[str, dict] = {}
    for story, articles in sorted(stories(args.devset).items(), key=lambda kv: (kv[0] in check, kv[0])):
        with tempfile.TemporaryDirectory(prefix="workbench-e2e-") as tmp:
            rows = ingest(args.devset, articles, Path(tmp) / "wb.duckdb", args.one_by_one)
        results[story] = {**score(args.devset, articles, gold, rows), "check": story in check}
    keys = ("pair_f1", "pair_precision", "pair_recall")
    macro = {name: {k: round(sum(r[k] for r in rs) / len(rs), 4) for k in keys}
             for name, rs in (("dev", [r for r in results.values() if not r["check"]]),
                              ("check", [r for r in results.values() if r["check"]])) if rs}
    if args.json:
        print(json.dumps({"stories": results, "macro": macro}, indent=1))
        return 0
    print(f"ingested {'one article per run' if args.one_by_one else 'one run per story'}")
    print(f"{'story':<28}{'found':>6}{'pairF1':>8}{'pairP':>8}{'pairR':>8}")
    for story, r in results.items():
        print(f"{story + (' *' if r['check'] else ''):<28}{r['found']:>6}" + "".join(f"{r[k]:>8.3f}" for k in keys))
    for name, m in macro.items():
        print(f"{'macro, ' + name:<34}" + "".join(f"{m[k]:>8.3f}" for k in keys))
    return 0


if __name__ == "__main__":
    sys.exit(main())
