"""Counter-claims: a denial of a party's account lands on that party's claim, the counter-claim is linked
`contradicts` to the allegation it answers, the claim page shows the link, and reviewers (only) add and remove
links. Sentences are our own; databases are real DuckDB files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench import pipeline, review
from workbench.access import User
from workbench.errors import PermissionDenied
from workbench.extract import extract_mentions
from workbench.match import default_normalizer
from workbench.match.relations import ContextMention, contradictions
from workbench.models import Role, Stance
from workbench.store import relations as relations_store
from workbench.store.connection import connect, query, scalar, transaction

ARTICLE = (
    "Australia accused Indonesia of shipping rifles to the rebels in the north. "
    "Indonesia said the rifles had been smuggled to the rebels by criminal gangs operating from Australia. "
    "Malaysia accused Vietnam of letting smugglers sell stolen fuel at its northern ports. "
    "Canberra rejected Jakarta's account."
)


def _find(mentions, words: str):
    [m] = [m for m in mentions if words in m.quote]
    return m


def test_a_denial_of_a_partys_account_denies_that_partys_claim_not_the_allegation() -> None:
    mentions = extract_mentions(ARTICLE)
    rejection = _find(mentions, "rejected Jakarta's account")
    assert rejection.stance is Stance.DENIES and rejection.claimant == "Australia"
    target = mentions[rejection.denies_mention]
    # Indonesia's own account, though Malaysia's statement stands nearer before the rejection
    assert target.claimant == "Indonesia" and "criminal gangs" in target.quote
    assert "criminal gangs" in rejection.proposition


def test_a_generic_denial_without_an_owner_still_denies_the_nearest_assertion_by_someone_else() -> None:
    text = ("Chile accused Peru of dumping waste in the river. "
            "Peru rejected the accusation.")
    mentions = extract_mentions(text)
    rejection = _find(mentions, "rejected the accusation")
    assert mentions[rejection.denies_mention].claimant == "Chile"


def _ingest(tmp_path: Path, db: Path) -> None:
    article = tmp_path / "article.json"
    article.write_text(json.dumps({"url": "https://example.org/rifles", "title": "Whose rifles?",
                                   "outlet": "Test Gazette", "published": "2024-03-02", "text": ARTICLE}))
    report = pipeline.ingest_paths(db, [article])
    assert not report.errors


def _claim_of(con, words: str, stance: str | None = None) -> int:
    [row] = query(con, "SELECT claim_id FROM mentions WHERE quote LIKE ? AND (? IS NULL OR stance = ?)",
                  [f"%{words}%", stance, stance])
    return int(row["claim_id"])


def test_the_rejection_joins_the_counter_claim_which_is_linked_to_the_allegation(tmp_path: Path, db_path: Path) -> None:
    _ingest(tmp_path, db_path)
    with connect(db_path) as con:
        allegation = _claim_of(con, "accused Indonesia")
        counter = _claim_of(con, "criminal gangs", "asserts")
        rejection = _claim_of(con, "rejected Jakarta's account")
        assert counter != allegation
        assert rejection == counter
        # the accused's account also denies the allegation it answers: that reading joins the allegation
        assert _claim_of(con, "criminal gangs", "denies") == allegation
        links = relations_store.links(con)
    assert [(r["claim_id"], r["other_claim_id"], r["relation"], r["source"]) for r in links] == [
        (counter, allegation, "contradicts", "matcher")]


def _mention(claim_id: int, text: str, claimant: str, stance: str = "asserts", context: int = 1) -> ContextMention:
    prop = default_normalizer().analyze(text, claimant, stance, quote=f"{claimant} said {text}")
    return ContextMention(claim_id, context, prop)


def test_the_rule_needs_a_party_against_the_claim_shared_words_and_no_admission() -> None:
    allegation = _mention(1, "Chile dumped chemical waste into the border river", "Peru")
    counter = _mention(2, "the chemical waste in the border river came from a Peruvian mine", "Chile")
    unrelated = _mention(3, "the new trade agreement will lower tariffs on copper", "Chile")
    assert contradictions([allegation, counter, unrelated]) == [(2, 1)]
    # in another article the two claims say nothing to each other
    assert contradictions([allegation, _mention(2, counter.prop.text, "Chile", context=2)]) == []
    # what the accused concedes agrees with the allegation
    admission = ContextMention(4, 1, default_normalizer().analyze(
        "some chemical waste reached the border river", "Chile", "asserts",
        quote="Chile acknowledged that some chemical waste reached the border river"))
    assert contradictions([allegation, admission]) == []
    # a third party's statement is no answer of the accused (and accuses no one the allegation's claimant answers)
    bystander = _mention(5, "the chemical waste in the border river came from an old mine upstream", "Bolivia")
    assert contradictions([allegation, bystander]) == []
    # but the allegation answers a statement that accuses its own claimant
    accusing_peru = _mention(6, "the chemical waste in the border river came from a Peruvian mine", "Bolivia")
    assert contradictions([allegation, accusing_peru]) == [(1, 6)]


def test_the_same_allegation_told_by_a_party_the_allegation_names_contradicts_nothing() -> None:
    """Two pieces of one allegation (a split the matcher left) are no counter-claim of each other because a party
    named in one tells the other: the victim repeating whom it accuses agrees with the accuser."""
    third_party = _mention(1, "Ecuador must stop burning villages in Colombia", "Panama")
    victim = _mention(2, "Ecuador keeps burning villages", "Colombia")
    assert contradictions([third_party, victim]) == []
    # while the party accused, denying it, answers with another culprit: that contradicts it
    denial = ContextMention(1, 1, default_normalizer().analyze("Ecuador never burned any village", "Ecuador",
                                                                "denies"))
    answer = _mention(3, "the villages in Colombia were burned by Venezuelan gangs", "Ecuador")
    assert contradictions([third_party, victim, denial, answer]) == [(3, 1), (3, 2)]


def test_a_reviewer_removes_and_adds_links_a_viewer_cannot(tmp_path: Path, db_path: Path) -> None:
    _ingest(tmp_path, db_path)
    reviewer = User("rex@desk.example", Role.REVIEWER, name="Rex")
    viewer = User("vera@desk.example", Role.VIEWER, name="Vera")
    with connect(db_path) as con:
        allegation = _claim_of(con, "accused Indonesia")
        counter = _claim_of(con, "criminal gangs", "asserts")
        malaysia = _claim_of(con, "stolen fuel")
        with pytest.raises(PermissionDenied):
            review.remove_relation(con, allegation, counter, viewer)
        with pytest.raises(PermissionDenied):
            review.add_relation(con, malaysia, counter, viewer)
        assert len(relations_store.links(con)) == 1

        with transaction(con):
            assert review.remove_relation(con, allegation, counter, reviewer)  # either way round
        assert relations_store.links(con) == []
        assert not review.remove_relation(con, allegation, counter, reviewer)
        # the matcher does not bring a removed link back when the article's mentions are placed again
        from workbench import clustering
        from workbench.relations import link_counter_claims

        assert link_counter_claims(con, clustering.load_index(con).normalizer, None) == 0
        assert relations_store.links(con) == []

        with transaction(con):
            assert review.add_relation(con, malaysia, counter, reviewer)
        assert not review.add_relation(con, counter, malaysia, reviewer)  # linked already, either way round
        [link] = relations_store.links(con)
        assert (link["claim_id"], link["other_claim_id"], link["source"], link["created_by"]) == (
            malaysia, counter, "reviewer", "rex@desk.example")
        events = query(con, "SELECT action, reviewer, entity FROM events WHERE entity = 'claim_relation'"
                            " ORDER BY event_id")
        assert [(e["action"], e["reviewer"]) for e in events] == [
            ("link removed", "rex@desk.example"), ("link added", "rex@desk.example")]
        assert scalar(con, "SELECT count(*) FROM claim_relations") == 2  # the removed one kept as removed


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from workbench.demo import build_demo

    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(db)
    return db


def test_the_demo_claim_page_lists_the_counter_claim_and_a_reviewer_can_remove_it(demo_db: Path, tmp_path: Path) -> None:
    from app_fixtures import links, no_errors, open_page

    db = tmp_path / "demo.duckdb"
    db.write_bytes(demo_db.read_bytes())
    with connect(db) as con:
        # Kyiv's rejection of Tehran's account denies Iran's counter-claim, not the allegation Iran answered
        [rejection] = query(con, "SELECT claim_id, stance FROM mentions WHERE quote = 'Kyiv rejected Tehran''s account.'")
        assert rejection["stance"] == "denies"
        counter = rejection["claim_id"]
        assert scalar(con, "SELECT count(*) FROM mentions m JOIN actors a ON a.actor_id = m.claimant_id"
                           " WHERE m.claim_id = ? AND m.stance = 'asserts' AND a.name = 'Iran'"
                           " AND m.quote LIKE '%deliveries were made months before%'", [counter]) == 1
        # it contradicts the allegation it answers (and any claim of the allegation's that the demo splits off)
        contradicted = [r["other_claim_id"] for r in relations_store.links_of(con, counter) if r["outgoing"]]
        [allegation] = [c for c in contradicted if scalar(
            con, "SELECT count(*) FROM mentions WHERE claim_id = ? AND stance = 'asserts'"
                 " AND quote LIKE '%Iranian drones delivered to Russia%'", [c]) >= 1]

    at = open_page(db, "claim", id=allegation)
    no_errors(at)
    assert "Counter-claims" in [s.value for s in at.subheader]
    assert "**Contradicted by**" in [m.value for m in at.markdown]
    assert any(page == "claim" and query_string == f"id={counter}" for _, page, query_string in links(at))

    at = open_page(db, "claim", id=counter)
    assert "**Contradicts**" in [m.value for m in at.markdown]
    [remove] = [b for b in at.button if b.key == f"unlink_{counter}_{allegation}"]
    at = remove.click().run()
    no_errors(at)
    assert not any(b.key == f"unlink_{counter}_{allegation}" for b in at.button)
    with connect(db) as con:
        assert all(allegation not in (r["claim_id"], r["other_claim_id"]) or counter not in (r["claim_id"], r["other_claim_id"])
                   for r in relations_store.links(con))
        assert scalar(con, "SELECT reviewer FROM events WHERE action = 'link removed'") == "Tess Moreau"


def test_the_eval_counts_gold_contradicts_pairs_linked_and_wrong_links(tmp_path: Path) -> None:
    from workbench.match_eval import load_contradicts, score_contradicts

    (tmp_path / "canonical_claims.json").write_text(json.dumps([
        {"canonical": "a", "related": [{"canonical": "b", "relation": "contradicts"},
                                       {"canonical": "c", "relation": "sibling"}]},
        {"canonical": "b", "related": [{"canonical": "a", "relation": "contradicts"}]},
        {"canonical": "d", "related": [{"canonical": "e", "relation": "contradicts"}]},
    ]))
    gold = load_contradicts(tmp_path)
    assert gold == {frozenset("ab"), frozenset("de")}
    # claims 1, 2 stand for a (majority), 3 for b, 4 for c; no claim for d or e
    predicted, truth = [1, 1, 2, 3, 4, 1], ["a", "a", "a", "b", "c", "b"]
    figures = score_contradicts(gold, predicted, truth, [(3, 1), (4, 1), (2, 1)])
    assert figures == {"contradicts_gold_pairs": 1, "contradicts_linked": 1, "contradicts_links": 3,
                       "contradicts_wrong_links": 2}
    assert load_contradicts(tmp_path / "missing") is None


def test_a_party_that_admits_part_of_an_allegation_and_gives_its_own_account_contradicts_it() -> None:
    def admitted(claim_id: int, text: str, claimant: str) -> ContextMention:
        prop = default_normalizer().analyze(text, claimant, "asserts", quote=f"{claimant} acknowledged that {text}")
        return ContextMention(claim_id, 1, prop)

    allegation = _mention(1, "Chile sold assault rifles to the rebels in Bolivia", "Peru")
    admission = admitted(1, "Chile had sold some assault rifles to Bolivia", "Chile")
    assert admission.prop.admits
    account = _mention(2, "the assault rifles were sold to Bolivia years before the rebellion began", "Chile")
    assert contradictions([allegation, admission, account]) == [(2, 1)]
    # a claim only the party itself admits is no one's allegation: its own account does not answer it
    assert contradictions([admitted(1, "Chile had sold some assault rifles to Bolivia", "Chile"), account]) == []
