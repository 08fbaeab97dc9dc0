"""/users — for administrators: who may sign in with which role, and what happens to anyone else."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from workbench import access
from workbench.access import NO_ACCESS, ROLE_PERMISSIONS, Permission
from workbench.app import components as ui
from workbench.app import identity, state
from workbench.errors import WorkbenchError
from workbench.models import Role
from workbench.store.settings import write_setting
from workbench.store.users import add_user, list_users, remove_user, set_role

ROLES = [r.value for r in Role]
DEFAULTS = [Role.VIEWER.value, Role.REVIEWER.value, NO_ACCESS]
DEFAULT_LABELS = {Role.VIEWER.value: "viewer", Role.REVIEWER.value: "reviewer", NO_ACCESS: "refused (none)"}

st.title("Users")
if not identity.signin_configured():
    st.info("Sign-in is not set up: the dashboard is in single-user local mode and nobody signs in. The roles below "
            "apply once `[auth]` is configured (README, “Sign-in and roles”).", icon=":material/info:")

ui.pending_notice("users")


def _change(fn: Any, *args: Any, success: str) -> None:
    """Run one change as the acting user and leave a notice for the next run (a button callback)."""
    who = identity.user()
    if who is None:
        st.session_state["users_notice"] = ("warning", "Enter your name in the sidebar first.")
        return
    if ui.noted_write("users", fn, *args, who) is ui.REFUSED:
        return
    st.session_state["users_notice"] = ("success", success)


def _add() -> None:
    name = st.session_state.get("user_new_name") or None
    role = st.session_state.get("user_new_role") or Role.VIEWER.value
    try:
        key = access.normalize_identity(st.session_state.get("user_new_identity"))
    except WorkbenchError as exc:
        st.session_state["users_notice"] = ("error", str(exc))
        return

    def add(con: Any, who: Any) -> None:
        add_user(con, key, role, who, name=name)

    _change(add, success=f"{key} added as {role}.")


def _set_role() -> None:
    target, role = st.session_state.get("user_edit_identity"), st.session_state.get("user_edit_role")
    if not target:
        st.session_state["users_notice"] = ("info", "Choose a user first.")
        return
    _change(set_role, target, role, success=f"{target} is now {role}.")


def _remove() -> None:
    target = st.session_state.get("user_edit_identity")
    if not target:
        st.session_state["users_notice"] = ("info", "Choose a user first.")
        return
    _change(remove_user, target, success=f"{target} removed.")


def _set_default() -> None:
    value = st.session_state.get("users_default_role")
    _change(write_setting, "default_role", value, success=f"Anyone else who signs in: {DEFAULT_LABELS[value]}.")


rows = state.read(list_users)
left, right = st.columns([3, 2], gap="large")
with left:
    if rows:
        st.dataframe(pd.DataFrame([{
            "identity": r["identity"], "name": r["display_name"], "role": r["role"],
            "changed": r["updated_at"], "by": r["updated_by"],
        } for r in rows]), hide_index=True, width="stretch")
    else:
        st.caption("Nobody is listed yet: add the desk's administrators first.")
    st.markdown("**What each role may change**")
    st.dataframe(pd.DataFrame([{
        "role": role.value,
        "may change": "; ".join(p.action for p in Permission if p in ROLE_PERMISSIONS[role]) or "nothing (reads every "
                      "page, runs read-only SQL, exports)",
    } for role in Role]), hide_index=True, width="stretch")

with right:
    with st.form("user_add", border=True):
        st.markdown("**Add a user**")
        st.text_input("Identity", key="user_new_identity", max_chars=320,
                      help="The e-mail address their identity provider reports (or its subject, sub).")
        st.text_input("Display name", key="user_new_name", max_chars=80, help="Optional.")
        st.selectbox("Role", ROLES, key="user_new_role")
        st.form_submit_button("Add user", on_click=_add, icon=":material/person_add:")

    if rows:
        with st.form("user_edit", border=True):
            st.markdown("**Change or remove**")
            st.selectbox("User", [r["identity"] for r in rows], key="user_edit_identity")
            st.selectbox("New role", ROLES, key="user_edit_role")
            with st.container(horizontal=True):
                st.form_submit_button("Change role", on_click=_set_role)
                st.form_submit_button("Remove", on_click=_remove, icon=":material/person_remove:")

    current = state.settings().default_role
    st.selectbox("Anyone else who signs in", DEFAULTS, index=DEFAULTS.index(current) if current in DEFAULTS else 0,
                 format_func=DEFAULT_LABELS.get, key="users_default_role", on_change=_set_default,
                 help="The role of a signed-in identity without a row here; “refused” admits only those listed.")
