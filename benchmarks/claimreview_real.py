"""Load every ClaimReview record of a folder of real feeds and say how many loaded, mapped, and stayed unknown.

Usage: python benchmarks/claimreview_real.py ../shared/benchmarks/claimreview-real [--db FILE] [--json]

Every `.json` file under the folder (except manifest.json) is parsed with `parse_claimreviews` and stored
with `store_claimreviews` in a fresh database (a temporary one unless --db is given). The figures come
from the database afterwards, so a record that did not arrive shows as a difference: none may be lost.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from workbench import clustering
from workbench.store import settings as settings_store
from workbench.store.reference import initialize
from workbench.claimreview import parse_claimreviews, store_claimreviews
from workbench.store.connection import connect, transaction
from workbench.errors import InputError


def run(folder: Path, db_path: Path) -> dict:
    files = sorted(p for p in folder.rglob("*.json") if p.name != "manifest.json")
    initialize(db_path)
    parsed, errors, stored_stats = 0, [], []
    started = time.perf_counter()
    with connect(db_path) as con:
        settings = settings_store.load_settings(con)
        index = clustering.load_index(con)
        for path in files:
            problems: list[InputError] = []
            try:
                records = parse_claimreviews(path.read_text(encoding="utf-8"), str(path), problems)
            except InputError as exc:
                errors.append(str(exc))
                continue
            errors.extend(str(p) for p in problems)
            parsed += len(records)
            with transaction(con):
                stored_stats.append(store_claimreviews(con, records, index, settings))
        seconds = time.perf_counter() - started
        rows = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE rating_known), count(*) FILTER (WHERE NOT rating_known),"
            " count(DISTINCT claim_id), count(DISTINCT publisher), count(DISTINCT language) FROM claim_reviews"
        ).fetchone()
        languages = dict(con.execute("SELECT coalesce(language, '?'), count(*) FROM claim_reviews GROUP BY 1 ORDER BY 2 DESC").fetchall())
        verdicts = dict(con.execute("SELECT coalesce(verdict, '(unknown)'), count(*) FROM claim_reviews GROUP BY 1 ORDER BY 2 DESC").fetchall())
        unknown = [r[0] for r in con.execute("SELECT rating_text FROM claim_reviews WHERE NOT rating_known ORDER BY review_id").fetchall()]
        raw_intact = con.execute("SELECT count(*) FROM claim_reviews WHERE raw IS NOT NULL AND json_valid(raw::VARCHAR)").fetchone()[0]
    return {
        "files": len(files),
        "records_parsed": parsed,
        "loaded": rows[0],
        "mapped": rows[1],
        "mapped_by_text": sum(s.mapped_text for s in stored_stats),
        "mapped_by_value": sum(s.mapped_number for s in stored_stats),
        "unknown": rows[2],
        "unknown_ratings": unknown,
        "claims": rows[3],
        "publishers": rows[4],
        "languages": languages,
        "verdicts": verdicts,
        "raw_json_kept": raw_intact,
        "errors": errors,
        "seconds": round(seconds, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--db", type=Path, help="database file to fill (default: a temporary one)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        result = run(args.folder, args.db or Path(tmp) / "claimreview.duckdb")
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for key, value in result.items():
            if key == "unknown_ratings":
                value = [v if len(v or "") < 60 else v[:57] + "..." for v in value]
            print(f"{key:>16}: {value}")
    lost = result["records_parsed"] - result["loaded"]
    return 1 if lost or result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
