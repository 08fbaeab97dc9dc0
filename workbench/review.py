"""The review workflow: claim status and verdict, claim text, decisions on extracted mentions, audit log.

One vocabulary everywhere: `models.ReviewStatus`, `models.Verdict`, `models.MentionState`. Every change
writes one `events` row (via `record_event`) with the old and new values, who and when; a call that
changes nothing writes nothing. Like the store layer, every function takes an open connection and
leaves transaction control to its caller (wrap a change and its event in `store.connection.transaction`);
the SQL is in `workbench.store.review`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from . import clustering
from .access import MAX_REVIEWER, Permission, User, authorize, validate_reviewer
from .errors import InputError, NotFound
from .models import ClaimRelation, MentionState, ReviewStatus, Stance, Verdict
from .store import relations as relations_store
from .store import review as review_store
from .store.actors import resolve_actor
from .store.connection import Connection
from .store.events import record_event
from .store.review import CONTESTED_CLAIM_IDS, is_contested
from .validation import check_url

__all__ = [
    "CONTESTED_CLAIM_IDS",
    "MAX_CLAIM_TEXT",
    "MAX_RATIONALE",
    "MAX_REVIEWER",
    "add_relation",
    "confirm_mentions",
    "correct_mention",
    "edit_claim_text",
    "is_contested",
    "parse_evidence_urls",
    "parse_status",
    "parse_verdict",
    "reject_mentions",
    "remove_relation",
    "set_status",
    "set_verdict",
    "validate_reviewer",
]

MAX_RATIONALE = 10_000
MAX_CLAIM_TEXT = 2_000
MAX_EVIDENCE_URLS = 20

# --- vocabulary and input checks ----------------------------------------------------------------------


def parse_status(value: object) -> ReviewStatus:
    """A review status from its value (`in progress`) or name (`IN_PROGRESS`)."""
    text = str(value or "").strip().lower().replace("_", " ")
    try:
        return ReviewStatus(text)
    except ValueError:
        allowed = ", ".join(s.value for s in ReviewStatus)
        raise InputError(f"status must be one of: {allowed}; not {str(value)[:30]!r}") from None


def parse_verdict(value: object) -> Verdict | None:
    """A verdict from its value or name; None (no verdict yet) for None or an empty string."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip().lower().replace("_", " ")
    try:
        return Verdict(text)
    except ValueError:
        allowed = ", ".join(v.value for v in Verdict)
        raise InputError(f"verdict must be one of: {allowed}; not {str(value)[:30]!r}") from None


def parse_evidence_urls(value: str | Iterable[str] | None) -> list[str]:
    """Evidence links from a list or from text with one URL per line (or separated by spaces).

    Only http(s) addresses are accepted; duplicates are dropped, order kept.
    """
    if value is None:
        return []
    items = value.split() if isinstance(value, str) else [str(v) for v in value]
    urls: list[str] = []
    for item in items:
        item = item.strip()
        if not item:
            continue
        url = check_url(item, "evidence link")
        if url and url not in urls:
            urls.append(url)
    if len(urls) > MAX_EVIDENCE_URLS:
        raise InputError(f"at most {MAX_EVIDENCE_URLS} evidence links per verdict")
    return urls


