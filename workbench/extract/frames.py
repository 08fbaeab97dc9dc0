"""Attribution frames: where in a sentence someone says, claims, denies or confirms something. Pure.

A frame is a candidate mention: who speaks (a span of the text, resolved later), the cue that makes it a
statement (a reporting verb and its class, "according to", a claim or denial noun, a quotation carried over
from the sentence that attributes it), and the content reported. Frames come from general patterns of
reported speech only:

* `X said (that) C`, `X accused Y of C`, `X denied C`, `X has confirmed C` (a verb of a class in cues.json);
* postposed attribution: `C, X said`, `"C," said X`, `C, the report said`;
* a participle after a clause, sharing its subject (`X blamed Y, saying C`) or with its own (`..., Y in return
  accusing X of C`);
* passives: `Y was accused by X of C`;
* `according to X, C` and `C, according to X`;
* nouns: `X's claim that C`, `accusations by X that C`, `despite X's denials`, `a charge X denies`,
  `, which X denies`;
* sentences inside a quotation take the quotation's speaker;
* a headline `X: C`;
* anything else is a statement in the outlet's own voice (`kind == "voice"`).

Whether a frame is a claim mention is decided later (`workbench.extract.model`), from general features.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.cues import VerbHit
from ..text.segment import Sentence
from ..text.tokens import Token
from .document import Document

__all__ = ["Frame", "find_frames"]

_DETERMINER = frozenset("the a an this that these those his her its their our my your such any every no".split())
_AUX = frozenset(
    "has have had is are was were be been being will would shall should can could may might must did does do "
    "also again already repeatedly reportedly previously earlier later then now still further once both all "
    "swiftly quickly promptly publicly privately openly explicitly officially formally initially long not never "
    "n't yet finally first last only just even ever strongly flatly categorically firmly vehemently".split()
)
_TIME_WORD = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight weekend week month year "
    "morning evening night afternoon earlier later recently".split()
)
_BOUNDARY_WORDS = frozenset(
    "that and but while whereas although though because as if when since after before yet so which who whom".split()
)
_CONTRAST = frozenset("although though but while whereas yet despite however".split())
_TELL = frozenset("tell inform brief warn assure remind notify".split())
_BE = frozenset("is are was were be been being".split())
_PP_START = frozenset("in on at during by via through over after before from to with late early last this".split())
_CLAUSE_END = re.compile(r"[,;:–—(]|\s-\s")
_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{2,40}(?:,\s*[A-Z][\w .]{1,30})?\s*(?:\([^)]{1,40}\))?\s*(?:[-–—]+|:)\s+")
_WHICH_DENY = re.compile(r",?\s*(?:which|something|a\s+(?:charge|claim|claims|allegation|accusation|suggestion)(?:\s+that)?|an\s+(?:allegation|accusation|assertion))\s+$", re.IGNORECASE)


@dataclass
class Frame:
    """A candidate mention: its span in the text, the speaker phrase, the cue and the reported content."""

    kind: str
    """verb, according, nominal, compact, quote, headline, voice"""
    sentence: int
    span: tuple[int, int]
    content: tuple[int, int]
    speaker: tuple[int, int] | None = None
    cue: str = "none"
    """The cue's class: a verb class of cues.json, or denial / admission / claim for nouns, none for voice."""
    lemma: str = ""
    cue_span: tuple[int, int] | None = None
    negated: bool = False
    passive: bool = False
    main: bool = True
    """The frame spans its whole sentence (False: a clause of it, as `, which X denies`)."""
    inherit: bool = False
    """The speaker is the subject of the frame before it in the sentence (`..., saying ...`)."""
    embedded_in: str | None = None
    """The cue class of a frame whose content holds this one (a restated accusation inside a denial)."""
    aside: tuple[int, int] | None = None
    """An attribution set between commas inside its content ("C1, she said, C2"): cut out of the proposition."""


# --------------------------------------------------------------------------------------------------------------
# Helpers over tokens


def _first_token(doc: Document, offset: int) -> int:
    return doc.token_index(offset)


_HAVE = frozenset("have has had having".split())
_NOUN_LEADS = frozenset("no any with without few several numerous".split())
_INFINITIVE_HEADS = frozenset(
    "went go goes going continue continues continued continuing used wants wanted want sought seek seeks "
    "tried try tries moved moves rushed rush rushes was were is are be been appeared appears seemed seems "
    "able unable ready quick swift keen eager willing first last on".split()
)


