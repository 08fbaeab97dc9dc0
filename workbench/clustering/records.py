"""Storing decisions: one `match_decisions` row per placed mention, with the score breakdown a reviewer sees."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson

from ..config import Settings
from ..store import articles as article_store
from ..store import decisions as decision_store
from ..store import settings as settings_store
from ..store.connection import Connection
from .policy import Row

_JSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY
"""A decision's details as `json.dumps(default=str)` would write them (numbers from numpy as numbers, keys
that are not strings as strings), about five times faster: an import writes one per mention."""


def insert_decisions(con: Connection, decision_ids: list[int], mention_ids: list[int], rows: Sequence[Row],
                     settings: Settings) -> None:
    """Store one decision per placed mention, paired by position, with the thresholds of `settings`."""
    def part(row: Row, name: str) -> float | None:
        c = row.candidate
        return getattr(c, name) if c is not None else None

    decision_store.insert_decisions(con, {
        "decision_id": decision_ids,
        "mention_id": mention_ids,
        # the claim compared with: for joined/manual the claim joined, else the best candidate (if any)
        "claim_id": [r.claim_id if r.decision in ("joined", "manual") else (r.candidate.claim_id if r.candidate else None)
                     for r in rows],
        "decision": [r.decision for r in rows],
        "score": [r.score for r in rows],
        **{name: [part(r, name) for r in rows] for name in (
            "text_score", "actor_score", "direction_score", "number_score", "compared_text", "candidate_text")},
        "details": [_details(row) for row in rows],
    }, float(settings.match_auto), float(settings.match_suggest))


def _details(row: Row) -> str:
    """A decision's details as JSON: the row's own, with the best candidate's breakdown."""
    d: dict[str, Any] = dict(row.details)
    c = row.candidate
    if c is not None:
        d["breakdown"] = c.breakdown
        d["role_score"] = c.role_score
        d["context_score"] = c.context_score
        d["best_claim_id"] = c.claim_id
        d["best_mention_text"] = c.rep_text
    return orjson.dumps(d, default=str, option=_JSON_OPTIONS).decode()


def manual_decisions(con: Connection, mention_ids: Sequence[int], claim_id: int, details: dict[str, Any],
                     settings: Settings | None = None) -> None:
    """A `manual` match decision for each moved mention, so its history shows how it got to its claim."""
    if not mention_ids:
        return
    settings = settings or settings_store.load_settings(con)
    ids = article_store.reserve_ids(con, "decision_ids", len(mention_ids))
    rows = [Row(int(claim_id), "manual", None, False, details=dict(details)) for _ in mention_ids]
    insert_decisions(con, ids, [int(m) for m in mention_ids], rows, settings)
