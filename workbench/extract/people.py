"""Who speaks: people named in the article with their affiliation, and a speaker phrase -> claimant. Pure.

A claimant is read from the attribution itself, then from the actor table:

* a named person with an affiliation written beside the name ("Rwandan government spokesperson Yolande
  Makolo", "Dina Mufti, spokesperson of Ethiopia's foreign ministry") speaks for that actor; the same person
  named again later ("Makolo said") does too;
* the head or founder of a business speaks for it ("Ana Brill, who founded Corvane Labs", "its chief executive"),
  a spokesperson named alone for whoever spoke just before, the holder of a one-person office that spoke for
  that office;
* a person with no affiliation speaks for themselves (a journalist, an expert: their own name); so does one whose
  nationality is given ("a British economist");
* a body described by its kind ("a consumer group", "the health agency") is the one body the article names whose
  name those words describe; people named in apposition to their group ("Two former cooks, A and B,") speak
  together, and "the former cooks", "the pair" name them again;
* an actor alias in the phrase ("the Kremlin", "Rwanda's foreign minister", "US officials") names the actor;
  a named region or group of that actor ("Ethiopia's Tigray region") speaks for itself, not for the country;
* an organisation the table does not know ("the TPLF", "Bellingcat", "Acme Corp") becomes a claimant of its own;
* a group ("witnesses", "aid workers") is that group; "he", "the ministry", "the report" go to the last speaker
  they can stand for.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ..text.segment import Sentence, sentences
from ..text.tokens import Token
from .bodies import body_kind, body_name, kind_of_noun, last_body_named, named_bodies
from .described import (DESCRIBED_HEADS, body_named_later, by_description, described_before, office_described_before,
                        people_named_together, private_with_demonym, spokesperson_of_last)
from .document import Document
from .groups import after_time_phrase, former_members, former_office_holder, group_of, plural_role_group
from .names import (LOCAL_OFFICES, MONTHS_DAYS, ORG_WORDS, TIME_WORDS, adjacent, full_name, hit_at, is_name_word,
                    name_run_before, name_runs, run_text, title_case_line)
from .organisations import (BODY_HEADS, BUSINESS_HEADS, GENERIC_INSTITUTION, HEADS_OF_BUSINESS, NAMED_BY,
                            OWN_NAME_HEADS, QUANTIFIERS, TEAM_WORDS, actor_of_phrase, described, independent_body,
                            last_named_with_head, named_after_noun, named_part, state_of_organisation,
                            unknown_organisation)
from .roles import BUSINESS_ROLE, apposition_after, role_before, role_before_comma
from .speakers import People, Person, Phrase, Speaker

__all__ = ["People", "Speaker", "collect_people", "resolve_speaker"]

_MEDIA_WORDS = frozenset("media press newspapers outlets broadcasters".split())
_PRIVATE_GROUPS = frozenset("analysts experts witnesses eyewitnesses residents activists journalists scientists researchers "
                            "academics commentators observers critics survivors campaigners economists historians".split())


# --------------------------------------------------------------------------------------------------------------
# Collecting the article's people


_DEFINED = re.compile(r"((?:[A-Z][\w'’.-]*\s+(?:(?:of|for|and|the)\s+)*){1,7})\(([A-Z][A-Z0-9&]{1,7})\)")


def _acronyms(doc: Document, people: People) -> None:
    for m in _DEFINED.finditer(doc.text):
        start, end = m.start(1), m.end(1)
        claimant = actor_of_phrase(doc, start, end) or unknown_organisation(doc, start, end)
        if claimant:
            people.acronyms.setdefault(m.group(2), claimant)


_PLACE_PREPOSITIONS = frozenset("in from to at near via through across into inside within off".split())


def _main_country(doc: Document) -> str | None:
    """The country the article names most, not counting where it names a place ("a firm registered in Cyprus" is
    no clue to whose minister speaks)."""
    counts: Counter[str] = Counter()
    for h in doc.hits:
        if h.entry is None or h.entry.kind != "country":
            continue
        before = doc.tokens_in(max(0, h.start - 12), h.start)
        if not (before and before[-1].norm in _PLACE_PREPOSITIONS):
            counts[h.entry.canonical] += 1
    return counts.most_common(1)[0][0] if counts else None


def collect_people(doc: Document) -> People:
    """Every person named with a role or an affiliation in the article (title-case headlines are skipped), and
    the acronyms the article defines."""
    people = People(main_country=_main_country(doc))
    _acronyms(doc, people)
    heads: list[tuple[Person, int]] = []
    for s in _people_sentences(doc):
        title_case = title_case_line(doc, s.start, s.end)
        for a, b in name_runs(doc, s.start, s.end):
            if title_case and not _opens_apposition(doc, s.start, a, b):
                continue  # a headline's capitalised words are not names, but "Jane Roe, Acme's chief" is
            name = run_text(doc, a, b)
            before = role_before(doc, s.start, a)
            if not before[2]:
                before = role_before_comma(doc, s.start, a)
            after = apposition_after(doc, b, s.end)
            affiliation = before[0] or after[0]
            if affiliation and _generic_institution(affiliation):
                # "Spokesperson of the Ministry Jane Roe": the article's country's; with no state named anywhere,
                # "Foreign ministry spokesperson Li Wen" is no actor's name: she is the one who speaks
                affiliation = state_of_organisation(doc, affiliation) or people.main_country
            roles = before[2] | after[2]
            official = before[1] or after[1]
            if roles or affiliation:
                person = people.add(name, affiliation, official, roles)
                if not person.affiliation and roles & HEADS_OF_BUSINESS - {"owner"}:
                    heads.append((person, doc.tokens[a].start))
        if not title_case:
            _titled_surnames(doc, people, s.start, s.end)
    for person, at in heads:  # "Its chief executive, Ana Brill," / "the company's founder": the body named before
        if not person.affiliation:
            person.affiliation = last_body_named(doc, at, frozenset(p.name for p in people.by_key.values()))
    return people


def _generic_institution(name: str) -> bool:
    """"Ministry", "the Foreign Ministry" is no name of its own: a state's institution, named without the state."""
    words = name.lower().split()
    return all(w in GENERIC_INSTITUTION or w in _PORTFOLIOS for w in words) \
        and any(w in GENERIC_INSTITUTION for w in words)


