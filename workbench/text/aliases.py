"""The alias table: every way of naming an actor ("Tehran", "Iranian", "the Kremlin") -> the actor. Pure.

`AliasTable.from_rows()` builds it from the database's `actor_aliases` rows (see `workbench.store`);
`AliasTable.default()` from the shipped seed (what a fresh database holds). `find_all` scans running text for
aliases, longest first; `resolve` maps a speaker phrase to its actor.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..actors import not_actor_phrases, seed_rows
from .tokens import DETERMINERS, Token, alias_key, word_tokens

__all__ = ["ActorEntry", "AliasHit", "AliasTable", "pick_speaker_hit"]

# Keys that are also ordinary English words: they match running text only when written in capitals ("US", "WHO").
_COMMON_WORDS = frozenset(
    "us who is it am an as at be by do go he if in me my no of on or so to up we au pa car one".split()
)
# Prepositions after which an actor is a place or a counterpart, not the one speaking ("envoy to the EU").
_LOCATIVE = frozenset("to at in on with against from over into onto near toward towards across inside outside".split())


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


class AliasTable:
    """Alias key -> actor, with phrase resolution and scanning of running text."""

    def __init__(self, entries: dict[str, list[ActorEntry]], forms: dict[str, str]) -> None:
        self._entries = entries
        self._forms = forms
        self._blocked = not_actor_phrases()
        keys = list(entries) + list(self._blocked)
        self._max_tokens = max((k.count(" ") + 1 for k in keys), default=1)
        self._first_words = {k.split(" ", 1)[0] for k in keys}
        # every proper word-prefix of a key, so that scanning stops as soon as no key can follow
        self._prefixes = {" ".join(k.split(" ")[:n]) for k in keys for n in range(1, k.count(" ") + 1)}
        self._names = {e.name: e for es in entries.values() for e in es}

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str, str | None]]) -> AliasTable:
        """Build from (alias, actor name, kind, affiliation) rows, e.g. `store.actors.load_alias_rows(con)`.

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
    while j >= 0 and toks[j].norm in DETERMINERS:
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
