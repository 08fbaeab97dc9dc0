"""Grouping the mentions of one batch before they are placed: every mention is compared with the batch's earlier
mentions by the model of two mentions (`MatchModel.pair`), and the batch is cut into groups by average linkage
(`workbench.match.linkage`). A group is then placed as one: on the existing claim its members fit on average, or
on a claim of its own. No database here."""

from __future__ import annotations

import datetime as dt
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from ..config import Settings
from ..match import Candidate, MatchIndex, MatchModel, Proposition
from ..match.linkage import NEIGHBOURS, average_link, connected, link_scores, nearest_earlier
from ..match.training import context_weights
from ..models import NewMention
from .policy import Row, Seen, without_search
from .policy import context_weights as context_weights_of

PAIR_CANDIDATES = 10
"""How many earlier mentions BM25 retrieves for each before the closest `NEIGHBOURS` are scored (a claim search
retrieves 20: a mention's neighbours in one batch are fewer than a database's claims)."""
SEARCHED = 3
"""How many members of a group (its first) are searched for among the stored claims: their mean decides."""
DENSE_MAX = 150
"""The most mentions that are compared two by two (every pair, both ways: about 1 s for 150 at 25 to 50 µs a
pair); a bigger set of connected mentions is linked by the pairs the search found (each story of the dev set
fits, its largest with 121 mentions)."""


@dataclass(frozen=True)
class Item:
    """What grouping reads of one mention."""

    text: str
    """Its text for matching (its proposition, else its quote)."""
    quote: str
    claimant: str | None
    stance: str
    article_id: int | None = None
    topic: str | None = None
    """Its article's title."""
    published: dt.date | None = None

    @classmethod
    def of(cls, m: NewMention, topic: str | None) -> Item:
        return cls(m.text_for_matching, m.quote, m.claimant, str(getattr(m.stance, "value", m.stance)), m.article_id,
                   topic, m.published)


@dataclass
class BatchGroups:
    """What the linkage made of a batch: the group of each mention (the position of its first member), each one's
    mean probability with the rest of its group, the closest other member (a candidate whose `claim_id` is that
    member's position), and for each group the earlier group it came closest to joining, with the mean."""

    group: list[int]
    link: list[float | None]
    closest: list[Candidate | None]
    near: dict[int, tuple[int, float]] = field(default_factory=dict)

    def members(self) -> dict[int, list[int]]:
        """Group -> its mentions' positions, in batch order (groups in the order of their first member)."""
        out: dict[int, list[int]] = {}
        for i, g in enumerate(self.group):
            out.setdefault(g, []).append(i)
        return out


def grouping_threshold(settings: Settings) -> float | None:
    """The mean probability at which a batch's groups merge: `match_group`, and no lower than `match_auto` (a desk
    that raised it joins nothing it is not sure of); None when grouping is off (`match_group` 1)."""
    if settings.match_group >= 1:
        return None
    return max(float(settings.match_group), float(settings.match_auto))


def attributed(claimant: str | None) -> bool:
    """Whether a text has a claimant: texts without one (posts, headlines, fact-checks) are placed one at a time,
    never grouped (grouping them merged more distinct fact-checks of CLEF and joined fewer of Emergent's
    headlines)."""
    return bool((claimant or "").strip())


def from_several_sources(items: Sequence[Item | None]) -> bool:
    """Whether the items to group come from two sources or more: one article's mentions are placed one at a time
    (the model of two mentions learnt that two mentions of one article mostly state one claim, and merged more
    than placing them one by one)."""
    return len({item.article_id for item in items if item is not None} - {None}) > 1


def groupable(mentions: Sequence[NewMention], k: int) -> bool:
    """Whether mention `k` is grouped with the others of its batch: it is `attributed` and matching decides where
    it goes."""
    return attributed(mentions[k].claimant) and not placed_apart(mentions, k)


def placed_apart(mentions: Sequence[NewMention], k: int) -> bool:
    """Whether mention `k` goes where it is told, not where matching puts it: forced onto a claim, or onto the
    claim of an earlier mention that is."""
    m = mentions[k]
    if m.claim_id is not None:
        return True
    earlier = m.same_claim_as
    return earlier is not None and 0 <= earlier < k and mentions[earlier].claim_id is not None


