"""The pure matcher: normalisation, retrieval and scoring, and the fast path held equal to the slow reference."""

from __future__ import annotations

import random

import pytest

from workbench.config import Settings
from workbench.actors import seed_rows
from workbench.match import (
    Candidate,
    MatchIndex,
    Normalizer,
    Retrieval,
    accused_of,
    decide,
    default_normalizer,
    reference_search,
    stem,
)
from workbench.match.retrieval import idf_of
from workbench.match.search import direction_weight
from workbench.text.cues import sounds_like_denial

AUTO, SUGGEST = Settings().match_auto, Settings().match_suggest


@pytest.fixture(scope="module")
def norm() -> Normalizer:
    return default_normalizer()


def test_stem_gives_one_form_per_word() -> None:
    assert {stem("supplied"), stem("supplies"), stem("supply"), stem("supplying")} == {"supply"}
    assert stem("drones") == stem("drone")
    assert stem("sent") == "send"
    # an irregular form gets the stem of its regular forms
    assert stem("gave") == stem("given") == stem("gives") == stem("give")
    assert stem("struck") == stem("strikes")
    assert stem("stopped") == "stop"
    assert stem("gas") == "gas"


def test_aliases_synonyms_and_lemmas_give_the_same_terms(norm: Normalizer) -> None:
    a = norm.analyze("Tehran has been delivering UAVs to Moscow")
    b = norm.analyze("Iran supplied drones to Russia")
    assert a.terms == b.terms == ("@iran", "supply", "dron", "@russia")
    assert a.actors == {"@iran", "@russia"}


def test_reporting_and_denial_words_are_not_content(norm: Normalizer) -> None:
    denial = norm.analyze("Officials flatly denied the false claims that Iran sent drones to Russia", "Iran", "denies")
    assert denial.terms == ("@iran", "supply", "dron", "@russia")


def test_direction_of_supply(norm: Normalizer) -> None:
    assert norm.analyze("Iran sends drones to Russia").direction == ("@iran", "@russia")
    assert norm.analyze("Russia sends drones to Iran").direction == ("@russia", "@iran")
    assert norm.analyze("Russia has received drones from Iran").direction == ("@iran", "@russia")
    assert norm.analyze("Drones were delivered to Russia by Iran").direction == ("@iran", "@russia")
    assert norm.analyze("Iran and Russia talked about drones").direction is None
    # an irregular past of a supply verb is one too
    gave = norm.analyze("Tehran has never given drones to Moscow")
    assert (gave.terms, gave.direction) == (("@iran", "supply", "dron", "@russia"), ("@iran", "@russia"))
    # the helper comes after "from" when the helped one is the subject
    helped = norm.analyze("Russia is building a drone factory with help from Iran")
    helping = norm.analyze("Iran is helping Russia build a drone factory")
    assert helped.direction == helping.direction == ("@iran", "@russia")


def test_years_and_numbers_are_kept(norm: Normalizer) -> None:
    p = norm.analyze("Pyongyang shipped two million shells to Moscow in 2023")
    assert p.years == {2023}
    assert {"2", "1000000"} <= p.numbers
    assert "#2023" in p.terms


def test_we_is_the_claimant_and_a_denial_refers_to_the_denier(norm: Normalizer) -> None:
    p = norm.analyze("We never sent a single drone to Russia", "Iran", "denies")
    assert p.terms[0] == "@iran"
    assert p.claimant == ("@iran",)
    joint = norm.analyze("We share their view", "France; Germany; United States")
    assert joint.claimant == ("@france", "@germany", "@united_states")


def test_lowercase_query_still_finds_actors(norm: Normalizer) -> None:
    assert norm.analyze("iran sends drones to russia").actors == {"@iran", "@russia"}
    # "us" in lower case is a pronoun, not the United States
    assert "@united_states" not in norm.analyze("they lied to us about the drones").actors


def _with_people(*people: tuple[str, str, str | None]) -> Normalizer:
    """The seed's alias table plus people a desk added (the seed ships none): (alias, name, affiliation)."""
    return Normalizer([*seed_rows(), *((alias, name, "person", affiliation) for alias, name, affiliation in people)])


def test_may_the_month_is_not_theresa_may() -> None:
    norm = _with_people(("Theresa May", "Theresa May", "United Kingdom"), ("May", "Theresa May", "United Kingdom"))
    assert "@united_kingdom" not in norm.analyze("The shells arrived in May 2023").actors
    assert "@united_kingdom" in norm.analyze("May said the attack was reckless").actors


def test_a_text_without_stance_sounds_like_a_denial_by_the_shared_cues() -> None:
    assert sounds_like_denial("Tehran rejected the report as baseless")
    assert sounds_like_denial("The mayor never signed that contract")
    assert sounds_like_denial("The viral video of the flood is a hoax")
    assert not sounds_like_denial("Tehran sends drones to Moscow")


def _index(*claims: tuple[int, str, str | None, str]) -> MatchIndex:
    index = MatchIndex()
    for claim_id, text, claimant, stance in claims:
        index.add(claim_id, text, claimant, stance)
    return index


def test_paraphrase_from_another_outlet_joins() -> None:
    index = _index((1, "Iran has supplied hundreds of Shahed drones to Russia", "United States", "asserts"))
    found = index.search("Tehran delivered UAVs to Moscow, Washington says", "United States")
    assert decide(found, AUTO, SUGGEST).kind == "joined"


def test_denial_joins_the_claim_it_denies() -> None:
    index = _index((1, "Iran has supplied hundreds of Shahed drones to Russia", "United States", "asserts"))
    found = index.search("Iran has never sent any drones to Russia", "Iran", stance="denies")
    decision = decide(found, AUTO, SUGGEST)
    assert (decision.kind, decision.claim_id) == ("joined", 1)


