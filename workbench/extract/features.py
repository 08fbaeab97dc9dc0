"""General features of a candidate mention, for the model that decides which candidates are claim mentions.

Every feature is a class of language or of structure (the kind of attribution, the class of its verb, who
the speaker is, negation, hedges, dismissive words, how much of the headline the content repeats), never a
word of a particular story. Values are floats; names are stable (the fitted model stores them).
"""

from __future__ import annotations

import math
from collections import Counter

from ..text.cues import VERB_CLASSES, inflections
from ..text.lemmas import double_final, stopwords, verb_forms
from ..text.tokens import word_tokens
from .candidates import Candidate
from .document import Document

__all__ = ["FEATURES", "ArticleContext", "features"]

KINDS = ("verb", "according", "nominal", "compact", "quote", "headline", "subject", "voice")
SPEAKER_KINDS = ("state", "organisation", "collective", "person", "group", "unknown")
_STOP = stopwords() | frozenset(("no", "not")) | inflections("say", verb_forms(), double_final()) | {"told"}
"""Words that say nothing of a sentence's content: function words, negation, "said" and "told"."""

FEATURES: tuple[str, ...] = (
    *(f"kind_{k}" for k in KINDS),
    *(f"cue_{c}" for c in (*VERB_CLASSES, "none")),
    "accusing_verb", "main", "embedded", "embedded_in_denial", "inherit", "passive", "negated_verb",
    *(f"speaker_{k}" for k in SPEAKER_KINDS),
    "no_speaker", "pronoun_speaker", "claimant_known", "claimant_is_outlet", "joint",
    "actors_in_content", "other_actor_in_content", "dismissive", "negation", "no_evidence", "self_negation",
    "hedge", "modal", "condition", "question", "first_person", "speech_quote", "claim_noun",
    "content_words_log", "sentence_words_log", "title_overlap", "headline", "early", "claimant_in_title",
    "claimant_frames_log", "object_is_claim", "centrality", "topic_actor_in_content", "numbers", "denies",
    "restrictive", "accused_is_claimant_actor", "headline_statement",
)


class ArticleContext:
    """What the features need of the whole article: the headline's words and how often each claimant speaks."""

    def __init__(self, doc: Document, cands: list[Candidate]) -> None:
        title = doc.title or (doc.text[doc.sentences[0].start : doc.sentences[0].end] if doc.sentences else "")
        self.title_words = _content_words(title)
        self.title_actors = {h.entry.canonical for h in doc.aliases.find_all(title) if h.entry is not None}
        self.claimant_frames = Counter(c.claimant for c in cands if c.claimant)
        # how many sentences of the article each word occurs in: the words of its topic occur in many
        self.sentence_freq: Counter[str] = Counter()
        for s in doc.sentences:
            self.sentence_freq.update(sentence_words(doc, s.start, s.end))
        self.sentences = max(1, len(doc.sentences))
        # the names the article is about: the two it names most, actors of the table or not (its title counted twice)
        counts: Counter[str] = Counter()
        for s in doc.sentences:
            counts.update(names_in(doc, s.start, s.end))
        counts.update(self.title_actors)
        self.topic_actors = {name for name, _ in counts.most_common(2)}


def names_in(doc: Document, start: int, end: int) -> list[str]:
    """The names text[start:end] holds, each once: actors of the alias table by their canonical name, and runs of
    capitalised words the table does not know ("PharmaCorp", "Safe Plates"), not counting a sentence's first
    word, titles and role words. Domain-neutral: a company or a campaign counts as much as a state."""
    out: list[str] = []
    covered: list[tuple[int, int]] = []
    for h in doc.hits_in(start, end):
        if h.entry is not None:
            covered.append((h.start, h.end))
            name = h.entry.name if h.entry.kind == "person" else h.entry.canonical  # a person is a name of their own
            if name not in out:
                out.append(name)
    words = doc.cues.words
    run: list[str] = []
    prev_end = -1
    for t in doc.tokens_in(start, end):
        proper = (t.raw[:1].isupper() and t.norm not in _STOP and t.norm not in words["title"]
                  and t.norm not in words["official_role"] and not any(a <= t.start < b for a, b in covered)
                  and doc.text[max(0, t.start - 2) : t.start].strip() not in (".", "\"", "“", "") )
        if proper and (not run or doc.text[prev_end : t.start] == " "):
            run.append(t.raw)
        else:
            if run and " ".join(run) not in out:
                out.append(" ".join(run))
            run = [t.raw] if proper else []
        prev_end = t.end
    if run and " ".join(run) not in out:
        out.append(" ".join(run))
    return out


def _content_words(text: str) -> set[str]:
    return {t.norm for t in word_tokens(text) if len(t.norm) >= 3 and t.norm.isalpha() and t.norm not in _STOP}