_PORTFOLIOS = frozenset(
    "of for and the foreign interior internal home defence defense health justice finance education trade economy "
    "economic transport energy environment agriculture labour labor housing culture industry affairs emergency "
    "emergencies security public social".split()
)


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
        if not (prev.norm in official and prev.raw[:1].isupper() and adjacent(doc, prev, t)):
            continue
        if not is_name_word(doc, t) or hit_at(doc, t) is not None or t.norm in doc.cues.words["title"]:
            continue
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if nxt is not None and adjacent(doc, t, nxt) and is_name_word(doc, nxt, True):
            continue  # a full name: name_runs reads it
        before = role_before(doc, start, k + doc.token_index(toks[0].start))
        people.add(t.raw.rstrip("'’s") if t.possessive else t.raw, before[0], True, before[2] or {prev.norm})


# --------------------------------------------------------------------------------------------------------------
# Phrase -> claimant


def resolve_speaker(doc: Document, people: People, start: int, end: int, history: list[Speaker]) -> Speaker:
    """The speaker a phrase of the text names (see the module docstring): a pronoun's antecedent, a name, a
    group, an actor or organisation, else a role's antecedent or description."""
    ph = Phrase(doc, people, after_time_phrase(doc, start, end), end, history)
    for step in (_by_pronoun, by_description, _by_name, _by_group, _by_actor, _by_role):
        found = step(ph)
        if found is not None:
            return _as_body(doc, found)
    return ph.speaker(None, "unknown")


def _as_body(doc: Document, sp: Speaker) -> Speaker:
    """A claimant the table does not know, as the article names it in full ("Harlow" -> "Harlow Foods", "Harlow Foods
    Ltd" -> "Harlow Foods"); a body the article introduces, a name with an organisation word, or the body a named
    person speaks for is an organisation."""
    if not sp.claimant or sp.known or doc.aliases.entry(sp.claimant) is not None:
        return sp
    own = sp.name is not None and sp.claimant == sp.name
    name = sp.claimant if own else body_name(doc, sp.claimant)
    kind = sp.kind
    if kind == "unknown" and not own and (sp.name is not None or any(b.name == name for b in named_bodies(doc))
                                or name.split()[-1].lower() in ORG_WORDS):
        kind = "organisation"
    if name == sp.claimant and kind == sp.kind:
        return sp
    return replace(sp, claimant=name, kind=kind)


