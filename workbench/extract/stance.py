"""Stance of a frame: does the speaker assert the content or deny a claim? Pure, general cues only.

* a denial verb ("denied", "rejected", "dismissed") or a denial noun ("despite their denials") denies, unless
  the verb is negated ("did not deny");
* "as X suspected / claimed" names what X believed: X asserts it, whatever negation the main clause holds;
* an admission verb or noun ("confirmed", "acknowledged", "admitted", "an admission") asserts, whoever
  denied before: the same claimant can stand on both sides of a claim; a verb of admitting that is not negated
  ("acknowledged that the trial was not blinded", "We accept that our figure did not ...") asserts whatever
  negation the admitted clause holds;
* an accusing verb negated with the speaker as its object ("has never tied itself to the rebels") denies;
* otherwise the content decides: dismissive words ("a fabrication", "baseless", "propaganda", "smear") or the
  speaker negating their own involvement ("We are not part of the conflict", "Rwanda has never supported ...",
  "there is no evidence") deny; anything else asserts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Stance
from .document import Document
from .frames import Frame

__all__ = ["StanceCues", "stance_cues", "decide_stance"]

_NO_EVIDENCE = re.compile(r"\b(?:no|without|lack\s+of|any)\s+(?:\w+\s+){0,2}(?:evidence|proof|basis|grounds?)\b", re.IGNORECASE)
_COUNTER = re.compile(r"\b(?:not|rather\s+than|instead\s+of)\s+(?:by\s+)?(?:the\s+)?[A-Z]|"
                      r",\s+not\s+(?!least|only|just|yet|always|even|necessarily|all\b|every|merely|simply|because)"
                      r"(?:by\s+)?(?:the|its|their|his|her|our)\s+\w+(?:\s+\w+)?\s*,", re.UNICODE)
"""A rival named as not the one: "the terrorists did it, not the Army", "The firm, not its staff, was responsible"."""


@dataclass(frozen=True)
class StanceCues:
    """The general cues a frame's stance is read from (also features of the mention model)."""

    deny_verb: bool
    confirm_verb: bool
    negated_verb: bool
    dismissive: int
    negation: bool
    no_evidence: bool
    self_negation: bool
    """The content negates something about the speaker itself or in the first person."""
    counter: bool
    """"X, not Y": a counter-claim naming someone else."""
    accusation: bool
    """The cue is an accusing verb ("accused", "blamed"): the content is the accusation, whatever its words."""
    object_is_claim: bool
    """The content starts with a claim ("criticised the report", "slammed Russia's claims"), or is indignation at
    one ("expressed outrage over the latest report")."""
    restrictive: bool
    """"merely a civilian airship", "solely because of": a counter-claim that narrows what happened."""
    echo: bool = False
    """"said the same", "echoed the denial": the stance of the statement it repeats."""
    own_denial: bool = False
    """The quoted speaker denies in the first person ("We categorically deny that ...")."""
    defends: bool = False
    """"stood by its rider", "stands behind the product": standing by someone or something (not by a claim) defends
    the accused."""
    as_believed: bool = False
    """"... is not a spy ship, as X had suspected": X is named for what it believed or claimed, the negation is
    the main speaker's."""
    denial_rejected: bool = False
    """"said Acme's denial was not credible", "dismissed the denials": rejecting a denial upholds the claim denied."""
    admission: bool = False
    """An admission verb, not negated, governs the content ("acknowledged that the trial was not blinded", "We
    accept that our figure did not include ..."): what is admitted is asserted, negation or not."""


