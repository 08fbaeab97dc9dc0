"""CLI commands: match (the most similar existing claims) and recluster."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from .. import clustering

from ..errors import InputError, WorkbenchError
from ..store import browse
from ..store.connection import Connection, connect, hide_progress_bar, transaction
from ..store.reference import initialize
from ..store.settings import load_settings
from .base import CliContext, cli, echo_json, pass_cli, reviewer_option, warn


def _results(con: Connection, candidates: list[Any]) -> list[dict[str, Any]]:
    """Candidates as output rows, with the claims' text, status, verdict and mention count."""
    found = browse.claim_summaries(con, [int(c.claim_id) for c in candidates]) if candidates else {}
    out = []
    for c in candidates:
        claim = found.get(int(c.claim_id))
        if claim is None:
            continue
        out.append({
            "claim_id": int(c.claim_id), "text": claim["text"], "score": c.score, "status": claim["status"],
            "verdict": claim["verdict"], "mentions": int(claim["mentions"]), "text_score": c.text_score,
            "actor_score": c.actor_score, "direction_score": c.direction_score, "number_score": c.number_score,
            "role_score": c.role_score, "compared_text": c.compared_text, "candidate_text": c.candidate_text,
        })
    return out


def _read_queries(path: Path) -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
    """(where, query) pairs of a JSONL file of {"id", "text", "claimant"?, "stance"?}, and the bad lines."""
    good: list[tuple[str, dict[str, Any]]] = []
    bad: list[str] = []
    data = path.read_bytes()
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            bad.append(f"{where}: not UTF-8 text")
            continue
        except json.JSONDecodeError as exc:
            bad.append(f"{where}: invalid JSON: {exc.msg}")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
            bad.append(f"{where}: expected an object with a non-empty \"text\"")
            continue
        stance = record.get("stance")
        if stance is not None and stance not in ("asserts", "denies"):
            bad.append(f"{where}: stance must be asserts or denies")
            continue
        good.append((where, record))
    return good, bad


@cli.command("match")
@click.argument("text", required=False)
@click.option("--claimant", help="Who says it (an actor or alias); helps tell mirror-image claims apart.")
@click.option("--stance", type=click.Choice(["asserts", "denies"]), help="Whether the text asserts or denies its claim.")
@click.option("--top", type=click.IntRange(1, 100), help="How many claims to show (default: the match_top_k setting).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of {claim_id, text, score, ...}.")
@click.option("--queries", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help='JSONL file, one {"id", "text", "claimant"?, "stance"?} per line; prints one {"id", "results"} per line.')
@pass_cli
def match_command(ctx: CliContext, text: str | None, claimant: str | None, stance: str | None, top: int | None,
                  as_json: bool, queries: Path | None) -> None:
    """Show the existing claims most similar to TEXT, best first, with their scores (the probability that TEXT
    states the claim, 0-1). Pasted links, embed signatures and handles are cleaned from the text first."""
    if (text is None) == (queries is None):
        raise click.UsageError("give either TEXT or --queries FILE")
    if text is not None and not text.strip():
        raise InputError("the text to match is empty")
    if not Path(ctx.db_path).exists():
        raise WorkbenchError(f"no database at {ctx.db_path}; create one with `workbench init` or choose it with --db")
    with connect(ctx.db_path, read_only=True) as con:
        settings = load_settings(con)
        k = top or settings.match_top_k
        hide_progress_bar(con)
        index = clustering.load_index_cached(con, ctx.db_path)
        if queries is None:
            assert text is not None
            rows = _results(con, index.lookup(text, claimant or None, top=k, stance=stance))
            if as_json:
                echo_json(rows)
            elif not rows:
                click.echo("no similar claims")
            else:
                for row in rows:
                    click.echo(f"#{row['claim_id']:<6} {row['score']:5.2f}  {row['text']}")
            return
        good, bad = _read_queries(queries)
        for where, record in good:
            found = index.lookup(record["text"], record.get("claimant") or None, top=k, stance=record.get("stance"))
            echo_json({"id": record.get("id"), "results": _results(con, found)})
    for message in bad:
        warn(message)
    if bad:
        sys.exit(1)


@cli.command("recluster")
@reviewer_option()
@pass_cli
def recluster_command(ctx: CliContext, reviewer: str) -> None:
    """Re-match every mention (after thresholds or aliases changed), keeping reviewer decisions.

    Pairs a reviewer confirmed stay together, rejected pairs stay apart, mentions moved by hand stay where
    they were put, and claims that continue keep their id, status and verdict.
    """
    initialize(ctx.db_path)
    with connect(ctx.db_path) as con:
        settings = load_settings(con)
        with transaction(con):
            report = clustering.recluster(con, settings, reviewer)
    click.echo(report.summary())
