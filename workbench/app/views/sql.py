"""/sql — read-only ad-hoc SQL over the sandboxed runner: results, CSV/Parquet downloads, schema, saved queries."""

from __future__ import annotations

import datetime as dt
import decimal
from collections import defaultdict

import pandas as pd
import streamlit as st

from workbench import sqlconsole
from workbench.access import Permission
from workbench.app import components as ui
from workbench.app import identity, state
from workbench.errors import WorkbenchError

EXAMPLE = "SELECT status, count(*) AS claims FROM claims WHERE merged_into IS NULL GROUP BY status ORDER BY claims DESC"


@st.cache_data(ttl=300, show_spinner=False)
def _schema(path: str, stamp: tuple[int, ...]) -> list[tuple[str, str, str]]:
    return sqlconsole.schema_overview(path)


def _load_saved() -> None:
    name = st.session_state.get("sql_saved")
    if not name:
        return
    chosen = saved.get(name)
    if chosen:
        st.session_state["sql_text"] = chosen["sql"]
        st.session_state["sql_save_name"] = "" if chosen["builtin"] else name
        st.session_state["sql_save_description"] = chosen.get("description") or ""


def _run() -> None:
    text = (st.session_state.get("sql_text") or "").strip()
    st.session_state.pop("sql_result", None)
    st.session_state.pop("sql_error", None)
    if not text:
        st.session_state["sql_error"] = "Write a query first."
        return
    settings = state.settings()
    try:
        # The sandbox opens the file itself: no dashboard connection may be open meanwhile.
        st.session_state["sql_result"] = sqlconsole.run_query(
            state.ensure_db(), text, timeout_s=settings.sql_timeout_s, row_cap=settings.sql_row_cap, settings=settings
        )
    except WorkbenchError as exc:
        st.session_state["sql_error"] = str(exc)


def _cell(value: object) -> object:
    """Numbers, text, dates and booleans as they are; lists, structs and bytes as text."""
    if value is None or isinstance(value, (bool, int, float, str, dt.date, dt.datetime, decimal.Decimal)):
        return value
    return sqlconsole.cell_text(value)


def _frame(result: sqlconsole.QueryResult) -> pd.DataFrame:
    seen: dict[str, int] = defaultdict(int)
    names = []
    for name in result.columns:  # repeated column names get _2, _3... as in the CSV/JSON exports
        seen[name] += 1
        names.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return pd.DataFrame([[_cell(v) for v in row] for row in result.rows], columns=names)


st.title("SQL")
st.caption("One read-only query (SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN) over the workbench tables, "
           "with a time limit and a row cap. Nothing you run here can change the data.")

path = state.ensure_db()
saved = {q["name"]: q for q in state.read(sqlconsole.list_saved)}
if "sql_text" not in st.session_state:
    st.session_state["sql_text"] = EXAMPLE

main, side = st.columns([3, 1.2], gap="large")
with main:
    st.selectbox("Example and saved queries", list(saved), index=None, key="sql_saved", on_change=_load_saved,
                 placeholder="choose a query to load", format_func=lambda n: f"{n} — {saved[n].get('description') or ''}")
    st.text_area("SQL", key="sql_text", height=170)
    st.button("Run", key="sql_run", type="primary", on_click=_run, shortcut="Ctrl+Enter")

    if st.session_state.get("sql_error"):
        ui.say("error", st.session_state["sql_error"])
    result = st.session_state.get("sql_result")
    if result is not None:
        frame = _frame(result)
        st.caption(f"{result.row_count:,} row{'s' * (result.row_count != 1)} in {result.elapsed_s * 1000:.0f} ms")
        if result.notice():
            st.warning(result.notice())
        st.dataframe(frame, hide_index=True, width="stretch")
        d1, d2, _ = st.columns([1, 1, 3])
        d1.download_button("Download CSV", sqlconsole.to_csv_bytes(result), file_name="query.csv", mime="text/csv",
                           key="sql_csv", on_click="ignore")
        d2.download_button("Download Parquet", sqlconsole.to_parquet_bytes(result), file_name="query.parquet",
                           mime="application/vnd.apache.parquet", key="sql_parquet", on_click="ignore")

    if identity.can(Permission.EDIT_QUERIES):
        with st.expander("Save this query"):
            name = st.text_input("Name", key="sql_save_name", max_chars=80)
            description = st.text_input("Description", key="sql_save_description", max_chars=300)
            if st.button("Save query", key="sql_save"):
                who = identity.require_user()
                if who:
                    try:
                        state.write(sqlconsole.save_query, name, st.session_state.get("sql_text") or "", description, who)
                    except WorkbenchError as exc:
                        ui.say("error", exc)
                    else:
                        ui.say("success", f"Saved as {name.strip()!r}.")

with side:
    st.subheader("Schema")
    try:
        schema = _schema(path, state.db_stamp(path))
    except WorkbenchError as exc:
        schema = []
        st.caption(ui.md_escape(f"Schema unavailable: {exc}"))
    tables: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for table, column, kind in schema:
        tables[table].append((column, kind))
    ui.show_html("<div class='wb-schema'>" + "".join(
        f"<details><summary><code>{ui.esc(table)}</code></summary><div class='wb-small'>" + "<br>".join(
            f"<code>{ui.esc(c)}</code> <span class='wb-muted'>{ui.esc(k.lower())}</span>" for c, k in cols
        ) + "</div></details>" for table, cols in tables.items()) + "</div>")
    st.caption("Tables and columns are documented in the README.")