def stance_cues(doc: Document, frame: Frame, claimant: str | None) -> StanceCues:
    text = doc.text
    c0, c1 = frame.content
    content = text[c0:c1]
    scope = text[frame.span[0] : frame.span[1]] if frame.kind in ("voice", "quote", "nominal", "compact") else content
    if frame.kind == "nominal" and frame.cue == "claim" and frame.cue_span is not None:
        # "X offered no evidence for its baseless claim that C": the words before the noun judge X's claim, X asserts
        scope = text[frame.cue_span[0] : frame.span[1]]
    negations = doc.cues.spans("negation", content)
    not_negations = doc.cues.spans("not_negation", content)
    real = [n for n in negations if not any(a <= n[0] < b for a, b in not_negations)
            and not _in_relative_clause(doc, c0, c0 + n[0])]
    self_negation = bool(real) and _about_speaker(doc, frame, claimant, c0 + real[0][0]) or (
        frame.negated and _reflexive(doc, c0))
    return StanceCues(
        deny_verb=frame.cue == "deny",
        confirm_verb=frame.cue == "confirm",
        negated_verb=frame.negated,
        dismissive=len(doc.cues.dismissive(scope)),
        negation=bool(real),
        no_evidence=bool(_NO_EVIDENCE.search(scope)),
        self_negation=self_negation,
        counter=bool(_COUNTER.search(content)),
        accusation=frame.lemma in doc.cues.accuse_lemmas,
        object_is_claim=_object_is_claim(doc, frame) or _indignant_at_claim(doc, frame.content),
        restrictive=doc.cues.has("restrictive", scope),
        own_denial=_own_denial(doc, c0, c1),
        as_believed=_as_believed(doc, frame),
        admission=_admission(doc, frame),
        denial_rejected=_denial_rejected(doc, frame),
        defends=_defends(doc, frame),
        echo=frame.cue_span is not None and doc.cues.has("echo", text[frame.cue_span[0] : max(c1, frame.cue_span[1])][:60]),
    )


_RELATIVE = frozenset("that which who whom whose".split())


def _in_relative_clause(doc: Document, c0: int, at: int) -> bool:
    """Is the negation at `at` inside a relative clause of the content ("conditions that most riders would not
    meet")? It qualifies a noun; it does not negate what the speaker says."""
    toks = doc.tokens_in(c0, at)
    for k in range(len(toks) - 1, 0, -1):
        t, prev = toks[k], toks[k - 1]
        if re.search(r"[,;:.]", doc.text[t.end : at]) and t.norm not in _RELATIVE:
            continue
        if t.norm in _RELATIVE and prev.raw.isalpha() and doc.text[prev.end : t.start].strip(" \"”’'") == "" \
                and not doc.cues.is_verb_form(prev.norm) \
                and prev.norm not in _NOT_RELATIVE_HEADS and not _takes_that_clause(doc, prev) \
                and not re.search(r"[,;:.]", doc.text[t.end : at]):
            return True
    return False


_NOT_RELATIVE_HEADS = frozenset("so such now given and but or said says".split())
_THAT_CLAUSE_NOUNS = frozenset("certainty fact assessment belief view conclusion possibility idea sense hope fear doubt "
                               "proof evidence assurance assurances confidence suspicion indication sign signs "
                               "impression knowledge understanding news word".split())


def _takes_that_clause(doc: Document, noun) -> bool:
    """"the assessment that ...", "the claim that ...": a noun whose "that" opens its content, not a relative clause."""
    words = doc.cues.words
    return (noun.norm in _THAT_CLAUSE_NOUNS or noun.norm in words["claim_noun"] or noun.norm in words["speech_noun"]
            or noun.norm in words["account_noun"])


_STAND_BY = frozenset(["stand by", "stand behind"])


def _defends(doc: Document, frame: Frame) -> bool:
    """"X stood by its rider" defends the accused; "X stood by its accusation" restates a claim (an admission-class
    verb: it asserts)."""
    if frame.lemma not in _STAND_BY:
        return False
    words = doc.cues.words
    nouns = [t for t in doc.tokens_in(*frame.content)[:6] if t.norm not in ("the", "a", "an", "its", "his", "her",
                                                                           "their", "our", "every", "all", "each")]
    return bool(nouns) and not any(t.norm in words["claim_noun"] or t.norm in words["speech_noun"]
                                   or t.norm in words["account_noun"] for t in nouns[:2])


def _as_believed(doc: Document, frame: Frame) -> bool:
    """A belief or claim verb whose speaker follows "as" ("as Peruvian officers had suspected", "as critics claim")."""
    if frame.speaker is None or frame.cue not in ("claim", "believe"):
        return False
    before = doc.tokens_in(frame.span[0], frame.speaker[0])
    return bool(before) and before[-1].norm == "as"


ADMIT_LEMMAS = frozenset(["acknowledge", "admit", "concede", "accept", "recognise", "recognize", "own up"])
"""Verbs of admitting: "confirm" and "verify" are not among them ("confirmed that no troops had crossed" denies)."""


