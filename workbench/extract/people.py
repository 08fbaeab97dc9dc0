"""Who speaks: people named in the article with their affiliation, and a speaker phrase -> claimant. Pure.

A claimant is read from the attribution itself, then from the actor table:

* a named person with an affiliation written beside the name ("Rwandan government spokesperson Yolande
  Makolo", "Dina Mufti, spokesperson of Ethiopia's foreign ministry") speaks for that actor; the same person
  named again later ("Makolo said") does too;
* a person with no affiliation speaks for themselves (a journalist, an expert: their own name);
* an actor alias in the phrase ("the Kremlin", "Rwanda's foreign minister", "US officials") names the actor;
  a named region or group of that actor ("Ethiopia's Tigray region") speaks for itself, not for the country;
* an organisation the table does not know ("the TPLF", "Bellingcat", "Acme Corp") becomes a claimant of its own;
* a group ("witnesses", "aid workers") is that group; "he", "the ministry", "the report" go to the last speaker
  they can stand for.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..text.aliases import AliasHit, pick_speaker_hit
from ..text.segment import Sentence, sentences
from ..text.tokens import Token
from .document import Document

__all__ = ["People", "Speaker", "collect_people", "resolve_speaker"]

_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’\-]*[a-zà-ÿ][\w'’\-]*|[A-Z]\.|[A-Z]{1}[a-z]?)$")
_PARTICLES = frozenset("al bin ibn von van der de da del di la le el abu dos du ben".split())
_ORG_WORDS = frozenset(
    "ministry department office council court tribunal team group forces force army navy front party movement "
    "commission committee agency institute watch international foundation union association bank inc corp ltd "
    "llc plc company corporation network service services organisation organization alliance coalition federation "
    "league university hospital police guard guards authority administration bureau centre center church "
    "campaign fund trust board brigade brigades battalion regiment command unit media news times post "
    "television radio tv press journal daily herald observer monitor insider".split()
)
_REGION_WORDS = frozenset("region province state district territory oblast governorate county city area".split())
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")
_FUNCTION = frozenset(
    "the a an with to in on at for from by of and but or as after before this that these those it its his her their "
    "our my your we they he she i even also while when where which who what why how not no if since until despite "
    "during under over into about against between among through across upon within without all some many most both "
    "each every one two three new meanwhile however yet so then there here now today yesterday last next".split()
)
_MEDIA_WORDS = frozenset("media press newspapers outlets broadcasters".split())
_PRIVATE_GROUPS = frozenset("analysts experts witnesses eyewitnesses residents activists journalists scientists researchers "
                            "academics commentators observers critics survivors campaigners economists historians".split())
_TIME_WORDS = frozenset("early late mid last next this on in at earlier later since by until week month year "
                        "morning evening night today yesterday".split())
_MONTHS_DAYS = frozenset(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday".split()
)


@dataclass
class Person:
    """Someone named in the article: the name as written in full, and whom they speak for (None: themselves)."""

    name: str
    affiliation: str | None = None
    official: bool = False
    roles: set[str] = field(default_factory=set)


@dataclass
class People:
    """People named in one article, by full name and by surname."""

    by_key: dict[str, Person] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)
    """Acronyms the article defines ("Rwanda Defence Force (RDF)") -> the claimant of the full name."""
    main_country: str | None = None
    """The country the article names most: the fallback affiliation of an official named without one."""

    def add(self, name: str, affiliation: str | None, official: bool, roles: set[str]) -> Person:
        key = name.lower()
        person = self.by_key.get(key) or self.by_key.get(name.split()[-1].lower())
        if person is None or (person.name.lower() != key and len(name.split()) > 1 and
                              person.name.split()[-1].lower() != name.split()[-1].lower()):
            person = Person(name)
        if len(name) > len(person.name):
            person.name = name
        person.affiliation = person.affiliation or affiliation
        person.official = person.official or official
        person.roles |= roles
        self.by_key[key] = person
        parts = name.split()
        if len(parts) > 1:
            self.by_key.setdefault(parts[-1].lower(), person)
            self.by_key.setdefault(parts[0].lower(), person)
        return person

    def find(self, word: str) -> Person | None:
        return self.by_key.get(word.lower())


@dataclass
class Speaker:
    """Who says something: the phrase as written, the named person, and the claimant it stands for.

    `kind`: state, organisation, collective, person, group, outlet, unknown."""

    phrase: str
    start: int
    end: int
    claimant: str | None
    kind: str
    name: str | None = None
    known: bool = False
    """The claimant is an actor of the alias table."""
    pronoun: bool = False


def _is_name_word(doc: Document, tok: Token, after_name: bool = False) -> bool:
    raw = tok.raw
    if tok.norm in _FUNCTION or tok.norm in _MONTHS_DAYS and not after_name:
        return False
    hit = _hit_at(doc, tok)
    if hit is not None and hit.entry is not None and " " in hit.text:
        return False  # inside a longer actor name ("... of Chemical Weapons")
    return bool(_NAME_WORD.match(raw)) or tok.norm in _PARTICLES


def _title_case_line(doc: Document, start: int, end: int) -> bool:
    toks = [t for t in doc.tokens_in(start, end) if t.raw[:1].isalpha()]
    return len(toks) >= 4 and sum(1 for t in toks if t.raw[:1].isupper()) >= 0.7 * len(toks)


def _hit_at(doc: Document, tok: Token) -> AliasHit | None:
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
    i = 0
    while i < len(toks):
        j = i
        while j < len(toks) and _is_name_word(doc, toks[j], j > i) and (j == i or _adjacent(doc, toks[j - 1], toks[j])):
            j += 1
            if toks[j - 1].possessive:
                break
        run = _trim_run(doc, toks, i, j)
        if run is not None:
            runs.append((base + run[0], base + run[1]))
        i = max(j, i + 1)
    return runs


def _adjacent(doc: Document, a: Token, b: Token) -> bool:
    gap = doc.text[a.end : b.start]
    return not a.possessive and gap in (" ", "-") or gap == ". " and len(a.raw) == 1


def _trim_run(doc: Document, toks: list[Token], i: int, j: int) -> tuple[int, int] | None:
    words = doc.cues.words
    if j > i and toks[j - 1].norm in _ORG_WORDS:
        return None  # "Harbour Safety Board": an organisation's name, not a person's

    def role(t: Token) -> bool:
        return t.norm in words["title"] or t.norm in words["official_role"] or t.norm in words["private_role"]

    # "Information Minister Yemane Gebremeskel", "Indoctrination Director-General Major General Mohammed Tessema"
    last_role = max((k for k in range(i, j - 2 + 1) if role(toks[k])), default=None)
    if last_role is not None:
        i = last_role + 1
    while i < j and (role(toks[i]) or _hit_at(doc, toks[i]) is not None or toks[i].norm in _PARTICLES):
        i += 1
    while j > i and (toks[j - 1].norm in words["title"] or toks[j - 1].norm in words["official_role"]
                     or _hit_at(doc, toks[j - 1]) is not None):
        j -= 1
    if j - i < 2 or any(t.norm in _ORG_WORDS or _ACRONYM.match(t.raw) for t in toks[i:j]):
        return None
    return i, j


def _run_text(doc: Document, a: int, b: int) -> str:
    return doc.text[doc.tokens[a].start : doc.tokens[b - 1].end]


# --------------------------------------------------------------------------------------------------------------
# Collecting the article's people


_DEFINED = re.compile(r"((?:[A-Z][\w'’.-]*\s+(?:(?:of|for|and|the)\s+)*){1,7})\(([A-Z][A-Z0-9&]{1,7})\)")


def _acronyms(doc: Document, people: People) -> None:
    for m in _DEFINED.finditer(doc.text):
        start, end = m.start(1), m.end(1)
        claimant = _actor_of_phrase(doc, start, end) or _unknown_organisation(doc, start, end)
        if claimant:
            people.acronyms.setdefault(m.group(2), claimant)


def _main_country(doc: Document) -> str | None:
    counts = Counter(h.entry.canonical for h in doc.hits if h.entry is not None and h.entry.kind == "country")
    return counts.most_common(1)[0][0] if counts else None


def collect_people(doc: Document) -> People:
    """Every person named with a role or an affiliation in the article (title-case headlines are skipped), and
    the acronyms the article defines."""
    people = People(main_country=_main_country(doc))
    _acronyms(doc, people)
    for s in _people_sentences(doc):
        title_case = _title_case_line(doc, s.start, s.end)
        for a, b in name_runs(doc, s.start, s.end):
            if title_case and not _opens_apposition(doc, s.start, a, b):
                continue  # a headline's capitalised words are not names, but "Jane Roe, Acme's chief" is
            name = _run_text(doc, a, b)
            before = _role_before(doc, s.start, a)
            if not before[2]:
                before = _role_before_comma(doc, s.start, a)
            after = _apposition_after(doc, b, s.end)
            affiliation = before[0] or after[0]
            roles = before[2] | after[2]
            official = before[1] or after[1]
            if roles or affiliation:
                people.add(name, affiliation, official, roles)
        if not title_case:
            _titled_surnames(doc, people, s.start, s.end)
    return people


def _people_sentences(doc: Document) -> list[Sentence]:
    """The body's sentences and those of captions: a caption often introduces a person with their role."""
    out = list(doc.sentences)
    for bi, block in enumerate(doc.blocks):
        if block.furniture == "caption":
            out.extend(sentences(doc.text, block, bi))
    return out


