"""Publishers' ratings ("Mostly False", "FALSO", 2 of 5) -> our `Verdict`s; pure.

Textual ratings are compared after `rating_key` normalisation on both sides, against the editable
`verdict_mappings` table (seeded from `data/verdict_mappings.json`); when no text matches, a sane numeric
`ratingValue` on its `worstRating..bestRating` scale is used instead.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator

from .datafiles import data_json
from .models import Verdict

__all__ = ["map_rating", "number", "rating_candidates", "rating_key", "seed_mappings_from_file"]

_SPACE = re.compile(r"\s+")
_EDGE_PUNCT = re.compile(r"^[\s\W_]+|[\s\W_]+$")
_SEPARATORS = re.compile(r"\s*(?::|\s[-–—|]\s|\.\s|\||\n)\s*")


def number(value: str | None) -> float | None:
    """A rating value as a finite number, or None (commas taken as decimal points)."""
    if value is None:
        return None
    try:
        number = float(value.strip().replace(",", "."))
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def rating_key(text: str | None) -> str:
    """The comparison form of a rating: case-folded, Latin accents removed, `_`/`-` as spaces,
    whitespace folded, leading and trailing punctuation dropped. Non-Latin scripts keep their marks."""
    if not text:
        return ""
    text = html.unescape(text)
    out: list[str] = []
    for char in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(char) and out and out[-1].isascii():
            continue
        out.append(char)
    folded = unicodedata.normalize("NFC", "".join(out)).casefold()
    folded = folded.replace("_", " ").replace("-", " ").replace("’", "'")
    folded = _SPACE.sub(" ", folded)
    return _EDGE_PUNCT.sub("", folded)


def rating_candidates(text: str) -> Iterator[str]:
    """The whole rating, then its lead phrase when it is a sentence ("FALSO: As imagens ...")."""
    yield rating_key(text)
    parts = _SEPARATORS.split(text.strip(), maxsplit=1)
    if len(parts) > 1 and 0 < len(parts[0].split()) <= 5:
        yield rating_key(parts[0])


def map_rating(
    rating_text: str | None,
    rating_value: str | None,
    best_rating: str | None,
    worst_rating: str | None,
    mappings: dict[str, str],
) -> tuple[Verdict | None, str]:
    """The verdict for a review's rating and how it was found: ("text" | "number" | "") .

    `mappings` maps `rating_key` forms to verdict values. The numeric fallback needs a value inside a
    scale with best > worst (defaults 5 and 1, as schema.org says) and splits the scale in five.
    """
    if rating_text:
        for key in rating_candidates(rating_text):
            verdict = mappings.get(key)
            if verdict:
                return Verdict(verdict), "text"
    value = number(rating_value)
    best = number(best_rating) if best_rating not in (None, "") else 5.0
    worst = number(worst_rating) if worst_rating not in (None, "") else 1.0
    if value is None or best is None or worst is None or best <= worst or not worst <= value <= best:
        return None, ""
    step = round((value - worst) / (best - worst) * 4)
    scale = [Verdict.FALSE, Verdict.MISLEADING, Verdict.MIXED, Verdict.MOSTLY_TRUE, Verdict.TRUE]
    return scale[step], "number"


def seed_mappings_from_file() -> dict[str, str]:
    """`rating_key` -> verdict from the shipped `data/verdict_mappings.json` (all languages merged).

    Raises ValueError when two entries normalise to the same key with different verdicts.
    """
    data = data_json("verdict_mappings.json")
    merged: dict[str, str] = {}
    for language, ratings in data["ratings"].items():
        for rating, verdict in ratings.items():
            key = rating_key(rating)
            Verdict(verdict)  # validates the file
            if merged.get(key, verdict) != verdict:
                raise ValueError(f"rating {rating!r} ({language}) maps to {verdict} and to {merged[key]}")
            merged[key] = verdict
    return merged


