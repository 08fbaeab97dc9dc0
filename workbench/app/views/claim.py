"""/claim?id=N — one claim: its text, status and verdict (editable, audited), who asserts and who denies it,
a timeline, match explanations, suggestions, merge and split, and the history."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from workbench import clustering, review

from workbench.access import Permission
from workbench.app import components as ui
from workbench.app import identity, state
from workbench.errors import WorkbenchError
from workbench.models import ReviewStatus, Verdict
from workbench.store import browse

NO_VERDICT = "(no verdict yet)"
SIDE_PAGE = 10  # mentions shown per side (asserting, denying) per page
MERGE_TAB = "Merge & split"
TABS = ["Who asserts · who denies", "Status & verdict", "Timeline", "Why these match", "Suggestions", MERGE_TAB,
        "History"]


def _claim_id_from_url() -> int | None:
    raw = st.query_params.get("id")
    try:
        value = int(str(raw).strip().lstrip("#"))
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None


def _open_claim() -> None:
    wanted = st.session_state.get("open_claim_id")
    if wanted:
        st.query_params["id"] = str(int(wanted))


claim_id = _claim_id_from_url()
if claim_id is None:
    st.title("Claim")
    if st.query_params.get("id"):
        st.error("The link's claim id is not a number.")
    st.number_input("Open claim number", min_value=1, value=None, step=1, key="open_claim_id", on_change=_open_claim)
    st.page_link(ui.CLAIMS_PAGE, label="Browse all claims →")
    st.stop()

claim = state.read(browse.claim_detail, claim_id)
if claim is None:
    st.title(f"Claim #{claim_id}")
    st.error(f"There is no claim #{claim_id}. It may have been split or the link mistyped.")
    st.page_link(ui.CLAIMS_PAGE, label="Browse all claims →")
    st.stop()

st.title(f"Claim #{claim_id}")
notice = st.session_state.pop("claim_notice", None)
if notice:
    kind, message = notice
    ui.say(kind, message)
    new_claim = st.session_state.pop("claim_split_new", None)
    if new_claim:
        ui.claim_link(int(new_claim))
if claim["merged_into"]:
    st.warning(f"This claim was merged into claim #{claim['merged_into']}; its mentions are there now.")
    ui.claim_link(claim["merged_into"])

ui.show_html(f"<div class='wb-claim-text'>{ui.esc(claim['text'])}</div>")
extra = []
if claim.get("accused"):
    extra.append(f"<span class='wb-small wb-muted'>about <strong>{ui.esc(claim['accused'])}</strong></span>")
if claim.get("updated_by"):
    extra.append(
        f"<span class='wb-small wb-muted'>last changed by {ui.esc(claim['updated_by'])}"
        f" on {ui.esc(ui.fmt_date(claim['updated_at']))}</span>"
    )
ui.badges(ui.status_badge(claim["status"]), ui.verdict_badge(claim["verdict"]), ui.contested_badge(claim["contested"]), *extra)

cols = st.columns(5)
cols[0].metric("Mentions", f"{claim['mentions']:,}")
cols[1].metric("Asserting", f"{claim['asserts']:,}")
cols[2].metric("Denying", f"{claim['denies']:,}")
cols[3].metric("First seen", ui.fmt_date(claim["first_mention"] or claim["first_seen"]) or "—")
cols[4].metric("Last seen", ui.fmt_date(claim["last_mention"] or claim["last_seen"]) or "—")

may_review = identity.can(Permission.REVIEW)
may_restructure = identity.can(Permission.RESTRUCTURE)
# Only the open tab is drawn (its name is kept in the URL: /claim?id=N&tab=History).
shown_tabs = [name for name in TABS if name != MERGE_TAB or may_restructure]
tabs = dict(zip(shown_tabs, st.tabs(shown_tabs, key="tab", on_change="rerun", bind="query-params")))
tab_sides, tab_review, tab_time, tab_why, tab_suggest, tab_history = (
    tabs[name] for name in TABS if name != MERGE_TAB)
tab_merge = tabs.get(MERGE_TAB)

# --- claims linked to this one ----------------------------------------------------------------------------


def _unlink(other_claim_id: int) -> None:
    """Button callback: remove the link between this claim and another."""
    who = identity.user()
    if not who:
        st.session_state["claim_notice"] = ("warning", "Enter your name in the sidebar first.")
        return
    if ui.noted_write("claim", review.remove_relation, claim_id, other_claim_id, who) is ui.REFUSED:
        return
    st.session_state["claim_notice"] = ("success", f"Link to claim #{other_claim_id} removed.")


def _link_form() -> None:
    """Link a counter-claim by its number, either way round (audited)."""
    with st.form(f"link_form_{claim_id}"):
        c1, c2 = st.columns([2, 1])
        direction = c1.radio("This claim", ["is contradicted by claim", "contradicts claim"], horizontal=True,
                             key=f"link_direction_{claim_id}")
        other = c2.number_input("Claim number", min_value=1, value=None, step=1, key=f"link_other_{claim_id}")
        submitted = st.form_submit_button("Link claims")
    if not submitted or other is None:
        return
    who = identity.require_user()
    if not who:
        return
    pair = (claim_id, int(other)) if direction == "contradicts claim" else (int(other), claim_id)
    try:
        added = state.write(review.add_relation, pair[0], pair[1], who)
    except WorkbenchError as exc:
        ui.say("error", exc)
        return
    st.session_state["claim_notice"] = (
        ("success", f"Claim #{pair[0]} now contradicts claim #{pair[1]}.") if added
        else ("info", f"Claims #{pair[0]} and #{pair[1]} were linked already."))
    st.rerun()


def _related_claims() -> None:
    """"Contradicts" and "Contradicted by": counter-claims linked by the matcher or a reviewer."""
    links = state.read(browse.claim_links, claim_id)
    st.subheader("Counter-claims")
    if not links:
        st.caption("No claim is linked to this one as contradicting it, or contradicted by it.")
    for outgoing, heading in ((True, "Contradicts"), (False, "Contradicted by")):
        rows = [r for r in links if r["outgoing"] == outgoing]
        if not rows:
            continue
        st.markdown(f"**{heading}**")
        for r in rows:
            left, right = st.columns([6, 1])
            with left:
                ui.claim_link(r["other_claim_id"], r["other_text"])
                st.caption(f"linked by {'the matcher' if r['source'] == 'matcher' else r['created_by'] or 'a reviewer'}")
            if may_review:
                right.button("Remove link", key=f"unlink_{claim_id}_{r['other_claim_id']}", on_click=_unlink,
                             args=(int(r["other_claim_id"]),))
    if may_review:
        with st.expander("Link a counter-claim"):
            _link_form()


# --- who asserts, who denies --------------------------------------------------------------------------
if tab_sides.open:
    with tab_sides:
        left, right = st.columns(2, gap="large")
        for column, stance, heading in ((left, "asserts", "Who asserts"), (right, "denies", "Who denies")):
            with column:
                key = f"side_{stance}_{claim_id}"
                page = state.read(browse.claim_mentions, claim_id, stance, page=ui.page_number(key), page_size=SIDE_PAGE)
                st.subheader(f"{ui.STANCE_ICONS[stance]} {heading} ({page.total:,})")
                if not page.rows:
                    st.caption("Nobody yet." if stance == "asserts" else "No denial recorded.")
                for mention in page.rows:
                    ui.show_html(ui.mention_card_html(mention))
                    if mention.get("article_id"):
                        ui.article_link(mention["article_id"], mention.get("title") or mention.get("outlet") or "the article")
                ui.pager(page, key, noun="mentions")
        if claim["rejected"]:
            st.caption(f"{claim['rejected']} mention(s) rejected by reviewers are not shown.")
        _related_claims()

# --- status and verdict -------------------------------------------------------------------------------


def _save_review(con, status: str, verdict: str | None, rationale: str, evidence: str, who: str) -> list[str]:
    changed = []
    if review.set_status(con, claim_id, status, who):
        changed.append("status")
    if review.set_verdict(con, claim_id, verdict, rationale, evidence, who):
        changed.append("verdict")
    return changed


def _review_form() -> None:
    """Status, verdict, rationale and evidence, saved together (audited)."""
    statuses = [s.value for s in ReviewStatus]
    verdicts = [NO_VERDICT] + [v.value for v in Verdict]
    with st.form(f"review_form_{claim_id}"):
        c1, c2 = st.columns(2)
        status = c1.selectbox("Status", statuses, index=statuses.index(claim["status"]), key=f"status_{claim_id}")
        verdict = c2.selectbox("Verdict", verdicts, index=verdicts.index(claim["verdict"] or NO_VERDICT),
                               key=f"verdict_{claim_id}")
        rationale = st.text_area("Rationale", value=claim.get("rationale") or "", key=f"rationale_{claim_id}",
                                 placeholder="Why this verdict: what the evidence shows.")
        evidence = st.text_area("Evidence links", value="\n".join(claim["evidence_urls"]), key=f"evidence_{claim_id}",
                                placeholder="https://… (one per line)", height=90)
        submitted = st.form_submit_button("Save review", type="primary")
    if not submitted:
        return
    who = identity.require_user()
    if not who:
        return
    try:
        changed = state.write(_save_review, status, None if verdict == NO_VERDICT else verdict, rationale, evidence, who)
    except WorkbenchError as exc:
        ui.say("error", exc)
        return
    if not changed:
        st.info("Nothing changed.")
        return
    st.session_state["claim_notice"] = (
        "success", f"Saved ({' and '.join(changed)}); recorded in the history as {who.identity}.")
    st.rerun()


def _wording_form() -> None:
    """The claim's canonical text (audited)."""
    with st.form(f"text_form_{claim_id}"):
        new_text = st.text_area("Claim text", value=claim["text"], key=f"text_{claim_id}")
        save_text = st.form_submit_button("Save text")
    if not save_text:
        return
    who = identity.require_user()
    if not who:
        return
    try:
        if state.write(review.edit_claim_text, claim_id, new_text, who):
            st.session_state["claim_notice"] = ("success", "The claim's wording was saved.")
            st.rerun()
        else:
            st.info("Nothing changed.")
    except WorkbenchError as exc:
        ui.say("error", exc)


