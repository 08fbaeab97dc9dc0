"""Time the import of the LIAR dataset (PolitiFact statements) with `import_table`, and show what it gave.

Usage: python benchmarks/liar_load.py ../shared/benchmarks/liar [--db FILE] [--json]

Equivalent command line, for each of train.tsv, valid.tsv, test.tsv:

    workbench import-table train.tsv --format tsv --no-header --publisher PolitiFact \\
        --map statement=3,rating=2,subject=4,speaker=5,context=14

The database is a fresh temporary one unless --db is given. Prints per-file and total wall time, rows,
claims, ratings mapped and unknown, and the verdicts the claims received.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from workbench.store.connection import connect
from workbench.tables import ensure_schema, import_table, parse_mapping

LIAR_MAP = "statement=3,rating=2,subject=4,speaker=5,context=14"
FILES = ("train.tsv", "valid.tsv", "test.tsv")


def run(folder: Path, db_path: Path) -> dict:
    started = time.perf_counter()
    ensure_schema(db_path)
    setup = time.perf_counter() - started
    mapping = parse_mapping([LIAR_MAP])
    per_file = {}
    for name in FILES:
        t0 = time.perf_counter()
        stats = import_table(db_path, folder / name, mapping, fmt="tsv", header=False, publisher="PolitiFact")
        per_file[name] = {
            "rows": stats.rows, "loaded": stats.loaded, "claims_new": stats.claims_new, "mapped": stats.mapped,
            "unknown": sum(stats.unknown.values()), "conflicts": stats.conflicts, "errors": len(stats.errors), "seconds": round(time.perf_counter() - t0, 2),
        }
    total = time.perf_counter() - started
    with connect(db_path) as con:
        verdicts = dict(con.execute(
            "SELECT coalesce(verdict, '(none)'), count(*) FROM claims WHERE merged_into IS NULL GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall())
        ratings = dict(con.execute(
            "SELECT rating_text || ' -> ' || coalesce(verdict, '?'), count(*) FROM claim_reviews GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall())
        claims, mentions, reviews, actors = con.execute(
            "SELECT (SELECT count(*) FROM claims WHERE merged_into IS NULL), (SELECT count(*) FROM mentions),"
            " (SELECT count(*) FROM claim_reviews), (SELECT count(*) FROM actors)"
        ).fetchone()
        multi = con.execute(
            "SELECT count(*) FROM (SELECT claim_id FROM mentions GROUP BY claim_id HAVING count(*) > 1)"
        ).fetchone()[0]
    return {
        "files": per_file, "setup_seconds": round(setup, 2), "total_seconds": round(total, 2),
        "claims": claims, "mentions": mentions, "claims_with_several_statements": multi, "ratings": reviews,
        "actors": actors, "claim_verdicts": verdicts, "rating_to_verdict": ratings,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--db", type=Path, help="database file (default: a temporary one)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        result = run(args.folder, args.db or Path(tmp) / "liar.duckdb")
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:>31}: {value}")
    return 0 if all(f["errors"] == 0 and f["loaded"] == f["rows"] for f in result["files"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
