"""CLI commands: `workbench users list|add|set-role|remove` (who may sign in to the dashboard, with which role)."""

from __future__ import annotations

import click

from .. import access
from ..models import Role
from ..store import users as user_store
from ..store.connection import connect, transaction
from ..store.reference import initialize
from ..store.settings import load_settings
from .base import CliContext, cli, echo_json, pass_cli, reviewer_option

ROLES = [r.value for r in Role]


@cli.group(invoke_without_command=True)
@click.pass_context
def users(click_ctx: click.Context) -> None:
    """Who may use the dashboard when sign-in is configured, and with which role.

    viewer: read every page, run read-only SQL, export. reviewer: also status, verdict and evidence, the
    review queue, logging and ingesting, merging and splitting. admin: also settings and thresholds, actors
    and aliases, the matching vocabulary, saved queries, users. An identity is the e-mail address (or subject) the identity provider
    reports; one without a row gets the `default_role` setting (`workbench settings default_role none`
    refuses them).
    """
    if click_ctx.invoked_subcommand is None:
        click_ctx.invoke(list_users)


@users.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
@pass_cli
def list_users(ctx: CliContext, as_json: bool) -> None:
    """List every user with their role."""
    initialize(ctx.db_path)
    with connect(ctx.db_path) as con:
        rows = user_store.list_users(con)
        default = load_settings(con).default_role
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        name = f"  {row['display_name']}" if row["display_name"] else ""
        click.echo(f"{row['role']:<9} {row['identity']}{name}")
    if not rows:
        click.echo("No users yet: `workbench users add IDENTITY --role admin` names the first administrator.")
    click.echo(f"Anyone else who signs in: {default if default != access.NO_ACCESS else 'refused'} "
               "(the default_role setting).")


@users.command("add")
@click.argument("identity")
@click.option("--role", type=click.Choice(ROLES, case_sensitive=False), default=Role.VIEWER.value, show_default=True,
              help="What they may do.")
@click.option("--name", help="Display name (default: the one their identity provider gives).")
@reviewer_option()
@pass_cli
def add_user(ctx: CliContext, identity: str, role: str, name: str | None, reviewer: str) -> None:
    """Give IDENTITY (an e-mail address or subject) a role."""
    initialize(ctx.db_path)
    with connect(ctx.db_path) as con, transaction(con):
        row = user_store.add_user(con, identity, role, reviewer, name=name)
    click.echo(f"{row['identity']}: {row['role']}")


@users.command("set-role")
@click.argument("identity")
@click.argument("role", type=click.Choice(ROLES, case_sensitive=False))
@reviewer_option()
@pass_cli
def set_role(ctx: CliContext, identity: str, role: str, reviewer: str) -> None:
    """Change IDENTITY's role to ROLE."""
    initialize(ctx.db_path)
    with connect(ctx.db_path) as con, transaction(con):
        changed = user_store.set_role(con, identity, role, reviewer)
    key = access.normalize_identity(identity)
    click.echo(f"{key}: {role.lower()}" if changed else f"{key}: already {role.lower()}")


@users.command("remove")
@click.argument("identity")
@reviewer_option()
@pass_cli
def remove_user(ctx: CliContext, identity: str, reviewer: str) -> None:
    """Remove IDENTITY's row (they then get the default_role setting, or are refused)."""
    initialize(ctx.db_path)
    with connect(ctx.db_path) as con, transaction(con):
        user_store.remove_user(con, identity, reviewer)
        default = load_settings(con).default_role
    after = "refused at sign-in" if default == access.NO_ACCESS else f"a {default} by default"
    click.echo(f"{access.normalize_identity(identity)}: removed (now {after})")
