"""Who uses this dashboard session, and what they may change.

With an `[auth]` section in Streamlit's secrets the dashboard is in **signed-in mode**: people sign in with the
desk's identity provider (`st.login`), and act as a `User` whose role comes from the `users` table (or the
`default_role` setting). Without one it is in **single-user local mode**, as on a laptop: the name typed in the
sidebar is a local operator with every permission. Pages ask `can(permission)` to hide what the role may not do;
the library functions they call check the same permission again (`workbench.access.authorize`).
"""

from __future__ import annotations

import html
from typing import Any

import streamlit as st

from workbench import access, signin
from workbench.access import Permission
from workbench.app import state
from workbench.app.markup import md_escape
from workbench.errors import InputError
from workbench.store.users import user_row

REVIEWER_KEY = "reviewer"
"""Session-state key of the name typed in the sidebar in local mode (asked once per session)."""

__all__ = ["REVIEWER_KEY", "can", "gate", "require_user", "sidebar", "signin_configured", "user"]


def _auth_section() -> dict[str, Any] | None:
    try:
        section = st.secrets.get("auth")
    except FileNotFoundError:  # no secrets file at all (Streamlit's error is one)
        return None
    if section is None:
        return None
    return section.to_dict() if hasattr(section, "to_dict") else dict(section)


def signin_configured() -> bool:
    """Whether the secrets have an `[auth]` section: signed-in mode (else single-user local mode)."""
    return _auth_section() is not None


def _claims() -> dict[str, Any]:
    return dict(st.user.to_dict())


def user() -> access.User | None:
    """Who acts in this session: the signed-in user with their role (None when not signed in, or refused), or in
    local mode the local operator named in the sidebar (None until a name is given)."""
    if not signin_configured():
        name = st.session_state.get(REVIEWER_KEY)
        return access.local_user(name) if name else None
    claims = _claims()
    if not claims.get("is_logged_in"):
        return None
    identity = access.identity_from_claims(claims)
    if identity is None:
        return None
    row = state.read(user_row, identity)
    name = claims.get("name") if isinstance(claims.get("name"), str) else None
    return access.signed_in_user(identity, row, state.settings().default_role, name)


def can(permission: Permission) -> bool:
    """Whether this session may make changes that need `permission` (pages hide the controls otherwise).
    In local mode always: the controls are shown and ask for a name when used."""
    if not signin_configured():
        return True
    current = user()
    return current is not None and current.may(permission)


def require_user() -> access.User | None:
    """The acting user, or None after showing a note that asks for a name (local mode only: in signed-in mode
    `gate` has let only signed-in users through)."""
    current = user()
    if current is None:
        st.warning("Enter your name in the sidebar first: every change is recorded with who made it.",
                   icon=":material/person:")
    return current


# --- the gate and the sidebar -------------------------------------------------------------------------


def gate() -> access.User | None:
    """Let the run through for a signed-in user with a role (returned) or in local mode; otherwise show the
    sign-in screen, or why the signed-in identity is refused, and stop the run."""
    auth = _auth_section()
    if auth is None:
        return user()
    problem = signin.auth_problem(auth)
    if problem:
        st.title("Claim Workbench")
        st.error(f"Sign-in is set up incompletely: {_md(problem)}. An administrator fixes `.streamlit/secrets.toml` "
                 "(see the README, “Sign-in and roles”) and restarts the dashboard.", icon=":material/error:")
        st.stop()
    claims = _claims()
    if not claims.get("is_logged_in"):
        _sign_in_screen(auth)
        st.stop()
    try:
        current = user()
    except InputError as exc:  # a default_role set in the environment that is not a role
        st.error(f"Sign-in is set up incompletely: {_md(str(exc))}.", icon=":material/error:")
        st.stop()
    if current is None:
        _refused_screen(access.identity_from_claims(claims))
        st.stop()
    return current


def _sign_in_screen(auth: dict[str, Any]) -> None:
    st.title("Claim Workbench")
    st.markdown("This workbench is shared by a desk. Sign in with your organisation's account to read the claims; "
                "your role decides what you can change, and every change is recorded under your name.")
    for provider in signin.provider_names(auth):
        label = "Sign in" if provider is None else f"Sign in with {provider}"
        if st.button(label, key=f"sign_in_{provider or 'default'}", type="primary", icon=":material/login:"):
            st.login(provider)


def _refused_screen(identity: str | None) -> None:
    st.title("Claim Workbench")
    if identity is None:
        st.error("Your identity provider did not say who you are (no e-mail address or subject), so the workbench "
                 "cannot give you a role.", icon=":material/block:")
    else:
        st.error(f"You are signed in as {_md(identity)}, but this workbench admits only the people it lists. "
                 "Ask an administrator to add you, on the Users page or with:", icon=":material/block:")
        st.code(f"workbench users add {identity} --role viewer", language="bash")
    st.button("Sign out", key="sign_out", on_click=st.logout, icon=":material/logout:")


def sidebar(current: access.User | None) -> None:
    """Who is acting: the signed-in user with their role and a way to sign out; in local mode, a note saying so
    and the name field (asked once per session)."""
    with st.sidebar:
        if signin_configured():
            if current is not None:
                st.caption("Signed in as")
                st.html(f'<div class="wb-reviewer">{_escape(current.name or current.identity)}</div>'
                        f'<div class="wb-small wb-muted">{_escape(current.identity)} · {current.role.value}</div>')
                st.button("Sign out", key="sign_out", on_click=st.logout, type="tertiary", icon=":material/logout:")
            return
        _local_name(current)
        st.caption("Single-user local mode: no sign-in, every change is recorded under the name you enter. "
                   "To share the dashboard on a server, set up sign-in (README, “Sign-in and roles”).")


def _take_name() -> None:
    raw = st.session_state.get("reviewer_input", "")
    try:
        st.session_state[REVIEWER_KEY] = access.validate_reviewer(raw)
        st.session_state.pop("reviewer_error", None)
    except InputError as exc:
        st.session_state["reviewer_error"] = str(exc)


def _forget_name() -> None:
    st.session_state.pop(REVIEWER_KEY, None)
    st.session_state["reviewer_input"] = ""


def _local_name(current: access.User | None) -> None:
    if current is not None:
        st.caption("Reviewing as")
        st.html(f'<div class="wb-reviewer">{_escape(current.identity)}</div>')
        st.button("Change name", key="reviewer_change", on_click=_forget_name, type="tertiary")
        return
    st.text_input(
        "Your name", key="reviewer_input", on_change=_take_name, max_chars=80,
        placeholder="e.g. Dana Reyes", help="Recorded with every change you make (no password needed).",
    )
    if st.session_state.get("reviewer_error"):
        st.error(_md(st.session_state["reviewer_error"]))
    else:
        st.caption("Enter your name to review and log claims.")


def _md(text: str) -> str:
    return md_escape(text)


def _escape(text: str) -> str:
    return html.escape(text, quote=True)
