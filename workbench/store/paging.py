"""Paging a list with LIMIT/OFFSET (the dashboard never fetches a whole table), and what counts as a live mention."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .connection import Connection, query, scalar

LIVE = "review_state <> 'rejected'"

MENTION_COLUMNS = """m.mention_id, m.claim_id, m.quote, m.speaker, cl.name AS claimant, m.stance, m.origin, m.score,
    m.review_state, coalesce(m.published, ar.published) AS published, ar.url, ar.title, o.name AS outlet,
    m.article_id, m.char_start, m.char_end, m.created_at, m.created_by"""
MENTION_JOINS = """LEFT JOIN actors cl ON cl.actor_id = m.claimant_id
    LEFT JOIN articles ar ON ar.article_id = m.article_id LEFT JOIN outlets o ON o.outlet_id = ar.outlet_id"""
"""The columns and joins of a mention as the pages show it (`m` a mention, with its claimant, article, outlet)."""


@dataclass(frozen=True)
class Page:
    """One page of a list: `rows`, the `total` number of rows over all pages, and where we are."""

    rows: list[dict[str, Any]]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size)) if self.page_size else 1

    @property
    def first(self) -> int:
        """1-based position of the first row shown (0 when empty)."""
        return 0 if not self.rows else (self.page - 1) * self.page_size + 1

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0


def paged(con: Connection, sql: str, params: list[Any], page: int, page_size: int) -> Page:
    """Run `sql` (which must select a `_total` column = count(*) OVER ()) for one page."""
    page = max(1, int(page))
    page_size = max(1, int(page_size))
    rows = query(con, sql + " LIMIT ? OFFSET ?", [*params, page_size, (page - 1) * page_size])
    if not rows and page > 1:
        # Asked past the end (e.g. filters narrowed meanwhile): count and show the last page instead.
        total = int(scalar(con, f"SELECT count(*) FROM ({sql})", params) or 0)
        last = max(1, math.ceil(total / page_size))
        if last < page:
            return paged(con, sql, params, last, page_size)
    total = int(rows[0]["_total"]) if rows else 0
    for row in rows:
        row.pop("_total", None)
    return Page(rows, total, page, page_size)


def term(text: str | None) -> str:
    """A search term as compared: whitespace folded, lower case."""
    return " ".join((text or "").split()).lower()
