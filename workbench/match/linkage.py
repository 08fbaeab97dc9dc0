"""Grouping the mentions of one batch into claims: average linkage over the probabilities that two mentions state
the same claim. Pure.

Placing mentions one at a time on the claim they best fit snowballs (a claim that took one wrong mention draws the
next) and splits (a mention worded unlike the claim's first wordings starts a claim of its own). Average linkage
looks at every pair at once: two groups merge while the mean probability over all their pairs of mentions stays
at or above the threshold, pairs never compared counting as 0. A group of mentions joins another only when most
of its members fit most of the other's, so one close pair does not chain two claims together.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence

__all__ = ["NEIGHBOURS", "average_link", "connected", "link_scores", "nearest_earlier"]

NEIGHBOURS = 5
"""How many of the batch's earlier mentions each mention is compared with (the best by the search's ranking): the
pairs the linkage reads, and the pairs the model of two mentions is fit on."""


def average_link(n: int, edges: Mapping[tuple[int, int], float], threshold: float, *,
                 together: Iterable[Sequence[int]] = (), apart: Iterable[tuple[int, int]] = ()) -> list[int]:
    """The group of each of `n` items (the smallest item of its group), by average linkage.

    `edges`: (i, j) -> probability that items i and j belong together (either order; pairs absent count 0).
    Groups merge best first while the mean probability over all pairs between them is at least `threshold`.
    `together`: items that start in one group (a reviewer put them together). `apart`: pairs of items whose
    groups never merge (a reviewer kept them apart)."""
    parent = list(range(n))
    find = _finder(parent)
    for group in together:
        items = list(group)
        for other in items[1:]:
            _join(parent, find(items[0]), find(other))
    size = [0] * n
    for i in range(n):
        size[find(i)] += 1
    links: dict[int, dict[int, float]] = {}
    for (i, j), p in edges.items():
        a, b = find(i), find(j)
        if a == b or p <= 0:
            continue
        links.setdefault(a, {})
        links.setdefault(b, {})
        links[a][b] = links[a].get(b, 0.0) + float(p)
        links[b][a] = links[b].get(a, 0.0) + float(p)
    never: dict[int, set[int]] = {}
    for i, j in apart:
        a, b = find(i), find(j)
        never.setdefault(a, set()).add(b)
        never.setdefault(b, set()).add(a)
    heap = [(-total / (size[a] * size[b]), a, b) for a, row in links.items() for b, total in row.items() if a < b]
    heapq.heapify(heap)
    while heap:
        value, a, b = heapq.heappop(heap)
        if -value < threshold:
            break
        if parent[a] != a or parent[b] != b or b in never.get(a, ()):
            continue  # merged away since, or kept apart
        current = links.get(a, {}).get(b, 0.0) / (size[a] * size[b])
        if abs(current + value) > 1e-12:
            continue  # an outdated entry: the groups grew since
        keep, gone = (a, b) if a < b else (b, a)
        parent[gone] = keep
        size[keep] += size[gone]
        row = links.setdefault(keep, {})
        row.pop(gone, None)
        for other, total in links.pop(gone, {}).items():
            if other == keep:
                continue
            row[other] = row.get(other, 0.0) + total
            theirs = links[other]
            theirs.pop(gone, None)
            theirs[keep] = row[other]
        lost = never.pop(gone, set())
        if lost:
            mine = never.setdefault(keep, set())
            for other in lost:
                mine.add(other)
                never[other].discard(gone)
                never[other].add(keep)
        for other, total in row.items():
            lo, hi = (keep, other) if keep < other else (other, keep)
            heapq.heappush(heap, (-total / (size[keep] * size[other]), lo, hi))
    return [find(i) for i in range(n)]


def link_scores(groups: Sequence[int], edges: Mapping[tuple[int, int], float]) -> list[float | None]:
    """Each item's mean probability with the other members of its group (None for an item alone)."""
    total = [0.0] * len(groups)
    for (i, j), p in edges.items():
        if groups[i] == groups[j] and i != j:
            total[i] += p
            total[j] += p
    count: dict[int, int] = {}
    for g in groups:
        count[g] = count.get(g, 0) + 1
    return [total[i] / (count[g] - 1) if count[g] > 1 else None for i, g in enumerate(groups)]


def connected(n: int, edges: Mapping[tuple[int, int], float], floor: float) -> list[list[int]]:
    """The sets of two or more of `n` items that pairs of at least `floor` connect."""
    parent = list(range(n))
    find = _finder(parent)
    for (i, j), p in edges.items():
        if p >= floor:
            _join(parent, find(i), find(j))
    parts: dict[int, list[int]] = {}
    for i in range(n):
        parts.setdefault(find(i), []).append(i)
    return [part for part in parts.values() if len(part) > 1]


def _finder(parent: list[int]) -> Callable[[int], int]:
    """Union-find's `find` over `parent` (with path halving)."""
    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    return find


def _join(parent: list[int], a: int, b: int) -> None:
    """Join two roots: the smaller item stays the root."""
    if a != b:
        parent[max(a, b)] = min(a, b)


def nearest_earlier(groups: Sequence[int], edges: Mapping[tuple[int, int], float]) -> dict[int, tuple[int, float]]:
    """For each group (labelled by its first item, as `average_link` labels them), the group before it with the
    highest mean probability over all their pairs (pairs absent count 0), and that mean: what it came closest to
    joining."""
    size: dict[int, int] = {}
    for g in groups:
        size[g] = size.get(g, 0) + 1
    total: dict[tuple[int, int], float] = {}
    for (i, j), p in edges.items():
        a, b = groups[i], groups[j]
        if a != b:
            key = (max(a, b), min(a, b))
            total[key] = total.get(key, 0.0) + p
    out: dict[int, tuple[int, float]] = {}
    for (later, earlier), t in sorted(total.items()):
        mean = t / (size[later] * size[earlier])
        if later not in out or mean > out[later][1]:
            out[later] = (earlier, mean)
    return out
