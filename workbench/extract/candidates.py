"""Frames -> candidate mentions: speakers resolved in text order, joint subjects split, stance read. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..models import Stance
from ..text.lemmas import stem, stopwords
from .clauses import clause_end
from .document import Document
from .frames import Frame
from .people import People, Speaker, resolve_speaker
from .names import SPOKESPEOPLE
from .stance import StanceCues, decide_stance, stance_cues

__all__ = ["Candidate", "candidates"]

_JOINT = re.compile(r"\b(?:joint(?:ly)?|together|in\s+unison|we\s+share)\b", re.IGNORECASE)
_COORD = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)")  # "Bolt & Hale" is one name
_BOTH = re.compile(r"^(?:both|the\s+two|the\s+three)\s+(?:the\s+)?(?:governments|nations|countries|sides|states|"
                   r"capitals|neighbours|neighbors|parties|leaders)$", re.IGNORECASE)

_CAPS = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*"
_ONE_NAME = re.compile(rf"(?:[Tt]he\s+)?{_CAPS}\s+(?:of|for)\s+{_CAPS}\s+and\s+{_CAPS}$")
""""the Centers for Disease Control and Prevention", "Ministry of Health and Social Affairs": one name."""


@dataclass
class Candidate:
    """A frame with its claimant and stance: a mention if the model keeps it."""

    frame: Frame
    speaker: Speaker | None
    claimant: str | None
    stance: Stance
    cues: StanceCues
    joint: int = 1
    """How many claimants the frame's subject names (each is a candidate of its own)."""
    echoes: "Candidate | None" = None
    """For "X said the same": the candidate whose statement X repeats (its stance and proposition are X's)."""


def _names_after_group(doc: Document, speaker: tuple[int, int]) -> int | None:
    """Where the names start in "Two former employees of Harlow Foods, Lea Hart and Omar Haddad": a group of people
    named in apposition (the group is who they are, the names are who speaks)."""
    a, b = speaker
    m = re.match(r"([^,]+),\s+([A-Z][^,]*\band\s+[A-Z][^,]*)$", doc.text[a:b])
    if m is None:
        return None
    words = doc.cues.words
    group = {t.norm for t in doc.tokens_in(a, a + m.end(1))}
    if not group & (words["group_speaker"] | words["private_role"] | words["official_role"]):
        return None
    return a + m.start(2)


def _split_subject(doc: Document, people: People, speaker: tuple[int, int], history: list[Speaker]) -> list[Speaker]:
    """"U.N. experts and the Congolese government" -> two speakers; a single phrase -> one."""
    a, b = speaker
    names_at = _names_after_group(doc, speaker)
    if names_at is not None:
        a = names_at
    lead = re.match(r"(?:both|either)\s+(?=\S.*\band\b)", doc.text[a:b], re.IGNORECASE)
    if lead:
        a += lead.end()  # "Both Kestrel Bank and Orbis Energy": the two names, without "both"
    text = doc.text[a:b]
    if not re.search(r"\band\b|\bas\s+well\s+as\b", text) or _ONE_NAME.match(text):
        return [resolve_speaker(doc, people, a, b, history)]
    parts: list[tuple[int, int]] = []
    pos = 0
    for m in _COORD.finditer(text):
        if m.start() > pos:
            parts.append((a + pos, a + m.start()))
        pos = m.end()
    parts.append((a + pos, b))
    if len(parts) < 2:
        return [resolve_speaker(doc, people, a, b, history)]
    resolved = [resolve_speaker(doc, people, pa, pb, history) for pa, pb in parts if doc.text[pa:pb].strip()]
    claimants = {sp.claimant for sp in resolved if sp.claimant}
    if len(claimants) < 2 or any(sp.claimant is None for sp in resolved):
        return [resolve_speaker(doc, people, a, b, history)]
    return resolved


def _shared_modifier(doc: Document, people: People, speaker: tuple[int, int], history: list[Speaker]) -> list[Speaker]:
    """"Both the Ethiopian and Eritrean governments": two demonyms sharing one noun are two speakers."""
    a, b = speaker
    hits = [h for h in doc.hits_in(a, b) if h.entry is not None]
    names = list(dict.fromkeys(h.entry.canonical for h in hits))
    text = doc.text[a:b]
    if len(names) >= 2 and re.search(r"\band\b", text) and not any(h.possessive for h in hits):
        whole = resolve_speaker(doc, people, a, b, history)
        return [Speaker(whole.phrase, a, b, n, "state" if doc.aliases.entry(n) and doc.aliases.entry(n).kind == "country"
                        else "organisation", known=True) for n in names]
    return []


