"""What the model reads of a (mention, claim) pair: `PairFeatures`, computed by `pair_features`. Pure.

Each feature is a plain number, mostly in 0..1, named for what it measures: how close the wordings are, which
actors both name and in which roles, whether years, numbers, dates of the sources, the modality of the act (a
plan against a thing done against its use) and the direction (who acts on whom) agree, the stances of the
mention and of the claim's mentions, and whether the mention's own article already put a claim in context.
The model (`workbench.match.model`) weighs them; nothing here decides.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from ..models import Stance
from .propositions import Proposition, accused_of
from .retrieval import ClaimProfile, idf_of, vagueness_of

if TYPE_CHECKING:
    from .retrieval import ClaimIndex

__all__ = ["Evidence", "FEATURES", "PairFeatures", "Query", "headline_coverage", "pair_features"]


class PairFeatures(NamedTuple):
    """The features of one (mention, claim) pair, in the model's order. Shares and indicators are 0..1."""

    wording: float
    """rapidfuzz token_set_ratio / 100 of the mention against the claim's closest wording."""
    overlap: float
    """Idf-weighted Jaccard overlap of the terms of the mention and of that wording."""
    content: float
    """The same for what is said apart from who and how many: half Jaccard, half overlap with the smaller side."""
    coverage: float
    """Idf share of the mention's terms that some wording of the claim has."""
    covered: float
    """Idf share of the closest wording's terms that the mention has."""
    swapped: float
    """How salient the terms are that each side says and the other does not: the lesser of the two sides' rarest
    unshared term (idf, as a share of a term never seen). High when each names something the other lacks ("star
    fruit" against "kiwi fruit", one town's shooting against another's); low for a paraphrase or a longer telling."""
    shared: float
    """How much information the two share: log(1 + shared idf) / 3."""
    bm25: float
    """BM25 of the claim for the mention, as a share of what the mention's terms could score."""
    bm25_rel: float
    """BM25 as a share of the best BM25 among the claims the search retrieved."""
    bm25_top: float
    """1 for the claim the search ranked first by BM25, less for a vague mention (its BM25 comes from its article's
    title and its claimant, not from what it says)."""
    headline: float
    """Idf share of the claim's headline (its articles' titles; else its wordings) that the mention repeats."""
    topic: float
    """Share of the words of the mention's article title that a title of the claim's articles has (0 for a claim of
    the mention's own article: it shares the title whatever is said)."""
    topic_known: float
    """1 when both sides have article titles to compare."""
    actors_shared: float
    """Share of the actors the mention is about that the claim names."""
    actors_missing: float
    """Share of them the claim neither names nor has as a claimant."""
    substituted: float
    """1 when each side names an actor the other never does (Iran against North Korea supplying Russia)."""
    accused_agree: float
    accused_conflict: float
    """Whom the mention is about against whom most of the claim's mentions accuse: the same, or disjoint."""
    role_agree: float
    role_conflict: float
    """The claimant's side: asserting what its own side asserts (or denying what it is accused of; or admitting it),
    or the other."""
    direction_same: float
    direction_reverse: float
    direction_other: float
    """Who acts on whom: the claim goes the same way, the other way, or between others."""
    thing_conflict: float
    """1 when the two name different things of one kind (drones against missiles, supplying against building)."""
    year_shared: float
    year_conflict: float
    year_one_side: float
    """Years named in the texts: a year in common, only different years, or a year on one side only."""
    number_shared: float
    number_conflict: float
    days_apart: float
    """Distance of the mention's source date from the claim's sources' dates: log(1 + days) / log(1 + 3650)."""
    dates_unknown: float
    plan_mismatch: float
    """One side speaks of a plan, intent or promise and the other of the thing done."""
    use_mismatch: float
    """One side speaks of the thing's use or consequences and the other not."""
    denies: float
    """1 for a denial."""
    claim_denied: float
    """Share of the claim's mentions that deny it."""
    denial_vs_allegation: float
    """A denial against a claim mostly asserted: denials land on the claim they deny."""
    context: float
    """Weight of the claim as context: it was just mentioned in the same article (1), earlier (less), or not (0)."""
    vague: float
    """How little the mention says by itself (1: nothing, "It is a lie")."""
    context_vague: float
    context_denies: float
    unattributed: float
    """1 for a text without a claimant (a post, a headline, a fact-check's claim)."""
    unattributed_bm25: float
    unattributed_wording: float
    unattributed_headline: float
    claim_size: float
    """log(1 + the claim's mentions) / log(100)."""
    role_content: float
    accused_content: float


