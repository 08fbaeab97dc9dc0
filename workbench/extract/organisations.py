"""Organisations in a speaker phrase: actors of the table, named parts of an actor ("Ethiopia's Tigray region"),
organisations the table does not know ("the TPLF", "campaign group Safe Plates", "a spokesperson for Acme"),
and bodies referred to by their head noun ("the agency"). Pure."""

from __future__ import annotations

import re

from ..text.aliases import ActorEntry, AliasHit, pick_speaker_hit
from ..text.tokens import Token
from .bodies import INDUSTRY_NOUNS, kind_of_noun, last_body
from .document import Document
from .names import ACRONYM, LOCAL_OFFICES, ORG_WORDS, REGION_WORDS, hit_at, name_runs, sentence_initial

__all__ = [
    "actor_of_phrase", "named_part_after", "named_part", "state_of_organisation", "NAMED_BY",
    "GENERIC_INSTITUTION", "HEADS_OF_BUSINESS", "unknown_organisation", "named_after_noun", "organisation_name",
    "TEAM_WORDS",
    "BUSINESS_HEADS", "BODY_HEADS", "described", "last_named_with_head", "QUANTIFIERS", "independent_body",
    "OWN_NAME_HEADS",
]


_LED_BY = re.compile(r"[-‑–](?:led|backed|funded|sponsored|owned|based|linked|allied|aligned|born|run|controlled)\b",
                     re.IGNORECASE)
""""the Dutch-led investigation team", "Russian-backed rebels": the actor leads or backs the body, it is not it."""


def actor_of_phrase(doc: Document, start: int, end: int) -> str | None:
    """The actor a phrase names through the alias table, unless it names a part of that actor with a name of its
    own ("Ethiopia's Tigray region"): then None."""
    hits = [h for h in doc.hits_in(start, end) if h.entry is not None and not _LED_BY.match(doc.text, h.end)]
    if not hits:
        return None
    toks = doc.tokens_in(start, end)
    index = {t.start: k for k, t in enumerate(toks)}
    local = [AliasHit(h.start, h.end, h.entry, h.possessive, h.text, h.blocked, index.get(h.start, 0)) for h in hits]
    entry = pick_speaker_hit(local, toks)
    if entry is None:
        return None
    if named_part(doc, start, end) is not None or _civil_body_after(doc, toks, local, entry):
        return None
    return entry.canonical


_CIVIL_HEADS = frozenset("observatory foundation institute watch network centre center trust society league church "
                         "association federation alliance coalition fund charity".split())
"""Heads of bodies that are no organ of a state: a state's adjective in their name ("the Syrian Observatory for
Human Rights", "the Russian Orthodox Church") is part of the name, not the claimant."""


def _civil_body_after(doc: Document, toks: list[Token], hits: list[AliasHit], entry: ActorEntry) -> bool:
    """Does a country's adjective begin the proper name of a body that is not the state's ("Syrian Observatory for
    Human Rights")? Then the body speaks, under its own name."""
    hit = next((h for h in hits if h.entry is entry and not h.possessive), None)
    if hit is None or entry.kind != "country":
        return False
    k = next((i for i, t in enumerate(toks) if t.start >= hit.end), None)
    if k is None or not toks[k].raw[:1].isupper() or doc.text[hit.end : toks[k].start] != " ":
        return False
    run = []
    for t in toks[k:]:
        if not (t.raw[:1].isupper() or t.norm in ("of", "for", "and")):
            break
        run.append(t)
    while run and not run[-1].raw[:1].isupper():
        run.pop()
    return any(t.norm in _CIVIL_HEADS for t in run) and not any(t.norm in doc.cues.words["title"] for t in run)


def named_part_after(doc: Document, toks: list[Token], hit: AliasHit) -> bool:
    """"Ethiopia's Tigray region", "Russia's Wagner": a proper name of something that is not a role follows."""
    k = next((i for i, t in enumerate(toks) if t.start >= hit.end), None)
    if k is None:
        return False
    t = toks[k]
    words = doc.cues.words
    return (t.raw[:1].isupper() and t.norm not in words["title"] and t.norm not in words["official_role"]
            and hit_at(doc, t) is None and not doc.cues.is_verb_form(t.norm))