def _named_before(doc: Document, frame: Frame, n: int, exclude: frozenset[str] = frozenset()) -> list[Speaker]:
    """"both governments": the last `n` countries named before the frame (in its sentence, else the one before),
    not counting those in `exclude` (who spoke in the sentence: "X says ..., despite denials by both nations")."""
    sentence = doc.sentences[frame.sentence]
    lo = doc.sentences[frame.sentence - 1].start if frame.sentence > 0 else sentence.start
    names: list[str] = []
    for h in reversed(doc.hits_in(lo, frame.speaker[0])):
        if h.entry is not None and h.entry.kind == "country" and h.entry.canonical not in names \
                and h.entry.canonical not in exclude:
            names.append(h.entry.canonical)
    if len(names) < n:  # "Chile and Peru said ..., and both governments ...": the speakers themselves
        return _named_before(doc, frame, n) if exclude else []
    return [Speaker(doc.text[frame.speaker[0]:frame.speaker[1]], *frame.speaker, name, "state", known=True)
            for name in sorted(names[:n])]


def _speakers(doc: Document, people: People, frame: Frame, previous: list[Speaker], history: list[Speaker],
              spoken_here: frozenset[str] = frozenset()) -> list[Speaker]:
    if frame.speaker is not None and _BOTH.match(doc.text[frame.speaker[0]:frame.speaker[1]].strip()):
        words = doc.text[frame.speaker[0]:frame.speaker[1]].split()
        both = _named_before(doc, frame, 3 if "three" in words else 2, spoken_here)
        if both:
            return both
    if frame.speaker is not None and frame.embedded_in and previous \
            and doc.text[frame.speaker[0] : frame.speaker[1]].lower() in ("it", "they", "he", "she", "we"):
        return previous  # "the ministry said it rejects ...": "it" is who says so
    if frame.speaker is not None:
        shared = _shared_modifier(doc, people, frame.speaker, history)
        return shared or _split_subject(doc, people, frame.speaker, history)
    if frame.inherit and previous:
        return previous
    if frame.inherit:  # "Poland summoned the ambassador, accusing Minsk of ...": the sentence's subject
        subject = _sentence_subject(doc, frame)
        return [resolve_speaker(doc, people, *subject, history)] if subject else []
    if frame.kind in ("quote", "nominal") and history:
        return [history[-1]]
    return []


def _spokesperson_of_subject(doc: Document, frame: Frame, before: list[Candidate],
                             speakers: list[Speaker]) -> Candidate | None:
    """"Acme denies selling the data, a company spokesperson said": an unnamed spokesperson after what they report
    speaks for who is reported speaking in it, and says what it says (that reading, from `before`)."""
    if frame.speaker is None or frame.speaker[0] < frame.content[1] or len(speakers) != 1:
        return None
    toks = doc.tokens_in(*frame.speaker)
    if not any(t.norm in SPOKESPEOPLE for t in toks) or any(t.raw[:1].isupper() and t.norm not in ("a", "an", "the")
                                                           for t in toks):
        return None
    return next((c for c in before if c.claimant and c.speaker is not None and c.frame.cue_span is not None
                 and frame.content[0] <= c.frame.cue_span[0] < frame.content[1]), None)


_ON_BEHALF = re.compile(r"\b(?:on\s+behalf\s+of|speaking\s+for|in\s+the\s+name\s+of)\s+(?:the\s+)?", re.IGNORECASE)