def test_an_admission_by_the_denier_sides_with_the_claim_a_plain_statement_does_not() -> None:
    index = _index((1, "The Chilean navy entered Peruvian waters last week", "Peru", "asserts"))
    index.add(1, "Chile denies its navy entered Peruvian waters", "Chile", "denies")
    admitted, = index.search("Chile admitted that its navy had entered Peruvian waters", "Chile", top=1)
    said, = index.search("Chile said that its navy had entered Peruvian waters", "Chile", top=1)
    assert (admitted.features.role_agree, admitted.features.role_conflict) == (1.0, 0.0)
    assert (said.features.role_agree, said.features.role_conflict) == (0.0, 1.0)
    assert admitted.score > said.score


def test_claims_scored_on_their_own_come_best_first_scored_as_a_search_among_them_scores_them() -> None:
    index = _index((1, "Iran supplied drones to Russia", "Ukraine", "asserts"),
                   (2, "North Korea shipped artillery shells to Russia", "Ukraine", "asserts"),
                   (3, "China sold microchips to Russia", "Ukraine", "asserts"))
    index.remove_claim(3)
    context = {1: 1.0, 2: 0.5}
    prop = index.normalizer.analyze("Pyongyang delivered shells to Moscow", "Ukraine")
    title = "Seoul says Pyongyang arms Moscow"
    found = index.score_claims(prop, [1, 2, 3, 99], context=context, topic=title)
    assert [c.claim_id for c in found] == [2, 1]  # a removed claim and an unknown one are left out
    searched = index.search(prop.text, "Ukraine", context=context, topic=title)
    assert [(c.claim_id, c.score, c.bm25) for c in found] == [(c.claim_id, c.score, c.bm25) for c in searched]
    assert found[0].score >= AUTO > found[1].score
    assert found[1].breakdown and found[1].compared_text == prop.norm
    brief = index.score_claims(prop, [1, 2], context=context, topic=title, explain=1)
    assert [(c.claim_id, c.score) for c in brief] == [(2, found[0].score), (1, found[1].score)]
    assert brief[0].breakdown == found[0].breakdown and brief[1].breakdown == {}
    alone = index.score_claim(prop, 1, context=context)
    assert alone is not None and alone.claim_id == 1 and alone.bm25 == found[1].bm25
    assert index.score_claim(prop, 3) is None and index.score_claims(prop, []) == []


def test_a_claim_kept_apart_still_counts_when_the_others_are_ranked() -> None:
    # a reviewer rejected the best match: it is not returned, and the runner-up is scored as the runner-up it is
    # (not as the best match by BM25 it would seem with the first one gone)
    index = _index((1, "Iran supplied drones to Russia", "Ukraine", "asserts"),
                   (2, "Iran supplied missiles to Russia", "Ukraine", "asserts"))
    text = "Tehran keeps supplying drones to Moscow"
    both = {c.claim_id: c for c in index.search(text, "Ukraine", top=2)}
    assert list(both) == [1, 2] and both[1].bm25 > both[2].bm25
    [runner_up] = index.search(text, "Ukraine", top=2, exclude=[1])
    assert runner_up.claim_id == 2
    assert (runner_up.score, runner_up.features) == (both[2].score, both[2].features)


def test_supplied_drones_and_supplied_missiles_do_not_merge() -> None:
    index = _index((1, "Iran supplied drones to Russia", "Ukraine", "asserts"))
    found = index.search("Iran supplied ballistic missiles to Russia", "Ukraine")
    assert decide(found, AUTO, SUGGEST).kind != "joined"


def test_iran_to_russia_and_russia_to_iran_do_not_merge() -> None:
    index = _index((1, "Iran supplied drones to Russia", "Ukraine", "asserts"))
    found = index.search("Russia supplied drones to Iran", "Ukraine")
    assert found[0].direction_score == -1.0
    assert found[0].score <= 40.0
    assert decide(found, AUTO, SUGGEST).kind != "joined"


def test_2022_and_2024_do_not_merge() -> None:
    index = _index((1, "North Korea sent artillery shells to Russia in 2022", "South Korea", "asserts"))
    found = index.search("North Korea sent artillery shells to Russia in 2024", "South Korea")
    assert found[0].number_score < 0
    assert decide(found, AUTO, SUGGEST).kind != "joined"
    same_year = index.search("In 2022 Pyongyang shipped shells to Moscow", "South Korea")
    assert decide(same_year, AUTO, SUGGEST).kind == "joined"


def test_mirror_accusations_stay_apart() -> None:
    index = _index((1, "Russia blew up the dam, Ukraine says", "Ukraine", "asserts"))
    found = index.search("Ukraine blew up the dam, Russia says", "Russia")
    assert found[0].breakdown["accused"] == -1.0
    assert decide(found, AUTO, SUGGEST).kind != "joined"


def test_decide_uses_both_thresholds() -> None:
    def cand(score: float) -> list[Candidate]:
        return [Candidate(7, score, score, 0.0, 0.0, 0.0)]

    assert decide([], 80, 60).kind == "new"
    assert decide(cand(80), 80, 60) .kind == "joined"
    assert decide(cand(79.9), 80, 60).kind == "suggested"
    assert decide(cand(60), 80, 60).claim_id == 7
    assert decide(cand(59.9), 80, 60).kind == "new"


def test_breakdown_says_what_was_compared() -> None:
    index = _index((1, "Iran supplied drones to Russia", "Ukraine", "asserts"))
    best = index.search("Tehran sent UAVs to Moscow", "Ukraine")[0]
    assert best.compared_text == "@iran supply dron @russia"
    assert best.candidate_text == "@iran supply dron @russia"
    assert best.rep_text == "Iran supplied drones to Russia"
    assert best.text_score == 1.0
    assert best.breakdown["query_accused"] == ["@iran", "@russia"]


