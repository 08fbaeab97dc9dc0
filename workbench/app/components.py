"""Shared widgets of the dashboard: claim links, stance/status/verdict badges, mention cards, highlighted text.

Safety rule: every string that came from a user or an article is shown as text. HTML fragments are built
here only, with `html.escape` applied to every such string; widget labels (which Streamlit reads as
Markdown) get `md_escape`; links are emitted only for http(s) URLs (`safe_url`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import streamlit as st

from workbench import review
from workbench.access import Permission
from workbench.app import identity, state
from workbench.app.markup import esc, md_escape, safe_url
from workbench.errors import WorkbenchError

CLAIM_PAGE = "views/claim.py"
CLAIMS_PAGE = "views/claims.py"
SOURCES_PAGE = "views/sources.py"
REVIEW_PAGE = "views/review.py"
LOG_PAGE = "views/log.py"
INGEST_PAGE = "views/ingest.py"
ACTORS_PAGE = "views/actors.py"
SQL_PAGE = "views/sql.py"

_CSS = Path(__file__).with_name("style.css")

STANCE_LABELS = {"asserts": "asserts", "denies": "denies"}
STANCE_ICONS = {"asserts": "▲", "denies": "▼"}


# --- escaping -----------------------------------------------------------------------------------------


def shorten(text: Any, limit: int = 140) -> str:
    """Whitespace-folded text cut at a word boundary with an ellipsis."""
    folded = " ".join(str(text or "").split())
    if len(folded) <= limit:
        return folded
    cut = folded[: limit - 1].rsplit(" ", 1)[0]
    return (cut or folded[: limit - 1]) + "…"


def plural(count: Any, noun: str) -> str:
    """"1 mention", "2 mentions" (thousands separated)."""
    n = int(count or 0)
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def fmt_date(value: Any) -> str:
    """ISO date for dates and timestamps ("" for None)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def say(kind: str, message: Any, **kwargs: Any) -> None:
    """st.error / st.warning / st.info / st.success with a message shown literally (it may quote user input)."""
    getattr(st, kind)(md_escape(message), **kwargs)


REFUSED = object()
"""What `noted_write` returns for a write the workbench refused."""


def noted_write(key: str, fn: Any, *args: Any) -> Any:
    """`state.write(fn, *args)` from a button's callback; a write the workbench refuses leaves its message for the page
    under `{key}_notice` (shown by `pending_notice`) and returns `REFUSED`."""
    try:
        return state.write(fn, *args)
    except WorkbenchError as exc:
        st.session_state[f"{key}_notice"] = ("error", str(exc))
        return REFUSED


def pending_notice(key: str) -> None:
    """Show (once) the message a callback left for the page under `{key}_notice`: a (kind, message) pair."""
    notice = st.session_state.pop(f"{key}_notice", None)
    if notice:
        say(*notice)


def show_html(fragment: str) -> None:
    """Render an HTML fragment built by this module (never pass unescaped user text)."""
    st.html(fragment)


def load_css() -> None:
    """The dashboard's small stylesheet (badges, quote cards, highlighted spans)."""
    st.html(_CSS)


# --- badges -------------------------------------------------------------------------------------------


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def stance_badge(stance: str | None) -> str:
    """HTML badge for asserts / denies."""
    value = stance or "unknown"
    icon = STANCE_ICONS.get(value, "")
    return f'<span class="wb-badge wb-stance-{_slug(value)}">{icon} {esc(STANCE_LABELS.get(value, value))}</span>'


def status_badge(status: str | None) -> str:
    value = status or "unstarted"
    return f'<span class="wb-badge wb-status wb-status-{_slug(value)}">{esc(value)}</span>'


def verdict_badge(verdict: str | None) -> str:
    if not verdict:
        return '<span class="wb-badge wb-verdict wb-verdict-none">no verdict</span>'
    return f'<span class="wb-badge wb-verdict wb-verdict-{_slug(verdict)}">{esc(verdict)}</span>'


