"""Read-side queries for the dashboard's claim pages (overview, claims, one claim, review queue): aggregated in
SQL, paged with LIMIT/OFFSET (sources and actors: `workbench.store.sources`).

Every function takes an open connection and returns plain Python data (dicts, lists, dataclasses) that can
be cached and pickled. Nothing here fetches a whole table: lists are paged, charts are aggregated in DuckDB,
so pages stay fast with a million mentions. Rejected mentions (wrong extractions) count nowhere; claims
merged into another are hidden from lists.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from ..explain import decision_reasons
from ..models import ReviewStatus, Stance, Verdict
from .connection import Connection, query, query_one
from .paging import LIVE, MENTION_COLUMNS, MENTION_JOINS, Page, paged
from .paging import term as search_term
from .relations import links_of
from .review import CONTESTED_CLAIM_IDS

__all__ = ["Page", "claim_mentioning", "ClaimFilters", "SORTS", "claim_detail", "claim_filter_options", "claim_history", "claim_list", "claim_mentions", "claim_suggestions", "claim_timeline", "match_explanations", "open_suggestions", "overview", "pending_mentions", "review_queue", "claim_reviews"]


# --- overview -----------------------------------------------------------------------------------------


def overview(con: Connection, *, top: int = 10, recent: int = 10) -> dict[str, Any]:
    """Everything the Overview page shows: counts, status/verdict breakdowns, mentions per week by stance,
    the most active claimants (asserting vs denying) and the recently active claims."""
    counts = query(
        con,
        f"""SELECT
            (SELECT count(*) FROM claims WHERE merged_into IS NULL) AS claims,
            (SELECT count(*) FROM mentions WHERE {LIVE}) AS mentions,
            (SELECT count(*) FROM articles) AS articles,
            (SELECT count(*) FROM outlets) AS outlets,
            (SELECT count(*) FROM claims WHERE merged_into IS NULL AND status = 'unstarted') AS awaiting_review,
            (SELECT count(*) FROM ({CONTESTED_CLAIM_IDS})) AS contested,
            (SELECT count(*) FROM match_suggestions s JOIN mentions m USING (mention_id)
               JOIN claims c ON c.claim_id = s.claim_id
               WHERE s.state = 'open' AND m.review_state <> 'rejected') AS open_suggestions,
            (SELECT count(*) FROM mentions WHERE origin = 'extracted' AND review_state = 'pending') AS pending_mentions""",
    )[0]
    counts = {k: int(v or 0) for k, v in counts.items()}

    by_status = dict(con.execute(
        "SELECT status, count(*) FROM claims WHERE merged_into IS NULL GROUP BY status"
    ).fetchall())
    by_verdict = dict(con.execute(
        "SELECT coalesce(verdict, 'no verdict'), count(*) FROM claims WHERE merged_into IS NULL GROUP BY ALL"
    ).fetchall())
    weekly = query(
        con,
        f"SELECT date_trunc('week', published)::DATE AS week, stance, count(*) AS mentions FROM mentions"
        f" WHERE published IS NOT NULL AND {LIVE} GROUP BY ALL ORDER BY week, stance",
    )
    claimants = query(
        con,
        f"""WITH t AS (
              SELECT claimant_id, count(*) FILTER (WHERE stance = 'asserts') AS asserts,
                     count(*) FILTER (WHERE stance = 'denies') AS denies, count(*) AS total
              FROM mentions WHERE claimant_id IS NOT NULL AND {LIVE}
              GROUP BY claimant_id ORDER BY total DESC, claimant_id LIMIT ?)
            SELECT a.name AS claimant, t.asserts, t.denies, t.total FROM t JOIN actors a ON a.actor_id = t.claimant_id
            ORDER BY t.total DESC, a.name""",
        [top],
    )
    recent_rows = query(
        con,
        f"""WITH activity AS (
              SELECT claim_id, max(created_at) AS last_mention, count(*) AS mentions,
                     count(*) FILTER (WHERE stance = 'denies') AS denies
              FROM mentions WHERE {LIVE} GROUP BY claim_id)
            SELECT c.claim_id, c.text, c.status, c.verdict, coalesce(a.mentions, 0) AS mentions,
                   coalesce(a.denies, 0) AS denies, c.last_seen,
                   greatest(c.updated_at, coalesce(a.last_mention, c.updated_at)) AS active_at
            FROM claims c LEFT JOIN activity a USING (claim_id)
            WHERE c.merged_into IS NULL
            ORDER BY active_at DESC, c.claim_id DESC LIMIT ?""",
        [recent],
    )
    return {
        "counts": counts,
        "by_status": [{"status": s.value, "claims": int(by_status.get(s.value, 0))} for s in ReviewStatus],
        "by_verdict": [
            {"verdict": v, "claims": int(by_verdict.get(v, 0))} for v in [*(x.value for x in Verdict), "no verdict"]
        ],
        "weekly": weekly,
        "claimants": claimants,
        "recent": recent_rows,
    }


# --- claims list --------------------------------------------------------------------------------------

SORTS: dict[str, tuple[str, str]] = {
    "activity": ("Recently active", "last_activity DESC NULLS LAST, c.claim_id DESC"),
    "mentions": ("Most mentions", "mentions DESC, c.claim_id DESC"),
    "last_seen": ("Latest source date", "last_seen DESC NULLS LAST, c.claim_id DESC"),
    "contested": ("Most denied", "denies DESC, mentions DESC, c.claim_id DESC"),
    "newest": ("Newest claims", "c.claim_id DESC"),
    "oldest": ("Oldest claims", "c.claim_id ASC"),
}
"""Sort key -> (label, ORDER BY clause). Only these keys are accepted: user input never reaches the SQL."""


@dataclass(frozen=True)
class ClaimFilters:
    """The Claims page's filters (all optional); `status`/`verdict` accept several values."""

    text: str = ""
    status: tuple[str, ...] = ()
    verdict: tuple[str, ...] = ()
    claimant: str | None = None
    """Actor name: claims with at least one mention by this claimant."""
    accused: str | None = None
    """Actor name: claims about this actor."""
    outlet: str | None = None
    """Outlet name: claims with at least one mention in an article of this outlet."""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    """Claims with at least one mention whose source is dated in [date_from, date_to]."""
    contested: bool = False
    sort: str = "activity"