def _on_behalf(doc: Document, frame: Frame, speakers: list[Speaker]) -> list[Speaker]:
    """"Speaking on behalf of the African Union, Kenya's envoy demanded ...": a speaker who says whom they speak for
    states that party's claim (the party must be one the alias table knows)."""
    if len(speakers) != 1 or frame.speaker is None or frame.cue_span is None:
        return speakers
    start = doc.sentences[frame.sentence].start
    m = None
    for m in _ON_BEHALF.finditer(doc.text, start, max(frame.cue_span[0], frame.speaker[1])):
        pass
    if m is None:
        return speakers
    hit = next((h for h in doc.hits_in(m.end(), m.end() + 80) if h.start == m.end()), None)
    if hit is None or hit.entry is None:
        return speakers
    return [replace(speakers[0], claimant=hit.entry.canonical, kind=hit.entry.kind, known=True)]


def _sentence_subject(doc: Document, frame: Frame) -> tuple[int, int] | None:
    """The noun phrase a sentence opens with, when it names an actor or a person."""
    s = doc.sentences[frame.sentence]
    toks = doc.tokens_in(s.start, frame.cue_span[0] if frame.cue_span else s.end)
    j = 0
    while j < len(toks) and (toks[j].raw[:1].isupper() or toks[j].norm in ("the", "a", "an", "of") or toks[j].possessive):
        j += 1
        if toks[j - 1].possessive:
            break
    words = doc.cues.words
    people = words["group_speaker"] | words["official_role"] | words["private_role"]
    while j < len(toks) and toks[j].raw.islower() and toks[j].norm in people:
        j += 1  # "Patients' groups", "Local residents", "The company's founder"
    if j == 0 or not (doc.hits_in(toks[0].start, toks[j - 1].end) or j >= 2):
        return None
    return toks[0].start, toks[j - 1].end


def candidates(doc: Document, people: People, frames: list[Frame]) -> list[Candidate]:
    """Every frame as candidates, one per claimant, in text order (speakers resolved against those before)."""
    out: list[Candidate] = []
    history: list[Speaker] = []
    by_sentence: dict[int, list[Speaker]] = {}
    for frame in sorted(frames, key=lambda f: (f.cue_span[0] if f.cue_span else f.span[0])):
        if frame.speaker is not None and doc.tokens_in(*frame.speaker)[:1] \
                and doc.tokens_in(*frame.speaker)[0].norm in ("no", "none"):
            continue  # "found no evidence linking the attack to ...": no one says anything there
        spoken_here = frozenset(c.claimant for c in out if c.claimant and c.frame.sentence == frame.sentence
                                and c.frame.speaker is not None)
        speakers = _speakers(doc, people, frame, by_sentence.get(frame.sentence, []), history, spoken_here)
        if frame.kind == "quote":
            speakers = _quote_speaker(doc, frame, frames, people, history) or speakers
        relayed = _spokesperson_of_subject(doc, frame, out, speakers)
        if relayed is not None:
            speakers = [replace(speakers[0], claimant=relayed.claimant, kind=relayed.speaker.kind,
                                known=relayed.speaker.known)]
        speakers = _on_behalf(doc, frame, speakers)
        joint = len(speakers)
        sentence = doc.sentences[frame.sentence]
        if joint > 1 and (_JOINT.search(doc.text[sentence.start : sentence.end]) or _one_group(doc, frame)):
            names = "; ".join(sorted({sp.claimant for sp in speakers if sp.claimant}))
            kinds = {sp.kind for sp in speakers}
            kind = "person" if kinds == {"person"} else "collective"  # people speaking together are still people
            speakers = [Speaker(speakers[0].phrase, speakers[0].start, speakers[-1].end, names, kind)]
        if not speakers:
            claimant = doc.voice if frame.kind == "voice" else None
            sc = stance_cues(doc, frame, claimant)
            out.append(Candidate(frame, None, claimant, decide_stance(sc), sc))
            continue
        if frame.kind == "compact":
            speakers = [_denier_not_accuser(doc, people, frame, sp, out, history) for sp in speakers]
        for sp in speakers:
            sc = stance_cues(doc, frame, sp.claimant)
            stance = decide_stance(sc)
            echoed = _echoed(out, frame) if sc.echo else None
            if echoed is not None:
                stance = echoed.stance
            elif relayed is not None:
                stance = relayed.stance
            elif stance is Stance.DENIES and _negates_someone_else(sc) and _has_accused(out, sp.claimant):
                stance = Stance.ASSERTS  # an accuser saying what the accused failed to do goes on accusing
            out.append(Candidate(frame, sp, sp.claimant, stance, sc, joint, echoed))
            answered = _answered(doc, reversed(out), frame, sp.claimant, sc) \
                if stance is Stance.ASSERTS and echoed is None and not sc.counter else None
            if answered is not None:  # the accused's own account: a claim of its own, and a denial of what it answers
                out.append(Candidate(frame, sp, sp.claimant, Stance.DENIES, sc, joint, answered))
            elif sc.counter:  # "the terrorists did it, not the army": a claim and the denial of its rival
                other = Stance.DENIES if stance is Stance.ASSERTS else Stance.ASSERTS
                out.append(Candidate(frame, sp, sp.claimant, other, sc, joint))
        if frame.speaker is not None and not frame.embedded_in:
            by_sentence.setdefault(frame.sentence, speakers)
            history.extend(sp for sp in speakers if sp.claimant)
        elif frame.speaker is not None and joint > 1 and len(speakers) == 1:
            history.append(speakers[0])  # people named together, whose words an "according to" frame holds
    return _accounts_before_accusations(doc, out)


