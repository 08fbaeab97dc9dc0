"""Reading a sentence word by word without a parser: which verb forms are verbs here (not nouns: "the claims",
"no family ties"), where a subject noun phrase starts, where a clause ends and a reported content begins. Pure."""

from __future__ import annotations

import re

from ..text.cues import VerbHit
from ..text.tokens import WEEKDAYS, Token
from .adjuncts import speaker_ends_headline
from .bodies import kind_of_noun
from .document import Document

__all__ = [
    "DETERMINER", "AUX", "TIME_WORD", "BOUNDARY_WORDS", "BE", "PP_START", "CLAUSE_END", "HAVE", "NOUN_LEADS",
    "INFINITIVE_HEADS", "is_noun_use", "not_verb_here", "verb_negated", "is_passive", "TWO_WORD_ADVERBS",
    "ONE_WORD_ADVERBS", "skip_back", "subject_start", "np_like", "np_list_before", "apposition_before", "NP_LOWER",
    "np_word", "np_after", "clause_end", "content_after", "is_clause", "heads_relative", "past_restrictive", "role_opens_clause", "speaker_after",
]


_TELL = frozenset("tell inform brief warn assure remind notify".split())
DETERMINER = frozenset("the a an this that these those his her its their our my your such any every no".split())
AUX = frozenset(
    "has have had is are was were be been being will would shall should can could may might must did does do "
    "also again already repeatedly reportedly previously earlier later then now still further once both all "
    "swiftly quickly promptly publicly privately openly explicitly officially formally initially long not never "
    "n't yet finally first last only just even ever strongly flatly categorically firmly vehemently".split()
)
TIME_WORD = WEEKDAYS | frozenset(
    "today yesterday tonight weekend week month year morning evening night afternoon earlier later recently".split()
)
BOUNDARY_WORDS = frozenset(
    "that and but while whereas although though because as if when since after before yet so which who whom what".split()
)
BE = frozenset("is are was were be been being".split())
PP_START = frozenset("in on at during by via through over after before from to with late early last this".split())
CLAUSE_END = re.compile(r"[,;:–—(]|\s-\s")
_BREAK = re.compile(r"[,;:.!?\"“”]")
"""Punctuation between two words that puts them in different clauses (or a quotation and its attribution)."""
HAVE = frozenset("have has had having".split())
NOUN_MODIFIERS = frozenset(
    "latest new recent earlier previous initial first second third final annual own official full preliminary "
    "interim joint separate detailed lengthy brief public damning scathing critical confidential leaked "
    "alleged repeated".split()
)
NOUN_LEADS = frozenset("no any with without few several numerous".split())
INFINITIVE_HEADS = frozenset(
    "went go goes going continue continues continued continuing used wants wanted want sought seek seeks "
    "tried try tries moved moves rushed rush rushes was were is are be been appeared appears seemed seems "
    "able unable ready quick swift keen eager willing first last on".split()
)


