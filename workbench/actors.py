"""The seed actors shipped with the workbench: countries (with capitals and demonyms), organisations, collectives.

The database table `actor_aliases` is the source of truth: `workbench.store` seeds it from `load_seed()` and
`expand_aliases()`, users add aliases there, and `AliasTable.from_rows()` (in `workbench.text.aliases`) rebuilds
the table from its rows. Role words are not stored as aliases: "Iran's foreign ministry spokesman" resolves
because the alias table finds "Iran" inside the phrase. The only people shipped are chosen by office, not by
story (the heads of state and government of the G20 members since 2014, the EU's and the UN's leaders);
extraction reads anyone else's affiliation from the article ("Rwandan government spokesperson Yolande
Makolo"), and a desk adds the people it follows on the Actors page.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .datafiles import data_text
from .text.tokens import alias_key

__all__ = [
    "ActorSeed",
    "KINDS",
    "alias_key",
    "expand_aliases",
    "load_seed",
    "not_actor_phrases",
    "seed_rows",
]

KINDS = ("country", "organisation", "person", "collective")


@dataclass
class ActorSeed:
    """One actor of the seed file, with its hand-written aliases (capitals and demonyms for countries)."""

    name: str
    kind: str
    affiliation: str | None = None
    aliases: list[str] = field(default_factory=list)
    capitals: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)


def _seed_text() -> str:
    return data_text("actors.json")


@lru_cache(maxsize=1)
def _seed_data() -> dict:
    return json.loads(_seed_text())


def load_seed(path: str | Path | None = None) -> list[ActorSeed]:
    """Actors from a seed file in the format of `workbench/data/actors.json` (default: that file)."""
    data = _seed_data() if path is None else json.loads(Path(path).read_text(encoding="utf-8"))
    seeds = []
    for item in data["actors"]:
        kind = item.get("kind", "organisation")
        if kind not in KINDS:
            raise ValueError(f"{path or 'actors.json'}: unknown kind {kind!r} for {item.get('name')!r}")
        seeds.append(
            ActorSeed(
                name=item["name"],
                kind=kind,
                affiliation=item.get("affiliation"),
                aliases=list(item.get("aliases", [])),
                capitals=list(item.get("capitals", [])),
                demonyms=list(item.get("demonyms", [])),
            )
        )
    return seeds


def _plural(demonym: str) -> str | None:
    if demonym.endswith(("ese", "ish", "ch", "ss", "i", "s", "z", "x")) or " " in demonym or "-" in demonym:
        return None
    return demonym + "s"


def expand_aliases(seed: ActorSeed) -> list[str]:
    """Every alias stored for `seed` besides its name: written aliases, capitals, demonyms and plural demonyms.

    Role phrases ("the Iranian foreign ministry", "Tehran's envoy") need no rows of their own: resolution
    finds the alias inside them.
    """
    forms: list[str] = [*seed.aliases, *seed.capitals, *seed.demonyms]
    for demonym in seed.demonyms:
        plural = _plural(demonym)
        if plural:
            forms.append(plural)
    seen = {alias_key(seed.name)}
    out = []
    for form in forms:
        key = alias_key(form)
        if key and key not in seen:
            seen.add(key)
            out.append(form)
    return out


def seed_rows(seeds: Iterable[ActorSeed] | None = None) -> list[tuple[str, str, str, str | None]]:
    """(alias, actor name, kind, affiliation) rows as `workbench.store` seeds them: one per (key, actor)."""
    rows: list[tuple[str, str, str, str | None]] = []
    seen: set[tuple[str, str]] = set()
    for seed in load_seed() if seeds is None else seeds:
        for alias in [seed.name, *expand_aliases(seed)]:
            key = alias_key(alias)
            if key and (key, seed.name) not in seen:
                seen.add((key, seed.name))
                rows.append((alias, seed.name, seed.kind, seed.affiliation))
    return rows



@lru_cache(maxsize=1)
def not_actor_phrases() -> dict[str, str]:
    """Phrases that look like actors but are not ("West Bank", "Reuters"): alias key -> "place" or "media"."""
    data = _seed_data()
    out = {}
    for kind in ("places", "media"):
        for phrase in data.get("not_actors", {}).get(kind, []):
            out[alias_key(phrase)] = kind.rstrip("s")
    return out
