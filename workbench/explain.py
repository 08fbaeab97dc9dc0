"""A match decision's score breakdown in a reviewer's words (what agreed, what conflicted); pure."""

from __future__ import annotations

from typing import Any

__all__ = ["decision_reasons"]


def decision_reasons(details: dict[str, Any]) -> str:
    """A match decision's breakdown in a reviewer's words: what agreed, what conflicted, how it was decided."""
    b = details.get("breakdown") or {}
    reasons: list[str] = []
    if details.get("via"):
        reasons.append(str(details["via"]))
    if b.get("token_set_ratio") is not None:
        reasons.append(f"wording {b['token_set_ratio']:.0f}/100")
    direction = b.get("direction_agreement")
    if direction is not None:
        if direction > 0:
            reasons.append("same direction")
        elif direction <= -1:
            reasons.append("goes the other way")
        elif direction < 0:
            reasons.append("another source or target")
    if (b.get("role") or 0) > 0:
        reasons.append("the claimant's side fits (asserts it, or denies being accused)")
    elif (b.get("role") or 0) < 0:
        reasons.append("the claimant is on the other side")
    if (b.get("accused") or 0) < 0:
        reasons.append("accuses someone else")
    if b.get("actor_substituted"):
        reasons.append("another actor in its place")
    if b.get("thing_conflict"):
        reasons.append("about another thing")
    if b.get("year_conflict"):
        reasons.append("another year")
    if b.get("number_conflict"):
        reasons.append("other numbers")
    if (b.get("context_bonus") or 0) > 0:
        reasons.append("said in the same article")
    if b.get("topic") is not None and b["topic"] >= 0.5:
        reasons.append("articles about the same story")
    if b.get("headline") is not None:
        reasons.append(f"repeats {100 * b['headline']:.0f}% of the claim's headline")
    if b.get("capped"):
        reasons.append("held at a suggestion by the conflict")
    searched = b.get("searched")
    if isinstance(searched, dict) and searched.get("claims") is not None:
        naming = list(searched.get("naming") or [])
        reasons.append(_searched(int(searched["claims"]), naming, bool(searched.get("two_of"))))
    return "; ".join(reasons)


def _searched(claims: int, naming: list[str], two_of: bool) -> str:
    """Which claims the search compared the mention with, in words."""
    noun = "claim" if claims == 1 else "claims"
    if not naming:
        return f"compared with all {claims:,} {noun}"
    if two_of:
        who = f"both {naming[0]} and {naming[1]}" if len(naming) == 2 else "two of " + _listing(naming, "and")
    else:
        who = _listing(naming, "or")
    return f"compared with the {claims:,} {noun} naming {who}"


def _listing(names: list[str], last: str) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {last} " + names[-1]
