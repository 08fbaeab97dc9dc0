"""A match decision's score breakdown in a reviewer's words (what agreed, what conflicted); pure."""

from __future__ import annotations

from typing import Any

__all__ = ["decision_reasons"]


def decision_reasons(details: dict[str, Any]) -> str:
    """A match decision's breakdown in a reviewer's words: the probability, what agreed and conflicted, the
    features that weighed most for and against it (their parts in the model's log-odds), how it was decided."""
    b = details.get("breakdown") or {}
    f = b.get("features") or {}
    reasons: list[str] = []
    if details.get("via"):
        reasons.append(str(details["via"]))
    if f.get("wording") is not None:
        reasons.append(f"wording {100 * f['wording']:.0f}%")
    for name, words in _FEATURE_WORDS:
        if f.get(name):
            reasons.append(words)
    if f.get("unattributed") and f.get("headline") is not None:
        reasons.append(f"repeats {100 * f['headline']:.0f}% of the claim's headline")
    parts = b.get("contributions") or {}
    if parts:
        ranked = sorted(parts.items(), key=lambda kv: -abs(kv[1]))[:3]
        reasons.append("weighed most: " + ", ".join(f"{k} {v:+.1f}" for k, v in ranked))
    if b.get("capped_by"):
        reasons.append("held down by the conflict (" + ", ".join(b["capped_by"]) + ")")
    searched = b.get("searched")
    if isinstance(searched, dict) and searched.get("claims") is not None:
        naming = list(searched.get("naming") or [])
        reasons.append(_searched(int(searched["claims"]), naming, bool(searched.get("two_of"))))
    return "; ".join(reasons)


_FEATURE_WORDS = (
    ("direction_same", "same direction"), ("direction_reverse", "goes the other way"),
    ("direction_other", "another source or target"),
    ("role_agree", "the claimant's side fits (asserts it, or denies being accused)"),
    ("role_conflict", "the claimant is on the other side"), ("accused_conflict", "accuses someone else"),
    ("substituted", "another actor in its place"), ("thing_conflict", "about another thing"),
    ("year_conflict", "another year"), ("number_conflict", "other numbers"),
    ("plan_mismatch", "a plan against a thing done"), ("use_mismatch", "a thing against its use"),
    ("context", "said in the same article"),
)
"""Features a reviewer is told about when they are on, in words."""


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