def _opens_apposition(doc: Document, lo: int, a: int, b: int) -> bool:
    """A name that opens its line and is followed by a comma ("Jane Roe, chief executive of Acme")."""
    return doc.tokens[a].start == lo and doc.text[doc.tokens[b - 1].end : doc.tokens[b - 1].end + 1] == ","


def _titled_surnames(doc: Document, people: People, start: int, end: int) -> None:
    """A single name right after an official title ("President Okafor", "Prime Minister Lindqvist"): the person
    holds that office, whether or not the article also gives the full name."""
    toks = doc.tokens_in(start, end)
    official = doc.cues.words["official_role"]
    for k in range(1, len(toks)):
        t, prev = toks[k], toks[k - 1]
        if not (prev.norm in official and prev.raw[:1].isupper() and _adjacent(doc, prev, t)):
            continue
        if not _is_name_word(doc, t) or _hit_at(doc, t) is not None or t.norm in doc.cues.words["title"]:
            continue
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if nxt is not None and _adjacent(doc, t, nxt) and _is_name_word(doc, nxt, True):
            continue  # a full name: name_runs reads it
        before = _role_before(doc, start, k + doc.token_index(toks[0].start))
        people.add(t.raw.rstrip("'’s") if t.possessive else t.raw, before[0], True, before[2] or {prev.norm})