def test_removed_and_renamed_claims() -> None:
    index = _index((1, "Iran supplied drones to Russia", None, "asserts"), (2, "China sold chips to Russia", None, "asserts"))
    index.rename_claim(2, 20)
    assert [c.claim_id for c in index.search("China sold chips to Russia")][:1] == [20]
    index.remove_claim(20)
    assert 20 not in index
    assert all(c.claim_id != 20 for c in index.search("China sold chips to Russia"))
    assert len(index) == 1


def test_title_words_help_retrieval_but_weigh_less() -> None:
    index = MatchIndex()
    index.add(1, "The vaccine alters your genes", topic="Do mRNA shots change human DNA?")
    index.add(2, "The shots contain microchips", topic="Vaccine microchip rumour")
    assert index.search("mRNA vaccine changes DNA")[0].claim_id == 1


def test_a_post_that_repeats_a_claims_headline_ranks_that_claim_first() -> None:
    """Without a claimant only the wording tells the claims apart: BM25 prefers the claim sharing more words, but
    the post repeats every word of the other claim's headline and a quarter of the first one's (by idf)."""
    post = "Bedtime for the children at the library on weekends: the mayor read to the kids"
    index = MatchIndex()
    index.add(1, "Children will no longer be read bedtime stories at the public library on weekends",
              topic="Is the Town Ending Weekend Story Hour?")
    index.add(2, "A picture shows the mayor reading a story aloud at a public library",
              topic="Did the Mayor Read to Kids at the Library?")
    index.add(3, "The new bridge over the river cost twice its budget", topic="Bridge Costs Doubled?")
    found = {c.claim_id: c for c in index.search(post, top=2)}
    assert found[2].bm25 < found[1].bm25  # BM25 alone would put claim 1 first
    assert found[2].features.headline == 1.0 > found[1].features.headline
    # the model's part for the headline of a text without a claimant weighs for claim 2
    part = [sum(v for k, v in found[c].breakdown["contributions"].items() if "headline" in k) for c in (2, 1)]
    assert part[0] > part[1]
    # a mention with a claimant is compared as before: the headline counts only for a text without one
    said = index.search(post, "Ana Ruiz", top=1)[0]
    assert said.features.unattributed == 0.0 and said.features.unattributed_headline == 0.0
    # a claim without titles is compared by its wordings instead
    bare = MatchIndex()
    bare.add(1, "The mayor read to kids at the library")
    assert bare.search("the mayor read to the kids at the library today, lovely", top=1)[0].features.headline == 1.0
    # the headline is among the titles of the claim's first four articles only
    for title in ("Council budget row deepens", "Bridge repairs delayed again", "Harbour fees to rise",
                  "Bus lanes extended", "Mayor Reads to Kids at Library"):
        bare.add_topic(1, title)
    assert bare.search("the mayor read to the kids at the library today, lovely", top=1)[0].features.headline == 0.0


# --- the fast path against the obvious one (like RapidFuzz's C++ against its Python) ----------------------

ACTORS = ["Iran", "Russia", "Ukraine", "North Korea", "China", "the United States", "Israel", "Hamas"]
VERBS = ["supplied", "sent", "sold", "denied sending", "delivered", "shipped", "built", "attacked", "funded"]
THINGS = ["drones", "missiles", "shells", "chips", "rifles", "a factory", "the dam", "the pipeline", "tanks"]
EXTRA = ["in 2022", "in 2023", "last year", "secretly", "for months", "10 times", "again", "", "", ""]


def _sentence(rng: random.Random) -> str:
    a, b = rng.sample(ACTORS, 2)
    return f"{a} {rng.choice(VERBS)} {rng.choice(THINGS)} to {b} {rng.choice(EXTRA)}".strip()


@pytest.mark.parametrize("seed", range(6))
def test_fast_search_equals_reference_on_random_data(seed: int) -> None:
    rng = random.Random(seed)
    index = MatchIndex(candidates=8, reps_per_claim=3)
    for i in range(rng.randint(20, 80)):
        claim_id = rng.randint(1, 25)
        index.add(claim_id, _sentence(rng), rng.choice(ACTORS + [None]), rng.choice(["asserts", "denies"]),
                  topic=rng.choice([None, _sentence(rng)]))
    if seed % 2:
        index.remove_claim(rng.randint(1, 25))
    for _ in range(25):
        text = rng.choice([_sentence(rng), _sentence(rng), "This is a lie", "Nonsense, they said"])
        claimant = rng.choice(ACTORS + [None])
        stance = rng.choice(["asserts", "denies"])
        context = {rng.randint(1, 25): 1.0} if rng.random() < 0.3 else None
        topic = rng.choice([None, _sentence(rng)])
        enough = rng.choice([None, 0.3, 0.6])
        fast = index.search(text, claimant, top=5, stance=stance, context=context, topic=topic, enough=enough)
        slow = reference_search(index, text, claimant, top=5, stance=stance, context=context, topic=topic,
                                enough=enough)
        assert [c.claim_id for c in fast] == [c.claim_id for c in slow]
        assert [c.score for c in fast] == [c.score for c in slow]
        assert [c.bm25 for c in fast] == [c.bm25 for c in slow]


