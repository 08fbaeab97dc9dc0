"""AppTest: the Overview, the Claims list (filters in the URL, paging) and a claim page (deep link, status and
verdict changes landing in the audit log, safe rendering of user text)."""

from __future__ import annotations

import json

import pytest
from app_fixtures import said, Sample, html_of, links, no_errors, open_page

from workbench import clustering
from workbench.store import settings as settings_store
from workbench.store.connection import connect, query, query_one, scalar, transaction


def claim_links(at) -> list[str]:
    """The query strings of the links to claim pages, in page order."""
    return [query for _, page, query in links(at) if page == "claim"]


def submit(at, label: str):
    [button] = [b for b in at.get("form_submit_button") if b.label == label]
    return button.click().run()


def claim_events(sample: Sample, claim_id: int) -> list[dict]:
    with connect(sample.path) as con:
        rows = query(con, "SELECT reviewer, action, details FROM events WHERE claim_id = ? ORDER BY event_id", [claim_id])
    return [{**r, "details": json.loads(r["details"])} for r in rows]


# --- overview -----------------------------------------------------------------------------------------


def test_overview_shows_counts_charts_and_recent_claims_linking_to_them(sample: Sample) -> None:
    at = open_page(sample.path)
    no_errors(at)
    assert [(m.label, m.value) for m in at.metric] == [
        ("Claims", "3"), ("Mentions", "6"), ("Articles", "2"), ("Outlets", "2"), ("Awaiting review", "2"),
        ("Contested", "1"),
    ]
    assert len(at.get("vega_lite_chart")) == 4  # status, verdict, mentions over time, claimants
    assert sorted(claim_links(at)) == [f"id={sample.drones}", f"id={sample.factory}", f"id={sample.corridor}"]
    assert "1 suggested matches and 4 extracted mentions" in at.caption[0].value


# --- claims list --------------------------------------------------------------------------------------


def test_claims_list_links_every_claim_to_its_page(sample: Sample) -> None:
    at = open_page(sample.path, "claims")
    assert sorted(claim_links(at)) == sorted(f"id={i}" for i in (sample.drones, sample.factory, sample.corridor))
    assert ("**#1** · Iran supplies attack drones to Russia", "claim", "id=1") in links(at)
    assert "3 claims" in [c.value for c in at.caption]


@pytest.mark.parametrize("params, expected", [
    ({"q": "grain"}, ["corridor"]),
    ({"status": "resolved"}, ["corridor"]),
    ({"verdict": "no verdict"}, ["drones", "factory"]),
    ({"contested": "true"}, ["drones"]),
    ({"claimant": "United Kingdom"}, ["factory"]),
    ({"accused": "Turkey"}, ["corridor"]),
    ({"outlet": "North Ledger"}, ["drones"]),
    ({"from": "2023-06-01", "to": "2023-06-30"}, ["factory"]),
    ({"q": "drone", "claimant": "Iran"}, ["drones"]),
])
def test_filters_in_the_url_filter_the_list(sample: Sample, params: dict, expected: list[str]) -> None:
    at = open_page(sample.path, "claims", **params)
    no_errors(at)
    assert sorted(claim_links(at)) == sorted(f"id={getattr(sample, name)}" for name in expected)


def test_filter_widgets_filter_and_show_their_values(sample: Sample) -> None:
    at = open_page(sample.path, "claims")
    at.text_input(key="q").input("drone").run()
    assert sorted(claim_links(at)) == [f"id={sample.drones}", f"id={sample.factory}"]
    at.toggle(key="contested").set_value(True).run()
    assert claim_links(at) == [f"id={sample.drones}"]
    at.toggle(key="contested").set_value(False).run()
    at.multiselect(key="status").select("resolved").run()
    assert claim_links(at) == []
    assert "No claim matches these filters." in said(at, "info")[0]


