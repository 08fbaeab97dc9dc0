"""Who a text names: actor aliases found in running text (`ActorScanner`) and claimant names resolved to actors
(`ClaimantResolver`), both built from the same alias rows as extraction's `workbench.text.aliases.AliasTable`. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..text.cues import cues
from ..text.tokens import alias_key
from .lexicon import data_file, lexicon
from .words import POSSESSIVE_INSIDE, Tok, fold, tokens

__all__ = ["ActorHit", "ActorScanner", "ClaimantResolver", "actor_term", "blocked_phrases"]


@dataclass(frozen=True)
class ActorHit:
    """An actor alias found in a text."""

    start: int
    """Token index of the first token."""
    length: int
    actors: tuple[str, ...]
    """Canonical actor terms (a person adds their affiliation and themselves)."""


class ActorScanner:
    """Finds actor aliases in running text fast: n-gram lookups in a dict built from alias rows.

    Built from the same (alias, actor name, kind, affiliation) rows as `workbench.text.aliases.AliasTable`,
    so the matcher and extraction agree on who is who.
    """

    def __init__(self, rows: Iterable[tuple[str, str, str, str | None]], blocked: Iterable[str] = ()) -> None:
        self._keys: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._possessive_ok: set[tuple[str, ...]] = set()
        self._surnames: set[tuple[str, ...]] = set()
        """One-word aliases of people with longer names ("Johnson"): after an unknown first name, someone else."""
        self.names: dict[str, str] = {}
        """Actor term -> the actor's name (`@united_states` -> United States)."""
        for alias, name, kind, affiliation in rows:
            self.names.setdefault(actor_term(name), name)
            if affiliation:
                self.names.setdefault(actor_term(affiliation), affiliation)
            key = tuple(alias_key(alias).split())
            if not key or key in self._keys:
                continue
            if kind == "person" and len(key) == 1 and len(alias_key(name).split()) > 1:
                self._surnames.add(key)
            if POSSESSIVE_INSIDE.search(alias):
                self._possessive_ok.add(key)  # "People's Republic of China": the 's is part of the name
            terms = [actor_term(name)]
            if kind == "person" and affiliation:
                # the affiliation is who acts; the person stays a word of the text ("@@vladimir_putin")
                terms = [actor_term(affiliation), "@" + actor_term(name)]
            self._keys[key] = tuple(terms)
            # "the Kremlin" and "Kremlin" alike: alias_key drops a leading article, text keeps it.
        for phrase in blocked:
            key = tuple(alias_key(phrase).split())
            if key:
                self._keys[key] = ()
        self._first = {k[0] for k in self._keys}
        self._max = max((len(k) for k in self._keys), default=1)
        lex = lexicon()
        self._common = frozenset(lex["common_word_aliases"])
        self._ambiguous = frozenset(lex["lowercase_ambiguous_aliases"])
        self._places = frozenset(lex.get("place_nouns", ()))
        self._stop = frozenset(lex["stopwords"])

    def scan(self, toks: Sequence[Tok], mixed_case: bool) -> list[ActorHit]:
        """Actor hits in `toks`, longest first, left to right. In mixed-case text an alias must be capitalised."""
        hits: list[ActorHit] = []
        norms = [t.norm for t in toks]
        i, n = 0, len(toks)
        while i < n:
            if norms[i] not in self._first:
                i += 1
                continue
            found = 0
            for length in range(min(self._max, n - i), 0, -1):
                key = tuple(norms[i : i + length])
                terms = self._keys.get(key)
                if terms is None:
                    continue
                if length > 1 and key not in self._possessive_ok and any(
                        toks[j].possessive for j in range(i, i + length - 1)):
                    continue
                if not self._case_ok(toks, i, length, mixed_case):
                    continue
                if key == ("may",) and self._is_month(toks, i):
                    continue
                if key in self._surnames and self._other_first_name(toks, i):
                    continue
                if terms and i + length < n and norms[i + length] in self._places:
                    terms = ()  # "US airspace", "Chinese territory": where something happened, not who did it
                hits.append(ActorHit(i, length, terms))  # no terms: a place or a medium, not an actor
                found = length
                break
            i += found or 1
        return hits

    def _case_ok(self, toks: Sequence[Tok], i: int, length: int, mixed_case: bool) -> bool:
        span = toks[i : i + length]
        key = " ".join(t.norm for t in span)
        if mixed_case:
            if not any(t.raw[:1].isupper() or t.raw[:1].isdigit() for t in span):
                return False
            if key in self._common:
                return all(c.isupper() for t in span for c in t.raw if c.isalpha())
            return True
        return key not in self._common and key not in self._ambiguous

    def _other_first_name(self, toks: Sequence[Tok], i: int) -> bool:
        """Whether a surname at `i` follows a capitalised word that is not a title, a stop word or an alias:
        "Dwayne Johnson" is not Boris Johnson, "Prime Minister Johnson" and "Britain's Johnson" are."""
        if i == 0:
            return False
        prev = toks[i - 1]
        return (prev.raw[:1].isupper() and not prev.possessive and prev.norm not in self._first
                and prev.norm not in _titles() and prev.norm not in self._stop)

    @staticmethod
    def _is_month(toks: Sequence[Tok], i: int) -> bool:
        nxt = toks[i + 1].norm if i + 1 < len(toks) else ""
        prev = toks[i - 1].norm if i > 0 else ""
        return nxt[:1].isdigit() or prev in {"in", "on", "since", "until", "early", "late", "mid", "by", "from", "of"} or prev[:1].isdigit()


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    """Words that stand before a name as a title or role ("President", "Minister", "Mr")."""
    words = cues().words
    return words["title"] | words["official_role"]