def is_noun_use(doc: Document, toks: list[Token], k: int, hit: VerbHit) -> bool:
    """"the claims", "a UN report", "his denial": a verb form used as a noun or an adjective."""
    prev = toks[k - 1] if k > 0 else None
    if prev is None:
        return False
    if prev.norm in DETERMINER or prev.possessive:
        return True
    if prev.norm.isdigit() and doc.text[prev.end : toks[k].start].strip() == "":
        return True  # "two reports"; "in 2015, said" is a verb after a clause
    if (prev.norm in NOUN_MODIFIERS or prev.norm.endswith("est") and len(prev.norm) > 4) and k > 1 \
            and (toks[k - 2].norm in DETERMINER or toks[k - 2].possessive):
        return True  # "Amnesty's latest report", "the new claims", "in the strongest terms"
    if k > 1 and toks[k - 2].norm in ("a", "an", "every", "each") and prev.raw.isalpha() and prev.raw.islower() \
            and hit.form == hit.lemma.split()[0]:
        return True  # "a federal judge ruled": after "a" and a word, a base form is a noun (a verb would take -s)
    if hit.form.endswith("s") and not hit.form.endswith("ss"):
        # "had questions to answer", "no family ties", "with close links": after "have", "no" or "with" (an
        # adjective or a noun between at most) a form in -s is a plural noun
        for back in range(1, 4):
            if k - back < 0:
                break
            t = toks[k - back]
            if t.norm in HAVE or t.norm in NOUN_LEADS:
                return True
            if not t.raw.isalpha() or not t.raw.islower() or doc.cues.is_verb_form(t.norm) or t.norm in AUX:
                break
    if prev.norm == "to" and hit.form == "blame" and _after_be(toks, k - 1):
        return True  # "the West is to blame", "regulators were partly to blame": who is at fault, not who accuses
    if prev.norm == "to" and hit.form.endswith("s") and not hit.form.endswith("ss") and hit.length == 1:
        return True  # "reply to questions", "in response to claims": no infinitive ends in -s
    if prev.norm == "to" and k > 1 and toks[k - 2].raw.isalpha() and not toks[k - 2].raw[:1].isupper() \
            and toks[k - 2].norm not in INFINITIVE_HEADS and not_verb_here(doc, toks, k - 2):
        return True  # "questions to answer", "a chance to respond": an infinitive after a noun reports nothing
    if prev.norm in ("beyond", "without", "no") and hit.length == 1 and not hit.form.endswith(("ing", "ed")):
        return True  # "beyond doubt", "without question", "no claim": a noun after them
    if prev.norm in ("of", "about", "for", "by", "with") and hit.form.endswith("ing") and hit.kind not in ("deny", "claim"):
        return True
    if (prev.norm in PP_START or prev.norm == "for") and prev.norm != "to" and not hit.form.endswith(("ing", "ed")):
        return True  # "carried by state television", "a request for comment": no finite verb follows a preposition
    nxt = toks[k + hit.length] if k + hit.length < len(toks) else None
    if nxt is not None and nxt.norm == "between":
        return True  # "a phone call between the leaders"
    if nxt is not None and nxt.norm == "of" and hit.kind in ("claim", "deny") and hit.form.endswith("s") \
            and hit.length == 1 and prev.raw.isalpha() and prev.raw.islower() and prev.norm not in _PRONOUNS:
        return True  # "widespread claims of fraud" (but "which Kinshasa accuses of backing" is a verb)
    if nxt is not None and nxt.norm in _FINITE_AUX and prev.raw.isalpha() and prev.raw.islower() \
            and prev.norm not in AUX and prev.norm not in BOUNDARY_WORDS and not prev.norm.endswith("ly") \
            and prev.norm not in _PRONOUNS and not hit.form.endswith(("ed", "ing")) and hit.form not in ("said", "told") \
            and (not hit.form.endswith("s") or nxt.norm in ("are", "were", "have")):
        # "a software fault was to blame", "the bribery charges were dropped": the subject of a verb after it (but
        # "which the government says was an accident": a verb in -s before a singular one)
        return True
    if hit.form.endswith("ed") and nxt is not None and prev.norm in DETERMINER | {"of", "in", "on", "for", "the"}:
        return True  # "the alleged massacre"
    if hit.form.endswith("ed") and nxt is not None and nxt.norm in ("to", "with", "by") and prev.raw.islower() \
            and prev.norm not in AUX and not prev.norm.endswith("ly") and hit.lemma in ("link", "tie", "attribute", "blame"):
        return True  # "accounts linked to state media": a reduced relative clause
    if prev.raw[:1].isupper() and k > 1 and toks[k - 2].norm in DETERMINER and hit.form.endswith(("s", "t")) \
            and not hit.form.endswith("ed") and not (toks[k].raw[:1].isupper()
                                                     and speaker_ends_headline(toks, k, hit)):
        return True  # "the UN report", "a Reuters report" (not "... The Market Says Army")
    statement = prev.norm in doc.cues.words["speech_noun"] or prev.norm in doc.cues.words["claim_noun"]
    if hit.form.endswith("ed") and statement and not doc.text[prev.end : toks[k].start].strip() \
            and _object_of_preposition(toks, k - 1):
        return True  # "in a statement posted on its website": what the statement is, not what it did
    if _after_gerund(toks, k) and hit.length == 1 and not doc.text[prev.end : toks[k].start].strip():
        return True  # "accused the airline of ignoring faults": the object of a verb in -ing
    if _object_after_verb(doc, toks, k, hit):
        return True  # "denied the bribery claims": a noun in the object of the verb before it
    if nxt is None and k == 1 and hit.length == 1 and hit.form == hit.lemma and prev.raw[:1].isupper() \
            and not prev.norm.endswith("s"):
        return True  # a headline "Ferry dispute": one name and a base form ending the line is a noun phrase
    if hit.length == 1 and hit.form.endswith("s") and not hit.form.endswith("ss") and prev.raw.islower() \
            and _ADJECTIVE.search(prev.norm) and not (k > 1 and (toks[k - 2].norm in DETERMINER or toks[k - 2].possessive)) \
            and not doc.cues.is_verb_form(prev.norm):
        return True  # "wayward practices and fallacious reports", "local reports": an adjective before a plural
    return _after_quantity(toks, k)


