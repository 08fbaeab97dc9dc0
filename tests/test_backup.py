"""Backup and restore: consistent copies while the database is in use, and a tested round trip."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.store import backup as backups
from workbench import sqlconsole
from workbench.store import schema
from workbench.store.connection import connect, open_connection
from workbench.errors import NotFound, SchemaError, WorkbenchError


def make_db(path: Path, claims: int = 3) -> Path:
    with connect(path) as con:
        schema.migrate(con)
        sqlconsole.seed_saved_queries(con)
        con.execute("INSERT INTO outlets (name) VALUES ('Harbour Herald')")
        for n in range(claims):
            claim_id = con.execute("INSERT INTO claims (text) VALUES (?) RETURNING claim_id", [f"claim {n}"]).fetchone()[0]
            con.execute(
                "INSERT INTO mentions (claim_id, quote, stance, origin, published) VALUES (?, ?, 'asserts', 'logged', DATE '2023-06-01')",
                [claim_id, f"quote {n}"],
            )
    return path


def snapshot(path: Path) -> dict[str, list]:
    with connect(path) as con:
        tables = schema.table_names(con)
        # The value each sequence hands out next (an imported sequence starts there rather than remembering).
        data: dict[str, list] = {"__sequences__": con.execute(
            "SELECT sequence_name, coalesce(last_value + increment_by, start_value) FROM duckdb_sequences() ORDER BY 1"
        ).fetchall()}
        for table in tables:
            data[table] = sorted(map(repr, con.execute(f'SELECT * FROM "{table}"').fetchall()))
    return data


@pytest.mark.parametrize("fmt", ["duckdb", "parquet"])
def test_round_trip_restores_the_backed_up_state(tmp_path: Path, fmt: str) -> None:
    db = make_db(tmp_path / "wb.duckdb")
    target = tmp_path / ("backup.duckdb" if fmt == "duckdb" else "backup-folder")
    report = backups.backup(db, target, fmt=fmt)
    assert report.tables["claims"] == 3 and report.tables["mentions"] == 3
    assert report.tables["saved_queries"] == len(sqlconsole.shipped_queries())
    at_backup = snapshot(db)

    with connect(db) as con:  # work continues after the backup ...
        con.execute("DELETE FROM mentions")
        con.execute("INSERT INTO claims (text) VALUES ('written after the backup')")
    after_work = snapshot(db)

    restored = backups.restore(target, db, force=True)  # ... and is rolled back by the restore
    assert restored.format == fmt
    assert snapshot(db) == at_backup
    assert restored.kept == tmp_path / "wb.duckdb.before-restore"
    assert snapshot(restored.kept) == after_work
    assert not (tmp_path / "wb.duckdb.wal").exists()
    # Sequences continue where the backup left them: new rows do not collide with restored ones.
    with connect(db) as con:
        new_id = con.execute("INSERT INTO claims (text) VALUES ('new') RETURNING claim_id").fetchone()[0]
        assert new_id == 4
        check = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'claims'").fetchone()
        assert check == (1,)
        with pytest.raises(Exception, match="CHECK constraint"):
            con.execute("UPDATE claims SET status = 'bogus' WHERE claim_id = 1")


def test_backup_opens_directly_as_a_database(tmp_path: Path) -> None:
    db = make_db(tmp_path / "wb.duckdb")
    backups.backup(db, tmp_path / "copy.duckdb")
    assert sqlconsole.run_query(tmp_path / "copy.duckdb", "SELECT count(*) FROM claims").rows == [(3,)]
    assert snapshot(tmp_path / "copy.duckdb") == snapshot(db)


def test_restore_into_a_new_path_and_parquet_files_are_plain(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    db = make_db(tmp_path / "wb.duckdb")
    folder = tmp_path / "export"
    backups.backup(db, folder, fmt="parquet")
    assert (folder / "schema.sql").is_file() and (folder / "load.sql").is_file()
    assert pq.read_table(folder / "claims.parquet").num_rows == 3
    moved = tmp_path / "elsewhere" / "export"
    moved.parent.mkdir()
    folder.rename(moved)  # a backup folder keeps working after it is moved
    fresh = tmp_path / "fresh" / "wb.duckdb"
    report = backups.restore(moved, fresh)
    assert report.kept is None
    assert snapshot(fresh) == snapshot(db)


def test_restore_refuses_to_replace_without_force(tmp_path: Path) -> None:
    db = make_db(tmp_path / "wb.duckdb")
    backups.backup(db, tmp_path / "b.duckdb")
    before = snapshot(db)
    with pytest.raises(WorkbenchError) as refused:
        backups.restore(tmp_path / "b.duckdb", db)
    assert "already exists; restoring replaces it: add --force" in str(refused.value)
    assert snapshot(db) == before


def test_backup_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    db = make_db(tmp_path / "wb.duckdb")
    (tmp_path / "b.duckdb").write_bytes(b"something precious")
    with pytest.raises(WorkbenchError, match="already exists"):
        backups.backup(db, tmp_path / "b.duckdb")
    assert (tmp_path / "b.duckdb").read_bytes() == b"something precious"
    backups.backup(db, tmp_path / "b.duckdb", overwrite=True)
    assert snapshot(tmp_path / "b.duckdb") == snapshot(db)


def test_restore_refuses_a_file_that_is_not_a_workbench_backup(tmp_path: Path) -> None:
    db = make_db(tmp_path / "wb.duckdb")
    other = tmp_path / "other.duckdb"
    with connect(other) as con:
        con.execute("CREATE TABLE unrelated (x INTEGER)")
    before = snapshot(db)
    with pytest.raises(SchemaError, match="not a workbench backup"):
        backups.restore(other, db, force=True)
    assert snapshot(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.duckdb", "wb.duckdb"]  # nothing left behind


def test_restore_of_an_older_backup_migrates_it(tmp_path: Path) -> None:
    old = tmp_path / "old.duckdb"
    with connect(old) as con:
        schema.migrate(con, target=1)
        con.execute("INSERT INTO claims (text) VALUES ('from the old days')")
    backups.backup(old, tmp_path / "old-backup.duckdb")
    restored = tmp_path / "restored.duckdb"
    backups.restore(tmp_path / "old-backup.duckdb", restored)
    with connect(restored) as con:
        assert schema.current_version(con) == schema.LATEST_VERSION
        assert con.execute("SELECT text FROM claims").fetchall() == [("from the old days",)]


def test_missing_database_or_backup(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        backups.backup(tmp_path / "absent.duckdb", tmp_path / "b.duckdb")
    with pytest.raises(NotFound):
        backups.restore(tmp_path / "absent-backup.duckdb", tmp_path / "wb.duckdb")
    assert list(tmp_path.iterdir()) == []


def test_backup_waits_for_a_connection_of_the_same_process(tmp_path: Path) -> None:
    db = make_db(tmp_path / "wb.duckdb")
    held = open_connection(db)
    held.execute("INSERT INTO claims (text) VALUES ('written by the dashboard')")
    timer = threading.Timer(0.3, held.close)
    timer.start()
    report = backups.backup(db, tmp_path / "b.duckdb")
    timer.join()
    assert report.tables["claims"] == 4


WRITER = textwrap.dedent(
    """
    import sys
    from workbench.store.connection import connect, transaction
    path, rounds = sys.argv[1], int(sys.argv[2])
    for n in range(rounds):
        with connect(path) as con:
            with transaction(con):
                claim_id = con.execute(
                    "INSERT INTO claims (text) VALUES (?) RETURNING claim_id", [f"written {n}"]).fetchone()[0]
                for k in range(3):
                    con.execute(
                        "INSERT INTO mentions (claim_id, quote, stance, origin) VALUES (?, ?, 'asserts', 'logged')",
                        [claim_id, f"quote {n}.{k}"])
    print("done", flush=True)
    """
)


def test_backup_during_writes_is_a_consistent_snapshot(tmp_path: Path) -> None:
    """A writer process commits a claim with three mentions per transaction; every backup taken meanwhile
    holds whole transactions only (three mentions per claim), and the writer loses nothing."""
    db = make_db(tmp_path / "wb.duckdb", claims=0)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db), "150"], stdout=subprocess.PIPE, text=True)
    taken = []
    try:
        while writer.poll() is None and len(taken) < 40:
            target = tmp_path / f"b{len(taken)}.duckdb"
            backups.backup(db, target)
            taken.append(target)
            time.sleep(0.2)  # leave the writer its turns (file locks are not queued: see the report)
    finally:
        out, _ = writer.communicate(timeout=300)
    assert writer.returncode == 0 and out.strip() == "done"
    seen = []
    for target in taken:
        with connect(target) as con:
            claims, mentions = con.execute("SELECT (SELECT count(*) FROM claims), (SELECT count(*) FROM mentions)").fetchone()
            orphans = con.execute(
                "SELECT count(*) FROM claims c WHERE (SELECT count(*) FROM mentions m WHERE m.claim_id = c.claim_id) <> 3"
            ).fetchone()[0]
        assert mentions == 3 * claims and orphans == 0
        seen.append(claims)
    assert any(0 < claims < 150 for claims in seen), seen  # at least one backup was taken mid-run
    with connect(db) as con:
        assert con.execute("SELECT count(*) FROM claims").fetchone() == (150,)


def test_cli_backup_and_restore(tmp_path: Path) -> None:
    from workbench.cli import cli

    db = make_db(tmp_path / "wb.duckdb")
    runner = CliRunner()
    made = runner.invoke(cli, ["--db", str(db), "backup", str(tmp_path / "b.duckdb")])
    assert made.exit_code == 0, made.output
    assert made.stdout.startswith(f"backup written: {tmp_path / 'b.duckdb'}: ")
    again = runner.invoke(cli, ["--db", str(db), "backup", str(tmp_path / "b.duckdb")])
    assert again.exit_code == 1 and "already exists" in again.stderr
    refused = runner.invoke(cli, ["--db", str(db), "restore", str(tmp_path / "b.duckdb")])
    assert refused.exit_code == 1 and "add --force" in refused.stderr
    done = runner.invoke(cli, ["--db", str(db), "restore", str(tmp_path / "b.duckdb"), "--force"])
    assert done.exit_code == 0
    assert "the previous database was kept as" in done.stdout
    parquet = runner.invoke(cli, ["--db", str(db), "backup", str(tmp_path / "pq"), "--format", "parquet"])
    assert parquet.exit_code == 0 and (tmp_path / "pq" / "claims.parquet").is_file()
