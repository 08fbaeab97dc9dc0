"""Speakers named as groups of people: "witnesses", "local residents", "opposition lawmakers", a former office
holder, and a leading time phrase that is no speaker ("Late March, ..."). Pure."""

from __future__ import annotations

from ..text.tokens import Token
from .document import Document
from .names import MONTHS_DAYS, TIME_WORDS, hit_at
from .organisations import QUANTIFIERS

__all__ = ["group_of", "plural_role_group", "former_members", "former_office_holder", "after_time_phrase"]


def group_of(doc: Document, toks: list[Token]) -> str | None:
    """A group of people named by a plural noun ("witnesses", "local residents"), as a claimant ("Witnesses",
    "Local residents"); quantifiers go ("some diplomats" -> "Diplomats")."""
    words = doc.cues.words["group_speaker"]
    for k in range(len(toks)):
        for n in (2, 1):
            phrase = " ".join(t.norm for t in toks[k : k + n])
            if len(toks[k : k + n]) == n and phrase in words:
                if k + n < len(toks) and toks[k + n].norm in words:
                    break  # "patients' groups", "farmers unions": the group is named by the last noun
                lead = [t for t in toks[:k] if t.norm not in QUANTIFIERS and (t.raw.isalpha() or t.possessive)
                        and hit_at(doc, t) is None and (not t.possessive or t.norm in words)]
                text = " ".join([t.raw if t.possessive else t.norm for t in lead[-1:]] + [phrase])
                return text[:1].upper() + text[1:]
    return None


_PEOPLE_ROLES = frozenset("lawmakers legislators officials politicians mps senators ministers diplomats officers "
                          "members leaders executives doctors nurses teachers scientists".split())


def plural_role_group(doc: Document, toks: list[Token]) -> str | None:
    """"Opposition lawmakers", "some senior officials": people of a role, named by no actor, as a group."""
    content = [t for t in toks if t.norm not in QUANTIFIERS]
    if not content or content[-1].norm not in _PEOPLE_ROLES or toks[0].norm == "the" or len(content) > 3:
        return None
    if any(hit_at(doc, t) for t in content):
        return None
    text = " ".join([content[0].raw] + [t.norm for t in content[1:]])
    return text[:1].upper() + text[1:]


def former_members(toks: list[Token]) -> str | None:
    """"Two former engineers at the company", "ex-employees": people who left a body speak for themselves, as a
    group ("Former engineers"), not for the body."""
    if not toks or toks[0].norm in ("the", "these", "those", "both"):
        return None  # "the former cooks": people named before, again
    end = next((k for k, t in enumerate(toks) if t.norm in ("at", "of", "from", "with", "in", "for")), len(toks))
    head = toks[:end]
    k = next((k for k, t in enumerate(head) if t.norm in ("former", "ex")), None)
    if k is None or k == len(head) - 1:
        return None
    words = head[k + 1 :]
    if len(words) > 3 or not all(t.raw.isalpha() and t.raw.islower() for t in words) or not words[-1].norm.endswith("s"):
        return None
    return "Former " + " ".join(t.norm for t in words)


def former_office_holder(doc: Document, toks: list[Token], start: int, end: int) -> str | None:
    """"Former President Jane Roe": someone out of office speaks for themselves, not for their old state."""
    if not any(t.norm in ("former", "ex") for t in toks):
        return None
    people = [h for h in doc.hits_in(start, end) if h.entry is not None and h.entry.kind == "person"]
    return people[-1].entry.name if people else None


def after_time_phrase(doc: Document, start: int, end: int) -> int:
    """"Late March, Dina": the phrase after a time phrase set off by a comma."""
    comma = doc.text.find(",", start, end)
    if comma < 0:
        return start
    head = doc.tokens_in(start, comma)
    if head and all(t.norm in MONTHS_DAYS or t.norm in TIME_WORDS or t.norm.isdigit() for t in head):
        return comma + 1
    return start