def _claim_where(filters: ClaimFilters) -> tuple[list[str], list[Any]]:
    where = ["c.merged_into IS NULL"]
    params: list[Any] = []
    term = search_term(filters.text)
    if term:
        digits = term.lstrip("#")
        clause = "(contains(lower(c.text), ?) OR c.claim_id IN (SELECT claim_id FROM mentions WHERE contains(lower(quote), ?))"
        params += [term, term]
        if digits.isdigit() and len(digits) < 10:
            clause += " OR c.claim_id = ?"
            params.append(int(digits))
        where.append(clause + ")")
    statuses = [s for s in filters.status if s in {x.value for x in ReviewStatus}]
    if statuses:
        where.append("c.status IN (SELECT unnest(?::VARCHAR[]))")
        params.append(statuses)
    verdicts = [v for v in filters.verdict if v in {x.value for x in Verdict} or v == "no verdict"]
    if verdicts:
        clause = "(c.verdict IN (SELECT unnest(?::VARCHAR[]))"
        if "no verdict" in verdicts:
            clause += " OR c.verdict IS NULL"
        where.append(clause + ")")
        params.append(verdicts)
    if filters.accused:
        where.append(
            "(c.accused_id IN (SELECT actor_id FROM actors WHERE name = ?)"
            f" OR c.claim_id IN (SELECT claim_id FROM mentions WHERE {LIVE} AND accused_id IN"
            " (SELECT actor_id FROM actors WHERE name = ?)))"
        )
        params += [filters.accused, filters.accused]
    mention_conds: list[str] = []
    mention_params: list[Any] = []
    if filters.claimant:
        mention_conds.append("m.claimant_id IN (SELECT actor_id FROM actors WHERE name = ?)")
        mention_params.append(filters.claimant)
    if filters.outlet:
        mention_conds.append(
            "m.article_id IN (SELECT article_id FROM articles WHERE outlet_id IN"
            " (SELECT outlet_id FROM outlets WHERE name = ?))"
        )
        mention_params.append(filters.outlet)
    if filters.date_from:
        mention_conds.append("m.published >= ?")
        mention_params.append(filters.date_from)
    if filters.date_to:
        mention_conds.append("m.published <= ?")
        mention_params.append(filters.date_to)
    if mention_conds:
        # One semi-join: the same mention must satisfy claimant, outlet and dates together.
        where.append(
            f"c.claim_id IN (SELECT m.claim_id FROM mentions m WHERE m.{LIVE} AND " + " AND ".join(mention_conds) + ")"
        )
        params += mention_params
    if filters.contested:
        where.append(f"c.claim_id IN ({CONTESTED_CLAIM_IDS})")
    return where, params


