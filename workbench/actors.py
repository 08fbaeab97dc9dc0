"""Actors and their aliases: "Tehran", "Iranian", "the Kremlin", "Peskov" -> canonical actors. Pure (no I/O but the seed file).

The database table `actor_aliases` is the source of truth: `workbench.store` seeds it from `load_seed()` and
`expand_aliases()`, users add aliases there, and `AliasTable.from_rows()` rebuilds the table from its rows.
`AliasTable.default()` builds the same table straight from the seed file (used when there is no database).

Role words are not stored as aliases: "Iran's foreign ministry spokesman" resolves because `AliasTable.find_all`
finds "Iran" inside the phrase. A person with a state (or organisation) affiliation resolves to that affiliation
("Peskov" -> Russia); a person without one (a journalist) resolves to themselves.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = [
    "ActorSeed",
    "ActorEntry",
    "AliasHit",
    "AliasTable",
    "alias_key",
    "expand_aliases",
    "load_seed",
    "seed_rows",
    "word_tokens",
]

KINDS = ("country", "organisation", "person", "collective")

# Keys that are also ordinary English words: they match running text only when written in capitals ("US", "WHO").
_COMMON_WORDS = frozenset(
    "us who is it am an as at be by do go he if in me my no of on or so to up we au pa car one".split()
)
# Prepositions after which an actor is a place or a counterpart, not the one speaking ("envoy to the EU").
_LOCATIVE = frozenset("to at in on with against from over into onto near toward towards across inside outside".split())
_DETERMINERS = frozenset("the a an".split())

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"^(.*?)[’']s$", re.IGNORECASE)


@dataclass(frozen=True)
class Token:
    """A word of a text: its offsets, its normalised form, and whether it carried a possessive 's."""

    start: int
    end: int
    norm: str
    raw: str
    possessive: bool = False


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def word_tokens(text: str) -> list[Token]:
    """Split `text` into word tokens (acronyms with dots kept whole, possessive 's split off and flagged)."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        raw = m.group(0)
        start, end = m.start(), m.end()
        possessive = False
        pm = _POSSESSIVE.match(raw)
        if pm and pm.group(1):
            raw = pm.group(1)
            end = start + len(raw)
            possessive = True
        norm = _fold(raw).replace(".", "").replace("’", "'")
        if not norm:
            continue
        out.append(Token(start, end, norm, raw, possessive))
    return out


@lru_cache(maxsize=65536)
def alias_key(text: str) -> str:
    """The normalised lookup key of an alias: accents and case folded, dots, possessives and a leading "the" dropped.

    >>> alias_key("The U.S.") == alias_key("US") == "us"
    True
    """
    norms = [t.norm for t in word_tokens(text)]
    while norms and norms[0] in _DETERMINERS:
        norms = norms[1:]
    return " ".join(norms)


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
    return resources.files("workbench").joinpath("data/actors.json").read_text(encoding="utf-8")


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


@dataclass(frozen=True)
class ActorEntry:
    """An actor as the alias table knows it."""

    name: str
    kind: str
    affiliation: str | None = None

    @property
    def canonical(self) -> str:
        """The claimant this actor stands for: a person's affiliation when known, else the actor itself."""
        if self.kind == "person" and self.affiliation:
            return self.affiliation
        return self.name


@dataclass(frozen=True)
class AliasHit:
    """An alias found in a text. `entry` is None for a phrase known not to be an actor ("West Bank", "Reuters")."""

    start: int
    end: int
    entry: ActorEntry | None
    possessive: bool
    text: str
    blocked: str | None = None
    """For a non-actor phrase, what it is: "place" or "media"."""
    token_index: int = 0


@lru_cache(maxsize=1)
def _blockers() -> dict[str, str]:
    data = _seed_data()
    out = {}
    for kind in ("places", "media"):
        for phrase in data.get("not_actors", {}).get(kind, []):
            out[alias_key(phrase)] = kind.rstrip("s")
    return out


