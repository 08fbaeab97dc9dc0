"""/review — the review queue: suggested matches and newly extracted mentions awaiting a decision.

Tick rows (arrow keys and space bar work in the tables), then confirm or reject them in bulk
(suggestions: Alt+Y / Alt+N). Rejected suggestions and rejected mentions never come back.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from workbench import clustering

from workbench.access import Permission
from workbench.app import components as ui
from workbench.app import identity, state
from workbench.store import browse
from workbench.store.settings import write_settings

SUGGESTIONS = "suggestions"

st.title("Review queue")
counts = state.read(browse.review_queue)
page_size = state.settings().page_size

ui.pending_notice("review")


def _save_thresholds() -> None:

    who = identity.user()
    if not who:
        st.session_state["review_notice"] = ("warning", "Enter your name in the sidebar first.")
        return
    auto, suggest = st.session_state["threshold_auto"], st.session_state["threshold_suggest"]
    changed = ui.noted_write("review", write_settings, {"match_auto": auto, "match_suggest": suggest}, who)
    if changed is ui.REFUSED:
        return
    st.session_state["review_notice"] = (
        ("success", (f"Thresholds saved: join at {auto:g}, suggest from {suggest:g}. New mentions are placed with "
                     "them now; `workbench recluster` re-matches the mentions already stored."))
        if changed else ("info", "The thresholds are unchanged."))


current = state.settings()
if not identity.can(Permission.CONFIGURE):
    st.caption(f"Matching thresholds: join at {current.match_auto:g}, suggest from {current.match_suggest:g} "
               "(administrators change them).")
else:
    with st.expander(f"Matching thresholds: join at {current.match_auto:g}, suggest from {current.match_suggest:g}",
                     icon=":material/tune:"):
        st.caption("A new mention scoring at or above the first joins its best claim; between the two it gets a claim "
                   "of its own and a suggestion in this queue; below, a claim of its own. Scores are probabilities (0 to 1) "
                   "that the mention states the claim; 0.5 is even odds.")
        with st.form("thresholds", border=False):
            t1, t2 = st.columns(2)
            t1.number_input("Join automatically at", 0.0, 1.0, float(current.match_auto), 0.05, key="threshold_auto")
            t2.number_input("Suggest from", 0.0, 1.0, float(current.match_suggest), 0.05, key="threshold_suggest")
            st.form_submit_button("Save thresholds", on_click=_save_thresholds, icon=":material/save:")

def _teach() -> None:
    from workbench import learn

    who = identity.user()
    result = ui.noted_write("review", learn.learn, state.settings(), who)
    if result is ui.REFUSED:
        return
    st.session_state["review_notice"] = ("success", result.summary().replace("\n", "; "))


if identity.can(Permission.CONFIGURE):
    from workbench import learn as _learn

    fresh = state.read(_learn.new_decisions)
    if fresh >= current.learn_after:
        with st.container(border=True):
            st.markdown(f"**{fresh} reviewer decisions** since the matcher last learned from this desk. Teaching it "
                        "recalibrates the shipped matching model to every decision (how often this desk confirms what "
                        "it is shown), then re-matches the mentions no decision protects.")
            st.button("Teach the matcher", key="teach_matcher", on_click=_teach, icon=":material/school:")

if counts["suggestions"] == 0 and counts["mentions"] == 0:
    st.success("Nothing waits for a decision. Suggestions appear here when the matcher is unsure whether two "
               "mentions state the same claim; extracted mentions appear after an ingest.", icon=":material/done_all:")
    st.stop()

c1, c2 = st.columns(2)
c1.metric("Suggested matches", f"{counts['suggestions']:,}", help="Pairs the matcher was unsure about.")
c2.metric("New extracted mentions", f"{counts['mentions']:,}", help="Extracted mentions nobody has checked yet.")
# Only the open tab is drawn; its name is kept in the URL (/review?tab=New+extracted+mentions).
tab_suggest, tab_mentions = st.tabs(["Suggested matches", "New extracted mentions"], key="tab", on_change="rerun",
                                    bind="query-params")


def _decide_suggestions(rows: list[dict[str, Any]], accept: bool) -> None:

    who = identity.user()
    if not who:
        st.session_state["review_notice"] = ("warning", "Enter your name in the sidebar first.")
        return
    edits = (st.session_state.get(ui.editor_state_key(SUGGESTIONS)) or {}).get("edited_rows", {})
    ids = [int(rows[int(i)]["suggestion_id"]) for i, change in edits.items() if change.get("select")]
    if not ids:
        st.session_state["review_notice"] = ("info", "Tick the suggestions first (the ✓ column).")
        return
    fn = clustering.confirm_suggestion if accept else clustering.reject_suggestion

    def decide_all(con: Any) -> None:
        for suggestion_id in ids:
            fn(con, suggestion_id, who)

    if ui.noted_write("review", decide_all) is ui.REFUSED:
        return
    st.session_state[f"{SUGGESTIONS}_gen"] = st.session_state.get(f"{SUGGESTIONS}_gen", 0) + 1
    verb = "confirmed" if accept else "rejected"
    st.session_state["review_notice"] = ("success", f"{len(ids)} suggestion{'s' * (len(ids) != 1)} {verb}.")


if tab_suggest.open:
    with tab_suggest:
        st.caption("The matcher was unsure whether these mentions state the same claim as an existing one. "
                   "Confirming moves the mention onto the suggested claim; rejecting keeps them apart for good.")
        page = state.read(browse.open_suggestions, page=ui.page_number("suggestions_page"), page_size=page_size)
        if not page.rows:
            st.caption("No suggestions waiting.")
        else:
            frame = pd.DataFrame([{
                "select": False, "score": r["score"], "quote": r["quote"], "may be the same claim as": r["claim_text"],
                "claimant": r["claimant"], "stance": r["stance"], "outlet": r["outlet"],
                "now in claim": r["mention_claim_id"], "suggested claim": r["claim_id"], "suggestion": r["suggestion_id"],
            } for r in page.rows])
            st.data_editor(
                frame, key=ui.editor_state_key(SUGGESTIONS), hide_index=True, width="stretch",
                disabled=[c for c in frame.columns if c != "select"],
                column_config={
                    "select": st.column_config.CheckboxColumn("✓", help="Tick to decide", width="small"),
                    "score": st.column_config.ProgressColumn("score", min_value=0, max_value=1, format="%.2f"),
                    "quote": st.column_config.TextColumn(width="medium"),
                    "may be the same claim as": st.column_config.TextColumn(width="medium"),
                },
            )
            rows = [dict(r) for r in page.rows]
            with st.container(horizontal=True):
                st.button("Confirm selected", key="suggestions_confirm", type="primary", shortcut="Alt+Y",
                          on_click=_decide_suggestions, args=(rows, True))
                st.button("Reject selected", key="suggestions_reject", shortcut="Alt+N",
                          on_click=_decide_suggestions, args=(rows, False))
            with st.expander("Compare on the claim pages"):
                for r in page.rows[:20]:
                    ui.claim_link(r["claim_id"], r["claim_text"], limit=100)
        ui.pager(page, "suggestions_page", noun="suggestions")

if tab_mentions.open:
    with tab_mentions:
        st.caption("Mentions the extractor found in new articles. Tick to confirm or reject them; edit the claimant "
                   "or stance in the table and save to correct. Spans are corrected on the article's page.")
        page = state.read(browse.pending_mentions, page=ui.page_number("mentions_page"), page_size=page_size)
        ui.mention_editor(page.rows, "queue_mentions", spans=False, extra_columns=("outlet", "published"))
        articles = {r["article_id"]: r.get("title") or r.get("outlet") for r in page.rows if r.get("article_id")}
        if articles:
            with st.expander("Check the spans in the article text"):
                for article_id, title in list(articles.items())[:20]:
                    ui.article_link(article_id, title)
        ui.pager(page, "mentions_page", noun="mentions")
