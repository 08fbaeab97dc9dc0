"""Several real OS processes on one database file at once: every operation succeeds, nothing is lost.

Writers, dashboard-like readers (open, read, close, pause) and SQL-sandbox users run side by side; the
test checks each process's own log (no error, no lock message), what readers saw along the way (only
whole transactions, counts never going back), and the exact final counts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from workbench import sqlconsole
from workbench.store import schema
from workbench.store.connection import connect
from workbench.store import actors as actor_store
from workbench.store.reference import initialize

pytestmark = pytest.mark.slow

WORKER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path

    from workbench import sqlconsole
    from workbench.store.connection import connect, transaction

    mode, path, count, stop = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    report = {"mode": mode, "done": 0, "seen": []}

    def whole(claims, mentions):
        # Each writer unit is one claim with two mentions in one transaction.
        assert mentions == 2 * claims, (claims, mentions)

    if mode == "insert":
        for n in range(count):
            with connect(path) as con:
                with transaction(con):
                    claim_id = con.execute(
                        "INSERT INTO claims (text) VALUES (?) RETURNING claim_id", [f"claim {n} by {path}"]
                    ).fetchone()[0]
                    for stance in ("asserts", "denies"):
                        con.execute(
                            "INSERT INTO mentions (claim_id, quote, stance, origin) VALUES (?, ?, ?, 'logged')",
                            [claim_id, f"quote {n}", stance],
                        )
            report["done"] += 1
    elif mode == "reader":  # like a dashboard page: open, read, close, let the user look at it
        last = (0, 0)
        while not stop.exists():
            with connect(path) as con:
                now = con.execute("SELECT (SELECT count(*) FROM claims), (SELECT count(*) FROM mentions)").fetchone()
            whole(*now)
            assert now >= last, (last, now)
            last = now
            report["done"] += 1
            report["seen"].append(now[0])
            time.sleep(0.05)
    elif mode == "sandbox":  # the /sql page or `workbench sql`
        while not stop.exists():
            result = sqlconsole.run_query(path, "SELECT (SELECT count(*) FROM claims), (SELECT count(*) FROM mentions)")
            whole(*result.rows[0])
            report["done"] += 1
            report["seen"].append(result.rows[0][0])
            time.sleep(0.05)
    print(json.dumps(report), flush=True)
    """
)


