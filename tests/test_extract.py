"""Claim and denial extraction on sentences and articles written for these tests (no dev-set text).

The rules (frames, claimants, stance) are tested on the candidates, before the fitted model decides; the whole
extractor is tested on short articles in the shape of news items, for what any fit must keep.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.extract import content_blocks, extract_candidates, extract_mentions
from workbench.extract.document import Document, outlet_voice
from workbench.extract.frames import find_frames
from workbench.models import Stance
from workbench.text.aliases import AliasTable

A, D = Stance.ASSERTS, Stance.DENIES


def readings(text: str, **kw) -> set[tuple[str | None, Stance]]:
    """Every (claimant, stance) the rules read in `text`, whatever the model later keeps."""
    _, cands = extract_candidates(text, **kw)
    return {(c.claimant, c.stance) for c in cands}


def reading_of(text: str, needle: str, **kw) -> set[tuple[str | None, Stance]]:
    """The (claimant, stance) readings of the candidates whose span holds `needle`."""
    doc, cands = extract_candidates(text, **kw)
    return {(c.claimant, c.stance) for c in cands if needle in doc.text[c.frame.span[0] : c.frame.span[1]]}


# --- attribution: who speaks ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, claimant, stance",
    [
        ("Poland's foreign minister said that Belarusian guards had pushed migrants across the frontier.", "Poland", A),
        ('"Serbian units shelled the border village overnight," Croatia\'s defence ministry said on Tuesday.',
         "Croatia", A),
        ("Armenian forces fired first at the checkpoint, the Azerbaijani defence ministry said.", "Azerbaijan", A),
        ("According to the Greek coast guard, a Turkish patrol boat rammed the fishing vessel.", "Greece", A),
        ("A Turkish patrol boat rammed the fishing vessel, according to the Greek coast guard.", "Greece", A),
        ('Latvia\'s prime minister told parliament: "Russian hackers attacked our election servers last night."',
         "Latvia", A),
        ("Venezuela accuses Guyana of stealing oil from the disputed region.", "Venezuela", A),
        ("In March the United Kingdom accused Iran of seizing a tanker in the Gulf.", "United Kingdom", A),
        ("The explosions, the United States said, were caused by Iranian-backed militias.", "United States", A),
        ('"We had nothing to do with it," said Pavel Orlov, a spokesman for the Belarusian foreign ministry.',
         "Belarus", D),
        ("Kremlin spokesman Ivan Kurov said the accusations were absurd.", "Russia", D),
        ("Russia's Federal Security Service said Ukrainian agents had planned the attack.", "Russia", A),
        ("India's External Affairs Ministry dismissed the report as motivated by politics.", "India", D),
        ("Canadian police said agents of a foreign government were behind the killing.", "Canada", A),
        ("Prosecutors in Paris allege that the bank laundered money for a cartel.", "France", A),
    ],
)
def test_the_claimant_is_read_from_the_attribution(sentence: str, claimant: str, stance: Stance):
    assert (claimant, stance) in readings(sentence)


@pytest.mark.parametrize(
    "sentence, claimant",
    [
        ("Health Minister Maria Lopes said the clinic had falsified its vaccination records.", "Maria Lopes"),
        ("Acme Corp rejected the allegations as baseless.", "Acme"),  # a legal suffix is no part of the name
        ("The pharmaceutical firm Veltrix said its trial data showed no safety problems.", "Veltrix"),
        ("The opposition Labour Party claimed the election had been rigged.", "Labour Party"),
        ("The Joint Investigation Team concluded that the missile came from a unit across the border.",
         "Joint Investigation Team"),
        ("According to Bellingcat, the team had tracked the opposition leader for years.", "Bellingcat"),
        ("Witnesses said soldiers fired on the crowd.", "Witnesses"),
        ("Local residents told reporters that the factory had dumped waste into the river.", "Local residents"),
        ("Western analysts said the rockets had been fired from the north.", "Western analysts"),
        ("Opposition politician Alexei Volkov said he had been poisoned by state agents.", "Alexei Volkov"),
    ],
)
def test_speakers_the_actor_table_does_not_know_become_claimants_of_their_own(sentence: str, claimant: str):
    assert claimant in {c for c, _ in readings(sentence)}


def test_a_named_part_of_a_country_speaks_for_itself_not_for_the_country():
    found = readings("The leader of Ethiopia's Afar region accused the federal army of shelling villages.")
    assert ("Afar", A) in found
    assert all(c != "Ethiopia" for c, _ in found)
    # an institution of the country is the country
    assert ("Ethiopia", A) in readings("Ethiopia's Ministry of Defence accused rebels of shelling villages.")


def test_a_name_inside_a_relative_clause_is_not_the_speaker():
    # the firm speaks; the canal and the town only say which firm
    found = readings("The firm that operates the smelter on the Varne Canal said on Monday that it had not caused the spill.")
    assert found and all(c not in ("Varne Canal", "Varne") for c, _ in found)
    assert ("Officials", A) in readings("Officials who spoke on condition of anonymity said the convoy had been stopped.")


def test_a_noun_phrase_after_that_speaks_in_a_cleft_sentence():
    # "the first time that X confirmed": X confirms, not "the first time"; a real relative clause keeps its noun
    assert reading_of("It was the first week that Chile's president admitted that patrols had crossed the river.",
                      "admitted") == {("Chile", A)}
    assert ("Chile", A) in readings("It was only in May that the Chilean navy confirmed the trawler had been seized.")


def test_a_capitalised_verb_form_inside_a_name_reports_nothing_and_told_x_keeps_the_content():
    # "Report" in the programme's name is no verb; Chile's denial is what the ambassador told the programme
    text = 'Chile\'s ambassador told the Evening Report programme Chile had "nothing to do" with the sinking.'
    doc, cands = extract_candidates(text)
    assert {c.frame.lemma for c in cands} == {"tell"}
    assert readings(text) == {("Chile", D)}
    # a headline in title case keeps its verb
    assert ("Chile", A) in readings("Chile Says Peruvian Trawler Entered Its Waters")


@pytest.mark.parametrize("line", [
    "Ecuador's interior ministry did not respond to a request for comment.",
    "A spokesman for Ecuador's navy declined to comment on the seizure.",
    "Ecuador's embassy did not immediately reply to questions sent by email.",
])
def test_a_line_saying_nobody_replied_reports_no_statement(line: str):
    text = "Colombia accused Ecuador of shielding the smugglers. " + line
    doc, cands = extract_candidates(text)
    # no reporting frame: at most the plain sentence, which the model weighs like any narration
    assert all(c.frame.kind in ("voice", "subject") for c in cands if line in doc.text[c.frame.span[0]:c.frame.span[1]])


def test_a_reporting_verb_after_a_preposition_is_a_noun_and_reports_nothing():
    # "state" in "carried by state television" is not the verb "to state": Doran is the only speaker
    found = readings('"The ministry has never shipped any rifles abroad," Doran said in a statement carried by '
                     "state television.")
    assert found == {("Doran", D)}


def test_a_person_named_with_a_role_speaks_for_that_side_later_in_the_article():
    text = ("Maria Petrova, a spokeswoman for Russia's foreign ministry, dismissed the allegations.\n\n"
            "Petrova said Moscow had never deployed artillery in the region.\n\n"
            '"This is a provocation," she added.')
    assert reading_of(text, "Petrova said") == {("Russia", D)}
    assert reading_of(text, "she added") == {("Russia", D)}


def test_the_role_before_a_comma_gives_the_affiliation_of_the_name_after_it():
    text = "The Kremlin's spokesman, Dmitri Velkov, blamed the blast on Ukrainian forces."
    assert reading_of(text, "blamed") == {("Russia", A)}


def test_a_spokeswoman_of_a_person_speaks_for_that_person():
    text = ("Opposition politician Alexei Volkov said he had been poisoned.\n\n"
            "Volkov's spokeswoman, Irina Sokol, said the security service was behind it.")
    assert ("Alexei Volkov", A) in reading_of(text, "Irina Sokol")


def test_an_acronym_the_article_defines_stands_for_the_full_name():
    text = ("The Rwanda Defence Force (RDF) denied the report on Tuesday.\n\n"
            "RDF said the rebels had retreated to a neighbouring country.")
    assert reading_of(text, "RDF said") == {("Rwanda", A)}


def test_an_official_named_without_a_country_speaks_for_the_country_the_article_is_about():
    text = ("Moldova says its airspace was violated\n\n"
            "Moldova's defence ministry said a drone had crossed into Moldovan airspace from the east.\n\n"
            "Deputy Minister Ion Rusu said the drone had been tracked for twenty minutes.")
    assert reading_of(text, "Ion Rusu") == {("Moldova", A)}


def test_a_caption_introduces_a_person_and_the_posting_is_not_the_affiliation():
    text = ("Embassy rejects spying claims\n\n"
            "Olga Marek, Polish ambassador to the EU, after the meeting in Brussels\n\n"
            "Marek said the allegations against Warsaw were a fabrication.")
    assert reading_of(text, "Marek said") == {("Poland", D)}


def test_an_official_title_before_a_surname_makes_the_person_an_official():
    text = ("Arvid Lindqvist rejects the charges\n\n"
            "Sweden's government was accused on Monday of hiding the tanker's route.\n\n"
            "Prime Minister Lindqvist said the route had been published in full.\n\n"
            "Arvid Lindqvist told reporters that the accusations were baseless.")
    assert reading_of(text, "told reporters") == {("Sweden", D)}


def test_a_relative_clause_after_a_name_is_not_the_persons_role():
    text = ("Jonas Weber, who will brief European Union ministers on Friday, said the shipment had been stopped.")
    assert all(c != "European Union" for c, _ in reading_of(text, "said the shipment"))


@pytest.mark.parametrize(
    "sentence, claimant",
    [
        ("Investigators from the Harbour Safety Board said the crane had not been inspected.", "Harbour Safety Board"),
        ("U.N. experts have accused the government of arming the militia.", "United Nations"),
        ("Okafor's lawyers said the recording had been doctored.", "Okafor"),
        ("The Organisation for the Prohibition of Chemical Weapons said the samples held a nerve agent.", "OPCW"),
    ],
)
def test_members_and_the_team_of_someone_speak_for_them(sentence: str, claimant: str):
    assert claimant in {c for c, _ in readings(sentence)}


def test_a_head_of_government_speaks_for_the_state_and_a_former_one_for_themselves():
    assert ("Canada", A) in readings("Trudeau told parliament that foreign agents had planned the attack.")
    assert ("Barack Obama", A) in readings("Former President Barack Obama said the count had been fair.")


def test_a_surname_that_is_also_a_modal_stays_in_the_name():
    doc, cands = extract_candidates("Carol May says it is likely that the dam was mined.")
    assert {doc.text[c.frame.speaker[0]:c.frame.speaker[1]] for c in cands if c.frame.speaker} == {"Carol May"}


def test_a_headline_in_the_reduced_passive_credits_the_agent():
    assert ("European Union", A) in readings("Serbia's support for the militia condemned by the European Union")


def test_a_time_phrase_before_the_speaker_is_not_the_speaker():
    found = readings("Late March, Okafor was quoted as saying that the troops had started to withdraw.")
    assert "Okafor" in {c for c, _ in found} and "Late March" not in {c for c, _ in found}


@pytest.mark.parametrize(
    "sentence, claimant",
    [
        ("Campaign group Clean Rivers accused the water company of dumping sewage.", "Clean Rivers"),
        ("A spokesperson for Brightwell said the company had never sold customer data.", "Brightwell"),
        ("Opposition lawmakers said the budget figures had been inflated.", "Opposition lawmakers"),
        ("Sweden's navy spokesman Rear Adm. Lena Fox said the vessel had been hit by a mine.", "Sweden"),
    ],
)
def test_companies_campaigns_and_groups_of_any_field_are_claimants(sentence: str, claimant: str):
    assert claimant in {c for c, _ in readings(sentence)}


def test_a_firm_with_an_ampersand_is_one_claimant_and_its_ties_are_no_verb():
    found = readings("The construction firm, Stone & Reed, said in a statement that it had no family ties to the mayor.")
    assert {c for c, _ in found} == {"Stone & Reed"}


def test_a_party_leader_speaks_for_the_party_named_before_and_an_office_for_itself():
    text = ("The opposition Harbour Party accused the mayor of rigging the tender.\n\n"
            '"This is nepotism," said party leader Ines Valk.\n\n'
            "The regional anti-fraud prosecutor confirmed that an inquiry had been opened.")
    assert {c for c, _ in reading_of(text, "Ines Valk")} == {"Harbour Party"}
    assert {c for c, _ in reading_of(text, "prosecutor confirmed")} == {"Regional anti-fraud prosecutor"}


def test_the_agency_and_the_company_are_the_ones_named_before():
    text = ("The Food Safety Authority opened an inquiry into Northfield Dairies on Monday.\n\n"
            "Northfield Dairies denied that it had sold contaminated milk.\n\n"
            "The agency said its inspectors had found bacteria in two batches.\n\n"
            "The company said the batches had been destroyed before sale.")
    assert "Food Safety Authority" in {c for c, _ in reading_of(text, "The agency said")}
    assert "Northfield Dairies" in {c for c, _ in reading_of(text, "The company said")}


def test_a_date_is_not_a_speaker_and_a_title_is_not_part_of_a_name():
    assert all(c not in ("Monday", "On Monday") for c, _ in readings("On Monday, the ministry said the report was false."))
    assert ("Ortega", A) in readings("Mr Ortega said the ballots had been counted twice.")


def test_pronouns_and_its_go_to_the_speaker_before():
    text = ("Turkey accused Syria of shelling a border post.\n\n"
            "Syria rejected the report. Its mission to the United Nations said Damascus had never fired at Turkish "
            "territory.")
    assert reading_of(text, "Its mission") == {("Syria", D)}


def test_joint_subjects_are_several_claimants_and_a_joint_statement_is_one():
    assert readings("Poland and Lithuania accused Belarus of pushing migrants across the border.") >= {
        ("Poland", A), ("Lithuania", A)}
    assert readings("Both the Ethiopian and Eritrean governments have denied sending troops.") >= {
        ("Ethiopia", D), ("Eritrea", D)}
    assert ("France; Germany", A) in readings(
        "Germany and France said in a joint statement that the poisoning was the work of a state agency.")


def test_coordinated_adjectives_after_an_opening_phrase_are_several_claimants():
    # the phrase opens at its article, even after "For weeks"
    text = "For weeks the Chilean and Bolivian governments denied that their border guards had fired first."
    assert reading_of(text, "denied") >= {("Chile", D), ("Bolivia", D)}


def test_courts_and_hospitals_speak_under_their_own_name_not_their_city_s():
    # a court or a clinic is not the state whose city its name holds; "the clinic" is the clinic named before
    assert reading_of("The Oslo District Court ruled that the ferry operator had falsified its logs.",
                      "ruled") == {("Oslo District Court", A)}
    text = ("Doctors at the Sorbonne clinic in Paris said the samples showed a rare toxin. "
            "The clinic said the results had been confirmed by a second laboratory.")
    doctors, clinic = reading_of(text, "Doctors at"), reading_of(text, "The clinic said")
    assert ("Sorbonne clinic", A) in doctors and ("Sorbonne clinic", A) in clinic
    assert all(c != "France" for c, _ in doctors | clinic)
    # a court named only by its country's adjective is the country's
    assert ("Norway", A) in readings("A Norwegian court ruled that the ferry operator had falsified its logs.")


def test_ruling_out_is_a_denial():
    assert ("Norway", D) in readings("Norway's navy ruled out any role in the collision.")


def test_the_bloc_and_the_country_stand_for_the_last_body_or_state_that_spoke():
    text = ("Chile accused the African Union of ignoring the famine. The bloc said its envoys had delivered food. "
            "Chile rejected that account. The country said the convoys had been turned back at the border.")
    assert reading_of(text, "The bloc said") == {("African Union", A)}
    assert ("Chile", A) in reading_of(text, "The country said")


def test_his_spokeswoman_speaks_for_the_person_last_named_not_for_a_country_in_the_text():
    text = ("The campaigner Tomas Halloran collapsed at a rally in Madrid on Sunday. His spokeswoman Ines Varga said "
            "on Monday that he had been given a toxic substance.")
    assert reading_of(text, "His spokeswoman") == {("Tomas Halloran", A)}


def test_a_surname_s_team_speaks_for_the_person_as_first_named_in_full():
    text = ("Tomas Halloran collapsed at a rally on Sunday. Halloran's aides said on Monday that the "
            "police had ignored threats against him.")
    assert reading_of(text, "Halloran's aides") == {("Tomas Halloran", A)}


def test_a_name_with_his_spokeswoman_beside_it_speaks_for_the_person_named_before():
    text = ("Tomas Halloran collapsed at a rally on Sunday. Ines Varga, his spokeswoman, said the police had ignored "
            "threats against him. Varga added that his doctors had found a toxic substance.")
    assert reading_of(text, "his spokeswoman, said") == {("Tomas Halloran", A)}
    assert reading_of(text, "Varga added") == {("Tomas Halloran", A)}


def test_both_governments_are_the_two_named_before():
    text = "The UN has accused Rwanda and Uganda of supporting the rebels, although both governments deny it."
    assert reading_of(text, "both governments deny") >= {("Rwanda", D), ("Uganda", D)}


def test_both_nations_denying_are_not_the_one_that_speaks():
    text = ("Norway believes reports of Swedish troops in Finland's north are credible, a Norwegian spokesperson "
            "said on Thursday, despite denials by both nations.")
    assert reading_of(text, "despite denials") >= {("Sweden", D), ("Finland", D)}
    assert ("Norway", D) not in readings(text)


def test_mutual_accusations_give_one_reading_per_side():
    found = readings("Armenia and Azerbaijan traded accusations over the shelling of the border post.")
    assert {("Armenia", A), ("Azerbaijan", A)} <= found


def test_a_participle_shares_the_subject_of_its_clause():
    text = "Poland summoned Belarus's ambassador on Friday, accusing Minsk of pushing migrants across the border."
    assert reading_of(text, "accusing") == {("Poland", A)}


def test_a_relative_clause_speaker_is_the_noun_phrase_before_it():
    text = "Ethiopia and Eritrea, which officially deny that Eritrean soldiers are in the region, did not comment."
    assert reading_of(text, "which officially deny") >= {("Ethiopia", D), ("Eritrea", D)}


def test_the_outlet_speaks_in_its_own_voice():
    text = "Rebels backed by the neighbouring army seized the town on Sunday."
    assert ("Deutsche Welle", A) in readings(text, outlet="News Today (Deutsche Welle)")
    assert outlet_voice("News Today (Deutsche Welle)") == "Deutsche Welle"
    assert outlet_voice("The Harbor Ledger") == "The Harbor Ledger"
    assert outlet_voice(None) is None


def test_user_alias_table_is_used():
    rows = [("Ruritania", "Ruritania", "country", None), ("Strelsau", "Ruritania", "country", None),
            ("Graustark", "Graustark", "country", None)]
    found = readings("Strelsau said that Graustark troops had crossed the border.", aliases=AliasTable.from_rows(rows))
    assert ("Ruritania", A) in found


# --- stance -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, claimant",
    [
        ("The Kremlin rejected the accusation as baseless.", "Russia"),
        ("Beijing dismissed the report as groundless.", "China"),
        ("Serbia's president refuted the claim that his army had massed tanks near the border.", "Serbia"),
        ('"There is no evidence that Turkish pilots crossed the line," a Turkish defence official said.', "Turkey"),
        ('"Our navy has never entered Philippine waters," the Chinese embassy said.', "China"),
        ('"We categorically deny that our air force bombed the convoy," a Saudi military spokesman said.',
         "Saudi Arabia"),
        ("Saudi Arabia's foreign ministry said the kingdom had not bombed the convoy.", "Saudi Arabia"),
        ('"Not a single shell was fired at the village," an Azerbaijani defence ministry spokesman said.', "Azerbaijan"),
        ("Information Minister Tesfaye Alemu of Ethiopia criticised the agency's story as one-sided.", "Ethiopia"),
        ("Moscow questioned how the West could draw conclusions without an investigation.", "Russia"),
        ("Hungary's government said the object was merely a weather balloon.", "Hungary"),
    ],
)
def test_denials_without_and_with_a_denial_verb(sentence: str, claimant: str):
    assert (claimant, D) in readings(sentence)


@pytest.mark.parametrize(
    "sentence, claimant",
    [
        ("Egypt's foreign minister acknowledged that his country had supplied fuel to the militia.", "Egypt"),
        ("Eritrea has admitted that its troops are fighting in the region.", "Eritrea"),
        ("The United States accused Venezuela of sheltering smugglers.", "United States"),
        ("Estonia's interior ministry said accounts run by Russian state media had spread the rumour.", "Estonia"),
        ("Kyiv and Moscow, without offering evidence, quickly blamed each other for the flood.", "Ukraine"),
    ],
)
def test_admissions_and_accusations_assert(sentence: str, claimant: str):
    assert (claimant, A) in readings(sentence)


def test_an_accusation_with_the_accused_denial_after_it_stays_an_accusation():
    text = "Peru has accused the US of funding the protests, which the US has denied."
    assert ("Peru", A) in reading_of(text, "accused the US")
    assert ("Peru", D) not in readings(text)


def test_a_demand_with_must_not_is_no_denial():
    text = '"Serbian units must not be allowed to shell the valley again," the UN envoy said.'
    assert reading_of(text, "the UN envoy said") == {("United Nations", A)}


def test_a_second_verb_after_and_keeps_the_subject_and_a_clause_of_its_own():
    doc, cands = extract_candidates("Serbia has denied sending any weapons and in turn accuses Croatia of arming the militia.")
    accusation = [c for c in cands if c.stance is A]
    assert [(c.claimant, doc.text[c.frame.span[0]:c.frame.span[1]].split()[:3]) for c in accusation] == [
        ("Serbia", ["and", "in", "turn"])]


def test_verb_forms_used_as_nouns_open_no_frame():
    # "questions" after "had", "answer" after a noun, "call" before "between": nouns here, not reporting verbs
    assert readings("Latvia's foreign ministry said Estonia had questions to answer over its role in the leak.") \
        == {("Latvia", A)}
    doc, cands = extract_candidates("After a phone call between the two leaders, the Chilean minister said the border "
                                    "would reopen.")
    assert {c.frame.lemma for c in cands} == {"say"}


def test_a_denied_verb_is_an_assertion():
    assert ("Norway", A) in readings("Norway did not deny that its frigate had entered the strait.")


def test_a_claim_judged_by_someone_else_is_still_its_owner_s_assertion():
    # the missing evidence and "unfounded" are the writer's judgement: Bolivia asserts what its claim says
    text = "Bolivia has offered no proof for its claim that Paraguayan agents set the warehouse on fire."
    assert ("Bolivia", A) in reading_of(text, "its claim")
    assert ("Bolivia", A) in readings("Bolivia's unfounded allegation that Paraguay funded the strike drew protests.")


def test_what_someone_suspected_after_as_is_their_assertion():
    # the negation is the Chilean navy's; "as Peruvian officers suspected" says what Peru believed
    text = "The Chilean navy said the trawler was not a spy ship as Peruvian officers had suspected."
    found = readings(text)
    assert ("Chile", D) in found and ("Peru", A) in found and ("Peru", D) not in found


def test_two_complements_of_one_verb_are_two_statements_with_their_own_stance():
    text = ("Uruguayan officials have announced that the drone did take off from Uruguay, but that it is not a "
            "military aircraft.")
    doc, cands = extract_candidates(text)
    spans = {doc.text[c.frame.span[0]:c.frame.span[1]]: (c.claimant, c.stance) for c in cands}
    assert spans["Uruguayan officials have announced that the drone did take off from Uruguay"] == ("Uruguay", A)
    assert spans["it is not a military aircraft."] == ("Uruguay", D)


def test_a_negated_accusing_verb_with_the_speaker_as_object_is_a_denial():
    assert readings("Ecuador has never linked itself to the smuggling ring.") == {("Ecuador", D)}


def test_indignation_at_a_claim_is_a_denial_and_an_adjective_keeps_report_a_noun():
    # "latest report" is a noun after a possessive and an adjective, not the verb "to report"
    assert readings("Ecuador expressed outrage over the agency's latest report on the prisons.") == {("Ecuador", D)}
    assert ("Ecuador", D) in readings("Ecuador reacted with fury to the allegations, its interior minister said.")
    # indignation at something that is not a claim is no denial
    assert ("Ecuador", D) not in readings("Ecuador's president said he was angry at the slow pace of the rescue.")


def test_a_counter_claim_is_both_a_claim_and_a_denial_of_its_rival():
    text = '"Gang members from Haiti set the fire, not the Dominican police," the Haitian interior minister said.'
    assert {("Haiti", A), ("Haiti", D)} <= readings(text)


def test_an_echo_takes_the_stance_of_what_it_repeats():
    text = ("Chile's foreign ministry rejected the accusation as false.\n\n"
            "Officials at the Chilean embassy in Lima said the same.")
    assert reading_of(text, "said the same") == {("Chile", D)}


def test_falsehoods_spread_by_the_accused_are_part_of_the_accusation():
    text = "Latvia said Russian agents had spread lies about the vote."
    assert reading_of(text, "spread lies") == {("Latvia", A)}


# --- spans and propositions -------------------------------------------------------------------------------------


def test_a_compact_denial_is_a_clause_of_its_own():
    doc, cands = extract_candidates("Washington accuses Tehran of arming militias in Iraq, which Tehran denies.")
    spans = {(doc.text[c.frame.span[0] : c.frame.span[1]], c.claimant, c.stance) for c in cands}
    assert ("which Tehran denies.", "Iran", D) in spans
    assert ("Washington accuses Tehran of arming militias in Iraq, which Tehran denies.", "United States", A) in spans


def test_offsets_index_the_text_exactly():
    text = ('Header line\n\n"Serbian units shelled the border village overnight," Croatia\'s defence ministry said.\n'
            "Moscow rejected the accusation as groundless.")
    found = extract_mentions(text)
    assert found
    for m in found:
        assert text[m.char_start : m.char_end] == m.quote


_PIECES = list('abcXYZ .,"“”\'’:;-\n') + ["said ", "Russia ", "denied ", "which ", "accused ", "Tehran ", "of ", "not "]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=80).map("".join))
def test_any_text_gives_exact_spans_and_valid_links(text: str):
    found = extract_mentions(text)
    for m in found:
        assert text[m.char_start : m.char_end] == m.quote
        assert 0 <= m.char_start < m.char_end <= len(text)
        assert m.denies_mention is None or 0 <= m.denies_mention < len(found)
        assert 0.0 <= m.confidence <= 1.0


def test_empty_and_blank_text():
    assert extract_mentions("") == []
    assert extract_mentions("   \n\n ") == []


# --- whole articles ---------------------------------------------------------------------------------------------

ARTICLE = """Moldova says Russian troops moved artillery toward the river

