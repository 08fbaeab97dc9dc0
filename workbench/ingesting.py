"""Ingest articles: read them, extract their mentions, match and store them.

Articles are written `INGEST_BATCH` at a time, each batch (the articles with all their mentions) in one
transaction, so that the mentions of articles from several sources are grouped before they are placed, as an
import's batch is (`clustering.grouping`); a batch that fails is written again one article per transaction, so
that one bad article loses nothing of the others. ClaimReview records are stored one per transaction, in their
place among the articles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import clustering
from .access import Permission, User, authorize
from .claimreview import parse_claimreviews, store_claimreviews
from .config import Settings
from .errors import InputError, WorkbenchError
from .extract import extract_mentions
from .ingest import ClaimReviewDoc, iter_input_files, read_articles
from .models import Article, NewMention, Origin
from .reports import IngestReport, Progress
from .store.articles import find_or_insert_article
from .store.connection import Connection, transaction
from .writer import Writer

__all__ = ["INGEST_BATCH", "ingest_articles", "ingest_paths", "mentions_for_article"]

INGEST_BATCH = 20
"""Articles ingested in one transaction (about a second of extraction and matching: the dashboard waits no longer)."""


def ingest_paths(
    db_path: str | Path,
    paths: Iterable[str | Path],
    *,
    settings: Settings | None = None,
    progress: Progress | None = None,
    reviewer: str | User | None = None,
) -> IngestReport:
    """Ingest files and folders: every article extracted, matched and stored (`INGEST_BATCH` to a transaction)."""
    report = IngestReport()

    def records(writer: Writer) -> Iterator[Article | ClaimReviewDoc | InputError]:
        for item in iter_input_files(paths):
            if isinstance(item, InputError):
                yield item
                continue
            report.files += 1
            yield from read_articles(item, writer.settings.max_article_bytes)

    return _ingest(db_path, records, report, settings, progress, reviewer, None)


def ingest_articles(
    db_path: str | Path,
    articles: Iterable[Article | ClaimReviewDoc | InputError],
    *,
    settings: Settings | None = None,
    progress: Progress | None = None,
    reviewer: str | User | None = None,
    index: Any = None,
) -> IngestReport:
    """Ingest records already read (the dashboard's paste and upload); `index`: a match index to reuse."""
    return _ingest(db_path, lambda writer: articles, IngestReport(), settings, progress, reviewer, index)


def _ingest(
    db_path: str | Path,
    records: Callable[[Writer], Iterable[Article | ClaimReviewDoc | InputError]],
    report: IngestReport,
    settings: Settings | None,
    progress: Progress | None,
    reviewer: str | User | None,
    index: Any,
) -> IngestReport:
    who = authorize(reviewer, Permission.ADD, required=False)
    writer = Writer(db_path, settings, index, bulk=True)
    pending: list[Article] = []

    def flush() -> None:
        if pending:
            _ingest_batch(writer, pending, report, who)
            pending.clear()
            if progress:
                progress(report)

    try:
        for record in records(writer):
            if isinstance(record, Article):
                pending.append(record)
                if len(pending) >= INGEST_BATCH:
                    flush()
                continue
            flush()  # records stay in their order
            _ingest_record(writer, record, report, who)
            if progress:
                progress(report)
        flush()
    finally:
        writer.close()
    return report


def _ingest_batch(writer: Writer, articles: list[Article], report: IngestReport, reviewer: str | None) -> None:
    """Articles with their mentions in one transaction, the mentions placed as one batch; when it fails, each
    article again in a transaction of its own (`_ingest_record` reports the one that fails)."""
    if len(articles) == 1:
        _ingest_record(writer, articles[0], report, reviewer)
        return
    con = writer.connection()
    try:
        with transaction(con):
            stored = _store_articles(writer, con, articles, reviewer)
    except WorkbenchError:
        writer.index = clustering.load_index(con)  # the rolled-back batch may have added entries to the index
        for article in articles:
            _ingest_record(writer, article, report, reviewer)
        return
    report.records += len(articles)
    _count(report, *stored)


def _store_articles(writer: Writer, con: Connection, articles: list[Article],
                    reviewer: str | None) -> tuple[int, int, list[Any]]:
    """Store the articles not stored yet and place their mentions as one batch (in the caller's transaction):
    (articles new, articles known, placements)."""
    new = known = 0
    mentions: list[NewMention] = []
    for article in articles:
        article_id, created = find_or_insert_article(con, article)
        if not created:
            known += 1
            continue
        new += 1
        found = mentions_for_article(article, article_id, writer.aliases)
        offset = len(mentions)  # a denial points at a mention of its own article: renumbered in the batch
        mentions.extend(m if m.same_claim_as is None else replace(m, same_claim_as=m.same_claim_as + offset)
                        for m in found)
    placements = clustering.place_mentions(con, writer.index, mentions, writer.settings, reviewer)
    return new, known, placements


def _count(report: IngestReport, new: int, known: int, placements: list[Any]) -> None:
    report.articles_new += new
    report.articles_known += known
    report.count(placements)
    report.placements.extend(placements)


def _ingest_record(writer: Writer, record: Article | ClaimReviewDoc | InputError, report: IngestReport, reviewer: str | None) -> None:
    report.records += 1
    if isinstance(record, InputError):
        report.errors.append(record)
        return
    con = writer.connection()
    try:
        if isinstance(record, ClaimReviewDoc):
            reviews = parse_claimreviews(record.data, record.source)
            with transaction(con):
                stats = store_claimreviews(con, reviews, writer.index, writer.settings)
            report.reviews += stats.reviews
            report.mentions += stats.mentions
            report.claims_new += stats.claims_new
            return
        with transaction(con):
            stored = _store_articles(writer, con, [record], reviewer)
        _count(report, *stored)
    except WorkbenchError as exc:
        reason = exc.reason if isinstance(exc, InputError) else f"could not store: {exc}"
        where = exc.where if isinstance(exc, InputError) and exc.where else _where(record)
        report.errors.append(InputError(reason, where))
        # The rolled-back transaction may have added entries to the in-memory index: rebuild it.
        writer.index = clustering.load_index(con)


def _where(record: Article | ClaimReviewDoc) -> str:
    return record.source or "(input)"


def mentions_for_article(article: Article, article_id: int, aliases: Any) -> list[NewMention]:
    """Extract an article's mentions as `NewMention`s (generic denials point at what they deny)."""
    found = extract_mentions(article.text, aliases, outlet=article.outlet, title=article.title)
    return [
        NewMention(
            quote=m.quote,
            stance=m.stance,
            origin=Origin.EXTRACTED,
            proposition=m.proposition,
            claimant=m.claimant,
            accused=m.accused,
            speaker=m.speaker,
            article_id=article_id,
            char_start=m.char_start,
            char_end=m.char_end,
            same_claim_as=m.denies_mention,
            published=article.published,
            confidence=m.confidence,
        )
        for m in found
    ]