def claim_list(con: Connection, filters: ClaimFilters = ClaimFilters(), *, page: int = 1, page_size: int = 50) -> Page:
    """One page of claims matching `filters`, each with its mention counts, dates and top claimants per stance."""
    where, params = _claim_where(filters)
    order = SORTS.get(filters.sort, SORTS["activity"])[1]
    sql = f"""
        WITH stats AS (
            SELECT claim_id, count(*) AS mentions,
                   count(*) FILTER (WHERE stance = 'asserts') AS asserts,
                   count(*) FILTER (WHERE stance = 'denies') AS denies,
                   min(published) AS first_seen, max(published) AS last_seen, max(created_at) AS last_activity
            FROM mentions WHERE {LIVE} GROUP BY claim_id)
        SELECT c.claim_id, c.text, c.status, c.verdict, c.updated_at, c.updated_by,
               coalesce(s.mentions, 0) AS mentions, coalesce(s.asserts, 0) AS asserts,
               coalesce(s.denies, 0) AS denies,
               coalesce(s.first_seen, c.first_seen) AS first_seen, coalesce(s.last_seen, c.last_seen) AS last_seen,
               greatest(c.updated_at, coalesce(s.last_activity, c.updated_at)) AS last_activity,
               acc.name AS accused, count(*) OVER () AS _total
        FROM claims c LEFT JOIN stats s USING (claim_id) LEFT JOIN actors acc ON acc.actor_id = c.accused_id
        WHERE {' AND '.join(where)}
        ORDER BY {order}"""
    result = paged(con, sql, params, page, page_size)
    _attach_claimants(con, result.rows)
    return result


def _attach_claimants(con: Connection, rows: list[dict[str, Any]], per_stance: int = 3) -> None:
    """Add `asserted_by` / `denied_by` (most frequent claimant names first) to claim rows."""
    for row in rows:
        row["asserted_by"], row["denied_by"] = [], []
    if not rows:
        return
    by_id = {row["claim_id"]: row for row in rows}
    found = query(
        con,
        f"""SELECT m.claim_id, m.stance, a.name, count(*) AS n FROM mentions m JOIN actors a ON a.actor_id = m.claimant_id
            WHERE m.claim_id IN (SELECT unnest(?::INTEGER[])) AND m.{LIVE}
            GROUP BY ALL ORDER BY m.claim_id, n DESC, a.name""",
        [list(by_id)],
    )
    for r in found:
        target = by_id[r["claim_id"]]["asserted_by" if r["stance"] == Stance.ASSERTS.value else "denied_by"]
        if len(target) < per_stance:
            target.append(r["name"])


def claim_filter_options(con: Connection) -> dict[str, list[str]]:
    """Choices for the Claims page's filters: claimants, accused actors and outlets that occur."""
    claimants = [r[0] for r in con.execute(
        "SELECT name FROM actors WHERE actor_id IN (SELECT DISTINCT claimant_id FROM mentions) ORDER BY name"
    ).fetchall()]
    accused = [r[0] for r in con.execute(
        "SELECT name FROM actors WHERE actor_id IN (SELECT accused_id FROM claims UNION SELECT accused_id FROM mentions)"
        " ORDER BY name"
    ).fetchall()]
    outlets = [r[0] for r in con.execute("SELECT name FROM outlets ORDER BY name").fetchall()]
    return {"claimants": claimants, "accused": accused, "outlets": outlets}


# --- one claim ----------------------------------------------------------------------------------------


def claim_detail(con: Connection, claim_id: int) -> dict[str, Any] | None:
    """A claim with its counts, `contested` flag and, when merged, the claim it was merged into."""
    row = query_one(
        con,
        f"""SELECT c.*, acc.name AS accused,
               (SELECT count(*) FROM mentions WHERE claim_id = c.claim_id AND {LIVE}) AS mentions,
               (SELECT count(*) FROM mentions WHERE claim_id = c.claim_id AND {LIVE} AND stance = 'asserts') AS asserts,
               (SELECT count(*) FROM mentions WHERE claim_id = c.claim_id AND {LIVE} AND stance = 'denies') AS denies,
               (SELECT count(*) FROM mentions WHERE claim_id = c.claim_id AND review_state = 'rejected') AS rejected,
               (SELECT min(published) FROM mentions WHERE claim_id = c.claim_id AND {LIVE}) AS first_mention,
               (SELECT max(published) FROM mentions WHERE claim_id = c.claim_id AND {LIVE}) AS last_mention
            FROM claims c LEFT JOIN actors acc ON acc.actor_id = c.accused_id WHERE c.claim_id = ?""",
        [int(claim_id)],
    )
    if row is None:
        return None
    row["evidence_urls"] = list(row.get("evidence_urls") or [])
    row["contested"] = bool(row["asserts"] and row["denies"])
    return row


