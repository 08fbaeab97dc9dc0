"""Who is the subject of a reporting verb: past an adverbial between the auxiliary and the verb, a body named by its
kind (a common noun opening a sentence is no organisation's name), an office named by its holder's title (that office
when the article names no holder). Sentences of our own."""

from __future__ import annotations

import pytest

from workbench.extract import extract_candidates
from workbench.models import Stance


def claimants_of(text: str, needle: str) -> set[str | None]:
    """The claimants the rules read for the candidates whose span holds `needle`."""
    doc, cands = extract_candidates(text)
    return {c.claimant for c in cands if needle in doc.text[c.frame.span[0] : c.frame.span[1]]}


@pytest.mark.parametrize(("text", "needle", "claimant"), [
    # the party the article named before, not an organisation called "Party"
    ("The Green Party accused the mayor of rigging the tender. Party leader Tom Hale accused the mayor of lying.",
     "Party leader", "Green Party"),
    ("The Harbour Union accused the port of hiding the accident. Union spokeswoman Lea Moss accused the port of "
     "lying.", "Union spokeswoman", "Harbour Union"),
])
def test_a_body_named_by_its_kind_at_a_sentences_start_is_the_one_named_before(text: str, needle: str,
                                                                                claimant: str) -> None:
    assert claimants_of(text, needle) == {claimant}


@pytest.mark.parametrize("text", [
    "Company spokesman Tom Hale accused the union of lying.",
    "Ministry spokesman Tom Hale accused the rebels of lying.",
])
def test_a_capitalised_common_noun_opening_a_sentence_is_no_claimant(text: str) -> None:
    assert not claimants_of(text, "spokesman") & {"Company", "Ministry"}


def test_an_office_with_no_holder_named_speaks_as_itself_not_as_whoever_spoke_last() -> None:
    text = ("The Green Party accused the mayor of rigging the tender. Party leader Tom Hale said the contract went "
            "to a donor. The mayor's office dismissed the charge as a stunt.")
    doc, cands = extract_candidates(text)
    office = [c for c in cands if "dismissed" in doc.text[c.frame.span[0] : c.frame.span[1]]]
    assert {(c.claimant, c.stance) for c in office} == {("Mayor's office", Stance.DENIES)}


def test_an_office_speaks_for_its_holder_when_the_article_names_one() -> None:
    text = "Mayor Ann Vik was accused of rigging the tender. The mayor's office dismissed the charge as a stunt."
    assert claimants_of(text, "dismissed") == {"Ann Vik"}


@pytest.mark.parametrize(("text", "claimant", "stance"), [
    ("Chile has, however, denied the charge.", "Chile", Stance.DENIES),
    ("Chile has since the start of the war denied sending troops.", "Chile", Stance.DENIES),
    ("Peru had repeatedly and publicly denied the allegations.", "Peru", Stance.DENIES),
    ("The Kremlin has for its part rejected the accusations.", "Russia", Stance.DENIES),
    ("Chile has throughout the crisis blamed Peru for the flows of migrants.", "Chile", Stance.ASSERTS),
])
def test_an_adverbial_between_the_auxiliary_and_the_verb_is_no_part_of_the_subject(text: str, claimant: str,
                                                                                   stance: Stance) -> None:
    doc, cands = extract_candidates(text)
    assert {(c.claimant, c.stance) for c in cands} == {(claimant, stance)}


@pytest.mark.parametrize(("text", "claimant"), [
    ("A senior official who asked not to be named said Peru had supplied the rifles.", None),
    ("A Chilean official, who asked not to be named, said Peru had supplied the rifles.", "Chile"),
    ("A Chilean official who spoke on condition of anonymity said Peru had supplied the rifles.", "Chile"),
])
def test_a_source_kept_anonymous_asserts_what_it_says(text: str, claimant: str | None) -> None:
    """"Asked not to be named" is how a source is kept unnamed: no statement of its own, its "not" no denial, and the
    source, not the clause, is who speaks."""
    doc, cands = extract_candidates(text)
    readings = {(c.claimant, c.stance) for c in cands}
    assert all(stance is Stance.ASSERTS for _, stance in readings)
    if claimant is not None:
        assert readings == {(claimant, Stance.ASSERTS)}
    assert not any("named" in (c.speaker.phrase if c.speaker else "") or "anonymity" in (c.speaker.phrase if c.speaker
                   else "") for c in cands)
