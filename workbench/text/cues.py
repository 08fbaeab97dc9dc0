"""The cue vocabulary of attributed statements: reporting verbs by class, negation, hedges, dismissive words,
claim nouns, role nouns. Pure; the words live in `workbench/data/cues.json`.

Verbs are stored as lemmas and their forms generated here ("deny" -> denies, denied, denying), so a class
of language is one list. `Cues.verb_at(tokens, i)` reads a (possibly phrasal) reporting verb at a token;
`Cues.spans(kind, text)` finds the words of a class in a text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..datafiles import data_json
from .lemmas import double_final, verb_forms
from .tokens import Token, word_tokens

__all__ = ["Cues", "VerbHit", "cues", "inflections", "is_admission", "sounds_like_denial", "VERB_CLASSES"]

VERB_CLASSES = ("say", "claim", "deny", "confirm", "believe", "evidence", "call", "promise")
"""Reporting verbs by what they do to the reported content (see cues.json)."""

_VOWELS = set("aeiou")


def inflections(lemma: str, irregular: dict[str, list[str]], double: frozenset[str]) -> set[str]:
    """The forms of a verb lemma: base, -s, -ed, -ing (irregular forms from the table; "deny" -> "denied")."""
    if lemma in irregular:
        return {lemma, *irregular[lemma]}
    forms = {lemma}
    if lemma.endswith("ee"):
        forms |= {lemma + "s", lemma + "d", lemma + "ing"}  # "guarantee" -> guaranteed, guaranteeing
    elif lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in _VOWELS:
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    elif lemma in double:
        forms |= {lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
    return forms


@dataclass(frozen=True)
class VerbHit:
    """A reporting verb read at token `index`: `length` tokens, its lemma and class, and its surface form."""

    index: int
    length: int
    lemma: str
    kind: str
    form: str

    @property
    def gerund(self) -> bool:
        return self.form.endswith("ing")


def _phrase_re(phrases: Sequence[str]) -> re.Pattern[str]:
    ordered = sorted({p.lower() for p in phrases}, key=len, reverse=True)
    alternation = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)
    # not inside a word ("Russia's"), but a word in single quotes counts ("called it 'nonsense'")
    return re.compile(r"(?<![\w-])(?<!\w['’])(?:" + alternation + r")(?![\w-])", re.IGNORECASE)


class Cues:
    """The compiled vocabulary. Build with `cues()` (cached)."""

    def __init__(self, data: dict) -> None:
        irregular = verb_forms()
        double = double_final()
        # surface words (first word of a phrasal verb) -> [(form words, lemma, class)], longest first
        self._verbs: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        for kind, lemmas in data["verbs"].items():
            for lemma in lemmas:
                head, *rest = lemma.split()
                for form in inflections(head, irregular, double):
                    words = (form, *rest)
                    self._verbs.setdefault(form, []).append((words, lemma, kind))
        for entries in self._verbs.values():
            entries.sort(key=lambda e: len(e[0]), reverse=True)
        self.words: dict[str, frozenset[str]] = {k: frozenset(w.lower() for w in v) for k, v in data["words"].items()}
        self._res = {k: _phrase_re(v) for k, v in data["words"].items() if k != "negation"}
        self._res["negation"] = re.compile(
            r"(?<![\w'’-])(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(
                (w for w in data["words"]["negation"] if w != "n't"), key=len, reverse=True)) + r")(?![\w-])|n[’']t\b",
            re.IGNORECASE,
        )
        self.pronoun_speakers = frozenset(data["pronoun_speakers"])
        self.accuse_lemmas = frozenset(data["accuse_lemmas"])
        """Verbs that make the content an accusation whatever words it holds ("accused X of spreading lies")."""
        self.judge_lemmas = frozenset(data["judge_lemmas"])
        """Verbs that pass judgement on their object: aimed at a claim ("criticised the report"), they deny it."""
        self.speaker_nouns_back = frozenset(data["speaker_nouns_back"])

    def verb_at(self, tokens: Sequence[Token], i: int) -> VerbHit | None:
        """The reporting verb starting at token `i`, longest phrasal form first ("point out" before "point")."""
        entries = self._verbs.get(tokens[i].norm)
        if not entries:
            return None
        for words, lemma, kind in entries:
            n = len(words)
            if i + n <= len(tokens) and all(tokens[i + k].norm == words[k] for k in range(1, n)):
                return VerbHit(i, n, lemma, kind, tokens[i].norm)
        return None

    def verbs(self, tokens: Sequence[Token]) -> Iterator[VerbHit]:
        """Every reporting verb among `tokens`, left to right (a phrasal verb once)."""
        i = 0
        while i < len(tokens):
            hit = self.verb_at(tokens, i)
            if hit is None:
                i += 1
                continue
            yield hit
            i += hit.length

    def is_first_person(self, tok: Token) -> bool:
        """"we", "our", "us", but not "US" (the country)."""
        return tok.norm in self.words["first_person"] and not (len(tok.raw) > 1 and tok.raw.isupper())

    def forms_of(self, *kinds: str) -> frozenset[str]:
        """The single-word forms of the reporting verbs of the given classes ("say" -> said, says, told, ...)."""
        return frozenset(form for form, entries in self._verbs.items()
                         if any(kind in kinds and len(words) == 1 for words, _, kind in entries))

    def is_verb_form(self, word: str) -> bool:
        return word.lower() in self._verbs

    def spans(self, kind: str, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Where the words of class `kind` stand in `text[start:end]`."""
        stop = len(text) if end is None else end
        return [m.span() for m in self._res[kind].finditer(text, start, stop)]

    def has(self, kind: str, text: str) -> bool:
        return bool(self.spans(kind, text))

    def count(self, kind: str, text: str) -> int:
        return len(self.spans(kind, text))

    def dismissive(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Dismissive words ("lie", "baseless", "propaganda") in text[start:end], except in phrases where they say
        nothing of the kind ("responsibility lies with", "a false flag")."""
        exceptions = self.spans("not_dismissive", text, start, end)
        spreading = self.spans("spreading", text, start, end)
        # "had spread the rumour", "waged a smear campaign": the falsehood is what the accused did
        return [s for s in self.spans("dismissive", text, start, end)
                if not any(a <= s[0] < b for a, b in exceptions)
                and not any(0 <= s[0] - b <= 16 for a, b in spreading)]


@lru_cache(maxsize=1)
def cues() -> Cues:
    """The shipped cue vocabulary (`workbench/data/cues.json`)."""
    data = data_json("cues.json")
    return Cues(data)


def is_admission(text: str) -> bool:
    """Whether the words admit or confirm ("acknowledged", "admitted", "an admission"): what a party concedes
    agrees with the allegation against it (extraction reads it as an assertion, matching as agreement)."""
    c = cues()
    if c.has("admission_noun", text):
        return True
    return any(hit.kind == "confirm" for hit in c.verbs(word_tokens(text)))


def sounds_like_denial(text: str) -> bool:
    """Whether the words deny: a negation, a denial verb or noun, a dismissive word ("false", "a hoax"). The stance
    of a text given without one (a pasted post)."""
    c = cues()
    if c.has("negation", text) or c.has("denial_noun", text) or c.dismissive(text):
        return True
    return any(hit.kind == "deny" for hit in c.verbs(word_tokens(text)))
