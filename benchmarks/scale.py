"""Matching at scale: import synthetic mentions through `workbench import-mentions`, and compare.

Usage: python benchmarks/scale.py [--mentions 100000] [--claims 5000] [--big 1000000] [--big-claims 50000]
                                  [--peer-sample 3000] [--queries 1000] [--skip-big] [--work DIR] [--json]

Prints, for the synthetic stream of `benchmarks/synthetic.py`:
1. `workbench import-mentions` of MENTIONS lines over CLAIMS claims in a subprocess: wall and CPU time, peak RSS
   of the process, claims made, pair precision / recall / F1 against the generator's truth.
2. A brute-force rapidfuzz peer in the same run: each mention against every claim so far (`process.extractOne`
   with `fuzz.token_set_ratio` on the quotes, join at PEER_THRESHOLD), run on the first PEER_SAMPLE
   mentions; its cost per mention grows with the number of claims, so the full run is extrapolated from a
   linear fit of seconds per mention against claims so far, along the claim count our own import reached
   after each mention. Pair-F1 of both is printed for every mention of 300 of the claims (the peer run on
   just those, ours as the import placed them among all the others).
3. `workbench match --queries` with QUERIES further mentions of the same claims: ms per query (the process
   start and index load included, and without them), hit@1 against the truth.
4. The same import with BIG mentions over BIG_CLAIMS claims (wall time, peak RSS, pair-F1), then one in-process
   `MatchIndex.search` on that database: the index load time and the median and worst of 100 searches.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import generate  # noqa: E402

from workbench import clustering  # noqa: E402
from workbench.config import Settings  # noqa: E402
from workbench.store.connection import connect  # noqa: E402
from workbench.match_eval import pair_scores  # noqa: E402


def write_stream(path: Path, claims: int, mentions: int, seed: int = 7) -> list[dict]:
    records = list(generate(claims, mentions, seed))
    with path.open("w", encoding="utf-8") as out:
        for r in records:
            out.write(json.dumps(r) + "\n")
    return records


def run_child(args: list[str]) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds, peak RSS MiB, stdout+stderr) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    return wall, cpu, after.ru_maxrss / 1024, proc.stdout + proc.stderr


def workbench(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "workbench", "--db", str(db), *args]


def stored_clusters(db: Path, records: list[dict]) -> tuple[list[int], list[int], list[int]]:
    """(claim per record, truth per record, claim count after each stored mention in import order)."""
    with connect(db, read_only=True) as con:
        rows = con.execute(
            "SELECT m.mention_id, m.claim_id, m.quote, a.url, m.stance FROM mentions m"
            " LEFT JOIN articles a ON a.article_id = m.article_id ORDER BY m.mention_id"
        ).fetchall()
    by_key = {}
    for _, claim_id, quote, url, stance in rows:
        by_key.setdefault((quote, url, stance), claim_id)
    predicted, truth = [], []
    for r in records:
        claim_id = by_key.get((r["quote"], r["url"], r["stance"]))
        if claim_id is not None:
            predicted.append(claim_id)
            truth.append(r["truth"])
    seen: set[int] = set()
    growth = []
    for _, claim_id, *_ in rows:
        seen.add(claim_id)
        growth.append(len(seen))
    return predicted, truth, growth


def brute_force_peer(records: list[dict], sample: int, auto: float) -> dict:
    """Each mention against every claim so far with rapidfuzz; timed per mention."""
    from rapidfuzz import fuzz, process, utils

    claims: list[str] = []
    labels: list[int] = []
    timings: list[tuple[int, float]] = []
    for r in records[:sample]:
        started = time.perf_counter()
        best = process.extractOne(r["quote"], claims, scorer=fuzz.token_set_ratio, processor=utils.default_process,
                                  score_cutoff=auto) if claims else None
        if best is None:
            claims.append(r["quote"])
            labels.append(len(claims) - 1)
        else:
            labels.append(best[2])
        timings.append((len(claims), time.perf_counter() - started))
    n = len(timings)
    xs = [c for c, _ in timings]
    ys = [t for _, t in timings]
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    var = sum((x - mean_x) ** 2 for x in xs) or 1.0
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / var
    intercept = mean_y - slope * mean_x
    return {"labels": labels, "slope": slope, "intercept": intercept, "seconds": sum(ys), "claims": len(claims)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=5_000)
    parser.add_argument("--big", type=int, default=1_000_000)
    parser.add_argument("--big-claims", type=int, default=50_000)
    parser.add_argument("--peer-sample", type=int, default=3_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--peer-threshold", type=float, default=80.0,
                        help="token_set_ratio at which the brute-force peer joins a claim (its best of 60-100 here)")
    parser.add_argument("--skip-big", action="store_true")
    parser.add_argument("--work", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="workbench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    settings = Settings.load(env={})
    report: dict = {"mentions": args.mentions, "claims": args.claims, "match_auto": settings.match_auto,
                    "match_suggest": settings.match_suggest}

    # 1. import
    stream = work / "mentions.jsonl"
    records = write_stream(stream, args.claims, args.mentions + args.queries)
    queries, records = records[args.mentions:], records[: args.mentions]
    stream.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = work / "scale.duckdb"
    for suffix in ("", ".wal"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    wall, cpu, rss, output = run_child(workbench(db, "import-mentions", str(stream)))
    predicted, truth, growth = stored_clusters(db, records)
    report["import"] = {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1), "peak_rss_mib": round(rss),
                        "stored": len(predicted), "claims_made": len(set(predicted)),
                        **pair_scores(predicted, truth), "summary": output.strip().splitlines()[-1]}
    _say(args, f"import-mentions {args.mentions:,} over {args.claims:,} claims: {wall:.1f} s wall, {cpu:.1f} s CPU, "
         f"peak RSS {rss:.0f} MiB, {len(set(predicted)):,} claims, pair-F1 {report['import']['pair_f1']:.3f} "
         f"(P {report['import']['pair_precision']:.3f}, R {report['import']['pair_recall']:.3f})")

    # 2. brute-force peer
    peer = brute_force_peer(records, args.peer_sample, args.peer_threshold)
    extrapolated = sum(peer["intercept"] + peer["slope"] * c for c in growth)
    # quality on every mention of a few hundred claims (the stream's first mentions are mostly first
    # appearances, so a prefix says little about joining)
    chosen = set(sorted({r["truth"] for r in records})[::max(1, args.claims // 300)][:300])
    picked = [i for i, r in enumerate(records) if r["truth"] in chosen]
    ours_sample = pair_scores([predicted[i] for i in picked if i < len(predicted)],
                              [truth[i] for i in picked if i < len(truth)])
    peer_run = brute_force_peer([records[i] for i in picked], len(picked), args.peer_threshold)
    peer_sample = pair_scores(peer_run["labels"], [records[i]["truth"] for i in picked])

    report["peer"] = {"sample": args.peer_sample, "sample_s": round(peer["seconds"], 2),
                      "s_per_mention_per_claim": peer["slope"], "extrapolated_s": round(extrapolated, 1),
                      "speedup": round(extrapolated / wall, 1), "peer_pair_f1_sample": peer_sample["pair_f1"],
                      "ours_pair_f1_sample": ours_sample["pair_f1"]}
    _say(args, f"brute-force peer: {peer['seconds']:.1f} s for the first {args.peer_sample:,} mentions, "
         f"extrapolated {extrapolated:,.0f} s for {args.mentions:,} -> ours is {extrapolated / wall:.0f}x faster; "
         f"pair-F1 on all {len(picked):,} mentions of 300 claims: peer {peer_sample['pair_f1']:.3f} (run on them alone), "
         f"ours {ours_sample['pair_f1']:.3f}")

    # 3. match --queries
    qfile = work / "queries.jsonl"
    qfile.write_text("".join(json.dumps({"id": i, "text": q["quote"], "claimant": q["claimant"],
                                         "stance": q["stance"]}) + "\n" for i, q in enumerate(queries)),
                     encoding="utf-8")
    one = work / "one.jsonl"
    one.write_text(json.dumps({"id": 0, "text": queries[0]["quote"]}) + "\n", encoding="utf-8")
    wall_one, _, _, _ = run_child(workbench(db, "match", "--queries", str(one), "--top", "1"))
    wall_q, _, rss_q, out_q = run_child(workbench(db, "match", "--queries", str(qfile), "--top", "5"))
    votes: dict[int, Counter] = {}
    for p, t in zip(predicted, truth):
        votes.setdefault(p, Counter())[t] += 1
    label = {c: v.most_common(1)[0][0] for c, v in votes.items()}
    hits = 0
    for line, q in zip(out_q.splitlines(), queries):
        results = json.loads(line)["results"]
        hits += bool(results) and label.get(results[0]["claim_id"]) == q["truth"]
    per_query = (wall_q - wall_one) / max(1, len(queries) - 1) * 1000
    report["queries"] = {"n": len(queries), "wall_s": round(wall_q, 2), "ms_per_query": round(wall_q / len(queries) * 1000, 2),
                         "ms_per_query_after_start": round(per_query, 2), "one_query_process_s": round(wall_one, 2),
                         "hit_at_1": round(hits / len(queries), 4)}
    _say(args, f"match --queries: {len(queries):,} queries in {wall_q:.2f} s = {wall_q / len(queries) * 1000:.1f} ms/query "
         f"({per_query:.2f} ms/query after the {wall_one:.2f} s start and index load), hit@1 {hits / len(queries):.3f}")

    # 4. a million
    if not args.skip_big:
        big_stream = work / "big.jsonl"
        big_records = write_stream(big_stream, args.big_claims, args.big, seed=11)
        big_db = work / "big.duckdb"
        for suffix in ("", ".wal"):
            Path(str(big_db) + suffix).unlink(missing_ok=True)
        wall_b, cpu_b, rss_b, out_b = run_child(workbench(big_db, "import-mentions", str(big_stream)))
        big_predicted, big_truth, _ = stored_clusters(big_db, big_records)
        big_quality = pair_scores(big_predicted, big_truth)
        del big_records, big_predicted, big_truth
        started = time.perf_counter()
        with connect(big_db, read_only=True) as con:
            index = clustering.load_index(con)
        load_s = time.perf_counter() - started
        texts = [r["quote"] for r in generate(args.big_claims, 100, seed=12)]
        timings = []
        for text in texts:
            t0 = time.perf_counter()
            index.search(text, top=5)
            timings.append((time.perf_counter() - t0) * 1000)
        report["big"] = {"mentions": args.big, "claims": args.big_claims, "wall_s": round(wall_b, 1),
                         "cpu_s": round(cpu_b, 1), "peak_rss_mib": round(rss_b), **big_quality,
                         "index_load_s": round(load_s, 2),
                         "match_ms_median": round(statistics.median(timings), 2), "match_ms_max": round(max(timings), 2),
                         "summary": out_b.strip().splitlines()[-1]}
        _say(args, f"import-mentions {args.big:,} over {args.big_claims:,} claims: {wall_b:.0f} s wall, {cpu_b:.0f} s CPU, "
             f"peak RSS {rss_b:.0f} MiB, pair-F1 {big_quality['pair_f1']:.3f} (P {big_quality['pair_precision']:.3f}, "
             f"R {big_quality['pair_recall']:.3f}); in-process match at that size: index load {load_s:.1f} s, then "
             f"{statistics.median(timings):.1f} ms median, {max(timings):.1f} ms worst of {len(timings)}")
    if args.json:
        print(json.dumps(report, indent=1))


def _say(args: argparse.Namespace, line: str) -> None:
    if not args.json:
        print(line, flush=True)


if __name__ == "__main__":
    os.environ.setdefault("WORKBENCH_LOCK_TIMEOUT_S", "120")
    main()