if tab_review.open:
    with tab_review:
        if claim.get("rationale") or claim["evidence_urls"]:
            st.markdown("**Current rationale**")
            ui.show_html(f"<div class='wb-small'>{ui.esc(claim.get('rationale') or '')}</div>")
            if claim["evidence_urls"]:
                ui.show_html("<div class='wb-small'>Evidence: " + " · ".join(
                    ui.external_link_html(url) for url in claim["evidence_urls"]) + "</div>")
        if may_review:
            _review_form()
            with st.expander("Edit the claim's wording"):
                _wording_form()
        else:
            st.caption(f"Status: {claim['status']} · verdict: {claim['verdict'] or 'none yet'}. Reviewers set them; "
                       "your role lets you read them.")

        reviews = state.read(browse.claim_reviews, claim_id)
        if reviews:
            st.subheader("Fact-checks published elsewhere")
            for r in reviews:
                ui.show_html(
                    f"<div class='wb-small'>{ui.external_link_html(r['url'], r.get('publisher') or r['url'])}"
                    f" · {ui.esc(ui.fmt_date(r.get('date_published')))} · rated <strong>{ui.esc(r.get('rating_text'))}</strong>"
                    f"{' → ' + ui.verdict_badge(r['verdict']) if r.get('verdict') else ''}</div>"
                )