def _role_before(doc: Document, lo: int, a: int) -> tuple[str | None, bool, set[str]]:
    """(actor, official, role words) of the words written right before a name ("Kremlin spokesman Dmitry Peskov")."""
    words = doc.cues.words
    k = a
    first = doc.token_index(lo)
    while k > first:
        t = doc.tokens[k - 1]
        gap = doc.text[t.end : doc.tokens[k].start]
        abbreviated_title = gap.strip() == "." and t.norm in words["title"]  # "Rear Adm. Jane Roe"
        if gap.strip(" ") not in ("", "'s", "’s") and not (t.possessive and gap.strip(" ") == "") and not abbreviated_title:
            if gap.strip() not in ("", "-"):
                break
        if t.norm in ("said", "says", "told", "that", "and", "but", "while", "according", "to", "as") and k < a:
            break
        plain = not (t.norm in words["title"] or t.norm in words["official_role"] or t.norm in words["private_role"]
                     or t.norm in ("the", "a", "an", "of", "for", "s") or _hit_at(doc, t) is not None
                     or t.raw[:1].isupper())
        # a plain modifier of a role ("aid chief", "foreign affairs minister") stays when a role word follows it
        if plain and not (t.raw.isalpha() and t.raw.islower() and not doc.cues.is_verb_form(t.norm) and k < a
                          and any(x.norm in words["official_role"] or x.norm in words["title"]
                                  for x in doc.tokens[k : min(k + 2, a)])):
            break
        k -= 1
    if k == a:
        return None, False, set()
    return _role_phrase(doc, doc.tokens[k].start, doc.tokens[a - 1].end)


def _role_before_comma(doc: Document, lo: int, a: int) -> tuple[str | None, bool, set[str]]:
    """"The Kremlin's spokesman, Dmitry Peskov, said": the role phrase before the comma before a name."""
    start = doc.tokens[a].start
    m = re.search(r"(?:^|[.;:\"“”]\s*|\band\s+|\bthat\s+)([^,;:\"“”]{3,100}),\s*$", doc.text[max(lo, start - 120) : start])
    if not m:
        return None, False, set()
    base = max(lo, start - 120)
    ra, rb = base + m.start(1), base + m.end(1)
    toks = doc.tokens_in(ra, rb)
    words = doc.cues.words
    if not toks or not any(t.norm in words["official_role"] or t.norm in words["private_role"] for t in toks[-4:]):
        return None, False, set()
    return _role_phrase(doc, ra, rb)


def _apposition_after(doc: Document, b: int, hi: int) -> tuple[str | None, bool, set[str]]:
    """(actor, official, role words) of an apposition after a name (", a spokesperson for the Rwandan government,")."""
    if b >= len(doc.tokens):
        return None, False, set()
    start = doc.tokens[b - 1].end
    m = re.match(r"\s*(?:,\s*|(?=the\s))([^,;:\"“”()]{3,120}?)(?=,|\s+(?:said|says|told|added|who|has|had|was)\b|[.;:]|$)",
                 doc.text[start:hi])
    if not m:
        return None, False, set()
    ra, rb = start + m.start(1), start + m.end(1)
    toks = doc.tokens_in(ra, rb)
    if toks and toks[0].norm in _RELATIVE:
        return None, False, set()  # "Jane Roe, who will meet union leaders": a relative clause, not her role
    if not any(t.norm in doc.cues.words["official_role"] or t.norm in doc.cues.words["private_role"]
               for t in toks[:6]):
        return None, False, set()
    return _role_phrase(doc, ra, rb)


_RELATIVE = frozenset("who whom whose which that where when while after before as".split())
_OWN_VOICE_ROLES = frozenset("opposition dissident critic activist journalist reporter blogger former independent "
                             "whistleblower campaigner".split())


