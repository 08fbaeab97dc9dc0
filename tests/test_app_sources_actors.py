"""AppTest: the Sources page (outlets, articles, an article with highlighted mentions to confirm or correct),
the Review queue's extracted mentions, and the Actors page (aliases edited through the store)."""

from __future__ import annotations

from app_fixtures import said, Sample, html_of, links, no_errors, open_page

from workbench.app import components as ui
from workbench.app.components import editor_state_key
from workbench.store.connection import connect, query, query_one, scalar


def tick(at, key: str, rows: dict[int, dict]) -> None:
    """Set a mention editor's edits (row position -> changed cells) as the browser would."""
    at.session_state[editor_state_key_for(at, key)] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}


def editor_state_key_for(at, key: str) -> str:
    generation = at.session_state[f"{key}_gen"] if f"{key}_gen" in at.session_state else 0
    return f"{key}_editor_{generation}"


def mention_states(sample: Sample) -> dict[int, str]:
    with connect(sample.path) as con:
        return dict(con.execute("SELECT mention_id, review_state FROM mentions").fetchall())


# --- sources ------------------------------------------------------------------------------------------


def test_sources_list_articles_and_outlets_with_claim_counts(sample: Sample) -> None:
    at = open_page(sample.path, "sources")
    no_errors(at)
    article_links = [(label, query) for label, page, query in links(at) if page == "sources"]
    assert article_links == [("Kyiv repeats drone charge", f"article={sample.article_two}"),
                             ("Drone deliveries questioned", f"article={sample.article_one}")]
    at.selectbox(key="articles_outlet").select("North Ledger").run()
    assert [q for _, p, q in links(at) if p == "sources"] == [f"article={sample.article_two}"]
    outlets = open_page(sample.path, "sources", tab="Outlets").dataframe[0].value
    assert list(outlets["outlet"]) == ["Harbor Times", "North Ledger"]
    assert list(outlets["claims"]) == [1, 1] and list(outlets["denials"]) == [1, 1]


def test_an_article_shows_its_text_with_the_mentions_highlighted(sample: Sample) -> None:
    at = open_page(sample.path, "sources", article=sample.article_one)
    no_errors(at)
    assert at.title[0].value == "Drone deliveries questioned"
    page = html_of(at)
    assert ("<mark class='wb-mark wb-mark-asserts wb-mark-pending' title='asserts: United States · claim #1'>"
            "Tehran has been shipping attack drones to Moscow for months<sup>#1</sup></mark>") in page
    assert "wb-mark-denies" in page and "Iran&#x27;s foreign ministry dismissed the allegation as baseless" in page
    assert (f"**#{sample.drones}** · Iran supplies attack drones to Russia", "claim", f"id={sample.drones}") in links(at)
    editor = at.get("arrow_data_frame")[-1].value if at.get("arrow_data_frame") else at.dataframe[-1].value
    assert list(editor["mention"]) == [sample.mention_us, sample.mention_iran]


def test_confirm_and_reject_mentions_from_the_article(sample: Sample) -> None:
    key = f"article_{sample.article_one}"
    at = open_page(sample.path, "sources", article=sample.article_one)
    tick(at, key, {0: {"select": True}})
    at.run()
    at.button(key=f"{key}_confirm").click().run()
    no_errors(at)
    assert mention_states(sample)[sample.mention_us] == "confirmed"
    assert "1 mention confirmed." in said(at, "success")
    tick(at, key, {1: {"select": True}})
    at.run()
    at.button(key=f"{key}_reject").click().run()
    assert mention_states(sample)[sample.mention_iran] == "rejected"
    with connect(sample.path) as con:
        assert [r[0] for r in con.execute("SELECT action FROM events ORDER BY event_id").fetchall()] == [
            "mention confirmed", "mention rejected"]


def test_correct_claimant_stance_and_span_from_the_article(sample: Sample) -> None:
    key = f"article_{sample.article_one}"
    at = open_page(sample.path, "sources", article=sample.article_one, reviewer="Ravi")
    with connect(sample.path) as con:
        start = scalar(con, "SELECT char_start FROM mentions WHERE mention_id = ?", [sample.mention_us])
    tick(at, key, {0: {"claimant": "the Pentagon", "stance": "asserts", "end": start + len("Tehran has been shipping")}})
    at.run()
    at.button(key=f"{key}_correct").click().run()
    no_errors(at)
    with connect(sample.path) as con:
        row = query_one(con, "SELECT m.quote, m.review_state, a.name FROM mentions m LEFT JOIN actors a"
                             " ON a.actor_id = m.claimant_id WHERE mention_id = ?", [sample.mention_us])
        event = query_one(con, "SELECT reviewer, action FROM events")
    assert row == {"quote": "Tehran has been shipping", "review_state": "corrected", "name": "United States"}
    assert event == {"reviewer": "Ravi", "action": "mention corrected"}


def test_unknown_article(sample: Sample) -> None:
    at = open_page(sample.path, "sources", article=999)
    assert "There is no article 999" in said(at, "error")[0]


# --- review queue: extracted mentions ---------------------------------------------------------------


