"""Attribution patterns outside the development stories (issue 19): business, domestic politics, public health,
courts, NGOs and wars, on sentences written for these tests (no news text).

Rule-level tests read the candidates before the fitted model decides (`readings`); a few check whole mentions.
"""

from __future__ import annotations

import pytest

from workbench.extract import content_blocks, extract_candidates, extract_mentions
from workbench.extract.plausible import plausible
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


# --- a speaker is a noun phrase, not a clause ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, claimant, stance",
    [
        ("Dutch prosecutors said they had records linking the broker to the payments.", "Netherlands", A),
        ("Halden Rights Watch said the toll was far higher than officials had admitted.", "Halden Rights Watch", A),
        ("Mira Kent, the county auditor, said the payments were larger than the charity had disclosed.", "Mira Kent",
         A),
    ],
)
def test_a_clause_before_a_verb_is_no_speaker(sentence: str, claimant: str, stance: Stance):
    assert readings(sentence) == {(claimant, stance)}


def test_an_infinitive_head_still_leads_to_its_subject():
    assert readings("Marlow Foods was quick to deny the report.") == {("Marlow Foods", D)}


# --- a state institution named without its state -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, claimant",
    [
        # no state named anywhere: the ministry's name is no actor's, the named spokesperson speaks
        ("Foreign ministry spokesperson Li Wen said the accusations were groundless.", "Li Wen"),
        ("Education ministry spokesman Karl Bode said the exam results had not been altered.", "Karl Bode"),
        # the article names the state: the ministry is that state's
        ("Chile's foreign ministry rejected the report on Monday. Foreign ministry spokesperson Ana Soto said the "
         "accusations were groundless.", "Chile"),
    ],
)
def test_an_unqualified_ministry_is_no_claimant(text: str, claimant: str):
    found = readings(text)
    assert claimant in {c for c, _ in found}
    assert not any(c and "ministry" in c.lower() for c, _ in found)


# --- unquoted first person attributed after a comma is the speaker's, not the outlet's ----------------------------


@pytest.mark.parametrize(
    "sentence, claimant, stance",
    [
        ("We never authorised the raid, General Tomas Vargo told reporters.", "Tomas Vargo", D),
        ("Our engines meet every standard, said Tom Hale, the founder of Brightline Motors.", "Brightline Motors", A),
        ("Brightline Motors chief executive Jane Roe: We did nothing wrong", "Brightline Motors", D),
    ],
)
def test_unquoted_first_person_with_an_attribution_is_read(sentence: str, claimant: str, stance: Stance):
    assert (claimant, stance) in readings(sentence)


@pytest.mark.parametrize(
    "line",
    ["We have contacted the ministry for comment.", "You can read our full report here, with more analysis.",
     "We asked the firm about the recall, and our reporter waited for an answer.",
     "Editor's note: You can write to us at the desk.", "Think about it: we all pay for the roads."],
)
def test_the_outlets_own_first_person_stays_furniture(line: str):
    assert [b.furniture for b in content_blocks(line)] == ["own voice"]


# --- a verb form used as a noun ends a subject --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, claimant, stance",
    [
        ("Greenholt Water named the supplier in its report. The accused denied every charge on Friday.", None, D),
        ("Mayor Ivo Dunn, speaking at a briefing on Monday, said the bridge was safe.", "Ivo Dunn", A),
    ],
)
def test_a_verb_form_used_as_a_noun_is_a_subject(text: str, claimant: str | None, stance: Stance):
    assert (claimant, stance) in readings(text)


def test_a_noun_before_a_participle_is_no_subject():
    text = "Spokesman Ivo Dunn told a press briefing that the bridge was safe."
    assert "a press" not in speakers(text)
    assert readings(text) == {("Ivo Dunn", A)}


# --- "C, an allegation X rejected": X denies C -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, accuser, denier",
    [
        ("Senator Maria Ortiz claimed the count had been rigged, an allegation officials rejected.", "Maria Ortiz",
         "Officials"),
        ("Unions said Marlow Foods had cut wages, an allegation that Marlow Foods denies.", "Unions", "Marlow Foods"),
    ],
)
def test_a_claim_noun_before_its_denier_is_not_the_denier(sentence: str, accuser: str, denier: str):
    assert readings(sentence) == {(accuser, A), (denier, D)}


