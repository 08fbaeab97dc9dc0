"""The editable rating -> verdict mapping (`verdict_mappings`): seeding, changes by a reviewer, and applying it
to stored reviews that had no verdict."""

from __future__ import annotations

from ..access import Permission, User, authorize
from ..errors import InputError
from ..models import Verdict
from ..ratings import map_rating, rating_key, seed_mappings_from_file
from ..store import claimreview as review_store
from ..store.claimreview import load_verdict_mappings
from ..store.connection import Connection
from ..store.events import record_event
from .storing import _give_verdict, _live_claim


def seed_verdict_mappings(con: Connection) -> int:
    """Insert the shipped mappings that are not in `verdict_mappings` yet (user edits are kept)."""
    return review_store.seed_verdict_mappings(con, seed_mappings_from_file())


def set_verdict_mapping(con: Connection, rating: str, verdict: str | Verdict, reviewer: str | User | None = None) -> str:
    """Map a publisher's rating to a verdict (added or changed; origin 'user'); returns the stored key."""
    reviewer = authorize(reviewer, Permission.CONFIGURE, required=False)
    key = rating_key(rating)
    if not key:
        raise InputError("the rating is empty")
    try:
        value = Verdict(str(verdict).strip().lower().replace("_", " ")).value
    except ValueError:
        allowed = ", ".join(v.value for v in Verdict)
        raise InputError(f"verdict must be one of: {allowed}; not {str(verdict)[:30]!r}") from None
    old = review_store.mapped_verdict(con, key)
    review_store.write_verdict_mapping(con, key, value)
    record_event(con, "rating mapped", "verdict_mapping", None, reviewer=reviewer,
                 details={"rating": key, "old": old, "new": value})
    return key


def remove_verdict_mapping(con: Connection, rating: str, reviewer: str | User | None = None) -> bool:
    """Forget a rating's mapping; returns False when it was not mapped."""
    reviewer = authorize(reviewer, Permission.CONFIGURE, required=False)
    key = rating_key(rating)
    old = review_store.mapped_verdict(con, key)
    if old is None:
        return False
    review_store.delete_verdict_mapping(con, key)
    record_event(con, "rating unmapped", "verdict_mapping", None, reviewer=reviewer,
                 details={"rating": key, "old": old})
    return True


def apply_verdict_mappings(con: Connection, reviewer: str | User | None = None) -> dict[str, int]:
    """Re-map stored reviews that have no verdict yet with the current mapping; claims without a verdict get it.

    Returns {"reviews": newly mapped reviews, "claims": claims that received a verdict}.
    """
    reviewer = authorize(reviewer, Permission.CONFIGURE, required=False)
    mappings = load_verdict_mappings(con)
    mapped, claims = 0, 0
    for row in review_store.unmapped_reviews(con):
        verdict, how = map_rating(row["rating_text"], row["rating_value"], row["best_rating"], row["worst_rating"], mappings)
        if verdict is None:
            continue
        review_store.set_review_verdict(con, row["review_id"], verdict.value)
        mapped += 1
        if _give_verdict(con, _live_claim(con, row["claim_id"]), verdict, None, [], reviewer, {"how": how}):
            claims += 1
    return {"reviews": mapped, "claims": claims}
