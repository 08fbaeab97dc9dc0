"""Import and log: read mention lines, match and store, one transaction per unit of work (articles are ingested
by `workbench.ingesting`, whose functions this module also offers).

Each logged mention is written in one transaction; a batch of imported mentions is one transaction per
`IMPORT_BATCH` lines. Long runs close their connection between two units of work when it has been held
`Settings.commit_every_s` seconds and another process waits for the file, so that the dashboard and other
processes get it in between (see `workbench.store.connection`); when the connection is reopened the match index
catches up with rows that other processes wrote meanwhile.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import clustering
from .access import Permission, User, authorize
from .actors import alias_key
from .config import Settings
from .errors import InputError, NotFound, WorkbenchError
from .ingest import decode_utf8
from .ingesting import INGEST_BATCH, ingest_articles, ingest_paths, mentions_for_article
from .models import NewMention, Origin
from .prefetch import Prefetcher
from .reports import IngestReport, Progress
from .store.articles import (
    Source, ensure_sources, insert_sources, latest_mention_id, mentions_after, plan_sources, stored_mention_lines,
)
from .store.connection import Connection, transaction
from .store.events import record_event
from .store.review import existing_claim_ids
from .validation import check_not_future, check_url, optional_text, parse_date, parse_stance, quote_text
from .writer import Writer

__all__ = ["IMPORT_BATCH", "INGEST_BATCH", "IngestReport", "MentionLine", "Progress", "import_mentions",
           "ingest_articles", "ingest_paths", "log_line", "log_mention", "logged_line", "mention_from_record",
           "mentions_for_article", "store_mention_lines"]

IMPORT_BATCH = 5_000


# --- logged and imported mentions --------------------------------------------------------------------


@dataclass(frozen=True)
class MentionLine:
    """One validated line of an import file, or of the log form / `workbench log`."""

    mention: NewMention
    url: str | None = None
    outlet: str | None = None
    title: str | None = None


def mention_from_record(record: Any, origin: Origin = Origin.IMPORTED, today: dt.date | None = None) -> MentionLine:
    """Validate a mention record: quote, claimant (null = unknown), stance, speaker, url, outlet, published, title, claim_id."""
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object with a quote, got {type(record).__name__}")
    published = parse_date(record.get("published"))
    check_not_future(published, today=today)
    claim_id = record.get("claim_id")
    if claim_id is not None and (isinstance(claim_id, bool) or not isinstance(claim_id, int)):
        if isinstance(claim_id, str) and claim_id.strip().isdigit():
            claim_id = int(claim_id)
        else:
            raise InputError(f"claim_id must be a whole number, not {str(claim_id)[:20]!r}")
    mention = NewMention(
        quote=quote_text(record.get("quote")),
        stance=parse_stance(record.get("stance")),
        origin=origin,
        claimant=optional_text(record.get("claimant"), "claimant", 200),
        speaker=optional_text(record.get("speaker"), "speaker", 200),
        claim_id=claim_id,
        published=published,
        created_by=optional_text(record.get("reviewer"), "reviewer", 100),
    )
    return MentionLine(
        mention,
        url=check_url(record.get("url")),
        outlet=optional_text(record.get("outlet"), "outlet", 200),
        title=optional_text(record.get("title"), "title", 1000),
    )


def _line_key(line: MentionLine) -> tuple[str, str | None, str, str]:
    """What makes a logged mention the same line: quote, source URL, stance and claimant."""
    return (line.mention.quote, line.url, line.mention.stance.value, alias_key(line.mention.claimant or ""))


def drop_known_lines(con: Connection, batch: list[tuple[str, MentionLine]], *,
                     stored_before: int | None = None) -> tuple[list[tuple[str, MentionLine]], int]:
    """Leave out lines already stored, or repeated in the batch: same quote, source URL, stance and claimant.

    The claimant is part of the key so that one sentence carrying a mutual accusation ("X and Y traded
    accusations") can be logged once for each side. `stored_before`: look only at mentions with an id up to
    this (0: none; a caller that remembers the lines it stored itself, `KnownLines`, passes it).
    """
    seen: set[tuple[str, str | None, str, str]] = set()
    fresh: list[tuple[str, MentionLine]] = []
    for where, line in batch:
        key = _line_key(line)
        if key not in seen:
            seen.add(key)
            fresh.append((where, line))
    if not fresh or stored_before == 0:
        return fresh, len(batch) - len(fresh)
    known = stored_mention_lines(con, [_line_key(ln) for _, ln in fresh], up_to=stored_before)
    kept = [item for i, item in enumerate(fresh) if i not in known]
    return kept, len(batch) - len(kept)


class KnownLines:
    """Lines already stored, for a long import: those it stored itself are remembered (by hash), so the
    database is searched only for the mentions that were there before it started, and, when another process
    stores mentions meanwhile, for every mention."""

    def __init__(self, con: Connection) -> None:
        self.before = latest_mention_id(con)
        self.stored = 0
        self._keys: set[int] = set()

    def drop(self, con: Connection, batch: list[tuple[str, MentionLine]]) -> tuple[list[tuple[str, MentionLine]], int]:
        """`drop_known_lines`, with the lines this import stored left out without a query."""
        mine = [item for item in batch if hash(_line_key(item[1])) not in self._keys]
        others = mentions_after(con, self.before)
        limit = None if others > self.stored else self.before
        kept, known = drop_known_lines(con, mine, stored_before=limit)
        return kept, known + len(batch) - len(mine)

    def add(self, lines: Iterable[MentionLine], count: int) -> None:
        """Remember lines stored (`count` mentions written)."""
        self.remember(lines)
        self.committed(count)

    def remember(self, lines: Iterable[MentionLine]) -> None:
        """Remember lines being stored (a batch still being written counts as stored for its own lines)."""
        self._keys.update(hash(_line_key(line)) for line in lines)

    def committed(self, count: int) -> None:
        """Count `count` mentions of remembered lines as written to the database."""
        self.stored += count


def store_mention_lines(con: Connection, index: Any, lines: list[MentionLine], settings: Settings, reviewer: str | None = None) -> list[Any]:
    """Place validated lines on claims in one call (caller holds the transaction); unknown claim ids raise NotFound."""
    wanted = {ln.mention.claim_id for ln in lines if ln.mention.claim_id is not None}
    if wanted:
        known = existing_claim_ids(con, list(wanted))
        missing = sorted(wanted - known)
        if missing:
            raise NotFound(f"no claim with id {missing[0]}")
    article_ids = ensure_sources(con, _sources(lines))
    return clustering.place_mentions(con, index, _on_sources(lines, article_ids, reviewer), settings, reviewer)


def _sources(lines: list[MentionLine]) -> list[Source]:
    return [(ln.url, ln.outlet, ln.mention.published, ln.title) for ln in lines]


def _on_sources(lines: list[MentionLine], article_ids: dict[str, int], reviewer: str | None) -> list[NewMention]:
    """The lines' mentions with their sources' article ids (and the reviewer, where a line names none)."""
    return [_with(ln.mention, article_id=article_ids.get(ln.url) if ln.url else None,
                  created_by=ln.mention.created_by or reviewer) for ln in lines]


def _with(mention: NewMention, **changes: Any) -> NewMention:
    return replace(mention, **changes)


def import_mentions(
    db_path: str | Path,
    path: str | Path,
    *,
    settings: Settings | None = None,
    progress: Progress | None = None,
    reviewer: str | User | None = None,
    batch_size: int = IMPORT_BATCH,
    prefetch: bool | None = None,
    write_behind: bool = True,
) -> IngestReport:
    """Import a JSONL file of mentions as a reviewer would log them (no extraction), in batches.

    `prefetch`: analyse each batch's texts in a second process while the batch before it is placed
    (`workbench.prefetch`); by default when the file has more than two batches and the machine two cores.
    `write_behind`: write each batch on a thread of its own while the next one is placed (`Writer.write_later`);
    the outcome is the same as writing it first (tested). Progress is then reported as each batch is committed.
    """
    reviewer = authorize(reviewer, Permission.ADD, required=False)
    report = IngestReport(files=1, of_articles=False)
    path = Path(path)
    try:
        lines_in_file = _count_lines(path)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", str(path)) from None
    if lines_in_file is None:
        report.errors.append(InputError("file is empty", str(path)))
        return report
    with clustering.collector_paused():
        return _import_lines(db_path, path, lines_in_file, report, settings, progress, reviewer, batch_size, prefetch,
                             write_behind)


def _import_lines(db_path: str | Path, path: Path, lines_in_file: int, report: IngestReport, settings: Settings | None,
                  progress: Progress | None, reviewer: str | None, batch_size: int, prefetch: bool | None,
                  write_behind: bool) -> IngestReport:
    writer = Writer(db_path, settings, bulk=True)
    seen = KnownLines(writer.connection())
    if prefetch is None:
        prefetch = lines_in_file > 2 * batch_size and (os.cpu_count() or 1) > 1
    ahead: Prefetcher | None = None
    if prefetch:
        ahead = Prefetcher(*clustering.vocabulary(writer.connection()))
        ahead_for = writer.index.normalizer
    queue: deque[tuple[list[tuple[str, MentionLine]], Any]] = deque()

    unwritten = clustering.Unwritten()  # what the batch being written adds to what the database says
    unwritten_urls: dict[str, int] = {}  # its new sources

    def flush(batch: list[tuple[str, MentionLine]], pending: Any) -> None:
        nonlocal unwritten, unwritten_urls
        if ahead is not None and writer.index.normalizer is ahead_for:
            ahead.collect(pending, writer.index.normalizer)
        con = writer.connection()
        forced = any(ln.mention.claim_id is not None for _, ln in batch)
        behind = write_behind and not forced
        # planned here, the batch takes this read along (`plan_mentions` would read it again); else nothing to check
        latest = latest_mention_id(con) if behind or writer.writing else None
        if writer.writing and latest is not None and (forced or latest > writer.index.mention_watermark):
            writer.settle()  # a claim id to look up, or another writer's mentions to catch up with: read it all
        if not writer.writing:
            unwritten, unwritten_urls = clustering.Unwritten(), {}
        batch, known = seen.drop(con, batch)
        report.duplicates += known
        lines = [ln for _, ln in batch]
        if not lines:
            return
        if behind:
            unwritten, unwritten_urls = _plan_batch(writer, con, seen, lines, unwritten, unwritten_urls, report,
                                                    progress, reviewer, latest)
            return
        _write_batch(writer, con, seen, batch, report, reviewer)
        if progress:
            progress(report)

    def ready(batch: list[tuple[str, MentionLine]]) -> None:
        """Queue a full batch (its analysis starts now) and place the one before it."""
        pending = ahead.submit([(ln.mention.text_for_matching, ln.mention.claimant, ln.mention.stance.value)
                                for _, ln in batch]) if ahead is not None else None
        queue.append((batch, pending))
        if len(queue) > 1 or ahead is None:
            flush(*queue.popleft())

    try:
        for batch in _read_batches(path, report, batch_size):
            ready(batch)
        while queue:
            flush(*queue.popleft())
        writer.settle()
    finally:
        if ahead is not None:
            ahead.close()
        writer.close()
    return report


def _read_batches(path: Path, report: IngestReport, batch_size: int) -> Iterator[list[tuple[str, MentionLine]]]:
    """The file's mention lines, `batch_size` at a time, each with its `FILE:LINE`; a bad line is reported in
    `report` with its number and left out."""
    batch: list[tuple[str, MentionLine]] = []
    today = dt.date.today()  # for refusing dates in the future: read again for each batch
    for number, raw_line in enumerate(_lines_of(path), start=1):
        if not raw_line.strip():
            continue
        where = f"{path}:{number}"
        report.records += 1
        try:
            record = json.loads(decode_utf8(raw_line))
            batch.append((where, mention_from_record(record, today=today)))
        except InputError as exc:
            report.errors.append(InputError(exc.reason, where))
        except (json.JSONDecodeError, RecursionError) as exc:
            report.errors.append(InputError(f"invalid JSON: {getattr(exc, 'msg', 'nested too deeply')}", where))
        if len(batch) >= batch_size:
            yield batch
            batch = []
            today = dt.date.today()
    if batch:
        yield batch


def _write_batch(writer: Writer, con: Connection, seen: KnownLines, batch: list[tuple[str, MentionLine]],
                 report: IngestReport, reviewer: str | None) -> None:
    """Place and store a batch in one transaction now; when that fails, line by line, so that one bad claim id
    costs only its own line."""
    lines = [ln for _, ln in batch]
    writer.settle()
    try:
        with transaction(con):
            placements = store_mention_lines(con, writer.index, lines, writer.settings, reviewer)
        report.count(placements)
        seen.add(lines, len(placements))
    except WorkbenchError:
        writer.index = clustering.load_index(con)
        for where, line in batch:
            try:
                with transaction(con):
                    placed = store_mention_lines(con, writer.index, [line], writer.settings, reviewer)
                report.count(placed)
                seen.add([line], len(placed))
            except WorkbenchError as exc:
                writer.index = clustering.load_index(con)
                report.errors.append(InputError(str(exc), where))


def _plan_batch(writer: Writer, con: Connection, seen: KnownLines, lines: list[MentionLine],
                unwritten: clustering.Unwritten, unwritten_urls: dict[str, int], report: IngestReport,
                progress: Progress | None, reviewer: str | None,
                latest: int | None = None) -> tuple[clustering.Unwritten, dict[str, int]]:
    """Place a batch of lines (none forcing a claim) and hand its writing to `writer.write_later`, reading the
    database as if the batch being written (`unwritten`, its new sources `unwritten_urls`) were in it already;
    returns the same for this batch (`latest`: the highest mention id stored, read just before)."""
    article_ids, sources = plan_sources(con, _sources(lines), unwritten_urls)
    mentions = _on_sources(lines, article_ids, reviewer)
    titles = {article_id: title for article_id, _, _, _, title in sources if title is not None}
    absent = {article_id for article_id, *_ in sources} | set(unwritten_urls.values())
    planned = clustering.plan_mentions(con, writer.index, mentions, writer.settings,
                                       clustering.Unwritten({**unwritten.titles, **titles}, unwritten.context, absent),
                                       latest)
    placements = planned.placements()
    seen.remember(lines)
    settings = writer.settings

    def write(side: Connection) -> None:
        insert_sources(side, sources)
        clustering.write_planned(side, planned, settings, reviewer)

    def done() -> None:
        report.count(placements)
        seen.committed(len(placements))
        if progress:
            progress(report)

    writer.write_later(write, done)
    return clustering.Unwritten(titles, planned.context), {url: article_id for article_id, url, *_ in sources}


def _count_lines(path: Path) -> int | None:
    """Lines in a file (read in chunks, not kept), or None when it holds nothing but white space."""
    lines, blank = 0, True
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            lines += chunk.count(b"\n")
            blank = blank and not chunk.strip()
    return None if blank else lines + 1


def _lines_of(path: Path) -> Iterator[bytes]:
    """The lines of a file without their newline, read as they are needed (a 1M-line file is never held whole)."""
    with path.open("rb") as fh:
        for line in fh:
            yield line[:-1] if line.endswith(b"\n") else line


def log_line(con: Connection, index: Any, line: MentionLine, settings: Settings, reviewer: str | User | None) -> Any:
    """Store one validated logged mention with its audit event (the caller holds the transaction)."""
    who = authorize(reviewer, Permission.ADD, required=False)
    placement = store_mention_lines(con, index, [line], settings, who)[0]
    record_event(
        con, "mention logged", "mention", placement.mention_id, claim_id=placement.claim_id,
        reviewer=who, details={"quote": line.mention.quote, "score": placement.score},
    )
    return placement


def logged_line(
    *,
    quote: str,
    claimant: str | None,
    stance: str = "asserts",
    speaker: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published: str | dt.date | None = None,
    claim_id: int | None = None,
) -> MentionLine:
    """Validate the fields of a hand-logged mention (CLI `log`, the dashboard's form)."""
    record = {
        "quote": quote, "claimant": claimant, "stance": stance, "speaker": speaker, "url": url,
        "outlet": outlet, "published": published.isoformat() if isinstance(published, dt.date) else published,
        "claim_id": claim_id,
    }
    return mention_from_record(record, origin=Origin.LOGGED)


def log_mention(
    db_path: str | Path,
    *,
    reviewer: str | User | None = None,
    settings: Settings | None = None,
    **fields: Any,
) -> Any:
    """Log one mention by hand (fields of `logged_line`); returns its placement."""
    reviewer = authorize(reviewer, Permission.ADD, required=False)  # before the index is loaded
    line = logged_line(**fields)
    writer = Writer(db_path, settings)
    try:
        con = writer.connection()
        with transaction(con):
            return log_line(con, writer.index, line, writer.settings, reviewer)
    finally:
        writer.close()
