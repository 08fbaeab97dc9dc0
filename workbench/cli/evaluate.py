"""CLI command: eval — score extraction (and matching) against a gold folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..evaluate import MATCHING_FIGURES, STORY_FIGURES, evaluate_by_story, evaluate_dir, evaluate_extraction_in_process
from .base import cli, echo_json

_FIGURES = ("recall", "precision", "stance_accuracy", "claimant_accuracy")
_STORY_HEADERS = {"recall": "recall", "precision": "precis", "stance_accuracy": "stance", "claimant_accuracy": "claim.",
                  "pair_f1": "pairF1", "pair_precision": "pairP", "hit_at_1": "hit@1", "mrr_at_5": "MRR@5"}


@cli.command("eval")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--in-process", is_flag=True, help="Score extraction alone, without ingesting into a database.")
@click.option("--details", is_flag=True, help="List missed gold mentions, false positives and wrong attributes.")
@click.option(
    "--keep-db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Build the evaluation database at this new path and keep it (default: a temporary file).",
)
@click.option("--by-story", is_flag=True,
              help="Score each story on its own (stories from articles_index.json) and average over stories.")
@click.option("--stories", default="", help="With --by-story: only these stories (comma-separated).")
@click.option("--check", "check", default="",
              help="With --by-story: the stories of your check set (comma-separated), averaged apart from the rest.")
def eval_command(directory: Path, as_json: bool, in_process: bool, details: bool, keep_db: Path | None,
                 by_story: bool, stories: str, check: str) -> None:
    """Score extraction against DIRECTORY (articles/*.json and gold.json, as ../shared/devset).

    The folder's articles are ingested into a fresh database and the stored mentions are compared with
    gold: recall and precision (a span covering at least half of a gold mention finds it), stance and
    claimant accuracy on the found ones, overall and per article. Matching figures are added when the
    matching evaluation is installed. With --by-story each story is scored in a database of its own and the
    table shows one row per story and the macro averages (--in-process: extraction only).
    """
    if by_story:
        report = evaluate_by_story(directory, [s for s in stories.split(",") if s],
                                   [s for s in check.split(",") if s], matching=not in_process)
        if as_json:
            echo_json(report)
        else:
            for line in format_story_table(report):
                click.echo(line)
        return
    if in_process:
        report = evaluate_extraction_in_process(directory)
    else:
        report = evaluate_dir(directory, keep_db)
    if as_json:
        echo_json(report)
        return
    for line in format_report(report, details=details):
        click.echo(line)


def format_story_table(report: dict[str, Any]) -> list[str]:
    """One row per story, then the macro averages (the check set apart when one was named)."""
    keys = STORY_FIGURES + MATCHING_FIGURES
    lines = [f"{'story':<28}{'gold':>5}" + "".join(f"{_STORY_HEADERS[k]:>8}" for k in keys)
             + f"{'contra.':>9}{'wrong':>7}"]
    check = set(report.get("check_stories") or ())

    def row(name: str, gold: str, figures: dict[str, Any]) -> str:
        return (f"{name:<28}{gold:>5}" + "".join(f"{_pct(figures.get(k)):>8}" for k in keys)
                + f"{_contradicts(figures):>9}{_count(figures.get('contradicts_wrong_links')):>7}")

    for r in report["stories"]:
        lines.append(row(r["story"] + (" *" if r["story"] in check else ""), str(r["gold"]), r))
    lines.append(row(f"macro ({len(report['stories'])} stories)", "", report["macro"]))
    if check:
        lines.append(row(f"macro, check set * ({len(check)})", "", report["macro_check"]))
        lines.append(row(f"macro, the others ({len(report['stories']) - len(check)})", "", report["macro_other"]))
    return lines


def _contradicts(figures: dict[str, Any]) -> str:
    """Gold `contradicts` pairs linked, of those whose two claims exist: "3/5"."""
    gold, linked = figures.get("contradicts_gold_pairs"), figures.get("contradicts_linked")
    return "  -  " if gold is None or linked is None else f"{linked}/{gold}"


def _count(value: int | None) -> str:
    return "  -  " if value is None else str(value)


def _pct(value: float | None) -> str:
    return "  -  " if value is None else f"{value:5.3f}"


def format_report(report: dict[str, Any], details: bool = False) -> list[str]:
    """The report as a readable table: overall figures, then one row per article."""
    lines = [
        f"Extraction ({report.get('source', 'database')}): {report['gold']} gold mentions, "
        f"{report['predicted']} predicted, {report['found']} found, {report['correct']} predicted correctly",
        "",
        f"{'article':<10} {'gold':>5} {'pred':>5} {'found':>6} {'recall':>7} {'precis':>7} {'stance':>7} {'claim.':>7}",
    ]
    for aid, row in report["per_article"].items():
        lines.append(
            f"{aid:<10} {row['gold']:>5} {row['predicted']:>5} {row['found']:>6} {_pct(row['recall']):>7} "
            f"{_pct(row['precision']):>7} {_pct(row['stance_accuracy']):>7} {_pct(row['claimant_accuracy']):>7}"
        )
    lines.append(
        f"{'overall':<10} {report['gold']:>5} {report['predicted']:>5} {report['found']:>6} "
        + " ".join(f"{_pct(report[k]):>7}" for k in _FIGURES)
    )
    if report.get("extraction_ms_per_10kb") is not None:
        lines.append(f"extraction speed: {report['extraction_ms_per_10kb']} ms per 10 kB")
    if report.get("ingest_seconds") is not None:
        lines.append(f"ingest time: {report['ingest_seconds']} s")
    for error in report.get("ingest_errors") or []:
        lines.append(f"ingest error: {error}")
    matching = report.get("matching")
    if isinstance(matching, dict):
        lines.append("")
        lines.append("Matching:")
        for key, value in matching.items():
            if isinstance(value, (int, float, str)) or value is None:
                lines.append(f"  {key}: {value}")
        if details:
            for case in matching.get("hard_case_failures") or []:
                lines.append(f"  hard case {case['a']} / {case['b']}: expected {case['expected']}, got {case['got']}"
                             f" ({_short(case['type'], 70)})")
    if details:
        for aid, row in report["per_article"].items():
            if not (row["misses"] or row["false_positives"] or row["errors"]):
                continue
            lines.append("")
            lines.append(f"== {aid}")
            for m in row["misses"]:
                lines.append(f"  missed      [{m['stance']}, {m['claimant']}] {m['quote']}")
            for m in row["false_positives"]:
                lines.append(f"  not in gold [{m['stance']}, {m['claimant']}] {m['quote']}")
            for m in row["errors"]:
                lines.append(
                    f"  wrong       gold [{m['gold_stance']}, {m['gold_claimant']}] got [{m['stance']}, "
                    f"{m['claimant']}] {m['quote']}"
                )
        lines.extend(remaining_misses(report))
    return lines


def _short(text: str | None, width: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def remaining_misses(report: dict[str, Any]) -> list[str]:
    """A short closing list of the gold mentions no prediction found, one line each (article, stance, claimant)."""
    misses = [(aid, m) for aid, row in report["per_article"].items() for m in row["misses"]]
    lines = ["", f"Remaining misses: {len(misses)} of {report['gold']} gold mentions"]
    for aid, m in misses:
        lines.append(f"  {aid:<8} {m['stance'] or '-':<8} {_short(m['claimant'], 24):<24} {_short(m['quote'])}")
    return lines