def claim_mentions(
    con: Connection, claim_id: int, stance: str | None = None, *, page: int = 1, page_size: int = 50,
    include_rejected: bool = False,
) -> Page:
    """A claim's mentions (optionally of one stance), newest source first, with speaker, claimant and source."""
    conds = ["m.claim_id = ?"]
    params: list[Any] = [int(claim_id)]
    if stance:
        conds.append("m.stance = ?")
        params.append(str(stance))
    if not include_rejected:
        conds.append(f"m.{LIVE}")
    sql = f"""SELECT {MENTION_COLUMNS}, count(*) OVER () AS _total FROM mentions m {MENTION_JOINS}
        WHERE {' AND '.join(conds)} ORDER BY published DESC NULLS LAST, m.mention_id DESC"""
    return paged(con, sql, params, page, page_size)


def claim_links(con: Connection, claim_id: int) -> list[dict[str, Any]]:
    """The claims this one is linked to (`claim_relations`, merges resolved): relation, direction (`outgoing`:
    this claim contradicts the other), the other claim's id, text and status, and who made the link."""
    return links_of(con, claim_id)


def claim_timeline(con: Connection, claim_id: int) -> list[dict[str, Any]]:
    """Mentions of one claim per source date and stance (dated mentions only)."""
    return query(
        con,
        f"SELECT published AS day, stance, count(*) AS mentions FROM mentions"
        f" WHERE claim_id = ? AND published IS NOT NULL AND {LIVE} GROUP BY ALL ORDER BY day, stance",
        [int(claim_id)],
    )


def match_explanations(con: Connection, claim_id: int, *, limit: int = 50) -> list[dict[str, Any]]:
    """Why the claim's mentions are on it: the latest match decision of each, with its score breakdown."""
    rows = query(
        con,
        f"""SELECT d.decision_id, d.mention_id, d.claim_id AS candidate_claim_id, d.decision, d.score, d.text_score,
                   d.actor_score, d.direction_score, d.number_score, d.compared_text, d.candidate_text, d.details,
                   d.auto_threshold, d.suggest_threshold, d.created_at, m.quote, m.stance, cl.name AS claimant
            FROM match_decisions d JOIN mentions m ON m.mention_id = d.mention_id
            LEFT JOIN actors cl ON cl.actor_id = m.claimant_id
            WHERE m.claim_id = ? AND m.{LIVE}
            QUALIFY row_number() OVER (PARTITION BY d.mention_id ORDER BY d.decision_id DESC) = 1
            ORDER BY d.score DESC NULLS LAST, d.mention_id LIMIT ?""",
        [int(claim_id), limit],
    )
    for row in rows:
        row["details"] = _json(row.get("details"))
        row["why"] = decision_reasons(row["details"] if isinstance(row["details"], dict) else {})
    return rows


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


_SUGGESTION_SQL = """SELECT s.suggestion_id, s.score, s.created_at, s.mention_id, m.quote, m.stance, cl.name AS claimant,
        m.speaker, o.name AS outlet, coalesce(m.published, ar.published) AS published,
        m.claim_id AS mention_claim_id, mc.text AS mention_claim_text,
        s.claim_id, c.text AS claim_text, count(*) OVER () AS _total
    FROM match_suggestions s JOIN mentions m ON m.mention_id = s.mention_id
    JOIN claims c ON c.claim_id = s.claim_id LEFT JOIN claims mc ON mc.claim_id = m.claim_id
    LEFT JOIN actors cl ON cl.actor_id = m.claimant_id
    LEFT JOIN articles ar ON ar.article_id = m.article_id LEFT JOIN outlets o ON o.outlet_id = ar.outlet_id"""


