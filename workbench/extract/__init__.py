"""Claim and denial extraction: article text in, claim mentions out. Pure (no database, no UI).

`extract_mentions(text, aliases, outlet=..., title=...)` reads an article in four steps:

1. `workbench.text.segment`: paragraphs (page furniture marked and skipped), quotations, sentences;
2. `frames`: every attribution frame of general reported speech (who says, denies or confirms what);
3. `candidates`: speakers resolved to claimants (`people`), joint subjects split, stance read (`stance`);
4. `model`: a classifier fitted on labelled articles keeps the frames that carry a claim (`features`), and
   `mentions` turns them into `ExtractedMention`s with a proposition for matching.
"""

from __future__ import annotations

from ..models import ExtractedMention
from ..text.aliases import AliasTable
from ..text.segment import content_blocks
from .candidates import Candidate, candidates
from .document import Document, outlet_voice
from .features import ArticleContext, features
from .frames import find_frames
from .mentions import to_mentions
from .model import MentionModel, default_model
from .people import collect_people

__all__ = ["extract_mentions", "extract_candidates", "scored_candidates", "content_blocks", "outlet_voice",
           "MentionModel"]


def extract_candidates(text: str, aliases: AliasTable | None = None, *, outlet: str | None = None,
                       title: str | None = None) -> tuple[Document, list[Candidate]]:
    """The article read as a `Document` and every candidate mention in it (before the model decides)."""
    doc = Document(text, aliases or AliasTable.default(), outlet=outlet, title=title)
    people = collect_people(doc)
    return doc, candidates(doc, people, find_frames(doc))


def scored_candidates(text: str, aliases: AliasTable | None = None, *, outlet: str | None = None,
                      title: str | None = None) -> tuple[Document, list[tuple[Candidate, list[float]]]]:
    """Every candidate with its feature vector (what the model is fitted on)."""
    doc, cands = extract_candidates(text, aliases, outlet=outlet, title=title)
    ctx = ArticleContext(doc, cands)
    return doc, [(c, features(doc, c, ctx)) for c in cands]


def extract_mentions(text: str, aliases: AliasTable | None = None, *, outlet: str | None = None,
                     title: str | None = None, model: MentionModel | None = None) -> list[ExtractedMention]:
    """Claim mentions (assertions and denials) in an article's text, in text order.

    `aliases` is the alias table speakers resolve through (the database's, via `store.actors.alias_table`; the seed
    table when None). `outlet` is who speaks in the article's own voice ("News.az (Deutsche Welle)" -> Deutsche
    Welle). Offsets index `text`: `quote == text[char_start:char_end]`.
    """
    if not text or not text.strip():
        return []
    model = model or default_model()
    doc, scored = scored_candidates(text, aliases, outlet=outlet, title=title)
    kept = [(c, p) for c, vec in scored if (p := model.probability(vec)) >= model.threshold]
    return to_mentions(doc, kept)