def contested_badge(contested: bool) -> str:
    return '<span class="wb-badge wb-contested">⚡ contested</span>' if contested else ""


def badges(*fragments: str) -> None:
    """A row of badges."""
    show_html('<div class="wb-badges">' + " ".join(f for f in fragments if f) + "</div>")


# --- links --------------------------------------------------------------------------------------------


def claim_link(claim_id: int, text: str | None = None, *, limit: int = 150, icon: str | None = None) -> None:
    """A link to /claim?id=N labelled with the claim's number and (escaped) text."""
    label = f"**#{int(claim_id)}**"
    if text:
        label += " · " + md_escape(shorten(text, limit))
    st.page_link(CLAIM_PAGE, label=label, query_params={"id": int(claim_id)}, icon=icon)


def article_link(article_id: int, title: str | None, *, limit: int = 110) -> None:
    """A link to the article's page on /sources."""
    label = md_escape(shorten(title or f"Article {article_id}", limit))
    st.page_link(SOURCES_PAGE, label=label, query_params={"article": int(article_id)}, icon=":material/article:")


def external_link_html(url: Any, label: Any = None) -> str:
    """`<a>` to an http(s) URL opening in a new tab; plain escaped text for anything else."""
    target = safe_url(url)
    text = esc(label if label else (shorten(url, 60) if url else ""))
    if not target:
        return text
    return f'<a href="{esc(target)}" target="_blank" rel="noopener noreferrer nofollow">{text}</a>'


# --- mentions -----------------------------------------------------------------------------------------


def who_html(mention: Mapping[str, Any]) -> str:
    """"Speaker (claimant)" as escaped HTML."""
    speaker, claimant = mention.get("speaker"), mention.get("claimant")
    if speaker and claimant and speaker.strip().lower() != claimant.strip().lower():
        return f"<strong>{esc(speaker)}</strong> <span class='wb-muted'>({esc(claimant)})</span>"
    if speaker or claimant:
        return f"<strong>{esc(speaker or claimant)}</strong>"
    return "<span class='wb-muted'>unknown claimant</span>"


def source_html(mention: Mapping[str, Any]) -> str:
    """Outlet · date · link as escaped HTML."""
    parts = []
    if mention.get("outlet"):
        parts.append(f"<span class='wb-outlet'>{esc(mention['outlet'])}</span>")
    if mention.get("published"):
        parts.append(esc(fmt_date(mention["published"])))
    if mention.get("url"):
        parts.append(external_link_html(mention["url"], "source ↗"))
    return " · ".join(parts) if parts else "<span class='wb-muted'>no source</span>"


def mention_card_html(mention: Mapping[str, Any], *, show_stance: bool = False) -> str:
    """A quote card: the quote, who said it, where and when."""
    state = mention.get("review_state")
    flags = ""
    if show_stance:
        flags += stance_badge(mention.get("stance")) + " "
    if state and state not in ("pending",):
        flags += f"<span class='wb-badge wb-state-{_slug(state)}'>{esc(state)}</span> "
    if mention.get("origin"):
        flags += f"<span class='wb-muted wb-small'>{esc(mention['origin'])} #{esc(mention.get('mention_id'))}</span>"
    return (
        f"<div class='wb-card wb-card-{_slug(mention.get('stance') or 'x')}'>"
        f"<blockquote class='wb-quote'>{esc(mention.get('quote'))}</blockquote>"
        f"<div class='wb-who'>{who_html(mention)}</div>"
        f"<div class='wb-source'>{source_html(mention)}</div>"
        f"<div class='wb-flags'>{flags}</div></div>"
    )