CHISINAU (Harbor Wire) - Moldova's foreign ministry said on Monday that Russian troops in Transnistria had moved \
artillery closer to the river, in breach of the ceasefire agreement.

In a statement, the ministry added that the guns had been moved at night and that the region's residents had \
seen them on the main road.

Maria Petrova, a spokeswoman for Russia's foreign ministry, dismissed the allegations as a fabrication.

"We reject these accusations, they are pure fiction," she said.

Petrova said Moscow had never deployed artillery in the region.
"""


def test_an_article_gives_the_allegation_the_denials_and_their_link():
    found = extract_mentions(ARTICLE, outlet="Harbor Wire", title="Moldova says Russian troops moved artillery")
    by = {(m.claimant, m.stance) for m in found}
    assert {("Moldova", A), ("Russia", D)} <= by
    allegation = next(m for m in found if m.claimant == "Moldova" and "Transnistria" in m.quote)
    assert allegation.accused == "Russia"
    assert "Russian troops in Transnistria had moved artillery" in allegation.proposition
    generic = [m for m in found if m.claimant == "Russia" and m.denies_mention is not None]
    assert generic, [(m.quote, m.denies_mention) for m in found]
    for m in generic:
        target = found[m.denies_mention]
        assert (target.claimant, target.stance) == ("Moldova", A)
        assert m.proposition == target.proposition


def test_a_denial_of_ones_own_act_states_the_act_denied():
    text = ("Border incident\n\nIsrael said on Sunday its jets had not struck the convoy near the border.\n\n"
            '"We did not fire a single missile at the town," said the Israeli military.')
    found = extract_mentions(text, title="Border incident")
    denial = next(m for m in found if m.quote.startswith('"We did not fire'))
    assert (denial.claimant, denial.stance) == ("Israel", D)
    assert denial.proposition == "Israel did fire a single missile at the town"


PAGE = """Support our journalism
Sign up for our daily newsletter and never miss a story. Subscribers agree to our privacy policy.

