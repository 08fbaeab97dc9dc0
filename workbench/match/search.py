"""Searching the claims for a mention: retrieve candidates (BM25, blocking on actors), shortlist the few worth
scoring (wording and BM25), and score those with the decision model: the probability that the mention states
each claim. `MatchIndex` is the index with its search; `workbench.match.reference` computes the same the slow,
obvious way, and the tests hold them equal. Pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from rapidfuzz import fuzz, process

from ..models import Stance
from .candidates import Candidate, SearchScope
from .features import FEATURES, Evidence, PairFeatures, Query, headline_coverage, pair_features
from .model import MatchModel, shipped_model
from .propositions import Normalizer, Proposition, block_actors, named_actors
from .retrieval import REPS, ClaimIndex, ClaimProfile, Retrieval, story_words
from ..text.cues import sounds_like_denial
from ..text.posts import clean_pasted

__all__ = ["MatchIndex", "Scored"]


class Scored(NamedTuple):
    """One claim scored for a search."""

    score: float
    slot: int
    claim: ClaimProfile
    bm25: float
    context: float
    features: PairFeatures
    evidence: Evidence


@dataclass(frozen=True)
class _Ask:
    """What one search asks, apart from the proposition: passed down to each of its ranks."""

    top: int
    topic_terms: frozenset[str]
    context: Mapping[int, float] | None
    exclude: tuple[int, ...]
    workers: int
    explain: int | None
    day: int | None
    collect: list[tuple[int, PairFeatures]] | None


class MatchIndex(ClaimIndex):
    """The claims in memory (`ClaimIndex`) with the search that scores them by the decision model.

    `add` records a mention on a claim (creating the claim on first use); `search` ranks claims for a text, best
    first, each with the probability that the text states it; `remove_claim` forgets a claim (merged away).
    """

    def __init__(self, normalizer: Normalizer | None = None, *, model: MatchModel | None = None,
                 reps_per_claim: int = REPS, candidates: int = 20, rerank: int = 4, params: Retrieval | None = None,
                 dense_from: int = 64, block_share: float = 0.25) -> None:
        super().__init__(normalizer, reps_per_claim=reps_per_claim, candidates=candidates, rerank=rerank,
                         params=params, dense_from=dense_from, block_share=block_share)
        self.model = model or shipped_model()
        """The decision model the scores come from (the database's own once a desk has taught it)."""

    def repeat_of(self, prop: Proposition) -> int | None:
        """The live claim the last earlier mention with the same wording (`wording_key`: its terms and direction,
        whoever said it) went to, if the wording says enough to stand on its own (vagueness 0)."""
        slot = self._wordings.get(prop.wording)
        if slot is None or not self._claims[slot].alive:
            return None
        if self.vagueness(prop) > 0:
            return None  # "It is a lie", said by the same party of two different claims
        return self._claims[slot].claim_id

    def score_claim(self, prop: Proposition, claim_id: int, *, topic: str | None = None,
                    context: Mapping[int, float] | None = None, published: dt.date | None = None) -> Candidate | None:
        """`prop` scored against one claim only, with the breakdown `search` would give it."""
        found = self.score_claims(prop, [claim_id], topic=topic, context=context, published=published)
        return found[0] if found else None

    def score_claims(self, prop: Proposition, claim_ids: Iterable[int], *, topic: str | None = None,
                     context: Mapping[int, float] | None = None, explain: int | None = None,
                     published: dt.date | None = None) -> list[Candidate]:
        """`prop` scored against the live ones of `claim_ids` only, best first, with the breakdowns `search` would
        give them were they all it retrieved (ties as in `search`: the claim the article mentioned last, then
        the older claim). `explain`: how many of the results carry the full breakdown (default: all)."""
        claims = self._claims
        slots = [s for c in dict.fromkeys(claim_ids) if (s := self._slot.get(c)) is not None and claims[s].alive]
        if not slots:
            return []
        title_terms = self.normalizer.topic_terms(topic)
        terms = self._coefficients(self._query_terms(prop, title_terms))
        bms = [self._slot_bm25(terms, slot, claims[slot]) for slot in slots]
        values = self._wording_scores(prop, slots, 1, None)
        day = published.toordinal() if published is not None else None
        query = Query(self, prop, story_words(title_terms) if topic else frozenset(), max(bms), day)
        scored = [self._scored(query, slot, bm, tsr or [], context) for slot, bm, tsr in zip(slots, bms, values)]
        return self._best_first(query, scored, len(scored), len(scored) if explain is None else explain)

    def _scored(self, query: Query, slot: int, bm25: float, tsr: list[float],
                context: Mapping[int, float] | None) -> Scored:
        """One claim scored: its features and the model's probability."""
        claim = self._claims[slot]
        ctx = float(context.get(claim.claim_id, 0.0)) if context else 0.0
        features, evidence = pair_features(self, query, claim, tsr, bm25, ctx)
        # rounded: BM25 summed in another order (the reference's) moves the last bits, never the ninth decimal
        return Scored(round(self.model.probability(features), _DECIMALS), slot, claim, bm25, ctx, features, evidence)

    def lookup(self, text: str, claimant: str | None = None, top: int = 5,
               stance: Stance | str | None = None) -> list[Candidate]:
        """What `workbench match` and the "similar claims" box do with what a user pasted: links, embed signatures
        and handles of posts are cleaned away (`clean_pasted`), denial wording makes it a denial when no stance is
        given, and the claims are searched."""
        said = clean_pasted(text) or text
        if stance is None:
            stance = Stance.DENIES if sounds_like_denial(said) else Stance.ASSERTS
        return self.search(said, claimant, top=top, stance=stance)

    def search(self, text: str, claimant: str | None = None, top: int = 5, *, stance: Stance | str = Stance.ASSERTS,
               context: Mapping[int, float] | None = None, exclude: Iterable[int] = (),
               topic: str | None = None, proposition: Proposition | None = None, published: dt.date | None = None,
               workers: int = -1, explain: int | None = None, enough: float | None = None,
               collect: list[tuple[int, PairFeatures]] | None = None) -> list[Candidate]:
        """The `top` claims most likely stated by `text` said by `claimant`, best first.

        `context`: claims that other mentions of the same article are on (claim id -> weight), considered
        even when they share no word with the text. `topic`: the article's title; `published`: its date.
        `exclude`: claims never to return (pairs a reviewer rejected). `explain`: how many of the results carry
        the full breakdown (default: all). `enough`: a probability that settles it (the import's `match_auto`):
        a mention naming two or more actors it is about is first compared with the claims naming two of them
        (`_pair_block`), and with every claim naming one only when none of those reaches `enough`. `collect`:
        a list that receives (claim id, features) of every claim the model scored (for fitting it).
        """
        prop = proposition or self.normalizer.analyze(text, claimant, stance)
        title_terms = self.normalizer.topic_terms(topic)
        ask = _Ask(top, story_words(title_terms) if topic else frozenset(), context, tuple(exclude), workers,
                   explain, published.toordinal() if published is not None else None, collect)
        pairs = self._pair_block(prop) if enough is not None and prop.claimant else None
        ranked: dict[int, list[float]] = {}  # wordings the first rank compared, for the second
        if pairs is not None:
            scope = SearchScope(len(pairs), self._names(block_actors(prop)), True)
            found = self._rank(prop, self._retrieve(prop, topic=title_terms, block=pairs), ask, scope, ranked)
            if found and found[0].score >= enough:  # type: ignore[operator]
                return found
        block = self._block(prop)
        if block is None:
            scope = SearchScope(self._n_alive)
        else:
            named = {t for t in named_actors(prop) if t in self._term_ids}
            scope = SearchScope(len(block), self._names(named))
        return self._rank(prop, self._retrieve(prop, topic=title_terms, block=block), ask, scope, ranked)

    def _names(self, actors: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(self.normalizer.actor_name(a) for a in actors))

    def _rank(self, prop: Proposition, retrieved: tuple[np.ndarray, np.ndarray], ask: _Ask, scope: SearchScope,
              compared: dict[int, list[float]]) -> list[Candidate]:
        """`search`'s candidates scored: the retrieved claims, the context ones, less the excluded. `scope`
        (how many claims were searched, and which actors they name) goes in the breakdowns.

        `compared`: the wording scores (slot -> token_set_ratio of each wording) the earlier ranks of the same
        search computed, used again; this rank's are added to it. The search of the claims naming one actor
        retrieves many of the claims naming two that it ranked first."""
        best_bm25 = float(retrieved[1].max()) if len(retrieved[1]) else 0.0  # the excluded count in the ranking
        slots, bms = self._with_context(*retrieved, ask.context, ask.exclude)
        if not len(slots):
            return []
        slot_list, bm_list = slots.tolist(), bms.tolist()
        size = max(self.rerank, ask.top)
        # the wordings of the claims that can make the shortlist first: with a direction, those going its way
        # (and the same article's claims, scored whatever their wording)
        ways, first = self._ways(prop, slot_list, ask.context, size)
        if compared:
            values = [compared.get(s) for s in slot_list]
            todo = [v is None and (first is None or first[k]) for k, v in enumerate(values)]
            values = self._wording_scores(prop, slot_list, ask.workers, todo, values)
        else:
            values = self._wording_scores(prop, slot_list, ask.workers, first)
        query = Query(self, prop, ask.topic_terms, max(max(bm_list), best_bm25), ask.day)
        shortlist = self._shortlist(slot_list, bm_list, values, ways, ask.context, size, query)
        if shortlist is None:  # the others might still count: compare them too
            values = self._wording_scores(prop, slot_list, ask.workers, [v is None for v in values], values)
            shortlist = self._shortlist(slot_list, bm_list, values, ways, ask.context, size, query)
            assert shortlist is not None
        for slot, tsr in zip(slot_list, values):
            if tsr is not None:
                compared[slot] = tsr
        scored = [self._scored(query, slot_list[k], bm_list[k], values[k] or [], ask.context) for k in shortlist]
        if ask.collect is not None:
            ask.collect.extend((s.claim.claim_id, s.features) for s in scored)
        explain = ask.top if ask.explain is None else ask.explain
        return self._best_first(query, scored, ask.top, explain, scope)

    def _with_context(self, slots: np.ndarray, bms: np.ndarray, context: Mapping[int, float] | None,
                      exclude: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
        """The retrieved slots and their BM25, with the same article's claims added (even when they share no word
        with the text: BM25 0) and the excluded ones taken out."""
        claims = self._claims
        if context:
            present = set(slots.tolist())
            extra = []
            for claim_id in context:
                slot = self._slot.get(claim_id)
                if slot is not None and slot not in present and claims[slot].alive:
                    present.add(slot)
                    extra.append(slot)
            if extra:
                slots = np.concatenate([slots, np.array(extra, dtype=np.int64)])
                bms = np.concatenate([bms, np.zeros(len(extra))])
        if exclude:
            excluded = [self._slot[c] for c in exclude if c in self._slot]
            keep = ~np.isin(slots, excluded)
            slots, bms = slots[keep], bms[keep]
        return slots, bms

    def _best_first(self, q: Query, scored: list[Scored], top: int, explain: int,
                    scope: SearchScope | None = None) -> list[Candidate]:
        """The `top` best of `scored` as candidates, the first `explain` with the full breakdown. Equal scores:
        the claim the article mentioned last first, then the older claim."""
        scored.sort(key=lambda s: (-s.score, -s.context, s.slot))
        return [candidate(self, q, s, full=i < explain, scope=scope) for i, s in enumerate(scored[:top])]

    def _ways(self, prop: Proposition, slots: list[int], context: Mapping[int, float] | None,
              size: int) -> tuple[list[int], list[bool] | None]:
        """`_way` of each retrieved claim (all 0 for a mention without a direction), and which claims' wordings to
        compare first: those going the mention's way and the same article's. Only those can then make the
        shortlist (`_shortlist`), and the others' wordings need not be compared unless the shortlist's floor
        depends on them. Which to compare first is given for a mention with a claimant and a direction when at
        least `size` claims are compared first; None otherwise (compare them all)."""
        way = prop.direction
        if not way:
            return [0] * len(slots), None
        back = (way[1], way[0])
        claims = self._claims
        ways = []
        for s in slots:  # `_way`, inline: this runs for every claim retrieved
            directions = claims[s].directions
            ways.append(((0 if back in directions else 1) if way in directions else -1) if directions else 0)
        if not prop.claimant or len(slots) <= size:
            return ways, None
        if context:
            first = [w == 1 or claims[s].claim_id in context for w, s in zip(ways, slots)]
        else:
            first = [w == 1 for w in ways]
        return ways, (first if sum(first) >= size else None)

    def _wording_scores(self, prop: Proposition, slots: list[int], workers: int, which: list[bool] | None,
                        values: list[list[float] | None] | None = None) -> list[list[float] | None]:
        """token_set_ratio of the mention's wording against each wording of the claims at `slots` (all of
        them, or those where `which` is true; the rest keep their `values`, None when not compared)."""
        claims = self._claims
        out: list[list[float] | None] = list(values) if values is not None else [None] * len(slots)
        pairs_c: list[str] = []
        bounds = [0]
        chosen = range(len(slots)) if which is None else [k for k, w in enumerate(which) if w]
        for k in chosen:
            pairs_c += claims[slots[k]].rep_norms
            bounds.append(len(pairs_c))
        if pairs_c:
            # Starting worker threads costs ~0.1 ms: a single mention's few pairs are scored on this thread.
            use = workers if len(pairs_c) >= _PARALLEL_PAIRS else 1
            tsr = process.cdist([prop.norm], pairs_c, scorer=fuzz.token_set_ratio, processor=None, dtype=np.float64,
                                workers=use)[0].tolist()
        else:
            tsr = []
        for i, k in enumerate(chosen):
            out[k] = tsr[bounds[i] : bounds[i + 1]]
        return out

    def _shortlist(self, slots: list[int], bms: list[float], values: list[list[float] | None],
                   ways: list[int], context: Mapping[int, float] | None, size: int,
                   query: Query) -> list[int] | None:
        """Positions in `slots` worth the full score: the best `rerank` by wording and direction (and, for a
        mention without a claimant, by how much of the claim's headline it repeats), and every context claim.

        `values` may lack (None) the wordings of claims that do not go the mention's way (`ways`: each claim's
        `_way`), when at least `size` do: the result is then the same as with them, or None when it might not be.
        Plain Python: for the twenty-odd claims retrieved it is quicker than numpy's per-call overhead."""
        top_bm = max(bms) or 1.0
        known: list[int] = []
        raw: list[float] = []
        for k, bm in enumerate(bms):
            tsr = values[k]
            if tsr is None:
                # a claim the other way (or neither) ranks below every claim going the mention's way: it can
                # only matter through the floor, via its quick score's upper bound (a wording scoring 100)
                raw.append(0.5 + 0.5 * bm / top_bm)
                continue
            known.append(k)
            raw.append(0.5 * (max(tsr) if tsr else 0.0) / 100.0 + 0.5 * bm / top_bm)
        pre = [int(r * _TICKS + 0.5) for r in raw]
        # the order (not the floor) also weighs the direction, and how much of a claim's headline a mention
        # without a claimant repeats
        claims, prop, h = self._claims, query.prop, self.params.headline
        d = direction_weight(prop, self.params)
        if h > 0 and not prop.claimant:
            rank = [int((r + d * w) * (1.0 - h + h * headline_coverage(self, query, claims[s])) * _TICKS + 0.5)
                    for r, w, s in zip(raw, ways, slots)]
        elif prop.direction:
            rank = [int((r + d * w) * _TICKS + 0.5) for r, w in zip(raw, ways)]
        else:
            rank = pre  # no direction to weigh: r + d * 0 is r
        order = [k for _, _, k in sorted(zip([-r for r in rank], slots, range(len(slots))))[:size]]
        floor = max(pre) * self.params.shortlist_ratio  # with bounds for the claims not compared: the most it can be
        if len(known) < len(slots):
            if any(values[k] is None for k in order):
                return None  # a bound made the shortlist: compare its wording
            sure = max(pre[k] for k in known) * self.params.shortlist_ratio  # the least the floor can be
            if any(sure <= pre[k] < floor for k in order):
                return None  # kept or not depends on wordings not compared
        # claims far behind the best on wording and BM25 alike are not worth the full score
        order = [k for k in order if pre[k] >= floor]
        if context:
            chosen = set(order)
            for k, slot in enumerate(slots):
                if k not in chosen and self._claims[slot].claim_id in context:
                    order.append(k)
        return order




_PARALLEL_PAIRS = 2048
_DECIMALS = 9
"""Probabilities are kept to this many decimals, so that float noise cannot order two claims."""
_TICKS = 1e9
"""Quick scores are compared in billionths: float noise (BM25 summed in another order) must not decide an order."""


def direction_weight(prop: Proposition, params: Retrieval) -> float:
    """`Retrieval.shortlist_direction`, less for a text without a claimant (a post): the direction read from it is
    less sure."""
    return params.shortlist_direction * (1.0 if prop.claimant else params.unattributed_direction)


def way(prop: Proposition, claim: ClaimProfile) -> int:
    """1 when the claim goes the mention's way (who supplies whom); -1 when it goes only the other way or
    between others; else 0."""
    if not prop.direction or not claim.directions:
        return 0
    same = prop.direction in claim.directions
    reverse = (prop.direction[1], prop.direction[0]) in claim.directions
    if same and reverse:
        return 0
    return 1 if same else -1


def candidate(index: MatchIndex, q: Query, s: Scored, full: bool = True,
              scope: SearchScope | None = None) -> Candidate:
    """A scored claim as a caller gets it back, with its breakdown when `full`: the features, each one's part in
    the log-odds, and what was compared."""
    claim, ev = s.claim, s.evidence
    rep = claim.reps[ev.best_rep] if ev.best_rep >= 0 else None
    found = Candidate(claim_id=claim.claim_id, score=s.score, features=s.features, bm25=round(s.bm25, 4),
                      compared_text=q.prop.norm, candidate_text=rep.norm if rep is not None else "",
                      rep_text=rep.text if rep is not None else "")
    if full:
        found.breakdown = _breakdown(index.model, q, s, scope)
    return found


def _breakdown(model: MatchModel, q: Query, s: Scored, scope: SearchScope | None) -> dict[str, Any]:
    """What a reviewer is shown of a decision: the features, their contributions, and the facts behind them."""
    prop, claim, ev = q.prop, s.claim, s.evidence
    return {
        "probability": round(s.score, 4),
        "features": {name: round(float(value), 4) for name, value in zip(FEATURES, s.features)},
        "contributions": model.contributions(s.features),
        "baseline": round(model.baseline, 3),
        "capped_by": model.capped_by(s.features),
        "model": model.info.get("source", "shipped"),
        "shared_idf": round(ev.shared_idf, 3),
        "accused": ev.accused,
        "role": round(ev.role, 3),
        "query_accused": sorted(q.accused),
        "claim_accused": sorted(claim.accused),
        "query_actors": sorted(ev.query_actors),
        "direction": list(prop.direction) if prop.direction else None,
        "direction_agreement": ev.direction,
        "years": sorted(prop.years),
        "claim_years": sorted(claim.years),
        "modality": sorted(prop.modality),
        "claim_modality": sorted(claim.dominant_modality()),
        "context": round(s.context, 3),
        "searched": scope.as_dict() if scope is not None else None,
    }