_ORGANS_OF_STATE = frozenset("government ministry cabinet presidency parliament embassy regime junta minister premier "
                             "chancellor".split())
"""Nouns of a state's organs and ministers: such a phrase repeats a state that spoke, never a company or a group."""
_NOT_A_STATE = (NAMED_BY - {"agency"}) | {"opposition"}
"""Nouns of bodies that are no state: such a phrase never repeats a government that spoke."""
_POSSESSIVE_PRONOUNS = {"its": "it", "their": "they", "his": "he", "her": "she"}


def _by_pronoun(ph: Phrase) -> Speaker | None:
    doc, toks = ph.doc, ph.toks
    if len(toks) == 1 and toks[0].norm in ("he", "she"):
        subject = _subject_of_previous_sentence(ph)
        if subject is not None:
            return subject
    if len(toks) == 1 and toks[0].norm in doc.cues.pronoun_speakers:
        return _pronoun(doc, toks[0], ph.start, ph.end, ph.history)
    if toks and toks[0].norm == "whose":  # "pressure from Harlow Foods, whose tests found ...": Harlow Foods
        m = re.search(r"([A-Z][\w'’&-]*(?: (?:of |and |& )?[A-Z][\w'’&-]*){0,4}),\s*$", doc.text[max(0, ph.start - 80) : ph.start])
        if m is not None:
            start = ph.start - len(m.group(0)) + m.start(1) - m.start(0)
            return resolve_speaker(doc, ph.people, start, start + len(m.group(1)), ph.history)
    named = next((b.name for b in named_bodies(doc) if ph.start <= b.start < ph.end), None)
    if toks and toks[0].norm in _POSSESSIVE_PRONOUNS and named is not None:
        return ph.speaker(named, "organisation")  # "Her team, Rovers Athletic,": the body named in apposition
    if toks and toks[0].norm in ("his", "her") and any(t.norm in TEAM_WORDS for t in toks[1:3]):
        # "his spokeswoman Lena Brandt", "her lawyers": the person last named before, speaker or not
        boss = _last_person_named(doc, ph.people, ph.start)
        if boss is not None:
            claimant = _speaks_for(ph.people, boss)
            return ph.speaker(claimant, _kind(doc, claimant) if claimant != boss.name else "person", boss.name,
                              pronoun=True)
    if toks and toks[0].norm in _POSSESSIVE_PRONOUNS and len(toks) > 1:
        # "Its mission to the United Nations", "their embassy": whoever "its" stands for
        it = Token(toks[0].start, toks[0].end, _POSSESSIVE_PRONOUNS[toks[0].norm], toks[0].raw)
        owner = _pronoun(doc, it, ph.start, ph.end, ph.history)
        if owner.claimant:
            return ph.speaker(owner.claimant, owner.kind, owner.name, owner.known, pronoun=True)
    return None


def _subject_of_previous_sentence(ph: Phrase) -> Speaker | None:
    """"Roe did not apologise. He said ...": "he" is the person the sentence before opens with, when nobody spoke
    after that person was named."""
    doc = ph.doc
    k = next((i for i, s in enumerate(doc.sentences) if s.start <= ph.start < s.end), 0)
    if k == 0:
        return None
    prev = doc.sentences[k - 1]
    if ph.history and ph.history[-1].start >= prev.start:
        return None
    first = next((t for t in doc.tokens_in(prev.start, prev.end)[:3]
                  if t.raw[:1].isupper() and t.norm not in doc.cues.words["title"]), None)
    person = ph.people.find(first.raw) if first is not None else None
    if person is None:
        return None
    claimant = _speaks_for(ph.people, person)
    return ph.speaker(claimant, "person" if claimant == person.name else _kind(doc, claimant), person.name,
                      pronoun=True)