def _rationale(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError("the rationale must be text")
    text = value.strip()
    if len(text) > MAX_RATIONALE:
        raise InputError(f"the rationale is longer than {MAX_RATIONALE} characters")
    return text or None


def _claim(con: Connection, claim_id: int) -> dict[str, Any]:
    row = review_store.claim_row(con, claim_id)
    if row is None:
        raise NotFound(f"no claim with id {claim_id}")
    return row


# --- claims -------------------------------------------------------------------------------------------


def set_status(
    con: Connection, claim_id: int, status: str | ReviewStatus, reviewer: str | User, note: str | None = None
) -> bool:
    """Set a claim's review status; returns False (and logs nothing) when it already had that status."""
    who = authorize(reviewer, Permission.REVIEW)
    new = parse_status(status)
    row = _claim(con, claim_id)
    if row["status"] == new.value:
        return False
    review_store.update_claim(con, claim_id, who, status=new.value)
    details: dict[str, Any] = {"old": row["status"], "new": new.value}
    if note and note.strip():
        details["note"] = note.strip()
    record_event(con, "status changed", "claim", int(claim_id), claim_id=int(claim_id), reviewer=who, details=details)
    return True


def set_verdict(
    con: Connection,
    claim_id: int,
    verdict: str | Verdict | None,
    rationale: str | None,
    evidence_urls: str | Iterable[str] | None,
    reviewer: str | User,
) -> bool:
    """Set (or clear, with None) a claim's verdict with its rationale and evidence links.

    Returns False (and logs nothing) when verdict, rationale and links are all unchanged.
    """
    who = authorize(reviewer, Permission.REVIEW)
    new_verdict = parse_verdict(verdict)
    new_rationale = _rationale(rationale)
    new_urls = parse_evidence_urls(evidence_urls)
    row = _claim(con, claim_id)
    old = {"verdict": row["verdict"], "rationale": row["rationale"], "evidence_urls": list(row["evidence_urls"] or [])}
    new = {"verdict": new_verdict.value if new_verdict else None, "rationale": new_rationale, "evidence_urls": new_urls}
    if old == new:
        return False
    review_store.update_claim(con, claim_id, who, verdict=new["verdict"], rationale=new_rationale,
                              evidence_urls=new_urls)
    changed = {key: {"old": old[key], "new": new[key]} for key in old if old[key] != new[key]}
    record_event(
        con, "verdict changed", "claim", int(claim_id), claim_id=int(claim_id), reviewer=who,
        details={"old": old["verdict"], "new": new["verdict"], "changes": changed},
    )
    return True


def edit_claim_text(con: Connection, claim_id: int, text: str, reviewer: str | User) -> bool:
    """Reword a claim's canonical text; returns False when unchanged."""
    who = authorize(reviewer, Permission.REVIEW)
    if not isinstance(text, str) or not text.strip():
        raise InputError("the claim text is empty")
    new = " ".join(text.split())
    if len(new) > MAX_CLAIM_TEXT:
        raise InputError(f"the claim text is longer than {MAX_CLAIM_TEXT} characters")
    row = _claim(con, claim_id)
    if row["text"] == new:
        return False
    review_store.update_claim(con, claim_id, who, text=new)
    record_event(
        con, "text edited", "claim", int(claim_id), claim_id=int(claim_id), reviewer=who,
        details={"old": row["text"], "new": new},
    )
    return True


# --- links between claims ------------------------------------------------------------------------------


def _relation(value: object) -> ClaimRelation:
    try:
        return ClaimRelation(str(value or "").strip().lower())
    except ValueError:
        allowed = ", ".join(r.value for r in ClaimRelation)
        raise InputError(f"relation must be one of: {allowed}; not {str(value)[:30]!r}") from None


def _live_claim(con: Connection, claim_id: int) -> dict[str, Any]:
    row = _claim(con, claim_id)
    if row["merged_into"] is not None:
        raise InputError(f"claim {claim_id} was merged into claim {row['merged_into']}; link that one")
    return row


def add_relation(con: Connection, claim_id: int, other_claim_id: int, reviewer: str | User,
                 relation: str | ClaimRelation = ClaimRelation.CONTRADICTS) -> bool:
    """Link two claims: `claim_id` <relation> `other_claim_id` ("this counter-claim contradicts that claim").
    A link the reviewer or the matcher removed before comes back; returns False when the two were linked already."""
    who = authorize(reviewer, Permission.REVIEW)
    kind = _relation(relation)
    if int(claim_id) == int(other_claim_id):
        raise InputError("a claim cannot be linked to itself")
    _live_claim(con, claim_id)
    _live_claim(con, other_claim_id)
    found = relations_store.find_link(con, claim_id, other_claim_id, kind.value)
    if found is not None and found["removed_at"] is None:
        return False
    if found is not None:
        relations_store.restore_link(con, found["relation_id"], who)
        relation_id = int(found["relation_id"])
    else:
        relation_id = relations_store.insert_link(con, claim_id, other_claim_id, kind.value, "reviewer", who)
    record_event(con, "link added", "claim_relation", relation_id, claim_id=int(claim_id), reviewer=who,
                 details={"relation": kind.value, "claim_id": int(claim_id), "other_claim_id": int(other_claim_id),
                          "restored": found is not None})
    return True


def remove_relation(con: Connection, claim_id: int, other_claim_id: int, reviewer: str | User,
                    relation: str | ClaimRelation = ClaimRelation.CONTRADICTS) -> bool:
    """Remove the link between two claims (either way round); the matcher will not add it again. Returns False
    when they were not linked."""
    who = authorize(reviewer, Permission.REVIEW)
    kind = _relation(relation)
    found = relations_store.find_link(con, claim_id, other_claim_id, kind.value)
    if found is None or found["removed_at"] is not None:
        return False
    relations_store.remove_link(con, found["relation_id"], who)
    record_event(con, "link removed", "claim_relation", int(found["relation_id"]), claim_id=int(claim_id),
                 reviewer=who, details={"relation": kind.value, "claim_id": int(found["claim_id"]),
                                        "other_claim_id": int(found["other_claim_id"]), "source": found["source"]})
    return True


# --- extracted mentions -------------------------------------------------------------------------------


def _set_mention_state(con: Connection, mention_ids: Sequence[int], state: MentionState, reviewer: str | User) -> int:
    who = authorize(reviewer, Permission.REVIEW)
    ids = sorted({int(i) for i in mention_ids})
    if not ids:
        return 0
    rows = review_store.mention_states(con, ids)
    missing = sorted(set(ids) - {r["mention_id"] for r in rows})
    if missing:
        raise NotFound(f"no mention with id {missing[0]}")
    changed = [r for r in rows if r["review_state"] != state.value]
    if not changed:
        return 0
    review_store.set_mention_states(con, [r["mention_id"] for r in changed], state.value)
    if state == MentionState.REJECTED or any(r["review_state"] == MentionState.REJECTED.value for r in changed):
        # a rejected mention no longer dates its claim (and one taken back does again)
        clustering.update_claim_dates(con, sorted({int(r["claim_id"]) for r in changed}))
    action = f"mention {state.value}"
    for r in changed:
        record_event(
            con, action, "mention", r["mention_id"], claim_id=r["claim_id"], reviewer=who,
            details={"old": r["review_state"], "new": state.value},
        )
    return len(changed)


def confirm_mentions(con: Connection, mention_ids: Sequence[int], reviewer: str | User) -> int:
    """Mark mentions as checked and right; returns how many changed state."""
    return _set_mention_state(con, mention_ids, MentionState.CONFIRMED, reviewer)


def reject_mentions(con: Connection, mention_ids: Sequence[int], reviewer: str | User) -> int:
    """Mark mentions as wrongly extracted: they stop counting for their claim and leave the review queue."""
    return _set_mention_state(con, mention_ids, MentionState.REJECTED, reviewer)


_UNSET: Any = object()


def correct_mention(
    con: Connection,
    mention_id: int,
    reviewer: str | User,
    *,
    claimant: str | None = _UNSET,
    stance: str | Stance | None = None,
    char_start: int | None = None,
    char_end: int | None = None,
    speaker: str | None = _UNSET,
) -> dict[str, dict[str, Any]]:
    """Correct an extracted mention's claimant (None = unknown), speaker, stance or span.

    A new span must lie inside the article's text; the quote becomes that text. The mention's
    review state becomes `corrected` and one event records every old and new value. Returns the
    changes as field -> {"old", "new"} (empty when nothing changed).
    """
    who = authorize(reviewer, Permission.REVIEW)
    row = review_store.mention_for_correction(con, mention_id)
    if row is None:
        raise NotFound(f"no mention with id {mention_id}")
    changes: dict[str, dict[str, Any]] = {}
    sets: dict[str, Any] = {}
    if claimant is not _UNSET:
        _claimant_change(con, row, claimant, sets, changes)
    if speaker is not _UNSET:
        new_speaker = " ".join(speaker.split()) if isinstance(speaker, str) and speaker.strip() else None
        if new_speaker and len(new_speaker) > 200:
            raise InputError("the speaker is longer than 200 characters")
        if new_speaker != row["speaker"]:
            sets["speaker"] = new_speaker
            changes["speaker"] = {"old": row["speaker"], "new": new_speaker}
    if stance is not None:
        try:
            new_stance = Stance(str(stance).strip().lower())
        except ValueError:
            raise InputError(f"stance must be 'asserts' or 'denies', not {str(stance)[:30]!r}") from None
        if new_stance.value != row["stance"]:
            sets["stance"] = new_stance.value
            changes["stance"] = {"old": row["stance"], "new": new_stance.value}
    if char_start is not None or char_end is not None:
        _span_change(row, char_start, char_end, sets, changes)
    if not changes:
        return {}
    sets["review_state"] = MentionState.CORRECTED.value
    review_store.update_mention(con, mention_id, sets)
    record_event(
        con, "mention corrected", "mention", int(mention_id), claim_id=row["claim_id"], reviewer=who, details=changes
    )
    return changes


def _claimant_change(con: Connection, row: dict[str, Any], claimant: str | None, sets: dict[str, Any],
                     changes: dict[str, dict[str, Any]]) -> None:
    """A new claimant (an actor found or created by name; None = unknown) into `sets` and `changes`."""
    name = " ".join(claimant.split()) if isinstance(claimant, str) else None
    if name and len(name) > 200:
        raise InputError("the claimant is longer than 200 characters")
    actor_id = resolve_actor(con, name) if name else None
    if actor_id != row["claimant_id"]:
        sets["claimant_id"] = actor_id
        changes["claimant"] = {"old": row["claimant"], "new": review_store.actor_name(con, actor_id) if actor_id else None}


def _span_change(row: dict[str, Any], char_start: int | None, char_end: int | None, sets: dict[str, Any],
                 changes: dict[str, dict[str, Any]]) -> None:
    """A new span (inside the article's text; the quote becomes that text) into `sets` and `changes`."""
    text = row["article_text"]
    if text is None:
        raise InputError("this mention has no article text, so its span cannot be changed")
    start = row["char_start"] if char_start is None else int(char_start)
    end = row["char_end"] if char_end is None else int(char_end)
    if start is None or end is None or not (0 <= start < end <= len(text)):
        raise InputError(f"the span must satisfy 0 <= start < end <= {len(text)} (the article's length)")
    quote = text[start:end].strip()
    if not quote:
        raise InputError("the span covers only white space")
    if (start, end) != (row["char_start"], row["char_end"]):
        sets.update(char_start=start, char_end=end, quote=quote)
        changes["span"] = {"old": [row["char_start"], row["char_end"]], "new": [start, end]}
        if quote != row["quote"]:
            changes["quote"] = {"old": row["quote"], "new": quote}
