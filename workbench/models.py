"""Domain records and vocabularies shared by every layer (pure data, no I/O)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Stance(StrEnum):
    """What a mention does with its claim."""

    ASSERTS = "asserts"
    DENIES = "denies"


class ClaimRelation(StrEnum):
    """How one claim stands to another (`claim_relations`: claim_id <relation> other_claim_id)."""

    CONTRADICTS = "contradicts"
    """A counter-claim: what a party accused or denying says instead ("the drones were sent before the war")."""


class Origin(StrEnum):
    """How a mention came into the database."""

    EXTRACTED = "extracted"
    LOGGED = "logged"
    IMPORTED = "imported"


class ReviewStatus(StrEnum):
    """Where a claim stands in the desk's review workflow."""

    UNSTARTED = "unstarted"
    IN_PROGRESS = "in progress"
    INCONCLUSIVE = "inconclusive"
    RESOLVED = "resolved"


class Role(StrEnum):
    """What a signed-in user of the dashboard may do (`workbench.access` says which changes each allows)."""

    VIEWER = "viewer"
    REVIEWER = "reviewer"
    ADMIN = "admin"


class Verdict(StrEnum):
    """The desk's rating of a claim. ClaimReview ratings map onto these (see `VERDICT_RATINGS`)."""

    TRUE = "true"
    MOSTLY_TRUE = "mostly true"
    MIXED = "mixed"
    MISLEADING = "misleading"
    FALSE = "false"
    UNPROVEN = "unproven"


# ClaimReview `reviewRating` for each verdict: (ratingValue, alternateName); bestRating 5, worstRating 1.
# Unproven has no place on the 1..5 truth scale: ratingValue -1 as schema.org allows for "not applicable".
VERDICT_RATINGS: dict[Verdict, tuple[int, str]] = {
    Verdict.TRUE: (5, "True"),
    Verdict.MOSTLY_TRUE: (4, "Mostly true"),
    Verdict.MIXED: (3, "Mixed"),
    Verdict.MISLEADING: (2, "Misleading"),
    Verdict.FALSE: (1, "False"),
    Verdict.UNPROVEN: (-1, "Unproven"),
}


class MentionState(StrEnum):
    """A reviewer's decision on an extracted mention."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    CORRECTED = "corrected"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Article:
    """An article as read from a file, before it is stored. `text` is the plain article text."""

    text: str
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    source: str | None = None
    """Where it was read from, as `FILE:LINE` or `FILE`."""
    source_format: str = "text"
    """text | html | json | jsonl | claimreview | logged | table"""
    raw: str | None = None
    """The raw record (JSON) when the input format carries more than we model, e.g. ClaimReview."""


@dataclass(frozen=True)
class ExtractedMention:
    """A claim mention found in a text by `workbench.extract` (character offsets into that text)."""

    quote: str
    char_start: int
    char_end: int
    stance: Stance
    proposition: str
    """The claim in normalised words; for a denial, the claim being denied."""
    speaker: str | None = None
    """The speaker as written: "Nasser Kanani", "the Kremlin", "US officials"."""
    claimant: str | None = None
    """The canonical actor name (Iran, Russia, United States...) or None when unknown."""
    accused: str | None = None
    """The canonical actor the claim is about, when there is one ("X accuses Y of Z" -> Y)."""
    hedged: bool = False
    denies_mention: int | None = None
    """For a denial that names no claim of its own (compact "which Tehran denies", generic "we reject
    these accusations", echoes "said the same"): index, in the same result list, of the mention whose
    claim it denies or repeats."""
    confidence: float = 1.0


@dataclass(frozen=True)
class NewMention:
    """A mention ready to be placed on a claim and stored (from extraction, the log form or an import)."""

    quote: str
    stance: Stance = Stance.ASSERTS
    origin: Origin = Origin.LOGGED
    proposition: str | None = None
    """Normalised claim text; defaults to the quote."""
    claimant: str | None = None
    """Canonical actor name or free text resolved through the alias table; None = unknown."""
    accused: str | None = None
    speaker: str | None = None
    article_id: int | None = None
    char_start: int | None = None
    char_end: int | None = None
    claim_id: int | None = None
    """Join this claim without matching (a reviewer's explicit choice)."""
    same_claim_as: int | None = None
    """Index of an earlier mention in the same batch whose claim this one must join (generic denials)."""
    published: dt.date | None = None
    created_by: str | None = None
    confidence: float = 1.0
    extra: dict = field(default_factory=dict)

    @property
    def text_for_matching(self) -> str:
        return self.proposition or self.quote