def _is_noun_use(doc: Document, toks: list[Token], k: int, hit: VerbHit) -> bool:
    """"the claims", "a UN report", "his denial": a verb form used as a noun or an adjective."""
    prev = toks[k - 1] if k > 0 else None
    if prev is None:
        return False
    if prev.norm in _DETERMINER or prev.possessive or prev.norm.isdigit():
        return True
    if hit.form.endswith("s") and not hit.form.endswith("ss"):
        # "had questions to answer", "no family ties", "with close links": after "have", "no" or "with" (an
        # adjective or a noun between at most) a form in -s is a plural noun
        for back in range(1, 4):
            if k - back < 0:
                break
            t = toks[k - back]
            if t.norm in _HAVE or t.norm in _NOUN_LEADS:
                return True
            if not t.raw.isalpha() or not t.raw.islower() or doc.cues.is_verb_form(t.norm) or t.norm in _AUX:
                break
    if prev.norm == "to" and k > 1 and toks[k - 2].raw.isalpha() and not toks[k - 2].raw[:1].isupper() \
            and toks[k - 2].norm not in _INFINITIVE_HEADS and _noun(doc, toks, k - 2):
        return True  # "questions to answer", "a chance to respond": an infinitive after a noun reports nothing
    if prev.norm in ("of", "about", "for", "by", "with") and hit.form.endswith("ing") and hit.kind not in ("deny", "claim"):
        return True
    nxt = toks[k + hit.length] if k + hit.length < len(toks) else None
    if nxt is not None and nxt.norm == "between":
        return True  # "a phone call between the leaders"
    if hit.form.endswith("ed") and nxt is not None and prev.norm in _DETERMINER | {"of", "in", "on", "for", "the"}:
        return True  # "the alleged massacre"
    if hit.form.endswith("ed") and nxt is not None and nxt.norm in ("to", "with", "by") and prev.raw.islower() \
            and prev.norm not in _AUX and not prev.norm.endswith("ly") and hit.lemma in ("link", "tie", "attribute", "blame"):
        return True  # "accounts linked to state media": a reduced relative clause
    if prev.raw[:1].isupper() and k > 1 and toks[k - 2].norm in _DETERMINER and hit.form.endswith(("s", "t")) \
            and not hit.form.endswith("ed"):
        return True  # "the UN report", "a Reuters report"
    return False


def _noun(doc: Document, toks: list[Token], k: int) -> bool:
    """toks[k] is no reporting verb here (not one at all, or one used as a noun)."""
    hit = doc.cues.verb_at(toks, k)
    return hit is None or _is_noun_use(doc, toks, k, hit)


def _negated(toks: list[Token], k: int) -> bool:
    window = [t.norm for t in toks[max(0, k - 3) : k]]
    return any(w in ("not", "never", "n't", "no") or w.endswith("n't") for w in window)


def _passive(toks: list[Token], k: int, hit: VerbHit) -> bool:
    if not (hit.form.endswith(("ed", "en")) or hit.form in ("told", "said", "held", "found", "known", "shown", "seen")):
        return False
    after = k + hit.length
    if after < len(toks) and toks[after].norm == "by" and k > 0 and toks[k - 1].norm not in _AUX:
        return True  # a reduced passive, as in headlines: "Cartel links condemned by the EU"
    j = k - 1
    while j >= 0 and toks[j].norm in _AUX - _BE:
        j -= 1
    return j >= 0 and toks[j].norm in _BE


_TWO_WORD_ADVERBS = frozenset({("in", "turn"), ("once", "again"), ("yet", "again"), ("at", "once"), ("in", "return"),
                               ("for", "instance"), ("in", "addition")})
_ONE_WORD_ADVERBS = frozenset("also then again too later still even further meanwhile since".split())


