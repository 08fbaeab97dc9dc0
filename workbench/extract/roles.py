"""Role phrases written beside a person's name: whom the person speaks for. Pure.

"Kremlin spokesman Dmitry Peskov", "The Kremlin's spokesman, Dmitry Peskov,", "Dina Mufti, spokesperson of Ethiopia's
foreign ministry,", "Ines Varga, his spokeswoman,": each gives (actor, official, role words); a private role
("opposition leader", "journalist", "former minister") speaks for the person.
"""

from __future__ import annotations

import re

from .bodies import last_body, last_body_named, main_business
from ..text.tokens import Token
from .described import described_before
from .document import Document
from .names import (FUNCTION, ORG_WORDS, SPOKESPEOPLE, full_name, hit_at, name_run_before, person_before, run_text,
                    sentence_initial)
from .organisations import BODY_HEADS, NAMED_BY, TEAM_WORDS, actor_of_phrase, last_named_with_head, unknown_organisation

__all__ = ["role_before", "role_before_comma", "apposition_after", "role_phrase"]


def role_before(doc: Document, lo: int, a: int) -> tuple[str | None, bool, set[str]]:
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
                     or t.norm in ("the", "a", "an", "of", "for", "s") or hit_at(doc, t) is not None
                     or t.raw[:1].isupper())
        # a plain modifier of a role ("aid chief", "foreign affairs minister") stays when a role word follows it
        if plain and not (t.raw.isalpha() and t.raw.islower() and not doc.cues.is_verb_form(t.norm) and k < a
                          and any(x.norm in words["official_role"] or x.norm in words["title"]
                                  for x in doc.tokens[k : min(k + 2, a)])):
            break
        k -= 1
    if k == a:
        return None, False, set()
    return role_phrase(doc, doc.tokens[k].start, doc.tokens[a - 1].end)


def role_before_comma(doc: Document, lo: int, a: int) -> tuple[str | None, bool, set[str]]:
    """"The Kremlin's spokesman, Dmitry Peskov, said": the role phrase before the comma before a name (and its titles:
    "the clinic's medical director, Dr. Jane Roe")."""
    while a > 0 and doc.tokens[a - 1].norm in doc.cues.words["title"] and doc.tokens[a - 1].start >= lo \
            and doc.text[doc.tokens[a - 1].end : doc.tokens[a].start].strip() in ("", "."):
        a -= 1
    start = doc.tokens[a].start
    m = re.search(r"(?:^|[.;:\"“”]\s*|,\s+|\band\s+|\bthat\s+)([^,;:\"“”]{3,100}),\s*$", doc.text[max(lo, start - 120) : start])
    if not m:
        return None, False, set()
    base = max(lo, start - 120)
    ra, rb = base + m.start(1), base + m.end(1)
    toks = doc.tokens_in(ra, rb)
    words = doc.cues.words
    def role(t: Token) -> bool:
        return t.norm in words["official_role"] or t.norm in words["private_role"]

    # "The Kremlin's spokesman, Jo Roe,"; "A spokesman for the Polish border guard, Jo Roe,": a role, then its body
    if not toks or not (any(role(t) for t in toks[-4:]) or toks[0].norm in ("a", "an", "the")
                        and any(role(t) for t in toks[1:3]) and any(t.norm in ("for", "of", "at") for t in toks[2:4])):
        return None, False, set()
    return role_phrase(doc, ra, rb)


def apposition_after(doc: Document, b: int, hi: int) -> tuple[str | None, bool, set[str]]:
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
    if len(toks) >= 3 and toks[0].norm == "who" and toks[1].norm in _HEADS_A_BODY:
        # "Ana Brill, who founded Corvane Labs,": she speaks for it; "who heads the Swedish civil defence agency":
        # for the state whose agency it is
        body = _capitalised_after(doc, toks, 2) or actor_of_phrase(doc, toks[2].start, rb)
        if body is not None:
            return body, True, {"founder" if "found" in toks[1].norm else "head"}
    if toks and toks[0].norm in _RELATIVE:
        return None, False, set()  # "Jane Roe, who will meet union leaders": a relative clause, not her role
    if toks and doc.cues.is_verb_form(toks[0].norm):
        return None, False, set()  # "Jane Roe, said the minister lied": her words, not her role
    if not any(t.norm in doc.cues.words["official_role"] or t.norm in doc.cues.words["private_role"]
               for t in toks[:6]):
        return None, False, set()
    return role_phrase(doc, ra, rb)


