"""Names in running text: which capitalised words form a person's name, and where actor aliases stand. Pure."""

from __future__ import annotations

import re

from ..text.aliases import AliasHit
from ..text.tokens import MONTHS, WEEKDAYS, Token
from .document import Document

__all__ = [
    "NAME_WORD", "PARTICLES", "ORG_WORDS", "PLACE_WORDS", "REGION_WORDS", "ACRONYM", "FUNCTION", "TIME_WORDS", "MONTHS_DAYS",
    "is_name_word", "title_case_line", "hit_at", "name_runs", "adjacent", "trim_run", "run_text", "full_name",
    "name_run_before", "person_before", "sentence_initial",
]
NAME_WORD = re.compile(r"^(?:[A-Z][\w'’\-]*[a-zà-ÿ][\w'’\-]*|[A-Z]\.|[A-Z]{1}[a-z]?)$")
PARTICLES = frozenset("al bin ibn von van der de da del di la le el abu dos du ben".split())
ORG_WORDS = frozenset(
    "ministry department office council court tribunal team group forces force army navy front party movement "
    "commission committee agency institute watch international foundation union association bank inc corp ltd "
    "llc plc company corporation network service services organisation organization alliance coalition federation "
    "league university hospital police guard guards authority administration bureau centre center centres centers "
    "church campaign fund trust board brigade brigades battalion regiment command unit media news times post "
    "television radio tv press journal daily herald observer monitor insider observatory society".split()
)
SPOKESPEOPLE = frozenset("spokesman spokeswoman spokesperson".split())
LOCAL_OFFICES = frozenset("mayor councillor councilor alderman alderwoman candidate sheriff "
                          "assemblyman assemblywoman congressman congresswoman".split())
"""Offices of local and domestic politics whose holder speaks for themselves, not for a state (nor for the town:
"the mayor of Lida" is no body called Lida)."""
PLACE_WORDS = frozenset("river lake valley mountains sea gulf strait peninsula desert canyon island islands coast "
                        "reservoir estuary creek".split())
"""Words of a place's name ("the Marrow River", "Lake Ostin", "the Pell Valley"): such a name is nobody."""
REGION_WORDS = frozenset("region province state district territory oblast governorate county city area".split())
ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")
FUNCTION = frozenset(
    "the a an with to in on at for from by of and but or as after before this that these those it its his her their "
    "our my your we they he she i even also while when where which who what why how not no if since until despite "
    "during under over into about against between among through across upon within without all some many most both "
    "each every one two three new meanwhile however yet so then there here now today yesterday last next".split()
)
TIME_WORDS = frozenset("early late mid last next this on in at earlier later since by until week month year "
                        "morning evening night today yesterday".split())
MONTHS_DAYS = MONTHS | WEEKDAYS


def is_name_word(doc: Document, tok: Token, after_name: bool = False) -> bool:
    raw = tok.raw
    surname = after_name and raw[:1].isupper() and tok.norm in ("may", "will", "march", "august")  # "Theresa May"
    if tok.norm in FUNCTION and not surname or tok.norm in MONTHS_DAYS and not after_name:
        return False
    hit = hit_at(doc, tok)
    if hit is not None and hit.entry is not None and " " in hit.text:
        return False  # inside a longer actor name ("... of Chemical Weapons")
    return bool(NAME_WORD.match(raw)) or tok.norm in PARTICLES


def title_case_line(doc: Document, start: int, end: int) -> bool:
    toks = [t for t in doc.tokens_in(start, end) if t.raw[:1].isalpha()]
    return len(toks) >= 4 and sum(1 for t in toks if t.raw[:1].isupper()) >= 0.7 * len(toks)


def sentence_initial(doc: Document, tok: Token) -> bool:
    """Does `tok` open a sentence or a line (a capital there says nothing of a name: "Party leader Tom Hale")?"""
    before = doc.text[max(0, tok.start - 3) : tok.start].strip(" \"“‘'(")
    return before == "" or before[-1] in ".!?:\n"


def hit_at(doc: Document, tok: Token) -> AliasHit | None:
    for h in doc.hits_in(max(0, tok.start - 80), tok.end + 80):
        if h.start <= tok.start < h.end:
            return h
    return None