Photo: Coast guard vessels near the island. Getty Images

By Lena Ortiz

Finland's border agency said on Friday that Russian guards had forced asylum seekers across the frontier.

Read more

Dear readers, the authorities claim our reporting "spreads lies about the Russian army". We need your help.
Donate today: every contribution keeps us independent. We use cookies to improve your experience.
"""


def test_page_furniture_yields_nothing():
    found = extract_mentions(PAGE)
    assert [(m.quote, m.claimant) for m in found] == [
        ("Finland's border agency said on Friday that Russian guards had forced asylum seekers across the frontier.",
         "Finland"),
    ]


def test_content_blocks_marks_furniture():
    reasons = [b.furniture for b in content_blocks(PAGE)]
    assert reasons == ["boilerplate", "boilerplate", "caption", "boilerplate", None, "boilerplate",
                       "boilerplate", "boilerplate"]


@pytest.mark.parametrize("line", [
    "'We never hid the losses': Orbis Bank rejects the auditors' findings",
    "‘We never hid the losses’: Orbis Bank rejects the auditors' findings",
    "'We never hid the losses,' Orbis Bank said on Monday.",
])
def test_first_person_inside_single_quotation_marks_is_speech_not_the_outlets_voice(line):
    text = f"{line}\n\nThe bank denied it.\n\nAuditors accused the bank of hiding losses in 2023."
    assert [b.furniture for b in content_blocks(text)] == [None, None, None]


def test_a_speakers_first_person_without_quotation_marks_is_news_not_the_outlets_voice():
    text = ("Lisbon accused Rabat of letting trawlers fish inside its waters.\n\n"
            "We have never allowed our boats into foreign waters, Morocco's fisheries minister said on Monday.\n\n"
            "We rely on readers like you. If you value our reporting, please help us today.")
    reasons = [b.furniture for b in content_blocks(text)]
    assert reasons == [None, None, "own voice"]
    found = {(m.claimant, m.stance) for m in extract_mentions(text) if "never allowed" in m.quote}
    assert found == {("Morocco", D)}


def test_hard_wrapped_lines_are_one_paragraph():
    text = ("Officials in Kigali and the Congolese\ngovernment have traded accusations over the attack.\n\n"
            "A second paragraph.")
    blocks = [text[b.start : b.end] for b in content_blocks(text)]
    assert blocks[0] == "Officials in Kigali and the Congolese\ngovernment have traded accusations over the attack."


# --- claimants outside wars between states: people, companies, agencies, clubs ------------------------------------


@pytest.mark.parametrize(
    "text, needle, claimant",
    [
        # a profession or office written before a name is no part of it; the surname alone is the same person
        ("Councillor Ana Ferreira said the parking fines had been rigged by the contractor.", "rigged", "Ana Ferreira"),
        ("Haas denies doping\n\nSprinter Leo Haas has denied using a banned stimulant before the final.",
         "Haas denies", "Leo Haas"),
        # a role phrase with a complement, then the name in apposition (particles included)
        ("The Ridgeway Water Board said the reservoir was safe. The board's head of public affairs, Lars de Wit, "
         "said the algae reports were exaggerated.", "exaggerated", "Ridgeway Water Board"),
    ],
)
def test_people_of_any_field_are_claimants_by_their_own_name_or_body(text: str, needle: str, claimant: str):
    assert claimant in {c for c, _ in reading_of(text, needle)}


COMPANY_STORY = (
    "Brightmoor Dairies Ltd was accused on Monday by a farmers' union of watering down the milk it sells to schools. "
    '"Our milk has never been diluted," the company\'s operations director, Dr. Helen Forde, told reporters. '
    "A company spokeswoman, Ana Lutz, said the union's samples had been stored in dirty containers. "
    "Brightmoor said the accusation was false. "
    "Chief executive Tom Price said the firm would publish its own test results."
)


@pytest.mark.parametrize(
    "needle",
    ["never been diluted", "dirty containers", "accusation was false", "publish its own test results"],
)
def test_a_business_speaks_under_the_name_the_article_gives_it(needle: str):
    """"the company's director", "a company spokeswoman", a short name and a chief executive named without his
    company all speak for the business named before, written without its legal suffix."""
    assert {c for c, _ in reading_of(COMPANY_STORY, needle)} == {"Brightmoor Dairies"}


@pytest.mark.parametrize(
    "text, needle, claimant",
    [
        # the description comes first and the name later; the kind noun ("group") need not be in the name
        ("Bakewell Ovens Ltd sold stale bread to schools, a shoppers group said on Friday. Fair Price Shoppers "
         "said its members had weighed every loaf.", "a shoppers group said", "Fair Price Shoppers"),
        ("Water board says river samples are clean\n\nThe Carrow Water Board said on Monday that its samples "
         "showed no pollution.", "Water board says", "Carrow Water Board"),
    ],
)
def test_a_body_named_by_its_description_is_the_one_named_body_it_describes(text: str, needle: str, claimant: str):
    assert {c for c, _ in reading_of(text, needle)} == {claimant}


def test_an_unnamed_business_in_the_lede_is_the_business_the_article_is_about():
    """"A Dunmore bread maker" is no person named Dunmore: the business the article names most."""
    text = ("A Dunmore bread maker has hit back at food inspectors, calling their report \"careless\". "
            "Harlow Foods said the inspectors had tested the wrong flour. Harlow sells bread in 40 towns. "
            "Harlow has asked for a new test.")
    assert {c for c, _ in reading_of(text, "hit back")} == {"Harlow Foods"}


def test_a_description_two_named_bodies_fit_names_neither():
    text = ("Greenway Cyclists and Greenway Walkers both sued the council. A greenway group said the path was unsafe.")
    assert not {c for c, _ in reading_of(text, "path was unsafe")} & {"Greenway Cyclists", "Greenway Walkers"}


def test_a_description_names_a_body_only_by_the_head_of_its_name():
    """"an armed group" is no description of "Armed Forces of Norland": the name's head is not among its words."""
    from workbench.extract.bodies import body_described

    doc = Document("The Armed Forces of Norland spoke first. Fair Price Shoppers spoke next.", AliasTable.default())
    assert body_described(doc, "an armed group") is None
    assert body_described(doc, "a shoppers group") == "Fair Price Shoppers"