_RELATIVE = frozenset("who whom whose which that where when while after before as".split())
_HEADS_A_BODY = frozenset("founded co-founded cofounded runs ran heads headed leads led owns owned chairs chaired "
                          "directs directed".split())


def _capitalised_after(doc: Document, toks: list, k: int) -> str | None:
    """The capitalised name starting at token `k` (an article and "of"/"and" inside allowed), as a body's name."""
    if k < len(toks) and toks[k].norm == "the":
        k += 1
    end = k
    while end < len(toks) and (toks[end].raw[:1].isupper() or end > k and toks[end].norm in ("of", "and", "&")):
        end += 1
    while end > k and not toks[end - 1].raw[:1].isupper():
        end -= 1
    if end == k or hit_at(doc, toks[k]) is not None:
        return None
    return re.sub(r"['’]s?$", "", doc.text[toks[k].start : toks[end - 1].end])
_OWN_VOICE_ROLES = frozenset("opposition dissident critic activist journalist reporter blogger former independent "
                             "whistleblower campaigner".split())


def role_phrase(doc: Document, start: int, end: int) -> tuple[str | None, bool, set[str]]:
    """(actor, official, role words) of a role phrase. A private role ("opposition leader", "journalist", "former
    minister") speaks for the person; "Navalny's spokeswoman" speaks for Navalny."""
    words = doc.cues.words
    toks = doc.tokens_in(start, end)
    roles = {t.norm for t in toks if t.norm in words["official_role"] or t.norm in words["private_role"]}
    # an institution noun is no office: "an economist at Halden University" speaks for herself
    offices = [t for t in toks if t.norm in words["official_role"] and t.norm not in ORG_WORDS and t.norm not in NAMED_BY]
    business = bool(BUSINESS_ROLE.search(doc.text, start, end))  # a founder speaks for the business she founded
    private = any(t.norm in _OWN_VOICE_ROLES for t in toks) or (
        any(t.norm in words["private_role"] for t in toks) and not offices and not business)
    owner = next((t for t in toks if t.possessive and t.raw[:1].isupper() and hit_at(doc, t) is None
                  and t.norm not in words["title"] and t.norm not in ORG_WORDS), None)
    for_someone = any(t.norm in TEAM_WORDS for t in toks)  # a lawyer or spokesman speaks for their client
    if owner is not None and (not private or for_someone):
        # "Navalny's spokeswoman", "Okafor's lawyer": the person they speak for, as the article names them in full
        # ("Corvane Labs' chief executive": the whole capitalised name before the possessive)
        k = toks.index(owner)
        first = k
        while first > 0 and toks[first - 1].raw[:1].isupper() and not toks[first - 1].possessive \
                and toks[first - 1].norm not in words["title"] and doc.text[toks[first - 1].end : toks[first].start] == " ":
            first -= 1
        name = doc.text[toks[first].start : toks[k].end] if first < k else re.sub(r"['’]s?$", "", owner.raw)
        return full_name(doc, name, start), False, roles
    if toks and toks[0].norm in ("his", "her") and (not private or for_someone) \
            and any(t.norm in TEAM_WORDS for t in toks[1:3]):
        run = name_run_before(doc, start)  # "Lena Brandt, his spokeswoman,": the person named before
        if run is not None:
            return run_text(doc, *run), False, roles
        surname = person_before(doc, start)  # "... Okafor said. Her lawyer, Jo Lund, ...": Okafor, named in full before
        if surname is not None:
            return surname, False, roles
    if toks and toks[0].norm in ("its", "their") and for_someone and any(t.norm in TEAM_WORDS for t in toks[1:3]):
        body = _body_before(doc, start) or last_body_named(doc, start)  # "Vantor denies it. Its lawyer, X, said"
        if body is not None:
            return body, False, roles
    if private:
        return None, False, roles
    actor = actor_of_phrase(doc, start, end)
    if actor is None:
        actor = unknown_organisation(doc, start, end)
    if actor is None:  # "party leader Jane Roe", "the company's spokesman": the party or company named before
        head = next((t.norm for t in toks if (t.norm in NAMED_BY or t.norm in TEAM_HEADS or t.norm in BODY_HEADS)
                     and (t.raw.islower() or sentence_initial(doc, t))), None)
        actor = last_named_with_head(doc, head, start) if head else None
    if actor is None:  # "The hospital's deputy chief doctor": of "the Omsk hospital" named before
        owner_kind = next((t.norm for t in toks[:3] if t.possessive and t.raw.islower()), None)
        actor = described_before(doc, owner_kind, start) if owner_kind else None
    if actor is None:  # "Harlow Foods spokeswoman", "Corvane Labs' chief executive": the body named before the role
        actor = _name_before_role(doc, toks, business)
    if actor is None and toks and toks[0].norm in ("its", "their") and offices:
        actor = _body_before(doc, start)  # "The party rejected the claims. Its general secretary, Jo Lund, said"
    if actor is None and BUSINESS_ROLE.search(doc.text, start, end):
        actor = last_body(doc, "business", start)  # "chief executive Jane Roe": of the business the article names
        actor = actor or main_business(doc)
    return actor, bool(roles), roles


