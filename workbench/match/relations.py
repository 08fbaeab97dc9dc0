"""Which claims contradict which: a counter-claim raised against an allegation, read from what the matcher knows
of the mentions of one context (an article). Pure.

Claim B contradicts claim A when, in the same article,

* B is asserted by a party that stands against A: it denies A there, or A's assertions there accuse it (the one
  acting in A's relation, "the US says Iran sent drones": Iran; else any actor A names besides its claimant), or a
  collective it belongs to ("the West");
* that party does not assert A there itself (admitting another's allegation is no such assertion: a party that
  admits part of A and gives its own account, "yes, drones, but before the war", answers A), and no one who
  asserts A there asserts B too (common ground contradicts nothing); nor, unless the party denies A there, does B accuse someone A accuses (B then tells A's
  allegation again from the side of a party A names: "Kinshasa accuses Kigali of backing the rebels" after
  "Belgium tells Rwanda to stop backing the rebels in Congo");
* the mention of B is not an admission ("Tehran acknowledged that it had sent drones" agrees with A);
* B's words share at least `MIN_SHARED` terms with A's words there, one of them at least a content word (actors
  count, the party itself not; one term is enough for a party that denies A there): it answers what A is about,
  not any other statement the party made in that article.

A party that answers an allegation with its own account ("the drones were sent before the war", "the balloon was
a civilian airship that strayed") makes a claim of its own; this is how it gets linked to the claim it answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..models import Stance
from .propositions import Proposition, accused_of

__all__ = ["ContextMention", "MIN_SHARED", "contradictions"]

MIN_SHARED = 2
"""Terms (content words and actors) a counter-claim shares with the claim it answers, at least."""


@dataclass(frozen=True)
class ContextMention:
    """One mention as the relation rule reads it: its claim, its context (article id) and its proposition (read with
    its quote, so that it knows whether the mention admits)."""

    claim_id: int
    context: int
    prop: Proposition


@dataclass
class _Claim:
    asserters: set[str]
    against: set[str]
    """Parties that deny the claim or that it accuses."""
    deniers: set[str]
    """Parties that deny it there, or admit it there when others assert it (an admission concedes what the party
    contested)."""
    topic: set[str]
    assertions: list[ContextMention]
    accused: set[str]
    """Whom its assertions there accuse."""


def _claims_of(mentions: Iterable[ContextMention]) -> dict[int, _Claim]:
    out: dict[int, _Claim] = {}
    admitters: dict[int, set[str]] = {}
    for m in mentions:
        c = out.setdefault(m.claim_id, _Claim(set(), set(), set(), set(), [], set()))
        c.topic.update(t for t in m.prop.terms if t[0] != "#")
        if m.prop.stance == Stance.DENIES:
            c.against.update(m.prop.claimant)
            c.deniers.update(m.prop.claimant)
        else:
            if m.prop.admits:
                admitters.setdefault(m.claim_id, set()).update(m.prop.claimant)
            else:
                c.asserters.update(m.prop.claimant)
            accused = _accused(m.prop)
            c.against.update(accused)
            c.accused.update(accused)
            c.assertions.append(m)
    for claim_id, c in out.items():
        # a party that admits another's allegation has contested it: its own account answers it
        conceded = admitters.get(claim_id, set()) - c.asserters if c.asserters else set()
        c.deniers |= conceded
        c.against |= conceded
        c.asserters |= admitters.get(claim_id, set()) - conceded
        c.against -= c.asserters
    return out


def contradictions(mentions: Sequence[ContextMention], min_shared: int = MIN_SHARED) -> list[tuple[int, int]]:
    """(B, A) pairs, B contradicting A, from the mentions of one or more contexts; each unordered pair once,
    sorted."""
    by_context: dict[int, list[ContextMention]] = defaultdict(list)
    for m in mentions:
        by_context[m.context].append(m)
    found: dict[frozenset[int], tuple[int, int]] = {}
    for group in by_context.values():
        claims = _claims_of(group)
        for a_id, a in claims.items():
            if not a.against:
                continue
            for b_id, b in claims.items():
                if b_id == a_id or frozenset((a_id, b_id)) in found or b.asserters & a.asserters:
                    continue
                if any(_answers(m, a, min_shared) for m in b.assertions):
                    found[frozenset((a_id, b_id))] = (b_id, a_id)
    return sorted(found.values())


def _accused(prop: Proposition) -> frozenset[str]:
    """Whom an assertion accuses: the one acting in its relation ("Iran sent drones to Russia": Iran), else every
    actor it names besides its claimant."""
    if prop.direction is not None:
        return frozenset({prop.direction[0]}) - set(prop.claimant)
    return accused_of(prop)


def _answers(m: ContextMention, a: _Claim, min_shared: int) -> bool:
    """Whether assertion `m` is a party's answer to claim `a`."""
    party = set(m.prop.claimant) | m.prop.claimant_groups
    if not party & a.against:
        return False
    # a party that denies A there answers it in fewer shared words than one A only accuses
    needed = min_shared - 1 if party & a.deniers else min_shared
    shared = {t for t in m.prop.terms if t[0] != "#"} & a.topic - party
    if not any(t[0] != "@" for t in shared) or len(shared) < max(needed, 1):
        return False
    if not party & a.deniers and _accused(m.prop) & a.accused:
        return False  # the same allegation told by a party A only names (its victim): it agrees with A
    return not m.prop.admits
