"""What a search gives back (`Candidate`s, best first) and what to do with a mention (`decide`). Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .features import PairFeatures

__all__ = ["Candidate", "Decision", "SearchScope", "decide"]


@dataclass(frozen=True)
class SearchScope:
    """Which claims a search compared a mention with: how many, and the actors they name (none: every claim)."""

    claims: int
    naming: tuple[str, ...] = ()
    two_of: bool = False
    """Whether they name two of the actors (an import's first try) rather than one."""

    def as_dict(self) -> dict[str, Any]:
        return {"claims": self.claims, "naming": list(self.naming), "two_of": self.two_of}


@dataclass
class Candidate:
    """A claim found for a mention: the probability that the mention states it, and what that rests on."""

    claim_id: int
    score: float
    """P(the mention states this claim), 0..1, from the decision model."""
    features: PairFeatures | None = None
    bm25: float = 0.0
    compared_text: str = ""
    """The mention's terms as compared."""
    candidate_text: str = ""
    """The terms of the claim's closest wording."""
    rep_text: str = ""
    """The original text of the claim's closest wording."""
    breakdown: dict[str, Any] = field(default_factory=dict)
    """For an explained candidate: the features, each one's contribution to the log-odds, what was compared."""

    def _feature(self, name: str) -> float:
        return float(getattr(self.features, name)) if self.features is not None else 0.0

    @property
    def text_score(self) -> float:
        """How close the wordings are (token_set_ratio, 0..1)."""
        return round(self._feature("wording"), 3)

    @property
    def actor_score(self) -> float:
        """Agreement on the actors named: the share both name less the share the claim lacks (-1..1)."""
        return round(self._feature("actors_shared") - self._feature("actors_missing"), 3)

    @property
    def direction_score(self) -> float:
        """1 the same way, -1 the other way, -0.5 between others, 0 when either shows no direction."""
        return (self._feature("direction_same") - self._feature("direction_reverse")
                - 0.5 * self._feature("direction_other"))

    @property
    def number_score(self) -> float:
        """-1 for each of years and numbers that disagree, +1 for each shared."""
        return (self._feature("year_shared") + self._feature("number_shared")
                - self._feature("year_conflict") - self._feature("number_conflict"))

    @property
    def role_score(self) -> float:
        """The claimant's side: +1 on the side of its own earlier statements, -1 on the other."""
        return self._feature("role_agree") - self._feature("role_conflict")

    @property
    def context_score(self) -> float:
        """The claim's weight as context of the mention's own article (0: none)."""
        return round(self._feature("context"), 3)


@dataclass(frozen=True)
class Decision:
    """What to do with a mention: `joined` the claim, `suggested` (new claim + suggestion), or `new`."""

    kind: str
    claim_id: int | None
    score: float | None
    candidate: Candidate | None


def decide(candidates: Sequence[Candidate], auto: float, suggest: float) -> Decision:
    """Join the best candidate when its probability is at least `auto`; suggest it at `suggest` or more; else a
    new claim."""
    best = candidates[0] if candidates else None
    if best is None:
        return Decision("new", None, None, None)
    if best.score >= auto:
        return Decision("joined", best.claim_id, best.score, best)
    if best.score >= suggest:
        return Decision("suggested", best.claim_id, best.score, best)
    return Decision("new", None, best.score, best)
