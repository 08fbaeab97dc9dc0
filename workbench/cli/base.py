"""The click group every command hangs on: global `--db`, error mapping, shared output helpers."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import click

from ..config import default_db_path
from ..errors import WorkbenchError


@dataclass
class CliContext:
    """What every command receives: the database path chosen with `--db` / `WORKBENCH_DB`."""

    db_path: Path


class WorkbenchGroup(click.Group):
    """Turns a `WorkbenchError` anywhere below into one clear line on stderr and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WorkbenchError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=WorkbenchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Database file (default: $WORKBENCH_DB or data/workbench.duckdb).",
)
@click.version_option(package_name="claim-workbench", prog_name="workbench")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None) -> None:
    """Claim Workbench: track claims and denials across news articles."""
    ctx.obj = CliContext(db_path=db_path or default_db_path())


pass_cli = click.make_pass_decorator(CliContext)


def echo_json(value: Any) -> None:
    """Print `value` as JSON (dates and other objects as strings)."""
    click.echo(json.dumps(value, ensure_ascii=False, default=str))


def echo_jsonl(values: Iterable[Any]) -> None:
    """Print one JSON document per line."""
    for value in values:
        echo_json(value)


def warn(message: str) -> None:
    """One line on stderr."""
    click.echo(message, err=True)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="workbench")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
