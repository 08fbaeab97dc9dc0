"""Readings the model keeps that no reader would credit, dropped before they become mentions. Pure.

A sentence often yields several readings of the same words. Some of them credit the statement to someone
who did not make it:

* a **relay**: a news agency or outlet that only passes on another speaker's statement ("the ministry said
  40 people died, a wire service reported"), or the article's own voice over words a named speaker says:
  the claimant is the speaker, not the outlet;
* a **repeat**: a reading inside a longer one of the same claimant and stance ("After first saying it would
  look into it, the army denied involvement, saying ...": the denial is one statement, not two); a
  coordinated clause with a verb of its own ("X said A and accused Y of B") is a statement of its own and stays;
* **no speaker** at all: the "speaker" phrase is a place ("the Northern and Coastal Provinces"), a headline's
  capitalised tag ("EXCLUSIVE-Stop"), or a part of another speaker ("the union and some of its member states").

A relay or a phrase with no speaker is dropped only where another reading with a speaker covers the same
words, so the statement is still extracted, under the right claimant; alone it keeps its span for a reviewer.
A reading that reports a statement as **not made** ("have not said who did it", "was unable to verify it")
is no claim and always goes.
"""

from __future__ import annotations

import re

from .candidates import Candidate
from .document import Document

__all__ = ["plausible", "is_relay", "no_speaker", "withheld"]

_MEDIA_NOUNS = re.compile(
    r"\b(?:news\s+agency|news\s+agencies|newspapers?|broadcasters?|media|outlets?|magazines?|tabloids?|"
    r"wire\s+services?|news\s+sites?|news\s+channels?)\b", re.IGNORECASE)
_CAPS_TAG = re.compile(r"^[A-Z]{3,}(?:\s+\d+)?\s*[-–:]")
_PLACE_HEADS = frozenset(
    "region regions province provinces oblast oblasts district districts city cities town towns village villages "
    "territory territories area areas peninsula island islands county counties border borders coast valley "
    "governorate governorates prefecture prefectures municipality municipalities".split())
_CONJUNCTION = re.compile(r"[\s,;]*(?:but|and|while|whereas|although|though|yet)\s", re.IGNORECASE)
_COORDINATED = re.compile(r"^\s+and\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){1,3}(\w+)")
_NOT_DONE = re.compile(r"(?:\b(?:not|never|no\s+longer)|n[’']t|\b(?:unable|failed|fails|declined|declines|refused|refuses)"
                       r"\s+to)\s+(?:\w+ly\s+)?(?:been\s+)?$", re.IGNORECASE)
_PART_OF = re.compile(
    r"^(?:(?:some|many|most|several|all|a\s+few|few|one|two|three|each)\s+of\s+)?(?:its|their)\s+(?:own\s+)?"
    r"(?:member\s+(?:states|countries|nations)|members|allies|partners|affiliates|subsidiaries|branches)\b",
    re.IGNORECASE)


def is_relay(doc: Document, cand: Candidate) -> bool:
    """The reading credits a news outlet: a wire service or newspaper, or the article's own voice."""
    if cand.frame.kind == "voice":
        return True
    sp = cand.speaker
    if sp is None:
        return False
    if any(h.blocked == "media" for h in doc.hits_in(sp.start, sp.end)):
        return True
    if doc.voice and cand.claimant and cand.claimant.lower() == doc.voice.lower():
        return True
    return bool(_MEDIA_NOUNS.search(sp.phrase))


def no_speaker(doc: Document, cand: Candidate) -> bool:
    """The reading's speaker phrase names no one who could have made the statement."""
    sp = cand.speaker
    if sp is None or sp.pronoun:
        return False
    phrase = sp.phrase.strip().rstrip(".,;:")
    words = re.findall(r"[\w'’.-]+", phrase)
    if not words:
        return False
    if _CAPS_TAG.match(phrase) or _PART_OF.match(phrase):
        return True
    if any(h.blocked == "place" and h.start <= sp.start and h.end >= sp.end for h in doc.hits_in(sp.start, sp.end)):
        return True
    if sp.known:
        return False
    if words[-1].lower() in _PLACE_HEADS:
        return True  # "the Coastal Province"
    shared = _COORDINATED.match(doc.text[sp.end : sp.end + 80])
    return bool(shared and shared.group(1).lower() in _PLACE_HEADS)  # "the Northern [and Coastal Provinces]"


