"""CLI commands: fit-matcher (fit and validate the shipped decision model) and learn (a desk teaches it)."""

from __future__ import annotations

from pathlib import Path

import click

from ..store import matching as match_store
from ..store.reference import initialize
from ..store.settings import load_settings
from ..store.connection import connect, transaction
from .base import CliContext, cli, echo_json, pass_cli, reviewer_option

DEFAULT_CHECK = "india-canada-nijjar,mh17,navalny-poisoning,belarus-migrant-crisis"
"""The dev set's stories kept apart as a check set (pannun-plot counts with india-canada-nijjar)."""


def _model_path() -> Path:
    from ..match.model import MODEL_FILE

    return Path(__file__).resolve().parent.parent / "data" / MODEL_FILE


@cli.command("fit-matcher")
@click.argument("devset", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--emergent", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Emergent's headlines grouped by rumour (../shared/benchmarks/emergent-dev).")
@click.option("--clef", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="CLEF-2020 CheckThat! 2 (../shared/benchmarks/clef2020-task2-en): its train split.")
@click.option("--synthetic", type=click.IntRange(0, 100_000), default=2000, show_default=True,
              help="Mentions of the synthetic stream to add.")
@click.option("--check", default=DEFAULT_CHECK, show_default=True,
              help="Stories kept apart: never fit on, reported apart (comma-separated; empty for none).")
@click.option("--loso", is_flag=True, help="Also validate leave one story out and print the per-story table.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the model (default: the shipped workbench/data/match_model.json).")
@click.option("--no-write", is_flag=True, help="Validate only; write no model.")
@click.option("--json", "as_json", is_flag=True, help="Print the validation report as JSON.")
def fit_matcher_command(devset: Path, emergent: Path | None, clef: Path | None, synthetic: int, check: str,
                        loso: bool, output: Path | None, no_write: bool, as_json: bool) -> None:
    """Fit the decision model on the labelled pairs of DEVSET (a gold folder as ../shared/devset) and the other
    sources given, and write it as the shipped model. The data is read where it is, never copied."""
    from ..match.fit import FitSources, training_rows
    from ..match_validate import format_loso, leave_one_story_out, ship_model

    checked = [s for s in check.split(",") if s]
    sources = FitSources(devset, emergent, clef, synthetic)
    rows = training_rows(sources, progress=lambda line: click.echo(line, err=True))
    pair_rows = training_rows(sources, each_mention=True,
                              progress=lambda line: click.echo(f"two mentions, {line}", err=True))
    if not no_write:
        model = ship_model(rows, checked, pair_rows)
        path = output or _model_path()
        model.save(path)
        click.echo(f"model written to {path}: {model.info['pairs']} pairs ({model.info['positives']} the same claim)",
                   err=True)
    if loso:
        report = leave_one_story_out(sources, checked, rows=rows, progress=lambda line: click.echo(line, err=True),
                                     pair_rows=pair_rows)
        if as_json:
            echo_json(report)
        else:
            for line in format_loso(report):
                click.echo(line)


@cli.command("learn")
@click.option("--min-decisions", type=click.IntRange(1), default=1, show_default=True,
              help="Refit only when at least this many reviewer decisions are new since the last fit.")
@click.option("--no-recluster", is_flag=True, help="Refit only; leave the claims as they are.")
@reviewer_option()
@pass_cli
def learn_command(ctx: CliContext, min_decisions: int, no_recluster: bool, reviewer: str) -> None:
    """Teach the matcher this database's reviewer decisions (confirmed and rejected suggestions, merges, splits,
    moves): recalibrate the shipped model to them (a shift of its log-odds, as far as the decisions show), then
    re-cluster what no decision protects."""
    from ..learn import learn

    initialize(ctx.db_path)
    with connect(ctx.db_path) as con:
        settings = load_settings(con)
        with transaction(con):
            result = learn(con, settings, reviewer, min_decisions=min_decisions, recluster=not no_recluster)
    click.echo(result.summary())
