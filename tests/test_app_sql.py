"""AppTest: the SQL page runs one read-only query through the sandbox, offers CSV and Parquet, refuses writes,
loads and saves named queries, and shows the schema."""

from __future__ import annotations

import io

import pyarrow.parquet as pq
from app_fixtures import said, Sample, html_of, no_errors, open_page

from workbench.store.connection import connect, query_one, scalar


def run_sql(at, text: str):
    at.text_area(key="sql_text").input(text)
    return at.button(key="sql_run").click().run()


def test_the_sql_page_answers_a_query_with_a_table_and_downloads(sample: Sample) -> None:
    at = open_page(sample.path, "sql")
    assert at.text_area(key="sql_text").label == "SQL"
    run_sql(at, "SELECT claim_id, text FROM claims ORDER BY claim_id")
    no_errors(at)
    frame = at.dataframe[0].value
    assert list(frame.columns) == ["claim_id", "text"]
    assert list(frame["claim_id"]) == [sample.drones, sample.factory, sample.corridor]
    assert "3 rows in" in at.caption[1].value
    [csv, parquet] = at.get("download_button")
    result = at.session_state["sql_result"]
    from workbench import sqlconsole

    assert sqlconsole.to_csv_bytes(result).decode().splitlines()[0] == "claim_id,text"
    table = pq.read_table(io.BytesIO(sqlconsole.to_parquet_bytes(result)))
    assert table.column("text").to_pylist()[0] == "Iran supplies attack drones to Russia"
    assert (csv.proto.label, parquet.proto.label) == ("Download CSV", "Download Parquet")


def test_writes_are_refused_and_change_nothing(sample: Sample) -> None:
    at = open_page(sample.path, "sql")
    run_sql(at, "DROP TABLE claims")
    assert at.error and "refused" in said(at, "error")[0].lower()
    run_sql(at, "SELECT 1; DELETE FROM mentions")
    assert at.error
    with connect(sample.path) as con:
        assert scalar(con, "SELECT count(*) FROM claims") == 3
        assert scalar(con, "SELECT count(*) FROM mentions") == 6


def test_an_empty_query_and_a_wrong_one_explain_themselves(sample: Sample) -> None:
    at = open_page(sample.path, "sql")
    run_sql(at, "   ")
    assert said(at, "error")[0] == "Write a query first."
    run_sql(at, "SELECT no_such_column FROM claims")
    assert "no_such_column" in said(at, "error")[0]


def test_saved_queries_load_into_the_editor_and_new_ones_are_saved(sample: Sample) -> None:
    at = open_page(sample.path, "sql", reviewer="Ravi")
    options = at.selectbox(key="sql_saved").options
    assert options, "shipped queries are listed"
    first = at.selectbox(key="sql_saved").options[0]
    at.selectbox(key="sql_saved").set_value(first.split(" — ")[0]).run()
    with connect(sample.path) as con:
        shipped = scalar(con, "SELECT sql FROM saved_queries WHERE name = ?", [first.split(" — ")[0]])
    assert at.text_area(key="sql_text").value == shipped
    at.text_area(key="sql_text").input("SELECT count(*) AS n FROM mentions")
    at.text_input(key="sql_save_name").input("mention count")
    at.text_input(key="sql_save_description").input("How many mentions")
    at.button(key="sql_save").click().run()
    no_errors(at)
    with connect(sample.path) as con:
        row = query_one(con, "SELECT sql, description, updated_by FROM saved_queries WHERE name = 'mention count'")
    assert row == {"sql": "SELECT count(*) AS n FROM mentions", "description": "How many mentions", "updated_by": "Ravi"}


def test_the_schema_is_shown_beside_the_editor(sample: Sample) -> None:
    at = open_page(sample.path, "sql")
    page = html_of(at)
    for table in ("claims", "mentions", "articles", "events"):
        assert f"<code>{table}</code>" in page
    assert "<code>claimant_id</code>" in page