_ADJECTIVE = re.compile(r"(?:ous|ful|ive|ical|less|able|ible)$")
"""Endings of adjectives (not of nouns that head a subject: "the official reports" stays open to a verb)."""


def _object_after_verb(doc: Document, toks: list[Token], k: int, hit: VerbHit) -> bool:
    """"rejected the Western reports", "denied the bribery claims": after a verb, a determiner and one lower-case or
    capitalised word, a form in -s ends the object noun phrase when nothing follows it in the clause."""
    if k < 3 or hit.length != 1 or not hit.form.endswith("s") or hit.form.endswith("ss"):
        return False
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    if nxt is not None and not re.match(r"\s*[,.;:!?)]", doc.text[toks[k].end : nxt.start] + " "):
        return False  # "the company claims that ...": a verb with its complement
    det, verb = toks[k - 2], toks[k - 3]
    if det.norm not in DETERMINER or not verb.raw.islower() or not doc.cues.is_verb_form(verb.norm):
        return False
    gap = doc.text[verb.end : toks[k].start]
    return not re.search(r"[,;:.\"“”]", gap)


def _object_of_preposition(toks: list[Token], i: int) -> bool:
    """Is the noun at `i` governed by a preposition ("in a statement", "on its website")? Then it is no subject."""
    j = i - 1
    while j >= 0 and (toks[j].norm in DETERMINER or toks[j].norm in NOUN_MODIFIERS):
        j -= 1
    return j >= 0 and j < i - 1 and toks[j].norm in ("in", "on", "via", "through", "from", "during")


def _after_gerund(toks: list[Token], k: int) -> bool:
    """Does a verb in -ing, with no article or possessive before it, stand right before token `k`?"""
    prev = toks[k - 1]
    if not (prev.raw.isalpha() and prev.raw.islower() and prev.norm.endswith("ing") and len(prev.norm) > 5) \
            or prev.norm.endswith("thing") or prev.norm in ("morning", "evening"):
        return False
    return k < 2 or not (toks[k - 2].norm in DETERMINER or toks[k - 2].possessive)


def _after_be(toks: list[Token], to: int) -> bool:
    """Does a form of "be" come right before the "to" at `to` (adverbs between: "is partly to", "was not to")?"""
    j = to - 1
    while j >= 0 and (toks[j].norm in ("not", "n't", "never", "also", "alone", "all") or toks[j].norm.endswith("ly")):
        j -= 1
    return j >= 0 and toks[j].norm in BE


_FINITE_AUX = frozenset("is are was were has have had will would".split())
_PRONOUNS = frozenset("i you he she it we they who what one".split())
_QUANTITY_WORDS = frozenset("per cent percent percentage point points fold times million billion".split())


def _after_quantity(toks: list[Token], k: int) -> bool:
    """"a 70 per cent claim", "the 2019 report": a determiner and a number before the form make it a noun."""
    j = k - 1
    seen_number = False
    while j >= 0 and k - j <= 4 and (toks[j].norm[:1].isdigit() or toks[j].norm in _QUANTITY_WORDS):
        seen_number = seen_number or toks[j].norm[:1].isdigit()
        j -= 1
    return seen_number and j >= 0 and toks[j].norm in DETERMINER


_FINITE_VERB = frozenset("is are was were has have had will would do does did can could may might must shall should".split())
_RELATIVE_PRONOUNS = frozenset("who whom whose which that".split())
_ADVERBIALS = frozenset("for since however nevertheless meanwhile therefore though instead now".split())