def _role_phrase(doc: Document, start: int, end: int) -> tuple[str | None, bool, set[str]]:
    """(actor, official, role words) of a role phrase. A private role ("opposition leader", "journalist", "former
    minister") speaks for the person; "Navalny's spokeswoman" speaks for Navalny."""
    words = doc.cues.words
    toks = doc.tokens_in(start, end)
    roles = {t.norm for t in toks if t.norm in words["official_role"] or t.norm in words["private_role"]}
    private = any(t.norm in _OWN_VOICE_ROLES for t in toks) or (
        any(t.norm in words["private_role"] for t in toks) and not any(t.norm in words["official_role"] for t in toks))
    owner = next((t for t in toks if t.possessive and t.raw[:1].isupper() and _hit_at(doc, t) is None
                  and t.norm not in words["title"] and t.norm not in _ORG_WORDS), None)
    if owner is not None and not private:
        return owner.raw, False, roles  # "Navalny's spokeswoman": the person she speaks for
    if private:
        return None, False, roles
    actor = _actor_of_phrase(doc, start, end)
    if actor is None:
        actor = _unknown_organisation(doc, start, end)
    if actor is None:  # "party leader Jane Roe", "the company's spokesman": the party or company named before
        head = next((t.norm for t in toks if t.norm in _NAMED_BY and t.raw.islower()), None)
        actor = _last_named_with_head(doc, head, start) if head else None
    return actor, bool(roles), roles


# --------------------------------------------------------------------------------------------------------------
# Phrase -> claimant


def _actor_of_phrase(doc: Document, start: int, end: int) -> str | None:
    """The actor a phrase names through the alias table, unless it names a part of that actor with a name of its
    own ("Ethiopia's Tigray region"): then None."""
    hits = [h for h in doc.hits_in(start, end) if h.entry is not None]
    if not hits:
        return None
    toks = doc.tokens_in(start, end)
    index = {t.start: k for k, t in enumerate(toks)}
    local = [AliasHit(h.start, h.end, h.entry, h.possessive, h.text, h.blocked, index.get(h.start, 0)) for h in hits]
    entry = pick_speaker_hit(local, toks)
    if entry is None:
        return None
    if named_part(doc, start, end) is not None:
        return None
    return entry.canonical


def _named_part_after(doc: Document, toks: list[Token], hit: AliasHit) -> bool:
    """"Ethiopia's Tigray region", "Russia's Wagner": a proper name of something that is not a role follows."""
    k = next((i for i, t in enumerate(toks) if t.start >= hit.end), None)
    if k is None:
        return False
    t = toks[k]
    words = doc.cues.words
    return (t.raw[:1].isupper() and t.norm not in words["title"] and t.norm not in words["official_role"]
            and _hit_at(doc, t) is None and not doc.cues.is_verb_form(t.norm))


def named_part(doc: Document, start: int, end: int) -> str | None:
    """"Ethiopia's Tigray region", "the leader of Ethiopia's Tigray region": the named part speaks ("Tigray")."""
    toks = doc.tokens_in(start, end)
    words = doc.cues.words
    for h in doc.hits_in(start, end):
        if h.entry is None or not h.possessive:
            continue
        k = next((i for i, t in enumerate(toks) if t.start >= h.end), None)
        if k is None or not _named_part_after(doc, toks, h):
            continue
        j = k
        while j < len(toks) and toks[j].raw[:1].isupper() and toks[j].norm not in _REGION_WORDS:
            j += 1
        run = toks[k:j]
        # "Russia's Federal Security Service", "India's External Affairs Ministry": an institution of the country
        if any(t.norm in _ORG_WORDS or t.norm in words["institution"] or t.norm in words["official_role"]
               or t.norm in words["title"] for t in run):
            continue
        if run:
            return doc.text[run[0].start : run[-1].end]
    return None


def _state_of_organisation(doc: Document, name: str) -> str | None:
    """An organisation named elsewhere in the article after a country ("the Ethiopian National Defense Force")
    is an institution of that country."""
    head = name.split()[-1].lower()
    if head not in doc.cues.words["institution"] and head not in ("force", "forces", "army", "agency", "guard"):
        return None
    for m in re.finditer(re.escape(name), doc.text):
        for h in doc.hits_in(max(0, m.start() - 40), m.start()):
            if h.entry is not None and h.entry.kind == "country" and doc.text[h.end : m.start()].strip(" '’s") == "":
                return h.entry.canonical
    return None


_NAMED_BY = frozenset("firm company group organisation organization agency party movement network newspaper "
                      "broadcaster website outlet channel magazine charity campaign bank startup maker".split())
_GENERIC_INSTITUTION = frozenset("ministry department office police army navy agency government authority authorities "
                                 "council court prosecutor prosecutors service services forces force commission "
                                 "committee presidency cabinet parliament guard".split())


