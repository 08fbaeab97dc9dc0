"""AppTest: the Log a claim form (labels, validation next to the fields, similar claims while typing, attaching
to a chosen claim, success naming the claim with a link) and the Ingest page (paste, preview, save, upload,
confirm the extracted mentions)."""

from __future__ import annotations

import json
from pathlib import Path

from app_fixtures import said, Sample, html_of, links, no_errors, open_page

from workbench.app.components import editor_state_key
from workbench.store.connection import connect, query, query_one, scalar

LABELS = ["Quote", "Claimant", "Speaker", "Outlet", "Source URL", "Published"]


def fill(at, **values: str) -> None:
    for key, value in values.items():
        at.text_input(key=f"log_{key}").input(value)


def log_claim(at):
    return at.button(key="log_submit").click().run()


def field_errors(at) -> list[str]:
    return [h.value for h in at.get("html") if h.value.startswith("<div class='wb-field-error'>")]


# --- log a claim --------------------------------------------------------------------------------------


def test_the_form_has_the_contract_labels_and_button(empty_db: Path) -> None:
    at = open_page(empty_db, "log")
    no_errors(at)
    assert sorted(w.label for w in at.text_input if w.key and w.key.startswith("log_")) == sorted(LABELS)
    assert at.radio(key="log_stance").label == "Stance" and at.radio(key="log_stance").options == ["asserts", "denies"]
    assert at.button(key="log_submit").label == "Log claim"


def test_validation_says_what_is_wrong_next_to_each_field(empty_db: Path) -> None:
    at = open_page(empty_db, "log")
    fill(at, quote="   ", url="ftp://files.example/x", published="2999-01-01")
    log_claim(at)
    no_errors(at)
    errors = field_errors(at)
    assert len(errors) == 3
    assert "Quote is empty" in errors[0]
    assert "Source URL must be an http:// or https:// address" in errors[1]
    assert "Published 2999-01-01 is in the future" in errors[2]
    fill(at, quote="Officials say the port was mined", url="", published="last Tuesday")
    log_claim(at)
    assert ["Published is not an ISO date like 2023-06-26" in e for e in field_errors(at)] == [True]
    with connect(empty_db) as con:
        assert scalar(con, "SELECT count(*) FROM mentions") == 0


def test_logging_a_new_claim_says_which_claim_with_a_link(empty_db: Path) -> None:
    at = open_page(empty_db, "log", reviewer="Dana Reyes")
    fill(at, quote="Officials say the harbour was mined by divers", claimant="Ukraine", speaker="a navy spokesman",
         url="https://coast.example/mines", outlet="Coast Daily", published="2023-08-14")
    at.radio(key="log_stance").set_value("asserts")
    log_claim(at)
    no_errors(at)
    with connect(empty_db) as con:
        row = query_one(
            con,
            "SELECT m.claim_id, m.quote, m.stance, m.origin, m.speaker, m.published, m.created_by, a.name AS claimant,"
            " ar.url, o.name AS outlet FROM mentions m JOIN actors a ON a.actor_id = m.claimant_id"
            " JOIN articles ar USING (article_id) JOIN outlets o ON o.outlet_id = ar.outlet_id",
        )
        event = query_one(con, "SELECT action, reviewer FROM events")
    assert row["quote"] == "Officials say the harbour was mined by divers"
    assert (row["stance"], row["origin"], row["speaker"], row["claimant"], row["url"], row["outlet"]) == (
        "asserts", "logged", "a navy spokesman", "Ukraine", "https://coast.example/mines", "Coast Daily")
    assert (str(row["published"]), row["created_by"]) == ("2023-08-14", "Dana Reyes")
    assert event == {"action": "mention logged", "reviewer": "Dana Reyes"}
    assert f"created new claim #{row['claim_id']}" in said(at, "success")[0]
    assert ("claim", f"id={row['claim_id']}") in [(p, q) for _, p, q in links(at)]
    assert at.text_input(key="log_quote").value == ""  # the form is cleared for the next claim


def test_similar_claims_show_while_typing_and_a_chosen_one_is_joined(sample: Sample) -> None:
    at = open_page(sample.path, "log")
    fill(at, quote="Tehran keeps sending attack drones to Moscow", claimant="United States")
    at.run()
    no_errors(at)
    options = at.radio(key="log_attach").options
    assert options[0].startswith("Let the matcher decide")
    assert any(o.startswith(f"Claim #{sample.drones} (score ") for o in options)
    assert (f"**#{sample.drones}** · Iran supplies attack drones to Russia", "claim", f"id={sample.drones}") in links(at)
    at.radio(key="log_attach").set_value(sample.factory)
    fill(at, quote="Tehran keeps sending attack drones to Moscow", claimant="United States")
    log_claim(at)
    no_errors(at)
    assert f"joined claim #{sample.factory}" in said(at, "success")[0]
    with connect(sample.path) as con:
        decision = scalar(con, "SELECT decision FROM match_decisions WHERE mention_id = (SELECT max(mention_id) FROM mentions)")
        claim_id = scalar(con, "SELECT claim_id FROM mentions WHERE mention_id = (SELECT max(mention_id) FROM mentions)")
    assert (claim_id, decision) == (sample.factory, "manual")


def test_a_denial_found_by_the_matcher_joins_the_allegation(sample: Sample) -> None:
    at = open_page(sample.path, "log")
    fill(at, quote="Iran supplies attack drones to Russia", claimant="Kremlin")
    at.radio(key="log_stance").set_value("denies")
    log_claim(at)
    no_errors(at)
    assert f"joined claim #{sample.drones}" in said(at, "success")[0]
    with connect(sample.path) as con:
        assert scalar(con, "SELECT count(*) FROM mentions WHERE claim_id = ? AND stance = 'denies'", [sample.drones]) == 3