@pytest.mark.parametrize("seed", range(4))
def test_searches_between_adds_and_removals_equal_the_reference(seed: int) -> None:
    """The index keeps what searches look up again (idf of terms, the claims naming two actors) until the claims
    change: searched between adds and removals, as an import does, it still gives the reference's results."""
    rng = random.Random(900 + seed)
    index = MatchIndex(candidates=8)
    for claim_id in range(1, 15):
        index.add(claim_id, _sentence(rng), rng.choice(ACTORS), rng.choice(["asserts", "denies"]))
    next_id = 15
    for _ in range(120):
        step = rng.random()
        if step < 0.35:
            claim_id = rng.choice([next_id, rng.randint(1, next_id - 1)])
            next_id += claim_id == next_id
            index.add(claim_id, _sentence(rng), rng.choice(ACTORS + [None]), rng.choice(["asserts", "denies"]))
        elif step < 0.4:
            index.remove_claim(rng.randint(1, next_id - 1))
        else:
            text, claimant = _sentence(rng), rng.choice(ACTORS + [None])
            stance, enough = rng.choice(["asserts", "denies"]), rng.choice([None, 0.6])
            fast = index.search(text, claimant, top=3, stance=stance, enough=enough)
            slow = reference_search(index, text, claimant, top=3, stance=stance, enough=enough)
            assert [(c.claim_id, c.score, c.bm25) for c in fast] == [(c.claim_id, c.score, c.bm25) for c in slow]
    assert index._pair_blocks  # the searches did go through the kept pair blocks


def test_a_kept_pair_block_takes_in_claims_added_after_it() -> None:
    index = MatchIndex()
    index.add(1, "Iran sent drones to Russia in 2022", "Ukraine")
    index.add(2, "Iran sold oil to China", "the United States")
    found = index.search("Tehran shipped drones to Moscow", "Ukraine", top=5, enough=0.6)
    assert [c.claim_id for c in found] == [1]
    index.add(3, "Russia sent wheat to Iran", "Israel")  # names Iran and Russia: now in their block
    found = index.search("Tehran shipped drones to Moscow", "Ukraine", top=5, enough=0.6)
    assert sorted(c.claim_id for c in found) == [1, 3]
    index.remove_claim(1)
    found = index.search("Tehran shipped drones to Moscow", "Ukraine", top=5, enough=0.6)
    assert sorted(c.claim_id for c in found) == [2, 3]  # (claim 3 alone scores too little: every claim naming one)
    slow = reference_search(index, "Tehran shipped drones to Moscow", "Ukraine", top=5, enough=0.6)
    assert [(c.claim_id, c.score) for c in found] == [(c.claim_id, c.score) for c in slow]
    # a word's rarity follows the claims: "wheat" in one live claim of two, then in two of three
    wheat = index.normalizer.analyze("wheat").terms[0]
    before = index.idf(wheat)
    assert before == idf_of(2, 1)
    index.add(4, "Ukraine sent wheat to Egypt")
    assert index.idf(wheat) == idf_of(3, 2) < before
    # one claim removed and another added: as many claims as before, one fewer with "wheat"
    index.remove_claim(4)
    index.add(5, "Chile sold copper to Peru")
    assert index.idf(wheat) == idf_of(3, 1)


def test_the_search_of_claims_naming_one_actor_does_not_score_again_those_naming_two(monkeypatch) -> None:
    """A search falls back from the claims naming two of its actors to those naming one when none of the first
    scores `enough`: the claims it compared already keep their wording scores (the model scores them again: how
    their BM25 compares with the best one's depends on which claims the rank retrieved)."""
    from workbench.match import search as search_module

    index = MatchIndex()
    index.add(1, "Iran sent drones to Russia in 2022", "Ukraine")
    index.add(2, "Iran sold oil to China", "the United States")
    index.add(3, "Russia sent wheat to Egypt", "Israel")
    scored: list[int] = []
    compared: list[str] = []
    score, cdist = MatchIndex._scored, search_module.process.cdist

    def counting_score(self, query, slot, *args):
        scored.append(self._claims[slot].claim_id)
        return score(self, query, slot, *args)

    def counting_cdist(queries, choices, **kwargs):
        compared.extend(choices)
        return cdist(queries, choices, **kwargs)

    monkeypatch.setattr(MatchIndex, "_scored", counting_score)
    monkeypatch.setattr(search_module.process, "cdist", counting_cdist)
    found = index.search("Tehran shipped missiles to Moscow", "Ukraine", top=3, enough=0.99)
    assert sorted(c.claim_id for c in found) == [1, 2, 3]  # the claims naming Iran or Russia, not only both
    assert sorted(set(scored)) == [1, 2, 3] and scored.count(2) == scored.count(3) == 1
    assert len(compared) == 3  # each claim's one wording compared once, claim 1's in the first rank
    monkeypatch.undo()
    slow = reference_search(index, "Tehran shipped missiles to Moscow", "Ukraine", top=3, enough=0.99)
    assert [(c.claim_id, c.score, c.bm25, c.text_score) for c in found] == [
        (c.claim_id, c.score, c.bm25, c.text_score) for c in slow]


WIDE_ACTORS = ACTORS + ["France", "Japan", "Brazil", "Turkey", "Poland", "Egypt", "India", "Mexico", "Canada",
                       "Norway", "Chile", "Kenya", "Peru", "Spain", "Greece", "Vietnam"]


@pytest.mark.parametrize("seed", range(3))
def test_block_scoring_from_dense_arrays_equals_the_full_pass_and_the_reference(seed: int) -> None:
    """Common terms get dense arrays; a small block is scored from them (and the rare terms' postings), a big
    one by the full pass masked to the block: both give the reference's claims and scores, to the bit."""
    rng = random.Random(300 + seed)
    gathered = MatchIndex(candidates=6, dense_from=8, block_share=1.0)
    masked = MatchIndex(candidates=6, dense_from=10**9, block_share=0.0)

    def wide() -> str:
        a, b = rng.sample(WIDE_ACTORS, 2)
        return f"{a} {rng.choice(VERBS)} {rng.choice(THINGS)} to {b} {rng.choice(EXTRA)}".strip()

    for claim_id in range(1, 240):
        text, claimant, topic = wide(), rng.choice(WIDE_ACTORS + [None]), rng.choice([None, wide()])
        for index in (gathered, masked):
            index.add(claim_id, text, claimant, topic=topic)
    for claim_id in rng.sample(range(1, 240), 20):
        for index in (gathered, masked):
            index.remove_claim(claim_id)
    assert gathered._dense and not masked._dense
    for _ in range(40):
        text, claimant = rng.choice([wide(), "They shipped drones again in 2023"]), rng.choice(WIDE_ACTORS + [None])
        prop = gathered.normalizer.analyze(text, claimant)
        assert gathered.retrieve(prop) == masked.retrieve(prop)
        fast = gathered.search(text, claimant, top=4)
        slow = reference_search(gathered, text, claimant, top=4)
        assert [(c.claim_id, c.score, c.bm25) for c in fast] == [(c.claim_id, c.score, c.bm25) for c in slow]


