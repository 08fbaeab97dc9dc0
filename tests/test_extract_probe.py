"""Attribution patterns outside the development stories (issue 19): business, domestic politics, public health,
courts, NGOs and wars, on sentences written for these tests (no news text).

Rule-level tests read the candidates before the fitted model decides (`readings`); a few check whole mentions.
"""

from __future__ import annotations

import pytest

from workbench.extract import extract_candidates
from workbench.models import Stance

A, D = Stance.ASSERTS, Stance.DENIES


def readings(text: str) -> set[tuple[str | None, Stance]]:
    """Every (claimant, stance) the rules read in `text`, whatever the model later keeps."""
    _, cands = extract_candidates(text)
    return {(c.claimant, c.stance) for c in cands}


def speakers(text: str) -> set[str]:
    """The speaker phrases of every candidate in `text`, as written."""
    doc, cands = extract_candidates(text)
    return {doc.text[c.frame.speaker[0] : c.frame.speaker[1]] for c in cands if c.frame.speaker}


# --- "X is to blame": X is the accused, the one saying it the accuser ----------------------------------------------


@pytest.mark.parametrize(
    "sentence, claimant",
    [
        ("Marlow Foods rejected the audit, saying regulators were to blame for the delays.", "Marlow Foods"),
        ("The opposition leader Ana Ruiz dismissed the figures, saying the treasury was partly to blame.", "Ana Ruiz"),
        ("Greenholt Water said its contractor was not to blame for the leak.", "Greenholt Water"),
    ],
)
def test_who_is_to_blame_is_accused_not_accuser(sentence: str, claimant: str):
    found = readings(sentence)
    assert {c for c, _ in found} == {claimant}
    assert not any(s.endswith(" to") for s in speakers(sentence))


def test_blaming_someone_still_accuses():
    assert readings("Regulators were quick to blame Marlow Foods for the delays.") == {("Regulators", A)}
