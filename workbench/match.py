"""Matching mentions to canonical claims: normalise, retrieve candidates, score, decide. Pure (no database).

A mention's text is first turned into a `Proposition`: actor aliases become canonical actor terms
("Tehran", "the Iranian government" -> `@iran`), words are lightly lemmatised, stop words and the
vocabulary of reporting and denying ("said", "denied", "false", "nonsense") are dropped, synonyms are
rewritten to one term (workbench/data/synonyms.json), and numbers, years and the direction of the claim
(who supplies whom) are kept apart because they decide whether two claims are the same.

`MatchIndex` keeps one document per claim (the terms of its first few mentions) in an inverted index
held in numpy arrays (common terms also in dense arrays over all claims); a search scores with BM25, in one
vectorised pass, every claim sharing a term with the text or, for a mention with a claimant, the claims naming
one of its actors (blocking), keeps the best `candidates`, and re-scores those with rapidfuzz
(`process.cdist`) combined with actor, claimant-role, direction and number agreement into one 0-100 score
with its breakdown. A text without a claimant (a post) is told apart by its wording alone: BM25, and how much of
each claim's headline (the titles of its articles) it repeats.
`reference_search` computes the same result the slow, obvious way; the tests hold them equal.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

import numpy as np
from rapidfuzz import fuzz, process

from .models import Stance
from .text.cues import cues

__all__ = [
    "Candidate",
    "Decision",
    "MatchIndex",
    "Normalizer",
    "Proposition",
    "Weights",
    "decide",
    "reference_search",
    "stem",
]

# --- data files ---------------------------------------------------------------------------------------


def _data(name: str) -> dict[str, Any]:
    return json.loads(resources.files("workbench").joinpath(f"data/{name}").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, Any]:
    return _data("match_lexicon.json")


@lru_cache(maxsize=1)
def _synonym_groups() -> list[list[str]]:
    return [list(g) for g in _data("synonyms.json")["groups"]]


@lru_cache(maxsize=1)
def _distinct_things() -> dict[str, list[str]]:
    return dict(_data("synonyms.json").get("distinct_things", {}))


# --- words --------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[0-9]+(?:[.,][0-9]+)*|[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_DIGITS = frozenset("0123456789")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_POSSESSIVE_INSIDE = re.compile(r"\w['’]s\s", re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_HANDLE = re.compile(r"[#@]([A-Za-z][A-Za-z0-9_]*)")
_LINK = re.compile(r"https?://\S+|www\.\S+|pic\.twitter\.com/\S+")


def _split_handle(m: re.Match[str]) -> str:
    """#FreeSpeech and @BernieSanders read as words: "Free Speech", "Bernie Sanders"."""
    return " " + _CAMEL.sub(" ", m.group(1).replace("_", " ")) + " "


_VOWELS = set("aeiouy")


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light lemma: irregular forms from the lexicon, else plural, -ed and -ing endings and a final e stripped.

    Forms of one word get one stem ("supplied", "supplies", "supply" -> "supply"; "causes", "caused" -> "caus").

    >>> [stem(w) for w in ("supplied", "drones", "drone", "flying", "stopped", "countries", "sent", "gas", "gave")]
    ['supply', 'dron', 'dron', 'fly', 'stop', 'country', 'send', 'gas', 'giv']
    """
    irregular = _lexicon()["irregular"]
    if word in irregular:
        base = irregular[word]
        return base if base in irregular else stem(base)  # "gave", "gives" and "give" -> "giv"
    if len(word) <= 3 or not word.isalpha() or word in _keep_s():
        return word
    w = word
    if w.endswith(("ies", "ied")) and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith(("ches", "shes", "xes", "zes")) and len(w) > 5:
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    else:
        for suffix in ("ing", "ed"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 3 and _VOWELS & set(w[: -len(suffix)]):
                w = w[: -len(suffix)]
                if len(w) >= 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                    w = w[:-1]  # stopped -> stop
                break
    if w.endswith("e") and len(w) > 3 and not w.endswith("ee"):
        w = w[:-1]
    return w


@lru_cache(maxsize=1)
def _keep_s() -> frozenset[str]:
    return frozenset(_lexicon()["keep_s"])


class _Tok(NamedTuple):
    raw: str
    norm: str
    start: int
    possessive: bool


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    for m in _TOKEN.finditer(text):
        raw = m.group(0)
        possessive = False
        if len(raw) > 2 and _POSSESSIVE.search(raw):
            raw = raw[:-2]
            possessive = True
        norm = _fold(raw).replace(".", "").replace("’", "'") if raw[0] not in _DIGITS else raw.replace(",", "")
        if norm:
            out.append(_Tok(raw, norm, m.start(), possessive))
    return out


# --- actors -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ActorHit:
    start: int
    """Token index of the first token."""
    length: int
    actors: tuple[str, ...]
    """Canonical actor terms (a person adds their affiliation and themselves)."""


class ActorScanner:
    """Finds actor aliases in running text fast: n-gram lookups in a dict built from alias rows.

    Built from the same (alias, actor name, kind, affiliation) rows as `workbench.actors.AliasTable`,
    so the matcher and extraction agree on who is who.
    """

    def __init__(self, rows: Iterable[tuple[str, str, str, str | None]], blocked: Iterable[str] = ()) -> None:
        from .actors import alias_key

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
            if _POSSESSIVE_INSIDE.search(alias):
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
        lex = _lexicon()
        self._common = frozenset(lex["common_word_aliases"])
        self._ambiguous = frozenset(lex["lowercase_ambiguous_aliases"])
        self._places = frozenset(lex.get("place_nouns", ()))
        self._stop = frozenset(lex["stopwords"])

    def scan(self, toks: Sequence[_Tok], mixed_case: bool) -> list[_ActorHit]:
        """Actor hits in `toks`, longest first, left to right. In mixed-case text an alias must be capitalised."""
        hits: list[_ActorHit] = []
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
                hits.append(_ActorHit(i, length, terms))  # no terms: a place or a medium, not an actor
                found = length
                break
            i += found or 1
        return hits

    def _case_ok(self, toks: Sequence[_Tok], i: int, length: int, mixed_case: bool) -> bool:
        span = toks[i : i + length]
        key = " ".join(t.norm for t in span)
        if mixed_case:
            if not any(t.raw[:1].isupper() or t.raw[:1].isdigit() for t in span):
                return False
            if key in self._common:
                return all(c.isupper() for t in span for c in t.raw if c.isalpha())
            return True
        return key not in self._common and key not in self._ambiguous

    def _other_first_name(self, toks: Sequence[_Tok], i: int) -> bool:
        """Whether a surname at `i` follows a capitalised word that is not a title, a stop word or an alias:
        "Dwayne Johnson" is not Boris Johnson, "Prime Minister Johnson" and "Britain's Johnson" are."""
        if i == 0:
            return False
        prev = toks[i - 1]
        return (prev.raw[:1].isupper() and not prev.possessive and prev.norm not in self._first
                and prev.norm not in _titles() and prev.norm not in self._stop)

    @staticmethod
    def _is_month(toks: Sequence[_Tok], i: int) -> bool:
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
    return "@" + re.sub(r"[^0-9a-z]+", "_", _fold(name)).strip("_")


# --- propositions -------------------------------------------------------------------------------------


_COORDINATION = frozenset({"and", "or", "the", "its", "their", "as", "well", "both", "also", "plus"})
"""Words between two actors named together ("the US and the UK", "Britain as well as France")."""


@dataclass(frozen=True, slots=True)
class Proposition:
    """A mention's text as the matcher compares it."""

    text: str
    terms: tuple[str, ...]
    """Content terms in text order: lemmas, synonyms rewritten, actors as `@actor`, numbers as `#n`."""
    actors: frozenset[str]
    """Actors named in the text (not the claimant, unless the text names it)."""
    claimant: tuple[str, ...]
    """The claimant's actor terms (a joint statement has several)."""
    stance: Stance
    years: frozenset[int]
    numbers: frozenset[str]
    direction: tuple[str, str] | None
    """(source, target) actors of the claim's relation verb, when the text shows both."""
    term_set: frozenset[str] = frozenset()
    norm: str = ""
    """The terms as one string."""
    said: str = ""
    """The terms that are not actors, as one string: what rapidfuzz compares (who is compared apart)."""
    claimant_groups: frozenset[str] = frozenset()
    """Collectives the claimant belongs to (the United States: `@western_nations`)."""
    _wording: int | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def content(self) -> tuple[str, ...]:
        """Terms that are neither actors nor numbers."""
        return tuple(t for t in self.terms if t[0] not in "@#")

    @property
    def wording(self) -> int:
        """`wording_key` of the proposition, computed once (a search and the add after it both need it)."""
        key = self._wording
        if key is None:
            key = wording_key(self)
            object.__setattr__(self, "_wording", key)
        return key

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Pickled by the import's analysis worker (`workbench.prefetch`), a million times: rebuilt through
        # `__init__`, in half the time of the field-by-field state frozen dataclasses are pickled with otherwise.
        return _proposition, (self.text, self.terms, self.actors, self.claimant, self.stance, self.years,
                              self.numbers, self.direction, self.term_set, self.norm, self.said,
                              self.claimant_groups, self._wording)


def _proposition(text: str, terms: tuple[str, ...], actors: frozenset[str], claimant: tuple[str, ...], stance: Stance,
                 years: frozenset[int], numbers: frozenset[str], direction: tuple[str, str] | None,
                 term_set: frozenset[str], norm: str, said: str, claimant_groups: frozenset[str],
                 wording: int | None) -> Proposition:
    """A pickled `Proposition`, rebuilt."""
    prop = Proposition(text, terms, actors, claimant, stance, years, numbers, direction, term_set, norm, said,
                       claimant_groups)
    if wording is not None:
        object.__setattr__(prop, "_wording", wording)
    return prop


_ANALYSIS_CACHE = 20_000
"""Propositions kept for texts seen recently (a search and the add after it analyse the same text)."""


