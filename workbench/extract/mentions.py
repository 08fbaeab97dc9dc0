"""Kept candidates -> `ExtractedMention`s: quote and offsets, claimant, stance, the proposition matching compares,
the accused, and for a generic denial the mention whose claim it denies. Pure."""

from __future__ import annotations

import re
from dataclasses import replace

from ..models import ExtractedMention, Stance
from .candidates import Candidate
from .document import Document
from .plausible import plausible
from .stance import decide_stance, stance_cues

__all__ = ["to_mentions"]

_LEAD = re.compile(r"^[\s,:;\"“”‘’'(–—-]*(?:that\s+)?", re.IGNORECASE)
_TRAIL = re.compile(r"[\s,:;\"“”‘’')–—-]+$")
_INNER_THAT = re.compile(r"\b(?:claims?|allegations?|accusations?|charges?|assertions?|reports?|suggestions?|"
                         r"deny|denies|denied|reject|rejects|rejected|dispute|disputes|disputed)\b"
                         r"[^.;]{0,80}?\bthat\s+(.+)$", re.IGNORECASE)
_FIRST_PERSON_SUBJECT = re.compile(r"^(?:we|i)\s+(?=\w)", re.IGNORECASE)
_THIRD_PERSON_SUBJECT = re.compile(
    r"^(?:it|they|he|she)\s+(?!(?:seems|seemed|looks|looked|appears|appeared)\b|(?:is|was|'s|’s)\s+(?:\w+ly\s+)?"
    r"(?:likely|unlikely|clear|unclear|true|untrue|false|possible|impossible|probable|obvious|evident|certain|"
    r"undeniable|important|necessary|essential|time|right|wrong|hard|difficult|too)\b)(?=\w)", re.IGNORECASE)
"""In reported speech "X said it had ..." names X; "it is likely that", "it looks like" name nobody."""
_HEDGE_ADVERB = re.compile(r"\b(?:allegedly|reportedly|apparently|purportedly|supposedly|presumably|probably|possibly)\s+",
                           re.IGNORECASE)
_NEGATION = re.compile(r"\s*\b(?:not|never|no\s+longer|n[’']t)\b", re.IGNORECASE)
_OF_GERUND = re.compile(r"^([^,;]{1,60}?)\s+of\s+(?=[a-z]+ing\b)")
_OUR = re.compile(r"\b(?:our|my)\b", re.IGNORECASE)
_GENERIC_WORDS = frozenset(
    "the a an this that these those it its their his her our such all any report reports claim claims allegation "
    "allegations accusation accusations charge charges assertion assertions story stories statement statements "
    "suggestion suggestions as and or of by from against them him us me latest new recent earlier same".split()
)


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " \n\t,;:–—-":
        a += 1
    while b > a and text[b - 1] in " \n\t,;:–—-":
        b -= 1
    return a, b


def _proposition(doc: Document, cand: Candidate) -> str:
    c0, c1 = cand.frame.content
    if cand.frame.kind in ("voice", "quote", "subject", "compact"):
        c0, c1 = cand.frame.span if cand.frame.kind != "compact" else cand.frame.content
    text = doc.text[c0:c1]
    if cand.frame.aside is not None:
        a, b = cand.frame.aside
        text = doc.text[c0:a] + " " + doc.text[b:c1]
    text = _TRAIL.sub("", _LEAD.sub("", text))
    text = _HEDGE_ADVERB.sub("", text)
    if cand.frame.cue == "claim" and cand.cues.accusation:
        text = _OF_GERUND.sub(r"\1 ", text)  # "Guyana of stealing oil" -> "Guyana stealing oil"
        text = _accused_named(doc, cand, text)
    if cand.stance is Stance.DENIES:
        inner = _INNER_THAT.search(text)
        if inner:
            text = inner.group(1)
        text = _NEGATION.sub("", text)  # the claim denied, not its negation
    if cand.claimant:
        # the speaker's own "we"; a third person only in reported speech (in a quotation "they" are others)
        lead = len(doc.text[c0:c1]) - len(doc.text[c0:c1].lstrip(" \"“'‘"))
        reported = cand.frame.kind not in ("quote", "voice") and not doc.in_quote(c0 + lead)
        text = _FIRST_PERSON_SUBJECT.sub(cand.claimant + " ", text, count=1)
        if reported:
            text = _THIRD_PERSON_SUBJECT.sub(cand.claimant + " ", text, count=1)
        text = _OUR.sub(cand.claimant + "'s", text)
    return " ".join(text.split())


_EACH_OTHER = re.compile(r"^(?:each\s+other|one\s+another)\b", re.IGNORECASE)
_BLAME_FOR = re.compile(r"^(.{2,80}?)\s+for\s+(.+)$", re.DOTALL)
_BLAME_ON = re.compile(r"^(.{2,120}?)\s+on\s+(.{2,80})$", re.DOTALL)


