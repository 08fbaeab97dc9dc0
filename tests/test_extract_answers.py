"""Who speaks for whom and what an answer denies: the accused's own account, a judged claim, a speaker on behalf of
another party, plural possessives, directives that name acts. Sentences of our own (no dev-set text)."""

from __future__ import annotations

import pytest

from workbench.extract import extract_candidates, extract_mentions
from workbench.models import Stance
from workbench.text.cues import cues
from workbench.text.tokens import word_tokens

A, D = Stance.ASSERTS, Stance.DENIES


def reading_of(text: str, needle: str) -> set[tuple[str | None, Stance]]:
    """The (claimant, stance) readings of the candidates whose span holds `needle`, before the model decides."""
    doc, cands = extract_candidates(text)
    return {(c.claimant, c.stance) for c in cands if needle in doc.text[c.frame.span[0] : c.frame.span[1]]}


# --- the accused's own account ----------------------------------------------------------------------------------

ACCUSED_ANSWERS = (
    "Norway accused Sweden of flying a surveillance drone over its oil platforms. "
    "Sweden said the drone was a weather probe that had drifted off course."
)


def test_the_accused_account_of_the_matter_is_its_claim_and_a_denial_of_the_accusation() -> None:
    assert reading_of(ACCUSED_ANSWERS, "weather probe") == {("Sweden", A), ("Sweden", D)}


def test_the_denial_in_an_account_is_linked_to_the_accusation_it_answers() -> None:
    mentions = extract_mentions(ACCUSED_ANSWERS)
    accusation = next(i for i, m in enumerate(mentions) if m.claimant == "Norway")
    denial = next(m for m in mentions if m.claimant == "Sweden" and m.stance is D)
    assert denial.denies_mention == accusation
    assert denial.proposition == mentions[accusation].proposition
    assert any(m.claimant == "Sweden" and m.stance is A and "weather probe" in m.proposition for m in mentions)


@pytest.mark.parametrize("second", [
    # not about the matter: no word in common with the accusation
    "Sweden said its prime minister would visit Oslo in the spring.",
    # an admission asserts the accusation and denies nothing
    "Sweden acknowledged that the drone had crossed into Norwegian waters.",
    # naming a third party is an accusation of its own
    "Sweden said the drone had been launched by Finland.",
    # what will be is no account of what happened
    "Sweden said the drone would be examined by its engineers.",
])
def test_statements_of_the_accused_that_answer_nothing_stay_assertions(second: str) -> None:
    text = "Norway accused Sweden of flying a surveillance drone over its oil platforms. " + second
    readings = {stance for claimant, stance in reading_of(text, second[7:30]) if claimant == "Sweden"}
    assert D not in readings


# --- a claim the sentence judges ----------------------------------------------------------------------------------


def test_a_claim_judged_false_by_the_sentence_is_its_owners_assertion_and_the_speakers_denial() -> None:
    text = "Lisbon's claim that Spain planted the malware is a complete lie, said Spanish army spokesman Luis Ortega."
    assert reading_of(text, "Lisbon's claim") >= {("Portugal", A), ("Spain", D)}
    assert ("Portugal", D) not in reading_of(text, "Lisbon's claim")


# --- whom a speaker speaks for ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "needle", "claimant"), [
    ("Speaking on behalf of the African Union, Kenya's envoy demanded that Sudan stop the shelling.",
     "demanded", "African Union"),
    ("Speaking for the European Union, the French foreign minister said the vote had been rigged.",
     "rigged", "European Union"),
])
def test_a_speaker_on_behalf_of_a_known_party_states_that_partys_claim(text: str, needle: str, claimant: str) -> None:
    assert {c for c, _ in reading_of(text, needle)} == {claimant}


def test_a_lawyer_for_someone_named_by_surname_speaks_for_them_as_first_named() -> None:
    text = "The mayor, Tom Hale, denied taking bribes. A lawyer for Hale said the accusations were invented."
    assert {c for c, _ in reading_of(text, "A lawyer for Hale")} == {"Tom Hale"}