def is_clause(doc: Document, span: tuple[int, int], whole: bool = False) -> bool:
    """Does a subject span hold a finite verb of its own ("they had evidence", "the figures were higher than
    officials")? A speaker is a noun phrase; an infinitive's head ("was quick to", "is expected to") is no
    clause, nor is a verb inside an apposition set off by commas or a relative clause ("Residents who were at the
    scene", "the company that has run the plant"). `whole`: the span opens with its verb, a clause with no subject of
    its own ("were at the scene" after "who")."""
    toks = doc.tokens_in(*span)
    if not toks or toks[-1].norm == "to" or "," in doc.text[span[0] : span[1]]:
        return False
    if whole:
        return toks[0].norm in _FINITE_VERB and toks[0].raw.islower()
    head = next((i for i, t in enumerate(toks) if t.norm in _RELATIVE_PRONOUNS), len(toks))
    return any(t.norm in _FINITE_VERB and t.raw.islower() and i + 1 < head and _takes_complement(toks[i + 1])
               for i, t in enumerate(toks[:head]))  # not "Residents who were there", not "Minsk has in the past"


def _takes_complement(tok: Token) -> bool:
    """Is `tok`, after a finite verb, its object or complement ("had evidence", "were far higher"), not an adverbial
    before the verb the auxiliary belongs to ("has however denied", "has in the past denied", "has for years")?"""
    return not (tok.norm in PP_START or tok.norm in AUX or tok.norm in ONE_WORD_ADVERBS or tok.norm in _ADVERBIALS
                or tok.norm.endswith("ly") or not tok.raw.isalpha())


def heads_relative(doc: Document, toks: list[Token], rel: int) -> bool:
    """Is the word before the relative pronoun at `rel` a noun it qualifies (not "said that", not "so that")?"""
    prev = toks[rel - 1]
    gap = doc.text[prev.end : toks[rel].start]
    return (gap.strip() == "" and prev.norm not in BOUNDARY_WORDS and prev.norm not in PP_START
            and not (doc.cues.verb_at(toks, rel - 1) is not None and prev.raw[:1].islower())
            and subject_start(doc, toks, rel - 1, 0) < rel - 1)


def past_restrictive(doc: Document, toks: list[Token], first: int) -> tuple[int, int] | None:
    """When the phrase read back to token `first` is a restrictive relative clause ("... the firm that built the
    dam"), the noun phrase it qualifies: (first, last) token of "the firm"; None otherwise."""
    if first < 2 or toks[first - 1].norm not in ("that", "who") or not heads_relative(doc, toks, first - 1):
        return None
    return subject_start(doc, toks, first - 2, 0), first - 2





def not_verb_here(doc: Document, toks: list[Token], k: int) -> bool:
    """toks[k] is no reporting verb here (not one at all, or one used as a noun)."""
    hit = doc.cues.verb_at(toks, k)
    return hit is None or is_noun_use(doc, toks, k, hit)


def verb_negated(doc: Document, toks: list[Token], k: int) -> bool:
    """A negation among the three words before the verb at `k`, in its clause ('"We have never been there," he
    said': the quotation's "never" does not negate "said")."""
    lo = max(0, k - 3)
    for i in range(k, lo, -1):
        if _BREAK.search(doc.text[toks[i - 1].end : toks[i].start]):
            lo = i
            break
    window = [t.norm for t in toks[lo:k]]
    return any(w in ("not", "never", "n't", "no", "nor", "neither") or w.endswith("n't") for w in window)


def is_passive(doc: Document, toks: list[Token], k: int, hit: VerbHit) -> bool:
    """A form of "be" before the participle at `k` in its clause ("was accused by", not '"... have been," added X')."""
    if not (hit.form.endswith(("ed", "en")) or hit.form in ("told", "said", "held", "found", "known", "shown", "seen")):
        return False
    after = k + hit.length
    if after < len(toks) and toks[after].norm == "by" and k > 0 and toks[k - 1].norm not in AUX:
        return True  # a reduced passive, as in headlines: "Cartel links condemned by the EU"
    j = k - 1
    while j >= 0 and toks[j].norm in AUX - BE:
        j -= 1
    return j >= 0 and toks[j].norm in BE and not _BREAK.search(doc.text[toks[j].end : toks[k].start])


_MODAL_NAMES = frozenset("may will".split())
TWO_WORD_ADVERBS = frozenset({("in", "turn"), ("once", "again"), ("yet", "again"), ("at", "once"), ("in", "return"),
                               ("for", "instance"), ("in", "addition")})
ONE_WORD_ADVERBS = frozenset("also then again too later still even further meanwhile since".split())