def _by_name(ph: Phrase) -> Speaker | None:
    """An organisation or a person named in the phrase, an acronym the article defines, a named part of an actor."""
    doc, people, toks = ph.doc, ph.people, ph.toks
    expert = _private_person_first(ph)
    if expert is not None:  # "Jane Roe, an economist at Halden University,": she speaks for herself
        return ph.speaker(expert.name, "person", expert.name)
    organisation = independent_body(doc, toks) or named_after_noun(doc, toks)
    client = people.find(organisation) if organisation is not None else None
    if client is not None and client.name != organisation:  # "a lawyer for Hale": for Tom Hale, named before
        claimant = _speaks_for(people, client)
        return ph.speaker(claimant, "person" if claimant == client.name else _kind(doc, claimant), client.name)
    if organisation is not None:  # "campaign group Safe Plates", "a spokesperson for PharmaCorp"
        return ph.speaker(organisation, "organisation")
    owner = _possessive_owner(doc, people, toks)
    if owner is not None:
        return ph.speaker(owner, _kind(doc, owner) if doc.aliases.entry(owner) else "person", owner)
    person = _named_person(doc, people, ph.start, ph.end)
    if person is not None:
        claimant = _speaks_for(people, person)
        # a spokesperson with no affiliation speaks for whoever just spoke, before the article's main country
        speaks_for = spokesperson_of_last(ph, person) or (
            office_described_before(ph, person) if claimant == person.name else None)
        if speaks_for is not None:  # "the mayor's office said ... . Spokeswoman Priya Lund called ...": the office's
            return ph.speaker(speaks_for.claimant, speaks_for.kind, person.name, speaks_for.known)
        boss = people.find(claimant) if claimant and " " not in claimant else None
        if boss is not None and boss is not person:  # "Navalny's spokeswoman": Navalny, as the article names him
            claimant = boss.affiliation or boss.name
        if claimant == person.name:
            kind = "person" if person.roles or person.official else "unknown"
        else:
            kind = _kind(doc, claimant)
        return ph.speaker(claimant, kind, person.name)
    acronym = next((people.acronyms[t.raw] for t in toks if t.raw in people.acronyms), None)
    if acronym is not None:
        return ph.speaker(acronym, _kind(doc, acronym))
    part = named_part(doc, ph.start, ph.end)
    return ph.speaker(part, "organisation", known=False) if part is not None else None


def _private_person_first(ph: Phrase) -> Person | None:
    """A person named first in the phrase, with a private role (an expert, a journalist) and no body they speak for."""
    runs = name_runs(ph.doc, ph.start, ph.end)
    if not runs or ph.doc.tokens[runs[0][0]].start > ph.start + 12 or "," not in ph.text:
        return None
    person = ph.people.find(run_text(ph.doc, *runs[0]))
    if person is None or person.affiliation or person.official or not person.roles:
        return None
    return person


def _by_group(ph: Phrase) -> Speaker | None:
    """Media, members of an organisation, groups of people, a former office holder."""
    doc, toks, content = ph.doc, ph.toks, ph.content
    if content and content[-1].norm in _MEDIA_WORDS and len(content) <= 3:
        return ph.speaker(" ".join(t.raw for t in content), "group")
    leavers = former_members(toks)
    if leavers is not None:  # "two former engineers at the company": for themselves, not for the company
        return ph.speaker(leavers, "group")
    member = _member_of(doc, ph.people, toks)
    if member is not None:
        return ph.speaker(member, _kind(doc, member) if doc.aliases.entry(member) else "organisation")
    two = len(content) > 1 and content[1].norm in doc.cues.words["group_speaker"]  # "Farmers' unions"
    group = group_of(doc, content[:2] if two else content[:1])
    if group is not None and not doc.hits_in(ph.start, ph.end):
        return ph.speaker(group, "group")
    if content and content[-1].norm in _PRIVATE_GROUPS and len(content) <= 3:
        # "UN experts", "WHO scientists": an organisation's own experts speak for it
        hit = hit_at(doc, content[0])
        if hit is not None and hit.entry is not None and hit.entry.kind not in ("country", "collective"):
            return ph.speaker(hit.entry.canonical, _kind(doc, hit.entry.canonical), known=True)
        # "Western analysts", "Russian activists": people speaking for themselves, not for a state
        return ph.speaker(" ".join([content[0].raw] + [t.norm for t in content[1:]]), "group")
    former = former_office_holder(doc, toks, ph.start, ph.end)
    return ph.speaker(former, "person", former, known=False) if former is not None else None