def _accounts_before_accusations(doc: Document, cands: list[Candidate]) -> list[Candidate]:
    """An account that answers an accusation the article reports only after it (a denial in the lead, the
    allegation in the background) also denies it: as `_answered`, with the first such accusation after it."""
    answered = {(id(c.frame), c.claimant) for c in cands if c.stance is Stance.DENIES}
    out: list[Candidate] = []
    for k, c in enumerate(cands):
        out.append(c)
        if c.stance is not Stance.ASSERTS or c.echoes is not None or c.cues.counter \
                or (id(c.frame), c.claimant) in answered:
            continue
        later = [d for d in cands[k + 1 :] if d.frame.span[0] >= c.frame.span[1]]
        target = _answered(doc, later, c.frame, c.claimant, c.cues)
        if target is not None:
            out.append(replace(c, stance=Stance.DENIES, echoes=target))
            answered.add((id(c.frame), c.claimant))
    return out


_BOTH_AFTER = re.compile(r"^\s*,\s*(?:both|all|each)\b", re.IGNORECASE)


_ANAPHOR_LEAD = frozenset("the his her its their it he she they".split())
_ACCUSED_STOP = frozenset("of for had has have was were is are did would will could over to in with".split())


def _denier_not_accuser(doc: Document, people: People, frame: Frame, sp: Speaker, before: list[Candidate],
                        history: list[Speaker]) -> Speaker:
    """In "A accused B of C, a charge the company rejected" / "..., which his lawyers denied" the denier named by a
    role or a pronoun is the accused, not the accuser it resolved to (no one denies their own accusation)."""
    if not sp.phrase.split() or sp.phrase.split()[0].lower() not in _ANAPHOR_LEAD or any(
            w[:1].isupper() for w in sp.phrase.split()[1:]):
        return sp
    accuser = next((c for c in reversed(before) if c.frame.sentence == frame.sentence and c.claimant == sp.claimant
                    and c.stance is Stance.ASSERTS and c.frame.cue_span is not None
                    and c.frame.cue_span[1] <= frame.span[0]), None)
    if accuser is None:
        return sp
    toks = doc.tokens_in(accuser.frame.content[0], frame.span[0])
    toks = toks[1:] if toks and toks[0].norm == "that" else toks
    j = 0
    while j < min(len(toks), 6) and toks[j].norm not in _ACCUSED_STOP and doc.cues.verb_at(toks, j) is None \
            and not (j and re.search(r"[,;:]", doc.text[toks[j - 1].end : toks[j].start])):
        j += 1
    if j == 0:
        return sp
    accused = resolve_speaker(doc, people, toks[0].start, toks[j - 1].end, history)
    if not accused.claimant or accused.claimant == sp.claimant:
        return replace(sp, claimant=None, kind="unknown", known=False)
    return replace(sp, claimant=accused.claimant, kind=accused.kind, name=accused.name, known=accused.known)