def name_runs(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    """Personal names in text[start:end] as (first token index, last token index + 1): two or more name words
    that are neither titles, role words, organisation words nor actor aliases ("Rwandan President Paul
    Kagame" -> "Paul Kagame")."""
    toks = doc.tokens_in(start, end)
    if not toks:
        return []
    base = doc.token_index(toks[0].start)
    runs: list[tuple[int, int]] = []
    headline = title_case_line(doc, start, end)  # "Rebels Shelled Town Says Army": its verbs are capitalised too
    i = 0
    while i < len(toks):
        j = i
        while j < len(toks) and is_name_word(doc, toks[j], j > i) and (j == i or adjacent(doc, toks[j - 1], toks[j])) \
                and not (headline and doc.cues.is_verb_form(toks[j].norm)):
            j += 1
            if toks[j - 1].possessive:
                break
        run = trim_run(doc, toks, i, j)
        if run is not None and not (run[0] == i and _in_organisation_name(doc, base + i)):  # a role cut: a person
            runs.append((base + run[0], base + run[1]))
        i = max(j, i + 1)
    return runs


def _in_organisation_name(doc: Document, k: int) -> bool:
    """Does the capitalised run at token `k` continue an organisation's name after "of", "for" or "and" ("the
    Ministry of Health and Social Affairs", "Centers for Disease Control")? Then it is no person's name."""
    toks = doc.tokens
    if k < 2 or toks[k - 1].norm not in ("of", "for", "and") or toks[k - 1].raw[:1].isupper():
        return False
    j = k - 2
    while j >= 0 and (toks[j].raw[:1].isupper() or toks[j].norm in ("of", "for", "and")) \
            and adjacent(doc, toks[j], toks[j + 1]):
        if toks[j].norm in ORG_WORDS:
            return True
        j -= 1
    return False


def adjacent(doc: Document, a: Token, b: Token) -> bool:
    gap = doc.text[a.end : b.start]
    return not a.possessive and gap in (" ", "-") or gap == ". " and len(a.raw) == 1


def trim_run(doc: Document, toks: list[Token], i: int, j: int) -> tuple[int, int] | None:
    words = doc.cues.words
    if j > i and toks[j - 1].norm in ORG_WORDS:
        return None  # "Harbour Safety Board": an organisation's name, not a person's

    def role(t: Token) -> bool:
        return t.norm in words["title"] or t.norm in words["official_role"] or t.norm in words["private_role"]

    # "Information Minister Yemane Gebremeskel", "Indoctrination Director-General Major General Mohammed Tessema"
    last_role = max((k for k in range(i, j - 2 + 1) if role(toks[k])), default=None)
    if last_role is not None:
        i = last_role + 1
    # a leading particle goes ("al Bashir"), unless it is a first name that leaves a surname alone ("Ben Achebe")
    while i < j and (role(toks[i]) or hit_at(doc, toks[i]) is not None
                     or toks[i].norm in PARTICLES and (toks[i].raw.islower() or j - i > 2)):
        i += 1
    while j > i and (toks[j - 1].norm in words["title"] or toks[j - 1].norm in words["official_role"]
                     or hit_at(doc, toks[j - 1]) is not None):
        j -= 1
    if j - i < 2 or any(t.norm in ORG_WORDS or t.norm in PLACE_WORDS or ACRONYM.match(t.raw) for t in toks[i:j]):
        return None
    return i, j


def run_text(doc: Document, a: int, b: int) -> str:
    return doc.text[doc.tokens[a].start : doc.tokens[b - 1].end]


def full_name(doc: Document, surname: str, before: int) -> str:
    """A surname as the article first wrote it in full ("Kovac's allies" after "Marko Kovac"), else as it is."""
    words = doc.cues.words
    for m in re.finditer(r"\b" + re.escape(surname) + r"\b", doc.text[:before]):
        k = doc.token_index(m.start())
        first = k
        while first > 0 and k - first < 3:
            t = doc.tokens[first - 1]
            if not (t.raw[:1].isupper() and is_name_word(doc, t) and adjacent(doc, t, doc.tokens[first])
                    and t.norm not in words["title"] and t.norm not in words["official_role"] and hit_at(doc, t) is None) \
                    or doc.cues.is_verb_form(t.norm):  # "... Stream Says Putin": a headline's verb is no first name
                break
            first -= 1
        if first < k:
            return doc.text[doc.tokens[first].start : m.end()]
    return surname


def name_run_before(doc: Document, before: int) -> tuple[int, int] | None:
    """The last personal name (token run) in the three sentences up to `before`, not counting the name the text
    at `before` stands beside ("Lena Brandt, his spokeswoman": that is the spokeswoman herself)."""
    k = next((i for i, s in enumerate(doc.sentences) if s.start <= before < s.end), None)
    if k is None:
        return None
    lo = doc.sentences[max(0, k - 2)].start
    runs = [(a, b) for a, b in name_runs(doc, lo, before) if doc.text[doc.tokens[b - 1].end : before].strip(" ,")]
    return runs[-1] if runs else None


def person_before(doc: Document, before: int) -> str | None:
    """The last person the three sentences up to `before` name by surname alone ("Okafor said"), in full as the
    article first wrote the name ("Ada Okafor")."""
    k = next((i for i, s in enumerate(doc.sentences) if s.start <= before < s.end), None)
    if k is None:
        return None
    words = doc.cues.words
    for t in reversed(doc.tokens_in(doc.sentences[max(0, k - 2)].start, before)):
        if not t.raw[:1].isupper() or t.norm in FUNCTION or t.norm in words["title"] or hit_at(doc, t) is not None:
            continue
        name = re.sub(r"['’]s?$", "", t.raw)
        full = full_name(doc, name, t.start)
        if full != name:
            return full
    return None