def _by_actor(ph: Phrase) -> Speaker | None:
    """An actor of the table, an organisation it does not know, a group, a person known by a private role."""
    doc, people, toks = ph.doc, ph.people, ph.toks
    words = doc.cues.words
    own = private_with_demonym(ph)
    if own is not None:
        return own
    actor = actor_of_phrase(doc, ph.start, ph.end)
    if actor is not None:
        return ph.speaker(actor, _kind(doc, actor), known=True)
    org = unknown_organisation(doc, ph.start, ph.end, people.main_country)
    if org is not None:
        return ph.speaker(org, _kind(doc, org) if doc.aliases.entry(org) else "organisation")
    group = group_of(doc, toks)
    if group is not None and not any(t.norm in words["official_role"] for t in toks
                                     if t.norm not in words["group_speaker"]):
        return ph.speaker(group, "group")
    if any(t.norm in words["private_role"] for t in toks):
        known = _person_with_role(people, {t.norm for t in toks})
        if known is not None:
            return ph.speaker(known.affiliation or known.name, "person", known.name, known=False)
    plural_group = plural_role_group(doc, toks)
    return ph.speaker(plural_group, "group") if plural_group is not None else None


def _by_role(ph: Phrase) -> Speaker | None:
    """A role or a report ("the ministry", "the spokesman", "the report"): whom it stands for; else a proper name."""
    doc, people, toks = ph.doc, ph.people, ph.toks
    words = doc.cues.words
    if len(ph.content) == 1:
        headline_body = body_named_later(doc, toks, ph.start)
        if headline_body is not None:
            return ph.speaker(headline_body, "organisation")
        found = _body_anaphor(ph)
        if found is not None:
            return found
    holder = _office_holder(ph)
    if holder is not None:
        return holder
    if any(t.possessive and t.norm in LOCAL_OFFICES for t in toks):
        description = described(doc, toks)  # "the mayor's office", no mayor named: that office, not who spoke last
        if description is not None:
            return ph.speaker(description, "organisation")
    pair = people_named_together(ph)
    if pair is not None:
        return pair
    owner = next((t.norm for t in toks if t.possessive and t.raw[:1].islower()
                  and (t.norm in BUSINESS_HEADS or t.norm in BODY_HEADS or t.norm in NAMED_BY)), None)
    named = last_named_with_head(doc, owner, ph.start) if owner else None
    kind_owner = next((t.norm for t in toks[:3] if t.possessive and t.raw.islower()), None)
    if named is None and kind_owner is not None:
        named = described_before(doc, kind_owner, ph.start)  # "the hospital's director": of "the Riverside hospital"
    if named is not None:  # "the bank's finance chief": of the bank named before
        return ph.speaker(named, _kind(doc, named) if doc.aliases.entry(named) else "organisation")
    if any(t.norm in words["official_role"] or t.norm in words["claim_noun"] or t.norm in words["speech_noun"]
           or t.norm in BUSINESS_HEADS for t in toks):
        found = _role_antecedent(doc, toks, ph.start, ph.end, ph.history)
        if found.claimant is None and people.main_country and any(t.norm in words["official_role"] for t in toks) \
                and not any(t.norm in _NOT_A_STATE for t in toks):
            # "a senior defence official", "the ministry" before anyone else has spoken: the country the article is about
            return ph.speaker(people.main_country, "state", known=True)
        if found.claimant is None:
            description = described(doc, toks)
            if description is not None:  # "the regional prosecutor": nobody named, the office itself speaks
                return ph.speaker(description, "organisation")
            bare = [t for t in toks if t.norm not in QUANTIFIERS]
            if len(bare) == 1 and bare[0].norm in _NOT_A_STATE:  # "the opposition", "the union": as the text says
                return ph.speaker(bare[0].norm.capitalize(), "organisation")
        return found
    proper = [t for t in toks if t.raw[:1].isupper() and t.norm not in ("the", "a", "an")]
    if not proper or len(proper) != len([t for t in toks if t.norm not in ("the", "a", "an")]):
        return None
    table_person = next((h.entry for h in reversed(doc.hits_in(0, ph.start)) if len(proper) == 1 and h.entry is not None
                         and h.entry.kind == "person" and h.entry.name.split()[-1] == proper[-1].raw), None)
    if table_person is not None:  # "Theresa May ... . May said": the person of the table named in full before
        claimant = table_person.canonical
        return ph.speaker(claimant, _kind(doc, claimant), table_person.name, known=True)
    if all(t.norm in MONTHS_DAYS or t.norm in TIME_WORDS for t in proper):
        return ph.speaker(None, "unknown")  # "On Monday, ...": a date, not a speaker
    known = people.find(proper[-1].raw)
    if known is not None:
        claimant = known.affiliation or known.name
        return ph.speaker(claimant, _kind(doc, claimant), known.name, known=False)
    named = [t for t in proper if t.norm not in words["title"]] or proper
    if len(named) == 1:  # "Okafor said", "Okafor denies ..." (a headline): the person the article names in full
        full = full_name(doc, named[0].raw, len(doc.text))
        if full != named[0].raw:
            return ph.speaker(full, "person", full, known=False)
    return ph.speaker(doc.text[named[0].start : proper[-1].end], "unknown", known=False)