def claim_suggestions(con: Connection, claim_id: int, *, limit: int = 50) -> list[dict[str, Any]]:
    """Open suggestions that touch this claim: mentions that may belong here, and this claim's mentions
    that may belong to another claim."""
    rows = query(
        con,
        f"""{_SUGGESTION_SQL}
            WHERE s.state = 'open' AND m.{LIVE} AND (s.claim_id = ? OR m.claim_id = ?)
            ORDER BY s.score DESC NULLS LAST, s.suggestion_id LIMIT ?""",
        [int(claim_id), int(claim_id), limit],
    )
    for row in rows:
        row.pop("_total", None)
    return rows


def claim_history(con: Connection, claim_id: int, *, limit: int = 200) -> list[dict[str, Any]]:
    """The audit log of a claim (its own changes and those of its mentions), newest first."""
    rows = query(
        con,
        "SELECT event_id, happened_at, reviewer, action, entity, entity_id, details FROM events"
        " WHERE claim_id = ? OR (entity = 'claim' AND entity_id = ?) ORDER BY happened_at DESC, event_id DESC LIMIT ?",
        [int(claim_id), int(claim_id), limit],
    )
    for row in rows:
        row["details"] = _json(row.get("details"))
    return rows


def claim_summaries(con: Connection, claim_ids: tuple[int, ...] | list[int]) -> dict[int, dict[str, Any]]:
    """Text, status, verdict and mention count of the given claims that still stand (merged-away ones are
    left out)."""
    rows = query(
        con,
        "SELECT c.claim_id, c.text, c.status, c.verdict,"
        " (SELECT count(*) FROM mentions m WHERE m.claim_id = c.claim_id) AS mentions"
        " FROM claims c WHERE c.merged_into IS NULL AND c.claim_id IN (SELECT unnest(?::INTEGER[]))",
        [list(claim_ids)],
    )
    return {int(r.pop("claim_id")): r for r in rows}


def claim_reviews(con: Connection, claim_id: int) -> list[dict[str, Any]]:
    """ClaimReview records other fact-checkers published about this claim."""
    return query(
        con,
        "SELECT review_id, url, publisher, date_published, rating_text, verdict, rating_known FROM claim_reviews"
        " WHERE claim_id = ? ORDER BY date_published DESC NULLS LAST, review_id",
        [int(claim_id)],
    )


# --- review queue -------------------------------------------------------------------------------------


def review_queue(con: Connection) -> dict[str, int]:
    """How much waits for a decision: open suggestions and extracted mentions nobody checked yet."""
    row = query(
        con,
        "SELECT (SELECT count(*) FROM match_suggestions s JOIN mentions m USING (mention_id)"
        "        JOIN claims c ON c.claim_id = s.claim_id"
        "        WHERE s.state = 'open' AND m.review_state <> 'rejected') AS suggestions,"
        " (SELECT count(*) FROM mentions WHERE origin = 'extracted' AND review_state = 'pending') AS mentions",
    )[0]
    return {k: int(v or 0) for k, v in row.items()}


def open_suggestions(con: Connection, *, page: int = 1, page_size: int = 50) -> Page:
    """Suggested matches awaiting a decision, best score first."""
    sql = f"""{_SUGGESTION_SQL} WHERE s.state = 'open' AND m.{LIVE}
        ORDER BY s.score DESC NULLS LAST, s.suggestion_id"""
    return paged(con, sql, [], page, page_size)


def pending_mentions(con: Connection, *, page: int = 1, page_size: int = 50) -> Page:
    """Extracted mentions nobody has confirmed, corrected or rejected yet, oldest first."""
    sql = f"""SELECT {MENTION_COLUMNS}, c.text AS claim_text, count(*) OVER () AS _total
        FROM mentions m {MENTION_JOINS} LEFT JOIN claims c ON c.claim_id = m.claim_id
        WHERE m.origin = 'extracted' AND m.review_state = 'pending'
        ORDER BY m.mention_id"""
    return paged(con, sql, [], page, page_size)


def claim_mentioning(con: Connection, phrase: str) -> int | None:
    """The live claim whose text or one of whose quotes contains `phrase` (case-insensitive), the one with
    the most mentions when several do; None when none does."""
    row = query_one(
        con,
        "SELECT c.claim_id FROM claims c WHERE c.merged_into IS NULL AND ("
        " c.text ILIKE '%' || ? || '%' OR EXISTS (SELECT 1 FROM mentions m"
        " WHERE m.claim_id = c.claim_id AND m.quote ILIKE '%' || ? || '%'))"
        " ORDER BY (SELECT count(*) FROM mentions m WHERE m.claim_id = c.claim_id) DESC LIMIT 1",
        [phrase, phrase],
    )
    return None if row is None else int(row["claim_id"])
