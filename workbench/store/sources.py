"""Read-side queries for the dashboard's sources and actors pages: outlets, articles, actors; paged."""

from __future__ import annotations

from typing import Any

from .connection import Connection, query, query_one, scalar
from .paging import LIVE, MENTION_COLUMNS, MENTION_JOINS, Page, paged
from .paging import term as search_term

__all__ = ["actor_detail", "actor_list", "actor_names", "article_detail", "article_ids_for", "article_list", "claim_exists", "outlet_list"]


def outlet_list(con: Connection, text: str | None = None, *, page: int = 1, page_size: int = 50) -> Page:
    """Outlets with their numbers of articles, mentions and distinct claims, most claims first."""
    term = search_term(text)
    sql = f"""WITH arts AS (SELECT outlet_id, count(*) AS articles FROM articles GROUP BY outlet_id),
             ments AS (SELECT ar.outlet_id, count(*) AS mentions, count(DISTINCT m.claim_id) AS claims,
                              count(*) FILTER (WHERE m.stance = 'denies') AS denials
                       FROM mentions m JOIN articles ar ON ar.article_id = m.article_id
                       WHERE m.{LIVE} GROUP BY ar.outlet_id)
        SELECT o.outlet_id, o.name, o.domain, coalesce(a.articles, 0) AS articles,
               coalesce(mt.mentions, 0) AS mentions, coalesce(mt.claims, 0) AS claims,
               coalesce(mt.denials, 0) AS denials, count(*) OVER () AS _total
        FROM outlets o LEFT JOIN arts a USING (outlet_id) LEFT JOIN ments mt USING (outlet_id)
        WHERE (? = '' OR contains(lower(o.name), ?) OR contains(lower(coalesce(o.domain, '')), ?))
        ORDER BY claims DESC, articles DESC, o.name"""
    return paged(con, sql, [term, term, term], page, page_size)


def article_list(
    con: Connection, *, outlet_id: int | None = None, text: str | None = None, page: int = 1, page_size: int = 50
) -> Page:
    """Articles (newest first), optionally of one outlet or matching a title/URL search, with claim counts."""
    term = search_term(text)
    sql = f"""WITH page_articles AS (
            SELECT ar.article_id, ar.url, ar.title, ar.published, ar.source_format, ar.outlet_id,
                   ar.text IS NOT NULL AS has_text, count(*) OVER () AS _total
            FROM articles ar
            WHERE (?::INTEGER IS NULL OR ar.outlet_id = ?)
              AND (? = '' OR contains(lower(coalesce(ar.title, '')), ?) OR contains(lower(coalesce(ar.url, '')), ?))
            ORDER BY ar.published DESC NULLS LAST, ar.article_id DESC LIMIT ? OFFSET ?)
        SELECT p.*, o.name AS outlet,
               (SELECT count(*) FROM mentions m WHERE m.article_id = p.article_id AND m.{LIVE}) AS mentions,
               (SELECT count(DISTINCT m.claim_id) FROM mentions m WHERE m.article_id = p.article_id AND m.{LIVE}) AS claims
        FROM page_articles p LEFT JOIN outlets o ON o.outlet_id = p.outlet_id
        ORDER BY p.published DESC NULLS LAST, p.article_id DESC"""
    page = max(1, int(page))
    page_size = max(1, int(page_size))
    params = [outlet_id, outlet_id, term, term, term, page_size, (page - 1) * page_size]
    rows = query(con, sql, params)
    if not rows and page > 1:
        return article_list(con, outlet_id=outlet_id, text=text, page=1, page_size=page_size)
    total = int(rows[0]["_total"]) if rows else 0
    for row in rows:
        row.pop("_total", None)
    return Page(rows, total, page, page_size)


def article_detail(con: Connection, article_id: int) -> dict[str, Any] | None:
    """An article with its text and its mentions (spans, stance, claimant, claim), in text order."""
    row = query_one(
        con,
        "SELECT ar.article_id, ar.url, ar.title, ar.published, ar.text, ar.source_format, ar.source_path,"
        " ar.ingested_at, o.name AS outlet, o.outlet_id FROM articles ar LEFT JOIN outlets o USING (outlet_id)"
        " WHERE ar.article_id = ?",
        [int(article_id)],
    )
    if row is None:
        return None
    row["mentions"] = query(
        con,
        f"""SELECT {MENTION_COLUMNS}, c.text AS claim_text FROM mentions m {MENTION_JOINS}
            LEFT JOIN claims c ON c.claim_id = m.claim_id
            WHERE m.article_id = ? ORDER BY m.char_start NULLS LAST, m.mention_id""",
        [int(article_id)],
    )
    return row


