"""Our verdicts out as schema.org ClaimReview JSON-LD, one per claim with a verdict."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from ..config import Settings
from ..errors import InputError
from ..models import VERDICT_RATINGS, Verdict
from ..store import claimreview as review_store
from ..store.connection import Connection
from .parse import parse_claimreviews
from .storing import _live_claim


def claimreview_id(settings: Settings, claim_id: int) -> tuple[str, str]:
    """(review URL, claim @id) of a claim in ClaimReview exports: stable for the life of the claim."""
    base = settings.organisation_url if settings.organisation_url.endswith("/") else settings.organisation_url + "/"
    url = f"{base}claims/{int(claim_id)}"
    return url, f"{url}#claim"


_ORGANISATION_WORDS = re.compile(
    r"\b(party|ministry|government|office|council|league|union|guild|association|agency|department|committee|"
    r"police|army|forces|bank|news|media|times|post|press|tv|radio|group|company|inc|ltd|foundation|campaign|"
    r"university|institute|commission|parliament|senate|congress|house|administration|users|posts|sources)\b",
    re.I,
)


def _actor_kind(kind: str | None, name: str) -> str:
    """schema.org type of a claimant: Person or Organization (the two Google accepts for a Claim's author)."""
    kind = (kind or "").lower()
    if kind == "person":
        return "Person"
    if kind in ("country", "organisation", "collective"):
        return "Organization"
    # An actor created on the fly has no kind: a short capitalised name without organisation words is a person.
    words = name.split()
    if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and not _ORGANISATION_WORDS.search(name):
        return "Person"
    return "Organization"


def export_claimreviews(con: Connection, settings: Settings) -> list[dict[str, Any]]:
    """One schema.org ClaimReview per claim with a verdict (merged claims excluded), ordered by claim id.

    `@id`/`url` are built from `Settings.organisation_url` and the claim id; `itemReviewed.sameAs` carries
    the identifiers of foreign reviews stored for the claim and of claims merged into it, so that a
    re-import lands on the same claim.
    """
    claims = review_store.claims_with_verdicts(con)
    if not claims:
        return []
    ids = [c["claim_id"] for c in claims]
    claimants: dict[int, list[dict[str, Any]]] = {}
    for row in review_store.asserting_actors(con, ids):
        claimants.setdefault(row["claim_id"], []).append(row)
    appearances: dict[int, list[dict[str, Any]]] = {}
    for row in review_store.claim_appearances(con, ids):
        appearances.setdefault(row["claim_id"], []).append(row)
    same_as = _same_as(con, settings, ids)
    organisation = {"@type": "Organization", "name": settings.organisation, "url": settings.organisation_url}
    return [
        _exported_review(claim, settings, organisation, claimants.get(claim["claim_id"], []),
                         appearances.get(claim["claim_id"], []), same_as.get(claim["claim_id"], []))
        for claim in claims
    ]


def _same_as(con: Connection, settings: Settings, ids: list[int]) -> dict[int, list[str]]:
    """claim id -> the identifiers of foreign reviews stored for it and of the claims merged into it."""
    same_as: dict[int, list[str]] = {}
    for claim_id, raw in review_store.claimreviews_of_claims(con, ids):
        try:
            for record in parse_claimreviews(json.loads(raw), None, errors=[]):
                for key in record.keys:
                    if key.startswith("item:"):
                        same_as.setdefault(claim_id, []).append(key.removeprefix("item:"))
        except (InputError, json.JSONDecodeError):
            continue
    for merged_id, into in review_store.merged_claims(con).items():
        same_as.setdefault(_live_claim(con, into), []).append(claimreview_id(settings, merged_id)[1])
    return same_as


def _exported_review(claim: dict[str, Any], settings: Settings, organisation: dict[str, Any],
                     people: list[dict[str, Any]], seen: list[dict[str, Any]], same_as: list[str]) -> dict[str, Any]:
    """The ClaimReview of one claim, its claimants, its appearances and the identifiers it is known by."""
    url, item_id = claimreview_id(settings, claim["claim_id"])
    value, name = VERDICT_RATINGS[Verdict(claim["verdict"])]
    rating: dict[str, Any] = {
        "@type": "Rating", "ratingValue": value, "bestRating": 5, "worstRating": 1, "alternateName": name,
    }
    if claim["rationale"]:
        rating["ratingExplanation"] = claim["rationale"]
    item: dict[str, Any] = {"@type": "Claim", "@id": item_id}
    if people:
        authors = [{"@type": _actor_kind(p["kind"], p["name"]), "name": p["name"]} for p in people]
        item["author"] = authors[0] if len(authors) == 1 else authors
    if claim["first_seen"]:
        item["datePublished"] = claim["first_seen"].isoformat()
    if seen:
        item["appearance"] = [_creative_work(a) for a in seen]
        first = next((a for a in seen if a["asserts"]), seen[0])
        item["firstAppearance"] = _creative_work(first)
    foreign = [s for s in dict.fromkeys(same_as) if s != item_id]
    if foreign:
        item["sameAs"] = foreign
    when = claim["verdict_at"] or claim["updated_at"]
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "@id": url + "#review",
        "url": url,
        "claimReviewed": claim["text"],
        "datePublished": when.date().isoformat() if isinstance(when, dt.datetime) else dt.date.today().isoformat(),
        "author": organisation,
        "itemReviewed": item,
        "reviewRating": rating,
    }
    if claim["evidence_urls"]:
        review["citation"] = list(claim["evidence_urls"])
    return review


def _creative_work(row: dict[str, Any]) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "url": row["url"]}
    if row.get("title"):
        work["headline"] = row["title"]
    if row.get("published"):
        work["datePublished"] = row["published"].isoformat()
    if row.get("outlet"):
        work["publisher"] = {"@type": "Organization", "name": row["outlet"]}
    return work
