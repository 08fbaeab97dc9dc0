"""Who speaks, as extraction records it: the people an article names, a speaker phrase being resolved, and the
speaker it resolves to. Pure data; `people` fills and reads them."""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import Document

__all__ = ["Person", "People", "Speaker", "Phrase"]


@dataclass
class Person:
    """Someone named in the article: the name as written in full, and whom they speak for (None: themselves)."""

    name: str
    affiliation: str | None = None
    official: bool = False
    roles: set[str] = field(default_factory=set)


@dataclass
class People:
    """People named in one article, by full name and by surname."""

    by_key: dict[str, Person] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)
    """Acronyms the article defines ("Rwanda Defence Force (RDF)") -> the claimant of the full name."""
    main_country: str | None = None
    """The country the article names most: the fallback affiliation of an official named without one."""

    def add(self, name: str, affiliation: str | None, official: bool, roles: set[str]) -> Person:
        key = name.lower()
        person = self.by_key.get(key) or self.by_key.get(name.split()[-1].lower())
        if person is None or (person.name.lower() != key and len(name.split()) > 1 and
                              person.name.split()[-1].lower() != name.split()[-1].lower()):
            person = Person(name)
        if len(name) > len(person.name):
            person.name = name
        person.affiliation = person.affiliation or affiliation
        person.official = person.official or official
        person.roles |= roles
        self.by_key[key] = person
        parts = name.split()
        if len(parts) > 1:
            self.by_key.setdefault(parts[-1].lower(), person)
            self.by_key.setdefault(parts[0].lower(), person)
        return person

    def find(self, word: str) -> Person | None:
        return self.by_key.get(word.lower())


@dataclass
class Speaker:
    """Who says something: the phrase as written, the named person, and the claimant it stands for.

    `kind`: state, organisation, collective, person, group, outlet, unknown."""

    phrase: str
    start: int
    end: int
    claimant: str | None
    kind: str
    name: str | None = None
    known: bool = False
    """The claimant is an actor of the alias table."""
    pronoun: bool = False


@dataclass
class Phrase:
    """A speaker phrase being resolved, with what every step of the resolution reads."""

    doc: Document
    people: People
    start: int
    end: int
    history: list[Speaker]

    def __post_init__(self) -> None:
        self.text = self.doc.text[self.start : self.end].strip(" ,")
        self.toks = self.doc.tokens_in(self.start, self.end)
        self.content = [t for t in self.toks if t.norm not in ("the", "a", "an", "some", "many", "several")]

    def speaker(self, claimant: str | None, kind: str, name: str | None = None, known: bool | None = None,
                pronoun: bool = False) -> Speaker:
        if known is None:
            known = claimant is not None and self.doc.aliases.entry(claimant) is not None
        return Speaker(self.text, self.start, self.end, claimant, kind, name, known, pronoun)