# --- actors -------------------------------------------------------------------------------------------


def actor_list(con: Connection, text: str | None = None, *, page: int = 1, page_size: int = 50) -> Page:
    """Actors (searching names and aliases), most active claimants first, with their aliases and how often they
    assert and deny."""
    term = search_term(text)
    sql = f"""WITH said AS (
            SELECT claimant_id, count(*) FILTER (WHERE stance = 'asserts') AS asserts,
                   count(*) FILTER (WHERE stance = 'denies') AS denies
            FROM mentions WHERE {LIVE} AND claimant_id IS NOT NULL GROUP BY claimant_id),
          page_actors AS (
            SELECT a.actor_id, a.name, a.kind, a.affiliation, a.origin, coalesce(s.asserts, 0) AS asserts,
                   coalesce(s.denies, 0) AS denies, count(*) OVER () AS _total
            FROM actors a LEFT JOIN said s ON s.claimant_id = a.actor_id
            WHERE ? = '' OR contains(lower(a.name), ?)
               OR a.actor_id IN (SELECT actor_id FROM actor_aliases WHERE contains(lower(alias), ?))
            ORDER BY asserts + denies DESC, lower(a.name), a.actor_id LIMIT ? OFFSET ?)
        SELECT p.*, (SELECT list(al.alias ORDER BY lower(al.alias)) FROM actor_aliases al WHERE al.actor_id = p.actor_id) AS aliases
        FROM page_actors p ORDER BY p.asserts + p.denies DESC, lower(p.name), p.actor_id"""
    page = max(1, int(page))
    page_size = max(1, int(page_size))
    rows = query(con, sql, [term, term, term, page_size, (page - 1) * page_size])
    if not rows and page > 1:
        return actor_list(con, text, page=1, page_size=page_size)
    total = int(rows[0]["_total"]) if rows else 0
    for row in rows:
        row.pop("_total", None)
        row["aliases"] = list(row["aliases"] or [])
    return Page(rows, total, page, page_size)


def actor_detail(con: Connection, actor_id: int) -> dict[str, Any] | None:
    """An actor with its alias rows (alias, alias_key, origin) and mention counts."""
    row = query_one(
        con,
        f"""SELECT a.*, (SELECT count(*) FROM mentions WHERE claimant_id = a.actor_id AND {LIVE} AND stance = 'asserts') AS asserts,
                   (SELECT count(*) FROM mentions WHERE claimant_id = a.actor_id AND {LIVE} AND stance = 'denies') AS denies
            FROM actors a WHERE a.actor_id = ?""",
        [int(actor_id)],
    )
    if row is None:
        return None
    row["aliases"] = query(
        con,
        "SELECT alias, alias_key, origin, created_at FROM actor_aliases WHERE actor_id = ? ORDER BY lower(alias), alias",
        [int(actor_id)],
    )
    return row


def actor_names(con: Connection) -> list[str]:
    """Every actor name, alphabetically (claimant choices in forms)."""
    return [r[0] for r in con.execute("SELECT name FROM actors ORDER BY name").fetchall()]


def claim_exists(con: Connection, claim_id: int) -> bool:
    return bool(scalar(con, "SELECT count(*) FROM claims WHERE claim_id = ?", [int(claim_id)]))



def article_ids_for(con: Connection, keys: tuple[tuple[str | None, str], ...]) -> list[int]:
    """Ids of stored articles given as (url, content_hash) pairs (by URL, else by hash), in order, deduplicated."""
    ids: list[int] = []
    for url, digest in keys:
        if url:
            found = scalar(con, "SELECT article_id FROM articles WHERE url = ?", [url])
        else:
            found = scalar(con, "SELECT min(article_id) FROM articles WHERE url IS NULL AND content_hash = ?", [digest])
        if found is not None and int(found) not in ids:
            ids.append(int(found))
    return ids