FEATURES: tuple[str, ...] = PairFeatures._fields
"""The feature names in model order."""


class Evidence(NamedTuple):
    """What the features were computed from, for the breakdown a reviewer sees."""

    best_rep: int
    """Index of the claim's closest wording (-1: none)."""
    shared_idf: float
    accused: float
    role: float
    direction: float
    query_actors: frozenset[str]


class Query:
    """What one search compares every candidate with, computed once."""

    __slots__ = ("prop", "terms", "idf", "weight", "content_weight", "q_idf", "actors", "accused", "topic", "bm25_top",
                 "things", "thing_kinds", "headlines", "day", "vague", "unseen_idf")

    def __init__(self, index: ClaimIndex, prop: Proposition, topic_terms: frozenset[str], bm25_top: float,
                 day: int | None = None) -> None:
        self.prop = prop
        self.terms = prop.term_set
        self.idf = index.idfs()
        self.q_idf = [(t, self.term_idf(index, t)) for t in self.terms]
        self.weight = sum(v for _, v in self.q_idf)
        self.content_weight = sum(v for t, v in self.q_idf if t[0] not in "@#")
        self.things = prop.term_set & index.normalizer.things
        self.thing_kinds = [(kind, mine) for kind in index.normalizer.thing_sets if (mine := self.things & kind)]
        """The kinds of thing the query names (weapons, say), each with the things of that kind it names."""
        self.actors = prop.actors - set(prop.claimant) if prop.stance == Stance.ASSERTS else prop.actors
        self.accused = accused_of(prop)
        if prop.stance == Stance.DENIES and prop.claimant_groups:
            # a member denying answers a claim about its collective too ("the West did it", denied by Norway)
            self.accused = self.accused | prop.claimant_groups
        self.topic = topic_terms
        self.bm25_top = bm25_top
        self.headlines: dict[int, float] = {}
        """Claim id -> `headline_coverage`, once computed."""
        self.day = day
        """The mention's source date (ordinal), when known."""
        self.vague = vagueness_of(self.weight, index.params)
        self.unseen_idf = idf_of(len(index), 0)
        """The idf of a term no claim has: the scale of `PairFeatures.swapped`."""

    def term_idf(self, index: ClaimIndex, term: str) -> float:
        value = self.idf.get(term)
        return index._new_idf(term) if value is None else value


def headline_coverage(index: ClaimIndex, q: Query, claim: ClaimProfile) -> float:
    """The idf-weighted share of the claim's headline that the query's terms cover: the best of the titles of its
    first articles, or, for a claim without any, of its wordings (0-1; kept in `q`)."""
    found = q.headlines.get(claim.claim_id)
    if found is not None:
        return found
    best = 0.0
    known, mine = q.idf, q.terms
    for terms in claim.topic_sets[:_HEADLINES] or [rep.term_set for rep in claim.reps]:
        total = covered = 0.0
        for t in terms:
            v = known.get(t)
            if v is None:
                v = q.term_idf(index, t)
            total += v
            if t in mine:
                covered += v
        if total > 0 and covered / total > best:
            best = covered / total
    q.headlines[claim.claim_id] = best
    return best


_HEADLINES = 4
"""Titles of a claim's first articles that count as its headline."""
_TIE = 1e-9
"""Two wordings whose text scores differ by less than this tie (sums over sets run in a per-process order)."""
_LOG_DAYS = math.log1p(3650)
_LOG_SIZE = math.log(100)


class _Wording(NamedTuple):
    best: int
    tsr: float
    overlap: float
    content: float
    covered: float
    swapped: float


