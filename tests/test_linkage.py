"""Average linkage over pair probabilities (`workbench.match.linkage`): pure."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.match.linkage import average_link, connected, link_scores


def groups(labels: list[int]) -> set[frozenset[int]]:
    out: dict[int, set[int]] = {}
    for i, g in enumerate(labels):
        out.setdefault(g, set()).add(i)
    return {frozenset(g) for g in out.values()}


def test_a_chain_of_close_pairs_does_not_join_two_ends_that_never_match() -> None:
    # 0~1 and 1~2 are close, 0 and 2 were never found alike: the mean over {0,1} x {2} is (0.9 + 0) / 2
    edges = {(0, 1): 0.9, (1, 2): 0.8}
    assert groups(average_link(3, edges, 0.5)) == {frozenset({0, 1}), frozenset({2})}
    # when 0 and 2 are alike too, all three are one group
    assert groups(average_link(3, {**edges, (0, 2): 0.7}, 0.5)) == {frozenset({0, 1, 2})}


def test_groups_merge_best_pair_first_and_stop_at_the_threshold() -> None:
    edges = {(0, 1): 0.6, (2, 3): 0.95, (1, 2): 0.55, (3, 4): 0.2}
    assert groups(average_link(5, edges, 0.5)) == {frozenset({0, 1}), frozenset({2, 3}), frozenset({4})}
    # every pair at exactly the threshold merges; below it nothing does
    assert groups(average_link(2, {(0, 1): 0.5}, 0.5)) == {frozenset({0, 1})}
    assert groups(average_link(2, {(1, 0): 0.49}, 0.5)) == {frozenset({0}), frozenset({1})}


def test_items_kept_together_start_as_one_group_and_items_kept_apart_never_share_one() -> None:
    edges = {(0, 1): 0.9, (1, 2): 0.9, (0, 2): 0.9}
    # 3 is like nothing, but kept with 2: the pair {2, 3} then fits {0, 1} on half of its pairs only
    assert groups(average_link(4, edges, 0.5, together=[(2, 3)])) == {frozenset({0, 1}), frozenset({2, 3})}
    assert groups(average_link(4, edges, 0.4, together=[(2, 3)])) == {frozenset({0, 1, 2, 3})}
    apart = groups(average_link(3, edges, 0.5, apart=[(0, 2)]))
    assert not any({0, 2} <= g for g in apart)
    assert frozenset({0, 1}) in apart or frozenset({1, 2}) in apart


def test_link_scores_are_the_mean_probability_with_the_rest_of_the_group() -> None:
    edges = {(0, 1): 0.9, (0, 2): 0.6, (1, 2): 0.3, (2, 3): 0.1}
    labels = [0, 0, 0, 3]
    assert link_scores(labels, edges) == pytest.approx([0.75, 0.6, 0.45, None])


def test_connected_sets_are_those_pairs_at_or_above_the_floor_join() -> None:
    edges = {(0, 1): 0.5, (1, 2): 0.2, (3, 4): 0.9, (4, 5): 0.3}
    assert sorted(connected(6, edges, 0.3)) == [[0, 1], [3, 4, 5]]
    assert connected(6, edges, 0.95) == []


def test_a_batch_too_big_to_compare_two_by_two_is_grouped_by_the_pairs_the_search_found(monkeypatch) -> None:
    from workbench.clustering import grouping
    from workbench.match import MatchIndex, shipped_model

    items = [grouping.Item(text, text, claimant, stance, article_id=k, topic=None, published=dt.date(2025, 5, k + 1))
             for k, (text, claimant, stance) in enumerate([
                 ("the port authority dumped toxic sludge into the bay", "Harbour Watch", "asserts"),
                 ("the mayor of Leston took kickbacks from a paving firm", "Leston Courier", "asserts"),
                 ("the port authority never dumped any sludge into the bay", "Port authority", "denies"),
                 ("Harbour Watch says the port authority dumped toxic sludge in the bay", "Harbour Watch", "asserts"),
                 ("the mayor took kickbacks from the paving firm, prosecutors say", "Prosecutors", "asserts"),
             ])]
    index = MatchIndex(model=shipped_model())
    dense = grouping.group_items(shipped_model().pair, index, items, 0.6)
    monkeypatch.setattr(grouping, "DENSE_MAX", 1)
    sparse = grouping.group_items(shipped_model().pair, index, items, 0.6)
    for found in (dense, sparse):
        sludge, kickbacks = {found.group[k] for k in (0, 2, 3)}, {found.group[k] for k in (1, 4)}
        assert len(sludge) == 1 and len(kickbacks) == 1 and sludge != kickbacks
        assert all(found.closest[k] is not None and found.link[k] is not None for k in range(5))