def named_part(doc: Document, start: int, end: int) -> str | None:
    """"Ethiopia's Tigray region", "the leader of Ethiopia's Tigray region": the named part speaks ("Tigray")."""
    toks = doc.tokens_in(start, end)
    words = doc.cues.words
    for h in doc.hits_in(start, end):
        if h.entry is None or not h.possessive:
            continue
        k = next((i for i, t in enumerate(toks) if t.start >= h.end), None)
        if k is None or not named_part_after(doc, toks, h):
            continue
        j = k
        while j < len(toks) and toks[j].raw[:1].isupper() and toks[j].norm not in REGION_WORDS:
            j += 1
        run = toks[k:j]
        # "Russia's Federal Security Service", "India's External Affairs Ministry": an institution of the country
        if any(t.norm in ORG_WORDS or t.norm in words["institution"] or t.norm in words["official_role"]
               or t.norm in words["title"] for t in run):
            continue
        if run:
            return doc.text[run[0].start : run[-1].end]
    return None


def state_of_organisation(doc: Document, name: str) -> str | None:
    """An organisation named elsewhere in the article after a country ("the Ethiopian National Defense Force")
    is an institution of that country."""
    head = name.split()[-1].lower()
    if head not in doc.cues.words["institution"] and head not in ("force", "forces", "army", "agency", "guard"):
        return None
    for m in re.finditer(re.escape(name), doc.text, re.IGNORECASE):  # "Foreign ministry": "India's foreign ministry"
        for h in doc.hits_in(max(0, m.start() - 40), m.start()):
            if h.entry is not None and h.entry.kind == "country" and doc.text[h.end : m.start()].strip(" '’s") == "":
                return h.entry.canonical
    return None


NAMED_BY = frozenset("firm company group organisation organization agency party movement network newspaper "
                      "broadcaster website outlet channel magazine charity campaign bank startup maker foundation "
                      "institute association union watchdog regulator".split())
GENERIC_INSTITUTION = frozenset("ministry department office police army navy agency government authority authorities "
                                 "council court prosecutor prosecutors service services forces force commission "
                                 "committee presidency cabinet parliament guard".split())


def unknown_organisation(doc: Document, start: int, end: int, main_country: str | None = None) -> str | None:
    """A proper name of an organisation the alias table does not know: an acronym ("TPLF"), a capitalised run with
    an organisation word ("Joint Investigation Team", "Ministry of Health"), a name after an organisation noun
    ("the firm Veltrix"), or a named region of an actor. A state institution named without its country ("the
    Ministry of Health") belongs to `main_country` when one is given."""
    toks = doc.tokens_in(start, end)
    words = doc.cues.words
    for t in toks:
        if ACRONYM.match(t.raw) and hit_at(doc, t) is None and t.norm not in words["title"]:
            return t.raw
    named = named_after_noun(doc, toks)
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
        name = organisation_name(doc, run, main_country)
        if name is not None:
            return name
        if run and j < len(toks) and toks[j].norm in ORG_WORDS and doc.text[run[-1].end : toks[j].start] == " " \
                and not any(hit_at(doc, t) for t in run):
            if all(t.norm in words["title"] for t in run):  # "Health ministry": a state's, when the article names one
                if toks[j].norm in GENERIC_INSTITUTION:
                    return main_country or doc.text[run[0].start : toks[j].end]
            else:
                return doc.text[run[0].start : toks[j].end]  # "the Democratic campaign", "the Harlow group"
        if run and (j < len(toks) and toks[j].norm in REGION_WORDS or i > 0 and toks[i - 1].norm in NAMED_BY) \
                and hit_at(doc, run[0]) is None and not any(t.norm in words["title"] for t in run):
            return doc.text[run[0].start : run[-1].end]
        i = max(j, i + 1)
    return None