def _closest_wording(index: ClaimIndex, q: Query, claim: ClaimProfile, tsr_values: Sequence[float]) -> _Wording:
    """The claim's wording closest to the query (by token_set_ratio and content overlap), with its overlaps."""
    idf, q_terms, q_weight, q_content = q.idf, q.terms, q.weight, q.content_weight
    best = _Wording(-1, 0.0, 0.0, 0.0, 0.0, 0.0)
    best_text = -1.0
    for i, rep in enumerate(claim.reps):
        tsr = tsr_values[i] / 100.0 if i < len(tsr_values) else 0.0
        if q_content > 0 and not rep.said:
            tsr = 0.0  # a wording of actors alone ("Britain denied it.") is a subset of any text naming them
        r_terms = rep.term_set
        inter = c_inter = 0.0
        for t in q_terms & r_terms:
            v = idf[t]
            inter += v
            if t[0] not in "@#":
                c_inter += v
        union, c_union, r_weight = q_weight, q_content, inter
        r_rarest = 0.0
        for t in r_terms - q_terms:
            v = idf.get(t)
            if v is None:
                v = index._new_idf(t)
            union += v
            r_weight += v
            if t[0] not in "@#":
                c_union += v
                if v > r_rarest:
                    r_rarest = v
        overlap = inter / union if union > 0 else 0.0
        if c_union > 0:
            r_content = c_union - q_content + c_inter
            smaller = q_content if q_content <= r_content else r_content
            content = 0.5 * c_inter / c_union + 0.5 * (c_inter / smaller if smaller > 0 else 0.0)
        else:
            content = overlap
        text = tsr + content
        if text > best_text + _TIE:  # (a tie within float noise: the earlier wording, whatever the sums' order)
            best_text = text
            # a wording of actors alone is "covered" by any text naming them: it covers nothing said
            covered = inter / r_weight if r_weight > 0 and (rep.said or q_content <= 0) else 0.0
            q_rarest = max((v for t, v in q.q_idf if t[0] not in "@#" and t not in r_terms), default=0.0)
            swapped = min(q_rarest, r_rarest) / q.unseen_idf if q.unseen_idf > 0 else 0.0
            best = _Wording(i, tsr, overlap, content, covered, min(1.0, swapped))
    return best


def _thing_conflict(index: ClaimIndex, q: Query, claim: ClaimProfile) -> float:
    """1 when the query and the claim name different things of one kind (drones against missiles)."""
    if not q.things:
        return 0.0
    r_things = claim.term_set & index.normalizer.things
    if r_things:
        for kind, mine in q.thing_kinds:
            theirs = r_things & kind
            if theirs and not (mine & theirs):
                return 1.0
    return 0.0


class _Actors(NamedTuple):
    shared: float
    missing: float
    substituted: float
    accused: float
    role: float


def _actors(q: Query, claim: ClaimProfile) -> _Actors:
    """Agreement on the actors named, on whom the claim is about, and on the claimant's side."""
    prop = q.prop
    shared = missing = 0
    q_actors, c_actors = q.actors, claim.actors
    if q_actors and c_actors:
        groups = prop.claimant_groups
        for a in q_actors:
            if a in c_actors or (groups and a in prop.claimant and any(g in c_actors for g in groups)):
                shared += 1  # (a denier is named by a claim about a collective it belongs to: the West, for Norway)
            elif a not in claim.asserters and a not in claim.deniers:
                missing += 1
    substituted = 0.0
    if missing and c_actors:
        q_all = q.actors | set(prop.claimant)
        if any(a not in q_all for a in c_actors):
            substituted = 1.0
    accused = 0.0
    if q.accused and claim.accused:
        # whom most of the claim's mentions accuse: a few stray mentions must not make it about everyone
        accused = -1.0 if claim.main_accused().isdisjoint(q.accused) else 1.0
    role = 0.0
    if prop.claimant:
        denies = prop.stance == Stance.DENIES
        for who in prop.claimant:
            if denies:
                if who in claim.deniers or who in claim.accused or any(g in claim.accused for g in prop.claimant_groups):
                    role += 1.0
                elif who in claim.asserters:
                    role -= 1.0
            elif who in claim.asserters:
                role += 1.0
            elif who in claim.deniers or who in claim.accused:
                role += 1.0 if prop.admits else -1.0  # a denier's (or the accused's) admission asserts the claim
        role /= len(prop.claimant)
    n = len(q_actors) or 1
    return _Actors(shared / n if q_actors and c_actors else 0.0, missing / n, substituted, accused, role)


def _direction(prop: Proposition, claim: ClaimProfile) -> float:
    """1 when the claim goes the mention's way, -1 the other way, -0.5 between others, 0 when either shows none."""
    if not (prop.direction and claim.directions):
        return 0.0
    same = claim.directions.get(prop.direction, 0)
    rev = claim.directions.get((prop.direction[1], prop.direction[0]), 0)
    if same and not rev:
        return 1.0
    if rev and not same:
        return -1.0
    return -0.5 if not same and not rev else 0.0


def _days_apart(day: int | None, claim: ClaimProfile) -> float | None:
    """log(1 + days) of the source date outside the claim's span of source dates, scaled; None when unknown."""
    if day is None or claim.first_day is None or claim.last_day is None:
        return None
    gap = claim.first_day - day if day < claim.first_day else (day - claim.last_day if day > claim.last_day else 0)
    return min(1.0, math.log1p(gap) / _LOG_DAYS)