def skip_back(doc: Document, toks: list[Token], k: int) -> int:
    """Index of the last token of the subject before the verb at `k`: auxiliaries, adverbs and time phrases
    ("has repeatedly", "on Tuesday", "last month") skipped."""
    j = k - 1
    while j >= 0:
        norm = toks[j].norm
        if j + 1 < len(toks) and "," in doc.text[toks[j].end : toks[j + 1].start]:
            break
        if norm in AUX and toks[j].raw[:1].isupper() and j > 0 and toks[j - 1].raw[:1].isupper() \
                and doc.text[toks[j - 1].end : toks[j].start] == " ":
            break  # "Theresa May says": a name, not the modal
        if norm in _MODAL_NAMES and toks[j].raw[:1].isupper() and j == k - 1 \
                and (toks[k].norm in ("said", "told") or toks[k].norm.endswith(("ed", "s"))):
            break  # "May said": no modal stands before a verb in the past or in -s
        if norm in AUX or norm.endswith("ly") and norm not in ("italy", "family", "assembly"):
            j -= 1
            continue
        if j > 0 and (toks[j - 1].norm, norm) in TWO_WORD_ADVERBS:
            j -= 2  # "and in turn accuses", "and at the same time"
            continue
        if norm in ONE_WORD_ADVERBS:
            j -= 1
            continue
        if norm in TIME_WORD and j > 0 and toks[j - 1].norm in ("on", "last", "this", "earlier", "late", "next"):
            j -= 2
            continue
        if norm in TIME_WORD:
            j -= 1
            continue
        break
    return _before_adverbial(doc, toks, j, k)


_ADVERBIAL_START = frozenset("in at on for since during throughout after before until as over by from amid despite "
                             "following".split())


def _before_adverbial(doc: Document, toks: list[Token], j: int, k: int) -> int:
    """The subject's last token when an adverbial stands between an auxiliary and the verb at `k` ("Chile has,
    however, denied", "had since the start of the war denied", "has as recently as last week denied", "had
    repeatedly and publicly denied"): the token before the auxiliary. Else `j`, as `skip_back` read it."""
    for a in range(j, max(0, j - 9), -1):
        t = toks[a]
        if t.norm in _FINITE_VERB and t.raw.islower():
            between = toks[a + 1 : k]
            if a == j or not between:
                return j
            aside = doc.text[t.end : between[0].start].strip() == ","
            adverbs = all(x.norm.endswith("ly") or x.norm == "and" for x in between)
            if (aside or adverbs or between[0].norm in _ADVERBIAL_START) \
                    and not any(x.norm in _FINITE_VERB or doc.cues.is_verb_form(x.norm) for x in between):
                return a - 1
            return j
        if t.raw[:1].isupper() or any(c in doc.text[t.end : toks[a + 1].start] for c in ".;:!?\"“”"):
            return j
    return j


def _actor_list_before(doc: Document, toks: list[Token], j: int, end: int) -> bool:
    """Is the comma before token `j` one of a list of actors ending in "and" ("France, Germany and Italy said")?
    The phrase from `j` holds "and", and the word before the comma ends an actor's name."""
    if doc.text[toks[j - 1].end : toks[j].start].strip() != "," or not any(t.norm == "and" for t in toks[j : end + 1]):
        return False
    hit = next((h for h in doc.hits_in(toks[max(0, j - 4)].start, toks[j - 1].end)
                if h.entry is not None and h.end == toks[j - 1].end), None)
    if hit is None:
        return False
    before = [t for t in toks[:j] if t.end <= hit.start][-1:]
    # "In Paris, Germany and Italy said": a place before the comma, not an actor of the list ("a statement by X, Y")
    return not (before and before[0].norm in (PP_START | _ADVERBIAL_START) - {"by"})


_CONCESSIVE = frozenset("despite amid amidst notwithstanding unlike".split())
"""Prepositions that open an adjunct, not a noun phrase ("despite the regulator's finding": the regulator)."""