def test_sort_and_paging_with_next_and_previous(sample: Sample, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_PAGE_SIZE", "2")
    at = open_page(sample.path, "claims", sort="Oldest claims")  # the URL carries the label shown
    assert claim_links(at) == [f"id={sample.drones}", f"id={sample.factory}"]
    at.button(key="page_next").click().run()
    assert claim_links(at) == [f"id={sample.corridor}"]
    assert at.number_input(key="page").value == 2
    at.button(key="page_prev").click().run()
    assert claim_links(at) == [f"id={sample.drones}", f"id={sample.factory}"]
    deep = open_page(sample.path, "claims", sort="Newest claims", page=2)
    assert claim_links(deep) == [f"id={sample.drones}"]


# --- a claim ------------------------------------------------------------------------------------------


def test_a_deep_link_opens_the_right_claim_with_both_sides(sample: Sample) -> None:
    at = open_page(sample.path, "claim", id=sample.drones)
    no_errors(at)
    assert at.title[0].value == f"Claim #{sample.drones}"
    page = html_of(at)
    assert "Iran supplies attack drones to Russia" in page
    assert [s.value for s in at.subheader][:2] == ["▲ Who asserts (2)", "▼ Who denies (2)"]
    assert "Iranian drones keep arriving in Russia by sea" in page and "The Kremlin called the reports fabricated" in page
    assert 'href="https://harbor-times.example/drones"' in page
    assert [(m.label, m.value) for m in at.metric][:3] == [("Mentions", "4"), ("Asserting", "2"), ("Denying", "2")]
    other = open_page(sample.path, "claim", id=sample.corridor)
    assert other.title[0].value == f"Claim #{sample.corridor}"
    assert "Turkey closed the grain corridor" in html_of(other)


def test_unknown_and_malformed_claim_links_say_so(sample: Sample) -> None:
    at = open_page(sample.path, "claim", id=9999)
    assert "There is no claim #9999" in said(at, "error")[0]
    at = open_page(sample.path, "claim", id="abc")
    assert "not a number" in said(at, "error")[0]
    at.number_input(key="open_claim_id").set_value(sample.factory).run()
    assert at.query_params["id"] == [str(sample.factory)] or at.query_params["id"] == str(sample.factory)


def test_a_status_change_lands_in_the_claim_and_the_audit_log(sample: Sample) -> None:
    at = open_page(sample.path, "claim", reviewer="Dana Reyes", id=sample.drones, tab="Status & verdict")
    at.selectbox(key=f"status_{sample.drones}").select("in progress")
    submit(at, "Save review")
    no_errors(at)
    with connect(sample.path) as con:
        assert scalar(con, "SELECT status FROM claims WHERE claim_id = ?", [sample.drones]) == "in progress"
    assert claim_events(sample, sample.drones) == [
        {"reviewer": "Dana Reyes", "action": "status changed", "details": {"old": "unstarted", "new": "in progress"}}]
    assert any("recorded in the history as Dana Reyes" in s for s in said(at, "success"))
    history = open_page(sample.path, "claim", id=sample.drones, tab="History").dataframe[0].value
    assert list(history["action"]) == ["status changed"] and list(history["who"]) == ["Dana Reyes"]


def test_a_verdict_with_rationale_and_evidence_is_saved_and_shown(sample: Sample) -> None:
    at = open_page(sample.path, "claim", id=sample.factory, tab="Status & verdict")
    at.selectbox(key=f"verdict_{sample.factory}").select("misleading")
    at.text_area(key=f"rationale_{sample.factory}").input("Satellite images show a car plant, not drones.")
    at.text_area(key=f"evidence_{sample.factory}").input("https://imagery.example/site\nhttps://imagery.example/b")
    submit(at, "Save review")
    no_errors(at)
    with connect(sample.path) as con:
        row = query_one(con, "SELECT verdict, rationale, evidence_urls, updated_by FROM claims WHERE claim_id = ?",
                        [sample.factory])
    assert row == {"verdict": "misleading", "rationale": "Satellite images show a car plant, not drones.",
                   "evidence_urls": ["https://imagery.example/site", "https://imagery.example/b"],
                   "updated_by": "Tess Moreau"}
    [event] = claim_events(sample, sample.factory)
    assert (event["action"], event["reviewer"], event["details"]["new"]) == ("verdict changed", "Tess Moreau", "misleading")
    assert 'href="https://imagery.example/site"' in html_of(at)


def test_a_bad_evidence_link_is_refused_and_changes_nothing(sample: Sample) -> None:
    at = open_page(sample.path, "claim", id=sample.factory, tab="Status & verdict")
    at.selectbox(key=f"status_{sample.factory}").select("resolved")
    at.selectbox(key=f"verdict_{sample.factory}").select("false")
    at.text_area(key=f"evidence_{sample.factory}").input("javascript:alert(1)")
    submit(at, "Save review")
    assert "evidence link must be an http:// or https:// address" in said(at, "error")[0]
    with connect(sample.path) as con:
        assert query_one(con, "SELECT status, verdict FROM claims WHERE claim_id = ?", [sample.factory]) == {
            "status": "unstarted", "verdict": None}
        assert scalar(con, "SELECT count(*) FROM events") == 0


def test_rewording_a_claim_from_its_page(sample: Sample) -> None:
    at = open_page(sample.path, "claim", id=sample.corridor, tab="Status & verdict")
    at.text_area(key=f"text_{sample.corridor}").input("Turkey shut the Black Sea grain corridor")
    submit(at, "Save text")
    no_errors(at)
    assert "Turkey shut the Black Sea grain corridor" in html_of(at)
    assert [e["action"] for e in claim_events(sample, sample.corridor)] == ["text edited"]


def test_match_explanations_and_timeline_are_shown(sample: Sample) -> None:
    at = open_page(sample.path, "claim", id=sample.drones, tab="Why these match")
    [explanations] = [d.value for d in at.dataframe]
    assert list(explanations["mention"]) == [sample.mention_kyiv]
    assert list(explanations["score"]) == [0.915]
    assert list(explanations.columns)[:8] == ["mention", "stance", "claimant", "quote", "decision", "score", "text", "actors"]
    assert "why" in explanations.columns
    assert not at.get("vega_lite_chart")  # only the open tab is drawn
    timeline = open_page(sample.path, "claim", id=sample.drones, tab="Timeline")
    assert len(timeline.get("vega_lite_chart")) == 1


def test_user_text_is_shown_as_text_never_as_html_or_markdown(sample: Sample) -> None:
    nasty = "<script>alert(1)</script> **bold** [link](javascript:alert(2)) <img src=x onerror=alert(3)>"
    with connect(sample.path) as con, transaction(con):
        con.execute("UPDATE claims SET text = ? WHERE claim_id = ?", [nasty, sample.factory])
        con.execute("UPDATE mentions SET quote = ?, speaker = ? WHERE mention_id = ?",
                    [nasty, "<b>Mallory</b>", sample.mention_factory])
        con.execute("UPDATE articles SET url = 'javascript:alert(4)' WHERE article_id = ?", [sample.article_two])
    at = open_page(sample.path, "claim", id=sample.factory)
    no_errors(at)
    page = html_of(at)
    assert "<script>" not in page and "<img" not in page and "<b>Mallory</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;Mallory&lt;/b&gt;" in page
    listing = open_page(sample.path, "claims", q="alert")
    [label] = [label for label, page_name, _ in links(listing) if page_name == "claim"]
    assert "\\<script\\>" in label and "\\*\\*bold\\*\\*" in label and "\\[link\\]\\(javascript" in label
    drones = open_page(sample.path, "claim", id=sample.drones)
    assert "javascript:alert(4)" not in html_of(drones)  # a non-http source URL is never a link


# --- suggestions, merge, split ------------------------------------------------------------------------


def test_confirming_a_suggestion_on_the_claim_page_moves_the_mention(sample: Sample) -> None:
    at = open_page(sample.path, "claim", id=sample.drones, reviewer="Ana", tab="Suggestions")
    assert "may belong to this claim" in html_of(at)
    at.button(key=f"sg_yes_{sample.suggestion}").click().run()
    no_errors(at)
    assert "Suggestion confirmed." in said(at, "success")
    with connect(sample.path) as con:
        assert scalar(con, "SELECT claim_id FROM mentions WHERE mention_id = ?", [sample.mention_factory]) == sample.drones
        assert scalar(con, "SELECT state FROM match_suggestions") == "confirmed"
        assert scalar(con, "SELECT merged_into FROM claims WHERE claim_id = ?", [sample.factory]) == sample.drones
    assert "No open suggestions for this claim." in [c.value for c in at.caption]
    assert [(m.label, m.value) for m in at.metric][0] == ("Mentions", "5")


def test_rejected_suggestions_leave_the_review_queue_for_good(sample: Sample) -> None:
    at = open_page(sample.path, "review", reviewer="Ana")
    assert at.data_editor[0].value["suggestion"].tolist() == [sample.suggestion]
    at.session_state[editor_key(at, "suggestions")] = {"edited_rows": {0: {"select": True}}, "added_rows": [],
                                                      "deleted_rows": []}
    at.run()
    at.button(key="suggestions_reject").click().run()
    no_errors(at)
    assert "1 suggestion rejected." in said(at, "success")
    assert at.metric[0].value == "0"
    with connect(sample.path) as con:
        assert query_one(con, "SELECT state, decided_by FROM match_suggestions") == {"state": "rejected", "decided_by": "Ana"}
        assert scalar(con, "SELECT count(*) FROM pair_judgements WHERE judgement = 'different'") == 1
    again = open_page(sample.path, "claim", id=sample.drones, tab="Suggestions")
    assert "No open suggestions for this claim." in [c.value for c in again.caption]


def test_confirming_suggestions_in_bulk_from_the_review_queue(sample: Sample) -> None:
    at = open_page(sample.path, "review")
    at.session_state[editor_key(at, "suggestions")] = {"edited_rows": {0: {"select": True}}, "added_rows": [],
                                                      "deleted_rows": []}
    at.run()
    at.button(key="suggestions_confirm").click().run()
    no_errors(at)
    with connect(sample.path) as con:
        assert scalar(con, "SELECT claim_id FROM mentions WHERE mention_id = ?", [sample.mention_factory]) == sample.drones


def editor_key(at, key: str) -> str:
    generation = at.session_state[f"{key}_gen"] if f"{key}_gen" in at.session_state else 0
    return f"{key}_editor_{generation}"


def test_merging_another_claim_into_this_one(sample: Sample) -> None:
    at = open_page(sample.path, "claim", id=sample.corridor, reviewer="Ana", tab="Merge & split")
    at.number_input(key=f"merge_{sample.corridor}").set_value(sample.factory).run()
    assert "Russia builds a drone factory with Iranian help" in html_of(at)
    at.button(key=f"merge_go_{sample.corridor}").click().run()
    no_errors(at)
    assert f"Claim #{sample.factory} merged into this one." in said(at, "success")
    with connect(sample.path) as con:
        assert scalar(con, "SELECT merged_into FROM claims WHERE claim_id = ?", [sample.factory]) == sample.corridor
        assert scalar(con, "SELECT count(*) FROM mentions WHERE claim_id = ?", [sample.corridor]) == 2
    merged = open_page(sample.path, "claim", id=sample.factory)
    assert f"merged into claim #{sample.corridor}" in said(merged, "warning")[0]
    assert ("claim", f"id={sample.corridor}") in [(p, q) for _, p, q in links(merged)]


def test_splitting_mentions_off_into_a_new_claim(sample: Sample) -> None:
    at = open_page(sample.path, "claim", id=sample.drones, reviewer="Ana", tab="Merge & split")
    at.multiselect(key=f"split_{sample.drones}").set_value([sample.mention_kyiv, sample.mention_kremlin]).run()
    at.button(key=f"split_go_{sample.drones}").click().run()
    no_errors(at)
    with connect(sample.path) as con:
        new_id = scalar(con, "SELECT claim_id FROM mentions WHERE mention_id = ?", [sample.mention_kyiv])
        assert scalar(con, "SELECT claim_id FROM mentions WHERE mention_id = ?", [sample.mention_kremlin]) == new_id
        assert scalar(con, "SELECT count(*) FROM mentions WHERE claim_id = ?", [sample.drones]) == 2
    assert new_id != sample.drones
    assert f"2 mention(s) moved to new claim #{new_id}." in said(at, "success")
    assert ("claim", f"id={new_id}") in [(p, q) for _, p, q in links(at)]
    history = open_page(sample.path, "claim", id=sample.drones, tab="History").dataframe[0].value
    assert "claim split" in list(history["action"])


def test_matching_thresholds_are_set_from_the_review_page_and_checked(sample: Sample) -> None:
    at = open_page(sample.path, "review", reviewer="Ana")
    assert at.expander[0].label == "Matching thresholds: join at 0.5, suggest from 0.2"
    at.number_input(key="threshold_auto").set_value(0.6)
    at.number_input(key="threshold_suggest").set_value(0.45)
    next(b for b in at.button if b.label == "Save thresholds").click().run()
    no_errors(at)
    assert any(m.startswith("Thresholds saved: join at 0.6, suggest from 0.45.") for m in said(at, "success"))
    assert at.expander[0].label == "Matching thresholds: join at 0.6, suggest from 0.45"
    with connect(sample.path) as con:
        assert dict(con.execute("SELECT key, value FROM settings").fetchall()) == {"match_auto": "0.6",
                                                                                  "match_suggest": "0.45"}
        assert scalar(con, "SELECT count(*) FROM events WHERE action = 'setting changed' AND reviewer = 'Ana'") == 2
    # a suggestion threshold above the automatic one is refused, and nothing changes
    at.number_input(key="threshold_suggest").set_value(0.7)
    next(b for b in at.button if b.label == "Save thresholds").click().run()
    assert "match_suggest (0.7) must not be above match_auto (0.6)" in said(at, "error")
    with connect(sample.path) as con:
        assert scalar(con, "SELECT value FROM settings WHERE key = 'match_suggest'") == "0.45"


def test_the_review_page_offers_to_teach_the_matcher_once_enough_decisions_exist(sample: Sample) -> None:
    at = open_page(sample.path, "review", reviewer="Ana")
    assert not [b for b in at.button if b.label == "Teach the matcher"]  # no decision yet
    with connect(sample.path) as con, transaction(con):
        settings_store.write_setting(con, "learn_after", 1, "Ana")
        clustering.reject_suggestion(con, sample.suggestion, "Ana")
    at = open_page(sample.path, "review", reviewer="Ana")
    assert any("1 reviewer decisions" in m.value for m in at.markdown)
    next(b for b in at.button if b.label == "Teach the matcher").click().run()
    no_errors(at)
    assert any(m.startswith("matcher taught 1 reviewer decisions") for m in said(at, "success"))
    with connect(sample.path) as con:
        assert scalar(con, "SELECT count(*) FROM match_models WHERE active") == 1
        assert scalar(con, "SELECT created_by FROM match_models") == "Ana"
    assert not [b for b in open_page(sample.path, "review", reviewer="Ana").button if b.label == "Teach the matcher"]