class AliasTable:
    """Alias key -> actor, with phrase resolution and scanning of running text."""

    def __init__(self, entries: dict[str, list[ActorEntry]], forms: dict[str, str]) -> None:
        self._entries = entries
        self._forms = forms
        self._blocked = _blockers()
        keys = list(entries) + list(self._blocked)
        self._max_tokens = max((k.count(" ") + 1 for k in keys), default=1)
        self._first_words = {k.split(" ", 1)[0] for k in keys}
        # every proper word-prefix of a key, so that scanning stops as soon as no key can follow
        self._prefixes = {" ".join(k.split(" ")[:n]) for k in keys for n in range(1, k.count(" ") + 1)}
        self._names = {e.name: e for es in entries.values() for e in es}

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str, str | None]]) -> AliasTable:
        """Build from (alias, actor name, kind, affiliation) rows, e.g. `store.load_alias_rows(con)`.

        When one key belongs to several actors, the first row wins for resolution; rows in seed order give
        the same table as `default()`.
        """
        entries: dict[str, list[ActorEntry]] = {}
        forms: dict[str, str] = {}
        for alias, name, kind, affiliation in rows:
            key = alias_key(alias)
            if not key:
                continue
            entry = ActorEntry(name, kind or "organisation", affiliation or None)
            bucket = entries.setdefault(key, [])
            if entry not in bucket:
                bucket.append(entry)
            forms.setdefault(key, alias)
        # an actor's own name wins over the same words as someone else's alias ("Palestinians")
        for key, bucket in entries.items():
            if len(bucket) > 1:
                bucket.sort(key=lambda e: alias_key(e.name) != key)
        return cls(entries, forms)

    @classmethod
    def default(cls) -> AliasTable:
        """The table built from the package's seed file (what a fresh database holds)."""
        return _default_table()

    def __len__(self) -> int:
        return len(self._entries)

    def entry(self, name: str) -> ActorEntry | None:
        """The actor with this canonical name, if known."""
        return self._names.get(name)

    def lookup(self, phrase: str) -> ActorEntry | None:
        """The actor whose alias is exactly `phrase` (after normalisation), else None."""
        bucket = self._entries.get(alias_key(phrase))
        return bucket[0] if bucket else None

    def find_all(self, text: str, start: int = 0, end: int | None = None, *, case_sensitive: bool = True,
                 tokens: list[Token] | None = None) -> list[AliasHit]:
        """Every alias in `text[start:end]`, longest match first, left to right.

        With `case_sensitive` (running text) an alias must start with a capital letter, and one that is also a
        common word ("US", "WHO") must be written in capitals.
        """
        toks = tokens if tokens is not None else word_tokens(text)
        stop = len(text) if end is None else end
        hits: list[AliasHit] = []
        i = 0
        n = len(toks)
        while i < n:
            tok = toks[i]
            if tok.start < start:
                i += 1
                continue
            if tok.end > stop:
                break
            if tok.norm not in self._first_words:
                i += 1
                continue
            found = None
            # the longest key starting here: extend while the words so far are a key or a key's prefix
            candidates: list[int] = []
            key = ""
            for length in range(1, min(self._max_tokens, n - i) + 1):
                t = toks[i + length - 1]
                if t.end > stop:
                    break
                if length > 1:
                    if not _adjacent(text, toks, i + length - 2, 2):
                        break
                    if toks[i + length - 2].possessive and (key + " " + t.norm) not in self._prefixes and (
                        key + " " + t.norm
                    ) not in self._entries:
                        break  # "Russia's Foreign Ministry" is Russia; "People's Republic of China" runs on
                    key = key + " " + t.norm
                else:
                    key = t.norm
                if key in self._entries or key in self._blocked:
                    candidates.append(length)
                if key not in self._prefixes:
                    break
            for length in reversed(candidates):
                last = toks[i + length - 1]
                key = " ".join(tk.norm for tk in toks[i : i + length])
                blocked = self._blocked.get(key)
                bucket = self._entries.get(key)
                raw = text[tok.start : last.end]
                if case_sensitive and not _case_ok(raw, key, toks[i : i + length]):
                    continue
                found = AliasHit(tok.start, last.end, None if blocked else bucket[0], last.possessive, raw,
                                 blocked, i)
                i += length
                break
            if found is None:
                i += 1
            else:
                hits.append(found)
        return hits

    def resolve_entry(self, phrase: str) -> ActorEntry | None:
        """The actor a speaker phrase stands for ("Iran's foreign ministry spokesman" -> Iran), before mapping people."""
        if not phrase or not phrase.strip():
            return None
        exact = self.lookup(phrase)
        if exact is not None:
            return exact
        toks = word_tokens(phrase)
        hits = [h for h in self.find_all(phrase, case_sensitive=False, tokens=toks) if h.entry is not None]
        return pick_speaker_hit(hits, toks)

    def resolve(self, phrase: str | None) -> str | None:
        """The canonical actor name for a phrase, or None when nothing in it is known."""
        entry = self.resolve_entry(phrase or "")
        return entry.canonical if entry else None


def pick_speaker_hit(hits: list[AliasHit], toks: list[Token]) -> ActorEntry | None:
    """Choose the actor a phrase is about: a possessive owner, else a person or organisation, else a country.

    Actors after a locative preposition ("envoy to the EU", "briefing in Beijing") are used only when nothing
    else is there.
    """
    if not hits:
        return None
    free = [h for h in hits if not _after_locative(h, toks)]
    pool = free or hits
    for hit in pool:
        if hit.possessive:
            return hit.entry
    for hit in pool:
        assert hit.entry is not None
        if hit.entry.kind in ("person", "organisation", "collective"):
            return hit.entry
    return pool[0].entry


def _after_locative(hit: AliasHit, toks: list[Token]) -> bool:
    j = hit.token_index - 1
    while j >= 0 and toks[j].norm in _DETERMINERS:
        j -= 1
    return j >= 0 and toks[j].norm in _LOCATIVE


def _adjacent(text: str, toks: list[Token], i: int, length: int) -> bool:
    for j in range(i, i + length - 1):
        gap = text[toks[j].end : toks[j + 1].start]
        if toks[j].possessive:
            gap = gap[2:]  # the 's of "People's Republic"
        if len(gap) > 2 or gap.strip(" -‐–.'’") != "":
            return False
    return True


def _case_ok(raw: str, key: str, toks: list[Token]) -> bool:
    if not any(t.raw[:1].isupper() or t.raw[:1].isdigit() for t in toks):
        return False
    if key in _COMMON_WORDS:
        letters = [c for c in raw if c.isalpha()]
        return all(c.isupper() for c in letters)
    return True


@lru_cache(maxsize=1)
def _default_table() -> AliasTable:
    return AliasTable.from_rows(seed_rows())
