"""/sources — outlets and articles with their claim counts; /sources?article=N shows an article's text with its
mentions highlighted (to confirm or correct); /sources?outlet=N lists one outlet's articles."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from workbench.app import components as ui
from workbench.app import state
from workbench.store import sources


def _int_param(name: str) -> int | None:
    try:
        value = int(str(st.query_params.get(name, "")).strip())
    except ValueError:
        return None
    return value if value > 0 else None


article_id = _int_param("article")
if article_id is not None:
    article = state.read(sources.article_detail, article_id)
    st.page_link(ui.SOURCES_PAGE, label="← All sources")
    if article is None:
        st.title("Article")
        st.error(f"There is no article {article_id}.")
        st.stop()
    st.title(ui.md_escape(ui.shorten(article.get("title") or f"Article {article_id}", 160)), anchor=False)
    meta = [f"<strong>{ui.esc(article.get('outlet') or 'unknown outlet')}</strong>"]
    if article.get("published"):
        meta.append(ui.esc(ui.fmt_date(article["published"])))
    if article.get("url"):
        meta.append(ui.external_link_html(article["url"], ui.shorten(article["url"], 80)))
    meta.append(f"<span class='wb-muted'>{ui.esc(article.get('source_format'))}, ingested "
                f"{ui.esc(ui.fmt_date(article.get('ingested_at')))}</span>")
    ui.show_html("<div class='wb-small'>" + " · ".join(meta) + "</div>")
    mentions = article["mentions"]
    st.subheader(f"Text with {len(mentions)} mention{'s' * (len(mentions) != 1)}")
    ui.legend()
    ui.show_html(ui.highlighted_text_html(article.get("text"), [m for m in mentions if m["review_state"] != "rejected"]))
    if mentions:
        st.subheader("Mentions")
        claims = {}
        for m in mentions:
            claims.setdefault(m["claim_id"], m.get("claim_text"))
        for claim_id, text in claims.items():
            ui.claim_link(claim_id, text, limit=120)
        st.caption("Tick to confirm or reject; edit claimant, stance or the span (character offsets into the text "
                   "above) and save to correct.")
        ui.mention_editor(mentions, f"article_{article_id}", spans=article.get("text") is not None)
    st.stop()

st.title("Sources")
page_size = state.settings().page_size
tab_articles, tab_outlets = st.tabs(["Articles", "Outlets"], key="tab", on_change="rerun", bind="query-params")

if tab_outlets.open:
    with tab_outlets:
        outlet_search = st.text_input("Find an outlet", key="outlet_q", placeholder="name or domain")
        outlets = state.read(sources.outlet_list, outlet_search, page=ui.page_number("outlets_page"), page_size=page_size)
        if outlets.total == 0:
            st.caption("No outlets yet." if not outlet_search else "No outlet matches.")
        else:
            st.dataframe(pd.DataFrame([{
                "outlet": o["name"], "domain": o["domain"], "articles": o["articles"], "claims": o["claims"],
                "mentions": o["mentions"], "denials": o["denials"],
            } for o in outlets.rows]), hide_index=True, width="stretch")
            ui.pager(outlets, "outlets_page", noun="outlets")

if tab_articles.open:
    with tab_articles:
        names = {o["name"]: o["outlet_id"] for o in state.read(sources.outlet_list, None, page=1, page_size=500).rows}
        preset = _int_param("outlet")
        c1, c2 = st.columns([2, 3])
        outlet_names = sorted(names)
        default_outlet = next((n for n, i in names.items() if i == preset), None)
        chosen = c1.selectbox("Outlet", outlet_names, index=outlet_names.index(default_outlet) if default_outlet else None,
                              key="articles_outlet", placeholder="all outlets")
        search = c2.text_input("Find an article", key="articles_q", placeholder="words from the title or URL")
        articles = state.read(sources.article_list, outlet_id=names.get(chosen) if chosen else None, text=search,
                              page=ui.page_number("articles_page"), page_size=page_size)
        if articles.total == 0:
            st.caption("No articles yet: ingest some on the Ingest page." if not (chosen or search) else "No article matches.")
        for a in articles.rows:
            with st.container(border=True):
                left, right = st.columns([5, 2], vertical_alignment="center")
                with left:
                    ui.article_link(a["article_id"], a.get("title") or a.get("url"))
                right.caption(
                    f"{a.get('outlet') or 'unknown outlet'} · {ui.fmt_date(a.get('published')) or 'undated'} · "
                    f"{a['claims']} claim{'s' * (a['claims'] != 1)}, {a['mentions']} mention{'s' * (a['mentions'] != 1)}"
                )
        ui.pager(articles, "articles_page", noun="articles")
