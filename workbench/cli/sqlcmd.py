"""CLI commands: sql, queries, backup, restore."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import sqlconsole
from ..errors import NotFound
from ..store import backup as backups
from ..store.connection import connect
from .base import CliContext, cli, echo_json, pass_cli, warn

_CELL_WIDTH = 60


def _cell(value: object) -> str:
    text = sqlconsole.cell_text(value) if value is not None else "NULL"
    text = " ".join(text.split()) if ("\n" in text or "\t" in text) else text
    return text if len(text) <= _CELL_WIDTH else text[: _CELL_WIDTH - 1] + "…"


def format_table(result: sqlconsole.QueryResult) -> str:
    """The rows as an aligned text table with a header line (long cells shortened with …)."""
    header = list(result.columns)
    body = [[_cell(v) for v in row] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
    numeric = [all(isinstance(row[i], (int, float)) and not isinstance(row[i], bool)
                   for row in result.rows if row[i] is not None) and bool(result.rows)
               for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if num else c.ljust(w) for c, w, num in zip(cells, widths, numeric)).rstrip()

    lines = [line(header), "  ".join("-" * w for w in widths)]
    lines += [line(r) for r in body]
    return "\n".join(lines)


@cli.command()
@click.argument("query", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="table: aligned text; csv: with a header row; json: a list of row objects.")
@click.option("--saved", "saved", metavar="NAME", help="Run a saved query (see `workbench queries`).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), metavar="S",
              help="Stop the query after S seconds (default: setting sql_timeout_s, 10 s).")
@click.option("--max-rows", type=click.IntRange(min=0), metavar="N",
              help="Return at most N rows (default: setting sql_row_cap, 10,000).")
@pass_cli
def sql(ctx: CliContext, query: str | None, fmt: str, saved: str | None, timeout: float | None,
        max_rows: int | None) -> None:
    """Run one read-only SQL query (SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN).

    QUERY may be '-' to read it from standard input. Anything that would change the database, reach
    files or run several statements is refused. When the row cap cuts the result, a notice goes to stderr.
    """
    if (query is None) == (saved is None):
        raise click.UsageError("give a QUERY or --saved NAME (one of them)")
    if query == "-":
        query = sys.stdin.read()
    if saved is not None:
        result = sqlconsole.run_saved(ctx.db_path, saved, timeout_s=timeout, row_cap=max_rows)
    else:
        result = sqlconsole.run_query(ctx.db_path, query or "", timeout_s=timeout, row_cap=max_rows)
    if fmt == "json":
        echo_json(sqlconsole.to_json_rows(result))
    elif fmt == "csv":
        click.echo(sqlconsole.to_csv_bytes(result).decode("utf-8"), nl=False)
    elif result.columns:
        click.echo(format_table(result))
        warn(f"{result.row_count:,} row{'s' * (result.row_count != 1)} ({result.elapsed_s:.2f} s)")
    notice = result.notice()
    if notice:
        warn(notice)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the saved queries (with their SQL) as JSON.")
@pass_cli
def queries(ctx: CliContext, as_json: bool) -> None:
    """List the saved queries; run one with `workbench sql --saved NAME`."""
    if not Path(ctx.db_path).is_file():
        raise NotFound(f"no database at {ctx.db_path}; create it with `workbench init`")
    with connect(ctx.db_path) as con:
        rows = sqlconsole.list_saved(con)
    if as_json:
        echo_json([{k: r[k] for k in ("name", "description", "sql", "builtin", "updated_at", "updated_by", "versions")}
                   for r in rows])
        return
    if not rows:
        click.echo("no saved queries")
        return
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        click.echo(f"{r['name'].ljust(width)}  {r['description'] or ''}")


@cli.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(list(backups.FORMATS)), default="duckdb", show_default=True,
              help="duckdb: one database file; parquet: a folder with schema.sql, load.sql and a Parquet file per table.")
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@pass_cli
def backup_command(ctx: CliContext, path: Path, fmt: str, force: bool) -> None:
    """Write a consistent copy of the database to PATH (safe while the dashboard is in use)."""
    report = backups.backup(ctx.db_path, path, fmt=fmt, overwrite=force)
    click.echo(f"backup written: {report.summary()}")


@cli.command("restore")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--force", is_flag=True, help="Replace an existing database (it is kept as NAME.before-restore).")
@pass_cli
def restore_command(ctx: CliContext, path: Path, force: bool) -> None:
    """Replace the database with the backup at PATH (a backup file or a Parquet backup folder).

    Stop the dashboard and running ingests first: the restored database is the backup's state.
    """
    report = backups.restore(path, ctx.db_path, force=force)
    click.echo(f"restored: {report.summary()}")
    if report.kept:
        click.echo(f"the previous database was kept as {report.kept}")