def sentence_words(doc: Document, start: int, end: int) -> set[str]:
    """The content words of text[start:end], an actor's aliases counted as the actor ("Tehran" and "Iranian" are
    both Iran)."""
    hits = [h for h in doc.hits_in(start, end) if h.entry is not None]
    words = _content_words(doc.text[start:end])
    for h in hits:
        words -= _content_words(h.text)
    return words | {"@" + h.entry.canonical for h in hits}


def _centrality(ctx: ArticleContext, words: set[str]) -> float:
    """How many other sentences share the content's words, on average, relative to what the article's length
    allows (up to five): the words of an article's topic recur."""
    if not words:
        return 0.0
    cap = min(5, ctx.sentences - 1)
    if cap <= 0:
        return 1.0
    return sum(min(ctx.sentence_freq[w] - 1, cap) for w in words) / (cap * len(words))


def features(doc: Document, cand: Candidate, ctx: ArticleContext) -> list[float]:
    """The feature vector of a candidate, in the order of `FEATURES`."""
    f = cand.frame
    sentence = doc.sentences[f.sentence]
    stext = doc.text[sentence.start : sentence.end]
    c0, c1 = f.content
    content = doc.text[c0:c1]
    words = doc.cues.words
    content_tokens = doc.tokens_in(c0, c1)
    actors = names_in(doc, c0, c1)
    others = [a for a in actors if a != cand.claimant]
    sp = cand.speaker
    cw = sentence_words(doc, c0, c1)
    values: dict[str, float] = {f"kind_{k}": float(f.kind == k) for k in KINDS}
    values.update({f"cue_{c}": float(f.cue == c) for c in (*VERB_CLASSES, "none")})
    values.update({f"speaker_{k}": float(sp is not None and sp.kind == k) for k in SPEAKER_KINDS})
    values.update({
        "accusing_verb": float(cand.cues.accusation),
        "main": float(f.main),
        "embedded": float(f.embedded_in is not None),
        "embedded_in_denial": float(f.embedded_in == "deny"),
        "inherit": float(f.inherit),
        "passive": float(f.passive),
        "negated_verb": float(f.negated),
        "no_speaker": float(sp is None),
        "pronoun_speaker": float(sp is not None and sp.pronoun),
        "claimant_known": float(sp is not None and (sp.known or sp.kind in ("person", "organisation"))),
        "claimant_is_outlet": float(cand.claimant is not None and cand.claimant == doc.voice),
        "joint": float(cand.joint > 1),
        "actors_in_content": float(min(len(actors), 3)),
        "other_actor_in_content": float(bool(others)),
        "dismissive": float(min(cand.cues.dismissive, 3)),
        "negation": float(cand.cues.negation),
        "no_evidence": float(cand.cues.no_evidence),
        "self_negation": float(cand.cues.self_negation),
        "hedge": float(any(content[a:b] != "May" for a, b in doc.cues.spans("hedge", content))),
        "modal": float(doc.cues.has("modal_intent", content)),
        "condition": float(bool(content_tokens) and content_tokens[0].norm in words["condition"]),
        "question": float("?" in stext),
        "first_person": float(any(doc.cues.is_first_person(t) for t in content_tokens)),
        "speech_quote": float(any(q.speech and sentence.start <= q.open < sentence.end for q in doc.quotes)),
        "claim_noun": float(any(t.norm in words["claim_noun"] for t in content_tokens)),
        "content_words_log": math.log1p(len(content_tokens)),
        "sentence_words_log": math.log1p(len(doc.tokens_in(sentence.start, sentence.end))),
        "title_overlap": len(cw & ctx.title_words) / len(ctx.title_words) if ctx.title_words else 0.0,
        "headline": float(doc.is_headline(sentence)),
        "early": float(f.sentence < 3),
        "claimant_in_title": float(bool(cand.claimant) and (cand.claimant in ctx.title_actors
                                                            or bool(_content_words(cand.claimant) & ctx.title_words))),
        "claimant_frames_log": math.log1p(ctx.claimant_frames.get(cand.claimant, 0)) if cand.claimant else 0.0,
        "object_is_claim": float(cand.cues.object_is_claim),
        "centrality": _centrality(ctx, cw),
        "topic_actor_in_content": float(bool(set(others) & ctx.topic_actors)),
        "numbers": float(sum(1 for t in content_tokens if t.norm[:1].isdigit()) >= max(3, len(content_tokens) / 4)),
        "denies": float(cand.stance.value == "denies"),
        "restrictive": float(cand.cues.restrictive),
        "accused_is_claimant_actor": float(cand.claimant is not None and cand.claimant in actors),
        "headline_statement": float(doc.is_headline(sentence) and sp is not None and f.kind in ("verb", "headline")),
    })
    return [values[name] for name in FEATURES]