def _one_group(doc: Document, frame: Frame) -> bool:
    """Names that speak as one group: in apposition to it ("Two former nurses, Lea Hart and Omar Haddad, said") or
    followed by what they all are ("Lea Hart and Omar Haddad, both nurses at the clinic, said")."""
    if frame.speaker is None:
        return False
    if _names_after_group(doc, frame.speaker) is not None:
        return True
    a, b = frame.speaker
    lo = doc.sentences[frame.sentence].start
    before = doc.text[lo:a].rstrip()
    if before.endswith(","):
        comma = lo + before.rfind(",", 0, len(before) - 1) + 1
        return _names_after_group(doc, (comma, b)) is not None
    return bool(_BOTH_AFTER.match(doc.text[b : b + 20]))


def _negates_someone_else(sc: StanceCues) -> bool:
    """The stance reads a denial only from a negation about someone other than the speaker ("the study had no
    control group", "the agency has not even read the report")."""
    return sc.negation and not (sc.self_negation or sc.deny_verb or sc.no_evidence or sc.dismissive or sc.restrictive
                                or sc.object_is_claim or sc.own_denial or sc.defends)


def _has_accused(before: list[Candidate], claimant: str | None) -> bool:
    """The claimant has accused someone earlier in the article (with an accusing verb: "accused", "alleged")."""
    return bool(claimant) and any(c.claimant == claimant and c.cues.accusation for c in before)


def _answered(doc: Document, among: Iterable[Candidate], frame: Frame, claimant: str | None,
              sc: StanceCues) -> Candidate | None:
    """The accusation this statement answers with the accused's own account of the matter ("Acme is accused of
    dumping waste in the river ... Acme said the river was polluted by a flood"): the first, in the order given,
    of the assertions `among` by another party that named the claimant, on the same matter (a content word in
    common). A statement that admits, accuses, names a third party or speaks of what will be answers nothing."""
    if not claimant or frame.kind in ("voice", "nominal", "compact") or frame.passive \
            or sc.confirm_verb or sc.admission or sc.accusation or sc.echo:
        return None
    mine = _matter_words(doc, frame.content)
    first = (frame.content[0], clause_end(doc, frame.content[0], frame.content[1]))
    if not mine or any(t.norm in _MODALS for t in doc.tokens_in(*first)):
        return None
    named = set(doc.actors_in(*frame.content)) - {claimant}
    for c in among:
        if c.stance is Stance.ASSERTS and c.claimant not in (None, claimant) and c.frame.kind != "voice" \
                and named <= {c.claimant} and _names(doc, c.frame.content, claimant) \
                and mine & _matter_words(doc, c.frame.content):
            return c
    return None


def _names(doc: Document, span: tuple[int, int], claimant: str) -> bool:
    """Does text[span] name the claimant: an actor of the table, or a body by the first word of its name
    ("Vantor had hidden deaths" names Vantor Pharma)?"""
    if claimant in doc.actors_in(*span):
        return True
    first = claimant.split()[0]
    if not first[:1].isupper() or len(first) < 3:
        return False
    return re.search(rf"\b{re.escape(first)}\b", doc.text[span[0] : span[1]]) is not None


_MODALS = frozenset("will would could should must might may shall".split())


def _matter_words(doc: Document, span: tuple[int, int]) -> frozenset[str]:
    """The lower-case content words of a span ("balloon", "research"), as stems: what a statement is about."""
    stop = stopwords()
    return frozenset(stem(t.norm) for t in doc.tokens_in(*span)
                     if t.raw.islower() and len(t.norm) > 3 and t.norm not in stop and not doc.cues.is_verb_form(t.norm))


def _echoed(before: list[Candidate], frame: Frame) -> Candidate | None:
    """The statement "said the same" repeats: the last one with a claimant before this frame."""
    for cand in reversed(before):
        if cand.claimant and cand.frame.span[0] < frame.span[0] and cand.frame.kind != "voice":
            return cand
    return None


def _quote_speaker(doc: Document, frame: Frame, frames: list[Frame], people: People,
                   history: list[Speaker]) -> list[Speaker]:
    """A sentence inside a quotation: the speaker of the frame that closes the quotation in a later sentence of
    the same block ("'C1. C2,' he said."), if any."""
    block = doc.sentences[frame.sentence].block
    for later in frames:
        if later.sentence <= frame.sentence or doc.sentences[later.sentence].block != block:
            continue
        if later.speaker is not None and later.kind == "verb":
            return [resolve_speaker(doc, people, *later.speaker, history)]
        break
    return []
