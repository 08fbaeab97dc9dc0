"""CLI commands: export, import-table, ratings (the publishers' rating -> verdict mapping)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..claimreview import (
    apply_verdict_mappings,
    load_verdict_mappings,
    rating_key,
    remove_verdict_mapping,
    set_verdict_mapping,
    unknown_ratings,
)
from ..errors import InputError
from ..export import FORMATS, WHAT, export as run_export
from ..models import Verdict
from ..store.connection import connect, transaction
from ..store.settings import load_settings
from ..tables import FIELDS, ensure_schema, import_table, parse_mapping
from .base import CliContext, cli, echo_json, pass_cli, reviewer_option, warn

_SUFFIX_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet", ".json": "claimreview",
                   ".jsonld": "claimreview"}


def _ready(db_path: Path) -> None:
    if not Path(db_path).exists():
        raise InputError(f"no database at {db_path}; create one with `workbench init` or choose one with --db")
    ensure_schema(db_path)


@cli.command()
@click.argument("what", type=click.Choice(WHAT))
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="jsonl (default), csv, parquet (needs -o), or claimreview (schema.org JSON-LD, claims only)."
                   " Default: from the -o suffix, else jsonl.")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@pass_cli
def export(ctx: CliContext, what: str, fmt: str | None, output: Path | None) -> None:
    """Export claims, mentions or articles.

    JSONL, CSV and Parquet carry the same columns; Parquet keeps types. `--format claimreview` writes one
    schema.org ClaimReview per claim with a verdict, ready for a fact-check page or another workbench.
    """
    if fmt is None:
        fmt = _SUFFIX_FORMATS.get(output.suffix.lower(), "jsonl") if output else "jsonl"
        if fmt == "claimreview" and what != "claims":
            fmt = "jsonl"
    if fmt == "parquet" and output is None:
        raise InputError("parquet is a binary format: give an output file with -o FILE.parquet")
    _ready(ctx.db_path)
    with connect(ctx.db_path) as con:
        settings = load_settings(con)
        if output is None:
            count = run_export(con, what, fmt, sys.stdout, settings)
        else:
            count = run_export(con, what, fmt, output, settings)
    if output is not None:
        warn(f"{count} {what if fmt != 'claimreview' else 'ClaimReview records'} written to {output}")


@cli.command("import-table")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--map", "maps", multiple=True, required=True,
              help=f"FIELD=COLUMN pairs, comma-separated or repeated; fields: {', '.join(FIELDS)}."
                   " COLUMN is a header name or a 1-based position.")
@click.option("--format", "fmt", type=click.Choice(["csv", "tsv", "parquet"]), help="Default: from the file suffix.")
@click.option("--no-header", is_flag=True, help="The first row is data, not column names (CSV/TSV).")
@click.option("--delimiter", help="Field separator (default: ',' for csv, tab for tsv).")
@click.option("--quote", help="Quote character (default '\"' for csv, none for tsv; '' for none).")
@click.option("--publisher", help="Who gave the ratings (stored with each rating), e.g. PolitiFact.")
@reviewer_option("Name recorded on the stored mentions and verdicts.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_cli
def import_table_cmd(ctx: CliContext, file: Path, maps: tuple[str, ...], fmt: str | None, no_header: bool,
                     delimiter: str | None, quote: str | None, publisher: str | None, reviewer: str,
                     as_json: bool) -> None:
    """Load claims from a CSV, TSV or Parquet table with a column mapping.

    \b
    The LIAR dataset (tab-separated, no header):
      workbench import-table train.tsv --format tsv --no-header --publisher PolitiFact \\
          --map statement=3,rating=2,subject=4,speaker=5,context=14

    Ratings are mapped to verdicts with `workbench ratings`; unknown ratings are kept and listed.
    """
    if delimiter == "\\t":
        delimiter = "\t"
    stats = import_table(
        ctx.db_path, file, parse_mapping(maps), fmt=fmt, header=not no_header, delimiter=delimiter, quote=quote,
        publisher=publisher, reviewer=reviewer,
    )
    for problem in stats.warnings[:50]:
        warn(f"warning: {problem}")
    if len(stats.warnings) > 50:
        warn(f"warning: ... and {len(stats.warnings) - 50} more rows loaded with a field dropped")
    for problem in stats.errors:
        warn(str(problem))
    if as_json:
        echo_json({
            "rows": stats.rows, "loaded": stats.loaded, "known": stats.known, "mentions": stats.mentions,
            "claims_new": stats.claims_new, "reviews": stats.reviews, "mapped": stats.mapped,
            "unknown": dict(stats.unknown), "verdicts_set": stats.verdicts_set, "conflicts": stats.conflicts,
            "errors": len(stats.errors), "seconds": round(stats.seconds, 2),
        })
    else:
        click.echo(stats.summary())
        if stats.unknown:
            top = ", ".join(f"{r!r} ({n})" for r, n in stats.unknown.most_common(5))
            click.echo(f"unknown ratings kept without a verdict: {top}; map them with `workbench ratings set`")
    if stats.errors:
        sys.exit(1)


@cli.group(invoke_without_command=True)
@click.pass_context
def ratings(click_ctx: click.Context) -> None:
    """The mapping of publishers' ratings (ClaimReview, tables) to verdicts.

    Without a subcommand, lists it. Ratings are compared case-insensitively, ignoring accents,
    underscores, hyphens and trailing punctuation.
    """
    if click_ctx.invoked_subcommand is None:
        click_ctx.invoke(list_ratings)


@ratings.command("list")
@click.option("--verdict", type=click.Choice([v.value for v in Verdict]), help="Only ratings mapped to this verdict.")
@click.option("--unknown", is_flag=True, help="Stored ratings that map to no verdict yet, most frequent first.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_cli
def list_ratings(ctx: CliContext, verdict: str | None, unknown: bool, as_json: bool) -> None:
    """List the mapping (or the unknown ratings with --unknown)."""
    _ready(ctx.db_path)
    with connect(ctx.db_path) as con:
        if unknown:
            rows = unknown_ratings(con)
            if as_json:
                echo_json(rows)
            elif not rows:
                click.echo("every stored rating maps to a verdict")
            for row in [] if as_json else rows:
                click.echo(f"{row['reviews']:>6}  {row['rating_text']!s}  ({row['publishers'] or 'no publisher'})")
            return
        mapping = load_verdict_mappings(con)
    items = sorted((v, k) for k, v in mapping.items() if verdict is None or v == verdict)
    if as_json:
        echo_json([{"rating": k, "verdict": v} for v, k in items])
        return
    for v, k in items:
        click.echo(f"{v:<12} {k}")


@ratings.command("set")
@click.argument("rating")
@click.argument("verdict", type=click.Choice([v.value for v in Verdict], case_sensitive=False))
@reviewer_option()
@pass_cli
def set_rating(ctx: CliContext, rating: str, verdict: str, reviewer: str) -> None:
    """Map RATING (as publishers write it) to VERDICT, and apply it to stored reviews without a verdict.

    Example: workbench ratings set "Pants on Fire" false
    """
    _ready(ctx.db_path)
    with connect(ctx.db_path) as con, transaction(con):
        key = set_verdict_mapping(con, rating, verdict, reviewer)
        applied = apply_verdict_mappings(con, reviewer)
    click.echo(f"{key!r} -> {verdict.lower()}; {applied['reviews']} stored reviews mapped,"
               f" {applied['claims']} claims received a verdict")


@ratings.command("unset")
@click.argument("rating")
@reviewer_option()
@pass_cli
def unset_rating(ctx: CliContext, rating: str, reviewer: str) -> None:
    """Remove RATING from the mapping (stored reviews and verdicts are left as they are)."""
    _ready(ctx.db_path)
    with connect(ctx.db_path) as con, transaction(con):
        removed = remove_verdict_mapping(con, rating, reviewer)
    if not removed:
        raise InputError(f"{rating_key(rating)!r} is not in the mapping; see `workbench ratings list`")
    click.echo(f"{rating_key(rating)!r} removed from the mapping")
