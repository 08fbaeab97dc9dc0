"""What matching decided and what reviewers said about it: `match_decisions` (one row per placement, with its
score breakdown), `match_suggestions` (a mention that may belong to another claim, open until a reviewer
decides) and `pair_judgements` (two mentions are the same claim, or different ones).

Every function takes an open connection and leaves transaction control to its caller.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa

from .connection import Connection, arrow_table, execute_with, insert_columns, query_one

_DECISION_COLUMNS = {
    "decision_id": pa.int64(), "mention_id": pa.int64(), "claim_id": pa.int32(), "decision": pa.string(),
    "score": pa.float64(), "text_score": pa.float64(), "actor_score": pa.float64(), "direction_score": pa.float64(),
    "number_score": pa.float64(), "compared_text": pa.string(), "candidate_text": pa.string(), "details": pa.string(),
}
_SUGGESTION_COLUMNS = {"mention_id": pa.int64(), "claim_id": pa.int32(), "score": pa.float64(), "decision_id": pa.int64()}


def insert_decisions(con: Connection, columns: Mapping[str, Sequence[Any]], auto: float, suggest: float) -> None:
    """Store match decisions in one statement; `columns`: decision_id, mention_id, claim_id, decision, score,
    text_score, actor_score, direction_score, number_score, compared_text, candidate_text, details (JSON texts);
    `auto` and `suggest`: the thresholds they were taken with."""
    execute_with(con, "wb_new_decisions", arrow_table(_DECISION_COLUMNS, columns),
                 "INSERT INTO match_decisions (decision_id, mention_id, claim_id, decision, score, text_score, actor_score,"
                 " direction_score, number_score, compared_text, candidate_text, details, auto_threshold, suggest_threshold)"
                 " SELECT decision_id, mention_id, claim_id, decision, score, text_score, actor_score, direction_score,"
                 " number_score, compared_text, candidate_text, details::JSON, ?, ? FROM wb_new_decisions",
                 [auto, suggest])


def insert_new_suggestions(con: Connection, columns: Mapping[str, Sequence[Any]]) -> None:
    """Store open suggestions in one statement; `columns`: mention_id, claim_id, score, decision_id."""
    insert_columns(con, "match_suggestions", _SUGGESTION_COLUMNS, columns)


def add_suggestions(con: Connection, rows: Sequence[Sequence[Any]]) -> None:
    """Store open suggestions given as (mention_id, claim_id, score) rows, in their order."""
    con.executemany("INSERT INTO match_suggestions (mention_id, claim_id, score) VALUES (?, ?, ?)",
                    [list(row) for row in rows])


def delete_open_suggestions(con: Connection) -> None:
    """Drop every suggestion no reviewer has decided yet."""
    con.execute("DELETE FROM match_suggestions WHERE state = 'open'")


def suggestion(con: Connection, suggestion_id: int) -> dict[str, Any] | None:
    """A suggestion's row, or None."""
    return query_one(con, "SELECT * FROM match_suggestions WHERE suggestion_id = ?", [int(suggestion_id)])


def decide_suggestion(con: Connection, suggestion_id: int, state: str, by: str | None) -> None:
    """Close a suggestion as `confirmed` or `rejected`, with who decided it."""
    con.execute(
        "UPDATE match_suggestions SET state = ?, decided_by = ?, decided_at = current_timestamp WHERE suggestion_id = ?",
        [state, by, int(suggestion_id)],
    )


def reject_open_suggestions(con: Connection, claim_id: int, mention_ids: Sequence[int], by: str | None) -> None:
    """Reject the open suggestions of `claim_id` for the given mentions."""
    con.execute(
        "UPDATE match_suggestions SET state = 'rejected', decided_by = ?, decided_at = current_timestamp"
        " WHERE state = 'open' AND claim_id = ? AND mention_id IN (SELECT unnest(?::BIGINT[]))",
        [by, int(claim_id), list(mention_ids)],
    )


def judge_pair(con: Connection, a: int, b: int, judgement: str, by: str | None) -> None:
    """Record that mentions `a` and `b` (a < b) state the same claim or different ones; a later judgement of the
    pair replaces an earlier one."""
    con.execute(
        "INSERT INTO pair_judgements (mention_id, other_mention_id, judgement, decided_by) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (mention_id, other_mention_id) DO UPDATE SET judgement = excluded.judgement,"
        " decided_by = excluded.decided_by, decided_at = now()::TIMESTAMP",
        [a, b, judgement, by],
    )


def pair_judgements(con: Connection) -> list[tuple[int, int, str]]:
    """Every (mention_id, other_mention_id, judgement) a reviewer made, live mentions or not."""
    return con.execute("SELECT mention_id, other_mention_id, judgement FROM pair_judgements").fetchall()
