"""The audit log (`events`): one row per change, with who made it."""

from __future__ import annotations

import json
from typing import Any

from .connection import Connection


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