def test_a_mention_naming_an_actor_is_compared_with_claims_naming_one() -> None:
    index = MatchIndex()
    index.add(1, "Norway sold fighter jets to Chile in 2021")
    index.add(2, "Fighter jets were sold in 2021 to an unnamed buyer")
    index.add(3, "Chile bought rice from Vietnam")
    # names Chile: only claims naming Chile (1 and 3) are candidates, however many words claim 2 shares
    assert {c.claim_id for c in index.search("Chile paid for fighter jets sold in 2021", "Peru", top=5)} == {1, 3}
    # names nobody: every claim sharing a word is a candidate
    assert {c.claim_id for c in index.search("fighter jets were sold in 2021", "Peru", top=5)} == {1, 2}
    # a text without a claimant (a post) names people and places in passing: no blocking
    assert {c.claim_id for c in index.search("Chile paid for fighter jets sold in 2021", top=5)} == {1, 2, 3}
    # a denial that names only its claimant is compared with the claims naming the claimant
    assert {c.claim_id for c in index.search("This is a lie about jets", "Norway", stance="denies", top=5)} == {1}


def test_claims_going_the_mentions_way_are_shortlisted_first() -> None:
    def best(other: str, weights: Retrieval) -> tuple[int, float]:
        index = MatchIndex(rerank=1, params=weights)
        index.add(1, other, "Israel")
        index.add(2, "Iran sent drones to Russia in secret by the Caspian sea route", "Israel")
        found = index.search("Iran sent drones to Russia", "Ukraine", top=1)[0]
        return found.claim_id, found.score

    # a claim that goes the other way, or from Iran to someone else, is capped
    for other in ("Russia sent drones to Iran", "Iran sent drones to Syria and Russia"):
        # by wording and BM25 alone it comes first, and the model does not join it
        assert best(other, Retrieval(shortlist_direction=0.0))[0] == 1
        # the claim that goes Iran -> Russia gets the one full score instead
        assert best(other, Retrieval())[0] == 2
    # the direction read from a text without a claimant (a post) is less sure: it weighs a quarter as much
    post = Normalizer().analyze("Iran sent drones to Russia")
    said = Normalizer().analyze("Iran sent drones to Russia", "Kyiv")
    assert (direction_weight(post, Retrieval()), direction_weight(said, Retrieval())) == (0.25, 1.0)


def test_an_import_tries_the_claims_naming_two_of_the_actors_first() -> None:
    index = MatchIndex()
    index.add(1, "Iran sent drones to Russia", "Ukraine")
    index.add(2, "Iran is arming its allies with drones", "Israel")
    index.add(3, "Russia bought drones from Belarus", "Poland")
    text = "Tehran shipped drones to Moscow last year"
    # a lookup compares the text with every claim naming Iran or Russia
    assert [c.claim_id for c in index.search(text, "United States")] == [1, 2, 3]
    # the import's search: claim 1 names both and scores enough, so the claims naming one are not scored
    first = index.search(text, "United States", enough=0.5)
    assert [c.claim_id for c in first] == [1] and first[0].score >= 0.5
    # none of the claims naming both scores enough: compared with every claim naming one, as a lookup is
    assert [c.claim_id for c in index.search(text, "United States", enough=1.01)] == [1, 2, 3]
    # no claim names Iran and Belarus together: the same as a lookup
    other = "Iran sent drones to Belarus"
    assert index.search(other, "United States", enough=0.5) == index.search(other, "United States")
    assert sorted(c.claim_id for c in index.search(other, "United States", enough=0.5)) == [1, 2, 3]
    # an assertion's claimant is not what it is about: "the US says Iran ..." names no pair
    assert index._pair_block(index.normalizer.analyze("The US says Iran sent drones", "United States")) is None


@pytest.mark.parametrize("seed", range(3))
def test_with_room_for_every_claim_the_fast_path_scores_them_all(seed: int) -> None:
    rng = random.Random(100 + seed)
    index = MatchIndex(candidates=1000, rerank=1000, params=Retrieval(shortlist_ratio=0.0))
    for claim_id in range(1, 40):
        index.add(claim_id, _sentence(rng))
    for _ in range(10):
        text = _sentence(rng)
        prop = index.normalizer.analyze(text)
        sharing = {c.claim_id for c in index._claims if c.term_weight.keys() & set(prop.terms)}
        found = index.search(text, top=1000)
        assert {c.claim_id for c in found} == sharing
        assert found == reference_search(index, text, top=1000)


def test_a_country_named_as_a_place_is_not_an_actor(norm: Normalizer) -> None:
    # "French airspace" says where the plane flew, not who did something
    prop = norm.analyze("A cargo plane crossed French airspace without clearance, said Spain.", "Spain")
    assert "@france" not in prop.actors
    assert "airspac" in prop.terms
    # the same country as the subject stays an actor
    assert "@france" in norm.analyze("France sent a cargo plane, said Spain.", "Spain").actors


def test_misfire_and_origin_wordings_are_one_term(norm: Normalizer) -> None:
    a = norm.analyze("the blast came from an errant rocket", "Israel")
    b = norm.analyze("the blast came from a misfired rocket", "Israel")
    assert a.term_set == b.term_set
    c = norm.analyze("the drifting buoy came from Norway", "Sweden")
    d = norm.analyze("the drifting buoy did originate in Norway", "Sweden")
    assert c.term_set == d.term_set


