"""Counter-claims linked to the claims they answer, as mentions are placed: the glue between the pure rule
(`workbench.match.relations`) and the `claim_relations` table (`workbench.store.relations`). Reviewers add and
remove links through `workbench.review`."""

from __future__ import annotations

from collections.abc import Iterable

from .match import Normalizer
from .match.relations import ContextMention, contradictions
from .models import ClaimRelation
from .store import relations as relations_store
from .store.connection import Connection

__all__ = ["link_counter_claims"]


def link_counter_claims(con: Connection, normalizer: Normalizer, article_ids: Iterable[int] | None) -> int:
    """Link, as `contradicts`, the counter-claims the mentions of these articles show (None: every article);
    returns how many new links were stored. Pairs already linked, or removed by a reviewer, are left alone."""
    rows = relations_store.context_mentions(con, article_ids)
    mentions = [ContextMention(int(r["claim_id"]), int(r["article_id"]),
                               normalizer.analyze(r["text"], r["claimant"], r["stance"], quote=r["quote"]))
                for r in rows]
    return relations_store.add_links(con, contradictions(mentions), ClaimRelation.CONTRADICTS.value, "matcher")