def test_logging_needs_a_reviewer_name(empty_db: Path) -> None:
    at = open_page(empty_db, "log", reviewer=None)
    fill(at, quote="The dam was hit twice")
    log_claim(at)
    assert "Enter your name in the sidebar first" in said(at, "error")[0]
    with connect(empty_db) as con:
        assert scalar(con, "SELECT count(*) FROM mentions") == 0


# --- ingest -------------------------------------------------------------------------------------------

ARTICLE = (
    "Harbor officials trade drone charges\n"
    "The United States accused Iran of supplying attack drones to Russia, a White House spokesman said on Tuesday. "
    "Iran's foreign ministry denied supplying drones to Russia and called the accusation baseless."
)


def expected_mentions(text: str) -> list:
    """What the extractor finds in `text` (the page must show and store exactly these)."""
    from workbench.text.aliases import AliasTable
    from workbench.extract import extract_mentions
    from workbench.ingest import article_from_text

    return extract_mentions(article_from_text(text).text, AliasTable.default())


def test_pasted_text_is_previewed_highlighted_then_saved(empty_db: Path) -> None:
    found = expected_mentions(ARTICLE)
    assert {m.stance.value for m in found} == {"asserts", "denies"}
    at = open_page(empty_db, "ingest")
    at.text_area(key="ingest_text").input(ARTICLE).run()
    no_errors(at)
    assert f"Preview: {len(found)} mentions found" in [m.value for m in at.markdown][0]
    preview = html_of(at)
    assert "wb-mark-asserts" in preview and "wb-mark-denies" in preview
    assert list(at.dataframe[0].value["quote"]) == [m.quote for m in found]
    with connect(empty_db) as con:
        assert scalar(con, "SELECT count(*) FROM articles") == 0  # nothing saved by the preview
    at.text_input(key="ingest_outlet").input("Harbor Times")
    at.text_input(key="ingest_url").input("https://harbor.example/charges")
    at.text_input(key="ingest_published").input("2023-03-07")
    at.button(key="ingest_save").click().run()
    no_errors(at)
    assert said(at, "success")[0].startswith(f"Ingested: 1 new article, {len(found)} mentions,")
    assert at.get("progress")[-1].value == 100
    with connect(empty_db) as con:
        article = query_one(con, "SELECT article_id, title, url, published FROM articles")
        stored = query(con, "SELECT mention_id, quote, stance FROM mentions ORDER BY mention_id")
    assert (article["title"], article["url"], str(article["published"])) == (
        "Harbor officials trade drone charges", "https://harbor.example/charges", "2023-03-07")
    assert [(m["quote"], m["stance"]) for m in stored] == [(m.quote, m.stance.value) for m in found]
    # The saved mentions are shown for confirmation: tick them all and confirm.
    key = f"ingest_{article['article_id']}"
    at.session_state[editor_state_key(key)] = {"edited_rows": {i: {"select": True} for i in range(len(found))},
                                               "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key=f"{key}_confirm").click().run()
    no_errors(at)
    with connect(empty_db) as con:
        assert {r[0] for r in con.execute("SELECT review_state FROM mentions").fetchall()} == {"confirmed"}


def test_pasted_article_with_a_bad_url_is_refused(empty_db: Path) -> None:
    at = open_page(empty_db, "ingest")
    at.text_area(key="ingest_text").input(ARTICLE).run()
    at.text_input(key="ingest_url").input("javascript:alert(1)")
    at.button(key="ingest_save").click().run()
    assert "URL must be an http:// or https:// address" in said(at, "error")[0]
    with connect(empty_db) as con:
        assert scalar(con, "SELECT count(*) FROM articles") == 0


def test_uploaded_files_are_ingested_and_bad_records_reported(empty_db: Path) -> None:
    at = open_page(empty_db, "ingest")
    lines = [
        json.dumps({"url": "https://a.example/1", "title": "One", "outlet": "A Daily", "published": "2023-02-01",
                    "text": ARTICLE}),
        "{not json",
        json.dumps({"url": "https://a.example/2", "title": "Two", "outlet": "A Daily",
                    "text": "The Kremlin denied that Russian jets entered Estonian airspace."}),
    ]
    at.file_uploader(key="ingest_files").upload("batch.jsonl", ("\n".join(lines) + "\n").encode(), "application/jsonl").run()
    at.button(key="ingest_upload").click().run()
    no_errors(at)
    assert said(at, "success")[0].startswith("Ingested: 2 new articles")
    assert any("batch.jsonl:2" in e and "invalid JSON" in e for e in said(at, "error"))
    with connect(empty_db) as con:
        assert [r[0] for r in con.execute("SELECT title FROM articles ORDER BY article_id").fetchall()] == ["One", "Two"]
    assert len([p for _, p, _ in links(at) if p == "sources"]) >= 2  # each new article links to its page


def test_similar_claims_say_preparing_while_the_index_loads_then_appear(sample: Sample) -> None:
    from workbench.app import state

    at = open_page(sample.path, "log")
    holder = state._index_holder(state.db_path())
    holder.index = None
    with holder.lock:  # as if a big index were still loading in the background
        fill(at, quote="Tehran keeps sending attack drones to Moscow")
        at.run(timeout=60)
        no_errors(at)
        assert any("Preparing the matcher's index" in c.value for c in at.caption)
        assert at.radio(key="log_attach").options == ["Let the matcher decide (a new claim when nothing is close)"]
    assert state.index_ready(wait=30)
    at.run()
    no_errors(at)
    assert any(o.startswith(f"Claim #{sample.drones} (score ") for o in at.radio(key="log_attach").options)