def actor_term(name: str) -> str:
    """The matching term of a canonical actor: `United States` -> `@united_states`."""
    return "@" + re.sub(r"[^0-9a-z]+", "_", fold(name)).strip("_")



class ClaimantResolver:
    """Claimant names -> actor terms through the alias rows (joint statements split on ';')."""

    def __init__(self, rows: list[tuple[str, str, str, str | None]]) -> None:
        self._key = alias_key
        self._by_key: dict[str, str] = {}
        self._scanner_rows = rows
        for alias, name, kind, affiliation in rows:
            key = alias_key(alias)
            if key and key not in self._by_key:
                canonical = affiliation if kind == "person" and affiliation else name
                self._by_key[key] = actor_term(canonical)
        self._cache: dict[str, tuple[str, ...]] = {}

    def resolve(self, claimant: str | None) -> tuple[str, ...]:
        if not claimant or not claimant.strip():
            return ()
        found = self._cache.get(claimant)
        if found is not None:
            return found
        whole = self._by_key.get(self._key(claimant))
        if whole is not None:  # "Antigua and Barbuda", "Bosnia and Herzegovina": one name with "and" in it
            if len(self._cache) < 100_000:
                self._cache[claimant] = (whole,)
            return (whole,)
        terms: list[str] = []
        for part in re.split(r"\s*[;|]\s*|\s+and\s+", claimant.strip()):
            if not part:
                continue
            key = self._key(part)
            term = self._by_key.get(key)
            if term is None:
                toks = tokens(part)
                for length in range(len(toks), 0, -1):  # "Iran's foreign ministry" -> Iran
                    for start in range(0, len(toks) - length + 1):
                        term = self._by_key.get(" ".join(t.norm for t in toks[start : start + length]))
                        if term:
                            break
                    if term:
                        break
            term = term or actor_term(part)
            if term not in terms:
                terms.append(term)
        result = tuple(sorted(terms))
        if len(self._cache) < 100_000:
            self._cache[claimant] = result
        return result


def blocked_phrases() -> list[str]:
    data = data_file("actors.json")
    out: list[str] = []
    for kind in ("places", "media"):
        out.extend(data.get("not_actors", {}).get(kind, []))
    return out