def subject_start(doc: Document, toks: list[Token], end: int, lo: int) -> int:
    """First token of the noun phrase ending at token `end` (inclusive), reading back to a clause boundary;
    an apposition between commas ("Yolande Makolo, a spokesperson for the government,") stays inside."""
    j = end
    while j > lo:
        gap = doc.text[toks[j - 1].end : toks[j].start]
        prev = toks[j - 1]
        abbreviated_title = gap.strip() == "." and prev.norm in doc.cues.words["title"]  # "Dr. Jane Roe"
        if (any(c in gap for c in ".;:!?\"“”") or any(c in gap for c in "–—") and j - 1 > lo) and not abbreviated_title:
            break
        if "," in gap:
            if apposition_before(doc, toks, j, lo) or _actor_list_before(doc, toks, j, end):
                j -= 1
                continue
            break
        if prev.norm == "and" and np_list_before(doc, toks, j - 1, lo):
            j -= 1
            continue
        hit = doc.cues.verb_at(toks, j - 1)
        # a verb opens no noun phrase; "the appeals court", "a viral post on X" are one (not "In the report the agency")
        noun = hit is not None and j > 1 and toks[j].norm not in DETERMINER and is_noun_use(doc, toks, j - 1, hit) and (
            toks[j - 2].norm in DETERMINER and toks[j].raw.islower() or j > 2 and toks[j - 3].norm in ("a", "an"))
        if prev.norm in BOUNDARY_WORDS or prev.norm in _CONCESSIVE or hit is not None and prev.raw[:1].islower() \
                and not noun:
            break
        if toks[j].norm in ARTICLES and prev.norm not in _BEFORE_ARTICLE and (
                _after_addressee(doc, toks, j, lo) or prev.norm in _SPANS_OF_TIME or prev.norm in TIME_WORD):
            break  # "told reporters the minister had lied", "For weeks the ministry denied": the phrase opens here
        if toks[j].norm in _POSSESSIVE_DETERMINERS and prev.norm not in _BEFORE_ARTICLE \
                and _closes_noun_phrase(toks, j - 1):
            break  # "not the 60 km its maker claims": "its maker" speaks, the figure before it is what it claims
        j -= 1
    return j


def _after_addressee(doc: Document, toks: list[Token], j: int, lo: int) -> bool:
    """Does a verb of saying stand a few words before token `j` ("told reporters", "told the council")?"""
    for i in range(j - 2, max(lo, j - 5) - 1, -1):
        hit = doc.cues.verb_at(toks, i)
        if hit is not None and hit.kind == "say" and toks[i].raw.islower():
            return True
    return False


def _closes_noun_phrase(toks: list[Token], i: int) -> bool:
    """Does token `i` end a noun phrase opened by an article or a number one or two words before it ("the figure",
    "the 60 km")?"""
    return any(toks[m].norm in ARTICLES or toks[m].norm[:1].isdigit() for m in range(max(0, i - 2), i))


ARTICLES = frozenset(("the", "a", "an"))
_SPANS_OF_TIME = frozenset("days weeks months years decades hours ago".split())
_POSSESSIVE_DETERMINERS = frozenset("its their his her our my".split())
_BEFORE_ARTICLE = frozenset("of for at in on from with to and or both all only even half by among between within about "
                            "against under over including like than".split())


def np_like(doc: Document, tok: Token) -> bool:
    words = doc.cues.words
    return (tok.raw[:1].isupper() or tok.norm in DETERMINER or tok.norm in ("both", "all", "other", "some")
            or tok.possessive or tok.norm in words["group_speaker"] or tok.norm in words["official_role"])


def np_list_before(doc: Document, toks: list[Token], k: int, lo: int) -> bool:
    """Is the "and" at token `k` inside a noun phrase ("the Ethiopian and Eritrean governments", "U.N. experts and
    the Congolese government"): the words before it, back to the clause start, all read as a noun phrase?"""
    j = k - 1
    n = 0
    while j >= lo and n < 6:
        gap = doc.text[toks[j].end : toks[j + 1].start]
        if any(c in gap for c in ",.;:\"“”–—") or toks[j].norm in BOUNDARY_WORDS:
            break
        if not np_like(doc, toks[j]) and not _inside_name(toks, j):
            return False
        n += 1
        if toks[j].norm in DETERMINER and toks[j].norm != "that":
            break  # "For months the Chilean and Bolivian governments": the phrase opens at its article
        j -= 1
    return n > 0


def _inside_name(toks: list[Token], j: int) -> bool:
    """"of" or "for" between two capitalised words: part of a name ("Centers for Disease Control")."""
    return toks[j].norm in ("of", "for") and 0 < j < len(toks) - 1 and toks[j - 1].raw[:1].isupper() \
        and toks[j + 1].raw[:1].isupper()