def test_a_long_relative_clause_after_the_subject_still_leaves_the_subject_the_speaker() -> None:
    text = ("Emmanuel Macron, who will brief European Union leaders on the findings during a summit in Brussels on "
            "Monday, has accused Poland of hiding the ledgers for a decade.")
    doc, cands = extract_candidates(text)
    assert {(c.claimant, c.stance) for c in cands if c.frame.lemma == "accuse"} == {("France", A)}


def test_a_body_led_or_backed_by_a_state_is_not_that_state() -> None:
    text = "The Dutch-led Joint Inquiry Team said the rocket had been fired from a Hungarian base."
    assert {c for c, _ in reading_of(text, "rocket")} == {"Joint Inquiry Team"}


@pytest.mark.parametrize("text", [
    "The firm insisted its books were sound, despite the regulator's finding that profits had been inflated.",
    "Amid the auditor's warning that profits had been inflated, the firm said its books were sound.",
])
def test_despite_or_amid_opens_no_claimant_name(text: str) -> None:
    doc, cands = extract_candidates(text)
    assert not any(c.claimant and c.claimant.split()[0].lower() in ("despite", "amid") for c in cands)


# --- words read right -----------------------------------------------------------------------------------------


def test_a_plural_possessive_marks_its_word_but_a_closing_single_quote_does_not() -> None:
    assert [(t.raw, t.possessive) for t in word_tokens("the activists' comments")][1] == ("activists", True)
    assert not any(t.possessive for t in word_tokens("He called them 'liars' and left"))


def test_the_object_after_a_plural_possessive_is_no_speaker() -> None:
    text = "The government dismissed the activists' comments as nonsense."
    assert all(claimant != "Activists" for claimant, _ in reading_of(text, "comments"))


def test_the_company_head_is_read_with_the_whole_name_before_a_possessive() -> None:
    assert {c for c, _ in reading_of("Corvane Labs' chief executive, Ana Brill, said the fine was unfair.",
                                     "unfair")} == {"Corvane Labs"}


def test_verbs_in_ee_inflect_without_a_third_e() -> None:
    assert {"guaranteed", "guaranteeing", "guarantees"} <= cues().forms_of("say")
    assert "guaranteeed" not in cues().forms_of("say")


def test_a_guarantee_reported_by_someone_else_is_read_for_its_guarantor() -> None:
    text = "The UN chief said Spain's prime minister had guaranteed that no Spanish troops had entered the zone."
    assert ("Spain", D) in reading_of(text, "guaranteed")


@pytest.mark.parametrize("text", [
    "The mayor, Tom Hale, denied the bribery claims.",
    "Ukraine has denied that it ordered the attack on the depot.",
])
def test_a_noun_object_or_an_ordered_act_is_no_statement(text: str) -> None:
    doc, cands = extract_candidates(text)
    assert [c.frame.lemma for c in cands] == ["deny"]


def test_an_order_is_an_act_and_an_anonymous_source_in_a_relative_clause_still_speaks() -> None:
    text = ("A former farm manager, who asked not to be named, told the Daily Courier that managers had ordered "
            "staff to relabel the milk.")
    doc, cands = extract_candidates(text)
    assert [(c.frame.lemma, c.claimant, c.stance) for c in cands] == [("tell", "Former farm manager", A)]


def test_an_account_in_the_lead_denies_the_accusation_reported_after_it() -> None:
    text = ("Sweden said on Monday that the drone seen over the oil platforms was a weather probe that had drifted "
            "off course. Norway has accused Sweden of flying a surveillance drone over the platforms.")
    mentions = extract_mentions(text)
    accusation = next(i for i, m in enumerate(mentions) if m.claimant == "Norway")
    denial = next(m for m in mentions if m.claimant == "Sweden" and m.stance is D)
    assert denial.denies_mention == accusation
    assert any(m.claimant == "Sweden" and m.stance is A for m in mentions)


