"""/vocabulary — the desk's own words for matching: a story's weapons, places or products read as a general word."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from workbench.access import Permission
from workbench.app import components as ui
from workbench.app import identity, state
from workbench.store.vocabulary import add_synonyms, remove_synonym, vocabulary_page

st.title("Vocabulary")
st.caption("The matcher knows general English (supplied, sent and delivered are one thing; so are drones and UAVs). "
           "The names a story brings (a weapon's model, a plant, a product) are the desk's to add here: each word "
           "or phrase is then read as the word you give. New mentions are matched with it at once; "
           "`workbench recluster` re-matches the mentions already stored.")

ui.pending_notice("vocabulary")


def _who() -> str | None:
    who = identity.user()
    if not who:
        st.session_state["vocabulary_notice"] = ("warning", "Enter your name in the sidebar first.")
    return who


def _add() -> None:
    head = st.session_state.get("vocabulary_head") or ""
    phrases = [p for p in (st.session_state.get("vocabulary_phrases") or "").replace("\n", ",").split(",") if p.strip()]
    who = _who()
    if not who:
        return
    added = ui.noted_write("vocabulary", add_synonyms, head, phrases, who)
    if added is ui.REFUSED:
        return
    st.session_state["vocabulary_phrases"] = ""
    st.session_state["vocabulary_notice"] = (
        ("success", f"{ui.plural(added, 'word')} now read as “{' '.join(head.lower().split())}”.") if added
        else ("info", "Nothing changed: those words were already read that way."))


def _remove(phrase: str) -> None:
    who = _who()
    if not who:
        return
    removed = ui.noted_write("vocabulary", remove_synonym, phrase, who)
    if removed is ui.REFUSED:
        return
    st.session_state["vocabulary_notice"] = (
        ("success", f"“{phrase}” removed.") if removed else ("info", f"“{phrase}” was not in the vocabulary."))


search = st.text_input("Find a word", key="vocabulary_q", placeholder="a word or phrase, or the word it is read as")
page = state.read(vocabulary_page, search, page=ui.page_number("vocabulary_page"), page_size=state.settings().page_size)
if page.total == 0:
    st.caption("No word matches." if search else "The desk has added no words of its own yet.")
else:
    st.dataframe(pd.DataFrame([{
        "read as": row["head"], "words and phrases": ", ".join(row["phrases"]), "changed by": row["changed_by"],
        "changed": ui.fmt_date(row["changed_at"]),
    } for row in page.rows]), hide_index=True, width="stretch",
        column_config={"words and phrases": st.column_config.TextColumn(width="large")})
    ui.pager(page, "vocabulary_page", noun="words")

if identity.can(Permission.EDIT_VOCABULARY):
    add, remove = st.columns(2, gap="large")
    with add:
        st.subheader("Add words", anchor=False)
        st.text_input("Read as", key="vocabulary_head", max_chars=100, placeholder="drone")
        st.text_area("Words and phrases (one per line, or separated by commas)", key="vocabulary_phrases",
                     placeholder="Shahed-136\nGeran-2")
        st.button("Add words", key="vocabulary_add", on_click=_add)
    with remove:
        st.subheader("Remove a word", anchor=False)
        words = sorted({p for row in page.rows for p in row["phrases"]})
        picked = st.selectbox("Word or phrase", words, index=None, key="vocabulary_remove_pick",
                              placeholder="one of the words shown")
        st.button("Remove", key="vocabulary_remove", disabled=picked is None, on_click=_remove, args=(picked,))
