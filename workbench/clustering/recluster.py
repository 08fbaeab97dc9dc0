"""Re-clustering: matching run again over every live mention (after thresholds or aliases changed), keeping
what reviewers decided and the claim ids wherever a new cluster continues an old claim."""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Any

from ..access import Permission, User, authorize
from ..config import Settings
from ..match import MatchIndex
from ..relations import link_counter_claims
from ..store import articles as article_store
from ..store import claims as claim_store
from ..store import decisions as decision_store
from ..store import matching as match_store
from ..store import mentions as mention_store
from ..store.connection import Connection
from ..store.events import record_event
from .grouping import Item, attributed, from_several_sources, group_items, grouping_threshold
from .index import collector_paused, database_normalizer
from .policy import Row, Seen, context_weights, decided, note_context, remap_candidate, without_search
from .records import insert_decisions


@dataclass
class ReclusterReport:
    """What `recluster` changed."""

    mentions: int = 0
    claims_before: int = 0
    claims_after: int = 0
    mentions_moved: int = 0
    claims_created: int = 0
    claims_retired: int = 0
    suggestions: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"{self.mentions} mentions re-matched: {self.claims_before} -> {self.claims_after} claims,"
                f" {self.mentions_moved} mentions moved, {self.claims_created} claims created,"
                f" {self.claims_retired} retired, {self.suggestions} open suggestions ({self.seconds:.1f} s)")


class _Groups:
    """Union-find over mention ids (mentions a reviewer said belong together)."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class _Clusters:
    """The mentions re-matched: each mention's cluster (provisional ids, -1, -2, ... in creation order, or a
    claim a mention joined) and each mention's decision, by position."""

    cluster_of: dict[int, int]
    decisions: list[Row]


def recluster(con: Connection, settings: Settings, reviewer: str | User | None = None) -> ReclusterReport:
    """Re-run matching over every live mention (after thresholds or aliases changed), keeping reviewer decisions.

    Kept: pairs a reviewer confirmed (`same`: always together) or rejected (`different`: never joined nor
    suggested together), mentions placed or moved by hand, and claim ids with their status, verdict and
    text wherever a new cluster continues an old claim (the old claim with the largest share of its mentions).
    """
    who = authorize(reviewer, Permission.CONFIGURE, required=False)
    with collector_paused():
        return _recluster(con, settings, who)


def _recluster(con: Connection, settings: Settings, reviewer: str | None) -> ReclusterReport:
    started = time.monotonic()
    report = ReclusterReport()
    rows = mention_store.mentions_to_recluster(con)
    report.mentions = len(rows)
    report.claims_before = claim_store.live_claim_count(con)
    groups, apart, vouched = _reviewed(con, rows)
    clusters = _rematch(con, rows, groups, apart, vouched, settings)
    _store_clusters(con, rows, clusters, settings, reviewer, report)
    report.seconds = time.monotonic() - started
    record_event(con, "recluster", "claim", None, reviewer=reviewer,
                 details={"mentions": report.mentions, "claims_before": report.claims_before,
                          "claims_after": report.claims_after, "mentions_moved": report.mentions_moved,
                          "auto": float(settings.match_auto), "suggest": float(settings.match_suggest)})
    return report


def _reviewed(con: Connection, rows: list[dict[str, Any]]) -> tuple[_Groups, dict[int, set[int]], set[int]]:
    """What reviewers decided: mentions kept together (confirmed pairs, mentions placed or moved by hand and
    those that joined an earlier mention of their article), per mention those kept apart from it, and the
    mentions whose wordings a reviewer vouched for (in a pair judged the same claim)."""
    groups = _Groups()
    apart: dict[int, set[int]] = defaultdict(set)
    vouched: set[int] = set()
    for a, b, judgement in decision_store.pair_judgements(con):
        if judgement == "same":
            groups.union(int(a), int(b))
            vouched.update((int(a), int(b)))
        else:
            apart[int(a)].add(int(b))
            apart[int(b)].add(int(a))
    for row in rows:
        details = row["last_details"]
        if isinstance(details, str):
            try:
                details = json.loads(details)
            except json.JSONDecodeError:
                details = {}
        anchor = (details or {}).get("anchor_mention_id")
        if anchor is not None and (row["last_decision"] == "manual" or (details or {}).get("via", "").startswith("same claim")):
            groups.union(int(row["mention_id"]), int(anchor))
    return groups, apart, vouched