# --- a line saying nobody replied is no statement, not even the outlet's -------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Marlow Foods sold the site in May. Neither the firm nor its owner responded to requests for comment.",
        "Marlow Foods sold the site in May. The firm did not respond to a request for comment.",
        "Marlow Foods sold the site in May. Police have not said who started the fire.",
    ],
)
def test_no_reply_is_no_mention(text: str):
    second = text.index(". ") + 2
    _, cands = extract_candidates(text, outlet="Daily Courier")
    assert [c for c in cands if c.frame.span[0] >= second] == []
    assert [m for m in extract_mentions(text, outlet="Daily Courier") if m.char_start >= second] == []


# --- "X admitted A, but the bank said B": two statements ----------------------------------------------------------


def test_a_coordinated_clause_with_its_own_speaker_is_a_second_statement():
    text = ("Kestrel Bank acknowledged that some customers had been overcharged, but the bank said the errors were "
            "fixed within a week.")
    doc, cands = extract_candidates(text)
    kept = plausible(doc, [(c, 1.0) for c in cands])
    speakers_kept = {doc.text[c.frame.speaker[0] : c.frame.speaker[1]] for c, _ in kept if c.claimant == "Kestrel Bank"}
    assert speakers_kept == {"Kestrel Bank", "the bank"}



# --- an institution's name holding "of ... and ..." is one name --------------------------------------------------


@pytest.mark.parametrize(
    "sentence, claimant",
    [
        ("The Centers for Disease Control and Prevention confirmed that three cases had been found.",
         "Centers for Disease Control and Prevention"),
        ("The Ministry of Health and Social Affairs said there was no shortage of beds.",
         "Ministry of Health and Social Affairs"),
    ],
)
def test_a_name_with_of_and_and_is_one_claimant(sentence: str, claimant: str):
    assert {c for c, _ in readings(sentence)} == {claimant}


def test_two_named_bodies_are_still_two_claimants():
    assert readings("Kestrel Bank and Orbis Energy both denied any wrongdoing.") == {("Kestrel Bank", D),
                                                                                    ("Orbis Energy", D)}


# --- "A accused B of C, a charge the company rejected": the denier is the accused -----------------------------------


@pytest.mark.parametrize(
    "sentence, accuser, denier",
    [
        ("Greenpeace accused Orbis Energy of hiding the spill, a charge the company rejected.", "Greenpeace",
         "Orbis Energy"),
        ("Prosecutors alleged that Tom Reyes had taken bribes, which his lawyers denied.", "Prosecutors", "Tom Reyes"),
        ("Kestrel Bank accuses Orbis Energy of price fixing, which it denies.", "Kestrel Bank", "Orbis Energy"),
    ],
)
def test_an_anaphoric_denier_is_the_accused(sentence: str, accuser: str, denier: str):
    assert readings(sentence) == {(accuser, A), (denier, D)}


# --- a company named again by its trade ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, claimant",
    [
        ("Brightline Motors denied that its engines had been rigged. The carmaker said the tests were fair.",
         "Brightline Motors"),
        ("Kestrel Airlines cancelled 40 flights on Sunday. The airline said a strike by controllers had caused it.",
         "Kestrel Airlines"),
    ],
)
def test_the_carmaker_is_the_company_named_before(text: str, claimant: str):
    second = text.index(". ") + 2
    _, cands = extract_candidates(text)
    assert {c.claimant for c in cands if c.frame.span[0] >= second and c.frame.speaker} == {claimant}


# --- a verb form before a finite verb is a noun (its subject) -------------------------------------------------------


def test_a_verb_form_before_was_is_a_noun():
    text = "Kestrel Airlines said a software fault was to blame for the delays."
    assert readings(text) == {("Kestrel Airlines", A)}




# --- courts: nouns that look like verbs -----------------------------------------------------------------------------


def test_a_judge_after_an_article_is_the_speaker():
    text = "A federal judge ruled on Tuesday that Brightline Motors had misled buyers."
    assert speakers(text) == {"A federal judge"}


def test_the_appeals_court_is_one_speaker():
    assert readings("The appeals court rejected the claim that the lease was void.") == {("Appeals court", D)}


def test_claims_of_after_an_adjective_are_a_noun():
    _, cands = extract_candidates("Mr Smith won a fourth term amid widespread claims of electoral fraud.")
    assert not any(c.frame.kind == "verb" for c in cands)


def test_a_fronted_object_leaves_accuses_of_a_verb():
    text = "Tensions rose between Norland and Vestria, which Norland accuses of backing the rebels."
    assert ("Norland", A) in readings(text)


# --- a verb of intent with an object is an act, not a statement ---------------------------------------------------