CEO_STORY = (
    "Tarnby Foods cut the price of its oat milk on Tuesday. Tarnby said sales had fallen by a fifth. "
    "Shoppers United said the cut was overdue. The move follows complaints at Tarnby about hidden sugar. "
    '"We admit the label was unclear," chief executive Mira Holt said. '
    '"A label is not a recipe," said the group\'s director, Jon Ekberg.'
)


@pytest.mark.parametrize(
    "text, needle",
    [
        ("Corvane Labs was fined on Monday. Ana Brill, who founded Corvane Labs, said the fine was unfair.", "unfair"),
        ("Corvane Labs was fined on Monday. Ana Brill, Corvane's founder, said the fine was unfair.", "unfair"),
        ("Corvane Labs' chief executive, Ana Brill, said the fine was unfair.", "unfair"),
        ("Corvane Labs chief executive Ana Brill said the fine was unfair.", "unfair"),
        # named again by her surname only, she keeps the body she was introduced with
        ("Ana Brill, the chief executive of Corvane Labs, said the fine was unfair. On Tuesday Brill told reporters "
         "the regulator had lied.", "had lied"),
        ("Corvane Labs' chief executive, Ana Brill, said the fine was unfair. The regulator disagreed. Brill said "
         "later that the firm would appeal.", "would appeal"),
    ],
)
def test_the_head_or_founder_of_a_named_business_speaks_for_it(text: str, needle: str):
    assert {c for c, _ in reading_of(text, needle)} == {"Corvane Labs"}