def apposition_before(doc: Document, toks: list[Token], j: int, lo: int) -> bool:
    """Is the comma before token `j` the end of an apposition ("X, a spokesperson for Y, said")?"""
    k = j - 1
    while k > lo and "," not in doc.text[toks[k - 1].end : toks[k].start]:
        k -= 1
    if k <= lo:
        return False
    segment = toks[k:j]
    if not 0 < len(segment) <= 12 or not all(np_word(doc, t) or t.norm in NAME_PARTICLES for t in segment):
        return False
    words = doc.cues.words
    has_role = any(t.norm in words["official_role"] or t.norm in words["private_role"] for t in segment)
    if has_role and toks[k - 1].raw[:1].isupper():
        return True  # "Yolande Makolo, a spokesperson for the government, said"
    # "The Kremlin's spokesman, Dmitry Peskov, said", "The board's head of public affairs, Lars de Wit, said": a name
    # (particles included) after a role phrase, whose complement may hold plain words
    first = k - 1
    while first > lo and "," not in doc.text[toks[first - 1].end : toks[first].start] and (
            np_word(doc, toks[first - 1]) or _role_complement_word(doc, toks, first - 1, k)
            or kind_of_noun(toks[first - 1].norm) is not None):
        first -= 1
    # "Her team, Rovers Athletic, said": a body named after the noun of its kind; "Two former nurses, Lea Hart and
    # Omar Haddad, said": names joined by "and" after a group of people
    names = all(t.raw[:1].isupper() or t.norm in NAME_PARTICLES or t.norm == "and" and 0 < i < len(segment) - 1
                for i, t in enumerate(segment))
    if names and any(t.norm == "and" for t in segment):  # the group may hold any words: "Two former cooks at C"
        while first > lo and "," not in doc.text[toks[first - 1].end : toks[first].start]:
            first -= 1
        group = words["official_role"] | words["private_role"] | words["group_speaker"]
        return any(t.norm in group for t in toks[first:k])
    return names and any(
        t.norm in words["official_role"] or t.norm in words["private_role"] or kind_of_noun(t.norm) is not None
        for t in toks[first:k])


def role_opens_clause(doc: Document, toks: list[Token], start: int) -> bool:
    """Does the clause (`toks`) open with a role phrase set off by a comma right before the name at offset `start`
    ("The Kremlin's spokesman, Dmitry Peskov, said", "Its general secretary, Karl Hofer, said")? Then the name's
    clause is the sentence's, not one after another."""
    j = next((i for i, t in enumerate(toks) if t.start == start), None)
    if not j or doc.text[toks[j - 1].end : toks[j].start].strip() != "," or not toks[j].raw[:1].isupper():
        return False
    words = doc.cues.words
    segment = toks[:j]
    hyphened = {i for i in range(1, j) if doc.text[toks[i - 1].end : toks[i].start] == "-"}  # "Hamas-run"
    return len(segment) <= 12 \
        and all(np_word(doc, t) or t.norm in NAME_PARTICLES or i in hyphened for i, t in enumerate(segment)) \
        and any(t.norm in words["official_role"] or t.norm in words["private_role"] for t in segment[-3:])


NAME_PARTICLES = frozenset("al bin ibn von van der den de da del di la le el abu dos du ben ter".split())


def _role_complement_word(doc: Document, toks: list[Token], i: int, k: int) -> bool:
    """A plain word in the complement of a role ("head of product testing", "director of legal affairs"): a
    lowercase word that is no verb, with "of"/"for" after a role word between it and the role phrase's end `k`."""
    t = toks[i]
    determiner = t.norm in DETERMINER and i > 0 and toks[i - 1].norm in ("of", "for")  # "the maker of that drink"
    if not (t.raw.isalpha() and t.raw.islower()) or (t.norm in BOUNDARY_WORDS and not determiner) \
            or doc.cues.verb_at(toks, i) is not None:
        return False
    words = doc.cues.words
    return any(toks[m].norm in ("of", "for") and m > 0 and (toks[m - 1].norm in words["official_role"]
                                                             or toks[m - 1].norm in words["title"]
                                                             or kind_of_noun(toks[m - 1].norm) is not None)
               for m in range(max(0, i - 4), i))


