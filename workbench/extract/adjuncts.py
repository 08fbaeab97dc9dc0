"""Words of saying that are no statement of their own, and a headline's order of speaker and verb. Pure.

"Writing on X, the minister said ...": a participle of saying opening the sentence; "settled without admitting
liability": what was not done; "Rebels Shelled Town Says Army": the speaker after a headline's verb; "had
planned the attack", "ordered the killing": an act, not a stated intention; "asked not to be named": how a
source is kept anonymous.
"""

from __future__ import annotations

import re

from ..text.cues import VerbHit
from ..text.tokens import Token
from .document import Document

__all__ = ["opens_participle", "fronted_participle", "not_done", "speaker_ends_headline", "keeps_anonymous",
           "before_anonymity", "act_not_intent"]

_INTENT_LEMMAS = frozenset("plan intend undertake commit".split())
_DIRECTIVE_LEMMAS = frozenset("order instruct".split())


def opens_participle(tok: Token) -> bool:
    """A sentence opening with a participle ("Writing on X, ...", "Speaking to reporters, ...", "Asked about it,
    ...")."""
    return tok.raw[:1].isupper() and (tok.norm.endswith("ing") and len(tok.norm) > 5 or tok.norm == "asked")


def fronted_participle(toks: list[Token], k: int, hit: VerbHit) -> bool:
    """"Writing on X, the minister said ...", "Asked about the deaths, Roe said ...": a participle of saying that
    opens the sentence is no statement of its own; the clause after it says who speaks."""
    return k == 0 and hit.kind in ("say", "call") and opens_participle(toks[0])


def not_done(toks: list[Token], k: int, hit: VerbHit) -> bool:
    """"settled without admitting liability", "instead of denying it": a verb in -ing after "without" or "instead of"
    says what was not done; nobody speaks there."""
    before = [t.norm for t in toks[max(0, k - 2) : k]]
    return hit.gerund and bool(before) and (before[-1] == "without" or before == ["instead", "of"])


def speaker_ends_headline(toks: list[Token], k: int, hit: VerbHit) -> bool:
    """Does the headline (`toks`) end in its verb at `k` and one or two capitalised words ("... Says Army")?"""
    after = toks[k + hit.length :]
    return 0 < len(after) < 3 and k >= 2 and all(t.raw[:1].isupper() for t in after)


_ANONYMITY = re.compile(r"\s*(?:not\s+to\s+be\s+(?:named|identified|quoted)|to\s+remain\s+anonymous|anonymously|"
                        r"on\s+(?:the\s+)?condition\s+(?:of\s+anonymity|that\s+(?:he|she|they)\s+(?:not|remain))|"
                        r"on\s+background|without\s+being\s+(?:named|identified))", re.IGNORECASE)
_NOT_AUTHORISED = re.compile(r"\b(?:authori[sz]ed|allowed|permitted|cleared)\s+to$")
_ANONYMITY_TAIL = re.compile(
    r"(?<![,\s])\s+who\s+(?:\w+\s+)?(?:asked|asking|spoke|speaking|requested|requesting|talked|talking|declined)\s+"
    r"(?:not\s+to\s+be\s+(?:named|identified|quoted)|to\s+remain\s+anonymous|anonymously|"
    r"on\s+(?:the\s+)?condition\s+of\s+anonymity)(?:\s+(?:because|as|since)\s+[^,.;]*)?\s*,?\s*$", re.IGNORECASE)


def keeps_anonymous(doc: Document, toks: list[Token], k: int, hit: VerbHit, hi: int) -> bool:
    """"asked not to be named", "speaking on condition of anonymity", "not authorised to talk to the press": how a
    source is kept unnamed, no statement of its own."""
    after = doc.text[toks[k + hit.length - 1].end : hi]
    before = " ".join(t.norm for t in toks[max(0, k - 3) : k])
    return bool(_ANONYMITY.match(after)) or bool(_NOT_AUTHORISED.search(before))


def before_anonymity(doc: Document, toks: list[Token], lo: int, last: int) -> int:
    """The subject's last token before a relative clause keeping it anonymous ("an official who asked not to be named
    said", "a diplomat who spoke on condition of anonymity said"); else `last`. (Set off by commas, the clause is a
    parenthetical the subject reader skips.)"""
    if last < 0:
        return last
    m = _ANONYMITY_TAIL.search(doc.text, lo, toks[last].end)
    if m is None:
        return last
    k = last
    while k >= 0 and toks[k].start >= m.start():
        k -= 1
    return k


def act_not_intent(toks: list[Token], k: int, hit: VerbHit) -> bool:
    """"had planned the attack", "committed the crime": a verb of intent with an object and no "to" or "that"
    after it names an act, not a stated intention ("plans to cut jobs", "committed to holding talks"); an order
    ("ordered the attack", "ordered troops to withdraw") is always an act."""
    nxt = toks[k + hit.length].norm if k + hit.length < len(toks) else ""
    if hit.lemma in _DIRECTIVE_LEMMAS:  # "ordered the killing", "ordered staff to relabel the milk": acts
        return True
    return hit.lemma in _INTENT_LEMMAS and nxt not in ("to", "that", "on")
