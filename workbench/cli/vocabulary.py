"""CLI commands: `workbench vocabulary list|add|remove|load` (the desk's own synonyms for matching)."""

from __future__ import annotations

from pathlib import Path

import click

from ..store import vocabulary as vocabulary_store
from ..store.connection import connect, transaction
from ..store.reference import initialize
from .base import CliContext, cli, echo_json, pass_cli, reviewer_option

_AFTER = "Run `workbench recluster` to re-match the mentions already placed."


@cli.group("vocabulary", invoke_without_command=True)
@click.pass_context
def vocabulary(click_ctx: click.Context) -> None:
    """The desk's own words for matching: a story's weapons, places or products read as a general word.

    The shipped synonyms hold general English only (supplied / sent / delivered; drones / UAVs). A desk
    following a story adds its names: `workbench vocabulary add drone "Shahed" "Geran-2"` makes the matcher read
    both as "drone". New mentions are matched with them at once; `workbench recluster` re-matches the rest.
    """
    if click_ctx.invoked_subcommand is None:
        click_ctx.invoke(list_vocabulary)


@vocabulary.command("list")
@click.option("--json", "as_json", is_flag=True,
              help='Print {"groups": [[head, phrase, ...], ...]}, the file `load` reads (to copy a vocabulary).')
@pass_cli
def list_vocabulary(ctx: CliContext, as_json: bool) -> None:
    """List the desk's synonyms, grouped by the word they are read as."""
    initialize(ctx.db_path)
    with connect(ctx.db_path) as con:
        groups = vocabulary_store.groups(con)
    if as_json:
        echo_json({"groups": [[head, *phrases] for head, phrases in groups]})
        return
    for head, phrases in groups:
        click.echo(f"{head}: {', '.join(phrases)}")
    if not groups:
        click.echo("No words of the desk's own yet: `workbench vocabulary add HEAD PHRASE...` adds some.")


@vocabulary.command("add")
@click.argument("head")
@click.argument("phrases", nargs=-1, required=True)
@reviewer_option()
@pass_cli
def add_words(ctx: CliContext, head: str, phrases: tuple[str, ...], reviewer: str) -> None:
    """Read each PHRASE as HEAD when matching (e.g. `add drone Shahed "Geran-2"`)."""
    initialize(ctx.db_path)
    with connect(ctx.db_path) as con, transaction(con):
        added = vocabulary_store.add_synonyms(con, head, phrases, reviewer)
    click.echo(f"{added} word(s) now read as “{vocabulary_store.phrase_key(head)}”. {_AFTER if added else ''}".rstrip())


@vocabulary.command("remove")
@click.argument("phrase")
@reviewer_option()
@pass_cli
def remove_word(ctx: CliContext, phrase: str, reviewer: str) -> None:
    """Stop reading PHRASE as another word."""
    initialize(ctx.db_path)
    with connect(ctx.db_path) as con, transaction(con):
        removed = vocabulary_store.remove_synonym(con, phrase, reviewer)
    key = vocabulary_store.phrase_key(phrase)
    click.echo(f"“{key}” removed. {_AFTER}" if removed else f"“{key}” is not in the vocabulary.")


@vocabulary.command("load")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@reviewer_option()
@pass_cli
def load_words(ctx: CliContext, path: Path, reviewer: str) -> None:
    """Add the groups of a JSON file {"groups": [["drone", "Shahed", "Geran-2"], ...]} (head first), all or none."""
    groups = vocabulary_store.read_vocabulary_file(path)
    initialize(ctx.db_path)
    with connect(ctx.db_path) as con, transaction(con):
        added = vocabulary_store.add_groups(con, groups, reviewer)
    click.echo(f"{added} word(s) added or changed from {len(groups)} group(s). {_AFTER if added else ''}".rstrip())