def highlighted_text_html(text: str | None, mentions: Iterable[Mapping[str, Any]]) -> str:
    """The article text with each mention's span marked by stance (overlaps keep the earlier span).

    Every piece of text is escaped; newlines become paragraph breaks.
    """
    if not text:
        return "<div class='wb-article wb-muted'>No text stored for this source.</div>"
    spans = sorted(
        (
            (int(m["char_start"]), int(m["char_end"]), m)
            for m in mentions
            if m.get("char_start") is not None and m.get("char_end") is not None
            and 0 <= int(m["char_start"]) < int(m["char_end"]) <= len(text)
        ),
        key=lambda s: (s[0], -s[1]),
    )
    pieces: list[str] = []
    pos = 0
    for k, (start, end, m) in enumerate(spans):
        if start < pos:
            continue
        # readings of the very same words (an account that also denies the accusation it answers): one mark
        same = [r for s0, s1, r in spans[k:] if (s0, s1) == (start, end)]
        pieces.append(_paragraphs(text[pos:start]))
        tip = " | ".join(_mark_tip(r) for r in same)
        stances = {r.get("stance") for r in same}
        kind = _slug(m.get("stance") or "x") if len(stances) == 1 else "both"
        state = m.get("review_state") or ""
        labels = " ".join(label for label in dict.fromkeys(_mark_label(r) for r in same) if label)
        pieces.append(
            f"<mark class='wb-mark wb-mark-{kind} wb-mark-{_slug(state)}' title='{esc(tip)}'>"
            f"{_paragraphs(text[start:end])}<sup>{esc(labels)}</sup></mark>"
        )
        pos = end
    pieces.append(_paragraphs(text[pos:]))
    return "<div class='wb-article'>" + "".join(pieces) + "</div>"


def _mark_tip(mention: Mapping[str, Any]) -> str:
    tip = f"{mention.get('stance', '')}: {mention.get('claimant') or 'unknown claimant'}"
    if mention.get("claim_id") is not None:
        tip += f" · claim #{mention['claim_id']}"
    return tip


def _mark_label(mention: Mapping[str, Any]) -> str:
    if mention.get("claim_id") is not None:
        return f"#{mention['claim_id']}"
    if mention.get("index") is not None:
        return str(mention["index"])
    return ""


def _paragraphs(text: str) -> str:
    escaped = esc(text)
    return escaped.replace("\r\n", "\n").replace("\n\n", "<br><br>").replace("\n", "<br>")


def legend() -> None:
    """The key to highlighted spans."""
    show_html(
        "<div class='wb-legend'><mark class='wb-mark wb-mark-asserts'>asserts</mark> "
        "<mark class='wb-mark wb-mark-denies'>denies</mark> "
        "<mark class='wb-mark wb-mark-both'>both: an account that denies what it answers</mark> "
        "<span class='wb-muted'>· the number after a span is its claim</span></div>"
    )


# --- claims -------------------------------------------------------------------------------------------


def claim_row(row: Mapping[str, Any]) -> None:
    """One claim in a list: a link, then one line with who asserts / denies it, badges and counts."""
    with st.container(border=True, gap="small"):
        claim_link(row["claim_id"], row.get("text"))
        who = []
        if row.get("asserted_by"):
            who.append("<span class='wb-stance-asserts-text'>▲ asserted by</span> " + esc(", ".join(row["asserted_by"])))
        if row.get("denied_by"):
            who.append("<span class='wb-stance-denies-text'>▼ denied by</span> " + esc(", ".join(row["denied_by"])))
        contested = bool(row.get("asserts") and row.get("denies"))
        seen = fmt_date(row.get("last_seen"))
        counts = f"{plural(row.get('mentions'), 'mention')} · ▲ {int(row.get('asserts') or 0)} · ▼ {int(row.get('denies') or 0)}"
        if seen:
            counts += f" · last seen {seen}"
        show_html(
            "<div class='wb-row'><div class='wb-small'>" + (" &nbsp; ".join(who) or "<span class='wb-muted'>no attributed mention</span>")
            + "</div><div class='wb-badges'>" + status_badge(row.get("status")) + verdict_badge(row.get("verdict"))
            + contested_badge(contested) + f"<span class='wb-small wb-muted'>{esc(counts)}</span></div></div>"
        )


# --- paging -------------------------------------------------------------------------------------------