def _skip_back(doc: Document, toks: list[Token], k: int) -> int:
    """Index of the last token of the subject before the verb at `k`: auxiliaries, adverbs and time phrases
    ("has repeatedly", "on Tuesday", "last month") skipped."""
    j = k - 1
    while j >= 0:
        norm = toks[j].norm
        if j + 1 < len(toks) and "," in doc.text[toks[j].end : toks[j + 1].start]:
            break
        if norm in _AUX and toks[j].raw[:1].isupper() and j > 0 and toks[j - 1].raw[:1].isupper() \
                and doc.text[toks[j - 1].end : toks[j].start] == " ":
            break  # "Theresa May says": a name, not the modal
        if norm in _AUX or norm.endswith("ly") and norm not in ("italy", "family", "assembly"):
            j -= 1
            continue
        if j > 0 and (toks[j - 1].norm, norm) in _TWO_WORD_ADVERBS:
            j -= 2  # "and in turn accuses", "and at the same time"
            continue
        if norm in _ONE_WORD_ADVERBS:
            j -= 1
            continue
        if norm in _TIME_WORD and j > 0 and toks[j - 1].norm in ("on", "last", "this", "earlier", "late", "next"):
            j -= 2
            continue
        if norm in _TIME_WORD:
            j -= 1
            continue
        break
    return j


def _subject_start(doc: Document, toks: list[Token], end: int, lo: int) -> int:
    """First token of the noun phrase ending at token `end` (inclusive), reading back to a clause boundary;
    an apposition between commas ("Yolande Makolo, a spokesperson for the government,") stays inside."""
    j = end
    while j > lo:
        gap = doc.text[toks[j - 1].end : toks[j].start]
        prev = toks[j - 1]
        if any(c in gap for c in ".;:!?\"“”") or any(c in gap for c in "–—") and j - 1 > lo:
            break
        if "," in gap:
            if _apposition_before(doc, toks, j, lo):
                j -= 1
                continue
            break
        if prev.norm == "and" and _np_list_before(doc, toks, j - 1, lo):
            j -= 1
            continue
        if prev.norm in _BOUNDARY_WORDS or doc.cues.verb_at(toks, j - 1) is not None and prev.raw[:1].islower():
            break
        j -= 1
    return j


def _np_like(doc: Document, tok: Token) -> bool:
    words = doc.cues.words
    return (tok.raw[:1].isupper() or tok.norm in _DETERMINER or tok.norm in ("both", "all", "other", "some")
            or tok.possessive or tok.norm in words["group_speaker"] or tok.norm in words["official_role"])


def _np_list_before(doc: Document, toks: list[Token], k: int, lo: int) -> bool:
    """Is the "and" at token `k` inside a noun phrase ("the Ethiopian and Eritrean governments", "U.N. experts and
    the Congolese government"): the words before it, back to the clause start, all read as a noun phrase?"""
    j = k - 1
    n = 0
    while j >= lo and n < 6:
        gap = doc.text[toks[j].end : toks[j + 1].start]
        if any(c in gap for c in ",.;:\"“”–—") or toks[j].norm in _BOUNDARY_WORDS:
            break
        if not _np_like(doc, toks[j]):
            return False
        j -= 1
        n += 1
    return n > 0


def _apposition_before(doc: Document, toks: list[Token], j: int, lo: int) -> bool:
    """Is the comma before token `j` the end of an apposition ("X, a spokesperson for Y, said")?"""
    k = j - 1
    while k > lo and "," not in doc.text[toks[k - 1].end : toks[k].start]:
        k -= 1
    if k <= lo:
        return False
    segment = toks[k:j]
    if not 0 < len(segment) <= 12 or not all(_np_word(doc, t) for t in segment):
        return False
    words = doc.cues.words
    has_role = any(t.norm in words["official_role"] or t.norm in words["private_role"] for t in segment)
    if has_role and toks[k - 1].raw[:1].isupper():
        return True  # "Yolande Makolo, a spokesperson for the government, said"
    # "The Kremlin's spokesman, Dmitry Peskov, said": a name after a role phrase
    first = k - 1
    while first > lo and "," not in doc.text[toks[first - 1].end : toks[first].start] and _np_word(doc, toks[first - 1]):
        first -= 1
    return all(t.raw[:1].isupper() for t in segment) and any(
        t.norm in words["official_role"] or t.norm in words["private_role"] for t in toks[first:k])


_NP_LOWER = frozenset("of for to in at with from on the a an and senior former deputy top chief acting national "
                      "foreign interior defence defense state federal regional local general".split())


def _np_word(doc: Document, tok: Token) -> bool:
    """Could this word stand in a noun phrase naming a speaker (not a verb)?"""
    words = doc.cues.words
    return (tok.raw[:1].isupper() or tok.possessive or tok.norm in _NP_LOWER or tok.norm in words["official_role"]
            or tok.norm in words["private_role"] or tok.norm in words["institution"] or tok.norm in words["title"]
            or tok.norm in words["speech_noun"] or tok.norm in words["claim_noun"] or tok.norm in words["group_speaker"]
            or tok.norm.isdigit())