# --- timeline -----------------------------------------------------------------------------------------
if tab_time.open:
    with tab_time:
        timeline = pd.DataFrame(state.read(browse.claim_timeline, claim_id))
        if timeline.empty:
            st.caption("No dated mentions.")
        else:
            timeline["day"] = pd.to_datetime(timeline["day"])
            st.altair_chart(
                alt.Chart(timeline).mark_bar(size=10).encode(
                    x=alt.X("day:T", title="date of the source"),
                    y=alt.Y("mentions:Q", title="mentions", stack=True),
                    color=alt.Color("stance:N", scale=alt.Scale(domain=["asserts", "denies"], range=["#3b73c9", "#d0493a"])),
                    tooltip=[alt.Tooltip("day:T", title="date"), "stance", "mentions"],
                ).properties(height=240),
                width="stretch",
            )

# --- match explanations -------------------------------------------------------------------------------
if tab_why.open:
    with tab_why:
        explanations = state.read(browse.match_explanations, claim_id)
        if not explanations:
            st.caption("No match decisions stored for this claim's mentions.")
        else:
            st.caption(
                "Each mention's match decision: its score (the probability that it states the claim) and what agreed. Mentions at or above the "
                "automatic threshold joined the claim; those that started it were compared with nothing closer."
            )
            frame = pd.DataFrame([{
                "mention": e["mention_id"], "stance": e["stance"], "claimant": e.get("claimant"), "quote": e["quote"],
                "decision": e["decision"], "score": e["score"], "text": e["text_score"], "actors": e["actor_score"],
                "direction": e["direction_score"], "numbers": e["number_score"],
                "why": e["why"], "compared": e["compared_text"], "with": e["candidate_text"],
            } for e in explanations])
            st.dataframe(frame, hide_index=True, width="stretch", column_config={
                "score": st.column_config.ProgressColumn("score", min_value=0, max_value=1, format="%.2f"),
                "text": st.column_config.NumberColumn(format="%.2f"),
                "actors": st.column_config.NumberColumn(format="%.2f"),
                "direction": st.column_config.NumberColumn(format="%.2f"),
                "numbers": st.column_config.NumberColumn(format="%.2f"),
            })

# --- suggestions --------------------------------------------------------------------------------------


def _decide(suggestion_id: int, accept: bool) -> None:

    who = identity.user()
    if not who:
        st.session_state["claim_notice"] = ("warning", "Enter your name in the sidebar first.")
        return
    fn = clustering.confirm_suggestion if accept else clustering.reject_suggestion
    if ui.noted_write("claim", fn, suggestion_id, who) is ui.REFUSED:
        return
    st.session_state["claim_notice"] = ("success", f"Suggestion {'confirmed' if accept else 'rejected'}.")