def test_an_alias_with_an_apostrophe_s_is_found_whole(norm: Normalizer) -> None:
    prop = norm.analyze("Officials of the People's Republic of China rejected the report.", "Japan")
    assert "@china" in prop.actors and "@taiwan" not in prop.actors
    # a possessive still ends an alias elsewhere: "Russia's" is not part of a longer name
    assert norm.analyze("Russia's navy blocked the strait, Japan said.", "Japan").actors >= {"@russia"}


def test_repeated_wordings_are_remembered_newest_first_up_to_a_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    import workbench.match.retrieval as match_module

    monkeypatch.setattr(match_module, "_MAX_WORDINGS", 20)
    index = MatchIndex(params=Retrieval(informative=4.0))  # thirty claims alike: their shared words weigh little
    countries = WIDE_ACTORS[8:]
    pairs = [(a, b) for a in countries for b in countries if a != b][:30]
    for claim_id, (a, b) in enumerate(pairs, start=1):
        index.add(claim_id, f"{a} shipped rifles and tanks to {b} in 2021", "Kenya")
    first = index.normalizer.analyze(f"{pairs[0][0]} shipped rifles and tanks to {pairs[0][1]} in 2021", "Kenya")
    last = index.normalizer.analyze(f"{pairs[-1][0]} shipped rifles and tanks to {pairs[-1][1]} in 2021", "Kenya")
    assert len(index._wordings) <= 20
    assert index.repeat_of(first) is None  # forgotten: the oldest go first
    assert index.repeat_of(last) == 30
    # who says it and how, and the order of the words, are not part of the wording; the direction is
    a, b = pairs[-1]
    assert index.repeat_of(index.normalizer.analyze(last.text, "Peru")) == 30
    assert index.repeat_of(index.normalizer.analyze(last.text, a, "denies")) == 30
    assert index.repeat_of(index.normalizer.analyze(f"In 2021 {a} shipped tanks and rifles to {b}", "Peru")) == 30
    reverse = index.normalizer.analyze(f"{b} shipped rifles and tanks to {a} in 2021", "Kenya")
    assert reverse.term_set == last.term_set and index.repeat_of(reverse) != 30


def test_a_vague_mention_is_looked_up_by_its_articles_title_too() -> None:
    index = MatchIndex()
    index.add(1, "Norway sold fighter jets to Chile", "Peru", topic="Peru says Norway armed Chile with jets")
    index.add(2, "Norway dumped waste oil in the fjord", "Sweden", topic="Fjord pollution row deepens")
    for claim_id in range(3, 40):  # other stories, so that words have their weight
        index.add(claim_id, f"{WIDE_ACTORS[claim_id % len(WIDE_ACTORS)]} built {claim_id} bridges", "Kenya")
    vague = index.normalizer.analyze("This is a lie", "Norway", "denies")
    assert index.vagueness(vague) == 1.0
    assert index.vagueness(index.normalizer.analyze("Norway sold fighter jets to Chile in 2020", "Peru")) == 0.0
    found = index.search("This is a lie", "Norway", stance="denies", topic="Oslo denies selling jets to Chile")
    assert found[0].claim_id == 1
    found = index.search("This is a lie", "Norway", stance="denies", topic="Oslo rejects fjord pollution claims")
    assert found[0].claim_id == 2
    # said by someone the index has never heard of: its own words find nothing, its article's title does
    assert index.search("It is a straight lie", "Dana Holt", stance="denies") == []
    found = index.search("It is a straight lie", "Dana Holt", stance="denies", topic="Adviser scoffs at fjord claims")
    assert [c.claim_id for c in found][:1] == [2]
    # an informative mention is looked up by its own words: the title adds no query terms
    prop = index.normalizer.analyze("Norway sold fighter jets to Chile in 2020", "Peru")
    assert index._query_terms(prop, ("fjord", "pollut")) == index._query_terms(prop)


def test_a_claimant_whose_name_has_and_in_it_is_one_actor(norm: Normalizer) -> None:
    assert norm.claimant_terms("Antigua and Barbuda") == ("@antigua_and_barbuda",)
    assert norm.claimant_terms("Bosnia and Herzegovina") == ("@bosnia_and_herzegovina",)
    assert norm.claimant_terms("France and Germany") == ("@france", "@germany")  # a joint statement
    denial = norm.analyze("Antiguan officials say it never sent rifles to Belize", "Antigua and Barbuda", "denies")
    assert denial.terms[0] == "@antigua_and_barbuda" and "@barbuda" not in denial.terms


def test_a_famous_surname_after_someone_elses_first_name_is_not_that_person() -> None:
    norm = _with_people(("Boris Johnson", "Boris Johnson", "United Kingdom"), ("Johnson", "Boris Johnson", "United Kingdom"))
    assert "@@boris_johnson" not in norm.analyze("Dwayne Johnson says the vaccine is safe").terms
    assert "@@boris_johnson" not in norm.analyze("Magic Johnson met the team").terms
    for text in ("Boris Johnson accused Moscow", "Johnson accused Moscow", "Britain's Johnson accused Moscow",
                 "Yesterday Johnson accused Moscow", "Mr Johnson accused Moscow"):
        assert "@@boris_johnson" in norm.analyze(text).terms, text


def test_members_of_a_collective_named_together_stand_for_it(norm: Normalizer) -> None:
    joint = norm.analyze("Moscow says France, Germany and the UK cut the undersea cable", "Russia")
    assert joint.terms == ("@russia", "@western_nations", "decreas", "undersea", "cabl")
    assert joint.actors == {"@russia", "@western_nations"}
    # named apart (an envoy *to* the EU, a British lab) they stay themselves
    apart = norm.analyze("Russia's envoy to the European Union said a British lab made the toxin", "Russia")
    assert apart.actors == {"@russia", "@european_union", "@united_kingdom"}
    # a text without a claimant (a post) names places in passing: they stay themselves
    assert norm.analyze("Towns in France and Britain are lawless").actors == {"@france", "@united_kingdom"}
    # countries that are not members are not the West
    assert norm.analyze("Iran and North Korea armed Russia", "Ukraine").actors == {"@iran", "@north_korea", "@russia"}