def group_items(pair_model: MatchModel, index: MatchIndex, items: Sequence[Item | None], threshold: float, *,
                together: Iterable[Sequence[int]] = (), apart: Iterable[tuple[int, int]] = ()) -> BatchGroups:
    """Group `items` (None: a mention placed apart, which stays alone) by average linkage at `threshold`, with
    `index`'s normalizer. `together`: positions that start in one group; `apart`: pairs never in one group.

    Each item is compared with the `NEIGHBOURS` earlier ones the search ranks first. The items those pairs connect
    (at `threshold` / 2 or more) are then compared two by two, every pair both ways (the mean of the two
    probabilities), when they are at most `DENSE_MAX`; a bigger set is linked by the first pairs alone."""
    pairs = MatchIndex(index.normalizer, model=pair_model, candidates=PAIR_CANDIDATES)
    edges: dict[tuple[int, int], float] = {}
    props: list[Proposition | None] = []
    contexts: list[dict[int, float] | None] = []
    recent: dict[int, OrderedDict[int, None]] = {}
    for k, item in enumerate(items):
        if item is None:
            props.append(None)
            contexts.append(None)
            continue
        prop = index.normalizer.analyze(item.text, item.claimant, item.stance, quote=item.quote)
        seen = recent.setdefault(item.article_id, OrderedDict()) if item.article_id is not None else None
        props.append(prop)
        contexts.append(context_weights(list(seen)) if seen else None)
        if len(pairs):
            for c in pairs.search(item.text, item.claimant, top=NEIGHBOURS, stance=item.stance, topic=item.topic,
                                  context=contexts[k], proposition=prop, published=item.published, explain=0,
                                  workers=1):
                edges[(c.claim_id - 1, k)] = c.score
        pairs.add(k + 1, item.text, item.claimant, item.stance, proposition=prop, topic=item.topic,
                  published=item.published)
        if seen is not None:
            seen.pop(k + 1, None)
            seen[k + 1] = None
    for part in connected(len(items), edges, threshold / 2):
        if len(part) <= DENSE_MAX:
            _compare_all(pairs, items, props, contexts, part, edges)
    group = average_link(len(items), edges, threshold, together=together, apart=apart)
    return BatchGroups(group, link_scores(group, edges), _closest(pairs, items, props, group, edges),
                       nearest_earlier(group, edges))


def group_batch(pair_model: MatchModel, index: MatchIndex, mentions: Sequence[NewMention],
                topics: Sequence[str | None], threshold: float) -> BatchGroups | None:
    """`group_items` of an import's batch (`topics`: each mention's article title): a mention to be placed on the
    claim of an earlier one (`same_claim_as`) starts in its group; one not `groupable` stays alone. None when the
    mentions to group are not `from_several_sources`."""
    items = [Item.of(m, topics[k]) if groupable(mentions, k) else None for k, m in enumerate(mentions)]
    if not from_several_sources(items):
        return None
    together = [(m.same_claim_as, k) for k, m in enumerate(mentions)
                if items[k] is not None and m.same_claim_as is not None and 0 <= m.same_claim_as < k]
    return group_items(pair_model, index, items, threshold, together=together)


def _compare_all(pairs: MatchIndex, items: Sequence[Item | None], props: Sequence[Proposition | None],
                 contexts: Sequence[dict[int, float] | None], part: list[int],
                 edges: dict[tuple[int, int], float]) -> None:
    """Every pair of `part` compared both ways; `edges` gets the mean of the two probabilities. A mention compared
    with a later one of its article reads it in the context the later one read it in."""
    one_way: dict[tuple[int, int], float] = {}
    for k in part:
        prop, item = props[k], items[k]
        assert prop is not None and item is not None
        context = dict(contexts[k] or {})
        for j in part:
            weight = (contexts[j] or {}).get(k + 1)
            if j > k and weight:
                context[j + 1] = weight
        for c in pairs.score_claims(prop, [j + 1 for j in part if j != k], topic=item.topic, context=context or None,
                                    published=item.published, explain=0):
            one_way[(k, c.claim_id - 1)] = c.score
    for k in part:
        for j in part:
            if k < j:
                edges[(k, j)] = (one_way.get((k, j), 0.0) + one_way.get((j, k), 0.0)) / 2
                edges.pop((j, k), None)


def _closest(pairs: MatchIndex, items: Sequence[Item | None], props: Sequence[Proposition | None],
             group: list[int], edges: dict[tuple[int, int], float]) -> list[Candidate | None]:
    """For each mention of a group of several, the member of its group it fits best (by `edges`), scored again
    with the breakdown (its `claim_id` is that member's position + 1)."""
    best: dict[int, tuple[float, int]] = {}
    for (i, j), p in edges.items():
        if group[i] == group[j] and i != j:
            for a, b in ((i, j), (j, i)):
                if a not in best or p > best[a][0]:
                    best[a] = (p, b)
    out: list[Candidate | None] = [None] * len(items)
    for k, (_, j) in best.items():
        item = items[k]
        assert item is not None
        found = pairs.score_claims(props[k], [j + 1], topic=item.topic,  # type: ignore[arg-type]
                                   published=item.published, explain=1)
        out[k] = found[0] if found else None
    return out


