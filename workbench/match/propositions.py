"""A mention's text as the matcher compares it: a `Proposition` (actors as one term each, light lemmas, synonyms
rewritten, numbers, years, the direction of the claim and its modality kept apart), made by a `Normalizer`. Pure.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from ..models import Stance
from ..text.cues import is_admission
from .lexicon import distinct_things, lexicon, synonym_groups
from ..text.aliases import AliasTable
from .actors import ActorHit, ActorTerms, actor_term
from ..text.lemmas import stem, stopwords
from ..text.posts import split_handles
from ..text.tokens import NUMBER, Token, word_tokens

__all__ = ["Normalizer", "Proposition", "accused_of", "block_actors", "default_normalizer", "named_actors",
           "wording_key"]

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
    modality: frozenset[str] = frozenset()
    """What the text says of the act besides its being done: `plan` (a plan, intent, promise or threat: "will
    send", "agreed to withdraw") and `use` (the thing used, or what it did: "used drones", "killed")."""
    admits: bool = False
    """The text admits or confirms ("acknowledged", "an admission"): said by a party on the claim's other side, it
    agrees with the claim rather than answering it."""
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
                              self.claimant_groups, self.modality, self._wording)


def _proposition(text: str, terms: tuple[str, ...], actors: frozenset[str], claimant: tuple[str, ...], stance: Stance,
                 years: frozenset[int], numbers: frozenset[str], direction: tuple[str, str] | None,
                 term_set: frozenset[str], norm: str, said: str, claimant_groups: frozenset[str],
                 modality: frozenset[str], wording: int | None) -> Proposition:
    """A pickled `Proposition`, rebuilt."""
    prop = Proposition(text, terms, actors, claimant, stance, years, numbers, direction, term_set, norm, said,
                       claimant_groups, modality)
    if wording is not None:
        object.__setattr__(prop, "_wording", wording)
    return prop


_ANALYSIS_CACHE = 20_000
"""Propositions kept for texts seen recently (a search and the add after it analyse the same text)."""