@pytest.mark.parametrize(
    "text",
    [
        "Ana Brill, who joined the firm in 2015, said the fine was unfair.",
        "The fine, imposed on 12 May 2024, was unfair, Ana Brill said.",
    ],
)
def test_a_number_before_a_comma_does_not_make_the_verb_a_noun(text: str):
    """"two reports" is a noun; "in 2015, said" is the verb of the sentence."""
    assert ("Ana Brill", A) in reading_of(text, "unfair")


@pytest.mark.parametrize("role", ["Its chief executive", "The company's founder"])
def test_a_business_head_named_by_its_or_the_company_is_of_the_body_named_before(role: str):
    text = f"Corvane Labs was fined on Monday. {role}, Ana Brill, said the fine was unfair."
    assert {c for c, _ in reading_of(text, "unfair")} == {"Corvane Labs"}


def test_a_business_named_after_its_owner_is_no_person_of_the_politician_named_before():
    text = ("Mayor Rosa Lindgren opened the bridge. The owner of Tarn Roofing, Ivo Stahl, is her cousin. "
            "Tarn Roofing said the contract was fair.")
    assert {c for c, _ in reading_of(text, "contract was fair")} == {"Tarn Roofing"}


def test_a_relative_clause_that_names_no_body_is_no_affiliation():
    text = "Ana Brill, who will meet union leaders, said the rent rise was illegal."
    assert {c for c, _ in reading_of(text, "illegal")} == {"Ana Brill"}


