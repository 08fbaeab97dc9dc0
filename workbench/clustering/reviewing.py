"""The reviewer's operations on claims: confirming or rejecting a suggestion, merging two claims, splitting
mentions off a claim, moving one mention. Each writes an `events` row and, as `pair_judgements`, what the
reviewer said about which mentions belong together, so that `recluster` keeps those decisions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..access import Permission, User, authorize
from ..errors import InputError, NotFound
from ..store import articles as article_store
from ..store import claims as claim_store
from ..store import decisions as decision_store
from ..store import mentions as mention_store
from ..store import review as review_store
from ..store.connection import Connection
from ..store.events import record_event
from .policy import Placement
from .records import manual_decisions


def _claim_row(con: Connection, claim_id: int) -> dict[str, Any]:
    row = review_store.claim_row(con, claim_id)
    if row is None:
        raise NotFound(f"no claim with id {claim_id}")
    return row


def _judge(con: Connection, a: int | None, b: int | None, judgement: str, reviewer: str | None) -> None:
    """Record that mentions a and b state the same claim, or different claims (one row per pair)."""
    if a is None or b is None or a == b:
        return
    lo, hi = sorted((int(a), int(b)))
    decision_store.judge_pair(con, lo, hi, judgement, reviewer)


def _retire_if_empty(con: Connection, claim_id: int, into: int) -> bool:
    if mention_store.mention_count(con, claim_id):
        return False
    claim_store.retire_claims(con, [(int(into), int(claim_id))])
    return True


def _open_suggestion(con: Connection, suggestion_id: int) -> dict[str, Any]:
    s = decision_store.suggestion(con, suggestion_id)
    if s is None:
        raise NotFound(f"no suggestion with id {suggestion_id}")
    if s["state"] != "open":
        raise InputError(f"suggestion {suggestion_id} was already {s['state']}")
    return s


def confirm_suggestion(con: Connection, suggestion_id: int, reviewer: str | User) -> Placement:
    """Accept a suggestion: the mention moves onto the suggested claim (its own claim is retired if left empty)."""
    who = authorize(reviewer, Permission.REVIEW)
    s = _open_suggestion(con, suggestion_id)
    mention = mention_store.mention_claim(con, s["mention_id"])
    if mention is None:
        raise NotFound(f"the mention of suggestion {suggestion_id} no longer exists")
    target = claim_store.live_claim(con, int(s["claim_id"]))
    source = int(mention["claim_id"])
    mention_id = int(mention["mention_id"])
    anchor = mention_store.first_mention(con, target, excluding=[mention_id])
    if source != target:
        mention_store.move_mentions(con, [mention_id], target)
        manual_decisions(con, [mention_id], target, {"via": "suggestion confirmed", "suggestion_id": int(suggestion_id),
                                                     "from_claim_id": source, "anchor_mention_id": anchor})
        retired = _retire_if_empty(con, source, target)
        claim_store.update_claim_dates(con, [source, target])
    else:
        retired = False
    _judge(con, mention_id, anchor, "same", who)
    decision_store.decide_suggestion(con, suggestion_id, "confirmed", who)
    record_event(con, "suggestion confirmed", "mention", mention_id, claim_id=target, reviewer=who,
                 details={"suggestion_id": int(suggestion_id), "from_claim_id": source, "to_claim_id": target,
                          "score": s["score"], "from_claim_retired": retired})
    return Placement(mention_id, target, False, s["score"], "manual")


def reject_suggestion(con: Connection, suggestion_id: int, reviewer: str | User) -> None:
    """Decline a suggestion: the mention stays where it is, and the pair is never suggested again."""
    who = authorize(reviewer, Permission.REVIEW)
    s = _open_suggestion(con, suggestion_id)
    mention_id = int(s["mention_id"])
    claim_id = int(s["claim_id"])
    anchor = mention_store.first_mention(con, claim_store.live_claim(con, claim_id), excluding=[mention_id])
    _judge(con, mention_id, anchor, "different", who)
    decision_store.decide_suggestion(con, suggestion_id, "rejected", who)
    record_event(con, "suggestion rejected", "mention", mention_id, claim_id=claim_id, reviewer=who,
                 details={"suggestion_id": int(suggestion_id), "claim_id": claim_id, "score": s["score"],
                          "anchor_mention_id": anchor})


def merge_claims(con: Connection, keep: int, absorb: int, reviewer: str | User) -> int:
    """Move every mention of claim `absorb` onto `keep`; `absorb` remains as a pointer (`merged_into`).

    `keep` keeps its text, status and verdict. Returns the number of mentions moved.
    """
    who = authorize(reviewer, Permission.RESTRUCTURE)
    keep, absorb = int(keep), int(absorb)
    if keep == absorb:
        raise InputError("a claim cannot be merged into itself")
    kept, gone = _claim_row(con, keep), _claim_row(con, absorb)
    for row in (kept, gone):
        if row["merged_into"] is not None:
            raise InputError(f"claim {row['claim_id']} was already merged into claim {row['merged_into']}")
    moved = mention_store.mention_ids_of(con, absorb)
    anchor_keep, anchor_absorb = mention_store.first_mention(con, keep), mention_store.first_mention(con, absorb)
    claim_store.merge_claim_rows(con, keep, absorb, who)
    _judge(con, anchor_keep, anchor_absorb, "same", who)
    manual_decisions(con, moved, keep, {"via": "claims merged", "from_claim_id": absorb, "anchor_mention_id": anchor_keep})
    claim_store.update_claim_dates(con, [keep])
    record_event(con, "claims merged", "claim", absorb, claim_id=keep, reviewer=who,
                 details={"kept": keep, "absorbed": absorb, "mentions_moved": len(moved),
                          "absorbed_text": gone["text"], "absorbed_status": gone["status"],
                          "absorbed_verdict": gone["verdict"]})
    for mention_id in moved:
        record_event(con, "mention moved", "mention", mention_id, claim_id=keep, reviewer=who,
                     details={"from_claim_id": absorb, "to_claim_id": keep, "via": "claims merged"})
    return len(moved)


def split_claim(con: Connection, claim_id: int, mention_ids: Sequence[int], reviewer: str | User) -> int:
    """Move `mention_ids` of `claim_id` onto a new claim (text: the first one's); returns the new claim id."""
    who = authorize(reviewer, Permission.RESTRUCTURE)
    claim_id = int(claim_id)
    original = _claim_row(con, claim_id)
    if original["merged_into"] is not None:
        raise InputError(f"claim {claim_id} was merged into claim {original['merged_into']}")
    chosen = sorted({int(m) for m in mention_ids})
    if not chosen:
        raise InputError("choose at least one mention to split off")
    on_claim = set(mention_store.mention_ids_of(con, claim_id))
    stray = [m for m in chosen if m not in on_claim]
    if stray:
        raise InputError(f"mention {stray[0]} is not on claim {claim_id}")
    if len(chosen) == len(on_claim):
        raise InputError("a split must leave at least one mention on the claim")
    first = mention_store.mention_wording(con, chosen[0])
    assert first is not None
    new_id = article_store.reserve_ids(con, "claim_ids", 1)[0]
    claim_store.add_claims(con, [(new_id, (first["proposition"] or first["quote"]), first["proposition"], who)])
    mention_store.move_mentions(con, chosen, new_id)
    remaining_anchor = mention_store.first_mention(con, claim_id)
    for m in chosen:
        _judge(con, m, remaining_anchor, "different", who)
        if m != chosen[0]:
            _judge(con, m, chosen[0], "same", who)
    decision_store.reject_open_suggestions(con, claim_id, chosen, who)
    manual_decisions(con, chosen, new_id, {"via": "claim split", "from_claim_id": claim_id, "anchor_mention_id": chosen[0]})
    claim_store.update_claim_dates(con, [claim_id, new_id])
    record_event(con, "claim split", "claim", new_id, claim_id=claim_id, reviewer=who,
                 details={"from_claim_id": claim_id, "new_claim_id": new_id, "mention_ids": chosen})
    for m in chosen:
        record_event(con, "mention moved", "mention", m, claim_id=new_id, reviewer=who,
                     details={"from_claim_id": claim_id, "to_claim_id": new_id, "via": "claim split"})
    return new_id


def move_mention(con: Connection, mention_id: int, claim_id: int, reviewer: str | User) -> None:
    """Move one mention onto another claim (its old claim is retired if left empty)."""
    who = authorize(reviewer, Permission.RESTRUCTURE)
    row = mention_store.mention_claim(con, mention_id)
    if row is None:
        raise NotFound(f"no mention with id {mention_id}")
    target_row = _claim_row(con, int(claim_id))
    if target_row["merged_into"] is not None:
        raise InputError(f"claim {claim_id} was merged into claim {target_row['merged_into']}; move it there")
    source, target, mention_id = int(row["claim_id"]), int(claim_id), int(mention_id)
    if source == target:
        return
    target_anchor = mention_store.first_mention(con, target)
    source_anchor = mention_store.first_mention(con, source, excluding=[mention_id])
    mention_store.move_mentions(con, [mention_id], target)
    _judge(con, mention_id, target_anchor, "same", who)
    _judge(con, mention_id, source_anchor, "different", who)
    manual_decisions(con, [mention_id], target, {"via": "mention moved", "from_claim_id": source,
                                                 "anchor_mention_id": target_anchor})
    retired = _retire_if_empty(con, source, target)
    claim_store.update_claim_dates(con, [source, target])
    record_event(con, "mention moved", "mention", mention_id, claim_id=target, reviewer=who,
                 details={"from_claim_id": source, "to_claim_id": target, "from_claim_retired": retired})
