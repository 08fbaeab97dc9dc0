"""The join policy: where one mention goes (an earlier mention's claim with the same wording, the best claim a
search finds, a new claim with a suggestion, or a new claim), and the same-article context it is read in. No
database here: placing and re-clustering feed it and store what it decides."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..match import Candidate, MatchIndex, Proposition, decide
from ..models import NewMention

EARLIER_CONTEXT = 0.5
"""Weight, as same-article context, of the claim mentioned before the last one."""
CONTEXT_DECAY = 0.9
"""Each claim mentioned still earlier weighs this much of the one mentioned after it."""


@dataclass(frozen=True)
class Placement:
    """Where one mention went."""

    mention_id: int
    claim_id: int
    created_claim: bool
    score: float | None
    decision: str
    """joined | suggested | new | manual"""
    suggestion_claim_id: int | None = None
    """For `suggested`: the existing claim it may belong to (a stored, open suggestion)."""
    candidate: Candidate | None = None


@dataclass
class Row:
    """One mention's placement while a batch is decided (claim ids may still be provisional, < 0)."""

    claim_id: int
    decision: str
    score: float | None
    created: bool
    candidate: Candidate | None = None
    suggestion: Candidate | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Seen:
    """Where a mention was seen: its article's title, the claims its article is on (weights), its source's date."""

    topic: str | None
    context: Mapping[int, float] | None
    published: dt.date | None = None


def place_one(index: MatchIndex, m: NewMention, text: str, topic: str | None, article_claims: Counter | None,
              auto: float, suggest: float, new_id: int) -> Row:
    """Decide where one mention goes (`new_id`: the provisional id of the claim it would create)."""
    ctx = context_weights(article_claims)
    prop = index.normalizer.analyze(text, m.claimant, m.stance, quote=m.quote)
    seen = Seen(topic, ctx, m.published)
    settled = without_search(index, prop, seen, auto)
    if settled is not None:
        return settled
    found = index.search(text, m.claimant, top=3, stance=m.stance, topic=topic, context=ctx, proposition=prop,
                         published=m.published, explain=1, enough=auto)
    return decided(found, auto, suggest, new_id)


def decided(found: Sequence[Candidate], auto: float, suggest: float, new_id: int, via: str | None = None) -> Row:
    """The placement a search's candidates decide (`decide`): the best claim joined, or a new claim (`new_id`)
    with the best one as its suggestion or alone; the other candidates as alternatives."""
    decision = decide(found, auto, suggest)
    if decision.kind == "joined":
        row = Row(int(decision.claim_id), "joined", decision.score, False, decision.candidate)  # type: ignore[arg-type]
    else:
        row = Row(new_id, decision.kind, decision.score, True, decision.candidate,
                  suggestion=decision.candidate if decision.kind == "suggested" else None)
    alternatives = [[c.claim_id, c.score] for c in found[1:]]
    row.details = {"via": via, "alternatives": alternatives} if via else {"alternatives": alternatives}
    return row


def without_search(index: MatchIndex, prop: Proposition, seen: Seen, auto: float,
                   blocked: Collection[int] = ()) -> Row | None:
    """Where a mention goes without a search of every claim, if that is settled: the claim of an earlier mention
    with the same wording (`_repeat`). (A claim of the mention's own article is not joined without a search: the
    model's features of a claim, its BM25 among the others first, are those of a search, and the search always
    compares the article's claims too.)"""
    return _repeat(index, prop, seen, auto, blocked)


def _repeat(index: MatchIndex, prop: Proposition, seen: Seen, auto: float,
            blocked: Collection[int] = ()) -> Row | None:
    """The claim an earlier mention saying the same went to (`MatchIndex.repeat_of`), joined without a search
    when `prop` reaches `auto` on it alone (and no reviewer kept them apart: `blocked`)."""
    repeat = index.repeat_of(prop)
    if repeat is None or repeat in blocked:
        return None
    same = index.score_claim(prop, repeat, topic=seen.topic, context=seen.context, published=seen.published)
    if same is None or same.score < auto:
        return None
    return Row(same.claim_id, "joined", same.score, False, same,
               details={"via": "same wording as an earlier mention of the claim"})


def context_weights(claims: Counter | None) -> dict[int, float] | None:
    """Claims other mentions of the same article are on: the context a short denial is read in. The claim
    mentioned last weighs most ("..., which Tehran denies" answers what was just said), the one before it
    `EARLIER_CONTEXT`, and each earlier one a little less (`CONTEXT_DECAY`): of two claims that fit a denial
    equally, the one mentioned closer before it wins."""
    if not claims:
        return None
    weights: dict[int, float] = {}
    for rank, claim_id in enumerate(reversed(claims)):
        weights[claim_id] = 1.0 if rank == 0 else EARLIER_CONTEXT * CONTEXT_DECAY ** (rank - 1)
    return weights


def note_context(claims: Counter, claim_id: int) -> None:
    """Count one more mention of `claim_id` in an article, keeping the claims in order of their last mention."""
    claims[claim_id] = claims.pop(claim_id, 0) + 1


def remap_candidate(row: Row, assigned: dict[int, int]) -> Row:
    """Replace provisional cluster ids in a decision's candidates with the final claim ids."""
    def fix(c: Candidate | None) -> Candidate | None:
        if c is None or c.claim_id not in assigned:
            return c
        return replace(c, claim_id=assigned[c.claim_id])

    row.candidate = fix(row.candidate)
    row.suggestion = fix(row.suggestion)
    if "alternatives" in row.details:
        row.details["alternatives"] = [[assigned.get(c, c), s] for c, s in row.details["alternatives"]]
    return row