def place_groups(index: MatchIndex, groups: BatchGroups, mentions: Sequence[NewMention], topics: Sequence[str | None],
                 context: dict[int, Counter], auto: float, suggest: float, first_new: int) -> list[Row | None]:
    """Where each mention grouped with others goes (None for one alone or placed apart: the caller places it one at
    a time, among the groups), group by group in the order of their first mention. A group joins the claim its
    first `SEARCHED` members' probabilities average `auto` or more on (each searched as `place_one` searches,
    among the claims from before the batch: the batch's own are its groups); else it starts a claim
    (provisional ids from `first_new` down), suggesting the best claim from `suggest` on (else the earlier group
    it came closest to joining, from `suggest` on), and its other members join it. `context`: article id -> the
    claims its mentions are on."""
    rows: list[Row | None] = [None] * len(mentions)
    new_id = first_new
    size = Counter(groups.group)
    claim_of: dict[int, int] = {}  # group -> its claim
    for group, members in groups.members().items():
        free = [k for k in members if not placed_apart(mentions, k) and size[groups.group[k]] > 1]
        if not free:
            continue
        searched = {k: _search(index, mentions[k], topics[k], context, auto) for k in free[:SEARCHED]}
        mean, best_of = _group_means(list(searched), searched)
        best = max(mean, key=lambda c: (mean[c], -c)) if mean else None
        if best is not None and mean[best] >= auto:
            claim_of[group] = best
            for k in free:
                found, repeat = searched.get(k, ([], None))
                if repeat is not None and repeat.claim_id == best:
                    rows[k] = repeat  # it says what a mention of the claim said
                    continue
                own = next((c for c in found if c.claim_id == best), None)
                rows[k] = Row(best, "joined", mean[best], False, own or best_of[best],
                              details={"via": "the mentions of the batch grouped with it fit the claim",
                                       "group_size": len(free), "own_score": own.score if own else None})
            continue
        top = replace(best_of[best], score=mean[best]) if best is not None else None
        near = groups.near.get(group)
        if (top is None or top.score < suggest) and near is not None and near[1] >= suggest and near[0] in claim_of:
            top = Candidate(claim_of[near[0]], round(near[1], 6), rep_text=mentions[near[0]].quote)
        new_id -= 1
        claim_of[group] = new_id
        kind = "new" if top is None or top.score < suggest else "suggested"
        rows[free[0]] = Row(new_id, kind, top.score if top else None, True, top,
                            suggestion=top if kind == "suggested" else None,
                            details={"alternatives": [[c, s] for c, s in sorted(mean.items(), key=lambda x: -x[1])
                                                      if c != best][:2], "group_size": len(free)})
        for k in free[1:]:
            closest = groups.closest[k]
            rows[k] = Row(new_id, "joined", groups.link[k], False,
                          replace(closest, claim_id=new_id) if closest is not None else None,
                          details={"via": "grouped with mentions of the same batch", "group_size": len(free),
                                   "grouped_with": closest.claim_id - 1 if closest is not None else None})
    return rows


def _group_means(free: list[int], searched: dict[int, tuple[list[Candidate], Row | None]]
                 ) -> tuple[dict[int, float], dict[int, Candidate]]:
    """Each claim the group's members found, with their mean probability on it (a member that did not find it
    counts 0), and the member's candidate that scored it best."""
    totals: dict[int, float] = {}
    best_of: dict[int, Candidate] = {}
    for k in free:
        for c in searched[k][0]:
            totals[c.claim_id] = totals.get(c.claim_id, 0.0) + c.score
            if c.claim_id not in best_of or c.score > best_of[c.claim_id].score:
                best_of[c.claim_id] = c
    return {claim_id: round(t / len(free), 6) for claim_id, t in totals.items()}, best_of


def _search(index: MatchIndex, m: NewMention, topic: str | None, context: dict[int, Counter],
            auto: float) -> tuple[list[Candidate], Row | None]:
    """The claims a mention may state, as `place_one` finds them (its article's claims as context), and the
    placement it would get without a search when it repeats the wording of a claim's mention (`without_search`)."""
    if not len(index):
        return [], None
    prop = index.normalizer.analyze(m.text_for_matching, m.claimant, m.stance, quote=m.quote)
    ctx = context_weights_of(context.get(m.article_id) if m.article_id is not None else None)
    settled = without_search(index, prop, Seen(topic, ctx, m.published), auto)
    if settled is not None and settled.candidate is not None:
        return [settled.candidate], settled
    return index.search(m.text_for_matching, m.claimant, top=3, stance=m.stance, topic=topic, context=ctx,
                        proposition=prop, published=m.published, explain=1, enough=auto), None
