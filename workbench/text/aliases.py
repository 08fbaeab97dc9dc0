"""The alias table: every way of naming an actor ("Tehran", "Iranian", "the Kremlin") -> the actor. Pure.

`AliasTable.from_rows()` builds it from the database's `actor_aliases` rows (see `workbench.store`);
`AliasTable.default()` from the shipped seed (what a fresh database holds). `scan` reads the aliases of running
text, longest first, with one set of rules for extraction (`find_all`) and matching (`workbench.match.propositions`):
capitals where a name is also a common word, "May" the month, "Johnson" after another first name, "US airspace"
a place. `resolve` maps a speaker phrase to its actor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from ..actors import not_actor_phrases, seed_rows
from .cues import cues
from .lemmas import stopwords, word_set
from .tokens import DETERMINERS, MONTHS, Token, alias_key, word_tokens

__all__ = ["ActorEntry", "AliasHit", "AliasTable", "Case", "pick_speaker_hit"]

Case = Literal["mixed", "caseless", "any"]
"""How case is read while scanning: "mixed" (running text in upper and lower case: a name is capitalised, a name
that is also a common word is in capitals), "caseless" (a text all in lower or all in upper case: names that are
also ordinary words are not read), "any" (a phrase already known to name someone)."""

_POSSESSIVE_INSIDE = re.compile(r"\w['’]s\s", re.IGNORECASE)
_DATE_BEFORE = frozenset("in on since until early late mid by from of".split())
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
    length: int = 1
    """The number of tokens."""


class AliasTable:
    """Alias key -> actor, with phrase resolution and scanning of running text."""

    def __init__(self, entries: dict[str, list[ActorEntry]], forms: dict[str, str],
                 possessive_ok: Iterable[str] = ()) -> None:
        self._entries = entries
        self._forms = forms
        self._blocked = not_actor_phrases()
        self._possessive_ok = frozenset(possessive_ok)
        """Keys of aliases with an 's inside ("People's Republic of China"): the 's does not end the name."""
        self._possessive_prefixes = {" ".join(k.split(" ")[:n]) for k in self._possessive_ok
                                     for n in range(2, k.count(" ") + 2)}
        keys = list(entries) + list(self._blocked)
        self._max_tokens = max((k.count(" ") + 1 for k in keys), default=1)
        self._first_words = {k.split(" ", 1)[0] for k in keys}
        # every proper word-prefix of a key, so that scanning stops as soon as no key can follow
        self._prefixes = {" ".join(k.split(" ")[:n]) for k in keys for n in range(1, k.count(" ") + 1)}
        self._names = {e.name: e for es in entries.values() for e in es}
        self._surnames = frozenset(
            k for k, es in entries.items() if " " not in k
            and any(e.kind == "person" and " " in alias_key(e.name) for e in es))
        """One-word aliases of people with longer names ("Johnson"): after an unknown first name, someone else."""
        self._common = word_set("common_word_aliases")
        self._ambiguous = word_set("lowercase_ambiguous_aliases")
        self._places = word_set("place_nouns")
        words = cues().words
        self._titles = words["title"] | words["official_role"]

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str, str | None]]) -> AliasTable:
        """Build from (alias, actor name, kind, affiliation) rows, e.g. `store.actors.load_alias_rows(con)`.

        When one key belongs to several actors, the first row wins for resolution; rows in seed order give
        the same table as `default()`.
        """
        entries: dict[str, list[ActorEntry]] = {}
        forms: dict[str, str] = {}
        possessive_ok: set[str] = set()
        for alias, name, kind, affiliation in rows:
            key = alias_key(alias)
            if not key:
                continue
            entry = ActorEntry(name, kind or "organisation", affiliation or None)
            bucket = entries.setdefault(key, [])
            if entry not in bucket:
                bucket.append(entry)
            forms.setdefault(key, alias)
            if _POSSESSIVE_INSIDE.search(alias):
                possessive_ok.add(key)
        # an actor's own name wins over the same words as someone else's alias ("Palestinians")
        for key, bucket in entries.items():
            if len(bucket) > 1:
                bucket.sort(key=lambda e: alias_key(e.name) != key)
        return cls(entries, forms, possessive_ok)

    @classmethod
    def default(cls) -> AliasTable:
        """The table built from the package's seed file (what a fresh database holds)."""
        return _default_table()

    def __len__(self) -> int:
        return len(self._entries)

    def actors(self) -> list[ActorEntry]:
        """Every actor of the table, once."""
        return list(self._names.values())

    def entry(self, name: str) -> ActorEntry | None:
        """The actor with this canonical name, if known."""
        return self._names.get(name)

    def lookup(self, phrase: str) -> ActorEntry | None:
        """The actor whose alias is exactly `phrase` (after normalisation), else None."""
        bucket = self._entries.get(alias_key(phrase))
        return bucket[0] if bucket else None

    def find_all(self, text: str, start: int = 0, end: int | None = None, *, case_sensitive: bool = True,
                 tokens: list[Token] | None = None) -> list[AliasHit]:
        """Every alias in `text[start:end]`, longest match first, left to right (`scan`).

        With `case_sensitive` (running text) an alias must start with a capital letter, and one that is also a
        common word ("US", "WHO") must be written in capitals.
        """
        toks = tokens if tokens is not None else word_tokens(text)
        stop = len(text) if end is None else end
        first = 0
        while first < len(toks) and toks[first].start < start:
            first += 1
        last = first
        while last < len(toks) and toks[last].end <= stop:
            last += 1
        return self.scan(toks, text, "mixed" if case_sensitive else "any", first, last)

    def scan(self, toks: Sequence[Token], text: str, case: Case = "mixed", first: int = 0,
             last: int | None = None) -> list[AliasHit]:
        """The aliases of `toks[first:last]` (tokens of `text`): at each token the longest key whose words stand
        next to each other and pass the case rule; a known non-actor phrase ("West Bank") is a hit without an
        entry, and so is an actor named as a place ("US airspace")."""
        n = len(toks) if last is None else last
        hits: list[AliasHit] = []
        i = first
        while i < n:
            if toks[i].norm not in self._first_words:
                i += 1
                continue
            hit = self._longest_at(toks, text, i, n, case)
            if hit is None:
                i += 1
            else:
                hits.append(hit)
                i += hit.length
        return hits

    def _lengths_at(self, toks: Sequence[Token], text: str, i: int, n: int) -> list[int]:
        """The lengths of the keys that start at token `i`, shortest first."""
        found: list[int] = []
        key = ""
        for length in range(1, min(self._max_tokens, n - i) + 1):
            t = toks[i + length - 1]
            if length > 1:
                prev = toks[i + length - 2]
                if not _adjacent(text, prev, t):
                    break
                key = key + " " + t.norm
                if prev.possessive and key not in self._possessive_prefixes:
                    break  # "Russia's Foreign Ministry" is Russia; "People's Republic of China" runs on
            else:
                key = t.norm
            if key in self._entries or key in self._blocked:
                found.append(length)
            if key not in self._prefixes:
                break
        return found

    def _longest_at(self, toks: Sequence[Token], text: str, i: int, n: int, case: Case) -> AliasHit | None:
        """The longest alias at token `i` that the reading rules accept, else None."""
        for length in reversed(self._lengths_at(toks, text, i, n)):
            span = toks[i : i + length]
            key = " ".join(t.norm for t in span)
            if not self._case_ok(span, key, case):
                continue
            blocked = self._blocked.get(key)
            entry = None if blocked else self._entries[key][0]
            if entry is not None:
                if key in MONTHS and _is_date(toks, i):
                    continue  # "in May", "May 3": the month
                if key in self._surnames and self._other_first_name(toks, i):
                    continue  # "Dwayne Johnson" is not Boris Johnson
                if i + length < len(toks) and toks[i + length].norm in self._places:
                    entry, blocked = None, "place"  # "US airspace", "Chinese territory": where, not who
            last = span[-1]
            return AliasHit(span[0].start, last.end, entry, last.possessive, text[span[0].start : last.end], blocked,
                            i, length)
        return None

    def _case_ok(self, span: Sequence[Token], key: str, case: Case) -> bool:
        if case == "any":
            return True
        if case == "caseless":
            return key not in self._common and key not in self._ambiguous
        if not any(t.raw[:1].isupper() or t.raw[:1].isdigit() for t in span):
            return False
        if key in self._common:
            return all(c.isupper() for t in span for c in t.raw if c.isalpha())
        return True

    def _other_first_name(self, toks: Sequence[Token], i: int) -> bool:
        """Whether a surname at `i` follows a capitalised word that is not a title, a stop word or an alias:
        "Dwayne Johnson" is not Boris Johnson, "Prime Minister Johnson" and "Britain's Johnson" are."""
        if i == 0:
            return False
        prev = toks[i - 1]
        return (prev.raw[:1].isupper() and not prev.possessive and prev.norm not in self._first_words
                and prev.norm not in self._titles and prev.norm not in stopwords())

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
            national = _national_before(pool, hit)
            return national.entry if national is not None else hit.entry
    return pool[0].entry


