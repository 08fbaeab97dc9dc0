"""Matching mentions to canonical claims: normalise, retrieve candidates, score with the decision model, decide.
Pure (no database: `workbench.clustering` feeds it and stores what it decides).

- `propositions`: a text -> `Proposition` (actors, lemmas, synonyms, numbers, years, direction, modality);
- `retrieval`: `ClaimIndex`, the claims in memory, BM25 and blocking on actors (finding candidates fast);
  `profiles`: what it holds of each claim (`ClaimProfile`) and how it looks (`Retrieval`);
- `features`: what the model reads of a (mention, claim) pair (`PairFeatures`);
- `model`: the decision model, P(the mention states the claim) (`MatchModel`, shipped as data);
- `search`: `MatchIndex`, the index with its search; `reference`: the same search the slow, obvious way;
- `candidates`: `Candidate`, `decide`; `words`, `scanner`, `lexicon`: words, actors and word lists;
- `training`, `fit` (scikit-learn, never on the hot path): labelled pairs and fitting the model (`workbench.learn`
  refits it from a desk's decisions).
"""

from .candidates import Candidate, Decision, SearchScope, decide
from .features import FEATURES, PairFeatures
from .model import MatchModel, shipped_model
from .propositions import Normalizer, Proposition, accused_of, block_actors, default_normalizer, named_actors, wording_key
from .reference import reference_search
from .retrieval import Retrieval
from .search import MatchIndex
from ..text.lemmas import stem
from ..text.posts import clean_pasted

__all__ = [
    "FEATURES",
    "Candidate",
    "Decision",
    "MatchIndex",
    "MatchModel",
    "Normalizer",
    "PairFeatures",
    "Proposition",
    "Retrieval",
    "SearchScope",
    "accused_of",
    "block_actors",
    "clean_pasted",
    "decide",
    "default_normalizer",
    "named_actors",
    "reference_search",
    "shipped_model",
    "stem",
    "wording_key",
]
