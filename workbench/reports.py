"""What an ingest or an import did: the report the CLI prints and the dashboard shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError

__all__ = ["IngestReport", "Progress"]

Progress = Callable[["IngestReport"], None]


@dataclass
class IngestReport:
    """What an ingest or import did; `errors` are per record, as `FILE:LINE: reason`."""

    files: int = 0
    records: int = 0
    articles_new: int = 0
    articles_known: int = 0
    mentions: int = 0
    claims_new: int = 0
    reviews: int = 0
    duplicates: int = 0
    """Imported mentions left out because the same quote, source and stance is already stored."""
    errors: list[InputError] = field(default_factory=list)
    placements: list[Any] = field(default_factory=list)
    of_articles: bool = True
    """False for mention imports, whose summary does not talk about articles."""

    def summary(self) -> str:
        parts = [
            f"{self.mentions} mention{'s' * (self.mentions != 1)}",
            f"{self.claims_new} new claim{'s' * (self.claims_new != 1)}",
        ]
        if self.of_articles:
            parts.insert(0, f"{self.articles_new} new article{'s' * (self.articles_new != 1)}")
        if self.articles_known:
            parts.insert(1, f"{self.articles_known} already stored")
        if self.duplicates:
            parts.append(f"{self.duplicates} already stored")
        if self.reviews:
            parts.append(f"{self.reviews} ClaimReview record{'s' * (self.reviews != 1)}")
        if self.errors:
            parts.append(f"{len(self.errors)} bad record{'s' * (len(self.errors) != 1)}")
        return ", ".join(parts)

    def count(self, placements: list[Any]) -> None:
        self.mentions += len(placements)
        self.claims_new += sum(1 for p in placements if p.created_claim)