def _np_after(doc: Document, toks: list[Token], k: int, hi: int) -> int:
    """Index after the noun phrase starting at token `k` (stops at punctuation, a verb, "that", a PP of time)."""
    j = k
    while j < len(toks) and toks[j].end <= hi:
        if j > k and _CLAUSE_END.search(doc.text[toks[j - 1].end : toks[j].start]):
            break
        if j > k and (toks[j].norm in ("that", "who", "which", "on", "in", "by", "during", "at", "late", "earlier")
                      or doc.cues.verb_at(toks, j) is not None and toks[j].raw[:1].islower()):
            break
        j += 1
    return j


def _clause_end(doc: Document, start: int, hi: int) -> int:
    """Where a short clause started at `start` ends: the next comma, dash, semicolon or the sentence end."""
    m = _CLAUSE_END.search(doc.text, start, hi)
    return m.start() if m else hi


def _content_after(doc: Document, toks: list[Token], k: int, hit: VerbHit, hi: int) -> int:
    """Offset where the content after a verb starts: "that" and the addressee of "told" skipped."""
    j = k + hit.length
    if j >= len(toks) or toks[j].start >= hi:
        return hi
    if hit.lemma in _TELL and toks[j].norm != "that":
        j = _np_after(doc, toks, j, hi)
    for m in range(j, min(j + 12, len(toks))):
        if toks[m].start >= hi or _CLAUSE_END.search(doc.text[toks[m - 1].end : toks[m].start]) and m > j:
            break
        if toks[m].norm == "that":
            if re.match(r"^\s*[,.;:!?]", doc.text[toks[m].end : toks[m].end + 2]) or toks[m].end >= hi:
                break  # "dispute that, ...": the demonstrative is the content
            if all(t.norm in _PP_START or t.norm in _TIME_WORD or t.norm in _DETERMINER or t.raw[:1].isupper()
                   or t.norm.isdigit() or t.norm in ("statement", "report", "interview", "briefing", "post",
                                                     "confidential", "separate", "joint", "written", "tweet")
                   for t in toks[j:m]):
                return toks[m].end
            break
    return toks[j].start if j < len(toks) and toks[j].start < hi else hi


# --------------------------------------------------------------------------------------------------------------
# Frames of one sentence