def _accused_named(doc: Document, cand: Candidate, text: str) -> str:
    """An accusation as who did what: "each other" names the other party of a joint subject ("Kyiv and Moscow
    blamed each other for the flood": for Kyiv, Moscow); "blamed X for Y" and "blamed Y on X" read "X responsible
    for Y"."""
    if _EACH_OTHER.match(text) and cand.frame.speaker is not None:
        other = next((a for a in doc.actors_in(*cand.frame.speaker) if a != cand.claimant), None)
        if other is not None:
            text = _EACH_OTHER.sub(other, text, count=1)
    if cand.frame.lemma == "blame":
        m = _BLAME_FOR.match(text)
        if m is not None:
            return f"{m.group(1)} responsible for {m.group(2)}"
        m = _BLAME_ON.match(text.rstrip(" ."))
        if m is not None:
            return f"{m.group(2)} responsible for {m.group(1)}"
    return text


def _is_generic(doc: Document, cand: Candidate, proposition: str) -> bool:
    """A denial that names no claim of its own ("rejected the allegations as baseless", "a charge X denies")."""
    if cand.stance is not Stance.DENIES:
        return False
    if cand.frame.kind == "compact":
        return True
    words = [w for w in re.findall(r"[\w'’-]+", proposition.lower()) if w not in _GENERIC_WORDS]
    dismissive = {doc.text[a:b].lower() for a, b in doc.cues.dismissive(proposition)}
    rest = [w for w in words if w not in dismissive and not any(w in d for d in dismissive)]
    return len(rest) < 3


def to_mentions(doc: Document, kept: list[tuple[Candidate, float]],
                left: list[Candidate] | None = None) -> list[ExtractedMention]:
    """The mentions of the kept candidates (with their probabilities), in text order, duplicates merged and the
    readings no reader would credit dropped (`plausible`). `left`: the candidates the model did not keep, whose
    speakers may own a kept reading that names none."""
    best: dict[tuple, tuple[Candidate, float]] = {}
    for cand, p in plausible(doc, list(_named_for_anonymous(doc, kept, left or []))):
        key = (cand.frame.span, cand.claimant, cand.stance)
        if key not in best or p > best[key][1]:
            best[key] = (cand, p)
    ordered = sorted(_without_anonymous_twins(list(best.values())),
                     key=lambda cp: (cp[0].frame.span[0], -cp[0].frame.span[1]))
    out: list[ExtractedMention] = []
    generic: list[int] = []
    owners: dict[int, str] = {}
    index_of: dict[int, int] = {}
    ahead: dict[int, int] = {}  # a denial of an accusation reported after it -> the accusation's candidate
    for cand, p in ordered:
        a, b = _trim(doc.text, *cand.frame.span)
        if b <= a:
            continue
        proposition = _proposition(doc, cand)
        actors = doc.actors_in(*cand.frame.content)
        accused = next((x for x in actors if x != cand.claimant), None) or next(
            (h.entry.canonical for h in doc.aliases.find_all(proposition)
             if h.entry is not None and h.entry.canonical != cand.claimant), None)  # "each other": the other party
        echoed = index_of.get(id(cand.echoes)) if cand.echoes is not None else None
        if echoed is not None:  # "said the same": the same claim, and for a denial the same claim denied
            proposition = out[echoed].proposition
        elif _is_generic(doc, cand, proposition):
            generic.append(len(out))
            owner = _account_owner(doc, cand)
            if owner is not None:
                owners[len(out)] = owner
        elif cand.echoes is not None and cand.stance is Stance.DENIES:
            ahead[len(out)] = id(cand.echoes)
        index_of[id(cand)] = len(out)
        out.append(ExtractedMention(
            quote=doc.text[a:b], char_start=a, char_end=b, stance=cand.stance,
            proposition=proposition or doc.text[a:b], speaker=cand.speaker.phrase if cand.speaker else None,
            claimant=cand.claimant, accused=accused, hedged=doc.cues.has("hedge", doc.text[a:b]),
            confidence=round(p, 4),
            denies_mention=echoed if echoed is not None and cand.stance is Stance.DENIES else None,
        ))
    for i, target in ahead.items():
        j = index_of.get(target)
        if j is not None:
            out[i] = replace(out[i], denies_mention=j, proposition=out[j].proposition)
    return _link_generic(out, generic, owners)


