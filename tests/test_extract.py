"""Claim and denial extraction on sentences written for these tests (no dev-set text)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.actors import AliasTable
from workbench.extract import content_blocks, extract_mentions
from workbench.models import ExtractedMention, Stance


def only(text: str, **where) -> ExtractedMention:
    """The single mention whose attributes match `where` (fails with the list when there is not exactly one)."""
    found = [m for m in extract_mentions(text) if all(getattr(m, k) == v for k, v in where.items())]
    assert len(found) == 1, [(m.quote, m.stance, m.claimant) for m in extract_mentions(text)]
    return found[0]


def test_offsets_index_the_text_exactly():
    text = 'Header line\n\n"Serbian units shelled the border village overnight," Croatia\'s defence ministry said on Tuesday.'
    for m in extract_mentions(text):
        assert text[m.char_start : m.char_end] == m.quote


# --- reporting verbs, quotes, according to, hedges -------------------------------------------------------------


def test_quote_with_reporting_verb_after_it():
    text = '"Serbian units shelled the border village overnight," Croatia\'s defence ministry said on Tuesday.'
    m = only(text)
    assert m.quote == "Serbian units shelled the border village overnight"
    assert m.stance is Stance.ASSERTS
    assert m.claimant == "Croatia"
    assert m.speaker == "Croatia's defence ministry"
    assert m.accused == "Serbia"
    assert m.proposition == "Serbia units shelled the border village"


def test_reporting_verb_before_an_unquoted_clause():
    m = only("Poland's foreign minister said that Belarusian guards had pushed migrants across the frontier.")
    assert m.quote == "Poland's foreign minister said that Belarusian guards had pushed migrants across the frontier."
    assert (m.stance, m.claimant, m.accused) == (Stance.ASSERTS, "Poland", "Belarus")
    assert m.proposition == "Belarus guards had pushed migrants across the frontier"


def test_reporting_clause_after_unquoted_speech():
    m = only("Armenian forces fired first at the checkpoint, the Azerbaijani defence ministry said.")
    assert m.quote == "Armenian forces fired first at the checkpoint, the Azerbaijani defence ministry said"
    assert (m.claimant, m.speaker, m.accused) == ("Azerbaijan", "the Azerbaijani defence ministry", "Armenia")
    assert m.proposition == "Armenia forces fired first at the checkpoint"


def test_according_to():
    m = only("According to the Greek coast guard, a Turkish patrol boat rammed the fishing vessel.")
    assert m.quote == "According to the Greek coast guard, a Turkish patrol boat rammed the fishing vessel."
    assert (m.stance, m.claimant, m.accused) == (Stance.ASSERTS, "Greece", "Turkey")
    assert m.proposition == "a Turkey patrol boat rammed the fishing vessel"


def test_quote_introduced_by_a_colon():
    text = 'Latvia\'s prime minister told parliament: "Russian hackers attacked our election servers last night."'
    m = only(text)
    assert m.quote == "Russian hackers attacked our election servers last night."
    assert (m.claimant, m.accused) == ("Latvia", "Russia")


def test_hedges_are_flagged_and_dropped_from_the_proposition():
    m = only("Estonian officials said the undersea cable was allegedly cut by a Chinese-flagged ship.")
    assert m.hedged is True
    assert (m.claimant, m.accused) == ("Estonia", "China")
    assert m.proposition == "the undersea cable was cut by a China-flagged ship"


def test_accusation_gives_claimant_accused_and_proposition():
    m = only("Venezuela accuses Guyana of stealing oil from the disputed region.")
    assert m.quote == "Venezuela accuses Guyana of stealing oil from the disputed region."
    assert (m.stance, m.claimant, m.accused) == (Stance.ASSERTS, "Venezuela", "Guyana")
    assert m.proposition == "Guyana stealing oil from the disputed region"


def test_accusation_with_two_counts():
    text = "Lithuania accuses Belarus of flying balloons into its airspace and of smuggling cigarettes across the border."
    first, second = extract_mentions(text)
    assert first.quote == "Lithuania accuses Belarus of flying balloons into its airspace"
    assert second.quote == "of smuggling cigarettes across the border."
    assert first.claimant == second.claimant == "Lithuania"
    assert (first.accused, second.accused) == ("Belarus", "Belarus")
    assert first.proposition == "Belarus flying balloons into its airspace"
    assert second.proposition == "Belarus smuggling cigarettes across the border"


# --- denials ----------------------------------------------------------------------------------------------------


def test_denied_with_a_gerund_names_the_denier_in_the_proposition():
    m = only("Minsk denied sending troops across the border.")
    assert (m.stance, m.claimant, m.speaker) == (Stance.DENIES, "Belarus", "Minsk")
    assert m.proposition == "Belarus sending troops across the border"


@pytest.mark.parametrize(
    "sentence, claimant",
    [
        ("The Kremlin rejected the accusation as baseless.", "Russia"),
        ("Beijing dismissed the report as groundless.", "China"),
        ("Serbia's president refuted the claim that his army had massed tanks near Kosovo.", "Serbia"),
    ],
)
def test_denial_verbs(sentence: str, claimant: str):
    m = only(sentence)
    assert m.quote == sentence
    assert (m.stance, m.claimant) == (Stance.DENIES, claimant)


def test_refuted_claim_keeps_the_denied_proposition():
    m = only("Serbia's president refuted the claim that his army had massed tanks near Kosovo.")
    assert m.proposition == "his army had massed tanks near Kosovo"
    assert m.accused == "Serbia"


@pytest.mark.parametrize(
    "text, quote, claimant",
    [
        ('"There is no evidence that Turkish pilots crossed the line," a Turkish defence official said.',
         "There is no evidence that Turkish pilots crossed the line", "Turkey"),
        ('"Our navy has never entered Philippine waters," the Chinese embassy said.',
         "Our navy has never entered Philippine waters", "China"),
        ('"We did not fire a single missile at the town," said the Israeli military.',
         "We did not fire a single missile at the town", "Israel"),
    ],
)
def test_denial_cues_in_quotes(text: str, quote: str, claimant: str):
    m = only(text)
    assert (m.quote, m.stance, m.claimant) == (quote, Stance.DENIES, claimant)


def test_negated_own_act_drops_the_negation_from_the_proposition():
    m = only('"We did not fire a single missile at the town," said the Israeli military.')
    assert m.proposition == "Israel fire a single missile at the town"


def test_compact_denial_in_the_same_sentence():
    found = extract_mentions("Washington accuses Tehran of arming militias in Iraq, which Tehran denies.")
    assert [(m.quote, m.stance, m.claimant) for m in found] == [
        ("Washington accuses Tehran of arming militias in Iraq", Stance.ASSERTS, "United States"),
        ("which Tehran denies", Stance.DENIES, "Iran"),
    ]
    allegation, denial = found
    assert denial.denies_mention == 0
    assert denial.proposition == allegation.proposition == "Iran arming militias in Iraq"


def test_compact_denial_as_a_charge_rejected():
    found = extract_mentions("Kyiv says Russian troops executed prisoners near the river, a charge Moscow rejects.")
    assert [(m.quote, m.stance, m.claimant) for m in found] == [
        ("Kyiv says Russian troops executed prisoners near the river", Stance.ASSERTS, "Ukraine"),
        ("a charge Moscow rejects", Stance.DENIES, "Russia"),
    ]
    assert found[1].denies_mention == 0
    assert found[1].proposition == found[0].proposition == "Russia troops executed prisoners near the river"


ARTICLE = """Border row deepens