def test_a_business_role_named_without_its_business_speaks_for_the_business_the_article_is_about():
    """A chief executive named with no company beside her speaks for the organisation the article names
    most; a group's director who speaks after her is not of that business."""
    assert {c for c, _ in reading_of(CEO_STORY, "label was unclear")} == {"Tarnby Foods"}
    assert {c for c, _ in reading_of(CEO_STORY, "not a recipe")} == {"Shoppers United"}


@pytest.mark.parametrize(
    "text, needle",
    [
        ("Two former cooks at Harlow Foods, Lea Hart and Omar Haddad, have alleged that the firm reused old flour.",
         "reused old flour"),
        ("Two former cooks, Lea Hart and Omar Haddad, said the kitchen had been shut twice.", "shut twice"),
        ("Lea Hart and Omar Haddad, both cooks at Harlow Foods, said the kitchen had been shut twice.", "shut twice"),
    ],
)
def test_named_people_in_apposition_to_their_group_speak_together(text: str, needle: str):
    """Two people named beside the group they belong to ("Two former cooks, A and B,", "A and B, both cooks at C,")
    are one joint claimant by their own names, not the group's employer."""
    assert {c for c, _ in reading_of(text, needle)} == {"Lea Hart; Omar Haddad"}


@pytest.mark.parametrize("again", ["The former cooks", "The pair", "The two"])
def test_people_who_spoke_together_are_named_again_by_their_group(again: str):
    text = ("Two former cooks at Harlow Foods, Lea Hart and Omar Haddad, have alleged that the firm reused old flour, "
            f"according to a lawsuit. {again} say in the lawsuit that managers hid the bags from inspectors.")
    assert {c for c, _ in reading_of(text, "hid the bags")} == {"Lea Hart; Omar Haddad"}


def test_a_list_of_states_is_not_a_group_in_apposition():
    assert {c for c, _ in reading_of("Chile, Peru and Bolivia said the river was polluted.", "polluted")} \
        >= {"Peru", "Bolivia"}