def test_a_members_denial_answers_a_claim_about_its_collective(norm: Normalizer) -> None:
    denial = norm.analyze("We had nothing to do with it", "Norway", "denies")
    assert denial.claimant_groups == {"@western_nations"}
    assert accused_of(denial) == {"@norway"}  # what the claim it joins learns: Norway denies it
    index = _index((1, "Moscow blamed the West for cutting the undersea cable", "Russia", "asserts"),
                   (2, "Russia accused Washington of cutting the undersea cable", "Russia", "asserts"))
    joint = index.search("Russia says France and Germany cut the undersea cable", "Russia")
    assert [c.claim_id for c in joint] == [1, 2] and joint[0].score >= AUTO > joint[1].score
    # Norway is named by neither claim, but the first accuses the West, which Norway is part of
    found = index.search("The claim that we cut the cable is absurd", "Norway", stance="denies")
    assert [(c.claim_id, c.breakdown["accused"]) for c in found] == [(1, 1.0)]
    assert decide(found, AUTO, SUGGEST).claim_id == 1  # joined, or at least put to a reviewer


def test_where_a_thing_came_from_is_not_what_it_was_for() -> None:
    index = _index((1, "The buoy that washed up near Gotland was collecting intelligence on naval traffic", "Sweden",
                    "asserts"))
    origin = index.search("The buoy found near Gotland originated in Russia", "Sweden")
    assert [c.claim_id for c in origin] == [1] and decide(origin, AUTO, SUGGEST).kind != "joined"
    index.add(2, "The buoy that washed up near Gotland came from Russia", "Sweden", "asserts")
    assert [c.claim_id for c in index.search("The buoy found near Gotland originated in Russia", "Sweden")] == [2]
    purpose = index.search("The buoy found near Gotland was spying on warships", "Sweden")
    assert [c.claim_id for c in purpose] == [1, 2] and purpose[0].score > purpose[1].score


def test_allies_of_a_member_are_its_collective(norm: Normalizer) -> None:
    assert norm.analyze("Canada and its allies supplied tanks to Kyiv", "Russia").terms == (
        "@canada", "@western_nations", "supply", "tank", "@ukraine")
    assert norm.analyze("We and our partners had no part in the blast", "Canada", "denies").terms == (
        "@canada", "@western_nations", "destroy")
    # the allies of an actor that belongs to no collective are no one in particular
    assert norm.analyze("Russia and its allies held drills", "Canada").terms == ("@russia", "hold", "drill")


def test_a_nerve_agent_is_not_a_poisoning_and_making_keeping_and_using_it_are_three_claims(norm: Normalizer) -> None:
    assert norm.analyze("The defector was poisoned with a nerve gas", "Lithuania").terms == (
        "defector", "poison", "nerv", "agent")
    index = _index((1, "Belarus was behind the poisoning of the defector", "Lithuania", "asserts"),
                   (2, "Belarus developed the nerve agent in a military lab", "Lithuania", "asserts"),
                   (3, "Belarus keeps a secret stockpile of the nerve agent", "Lithuania", "asserts"))
    made = index.search("Belarus never had a programme to develop such a toxic agent", "Belarus", stance="denies")
    assert [c.claim_id for c in made] == [2, 3] and made[0].score >= AUTO > made[1].score
    kept = index.search("Belarus possesses no such chemical agents", "Belarus", stance="denies")
    assert [c.claim_id for c in kept] == [3, 2] and kept[0].score >= AUTO > kept[1].score
    assert [c.claim_id for c in index.search("Belarus poisoned the defector", "Poland")] == [1]


def test_a_wording_of_actors_alone_is_not_close_to_every_text_naming_them() -> None:
    index = _index((1, "Oslo rejected the accusation.", "Norway", "denies"))
    # token_set_ratio would be 100: the one term "@norway" is a subset of the text
    found = index.search("Norway failed to answer the request about the missing tanker", "Sweden")
    assert [(c.claim_id, c.features.wording) for c in found] == [(1, 0.0)] and found[0].score < AUTO
    # a text that says nothing more is still compared by its wording
    same = index.search("Norway rejected it", "Sweden")
    assert [(c.claim_id, c.features.wording) for c in same] == [(1, 1.0)] and same[0].score > found[0].score


def test_a_thing_named_by_any_wording_of_a_claim_counts_against_another_thing() -> None:
    index = _index((1, "Lithuania says Belarus was responsible for the attack on the defector", "Lithuania", "asserts"),
                   (1, "Belarus was behind the poisoning of the defector", "Lithuania", "asserts"))
    # the closest wording names no weapon-related act, the other says "poisoning": producing is another claim
    found = index.search("Lithuania says the defector was attacked with a nerve agent produced by Belarus", "Lithuania")
    assert [(c.claim_id, c.features.thing_conflict) for c in found] == [(1, 1.0)]
    assert decide(found, AUTO, SUGGEST).kind != "joined"
    assert found[0].rep_text == "Lithuania says Belarus was responsible for the attack on the defector"


