"""/actors — actors and their aliases, editable (extraction and matching read the alias table)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from workbench.access import Permission
from workbench.app import components as ui
from workbench.app import identity, state
from workbench.store import sources
from workbench.store.actors import add_actor, add_alias, remove_alias

KINDS = ["country", "organisation", "person", "collective", "unknown"]

st.title("Actors")
st.caption("Who asserts and who denies: countries, institutions and people, with every way the news names them. "
           "Extraction and matching read these aliases; after editing them, run `workbench recluster` to re-match "
           "existing mentions.")

ui.pending_notice("actors")


def _selected_actor() -> int | None:
    raw = st.query_params.get("actor")
    try:
        return int(str(raw)) if raw else None
    except ValueError:
        return None


def _add_alias(actor_id: int) -> None:
    who = identity.user()
    alias = (st.session_state.get(f"alias_new_{actor_id}") or "").strip()
    if not who:
        st.session_state["actors_notice"] = ("warning", "Enter your name in the sidebar first.")
        return
    if not alias:
        st.session_state["actors_notice"] = ("warning", "Type the alias to add.")
        return
    if len(alias) > 200:
        st.session_state["actors_notice"] = ("error", "An alias is at most 200 characters.")
        return
    added = ui.noted_write("actors", add_alias, actor_id, alias, who)
    if added is ui.REFUSED:
        return
    st.session_state[f"alias_new_{actor_id}"] = ""
    st.session_state["actors_notice"] = (
        ("success", f"Alias “{alias}” added.") if added else ("info", f"“{alias}” is already an alias of this actor.")
    )


def _remove_alias(actor_id: int, alias_key: str, alias: str) -> None:
    who = identity.user()
    if not who:
        st.session_state["actors_notice"] = ("warning", "Enter your name in the sidebar first.")
        return
    if ui.noted_write("actors", remove_alias, actor_id, alias_key, who) is ui.REFUSED:
        return
    st.session_state["actors_notice"] = ("success", f"Alias “{alias}” removed.")


def _add_actor() -> None:
    who = identity.user()
    name = st.session_state.get("actor_new_name") or ""
    kind = st.session_state.get("actor_new_kind") or "unknown"
    if not who:
        st.session_state["actors_notice"] = ("warning", "Enter your name in the sidebar first.")
        return
    written = ui.noted_write("actors", add_actor, name, kind, who)
    if written is ui.REFUSED:
        return
    actor_id, created = written
    name = " ".join(name.split())
    st.session_state["actor_new_name"] = ""
    st.query_params["actor"] = str(actor_id)
    st.session_state["actors_notice"] = (
        ("success", f"Actor “{name}” added.") if created else ("info", f"“{name}” already names an actor: opened it.")
    )


may_edit = identity.can(Permission.EDIT_ACTORS)
left, right = st.columns([3, 2], gap="large")
with left:
    search = st.text_input("Find an actor", key="actors_q", placeholder="a name or any alias (Tehran, Kremlin…)")
    page = state.read(sources.actor_list, search, page=ui.page_number("actors_page"), page_size=state.settings().page_size)
    if page.total == 0:
        st.caption("No actor matches." if search else "No actors yet.")
    else:
        frame = pd.DataFrame([{
            "actor": a["name"], "kind": a["kind"], "speaks for": a["affiliation"], "asserts": a["asserts"],
            "denies": a["denies"], "aliases": ", ".join(a["aliases"]), "id": a["actor_id"],
        } for a in page.rows])
        event = st.dataframe(frame, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                             key="actors_table", column_config={"aliases": st.column_config.TextColumn(width="large")})
        picked = event.selection.rows if event is not None else []
        if picked:
            st.query_params["actor"] = str(int(frame.iloc[picked[0]]["id"]))
        ui.pager(page, "actors_page", noun="actors")
    if may_edit:
        with st.expander("Add an actor"):
            st.text_input("Name", key="actor_new_name", max_chars=200)
            st.selectbox("Kind", KINDS, key="actor_new_kind")
            st.button("Add actor", key="actor_add", on_click=_add_actor)

with right:
    actor_id = _selected_actor()
    actor = state.read(sources.actor_detail, actor_id) if actor_id else None
    if actor is None:
        st.caption("Select an actor in the table to see and edit its aliases.")
    else:
        st.subheader(ui.md_escape(actor["name"]), anchor=False)
        facts = [actor["kind"]]
        if actor.get("affiliation"):
            facts.append(f"speaks for {actor['affiliation']}")
        facts.append(f"{actor['asserts']} asserting, {actor['denies']} denying mentions")
        st.caption(ui.md_escape(" · ".join(facts)))
        st.page_link(ui.CLAIMS_PAGE, label="Claims this actor asserts or denies →", query_params={"claimant": actor["name"]})
        st.markdown(f"**Aliases ({len(actor['aliases'])})**")
        for alias in actor["aliases"]:
            a, b = st.columns([5, 1], vertical_alignment="center")
            a.html(f"<span>{ui.esc(alias['alias'])}</span> <span class='wb-muted wb-small'>{ui.esc(alias['origin'])}</span>")
            if may_edit:
                b.button("Remove", key=f"alias_rm_{actor['actor_id']}_{alias['alias_key']}", type="tertiary",
                         on_click=_remove_alias, args=(actor["actor_id"], alias["alias_key"], alias["alias"]))
        if may_edit:
            st.text_input("New alias", key=f"alias_new_{actor['actor_id']}", max_chars=200,
                          placeholder="another way the news names this actor")
            st.button("Add alias", key=f"alias_add_{actor['actor_id']}", on_click=_add_alias, args=(actor["actor_id"],))