def _named_for_anonymous(doc: Document, kept: list[tuple[Candidate, float]],
                         left: list[Candidate]) -> list[tuple[Candidate, float]]:
    """A kept reading with no claimant whose cue stands inside what a named speaker says, in a reading the model kept
    or left out ("A spokesman, Jo Roe, said the figure was 'verified by a laboratory'"), is that speaker's statement:
    the kept span, with the speaker's claimant and the stance read for that claimant."""
    out: list[tuple[Candidate, float]] = []
    speakers = left + [c for c, _ in kept]
    for cand, p in kept:
        if cand.claimant is None and cand.frame.kind != "voice" and cand.frame.cue_span is not None:
            at = cand.frame.cue_span[0]
            named = [c for c in speakers if c.claimant and c.frame.speaker is not None
                     and c.frame.content[0] <= at < c.frame.content[1] and c.frame.sentence == cand.frame.sentence]
            if named:
                speaker = max(named, key=lambda c: c.frame.content[1] - c.frame.content[0])
                cues = stance_cues(doc, cand.frame, speaker.claimant)  # the negation may be about the speaker
                cand = replace(cand, speaker=speaker.speaker, claimant=speaker.claimant, cues=cues,
                               stance=decide_stance(cues))
        out.append((cand, p))
    return out


def _without_anonymous_twins(kept: list[tuple[Candidate, float]]) -> list[tuple[Candidate, float]]:
    """A reading with no claimant is dropped where a reading with one covers most of the same words ("X said the
    samples confirmed ...": the clause inside X's statement is X's, not a statement of "the samples")."""
    named = [c.frame.span for c, _ in kept if c.claimant]

    def covered(span: tuple[int, int]) -> bool:
        a, b = span
        return any(min(b, y) - max(a, x) >= (b - a) / 2 for x, y in named)

    return [(c, p) for c, p in kept if c.claimant or not covered(c.frame.span)]


def _account_owner(doc: Document, cand: Candidate) -> str | None:
    """Whose statement a generic denial rejects, when its object names them: "rejected Tehran's account",
    "dismissed the Kremlin's version of events", "called the explanation given by Moscow absurd" -> that actor.
    What a party's account says is that party's own claim, not the allegation made against it."""
    toks = doc.tokens_in(*cand.frame.content)[:8]
    words = doc.cues.words
    nouns = words["account_noun"] | words["claim_noun"]
    skip = words["intensifier"] | _ACCOUNT_MODIFIERS
    for k, t in enumerate(toks):
        if t.norm not in nouns:
            continue
        j = k - 1
        while j >= 0 and toks[j].norm in skip:
            j -= 1
        if j >= 0 and toks[j].possessive:
            named = [h for h in doc.hits_in(toks[0].start, toks[j].end + 2) if h.entry is not None]
            return named[-1].entry.canonical if named else None
        by = next((i for i in range(k + 1, min(k + 6, len(toks))) if toks[i].norm == "by"), None)
        if by is not None:
            named = [h for h in doc.hits_in(toks[by].end, cand.frame.content[1]) if h.entry is not None]
            if named and named[0].start - toks[by].end <= 6:
                return named[0].entry.canonical
        return None
    return None


_ACCOUNT_MODIFIERS = frozenset(
    "official own latest new earlier initial previous whole entire public first second latter former".split())


def _thin(mention: ExtractedMention) -> bool:
    """A proposition of fewer than three words that say something: no account to join ("any transfer at all")."""
    words = [w for w in re.findall(r"[\w'’-]+", mention.proposition.lower()) if w not in _GENERIC_WORDS]
    return len(words) < 3


def _link_generic(mentions: list[ExtractedMention], generic: list[int],
                  owners: dict[int, str] | None = None) -> list[ExtractedMention]:
    """A generic denial denies the nearest assertion by someone else before it (else the next one after it).

    When it names whose account it rejects (`owners`: "rejected Tehran's account"), it denies what that party
    asserted: the nearest assertion by that claimant with some content to it (else the nearest one at all),
    the counter-claim, and not the allegation the party answered."""
    owners = owners or {}
    for i in generic:
        m = mentions[i]
        target = None
        owner = owners.get(i)
        if owner is not None and owner != m.claimant:
            theirs = [j for j in (*range(i - 1, -1, -1), *range(i + 1, len(mentions)))
                      if mentions[j].stance is Stance.ASSERTS and mentions[j].claimant == owner and j not in generic]
            target = next((j for j in theirs if not _thin(mentions[j])), theirs[0] if theirs else None)
        if target is None:
            target = next((j for j in range(i - 1, -1, -1) if mentions[j].stance is Stance.ASSERTS
                           and mentions[j].claimant != m.claimant and j not in generic), None)
        if target is None:
            target = next((j for j in range(i + 1, len(mentions)) if mentions[j].stance is Stance.ASSERTS
                           and mentions[j].claimant != m.claimant and j not in generic), None)
        if target is not None:
            mentions[i] = replace(m, denies_mention=target, proposition=mentions[target].proposition)
    return mentions
