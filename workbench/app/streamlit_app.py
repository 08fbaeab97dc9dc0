"""The dashboard's entry point: page setup and routes only (the pages live in `views/`).

URL paths are a contract (people share links): / (Overview), /claims, /claim?id=N, /review, /log,
/ingest, /sql, /sources (?article=N, ?outlet=N), /actors (?actor=N).
"""

from __future__ import annotations

import streamlit as st

from workbench.app import components, state

st.set_page_config(page_title="Claim Workbench", page_icon="⚖️", layout="wide")
state.ensure_db()
components.load_css()

PAGES = {
    "Desk": [
        st.Page("views/overview.py", title="Overview", icon=":material/dashboard:", url_path="", default=True),
        st.Page("views/claims.py", title="Claims", icon=":material/list:", url_path="claims"),
        st.Page("views/claim.py", title="Claim", icon=":material/fact_check:", url_path="claim", visibility="hidden"),
        st.Page("views/review.py", title="Review queue", icon=":material/rule:", url_path="review"),
    ],
    "Add": [
        st.Page("views/log.py", title="Log a claim", icon=":material/edit_note:", url_path="log"),
        st.Page("views/ingest.py", title="Ingest", icon=":material/upload_file:", url_path="ingest"),
    ],
    "Explore": [
        st.Page("views/sources.py", title="Sources", icon=":material/newspaper:", url_path="sources"),
        st.Page("views/actors.py", title="Actors", icon=":material/groups:", url_path="actors"),
        st.Page("views/sql.py", title="SQL", icon=":material/terminal:", url_path="sql"),
    ],
}

page = st.navigation(PAGES)
state.reviewer_sidebar()
page.run()