@pytest.mark.parametrize(
    "text, needle, claimant",
    [
        # an office written before the institution is the person's, and an institution named without its state is
        # the state's the article is about
        ("Kenya closed two border posts on Monday. Spokesperson of the Ministry Amina Waweru said the posts would "
         "reopen within a week.", "reopen within a week", "Kenya"),
        ("Director of the Harlow Institute Jane Roe said the survey was flawed.", "survey was flawed",
         "Harlow Institute"),
    ],
)
def test_an_office_before_an_institution_is_no_part_of_its_name(text: str, needle: str, claimant: str):
    assert {c for c, _ in reading_of(text, needle)} == {claimant}


@pytest.mark.parametrize(
    "text, needle, claimant",
    [
        # a nationality before a private role is no state speaking: the one person named with that role, else the
        # description itself; an official of a state still speaks for it
        ("Economist Ana Gil said the bank's figures were wrong. A Spanish economist also said the bank had hidden "
         "losses.", "hidden losses", "Ana Gil"),
        ("A British economist said the bank had hidden losses.", "hidden losses", "British economist"),
        ("A Spanish official said the bank had hidden losses.", "hidden losses", "Spain"),
    ],
)
def test_a_nationality_before_a_private_role_is_no_state(text: str, needle: str, claimant: str):
    assert {c for c, _ in reading_of(text, needle)} == {claimant}


def test_a_passive_with_no_speaker_inside_a_named_statement_is_that_speakers():
    """"said the bid had been 'verified by an outside auditor'": the auditor does not speak; the words are the
    spokeswoman's, for her company, whichever of the two readings the model keeps."""
    text = ("Greyfield Logistics Ltd lost the contract. A company spokeswoman, Ana Lutz, said the bid had been "
            '"fully verified by an outside auditor".')
    found = [m for m in extract_mentions(text) if "verified" in m.quote]
    assert found and {m.claimant for m in found} == {"Greyfield Logistics"}


@pytest.mark.parametrize(
    "text, needle, claimant",
    [
        # a spokesperson named with nobody to speak for speaks for whoever spoke just before
        ("Mayor Rosa Lindgren said the audit was flawed. Spokeswoman Priya Lund called the accusation a stunt.",
         "a stunt", "Rosa Lindgren"),
        # one named with her body still speaks for it
        ("Mayor Rosa Lindgren said the audit was flawed. Harlow Foods spokeswoman Priya Lund called the recall a "
         "precaution.", "a precaution", "Harlow Foods"),
    ],
)
def test_a_spokesperson_named_alone_speaks_for_who_just_spoke(text: str, needle: str, claimant: str):
    assert {c for c, _ in reading_of(text, needle)} == {claimant}


def test_the_holder_of_a_one_person_office_that_spoke_speaks_as_the_office():
    text = ("The Dunmore ethics commissioner has found no evidence of fraud. Commissioner Alan Webb said the mayor "
            "had acted properly.")
    assert {c for c, _ in reading_of(text, "acted properly")} == {"Dunmore ethics commissioner"}
    alone = "Commissioner Alan Webb said the mayor had acted properly."
    assert {c for c, _ in reading_of(alone, "acted properly")} == {"Alan Webb"}


@pytest.mark.parametrize(
    "text, needle, claimant",
    [
        # a minister's portfolio is no organisation of its own
        ("Kenya's Minister for Information said the camp held many fighters.", "camp held", "Kenya"),
        ("Kenya closed the border. The Minister of Information said the camp held many fighters.", "camp held",
         "Kenya"),
        ("A spokesperson for PharmaCorp said the pills were safe.", "pills were safe", "PharmaCorp"),
    ],
)
def test_a_ministers_portfolio_is_no_organisation(text: str, needle: str, claimant: str):
    assert {c for c, _ in reading_of(text, needle)} == {claimant}


def test_a_club_named_in_apposition_is_what_the_club_and_its_manager_speak_for():
    text = ("Her club, Rovers Athletic, said it stood by the player. "
            "The club's general manager, Ivo Stahl, said the test result was a mistake.")
    assert {c for c, _ in reading_of(text, "a mistake")} == {"Rovers Athletic"}


@pytest.mark.parametrize(
    "text, needle, claimant",
    [
        # a lawyer speaks for the client, named in full as the article first wrote the name
        ("Swimmer Ines Okoro was suspended on Friday. Okoro's lawyer, Mark van Dijk, said the sample had been "
         "mislabelled by the laboratory.", "mislabelled", "Ines Okoro"),
        ('Tennis player Ines Okoro was suspended. "I never cheated," Okoro said. Her attorney, Sam Reid, told '
         "reporters the test was unreliable.", "unreliable", "Ines Okoro"),
        # the one person the article names with a local office: "the mayor's office", "a councillor"
        ("Mayor Rosa Lindgren rejected the audit. The mayor's office said the figures had been doctored by her "
         "rivals.", "doctored", "Rosa Lindgren"),
        ("A Dunmore councillor accused the housing director of hiding repair costs. Councillor Ben Achebe said the "
         "costs were three times higher.", "hiding repair costs", "Ben Achebe"),
        # "he" after a sentence that opens with a person but reports nothing is that person
        ("Councillor Ben Achebe said the costs were hidden. Mayor Rosa Lindgren said the audit was flawed. "
         "Achebe did not back down. He said the mayor had misled voters.", "misled voters", "Ben Achebe"),
        # a short name of a body is the full name the article gives it
        ("Harlow Foods recalled its cereal on Monday. A spokesman said Harlow rejected the claims of "
         "contamination.", "rejected the claims", "Harlow Foods"),
    ],
)
def test_who_speaks_for_whom_in_domestic_stories(text: str, needle: str, claimant: str):
    assert claimant in {c for c, _ in reading_of(text, needle)}


def test_a_person_speaking_for_a_body_the_table_does_not_know_is_an_organisation_speaker():
    """The model weighs who speaks: a body's spokeswoman is an organisation speaker, not an unknown one."""
    text = ("Greyfield Logistics Ltd lost the contract last year. A company spokeswoman, Ana Lutz, said the tender had "
            "been rigged against the firm.")
    doc, cands = extract_candidates(text)
    spoken = [c for c in cands if "rigged" in doc.text[c.frame.span[0] : c.frame.span[1]] and c.speaker]
    assert spoken and {(c.claimant, c.speaker.kind) for c in spoken} == {("Greyfield Logistics", "organisation")}


ACCUSER_STORY = (
    "Councillor Ada Brook accused Selwick Water of hiding leaks from its customers. "
    "Brook said the company had not repaired a single main in two years. "
    "Selwick Water said it had not hidden anything from anyone."
)


def test_an_accuser_saying_what_the_accused_failed_to_do_goes_on_accusing():
    """A negation about someone else is no denial from a speaker who accused earlier in the article; the accused
    negating its own conduct still denies."""
    assert {s for _, s in reading_of(ACCUSER_STORY, "not repaired")} == {A}
    assert {s for _, s in reading_of(ACCUSER_STORY, "not hidden")} == {D}


