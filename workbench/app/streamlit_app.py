"""The dashboard's entry point: page setup, the sign-in gate and routes only (the pages live in `views/`).

URL paths are a contract (people share links): / (Overview), /claims, /claim?id=N, /review, /log,
/ingest, /sql, /sources (?article=N, ?outlet=N), /actors (?actor=N), /vocabulary, /users. Pages for changes a role may
not make (the review queue, logging, ingesting, users) are left out of its navigation.
"""

from __future__ import annotations

import streamlit as st

from workbench.access import Permission
from workbench.app import components, identity, state

st.set_page_config(page_title="Claim Workbench", page_icon="⚖️", layout="wide")
state.ensure_db()
components.load_css()
user = identity.gate()

PAGES = {
    "Desk": [
        (st.Page("views/overview.py", title="Overview", icon=":material/dashboard:", url_path="", default=True), None),
        (st.Page("views/claims.py", title="Claims", icon=":material/list:", url_path="claims"), None),
        (st.Page("views/claim.py", title="Claim", icon=":material/fact_check:", url_path="claim", visibility="hidden"),
         None),
        (st.Page("views/review.py", title="Review queue", icon=":material/rule:", url_path="review"),
         Permission.REVIEW),
    ],
    "Add": [
        (st.Page("views/log.py", title="Log a claim", icon=":material/edit_note:", url_path="log"), Permission.ADD),
        (st.Page("views/ingest.py", title="Ingest", icon=":material/upload_file:", url_path="ingest"), Permission.ADD),
    ],
    "Explore": [
        (st.Page("views/sources.py", title="Sources", icon=":material/newspaper:", url_path="sources"), None),
        (st.Page("views/actors.py", title="Actors", icon=":material/groups:", url_path="actors"), None),
        (st.Page("views/vocabulary.py", title="Vocabulary", icon=":material/dictionary:", url_path="vocabulary"), None),
        (st.Page("views/sql.py", title="SQL", icon=":material/terminal:", url_path="sql"), None),
    ],
    "Admin": [
        (st.Page("views/users.py", title="Users", icon=":material/manage_accounts:", url_path="users"),
         Permission.MANAGE_USERS),
    ],
}

allowed = {section: [page for page, needs in pages if needs is None or identity.can(needs)]
           for section, pages in PAGES.items()}
page = st.navigation({section: pages for section, pages in allowed.items() if pages})
identity.sidebar(user)
page.run()