def _step(key: str, delta: int, pages: int) -> None:
    current = int(st.session_state.get(key) or 1)
    st.session_state[key] = min(max(1, current + delta), max(1, pages))


def pager(page: Any, key: str, *, noun: str = "rows") -> None:
    """'Rows x-y of N' with previous/next buttons that move the page number stored under `key`."""
    if page.total == 0:
        return
    summary = f"{noun} {page.first:,}–{page.last:,} of {page.total:,}"
    if page.pages <= 1:
        st.caption(summary)
        return
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button("Previous", key=f"{key}_prev", icon=":material/chevron_left:", disabled=page.page <= 1,
                  on_click=_step, args=(key, -1, page.pages))
        st.button("Next", key=f"{key}_next", icon=":material/chevron_right:", disabled=page.page >= page.pages,
                  on_click=_step, args=(key, 1, page.pages))
        st.caption(f"{summary} · page {page.page} of {page.pages}")


def page_number(key: str) -> int:
    """The current page number stored under `key` (1 when absent or invalid)."""
    try:
        return max(1, int(st.session_state.get(key) or 1))
    except (TypeError, ValueError):
        return 1


def empty_database_note() -> None:
    """What to do on an empty database, with links (for those who may add claims)."""

    if not identity.can(Permission.ADD):
        st.info("The database has no claims yet: reviewers add them by ingesting articles or logging claims.")
        return
    st.info("The database has no claims yet. Ingest articles, log a claim by hand, or build the demo with `workbench demo`.")
    cols = st.columns(3)
    with cols[0]:
        st.page_link(INGEST_PAGE, label="Ingest articles", icon=":material/upload_file:")
    with cols[1]:
        st.page_link(LOG_PAGE, label="Log a claim", icon=":material/edit_note:")


def event_summary(event: Mapping[str, Any]) -> str:
    """A one-line plain-text description of an audit event's details."""
    details = event.get("details")
    if not isinstance(details, dict):
        return "" if details is None else str(details)
    if "old" in details and "new" in details and not isinstance(details.get("old"), dict):
        text = f"{details.get('old') or '—'} → {details.get('new') or '—'}"
        changes = details.get("changes")
        if isinstance(changes, dict):
            extra = [k for k in changes if k != "verdict"]
            if extra:
                text += " (" + ", ".join(extra) + " changed)"
        if details.get("note"):
            text += f" · {details['note']}"
        return text
    parts = []
    for key, value in details.items():
        if isinstance(value, dict) and "old" in value and "new" in value:
            parts.append(f"{key}: {value['old'] if value['old'] is not None else '—'} → {value['new'] if value['new'] is not None else '—'}")
        else:
            parts.append(f"{key}: {value}")
    return "; ".join(parts)


# --- reviewing extracted mentions (review queue, ingest, article page) ---------------------------------


def _editor_key(key: str) -> str:
    return f"{key}_editor_{st.session_state.get(f'{key}_gen', 0)}"


