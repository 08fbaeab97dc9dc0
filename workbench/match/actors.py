"""Actors as the matcher reads them: the actor terms of the names in a text (`ActorHit`, read with the shared
alias table `workbench.text.aliases.AliasTable`, as extraction reads them) and of a claimant's name. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text.aliases import ActorEntry, AliasTable, Case
from ..text.tokens import Token, fold, word_tokens

__all__ = ["ActorHit", "ActorTerms", "actor_term"]


@dataclass(frozen=True)
class ActorHit:
    """An actor alias found in a text."""

    start: int
    """Token index of the first token."""
    length: int
    actors: tuple[str, ...]
    """Canonical actor terms (a person adds their affiliation and themselves); none for a place or a medium."""


def actor_term(name: str) -> str:
    """The matching term of a canonical actor: `United States` -> `@united_states`."""
    return "@" + re.sub(r"[^0-9a-z]+", "_", fold(name)).strip("_")


class ActorTerms:
    """The alias table's actors as matching terms: hits in running text and claimant names."""

    def __init__(self, table: AliasTable) -> None:
        self.table = table
        self.names: dict[str, str] = {}
        """Actor term -> the actor's name (`@united_states` -> United States)."""
        for entry in table.actors():
            self.names.setdefault(actor_term(entry.name), entry.name)
            if entry.affiliation:
                self.names.setdefault(actor_term(entry.affiliation), entry.affiliation)
        self._terms: dict[ActorEntry, tuple[str, ...]] = {}
        self._claimants: dict[str, tuple[str, ...]] = {}

    def terms(self, entry: ActorEntry | None) -> tuple[str, ...]:
        """The terms of an actor: a person with an affiliation stands for it and stays a word of the text
        (`@@vladimir_putin`)."""
        if entry is None:
            return ()
        found = self._terms.get(entry)
        if found is None:
            if entry.kind == "person" and entry.affiliation:
                found = (actor_term(entry.affiliation), "@" + actor_term(entry.name))
            else:
                found = (actor_term(entry.name),)
            self._terms[entry] = found
        return found

    def hits(self, toks: Sequence[Token], text: str, case: Case) -> list[ActorHit]:
        """The actors named in `text` (its tokens `toks`), by token index."""
        return [ActorHit(h.token_index, h.length, self.terms(h.entry)) for h in self.table.scan(toks, text, case)]

    def claimant(self, claimant: str | None) -> tuple[str, ...]:
        """Actor terms of a claimant name, sorted: joint statements split on ';', '|' and "and" ("France and
        Germany" gives two, "Antigua and Barbuda" one); in a longer phrase its longest alias ("Iran's foreign
        ministry" -> Iran); a name the table does not know is an actor of its own."""
        if not claimant or not claimant.strip():
            return ()
        found = self._claimants.get(claimant)
        if found is not None:
            return found
        whole = self.table.lookup(claimant)
        if whole is not None:
            result: tuple[str, ...] = (actor_term(whole.canonical),)
        else:
            terms: list[str] = []
            for part in re.split(r"\s*[;|]\s*|\s+and\s+", claimant.strip()):
                if part:
                    entry = self.table.lookup(part) or self._inside(part)
                    term = actor_term(entry.canonical) if entry else actor_term(part)
                    if term not in terms:
                        terms.append(term)
            result = tuple(sorted(terms))
        if len(self._claimants) < 100_000:
            self._claimants[claimant] = result
        return result

    def _inside(self, phrase: str) -> ActorEntry | None:
        """The longest alias inside `phrase`, the first of equal length."""
        norms = [t.norm for t in word_tokens(phrase)]
        for length in range(len(norms), 0, -1):
            for start in range(0, len(norms) - length + 1):
                entry = self.table.lookup(" ".join(norms[start : start + length]))
                if entry is not None:
                    return entry
        return None