class Normalizer:
    """Text -> `Proposition`, with the alias table, lexicon and synonyms of the workbench."""

    def __init__(self, alias_rows: Iterable[tuple[str, str, str, str | None]] | None = None,
                 blocked: Iterable[str] | None = None) -> None:
        from . import actors

        if alias_rows is None:
            alias_rows = actors.seed_rows()
        rows = list(alias_rows)
        if blocked is None:
            blocked = _blocked_phrases()
        self.scanner = ActorScanner(rows, blocked)
        self._claimants = _ClaimantResolver(rows)
        lex = _lexicon()
        self._stop = frozenset(lex["stopwords"])
        self._neutral = frozenset(stem(w) for w in lex["neutral"]) | frozenset(lex["neutral"])
        self._numbers = {k: str(v) for k, v in lex["numbers"].items()}
        self._source_markers = frozenset(lex["source_markers"])
        self._target_markers = frozenset(lex["target_markers"])
        self._we = frozenset(lex["claimant_pronouns"])
        self._denial = frozenset(lex["denial_cues"]) | frozenset(stem(w) for w in lex["denial_cues"])
        self._they = frozenset(lex["denial_pronouns"])
        self._phrases: dict[tuple[str, ...], str] = {}
        for group in _synonym_groups():
            canonical = self._lemma_key(group[0])
            head = " ".join(canonical)
            for entry in group:
                key = self._lemma_key(entry)
                if key and key not in self._phrases:
                    self._phrases[key] = head
        self._phrase_first = {k[0] for k in self._phrases}
        self._phrase_max = max((len(k) for k in self._phrases), default=1)
        self.thing_sets = tuple(frozenset(self._head(w) for w in words) for words in _distinct_things().values())
        """Sets of terms naming things that are never the same thing (drone, missile, shell...)."""
        self.things = frozenset().union(*self.thing_sets) if self.thing_sets else frozenset()
        self._relation = frozenset(self._head(w) for w in lex["relation_verbs"])
        self._inverse = frozenset(self._head(w) for w in lex["inverse_verbs"])
        self._active = self._head("supply")
        self.collectives: dict[str, frozenset[str]] = {
            actor_term(name): frozenset(actor_term(m) for m in members)
            for name, members in lex.get("collective_members", {}).items()}
        """Collective actor term -> its members' terms ("the West": the United States, the United Kingdom...)."""
        self._member_of: dict[str, tuple[str, ...]] = {}
        for group, members in self.collectives.items():
            for member in members:
                self._member_of[member] = (*self._member_of.get(member, ()), group)
        self._allies = frozenset(lex.get("ally_words", ()))
        self._light_verbs = frozenset(stem(w) for w in lex.get("light_verbs", ()))
        self._abstract = frozenset(lex.get("abstract_objects", ()))
        self._cache: dict[tuple[str, tuple[str, ...], str], Proposition] = {}

    def _head(self, word: str) -> str:
        key = self._lemma_key(word)
        return self._phrases.get(key, " ".join(key))

    @staticmethod
    def _lemma_key(phrase: str) -> tuple[str, ...]:
        return tuple(stem(t.norm) for t in _tokens(phrase.replace("-", " ")))

    def looks_like_denial(self, text: str) -> bool:
        """Whether `text` uses denial wording ("denied", "false", "not"): the stance of a query given without one."""
        return any(t.norm in self._denial or stem(t.norm) in self._denial for t in _tokens(text))

    def topic_terms(self, title: str | None) -> tuple[str, ...]:
        """The content terms of an article title (distinct)."""
        if not title:
            return ()
        return tuple(dict.fromkeys(self.analyze(title).terms))

    def claimant_terms(self, claimant: str | None) -> tuple[str, ...]:
        """Actor terms of a claimant name ("France; Germany; United States" gives three)."""
        return self._claimants.resolve(claimant)

    def actor_name(self, term: str) -> str:
        """The name of the actor behind a term (`@north_korea` -> North Korea)."""
        return self.scanner.names.get(term) or term.lstrip("@").replace("_", " ").title()

    def analyze(self, text: str, claimant: str | None = None, stance: Stance | str = Stance.ASSERTS) -> Proposition:
        """The proposition of `text` as said by `claimant` with `stance`."""
        stance = Stance(stance)
        who = self.claimant_terms(claimant)
        key = (text, who, stance.value)
        found = self._cache.get(key)
        if found is None:
            found = self._analyze(text, who, stance)
            if len(self._cache) >= _ANALYSIS_CACHE:
                self._cache.clear()
            self._cache[key] = found
        return found

    def prime(self, items: Sequence[tuple[str, str | None, str]], props: Sequence[Proposition]) -> int:
        """Put propositions analysed elsewhere (`workbench.prefetch`) in the cache: `props[i]` is what
        `analyze(*items[i])` gives. Returns how many were put."""
        if len(self._cache) + len(props) > _ANALYSIS_CACHE:
            self._cache.clear()
        put = 0
        for (text, claimant, stance), prop in zip(items, props):
            if put >= _ANALYSIS_CACHE:
                break
            self._cache[(text, self.claimant_terms(claimant), Stance(stance).value)] = prop
            put += 1
        return put

    def _analyze(self, text: str, who: tuple[str, ...], stance: Stance) -> Proposition:
        text = text or ""
        if "://" in text or "www." in text or "pic.twitter" in text:
            text = _LINK.sub(" ", text)
        toks = _tokens(_HANDLE.sub(_split_handle, text) if ("#" in text or "@" in text) else text)
        mixed = any(c.isupper() for c in text) and any(c.islower() for c in text)
        hits = {h.start: h for h in self.scanner.scan(toks, mixed)}
        if self.collectives and who and len(hits) > 1:
            # (a text without a claimant names places in passing: "towns in France and Britain" are no one)
            hits = self._collect(toks, hits)
        # items: (kind, value); kinds: A actor(s), N number, W word (lemma), M marker, V relation verb
        items: list[tuple[str, Any]] = []
        years: set[int] = set()
        numbers: set[str] = set()
        i, n = 0, len(toks)
        lemmas = [t.norm if _NUMBER.fullmatch(t.norm) else stem(t.norm) for t in toks]
        while i < n:
            hit = hits.get(i)
            if hit is not None:
                if hit.actors:
                    items.append(("A", hit.actors))
                i += hit.length
                continue
            # synonym phrases, longest first
            lemma = lemmas[i]
            if lemma in self._light_verbs and any(t.norm in self._abstract for t in toks[i + 1 : i + 6]):
                i += 1  # "provided no evidence", "give full details": reporting, not supplying
                continue
            if lemma in self._phrase_first:
                matched = 0
                for length in range(min(self._phrase_max, n - i), 0, -1):
                    if any((i + j) in hits for j in range(1, length)):
                        continue
                    head = self._phrases.get(tuple(lemmas[i : i + length]))
                    if head is not None:
                        items.append(("W", head))
                        matched = length
                        break
                if matched:
                    i += matched
                    continue
            norm = toks[i].norm
            if _NUMBER.fullmatch(norm):
                value = norm.split(".")[0]
                if len(value) == 4 and 1900 <= int(value) <= 2099:
                    years.add(int(value))
                elif value:
                    numbers.add(value.lstrip("0") or "0")
                items.append(("N", "#" + (value.lstrip("0") or "0")))
            elif norm in self._numbers:
                numbers.add(self._numbers[norm])
                items.append(("N", "#" + self._numbers[norm]))
            elif norm in self._we and who and not (norm == "us" and toks[i].raw == "US"):
                items.append(("A", who))
            elif norm in self._they and who and stance == Stance.DENIES:
                items.append(("A", who))
            elif norm in self._allies and self._member_of:
                # "the US and its allies", "we and other partners": the collective of the actor just named
                last = next((value for kind, value in reversed(items) if kind == "A"), ())
                group = next((g for a in last for g in self._member_of.get(a, ())), None)
                if group is not None:
                    items.append(("A", (group,)))
            elif norm in self._source_markers or norm in self._target_markers:
                items.append(("M", norm))
            elif norm in self._stop or lemma in self._stop or norm in self._neutral or lemma in self._neutral:
                pass
            elif len(norm) == 1 and not norm.isdigit():
                pass
            else:
                items.append(("W", lemma))
            i += 1
        direction = self._direction(items)
        if direction is not None:
            # "Russia received drones from Iran" says what "Iran supplied drones to Russia" says
            items = [("W", self._active) if kind == "W" and value in self._inverse else (kind, value)
                     for kind, value in items]
        terms: list[str] = []
        actors: set[str] = set()
        for kind, value in items:
            if kind == "A":
                for term in value:
                    if not terms or terms[-1] != term:
                        terms.append(term)
                    if not term.startswith("@@"):
                        actors.add(term)
            elif kind in ("W", "N"):
                for term in value.split(" ") if kind == "W" else [value]:
                    if not terms or terms[-1] != term:
                        terms.append(term)
        return Proposition(
            text=text,
            terms=tuple(terms),
            actors=frozenset(actors),
            claimant=who,
            stance=stance,
            years=frozenset(years),
            numbers=frozenset(numbers),
            direction=direction,
            term_set=frozenset(terms),
            norm=" ".join(terms),
            said=" ".join(t for t in terms if t[0] != "@"),
            claimant_groups=frozenset(g for g, members in self.collectives.items() if any(w in members for w in who)),
        )

    def _collect(self, toks: Sequence[_Tok], hits: dict[int, _ActorHit]) -> dict[int, _ActorHit]:
        """Two or more members of a collective named together ("the US and Britain", "France, Germany and the
        UK") stand for the collective (the West)."""
        runs: list[list[_ActorHit]] = []
        end = -1
        for start in sorted(hits):
            hit = hits[start]
            if runs and all(t.norm in _COORDINATION for t in toks[end:start]):
                runs[-1].append(hit)
            else:
                runs.append([hit])
            end = start + hit.length
        out = dict(hits)
        for run in runs:
            named = {a for hit in run for a in hit.actors}
            for group, members in self.collectives.items():
                if len(named & members) < 2:
                    continue
                for hit in run:
                    actors = tuple(dict.fromkeys(group if a in members else a for a in hit.actors))
                    out[hit.start] = _ActorHit(hit.start, hit.length, actors)
        return out

    def _direction(self, items: list[tuple[str, Any]]) -> tuple[str, str] | None:
        """(source, target) around the first relation verb that has an actor on both sides."""
        for v, (kind, value) in enumerate(items):
            if kind != "W" or value not in self._relation:
                continue
            before = [(k, val) for k, val in items[:v]]
            after = items[v + 1 :]
            subject = next((val[0] for k, val in reversed(before) if k == "A"), None)
            agent = origin = target = None
            marker = None
            for k, val in after:
                if k == "M":
                    marker = val
                    continue
                if k == "A":
                    if marker == "by" and agent is None:
                        agent = val[0]
                    elif marker == "from" and origin is None:
                        origin = val[0]
                    elif target is None:
                        target = val[0]
                marker = None
            if value in self._inverse:
                # "Russia received drones from Iran": the subject receives, the `from` actor supplies.
                src, dst = origin or agent, subject
            elif agent is not None:
                # passive: "drones were supplied to Russia by Iran"
                src, dst = agent, target
            elif origin is not None and target is None:
                # "Russia is building a plant with help from Iran": the `from` actor gives the help
                src, dst = origin, subject
            else:
                src, dst = subject, target
            if src and dst and src != dst:
                return (src, dst)
        return None


class _ClaimantResolver:
    """Claimant names -> actor terms through the alias rows (joint statements split on ';')."""

    def __init__(self, rows: list[tuple[str, str, str, str | None]]) -> None:
        from .actors import alias_key

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
                toks = _tokens(part)
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


def _blocked_phrases() -> list[str]:
    data = _data("actors.json")
    out: list[str] = []
    for kind in ("places", "media"):
        out.extend(data.get("not_actors", {}).get(kind, []))
    return out