def withheld(doc: Document, cand: Candidate) -> bool:
    """A statement reported as not made: "has not said who did it", "did not confirm the figure", "was unable
    to verify the claim" say that nobody stated anything (a denial verb negated is another matter)."""
    if cand.frame.cue not in ("say", "confirm") or cand.frame.kind != "verb" or cand.frame.cue_span is None:
        return False
    lead = doc.text[doc.sentences[cand.frame.sentence].start : cand.frame.cue_span[0]]
    lead = re.split(r"[,;:\"“”‘’(–—]", lead)[-1]  # the verb's own clause: '"... never get," said X' is not negated
    return bool(_NOT_DONE.search(lead))


def _covers(outer: Candidate, inner: Candidate) -> bool:
    """`outer`'s span holds most of `inner`'s (dropping `inner` loses no words of the text)."""
    (a, b), (x, y) = outer.frame.span, inner.frame.span
    return min(b, y) - max(a, x) >= 0.8 * (y - x)


def _inside(inner: Candidate, outer: Candidate) -> bool:
    """`inner`'s span lies within `outer`'s and is shorter."""
    (a, b), (x, y) = outer.frame.span, inner.frame.span
    return a <= x and y <= b and (x, y) != (a, b)


def _own_clause(doc: Document, inner: Candidate, outer: Candidate) -> bool:
    """`inner` is a clause coordinated after `outer`'s content, with its own speaker and verb ("X acknowledged A,
    but the bank said B"): a second statement, not a part of the first."""
    f, g = inner.frame, outer.frame
    return f.kind == "verb" and f.speaker is not None and g.kind == "verb" and g.cue_span is not None \
        and f.speaker[0] >= g.content[1] > g.cue_span[1] \
        and bool(_CONJUNCTION.match(doc.text[g.content[1] : f.speaker[0]]))


def _repeats(doc: Document, kept: list[tuple[Candidate, float]], drop: set[int]) -> set[int]:
    """The readings repeating part of a longer reading of the same claimant and stance (coordinated clauses,
    whose speaker is inherited from the clause before, are statements of their own)."""
    out: set[int] = set()
    for i, (cand, _) in enumerate(kept):
        if i in drop or cand.frame.inherit:
            continue
        if any(j not in drop and other.claimant == cand.claimant and other.stance is cand.stance
               and _inside(cand, other) and not _own_clause(doc, cand, other) for j, (other, _) in enumerate(kept)):
            out.add(i)
    return out


def plausible(doc: Document, kept: list[tuple[Candidate, float]]) -> list[tuple[Candidate, float]]:
    """`kept` without the statements reported as not made, the relays and speakerless readings whose words
    another reading credits to a speaker, and the readings repeating part of a longer one."""
    relay = [is_relay(doc, c) for c, _ in kept]
    nobody = [no_speaker(doc, c) for c, _ in kept]
    not_made = {i for i, (c, _) in enumerate(kept) if withheld(doc, c)}
    drop = set(not_made)
    for i, (cand, _) in enumerate(kept):
        rivals = [j for j, (other, _) in enumerate(kept) if j != i and j not in not_made and other.claimant
                  and not nobody[j] and other.frame.sentence == cand.frame.sentence and _covers(other, cand)]
        if (nobody[i] and rivals) or (relay[i] and any(not relay[j] for j in rivals)):
            drop.add(i)
    drop |= _repeats(doc, kept, drop)
    return [kc for i, kc in enumerate(kept) if i not in drop]