def _unknown_organisation(doc: Document, start: int, end: int, main_country: str | None = None) -> str | None:
    """A proper name of an organisation the alias table does not know: an acronym ("TPLF"), a capitalised run with
    an organisation word ("Joint Investigation Team", "Ministry of Health"), a name after an organisation noun
    ("the firm Veltrix"), or a named region of an actor. A state institution named without its country ("the
    Ministry of Health") belongs to `main_country` when one is given."""
    toks = doc.tokens_in(start, end)
    words = doc.cues.words
    for t in toks:
        if _ACRONYM.match(t.raw) and _hit_at(doc, t) is None and t.norm not in words["title"]:
            return t.raw
    named = _named_after_noun(doc, toks)
    if named is not None:
        return named
    i = 0
    while i < len(toks):
        if not toks[i].raw[:1].isupper() or toks[i].norm in ("the", "a", "an"):
            i += 1
            continue
        j = i
        while j < len(toks) and (toks[j].raw[:1].isupper() or toks[j].norm in ("of", "for", "and", "the")):
            j += 1
        while j > i and not toks[j - 1].raw[:1].isupper():
            j -= 1
        run = toks[i:j]
        name = _organisation_name(doc, run, main_country)
        if name is not None:
            return name
        if run and j < len(toks) and toks[j].norm in _ORG_WORDS and doc.text[run[-1].end : toks[j].start] == " " \
                and not any(_hit_at(doc, t) for t in run):
            if all(t.norm in words["title"] for t in run):  # "Health ministry": a state's, when the article names one
                if toks[j].norm in _GENERIC_INSTITUTION:
                    return main_country or doc.text[run[0].start : toks[j].end]
            else:
                return doc.text[run[0].start : toks[j].end]  # "the Democratic campaign", "the Harlow group"
        if run and (j < len(toks) and toks[j].norm in _REGION_WORDS or i > 0 and toks[i - 1].norm in _NAMED_BY) \
                and _hit_at(doc, run[0]) is None and not any(t.norm in words["title"] for t in run):
            return doc.text[run[0].start : run[-1].end]
        i = max(j, i + 1)
    return None


def _named_after_noun(doc: Document, toks: list[Token]) -> str | None:
    """"Campaign group Safe Plates", "the firm Veltrix", "a spokesperson for PharmaCorp": the capitalised name
    after an organisation noun, or after a role noun and "for"/"of"/"at", is the organisation."""
    words = doc.cues.words
    for k in range(len(toks) - 1):
        t = toks[k]
        after_noun = t.norm in _NAMED_BY and t.raw.islower()
        after_role = t.norm in ("for", "of", "at") and k > 0 and toks[k - 1].norm not in _ORG_WORDS and (
            toks[k - 1].norm in words["official_role"] or toks[k - 1].norm in words["private_role"]
            or toks[k - 1].norm in _TEAM_WORDS)
        if not (after_noun or after_role):
            continue
        j = k + 1
        if j < len(toks) and toks[j].norm == "the":
            j += 1
        end = j
        while end < len(toks) and toks[end].raw[:1].isupper() and doc.text[toks[end - 1].end : toks[end].start] in (" ", "", " & ") \
                and toks[end].norm not in words["title"]:
            end += 1
        run = toks[j:end]
        person_like = after_role and len(run) >= 2 and bool(name_runs(doc, run[0].start, run[-1].end)) \
            and not any(x.norm in _ORG_WORDS for x in run)  # "a lawyer for Tom Reyes": a person
        if run and not person_like and not any(_hit_at(doc, x) or x.norm in _ORG_WORDS for x in run) \
                and not (end < len(toks) and toks[end].norm in ("of", "for")):
            return doc.text[run[0].start : run[-1].end]
    return None


def _organisation_name(doc: Document, run: list[Token], main_country: str | None) -> str | None:
    words = doc.cues.words
    org_at = [k for k, t in enumerate(run) if t.norm in _ORG_WORDS]
    if not org_at or all(_hit_at(doc, t) for t in run):
        return None
    # stop at a title after the organisation word ("... Defence Force Director-General Major General")
    end = next((k for k in range(org_at[0] + 1, len(run)) if run[k].norm in words["official_role"]
                and run[k].norm not in _ORG_WORDS), len(run))
    run = run[:end]
    while run and run[-1].norm in ("of", "for", "and", "the"):
        run = run[:-1]
    name = doc.text[run[0].start : run[-1].end]
    state = _state_of_organisation(doc, name)
    if state:
        return state
    generic = all(t.norm in _GENERIC_INSTITUTION or t.norm in words["title"] or t.norm in ("of", "for", "and", "the")
                  for t in run)
    return main_country if generic and main_country else name


_QUANTIFIERS = frozenset("the a an some many several other most few dozens of hundreds thousands numerous "
                         "various multiple two three four five".split())


def _group(doc: Document, toks: list[Token]) -> str | None:
    """A group of people named by a plural noun ("witnesses", "local residents"), as a claimant ("Witnesses",
    "Local residents"); quantifiers go ("some diplomats" -> "Diplomats")."""
    words = doc.cues.words["group_speaker"]
    for k in range(len(toks)):
        for n in (2, 1):
            phrase = " ".join(t.norm for t in toks[k : k + n])
            if len(toks[k : k + n]) == n and phrase in words:
                lead = [t for t in toks[:k] if t.norm not in _QUANTIFIERS and t.raw.isalpha()
                        and _hit_at(doc, t) is None and not t.possessive]
                text = " ".join([t.norm for t in lead[-1:]] + [phrase])
                return text[:1].upper() + text[1:]
    return None