def test_review_queue_bulk_confirms_and_rejects_extracted_mentions(sample: Sample) -> None:
    at = open_page(sample.path, "review", tab="New extracted mentions")
    no_errors(at)
    assert [(m.label, m.value) for m in at.metric] == [("Suggested matches", "1"), ("New extracted mentions", "4")]
    tick(at, "queue_mentions", {0: {"select": True}, 1: {"select": True}})
    at.run()
    at.button(key="queue_mentions_confirm").click().run()
    states = mention_states(sample)
    assert (states[sample.mention_us], states[sample.mention_iran]) == ("confirmed", "confirmed")
    assert at.metric[1].value == "2"
    tick(at, "queue_mentions", {0: {"select": True}})
    at.run()
    at.button(key="queue_mentions_reject").click().run()
    assert mention_states(sample)[sample.mention_kyiv] == "rejected"
    assert at.metric[1].value == "1"  # rejected ones never come back


def test_review_queue_needs_a_ticked_row_and_a_name(sample: Sample) -> None:
    at = open_page(sample.path, "review", reviewer=None, tab="New extracted mentions")
    at.button(key="queue_mentions_confirm").click().run()
    assert any("Enter your name in the sidebar first" in w for w in said(at, "warning"))
    at.session_state["reviewer"] = "Tess"
    at.button(key="queue_mentions_confirm").click().run()
    assert any("Tick the mentions first" in i for i in said(at, "info"))
    assert set(mention_states(sample).values()) == {"pending"}


# --- actors -------------------------------------------------------------------------------------------


def test_actors_are_searchable_by_alias(sample: Sample) -> None:
    at = open_page(sample.path, "actors")
    at.text_input(key="actors_q").input("tehran").run()
    table = at.dataframe[0].value
    assert list(table["actor"]) == ["Iran"] and "Tehran" in table["aliases"][0]


def test_add_and_remove_an_alias(sample: Sample) -> None:
    with connect(sample.path) as con:
        iran = scalar(con, "SELECT actor_id FROM actors WHERE name = 'Iran'")
    at = open_page(sample.path, "actors", actor=iran, reviewer="Ana")
    assert at.subheader[0].value == "Iran"
    at.text_input(key=f"alias_new_{iran}").input("the Persian government")
    at.button(key=f"alias_add_{iran}").click().run()
    no_errors(at)
    with connect(sample.path) as con:
        row = query_one(con, "SELECT alias_key, origin FROM actor_aliases WHERE actor_id = ? AND alias = ?",
                        [iran, "the Persian government"])
        assert row is not None and row["origin"] == "user"
    assert "Alias “the Persian government” added." in said(at, "success")
    at.button(key=f"alias_rm_{iran}_{row['alias_key']}").click().run()
    with connect(sample.path) as con:
        assert scalar(con, "SELECT count(*) FROM actor_aliases WHERE alias = 'the Persian government'") == 0
        actions = query(con, "SELECT action, reviewer, entity_id FROM events ORDER BY event_id")
    assert actions == [{"action": "alias added", "reviewer": "Ana", "entity_id": iran},
                       {"action": "alias removed", "reviewer": "Ana", "entity_id": iran}]


def test_add_an_actor(sample: Sample) -> None:
    at = open_page(sample.path, "actors")
    at.text_input(key="actor_new_name").input("Grain Watch Collective")
    at.selectbox(key="actor_new_kind").select("organisation")
    at.button(key="actor_add").click().run()
    no_errors(at)
    with connect(sample.path) as con:
        row = query_one(con, "SELECT actor_id, kind, origin FROM actors WHERE name = 'Grain Watch Collective'")
    assert (row["kind"], row["origin"]) == ("organisation", "user")
    assert at.subheader[0].value == "Grain Watch Collective"  # the new actor is opened
    at.text_input(key="actor_new_name").input("Tehran")
    at.button(key="actor_add").click().run()
    assert "“Tehran” already names an actor" in said(at, "info")[0]


def test_editor_key_helper_matches_the_component() -> None:
    assert editor_state_key("queue_mentions") == "queue_mentions_editor_0"


def test_messages_quoting_user_input_show_it_literally(sample: Sample) -> None:
    with connect(sample.path) as con:
        iran = scalar(con, "SELECT actor_id FROM actors WHERE name = 'Iran'")
    at = open_page(sample.path, "actors", actor=iran)
    at.text_input(key=f"alias_new_{iran}").input("[click](javascript:alert(1)) **now**")
    at.button(key=f"alias_add_{iran}").click().run()
    [box] = at.success
    assert "\\[click\\]\\(javascript\\:alert\\(1\\)\\) \\*\\*now\\*\\*" in box.value  # Markdown-escaped
    assert said(at, "success") == ["Alias “[click](javascript:alert(1)) **now**” added."]
    assert "[click](javascript:alert(1)) **now**" in html_of(at).replace("&quot;", '"')  # the alias list, escaped HTML


def test_one_span_read_both_ways_is_one_mark_with_both_readings() -> None:
    text = "Sweden said the drone was a weather probe."
    readings = [{"char_start": 0, "char_end": len(text), "stance": "asserts", "claimant": "Sweden", "claim_id": 4},
                {"char_start": 0, "char_end": len(text), "stance": "denies", "claimant": "Sweden", "claim_id": 2}]
    html = ui.highlighted_text_html(text, readings)
    assert html.count("<mark ") == 1
    assert "wb-mark-both" in html
    assert "title='asserts: Sweden · claim #4 | denies: Sweden · claim #2'" in html
    assert "<sup>#4 #2</sup>" in html
