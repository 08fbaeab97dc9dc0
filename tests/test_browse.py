"""The dashboard's read-side queries (workbench.store.browse, workbench.store.sources) on a small database whose every count is known."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app_fixtures import Sample

from workbench import review
from workbench.store import actors as actor_store
from workbench.store import articles as article_store

from workbench.store import browse, sources

from workbench import explain
from workbench.store.browse import ClaimFilters
from workbench.store.connection import connect, transaction


def ids(page: browse.Page) -> list[int]:
    return [row["claim_id"] for row in page.rows]


def claims(sample: Sample, **filters) -> list[int]:
    with connect(sample.path) as con:
        return sorted(ids(browse.claim_list(con, ClaimFilters(**filters))))


def test_overview_of_an_empty_database_is_all_zeros(empty_db: Path) -> None:
    with connect(empty_db) as con:
        data = browse.overview(con)
    assert data["counts"] == {
        "claims": 0, "mentions": 0, "articles": 0, "outlets": 0, "awaiting_review": 0, "contested": 0,
        "open_suggestions": 0, "pending_mentions": 0,
    }
    assert [r["status"] for r in data["by_status"]] == ["unstarted", "in progress", "inconclusive", "resolved"]
    assert [r["verdict"] for r in data["by_verdict"]][-1] == "no verdict"
    assert data["weekly"] == [] and data["claimants"] == [] and data["recent"] == []


def test_overview_counts_claims_mentions_sources_and_contested(sample: Sample) -> None:
    with connect(sample.path) as con:
        data = browse.overview(con)
    assert data["counts"] == {
        "claims": 3, "mentions": 6, "articles": 2, "outlets": 2, "awaiting_review": 2, "contested": 1,
        "open_suggestions": 1, "pending_mentions": 4,
    }
    assert {r["status"]: r["claims"] for r in data["by_status"]} == {
        "unstarted": 2, "in progress": 0, "inconclusive": 0, "resolved": 1}
    assert {r["verdict"]: r["claims"] for r in data["by_verdict"]}["false"] == 1
    assert {r["verdict"]: r["claims"] for r in data["by_verdict"]}["no verdict"] == 2


def test_mentions_per_week_are_split_by_stance(sample: Sample) -> None:
    with connect(sample.path) as con:
        weekly = browse.overview(con)["weekly"]
    assert weekly == [
        {"week": dt.date(2023, 5, 1), "stance": "asserts", "mentions": 1},
        {"week": dt.date(2023, 5, 1), "stance": "denies", "mentions": 1},
        {"week": dt.date(2023, 5, 15), "stance": "asserts", "mentions": 1},
        {"week": dt.date(2023, 5, 15), "stance": "denies", "mentions": 1},
        {"week": dt.date(2023, 5, 29), "stance": "asserts", "mentions": 1},
        {"week": dt.date(2023, 7, 17), "stance": "asserts", "mentions": 1},
    ]


def test_top_claimants_count_asserting_and_denying_separately(sample: Sample) -> None:
    with connect(sample.path) as con:
        top = browse.overview(con, top=10)["claimants"]
    assert top[0] == {"claimant": "Russia", "asserts": 1, "denies": 1, "total": 2}
    assert {r["claimant"]: (r["asserts"], r["denies"]) for r in top[1:]} == {
        "Iran": (0, 1), "Ukraine": (1, 0), "United Kingdom": (1, 0), "United States": (1, 0)}


def test_recently_active_claims_put_the_last_reviewed_first(sample: Sample) -> None:
    with connect(sample.path) as con, transaction(con):
        con.execute("UPDATE claims SET updated_at = current_timestamp + INTERVAL 1 HOUR WHERE claim_id = ?", [sample.factory])
    with connect(sample.path) as con:
        recent = browse.overview(con)["recent"]
    assert recent[0]["claim_id"] == sample.factory
    assert {r["claim_id"] for r in recent} == {sample.drones, sample.factory, sample.corridor}


def test_claim_search_matches_claim_text_quotes_and_ids(sample: Sample) -> None:
    assert claims(sample, text="grain") == [sample.corridor]
    assert claims(sample, text="ARRIVING in russia") == [sample.drones]  # a quote, any case
    assert claims(sample, text=f"#{sample.factory}") == [sample.factory]
    assert claims(sample, text="%' OR 1=1 --") == []


def test_claim_filters_status_verdict_accused_and_contested(sample: Sample) -> None:
    assert claims(sample, status=("resolved",)) == [sample.corridor]
    assert claims(sample, status=("unstarted", "resolved")) == sorted([sample.drones, sample.factory, sample.corridor])
    assert claims(sample, verdict=("no verdict",)) == sorted([sample.drones, sample.factory])
    assert claims(sample, verdict=("false",)) == [sample.corridor]
    assert claims(sample, accused="Turkey") == [sample.corridor]
    assert claims(sample, contested=True) == [sample.drones]
    assert claims(sample, status=("bogus",)) == sorted([sample.drones, sample.factory, sample.corridor])


def test_claimant_outlet_and_dates_must_hold_for_one_and_the_same_mention(sample: Sample) -> None:
    assert claims(sample, claimant="Iran") == [sample.drones]
    assert claims(sample, outlet="North Ledger") == [sample.drones]
    assert claims(sample, date_from=dt.date(2023, 6, 1), date_to=dt.date(2023, 6, 30)) == [sample.factory]
    assert claims(sample, claimant="Ukraine", outlet="North Ledger") == [sample.drones]
    # Ukraine spoke only in the North Ledger article: no claim has a Ukrainian mention in the Harbor Times.
    assert claims(sample, claimant="Ukraine", outlet="Harbor Times") == []
    assert claims(sample, claimant="Russia", date_from=dt.date(2023, 7, 1)) == [sample.corridor]


def test_claim_rows_carry_counts_and_who_asserts_and_denies(sample: Sample) -> None:
    with connect(sample.path) as con:
        row = browse.claim_list(con, ClaimFilters(text="attack drones")).rows[0]
    assert (row["mentions"], row["asserts"], row["denies"]) == (4, 2, 2)
    assert sorted(row["asserted_by"]) == ["Ukraine", "United States"]
    assert sorted(row["denied_by"]) == ["Iran", "Russia"]
    assert (row["first_seen"], row["last_seen"]) == (dt.date(2023, 5, 2), dt.date(2023, 5, 20))


def test_claims_sort_and_page_with_limit_and_offset(sample: Sample) -> None:
    with connect(sample.path) as con:
        by_mentions = browse.claim_list(con, ClaimFilters(sort="mentions"))
        newest = browse.claim_list(con, ClaimFilters(sort="newest"))
        second = browse.claim_list(con, ClaimFilters(sort="oldest"), page=2, page_size=1)
        past_end = browse.claim_list(con, ClaimFilters(sort="oldest"), page=9, page_size=2)
        injected = browse.claim_list(con, ClaimFilters(sort="claim_id; DROP TABLE claims"))
    assert ids(by_mentions)[0] == sample.drones
    assert ids(newest) == [sample.corridor, sample.factory, sample.drones]
    assert (ids(second), second.total, second.pages, second.first, second.last) == ([sample.factory], 3, 3, 2, 2)
    assert (past_end.page, ids(past_end)) == (2, [sample.corridor])
    assert injected.total == 3


def test_merged_claims_are_hidden_from_lists(sample: Sample) -> None:
    with connect(sample.path) as con, transaction(con):
        con.execute("UPDATE claims SET merged_into = ? WHERE claim_id = ?", [sample.drones, sample.factory])
    assert claims(sample) == sorted([sample.drones, sample.corridor])
    with connect(sample.path) as con:
        assert browse.claim_detail(con, sample.factory)["merged_into"] == sample.drones


def test_filter_options_list_claimants_accused_and_outlets(sample: Sample) -> None:
    with connect(sample.path) as con:
        options = browse.claim_filter_options(con)
    assert options["claimants"] == ["Iran", "Russia", "Ukraine", "United Kingdom", "United States"]
    assert options["accused"] == ["Iran", "Russia", "Turkey"]
    assert options["outlets"] == ["Harbor Times", "North Ledger"]


def test_claim_detail_mentions_by_stance_and_timeline(sample: Sample) -> None:
    with connect(sample.path) as con:
        detail = browse.claim_detail(con, sample.drones)
        denials = browse.claim_mentions(con, sample.drones, "denies")
        timeline = browse.claim_timeline(con, sample.drones)
        missing = browse.claim_detail(con, 9999)
    assert (detail["mentions"], detail["asserts"], detail["denies"], detail["contested"]) == (4, 2, 2, True)
    assert detail["accused"] == "Iran"
    assert [m["mention_id"] for m in denials.rows] == [sample.mention_kremlin, sample.mention_iran]  # newest first
    first = denials.rows[1]
    assert (first["claimant"], first["speaker"], first["outlet"], first["url"]) == (
        "Iran", "Iran's foreign ministry", "Harbor Times", "https://harbor-times.example/drones")
    assert timeline == [
        {"day": dt.date(2023, 5, 2), "stance": "asserts", "mentions": 1},
        {"day": dt.date(2023, 5, 2), "stance": "denies", "mentions": 1},
        {"day": dt.date(2023, 5, 20), "stance": "asserts", "mentions": 1},
        {"day": dt.date(2023, 5, 20), "stance": "denies", "mentions": 1},
    ]
    assert missing is None


def test_rejected_mentions_leave_the_claim_and_the_contested_count(sample: Sample) -> None:
    with connect(sample.path) as con, transaction(con):
        review.reject_mentions(con, [sample.mention_iran, sample.mention_kremlin], "Tess")
    with connect(sample.path) as con:
        detail = browse.claim_detail(con, sample.drones)
        assert (detail["denies"], detail["rejected"], detail["contested"]) == (0, 2, False)
        assert browse.overview(con)["counts"]["contested"] == 0
        assert browse.claim_mentions(con, sample.drones, "denies").total == 0
        assert browse.claim_mentions(con, sample.drones, "denies", include_rejected=True).total == 2
        assert browse.pending_mentions(con).total == 2


def test_match_explanations_and_suggestions_of_a_claim(sample: Sample) -> None:
    with connect(sample.path) as con:
        explained = browse.match_explanations(con, sample.drones)
        on_target = browse.claim_suggestions(con, sample.drones)
        on_source = browse.claim_suggestions(con, sample.factory)
    assert [(e["mention_id"], e["decision"], e["score"], e["text_score"]) for e in explained] == [
        (sample.mention_kyiv, "joined", 0.915, 0.88)]
    assert [s["suggestion_id"] for s in on_target] == [sample.suggestion]
    assert on_target[0]["mention_claim_id"] == sample.factory and on_target[0]["claim_id"] == sample.drones
    assert [s["suggestion_id"] for s in on_source] == [sample.suggestion]


def test_review_queue_lists_open_suggestions_and_pending_extracted_mentions(sample: Sample) -> None:
    with connect(sample.path) as con:
        assert browse.review_queue(con) == {"suggestions": 1, "mentions": 4}
        suggestions = browse.open_suggestions(con)
        pending = browse.pending_mentions(con)
    assert suggestions.total == 1 and suggestions.rows[0]["claim_text"] == "Iran supplies attack drones to Russia"
    assert [m["mention_id"] for m in pending.rows] == [
        sample.mention_us, sample.mention_iran, sample.mention_kyiv, sample.mention_kremlin]
    with connect(sample.path) as con, transaction(con):
        con.execute("UPDATE match_suggestions SET state = 'rejected' WHERE suggestion_id = ?", [sample.suggestion])
        review.confirm_mentions(con, [sample.mention_us], "Tess")
    with connect(sample.path) as con:
        assert browse.review_queue(con) == {"suggestions": 0, "mentions": 3}


def test_history_lists_the_claims_events_newest_first(sample: Sample) -> None:
    with connect(sample.path) as con, transaction(con):
        review.set_status(con, sample.drones, "in progress", "Tess")
        review.set_verdict(con, sample.drones, "mostly true", "Cargo manifests.", ["https://a.example/x"], "Ravi")
    with connect(sample.path) as con:
        history = browse.claim_history(con, sample.drones)
        assert browse.claim_history(con, sample.factory) == []
    assert [(e["action"], e["reviewer"]) for e in history] == [("verdict changed", "Ravi"), ("status changed", "Tess")]
    assert history[1]["details"] == {"old": "unstarted", "new": "in progress"}


def test_outlets_and_articles_with_their_claim_counts(sample: Sample) -> None:
    with connect(sample.path) as con:
        outlets = sources.outlet_list(con)
        harbor = sources.outlet_list(con, "harbor")
        outlet_id = harbor.rows[0]["outlet_id"]
        articles = sources.article_list(con, outlet_id=outlet_id)
        by_title = sources.article_list(con, text="kyiv")
        everything = sources.article_list(con)
    assert [(o["name"], o["articles"], o["mentions"], o["claims"], o["denials"]) for o in outlets.rows] == [
        ("Harbor Times", 1, 2, 1, 1), ("North Ledger", 1, 2, 1, 1)]
    assert [a["article_id"] for a in articles.rows] == [sample.article_one]
    assert [a["article_id"] for a in by_title.rows] == [sample.article_two]
    assert [a["article_id"] for a in everything.rows] == [sample.article_two, sample.article_one]  # newest first
    assert (everything.rows[0]["mentions"], everything.rows[0]["claims"]) == (2, 1)


def test_article_detail_has_its_text_and_mentions_in_text_order(sample: Sample) -> None:
    with connect(sample.path) as con:
        article = sources.article_detail(con, sample.article_one)
        assert sources.article_detail(con, 9999) is None
        found = sources.article_ids_for(con, (("https://north-ledger.example/kyiv", "x"), (None, "no-such-hash")))
    assert article["outlet"] == "Harbor Times" and article["text"].startswith("Drone deliveries questioned")
    spans = [(m["char_start"], m["char_end"]) for m in article["mentions"]]
    assert spans == sorted(spans)
    assert [article["text"][s:e] for s, e in spans] == [m["quote"] for m in article["mentions"]]
    assert found == [sample.article_two]


def test_actors_are_found_by_alias_and_show_their_aliases(sample: Sample) -> None:
    with connect(sample.path) as con:
        found = sources.actor_list(con, "tehran")
        iran_id = actor_store.resolve_actor(con, "Iran", create=False)
        detail = sources.actor_detail(con, iran_id)
        first_page = sources.actor_list(con, page_size=3)
    assert [a["name"] for a in found.rows] == ["Iran"]
    assert "Tehran" in found.rows[0]["aliases"]
    assert (detail["asserts"], detail["denies"]) == (0, 1)
    assert "Tehran" in [a["alias"] for a in detail["aliases"]]
    assert first_page.rows[0]["name"] == "Russia"  # the most active claimant comes first
    assert first_page.total > 3


def test_a_decision_is_explained_in_a_reviewers_words() -> None:
    assert explain.decision_reasons({}) == ""
    assert explain.decision_reasons({"via": "claim chosen"}) == "claim chosen"
    capped = {"breakdown": {"features": {"wording": 0.818, "direction_reverse": 1.0, "role_agree": 1.0,
                                         "year_conflict": 1.0, "context": 0.0},
                            "contributions": {"wording": 1.2, "year_conflict": -2.5, "role_agree": 0.4, "bm25": 0.1},
                            "capped_by": ["year_conflict"]}}
    assert explain.decision_reasons(capped) == (
        "wording 82%; goes the other way; the claimant's side fits (asserts it, or denies being accused); "
        "another year; weighed most: year_conflict -2.5, wording +1.2, role_agree +0.4; "
        "held down by the conflict (year_conflict)")
    post = {"breakdown": {"features": {"wording": 0.64, "unattributed": 1.0, "headline": 0.6}}}
    assert explain.decision_reasons(post) == "wording 64%; repeats 60% of the claim's headline"
    # which claims the search compared it with
    def searched(claims: int, naming: list[str], two_of: bool) -> str:
        scope = {"claims": claims, "naming": naming, "two_of": two_of}
        return explain.decision_reasons({"breakdown": {"searched": scope}})

    assert searched(34, ["Iran", "Russia"], True) == "compared with the 34 claims naming both Iran and Russia"
    assert searched(5, ["Iran", "Russia", "Syria"], True) == (
        "compared with the 5 claims naming two of Iran, Russia and Syria")
    assert searched(1204, ["Iran", "Russia", "Ukraine"], False) == (
        "compared with the 1,204 claims naming Iran, Russia or Ukraine")
    assert searched(1, ["Iran"], False) == "compared with the 1 claim naming Iran"
    assert searched(10375, [], False) == "compared with all 10,375 claims"


def test_why_these_match_comes_from_the_stored_breakdown(db_path) -> None:
    from workbench import clustering
    from workbench.config import Settings
    from workbench.models import Article, NewMention, Origin, Stance

    with connect(db_path) as con, transaction(con):
        article_id, _ = article_store.find_or_insert_article(con, Article(text="", url="https://wire.example/a", title="Kyiv and Tehran"))
        other_id, _ = article_store.find_or_insert_article(con, Article(text="", url="https://desk.example/b", title="Kyiv and Tehran"))
        index = clustering.load_index(con)
        placed = [clustering.place_mentions(con, index, [m], Settings())[0] for m in [  # one at a time: searched
            NewMention(quote="Iran has been sending drones to Russia", claimant="Ukraine", stance=Stance.ASSERTS,
                       origin=Origin.LOGGED, article_id=article_id),
            NewMention(quote="Tehran denied delivering any UAVs to Moscow's army", claimant="Iran", stance=Stance.DENIES,
                       origin=Origin.LOGGED, article_id=other_id),
            NewMention(quote="Tehran denied delivering any UAVs to Moscow", claimant="Iran", stance=Stance.DENIES,
                       origin=Origin.LOGGED, article_id=article_id),
            NewMention(quote="Iran never sold drones to Russia for its war", claimant="Iran", stance=Stance.DENIES,
                       origin=Origin.LOGGED, article_id=other_id),
        ]]
    assert placed[3].claim_id == placed[2].claim_id == placed[1].claim_id == placed[0].claim_id
    with connect(db_path) as con:
        why = {e["mention_id"]: e["why"] for e in browse.match_explanations(con, placed[0].claim_id)}
    why_denial = why[placed[1].mention_id]
    assert why_denial.startswith(
        "wording 100%; same direction; the claimant's side fits (asserts it, or denies being accused); weighed most: ")
    assert why_denial.endswith("; compared with the 1 claim naming both Iran and Russia")
    # the allegation's own words, denied: scored on its claim alone, without a search
    assert why[placed[2].mention_id].startswith(
        "same wording as an earlier mention of the claim; wording 100%; same direction; the claimant's side fits "
        "(asserts it, or denies being accused); said in the same article; weighed most: ")
    # another wording in an article already on the claim: searched, the article's claim among the others
    assert why[placed[3].mention_id].startswith(
        "wording 100%; same direction; the claimant's side fits (asserts it, or denies being accused); said in the "
        "same article; weighed most: ")
