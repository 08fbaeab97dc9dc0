"""The review workflow's rows: claims' status, verdict and text; mentions' review state and corrections."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .connection import Connection, query, query_one, scalar

CONTESTED_CLAIM_IDS = (
    "SELECT claim_id FROM mentions WHERE review_state <> 'rejected' GROUP BY claim_id"
    " HAVING bool_or(stance = 'asserts') AND bool_or(stance = 'denies')"
)
"""SQL for the ids of contested claims: both asserting and denying mentions (rejected ones don't count)."""

_CLAIM_COLUMNS = ("status", "verdict", "rationale", "evidence_urls", "text")
_MENTION_COLUMNS = ("claimant_id", "speaker", "stance", "char_start", "char_end", "quote", "review_state")


def claim_row(con: Connection, claim_id: int) -> dict[str, Any] | None:
    """A claim's reviewable fields (text, status, verdict, rationale, evidence_urls, merged_into), or None."""
    return query_one(
        con,
        "SELECT claim_id, text, status, verdict, rationale, evidence_urls, merged_into FROM claims WHERE claim_id = ?",
        [int(claim_id)],
    )


def update_claim(con: Connection, claim_id: int, by: str | None, **values: Any) -> None:
    """Set some of a claim's reviewable fields (status, verdict, rationale, evidence_urls, text) and who did it."""
    unknown = set(values) - set(_CLAIM_COLUMNS)
    if unknown:
        raise ValueError(f"not a reviewable claim column: {sorted(unknown)}")
    assignments = "".join(f"{column} = ?, " for column in values)  # column names from the list above
    con.execute(
        f"UPDATE claims SET {assignments}updated_at = current_timestamp, updated_by = ? WHERE claim_id = ?",
        [*values.values(), by, int(claim_id)],
    )


def is_contested(con: Connection, claim_id: int) -> bool:
    """True when the claim has both asserting and denying mentions (rejected mentions don't count)."""
    return bool(
        scalar(
            con,
            "SELECT bool_or(stance = 'asserts') AND bool_or(stance = 'denies') FROM mentions"
            " WHERE claim_id = ? AND review_state <> 'rejected'",
            [int(claim_id)],
        )
    )


def mention_states(con: Connection, mention_ids: Sequence[int]) -> list[dict[str, Any]]:
    """(mention_id, claim_id, review_state) of the given mentions that exist."""
    return query(
        con,
        "SELECT mention_id, claim_id, review_state FROM mentions WHERE mention_id IN (SELECT unnest(?::BIGINT[]))",
        [list(mention_ids)],
    )


def set_mention_states(con: Connection, mention_ids: Sequence[int], state: str) -> None:
    """Put the given mentions in review state `state`."""
    con.execute(
        "UPDATE mentions SET review_state = ? WHERE mention_id IN (SELECT unnest(?::BIGINT[]))",
        [state, list(mention_ids)],
    )


def mention_for_correction(con: Connection, mention_id: int) -> dict[str, Any] | None:
    """A mention with its claimant's name and its article's text, or None."""
    return query_one(
        con,
        "SELECT m.mention_id, m.claim_id, m.quote, m.stance, m.claimant_id, m.speaker, m.char_start, m.char_end,"
        " m.review_state, a.name AS claimant, ar.text AS article_text"
        " FROM mentions m LEFT JOIN actors a ON a.actor_id = m.claimant_id"
        " LEFT JOIN articles ar ON ar.article_id = m.article_id WHERE m.mention_id = ?",
        [int(mention_id)],
    )


def actor_name(con: Connection, actor_id: int) -> str | None:
    """An actor's canonical name."""
    return scalar(con, "SELECT name FROM actors WHERE actor_id = ?", [actor_id])


def update_mention(con: Connection, mention_id: int, values: dict[str, Any]) -> None:
    """Set some of a mention's correctable fields (claimant_id, speaker, stance, span, quote, review_state)."""
    unknown = set(values) - set(_MENTION_COLUMNS)
    if unknown:
        raise ValueError(f"not a correctable mention column: {sorted(unknown)}")
    assignments = ", ".join(f"{column} = ?" for column in values)  # column names from the list above
    con.execute(f"UPDATE mentions SET {assignments} WHERE mention_id = ?", [*values.values(), int(mention_id)])


def existing_claim_ids(con: Connection, claim_ids: Sequence[int]) -> set[int]:
    """Those of `claim_ids` that are claims in the database."""
    return {
        int(r[0])
        for r in con.execute(
            "SELECT claim_id FROM claims WHERE claim_id IN (SELECT unnest(?::INTEGER[]))", [list(claim_ids)]
        ).fetchall()
    }
