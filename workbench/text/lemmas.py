"""Word forms shared by extraction and matching: stop words, the light stemmer, the forms of irregular verbs. Pure;
the words live in `workbench/data/words.json`.

Matching compares mentions by `stem`s ("supplied", "supplies" -> "supply"); the cue vocabulary inflects its verb
lemmas with `verb_forms` and `double_final` ("deny" -> "denied"). Both read one table of irregular English.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..datafiles import data_json

__all__ = ["double_final", "keep_s", "stem", "stopwords", "verb_forms", "word_set"]

_VOWELS = set("aeiouy")


@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    return data_json("words.json")


@lru_cache(maxsize=None)
def word_set(name: str) -> frozenset[str]:
    """A word list of `words.json` by name ("stopwords", "place_nouns", ...)."""
    return frozenset(_words()[name])


def stopwords() -> frozenset[str]:
    """Function words dropped before two texts are compared ("the", "of", "was")."""
    return word_set("stopwords")


def keep_s() -> frozenset[str]:
    """Words whose final s is not a plural ("gas", "virus")."""
    return word_set("keep_s")


def verb_forms() -> dict[str, list[str]]:
    """Irregular verbs: lemma -> every inflected form ("say" -> said, says, saying)."""
    return {k: list(v) for k, v in _words()["verb_forms"].items()}


def double_final() -> frozenset[str]:
    """Verbs that double their final consonant before -ed and -ing ("admit" -> "admitted")."""
    return frozenset(_words()["double_final"])


@lru_cache(maxsize=1)
def _lemmas() -> dict[str, str]:
    """Irregular form -> lemma: the table of `lemmas`, and every form of `verb_forms` ("found" -> "find")."""
    table = {form: lemma for lemma, forms in _words()["verb_forms"].items() for form in forms
             if form.isalpha() and form != lemma}
    table.update(_words()["lemmas"])
    return table


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light lemma: irregular forms from the lexicon, else plural, -ed and -ing endings and a final e stripped.

    Forms of one word get one stem ("supplied", "supplies", "supply" -> "supply"; "causes", "caused" -> "caus").

    >>> [stem(w) for w in ("supplied", "drones", "drone", "flying", "stopped", "countries", "sent", "gas", "gave")]
    ['supply', 'dron', 'dron', 'fly', 'stop', 'country', 'send', 'gas', 'giv']
    """
    irregular = _lemmas()
    if word in irregular:
        base = irregular[word]
        return base if base in irregular else stem(base)  # "gave", "gives" and "give" -> "giv"
    if len(word) <= 3 or not word.isalpha() or word in keep_s():
        return word
    w = word
    if w.endswith(("ies", "ied")) and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith(("ches", "shes", "xes", "zes")) and len(w) > 5:
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    else:
        for suffix in ("ing", "ed"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 3 and _VOWELS & set(w[: -len(suffix)]):
                w = w[: -len(suffix)]
                if len(w) >= 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                    w = w[:-1]  # stopped -> stop
                break
    if w.endswith("e") and len(w) > 3 and not w.endswith("ee"):
        w = w[:-1]
    return w
