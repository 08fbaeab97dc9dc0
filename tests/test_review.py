"""The review workflow (workbench.review): status, verdict, wording and mention decisions, each audited."""

from __future__ import annotations

import json

import pytest
from app_fixtures import Sample

from workbench import clustering, review
from workbench.store.connection import connect, query, query_one, scalar, transaction
from workbench.errors import InputError, NotFound


def events(sample: Sample, entity_id: int | None = None) -> list[dict]:
    with connect(sample.path) as con:
        rows = query(
            con,
            "SELECT reviewer, action, entity, entity_id, claim_id, details FROM events"
            " WHERE ? IS NULL OR entity_id = ? ORDER BY event_id",
            [entity_id, entity_id],
        )
    for row in rows:
        row["details"] = json.loads(row["details"]) if row["details"] else None
    return rows


def claim_row(sample: Sample, claim_id: int) -> dict:
    with connect(sample.path) as con:
        return query_one(con, "SELECT status, verdict, rationale, evidence_urls, text, updated_by FROM claims WHERE claim_id = ?", [claim_id])


def test_status_change_is_stored_and_audited_with_who_and_old_and_new(sample: Sample) -> None:
    with connect(sample.path) as con, transaction(con):
        assert review.set_status(con, sample.drones, "in progress", "  Tess   Moreau ") is True
    assert claim_row(sample, sample.drones)["status"] == "in progress"
    assert claim_row(sample, sample.drones)["updated_by"] == "Tess Moreau"
    assert events(sample) == [{
        "reviewer": "Tess Moreau", "action": "status changed", "entity": "claim", "entity_id": sample.drones,
        "claim_id": sample.drones, "details": {"old": "unstarted", "new": "in progress"},
    }]
    with connect(sample.path) as con:
        assert scalar(con, "SELECT happened_at IS NOT NULL FROM events") is True


def test_setting_the_same_status_again_writes_nothing(sample: Sample) -> None:
    with connect(sample.path) as con, transaction(con):
        assert review.set_status(con, sample.corridor, "resolved", "Tess") is False
    assert events(sample) == []


def test_status_and_verdict_accept_only_the_vocabulary(sample: Sample) -> None:
    with connect(sample.path) as con:
        with pytest.raises(InputError, match="status must be one of: unstarted, in progress, inconclusive, resolved"):
            review.set_status(con, sample.drones, "done", "Tess")
        with pytest.raises(InputError, match="verdict must be one of: true, mostly true, mixed, misleading, false, unproven"):
            review.set_verdict(con, sample.drones, "pants on fire", None, [], "Tess")
        assert review.parse_status("IN_PROGRESS").value == "in progress"
        assert review.parse_verdict("Mostly_True").value == "mostly true"
        assert review.parse_verdict("") is None
    assert events(sample) == []


def test_verdict_with_rationale_and_evidence_links_is_audited(sample: Sample) -> None:
    with connect(sample.path) as con, transaction(con):
        changed = review.set_verdict(
            con, sample.drones, "mostly true", "Customs papers and wreckage match.",
            "https://evidence.example/a\nhttps://evidence.example/b https://evidence.example/a", "Ravi",
        )
    assert changed is True
    row = claim_row(sample, sample.drones)
    assert (row["verdict"], row["rationale"], row["evidence_urls"]) == (
        "mostly true", "Customs papers and wreckage match.", ["https://evidence.example/a", "https://evidence.example/b"])
    [event] = events(sample)
    assert (event["action"], event["reviewer"], event["details"]["old"], event["details"]["new"]) == (
        "verdict changed", "Ravi", None, "mostly true")
    assert event["details"]["changes"]["evidence_urls"] == {
        "old": [], "new": ["https://evidence.example/a", "https://evidence.example/b"]}


def test_clearing_a_verdict_and_unchanged_verdicts(sample: Sample) -> None:
    with connect(sample.path) as con, transaction(con):
        same = review.set_verdict(con, sample.corridor, "false", "Shipping records show the corridor stayed open.",
                                  ["https://records.example/shipping"], "Ravi")
        cleared = review.set_verdict(con, sample.corridor, None, None, [], "Ravi")
    assert (same, cleared) == (False, True)
    row = claim_row(sample, sample.corridor)
    assert (row["verdict"], row["rationale"], row["evidence_urls"]) == (None, None, [])
    assert [e["details"]["new"] for e in events(sample)] == [None]