@pytest.mark.parametrize(
    "sentence, lemmas",
    [
        ("The prosecution argued that the defendant had planned the attack for months.", {"argue"}),
        ("Police said the gang committed the thefts in May.", {"say"}),
        ("Orbis Energy plans to cut 2,000 jobs.", {"plan"}),
        ("The minister committed to holding talks.", {"commit"}),
    ],
)
def test_intent_needs_to_or_that(sentence: str, lemmas: set[str]):
    _, cands = extract_candidates(sentence)
    assert {c.frame.lemma for c in cands} == lemmas


# --- "contrary to what X claimed": X's words are not the sentence before -------------------------------------------


def test_what_x_claimed_at_the_end_is_no_postposed_statement():
    text = "The union said the strike had been a success, contrary to what management claimed."
    assert not any("management" in s for s in speakers(text))


def test_what_x_says_was_y_is_still_read():
    _, cands = extract_candidates("The coast guard stopped what it says was a smuggling boat.")
    assert any(c.frame.lemma == "say" and c.frame.kind == "verb" for c in cands)


def test_a_forgery_is_a_dismissive_word():
    assert readings("A spokesman for the Liberal Party said the leaflet was a forgery.") == {("Liberal Party", D)}
    assert readings("Orbis Energy said the photographs had been doctored.") == {("Orbis Energy", D)}


# --- "X's statement that C"; "Both X and Y" ----------------------------------------------------------------------


def test_a_possessed_statement_that_is_a_claim_of_its_owner():
    text = "Orbis Energy's statement that the spill was small was contradicted by satellite images."
    assert ("Orbis Energy", A) in readings(text)


def test_in_a_statement_is_no_claim_of_its_own():
    _, cands = extract_candidates("In a statement, Orbis Energy said the spill was small.")
    assert [c.frame.kind for c in cands] == ["verb"]


def test_both_before_two_names_is_not_part_of_the_first():
    assert readings("Both Kestrel Bank and Orbis Energy have denied the allegations.") == {("Kestrel Bank", D),
                                                                                          ("Orbis Energy", D)}


def test_a_rival_set_off_by_not_between_commas_is_a_counter_claim():
    found = readings("The firm, not its staff, was responsible for the leak, Greenholt Water said.")
    assert found == {("Greenholt Water", A), ("Greenholt Water", D)}


@pytest.mark.parametrize(
    "sentence, claimant",
    [
        ("Residents who were at the scene said the soldiers fired first.", "Residents"),
        ("Investigators who had examined the wreck concluded the plane was shot down.", "Investigators"),
    ],
)
def test_a_relative_clause_leaves_its_noun_the_speaker(sentence: str, claimant: str):
    assert {c for c, _ in readings(sentence)} == {claimant}


def test_which_the_government_says_was_keeps_its_verb():
    _, cands = extract_candidates("The army shelled the camp, which the government says was a rebel base.")
    assert any(c.frame.lemma == "say" and c.frame.kind == "verb" for c in cands)


def test_a_fronted_phrase_is_not_part_of_the_speaker():
    assert speakers("In the report the agency said the plant was safe.") == {"the agency"}


@pytest.mark.parametrize(
    "sentence, claimant",
    [
        ("Orbis Energy has however denied any role in the spill.", "Orbis Energy"),
        ("Marlow Foods has in the past denied the charges.", "Marlow Foods"),
        ("Kestrel Bank has for years rejected the findings.", "Kestrel Bank"),
    ],
)
def test_an_auxiliary_before_adverbials_is_no_clause(sentence: str, claimant: str):
    assert {c for c, _ in readings(sentence)} == {claimant}



@pytest.mark.parametrize(
    "text",
    [
        # the ministry's own state, even where another state is named more often
        "Peru said the fire was set by agents of Chile. Peru recalled its envoy. Chile's foreign ministry rejected "
        "the claims. Peru wants answers. Foreign ministry spokesperson Ana Soto said the charges were baseless.",
        # a name after an institution and a title is still a person ("Ministry of Foreign Affairs Spokesperson")
        "Chile rejected the report on Monday. Ministry of Foreign Affairs Spokesperson Ana Soto said the charges "
        "were baseless.",
    ],
)
def test_the_spokesperson_of_a_ministry_speaks_for_its_state(text: str):
    doc, cands = extract_candidates(text)
    spoke = {c.claimant for c in cands if c.frame.speaker and "Ana Soto" in doc.text[slice(*c.frame.speaker)]}
    assert spoke == {"Chile"}
