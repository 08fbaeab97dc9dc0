"""Organisations an article introduces by name, with the kind of body each is: a business ("Harlow Foods Ltd",
"Harlow Foods, a bakery chain"), a group, a team or club, an agency. Pure.

They let a later reference find its body: "the company", "the company's finance director", "a company
spokeswoman" -> the business named before; "Harlow" -> "Harlow Foods"; and a claimant is written as the body's
name without its legal suffix ("Harlow Foods Ltd" -> "Harlow Foods"), as a reader would call it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..text.lemmas import stem
from .document import Document
from .names import title_case_line

__all__ = ["Body", "INDUSTRY_NOUNS", "named_bodies", "kind_of_noun", "last_body", "body_name", "body_described",
           "main_business", "body_kind", "last_body_named", "LEGAL_SUFFIX"]

INDUSTRY_NOUNS = frozenset("carmaker automaker airline drugmaker chipmaker miner brewer supermarket grocer utility "
                           "conglomerate multinational giant bank builder".split())
"""A business by its trade ("the carmaker", "the airline said"): a way to name a company again."""
KIND_NOUNS: dict[str, frozenset[str]] = {
    "business": frozenset("company companies firm business maker manufacturer producer retailer supplier chain brand "
                          "startup insurer carrier operator developer contractor distributor lender".split())
    | INDUSTRY_NOUNS,
    "group": frozenset("group charity campaign organisation organization association coalition movement "
                       "alliance network watchdog".split()),
    "team": frozenset("team club side squad".split()),
    "agency": frozenset("agency authority regulator body office commission board service".split()),
}
LEGAL_SUFFIX = re.compile(
    r",?\s+(?:Inc|Ltd|Limited|plc|PLC|Corp|Corporation|LLC|LLP|GmbH|AG|SA|S\.A|NV|BV|SE|Pty|Co)\b\.?")
_NAME = r"(?:[A-Z][\w'’&-]*(?: (?:& |of |and )?[A-Z][\w'’&-]*){0,4})"
_SUFFIXED = re.compile(r"\b(" + _NAME + r")" + LEGAL_SUFFIX.pattern)
_WORDS = r"((?:[a-z][\w'’-]*\s+){0,3}[a-z][\w'’-]*)"
# "Harlow Foods, a bakery chain based in ...", "Harlow Foods, the city's largest employer"
_NAME_THEN_NOUN = re.compile(r"\b(" + _NAME + r"),\s+(?:a|an|the)\s+" + _WORDS)
# "Her team, Rovers FC,", "the maker of that cereal, Harlow Foods,"
_NOUN_THEN_NAME = re.compile(r"\b(?:[Aa]|[Aa]n|[Tt]he|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)\s+" + _WORDS
                             + r"(?:\s+of\s+[\w\s'’-]{1,40}?)?,\s+(" + _NAME + r")\s*[,.;]")
# "pharmacy chain Wellgood", "the firm Veltrix"
_BARE_NOUN_NAME = re.compile(r"\b([a-z]+) (" + _NAME + r")\b")
_DETERMINERS = frozenset("the a an".split())


@dataclass(frozen=True)
class Body:
    """An organisation named in the text: where, its name (legal suffix removed) and its kind."""

    start: int
    name: str
    kind: str


def kind_of_noun(words: str) -> str | None:
    """The kind of body the first noun of that kind among some words names ("bakery chain based" -> business),
    None when there is none."""
    for word in words.lower().split():
        kind = next((kind for kind, nouns in KIND_NOUNS.items() if word in nouns), None)
        if kind is not None:
            return kind
    return None


def _clean(doc: Document, name: str) -> str | None:
    name = LEGAL_SUFFIX.sub("", name).strip(" ,.")
    words = name.split()
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    if not words:
        return None
    hit = doc.aliases.lookup(" ".join(words))
    if hit is not None and hit.kind == "country":
        return None  # "Britain, the country that ...": a state, not a body
    return " ".join(words)


def named_bodies(doc: Document) -> list[Body]:
    """Every organisation the article names together with the kind of body it is, in text order (cached)."""
    cached = getattr(doc, "_named_bodies", None)
    if cached is not None:
        return cached
    found: dict[tuple[int, str], Body] = {}
    words = doc.cues.words
    roles = words["official_role"] | words["private_role"]

    def add(start: int, name: str, kind: str | None, described_by: str = "") -> None:
        if any(w in roles and kind_of_noun(w) is None for w in described_by.lower().split()):
            return  # "A company spokesman, Jane Roe,": a person
        clean = _clean(doc, name) if kind else None
        if clean and clean.split()[0].lower() not in words["title"]:
            found.setdefault((start, clean), Body(start, clean, kind))

    for m in _SUFFIXED.finditer(doc.text):
        add(m.start(1), m.group(1), "business")
    for m in _NAME_THEN_NOUN.finditer(doc.text):
        add(m.start(1), m.group(1), kind_of_noun(m.group(2)), m.group(2))
    for m in _NOUN_THEN_NAME.finditer(doc.text):
        add(m.start(2), m.group(2), kind_of_noun(m.group(1)), m.group(1))
    for m in _BARE_NOUN_NAME.finditer(doc.text):
        add(m.start(2), m.group(2), kind_of_noun(m.group(1)))
    bodies = sorted(found.values(), key=lambda b: b.start)
    doc._named_bodies = bodies  # type: ignore[attr-defined]
    return bodies


def last_body(doc: Document, kind: str, before: int) -> str | None:
    """The body of that kind named last before `before`, else the first named after it (a headline's "the
    company" is named in the body)."""
    bodies = [b for b in named_bodies(doc) if b.kind == kind]
    earlier = [b for b in bodies if b.start < before]
    if earlier:
        return earlier[-1].name
    return bodies[0].name if bodies else None


def body_name(doc: Document, claimant: str) -> str:
    """A claimant written as the article names the body: without a legal suffix, and a short name ("Harlow") as the
    full name the article gives ("Harlow Foods")."""
    name = LEGAL_SUFFIX.sub("", claimant).strip(" ,.") or claimant
    for body in named_bodies(doc):
        if body.name != name and body.name.startswith(name + " "):
            return body.name
    if " " not in name and name[:1].isupper():
        return _written_in_full(doc, name) or name
    return name


def _written_in_full(doc: Document, name: str) -> str | None:
    """"Harlow" -> "Harlow Foods" when the text writes that longer name somewhere (not in a title-case line, and
    with no verb, title or role word among the added words)."""
    words = doc.cues.words
    for m in re.finditer(r"\b" + re.escape(name) + r"((?: [A-Z][\w'’&-]*){1,3})", doc.text):
        added = m.group(1).split()
        if LEGAL_SUFFIX.match(m.group(1)):
            continue  # "Acme Corp" is Acme
        if any(w.lower() in words["title"] or w.lower() in words["official_role"] or doc.cues.is_verb_form(w.lower())
               or w.endswith(("'s", "’s")) for w in added):
            continue
        line_start = doc.text.rfind("\n", 0, m.start()) + 1
        line_end = doc.text.find("\n", m.end())
        if title_case_line(doc, line_start, line_end if line_end >= 0 else len(doc.text)):
            continue
        return name + m.group(1)
    return None


# a capitalised run of two words or more, "of", "for", "and", "&" inside it ("Fair Deal Consumers", "Office of
# Fair Trading")
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w'’&-]*(?:\s+(?:(?:of|for|and|&|the)\s+)*[A-Z][\w'’&-]*)+")
_DESCRIPTORS = frozenset("the a an this that its their local national regional independent".split())