@pytest.mark.parametrize(
    "sentence",
    [
        "Ms Adler, responding to a question from a reporter, gave no further details.",
        "Answering questions in parliament, the minister said the contract was fair.",
    ],
)
def test_replying_to_a_question_is_no_statement_of_its_own(sentence: str):
    """"responding to a question", "answering questions": to what someone spoke, not what they said."""
    _, cands = extract_candidates(sentence)
    assert not [c for c in cands if c.frame.lemma in ("respond", "answer")]


def test_what_was_not_said_is_no_statement():
    """"did not say whether ...", "have not said who ...": no frame of their own, and the clause ends the statement
    before it (its negation is not the speaker's denial)."""
    doc, cands = extract_candidates("The ministry did not say whether the troops had left.")
    assert not [c for c in cands if c.frame.lemma == "say"]
    text = "Norway and Iceland have concluded the cable was cut on purpose, but have not said who might be responsible."
    assert reading_of(text, "concluded") == {("Norway", A), ("Iceland", A)}
    assert not [c for c in extract_candidates(text)[1] if c.frame.lemma == "say"]


@pytest.mark.parametrize(
    "sentence, needle, stance",
    [
        # what is admitted is asserted, though the admitted clause holds a negation
        ("Corvane Labs acknowledged that its vaccine trial had not been blinded.", "acknowledged", A),
        ("Corvane Labs conceded that it never told the regulator about the side effects.", "conceded", A),
        ('"We accept that our estimate did not include the cost of repairs," a spokeswoman for Ostrava Homes said.',
         "We accept", A),
        # a negated admission is none, and a first-person refusal still denies
        ('"We will never accept that our homes were unsafe," a spokeswoman for Ostrava Homes said.', "never accept", D),
    ],
)
def test_an_admission_asserts_a_negated_clause(sentence: str, needle: str, stance: Stance):
    assert {s for _, s in reading_of(sentence, needle)} == {stance}


@pytest.mark.parametrize(
    "sentence, needle, stance",
    [
        # a negation inside a relative clause qualifies a noun; it does not deny what is said
        ("Northway Rail acknowledged that its trains had run on timetables that passengers could never rely on.",
         "acknowledged", A),
        ('The clinic admitted it had used a "trial" drug that regulators had not approved.', "admitted", A),
        # after a noun that takes a that-clause ("the assurance that ...") the negation is the content's own
        ("The ministry gave its assurance that its engineers had no role in the blackout.", "assurance", D),
    ],
)
def test_a_negation_in_a_relative_clause_does_not_make_a_denial(sentence: str, needle: str, stance: Stance):
    assert stance in {s for _, s in reading_of(sentence, needle)}


@pytest.mark.parametrize(
    "sentence, needle, claimant, stance",
    [
        # standing by a claim restates it; standing by someone or something accused defends it
        ("Councillor Ana Ferreira stood by her allegation on Friday.", "stood by", "Ana Ferreira", A),
        ("Harlow Foods stands behind every loaf it has sold.", "stands behind", "Harlow Foods", D),
        # a body named in apposition after the noun of its kind ("Her club, X,") is the subject that speaks
        ("Her club, Rovers Athletic, said the suspension was a scandal.", "scandal", "Rovers Athletic", A),
    ],
)
def test_standing_by_and_bodies_in_apposition(sentence: str, needle: str, claimant: str, stance: Stance):
    assert (claimant, stance) in reading_of(sentence, needle)


def test_feeling_vindicated_denies_what_one_was_accused_of():
    text = "Councillor Ben Achebe said he felt fully vindicated by the audit."
    assert D in {s for _, s in reading_of(text, "vindicated")}


def test_a_named_expert_in_apposition_is_the_subject_and_speaks_for_herself():
    """"X, an economist at Y University, said": X is the sentence's subject (its main statement), and an expert at
    an institution speaks for herself, not for the institution."""
    text = "Omar Haddad, an economist at Lindholm University, said the council had overstated its budget surplus."
    doc, cands = extract_candidates(text)
    said = [c for c in cands if c.frame.lemma == "say"]
    assert said and all(c.frame.main and c.claimant == "Omar Haddad" for c in said)
    assert doc.text[said[0].speaker.start : said[0].speaker.end].startswith("Omar Haddad")


def test_a_verb_form_after_a_determiner_and_a_number_is_a_noun():
    doc = Document("Regulators said the label made a 70 per cent claim.", AliasTable.default())
    assert [f.lemma for f in find_frames(doc) if f.kind == "verb"] == ["say"]


def test_a_body_in_apposition_to_a_described_maker_is_the_subject():
    text = "But the maker of that cereal, Harlow Foods, rejected the contamination claims."
    assert ("Harlow Foods", D) in reading_of(text, "rejected")


@pytest.mark.parametrize(
    "sentence, main",
    [
        # a sentence opening with a prepositional phrase: the clause after its comma is the main clause
        ("In a letter to the regulator published on Monday, Harlow Foods said its flour had never been contaminated.",
         True),
        # a fronted clause with a verb of its own leaves the statement after the comma a clause apart
        ("After the vote was held, Councillor Ben Achebe said the figures were false.", False),
    ],
)
def test_a_fronted_phrase_leaves_the_statement_after_it_the_main_clause(sentence: str, main: bool):
    doc, cands = extract_candidates(sentence)
    said = [c for c in cands if c.frame.lemma == "say"]
    assert said and said[0].frame.main is main


def test_a_dismissive_word_in_single_quotes_still_dismisses():
    text = "Councillor Ben Achebe said the audit of his expenses was 'rubbish'."
    assert ("Ben Achebe", D) in reading_of(text, "rubbish")


def test_whose_speaks_for_the_name_before_it():
    text = "Bookings fell after criticism from Safe Plates, whose inspectors found mould in the hotel kitchens."
    assert ("Safe Plates", A) in reading_of(text, "mould")


@pytest.mark.parametrize("sentence, place", [
    ("Residents along the Pell Valley said the quarry had ignored its noise limits.", "Pell Valley"),
    ("Tests carried out near Lake Ostin showed the water was unsafe, according to the county health office.",
     "Lake Ostin"),
    ("Samples taken after the fish kill on the Marrow River showed high lead levels, the water board said.",
     "Marrow River"),
])
def test_a_place_named_in_the_speaker_phrase_is_nobody(sentence: str, place: str):
    claimants = {c for c, _ in readings(sentence)}
    assert claimants, "the statement is still read"
    assert not any(c and place in c for c in claimants)


def test_a_participle_after_the_speaker_noun_is_no_part_of_its_name():
    sentence = "A clip shared thousands of times online claimed the mayor had been arrested."
    assert not any(c and "shared" in c for c, _ in readings(sentence))
    assert ("Regional anti-corruption prosecutor", Stance.ASSERTS) in readings(
        "The regional anti-corruption prosecutor said the council had rigged the tender.")