class Normalizer:
    """Text -> `Proposition`, with the alias table, lexicon and synonyms of the workbench."""

    def __init__(self, alias_rows: Iterable[tuple[str, str, str, str | None]] | None = None,
                 synonym_rows: Iterable[tuple[str, str]] = ()) -> None:
        """`alias_rows`: the database's alias table (default: the shipped actors); `synonym_rows`: the desk's own
        vocabulary, (phrase, head) pairs read on top of the shipped synonyms (`store.vocabulary`)."""
        table = AliasTable.default() if alias_rows is None else AliasTable.from_rows(alias_rows)
        self.actors = ActorTerms(table)
        lex = lexicon()
        self._stop = stopwords()
        self._neutral = frozenset(stem(w) for w in lex["neutral"]) | frozenset(lex["neutral"])
        self._numbers = {k: str(v) for k, v in lex["numbers"].items()}
        self._source_markers = frozenset(lex["source_markers"])
        self._target_markers = frozenset(lex["target_markers"])
        self._we = frozenset(lex["claimant_pronouns"])
        self._they = frozenset(lex["denial_pronouns"])
        self._phrases: dict[tuple[str, ...], str] = {}
        for group in synonym_groups():
            canonical = self._lemma_key(group[0])
            head = " ".join(canonical)
            for entry in group:
                key = self._lemma_key(entry)
                if key and key not in self._phrases:
                    self._phrases[key] = head
        for phrase, word in synonym_rows:  # the desk's words come last and win: it knows its story
            key = self._lemma_key(phrase)
            if key:
                self._phrases[key] = self._head(word)
        self._phrase_first = {k[0] for k in self._phrases}
        self._phrase_max = max((len(k) for k in self._phrases), default=1)
        self.thing_sets = tuple(frozenset(self._head(w) for w in words) for words in distinct_things().values())
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
        self._modality = {kind: frozenset(stem(w) for w in words) | frozenset(words)
                          for kind, words in lex.get("modality", {}).items()}
        self._cache: dict[tuple[str, tuple[str, ...], str], Proposition] = {}

    def _head(self, word: str) -> str:
        key = self._lemma_key(word)
        return self._phrases.get(key, " ".join(key))

    @staticmethod
    def _lemma_key(phrase: str) -> tuple[str, ...]:
        return tuple(stem(t.norm) for t in word_tokens(phrase.replace("-", " ")))

    def topic_terms(self, title: str | None) -> tuple[str, ...]:
        """The content terms of an article title (distinct)."""
        if not title:
            return ()
        return tuple(dict.fromkeys(self.analyze(title).terms))

    def claimant_terms(self, claimant: str | None) -> tuple[str, ...]:
        """Actor terms of a claimant name ("France; Germany; United States" gives three)."""
        return self.actors.claimant(claimant)

    def actor_name(self, term: str) -> str:
        """The name of the actor behind a term (`@north_korea` -> North Korea)."""
        return self.actors.names.get(term) or term.lstrip("@").replace("_", " ").title()

    def analyze(self, text: str, claimant: str | None = None, stance: Stance | str = Stance.ASSERTS,
                quote: str | None = None) -> Proposition:
        """The proposition of `text` as said by `claimant` with `stance`. `quote`: the words that attribute it, when
        `text` is a proposition stored apart from them ("X admitted that C" stores C): they, not the proposition,
        say whether it admits."""
        stance = Stance(stance)
        who = self.claimant_terms(claimant)
        key = (text, who, stance.value)
        found = self._cache.get(key)
        if found is None:
            found = self._analyze(text, who, stance)
            if len(self._cache) >= _ANALYSIS_CACHE:
                self._cache.clear()
            self._cache[key] = found
        if quote and quote != text:
            admits = is_admission(quote)
            if admits != found.admits:
                found = replace(found, admits=admits)
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
        text_read = split_handles(text)
        toks = word_tokens(text_read)
        mixed = any(c.isupper() for c in text) and any(c.islower() for c in text)
        hits = {h.start: h for h in self.actors.hits(toks, text_read, "mixed" if mixed else "caseless")}
        if self.collectives and who and len(hits) > 1:
            # (a text without a claimant names places in passing: "towns in France and Britain" are no one)
            hits = self._collect(toks, hits)
        lemmas = [t.norm if NUMBER.fullmatch(t.norm) else stem(t.norm) for t in toks]
        years: set[int] = set()
        numbers: set[str] = set()
        items = self._items(toks, lemmas, hits, who, stance, years, numbers)
        direction = self._direction(items)
        if direction is not None:
            # "Russia received drones from Iran" says what "Iran supplied drones to Russia" says
            items = [("W", self._active) if kind == "W" and value in self._inverse else (kind, value)
                     for kind, value in items]
        terms, actors = _terms_of(items)
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
            modality=self._modality_of(toks, lemmas),
            admits=is_admission(text),
        )

    def _items(self, toks: Sequence[Token], lemmas: Sequence[str], hits: dict[int, ActorHit], who: tuple[str, ...],
               stance: Stance, years: set[int], numbers: set[str]) -> list[tuple[str, Any]]:
        """The text read as items (kind, value); kinds: A actor(s), N number, W word (lemma), M marker, V relation
        verb. The years and other numbers it gives go into `years` and `numbers`."""
        items: list[tuple[str, Any]] = []
        i, n = 0, len(toks)
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
                head, matched = self._phrase_at(lemmas, hits, i)
                if matched:
                    items.append(("W", head))
                    i += matched
                    continue
            norm = toks[i].norm
            if NUMBER.fullmatch(norm):
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
        return items

    def _phrase_at(self, lemmas: Sequence[str], hits: dict[int, ActorHit], i: int) -> tuple[str | None, int]:
        """The synonym phrase starting at token `i`, longest first, not across an actor: (its head, its length),
        or (None, 0)."""
        n = len(lemmas)
        for length in range(min(self._phrase_max, n - i), 0, -1):
            if any((i + j) in hits for j in range(1, length)):
                continue
            head = self._phrases.get(tuple(lemmas[i : i + length]))
            if head is not None:
                return head, length
        return None, 0

    def _modality_of(self, toks: Sequence[Token], lemmas: Sequence[str]) -> frozenset[str]:
        """The modality classes (`Proposition.modality`) whose cue words the text uses."""
        found = {kind for kind, cues in self._modality.items()
                 if any(t.norm in cues or lemma in cues for t, lemma in zip(toks, lemmas))}
        return frozenset(found)

    def _collect(self, toks: Sequence[Token], hits: dict[int, ActorHit]) -> dict[int, ActorHit]:
        """Two or more members of a collective named together ("the US and Britain", "France, Germany and the
        UK") stand for the collective (the West)."""
        runs: list[list[ActorHit]] = []
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
                    out[hit.start] = ActorHit(hit.start, hit.length, actors)
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


def accused_of(prop: Proposition) -> frozenset[str]:
    """Whom the mention's claim is about: the actors an assertion names besides its claimant; for a denial,
    the denier itself (people mostly deny what they are accused of)."""
    if prop.stance == Stance.DENIES:
        return frozenset(prop.claimant)
    return frozenset(a for a in prop.actors if a not in prop.claimant)



def named_actors(prop: Proposition) -> list[str]:
    """The actor terms of a mention's text, its claimant and the collectives its claimant belongs to: what the
    actor block of an attributed mention is made of."""
    return [t for t in (*prop.terms, *prop.claimant, *prop.claimant_groups) if t[0] == "@"]


def block_actors(prop: Proposition) -> frozenset[str]:
    """The actors a mention's claim is about, for blocking: those its text names (an assertion's claimant
    aside: "the US accuses Iran" is about Iran), and the collectives a denier belongs to."""
    named = prop.actors | prop.claimant_groups if prop.stance == Stance.DENIES else prop.actors
    return named - set(prop.claimant) if prop.stance == Stance.ASSERTS else named


def _terms_of(items: Sequence[tuple[str, Any]]) -> tuple[list[str], set[str]]:
    """A proposition's terms (actors, words and numbers in order, no term twice in a row) and its actors."""
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
    return terms, actors