def resolve_speaker(doc: Document, people: People, start: int, end: int, history: list[Speaker]) -> Speaker:
    """The speaker a phrase of the text names (see the module docstring)."""
    start = _after_time_phrase(doc, start, end)
    phrase = doc.text[start:end].strip(" ,")
    toks = doc.tokens_in(start, end)
    words = doc.cues.words
    if len(toks) == 1 and toks[0].norm in doc.cues.pronoun_speakers:
        return _pronoun(doc, toks[0], start, end, history)
    if toks and toks[0].norm in ("its", "their", "his", "her") and len(toks) > 1:
        # "Its mission to the United Nations", "their embassy": whoever "its" stands for
        owner = _pronoun(doc, Token(toks[0].start, toks[0].end, {"its": "it", "their": "they", "his": "he",
                                                                   "her": "she"}[toks[0].norm], toks[0].raw),
                         start, end, history)
        if owner.claimant:
            return Speaker(phrase, start, end, owner.claimant, owner.kind, owner.name, owner.known, pronoun=True)
    organisation = _named_after_noun(doc, toks)
    if organisation is not None:  # "campaign group Safe Plates", "a spokesperson for PharmaCorp"
        return Speaker(phrase, start, end, organisation, "organisation")
    owner = _possessive_owner(doc, people, toks)
    if owner is not None:
        return Speaker(phrase, start, end, owner, _kind(doc, owner) if doc.aliases.entry(owner) else "person",
                       owner, known=doc.aliases.entry(owner) is not None)
    person = _named_person(doc, people, start, end)
    if person is not None:
        claimant = person.affiliation or (people.main_country if person.official else None) or person.name
        boss = people.find(claimant) if claimant and " " not in claimant else None
        if boss is not None and boss is not person:  # "Navalny's spokeswoman": Navalny, as the article names him
            claimant = boss.affiliation or boss.name
        kind = ("person" if person.roles or person.official else "unknown") if claimant == person.name else _kind(doc, claimant)
        return Speaker(phrase, start, end, claimant, kind, person.name, known=doc.aliases.entry(claimant) is not None)
    acronym = next((people.acronyms[t.raw] for t in toks if t.raw in people.acronyms), None)
    if acronym is not None:
        return Speaker(phrase, start, end, acronym, _kind(doc, acronym), known=doc.aliases.entry(acronym) is not None)
    part = named_part(doc, start, end)
    if part is not None:
        return Speaker(phrase, start, end, part, "organisation")
    content = [t for t in toks if t.norm not in ("the", "a", "an", "some", "many", "several")]
    if content and content[-1].norm in _MEDIA_WORDS and len(content) <= 3:
        return Speaker(phrase, start, end, " ".join(t.raw for t in content), "group")
    member = _member_of(doc, people, toks)
    if member is not None:
        return Speaker(phrase, start, end, member, _kind(doc, member) if doc.aliases.entry(member) else "organisation",
                       known=doc.aliases.entry(member) is not None)
    group = _group(doc, content[:1])
    if group is not None and not doc.hits_in(start, end):
        return Speaker(phrase, start, end, group, "group")
    if content and content[-1].norm in _PRIVATE_GROUPS and len(content) <= 3:
        # "UN experts", "WHO scientists": an organisation's own experts speak for it
        hit = _hit_at(doc, content[0])
        if hit is not None and hit.entry is not None and hit.entry.kind not in ("country", "collective"):
            return Speaker(phrase, start, end, hit.entry.canonical, _kind(doc, hit.entry.canonical), known=True)
        # "Western analysts", "Russian activists": people speaking for themselves, not for a state
        return Speaker(phrase, start, end, " ".join([content[0].raw] + [t.norm for t in content[1:]]), "group")
    former = _former_office_holder(doc, toks, start, end)
    if former is not None:
        return Speaker(phrase, start, end, former, "person", former)
    actor = _actor_of_phrase(doc, start, end)
    if actor is not None:
        return Speaker(phrase, start, end, actor, _kind(doc, actor), known=True)
    org = _unknown_organisation(doc, start, end, people.main_country)
    if org is not None:
        return Speaker(phrase, start, end, org, _kind(doc, org) if doc.aliases.entry(org) else "organisation",
                       known=doc.aliases.entry(org) is not None)
    group = _group(doc, toks)
    if group is not None and not any(t.norm in words["official_role"] for t in toks if t.norm not in words["group_speaker"]):
        return Speaker(phrase, start, end, group, "group")
    if any(t.norm in words["private_role"] for t in toks):
        known = _person_with_role(people, {t.norm for t in toks})
        if known is not None:
            return Speaker(phrase, start, end, known.affiliation or known.name, "person", known.name)
    plural_group = _plural_role_group(doc, toks)
    if plural_group is not None:
        return Speaker(phrase, start, end, plural_group, "group")
    if any(t.norm in words["official_role"] or t.norm in words["claim_noun"] or t.norm in words["speech_noun"]
           for t in toks):
        found = _role_antecedent(doc, toks, start, end, history)
        if found.claimant is None and people.main_country and any(t.norm in words["official_role"] for t in toks):
            # "a senior defence official", "the ministry" before anyone else has spoken: the country the article is about
            return Speaker(phrase, start, end, people.main_country, "state", known=True)
        if found.claimant is None:
            described = _described(doc, toks)
            if described is not None:  # "the regional prosecutor": nobody named, the office itself speaks
                return Speaker(phrase, start, end, described, "organisation")
        return found
    proper = [t for t in toks if t.raw[:1].isupper() and t.norm not in ("the", "a", "an")]
    if proper and len(proper) == len([t for t in toks if t.norm not in ("the", "a", "an")]):
        if all(t.norm in _MONTHS_DAYS or t.norm in _TIME_WORDS for t in proper):
            return Speaker(phrase, start, end, None, "unknown")  # "On Monday, ...": a date, not a speaker
        named = [t for t in proper if t.norm not in words["title"]] or proper
        name = doc.text[named[0].start : proper[-1].end]
        known = people.find(proper[-1].raw)
        if known is not None:
            claimant = known.affiliation or known.name
            return Speaker(phrase, start, end, claimant, _kind(doc, claimant), known.name)
        return Speaker(phrase, start, end, name, "unknown")
    return Speaker(phrase, start, end, None, "unknown")


