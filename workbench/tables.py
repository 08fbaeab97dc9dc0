"""Import claims from spreadsheets and datasets (CSV, TSV, Parquet) with a column mapping.

Files are read by DuckDB's own readers (`read_csv` with explicit delimiter, header and quote options,
`read_parquet`). Each row becomes an imported mention; all rows are placed on claims by one call of
`clustering.place_mentions`, so statements that say the same thing join one claim. A row's rating is
kept as a `claim_reviews` row (rating text verbatim, the whole row as raw JSON) and mapped to a verdict
through the same editable mapping as ClaimReview ratings; unknown ratings are kept and flagged.

Example, the LIAR dataset (PolitiFact statements; tab-separated, no header, 14 columns):

    workbench import-table train.tsv --format tsv --no-header --publisher PolitiFact \\
        --map statement=3,rating=2,subject=4,speaker=5,context=14
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import clustering
from .access import Permission, User, authorize
from .claimreview import is_generic_claimant, load_verdict_mappings, map_rating, parse_lenient_date
from .config import Settings
from .errors import InputError
from .models import NewMention, Origin, ReviewStatus
from .store import tables as table_store
from .store.articles import ensure_sources
from .store.connection import Connection, connect, open_connection, transaction
from .store.events import record_claim_events
from .store.reference import initialize
from .store.schema import LATEST_VERSION, current_version
from .store.settings import load_settings
from .store.tables import read_table
from .validation import check_url

__all__ = ["FIELDS", "TableStats", "import_table", "parse_mapping"]

FIELDS = ("statement", "speaker", "claimant", "date", "rating", "subject", "context", "url", "outlet")
"""What a column can be mapped to. `statement` is required."""

FORMATS = ("csv", "tsv", "parquet")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")


@dataclass
class TableStats:
    """What `import_table` did. `errors` are rows not loaded; `warnings` rows loaded with a field dropped."""

    rows: int = 0
    loaded: int = 0
    known: int = 0
    """Rows imported before (same statement, speaker, date and URL): skipped."""
    mentions: int = 0
    claims_new: int = 0
    reviews: int = 0
    mapped: int = 0
    unknown: Counter = field(default_factory=Counter)
    """Rating text -> rows whose rating mapped to no verdict (kept verbatim)."""
    verdicts_set: int = 0
    conflicts: int = 0
    errors: list[InputError] = field(default_factory=list)
    warnings: list[InputError] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        unknown = sum(self.unknown.values())
        text = (
            f"{self.loaded} rows loaded: {self.mentions} mentions, {self.claims_new} new claims,"
            f" {self.reviews} ratings ({self.mapped} mapped, {unknown} unknown kept),"
            f" {self.verdicts_set} verdicts set"
        )
        if self.known:
            text += f", {self.known} rows already imported"
        if self.conflicts:
            text += f", {self.conflicts} rating conflicts (first verdict kept)"
        if self.errors:
            text += f", {len(self.errors)} bad rows"
        return text + f" in {self.seconds:.1f} s"


def ensure_schema(db_path: str | Path) -> None:
    """Initialise the database unless it is already at the current schema version (seeding is not free)."""

    if Path(db_path).exists():
        with connect(db_path) as con:
            if current_version(con) == LATEST_VERSION:
                return
    initialize(db_path)


def parse_mapping(specs: Iterable[str]) -> dict[str, str]:
    """`["statement=3,rating=2", "speaker=Speaker"]` -> {field: column}; InputError for unknown fields."""
    mapping: dict[str, str] = {}
    for spec in specs:
        for part in spec.split(","):
            if not part.strip():
                continue
            name, sep, column = part.partition("=")
            name, column = name.strip().lower(), column.strip()
            if not sep or not column:
                raise InputError(f"--map expects FIELD=COLUMN, not {part.strip()!r}")
            if name not in FIELDS:
                raise InputError(f"unknown field {name!r} in --map; fields: {', '.join(FIELDS)}")
            mapping[name] = column
    return mapping


def _format_of(path: Path, fmt: str | None) -> str:
    if fmt:
        fmt = fmt.lower()
        if fmt not in FORMATS:
            raise InputError(f"unknown table format {fmt!r}; choose one of: {', '.join(FORMATS)}")
        return fmt
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("tsv", "tab"):
        return "tsv"
    if suffix in ("parquet", "pq"):
        return "parquet"
    if suffix in ("csv", "txt"):
        return "csv"
    raise InputError(f"cannot tell the format of {path.name}; give --format csv|tsv|parquet", str(path))


def _resolve_columns(mapping: dict[str, str], columns: list[str], path: Path) -> dict[str, int]:
    """field -> 0-based column position; a mapping value is a 1-based position or a column name."""
    if "statement" not in mapping:
        raise InputError("--map must say which column holds the statement (statement=COLUMN)")
    positions: dict[str, int] = {}
    lowered = {c.lower(): i for i, c in reversed(list(enumerate(columns)))}
    for name, column in mapping.items():
        if column.isdigit():
            index = int(column) - 1
            if not 0 <= index < len(columns):
                raise InputError(f"{name}={column}: the file has columns 1 to {len(columns)}", str(path))
        elif column in columns:
            index = columns.index(column)
        elif column.lower() in lowered:
            index = lowered[column.lower()]
        else:
            raise InputError(f"{name}={column}: no such column; columns are {', '.join(columns)[:300]}", str(path))
        positions[name] = index
    return positions


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    text = " ".join(value.split())
    return text or None


def speaker_name(value: str | None) -> str | None:
    """A speaker as written; a lower-case slug (`barack-obama`) becomes a name (`Barack Obama`)."""
    text = _text(value)
    if text and _SLUG.match(text):
        return " ".join(part.capitalize() for part in text.split("-"))
    return text


def import_table(
    con_or_path: Connection | str | Path,
    file: str | Path,
    mapping: dict[str, str],
    *,
    fmt: str | None = None,
    header: bool = True,
    delimiter: str | None = None,
    quote: str | None = None,
    publisher: str | None = None,
    settings: Settings | None = None,
    index: Any = None,
    reviewer: str | User | None = None,
) -> TableStats:
    """Load a table's rows as imported mentions, their ratings as reviews mapped to verdicts.

    With a database path this opens, initialises and commits on its own (one transaction); with an open
    connection the caller holds the transaction (and may pass the match `index` and `settings`).
    Rows without a statement are reported in `errors` and skipped; the rest load.
    """
    reviewer = authorize(reviewer, Permission.ADD, required=False)
    if isinstance(con_or_path, (str, Path)):
        ensure_schema(con_or_path)
        con = open_connection(con_or_path)
        try:
            settings = settings or load_settings(con)
            index = index if index is not None else clustering.load_index(con)
            with transaction(con):
                return import_table(
                    con, file, mapping, fmt=fmt, header=header, delimiter=delimiter, quote=quote,
                    publisher=publisher, settings=settings, index=index, reviewer=reviewer,
                )
        finally:
            con.close()
    return _import(con_or_path, Path(file), mapping, fmt, header, delimiter, quote, publisher, settings, index, reviewer)


def _import(
    con: Connection, path: Path, mapping: dict[str, str], fmt: str | None, header: bool, delimiter: str | None,
    quote: str | None, publisher: str | None, settings: Settings | None, index: Any, reviewer: str | None,
) -> TableStats:
    started = time.perf_counter()
    stats = TableStats()
    if not path.is_file():
        raise InputError("no such file", str(path))
    fmt = _format_of(path, fmt)
    columns, rows = read_table(con, path, fmt, header, delimiter, quote)
    positions = _resolve_columns(mapping, columns, path)
    settings = settings or load_settings(con)
    if index is None:
        index = clustering.load_index(con)
    mappings = load_verdict_mappings(con)
    first_line_no = 2 if header and fmt != "parquet" else 1

    def get(row: tuple, name: str) -> str | None:
        return _text(row[positions[name]]) if name in positions else None

    entries: list[dict[str, Any]] = []
    for number, row in enumerate(rows):
        stats.rows += 1
        where = f"{path}:{number + first_line_no}" if fmt != "parquet" else f"{path}:row {number + 1}"
        statement = get(row, "statement")
        if not statement:
            stats.errors.append(InputError("statement is empty", where))
            continue
        published = None
        if get(row, "date"):
            published = parse_lenient_date(get(row, "date"))
            if published is None:
                stats.warnings.append(InputError(f"date not understood, loaded without it: {get(row, 'date')[:30]!r}", where))
        url = None
        if get(row, "url"):
            try:
                url = check_url(get(row, "url"))
            except InputError as exc:
                stats.warnings.append(InputError(exc.reason + "; loaded without it", where))
        speaker = speaker_name(get(row, "speaker"))
        claimant = get(row, "claimant") or speaker
        entries.append({
            "where": where, "statement": statement, "speaker": speaker,
            "claimant": None if is_generic_claimant(claimant) else claimant,
            "published": published, "url": url, "outlet": get(row, "outlet"), "rating": get(row, "rating"),
            "subject": get(row, "subject"), "context": get(row, "context"),
            "raw": json.dumps(dict(zip(columns, row)), ensure_ascii=False),
        })

    entries = _drop_known(con, entries, stats)
    if not entries:
        stats.seconds = time.perf_counter() - started
        return stats
    article_ids = ensure_sources(con, [(e["url"], e["outlet"], e["published"], None) for e in entries if e["url"]])
    mentions = [
        NewMention(
            quote=e["statement"], origin=Origin.IMPORTED, claimant=e["claimant"], speaker=e["speaker"],
            article_id=article_ids.get(e["url"]) if e["url"] else None, published=e["published"],
            created_by=reviewer, extra={k: e[k] for k in ("subject", "context", "rating") if e[k]},
        )
        for e in entries
    ]
    placements = clustering.place_mentions(con, index, mentions, settings, reviewer)
    stats.loaded = len(entries)
    stats.mentions = len(placements)
    stats.claims_new = sum(1 for p in placements if p.created_claim)
    _store_ratings(con, entries, placements, mappings, publisher, reviewer, stats)
    stats.seconds = time.perf_counter() - started
    return stats


def _drop_known(con: Connection, entries: list[dict[str, Any]], stats: TableStats) -> list[dict[str, Any]]:
    """Leave out rows imported before (not duplicates within this file, which are rows of their own).

    A rated row is known when `claim_reviews` holds the same raw row; an unrated one when an imported
    mention has the same statement, speaker, date and URL.
    """
    if not entries:
        return entries
    rated = table_store.stored_raw_reviews(con, [e["raw"] for e in entries if e["rating"]])
    unrated = table_store.imported_mentions_quoting(con, sorted({e["statement"] for e in entries if not e["rating"]}))
    fresh = []
    for entry in entries:
        if entry["rating"]:
            known = entry["raw"] in rated
        else:
            known = (entry["statement"], entry["speaker"], entry["published"], entry["url"]) in unrated
        if known:
            stats.known += 1
        else:
            fresh.append(entry)
    return fresh


def _store_ratings(
    con: Connection, entries: list[dict[str, Any]], placements: list[Any], mappings: dict[str, str],
    publisher: str | None, reviewer: str | None, stats: TableStats,
) -> None:
    """One `claim_reviews` row per rated row; the first mapped rating of each claim becomes its verdict."""
    columns: dict[str, list[Any]] = {k: [] for k in ("claim_id", "url", "rating_text", "verdict", "known", "raw", "source")}
    wanted: dict[int, tuple[str, str]] = {}
    for entry, placement in zip(entries, placements):
        rating = entry["rating"]
        if not rating:
            continue
        claim_id = int(placement.claim_id)
        verdict, _how = map_rating(rating, None, None, None, mappings)
        columns["claim_id"].append(claim_id)
        columns["url"].append(entry["url"])
        columns["rating_text"].append(rating)
        columns["verdict"].append(verdict.value if verdict else None)
        columns["known"].append(verdict is not None)
        columns["raw"].append(entry["raw"])
        columns["source"].append(entry["where"])
        if verdict is None:
            stats.unknown[rating] += 1
            continue
        stats.mapped += 1
        if claim_id not in wanted:
            wanted[claim_id] = (verdict.value, rating)
        elif wanted[claim_id][0] != verdict.value:
            stats.conflicts += 1
    if not columns["claim_id"]:
        return
    table_store.insert_table_reviews(con, publisher, columns)
    stats.reviews = len(columns["claim_id"])
    if not wanted:
        return
    ids = list(wanted)
    current = table_store.claim_verdicts(con, ids)
    to_set = [cid for cid in ids if current.get(cid) is None]
    stats.conflicts += sum(1 for cid in ids if current.get(cid) not in (None, wanted[cid][0]))
    if not to_set:
        return
    verdicts = [wanted[cid][0] for cid in to_set]
    table_store.set_missing_verdicts(con, to_set, verdicts, ReviewStatus.RESOLVED.value, reviewer or "import")
    details = [
        json.dumps({"old": None, "new": wanted[cid][0], "how": "table", "rating": wanted[cid][1], "publisher": publisher},
                   ensure_ascii=False)
        for cid in to_set
    ]
    record_claim_events(con, "verdict imported", to_set, details, reviewer)
    stats.verdicts_set = len(to_set)
