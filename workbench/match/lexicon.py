"""The matcher's reference data (`workbench/data/`): its word lists, synonym groups and the sets of things that
are never the same thing. Read once, shared, never written."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..datafiles import data_json

__all__ = ["distinct_things", "lexicon", "synonym_groups"]




@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """`match_lexicon.json`: number words, direction markers, modality cues, collectives."""
    return data_json("match_lexicon.json")


@lru_cache(maxsize=1)
def synonym_groups() -> list[list[str]]:
    """Groups of words and phrases rewritten to their first entry."""
    return [list(g) for g in data_json("synonyms.json")["groups"]]


@lru_cache(maxsize=1)
def distinct_things() -> dict[str, list[str]]:
    """Named sets of group heads that name different things (drones / missiles, supplying / building)."""
    return dict(data_json("synonyms.json").get("distinct_things", {}))
