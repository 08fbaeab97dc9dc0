"""CLI commands: init, demo, ingest, import-mentions, log, serve, status, settings."""

from __future__ import annotations

import ipaddress
import os
import sys
import time
from pathlib import Path

import click

from .. import pipeline, signin

from ..config import Settings
from ..demo import build_demo
from ..store import browse
from ..store import articles as article_store
from ..store.connection import connect, transaction
from ..store.reference import initialize
from ..store.settings import load_settings, read_settings, reset_setting, write_setting
from .base import CliContext, cli, echo_json, pass_cli, reviewer_option, warn


@cli.command()
@pass_cli
def init(ctx: CliContext) -> None:
    """Create the database, or migrate it to the current schema."""
    applied = initialize(ctx.db_path)
    if applied:
        click.echo(f"{ctx.db_path}: applied {', '.join(applied)}")
    else:
        click.echo(f"{ctx.db_path}: schema is up to date")


class _Progress:
    """Progress on stderr for long runs: every 2 s on a terminal, every 15 s into a log file."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.last = time.monotonic()
        self.every = 2.0 if sys.stderr.isatty() else 15.0

    def __call__(self, report: pipeline.IngestReport) -> None:
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            warn(f"{self.label}: {report.records} records read, {report.summary()}")


def _finish(report: pipeline.IngestReport) -> None:
    for error in report.errors:
        warn(str(error))
    click.echo(report.summary())
    if report.errors:
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@reviewer_option("Name recorded on the stored mentions.")
@pass_cli
def ingest(ctx: CliContext, paths: tuple[Path, ...], reviewer: str) -> None:
    """Ingest articles from files and folders (.json, .jsonl, .txt, .html, ClaimReview).

    Every article is extracted, matched and stored in its own transaction. Bad records are reported as
    FILE:LINE: reason on stderr and the rest still loads (exit status 1 if any record was bad).
    """
    _finish(pipeline.ingest_paths(ctx.db_path, paths, progress=_Progress("ingest"), reviewer=reviewer))


@cli.command("import-mentions")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@reviewer_option("Name recorded on the stored mentions.")
@pass_cli
def import_mentions(ctx: CliContext, path: Path, reviewer: str) -> None:
    """Import logged mentions from a JSONL file, without extraction.

    Fields per line: quote (required), claimant (null = unknown), stance (asserts|denies), speaker,
    url, outlet, published, title, claim_id.
    """
    _finish(pipeline.import_mentions(ctx.db_path, path, progress=_Progress("import"), reviewer=reviewer))


@cli.command()
@click.option("--quote", required=True, help="The claim as the source states it.")
@click.option("--claimant", required=True, help="Who asserts or denies it (an actor or alias; '' = unknown).")
@click.option("--stance", type=click.Choice(["asserts", "denies"]), default="asserts", show_default=True)
@click.option("--speaker", help="The person quoted, as written.")
@click.option("--url", help="Where it was said (http/https).")
@click.option("--outlet", help="The outlet that carried it.")
@click.option("--published", help="Date of the source, YYYY-MM-DD.")
@click.option("--claim-id", type=int, help="Attach to this claim instead of matching.")
@reviewer_option()
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_cli
def log(ctx: CliContext, quote: str, claimant: str, stance: str, speaker: str | None, url: str | None,
        outlet: str | None, published: str | None, claim_id: int | None, reviewer: str, as_json: bool) -> None:
    """Log one mention by hand; prints the claim it joined or created, with the score."""
    placement = pipeline.log_mention(
        ctx.db_path, quote=quote, claimant=claimant or None, stance=stance, speaker=speaker, url=url,
        outlet=outlet, published=published, claim_id=claim_id, reviewer=reviewer,
    )
    with connect(ctx.db_path) as con:
        text = browse.claim_summaries(con, [placement.claim_id])[placement.claim_id]["text"]
    result = {
        "mention_id": placement.mention_id, "claim_id": placement.claim_id, "claim_text": text,
        "created_claim": placement.created_claim, "decision": placement.decision, "score": placement.score,
    }
    if as_json:
        echo_json(result)
    elif placement.created_claim:
        score = f" (best match scored {placement.score:.2f})" if placement.score else ""
        click.echo(f"new claim #{placement.claim_id}: {text}{score}")
    else:
        score = f" with score {placement.score:.2f}" if placement.score is not None else ""
        click.echo(f"joined claim #{placement.claim_id}{score}: {text}")


@cli.command()
@click.option("--from", "demo_dir", type=click.Path(file_okay=False, path_type=Path), help="Demo folder (default data/demo).")
@pass_cli
def demo(ctx: CliContext, demo_dir: Path | None) -> None:
    """Build the demo database from data/demo/ (safe to run twice)."""
    report = build_demo(ctx.db_path, demo_dir)
    for error in report.ingest.errors + report.logged.errors:
        warn(str(error))
    for phrase in report.reviews_unmatched:
        warn(f"demo review matched no claim: {phrase!r}")
    click.echo(f"articles: {report.ingest.summary()}")
    click.echo(f"logged mentions: {report.logged.summary()}")
    click.echo(f"review decisions applied: {report.reviews_applied}")
    with connect(ctx.db_path) as con:
        totals = article_store.counts(con)
    click.echo(f"{ctx.db_path}: " + ", ".join(f"{v} {k}" for k, v in totals.items()))


@cli.command()
@pass_cli
def status(ctx: CliContext) -> None:
    """Row counts of the database."""
    initialize(ctx.db_path)
    with connect(ctx.db_path) as con:
        echo_json({"db": str(ctx.db_path), **article_store.counts(con)})


@cli.command("settings")
@click.argument("key", required=False)
@click.argument("value", required=False)
@click.option("--reset", is_flag=True, help="Forget KEY's stored value (back to its default).")
@reviewer_option()
@click.option("--json", "as_json", is_flag=True, help="Print the settings as JSON.")
@pass_cli
def settings_command(ctx: CliContext, key: str | None, value: str | None, reset: bool, reviewer: str,
                     as_json: bool) -> None:
    """Show the settings (with where each comes from), or store one: `workbench settings match_auto 60`.

    Stored values live in the database and hold for every user of it; a `WORKBENCH_<NAME>` environment
    variable still overrides them for one process. After changing a threshold, `workbench recluster`
    re-matches the mentions already stored.
    """
    initialize(ctx.db_path)
    with connect(ctx.db_path) as con:
        if key is not None and (value is not None or reset):
            with transaction(con):
                changed = (reset_setting(con, key, reviewer) if reset
                           else write_setting(con, key, value, reviewer))
            if not changed:
                click.echo(f"{key}: unchanged")
        stored = read_settings(con)
        effective = load_settings(con)
    rows = []
    for name in effective.field_names():
        if key is not None and name != key:
            continue
        source = ("environment" if f"WORKBENCH_{name.upper()}" in os.environ
                  else "stored" if name in stored else "default")
        rows.append({"name": name, "value": getattr(effective, name), "source": source})
    if key is not None and not rows:
        raise Settings.unknown(key)
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        click.echo(f"{row['name']:<18} {row['value']!s:<24} {row['source']}")
    if key in ("match_auto", "match_suggest", "match_group") and (value is not None or reset):
        click.echo("New mentions are placed with this now; `workbench recluster` re-matches the stored ones.")


@cli.command()
@click.option("--port", type=int, default=8501, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 for every interface (a shared server: needs sign-in).")
@click.option("--secrets", "secrets_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Streamlit secrets file with the [auth] sign-in section (default: ~/.streamlit/secrets.toml and "
                   ".streamlit/secrets.toml here, as Streamlit reads them).")
@click.option("--insecure", is_flag=True,
              help="Listen beyond this machine without sign-in: anyone who reaches the port can change anything.")
@pass_cli
def serve(ctx: CliContext, port: int, host: str, secrets_file: Path | None, insecure: bool) -> None:
    """Start the dashboard (headless, on 127.0.0.1 unless --host says otherwise).

    With an [auth] section in the secrets, people sign in with the desk's identity provider and act with
    their role (`workbench users`); without one the dashboard is in single-user local mode. Listening on
    another address than this machine's own needs sign-in, unless --insecure.
    """
    files = [secrets_file] if secrets_file else signin.default_secrets_files()
    problem = signin.auth_problem(signin.read_auth_section(files))
    if problem and not _loopback(host) and not insecure:
        raise click.ClickException(
            f"refusing to listen on {host} without sign-in ({problem}): anyone who reaches the port could set "
            "verdicts, merge claims and change settings under any name. Configure [auth] in "
            ".streamlit/secrets.toml (README, \"Sign-in and roles\"), or pass --insecure on a network you trust."
        )
    initialize(ctx.db_path)
    app = Path(__file__).resolve().parents[1] / "app" / "streamlit_app.py"
    env = {**os.environ, "WORKBENCH_DB": str(Path(ctx.db_path).resolve())}
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    mode = "sign-in required" if not problem else "single-user local mode, no sign-in"
    click.echo(f"Claim Workbench on http://{shown}:{port}/  (database {ctx.db_path}; {mode})")
    command = [
        sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
        "--server.address", host, "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]
    for path in files:  # the dashboard reads the secrets serve checked, and no others
        command += ["--secrets.files", str(Path(path).resolve())]
    sys.stdout.flush()
    os.execve(sys.executable, command, env)  # becomes the server: signals reach Streamlit directly


def _loopback(host: str) -> bool:
    """Whether `host` is this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False