def _admission(doc: Document, frame: Frame) -> bool:
    """The frame's verb admits and is not negated, or its content opens with the speaker admitting in the first
    person ("We accept that ...", "I admit ...")."""
    if frame.cue == "confirm" and frame.lemma in ADMIT_LEMMAS:
        return not frame.negated
    toks = doc.tokens_in(*frame.content)[:5]
    for k, t in enumerate(toks):
        hit = doc.cues.verb_at(toks, k)
        if hit is not None and hit.kind == "confirm" and hit.lemma in ADMIT_LEMMAS:
            before = toks[max(0, k - 3) : k]
            negated = any(doc.cues.has("negation", x.raw) for x in before)
            return any(doc.cues.is_first_person(x) for x in before) and not negated
    return False


def _denial_rejected(doc: Document, frame: Frame) -> bool:
    """The content opens with someone's denial that the speaker dismisses or rejects ("Acme's denial was simply
    not credible", "rejected the denials as lies"): the speaker upholds what was denied."""
    if frame.kind not in ("verb", "according"):
        return False
    toks = doc.tokens_in(*frame.content)[:5]
    k = next((i for i, t in enumerate(toks) if t.norm in doc.cues.words["denial_noun"]), None)
    if k is None or any(t.norm in ("no", "not", "without") for t in toks[:k]):
        return False
    if frame.cue == "deny":
        return True
    rest = doc.text[toks[k].end : frame.content[1]]
    return bool(doc.cues.dismissive(rest)) or doc.cues.has("negation", rest[:40])


def _reflexive(doc: Document, c0: int) -> bool:
    """The content opens with a reflexive pronoun: "has never tied itself to ...", "did not involve ourselves"."""
    toks = doc.tokens_in(c0, c0 + 30)[:1]
    return bool(toks) and toks[0].norm in ("itself", "themselves", "ourselves", "myself", "himself", "herself")


def _own_denial(doc: Document, c0: int, c1: int) -> bool:
    toks = doc.tokens_in(c0, c1)
    for k in range(len(toks)):
        hit = doc.cues.verb_at(toks, k)
        if hit is not None and hit.kind == "deny" and any(doc.cues.is_first_person(t) for t in toks[max(0, k - 3) : k]):
            return True
    return False


def _indignant_at_claim(doc: Document, scope: tuple[int, int]) -> bool:
    """"expressed outrage over the agency's latest report", "angry at the accusations": indignation at a claim
    rejects it."""
    toks = doc.tokens_in(*scope)
    words = doc.cues.words
    for k, t in enumerate(toks[:-1]):
        if t.norm in words["indignation"] and toks[k + 1].norm in ("at", "over", "by", "about", "to"):
            if any(x.norm in words["claim_noun"] for x in toks[k + 2 : k + 8]):
                return True
    return False


def _object_is_claim(doc: Document, frame: Frame) -> bool:
    if frame.lemma not in doc.cues.judge_lemmas:
        return False
    toks = doc.tokens_in(*frame.content)[:5]
    for t in toks:
        if t.norm in doc.cues.words["claim_noun"]:
            return True
        if not (t.possessive or t.norm in ("the", "a", "an", "this", "that", "these", "those", "its", "their", "his",
                                           "her", "latest", "new", "recent") or t.raw[:1].isupper()):
            return False
    return False


def _about_speaker(doc: Document, frame: Frame, claimant: str | None, neg_at: int) -> bool:
    """Is the negated clause about the speaker ("we", "it", the claimant by name, or no one else named)?"""
    c0 = frame.content[0]
    before = doc.text[c0:neg_at]
    toks = doc.tokens_in(c0, neg_at)
    words = {t.norm for t in toks}
    if any(doc.cues.is_first_person(t) for t in toks):
        return True
    actors = doc.actors_in(c0, neg_at)
    if claimant and claimant in actors:
        return True
    if not actors and words & {"it", "they", "he", "she", "there"}:
        return True
    return not before.strip()


def decide_stance(cues: StanceCues) -> Stance:
    """The stance the cues say (see the module docstring)."""
    if cues.defends:
        return Stance.DENIES
    if cues.denial_rejected:
        return Stance.ASSERTS
    if cues.deny_verb:
        return Stance.ASSERTS if cues.negated_verb else Stance.DENIES
    if cues.as_believed:
        return Stance.ASSERTS
    if cues.own_denial:
        return Stance.DENIES
    if cues.admission:
        return Stance.ASSERTS
    if cues.accusation and not (cues.negated_verb and cues.self_negation):
        return Stance.ASSERTS
    if cues.negation or cues.self_negation or cues.no_evidence or cues.dismissive or cues.restrictive \
            or cues.object_is_claim:
        return Stance.DENIES
    return Stance.ASSERTS