def _start(script: Path, mode: str, db: Path, count: int, stop: Path) -> subprocess.Popen:
    env = dict(os.environ)  # the default lock budget (30 s): what a user gets
    return subprocess.Popen(
        [sys.executable, str(script), mode, str(db), str(count), str(stop)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def _finish(proc: subprocess.Popen) -> dict:
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert "lock" not in err.lower() and "busy" not in err.lower(), err
    return json.loads(out.strip().splitlines()[-1])


def test_writers_readers_and_sandbox_processes_share_one_file(tmp_path: Path) -> None:
    db = tmp_path / "shared.duckdb"
    with connect(db) as con:
        schema.migrate(con)
    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    stop = tmp_path / "stop"
    per_writer = 30
    readers = [_start(script, "reader", db, 0, stop) for _ in range(2)]
    readers.append(_start(script, "sandbox", db, 0, stop))
    writers = [_start(script, "insert", db, per_writer, stop) for _ in range(3)]
    try:
        written = [_finish(w) for w in writers]
    finally:
        stop.touch()
    seen = [_finish(r) for r in readers]

    assert [w["done"] for w in written] == [per_writer] * 3
    assert all(r["done"] > 0 for r in seen)
    # Readers ran while the writers did: at least one of them saw an intermediate state.
    assert any(0 < n < 3 * per_writer for r in seen for n in r["seen"])
    with connect(db) as con:
        claims, mentions = con.execute("SELECT (SELECT count(*) FROM claims), (SELECT count(*) FROM mentions)").fetchone()
        ids = con.execute("SELECT count(DISTINCT claim_id) FROM mentions").fetchone()[0]
    assert (claims, mentions, ids) == (3 * per_writer, 6 * per_writer, 3 * per_writer)
    assert sqlconsole.run_query(db, "SELECT count(*) FROM mentions").rows == [(6 * per_writer,)]


PIPELINE_WORKER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path

    from workbench import pipeline, sqlconsole
    from workbench.store.connection import connect

    mode, path, count, stop = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    report = {"mode": mode, "done": 0, "seen": []}

    if mode == "log":  # a reviewer logging claims by hand, one transaction each
        for n in range(count):
            placement = pipeline.log_mention(
                path, quote=f"Russia sent {n + 3} cargo planes of grain to {sys.argv[5]} last week",
                claimant="Russia" if n % 2 else "Belarus", stance="asserts" if n % 3 else "denies",
                reviewer=sys.argv[5],
            )
            assert placement.mention_id
            report["done"] += 1
    elif mode == "import":  # small batches, each written behind the next while the others wait their turn (no
        # analysis worker: it would start this unguarded script again)
        result = pipeline.import_mentions(path, sys.argv[5], reviewer="importer", batch_size=20, prefetch=False)
        assert not result.errors, [str(e) for e in result.errors]
        report["done"] = result.mentions
    elif mode == "reader":  # a dashboard page: open, read, close
        last = (0, 0)
        report["max_wait_s"] = 0.0
        while not stop.exists():
            started = time.monotonic()
            with connect(path) as con:
                now = con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM mentions)").fetchone()
                dangling = con.execute(
                    "SELECT count(*) FROM mentions m WHERE m.article_id IS NOT NULL"
                    " AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = m.article_id)"
                ).fetchone()[0]
            report["max_wait_s"] = max(report["max_wait_s"], time.monotonic() - started)
            assert dangling == 0 and now >= last, (dangling, last, now)
            last = now
            report["done"] += 1
            report["seen"].append(now[1])
            time.sleep(0.1)
    elif mode == "sandbox":
        report["max_wait_s"] = 0.0
        while not stop.exists():
            started = time.monotonic()
            rows = sqlconsole.run_saved(path, "contested-claims").rows
            report["max_wait_s"] = max(report["max_wait_s"], time.monotonic() - started)
            report["done"] += 1
            report["seen"].append(len(rows))
            time.sleep(0.1)
    print(json.dumps(report), flush=True)
    """
)

CONCURRENT_ARTICLES = 40


def _article(n: int) -> dict:
    speakers = ["Officials in Washington", "Ukraine's defence ministry", "Britain's foreign secretary"]
    return {
        "url": f"https://concurrency{n % 3}.example/{n}",
        "outlet": f"Concurrency Times {n % 3}",
        "published": f"2023-06-{1 + n % 28:02d}",
        "text": (
            f"{speakers[n % 3]} said on Monday that Iran had sent {n + 5} drones to Russia.\n\n"
            "Tehran denied the report, calling it baseless."
        ),
    }


def test_ingest_log_import_and_dashboard_readers_at_once(tmp_path: Path) -> None:
    from workbench.ingest import read_articles
    from workbench.pipeline import mentions_for_article

    db = tmp_path / "shared.duckdb"
    initialize(db)
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(CONCURRENT_ARTICLES):
        (folder / f"{n:03d}.json").write_text(json.dumps(_article(n)), encoding="utf-8")
    imports = tmp_path / "mentions.jsonl"
    imported = 200
    imports.write_text("\n".join(json.dumps({
        "quote": f"Armenia said Azerbaijan moved {n} tanks to the border", "claimant": "Armenia",
        "url": f"https://imported.example/{n % 10}", "outlet": "Imported Gazette",
    }) for n in range(imported)) + "\n", encoding="utf-8")
    with connect(db) as con:
        aliases = actor_store.alias_table(con)
    extracted = sum(len(mentions_for_article(a, 0, aliases)) for p in sorted(folder.glob("*.json")) for a in read_articles(p))

    script = tmp_path / "worker.py"
    script.write_text(PIPELINE_WORKER, encoding="utf-8")
    stop = tmp_path / "stop"
    env = dict(os.environ)  # the default lock budget (30 s): what a user gets

    def start(*args: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)

    readers = [start(str(script), mode, str(db), "0", str(stop)) for mode in ("reader", "reader", "sandbox")]
    per_logger = 4
    writers = [
        start("-m", "workbench", "--db", str(db), "ingest", str(folder)),
        start(str(script), "log", str(db), str(per_logger), str(stop), "ana"),
        start(str(script), "log", str(db), str(per_logger), str(stop), "ben"),
        start(str(script), "import", str(db), "0", str(stop), str(imports)),
    ]
    try:
        ingest_out, ingest_err = writers[0].communicate(timeout=600)
        assert writers[0].returncode == 0, ingest_err
        assert "lock" not in ingest_err.lower() and "busy" not in ingest_err.lower(), ingest_err
        done = [_finish(w) for w in writers[1:]]
    finally:
        stop.touch()
    seen = [_finish(r) for r in readers]
    # Figures for the report (run with -s): how long a dashboard read waited at worst for the writers.
    print("readers:", [(r["mode"], r["done"], round(r["max_wait_s"], 2)) for r in seen])

    assert ingest_out.strip().splitlines()[-1].startswith(f"{CONCURRENT_ARTICLES} new articles, ")
    assert [d["done"] for d in done] == [per_logger, per_logger, imported]
    assert all(r["done"] > 0 for r in seen), seen
    with connect(db) as con:
        by_origin = dict(con.execute("SELECT origin, count(*) FROM mentions GROUP BY origin").fetchall())
        with_text = con.execute("SELECT count(*) FROM articles WHERE text IS NOT NULL").fetchone()[0]
        sources = con.execute("SELECT count(*) FROM articles WHERE text IS NULL").fetchone()[0]
        logged_events = con.execute("SELECT count(*) FROM events WHERE action = 'mention logged'").fetchone()[0]
    assert by_origin == {"extracted": extracted, "logged": 2 * per_logger, "imported": imported}
    assert (with_text, sources, logged_events) == (CONCURRENT_ARTICLES, 10, 2 * per_logger)