class _SentenceReader:
    def __init__(self, doc: Document, si: int) -> None:
        self.doc = doc
        self.si = si
        self.s: Sentence = doc.sentences[si]
        lo = self.s.start
        m = _DATELINE.match(doc.text[lo : self.s.end])
        self.lo = lo + m.end() if m else lo
        self.hi = self.s.end
        self.toks = doc.tokens_in(self.lo, self.hi)
        self.frames: list[Frame] = []

    def outside_speech(self, tok: Token) -> bool:
        return not self.doc.in_quote(tok.start)

    def read(self) -> list[Frame]:
        self._verb_frames()
        self._according()
        self._nominal_frames()
        self._headline_colon()
        self._subject_frame()
        self._settle_spans()
        return self.frames

    # -- "Eritrea outraged by ...", "Moscow questioned ...": no reporting verb, but an actor is the subject
    def _subject_frame(self) -> None:
        doc, toks = self.doc, self.toks
        if any(f.kind in ("verb", "according", "headline") for f in self.frames) or not toks or doc.in_quote(self.lo):
            return
        j = 0
        while j < len(toks) and (toks[j].raw[:1].isupper() or toks[j].norm in _DETERMINER or toks[j].possessive
                                 or toks[j].norm in ("of", "and")) and j < 8:
            j += 1
        if j == 0 or j >= len(toks) or not toks[j].raw[:1].islower():
            return
        span = (toks[0].start, toks[j - 1].end)
        if not doc.hits_in(*span) or any(h.entry is None for h in doc.hits_in(*span)):
            return
        self.frames.append(Frame("subject", self.si, (self.lo, self.hi), (toks[j].start, self.hi), span, "none", "",
                                 (toks[j].start, toks[j].end)))

    # -- verbs
    def _verb_frames(self) -> None:
        doc, toks = self.doc, self.toks
        k = 0
        while k < len(toks):
            hit = doc.cues.verb_at(toks, k)
            if hit is None or not self.outside_speech(toks[k]) or _is_noun_use(doc, toks, k, hit):
                k += 1
                continue
            frame = self._verb_frame(k, hit)
            if frame is not None:
                self.frames.append(frame)
            k += hit.length

    def _verb_frame(self, k: int, hit: VerbHit) -> Frame | None:
        doc, toks = self.doc, self.toks
        vs, ve = toks[k].start, toks[k + hit.length - 1].end
        negated = _negated(toks, k)
        if _passive(toks, k, hit):
            return self._passive_frame(k, hit, vs, ve, negated)
        last = _skip_back(doc, toks, k)
        subject = self._subject_before(last)
        content_start = _content_after(doc, toks, k, hit, self.hi)
        after_n = len([t for t in doc.tokens_in(content_start, self.hi)
                       if t.norm not in _PP_START and t.norm not in _TIME_WORD])
        before = self._gap(self.lo, subject[0] if subject else vs).rstrip()
        before_n = len(doc.tokens_in(self.lo, subject[0] if subject else vs))
        after_quote = before[-1:] in ("\"", "”", "’", "'") or before[-2:] in (",\"", ",”", ",’")
        if subject is None and hit.gerund:
            return Frame("verb", self.si, (self.lo, self.hi), (content_start, self.hi), None, hit.kind, hit.lemma,
                         (vs, ve), negated, inherit=True, main=False)
        if subject is None and before_n >= 2 and (after_quote or before[-1:] == ","):
            return self._postposed_frame(k, hit, vs, ve, None, negated)  # '"C," said X' / 'C, said the report'
        comma_after = re.match(r"^\s*(?:(?:on|in|at|late|earlier|to|during|via|through)\b[^,.;]{0,50})?,", doc.text[ve : self.hi])
        if subject is not None and comma_after and before.endswith(",") and before_n >= 1 and after_n >= 2:
            # "In the meantime, she said, C" / "The explosions, the United States said, were caused by C"
            aside = (self.lo + len(before) - 1, ve + comma_after.end())
            return Frame("verb", self.si, (self.lo, self.hi), (self.lo, self.hi), subject, hit.kind, hit.lemma,
                         (vs, ve), negated, aside=aside)
        if subject is not None and before_n >= 3 and (after_n < 3 or after_quote and (after_n < 6 or comma_after)):
            return self._postposed_frame(k, hit, vs, ve, subject, negated)  # 'C, X said (in a statement)'
        if subject is None and after_n < 3 and before_n >= 3:
            return self._postposed_frame(k, hit, vs, ve, None, negated)
        if subject is None:
            if hit.gerund or (last >= 0 and toks[last].norm in ("and", "but")):
                return Frame("verb", self.si, (self.lo, self.hi), (content_start, self.hi), None, hit.kind, hit.lemma,
                             (vs, ve), negated, inherit=True, main=False)
            return None
        return Frame("verb", self.si, (self.lo, self.hi), (content_start, self.hi), subject, hit.kind, hit.lemma,
                     (vs, ve), negated)

    def _gap(self, a: int, b: int) -> str:
        """text[a:b] without the marks of quotations that are not speech ("decisively rejected" in scare quotes)."""
        chars = list(self.doc.text[a:b])
        for q in self.doc.quotes:
            if q.speech:
                continue
            for pos in (q.open, q.close):
                if a <= pos < b:
                    chars[pos - a] = " "
        return "".join(chars)

    def _subject_before(self, last: int) -> tuple[int, int] | None:
        """The subject noun phrase ending at token `last` (before the verb): a plain phrase, one with an apposition
        ("X, a spokesperson for Y,") or with a parenthetical ("The statement, issued by Downing Street,",
        "Kyiv and Moscow, without offering evidence,"). None when a quotation or a clause ends there."""
        doc, toks = self.doc, self.toks
        if last > 0 and toks[last].norm in ("which", "who"):
            return self._antecedent(last, last)  # "Ethiopia and Eritrea, which deny ..."
        if last < 0 or toks[last].norm in _BOUNDARY_WORDS or (doc.cues.verb_at(toks, last) is not None
                                                                and toks[last].raw[:1].islower()):
            return None
        gap = self._gap(toks[last].end, toks[last + 1].start)
        if any(c in gap for c in "\"”’"):
            return None
        if "," not in gap:
            return self._antecedent(_subject_start(doc, toks, last, 0), last)
        if _apposition_before(doc, toks, last + 1, 0):
            first = _subject_start(doc, toks, last, 0)
            return (toks[first].start, toks[last].end) if toks[first].start <= self.lo + 2 or first > 0 else None
        return self._before_parenthetical(last)

    def _before_parenthetical(self, last: int) -> tuple[int, int] | None:
        doc, toks = self.doc, self.toks
        k = last
        while k > 0 and "," not in self._gap(toks[k - 1].end, toks[k].start) and last - k < 12:
            k -= 1
        if k == 0 or last - k >= 12 or toks[k].norm in ("and", "but", "that") or (
                toks[k].raw[:1].isupper() and toks[k].norm not in ("who", "which")):
            return None
        end = k - 1
        first = _subject_start(doc, toks, end, 0)
        if first > 0 and toks[first - 1].norm not in _BOUNDARY_WORDS:
            return None
        if not all(_np_word(doc, t) or t.norm in ("both", "all", "and") for t in toks[first : end + 1]):
            return None
        if toks[k].norm in ("who", "which"):  # "X, who blamed Y for Z, said ...": X
            return toks[first].start, toks[end].end
        # "The statement, issued by Downing Street,": the parenthetical names the source
        if any(t.norm in ("by", "from") for t in toks[k : last + 1]) and doc.hits_in(toks[k].start, toks[last].end):
            return toks[first].start, toks[last].end
        return toks[first].start, toks[end].end

    def _antecedent(self, first: int, last: int) -> tuple[int, int]:
        """The subject span; a relative pronoun ("Ethiopia and Eritrea, which deny ...") stands for the noun phrase
        before its comma."""
        toks = self.toks
        if first == last and toks[first].norm in ("which", "who", "that") and first > 0:
            end = first - 1
            start = _subject_start(self.doc, toks, end, 0)
            return toks[start].start, toks[end].end
        return toks[first].start, toks[last].end

    def _ends_clause(self, ve: int) -> bool:
        rest = self.doc.text[ve : self.hi]
        return not rest.strip(" .\"”’") or bool(re.match(r"^\s*(?:[,.;]|on\s|in\s|late\s|at\s|to\s|by\s|during\s)", rest))

    def _postposed_frame(self, k: int, hit: VerbHit, vs: int, ve: int, subject: tuple[int, int] | None,
                         negated: bool) -> Frame | None:
        doc, toks = self.doc, self.toks
        if subject is None:  # "..., said the report" / "..." said X
            j = k + hit.length
            end = _np_after(doc, toks, j, self.hi)
            if end <= j or toks[j].norm in _PP_START:
                return None  # '..., said in a statement': no speaker after the verb
            subject = (toks[j].start, toks[end - 1].end)
        # the content runs from the start of the sentence (or the quotation) to the comma before the speaker
        cut = subject[0] if subject[0] < vs else vs
        before = doc.text[self.lo : cut].rstrip(" ,\"”’")
        if len(before.split()) < 2:
            return None
        content = (self.lo, self.lo + len(before))
        return Frame("verb", self.si, (self.lo, self.hi), content, subject, hit.kind, hit.lemma, (vs, ve), negated)

    def _passive_frame(self, k: int, hit: VerbHit, vs: int, ve: int, negated: bool) -> Frame | None:
        doc, toks = self.doc, self.toks
        j = k + hit.length
        agent = None
        if j < len(toks) and toks[j].norm == "by":
            end = _np_after(doc, toks, j + 1, self.hi)
            if end > j + 1:
                agent = (toks[j + 1].start, toks[end - 1].end)
                j = end
        if agent is None and hit.kind not in ("claim", "deny"):
            return None  # "it was said", "he was told"
        content = (toks[j].start if j < len(toks) else self.hi, self.hi)
        return Frame("verb", self.si, (self.lo, self.hi), content, agent, hit.kind, hit.lemma, (vs, ve), negated,
                     passive=True)

    # -- according to
    def _according(self) -> None:
        text = self.doc.text
        for m in re.finditer(r"\baccording\s+to\s+", text[self.lo : self.hi], re.IGNORECASE):
            start = self.lo + m.end()
            if self.doc.in_quote(start):
                continue
            end = _clause_end(self.doc, start, self.hi)
            speaker = (start, end)
            if m.start() < 3:  # "According to X, C"
                content = (min(end + 1, self.hi), self.hi)
            else:  # "C, according to X"
                content = (self.lo, self.lo + m.start())
            self.frames.append(Frame("according", self.si, (self.lo, self.hi), content, speaker, "say", "according to",
                                     (self.lo + m.start(), start)))

    # -- nouns
    def _nominal_frames(self) -> None:
        doc, toks = self.doc, self.toks
        words = doc.cues.words
        for k, t in enumerate(toks):
            if not self.outside_speech(t):
                continue
            if t.norm in words["denial_noun"]:
                self._noun_frame(k, "deny")
            elif t.norm in words["admission_noun"]:
                self._noun_frame(k, "confirm")
            elif t.norm in words["claim_noun"] and t.norm not in ("statement", "statements", "words", "information"):
                self._noun_frame(k, "claim", need_content=True)
        self._compact_frames()

    def _noun_frame(self, k: int, cue: str, need_content: bool = False) -> None:
        doc, toks = self.doc, self.toks
        t = toks[k]
        owner = self._owner(k)
        j = k + 1
        content_start = None
        if j < len(toks) and toks[j].norm in ("that", "of", "about"):
            content_start = toks[j].end
        elif j + 1 < len(toks) and toks[j].norm in ("by", "from") and owner is None:
            end = _np_after(doc, toks, j + 1, self.hi)
            if end > j + 1:
                owner = (toks[j + 1].start, toks[end - 1].end)
                if end < len(toks) and toks[end].norm in ("that", "of"):
                    content_start = toks[end].end
        if need_content and content_start is None:
            return
        if owner is None and cue == "claim":
            return
        start = owner[0] if owner and owner[0] < t.start else self._np_start(k)
        end = _clause_end(doc, content_start or t.end, self.hi) if cue != "claim" else self.hi
        content = (content_start, end) if content_start else (t.start, end)
        self.frames.append(Frame("nominal", self.si, (start, end), content, owner, cue, t.norm, (t.start, t.end),
                                 main=False))

    def _owner(self, k: int) -> tuple[int, int] | None:
        """The possessor before a noun ("Russia's denial", "their strong denials")."""
        doc, toks = self.doc, self.toks
        j = k - 1
        while j >= 0 and (toks[j].norm in doc.cues.words["intensifier"] or toks[j].norm in
                          ("strong", "repeated", "earlier", "latest", "previous", "official", "new", "own", "initial")):
            j -= 1
        if j >= 0 and toks[j].possessive:
            first = _subject_start(doc, toks, j, 0)
            return toks[first].start, toks[j].end
        if j >= 0 and toks[j].norm in ("their", "its", "his", "her", "our"):
            named = [h for h in doc.hits_in(self.lo, toks[j].start) if h.entry is not None]
            if named and toks[j].norm in ("its", "their"):
                return named[-1].start, named[-1].end
            return toks[j].start, toks[j].end
        return None

    def _np_start(self, k: int) -> int:
        toks = self.toks
        j = k
        while j > 0 and (toks[j - 1].norm in _DETERMINER or toks[j - 1].norm in ("despite", "amid")
                         or toks[j - 1].norm.endswith("ly") or toks[j - 1].norm in ("strong", "repeated", "months", "of")):
            j -= 1
        return toks[j].start

    def _compact_frames(self) -> None:
        """`, which X denies` / `a charge X denies`: a short clause whose verb frame reads as postposed."""
        for f in self.frames:
            if f.kind != "verb" or f.cue != "deny" or f.speaker is None:
                continue
            before = self.doc.text[max(self.lo, f.speaker[0] - 40) : f.speaker[0]]
            m = _WHICH_DENY.search(before)
            if m and f.speaker[0] - len(before) + m.start() > self.lo:
                f.kind = "compact"
                f.main = False
                start = f.speaker[0] - len(before) + m.start()
                while self.doc.text[start] in ", ":
                    start += 1
                f.span = (start, _clause_end(self.doc, f.cue_span[1], self.hi))
                f.content = (self.lo, f.span[0])

    # -- headline "X: C"
    def _headline_colon(self) -> None:
        doc = self.doc
        if self.frames or not doc.is_headline(self.s):
            return
        text = doc.text[self.lo : self.hi]
        m = re.match(r"^([^:]{2,60}):\s+(\S.*)$", text)
        if m and doc.tokens_in(self.lo, self.lo + m.end(1)):
            self.frames.append(Frame("headline", self.si, (self.lo, self.hi), (self.lo + m.start(2), self.hi),
                                     (self.lo, self.lo + m.end(1)), "say", ":", (self.lo + m.end(1), self.lo + m.end(1) + 1)))

    # -- spans
    def _settle_spans(self) -> None:
        """Clauses that begin after a contrast word or a comma with their own speaker get their own span, and the
        content of the frame before them stops there; frames inside another's content are marked embedded."""
        doc = self.doc
        verbs = sorted((f for f in self.frames if f.kind == "verb" and f.speaker is not None), key=lambda f: f.cue_span[0])
        for f in verbs:
            if f.speaker[0] <= self.lo + 2 or f.speaker[0] > f.cue_span[0] or f.content[0] < f.cue_span[0]:
                continue
            before = doc.text[self.lo : f.speaker[0]]
            m = re.search(r"(?:[,;–—]\s*(?:and\s+|but\s+)?|\b(?:although|though|but|while|whereas|yet|and)\s+|"
                          r",\s*(?:an?|the)\s+(?:accusation|claim|allegation|charge|assertion|suggestion|report)s?\s+"
                          r"(?:that|which)\s+)$", before)
            if m is None or len(doc.tokens_in(self.lo, self.lo + m.start())) < 3:
                continue
            f.main = False
            f.span = (self.lo + m.start() + (1 if before[m.start()] in ",;–—" else 0), _clause_end(doc, f.cue_span[1], self.hi))
            f.span = (f.span[0] + len(doc.text[f.span[0]:f.span[1]]) - len(doc.text[f.span[0]:f.span[1]].lstrip()), f.span[1])
            if f.content[0] > f.span[1]:
                f.span = (f.span[0], self.hi)
            for g in self.frames:
                if g is not f and g.main and g.content[0] < f.span[0] < g.content[1]:
                    g.content = (g.content[0], f.span[0])
        for f in self.frames:
            if f.kind != "verb" or f.speaker is not None or not f.inherit or f.cue_span is None:
                continue
            # "X denied A and in turn accused Y of B": the second verb's clause is a span of its own
            m = re.search(r"\b(?:and|but)\s+(?:[a-z]+\s+){0,2}$", doc.text[self.lo : f.cue_span[0]])
            if m is None or m.start() == 0:
                continue
            start = self.lo + m.start()
            f.span = (start, _clause_end(doc, f.cue_span[1], self.hi))
            for g in self.frames:
                if g is not f and g.main and g.content[0] < start < g.content[1]:
                    g.content = (g.content[0], start)
        for f in self.frames:
            for g in self.frames:
                if g is not f and g.main and f.cue_span and g.content[0] <= f.cue_span[0] < g.content[1] and f.kind != "compact":
                    f.embedded_in = g.cue if g.cue != "none" else None
                    break