# --- scoring ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Weights:
    """How the parts of a match add up to the 0-100 score (tuned on the development set)."""

    k1: float = 1.2
    b: float = 0.5
    title: float = 0.5
    """BM25 term weight of words that occur only in the titles of a claim's articles."""
    claimant_query_weight: float = 0.3
    tsr: float = 0.28
    """Share of rapidfuzz token_set_ratio in the text score."""
    jaccard: float = 0.24
    """Share of the idf-weighted overlap of the content terms (what is said, not who)."""
    coverage: float = 0.08
    """Share of the idf-weighted coverage of the mention's terms by the claim's terms."""
    bm25: float = 0.40
    """Share of BM25 (relative to the most the mention's terms could score) in the text score."""
    actor: float = 8.0
    actor_missing: float = 12.0
    role: float = 16.0
    direction: float = 32.0
    """Penalty when the claim goes the other way (Russia -> Iran for Iran -> Russia)."""
    direction_agree: float = 8.0
    """Bonus when both name the same source and target."""
    year: float = 32.0
    """Penalty when both name years and none agrees."""
    number: float = 8.0
    thing: float = 24.0
    """Penalty when the mention and the claim are about different things (drones / missiles)."""
    substitution: float = 24.0
    """Penalty when each side names an actor the other never mentions (Iran or North Korea supplying Russia)."""
    accused: float = 4.0
    accused_conflict: float = 20.0
    own_title: float = 0.75
    """Share of `topic_bonus` a claim earns through the title of the mention's own article (all its claims share it)."""
    topic_query: float = 0.5
    """Query weight of the article title's words for a mention that says nothing (scaled by how little it says)."""
    context: float = 32.0
    """Bonus for a claim that other mentions of the same article are on, scaled by how vague the mention is."""
    context_asserts: float = 0.5
    """Share of the same-article bonus for assertions (denials get all of it: they often say little)."""
    context_undated: float = 0.5
    """How much a mention that names no year leans on its article's claims when the claim is of a year (at
    least this much, however much it says otherwise): the article usually said the year once."""
    informative: float = 10.0
    """Idf mass of a mention's own terms above which the same-article context adds nothing."""
    mass: float = 6.0
    """Shared idf mass at which the text score counts in full."""
    topic: float = 40.0
    topic_neutral: float = 0.4
    conflict_cap: float = 40.0
    """The highest score a claim can get when direction, year or actors contradict the mention."""
    shortlist_ratio: float = 0.6
    """Retrieved claims whose quick score (wording and BM25) is below this share of the best one's are not scored."""
    shortlist_direction: float = 1.0
    """Added to a retrieved claim's quick score when it goes the mention's way, taken off when its direction
    caps its score (the other way, or between others): 1 shortlists every claim in the mention's direction
    before any the direction caps, so of many claims between the same two actors the right-way ones get the
    full score."""
    topic_bonus: float = 20.0
    """Bonus for a mention from an article whose title shares the claim's titles' words (the same story)."""
    unattributed: float = 2.9
    """Exponent on the score (as a share of 100) of a mention without a claimant: only its wording can then tell
    which claim it is, so it needs closer wording to join (80 becomes 52), while an identical text still scores
    100 and its candidates keep the order of their wording."""
    unattributed_bm25: float = 1.0
    """Share of BM25 in the text score of a mention without a claimant (the rest is the usual mix)."""
    unattributed_conflicts: float = 0.25
    """Share of the actor, year, number and thing disagreement penalties kept for a mention without a claimant
    (a contradicted claim is still held at `conflict_cap`)."""
    headline: float = 0.4
    """Share of the text score of a mention without a claimant that depends on how much of the claim's headline
    (the best of its articles' titles; without titles, of its wordings) the mention repeats, by idf."""
    model: dict[str, float] = field(default_factory=dict)
    """Logistic coefficients over the named features (and `bias`); when set, the score is 100 * P(same claim)."""


@dataclass
class Candidate:
    """A claim found for a mention, with the score and what it is made of."""

    claim_id: int
    score: float
    text_score: float
    actor_score: float
    direction_score: float
    number_score: float
    role_score: float = 0.0
    context_score: float = 0.0
    topic_score: float = 0.0
    bm25: float = 0.0
    compared_text: str = ""
    candidate_text: str = ""
    rep_text: str = ""
    """The original wording of the claim's mention that scored best."""
    breakdown: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    """What to do with a mention: `joined` the claim, `suggested` (new claim + suggestion), or `new`."""

    kind: str
    claim_id: int | None
    score: float | None
    candidate: Candidate | None


def decide(candidates: Sequence[Candidate], auto: float, suggest: float) -> Decision:
    """Join the best candidate at or above `auto`; suggest it at or above `suggest`; else a new claim."""
    best = candidates[0] if candidates else None
    if best is None:
        return Decision("new", None, None, None)
    if best.score >= auto:
        return Decision("joined", best.claim_id, best.score, best)
    if best.score >= suggest:
        return Decision("suggested", best.claim_id, best.score, best)
    return Decision("new", None, best.score, best)


class _Grow:
    """A growable 1-d numpy array."""

    __slots__ = ("a", "n")

    def __init__(self, dtype: Any, capacity: int = 4) -> None:
        self.a = np.zeros(capacity, dtype=dtype)
        self.n = 0

    def append(self, value: Any) -> None:
        if self.n == len(self.a):
            self.a = np.concatenate([self.a, np.zeros(max(4, self.n), dtype=self.a.dtype)])
        self.a[self.n] = value
        self.n += 1

    def view(self) -> np.ndarray:
        return self.a[: self.n]


@dataclass(slots=True)
class _Claim:
    claim_id: int
    text: str
    reps: list[Proposition] = field(default_factory=list)
    rep_norms: list[str] = field(default_factory=list)
    """`norm` of each rep, in order: what rapidfuzz compares a query with."""
    terms: dict[int, int] = field(default_factory=dict)
    """Term id -> position in that term's postings."""
    term_set: set[str] = field(default_factory=set)
    """Terms of the claim's mentions."""
    term_weight: dict[str, float] = field(default_factory=dict)
    """Every indexed term (mention terms 1.0, title-only terms `Weights.title`) with its BM25 term weight."""
    actors: Counter = field(default_factory=Counter)
    asserters: Counter = field(default_factory=Counter)
    deniers: Counter = field(default_factory=Counter)
    accused: Counter = field(default_factory=Counter)
    years: Counter = field(default_factory=Counter)
    numbers: Counter = field(default_factory=Counter)
    directions: Counter = field(default_factory=Counter)
    topics: set[str] = field(default_factory=set)
    """Article titles the claim's mentions came from (capped)."""
    topic_terms: Counter = field(default_factory=Counter)
    topic_sets: list[frozenset[str]] = field(default_factory=list)
    mentions: int = 0
    alive: bool = True
    _main: frozenset[str] | None = None
    """`main_accused`, kept until `accused` changes (`accuse`)."""

    def accuse(self, actors: Iterable[str]) -> None:
        """Count one more mention accusing `actors`."""
        self.accused.update(actors)
        self._main = None

    def main_accused(self) -> frozenset[str]:
        """The actors accused by at least half as many mentions as the most accused one."""
        if self._main is None:
            top = max(self.accused.values(), default=0)
            self._main = frozenset(a for a, n in self.accused.items() if 2 * n >= top)
        return self._main