HEADS_OF_BUSINESS = frozenset("executive ceo founder co-founder cofounder chairman chairwoman owner".split())
"""Roles whose "of"/"at" names a business, never a person ("the chief executive of Corvane Labs")."""
PORTFOLIO_ROLES = frozenset("minister ministers secretary".split())
"""Offices named by their portfolio ("Minister for Information", "Secretary of State"): what follows "for"/"of" is
no organisation."""


def named_after_noun(doc: Document, toks: list[Token]) -> str | None:
    """"Campaign group Safe Plates", "the firm Veltrix", "a spokesperson for PharmaCorp": the capitalised name
    after an organisation noun, or after a role noun and "for"/"of"/"at", is the organisation."""
    words = doc.cues.words
    for k in range(len(toks) - 1):
        t = toks[k]
        after_noun = t.norm in NAMED_BY and t.raw.islower()
        after_role = t.norm in ("for", "of", "at") and k > 0 and toks[k - 1].norm not in ORG_WORDS \
            and toks[k - 1].norm not in PORTFOLIO_ROLES and toks[k - 1].norm not in LOCAL_OFFICES and (
                toks[k - 1].norm in words["official_role"] or toks[k - 1].norm in words["private_role"]
                or toks[k - 1].norm in TEAM_WORDS)
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
            and not any(x.norm in ORG_WORDS for x in run) \
            and toks[k - 1].norm not in HEADS_OF_BUSINESS  # "a lawyer for Tom Reyes": a person
        if run and not person_like and not any(hit_at(doc, x) or x.norm in ORG_WORDS for x in run) \
                and not (end < len(toks) and toks[end].norm in ("of", "for")):
            if end < len(toks) and toks[end].norm in ORG_WORDS and toks[end].raw.islower() \
                    and doc.text[run[-1].end : toks[end].start] == " ":
                return doc.text[run[0].start : toks[end].end]  # "the chief doctor of the Tomsk hospital"
            return doc.text[run[0].start : run[-1].end]
    return None


def organisation_name(doc: Document, run: list[Token], main_country: str | None) -> str | None:
    words = doc.cues.words
    org_at = [k for k, t in enumerate(run) if t.norm in ORG_WORDS]
    if not org_at or all(hit_at(doc, t) for t in run):
        return None
    if len(run) == 1 and sentence_initial(doc, run[0]):
        return None  # "Party leader Tom Hale", "Company spokesman ...": a common noun, capitalised as the first word
    # stop at a title after the organisation word ("... Defence Force Director-General Major General")
    end = next((k for k in range(org_at[0] + 1, len(run)) if run[k].norm in words["official_role"]
                and run[k].norm not in ORG_WORDS), len(run))
    run = run[:end]
    while run and run[-1].norm in ("of", "for", "and", "the"):
        run = run[:-1]
    # a title before the organisation is the person's office, not part of its name ("Spokesperson of the Ministry")
    lead = 0
    while lead < len(run) and run[lead].norm not in ORG_WORDS and (
            run[lead].norm in words["official_role"] or run[lead].norm in words["title"]):
        lead += 1
    if 0 < lead < len(run) and run[lead].norm in ("of", "for", "at"):
        run = run[lead + 1 :]
        while run and run[0].norm == "the":
            run = run[1:]
    name = doc.text[run[0].start : run[-1].end]
    state = state_of_organisation(doc, name)
    if state:
        return state
    generic = all(t.norm in GENERIC_INSTITUTION or t.norm in words["title"] or t.norm in ("of", "for", "and", "the")
                  for t in run)
    return main_country if generic and main_country else name


OWN_NAME_HEADS = frozenset("court tribunal hospital clinic university institute laboratory foundation".split())
"""Bodies that speak under their own name even when it holds a place or a country: courts, hospitals,
universities ("Oslo District Court", "the Lindenhof clinic"), not the state they sit in."""


