"""/log — log a claim by hand: quote, claimant, stance, speaker, source URL, outlet, published.

While the quote is typed, the most similar existing claims are shown with their scores; the reviewer
attaches the mention to one of them or lets the matcher decide (a new claim when nothing is close).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from workbench.app import components as ui
from workbench.app import identity, state
from workbench.errors import WorkbenchError
from workbench.validation import mention_form_errors

FIELDS = ("log_quote", "log_claimant", "log_speaker", "log_url", "log_outlet", "log_published")
AUTOMATIC = 0


def _field_error(name: str) -> None:
    message = st.session_state.get("log_errors", {}).get(name)
    if message:
        ui.show_html(f"<div class='wb-field-error'>⚠ {ui.esc(message)}</div>")


def _log() -> None:
    """Validate the form and store the mention (runs before the page is drawn again)."""
    values = {name: (st.session_state.get(name) or "").strip() for name in FIELDS}
    errors = mention_form_errors(quote=values["log_quote"], url=values["log_url"] or None,
                                 published=values["log_published"] or None)
    st.session_state["log_errors"] = errors
    st.session_state.pop("log_result", None)
    st.session_state.pop("log_failure", None)
    who = identity.user()
    if not who:
        st.session_state["log_failure"] = "Enter your name in the sidebar first: every change is recorded with who made it."
        return
    if errors:
        return
    attach = st.session_state.get("log_attach") or AUTOMATIC
    try:
        placement = state.log_mention(
            quote=values["log_quote"], claimant=values["log_claimant"] or None,
            stance=st.session_state.get("log_stance") or "asserts", speaker=values["log_speaker"] or None,
            url=values["log_url"] or None, outlet=values["log_outlet"] or None,
            published=values["log_published"] or None, claim_id=int(attach) if attach != AUTOMATIC else None,
            reviewer=who,
        )
    except WorkbenchError as exc:
        st.session_state["log_failure"] = str(exc)
        return
    st.session_state["log_result"] = {
        "claim_id": int(placement.claim_id), "created": bool(placement.created_claim),
        "score": placement.score, "mention_id": int(placement.mention_id),
        "quote": values["log_quote"], "chosen": attach != AUTOMATIC,
    }
    for name in FIELDS:
        st.session_state[name] = ""
    st.session_state["log_stance"] = "asserts"
    st.session_state["log_attach"] = AUTOMATIC


st.title("Log a claim")
st.caption("A claim you found outside the ingested articles: a post, a broadcast, a statement. "
           "Similar claims appear on the right while you type the quote.")

result = st.session_state.get("log_result")
if result:
    verb = "created new claim" if result["created"] else "joined claim"
    score = "" if result["score"] is None or result["chosen"] else f" (match score {result['score']:.2f})"
    st.success(f"Logged mention #{result['mention_id']}: {verb} #{result['claim_id']}{score}.", icon=":material/check_circle:")
    ui.claim_link(result["claim_id"], icon=":material/arrow_forward:")
if st.session_state.get("log_failure"):
    ui.say("error", st.session_state["log_failure"])

left, right = st.columns([3, 2], gap="large")
with left:
    st.text_input("Quote", key="log_quote", live=True, max_chars=5000,
                          placeholder="The claim as the source states it")
    _field_error("quote")
    c1, c2 = st.columns(2)
    c1.text_input("Claimant", key="log_claimant", max_chars=200,
                             help="Who asserts or denies it: an actor or any alias (Tehran, the Kremlin…). "
                                  "Leave empty when unknown, as for a viral post.")
    c2.radio("Stance", ["asserts", "denies"], key="log_stance", horizontal=True)
    c1.text_input("Speaker", key="log_speaker", max_chars=200, help="The person quoted, as written.")
    c2.text_input("Outlet", key="log_outlet", max_chars=200)
    st.text_input("Source URL", key="log_url", placeholder="https://…", max_chars=2000)
    _field_error("url")
    st.text_input("Published", key="log_published", placeholder="YYYY-MM-DD", max_chars=40,
                  help="Date of the source; not in the future.")
    _field_error("published")

def _similar_panel(wait: float) -> None:
    """Similar claims with scores, and where to attach the mention. While the matcher's index is still
    loading (first use after a restart on a big database) it says so and looks again every two seconds."""
    quote = (st.session_state.get("log_quote") or "").strip()
    claimant = (st.session_state.get("log_claimant") or "").strip() or None
    st.subheader("Similar claims")
    candidates: list[dict[str, Any]] | None = []
    if quote:
        try:
            candidates = state.similar_claims(quote, claimant, st.session_state.get("log_stance") or "asserts",
                                              top=state.settings().match_top_k, wait=wait)
        except WorkbenchError as exc:
            st.caption(ui.md_escape(f"Similar claims are unavailable: {exc}"))
            candidates = []
    if candidates is None:
        st.caption("Preparing the matcher's index (the first time after a restart this takes a while on a big "
                   "database); similar claims appear here when it is ready. You can log the claim meanwhile.")
        if not st.session_state.get("log_index_wait"):
            st.session_state["log_index_wait"] = True
            st.rerun()  # draw the panel as a fragment that looks again every two seconds
        candidates = []
    elif st.session_state.pop("log_index_wait", False):
        st.rerun()  # ready: back to the plain panel
    if not quote:
        st.caption("Type the quote to see the closest existing claims.")
    elif not candidates and not st.session_state.get("log_index_wait"):
        st.caption("No similar claim yet: logging will start a new claim.")
    for c in candidates:
        with st.container(border=True):
            ui.show_html(
                f"<div class='wb-small'><span class='wb-score'>{c['score']:.2f}</span> "
                f"<span class='wb-muted'>score</span> · {ui.status_badge(c['status'])} {ui.verdict_badge(c['verdict'])}</div>"
            )
            ui.claim_link(c["claim_id"], c["text"], limit=160)
    options = [AUTOMATIC] + [c["claim_id"] for c in candidates]
    labels = {AUTOMATIC: "Let the matcher decide (a new claim when nothing is close)"}
    labels.update({c["claim_id"]: f"Claim #{c['claim_id']} (score {c['score']:.2f})" for c in candidates})
    if st.session_state.get("log_attach") not in options:
        st.session_state["log_attach"] = AUTOMATIC
    st.radio("Attach the mention to", options, format_func=lambda o: labels[o], key="log_attach")


@st.fragment(run_every=2)
def _similar_panel_polling() -> None:
    _similar_panel(wait=1.0)


with right:
    if st.session_state.get("log_index_wait"):
        _similar_panel_polling()
    else:
        _similar_panel(wait=5.0)

st.button("Log claim", type="primary", on_click=_log, key="log_submit")
