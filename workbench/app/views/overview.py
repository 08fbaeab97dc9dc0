"""/ — Overview: counts, claims by status and verdict, mentions over time, top claimants, recent claims."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from workbench.access import Permission
from workbench.app import components as ui
from workbench.app import identity, state
from workbench.store import browse

COUNT_AXIS = alt.Axis(format="d", tickMinStep=1)
STANCE_COLORS = alt.Scale(domain=["asserts", "denies"], range=["#3b73c9", "#d0493a"])

st.title("Overview")
data = state.read(browse.overview)
counts = data["counts"]

cols = st.columns(6)
cols[0].metric("Claims", f"{counts['claims']:,}")
cols[1].metric("Mentions", f"{counts['mentions']:,}")
cols[2].metric("Articles", f"{counts['articles']:,}")
cols[3].metric("Outlets", f"{counts['outlets']:,}")
cols[4].metric("Awaiting review", f"{counts['awaiting_review']:,}", help="Claims whose review has not started.")
cols[5].metric("Contested", f"{counts['contested']:,}", help="Claims with both asserting and denying mentions.")

queue = counts["open_suggestions"] + counts["pending_mentions"]
if queue:
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.caption(
        f"Review queue: {counts['open_suggestions']:,} suggested matches and "
        f"{counts['pending_mentions']:,} extracted mentions await a decision."
    )
    if identity.can(Permission.REVIEW):
        with right:
            st.page_link(ui.REVIEW_PAGE, label="Open the review queue", icon=":material/rule:")

if counts["claims"] == 0:
    ui.empty_database_note()
    st.stop()

left, right = st.columns(2)
with left:
    st.subheader("Claims by status")
    frame = pd.DataFrame(data["by_status"])
    st.altair_chart(
        alt.Chart(frame).mark_bar(cornerRadiusEnd=3).encode(
            x=alt.X("claims:Q", title="claims", axis=COUNT_AXIS),
            y=alt.Y("status:N", sort=list(frame["status"]), title=None, axis=alt.Axis(labelOverlap=False)),
            color=alt.Color("status:N", legend=None, scale=alt.Scale(
                domain=["unstarted", "in progress", "inconclusive", "resolved"],
                range=["#9aa1ad", "#e0a800", "#7b58c4", "#2f9e55"])),
            tooltip=["status", "claims"],
        ).properties(height=4 * 34),
        width="stretch",
    )
with right:
    st.subheader("Claims by verdict")
    frame = pd.DataFrame(data["by_verdict"])
    st.altair_chart(
        alt.Chart(frame).mark_bar(cornerRadiusEnd=3).encode(
            x=alt.X("claims:Q", title="claims", axis=COUNT_AXIS),
            y=alt.Y("verdict:N", sort=list(frame["verdict"]), title=None, axis=alt.Axis(labelOverlap=False)),
            color=alt.Color("verdict:N", legend=None, scale=alt.Scale(
                domain=["true", "mostly true", "mixed", "misleading", "false", "unproven", "no verdict"],
                range=["#2f9e55", "#76b041", "#e0a800", "#e07b00", "#c8362a", "#6b7280", "#c5c9d1"])),
            tooltip=["verdict", "claims"],
        ).properties(height=7 * 30),
        width="stretch",
    )

st.subheader("Mentions over time")
weekly = pd.DataFrame(data["weekly"])
if weekly.empty:
    st.caption("No dated mentions yet.")
else:
    weekly["week"] = pd.to_datetime(weekly["week"])
    st.altair_chart(
        alt.Chart(weekly).mark_bar(width={"band": 0.85}).encode(
            x=alt.X("yearweek(week):T", title="week of the source"),
            y=alt.Y("mentions:Q", title="mentions", stack=True, axis=COUNT_AXIS),
            color=alt.Color("stance:N", scale=STANCE_COLORS, title="stance"),
            tooltip=[alt.Tooltip("week:T", title="week"), "stance", "mentions"],
        ).properties(height=220),
        width="stretch",
    )

left, right = st.columns([3, 2])
with left:
    st.subheader("Most active claimants")
    claimants = pd.DataFrame(data["claimants"])
    if claimants.empty:
        st.caption("No attributed mentions yet.")
    else:
        long = claimants.melt(id_vars=["claimant", "total"], value_vars=["asserts", "denies"],
                              var_name="stance", value_name="mentions")
        # Denials drawn to the left of the axis: who accuses and who denies, at a glance.
        long["signed"] = long.apply(lambda r: -r["mentions"] if r["stance"] == "denies" else r["mentions"], axis=1)
        st.altair_chart(
            alt.Chart(long).mark_bar().encode(
                x=alt.X("signed:Q", title="◀ denying · asserting ▶",
                        axis=alt.Axis(format="d", tickMinStep=1, labelExpr="abs(datum.value)")),
                y=alt.Y("claimant:N", sort=list(claimants["claimant"]), title=None, axis=alt.Axis(labelOverlap=False)),
                color=alt.Color("stance:N", scale=STANCE_COLORS, title="stance"),
                tooltip=["claimant", "stance", "mentions"],
            ).properties(height=max(120, 30 * len(claimants))),
            width="stretch",
        )
with right:
    st.subheader("Recently active claims")
    for row in data["recent"]:
        with st.container(border=False):
            ui.claim_link(row["claim_id"], row["text"], limit=110)
            contested = bool(row["denies"] and row["mentions"] > row["denies"])
            ui.badges(ui.status_badge(row["status"]), ui.verdict_badge(row["verdict"]),
                      f"<span class='wb-small wb-muted'>{ui.plural(row['mentions'], 'mention')}</span>",
                      ui.contested_badge(contested))
    st.page_link(ui.CLAIMS_PAGE, label="All claims →")