def independent_body(doc: Document, toks: list[Token]) -> str | None:
    """The proper name of a court, hospital or university in a phrase: capitalised words before the head, at least
    one of them not an actor's alias ("Moscow City Court" yes, "a Dutch court" no). A leading article is dropped
    unless an alias starts with it."""
    for k, t in enumerate(toks):
        if t.norm not in OWN_NAME_HEADS or k == 0:
            continue
        first = k
        while first > 0 and toks[first - 1].raw[:1].isupper() and not toks[first - 1].possessive \
                and toks[first - 1].norm not in ("a", "an") and doc.text[toks[first - 1].end : toks[first].start] == " ":
            first -= 1
        hits = [hit_at(doc, x) for x in toks[first:k]]
        if toks[first].norm == "the" and (hits[0] is None or hits[0].start != toks[first].start):
            first, hits = first + 1, hits[1:]
        if first == k or all(h is not None and h.entry is not None for h in hits) \
                or any(x.norm in doc.cues.words["title"] for x in toks[first:k]):
            continue
        return doc.text[toks[first].start : t.end]
    return None


TEAM_WORDS = frozenset("team camp allies aides staff lawyer lawyers attorney spokesman spokeswoman spokesperson "
                        "office campaign family supporters associates foundation".split())
BUSINESS_HEADS = frozenset("company firm business maker manufacturer producer retailer bank insurer carrier "
                            "operator group startup".split()) | INDUSTRY_NOUNS


BODY_HEADS = ("agency", "authority", "regulator", "watchdog", "commission", "board", "office", "inspectorate")


def described(doc: Document, toks: list[Token]) -> str | None:
    """A speaker known only by description ("the regional anti-corruption prosecutor"), as a claimant name
    ("Regional anti-corruption prosecutor"); None for a bare role word ("the spokesman")."""
    content = [t for t in toks if t.norm not in QUANTIFIERS]
    # a participle after the noun starts what is said of it, no part of its name ("a video shared 10,000 times")
    cut = next((k for k in range(1, len(content)) if content[k].norm.endswith("ed")
                and content[k - 1].norm not in QUANTIFIERS and content[k - 1].raw.isalpha()
                and not content[k - 1].norm.endswith(("ly", "ed"))), len(content))
    content = content[:cut]
    if len(content) < 2 or len(content) > 5:
        return None
    text = " ".join(doc.text[content[0].start : content[-1].end].split())
    return text[:1].upper() + text[1:]


def last_named_with_head(doc: Document, head: str, before: int) -> str | None:
    """"the agency" -> the last "... Agency" (or "... Authority": bodies go by either) named before it."""
    heads = BODY_HEADS if head in BODY_HEADS else (head,)
    pattern = re.compile(r"((?:[A-Z][\w'’&-]*\s+(?:(?:of|for|and|the)\s+)*){1,6})(?:"
                         + "|".join(h.capitalize() for h in heads) + r")s?\b")  # "the airline": "Kestrel Airlines"
    found = None
    for m in pattern.finditer(doc.text, max(0, before - 3000), before):
        found = doc.text[m.start() : m.end()].strip()
    if found is None:  # "the company" -> "Harlow Foods Ltd", named without the word "Company"
        kind = kind_of_noun(head)
        return last_body(doc, kind, before) if kind else None
    words = found.split()
    verbs = [i for i, w in enumerate(words) if doc.cues.is_verb_form(w.lower())]
    if verbs:  # "Rebels Shelled The Market Says Army": a headline's words up to its verb name nothing
        words = words[verbs[-1] + 1 :]
        if len(words) < 2:
            return None
        found = " ".join(words)
    found = re.sub(r"^(?:The|A|An)\s+", "", found)
    hit = doc.aliases.lookup(found)
    if hit is not None:
        return hit.canonical
    inner = [h for h in doc.aliases.find_all(found) if h.entry is not None]
    return inner[0].entry.canonical if inner else found  # "the British Ministry": the United Kingdom


QUANTIFIERS = frozenset("the a an some many several other most few dozens of hundreds thousands numerous "
                         "various multiple two three four five".split())