NP_LOWER = frozenset("of for to in at with from on the a an his her its their and senior former deputy top chief acting "
                      "national foreign interior defence defense state federal regional local general".split())


def np_word(doc: Document, tok: Token) -> bool:
    """Could this word stand in a noun phrase naming a speaker (not a verb)?"""
    words = doc.cues.words
    return (tok.raw[:1].isupper() or tok.possessive or tok.norm in NP_LOWER or tok.norm in words["official_role"]
            or tok.norm in words["private_role"] or tok.norm in words["institution"] or tok.norm in words["title"]
            or tok.norm in words["speech_noun"] or tok.norm in words["claim_noun"] or tok.norm in words["group_speaker"]
            or tok.norm.isdigit())


def np_after(doc: Document, toks: list[Token], k: int, hi: int) -> int:
    """Index after the noun phrase starting at token `k` (stops at punctuation, a verb, "that", a PP of time)."""
    j = k
    while j < len(toks) and toks[j].end <= hi:
        if j > k and CLAUSE_END.search(doc.text[toks[j - 1].end : toks[j].start]):
            break
        if j > k and (toks[j].norm in ("that", "who", "which", "on", "in", "by", "during", "at", "late", "earlier")
                      or doc.cues.verb_at(toks, j) is not None and toks[j].raw[:1].islower()):
            break
        j += 1
    return j


def speaker_after(doc: Document, toks: list[Token], k: int, hi: int) -> int:
    """Index after the speaker named after a postposed verb ('"C," said the minister'), or `k` when the words after
    the verb are a clause ("Roe, said the minister had lied": the minister is no speaker of the words before)."""
    end = np_after(doc, toks, k, hi)
    if any(t.norm in _FINITE and t.raw.islower() for t in toks[k + 1 : end + 1]):
        return k
    return end



def clause_end(doc: Document, start: int, hi: int) -> int:
    """Where a short clause started at `start` ends: the next comma, dash, semicolon or the sentence end."""
    m = CLAUSE_END.search(doc.text, start, hi)
    return m.start() if m else hi


_FINITE = frozenset("has have had is are was were will would could did does do".split())
_SUBJECT_PRONOUNS = frozenset("it they he she we i there".split())


def _addressee_end(doc: Document, toks: list[Token], j: int, end: int) -> int:
    """Where the addressee of "told" ends when no "that" follows it: before the subject of a finite verb inside the
    run ("told the Morning Show Chile had ...", "told reporters the army was ...")."""
    m = next((i for i in range(j + 1, end) if toks[i].norm in _FINITE and toks[i].raw.islower()), None)
    if m is None:
        return end
    s = m - 1
    alias = next((h for h in doc.hits_in(toks[s].start, toks[s].end) if h.entry is not None), None)
    if alias is not None:
        while s > j and toks[s - 1].start >= alias.start:
            s -= 1
    elif toks[s].norm not in _SUBJECT_PRONOUNS and s - 1 > j and toks[s - 1].norm in DETERMINER:
        s -= 1
    return s if s > j else end


def content_after(doc: Document, toks: list[Token], k: int, hit: VerbHit, hi: int) -> int:
    """Offset where the content after a verb starts: "that" and the addressee of "told" skipped."""
    j = k + hit.length
    if j >= len(toks) or toks[j].start >= hi:
        return hi
    if hit.lemma in _TELL and toks[j].norm != "that":
        j = _addressee_end(doc, toks, j, np_after(doc, toks, j, hi))
    for m in range(j, min(j + 12, len(toks))):
        if toks[m].start >= hi or CLAUSE_END.search(doc.text[toks[m - 1].end : toks[m].start]) and m > j:
            break
        if toks[m].norm == "that":
            if re.match(r"^\s*[,.;:!?]", doc.text[toks[m].end : toks[m].end + 2]) or toks[m].end >= hi:
                break  # "dispute that, ...": the demonstrative is the content
            if all(t.norm in PP_START or t.norm in TIME_WORD or t.norm in DETERMINER or t.raw[:1].isupper()
                   or t.norm.isdigit() or t.norm in ("statement", "report", "interview", "briefing", "post",
                                                     "confidential", "separate", "joint", "written", "tweet")
                   for t in toks[j:m]):
                return toks[m].end
            break
    return toks[j].start if j < len(toks) and toks[j].start < hi else hi
