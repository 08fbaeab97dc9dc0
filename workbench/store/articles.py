"""Outlets, articles and URL-only sources; fresh ids from the schema's sequences; mention counts.

Every function takes an open connection and leaves transaction control to its caller.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import pyarrow as pa

from ..models import Article
from .connection import Connection, execute_with, query, query_one, scalar

_SPACE = re.compile(r"\s+")


def domain_of(url: str | None) -> str | None:
    """The host of `url` without a leading www., or None."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def upsert_outlet(con: Connection, name: str | None, url: str | None = None) -> int | None:
    """The id of outlet `name` (created if new); None when neither a name nor a URL host is known."""
    name = (name or "").strip() or domain_of(url)
    if not name:
        return None
    con.execute(
        "INSERT INTO outlets (name, domain) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", [name, domain_of(url)]
    )
    return int(scalar(con, "SELECT outlet_id FROM outlets WHERE name = ?", [name]))


def content_hash(text: str) -> str:
    """A stable hash of an article's text, insensitive to whitespace differences."""
    return hashlib.sha256(_SPACE.sub(" ", text).strip().encode("utf-8")).hexdigest()


def find_or_insert_article(con: Connection, article: Article) -> tuple[int, bool]:
    """Store `article` unless it is already there: unique by URL, by content hash when it has no URL.

    Returns (article_id, created). A source first known only by its URL (a logged mention) gets its
    text filled in when the article itself arrives; that counts as created, so it is then extracted.
    """
    text = article.text or None
    digest = content_hash(text or article.url or "")
    if article.url:
        row = query_one(con, "SELECT article_id, text FROM articles WHERE url = ?", [article.url])
    else:
        row = query_one(
            con, "SELECT article_id, text FROM articles WHERE url IS NULL AND content_hash = ?", [digest]
        )
    outlet_id = upsert_outlet(con, article.outlet, article.url)
    if row is not None:
        if row["text"] is None and text is not None:
            con.execute(
                "UPDATE articles SET text = ?, content_hash = ?, title = coalesce(?, title),"
                " outlet_id = coalesce(?, outlet_id), published = coalesce(?, published),"
                " source_format = ?, source_path = ? WHERE article_id = ?",
                [text, digest, article.title, outlet_id, article.published, article.source_format,
                 article.source, row["article_id"]],
            )
            return int(row["article_id"]), True
        return int(row["article_id"]), False
    article_id = scalar(
        con,
        "INSERT INTO articles (url, content_hash, title, outlet_id, published, text, source_format, source_path, raw)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING article_id",
        [article.url, digest, article.title, outlet_id, article.published, text, article.source_format,
         article.source, article.raw],
    )
    return int(article_id), True


Source = tuple[str, "str | None", "dt.date | None", "str | None"]
"""(url, outlet, published, title) of a logged or imported mention's source."""
NewSource = tuple[int, str, "str | None", "dt.date | None", "str | None"]
"""A URL-only source to create: (article_id, url, outlet, published, title)."""


def ensure_sources(con: Connection, sources: Iterable[Source]) -> dict[str, int]:
    """Bulk version for logged/imported mentions: (url, outlet, published, title) -> article ids by URL.

    Existing articles are reused untouched; missing ones are created as URL-only sources (no text).
    """
    ids, new = plan_sources(con, sources)
    insert_sources(con, new)
    return ids


def plan_sources(con: Connection, sources: Iterable[Source],
                 pending: Mapping[str, int] | None = None) -> tuple[dict[str, int], list[NewSource]]:
    """`ensure_sources` without writing: article ids by URL, those of stored articles, of `pending` ones (being
    stored by a transaction not yet committed) and new ids, reserved in order of first appearance, for the
    rest; and the rows `insert_sources` must write for those."""
    wanted: dict[str, tuple[str | None, dt.date | None, str | None]] = {}
    for url, outlet, published, title in sources:
        if url and url not in wanted:
            wanted[url] = (outlet, published, title)
    if not wanted:
        return {}, []
    ids = {url: pending[url] for url in wanted if pending and url in pending}
    asked = [url for url in wanted if url not in ids]
    if asked:
        rows = con.execute(
            "SELECT url, article_id FROM articles WHERE url IN (SELECT unnest(?::VARCHAR[]))", [asked]
        ).fetchall()
        ids.update((url, int(article_id)) for url, article_id in rows)
    missing = [url for url in wanted if url not in ids]
    new = [(article_id, url, *wanted[url]) for article_id, url in zip(reserve_ids(con, "article_ids", len(missing)), missing)]
    ids.update((row[1], row[0]) for row in new)
    return ids, new


