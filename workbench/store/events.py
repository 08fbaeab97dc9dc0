"""The audit log (`events`): one row per change, with who made it."""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from .connection import Connection, scalar


def record_event(
    con: Connection,
    action: str,
    entity: str,
    entity_id: int | None,
    *,
    claim_id: int | None = None,
    reviewer: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append one row to the audit log (`events`)."""
    con.execute(
        "INSERT INTO events (reviewer, action, entity, entity_id, claim_id, details) VALUES (?, ?, ?, ?, ?, ?)",
        [reviewer, action, entity, entity_id, claim_id, json.dumps(details, default=str) if details else None],
    )


def record_claim_events(con: Connection, action: str, claim_ids: list[int], details: list[str],
                        reviewer: str | None) -> None:
    """Append one audit-log row per claim in one statement; `details` are JSON texts paired by position."""
    con.execute(
        "INSERT INTO events (reviewer, action, entity, entity_id, claim_id, details)"
        " SELECT ?, ?, 'claim', claim_id, claim_id, details::JSON FROM"
        " (SELECT unnest(?::INTEGER[]) AS claim_id, unnest(?::VARCHAR[]) AS details)",
        [reviewer, action, claim_ids, details],
    )


def latest_event_id(con: Connection) -> int:
    """The id of the last audit-log row (0 for an empty log)."""
    return int(scalar(con, "SELECT coalesce(max(event_id), 0) FROM events") or 0)


def events_since(con: Connection, after: int, actions: Collection[str]) -> int:
    """The number of audit-log rows after event id `after` whose action is one of `actions`."""
    return int(scalar(con, "SELECT count(*) FROM events WHERE event_id > ? AND action IN (SELECT unnest(?::VARCHAR[]))",
                      [after, sorted(actions)]) or 0)
