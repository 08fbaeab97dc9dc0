"""The click group every command hangs on: global `--db`, error mapping, shared output helpers."""

from __future__ import annotations

import getpass
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

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
F = TypeVar("F", bound=Callable[..., Any])


def os_user() -> str:
    """The operating-system user running this command: what its changes record unless `--reviewer` says otherwise."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment nor in the password database
        return "local"


def _reviewer_or_os_user(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str:
    return value if value and value.strip() else os_user()


def reviewer_option(help: str = "Your name, for the audit log.") -> Callable[[F], F]:
    """`--reviewer NAME`: who the command's changes are recorded as; the OS user when not given."""
    return click.option("--reviewer", callback=_reviewer_or_os_user, help=f"{help} Default: your OS user name.")


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