def insert_sources(con: Connection, rows: Sequence[NewSource]) -> None:
    """Create the URL-only sources `plan_sources` planned (with their outlets), in one statement each."""
    if not rows:
        return
    names = sorted({o.strip() for _, _, o, _, _ in rows if o and o.strip()})
    if names:
        con.execute("INSERT INTO outlets (name) SELECT unnest(?::VARCHAR[]) ON CONFLICT (name) DO NOTHING", [names])
    ids, urls, outlets, published, titles = zip(*rows)
    table = pa.table({
        "id": pa.array(ids, pa.int32()), "url": pa.array(urls, pa.string()), "outlet": pa.array(outlets, pa.string()),
        "published": pa.array(published, pa.date32()), "title": pa.array(titles, pa.string()),
    })
    execute_with(con, "wb_new_sources", table,
                 "INSERT INTO articles (article_id, url, content_hash, title, outlet_id, published, text, source_format)"
                 " SELECT w.id, w.url, sha256(w.url), w.title, o.outlet_id, w.published, NULL, 'logged'"
                 " FROM wb_new_sources w LEFT JOIN outlets o ON o.name = w.outlet ORDER BY w.id")


def reserve_ids(con: Connection, sequence: str, count: int) -> list[int]:
    """`count` fresh values of one of the schema's sequences, in order."""
    return reserve_id_lists(con, [sequence], count)[0]


def reserve_id_lists(con: Connection, sequences: Sequence[str], count: int) -> list[list[int]]:
    """`count` fresh values of each of the schema's `sequences`, in order, in one query."""
    if count <= 0:
        return [[] for _ in sequences]
    values = ", ".join(f"nextval('{sequence}')" for sequence in sequences)
    columns = list(zip(*con.execute(f"SELECT {values} FROM range(?)", [count]).fetchall()))
    return [[int(v) for v in column] for column in columns]


def latest_mention_id(con: Connection) -> int:
    """The highest mention id stored (0 when there is none)."""
    return int(scalar(con, "SELECT coalesce(max(mention_id), 0) FROM mentions") or 0)


def mentions_after(con: Connection, mention_id: int) -> int:
    """How many mentions have a higher id than `mention_id`."""
    return int(scalar(con, "SELECT count(*) FROM mentions WHERE mention_id > ?", [mention_id]) or 0)


def stored_mention_lines(con: Connection, lines: Sequence[tuple[str, str | None, str, str]],
                         up_to: int | None = None) -> set[int]:
    """Positions in `lines` ((quote, source URL, stance, claimant alias key) each; '' for no claimant) of those
    already stored as a mention, among the mentions with an id up to `up_to` (all when None)."""
    if not lines:
        return set()
    rows = [{"i": i, "quote": q, "url": u, "stance": s, "claimant_key": k} for i, (q, u, s, k) in enumerate(lines)]
    return {
        int(r[0])
        for r in con.execute(
            "WITH n AS (SELECT unnest(?, recursive := true))"
            " SELECT n.i FROM n WHERE EXISTS (SELECT 1 FROM mentions m"
            "   LEFT JOIN articles a ON a.article_id = m.article_id"
            "   WHERE m.quote = n.quote AND m.stance = n.stance AND a.url IS NOT DISTINCT FROM n.url"
            "   AND m.mention_id <= ?"
            "   AND (CASE WHEN n.claimant_key = '' THEN m.claimant_id IS NULL ELSE m.claimant_id IN"
            "        (SELECT actor_id FROM actor_aliases al WHERE al.alias_key = n.claimant_key) END))",
            [rows, 2**63 - 1 if up_to is None else up_to],
        ).fetchall()
    }


def counts(con: Connection) -> dict[str, int]:
    """Row counts of the main tables (claims merged into others are not counted)."""
    row = query(
        con,
        "SELECT (SELECT count(*) FROM claims WHERE merged_into IS NULL) AS claims,"
        " (SELECT count(*) FROM mentions) AS mentions,"
        " (SELECT count(*) FROM articles) AS articles,"
        " (SELECT count(*) FROM outlets) AS outlets,"
        " (SELECT count(*) FROM actors) AS actors",
    )[0]
    return {k: int(v) for k, v in row.items()}


def article_texts(con: Connection) -> list[dict[str, Any]]:
    """(article_id, url, text) of every article, to find stored articles again by URL or text."""
    return query(con, "SELECT article_id, url, text FROM articles")


def extracted_mentions(con: Connection) -> list[dict[str, Any]]:
    """Every mention extraction found in an article (quote, span, stance, speaker, claimant name), in text order."""
    return query(
        con,
        "SELECT m.article_id, m.quote, m.char_start, m.char_end, m.stance, m.speaker, a.name AS claimant"
        " FROM mentions m LEFT JOIN actors a ON a.actor_id = m.claimant_id"
        " WHERE m.article_id IS NOT NULL AND m.origin = 'extracted' ORDER BY m.article_id, m.char_start",
    )


def article_titles(con: Connection, article_ids: Iterable[int]) -> dict[int, str]:
    """Article id -> title, for the given articles that have one."""
    rows = con.execute(
        "SELECT article_id, title FROM articles WHERE article_id IN (SELECT unnest(?::INTEGER[])) AND title IS NOT NULL",
        [sorted(article_ids)],
    ).fetchall()
    return {int(a): t for a, t in rows}
