"""/claims — search, filter and sort the claims; paged; every filter is kept in the URL."""

from __future__ import annotations

import streamlit as st

from workbench.app import components as ui
from workbench.app import state
from workbench.models import ReviewStatus, Verdict
from workbench.store import browse

st.title("Claims")

options = state.read(browse.claim_filter_options)


def _first_page() -> None:
    st.session_state["page"] = 1


# Every widget is bound to a query parameter of the same name: a filtered list is a shareable link.
top = st.columns([3, 2, 2, 1.6], vertical_alignment="bottom")
top[0].text_input("Search", key="q", bind="query-params", on_change=_first_page,
                  placeholder="words from the claim or a quote, or #id")
top[1].multiselect("Status", [s.value for s in ReviewStatus], key="status", bind="query-params",
                   on_change=_first_page, placeholder="any status")
top[2].multiselect("Verdict", [v.value for v in Verdict] + ["no verdict"], key="verdict", bind="query-params",
                   on_change=_first_page, placeholder="any verdict")
top[3].selectbox("Sort by", list(browse.SORTS), format_func=lambda k: browse.SORTS[k][0], key="sort",
                 bind="query-params")

row = st.columns([2, 2, 2, 1.4, 1.4, 1.8, 0.8], vertical_alignment="bottom")
row[0].selectbox("Claimant", options["claimants"], index=None, key="claimant", bind="query-params",
                 on_change=_first_page, placeholder="anyone")
row[1].selectbox("Accused", options["accused"], index=None, key="accused", bind="query-params",
                 on_change=_first_page, placeholder="anyone")
row[2].selectbox("Outlet", options["outlets"], index=None, key="outlet", bind="query-params",
                 on_change=_first_page, placeholder="any outlet")
row[3].date_input("From", value=None, key="from", bind="query-params", on_change=_first_page, format="YYYY-MM-DD")
row[4].date_input("To", value=None, key="to", bind="query-params", on_change=_first_page, format="YYYY-MM-DD")
row[5].toggle("Contested", key="contested", bind="query-params", on_change=_first_page,
              help="Claims with both asserting and denying mentions.")
row[6].number_input("Page", min_value=1, value=1, step=1, key="page", bind="query-params")

filters = browse.ClaimFilters(
    text=st.session_state.get("q") or "",
    status=tuple(st.session_state.get("status") or ()),
    verdict=tuple(st.session_state.get("verdict") or ()),
    claimant=st.session_state.get("claimant"),
    accused=st.session_state.get("accused"),
    outlet=st.session_state.get("outlet"),
    date_from=st.session_state.get("from"),
    date_to=st.session_state.get("to"),
    contested=bool(st.session_state.get("contested")),
    sort=st.session_state.get("sort") or "activity",
)
result = state.read(browse.claim_list, filters, page=ui.page_number("page"), page_size=state.settings().page_size)

if result.total == 0:
    if filters == browse.ClaimFilters(sort=filters.sort):
        ui.empty_database_note()
    else:
        st.info("No claim matches these filters.")
    st.stop()

st.caption(f"{result.total:,} claim{'s' if result.total != 1 else ''}")
for claim in result.rows:
    ui.claim_row(claim)
ui.pager(result, "page", noun="claims")
