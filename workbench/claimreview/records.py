"""What a parsed ClaimReview is: `ClaimReviewRecord` and the `Appearance`s of the reviewed claim."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Appearance:
    """A place where the reviewed claim appeared (a post, an article, a video)."""

    url: str
    title: str | None = None
    published: dt.date | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class ClaimReviewRecord:
    """One ClaimReview as published, with the fields the workbench uses and the raw JSON."""

    claim_text: str
    claimant: str | None
    """`itemReviewed.author` name as written (whitespace folded), or None."""
    appearances: tuple[Appearance, ...]
    first_appearance: str | None
    claim_date: dt.date | None
    """`itemReviewed.datePublished`: when the claim was made."""
    date_published: dt.date | None
    """When the review was published."""
    publisher: str | None
    publisher_url: str | None
    url: str | None
    rating_value: str | None
    best_rating: str | None
    worst_rating: str | None
    rating_text: str | None
    rating_explanation: str | None
    language: str | None
    keys: tuple[str, ...]
    """Identity of the reviewed claim: `review:`/`item:` identifiers and a `text:` key (claim + claimant)."""
    citations: tuple[str, ...]
    raw: str
    source: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def appearance_urls(self) -> list[str]:
        return [a.url for a in self.appearances]