def _office_holder(ph: Phrase) -> Speaker | None:
    """"The mayor's office", "a spokeswoman for the mayor", "a Harwick councillor": the one person the article names
    with that office ("Mayor Jane Roe")."""
    office = next((t.norm for t in ph.toks if t.norm in LOCAL_OFFICES), None)
    if office is None or _named_person(ph.doc, ph.people, ph.start, ph.end) is not None:
        return None
    holders = {p.name: p for p in ph.people.by_key.values() if office in p.roles}
    if len(holders) != 1:
        return None
    person = next(iter(holders.values()))
    claimant = person.affiliation or person.name
    return ph.speaker(claimant, "person" if claimant == person.name else _kind(ph.doc, claimant), person.name)


def _body_anaphor(ph: Phrase) -> Speaker | None:
    """A body by its kind alone: "the bloc", "the alliance" -> the last organisation named; "the country",
    "the kingdom" -> the last state that spoke; "the clinic", "the court" -> the last such body that spoke."""
    doc, head = ph.doc, ph.content[0].norm
    words = doc.cues.words
    if head in words["state_anaphor"]:
        state = next((sp for sp in reversed(ph.history) if sp.claimant and sp.kind == "state"), None)
        return ph.speaker(state.claimant, state.kind, known=state.known, pronoun=True) if state else None
    if head in words["body_anaphor"]:
        named = next((h.entry for h in reversed(doc.hits_in(max(0, ph.start - 600), ph.start))
                      if h.entry is not None and h.entry.kind in ("organisation", "collective")), None)
        return ph.speaker(named.canonical, named.kind, known=True, pronoun=True) if named else None
    if head in OWN_NAME_HEADS:
        body = next((sp for sp in reversed(ph.history) if sp.claimant and sp.kind == "organisation"
                     and sp.claimant.split()[-1].lower() == head), None)
        return ph.speaker(body.claimant, body.kind, pronoun=True) if body else None
    return None


_MEMBER_PREPOSITIONS = frozenset("from of at with for".split())


def _possessive_owner(doc: Document, people: People, toks: list[Token]) -> str | None:
    """"Navalny's team", "Okafor's lawyers": the people around someone speak for that person (or for whom the
    article says that person speaks)."""
    content = [t for t in toks if t.norm not in ("the", "a", "an")]
    if len(content) < 2 or not content[0].possessive or not content[0].raw[:1].isupper():
        return None
    first = content[0]
    if hit_at(doc, first) is not None or first.norm in doc.cues.words["title"] or first.norm in ORG_WORDS:
        return None
    business = bool(BUSINESS_ROLE.fullmatch(" ".join(t.norm for t in content[1:])))  # "Meridian's chief executive"
    if not any(t.norm in TEAM_WORDS for t in content[1:3]) and not business:
        return None
    name = re.sub(r"['’]s?$", "", first.raw)
    if business:
        return body_name(doc, name)
    known = people.find(name)
    return (known.affiliation or known.name) if known is not None else full_name(doc, name, first.start)


def _member_of(doc: Document, people: People, toks: list[Token]) -> str | None:
    """"Investigators from the Joint Inquiry Team", "experts of the UN": members of an organisation speak for it."""
    for k, t in enumerate(toks[:-1]):
        if t.norm not in _MEMBER_PREPOSITIONS or k == 0:
            continue
        head = toks[k - 1].norm
        if head not in doc.cues.words["group_speaker"] and head not in _PRIVATE_GROUPS and head not in TEAM_WORDS \
                and head not in ("investigators", "inspectors", "members", "officials", "staff", "experts"):
            return None
        a, b = toks[k + 1].start, toks[-1].end
        found = actor_of_phrase(doc, a, b) or unknown_organisation(doc, a, b)
        rest = toks[k + 1 :]
        if found is None and rest and all(t.raw[:1].isupper() for t in rest) and not doc.hits_in(a, b):
            found = doc.text[a:b]  # "Security researchers at Mandiant": the body they work for, by its name
        return found
    return None


