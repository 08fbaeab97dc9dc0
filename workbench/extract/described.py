"""Speakers read from descriptions and from who spoke before: a body by its kind ("a consumer group"), a person by
a nationality and a private role ("a British economist"), people who spoke together ("the former cooks"), a
spokesperson named alone, the holder of a one-person office. Steps of `people.resolve_speaker`. Pure."""

from __future__ import annotations

import re

from .bodies import body_described, kind_of_noun, main_business
from .document import Document
from ..text.tokens import Token
from .names import SPOKESPEOPLE
from .organisations import BODY_HEADS, QUANTIFIERS
from .speakers import Person, Phrase, Speaker

__all__ = ["body_named_later", "by_description", "private_with_demonym", "people_named_together",
           "spokesperson_of_last", "office_described_before", "described_before", "DESCRIBED_HEADS"]


def spokesperson_of_last(ph: Phrase, person: Person) -> Speaker | None:
    """A spokesperson named with nobody to speak for, right after someone else spoke ("In a statement, the mayor's
    office said ... . Spokeswoman Priya Lund called the accusation a stunt."): the one who just spoke, in this
    sentence or the one before."""
    doc = ph.doc
    if person.affiliation or not person.roles & SPOKESPEOPLE or not ph.history:
        return None
    named = set(person.name.split())
    if any(t.raw[:1].isupper() and t.raw not in named and t.norm not in doc.cues.words["title"]
           and t.norm not in SPOKESPEOPLE for t in ph.toks):
        return None  # "Harlow Foods spokeswoman Priya Lund": someone to speak for is named
    last = ph.history[-1]
    if not last.claimant or last.name == person.name or last.claimant == person.name:
        return None
    here = next((k for k, s in enumerate(doc.sentences) if s.start <= ph.start < s.end), None)
    there = next((k for k, s in enumerate(doc.sentences) if s.start <= last.start < s.end), None)
    return last if here is not None and there is not None and 0 <= here - there <= 1 else None


def office_described_before(ph: Phrase, person: Person) -> Speaker | None:
    """A person holding an office that spoke earlier under its description ("The Harwick ethics commissioner has
    found ... . Commissioner Alan Whitcombe confirmed ..."): a one-person office speaks as itself."""
    if person.affiliation or not person.roles:
        return None
    for sp in reversed(ph.history):
        if sp.claimant and sp.name is None and sp.kind != "person" and " " in sp.claimant \
                and sp.claimant.split()[-1].lower() in person.roles:
            return sp
    return None


def by_description(ph: Phrase) -> Speaker | None:
    """"A consumer group", "the health agency": the one body the article names whose name those words describe;
    "a Port Ellery supplement maker": an unnamed business (a place or brand before its kind) is the one the article
    is about."""
    if ph.doc.hits_in(ph.start, ph.end):
        return None
    body = body_described(ph.doc, ph.text, frozenset(p.name for p in ph.people.by_key.values()))
    if body is None and ph.toks and ph.toks[0].norm in ("a", "an") and len(ph.toks) <= 6 \
            and kind_of_noun(ph.toks[-1].norm) == "business" and ph.toks[-2].raw.islower():
        body = main_business(ph.doc)
    return ph.speaker(body, "organisation") if body is not None else None


_FOR_OTHERS = frozenset("former lawyer attorney".split())


def private_with_demonym(ph: Phrase) -> Speaker | None:
    """"A British economist", "a US investigative journalist": a person speaking for themselves, whose nationality
    is no state speaking: the person the article names with that role, else the description itself."""
    doc, toks = ph.doc, ph.toks
    words = doc.cues.words
    private = {t.norm for t in toks if t.norm in words["private_role"]} - _FOR_OTHERS
    hits = doc.hits_in(ph.start, ph.end)
    if not private or not hits or toks[-1].norm not in private \
            or any(t.norm in words["official_role"] or t.norm in _FOR_OTHERS or t.possessive for t in toks) \
            or any(h.entry is None or h.entry.kind != "country" for h in hits):
        return None
    holders = {id(p): p for p in ph.people.by_key.values() if p.roles & private}
    if len(holders) == 1:  # the one person the article names with that role
        known = next(iter(holders.values()))
        return ph.speaker(known.affiliation or known.name, "person", known.name, known=False)
    content = [t for t in ph.content if t.norm not in QUANTIFIERS]
    text = " ".join(doc.text[content[0].start : content[-1].end].split())
    return ph.speaker(text[:1].upper() + text[1:], "person", known=False)


_TOGETHER = frozenset("two pair both three".split())


def people_named_together(ph: Phrase) -> Speaker | None:
    """"The former staff", "the two nurses", "the pair": people who spoke together before, named in a joint claimant
    ("Lea Hart; Omar Haddad"), when the phrase is a plural of people or counts them."""
    toks = ph.toks
    words = ph.doc.cues.words
    if not toks or toks[0].norm != "the" or len(toks) > 4:
        return None
    joint = next((sp for sp in reversed(ph.history) if sp.kind in ("person", "collective") and sp.claimant
                  and "; " in sp.claimant), None)
    if joint is None:
        return None
    head = toks[-1].norm
    people_words = words["group_speaker"] | words["official_role"] | words["private_role"]
    sentence = next((s for s in ph.doc.sentences if s.start <= joint.start < s.end), None)
    described = sentence is not None and head.endswith("s") and any(  # "Two former cooks, A and B" ... "the cooks"
        t.norm == head for t in ph.doc.tokens_in(sentence.start, joint.start))
    if not (head in _TOGETHER or any(t.norm in _TOGETHER for t in toks[1:-1]) or described
            or head in people_words and (head.endswith("s") or head == "staff")):
        return None
    return ph.speaker(joint.claimant, joint.kind, known=False, pronoun=True)


DESCRIBED_HEADS = frozenset("ministry department agency office committee commission council authority regulator "
                             "hospital clinic school university college club church court board inquiry panel".split())


def described_before(doc: Document, head: str, before: int) -> str | None:
    """"the ministry" after "the health ministry" was named: that body, as the text described it ("Health ministry")."""
    if head not in DESCRIBED_HEADS:
        return None
    found = None
    for m in re.finditer(rf"\b(?:the|a|an|its|their)\s+((?:[A-Za-z][\w-]*\s+){{1,2}}{head})\b", doc.text[:before]):
        words = m.group(1).split()
        if not any(w.lower() in doc.cues.words["official_role"] or w.lower() in ("same", "other", "new", "former")
                   for w in words[:-1]):
            found = m.group(1)
    return found[:1].upper() + found[1:] if found else None


_BODY_IN_TEXT = re.compile(r"\b(?:[Tt]he|[Aa]n?)\s+((?:[a-z][\w-]*\s+){1,3}(?:" + "|".join(BODY_HEADS) + r"))\b")


def body_named_later(doc: Document, toks: list[Token], start: int) -> str | None:
    """A headline's "Regulator says ...": the body the article then describes ("the national food standards
    agency"), when the headline names it by a word of its kind alone (regulator, agency, watchdog, authority)."""
    content = [t for t in toks if t.norm not in ("the", "a", "an")]
    sentence = next((s for s in doc.sentences if s.start <= start < s.end), None)
    if len(content) != 1 or content[0].norm not in BODY_HEADS or sentence is None or not doc.is_headline(sentence):
        return None
    m = _BODY_IN_TEXT.search(doc.text, sentence.end)
    return m.group(1)[:1].upper() + m.group(1)[1:] if m else None