if tab_suggest.open:
    with tab_suggest:
        suggestions = state.read(browse.claim_suggestions, claim_id)
        if not suggestions:
            st.caption("No open suggestions for this claim.")
        for s in suggestions:
            with st.container(border=True):
                here = s["claim_id"] == claim_id
                text = "may belong to this claim" if here else f"(on this claim) may belong to claim #{s['claim_id']}"
                ui.show_html(
                    f"<div class='wb-small'><span class='wb-score'>{s['score'] or 0:.0f}</span> · mention #{s['mention_id']} "
                    f"{ui.stance_badge(s['stance'])} {ui.esc(text)}</div>"
                    f"<blockquote class='wb-quote'>{ui.esc(s['quote'])}</blockquote>"
                    f"<div class='wb-who'>{ui.who_html(s)} · {ui.source_html(s)}</div>"
                )
                other = s["mention_claim_id"] if here else s["claim_id"]
                other_text = s["mention_claim_text"] if here else s["claim_text"]
                ui.claim_link(other, other_text, limit=100)
                if not may_review:
                    continue
                b1, b2, _ = st.columns([1, 1, 4])
                b1.button("Confirm", key=f"sg_yes_{s['suggestion_id']}", on_click=_decide, args=(s["suggestion_id"], True),
                          type="primary")
                b2.button("Reject", key=f"sg_no_{s['suggestion_id']}", on_click=_decide, args=(s["suggestion_id"], False))

# --- merge and split ----------------------------------------------------------------------------------
if tab_merge is not None and tab_merge.open:
    with tab_merge:
        st.markdown("**Merge another claim into this one.** Its mentions move here; it stays as a pointer to this claim.")
        m1, m2 = st.columns([1, 3], vertical_alignment="bottom")
        absorb = m1.number_input("Claim to merge in", min_value=1, value=None, step=1, key=f"merge_{claim_id}")
        if absorb and int(absorb) != claim_id:
            other = state.read(browse.claim_detail, int(absorb))
            with m2:
                if other is None or other["merged_into"]:
                    st.caption(f"There is no claim #{int(absorb)} to merge.")
                else:
                    ui.show_html(f"<div class='wb-small'>#{int(absorb)}: {ui.esc(ui.shorten(other['text'], 160))}"
                                 f" ({other['mentions']} mentions)</div>")
                    if st.button(f"Merge #{int(absorb)} into #{claim_id}", key=f"merge_go_{claim_id}"):
                        who = identity.require_user()
                        if who:
                            from workbench import clustering

                            try:
                                state.write(clustering.merge_claims, claim_id, int(absorb), who)
                            except WorkbenchError as exc:
                                ui.say("error", exc)
                            else:
                                st.session_state["claim_notice"] = ("success", f"Claim #{int(absorb)} merged into this one.")
                                st.rerun()

        st.divider()
        st.markdown("**Split mentions off into a new claim.** Pick the mentions that say something else.")
        pool = state.read(browse.claim_mentions, claim_id, page=1, page_size=200)
        labels = {m["mention_id"]: f"#{m['mention_id']} {ui.STANCE_ICONS.get(m['stance'], '')} "
                  f"{m.get('claimant') or 'unknown'}: {ui.shorten(m['quote'], 90)}" for m in pool.rows}
        chosen = st.multiselect("Mentions to split off", list(labels), format_func=lambda i: labels[i],
                                key=f"split_{claim_id}", placeholder="choose mentions")
        if pool.total > len(pool.rows):
            st.caption(f"Showing the newest {len(pool.rows)} of {pool.total:,} mentions.")
        if st.button("Split into a new claim", key=f"split_go_{claim_id}", disabled=not chosen):
            who = identity.require_user()
            if who:
                from workbench import clustering

                try:
                    new_id = state.write(clustering.split_claim, claim_id, list(chosen), who)
                except WorkbenchError as exc:
                    ui.say("error", exc)
                else:
                    new_id = getattr(new_id, "claim_id", new_id)
                    st.session_state["claim_notice"] = ("success", f"{len(chosen)} mention(s) moved to new claim #{new_id}.")
                    st.session_state["claim_split_new"] = new_id
                    st.rerun()

# --- history ------------------------------------------------------------------------------------------
if tab_history.open:
    with tab_history:
        events = state.read(browse.claim_history, claim_id)
        if not events:
            st.caption("No changes recorded yet.")
        else:
            st.dataframe(pd.DataFrame([{
                "when": e["happened_at"], "who": e["reviewer"], "action": e["action"],
                "what": f"{e['entity']} #{e['entity_id']}" if e["entity"] != "claim" else "",
                "details": ui.event_summary(e),
            } for e in events]), hide_index=True, width="stretch")