_ADJUNCT = re.compile(r",\s+(?:[a-z]+ing)\b")


def _cut_adjuncts(doc: Document, frames: list[Frame]) -> None:
    """"Analysts dispute that, pointing to the craters": a participle after a comma is an adjunct (a frame of its
    own when it reports something), not part of the content before it."""
    for f in frames:
        if f.kind not in ("verb", "compact", "nominal") or f.content[0] < (f.cue_span[1] if f.cue_span else 0):
            continue
        m = _ADJUNCT.search(doc.text, f.content[0], f.content[1])
        if m and m.start() > f.content[0]:
            f.content = (f.content[0], m.start())


def find_frames(doc: Document) -> list[Frame]:
    """Every frame of the article's body, in text order; a sentence with none is one `voice` frame, and a
    sentence inside a quotation attributed elsewhere is a `quote` frame of that quotation's speaker."""
    frames: list[Frame] = []
    for si, s in enumerate(doc.sentences):
        found = _SentenceReader(doc, si).read()
        _cut_adjuncts(doc, found)
        if not found:
            found = [_quote_or_voice(doc, si)]
        frames.extend(found)
    frames.sort(key=lambda f: (f.span[0], -f.span[1]))
    return frames


def _quote_or_voice(doc: Document, si: int) -> Frame:
    s = doc.sentences[si]
    inside = doc.quote_at(s.start) or doc.quote_at(min(s.start + 1, s.end))
    if inside is not None or doc.text[s.start : s.end].lstrip()[:1] in "\"“‘'":
        return Frame("quote", si, (s.start, s.end), (s.start, s.end), None, "say", "", None, main=True)
    return Frame("voice", si, (s.start, s.end), (s.start, s.end), None, "none", "", None)
