"""The matcher's own tables: the decision models a desk taught (`match_models`) and the reviewer decisions
about pairs of mentions they are fit on (`pair_judgements`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..match.model import MatchModel, shipped_model
from .connection import Connection, query
from .events import record_event


def load_match_model(con: Connection) -> MatchModel:
    """The decision model matching uses on this database: the latest one a desk taught it (`workbench learn`),
    else the shipped one."""
    rows = con.execute("SELECT model FROM match_models WHERE active ORDER BY model_id DESC LIMIT 1").fetchall()
    if not rows:
        return shipped_model()
    model = MatchModel.from_json(rows[0][0])
    model.info.setdefault("source", "desk")
    return model


def save_match_model(con: Connection, model: MatchModel, pairs: int, decided_through: dt.datetime | None,
                     reviewer: str | None = None) -> int:
    """Store a desk's model as the one matching uses from now on (earlier ones stay, inactive); its id."""
    con.execute("UPDATE match_models SET active = false WHERE active")
    model_id = int(con.execute(
        "INSERT INTO match_models (model, pairs, decided_through, created_by) VALUES (?, ?, ?, ?) RETURNING model_id",
        [model.to_json(), int(pairs), decided_through, reviewer]).fetchall()[0][0])
    record_event(con, "matcher taught", "setting", model_id, reviewer=reviewer,
                 details={"pairs": int(pairs), "model_id": model_id, **{k: v for k, v in model.info.items()
                                                                          if isinstance(v, (int, float, str))}})
    return model_id


def judged_pairs(con: Connection) -> list[tuple[int, int, bool, dt.datetime]]:
    """Reviewer decisions about pairs of live mentions (confirmed or rejected suggestions, merges, splits, moves):
    (mention, other mention, the same claim?, when decided)."""
    rows = con.execute(
        """SELECT j.mention_id, j.other_mention_id, j.judgement = 'same', j.decided_at FROM pair_judgements j
           JOIN mentions a ON a.mention_id = j.mention_id JOIN mentions b ON b.mention_id = j.other_mention_id
           ORDER BY j.decided_at, j.mention_id, j.other_mention_id""").fetchall()
    return [(int(a), int(b), bool(same), at) for a, b, same, at in rows]


def decided_suggestions(con: Connection) -> list[tuple[int, float, bool, float]]:
    """The suggestions a reviewer decided, of live mentions: (mention, its score when suggested, confirmed?, the
    log-odds shift of the desk model in force when it was suggested: `info.desk_shift`, 0 for the shipped one)."""
    rows = con.execute(
        """SELECT s.mention_id, s.score, s.state = 'confirmed',
                  coalesce((SELECT TRY_CAST(json_extract(mm.model, '$.info.desk_shift') AS DOUBLE) FROM match_models mm
                            WHERE mm.created_at <= s.created_at ORDER BY mm.model_id DESC LIMIT 1), 0)
           FROM match_suggestions s JOIN mentions m ON m.mention_id = s.mention_id
           WHERE s.state <> 'open' AND s.score IS NOT NULL
           ORDER BY s.decided_at, s.suggestion_id""").fetchall()
    return [(int(m), float(score), bool(same), float(shift)) for m, score, same, shift in rows]


def model_decided_through(con: Connection) -> dt.datetime | None:
    """The time of the last reviewer decision the active desk model was fit on (None: no desk model)."""
    rows = con.execute("SELECT decided_through FROM match_models WHERE active ORDER BY model_id DESC LIMIT 1").fetchall()
    return rows[0][0] if rows else None


def mentions_in_order(con: Connection) -> list[dict[str, Any]]:
    """Every live mention, oldest first, with what matching reads of it and the claim it is on now."""
    return query(
        con,
        """SELECT m.mention_id, m.claim_id, coalesce(m.proposition, m.quote) AS text, m.quote, a.name AS claimant,
                  m.stance, m.article_id, ar.title AS topic, coalesce(m.published, ar.published) AS published
           FROM mentions m JOIN claims c ON c.claim_id = m.claim_id AND c.merged_into IS NULL
           LEFT JOIN actors a ON a.actor_id = m.claimant_id
           LEFT JOIN articles ar ON ar.article_id = m.article_id
           WHERE m.review_state <> 'rejected'
           ORDER BY m.mention_id""")