def _rematch(con: Connection, rows: list[dict[str, Any]], groups: _Groups, apart: dict[int, set[int]],
             vouched: set[int], settings: Settings) -> _Clusters:
    """Place every mention again, oldest first, in a fresh index: as an import of them all in one batch would
    (the groups that average linkage finds first, each a claim, then every mention left alone placed among them),
    except that mentions a reviewer kept together stay together and those kept apart are never joined
    (transitively: a group is kept apart from every claim any of its mentions was kept apart from), and that the
    wordings of `vouched` mentions are all part of their claim's document (as a load of the index reads them)."""
    index = MatchIndex(database_normalizer(con), model=match_store.load_match_model(con))
    auto, suggest = float(settings.match_auto), float(settings.match_suggest)
    apart_of: dict[int, set[int]] = defaultdict(set)
    for mid, others in apart.items():
        apart_of[groups.find(mid)].update(others)
    cluster_of: dict[int, int] = {}
    group_cluster: dict[int, int] = {}
    article_ctx: dict[int, Counter] = {}
    decisions: list[Row | None] = _linked_rows(index, rows, groups, apart, settings)
    created = -min([0] + [r.claim_id for r in decisions if r is not None])

    def add(k: int, placed: Row) -> None:
        row, mid = rows[k], int(rows[k]["mention_id"])
        group_cluster.setdefault(groups.find(mid), placed.claim_id)
        cluster_of[mid] = placed.claim_id
        index.add(placed.claim_id, row["text"], row["claimant"], row["stance"], claim_text=row["quote"],
                  topic=row["topic"], published=row["published"], vouched=mid in vouched)
        if row["article_id"] is not None:
            note_context(article_ctx.setdefault(int(row["article_id"]), Counter()), placed.claim_id)

    for k, linked in enumerate(decisions):
        if linked is not None:
            add(k, linked)
    for k, row in enumerate(rows):
        if decisions[k] is not None:
            continue
        root = groups.find(int(row["mention_id"]))
        if root in group_cluster:
            placed = Row(group_cluster[root], "manual", None, False,
                         details={"via": "recluster: kept with reviewed mentions"})
        else:
            blocked = {group_cluster.get(groups.find(o), cluster_of.get(o)) for o in apart_of.get(root, ())} - {None}
            ctx = context_weights(article_ctx.get(row["article_id"]) if row["article_id"] is not None else None)
            placed = _place_row(index, row, ctx, blocked, auto, suggest, -(created + 1))  # type: ignore[arg-type]
            created += placed.created
        add(k, placed)
        decisions[k] = placed
    return _Clusters(cluster_of, decisions)  # type: ignore[arg-type]


def _linked_rows(index: MatchIndex, rows: list[dict[str, Any]], groups: _Groups, apart: dict[int, set[int]],
                 settings: Settings) -> list[Row | None]:
    """The decisions of the mentions that average linkage puts in groups of several (each group a new claim,
    provisional ids -1, -2, ... in the order of their first mention; pairs a reviewer kept apart never share a
    group); None for the others, for texts without a claimant (as an import places them: `grouping.attributed`),
    for the mentions a reviewer put together with others (placed one at a time, as a group, among the claims the
    linkage made), and for all without a model of two mentions."""
    out: list[Row | None] = [None] * len(rows)
    threshold = grouping_threshold(settings)
    if index.model.pair is None or threshold is None:
        return out
    position = {int(r["mention_id"]): k for k, r in enumerate(rows)}
    size = Counter(groups.find(mid) for mid in position)
    pairs = [(position[a], position[b]) for a, others in apart.items() for b in others
             if a in position and b in position and a < b]
    items = [None if size[groups.find(int(r["mention_id"]))] > 1 or not attributed(r["claimant"]) else
             Item(r["text"], r["quote"], r["claimant"], r["stance"], r["article_id"], r["topic"], r["published"])
             for r in rows]
    if not from_several_sources(items):
        return out  # as an import of them would: one source's mentions are placed one at a time
    linked = group_items(index.model.pair, index, items, threshold, apart=pairs)
    created = 0
    for members in linked.members().values():
        if len(members) < 2:
            continue
        created += 1
        out[members[0]] = Row(-created, "new", None, True,
                              details={"via": "recluster: a group of mentions that state one claim",
                                       "group_size": len(members)})
        for k in members[1:]:
            closest = linked.closest[k]
            out[k] = Row(-created, "joined", linked.link[k], False,
                         replace(closest, claim_id=-created) if closest is not None else None,
                         details={"via": "recluster: grouped with mentions of the same claim",
                                  "group_size": len(members),
                                  "anchor_mention_id": int(rows[closest.claim_id - 1]["mention_id"])
                                  if closest is not None else None})
    return out


