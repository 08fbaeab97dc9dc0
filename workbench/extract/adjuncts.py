"""Words of saying that are no statement of their own, and a headline's order of speaker and verb. Pure.

"Writing on X, the minister said ...": a participle of saying opening the sentence; "settled without admitting
liability": what was not done; "Rebels Shelled Town Says Army": the speaker after a headline's verb.
"""

from __future__ import annotations

from ..text.cues import VerbHit
from ..text.tokens import Token

__all__ = ["opens_participle", "fronted_participle", "not_done", "speaker_ends_headline"]


def opens_participle(tok: Token) -> bool:
    """A sentence opening with a participle ("Writing on X, ...", "Speaking to reporters, ...", "Asked about it,
    ...")."""
    return tok.raw[:1].isupper() and (tok.norm.endswith("ing") and len(tok.norm) > 5 or tok.norm == "asked")


def fronted_participle(toks: list[Token], k: int, hit: VerbHit) -> bool:
    """"Writing on X, the minister said ...", "Asked about the deaths, Roe said ...": a participle of saying that
    opens the sentence is no statement of its own; the clause after it says who speaks."""
    return k == 0 and hit.kind in ("say", "call") and opens_participle(toks[0])


def not_done(toks: list[Token], k: int, hit: VerbHit) -> bool:
    """"settled without admitting liability", "instead of denying it": a verb in -ing after "without" or "instead of"
    says what was not done; nobody speaks there."""
    before = [t.norm for t in toks[max(0, k - 2) : k]]
    return hit.gerund and bool(before) and (before[-1] == "without" or before == ["instead", "of"])


def speaker_ends_headline(toks: list[Token], k: int, hit: VerbHit) -> bool:
    """Does the headline (`toks`) end in its verb at `k` and one or two capitalised words ("... Says Army")?"""
    after = toks[k + hit.length :]
    return 0 < len(after) < 3 and k >= 2 and all(t.raw[:1].isupper() for t in after)