_TEAM_WORDS = frozenset("team camp allies aides staff lawyer lawyers attorney spokesman spokeswoman spokesperson "
                        "office campaign family supporters associates foundation".split())
_MEMBER_PREPOSITIONS = frozenset("from of at with for".split())


def _possessive_owner(doc: Document, people: People, toks: list[Token]) -> str | None:
    """"Navalny's team", "Okafor's lawyers": the people around someone speak for that person (or for whom the
    article says that person speaks)."""
    content = [t for t in toks if t.norm not in ("the", "a", "an")]
    if len(content) < 2 or not content[0].possessive or not content[0].raw[:1].isupper():
        return None
    first = content[0]
    if _hit_at(doc, first) is not None or first.norm in doc.cues.words["title"] or first.norm in _ORG_WORDS:
        return None
    if not any(t.norm in _TEAM_WORDS for t in content[1:3]):
        return None
    name = re.sub(r"['’]s?$", "", first.raw)
    known = people.find(name)
    return (known.affiliation or known.name) if known is not None else name


def _member_of(doc: Document, people: People, toks: list[Token]) -> str | None:
    """"Investigators from the Joint Inquiry Team", "experts of the UN": members of an organisation speak for it."""
    for k, t in enumerate(toks[:-1]):
        if t.norm not in _MEMBER_PREPOSITIONS or k == 0:
            continue
        head = toks[k - 1].norm
        if head not in doc.cues.words["group_speaker"] and head not in _PRIVATE_GROUPS and head not in _TEAM_WORDS \
                and head not in ("investigators", "inspectors", "members", "officials", "staff", "experts"):
            return None
        a, b = toks[k + 1].start, toks[-1].end
        return _actor_of_phrase(doc, a, b) or _unknown_organisation(doc, a, b)
    return None


_PEOPLE_ROLES = frozenset("lawmakers legislators officials politicians mps senators ministers diplomats officers "
                          "members leaders executives doctors nurses teachers scientists".split())


def _plural_role_group(doc: Document, toks: list[Token]) -> str | None:
    """"Opposition lawmakers", "some senior officials": people of a role, named by no actor, as a group."""
    content = [t for t in toks if t.norm not in _QUANTIFIERS]
    if not content or content[-1].norm not in _PEOPLE_ROLES or toks[0].norm == "the" or len(content) > 3:
        return None
    if any(_hit_at(doc, t) for t in content):
        return None
    text = " ".join([content[0].raw] + [t.norm for t in content[1:]])
    return text[:1].upper() + text[1:]


_BUSINESS_HEADS = frozenset("company firm business maker manufacturer producer retailer bank insurer carrier "
                            "operator group startup".split())
_BODY_HEADS = ("agency", "authority", "regulator", "watchdog", "commission", "board", "office", "inspectorate")


def _described(doc: Document, toks: list[Token]) -> str | None:
    """A speaker known only by description ("the regional anti-corruption prosecutor"), as a claimant name
    ("Regional anti-corruption prosecutor"); None for a bare role word ("the spokesman")."""
    content = [t for t in toks if t.norm not in _QUANTIFIERS]
    if len(content) < 2 or len(content) > 5:
        return None
    text = " ".join(doc.text[content[0].start : content[-1].end].split())
    return text[:1].upper() + text[1:]


def _last_named_with_head(doc: Document, head: str, before: int) -> str | None:
    """"the agency" -> the last "... Agency" (or "... Authority": bodies go by either) named before it."""
    heads = _BODY_HEADS if head in _BODY_HEADS else (head,)
    pattern = re.compile(r"((?:[A-Z][\w'’&-]*\s+(?:(?:of|for|and|the)\s+)*){1,6})(?:"
                         + "|".join(h.capitalize() for h in heads) + r")\b")
    found = None
    for m in pattern.finditer(doc.text, max(0, before - 3000), before):
        found = doc.text[m.start() : m.end()].strip()
    if found is None:
        return None
    found = re.sub(r"^(?:The|A|An)\s+", "", found)
    hit = doc.aliases.lookup(found)
    if hit is not None:
        return hit.canonical
    inner = [h for h in doc.aliases.find_all(found) if h.entry is not None]
    return inner[0].entry.canonical if inner else found  # "the British Ministry": the United Kingdom