def _stems(words: str) -> set[str]:
    return {stem(w) for w in re.split(r"[^\w]+", words.lower()) if w}


@lru_cache(maxsize=4096)
def _name_stems(name: str) -> frozenset[str]:
    return frozenset(_stems(name))


def body_described(doc: Document, description: str, people: frozenset[str] = frozenset()) -> str | None:
    """"a consumer group" -> "Fair Deal Consumers", "the health agency" -> "Eastmoor Public Health Agency": the one
    organisation the article names in capitals whose name holds every word that describes the body and ends with one
    of them (the kind noun need not be in it: "group"), when no other name the article gives does. `people`: names
    that are persons.
    None for a bare kind noun ("the group": whoever spoke as one), or when two names fit."""
    words = [w for w in re.split(r"\s+", description.strip().lower()) if w and w not in _DESCRIPTORS]
    if len(words) < 2 or kind_of_noun(words[-1]) is None or not all(re.fullmatch(r"[a-z][\w-]*", w) for w in words):
        return None
    wanted = _stems(" ".join(words[:-1]))
    head = stem(words[-1])
    found: set[str] = set()
    for name in _names_in_capitals(doc, people):
        stems = _name_stems(name)
        last = stem(name.split()[-1].lower())  # the name's own head is what the description names: "Fair Deal
        if wanted <= stems and last in wanted | {head} \
                and (head in stems or kind_of_noun(name) in (None, kind_of_noun(words[-1]))):
            found.add(name)  # Consumers", "... Health Agency"; not "Armed Forces of the ..." for "an armed group"
    return found.pop() if len(found) == 1 else None


