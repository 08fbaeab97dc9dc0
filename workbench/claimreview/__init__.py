"""schema.org ClaimReview in and out: parse real feeds' JSON-LD, map ratings to verdicts, store, export.

Parsing is pure (`parse_claimreviews`, `looks_like_claimreview`, `map_rating`): it accepts one object, a
list, an `@graph`, wrapper objects (a Data Commons `DataFeedItem`, an API's `{"data": [...]}`) and whole
HTML pages (their `<script type="application/ld+json">` blocks), and tolerates what real publishers emit:
`type` for `@type`, `@type` as a list, `ratingValue` as a string or "", `appearance` as an object or a
list, missing `bestRating`, dates with odd zones, HTML entities, relative or scheme-less URLs.

Publishers' textual ratings map to `Verdict`s through the editable `verdict_mappings` table (seeded from
`data/verdict_mappings.json`), compared after `rating_key` normalisation on both sides. When no textual
rating matches, a sane numeric `ratingValue` on its `worstRating..bestRating` scale is used instead.
A rating that maps neither way is stored verbatim with `rating_known = false`: nothing is dropped.

The package: `records` (what a parsed review is), `jsonld` (finding reviews in JSON-LD and HTML), `parse`
(nodes -> records), `storing` (records -> claims, mentions, reviews), `verdicts` (the rating mapping),
`export` (our verdicts out as ClaimReview); the rating -> verdict rules are `workbench.ratings`, the SQL
`workbench.store.claimreview`.
"""

from __future__ import annotations

from ..ratings import map_rating, rating_key, seed_mappings_from_file
from ..store.claimreview import load_verdict_mappings, unknown_ratings
from .export import claimreview_id, export_claimreviews
from .jsonld import find_claimreview_nodes, ld_json_blocks, looks_like_claimreview, parse_lenient_date
from .parse import is_generic_claimant, parse_claimreviews
from .records import Appearance, ClaimReviewRecord
from .storing import ReviewStats, store_claimreviews
from .verdicts import apply_verdict_mappings, remove_verdict_mapping, seed_verdict_mappings, set_verdict_mapping

__all__ = [
    "Appearance",
    "ClaimReviewRecord",
    "ReviewStats",
    "apply_verdict_mappings",
    "claimreview_id",
    "export_claimreviews",
    "find_claimreview_nodes",
    "is_generic_claimant",
    "ld_json_blocks",
    "load_verdict_mappings",
    "looks_like_claimreview",
    "map_rating",
    "parse_claimreviews",
    "parse_lenient_date",
    "rating_key",
    "remove_verdict_mapping",
    "seed_mappings_from_file",
    "seed_verdict_mappings",
    "set_verdict_mapping",
    "store_claimreviews",
    "unknown_ratings",
]