def _national_before(hits: list[AliasHit], hit: AliasHit) -> AliasHit | None:
    """A country's adjective right before an organisation's name ("the Armenian Security Council"): that country's own
    body of the name, not the international one."""
    for other in hits:
        if other.entry is not None and other.entry.kind == "country" and other.token_index == hit.token_index - 1 \
                and not other.possessive and other.text.lower() != other.entry.canonical.lower() \
                and hit.entry is not None and hit.entry.kind == "organisation":
            return other
    return None


def _after_locative(hit: AliasHit, toks: list[Token]) -> bool:
    j = hit.token_index - 1
    while j >= 0 and toks[j].norm in DETERMINERS:
        j -= 1
    return j >= 0 and toks[j].norm in _LOCATIVE


def _adjacent(text: str, prev: Token, tok: Token) -> bool:
    """Whether two tokens stand next to each other in one name: a space, a hyphen, a dot or an apostrophe apart."""
    gap = text[prev.end : tok.start]
    if prev.possessive:
        gap = gap[2:]  # the 's of "People's Republic"
    return len(gap) <= 2 and gap.strip(" -‐–.'’") == ""


def _is_date(toks: Sequence[Token], i: int) -> bool:
    """Whether the month-named word at `i` is a date: a number beside it, or "in", "since", "by"... before it."""
    nxt = toks[i + 1].norm if i + 1 < len(toks) else ""
    prev = toks[i - 1].norm if i > 0 else ""
    return nxt[:1].isdigit() or prev in _DATE_BEFORE or prev[:1].isdigit()


@lru_cache(maxsize=1)
def _default_table() -> AliasTable:
    return AliasTable.from_rows(seed_rows())
