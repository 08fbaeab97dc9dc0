"""The claims a search looks through, in memory: one document per claim (the terms of its first few wordings,
its articles' titles at a lower weight) in an inverted index held in numpy arrays, BM25 over it, and blocking
on the actors a mention names. Finding candidates fast is this module's job; deciding is the model's
(`workbench.match.model`); what the index holds of each claim is `profiles`. Pure.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..models import Stance
from .profiles import REPS, ClaimProfile, Retrieval, idf_of, story_words, vagueness_of
from .propositions import Normalizer, Proposition, accused_of, block_actors, default_normalizer, named_actors

__all__ = ["REPS", "ClaimIndex", "ClaimProfile", "Retrieval", "idf_of", "story_words", "vagueness_of"]
"""(`ClaimProfile`, `Retrieval` and the small functions are `profiles`', named here too for the modules that
read them with the index.)"""


class _Grow:
    """A growable 1-d numpy array."""

    __slots__ = ("a", "n")

    def __init__(self, dtype: Any, capacity: int = 4) -> None:
        self.a = np.zeros(capacity, dtype=dtype)
        self.n = 0

    def append(self, value: Any) -> None:
        if self.n == len(self.a):
            self.a = np.concatenate([self.a, np.zeros(max(4, self.n), dtype=self.a.dtype)])
        self.a[self.n] = value
        self.n += 1

    def view(self) -> np.ndarray:
        return self.a[: self.n]


class ClaimIndex:
    """Claims and their terms in memory, for candidate retrieval.

    `add` records a mention on a claim (creating the claim on first use); `retrieve` gives the claims sharing
    most with a text by BM25; `remove_claim` forgets a claim (merged away). A claim's document is the terms of
    its first `reps_per_claim` distinct wordings, of every wording a reviewer vouched for (a mention put on the
    claim by hand: `add(..., vouched=True)`) and its articles' titles; later mentions only update who asserts
    and denies it, and when.
    """

    def __init__(self, normalizer: Normalizer | None = None, *, reps_per_claim: int = REPS,
                 candidates: int = 20, rerank: int = 4, params: Retrieval | None = None,
                 dense_from: int = 64, block_share: float = 0.25) -> None:
        self.normalizer = normalizer or default_normalizer()
        self.reps_per_claim = reps_per_claim
        self.candidates = candidates
        self.rerank = rerank
        """How many of the retrieved claims the model scores at least (the rest are ranked by BM25 and wording)."""
        self.params = params or Retrieval()
        self._term_ids: dict[str, int] = {}
        self._postings: list[_Grow] = []
        self._tf: list[_Grow] = []
        self._df = _Grow(np.int64, 1024)
        self._dl = _Grow(np.float64, 1024)
        self.dense_from = dense_from
        """A term in this many claims (and in 1/64 of them) also gets a dense array over all claim slots."""
        self.block_share = block_share
        """A block of more claims than this share of all is scored by the full pass over the postings."""
        self._dense: dict[int, np.ndarray] = {}
        """Term id -> its weight in every claim slot (0 where absent), for the common terms."""
        self._dense_cap = 0
        self._pairs: dict[tuple[str, str], list[int]] = {}
        """Two actors (sorted) -> the slots of the claims whose wordings name both, in order of slot."""
        self._pair_blocks: dict[tuple[str, ...], tuple[int, int, np.ndarray]] = {}
        """`_pair_block` of a set of actors, with the lengths of its pairs' lists and `_removed` it was made with."""
        self._wordings: dict[int, int] = {}
        """`wording_key` (terms and direction) -> the slot of the claim that wording last went to."""
        self._claims: list[ClaimProfile] = []
        self._slot: dict[int, int] = {}
        self._n_alive = 0
        self._removed = 0
        """Claims removed (their postings stay, with tf 0)."""
        self._total_dl = 0.0
        self._idfs: dict[str, float] = {}
        """Term -> its idf, for the current number of claims (`_idfs_n`); a term's entry goes when its df changes."""
        self._idfs_n = 0
        self.mention_watermark = 0
        """The highest mention id the index holds (for catching up with other processes' writes)."""
        self.event_watermark = 0
        self.mentions = 0

    # -- building --

    def __len__(self) -> int:
        return self._n_alive

    def __contains__(self, claim_id: object) -> bool:
        slot = self._slot.get(claim_id)  # type: ignore[arg-type]
        return slot is not None and self._claims[slot].alive

    def claim_ids(self) -> list[int]:
        return [c.claim_id for c in self._claims if c.alive]

    def add(self, claim_id: int, text: str, claimant: str | None = None, stance: Stance | str = Stance.ASSERTS,
            *, proposition: Proposition | None = None, claim_text: str | None = None,
            mention_id: int | None = None, topic: str | None = None, published: dt.date | None = None,
            vouched: bool = False) -> Proposition:
        """Record a mention of `claim_id` (creating the claim) and return its proposition.

        `topic` is the title of the article the mention is from, when known: claims are also compared by
        the titles their mentions came from. `published`: the date of its source. `vouched`: a reviewer put it on
        the claim, so its wording joins the claim's document however many it has (`add_rep`).
        """
        prop = proposition or self.normalizer.analyze(text, claimant, stance)
        slot = self.claim_slot(claim_id, claim_text or text)
        self.add_roles(claim_id, prop.claimant, prop.stance)
        if topic:
            self.add_topic(claim_id, topic)
        if published is not None:
            self._claims[slot].add_days(published.toordinal())
        self.add_rep(claim_id, prop, vouched=vouched)
        if mention_id is not None and mention_id > self.mention_watermark:
            self.mention_watermark = mention_id
        return prop

    def claim_slot(self, claim_id: int, text: str = "") -> int:
        """The claim's place in the index (created when new)."""
        slot = self._slot.get(claim_id)
        if slot is None or not self._claims[slot].alive:
            slot = self._new_slot(claim_id, text)
        return slot

    def add_roles(self, claim_id: int, claimant: tuple[str, ...], stance: Stance | str, count: int = 1) -> None:
        """Count `count` mentions of the claim by `claimant` (actor terms) with `stance`."""
        claim = self._claims[self.claim_slot(claim_id)]
        claim.mentions += count
        self.mentions += count
        denies = Stance(stance) == Stance.DENIES
        if denies:
            claim.denials += count
        roles = claim.deniers if denies else claim.asserters
        for who in claimant:
            roles[who] += count

    def add_days(self, claim_id: int, first: dt.date, last: dt.date | None = None) -> None:
        """Note that the claim's sources are dated from `first` to `last`."""
        self._claims[self.claim_slot(claim_id)].add_days(first.toordinal(), (last or first).toordinal())

    def add_topic(self, claim_id: int, title: str) -> None:
        """Note that a mention of the claim came from an article with this title."""
        slot = self.claim_slot(claim_id)
        claim = self._claims[slot]
        if title in claim.topics or len(claim.topics) >= _MAX_TOPICS:
            return
        claim.topics.add(title)
        terms = self.normalizer.topic_terms(title)
        claim.topic_terms.update(set(terms))
        claim.topic_sets.append(story_words(terms))
        if self.params.title > 0:
            for term in terms:
                self._index_term(slot, claim, term, self.params.title)

    def has_room(self, claim_id: int) -> bool:
        """Whether the claim takes another wording into its document."""
        slot = self._slot.get(claim_id)
        return slot is None or len(self._claims[slot].reps) < self.reps_per_claim

    def add_rep(self, claim_id: int, prop: Proposition, *, vouched: bool = False) -> bool:
        """Make `prop` one of the claim's wordings if it has room for one more (or a reviewer `vouched` for it: a
        wording the desk put on the claim is how the claim is said in this database) and words it differently."""
        slot = self.claim_slot(claim_id)
        claim = self._claims[slot]
        wordings = self._wordings
        key = prop.wording
        wordings.pop(key, None)  # the newest last: the oldest are forgotten first
        wordings[key] = slot
        if len(wordings) > _MAX_WORDINGS:
            for old in list(itertools.islice(wordings, _MAX_WORDINGS // 10)):
                del wordings[old]
        if (len(claim.reps) >= self.reps_per_claim and not vouched) or any(r.terms == prop.terms for r in claim.reps):
            return False
        claim.reps.append(prop)
        claim.rep_norms.append(prop.norm)
        claim.accuse(accused_of(prop))
        claim.modality.update(prop.modality)
        known = list(claim.actors)
        for actor in prop.actors - claim.actors.keys():
            for other in known:
                self._pairs.setdefault((actor, other) if actor < other else (other, actor), []).append(slot)
            known.append(actor)
        claim.actors.update(prop.actors)
        claim.years.update(prop.years)
        claim.numbers.update(prop.numbers)
        if prop.direction:
            claim.directions[prop.direction] += 1
        for term in prop.terms:
            if term not in claim.term_set:
                claim.term_set.add(term)
                self._index_term(slot, claim, term, 1.0)
        return True

    def _index_term(self, slot: int, claim: ClaimProfile, term: str, weight: float) -> None:
        """Put `term` in the claim's document with `weight`, or raise its weight there."""
        old = claim.term_weight.get(term, 0.0)
        if weight <= old:
            return
        tid = self._term_ids.get(term)
        if tid is None:
            tid = len(self._postings)
            self._term_ids[term] = tid
            self._postings.append(_Grow(np.int32))
            self._tf.append(_Grow(np.float64))
            self._df.append(0)
        pos = claim.terms.get(tid)
        if pos is None:
            claim.terms[tid] = self._postings[tid].n
            self._postings[tid].append(slot)
            self._tf[tid].append(weight)
            self._df.a[tid] += 1
            self._idfs.pop(term, None)
        else:
            self._tf[tid].a[pos] = weight
        dense = self._dense.get(tid)
        if dense is not None:
            dense[slot] = weight
        elif self._df.a[tid] >= max(self.dense_from, self._n_alive // 64):
            self._make_dense(tid)
        claim.term_weight[term] = weight
        self._dl.a[slot] += weight - old
        self._total_dl += weight - old

    def _make_dense(self, tid: int) -> None:
        """Give a term that became common its dense array (filled from its postings)."""
        self._dense_room(len(self._claims))
        dense = np.zeros(self._dense_cap, dtype=np.float64)
        n = self._postings[tid].n
        dense[self._postings[tid].a[:n]] = self._tf[tid].a[:n]
        self._dense[tid] = dense

    def _dense_room(self, slots: int) -> None:
        """Make every dense array (and those to come) hold at least `slots` slots, doubling as needed."""
        if slots <= self._dense_cap:
            return
        self._dense_cap = max(1024, 2 * slots)
        for tid, dense in self._dense.items():
            self._dense[tid] = np.concatenate([dense, np.zeros(self._dense_cap - len(dense), dtype=np.float64)])

    def _new_slot(self, claim_id: int, text: str) -> int:
        slot = len(self._claims)
        self._claims.append(ClaimProfile(claim_id, text))
        self._slot[claim_id] = slot
        self._dl.append(0.0)
        if slot >= self._dense_cap and self._dense:
            self._dense_room(slot + 1)
        self._n_alive += 1
        return slot

    def rename_claim(self, old: int, new: int) -> None:
        """Give a claim another id (provisional ids of a batch become the stored ones)."""
        slot = self._slot.pop(old)
        self._slot[new] = slot
        self._claims[slot].claim_id = new

    def remove_claim(self, claim_id: int) -> None:
        """Forget a claim (merged into another, or emptied)."""
        slot = self._slot.get(claim_id)
        if slot is None or not self._claims[slot].alive:
            return
        claim = self._claims[slot]
        claim.alive = False
        self._removed += 1
        self._idfs.clear()  # its terms' df fall: a new claim could bring the count of claims back to where it was
        for tid, pos in claim.terms.items():
            self._df.a[tid] -= 1
            self._tf[tid].a[pos] = 0.0  # its postings score nothing from now on
            if tid in self._dense:
                self._dense[tid][slot] = 0.0
        self._total_dl -= self._dl.a[slot]
        self._n_alive -= 1

    def claim_mentions(self, claim_id: int) -> int:
        slot = self._slot.get(claim_id)
        return self._claims[slot].mentions if slot is not None else 0

    def claim_text(self, claim_id: int) -> str | None:
        slot = self._slot.get(claim_id)
        return self._claims[slot].text if slot is not None else None

    # -- searching --

    def idf(self, term: str) -> float:
        """How rare `term` is among the live claims (BM25's idf)."""
        value = self.idfs().get(term)
        return self._new_idf(term) if value is None else value

    def idfs(self) -> dict[str, float]:
        """The idf of the terms looked up since the number of claims last changed (add others with `_new_idf`)."""
        if self._idfs_n != self._n_alive:
            self._idfs.clear()
            self._idfs_n = self._n_alive
        return self._idfs

    def _new_idf(self, term: str) -> float:
        """A term's idf, computed and kept in `idfs()` (which must be current)."""
        tid = self._term_ids.get(term)
        value = self._idfs[term] = idf_of(self._n_alive, int(self._df.a[tid]) if tid is not None else 0)
        return value

    def _query_terms(self, prop: Proposition, topic: Sequence[str] = ()) -> list[tuple[int, float]]:
        """(term id, query weight) for the known terms of a proposition, the claimant's actors at a lower weight,
        and, for a mention that says little, the words of its article's title (`topic`) at a weight that grows
        the less it says ("It is a lie" is looked up by what the story is about)."""
        out: dict[int, float] = {}
        for term in prop.terms:
            tid = self._term_ids.get(term)
            if tid is not None and tid not in out:
                out[tid] = 1.0
        for term in prop.claimant:
            tid = self._term_ids.get(term)
            if tid is not None and tid not in out:
                out[tid] = self.params.claimant_query_weight
        if topic and self.params.topic_query > 0:
            weight = self.params.topic_query * self.vagueness(prop)
            if weight > 0:
                for term in topic:
                    tid = self._term_ids.get(term)
                    if tid is not None and tid not in out:
                        out[tid] = weight
        return list(out.items())

    def vagueness(self, prop: Proposition) -> float:
        """0 for a mention whose words carry at least `Retrieval.informative` idf, up to 1 for one that says nothing."""
        return vagueness_of(sum(self.idf(t) for t in prop.term_set), self.params)

    def _bm25_params(self) -> tuple[float, float, float]:
        avgdl = self._total_dl / self._n_alive if self._n_alive else 1.0
        return self.params.k1, self.params.b, max(avgdl, 1e-9)

    def retrieve(self, prop: Proposition, limit: int | None = None, topic: Sequence[str] = ()) -> list[tuple[int, float]]:
        """BM25 over claim documents: (slot, score) of the best `limit` claims, best first (ties: older first).

        Blocking on actors: a mention with a claimant that names an actor the index knows (in its text or as its
        claimant) is compared with the claims naming one of those actors only; any other text, with every claim.
        """
        slots, scores = self._retrieve(prop, limit, topic)
        return list(zip(slots.tolist(), scores.tolist()))

    def _retrieve(self, prop: Proposition, limit: int | None = None, topic: Sequence[str] = (),
                  block: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """`retrieve` as two arrays: the slots and their BM25 (within `block`, sorted slots, when given)."""
        limit = self.candidates if limit is None else limit
        qterms = self._query_terms(prop, topic)
        if not qterms or not self._n_alive:
            return _NO_SLOTS, _NO_SCORES
        terms = self._coefficients(qterms)
        if block is None:
            block = self._block(prop)
        if block is None:
            scores = self._bm25(terms)
            hit = np.flatnonzero(scores > 0)
        elif len(block) > self.block_share * len(self._claims):
            scores = self._bm25(terms)
            hit = block[scores[block] > 0]
        else:
            total = self._block_bm25(terms, block)
            at = np.flatnonzero(total > 0)
            return self._top(block[at], total[at], limit)
        return self._top(hit, scores[hit], limit)

    def _coefficients(self, qterms: list[tuple[int, float]]) -> list[tuple[int, float]]:
        """(term id, query weight x idf x (k1 + 1)) of the query terms: what BM25 multiplies each tf part by."""
        k1 = self.params.k1
        df = self._df.a
        return [(tid, qw * idf_of(self._n_alive, int(df[tid])) * (k1 + 1)) for tid, qw in qterms]

    def _block(self, prop: Proposition) -> np.ndarray | None:
        """The slots of the live claims naming an actor of an attributed mention or a collective its claimant
        belongs to (sorted), or None when it names none known or has no claimant (a free text, such as a post,
        names people and places in passing)."""
        if not prop.claimant:
            return None
        mask: np.ndarray | None = None
        for term in named_actors(prop):
            tid = self._term_ids.get(term)
            if tid is not None:
                if mask is None:
                    mask = np.zeros(len(self._claims), dtype=bool)
                grow = self._postings[tid]
                post = grow.a[: grow.n]
                mask[post[self._tf[tid].a[: grow.n] > 0] if self._removed else post] = True
        block = np.flatnonzero(mask) if mask is not None else None
        return block if block is not None and len(block) else None

    def _pair_block(self, prop: Proposition) -> np.ndarray | None:
        """The live claims whose wordings name two of the actors the mention is about (`block_actors`), when
        it names two or more and some claim does: "Tehran sent drones to Moscow" is compared with the
        claims naming Iran and Russia, not with every claim naming either (sorted slots, or None)."""
        actors = tuple(sorted(block_actors(prop)))
        if len(actors) < 2:
            return None
        pairs = self._pairs
        lists = [slots for i, a in enumerate(actors) for b in actors[i + 1 :] if (slots := pairs.get((a, b)))]
        if not lists:
            return None
        size = sum(map(len, lists))
        known = self._pair_blocks.get(actors)
        if known is not None and known[0] == size and known[1] == self._removed:
            return known[2]  # no claim named two of them since (the lists only grow), and none was removed
        found = set(lists[0]).union(*lists[1:]) if len(lists) > 1 else lists[0]
        if self._removed:
            claims = self._claims
            found = [slot for slot in found if claims[slot].alive]
        block = np.array(sorted(found), dtype=np.int64) if found else None
        if block is not None:
            if len(self._pair_blocks) >= _PAIR_BLOCKS:
                self._pair_blocks.clear()
            self._pair_blocks[actors] = (size, self._removed, block)
        return block

    def _block_bm25(self, terms: list[tuple[int, float]], block: np.ndarray) -> np.ndarray:
        """BM25 of the claim slots `block` (sorted), summed term by term in query order as `_bm25` sums them."""
        k1, b, avgdl = self._bm25_params()
        K = k1 * (1 - b + b * self._dl.a[block] / avgdl)
        total = np.zeros(len(block))
        for tid, coef in terms:
            dense = self._dense.get(tid)
            if dense is not None:
                tf = dense[block]
                total += coef * tf / (tf + K)
                continue
            n = self._postings[tid].n
            post, tf = self._postings[tid].a[:n], self._tf[tid].a[:n]
            at = np.minimum(np.searchsorted(block, post), len(block) - 1)
            inside = block[at] == post
            at, tf = at[inside], tf[inside]
            part = np.zeros(len(block))
            part[at] = coef * tf / (tf + K[at])
            total += part
        return total

    def _slot_bm25(self, terms: list[tuple[int, float]], slot: int, claim: ClaimProfile) -> float:
        """`_block_bm25` of one claim, in plain Python (the same sums in the same order, so the same value)."""
        if not terms:
            return 0.0
        k1, b, avgdl = self._bm25_params()
        K = k1 * (1 - b + b * float(self._dl.a[slot]) / avgdl)
        total = 0.0
        positions, tfs = claim.terms, self._tf
        for tid, coef in terms:
            pos = positions.get(tid)
            if pos is not None:
                tf = float(tfs[tid].a[pos])
                total += coef * tf / (tf + K)
        return total

    def _bm25(self, terms: list[tuple[int, float]]) -> np.ndarray:
        """BM25 of every claim slot over the postings of `terms` ((term id, query coefficient) pairs)."""
        k1, b, avgdl = self._bm25_params()
        postings, tfs, coefs, lengths = [], [], [], []
        for tid, coef in terms:
            grow = self._postings[tid]
            postings.append(grow.a[: grow.n])
            tfs.append(self._tf[tid].a[: grow.n])
            coefs.append(coef)
            lengths.append(grow.n)
        # one pass over every posting of every query term (the tf of a removed claim's postings is 0)
        idx = np.concatenate(postings)
        tf = np.concatenate(tfs)
        contrib = np.repeat(np.array(coefs), lengths) * tf / (tf + k1 * (1 - b + b * self._dl.a[idx] / avgdl))
        return np.bincount(idx, weights=contrib, minlength=len(self._claims))

    @staticmethod
    def _top(hit: np.ndarray, scores: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
        """The best `limit` of the slots `hit` by their `scores` (in the same order), ties to the older slot."""
        if not len(hit):
            return _NO_SLOTS, _NO_SCORES
        if len(hit) > limit:
            # keep everything tied with the limit-th score so that ties break by slot like the reference
            kth = np.partition(scores, len(hit) - limit)[len(hit) - limit]
            keep = scores >= kth
            hit, scores = hit[keep], scores[keep]
        order = np.lexsort((hit, -scores))[:limit]
        return hit[order], scores[order]


_PAIR_BLOCKS = 20_000
"""Pair blocks kept for the actor sets searched (`MatchIndex._pair_block`)."""
_NO_SLOTS = np.zeros(0, dtype=np.int64)
_NO_SCORES = np.zeros(0, dtype=np.float64)
_MAX_WORDINGS = 500_000
"""Wordings remembered for `repeat_of`, the oldest forgotten first (about 40 MB when full). Of the last 100k
mentions of the 1M synthetic stream (564k distinct wordings), 54% repeat a remembered wording with this cap,
43% with 250k, 56% with no cap."""
_MAX_TOPICS = 20
