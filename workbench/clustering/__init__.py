"""Placing mentions on canonical claims in DuckDB, and the reviewer's operations on claims.

Matching itself is `workbench.match` (pure) and the SQL is the store layer's (`store.mentions`, `store.claims`,
`store.decisions`); here the two meet, one job per module:

- `index`: `load_index` builds a `MatchIndex` from the stored claims; `refresh_index` brings one up to date with
  rows other processes wrote since (or rebuilds it after merges, splits, moves and alias edits);
  `cache`: `load_index_cached`, the same kept between processes;
- `policy`: where one mention goes (join / new claim + suggestion / new claim, with `Settings.match_auto` and
  `Settings.match_suggest`), in the context of its article's other claims;
- `placing`: `place_mentions` decides for a batch of `NewMention`s, then writes claims, mentions, decisions and
  suggestions in a few bulk statements (Arrow tables), so 100k mentions go in one call; `records`: the decisions;
- `reviewing`: the reviewer's operations (`confirm_suggestion`, `reject_suggestion`, `merge_claims`,
  `split_claim`, `move_mention`), each writing an `events` row and, as `pair_judgements`, what the reviewer said
  about which mentions belong together;
- `recluster`: matching run again over every live mention, keeping what reviewers decided.

Every function that reads or writes takes an open connection and leaves transaction control to its caller.
"""

from __future__ import annotations

from ..store.claims import update_claim_dates
from .cache import load_index_cached
from .index import collector_paused, database_normalizer, load_index, refresh_index, vocabulary
from .placing import PlannedBatch, Unwritten, place_mentions, plan_mentions, write_planned
from .policy import Placement
from .recluster import ReclusterReport, recluster
from .reviewing import confirm_suggestion, merge_claims, move_mention, reject_suggestion, split_claim

__all__ = [
    "Placement",
    "PlannedBatch",
    "ReclusterReport",
    "Unwritten",
    "collector_paused",
    "confirm_suggestion",
    "database_normalizer",
    "load_index",
    "load_index_cached",
    "merge_claims",
    "move_mention",
    "place_mentions",
    "plan_mentions",
    "recluster",
    "refresh_index",
    "reject_suggestion",
    "split_claim",
    "update_claim_dates",
    "vocabulary",
    "write_planned",
]
