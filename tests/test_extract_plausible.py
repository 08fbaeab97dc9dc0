"""Readings no reader would credit (`workbench.extract.plausible`), on sentences written for these tests.

The rules are tested on every candidate the frames yield (as if the model kept them all), so they hold
whatever a refit model later keeps; the relay rule is also tested through the whole extractor.
"""

from __future__ import annotations

from workbench.extract import extract_candidates, extract_mentions
from workbench.extract.plausible import plausible


def kept_claimants(text: str) -> tuple[set[str | None], set[str | None]]:
    """(claimants of every candidate, claimants of those `plausible` keeps)."""
    doc, cands = extract_candidates(text)
    kept = plausible(doc, [(c, 1.0) for c in cands])
    return {c.claimant for c in cands}, {c.claimant for c, _ in kept}


def test_a_wire_service_relaying_a_ministry_is_not_a_second_claimant():
    before, after = kept_claimants(
        "Peru's health ministry said on Monday that at least 40 people had died in the floods, AFP reported.")
    assert {"Peru", "AFP"} <= before
    assert after == {"Peru"}


def test_an_agency_named_by_according_to_gives_way_to_the_speaker_it_quotes():
    before, after = kept_claimants(
        "The floods killed at least 40 people, the health ministry in Lima said, according to Reuters.")
    assert "Reuters" in before
    assert "Reuters" not in after and len(after) == 1


def test_the_extractor_credits_the_ministry_and_not_the_wire():
    mentions = extract_mentions(
        "Peru's health ministry said on Monday that at least 40 people had died in the floods, AFP reported.")
    assert [m.claimant for m in mentions] == ["Peru"]


def test_an_agency_reporting_on_its_own_stays_the_claimant():
    """With no other speaker in the sentence the agency is all there is: nothing is dropped."""
    before, after = kept_claimants("AFP reported that the border crossing had been closed for three days.")
    assert after == before and "AFP" in after


def test_places_coordinated_after_a_speaker_are_not_speakers():
    before, after = kept_claimants(
        "The prime minister of Portugal spoke at length, as well as the Northern and Coastal Provinces, "
        "which declared that the tax was illegal.")
    assert "Coastal Provinces" in before
    assert after == {"Portugal"}


def test_a_capitalised_headline_tag_is_not_a_speaker():
    before, after = kept_claimants("EXCLUSIVE-Quit asking me to rescue the budget, says Kenya's president")
    assert "EXCLUSIVE-Quit" in before
    assert after == {"Kenya"}


def test_members_named_beside_their_organisation_are_part_of_it():
    before, after = kept_claimants(
        "The new tariffs break trade law, according to the African Union and some of its member states.")
    assert "African Union" in before and len(before) > 1
    assert after == {"African Union"}


def readings_kept(text: str) -> tuple[list[tuple[str | None, str, str]], list[tuple[str | None, str, str]]]:
    """(claimant, stance, span text) of every candidate, and of those `plausible` keeps."""
    doc, cands = extract_candidates(text)
    kept = plausible(doc, [(c, 1.0) for c in cands])

    def row(c):
        return c.claimant, c.stance.value, doc.text[c.frame.span[0]:c.frame.span[1]]

    return [row(c) for c in cands], [row(c) for c, _ in kept]


def test_a_clause_repeated_inside_the_same_speakers_longer_denial_is_one_statement():
    before, after = readings_kept("After first saying it would look into the report, Israel's army denied any "
                                  "involvement, saying none of its units had been in the area.")
    assert ("Israel", "denies", "Israel's army denied any involvement") in before
    assert [(c, s) for c, s, _ in after if c] == [("Israel", "denies")]
    assert all(span.startswith("After first saying") for _, _, span in after)


def test_a_coordinated_accusation_stays_a_statement_of_its_own():
    before, after = readings_kept("Argentina's government said the new dam was safe and accused Chile of "
                                  "spreading panic.")
    assert after == before
    assert ("Argentina", "asserts", "and accused Chile of spreading panic.") in after


def test_a_statement_reported_as_not_made_is_no_claim():
    text = "Norway and Iceland have both concluded the cable was cut on purpose, but have not said who might have done it."
    _, after = readings_kept(text)
    assert {span for _, _, span in after} == {text}  # no reading of "have not said who ..." on its own
    assert {c for c, _, _ in after} == {"Norway", "Iceland"}


def test_what_an_outlet_could_not_verify_is_no_claim_of_it():
    _, after = readings_kept("The rebels said they had taken the town, a claim Reuters was unable to "
                             "independently verify.")
    assert [(c, s) for c, s, _ in after] == [("Rebels", "asserts")]


def test_a_negation_inside_the_quote_does_not_withhold_the_speaker():
    before, after = readings_kept('"Riders will never get that range," said Ana Ruiz, the group\'s tester.')
    assert after == before and [c for c, _, _ in after] == ["Ana Ruiz"]