def _person_with_role(people: People, roles: set[str]) -> Person | None:
    for person in people.by_key.values():
        if person.roles & roles:
            return person
    return None


def _named_person(doc: Document, people: People, start: int, end: int) -> Person | None:
    runs = name_runs(doc, start, end)
    if runs:
        a, b = runs[-1]
        name = run_text(doc, a, b)
        person = people.find(name) or people.find(name.split()[-1])
        if person is not None:
            return person
        before = role_before(doc, start, a)
        after = apposition_after(doc, b, end)
        return people.add(name, before[0] or after[0], before[1] or after[1], before[2] | after[2])
    for t in doc.tokens_in(start, end):
        if t.raw[:1].isupper():
            person = people.find(t.raw)
            if person is not None:
                return person
    return None


def _speaks_for(people: People, person: Person) -> str:
    """Whom a person speaks for: their affiliation, an official's country when the article names none, else
    themselves."""
    local = bool(person.roles & LOCAL_OFFICES)  # a mayor or a councillor speaks for themselves
    return person.affiliation or (people.main_country if person.official and not local else None) or person.name


def _last_person_named(doc: Document, people: People, before: int) -> Person | None:
    """The last person named in the three sentences up to `before` (as the article's people know them)."""
    run = name_run_before(doc, before)
    return _named_person(doc, people, doc.tokens[run[0]].start, doc.tokens[run[1] - 1].end) if run else None


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
    named = last_named_with_head(doc, head, start) \
        if head in ORG_WORDS or head in NAMED_BY or head in BODY_HEADS or head in BUSINESS_HEADS else None
    if named is not None:
        return Speaker(phrase, start, end, named, "organisation", pronoun=True)
    for sp in reversed(history):
        words = {t.norm for t in doc.tokens_in(sp.start, sp.end)}
        if sp.claimant and roles & words - {"the", "a", "an", "of"}:
            return Speaker(phrase, start, end, sp.claimant, sp.kind, sp.name, sp.known, pronoun=True)
    business = bool(roles & BUSINESS_HEADS)
    organisation_word = business or bool(roles & (ORG_WORDS | NAMED_BY))
    document = head in doc.cues.words["speech_noun"]  # "the indictment": prosecutors who spoke may have issued it
    words_of_it = len([t for t in toks if t.norm not in QUANTIFIERS])
    if words_of_it > 2 and not business or words_of_it == 2 and head in DESCRIBED_HEADS and head not in _ORGANS_OF_STATE:
        # "the regional anti-corruption prosecutor", "the harbour authority": a description of its own, not a way to
        # repeat a speaker (but "the foreign ministry" is the state's that spoke)
        return Speaker(phrase, start, end, None, "unknown", pronoun=True)
    kind = next((k for t in toks if (k := kind_of_noun(t.norm)) is not None), None)
    for sp in reversed(history):
        if business and (sp.kind == "state" or sp.claimant and (sp.claimant.split()[-1].lower() in BODY_HEADS
                                                                or sp.claimant.split()[-1].lower() in DESCRIBED_HEADS)):
            continue  # "the company" is not the regulator that spoke before it
        if kind is not None and sp.claimant and body_kind(doc, sp.claimant) not in (None, kind):
            continue  # "the group's director" is not of the company that spoke before him
        if roles & _ORGANS_OF_STATE and sp.kind != "state":
            continue  # "the environment ministry" is no company that spoke before it
        if roles & _NOT_A_STATE and (sp.kind == "state" or not business):
            continue  # "the union", "the opposition" is no government, nor any other body, that spoke before it
        if sp.claimant and (sp.kind in ("state", "organisation", "collective") or organisation_word and sp.kind == "unknown"
                            or document and sp.kind == "group"):
            return Speaker(phrase, start, end, sp.claimant, sp.kind, None, sp.known, pronoun=True)
    earlier = described_before(doc, head, start) if len(toks) == 2 and toks[0].norm == "the" else None
    return Speaker(phrase, start, end, earlier, "organisation" if earlier else "unknown", pronoun=True)
