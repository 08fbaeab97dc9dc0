"""Build the demo database from `data/demo/`: articles, logged mentions and review decisions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from . import pipeline, review
from .actors import load_seed
from .errors import InputError, WorkbenchError
from .store.actors import seed_actors
from .store.browse import claim_mentioning
from .store.connection import connect, transaction
from .store.reference import initialize
from .store.vocabulary import add_groups, read_vocabulary_file

DEMO_REVIEWER = "Demo Desk"


def default_demo_dir() -> Path:
    """`data/demo` of the source checkout this package was installed from (or of the current directory)."""
    for base in (Path.cwd(), Path(__file__).resolve().parents[1]):
        candidate = base / "data" / "demo"
        if (candidate / "articles").is_dir():
            return candidate
    raise WorkbenchError("no demo data found: run this from the project checkout (data/demo/articles)")


@dataclass
class DemoReport:
    ingest: pipeline.IngestReport
    logged: pipeline.IngestReport
    reviews_applied: int
    reviews_unmatched: list[str]


def build_demo(db_path: str | Path, demo_dir: str | Path | None = None) -> DemoReport:
    """Ingest the demo articles and mentions, then apply the demo review decisions. Safe to run twice."""
    folder = Path(demo_dir) if demo_dir else default_demo_dir()
    initialize(db_path)
    if (folder / "actors.json").exists():
        # The demo's invented countries and people join the alias table first, as a desk would add
        # actors new to it before ingesting their coverage.
        with connect(db_path) as con, transaction(con):
            seed_actors(con, load_seed(folder / "actors.json"), origin="demo")
    if (folder / "vocabulary.json").exists():
        # ...and the names of the weapons its story is about, read as the general word.
        groups = read_vocabulary_file(folder / "vocabulary.json")
        with connect(db_path) as con, transaction(con):
            add_groups(con, groups, DEMO_REVIEWER, origin="demo")
    ingest = pipeline.ingest_paths(db_path, [folder / "articles"], reviewer=DEMO_REVIEWER)
    mentions_file = folder / "mentions.jsonl"
    logged = (
        pipeline.import_mentions(db_path, mentions_file, reviewer=DEMO_REVIEWER)
        if mentions_file.exists()
        else pipeline.IngestReport()
    )
    applied, unmatched = apply_reviews(db_path, folder / "reviews.json")
    return DemoReport(ingest, logged, applied, unmatched)


def apply_reviews(db_path: str | Path, path: Path) -> tuple[int, list[str]]:
    """Set status, verdict and rationale on the claims each entry's `match` phrase finds."""
    if not path.exists():
        return 0, []
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", f"{path}:{exc.lineno}") from None
    applied, unmatched = 0, []
    with connect(db_path) as con:
        for entry in entries:
            claim_id = claim_mentioning(con, entry["match"])
            if claim_id is None:
                unmatched.append(entry["match"])
                continue
            reviewer = entry.get("reviewer") or DEMO_REVIEWER
            with transaction(con):
                review.set_status(con, claim_id, entry["status"], reviewer)
                if entry.get("verdict") or entry.get("rationale"):
                    review.set_verdict(
                        con, claim_id, entry.get("verdict"), entry.get("rationale"), entry.get("evidence") or [], reviewer
                    )
            applied += 1
    return applied, unmatched