def test_a_role_of_a_named_hospital_speaks_for_the_hospital_not_its_town() -> None:
    text = "The chief doctor of the Tomsk hospital, Ivan Sokolov, said tests had found no poison in his blood."
    assert [(m.claimant, m.stance) for m in extract_mentions(text)] == [("Tomsk hospital", D)]


@pytest.mark.parametrize(("text", "claimants"), [
    ("A joint statement by France, Germany and Italy said Iran had violated the agreement.",
     {"France; Germany; Italy"}),
    ("Poland, Lithuania and Latvia accused Belarus of pushing migrants over the border.",
     {"Poland", "Lithuania", "Latvia"}),
    # a place before the comma is no actor of the list
    ("In Paris, Germany and Italy said Iran had violated the agreement.", {"Germany", "Italy"}),
])
def test_a_list_of_actors_with_commas_is_every_one_of_them(text: str, claimants: set[str]) -> None:
    assert {c for c, _ in reading_of(text, "Iran" if "Iran" in text else "Belarus")} == claimants


@pytest.mark.parametrize("text", [
    "Serbia's state news agency quoted President Marko Ilic as saying that Kosovo police had provoked the clash.",
    "President Marko Ilic was quoted by Serbia's state news agency as saying that Kosovo police had provoked the clash.",
])
def test_the_one_quoted_as_saying_speaks_not_who_quotes_them(text: str) -> None:
    claimants = {c for c, _ in reading_of(text, "provoked")}
    assert claimants and claimants <= {"Serbia", "Marko Ilic"}


@pytest.mark.parametrize(("text", "claimant"), [
    ("The Syrian Observatory for Human Rights said government jets had bombed the market.",
     "Syrian Observatory for Human Rights"),
    ("The Russian Orthodox Church said the museum had stolen the icons.", "Russian Orthodox Church"),
    # an organ of the state stays the state's
    ("The Armenian Security Council said Azerbaijani troops had shelled the village.", "Armenia"),
])
def test_a_civil_body_named_with_a_states_adjective_speaks_for_itself(text: str, claimant: str) -> None:
    assert {c for c, _ in reading_of(text, "said")} == {claimant}


def test_the_head_of_a_states_agency_speaks_for_that_state() -> None:
    text = "Maria Lund, who heads the Swedish civil contingencies agency, said the cable had been cut deliberately."
    assert {c for c, _ in reading_of(text, "cable")} == {"Sweden"}


def test_outrage_expressed_at_an_accusation_denies_it_and_a_voiced_fear_asserts() -> None:
    text = ("Hungary has accused Romania of poisoning the river. "
            "The Romanian government expressed outrage at the accusation.")
    assert reading_of(text, "outrage") == {("Romania", D)}
    assert reading_of("Activists voiced fears that the data had been sold to advertisers.", "fears") == {
        ("Activists", A)}


@pytest.mark.parametrize(("text", "proposition"), [
    # "it" in reported speech is the speaker
    ("Portugal denied it was behind the blast at the depot.", "Portugal was behind the blast at the depot."),
    # an expletive "it" names nobody
    ("Britain said it was highly likely that Russia was responsible for the attack.",
     "it was highly likely that Russia was responsible for the attack."),
    # in a quotation "they" are others, "we" the speaker
    ('"They were shelling the town all night," the mayor of Lida, Ivan Rak, said.', "They were shelling the town all night"),
])
def test_a_pronoun_becomes_the_speaker_only_where_it_stands_for_them(text: str, proposition: str) -> None:
    assert [m.proposition for m in extract_mentions(text)][:1] == [proposition]


def test_the_mayor_of_a_town_speaks_for_themselves_and_the_quotation_ends_before_their_role() -> None:
    [m] = extract_mentions('"They poisoned our river," the mayor of Lida, Ivan Rak, said.')
    assert (m.claimant, m.proposition) == ("Ivan Rak", "They poisoned Ivan Rak's river")


