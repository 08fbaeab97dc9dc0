"""The shared text toolkit: extraction and matching read a text's words and names the same way."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from workbench.actors import seed_rows
from workbench.match.actors import actor_term
from workbench.match.propositions import Normalizer
from workbench.text.aliases import AliasTable
from workbench.text.lemmas import stem, verb_forms
from workbench.text.tokens import word_tokens

# two people known by their surname alone, as a desk adds them
PEOPLE = [("Theresa May", "Theresa May", "person", "United Kingdom"), ("May", "Theresa May", "person", "United Kingdom"),
          ("Boris Johnson", "Boris Johnson", "person", "United Kingdom"),
          ("Johnson", "Boris Johnson", "person", "United Kingdom")]
ROWS = [*seed_rows(), *PEOPLE]


def test_one_tokenizer_keeps_numbers_whole_and_flags_possessives() -> None:
    toks = word_tokens("The council's 1,250 homes cost 2.5 million in the U.S.")
    assert [t.norm for t in toks] == ["the", "council", "1250", "homes", "cost", "2.5", "million", "in", "the", "us"]
    assert toks[1].possessive and toks[1].raw == "council"
    assert all(t.raw == "The council's 1,250 homes cost 2.5 million in the U.S."[t.start:t.end] for t in toks)


def _extraction_reads(table: AliasTable, sentence: str) -> set[str]:
    return {actor_term(h.entry.canonical) for h in table.find_all(sentence) if h.entry is not None}


def _matching_reads(normalizer: Normalizer, sentence: str) -> set[str]:
    return set(normalizer.analyze(sentence).actors)


@pytest.mark.parametrize("sentence, who", [
    ("May told the committee the border plan would hold.", {"@united_kingdom"}),
    ("In May the committee voted to close the depot.", set()),
    ("The depot closed on May 4 after the vote.", set()),
    ("Prime Minister Johnson told reporters the deal was done.", {"@united_kingdom"}),
    ("Dwayne Johnson thanked the crowd in Lisbon.", {"@portugal"}),
    ("Two fighter jets entered Polish airspace on Friday.", set()),
    ("The People's Republic of China said the cargo ship was lost.", {"@china"}),
    ("Germany's economy ministry said the figures were wrong.", {"@germany"}),
])
def test_extraction_and_matching_read_the_same_actors(sentence: str, who: set[str]) -> None:
    table, normalizer = AliasTable.from_rows(ROWS), Normalizer(ROWS)
    assert _extraction_reads(table, sentence) == who
    assert _matching_reads(normalizer, sentence) == who


def test_names_that_are_ordinary_words_need_capitals_in_running_text() -> None:
    table = AliasTable.from_rows(ROWS)
    assert _extraction_reads(table, "The turkey was roasted for the holiday dinner.") == set()
    assert _extraction_reads(table, "Officials in Turkey said the border was open.") == {"@turkey"}
    assert _matching_reads(Normalizer(ROWS), "the turkey was roasted for the holiday dinner") == set()


def test_every_form_of_a_cue_verb_has_the_stem_of_its_lemma() -> None:
    """The cue vocabulary's verb forms and the matcher's stems come from one table of irregular English."""
    for lemma, forms in verb_forms().items():
        for form in forms:
            if form.isalpha():
                assert stem(form) == stem(lemma), (lemma, form)
    for form, lemma in (("found", "find"), ("denied", "deny"), ("supplies", "supply"), ("shown", "show")):
        assert stem(form) == stem(lemma)


def test_only_the_text_toolkit_defines_tokenizers_stemmers_and_alias_scanners() -> None:
    """One text toolkit (`workbench/text/`): no other module defines its own."""
    toolkit = {"tokens", "word_tokens", "stem", "fold", "alias_key", "ActorScanner", "AliasTable", "Cues"}
    root = Path(__file__).resolve().parent.parent / "workbench"
    found = []
    for path in root.rglob("*.py"):
        if path.parent.name == "text":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in toolkit:
                found.append(f"{path.relative_to(root)}: {node.name}")
    assert found == []


@pytest.mark.parametrize(("pasted", "kept", "gone"), [
    # a handle inside the sentence names what the post is about: it is read as words
    ("Just dropped my @CityBikes pass after the third fare rise this year", ["City", "Bikes", "fare"], []),
    ("Someone should ask @MayorJaneDoe why the library closed", ["Mayor", "Jane", "Doe", "library"], []),
    # handles a post is addressed to (a reply) or tagged with at its end say nothing of the claim
    ("@quiet_reader @nightowl the tram line was never finished", ["tram"], ["quiet", "nightowl"]),
    ("The tram line was never finished @desk_one @desk_two", ["tram"], ["desk"]),
    (".@harbour_watch the pier was sold in 2019", ["pier", "2019"], ["harbour"]),
])
def test_a_pasted_post_keeps_the_handles_it_speaks_of(pasted: str, kept: list[str], gone: list[str]) -> None:
    from workbench.text.posts import clean_pasted, split_handles

    words = split_handles(clean_pasted(pasted)).split()
    assert all(k in words for k in kept), words
    assert not any(g in w.lower() for g in gone for w in words), words
