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
* `according to X, C` and `C, according to X`; nouns: `X's claim that C`, `accusations by X that C`,
  `despite X's denials`, `a charge X denies`, `, which X denies`;
* sentences inside a quotation take the quotation's speaker;
* a headline `X: C`;
* anything else is a statement in the outlet's own voice (`kind == "voice"`).

Whether a frame is a claim mention is decided later (`workbench.extract.model`), from general features.
"""

from __future__ import annotations

import re

from ..text.cues import VerbHit
from ..text.segment import Sentence
from ..text.tokens import Token
from .document import Document
from .names import name_runs, title_case_line
from .adjuncts import (act_not_intent, before_anonymity, fronted_participle, keeps_anonymous, not_done,
                       opens_participle, speaker_ends_headline)
from .clauses import (BOUNDARY_WORDS, DETERMINER, PP_START, TIME_WORD, apposition_before, clause_end,
                      content_after, heads_relative, is_clause, is_noun_use, is_passive, not_verb_here, np_after, np_word,
                      past_restrictive, role_opens_clause, skip_back, speaker_after, subject_start, verb_negated)
from .complements import cut_adjuncts, split_complements
from .frame import Frame

__all__ = ["Frame", "find_frames"]

_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{2,40}(?:,\s*[A-Z][\w .]{1,30})?\s*(?:\([^)]{1,40}\))?\s*(?:[-–—]+|:)\s+")
_WHICH_DENY = re.compile(r",?\s*(?:which|something|an?\s+(?:charge|claim|claims|allegation|accusation|assertion|suggestion)"
                         r"(?:\s+that)?)\s+$", re.IGNORECASE)


_AS_SAYING = re.compile(r"\s*((?:by\s+)?[^.;:\"“”]{2,80}?)\s+as\s+(?:saying|stating|telling\s+\S+)\s+(?:that\s+)?")
""""quoted X as saying (that)": who is quoted, then what they said."""
_QUOTE_THEN_APPOSITION = re.compile(r"[,.!?][\"”’]\s+(?:the|a|an|[A-Z])[^\"“”.;:!?]{0,80},\s*$")
"""A quotation closed before a speaker's role and name: '"C," the mayor of Lida, ' (then "Ivan Rak said")."""
_JUDGING_COPULA = frozenset("is was are were remains remained".split())
"""A verb by which a sentence judges the claim its subject names ("X's claim that C is false")."""

_DENIED_NOUN_LEAD = re.compile(r"(?:a|an)\s+(?:charge|claim|allegation|accusation|assertion|suggestion)(?:\s+that)?\s+",
                               re.IGNORECASE)