def test_providing_evidence_is_not_supplying(norm: Normalizer) -> None:
    assert norm.analyze("Tehran has provided no evidence for its claim", "Ukraine").terms == ("@iran",)
    assert norm.analyze("Minsk must immediately provide full and complete disclosure of its programme",
                        "Ukraine").terms == ("@belarus", "full", "complet", "disclosur", "develop")
    assert norm.analyze("Tehran provided drones to Moscow", "Ukraine").terms == ("@iran", "supply", "dron", "@russia")
    # the verb goes, the rest of the sentence stays
    assert norm.analyze("Tehran offered no proof that it sent no drones", "Ukraine").terms == ("@iran", "supply", "dron")
    # giving support is supporting, not supplying; giving drones is supplying
    support = norm.analyze("Tehran gave its full support to Moscow", "Russia")
    assert support.terms == ("@iran", "full", "support", "@russia")
    # backing someone is one word, helping them do something another
    assert norm.analyze("Tehran is assisting Moscow", "Russia").terms == ("@iran", "help", "@russia")
    assert norm.analyze("Tehran helped Moscow build a drone plant", "Ukraine").terms[:3] == ("@iran", "help", "@russia")
    assert norm.analyze("Tehran gave drones to Moscow", "Ukraine").terms == ("@iran", "supply", "dron", "@russia")


def test_a_propositions_wording_key_is_computed_once_and_survives_pickling() -> None:
    import pickle

    from workbench.match import default_normalizer, wording_key

    prop = default_normalizer().analyze("Tehran sold drones to Moscow in 2022", "United States", "asserts")
    same = default_normalizer().analyze("Iran supplied UAVs to Russia in 2022", "US", "asserts")
    denial = default_normalizer().analyze("Iran supplied UAVs to Russia in 2022", "Iran", "denies")
    other = default_normalizer().analyze("Russia supplied UAVs to Iran in 2022", "US", "asserts")
    assert prop.wording == wording_key(prop) == same.wording == denial.wording != other.wording
    assert prop._wording == prop.wording  # kept on the instance
    copy = pickle.loads(pickle.dumps(prop))
    assert copy._wording == prop.wording and copy == prop


def test_claims_going_the_other_way_are_compared_only_when_they_could_make_the_shortlist(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Of many claims between the same two actors, those going the mention's way are shortlisted before the
    others: the others' wordings are compared only when the shortlist could depend on them, and the results
    are the reference's, to the bit."""
    calls: list[tuple[bool, bool]] = []  # (compared only some claims' wordings, compared the rest after that)
    scores = MatchIndex._wording_scores

    def recorded(self, prop, slots, workers, which, values=None):  # type: ignore[no-untyped-def]
        calls.append((which is not None and not all(which), values is not None))
        return scores(self, prop, slots, workers, which, values)

    monkeypatch.setattr(MatchIndex, "_wording_scores", recorded)
    for seed in range(4):
        rng = random.Random(700 + seed)
        index = MatchIndex(candidates=12)
        pair = ["Iran", "Russia"]
        for claim_id in range(1, 90):
            a, b = rng.sample(pair, 2)
            text = f"{a} {rng.choice(VERBS)} {rng.choice(THINGS)} to {b} {rng.choice(EXTRA)}".strip()
            index.add(claim_id, text, rng.choice(ACTORS), rng.choice(["asserts", "denies"]))
        for _ in range(30):
            a, b = rng.sample(pair, 2)
            text = f"{a} {rng.choice(VERBS)} {rng.choice(THINGS)} to {b} {rng.choice(EXTRA)}".strip()
            claimant, stance = rng.choice(ACTORS), rng.choice(["asserts", "denies"])
            context = {rng.randint(1, 89): 1.0} if rng.random() < 0.3 else None
            fast = index.search(text, claimant, top=3, stance=stance, context=context, enough=0.6)
            slow = reference_search(index, text, claimant, top=3, stance=stance, context=context, enough=0.6)
            assert [(c.claim_id, c.score, c.bm25) for c in fast] == [(c.claim_id, c.score, c.bm25) for c in slow]
    some, rest = sum(part for part, _ in calls), sum(again for _, again in calls)
    assert some - rest >= 10  # searches that compared only some retrieved claims' wordings, and settled it
    assert rest >= 1  # and some that needed the rest after all


def test_a_mention_without_the_year_leans_on_the_claim_its_article_just_mentioned() -> None:
    """Articles name the year once: a later mention without it ("Iran keeps sending drones to Russia") is about
    the claim of the year the article mentioned, not the same claim in another year. Without the article's
    claims to go by, nothing tells the two apart; a mention naming the other year stays with that year."""
    index = MatchIndex()
    index.add(1, "Iran sent drones to Russia in 2022", "Ukraine")
    index.add(2, "Iran sent drones to Russia in 2023", "Ukraine")
    text = "Iran keeps sending drones to Russia"
    alone = index.search(text, "Poland", top=2)
    assert alone[0].score == alone[1].score and alone[0].context_score == 0.0
    for claim_id, other in ((1, 2), (2, 1)):
        found = index.search(text, "Poland", top=2, context={claim_id: 1.0})
        assert [c.claim_id for c in found] == [claim_id, other] and found[0].score > found[1].score
        assert found[0].context_score > 0.0 == found[1].context_score
        denial = index.search("Tehran denies sending drones to Moscow", "Iran", stance="denies", top=1,
                              context={claim_id: 1.0})
        assert denial[0].claim_id == claim_id and denial[0].context_score > 0.0
    dated = index.search("Iran sent drones to Russia in 2023", "Poland", top=1, context={1: 1.0})
    assert dated[0].claim_id == 2 and dated[0].context_score == 0.0


def test_intensifiers_say_nothing_a_denial_is_about() -> None:
    """"Pure fabrication", "an utter lie": the intensifier carries no content, so such a denial is as vague as "a
    lie" and is read in its article's context."""
    normalizer = MatchIndex().normalizer
    for text in ("The report is pure fabrication.", "That is an utter lie", "A blatant, outright lie", "sheer nonsense"):
        assert normalizer.analyze(text, "Iran", "denies").terms == (), text
    assert normalizer.analyze("Iran sold enriched uranium to Russia", "Chile").terms == ("@iran", "supply", "enrich", "uranium", "@russia")