def _body_before(doc: Document, start: int) -> str | None:
    """The body "its" stands for before `start`: the last actor of the table or organisation named in the sentence
    before or this one, whichever comes later; else a name with an organisation word there ("Harbour Safety
    Board")."""
    k = next((i for i, s in enumerate(doc.sentences) if s.start <= start < s.end), 0)
    lo = doc.sentences[max(0, k - 1)].start
    hits = [h for h in doc.hits_in(lo, start) if h.entry is not None and h.entry.kind != "person"]
    body = last_body_named(doc, start)
    at = doc.text.rfind(body, lo, start) if body else -1
    if body and not (body.split()[-1].lower() in ORG_WORDS or body.split()[-1].lower() in NAMED_BY):
        at = -1
    if hits and hits[-1].start > at:
        return hits[-1].entry.canonical
    if at >= 0:
        return body
    return unknown_organisation(doc, lo, start)  # "The Harbour Safety Board rejected it. Its chairman said"


def _name_before_role(doc: Document, toks: list, business: bool) -> str | None:
    """The capitalised name a spokesperson's or a business role opens with ("Harlow Foods spokeswoman", "Corvane
    Labs' chief executive"), when no actor of the table and no title is among its words."""
    words = doc.cues.words
    k = 0
    while k < len(toks) and toks[k].raw[:1].isupper() and hit_at(doc, toks[k]) is None \
            and toks[k].norm not in FUNCTION and toks[k].norm not in words["title"] \
            and not (k and toks[k - 1].possessive):
        k += 1
    if k == 1 and sentence_initial(doc, toks[0]) and (toks[0].norm in ORG_WORDS or toks[0].norm in NAMED_BY):
        return None  # "Company spokesman Jo Lund": a common noun, capitalised as the sentence's first word
    rest = " ".join(t.norm for t in toks[k:])
    if k == 0 or k == len(toks) or not (toks[-1].norm in SPOKESPEOPLE and k == len(toks) - 1
                                        or business and BUSINESS_ROLE.fullmatch(rest)):
        return None
    return re.sub(r"['’]s?$", "", doc.text[toks[0].start : toks[k - 1].end])


BUSINESS_ROLE = re.compile(r"\b(?:chief\s+(?:executive|financial\s+officer|operating\s+officer)|managing\s+director|"
                           r"co-?founder|founder|ceo|cfo|coo|chairman|chairwoman|company\s+secretary)\b", re.IGNORECASE)
"""Roles of a business's own people: named without their company, they speak for the business the article names."""
TEAM_HEADS = frozenset("team club".split())