def _names_in_capitals(doc: Document, people: frozenset[str] = frozenset()) -> list[str]:
    """The names of two words or more the article writes in capitals outside title-case lines, in text order, that
    are neither `people` nor actors of the alias table (cached)."""
    cached = getattr(doc, "_names_in_capitals", None)
    if cached is None:
        cached = []
        for m in _CAPITALISED_RUN.finditer(doc.text):
            name = re.sub(r"^(?:The|A|An)\s+", "", LEGAL_SUFFIX.sub("", m.group(0)).strip(" ,."))
            if " " not in name or doc.aliases.lookup(name) is not None:
                continue
            line_start = doc.text.rfind("\n", 0, m.start()) + 1
            line_end = doc.text.find("\n", m.end())
            if not title_case_line(doc, line_start, line_end if line_end >= 0 else len(doc.text)):
                cached.append(name)  # a headline's capitals are no name
        doc._names_in_capitals = cached  # type: ignore[attr-defined]
    return [n for n in cached if n not in people]


def main_business(doc: Document) -> str | None:
    """The business an article is about when it names none as one: the organisation whose name's first word the
    article writes most often, at least three times ("Lumora Mobility" ... "Lumora said" ... "at Lumora"), and
    more often than any other; an agency, a group or a team is no business (cached)."""
    if not hasattr(doc, "_main_business"):
        doc._main_business = _main_business(doc)  # type: ignore[attr-defined]
    return doc._main_business  # type: ignore[attr-defined]


def _main_business(doc: Document) -> str | None:
    counts: dict[str, int] = {}
    for name in dict.fromkeys(_names_in_capitals(doc)):
        if kind_of_noun(name) not in (None, "business"):
            continue
        first = name.split()[0]
        counts[name] = len(re.findall(r"\b" + re.escape(first) + r"\b", doc.text))
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 3 or len(ranked) > 1 and ranked[1][1] == ranked[0][1] \
            and ranked[1][0].split()[0] != ranked[0][0].split()[0]:
        return None
    return ranked[0][0]


def body_kind(doc: Document, name: str) -> str | None:
    """The kind of body a claimant is, as far as the article tells: how it introduces it ("Harlow Foods, a bakery
    chain"), the business it is about (`main_business`), else a kind noun in the name ("... Health Agency")."""
    kind = next((b.kind for b in named_bodies(doc) if b.name == name), None)
    if kind is None and name == main_business(doc):
        return "business"
    return kind or kind_of_noun(name)


def last_body_named(doc: Document, before: int, people: frozenset[str] = frozenset()) -> str | None:
    """The last name in capitals before `before` (in the sentences up to it) that is not one of `people` nor an actor
    of the table: the body "its chief executive" or "the company's founder" belongs to."""
    found = None
    for m in _CAPITALISED_RUN.finditer(doc.text, max(0, before - 600), before):
        name = re.sub(r"^(?:The|A|An|Its|Their)\s+", "", LEGAL_SUFFIX.sub("", m.group(0)).strip(" ,."))
        if " " in name and not any(p in name for p in people) and doc.aliases.lookup(name) is None \
                and kind_of_noun(name) in (None, "business") and name.split()[0].lower() not in doc.cues.words["title"]:
            found = name  # "Mayor Elena Brandt" is a person with her title
    return found
