"""`MatchIndex.search` computed the slow, obvious way: dicts and loops, one rapidfuzz call per pair. The tests
hold the fast search equal to it (as RapidFuzz's tests hold its C++ and Python versions equal). Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from rapidfuzz import fuzz

from ..models import Stance
from .candidates import Candidate, SearchScope
from .features import Query, headline_coverage
from .propositions import Proposition, block_actors, named_actors
from .retrieval import idf_of, story_words, vagueness_of
from .search import _TICKS, MatchIndex, direction_weight, way

__all__ = ["reference_search"]


def reference_search(index: MatchIndex, text: str, claimant: str | None = None, top: int = 5, *,
                     stance: Stance | str = Stance.ASSERTS, context: Mapping[int, float] | None = None,
                     topic: str | None = None, enough: float | None = None,
                     published: dt.date | None = None) -> list[Candidate]:
    """`MatchIndex.search` the obvious way.

    Every live claim's BM25 score is summed term by term from its term set (the title's words weighted in for a
    vague mention); of the claims naming an actor of a mention with a claimant (all, if none does or it has
    none) the best `index.candidates` are kept (ties: older claim first), and each is scored with scalar
    `fuzz.token_set_ratio`. With `enough`, the claims whose wordings name two of the mention's `block_actors`
    are tried first, and kept when the best of them reaches `enough`.
    """
    prop = index.normalizer.analyze(text, claimant, stance)
    if enough is not None and prop.claimant:
        about = block_actors(prop)
        pair_block = {slot for slot, claim in enumerate(index._claims)
                      if claim.alive and len(about & set(claim.actors)) >= 2}
        if pair_block:
            scope = SearchScope(len(pair_block), tuple(sorted(index.normalizer.actor_name(a) for a in about)), True)
            found = _ranking(index, prop, top, context, topic, published, pair_block, scope)
            if found and found[0].score >= enough:
                return found
    return _ranking(index, prop, top, context, topic, published, None, None)


def _bm25(index: MatchIndex, prop: Proposition, topic: str | None) -> dict[int, float]:
    """Slot -> BM25 of every live claim sharing a query term (the claimant's actors and, for a vague mention, the
    title's words at lower weights)."""
    k1, b, avgdl = index._bm25_params()
    params = index.params
    live = [c for c in index._claims if c.alive]
    qterms: dict[str, float] = {}
    for term in prop.terms:
        if term in index._term_ids:
            qterms.setdefault(term, 1.0)
    for term in prop.claimant:
        if term in index._term_ids:
            qterms.setdefault(term, params.claimant_query_weight)
    said = sum(idf_of(len(live), sum(1 for c in live if t in c.term_weight)) for t in prop.term_set)
    vague = vagueness_of(said, params)
    if topic and vague > 0 and params.topic_query > 0:
        for term in index.normalizer.topic_terms(topic):
            if term in index._term_ids:
                qterms.setdefault(term, params.topic_query * vague)
    scores: dict[int, float] = {}
    for term, qw in qterms.items():
        idf = idf_of(len(live), sum(1 for c in live if term in c.term_weight))
        for slot, claim in enumerate(index._claims):
            if claim.alive and term in claim.term_weight:
                tf = claim.term_weight[term]
                dl = sum(claim.term_weight.values())
                K = k1 * (1 - b + b * dl / avgdl)
                scores[slot] = scores.get(slot, 0.0) + (qw * idf * (k1 + 1)) * tf / (tf + K)
    return scores


def _shortlist(index: MatchIndex, prop: Proposition, chosen: dict[int, float], values: dict[int, list[float]],
               top: int, context: Mapping[int, float] | None) -> list[int]:
    """The slots worth the model's score: the best `rerank` by wording, BM25 and direction (and, for a text without
    a claimant, the share of the claim's headline it repeats) above the floor, and every context claim."""
    if not chosen:
        return []
    top_bm = max(chosen.values()) or 1.0
    pre = {slot: 0.5 * max(values[slot], default=0.0) / 100.0 + 0.5 * bm / top_bm for slot, bm in chosen.items()}
    d = direction_weight(prop, index.params)
    pre_way = {slot: v + d * way(prop, index._claims[slot]) for slot, v in pre.items()}
    rank = {slot: int(v * _TICKS + 0.5) for slot, v in pre_way.items()}
    h = index.params.headline
    if h > 0 and not prop.claimant:
        q = Query(index, prop, frozenset(), top_bm)
        rank = {slot: int(v * (1.0 - h + h * headline_coverage(index, q, index._claims[slot])) * _TICKS + 0.5)
                for slot, v in pre_way.items()}
    ticks = {slot: int(v * _TICKS + 0.5) for slot, v in pre.items()}
    ranked = sorted(chosen, key=lambda slot: (-rank[slot], slot))
    floor = max(ticks.values()) * index.params.shortlist_ratio
    shortlist = [slot for slot in ranked[: max(index.rerank, top)] if ticks[slot] >= floor]
    shortlist += [slot for slot in chosen if slot not in shortlist and index._claims[slot].claim_id in (context or {})]
    return shortlist


def _ranking(index: MatchIndex, prop: Proposition, top: int, context: Mapping[int, float] | None, topic: str | None,
             published: dt.date | None, only: set[int] | None, scope: SearchScope | None) -> list[Candidate]:
    """`reference_search` within the claim slots `only` (None: the actor block, or every claim), `scope` saying so
    (None: worked out here)."""
    named = named_actors(prop) if prop.claimant else []
    block = only if only is not None else {slot for slot, claim in enumerate(index._claims)
                                           if claim.alive and any(claim.term_weight.get(t, 0.0) > 0 for t in named)}
    if scope is None:
        names = tuple(sorted(index.normalizer.actor_name(t) for t in {t for t in named if t in index._term_ids}))
        scope = SearchScope(len(block), names) if block else SearchScope(sum(1 for c in index._claims if c.alive))
    scores = _bm25(index, prop, topic)
    if block:
        scores = {slot: v for slot, v in scores.items() if slot in block}
    chosen = dict(sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[: index.candidates])
    for claim_id in context or {}:
        slot = index._slot.get(claim_id)
        if slot is not None and index._claims[slot].alive:
            chosen.setdefault(slot, 0.0)
    values = {slot: [fuzz.token_set_ratio(prop.norm, rep.norm, processor=None) for rep in index._claims[slot].reps]
              for slot in chosen}
    shortlist = _shortlist(index, prop, chosen, values, top, context)
    topic_terms = story_words(index.normalizer.topic_terms(topic)) if topic else frozenset()
    day = published.toordinal() if published is not None else None
    query = Query(index, prop, topic_terms, max(chosen.values(), default=0.0), day)
    scored = [index._scored(query, slot, chosen[slot], values[slot], context) for slot in shortlist]
    return index._best_first(query, scored, top, top, scope)