def _former_office_holder(doc: Document, toks: list[Token], start: int, end: int) -> str | None:
    """"Former President Jane Roe": someone out of office speaks for themselves, not for their old state."""
    if not any(t.norm in ("former", "ex") for t in toks):
        return None
    people = [h for h in doc.hits_in(start, end) if h.entry is not None and h.entry.kind == "person"]
    return people[-1].entry.name if people else None


def _after_time_phrase(doc: Document, start: int, end: int) -> int:
    """"Late March, Dina": the phrase after a time phrase set off by a comma."""
    comma = doc.text.find(",", start, end)
    if comma < 0:
        return start
    head = doc.tokens_in(start, comma)
    if head and all(t.norm in _MONTHS_DAYS or t.norm in _TIME_WORDS or t.norm.isdigit() for t in head):
        return comma + 1
    return start


def _person_with_role(people: People, roles: set[str]) -> Person | None:
    for person in people.by_key.values():
        if person.roles & roles:
            return person
    return None


def _named_person(doc: Document, people: People, start: int, end: int) -> Person | None:
    runs = name_runs(doc, start, end)
    if runs:
        a, b = runs[-1]
        name = _run_text(doc, a, b)
        person = people.find(name) or people.find(name.split()[-1])
        if person is not None:
            return person
        before = _role_before(doc, start, a)
        after = _apposition_after(doc, b, end)
        return people.add(name, before[0] or after[0], before[1] or after[1], before[2] | after[2])
    for t in doc.tokens_in(start, end):
        if t.raw[:1].isupper():
            person = people.find(t.raw)
            if person is not None:
                return person
    return None


def _kind(doc: Document, claimant: str | None) -> str:
    entry = doc.aliases.entry(claimant) if claimant else None
    if entry is None:
        return "unknown"
    return {"country": "state"}.get(entry.kind, entry.kind)


def _pronoun(doc: Document, tok: Token, start: int, end: int, history: list[Speaker]) -> Speaker:
    phrase = doc.text[start:end]
    wanted = {"he": ("person",), "she": ("person",), "it": ("state", "organisation", "collective", "unknown"),
              "they": ("state", "organisation", "collective", "group", "unknown", "person")}.get(tok.norm)
    for sp in reversed(history[-6:]):
        if sp.claimant and (wanted is None or sp.kind in wanted or (sp.name and tok.norm in ("he", "she"))):
            return Speaker(phrase, start, end, sp.claimant, sp.kind, sp.name, sp.known, pronoun=True)
    if history:
        sp = history[-1]
        return Speaker(phrase, start, end, sp.claimant, sp.kind, sp.name, sp.known, pronoun=True)
    return Speaker(phrase, start, end, None, "unknown", pronoun=True)


def _role_antecedent(doc: Document, toks: list[Token], start: int, end: int, history: list[Speaker]) -> Speaker:
    """"the ministry", "the spokesman", "the report": the last speaker whose phrase had the same role word, else
    the last state or organisation that spoke."""
    phrase = doc.text[start:end]
    roles = {t.norm for t in toks}
    head = toks[-1].norm if toks else ""
    named = _last_named_with_head(doc, head, start) if head in _ORG_WORDS or head in _NAMED_BY or head in _BODY_HEADS else None
    if named is not None:
        return Speaker(phrase, start, end, named, "organisation", pronoun=True)
    for sp in reversed(history):
        words = {t.norm for t in doc.tokens_in(sp.start, sp.end)}
        if sp.claimant and roles & words - {"the", "a", "an", "of"}:
            return Speaker(phrase, start, end, sp.claimant, sp.kind, sp.name, sp.known, pronoun=True)
    organisation_word = bool(roles & (_ORG_WORDS | _NAMED_BY))
    business = bool(roles & _BUSINESS_HEADS)
    if len([t for t in toks if t.norm not in _QUANTIFIERS]) > 2 and not business:
        # "the regional anti-corruption prosecutor": a description of its own, not a way to repeat a speaker
        return Speaker(phrase, start, end, None, "unknown", pronoun=True)
    for sp in reversed(history):
        if business and (sp.kind == "state" or sp.claimant and sp.claimant.split()[-1].lower() in _BODY_HEADS):
            continue  # "the company" is not the regulator that spoke before it
        if sp.claimant and (sp.kind in ("state", "organisation", "collective") or organisation_word and sp.kind == "unknown"):
            return Speaker(phrase, start, end, sp.claimant, sp.kind, None, sp.known, pronoun=True)
    return Speaker(phrase, start, end, None, "unknown", pronoun=True)
