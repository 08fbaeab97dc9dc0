"""/ingest — paste an article or upload files (.txt, .html, .json, .jsonl); see progress, then the extracted
mentions highlighted in the text, to confirm or correct (claimant, stance, span)."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from workbench import ingest, pipeline

from workbench.app import components as ui
from workbench.app import identity, state
from workbench.errors import InputError, WorkbenchError
from workbench.extract import extract_mentions
from workbench.store import sources
from workbench.store.articles import content_hash
from workbench.validation import check_not_future, check_url, optional_text, parse_date

UPLOAD_TYPES = ["txt", "html", "htm", "json", "jsonl"]

st.title("Ingest")
st.caption("Each article is extracted, matched against the existing claims and stored in one step. "
           "Re-ingesting an article already stored adds nothing.")


def _preview(text: str) -> None:
    """Mentions the extractor finds in `text`, highlighted, before anything is saved."""
    article = ingest.article_from_text(text)
    found = extract_mentions(article.text, state.alias_table(), outlet=article.outlet, title=article.title)
    marks = [{"char_start": m.char_start, "char_end": m.char_end, "stance": m.stance.value,
              "claimant": m.claimant, "index": i + 1} for i, m in enumerate(found)]
    st.markdown(f"**Preview: {len(found)} mention{'s' * (len(found) != 1)} found** (nothing saved yet)")
    ui.legend()
    ui.show_html(ui.highlighted_text_html(article.text, marks))
    if found:
        st.dataframe(pd.DataFrame([{
            "#": i + 1, "stance": m.stance.value, "claimant": m.claimant, "speaker": m.speaker, "quote": m.quote,
            "claim (normalised)": m.proposition,
        } for i, m in enumerate(found)]), hide_index=True, width="stretch")


def _run_ingest(records: list, who: str) -> None:
    """Ingest records with a progress bar; remember the report and the new articles for review below."""
    total = max(1, len(records))
    bar = st.progress(0.0, text="Starting…")

    def progress(report: pipeline.IngestReport) -> None:
        bar.progress(min(1.0, report.records / total), text=f"{report.records} of {len(records)} · {report.summary()}")

    report = state.ingest_records(records, who, progress)
    bar.progress(1.0, text="Done")
    articles = [r for r in records if not isinstance(r, (InputError, ingest.ClaimReviewDoc))]
    keys = tuple((a.url, _hash(a.text)) for a in articles)
    ids = state.read(sources.article_ids_for, keys) if keys else []
    st.session_state["ingest_done"] = {
        "summary": report.summary(), "errors": [str(e) for e in report.errors], "articles": ids,
    }


def _hash(text: str) -> str:

    return content_hash(text)


tab_paste, tab_upload = st.tabs(["Paste text", "Upload files"])
with tab_paste:
    text = st.text_area("Article text", key="ingest_text", height=220,
                        placeholder="Paste the article's text here (its first short line becomes the title).")
    c1, c2, c3, c4 = st.columns([3, 2, 3, 1.5])
    title = c1.text_input("Title", key="ingest_title")
    outlet = c2.text_input("Outlet", key="ingest_outlet")
    url = c3.text_input("URL", key="ingest_url", placeholder="https://…")
    published = c4.text_input("Published", key="ingest_published", placeholder="YYYY-MM-DD")
    if text and text.strip():
        try:
            _preview(text)
        except WorkbenchError as exc:
            ui.say("error", exc)
    if st.button("Save article", key="ingest_save", type="primary", disabled=not (text and text.strip())):
        who = identity.require_user()
        if who:
            try:
                day = parse_date(published or None, "Published")
                check_not_future(day, "Published")
                article = dataclasses.replace(
                    ingest.article_from_text(text, "pasted"),
                    url=check_url(url or None, "URL"),
                    outlet=optional_text(outlet or None, "outlet", 200),
                    published=day,
                )
                if title and title.strip():
                    article = dataclasses.replace(article, title=optional_text(title, "title", 1000))
            except InputError as exc:
                ui.say("error", exc)
            else:
                _run_ingest([article], who)

with tab_upload:
    files = st.file_uploader("Files", type=UPLOAD_TYPES, accept_multiple_files=True, key="ingest_files",
                             help="Article fields in JSON/JSONL: url, title, outlet, published, text (or html).")
    if st.button("Ingest files", key="ingest_upload", type="primary", disabled=not files):
        who = identity.require_user()
        if who:
            limit = state.settings().max_article_bytes
            records = []
            for upload in files or []:
                records += ingest.article_from_upload(upload.name, upload.getvalue(), limit)
            _run_ingest(records, who)

done = st.session_state.get("ingest_done")
if done:
    st.divider()
    ui.say("success", f"Ingested: {done['summary']}.")
    for error in done["errors"]:
        ui.say("error", error)
    if done["articles"]:
        st.subheader("Check the extracted mentions")
        st.caption("Confirm what is right; correct the claimant, stance or span (character offsets) of what is not; "
                   "reject what is not a claim.")
        for n, article_id in enumerate(done["articles"][:10]):
            article = state.read(sources.article_detail, article_id)
            if article is None:
                continue
            with st.expander(f"{ui.md_escape(article.get('title') or 'Article')} · {len(article['mentions'])} mentions",
                             expanded=n == 0):
                ui.article_link(article_id, article.get("title"))
                ui.legend()
                ui.show_html(ui.highlighted_text_html(article["text"], article["mentions"]))
                ui.mention_editor(article["mentions"], f"ingest_{article_id}")
        for article_id in done["articles"][10:]:
            ui.article_link(article_id, f"Article {article_id}")
