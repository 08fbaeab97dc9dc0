"""Verified-claim retrieval on the CLEF CheckThat! benchmarks, through the workbench's own import and match.

Usage: python benchmarks/clef.py ../shared/benchmarks/clef2020-task2-en [--split test|train] [--work DIR] [--json]
       python benchmarks/clef.py ../shared/benchmarks/clef2022-task2a-en

The verified claims are written as an `import-mentions` file (the verified claim as `quote`, the fact-check's
title as `title`, one made-up source URL per claim) and loaded with `pipeline.import_mentions`, exactly as
`workbench import-mentions` does, into a fresh database: claims that the matcher finds to be the same are
merged then, and the share of verified claims that ended up sharing a claim with another is reported (it must
stay under 10%), and apart the share that shares one with a verified claim in other words (CLEF lists some
verified claims twice in the same words, with other quote marks: merging those is right). Each tweet is then looked up with `MatchIndex.search` on the index `workbench match` uses; a
claim found stands for its verified claims: the one whose wording matched best first (the mention a reviewer
is shown as "best matching"), then the others in the order they were imported. MAP@5 is the official measure.

Tweets are given raw, as a user pastes them: `MatchIndex.lookup` (what `workbench match --queries` runs) cleans
links, the trailing "— Name (@handle) date" signature (the author's name is kept: a fact-check often names who
said it) and handles itself.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tempfile
import time
from pathlib import Path

from workbench import clustering, pipeline
from workbench.store.connection import connect

csv.field_size_limit(1 << 30)

def load_2020(folder: Path, split: str) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]], dict[str, set[str]]]:
    import pandas as pd

    docs = pd.read_csv(folder / "verified_claims.docs.tsv", sep="\t", index_col=0, dtype=str, keep_default_na=False)
    claims = [(str(i), str(row["vclaim"]), str(row["title"])) for i, row in docs.iterrows()]
    queries_frame = pd.read_csv(folder / f"{split}.queries.tsv", sep="\t", index_col=0, dtype=str, keep_default_na=False)
    queries = [(str(i), str(row.iloc[0])) for i, row in queries_frame.iterrows()]
    gold: dict[str, set[str]] = {}
    for line in (folder / f"{split}.qrels").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 3:
            gold.setdefault(parts[0], set()).add(parts[2])
    return claims, queries, gold


def load_2022(folder: Path) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]], dict[str, set[str]]]:
    claims = []
    for line in (folder / "vclaims.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            claims.append((record["vclaim_id"], record.get("vclaim") or "", record.get("title") or ""))
    queries = []
    for line in (folder / "CT2022-Task2A-EN-Test_Queries.tsv").read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            tweet_id, text = line.split("\t", 1)
            queries.append((tweet_id, text))
    gold: dict[str, set[str]] = {}
    for line in (folder / "CT2022-Task2A-EN-Test_Qrels_gold.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 3:
            gold.setdefault(parts[0], set()).add(parts[2])
    return claims, queries, gold


def average_precision(ranked: list[str], relevant: set[str], k: int = 5) -> float:
    hits, total = 0, 0.0
    for i, item in enumerate(ranked[:k]):
        if item in relevant:
            hits += 1
            total += hits / (i + 1)
    return total / min(len(relevant), k) if relevant else 0.0


def run(folder: Path, split: str = "test", work: Path | None = None) -> dict:
    if (folder / "verified_claims.docs.tsv").exists():
        claims, queries, gold = load_2020(folder, split)
    else:
        claims, queries, gold = load_2022(folder)
    work = work or Path(tempfile.mkdtemp(prefix="workbench-clef-"))
    work.mkdir(parents=True, exist_ok=True)
    source = work / "vclaims.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for n, (_, text, title) in enumerate(claims):
            quote = text.strip() or title.strip() or "(empty)"
            out.write(json.dumps({"quote": quote, "title": title.strip() or None, "claimant": None,
                                  "url": f"https://verified.example/{n}"}) + "\n")
    db = work / "clef.duckdb"
    for suffix in ("", ".wal"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    started = time.perf_counter()
    imported = pipeline.import_mentions(db, source)
    import_s = time.perf_counter() - started
    with connect(db, read_only=True) as con:
        rows = con.execute(
            "SELECT m.claim_id, a.url, m.quote FROM mentions m JOIN articles a ON a.article_id = m.article_id"
            " ORDER BY m.mention_id"
        ).fetchall()
        index = clustering.load_index(con)
    members: dict[int, list[tuple[str, str]]] = {}
    for claim_id, url, quote in rows:
        members.setdefault(int(claim_id), []).append((claims[int(url.rsplit("/", 1)[1])][0], quote))
    merged = sum(len(v) for v in members.values() if len(v) > 1)
    # CLEF lists some verified claims twice in the same words (other quote marks): those merges are right
    reworded = sum(len(v) for v in members.values() if len({_words(q) for _, q in v}) > 1)
    started = time.perf_counter()
    total_ap = 0.0
    asked = 0
    for tweet_id, text in queries:
        relevant = gold.get(tweet_id)
        if not relevant:
            continue
        asked += 1
        ranked: list[str] = []
        for candidate in index.lookup(text, top=5):  # the raw tweet, as `workbench match --queries` gets it
            # the claim's wording that matched best first (as the dashboard shows it), then the others
            found = members.get(int(candidate.claim_id), [])
            ranked.extend(vid for vid, quote in found if quote == candidate.rep_text)
            ranked.extend(vid for vid, quote in found if quote != candidate.rep_text)
        total_ap += average_precision(ranked, relevant)
    query_s = time.perf_counter() - started
    return {
        "benchmark": folder.name, "split": split if (folder / "verified_claims.docs.tsv").exists() else "test",
        "verified_claims": len(claims), "claims": len(members), "queries": asked,
        "map_at_5": round(total_ap / asked, 4) if asked else 0.0,
        "merged_share": round(merged / len(claims), 4), "merged_reworded_share": round(reworded / len(claims), 4),
        "import_s": round(import_s, 1),
        "ms_per_query": round(query_s / max(asked, 1) * 1000, 2), "import_errors": len(imported.errors),
    }


def _words(text: str) -> str:
    """The words of a text, lower case, without punctuation: two listings of one verified claim compare equal."""
    return " ".join(re.findall(r"[0-9a-z]+", text.lower()))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--split", default="test", choices=["test", "train"])
    parser.add_argument("--work", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = run(args.folder, args.split, args.work)
    if args.json:
        print(json.dumps(report))
        return
    print(f"{report['benchmark']} ({report['split']}): MAP@5 {report['map_at_5']:.3f} over {report['queries']} tweets; "
          f"{report['verified_claims']:,} verified claims imported in {report['import_s']} s as {report['claims']:,} claims, "
          f"{report['merged_share']:.1%} of them merged with another ({report['merged_reworded_share']:.1%} with one in"
          f" other words); {report['ms_per_query']} ms per query")


if __name__ == "__main__":
    sys.exit(main())