def test_evidence_links_must_be_http_and_a_bad_one_changes_nothing(sample: Sample) -> None:
    with connect(sample.path) as con:
        with pytest.raises(InputError, match="evidence link must be an http:// or https:// address"):
            with transaction(con):
                review.set_status(con, sample.drones, "resolved", "Ravi")
                review.set_verdict(con, sample.drones, "false", "x", ["https://ok.example", "javascript:alert(1)"], "Ravi")
    assert claim_row(sample, sample.drones)["status"] == "unstarted"  # the whole transaction rolled back
    assert events(sample) == []


def test_reviewer_name_is_required_and_checked(sample: Sample) -> None:
    with connect(sample.path) as con:
        with pytest.raises(InputError, match="enter your name first"):
            review.set_status(con, sample.drones, "resolved", "   ")
        with pytest.raises(InputError, match="longer than 80"):
            review.validate_reviewer("x" * 81)
        with pytest.raises(InputError, match="control characters"):
            review.validate_reviewer("Tess\x00")
    assert review.validate_reviewer(" Ana  Lima ") == "Ana Lima"


def test_unknown_claims_and_mentions_are_not_found(sample: Sample) -> None:
    with connect(sample.path) as con:
        with pytest.raises(NotFound, match="no claim with id 9999"):
            review.set_status(con, 9999, "resolved", "Tess")
        with pytest.raises(NotFound, match="no mention with id 9999"):
            review.confirm_mentions(con, [sample.mention_us, 9999], "Tess")
        with pytest.raises(NotFound, match="no mention with id 9999"):
            review.correct_mention(con, 9999, "Tess", stance="denies")


def test_rewording_a_claim_keeps_the_old_text_in_the_log(sample: Sample) -> None:
    with connect(sample.path) as con, transaction(con):
        assert review.edit_claim_text(con, sample.factory, "Russia  builds a drone plant\nwith Iran's help", "Ana")
        assert not review.edit_claim_text(con, sample.factory, "Russia builds a drone plant with Iran's help", "Ana")
        with pytest.raises(InputError, match="the claim text is empty"):
            review.edit_claim_text(con, sample.factory, "  ", "Ana")
    assert claim_row(sample, sample.factory)["text"] == "Russia builds a drone plant with Iran's help"
    [event] = events(sample)
    assert event["details"] == {"old": "Russia builds a drone factory with Iranian help",
                                "new": "Russia builds a drone plant with Iran's help"}


def test_confirming_and_rejecting_mentions_in_bulk(sample: Sample) -> None:
    with connect(sample.path) as con, transaction(con):
        assert review.confirm_mentions(con, [sample.mention_us, sample.mention_kyiv, sample.mention_us], "Ana") == 2
        assert review.confirm_mentions(con, [sample.mention_us], "Ana") == 0
        assert review.reject_mentions(con, [sample.mention_iran], "Ana") == 1
    with connect(sample.path) as con:
        states = dict(con.execute("SELECT mention_id, review_state FROM mentions").fetchall())
    assert states[sample.mention_us] == "confirmed" and states[sample.mention_iran] == "rejected"
    assert [(e["action"], e["entity_id"], e["claim_id"]) for e in events(sample)] == [
        ("mention confirmed", sample.mention_us, sample.drones),
        ("mention confirmed", sample.mention_kyiv, sample.drones),
        ("mention rejected", sample.mention_iran, sample.drones),
    ]


def test_contested_means_both_stances_among_mentions_not_rejected(sample: Sample) -> None:
    with connect(sample.path) as con, transaction(con):
        assert review.is_contested(con, sample.drones) is True
        assert review.is_contested(con, sample.factory) is False
        review.reject_mentions(con, [sample.mention_iran, sample.mention_kremlin], "Ana")
        assert review.is_contested(con, sample.drones) is False
        assert con.execute(review.CONTESTED_CLAIM_IDS).fetchall() == []