class MatchIndex:
    """Claims and their terms in memory: BM25 candidate retrieval, then rapidfuzz re-scoring.

    `add` records a mention on a claim (creating the claim on first use); `search` ranks claims for a text;
    `remove_claim` forgets a claim (merged away). A claim's document is the terms of its first
    `reps_per_claim` distinct mentions; later mentions only update who asserts and denies it.
    """

    def __init__(self, normalizer: Normalizer | None = None, *, reps_per_claim: int = 3,
                 candidates: int = 20, rerank: int = 4, weights: Weights | None = None,
                 dense_from: int = 64, block_share: float = 0.25) -> None:
        self.normalizer = normalizer or default_normalizer()
        self.reps_per_claim = reps_per_claim
        self.candidates = candidates
        self.rerank = rerank
        """How many of the retrieved claims get the full score (the rest are ranked by BM25 and wording)."""
        self.weights = weights or Weights()
        self._term_ids: dict[str, int] = {}
        self._postings: list[_Grow] = []
        self._tf: list[_Grow] = []
        self._df = _Grow(np.int64, 1024)
        self._dl = _Grow(np.float64, 1024)
        self.dense_from = dense_from
        """A term in this many claims (and in 1/64 of them) also gets a dense array over all claim slots."""
        self.block_share = block_share
        """A block of more claims than this share of all is scored by the full pass over the postings."""
        self._dense: dict[int, np.ndarray] = {}
        """Term id -> its weight in every claim slot (0 where absent), for the common terms."""
        self._dense_cap = 0
        self._pairs: dict[tuple[str, str], list[int]] = {}
        """Two actors (sorted) -> the slots of the claims whose wordings name both, in order of slot."""
        self._pair_blocks: dict[tuple[str, ...], tuple[int, int, np.ndarray]] = {}
        """`_pair_block` of a set of actors, with the lengths of its pairs' lists and `_removed` it was made with."""
        self._wordings: dict[int, int] = {}
        """`wording_key` (terms and direction) -> the slot of the claim that wording last went to."""
        self._claims: list[_Claim] = []
        self._slot: dict[int, int] = {}
        self._n_alive = 0
        self._removed = 0
        """Claims removed (their postings stay, with tf 0)."""
        self._total_dl = 0.0
        self._idfs: dict[str, float] = {}
        """Term -> its idf, for the current number of claims (`_idfs_n`); a term's entry goes when its df changes."""
        self._idfs_n = 0
        self.mention_watermark = 0
        """The highest mention id the index holds (for catching up with other processes' writes)."""
        self.event_watermark = 0
        self.mentions = 0

    # -- building --

    def __len__(self) -> int:
        return self._n_alive

    def __contains__(self, claim_id: object) -> bool:
        slot = self._slot.get(claim_id)  # type: ignore[arg-type]
        return slot is not None and self._claims[slot].alive

    def claim_ids(self) -> list[int]:
        return [c.claim_id for c in self._claims if c.alive]

    def add(self, claim_id: int, text: str, claimant: str | None = None, stance: Stance | str = Stance.ASSERTS,
            *, proposition: Proposition | None = None, claim_text: str | None = None,
            mention_id: int | None = None, topic: str | None = None) -> Proposition:
        """Record a mention of `claim_id` (creating the claim) and return its proposition.

        `topic` is the title of the article the mention is from, when known: claims are also compared by
        the titles their mentions came from.
        """
        prop = proposition or self.normalizer.analyze(text, claimant, stance)
        self.claim_slot(claim_id, claim_text or text)
        self.add_roles(claim_id, prop.claimant, prop.stance)
        if topic:
            self.add_topic(claim_id, topic)
        self.add_rep(claim_id, prop)
        if mention_id is not None and mention_id > self.mention_watermark:
            self.mention_watermark = mention_id
        return prop

    def claim_slot(self, claim_id: int, text: str = "") -> int:
        """The claim's place in the index (created when new)."""
        slot = self._slot.get(claim_id)
        if slot is None or not self._claims[slot].alive:
            slot = self._new_slot(claim_id, text)
        return slot

    def add_roles(self, claim_id: int, claimant: tuple[str, ...], stance: Stance | str, count: int = 1) -> None:
        """Count `count` mentions of the claim by `claimant` (actor terms) with `stance`."""
        claim = self._claims[self.claim_slot(claim_id)]
        claim.mentions += count
        self.mentions += count
        roles = claim.deniers if Stance(stance) == Stance.DENIES else claim.asserters
        for who in claimant:
            roles[who] += count

    def add_topic(self, claim_id: int, title: str) -> None:
        """Note that a mention of the claim came from an article with this title."""
        slot = self.claim_slot(claim_id)
        claim = self._claims[slot]
        if title in claim.topics or len(claim.topics) >= _MAX_TOPICS:
            return
        claim.topics.add(title)
        terms = self.normalizer.topic_terms(title)
        claim.topic_terms.update(set(terms))
        claim.topic_sets.append(_story_words(terms))
        if self.weights.title > 0:
            for term in terms:
                self._index_term(slot, claim, term, self.weights.title)

    def has_room(self, claim_id: int) -> bool:
        """Whether the claim takes another wording into its document."""
        slot = self._slot.get(claim_id)
        return slot is None or len(self._claims[slot].reps) < self.reps_per_claim

    def add_rep(self, claim_id: int, prop: Proposition) -> bool:
        """Make `prop` one of the claim's wordings if it has room for one more and words it differently."""
        slot = self.claim_slot(claim_id)
        claim = self._claims[slot]
        wordings = self._wordings
        key = prop.wording
        wordings.pop(key, None)  # the newest last: the oldest are forgotten first
        wordings[key] = slot
        if len(wordings) > _MAX_WORDINGS:
            for old in list(itertools.islice(wordings, _MAX_WORDINGS // 10)):
                del wordings[old]
        if len(claim.reps) >= self.reps_per_claim or any(r.terms == prop.terms for r in claim.reps):
            return False
        claim.reps.append(prop)
        claim.rep_norms.append(prop.norm)
        claim.accuse(accused_of(prop))
        known = list(claim.actors)
        for actor in prop.actors - claim.actors.keys():
            for other in known:
                self._pairs.setdefault((actor, other) if actor < other else (other, actor), []).append(slot)
            known.append(actor)
        claim.actors.update(prop.actors)
        claim.years.update(prop.years)
        claim.numbers.update(prop.numbers)
        if prop.direction:
            claim.directions[prop.direction] += 1
        for term in prop.terms:
            if term not in claim.term_set:
                claim.term_set.add(term)
                self._index_term(slot, claim, term, 1.0)
        return True

    def _index_term(self, slot: int, claim: _Claim, term: str, weight: float) -> None:
        """Put `term` in the claim's document with `weight`, or raise its weight there."""
        old = claim.term_weight.get(term, 0.0)
        if weight <= old:
            return
        tid = self._term_ids.get(term)
        if tid is None:
            tid = len(self._postings)
            self._term_ids[term] = tid
            self._postings.append(_Grow(np.int32))
            self._tf.append(_Grow(np.float64))
            self._df.append(0)
        pos = claim.terms.get(tid)
        if pos is None:
            claim.terms[tid] = self._postings[tid].n
            self._postings[tid].append(slot)
            self._tf[tid].append(weight)
            self._df.a[tid] += 1
            self._idfs.pop(term, None)
        else:
            self._tf[tid].a[pos] = weight
        dense = self._dense.get(tid)
        if dense is not None:
            dense[slot] = weight
        elif self._df.a[tid] >= max(self.dense_from, self._n_alive // 64):
            self._make_dense(tid)
        claim.term_weight[term] = weight
        self._dl.a[slot] += weight - old
        self._total_dl += weight - old

    def _make_dense(self, tid: int) -> None:
        """Give a term that became common its dense array (filled from its postings)."""
        self._dense_room(len(self._claims))
        dense = np.zeros(self._dense_cap, dtype=np.float64)
        n = self._postings[tid].n
        dense[self._postings[tid].a[:n]] = self._tf[tid].a[:n]
        self._dense[tid] = dense

    def _dense_room(self, slots: int) -> None:
        """Make every dense array (and those to come) hold at least `slots` slots, doubling as needed."""
        if slots <= self._dense_cap:
            return
        self._dense_cap = max(1024, 2 * slots)
        for tid, dense in self._dense.items():
            self._dense[tid] = np.concatenate([dense, np.zeros(self._dense_cap - len(dense), dtype=np.float64)])

    def _new_slot(self, claim_id: int, text: str) -> int:
        slot = len(self._claims)
        self._claims.append(_Claim(claim_id, text))
        self._slot[claim_id] = slot
        self._dl.append(0.0)
        if slot >= self._dense_cap and self._dense:
            self._dense_room(slot + 1)
        self._n_alive += 1
        return slot

    def rename_claim(self, old: int, new: int) -> None:
        """Give a claim another id (provisional ids of a batch become the stored ones)."""
        slot = self._slot.pop(old)
        self._slot[new] = slot
        self._claims[slot].claim_id = new

    def remove_claim(self, claim_id: int) -> None:
        """Forget a claim (merged into another, or emptied)."""
        slot = self._slot.get(claim_id)
        if slot is None or not self._claims[slot].alive:
            return
        claim = self._claims[slot]
        claim.alive = False
        self._removed += 1
        self._idfs.clear()  # its terms' df fall: a new claim could bring the count of claims back to where it was
        for tid, pos in claim.terms.items():
            self._df.a[tid] -= 1
            self._tf[tid].a[pos] = 0.0  # its postings score nothing from now on
            if tid in self._dense:
                self._dense[tid][slot] = 0.0
        self._total_dl -= self._dl.a[slot]
        self._n_alive -= 1

    def repeat_of(self, prop: Proposition) -> int | None:
        """The live claim the last earlier mention with the same wording (`wording_key`: its terms and direction,
        whoever said it) went to, if the wording says enough to stand on its own (idf mass of at least
        `Weights.informative`)."""
        slot = self._wordings.get(prop.wording)
        if slot is None or not self._claims[slot].alive:
            return None
        if self.vagueness(prop) > 0:
            return None  # "It is a lie", said by the same party of two different claims
        return self._claims[slot].claim_id

    def score_claim(self, prop: Proposition, claim_id: int, *, topic: str | None = None,
                    context: Mapping[int, float] | None = None) -> Candidate | None:
        """`prop` scored against one claim only, with the breakdown `search` would give it."""
        found = self.score_claims(prop, [claim_id], topic=topic, context=context)
        return found[0] if found else None

    def score_claims(self, prop: Proposition, claim_ids: Iterable[int], *, topic: str | None = None,
                     context: Mapping[int, float] | None = None, explain: int | None = None) -> list[Candidate]:
        """`prop` scored against the live ones of `claim_ids` only, best first, with the breakdowns `search` would
        give them were they all it retrieved (ties as in `search`: the claim the article mentioned last, then
        the older claim). `explain`: how many of the results carry the full breakdown (default: all)."""
        claims = self._claims
        slots = [s for c in dict.fromkeys(claim_ids) if (s := self._slot.get(c)) is not None and claims[s].alive]
        if not slots:
            return []
        title_terms = self.normalizer.topic_terms(topic)
        terms = self._coefficients(self._query_terms(prop, title_terms))
        bms = [self._slot_bm25(terms, slot, claims[slot]) for slot in slots]
        values = self._wording_scores(prop, slots, 1, None)
        query = _Query(self, prop, _story_words(title_terms) if topic else frozenset(), max(bms))
        scored = []
        for slot, bm, tsr in zip(slots, bms, values):
            claim = claims[slot]
            ctx = float(context.get(claim.claim_id, 0.0)) if context else 0.0
            scored.append((_score(self, query, claim, tsr or [], bm, ctx), slot, claim, bm, ctx))
        return _best_first(self, query, scored, len(scored), len(scored) if explain is None else explain)

    def claim_mentions(self, claim_id: int) -> int:
        slot = self._slot.get(claim_id)
        return self._claims[slot].mentions if slot is not None else 0

    def claim_text(self, claim_id: int) -> str | None:
        slot = self._slot.get(claim_id)
        return self._claims[slot].text if slot is not None else None

    # -- searching --

    def idf(self, term: str) -> float:
        """How rare `term` is among the live claims (BM25's idf)."""
        value = self.idfs().get(term)
        return self._new_idf(term) if value is None else value

    def idfs(self) -> dict[str, float]:
        """The idf of the terms looked up since the number of claims last changed (add others with `_new_idf`)."""
        if self._idfs_n != self._n_alive:
            self._idfs.clear()
            self._idfs_n = self._n_alive
        return self._idfs

    def _new_idf(self, term: str) -> float:
        """A term's idf, computed and kept in `idfs()` (which must be current)."""
        tid = self._term_ids.get(term)
        value = self._idfs[term] = _idf(self._n_alive, int(self._df.a[tid]) if tid is not None else 0)
        return value

    def _query_terms(self, prop: Proposition, topic: Sequence[str] = ()) -> list[tuple[int, float]]:
        """(term id, query weight) for the known terms of a proposition, the claimant's actors at a lower weight,
        and, for a mention that says little, the words of its article's title (`topic`) at a weight that grows
        the less it says ("It is a lie" is looked up by what the story is about)."""
        out: dict[int, float] = {}
        for term in prop.terms:
            tid = self._term_ids.get(term)
            if tid is not None and tid not in out:
                out[tid] = 1.0
        for term in prop.claimant:
            tid = self._term_ids.get(term)
            if tid is not None and tid not in out:
                out[tid] = self.weights.claimant_query_weight
        if topic and self.weights.topic_query > 0:
            weight = self.weights.topic_query * self.vagueness(prop)
            if weight > 0:
                for term in topic:
                    tid = self._term_ids.get(term)
                    if tid is not None and tid not in out:
                        out[tid] = weight
        return list(out.items())

    def vagueness(self, prop: Proposition) -> float:
        """0 for a mention whose words carry at least `Weights.informative` idf, up to 1 for one that says nothing."""
        return _vagueness(sum(self.idf(t) for t in prop.term_set), self.weights)

    def _bm25_params(self) -> tuple[float, float, float]:
        avgdl = self._total_dl / self._n_alive if self._n_alive else 1.0
        return self.weights.k1, self.weights.b, max(avgdl, 1e-9)

    def retrieve(self, prop: Proposition, limit: int | None = None, topic: Sequence[str] = ()) -> list[tuple[int, float]]:
        """BM25 over claim documents: (slot, score) of the best `limit` claims, best first (ties: older first).

        Blocking on actors: a mention with a claimant that names an actor the index knows (in its text or as its
        claimant) is compared with the claims naming one of those actors only; any other text, with every claim.
        """
        slots, scores = self._retrieve(prop, limit, topic)
        return list(zip(slots.tolist(), scores.tolist()))

    def _retrieve(self, prop: Proposition, limit: int | None = None, topic: Sequence[str] = (),
                  block: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """`retrieve` as two arrays: the slots and their BM25 (within `block`, sorted slots, when given)."""
        limit = self.candidates if limit is None else limit
        qterms = self._query_terms(prop, topic)
        if not qterms or not self._n_alive:
            return _NO_SLOTS, _NO_SCORES
        terms = self._coefficients(qterms)
        if block is None:
            block = self._block(prop)
        if block is None:
            scores = self._bm25(terms)
            hit = np.flatnonzero(scores > 0)
        elif len(block) > self.block_share * len(self._claims):
            scores = self._bm25(terms)
            hit = block[scores[block] > 0]
        else:
            total = self._block_bm25(terms, block)
            at = np.flatnonzero(total > 0)
            return self._top(block[at], total[at], limit)
        return self._top(hit, scores[hit], limit)

    def _coefficients(self, qterms: list[tuple[int, float]]) -> list[tuple[int, float]]:
        """(term id, query weight x idf x (k1 + 1)) of the query terms: what BM25 multiplies each tf part by."""
        k1 = self.weights.k1
        df = self._df.a
        return [(tid, qw * _idf(self._n_alive, int(df[tid])) * (k1 + 1)) for tid, qw in qterms]

    def _block(self, prop: Proposition) -> np.ndarray | None:
        """The slots of the live claims naming an actor of an attributed mention or a collective its claimant
        belongs to (sorted), or None when it names none known or has no claimant (a free text, such as a post,
        names people and places in passing)."""
        if not prop.claimant:
            return None
        mask: np.ndarray | None = None
        for term in named_actors(prop):
            tid = self._term_ids.get(term)
            if tid is not None:
                if mask is None:
                    mask = np.zeros(len(self._claims), dtype=bool)
                grow = self._postings[tid]
                post = grow.a[: grow.n]
                mask[post[self._tf[tid].a[: grow.n] > 0] if self._removed else post] = True
        block = np.flatnonzero(mask) if mask is not None else None
        return block if block is not None and len(block) else None

    def _pair_block(self, prop: Proposition) -> np.ndarray | None:
        """The live claims whose wordings name two of the actors the mention is about (`block_actors`), when
        it names two or more and some claim does: "Tehran sent drones to Moscow" is compared with the
        claims naming Iran and Russia, not with every claim naming either (sorted slots, or None)."""
        actors = tuple(sorted(block_actors(prop)))
        if len(actors) < 2:
            return None
        pairs = self._pairs
        lists = [slots for i, a in enumerate(actors) for b in actors[i + 1 :] if (slots := pairs.get((a, b)))]
        if not lists:
            return None
        size = sum(map(len, lists))
        known = self._pair_blocks.get(actors)
        if known is not None and known[0] == size and known[1] == self._removed:
            return known[2]  # no claim named two of them since (the lists only grow), and none was removed
        found = set(lists[0]).union(*lists[1:]) if len(lists) > 1 else lists[0]
        if self._removed:
            claims = self._claims
            found = [slot for slot in found if claims[slot].alive]
        block = np.array(sorted(found), dtype=np.int64) if found else None
        if block is not None:
            if len(self._pair_blocks) >= _PAIR_BLOCKS:
                self._pair_blocks.clear()
            self._pair_blocks[actors] = (size, self._removed, block)
        return block

    def _block_bm25(self, terms: list[tuple[int, float]], block: np.ndarray) -> np.ndarray:
        """BM25 of the claim slots `block` (sorted), summed term by term in query order as `_bm25` sums them."""
        k1, b, avgdl = self._bm25_params()
        K = k1 * (1 - b + b * self._dl.a[block] / avgdl)
        total = np.zeros(len(block))
        for tid, coef in terms:
            dense = self._dense.get(tid)
            if dense is not None:
                tf = dense[block]
                total += coef * tf / (tf + K)
                continue
            n = self._postings[tid].n
            post, tf = self._postings[tid].a[:n], self._tf[tid].a[:n]
            at = np.minimum(np.searchsorted(block, post), len(block) - 1)
            inside = block[at] == post
            at, tf = at[inside], tf[inside]
            part = np.zeros(len(block))
            part[at] = coef * tf / (tf + K[at])
            total += part
        return total

    def _slot_bm25(self, terms: list[tuple[int, float]], slot: int, claim: _Claim) -> float:
        """`_block_bm25` of one claim, in plain Python (the same sums in the same order, so the same value)."""
        if not terms:
            return 0.0
        k1, b, avgdl = self._bm25_params()
        K = k1 * (1 - b + b * float(self._dl.a[slot]) / avgdl)
        total = 0.0
        positions, tfs = claim.terms, self._tf
        for tid, coef in terms:
            pos = positions.get(tid)
            if pos is not None:
                tf = float(tfs[tid].a[pos])
                total += coef * tf / (tf + K)
        return total

    def _bm25(self, terms: list[tuple[int, float]]) -> np.ndarray:
        """BM25 of every claim slot over the postings of `terms` ((term id, query coefficient) pairs)."""
        k1, b, avgdl = self._bm25_params()
        postings, tfs, coefs, lengths = [], [], [], []
        for tid, coef in terms:
            grow = self._postings[tid]
            postings.append(grow.a[: grow.n])
            tfs.append(self._tf[tid].a[: grow.n])
            coefs.append(coef)
            lengths.append(grow.n)
        # one pass over every posting of every query term (the tf of a removed claim's postings is 0)
        idx = np.concatenate(postings)
        tf = np.concatenate(tfs)
        contrib = np.repeat(np.array(coefs), lengths) * tf / (tf + k1 * (1 - b + b * self._dl.a[idx] / avgdl))
        return np.bincount(idx, weights=contrib, minlength=len(self._claims))

    @staticmethod
    def _top(hit: np.ndarray, scores: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
        """The best `limit` of the slots `hit` by their `scores` (in the same order), ties to the older slot."""
        if not len(hit):
            return _NO_SLOTS, _NO_SCORES
        if len(hit) > limit:
            # keep everything tied with the limit-th score so that ties break by slot like the reference
            kth = np.partition(scores, len(hit) - limit)[len(hit) - limit]
            keep = scores >= kth
            hit, scores = hit[keep], scores[keep]
        order = np.lexsort((hit, -scores))[:limit]
        return hit[order], scores[order]

    def search(self, text: str, claimant: str | None = None, top: int = 5, *, stance: Stance | str = Stance.ASSERTS,
               context: Mapping[int, float] | None = None, exclude: Iterable[int] = (),
               topic: str | None = None, proposition: Proposition | None = None,
               workers: int = -1, explain: int | None = None, enough: float | None = None) -> list[Candidate]:
        """The `top` claims most similar to `text` said by `claimant`, best first.

        `context`: claims that other mentions of the same article are on (claim id -> weight), considered
        even when they share no word with the text. `topic`: the article's title. `exclude`: claims never
        to return (pairs a reviewer rejected). `explain`: how many of the results carry the full breakdown
        (default: all). `enough`: a score that settles it (the import's `match_auto`): a mention naming two
        or more actors it is about is first compared with the claims naming two of them (`_pair_block`),
        and with every claim naming one only when none of those scores `enough`.
        """
        prop = proposition or self.normalizer.analyze(text, claimant, stance)
        title_terms = self.normalizer.topic_terms(topic)
        topic_terms = _story_words(title_terms) if topic else frozenset()
        exclude = tuple(exclude)
        pairs = self._pair_block(prop) if enough is not None and prop.claimant else None
        ranked: list[tuple] = []  # what the first rank compared, for the second
        if pairs is not None:
            scope = {"claims": len(pairs), "naming": self._names(block_actors(prop)), "two_of": True}
            found = self._rank(prop, self._retrieve(prop, topic=title_terms, block=pairs), top, topic_terms,
                               context, exclude, workers, explain, scope, ranked)
            if found and found[0].score >= enough:
                return found
        block = self._block(prop)
        if block is None:
            scope = {"claims": self._n_alive, "naming": [], "two_of": False}
        else:
            named = {t for t in named_actors(prop) if t in self._term_ids}
            scope = {"claims": len(block), "naming": self._names(named), "two_of": False}
        return self._rank(prop, self._retrieve(prop, topic=title_terms, block=block), top, topic_terms, context,
                          exclude, workers, explain, scope, ranked)

    def _names(self, actors: Iterable[str]) -> list[str]:
        return sorted(self.normalizer.actor_name(a) for a in actors)

    def _rank(self, prop: Proposition, retrieved: tuple[np.ndarray, np.ndarray], top: int,
              topic_terms: frozenset[str], context: Mapping[int, float] | None, exclude: Iterable[int],
              workers: int, explain: int | None, scope: dict[str, Any],
              ranked: list[tuple] | None = None) -> list[Candidate]:
        """`search`'s candidates scored: the retrieved claims, the context ones, less the excluded. `scope`
        (how many claims were searched, and which actors they name) goes in the breakdowns.

        `ranked`: what the earlier ranks of the same search compared (`_compared`), used again; this rank's is
        added to it. The search of the claims naming one actor retrieves many of the claims naming two that it
        ranked first."""
        slots, bms = retrieved
        claims = self._claims
        if context:
            # the same article's claims, even when they share no word with the text
            present = set(slots.tolist())
            extra = []
            for claim_id in context:
                slot = self._slot.get(claim_id)
                if slot is not None and slot not in present and claims[slot].alive:
                    present.add(slot)
                    extra.append(slot)
            if extra:
                slots = np.concatenate([slots, np.array(extra, dtype=np.int64)])
                bms = np.concatenate([bms, np.zeros(len(extra))])
        if exclude:
            excluded = [self._slot[c] for c in exclude if c in self._slot]
            keep = ~np.isin(slots, excluded)
            slots, bms = slots[keep], bms[keep]
        if not len(slots):
            return []
        slot_list, bm_list = slots.tolist(), bms.tolist()
        size = max(self.rerank, top)
        # the wordings of the claims that can make the shortlist first: with a direction, those going its way
        # (and the same article's claims, scored whatever their wording)
        ways, first = self._ways(prop, slot_list, context, size)
        known = _compared(ranked) if ranked else {}
        if known:
            values = [known[s][0] if s in known else None for s in slot_list]
            todo = [v is None and (first is None or first[k]) for k, v in enumerate(values)]
            values = self._wording_scores(prop, slot_list, workers, todo, values)
        else:
            values = self._wording_scores(prop, slot_list, workers, first)
        query = _Query(self, prop, topic_terms, max(bm_list))
        shortlist = self._shortlist(slot_list, bm_list, values, ways, context, size, query)
        if shortlist is None:  # the others might still count: compare them too
            values = self._wording_scores(prop, slot_list, workers, [v is None for v in values], values)
            shortlist = self._shortlist(slot_list, bm_list, values, ways, context, size, query)
            assert shortlist is not None
        scored = []
        # a claim's parts depend on the search's best BM25 only through the model's features
        reuse = bool(known) and not self.weights.model
        for k in shortlist:
            slot, bm = slot_list[k], bm_list[k]
            claim = claims[slot]
            ctx = float(context.get(claim.claim_id, 0.0)) if context else 0.0
            earlier = known.get(slot) if reuse else None
            parts = earlier[1] if earlier and earlier[2] == bm else None
            scored.append((parts or _score(self, query, claim, values[k], bm, ctx), slot, claim, bm, ctx))
        if ranked is not None:
            ranked.append((slot_list, bm_list, values, scored))
        return _best_first(self, query, scored, top, top if explain is None else explain, scope)

    def _ways(self, prop: Proposition, slots: list[int], context: Mapping[int, float] | None,
              size: int) -> tuple[list[int], list[bool] | None]:
        """`_way` of each retrieved claim (all 0 for a mention without a direction), and which claims' wordings to
        compare first: those going the mention's way and the same article's. Only those can then make the
        shortlist (`_shortlist`), and the others' wordings need not be compared unless the shortlist's floor
        depends on them. Which to compare first is given for a mention with a claimant and a direction when at
        least `size` claims are compared first; None otherwise (compare them all)."""
        way = prop.direction
        if not way:
            return [0] * len(slots), None
        back = (way[1], way[0])
        claims = self._claims
        ways = []
        for s in slots:  # `_way`, inline: this runs for every claim retrieved
            directions = claims[s].directions
            ways.append(((0 if back in directions else 1) if way in directions else -1) if directions else 0)
        if not prop.claimant or len(slots) <= size:
            return ways, None
        if context:
            first = [w == 1 or claims[s].claim_id in context for w, s in zip(ways, slots)]
        else:
            first = [w == 1 for w in ways]
        return ways, (first if sum(first) >= size else None)

    def _wording_scores(self, prop: Proposition, slots: list[int], workers: int, which: list[bool] | None,
                        values: list[list[float] | None] | None = None) -> list[list[float] | None]:
        """token_set_ratio of the mention's wording against each wording of the claims at `slots` (all of
        them, or those where `which` is true; the rest keep their `values`, None when not compared)."""
        claims = self._claims
        out: list[list[float] | None] = list(values) if values is not None else [None] * len(slots)
        pairs_c: list[str] = []
        bounds = [0]
        chosen = range(len(slots)) if which is None else [k for k, w in enumerate(which) if w]
        for k in chosen:
            pairs_c += claims[slots[k]].rep_norms
            bounds.append(len(pairs_c))
        if pairs_c:
            # Starting worker threads costs ~0.1 ms: a single mention's few pairs are scored on this thread.
            use = workers if len(pairs_c) >= _PARALLEL_PAIRS else 1
            tsr = process.cdist([prop.norm], pairs_c, scorer=fuzz.token_set_ratio, processor=None,
                                workers=use)[0].tolist()
        else:
            tsr = []
        for i, k in enumerate(chosen):
            out[k] = tsr[bounds[i] : bounds[i + 1]]
        return out

    def _shortlist(self, slots: list[int], bms: list[float], values: list[list[float] | None],
                   ways: list[int], context: Mapping[int, float] | None, size: int,
                   query: _Query) -> list[int] | None:
        """Positions in `slots` worth the full score: the best `rerank` by wording and direction (and, for a
        mention without a claimant, by how much of the claim's headline it repeats), and every context claim.

        `values` may lack (None) the wordings of claims that do not go the mention's way (`ways`: each claim's
        `_way`), when at least `size` do: the result is then the same as with them, or None when it might not be.
        Plain Python: for the twenty-odd claims retrieved it is quicker than numpy's per-call overhead."""
        top_bm = max(bms) or 1.0
        known: list[int] = []
        raw: list[float] = []
        for k, bm in enumerate(bms):
            tsr = values[k]
            if tsr is None:
                # a claim the other way (or neither) ranks below every claim going the mention's way: it can
                # only matter through the floor, via its quick score's upper bound (a wording scoring 100)
                raw.append(0.5 + 0.5 * bm / top_bm)
                continue
            known.append(k)
            raw.append(0.5 * (max(tsr) if tsr else 0.0) / 100.0 + 0.5 * bm / top_bm)
        pre = [int(r * _TICKS + 0.5) for r in raw]
        # the order (not the floor) also weighs the direction, and how much of a claim's headline a mention
        # without a claimant repeats
        claims, prop, h = self._claims, query.prop, self.weights.headline
        d = _direction_weight(prop, self.weights)
        if h > 0 and not prop.claimant:
            rank = [int((r + d * w) * (1.0 - h + h * _headline_coverage(self, query, claims[s])) * _TICKS + 0.5)
                    for r, w, s in zip(raw, ways, slots)]
        elif prop.direction:
            rank = [int((r + d * w) * _TICKS + 0.5) for r, w in zip(raw, ways)]
        else:
            rank = pre  # no direction to weigh: r + d * 0 is r
        order = [k for _, _, k in sorted(zip([-r for r in rank], slots, range(len(slots))))[:size]]
        floor = max(pre) * self.weights.shortlist_ratio  # with bounds for the claims not compared: the most it can be
        if len(known) < len(slots):
            if any(values[k] is None for k in order):
                return None  # a bound made the shortlist: compare its wording
            sure = max(pre[k] for k in known) * self.weights.shortlist_ratio  # the least the floor can be
            if any(sure <= pre[k] < floor for k in order):
                return None  # kept or not depends on wordings not compared
        # claims far behind the best on wording and BM25 alike are not worth the full score
        order = [k for k in order if pre[k] >= floor]
        if context:
            chosen = set(order)
            for k, slot in enumerate(slots):
                if k not in chosen and self._claims[slot].claim_id in context:
                    order.append(k)
        return order


_PARALLEL_PAIRS = 2048
_TICKS = 1e9
"""Quick scores are compared in billionths: float noise (BM25 summed in another order) must not decide an order."""
_TIE = 1e-9
"""Two wordings of a claim whose text scores differ by less than this tie. Sums over sets of words run in an
order that changes from process to process (string hashes are salted), so their last bits do too."""
_PAIR_BLOCKS = 20_000
"""Pair blocks kept for the actor sets searched (`MatchIndex._pair_block`)."""
_NO_SLOTS = np.zeros(0, dtype=np.int64)
_NO_SCORES = np.zeros(0, dtype=np.float64)
_MAX_WORDINGS = 500_000
"""Wordings remembered for `repeat_of`, the oldest forgotten first (about 40 MB when full). Of the last 100k
mentions of the 1M synthetic stream (564k distinct wordings), 54% repeat a remembered wording with this cap,
43% with 250k, 56% with no cap."""
_MAX_TOPICS = 20


def _compared(ranked: list[tuple]) -> dict[int, tuple[list[float], tuple | None, float]]:
    """Claim slot -> its wording scores, its full score's parts (None when not scored) and its BM25, from what
    earlier ranks of a search compared (`MatchIndex._rank`'s `ranked`: built only when a second rank needs it)."""
    known: dict[int, tuple[list[float], tuple | None, float]] = {}
    for slots, bms, values, scored in ranked:
        for slot, bm, tsr in zip(slots, bms, values):
            if tsr is not None:
                known[slot] = (tsr, None, bm)
        for parts, slot, _, bm, _ in scored:
            if slot in known:
                known[slot] = (known[slot][0], parts, bm)
    return known


def _best_first(index: MatchIndex, q: _Query, scored: list[tuple], top: int, explain: int,
                scope: dict[str, Any] | None = None) -> list[Candidate]:
    """The `top` best of `scored` ((parts, slot, claim, bm25, context) of each claim) as candidates, the first
    `explain` with the full breakdown. Equal scores (both 100, say): the claim the article mentioned last first,
    then the older claim."""
    scored.sort(key=lambda item: (-item[0][0], -item[4], item[1]))
    return [_candidate(index, q, claim, parts, bm, ctx, full=i < explain, scope=scope)
            for i, (parts, _, claim, bm, ctx) in enumerate(scored[:top])]


def _story_words(terms: Iterable[str]) -> frozenset[str]:
    """What a title says a story is about."""
    return frozenset(terms)


def accused_of(prop: Proposition) -> frozenset[str]:
    """Whom the mention's claim is about: the actors an assertion names besides its claimant; for a denial,
    the denier itself (people mostly deny what they are accused of)."""
    if prop.stance == Stance.DENIES:
        return frozenset(prop.claimant)
    return frozenset(a for a in prop.actors if a not in prop.claimant)


def _direction_weight(prop: Proposition, w: Weights) -> float:
    """`Weights.shortlist_direction`, less for a text without a claimant (a post): the direction read from it is
    less sure, as its other conflicts are (`Weights.unattributed_conflicts`)."""
    return w.shortlist_direction * (1.0 if prop.claimant else w.unattributed_conflicts)


def _way(prop: Proposition, claim: _Claim) -> int:
    """1 when the claim goes the mention's way (who supplies whom); -1 when it goes only the other way or
    between others, which caps its score (`Weights.conflict_cap`); else 0."""
    if not prop.direction or not claim.directions:
        return 0
    same = prop.direction in claim.directions
    reverse = (prop.direction[1], prop.direction[0]) in claim.directions
    if same and reverse:
        return 0
    return 1 if same else -1


def named_actors(prop: Proposition) -> list[str]:
    """The actor terms of a mention's text, its claimant and the collectives its claimant belongs to: what the
    actor block of an attributed mention is made of."""
    return [t for t in (*prop.terms, *prop.claimant, *prop.claimant_groups) if t[0] == "@"]


def block_actors(prop: Proposition) -> frozenset[str]:
    """The actors a mention's claim is about, for blocking: those its text names (an assertion's claimant
    aside: "the US accuses Iran" is about Iran), and the collectives a denier belongs to."""
    named = prop.actors | prop.claimant_groups if prop.stance == Stance.DENIES else prop.actors
    return named - set(prop.claimant) if prop.stance == Stance.ASSERTS else named


_PSEUDO_CLAIMS = 30
"""Claims without any of the terms that every collection is assumed to have, so that in a small database
a word is not deemed common just because the few claims there share it."""


def _vagueness(idf_mass: float, w: Weights) -> float:
    """How little a mention says: 0 at `Weights.informative` idf mass or more, 1 when it says nothing."""
    return 1.0 - min(1.0, idf_mass / w.informative) if w.informative > 0 else 0.0


@lru_cache(maxsize=1 << 16)
def _idf(n: int, df: int) -> float:
    return math.log(1.0 + (n + _PSEUDO_CLAIMS - df + 0.5) / (df + 0.5))


class _Query:
    """What one search compares every candidate with, computed once."""

    __slots__ = ("prop", "terms", "idf", "weight", "content_weight", "q_idf", "actors", "accused", "topic", "bm25_top",
                 "things", "thing_kinds", "headlines")

    def __init__(self, index: MatchIndex, prop: Proposition, topic_terms: frozenset[str], bm25_top: float) -> None:
        self.prop = prop
        self.terms = prop.term_set
        self.idf = index.idfs()
        self.q_idf = [(t, self.term_idf(index, t)) for t in self.terms]
        self.weight = sum(v for _, v in self.q_idf)
        self.content_weight = sum(v for t, v in self.q_idf if t[0] not in "@#")
        self.things = prop.term_set & index.normalizer.things
        self.thing_kinds = [(kind, mine) for kind in index.normalizer.thing_sets if (mine := self.things & kind)]
        """The kinds of thing the query names (weapons, say), each with the things of that kind it names."""
        self.actors = prop.actors - set(prop.claimant) if prop.stance == Stance.ASSERTS else prop.actors
        self.accused = accused_of(prop)
        if prop.stance == Stance.DENIES and prop.claimant_groups:
            # a member denying answers a claim about its collective too ("the West did it", denied by Norway)
            self.accused = self.accused | prop.claimant_groups
        self.topic = topic_terms
        self.bm25_top = bm25_top
        self.headlines: dict[int, float] = {}
        """Claim id -> `_headline_coverage`, once computed."""

    def term_idf(self, index: MatchIndex, term: str) -> float:
        value = self.idf.get(term)
        return index._new_idf(term) if value is None else value


def _headline_coverage(index: MatchIndex, q: _Query, claim: _Claim) -> float:
    """The idf-weighted share of the claim's headline that the query's terms cover: the best of the titles of its
    first articles, or, for a claim without any, of its wordings (0-1; kept in `q` for the claim's full score)."""
    found = q.headlines.get(claim.claim_id)
    if found is not None:
        return found
    best = 0.0
    known, mine = q.idf, q.terms
    for terms in claim.topic_sets[:_HEADLINES] or [rep.term_set for rep in claim.reps]:
        total = covered = 0.0
        for t in terms:
            v = known.get(t)
            if v is None:
                v = q.term_idf(index, t)
            total += v
            if t in mine:
                covered += v
        if total > 0 and covered / total > best:
            best = covered / total
    q.headlines[claim.claim_id] = best
    return best


_HEADLINES = 4
"""Titles of a claim's first articles that count as its headline (a claim gathers up to `_MAX_TOPICS` titles)."""


def _score(index: MatchIndex, q: _Query, claim: _Claim, tsr_values: Sequence[float], bm25: float,
           context: float) -> tuple:
    """The score of one claim for a query and the parts it is made of (a tuple: this runs in the hot loop)."""
    w = index.weights
    prop = q.prop
    q_terms, q_weight = q.terms, q.weight
    idf = q.idf
    best_text, best_i, best_tsr, best_jac, best_content = -1.0, -1, 0.0, 0.0, 0.0
    q_content = q.content_weight
    w_tsr, w_jaccard = w.tsr, w.jaccard * 100
    for i, rep in enumerate(claim.reps):
        tsr = tsr_values[i]
        if q_content > 0 and not rep.said:
            tsr = 0.0  # a wording of actors alone ("Britain denied it.") is a subset of any text naming them
        r_terms = rep.term_set
        inter = c_inter = 0.0
        for t in q_terms & r_terms:
            v = idf[t]
            inter += v
            if t[0] not in "@#":
                c_inter += v
        union, c_union = q_weight, q_content
        for t in r_terms - q_terms:
            v = idf.get(t)
            if v is None:
                v = index._new_idf(t)
            union += v
            if t[0] not in "@#":
                c_union += v
        jac = inter / union if union > 0 else 0.0
        # what is said, apart from who: "supplied drones" against "supplied missiles". Half Jaccard, half
        # overlap with the smaller side, so that a few extra words on one side ("citing intelligence") cost little.
        if c_union > 0:
            r_content = c_union - q_content + c_inter
            smaller = q_content if q_content <= r_content else r_content
            content = 0.5 * c_inter / c_union + 0.5 * (c_inter / smaller if smaller > 0 else 0.0)
        else:
            content = jac
        text = w_tsr * tsr + w_jaccard * content
        if text > best_text + _TIE:  # (a tie within float noise: the earlier wording, whatever the sums' order)
            best_text, best_i, best_tsr, best_jac, best_content = text, i, tsr, jac, content
    # drones against missiles: each side names a thing the other does not
    thing_conflict = 0.0
    if q.things and best_i >= 0:
        r_things = claim.term_set & index.normalizer.things
        if r_things:
            for kind, mine in q.thing_kinds:
                theirs = r_things & kind
                if theirs and not (mine & theirs):
                    thing_conflict = -1.0
                    break
    term_set = claim.term_set
    shared = 0.0
    for t, v in q.q_idf:
        if t in term_set:
            shared += v
    coverage = shared / q_weight if q_weight > 0 else 0.0
    # Little shared information (one common word, a bare actor) is weak evidence however high the ratios.
    confidence = min(1.0, shared / w.mass) if w.mass > 0 else 1.0
    # BM25 as a share of what the query's terms could score at most: ranks like BM25, reads like a coverage
    bm25_cov = min(1.0, bm25 / q_weight) if q_weight > 0 else 0.0
    headline: float | None = None
    text_score = confidence * (w.tsr * best_tsr + w.jaccard * 100 * best_content + w.coverage * 100 * coverage
                               + w.bm25 * 100 * bm25_cov)
    if not prop.claimant:
        # a text without a claimant (a post, a fact-check's claim) is often long and loosely worded: BM25, which
        # weighs each shared word by its rarity and discounts long claims, tells its claim apart best
        plain = w.unattributed_bm25
        text_score = (1.0 - plain) * text_score + plain * confidence * 100 * bm25_cov
        if w.headline > 0:
            # a post repeats the words of its story's headline: a claim whose headline it leaves out is less likely
            headline = _headline_coverage(index, q, claim)
            text_score *= 1.0 - w.headline + w.headline * headline

    # actors named in the text, and whom the claim is about
    actor_score, missing = 0.0, 0
    q_actors, c_actors = q.actors, claim.actors
    if q_actors and c_actors:
        shared_actors = 0
        groups = prop.claimant_groups
        for a in q_actors:
            if a in c_actors or (groups and a in prop.claimant and any(g in c_actors for g in groups)):
                # (a denier is named by a claim about a collective it belongs to: the West, for Norway)
                shared_actors += 1
            elif a not in claim.asserters and a not in claim.deniers:
                missing += 1
        actor_score = (shared_actors - missing) / len(q_actors)
    accused = 0.0
    if q.accused and claim.accused:
        # whom most of the claim's mentions accuse: a few stray mentions must not make it about everyone
        accused = -1.0 if claim.main_accused().isdisjoint(q.accused) else 1.0
    # one actor put in another's place: each side names someone the other never does
    substituted = 0.0
    if missing and c_actors:
        q_all = q.actors | set(prop.claimant)
        if any(a not in q_all for a in c_actors):
            substituted = -1.0

    # the claimant's role: asserting a claim others assert, denying one others deny or that accuses them
    role = 0.0
    if prop.claimant:
        denies = prop.stance == Stance.DENIES
        for who in prop.claimant:
            if denies:
                if who in claim.deniers or who in claim.accused or any(g in claim.accused for g in prop.claimant_groups):
                    role += 1.0
                elif who in claim.asserters:
                    role -= 1.0
            elif who in claim.asserters:
                role += 1.0
            elif who in claim.deniers or who in claim.accused:
                role -= 1.0
        role /= len(prop.claimant)

    # direction: reversed source and target is a different claim
    direction = 0.0
    if prop.direction and claim.directions:
        same = claim.directions.get(prop.direction, 0)
        rev = claim.directions.get((prop.direction[1], prop.direction[0]), 0)
        if same and not rev:
            direction = 1.0
        elif rev and not same:
            direction = -1.0
        elif not same and not rev:
            direction = -0.5  # another source, or another target

    # years and numbers must not contradict
    year_conflict = -1.0 if prop.years and claim.years and prop.years.isdisjoint(claim.years) else 0.0
    number_conflict = -1.0 if prop.numbers and claim.numbers and prop.numbers.isdisjoint(claim.numbers) else 0.0

    # article titles: a claim whose mentions come from articles about another story is less likely
    topic = topic_other = 0.0
    has_topic = bool(q.topic and claim.topic_sets)
    if has_topic:
        # the best single title: one stray mention must not let a claim match every story
        topic = max(len(q.topic & t) for t in claim.topic_sets) / len(q.topic)
        topic_other = max((len(q.topic & t) for t in claim.topic_sets if t != q.topic), default=0) / len(q.topic)
    # the mention's own article's title is shared by every claim of that article: it says the claim is of the
    # same story, not which of the article's claims it is, so it earns a smaller bonus than another article's
    story = topic_other + w.own_title * (topic - topic_other)
    # the same article: counts when the mention itself says little ("It's a lie.")
    vague = _vagueness(q_weight, w)
    # ... and when it leaves out the year of a dated claim: "Tehran denies sending the drones" after "Iran sent
    # drones to Russia in 2022" is about the claim of that year, not another year's
    leans = max(vague, w.context_undated) if context and claim.years and not prop.years else vague
    context_bonus = context * leans * (1.0 if prop.stance == Stance.DENIES else w.context_asserts)
    bm25_norm = bm25 / (q_weight * (w.k1 + 1)) if q_weight > 0 else 0.0
    bm25_rel = bm25 / q.bm25_top if q.bm25_top > 0 else 0.0
    topic_low = min(0.0, topic - w.topic_neutral) if has_topic else 0.0
    if w.model:
        f = _model_features(best_tsr / 100.0, best_jac, best_content, coverage, confidence, bm25_norm, bm25_rel,
                            actor_score, accused, role, min(direction, 0.0), substituted, year_conflict,
                            number_conflict, topic, topic_low, context_bonus, vague, has_topic)
        z = w.model.get("bias", 0.0)
        for name, value in zip(MODEL_FEATURES, f):
            if value:
                z += w.model.get(name, 0.0) * value
        score = 100.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
    else:
        # agreement on who counts in proportion to agreement on what; disagreement counts in full
        # (or when the articles' titles say it is the same story, or the mention says too little to tell).
        # The title of the mention's own article is the title of all its claims: it says nothing of which one an
        # assertion sharing no word of what is said belongs to ("sent drones" and "backs its sovereignty", both
        # between Iran and Russia); other articles' titles still count
        own_story = best_content > 0 or vague > 0 or prop.stance == Stance.DENIES
        agree = max(best_content * confidence, vague, topic if own_story else topic_other)
        # without a claimant, the actors, years and things a text names are less sure to be those of its claim
        # (a post names people, places and dates in passing): disagreement on them counts for less
        sure = 1.0 if prop.claimant else w.unattributed_conflicts
        score = (
            text_score
            + w.actor * actor_score * (agree if actor_score > 0 else sure)
            + (w.accused * agree if accused > 0 else w.accused_conflict * sure) * accused
            + w.role * role * (agree if role > 0 else 1.0)
            + w.direction * min(direction, 0.0)
            + w.direction_agree * max(direction, 0.0) * agree
            + w.substitution * sure * substituted
            + w.thing * sure * thing_conflict
            + w.year * sure * year_conflict
            + w.number * sure * number_conflict
            + w.topic * topic_low
            + (w.topic_bonus * story if has_topic and prop.claimant else 0.0)
            + w.context * context_bonus
        )
        if not prop.claimant:
            score = 100.0 * max(0.0, min(1.0, score / 100.0)) ** w.unattributed
    if direction < 0 or year_conflict or substituted or accused < 0 or thing_conflict:
        # a claim that goes the other way, in another year, or about someone else is at most a suggestion
        score = min(score, w.conflict_cap)
    score = round(max(0.0, min(100.0, score)), 2)
    return (score, text_score, best_i, best_tsr, best_jac, coverage, shared, confidence, actor_score, missing,
            accused, role, direction, year_conflict, number_conflict, topic if has_topic else None,
            context_bonus, bm25_norm, bm25_rel, topic_low, best_content, substituted, vague, thing_conflict, headline)


MODEL_FEATURES = (
    "tsr", "jaccard", "content", "coverage", "confidence", "bm25_norm", "bm25_rel", "actor", "accused", "role",
    "direction_conflict", "substituted", "year_conflict", "number_conflict", "topic", "topic_low", "has_topic",
    "context", "vague", "role_x_content", "accused_x_content", "actor_x_content", "role_x_vague", "accused_x_vague",
    "tsr_x_confidence",
)
"""The inputs of the logistic model (`Weights.model`), in `_model_features` order."""


def _model_features(tsr: float, jaccard: float, content: float, coverage: float, confidence: float, bm25_norm: float,
                    bm25_rel: float, actor: float, accused: float, role: float, direction_conflict: float,
                    substituted: float, year_conflict: float, number_conflict: float, topic: float,
                    topic_low: float, context: float, vague: float, has_topic: bool) -> tuple[float, ...]:
    agree = content * confidence
    return (tsr, jaccard, content, coverage, confidence, bm25_norm, bm25_rel, actor, accused, role,
            direction_conflict, substituted, year_conflict, number_conflict, topic, topic_low, float(has_topic),
            context, vague, role * agree, accused * agree, actor * agree, role * vague, accused * vague,
            tsr * confidence)


def _candidate(index: MatchIndex, q: _Query, claim: _Claim, parts: tuple, bm25: float, context: float,
               full: bool = True, scope: dict[str, Any] | None = None) -> Candidate:
    """A scored claim with its breakdown (without one unless `full`), for the results a caller gets back."""
    if not full:
        return Candidate(claim_id=claim.claim_id, score=parts[0], text_score=round(parts[1], 2),
                         actor_score=round(parts[8], 3), direction_score=parts[12], number_score=0.0)
    (score, text_score, best_i, best_tsr, best_jac, coverage, shared, confidence, actor_score, missing, accused,
     role, direction, year_conflict, number_conflict, topic, context_bonus, _bm25_norm, _bm25_rel, _topic_low,
     content, substituted, _vague, thing_conflict, headline) = parts
    prop = q.prop
    best_rep = claim.reps[best_i] if best_i >= 0 else None
    w = index.weights
    return Candidate(
        claim_id=claim.claim_id,
        score=score,
        text_score=round(text_score, 2),
        actor_score=round(actor_score, 3),
        direction_score=direction,
        number_score=round(year_conflict * w.year / (w.number or 1.0) + number_conflict, 3),
        role_score=round(role, 3),
        context_score=round(context_bonus, 3),
        topic_score=round(topic or 0.0, 3),
        bm25=round(bm25, 4),
        compared_text=prop.norm,
        candidate_text=best_rep.norm if best_rep is not None else "",
        rep_text=best_rep.text if best_rep is not None else "",
        breakdown={
            "token_set_ratio": round(best_tsr, 2),
            "weighted_jaccard": round(best_jac, 3),
            "content_jaccard": round(content, 3),
            "coverage": round(coverage, 3),
            "shared_idf": round(shared, 3),
            "confidence": round(confidence, 3),
            "bm25": round(bm25, 4),
            "role": round(role, 3),
            "accused": accused,
            "query_accused": sorted(q.accused),
            "claim_accused": sorted(claim.accused),
            "actors_missing": missing,
            "actor_substituted": substituted,
            "thing_conflict": thing_conflict,
            "query_actors": sorted(q.actors),
            "direction": list(prop.direction) if prop.direction else None,
            "years": sorted(prop.years),
            "claim_years": sorted(claim.years),
            "topic": round(topic, 3) if topic is not None else None,
            "headline": round(headline, 3) if headline is not None else None,
            "context": round(context, 3),
            "context_bonus": round(context_bonus, 3),
            "direction_agreement": direction,
            "year_conflict": year_conflict,
            "number_conflict": number_conflict,
            "capped": score <= w.conflict_cap and bool(direction < 0 or year_conflict or substituted or accused < 0
                                                       or thing_conflict),
            "searched": scope,
        },
    )


def score_candidate(index: MatchIndex, prop: Proposition, claim: _Claim, tsr_values: Sequence[float],
                    bm25: float, context: float = 0.0, topic_terms: frozenset[str] = frozenset(),
                    bm25_top: float = 0.0, scope: dict[str, Any] | None = None) -> Candidate:
    """One claim scored for one proposition, with its breakdown (the slow path's entry point)."""
    q = _Query(index, prop, topic_terms, bm25_top)
    return _candidate(index, q, claim, _score(index, q, claim, tsr_values, bm25, context), bm25, context,
                      scope=scope)


def wording_key(prop: Proposition) -> int:
    """A stable 64-bit key of what a mention says: its terms, in any order, and who it says acts on whom (the
    same in every process). Who says it and how are left out: a denial in the words of the allegation is that
    claim. Word order is left out too: apart from the direction, the scorer does not read it."""
    raw = "\x1f".join(sorted(prop.term_set)) + "\x1e" + ">".join(prop.direction or ())
    return int.from_bytes(hashlib.blake2b(raw.encode("utf-8"), digest_size=8).digest(), "little")


@lru_cache(maxsize=1)
def default_normalizer() -> Normalizer:
    """The normaliser built from the seed alias table (shared, read-only)."""
    return Normalizer()


# --- the slow reference -------------------------------------------------------------------------------


def reference_search(index: MatchIndex, text: str, claimant: str | None = None, top: int = 5, *,
                     stance: Stance | str = Stance.ASSERTS, context: Mapping[int, float] | None = None,
                     topic: str | None = None, enough: float | None = None) -> list[Candidate]:
    """`MatchIndex.search` computed the obvious way: dicts and loops, one rapidfuzz call per pair.

    Every live claim's BM25 score is summed term by term from its term set (the title's words weighted in for a
    vague mention); of the claims naming an actor of a mention with a claimant (all, if none does or it has
    none) the best `index.candidates` are kept (ties: older claim first), and each is scored with scalar
    `fuzz.token_set_ratio`. With `enough`, the claims whose wordings name two of the mention's `block_actors`
    are tried first, and kept when the best of them scores `enough`.
    """
    prop = index.normalizer.analyze(text, claimant, stance)
    if enough is not None and prop.claimant:
        about = block_actors(prop)
        pair_block = {slot for slot, claim in enumerate(index._claims)
                      if claim.alive and len(about & set(claim.actors)) >= 2}
        if pair_block:
            scope = {"claims": len(pair_block), "naming": sorted(index.normalizer.actor_name(a) for a in about),
                     "two_of": True}
            found = _reference_ranking(index, prop, top, context, topic, pair_block, scope)
            if found and found[0].score >= enough:
                return found
    return _reference_ranking(index, prop, top, context, topic, None, None)


def _reference_ranking(index: MatchIndex, prop: Proposition, top: int, context: Mapping[int, float] | None,
                       topic: str | None, only: set[int] | None, scope: dict[str, Any] | None) -> list[Candidate]:
    """`reference_search` within the claim slots `only` (None: the actor block, or every claim), `scope`
    saying so (None: worked out here)."""
    k1, b, avgdl = index._bm25_params()
    qterms: dict[str, float] = {}
    for term in prop.terms:
        if term in index._term_ids:
            qterms.setdefault(term, 1.0)
    for term in prop.claimant:
        if term in index._term_ids:
            qterms.setdefault(term, index.weights.claimant_query_weight)
    said = sum(_idf(len([c for c in index._claims if c.alive]),
                    sum(1 for c in index._claims if c.alive and t in c.term_weight)) for t in prop.term_set)
    vague = _vagueness(said, index.weights)
    if topic and vague > 0 and index.weights.topic_query > 0:
        for term in index.normalizer.topic_terms(topic):
            if term in index._term_ids:
                qterms.setdefault(term, index.weights.topic_query * vague)
    # the block: live claims naming an actor of the mention (its text or its claimant), when there are any
    named = named_actors(prop) if prop.claimant else []
    block = only if only is not None else {slot for slot, claim in enumerate(index._claims)
                                           if claim.alive and any(claim.term_weight.get(t, 0.0) > 0 for t in named)}
    if scope is None:
        known = {t for t in named if t in index._term_ids}
        names = sorted(index.normalizer.actor_name(t) for t in known)
        scope = ({"claims": len(block), "naming": names, "two_of": False} if block
                 else {"claims": sum(1 for c in index._claims if c.alive), "naming": [], "two_of": False})
    scores: dict[int, float] = {}
    for term, qw in qterms.items():
        df = sum(1 for c in index._claims if c.alive and term in c.term_weight)
        idf = _idf(len([c for c in index._claims if c.alive]), df)
        for slot, claim in enumerate(index._claims):
            if claim.alive and term in claim.term_weight:
                tf = claim.term_weight[term]
                dl = sum(claim.term_weight.values())
                K = k1 * (1 - b + b * dl / avgdl)
                scores[slot] = scores.get(slot, 0.0) + (qw * idf * (k1 + 1)) * tf / (tf + K)
    if block:
        scores = {slot: v for slot, v in scores.items() if slot in block}
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[: index.candidates]
    chosen = dict(ranked)
    for claim_id in context or {}:
        slot = index._slot.get(claim_id)
        if slot is not None and index._claims[slot].alive:
            chosen.setdefault(slot, 0.0)
    values = {slot: [fuzz.token_set_ratio(prop.norm, rep.norm, processor=None) for rep in index._claims[slot].reps]
              for slot in chosen}
    shortlist: list[int] = []
    if chosen:
        top_bm = max(chosen.values()) or 1.0
        pre = {slot: 0.5 * max(values[slot], default=0.0) / 100.0 + 0.5 * bm / top_bm for slot, bm in chosen.items()}
        d = _direction_weight(prop, index.weights)
        pre_way = {slot: v + d * _way(prop, index._claims[slot]) for slot, v in pre.items()}
        rank = {slot: int(v * _TICKS + 0.5) for slot, v in pre_way.items()}
        h = index.weights.headline
        if h > 0 and not prop.claimant:
            # the order (not the floor) also weighs how much of each claim's headline the mention repeats
            q = _Query(index, prop, frozenset(), top_bm)
            rank = {slot: int(v * (1.0 - h + h * _headline_coverage(index, q, index._claims[slot])) * _TICKS + 0.5)
                    for slot, v in pre_way.items()}
        pre = {slot: int(v * _TICKS + 0.5) for slot, v in pre.items()}
        ranked_pre = sorted(chosen, key=lambda slot: (-rank[slot], slot))
        floor = max(pre.values()) * index.weights.shortlist_ratio
        shortlist = [slot for slot in ranked_pre[: max(index.rerank, top)] if pre[slot] >= floor]
        shortlist += [slot for slot in chosen if slot not in shortlist and index._claims[slot].claim_id in (context or {})]
    out = []
    bm25_top = max(chosen.values(), default=0.0)
    topic_terms = _story_words(index.normalizer.topic_terms(topic)) if topic else frozenset()
    for slot in shortlist:
        claim = index._claims[slot]
        out.append(score_candidate(index, prop, claim, values[slot], chosen[slot],
                                   float((context or {}).get(claim.claim_id, 0.0)), topic_terms, bm25_top, scope))
    out.sort(key=lambda c: (-c.score, -float((context or {}).get(c.claim_id, 0.0)), index._slot[c.claim_id]))
    return out[:top]