def _place_row(index: MatchIndex, row: dict[str, Any], ctx: dict[int, float] | None, blocked: set[int],
               auto: float, suggest: float, new_id: int) -> Row:
    """Where one mention goes on re-matching (`new_id`: the provisional id of the cluster it would create)."""
    prop = index.normalizer.analyze(row["text"], row["claimant"], row["stance"], quote=row["quote"])
    # the import's own steps: a repeated wording, a claim of the same article, then the search
    seen = Seen(row["topic"], ctx, row["published"])
    settled = without_search(index, prop, seen, auto, blocked)
    if settled is not None:
        settled.details = {"via": "recluster: " + str(settled.details["via"])}
        return settled
    found = index.search(row["text"], row["claimant"], top=3, stance=row["stance"], topic=row["topic"],
                         context=ctx, exclude=blocked, explain=1, enough=auto, proposition=prop,
                         published=row["published"])
    return decided(found, auto, suggest, new_id, via="recluster")


def _store_clusters(con: Connection, rows: list[dict[str, Any]], clusters: _Clusters, settings: Settings,
                    reviewer: str | None, report: ReclusterReport) -> None:
    """Write the clusters as claims: old ids where a cluster continues an old claim, new claims for the others,
    old claims no cluster continues retired into their heir; a decision per mention and the open suggestions."""
    cluster_of = clusters.cluster_of
    overlap: Counter = Counter()
    for row in rows:
        overlap[(cluster_of[int(row["mention_id"])], int(row["claim_id"]))] += 1
    assigned, used = _continued_claims(overlap)
    all_clusters = sorted({c for c in cluster_of.values()}, reverse=True)  # creation order: -1, -2, ...
    fresh = [c for c in all_clusters if c not in assigned]
    assigned.update(dict(zip(fresh, article_store.reserve_ids(con, "claim_ids", len(fresh)))))
    first_text: dict[int, dict[str, Any]] = {}
    for row in rows:
        first_text.setdefault(cluster_of[int(row["mention_id"])], row)
    if fresh:
        claim_store.add_claims(con, [(assigned[c], (first_text[c]["proposition"] or first_text[c]["quote"]),
                                      first_text[c]["proposition"], reviewer) for c in fresh])
    mention_ids = [int(r["mention_id"]) for r in rows]
    claim_ids = [assigned[cluster_of[m]] for m in mention_ids]
    moved = sum(1 for r, claim_id in zip(rows, claim_ids) if claim_id != int(r["claim_id"]))
    mention_store.reassign_mentions(con, mention_ids, claim_ids)
    retired = _heirs(overlap, assigned, used)
    if retired:
        claim_store.retire_claims(con, retired)
    # Decisions for every mention, and fresh open suggestions.
    for placed in clusters.decisions:
        placed.claim_id = assigned.get(placed.claim_id, placed.claim_id)
    remapped = [remap_candidate(p, assigned) for p in clusters.decisions]
    insert_decisions(con, article_store.reserve_ids(con, "decision_ids", len(rows)), mention_ids, remapped, settings)
    decision_store.delete_open_suggestions(con)
    suggestion_rows = [(mention_ids[i], p) for i, p in enumerate(remapped) if p.suggestion is not None]
    if suggestion_rows:
        decision_store.add_suggestions(
            con, [(m, p.suggestion.claim_id, p.suggestion.score) for m, p in suggestion_rows])  # type: ignore[union-attr]
    claim_store.update_claim_dates(con)
    link_counter_claims(con, database_normalizer(con), None)
    report.claims_after = len(all_clusters)
    report.mentions_moved = moved
    report.claims_created = len(fresh)
    report.claims_retired = len(retired)
    report.suggestions = len(suggestion_rows)


def _continued_claims(overlap: Counter) -> tuple[dict[int, int], set[int]]:
    """Clusters mapped onto the old claims they continue: biggest overlaps first, each old claim used once."""
    assigned: dict[int, int] = {}
    used: set[int] = set()
    for (cluster, old), _n in sorted(overlap.items(), key=lambda kv: (-kv[1], kv[0][1], -kv[0][0])):
        if cluster in assigned or old in used:
            continue
        assigned[cluster] = old
        used.add(old)
    return assigned, used


def _heirs(overlap: Counter, assigned: dict[int, int], used: set[int]) -> list[tuple[int, int]]:
    """(heir, old claim) for the old claims no cluster continues: the claim that took most of their mentions."""
    heir: dict[int, tuple[int, int]] = {}
    for (cluster, old), n in overlap.items():
        best = heir.get(old)
        if best is None or n > best[1]:
            heir[old] = (assigned[cluster], n)
    return [(heir[old][0], old) for old in heir if old not in used]