def test_correcting_claimant_stance_and_span_records_old_and_new(sample: Sample) -> None:
    with connect(sample.path) as con, transaction(con):
        quote = scalar(con, "SELECT quote FROM mentions WHERE mention_id = ?", [sample.mention_us])
        start = scalar(con, "SELECT char_start FROM mentions WHERE mention_id = ?", [sample.mention_us])
        changes = review.correct_mention(
            con, sample.mention_us, "Ana", claimant="Tehran", stance="denies", char_start=start,
            char_end=start + len("Tehran has been shipping attack drones"),
        )
    assert changes == {
        "claimant": {"old": "United States", "new": "Iran"},  # an alias resolves to its actor
        "stance": {"old": "asserts", "new": "denies"},
        "span": {"old": [start, start + len(quote)], "new": [start, start + len("Tehran has been shipping attack drones")]},
        "quote": {"old": quote, "new": "Tehran has been shipping attack drones"},
    }
    with connect(sample.path) as con:
        row = query_one(con, "SELECT m.quote, m.stance, a.name AS claimant, m.review_state FROM mentions m"
                             " JOIN actors a ON a.actor_id = m.claimant_id WHERE mention_id = ?", [sample.mention_us])
    assert row == {"quote": "Tehran has been shipping attack drones", "stance": "denies", "claimant": "Iran",
                   "review_state": "corrected"}
    [event] = events(sample)
    assert (event["action"], event["reviewer"], event["details"]) == ("mention corrected", "Ana", changes)


def test_claimant_can_be_set_to_unknown_and_unchanged_corrections_write_nothing(sample: Sample) -> None:
    with connect(sample.path) as con, transaction(con):
        assert review.correct_mention(con, sample.mention_kyiv, "Ana", claimant="Ukraine", stance="asserts") == {}
        assert review.correct_mention(con, sample.mention_kyiv, "Ana", claimant="") == {
            "claimant": {"old": "Ukraine", "new": None}}
    with connect(sample.path) as con:
        assert scalar(con, "SELECT claimant_id FROM mentions WHERE mention_id = ?", [sample.mention_kyiv]) is None
    assert len(events(sample)) == 1


def test_bad_spans_and_spans_without_article_text_are_refused(sample: Sample) -> None:
    with connect(sample.path) as con:
        with pytest.raises(InputError, match="the span must satisfy 0 <= start < end"):
            review.correct_mention(con, sample.mention_us, "Ana", char_start=50, char_end=40)
        with pytest.raises(InputError, match="the span must satisfy"):
            review.correct_mention(con, sample.mention_us, "Ana", char_end=100_000)
        with pytest.raises(InputError, match="has no article text"):
            review.correct_mention(con, sample.mention_factory, "Ana", char_start=0, char_end=5)
        with pytest.raises(InputError, match="stance must be 'asserts' or 'denies'"):
            review.correct_mention(con, sample.mention_us, "Ana", stance="maybe")
    assert events(sample) == []


def test_rejecting_mentions_redates_their_claim_and_taking_it_back_restores_it(sample: Sample) -> None:
    def seen() -> tuple:
        with connect(sample.path) as con:
            row = query_one(con, "SELECT first_seen, last_seen FROM claims WHERE claim_id = ?", [sample.drones])
        return (str(row["first_seen"]), str(row["last_seen"]))

    with connect(sample.path) as con, transaction(con):
        clustering.update_claim_dates(con)
    assert seen() == ("2023-05-02", "2023-05-20")
    with connect(sample.path) as con, transaction(con):
        review.reject_mentions(con, [sample.mention_kyiv, sample.mention_kremlin], "Ana")
    assert seen() == ("2023-05-02", "2023-05-02")
    with connect(sample.path) as con, transaction(con):
        review.reject_mentions(con, [sample.mention_us, sample.mention_iran], "Ana")
    assert seen() == ("None", "None")  # nothing live dates it any more
    with connect(sample.path) as con, transaction(con):
        review.confirm_mentions(con, [sample.mention_kremlin], "Ana")
    assert seen() == ("2023-05-20", "2023-05-20")