_FINITE = frozenset("is are was were has have had will would".split())
_FRONTED = frozenset("in on at during after before from with through despite amid following".split())
_REPLY_LEMMAS = frozenset("respond reply answer comment".split())
_WITHHOLD = frozenset("declined declines decline refused refuses refuse".split())
_ASKED = frozenset("question questions query queries request requests".split())
_WH_WORDS = frozenset("who whom whose what which whether when where why how if".split())


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
        self._title_case: bool | None = None
        self.silent = False
        """The sentence reports that someone did not speak ("did not respond to requests for comment", "have not said
        who"): it says nothing in the outlet's own voice either."""

    def outside_speech(self, tok: Token) -> bool:
        return not self.doc.in_quote(tok.start)

    def read(self) -> list[Frame]:
        self._verb_frames()
        self._according()
        self._nominal_frames()
        self._headline_colon()
        self._subject_frame()
        self._settle_spans()
        return [f for f in self.frames if not f.unsaid]

    # -- "Eritrea outraged by ...", "Moscow questioned ...": no reporting verb, but an actor is the subject
    def _subject_frame(self) -> None:
        doc, toks = self.doc, self.toks
        if any(f.kind in ("verb", "according", "headline") for f in self.frames) or not toks or doc.in_quote(self.lo):
            return
        j = 0
        while j < len(toks) and (toks[j].raw[:1].isupper() or toks[j].norm in DETERMINER or toks[j].possessive
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
            if hit is None or not self.outside_speech(toks[k]) or is_noun_use(doc, toks, k, hit) or self._in_name(k) \
                    or act_not_intent(toks, k, hit) or keeps_anonymous(doc, toks, k, hit, self.hi) \
                    or not_done(toks, k, hit) or fronted_participle(toks, k, hit):
                k += 1
                continue
            no_reply = self._no_reply(k, hit)
            frame = None if no_reply else self._verb_frame(k, hit)
            if frame is not None:
                frame.unsaid = self._unsaid(k, hit)
                self.frames.append(frame)
            self.silent = self.silent or no_reply or frame is not None and frame.unsaid
            k += hit.length

    def _unsaid(self, k: int, hit: VerbHit) -> bool:
        """"did not say whether", "have not said who": a negated reporting verb before a question word."""
        nxt = k + hit.length
        return hit.kind == "say" and nxt < len(self.toks) and self.toks[nxt].norm in _WH_WORDS \
            and verb_negated(self.doc, self.toks, k)

    def _no_reply(self, k: int, hit: VerbHit) -> bool:
        """"did not respond to a request for comment", "declined to comment", "refused to answer questions": a
        reporting line that says nobody spoke; "responding to a question" says to what someone spoke."""
        if hit.lemma not in _REPLY_LEMMAS:
            return False
        after = [t.norm for t in self.toks[k + hit.length : k + hit.length + 4]]
        if after[:1] == ["to"]:
            after = after[1:]
        if after and (after[0] in _ASKED or after[0] in ("a", "an", "the") and after[1:2] and after[1] in _ASKED):
            return True  # "responding to a question", "answering questions from reporters": who spoke is elsewhere
        before = [t.norm for t in self.toks[max(0, k - 3) : k]]
        return verb_negated(self.doc, self.toks, k) or bool(before) and before[-1] == "to" and any(
            w in _WITHHOLD for w in before[:-1])

    def _in_name(self, k: int) -> bool:
        """A capitalised verb form after a capitalised word inside a sentence is a word of a name ("told the Morning
        Report Show", "the Daily Record"), except in a headline written in title case ("Chile Says ...")."""
        toks = self.toks
        if k == 0 or not toks[k].raw[:1].isupper() or not toks[k - 1].raw[:1].isupper() \
                or self.doc.text[toks[k - 1].end : toks[k].start] != " ":
            return False
        if self._title_case is None:
            self._title_case = title_case_line(self.doc, self.lo, self.hi)
        return not self._title_case

    def _verb_frame(self, k: int, hit: VerbHit) -> Frame | None:
        doc, toks = self.doc, self.toks
        vs, ve = toks[k].start, toks[k + hit.length - 1].end
        negated = verb_negated(doc, toks, k)
        if hit.lemma == "quote":
            quoted = self._quoted_as_saying(k, hit, vs, ve, negated)
            if quoted is not None:
                return quoted
        if is_passive(doc, toks, k, hit):
            return self._passive_frame(k, hit, vs, ve, negated)
        last = before_anonymity(doc, toks, self.lo, skip_back(doc, toks, k))
        subject = self._subject_before(last, hit.gerund and last == k - 1)
        if subject is not None and is_clause(doc, subject, whole=True):
            subject = self._relative_antecedent(subject)  # "Residents who were at the scene said": Residents
        if doc.is_headline(self.s) and speaker_ends_headline(toks, k, hit):  # "Rebels Shelled Town Says Army"
            return self._postposed_frame(k, hit, vs, ve, None, negated)
        if subject is not None and is_clause(doc, subject):
            return None  # "said they had evidence linking X to Y": "they had evidence" is no speaker
        content_start = content_after(doc, toks, k, hit, self.hi)
        after_n = len([t for t in doc.tokens_in(content_start, self.hi)
                       if t.norm not in PP_START and t.norm not in TIME_WORD])
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
            if self._after_what(subject):
                return None  # "contrary to what management claimed": the words before are not what it said
            if not before[-1:].isalnum():  # 'C, X said (in a statement)', not "accused the airline of ignoring faults"
                return self._postposed_frame(k, hit, vs, ve, subject, negated)
        if subject is None and after_n < 3 and before_n >= 3:
            return self._postposed_frame(k, hit, vs, ve, None, negated)
        if subject is None:
            if hit.gerund or (last >= 0 and toks[last].norm in ("and", "but")):
                return Frame("verb", self.si, (self.lo, self.hi), (content_start, self.hi), None, hit.kind, hit.lemma,
                             (vs, ve), negated, inherit=True, main=False)
            return None
        return Frame("verb", self.si, (self.lo, self.hi), (content_start, self.hi), subject, hit.kind, hit.lemma,
                     (vs, ve), negated)

    def _quoted_as_saying(self, k: int, hit: VerbHit, vs: int, ve: int, negated: bool) -> Frame | None:
        """"The agency quoted President Roe as saying C", "Roe was quoted by the agency as saying C": the one
        quoted speaks, not who quotes them."""
        doc, toks = self.doc, self.toks
        m = _AS_SAYING.match(doc.text, ve, self.hi)
        if m is None:
            return None
        if is_passive(doc, toks, k, hit):
            subject = self._subject_before(skip_back(doc, toks, k))
        else:
            subject = (m.start(1), m.end(1))
        if subject is None or subject[1] <= subject[0]:
            return None
        return Frame("verb", self.si, (self.lo, self.hi), (m.end(), self.hi), subject, hit.kind, hit.lemma, (vs, ve),
                     negated)

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

    def _subject_before(self, last: int, participle: bool = False) -> tuple[int, int] | None:
        """The subject noun phrase ending at token `last` (before the verb): a plain phrase, one with an apposition
        ("X, a spokesperson for Y,") or with a parenthetical ("The statement, issued by Downing Street,",
        "Kyiv and Moscow, without offering evidence,"). None when a quotation or a clause ends there. A verb form
        used as a noun ends a subject ("the accused denied"), but not one before a `participle` ("a press briefing")."""
        doc, toks = self.doc, self.toks
        if last > 0 and toks[last].norm in ("which", "who"):
            return self._antecedent(last, last)  # "Ethiopia and Eritrea, which deny ..."
        verb = doc.cues.verb_at(toks, last) is not None if participle else not not_verb_here(doc, toks, last)
        if last < 0 or toks[last].norm in BOUNDARY_WORDS or (verb and toks[last].raw[:1].islower()):
            return None
        gap = self._gap(toks[last].end, toks[last + 1].start)
        if any(c in gap for c in "\"”’"):
            return None
        if "," not in gap:
            return self._antecedent(subject_start(doc, toks, last, 0), last)
        if apposition_before(doc, toks, last + 1, 0):
            first = subject_start(doc, toks, last, 0)
            named = self._name_before_apposition(first)
            if named is not None:  # "Jane Roe, an economist at Halden University, said": Jane Roe speaks
                return toks[named].start, toks[last].end
            return (toks[first].start, toks[last].end) if toks[first].start <= self.lo + 2 or first > 0 else None
        return self._before_parenthetical(last)

    def _relative_antecedent(self, span: tuple[int, int]) -> tuple[int, int] | None:
        """"Residents who were at the scene said": the clause after "who" describes the noun before it, who speaks."""
        toks = self.toks
        k = next((i for i, t in enumerate(toks) if t.start >= span[0]), 0)
        if k < 2 or toks[k - 1].norm not in ("who", "that", "which") or toks[k - 2].norm in BOUNDARY_WORDS \
                or toks[k - 2].norm in PP_START or not not_verb_here(self.doc, toks, k - 2) \
                or self.doc.text[toks[k - 2].end : toks[k - 1].start] != " ":
            return None
        start = subject_start(self.doc, toks, k - 2, 0)
        return toks[start].start, toks[k - 2].end

    def _after_what(self, span: tuple[int, int]) -> bool:
        """Does "what" open the subject's clause ("what the minister said was false")?"""
        before = self.doc.tokens_in(self.lo, span[0])
        return bool(before) and before[-1].norm in ("what", "whatever")

    def _name_before_apposition(self, first: int) -> int | None:
        """The first token of a name opening the sentence right before the apposition starting at `first`."""
        doc, toks = self.doc, self.toks
        if first == 0 or "," not in doc.text[toks[first - 1].end : toks[first].start] \
                or not toks[first - 1].raw[:1].isupper():
            return None
        start = subject_start(doc, toks, first - 1, 0)
        if toks[start].start > self.lo + 2 or not name_runs(doc, toks[start].start, toks[first - 1].end):
            return None
        return start

    def _before_parenthetical(self, last: int) -> tuple[int, int] | None:
        doc, toks = self.doc, self.toks
        k = last
        while k > 0 and "," not in self._gap(toks[k - 1].end, toks[k].start) and last - k < 30:
            k -= 1
        # a parenthetical runs up to 12 words; a relative clause ("X, who will brief ... on Monday, said") up to 30
        if k == 0 or last - k >= (30 if toks[k].norm in ("who", "which") else 12) \
                or toks[k].norm in ("and", "but", "that") or (
                toks[k].raw[:1].isupper() and toks[k].norm not in ("who", "which")):
            return None
        end = k - 1
        first = subject_start(doc, toks, end, 0)
        first, end = past_restrictive(doc, toks, first) or (first, end)  # "The firm that built it, which ..., said"
        if first > 0 and toks[first - 1].norm not in BOUNDARY_WORDS:
            return None
        if toks[k].norm in ("who", "which") and all(not_verb_here(doc, toks, i) for i in range(first, end + 1)):
            return toks[first].start, toks[end].end  # "X, who blamed Y for Z, said ...", "A former farm manager, who"
        if not all(np_word(doc, t) or t.norm in ("both", "all", "and") for t in toks[first : end + 1]):
            return None
        if toks[k].norm in ("who", "which"):
            return toks[first].start, toks[end].end
        # "The statement, issued by Downing Street,": the parenthetical names the source
        if any(t.norm in ("by", "from") for t in toks[k : last + 1]) and doc.hits_in(toks[k].start, toks[last].end):
            return toks[first].start, toks[last].end
        return toks[first].start, toks[end].end

    def _antecedent(self, first: int, last: int) -> tuple[int, int]:
        """The subject span; a relative pronoun ("Ethiopia and Eritrea, which deny ...") stands for the noun phrase
        before its comma, and a restrictive relative clause belongs to the noun it follows ("The firm that runs the
        plant on the river said": the firm speaks, not the river). When the words after the pronoun are a noun phrase
        of their own, they are the speaker ("It was the first time that the minister confirmed ...": the minister)."""
        toks = self.toks
        if first == last and toks[first].norm in ("which", "who", "that") and first > 0:
            end = first - 1
            start = subject_start(self.doc, toks, end, 0)
            start, end = past_restrictive(self.doc, toks, start) or (start, end)  # "The firm that built it, which"
            return toks[start].start, toks[end].end
        rel = first - 1
        if rel > 0 and toks[rel].norm in ("which", "who", "that") and heads_relative(self.doc, toks, rel) \
                and not all(np_word(self.doc, t) for t in toks[first : last + 1]):
            start = subject_start(self.doc, toks, rel - 1, 0)
            return toks[start].start, toks[rel - 1].end
        return toks[first].start, toks[last].end

    def _ends_clause(self, ve: int) -> bool:
        rest = self.doc.text[ve : self.hi]
        return not rest.strip(" .\"”’") or bool(re.match(r"^\s*(?:[,.;]|on\s|in\s|late\s|at\s|to\s|by\s|during\s)", rest))

    def _postposed_frame(self, k: int, hit: VerbHit, vs: int, ve: int, subject: tuple[int, int] | None,
                         negated: bool) -> Frame | None:
        doc, toks = self.doc, self.toks
        if subject is None:  # "..., said the report" / "..." said X
            j = k + hit.length
            end = speaker_after(doc, toks, j, self.hi)
            if end <= j or toks[j].norm in PP_START:
                return None  # '..., said in a statement': no speaker after the verb
            subject = (toks[j].start, toks[end - 1].end)
        # the content runs from the start of the sentence (or the quotation) to the comma before the speaker
        cut = subject[0] if subject[0] < vs else vs
        closing = _QUOTE_THEN_APPOSITION.search(doc.text, self.lo, cut)
        if closing is not None:  # '"C," the mayor of Lida, Ivan Rak, said': C ends with its quotation
            cut = closing.start()
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
            end = np_after(doc, toks, j + 1, self.hi)
            end = next((i for i in range(j + 2, end) if toks[i].norm == "of" and i + 1 < len(toks)
                        and toks[i + 1].norm.endswith("ing")), end)  # "accused by X of taking bribes": X
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
            end = clause_end(self.doc, start, self.hi)
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
            elif t.norm in words["claim_noun"] and (t.norm not in ("statement", "statements", "words", "information")
                                                    or k > 0 and toks[k - 1].possessive):
                self._noun_frame(k, "claim", need_content=True)  # "Acme's statement that C", not "in a statement"
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
            end = np_after(doc, toks, j + 1, self.hi)
            if end > j + 1:
                owner = (toks[j + 1].start, toks[end - 1].end)
                if end < len(toks) and toks[end].norm in ("that", "of"):
                    content_start = toks[end].end
        if need_content and content_start is None:
            return
        if owner is None and cue == "claim":
            return
        start = owner[0] if owner and owner[0] < t.start else self._np_start(k)
        end = clause_end(doc, content_start or t.end, self.hi) if cue != "claim" else self._judged_at(k)
        content = (content_start, end) if content_start else (t.start, end)
        self.frames.append(Frame("nominal", self.si, (start, end), content, owner, cue, t.norm, (t.start, t.end),
                                 main=False))

    def _judged_at(self, k: int) -> int:
        """Where a claim named by the noun at `k` ends when the sentence goes on to judge it ("Acme's claim that
        the tests were rigged is a lie, the lab said": the claim ends before "is"); else the sentence's end."""
        doc, toks = self.doc, self.toks
        for j in range(k + 1, len(toks) - 1):
            if toks[j].norm not in _JUDGING_COPULA:
                continue
            rest = doc.text[toks[j].end : toks[min(j + 5, len(toks) - 1)].end]
            if doc.cues.dismissive(rest) or re.match(r"\s*(?:simply\s+|just\s+|also\s+)?(?:not\s+true|untrue|false|"
                                                     r"wrong|incorrect|unfounded|groundless)\b", rest, re.IGNORECASE):
                return toks[j].start
        return self.hi

    def _owner(self, k: int) -> tuple[int, int] | None:
        """The possessor before a noun ("Russia's denial", "their strong denials")."""
        doc, toks = self.doc, self.toks
        j = k - 1
        while j >= 0 and (toks[j].norm in doc.cues.words["intensifier"] or toks[j].norm in
                          ("strong", "repeated", "earlier", "latest", "previous", "official", "new", "own", "initial")):
            j -= 1
        if j >= 0 and toks[j].possessive:
            first = subject_start(doc, toks, j, 0)
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
        while j > 0 and (toks[j - 1].norm in DETERMINER or toks[j - 1].norm in ("despite", "amid")
                         or toks[j - 1].norm.endswith("ly") or toks[j - 1].norm in ("strong", "repeated", "months", "of")):
            j -= 1
        return toks[j].start

    def _compact_frames(self) -> None:
        """`, which X denies` / `a charge X denies`: a short clause whose verb frame reads as postposed."""
        for f in self.frames:
            if f.kind != "verb" or f.cue != "deny" or f.speaker is None:
                continue
            lead = _DENIED_NOUN_LEAD.match(self.doc.text[f.speaker[0] : f.speaker[1]])
            if lead and lead.end() < f.speaker[1] - f.speaker[0]:
                f.speaker = (f.speaker[0] + lead.end(), f.speaker[1])  # "an allegation officials rejected": officials
            before = self.doc.text[max(self.lo, f.speaker[0] - 40) : f.speaker[0]]
            m = _WHICH_DENY.search(before)
            if m and f.speaker[0] - len(before) + m.start() > self.lo:
                f.kind = "compact"
                f.main = False
                start = f.speaker[0] - len(before) + m.start()
                while self.doc.text[start] in ", ":
                    start += 1
                f.span = (start, clause_end(self.doc, f.cue_span[1], self.hi))
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
    def _after_fronted_phrase(self, f: Frame) -> bool:
        """Does the sentence open with a prepositional phrase set off by one comma right before `f`'s speaker, with
        no other speaker in it?"""
        toks = [t for t in self.toks if t.start < f.speaker[0]]
        if not toks or not (toks[0].norm in _FRONTED or opens_participle(toks[0])) or toks[0].raw[:1].islower() \
                or len(toks) > 1 and toks[1].norm in ("least", "most", "last", "first") \
                or any(t.norm in _FINITE for t in toks):  # "At least 200 people were killed, ...": a clause
            return False
        gap = self.doc.text[toks[-1].end : f.speaker[0]]
        commas = self.doc.text[self.lo : f.speaker[0]].count(",")
        # a verb of the phrase with a speaker of its own inside it ("In Paris, officials said, ...") is a clause
        inner = [g for g in self.frames if g is not f and g.kind == "verb" and g.speaker is not None
                 and g.cue_span is not None and g.cue_span[0] < f.speaker[0] and g.speaker[0] > toks[0].start]
        return gap.strip() == "," and commas == 1 and not inner

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
            # "In a letter to the council, the firm said ...": the firm's clause is the main one, a span of its own
            opening = role_opens_clause(doc, self.toks, f.speaker[0])  # "Its spokesman, Jo Roe, said": the main clause
            f.main = opening or self._after_fronted_phrase(f)
            f.span = (self.lo if opening else self.lo + m.start() + (1 if before[m.start()] in ",;–—" else 0),
                      clause_end(doc, f.cue_span[1], self.hi))
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
            f.span = (start, clause_end(doc, f.cue_span[1], self.hi))
            for g in self.frames:
                if g is not f and g.main and g.content[0] < start < g.content[1]:
                    g.content = (g.content[0], start)
        for f in self.frames:
            for g in self.frames:
                if g is not f and g.main and f.cue_span and g.content[0] <= f.cue_span[0] < g.content[1] and f.kind != "compact":
                    f.embedded_in = g.cue if g.cue != "none" else None
                    break


def find_frames(doc: Document) -> list[Frame]:
    """Every frame of the article's body, in text order; a sentence with none is one `voice` frame, and a
    sentence inside a quotation attributed elsewhere is a `quote` frame of that quotation's speaker."""
    frames: list[Frame] = []
    for si, s in enumerate(doc.sentences):
        reader = _SentenceReader(doc, si)
        found = reader.read()
        cut_adjuncts(doc, found)
        found = split_complements(doc, found)
        if not found and not reader.silent:
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