Moldova's foreign ministry said on Monday that Russian troops in Transnistria had moved artillery closer to the river.

In a statement, the ministry added that the move violated the ceasefire agreement.

Maria Petrova, a spokeswoman for Russia's foreign ministry, dismissed the allegations.

"We reject these accusations, they are pure fiction," she said.

Petrova said Moscow had never deployed artillery in the region.

The spokeswoman later added: "This is a provocation invented in Chisinau."
"""


def test_generic_denial_is_linked_to_the_allegation_it_answers():
    found = extract_mentions(ARTICLE)
    allegation = found[0]
    assert allegation.quote.startswith("Moldova's foreign ministry said on Monday that Russian troops")
    assert (allegation.claimant, allegation.accused) == ("Moldova", "Russia")
    generic = [m for m in found if m.quote == "We reject these accusations, they are pure fiction"]
    assert len(generic) == 1
    denial = generic[0]
    assert (denial.stance, denial.claimant, denial.speaker) == (Stance.DENIES, "Russia", "Maria Petrova")
    assert found[denial.denies_mention].claimant == "Moldova"
    assert found[denial.denies_mention].stance is Stance.ASSERTS
    assert denial.proposition == found[denial.denies_mention].proposition


def test_people_named_with_a_role_resolve_to_their_side_later_in_the_article():
    found = extract_mentions(ARTICLE)
    later = [m for m in found if m.quote.startswith("Petrova said Moscow had never deployed")]
    assert len(later) == 1
    assert (later[0].stance, later[0].claimant, later[0].speaker) == (Stance.DENIES, "Russia", "Petrova")


def test_the_spokeswoman_and_pronouns_go_to_the_most_recent_speaker():
    found = extract_mentions(ARTICLE)
    tail = [m for m in found if m.quote == "This is a provocation invented in Chisinau."]
    assert len(tail) == 1
    assert (tail[0].stance, tail[0].claimant, tail[0].speaker) == (Stance.DENIES, "Russia", "The spokeswoman")
    quoted = [m for m in found if m.quote == "We reject these accusations, they are pure fiction"]
    assert quoted[0].speaker == "Maria Petrova"  # "she" is the most recent speaker


def test_apposition_after_the_name_gives_the_affiliation():
    text = (
        'Jan Horak, the spokesman for Slovakia\'s interior ministry, said Hungarian police had detained '
        'three Slovak journalists.\n\n"Horak is simply wrong," a Hungarian government spokesman said.'
    )
    first = extract_mentions(text)[0]
    assert (first.claimant, first.speaker, first.accused) == ("Slovakia", "Jan Horak", "Hungary")


# --- what is not a claim ------------------------------------------------------------------------------------


def test_negated_and_conditional_reports_are_not_claims():
    assert extract_mentions("NATO stopped short of accusing Russia of cutting the cable.") == []
    assert extract_mentions(
        '"Should the inquiry confirm it, we will hold Minsk responsible," the Lithuanian president said.'
    ) == []


def test_sabotage_without_a_named_culprit_is_not_a_claim():
    assert extract_mentions("Danish investigators said the pipeline had been damaged deliberately.") == []


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


# --- mutual accusations, contrasts, echoes ------------------------------------------------------------------


def test_mutual_accusations_give_one_mention_per_side():
    found = extract_mentions("Armenia and Azerbaijan traded accusations over the shelling of the border post.")
    assert sorted((m.claimant, m.accused) for m in found) == [("Armenia", "Azerbaijan"), ("Azerbaijan", "Armenia")]
    assert {m.quote for m in found} == {"Armenia and Azerbaijan traded accusations over the shelling of the border post."}


def test_contrast_gives_an_assertion_and_a_denial():
    text = '"Gang members from Haiti set the fire, not the Dominican police," the Haitian interior minister said.'
    found = extract_mentions(text)
    assert [(m.quote, m.stance, m.claimant) for m in found] == [
        ("Gang members from Haiti set the fire", Stance.ASSERTS, "Haiti"),
        ("not the Dominican police", Stance.DENIES, "Haiti"),
    ]


def test_echo_copies_the_stance_of_the_statement_it_repeats():
    text = (
        "Chile's foreign ministry rejected the accusation as false.\n\n"
        "Officials at the Chilean embassy in Lima said the same."
    )
    found = extract_mentions(text)
    assert [(m.stance, m.claimant) for m in found] == [(Stance.DENIES, "Chile"), (Stance.DENIES, "Chile")]


# --- aliases from the database ----------------------------------------------------------------------------


def test_user_alias_table_is_used():
    rows = [("Ruritania", "Ruritania", "country", None), ("Strelsau", "Ruritania", "country", None),
            ("Graustark", "Graustark", "country", None)]
    table = AliasTable.from_rows(rows)
    m = extract_mentions("Strelsau said that Graustark troops had crossed the border.", table)
    assert [(x.claimant, x.accused) for x in m] == [("Ruritania", "Graustark")]


def test_empty_and_blank_text():
    assert extract_mentions("") == []
    assert extract_mentions("   \n\n ") == []


_PIECES = list('abcXYZ .,"“”\'’:;-\n') + ["said ", "Russia ", "denied ", "which ", "accused ", "Tehran ", "of ", "not "]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=80).map("".join))
def test_any_text_gives_exact_spans(text: str):
    for m in extract_mentions(text):
        assert text[m.char_start : m.char_end] == m.quote
        assert 0 <= m.char_start < m.char_end <= len(text)
        assert m.denies_mention is None or 0 <= m.denies_mention < len(extract_mentions(text))
