"""Consistent backups of a workbench database while it is in use, and restoring one.

Backup opens a private in-memory DuckDB instance, ATTACHes the database READ_ONLY (with the same lock
retry as every other opener, see `connection` and `sandbox.attach_read_only`) and copies
it in one statement, so the copy is one transaction's snapshot:

- format `duckdb` (default): `COPY FROM DATABASE` into a new DuckDB file: tables with their constraints
  and defaults, sequences at their current values, data. The backup is an ordinary database file that
  `workbench --db BACKUP ...` can open directly.
- format `parquet`: `EXPORT DATABASE ... (FORMAT parquet)`: a folder with `schema.sql`, `load.sql` and
  one Parquet file per table, readable by any Parquet tool.

The copy is written under a temporary name next to the target and renamed when complete, so a crash
never leaves something that looks like a finished backup. While it runs, the database is held in shared
(read) mode: readers go on, writers wait (with retry) for the few seconds the copy takes.

Restore (`restore`) builds the new database in a temporary file next to the database (from a DuckDB backup
or a Parquet export folder), checks and migrates its schema, then, holding the database's lock,
checkpoints the current file, keeps it as `<name>.before-restore` and swaps the new file in. Run it when
nobody is writing (stop `workbench serve` and running ingests): writes made between the backup and the
restore are, by definition, not in the restored database.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ..errors import NotFound, SchemaError, WorkbenchError
from .connection import connect, first_line, open_connection, quote_identifier, scalar
from .sandbox import attach_read_only
from .schema import LATEST_VERSION, current_version, migrate

__all__ = ["BackupReport", "backup", "restore", "FORMATS"]

FORMATS = ("duckdb", "parquet")
_SOURCE = "workbench_backup_source"
_TARGET = "workbench_backup_target"


@dataclass
class BackupReport:
    """What a backup or restore wrote: where, in which format, and the row count of every table."""

    path: Path
    format: str
    tables: dict[str, int] = field(default_factory=dict)
    elapsed_s: float = 0.0
    kept: Path | None = None
    """For a restore over an existing database: where the replaced file was kept."""

    def summary(self) -> str:
        rows = sum(self.tables.values())
        return f"{self.path}: {len(self.tables)} tables, {rows:,} rows ({self.format}, {self.elapsed_s:.1f} s)"


def _partial(target: Path, tag: str) -> Path:
    return target.with_name(f".{target.name}.{tag}-{os.getpid()}")


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        wal.unlink()


def _table_counts(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, int]:
    names = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = ? AND table_schema = 'main'"
        " AND table_type = 'BASE TABLE' ORDER BY table_name", [catalog]).fetchall()]
    return {
        name: int(scalar(con, f"SELECT count(*) FROM {quote_identifier(catalog)}.main.{quote_identifier(name)}"))
        for name in names
    }


def backup(
    db_path: str | Path,
    target: str | Path,
    *,
    fmt: str = "duckdb",
    overwrite: bool = False,
    lock_timeout: float | None = None,
) -> BackupReport:
    """Write a consistent copy of `db_path` to `target` (a DuckDB file, or a folder for `parquet`)."""
    source, target = Path(db_path), Path(target)
    if fmt not in FORMATS:
        raise WorkbenchError(f"unknown backup format {fmt!r}; use one of {', '.join(FORMATS)}")
    if not source.is_file():
        raise NotFound(f"no database at {source}; nothing to back up")
    if target.resolve() == source.resolve():
        raise WorkbenchError("the backup target is the database itself; choose another path")
    if target.exists() and not overwrite:
        raise WorkbenchError(f"{target} already exists; choose a new name or use --force to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = _partial(target, "partial")
    _remove(partial)
    started = time.monotonic()
    con = open_connection(":memory:")
    try:
        attach_read_only(con, source.resolve(), _SOURCE, lock_timeout)
        tables = _table_counts(con, _SOURCE)
        if fmt == "duckdb":
            con.execute(f"ATTACH ? AS {_TARGET}", [str(partial)])
            con.execute(f"COPY FROM DATABASE {_SOURCE} TO {_TARGET}")
            con.execute(f"DETACH {_TARGET}")
        else:
            con.execute(f"EXPORT DATABASE {_SOURCE} TO {_sql_string(str(partial.resolve()))} (FORMAT parquet)")
    except duckdb.Error as exc:
        con.close()
        _remove(partial)
        raise WorkbenchError(f"backup failed: {first_line(exc)}") from None
    except BaseException:
        con.close()
        _remove(partial)
        raise
    con.close()
    if target.exists():
        _remove(target)
    os.replace(partial, target)
    return BackupReport(target, fmt, tables, time.monotonic() - started)


def _sql_string(value: str) -> str:
    """A SQL string literal (EXPORT DATABASE takes no parameters); the value is a path we built."""
    return "'" + value.replace("'", "''") + "'"


def _is_export_folder(path: Path) -> bool:
    return path.is_dir() and (path / "schema.sql").is_file() and (path / "load.sql").is_file()


def restore(
    source: str | Path,
    db_path: str | Path,
    *,
    force: bool = False,
    lock_timeout: float | None = None,
) -> BackupReport:
    """Replace `db_path` with the backup at `source` (a DuckDB file or a Parquet export folder).

    An existing database is replaced only with `force`; it is kept as `<name>.before-restore`.
    """
    source, db_path = Path(source), Path(db_path)
    if _is_export_folder(source):
        fmt = "parquet"
    elif source.is_file():
        fmt = "duckdb"
    elif source.is_dir():
        raise WorkbenchError(f"{source} is a folder without schema.sql and load.sql: not a Parquet backup")
    else:
        raise NotFound(f"no backup at {source}")
    if source.resolve() == db_path.resolve():
        raise WorkbenchError("the backup and the database are the same file")
    if db_path.exists() and not force:
        raise WorkbenchError(
            f"{db_path} already exists; restoring replaces it: add --force "
            f"(the current file is kept as {db_path.name}.before-restore)"
        )
    db_path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    staged = _partial(db_path, "restoring")
    _remove(staged)
    try:
        tables = _stage(source, fmt, staged, lock_timeout)
        kept = _swap_in(staged, db_path, lock_timeout)
    finally:
        _remove(staged)
    return BackupReport(db_path, fmt, tables, time.monotonic() - started, kept)


def _stage(source: Path, fmt: str, staged: Path, lock_timeout: float | None) -> dict[str, int]:
    """Build the restored database at `staged`, check and migrate its schema; returns its row counts."""
    con = open_connection(staged)
    try:
        catalog = str(scalar(con, "SELECT current_database()"))
        if fmt == "parquet":
            con.execute(f"IMPORT DATABASE {_sql_string(str(source.resolve()))}")
        else:
            attach_read_only(con, source.resolve(), _SOURCE, lock_timeout)
            con.execute(f"COPY FROM DATABASE {_SOURCE} TO {quote_identifier(catalog)}")
            con.execute(f"DETACH {_SOURCE}")
        version = current_version(con)
        if version == 0:
            raise SchemaError(f"{source} is not a workbench backup (it has no schema_migrations table)")
        if version > LATEST_VERSION:
            raise SchemaError(
                f"{source} was made by a newer workbench (schema {version}, this one knows {LATEST_VERSION}); upgrade first"
            )
        migrate(con)
        con.execute("CHECKPOINT")
        return _table_counts(con, catalog)
    except duckdb.Error as exc:
        raise WorkbenchError(f"restore failed: {source} could not be read: {first_line(exc)}") from None
    finally:
        con.close()


def _swap_in(staged: Path, db_path: Path, lock_timeout: float | None) -> Path | None:
    """Move `staged` to `db_path`; an existing database is checkpointed and kept, under its lock."""
    if not db_path.exists():
        os.replace(staged, db_path)
        return None
    kept = db_path.with_name(db_path.name + ".before-restore")
    with connect(db_path, lock_timeout=lock_timeout) as old:
        # Holding the lock: nobody writes meanwhile, and after CHECKPOINT the file alone is complete.
        old.execute("CHECKPOINT")
        _remove(kept)
        shutil.copyfile(db_path, kept)
        os.replace(staged, db_path)
    return kept