def pair_features(index: ClaimIndex, q: Query, claim: ClaimProfile, tsr_values: Sequence[float], bm25: float,
                  context: float) -> tuple[PairFeatures, Evidence]:
    """The features of the query against one claim, and what they came from.

    `tsr_values`: token_set_ratio (0-100) of the query against each wording of the claim; `bm25`: the claim's
    BM25 for the query; `context`: its weight as same-article context (0 when none).
    """
    prop = q.prop
    near = _closest_wording(index, q, claim, tsr_values)
    shared_idf = 0.0
    term_set = claim.term_set
    for t, v in q.q_idf:
        if t in term_set:
            shared_idf += v
    q_weight = q.weight
    coverage = shared_idf / q_weight if q_weight > 0 else 0.0
    bm25_share = min(1.0, bm25 / (q_weight * (index.params.k1 + 1))) if q_weight > 0 else 0.0
    bm25_rel = bm25 / q.bm25_top if q.bm25_top > 0 else 0.0
    headline = headline_coverage(index, q, claim)
    topic = 0.0
    # a claim of the mention's own article shares its title by construction: the title says nothing there
    has_topic = bool(q.topic and claim.topic_sets) and context <= 0
    if has_topic:
        topic = max(len(q.topic & t) for t in claim.topic_sets) / len(q.topic)
    who = _actors(q, claim)
    direction = _direction(prop, claim)
    years_both = bool(prop.years and claim.years)
    year_shared = 1.0 if years_both and not prop.years.isdisjoint(claim.years) else 0.0
    numbers_both = bool(prop.numbers and claim.numbers)
    number_shared = 1.0 if numbers_both and not prop.numbers.isdisjoint(claim.numbers) else 0.0
    days = _days_apart(q.day, claim)
    theirs = claim.dominant_modality()
    mine = prop.modality
    denies = 1.0 if prop.stance == Stance.DENIES else 0.0
    denied = claim.denials / claim.mentions if claim.mentions else 0.0
    unattributed = 0.0 if prop.claimant else 1.0
    vague = q.vague
    features = PairFeatures(
        wording=near.tsr, overlap=near.overlap, content=near.content, coverage=coverage, covered=near.covered, swapped=near.swapped,
        shared=math.log1p(shared_idf) / 3.0, bm25=bm25_share, bm25_rel=bm25_rel,
        bm25_top=(1.0 - vague) if bm25 > 0 and bm25 >= q.bm25_top else 0.0, headline=headline, topic=topic,
        topic_known=1.0 if has_topic else 0.0, actors_shared=who.shared, actors_missing=who.missing,
        substituted=who.substituted, accused_agree=max(who.accused, 0.0), accused_conflict=max(-who.accused, 0.0),
        role_agree=max(who.role, 0.0), role_conflict=max(-who.role, 0.0),
        direction_same=1.0 if direction > 0 else 0.0, direction_reverse=1.0 if direction <= -1 else 0.0,
        direction_other=1.0 if -1 < direction < 0 else 0.0, thing_conflict=_thing_conflict(index, q, claim),
        year_shared=year_shared, year_conflict=1.0 if years_both and not year_shared else 0.0,
        year_one_side=1.0 if bool(prop.years) != bool(claim.years) else 0.0,
        number_shared=number_shared, number_conflict=1.0 if numbers_both and not number_shared else 0.0,
        days_apart=days or 0.0, dates_unknown=1.0 if days is None else 0.0,
        plan_mismatch=1.0 if ("plan" in mine) != ("plan" in theirs) else 0.0,
        use_mismatch=1.0 if ("use" in mine) != ("use" in theirs) else 0.0,
        denies=denies, claim_denied=denied, denial_vs_allegation=denies * (1.0 - denied),
        context=context, vague=vague, context_vague=context * vague, context_denies=context * denies,
        unattributed=unattributed, unattributed_bm25=unattributed * bm25_share,
        unattributed_wording=unattributed * near.tsr, unattributed_headline=unattributed * headline,
        claim_size=min(1.0, math.log1p(claim.mentions) / _LOG_SIZE),
        role_content=who.role * near.content, accused_content=who.accused * near.content,
    )
    return features, Evidence(near.best, shared_idf, who.accused, who.role, direction, q.actors)
