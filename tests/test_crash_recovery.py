"""Kill a real `workbench ingest` with SIGKILL mid-run: the database opens, holds only whole articles, and the
same ingest run again completes the rest with exact final counts."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbench.store import actors as actor_store
from workbench.store.reference import initialize
from workbench.store.connection import connect
from workbench.ingest import read_articles
from workbench.models import Article
from workbench.pipeline import mentions_for_article

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")]

ARTICLES = 150

# Own words: one allegation and one denial per article, with details that vary from article to article.
ACCUSERS = ["Officials in Washington", "Ukraine's defence ministry", "Britain's foreign secretary", "Poland's president"]
GOODS = ["attack drones", "artillery shells", "ballistic missiles", "drone engines", "spare parts for helicopters"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July"]


def article(n: int) -> dict:
    accuser = ACCUSERS[n % len(ACCUSERS)]
    goods = GOODS[n % len(GOODS)]
    month = MONTHS[n % len(MONTHS)]
    text = (
        f"{accuser} said on Monday that Iran had sent {n + 10} {goods} to Russia in {month}.\n\n"
        f"Tehran denied the report, calling it baseless.\n\n"
        f"The shipment number {n} was said to have crossed the Caspian Sea at night."
    )
    return {
        "url": f"https://wire{n % 7}.example/story/{n}",
        "title": f"Shipment report {n}",
        "outlet": f"Wire {n % 7}",
        "published": f"2023-0{1 + n % 7}-{1 + n % 27:02d}",
        "text": text,
    }


def expected_mentions(folder: Path, db: Path) -> dict[str, int]:
    """Mentions per article URL, from the extractor itself with the database's alias table."""
    with connect(db) as con:
        aliases = actor_store.alias_table(con)
    counts: dict[str, int] = {}
    for path in sorted(folder.glob("*.json")):
        for record in read_articles(path):
            assert isinstance(record, Article)
            counts[record.url] = len(mentions_for_article(record, 0, aliases))
    return counts


def stored_mentions(db: Path) -> dict[str, int]:
    with connect(db) as con:
        rows = con.execute(
            "SELECT a.url, count(m.mention_id) FROM articles a LEFT JOIN mentions m ON m.article_id = a.article_id"
            " GROUP BY a.url"
        ).fetchall()
    return dict(rows)


def check_whole(db: Path, expected: dict[str, int]) -> dict[str, int]:
    """The database opens, and every stored article has all its mentions and nothing dangles."""
    stored = stored_mentions(db)
    for url, count in stored.items():
        assert count == expected[url], f"{url}: {count} mentions stored, {expected[url]} extracted"
    with connect(db) as con:
        orphans = con.execute(
            "SELECT count(*) FROM mentions m WHERE m.article_id IS NOT NULL"
            " AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = m.article_id)"
        ).fetchone()[0]
        empty_claims = con.execute(
            "SELECT count(*) FROM claims c WHERE c.merged_into IS NULL"
            " AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.claim_id = c.claim_id)"
        ).fetchone()[0]
        lost_claims = con.execute(
            "SELECT count(*) FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.claim_id = m.claim_id)"
        ).fetchone()[0]
        dangling_decisions = con.execute(
            "SELECT count(*) FROM match_decisions d WHERE NOT EXISTS (SELECT 1 FROM mentions m WHERE m.mention_id = d.mention_id)"
        ).fetchone()[0]
    assert (orphans, empty_claims, lost_claims, dangling_decisions) == (0, 0, 0, 0)
    return stored


def _ingest(db: Path, folder: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "workbench", "--db", str(db), "ingest", str(folder)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _killed_mid_run(db: Path, folder: Path, full_run_s: float, expected: dict[str, int]) -> dict[str, int]:
    """Start an ingest into the fresh database `db` and SIGKILL it part-way; returns what it stored.

    The kill time is a fraction of a complete run's duration, adjusted and retried (on a fresh database)
    when it came before the first article or after the last one.
    """
    fraction = 0.5
    for _attempt in range(5):
        for stale in (db, db.with_name(db.name + ".wal")):
            stale.unlink(missing_ok=True)
        initialize(db)
        proc = _ingest(db, folder)
        time.sleep(full_run_s * fraction)
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
        stored = check_whole(db, expected)
        if proc.returncode == -signal.SIGKILL and 0 < len(stored) < ARTICLES:
            return stored
        fraction = fraction / 2 if len(stored) == ARTICLES or proc.returncode == 0 else min(0.95, fraction + 0.2)
    pytest.fail("could not kill the ingest while it was running")


def test_killed_ingest_leaves_whole_articles_and_a_rerun_completes(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(ARTICLES):
        (folder / f"{n:04d}.json").write_text(json.dumps(article(n)), encoding="utf-8")
    reference = tmp_path / "reference.duckdb"
    initialize(reference)
    expected = expected_mentions(folder, reference)
    assert all(count >= 2 for count in expected.values())
    started = time.monotonic()
    complete = _ingest(reference, folder)
    complete.communicate(timeout=600)
    full_run_s = time.monotonic() - started
    assert complete.returncode == 0
    assert stored_mentions(reference) == expected  # the pipeline stores every extracted mention

    db = tmp_path / "wb.duckdb"
    partial = _killed_mid_run(db, folder, full_run_s, expected)  # checks: opens, whole articles only

    rerun = _ingest(db, folder)
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    summary = out.strip().splitlines()[-1]
    assert summary.startswith(f"{ARTICLES - len(partial)} new articles, {len(partial)} already stored, ")

    final = check_whole(db, expected)
    assert final == expected
    with connect(db) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (ARTICLES,)
        assert con.execute("SELECT count(*) FROM mentions").fetchone() == (sum(expected.values()),)