def _mention_action(key: str, rows: list[dict[str, Any]], action: str) -> None:
    """Confirm, reject or correct the rows ticked/edited in a mention editor (a button callback)."""

    who = identity.user()
    notice = f"{key}_notice"
    if not who:
        st.session_state[notice] = ("warning", "Enter your name in the sidebar first: every change is recorded with who made it.")
        return
    edits = (st.session_state.get(_editor_key(key)) or {}).get("edited_rows", {})
    if action in ("confirm", "reject"):
        ids = [int(rows[int(i)]["mention_id"]) for i, change in edits.items() if change.get("select")]
        if not ids:
            st.session_state[notice] = ("info", "Tick the mentions first (the ✓ column).")
            return
        fn = review.confirm_mentions if action == "confirm" else review.reject_mentions
        try:
            changed = state.write(fn, ids, who)
        except WorkbenchError as exc:
            st.session_state[notice] = ("error", str(exc))
            return
        message = f"{changed} mention{'s' * (changed != 1)} {action}ed."
    else:
        corrections = []
        for i, change in edits.items():
            row = rows[int(i)]
            fields: dict[str, Any] = {}
            if "claimant" in change and (change["claimant"] or None) != (row.get("claimant") or None):
                fields["claimant"] = change["claimant"] or None
            if "stance" in change and change["stance"] and change["stance"] != row.get("stance"):
                fields["stance"] = change["stance"]
            for column, field_name in (("start", "char_start"), ("end", "char_end")):
                if column in change and change[column] is not None and change[column] != row.get(field_name):
                    fields[field_name] = int(change[column])
            if fields:
                corrections.append((int(row["mention_id"]), fields))
        if not corrections:
            st.session_state[notice] = ("info", "Edit a claimant, stance or span in the table first.")
            return

        def apply(con: Any) -> int:
            return sum(1 for mention_id, fields in corrections if review.correct_mention(con, mention_id, who, **fields))

        try:
            changed = state.write(apply)
        except WorkbenchError as exc:
            st.session_state[notice] = ("error", str(exc))
            return
        message = f"{changed} mention{'s' * (changed != 1)} corrected."
    # A fresh editor: the old row positions no longer point at the same mentions.
    st.session_state[f"{key}_gen"] = st.session_state.get(f"{key}_gen", 0) + 1
    st.session_state[notice] = ("success", message)


def mention_editor(rows: list[dict[str, Any]], key: str, *, spans: bool = True, extra_columns: tuple[str, ...] = ()) -> None:
    """A table of mentions to tick and confirm/reject, or to correct (claimant, stance and, with `spans`,
    the character span in the article), with the three buttons; read-only for those who may not review.
    `key` must be unique on the page."""
    import pandas as pd


    pending_notice(key)
    if not rows:
        st.caption("No mentions.")
        return
    records = []
    for r in rows:
        record: dict[str, Any] = {
            "select": False, "mention": r["mention_id"], "stance": r["stance"], "claimant": r.get("claimant") or "",
            "speaker": r.get("speaker"), "quote": r["quote"],
        }
        if spans:
            record["start"], record["end"] = r.get("char_start"), r.get("char_end")
        record["state"] = r.get("review_state")
        record["claim"] = r.get("claim_id")
        for column in extra_columns:
            record[column] = r.get(column)
        records.append(record)
    frame = pd.DataFrame(records)
    if not identity.can(Permission.REVIEW):
        st.dataframe(frame.drop(columns=["select"]), hide_index=True, width="stretch")
        return
    editable = {"select", "stance", "claimant"} | ({"start", "end"} if spans else set())
    config: dict[str, Any] = {
        "select": st.column_config.CheckboxColumn("✓", help="Tick to confirm or reject", width="small"),
        "stance": st.column_config.SelectboxColumn("stance", options=["asserts", "denies"], required=True),
        "claimant": st.column_config.TextColumn("claimant", help="An actor name or alias; empty = unknown"),
        "quote": st.column_config.TextColumn("quote", width="medium"),
    }
    if spans:
        config["start"] = st.column_config.NumberColumn("start", min_value=0, step=1, format="%d")
        config["end"] = st.column_config.NumberColumn("end", min_value=1, step=1, format="%d")
    st.data_editor(frame, key=_editor_key(key), hide_index=True, width="stretch",
                   disabled=[c for c in frame.columns if c not in editable], column_config=config)
    plain_rows = [dict(r) for r in rows]
    with st.container(horizontal=True):
        st.button("Confirm selected", key=f"{key}_confirm", type="primary", on_click=_mention_action,
                  args=(key, plain_rows, "confirm"))
        st.button("Reject selected", key=f"{key}_reject", on_click=_mention_action, args=(key, plain_rows, "reject"))
        st.button("Save corrections", key=f"{key}_correct", on_click=_mention_action, args=(key, plain_rows, "correct"))


def editor_state_key(key: str) -> str:
    """The session-state key of a `mention_editor`'s table (tests set ticks and edits through it)."""
    return _editor_key(key)