@pytest.mark.parametrize("headline", ["Border dispute", "Election challenge"])
def test_a_headline_of_one_name_and_a_noun_is_no_statement(headline: str) -> None:
    doc, cands = extract_candidates(headline + "\n\nChile accused Peru of moving the border posts.")
    assert all(c.frame.span[0] >= len(headline) for c in cands if c.frame.kind != "voice")


@pytest.mark.parametrize(("text", "expected"), [
    ("Chile and Peru accused each other of poisoning the river.",
     [("Chile", "Peru poisoning the river.", "Peru"), ("Peru", "Chile poisoning the river.", "Chile")]),
    ("Chile blamed Peruvian smugglers for the explosion at the depot.",
     [("Chile", "Peruvian smugglers responsible for the explosion at the depot.", "Peru")]),
    ("Chile blamed the explosion at the depot on Peruvian smugglers.",
     [("Chile", "Peruvian smugglers responsible for the explosion at the depot", "Peru")]),
])
def test_an_accusation_is_compared_as_who_did_what(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(m.claimant, m.proposition, m.accused) for m in extract_mentions(text)] == expected


def test_a_role_of_the_body_named_before_by_its_kind_speaks_for_that_body() -> None:
    text = ("Doctors at the Omsk hospital said they had found no poison. The hospital's deputy chief doctor, "
            "Anatoly Kalin, told reporters the patient had been poisoned by nobody.")
    assert {c for c, _ in reading_of(text, "deputy chief doctor")} == {"Omsk hospital"}


def test_a_role_for_a_body_before_the_name_gives_the_body() -> None:
    text = "A spokesman for the Polish border guard, Anna Michalska, said Belarusian troops had fired blanks."
    assert {c for c, _ in reading_of(text, "fired blanks")} == {"Poland"}


def test_a_headlines_regulator_is_the_body_the_article_then_describes() -> None:
    text = ("Regulator says dairy misled shoppers\n\n"
            "The national food standards agency said on Tuesday that Brightfield Dairies had sold ordinary milk as "
            "organic.")
    doc, cands = extract_candidates(text, title="Regulator says dairy misled shoppers")
    assert {c.claimant for c in cands} == {"National food standards agency"}


def test_a_companys_lawyer_answers_for_the_company_and_its_account_denies_the_charge() -> None:
    text = ("Lawyers for the families told the court that Vantor Pharma had hidden deaths from a drug trial. "
            "Vantor denies the allegation. Its lawyer, Sarah Dunne, said the deaths had been reported to the "
            "regulator on time.")
    assert reading_of(text, "reported to the") == {("Vantor Pharma", A), ("Vantor Pharma", D)}


def test_an_account_with_a_promise_after_it_still_answers_the_accusation() -> None:
    text = ("The food agency said Brightfield Dairies had sold ordinary milk labelled as organic. "
            '"Our milk meets every organic rule, and we will challenge this report," Brightfield said.')
    assert ("Brightfield Dairies", D) in reading_of(text, "every organic rule")


@pytest.mark.parametrize(("text", "claimant"), [
    ("Consumer watchdog Fairtrade Now said the bank had overcharged 40,000 customers.", "Fairtrade Now"),
    ("The media regulator Ofwatch said the broadcaster had misled viewers.", "Ofwatch"),
])
def test_a_watchdog_or_regulator_named_after_its_kind_speaks_under_its_name(text: str, claimant: str) -> None:
    assert {c for c, _ in reading_of(text, "said")} == {claimant}


def test_the_chair_of_a_body_named_before_speaks_for_it() -> None:
    text = "The Harbour Safety Board rejected the claims. Its chairman, Tom Reyes, said the port was safe."
    assert {c for c, _ in reading_of(text, "port was safe")} == {"Harbour Safety Board"}


def test_members_of_a_named_body_speak_for_it_and_no_evidence_is_nobody() -> None:
    text = ("China denied the accusation. Security researchers at Mandiant said they had found no evidence linking "
            "the attack to any other group.")
    assert [(m.claimant, m.stance) for m in extract_mentions(text)] == [("China", D), ("Mandiant", D)]
