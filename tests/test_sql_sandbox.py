"""The ad-hoc SQL sandbox: every attack is refused with a clear message and changes nothing.

Each attack runs against a real database file; the test compares a full snapshot of the data (every
table's rows) before and after, and checks that no file appeared where the attack tried to write one.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from workbench import sqlconsole
from workbench.store import sandbox, schema
from workbench.config import Settings
from workbench.store.connection import connect, open_connection
from workbench.errors import NotFound, QueryTimeout, SQLRefused, WorkbenchError


@pytest.fixture
def claims_db(tmp_path: Path) -> Path:
    """A migrated database with two claims, an assertion and a denial of the first, and two outlets."""
    path = tmp_path / "sandbox.duckdb"
    with connect(path) as con:
        schema.migrate(con)
        sqlconsole.seed_saved_queries(con)
        con.execute("INSERT INTO outlets (name) VALUES ('Harbour Herald'), ('Valley Courier')")
        con.execute("INSERT INTO actors (name, kind) VALUES ('Ruritania', 'country'), ('Osterlich', 'country')")
        con.execute(
            "INSERT INTO articles (url, content_hash, title, outlet_id, published, text, source_format)"
            " VALUES ('https://herald.example/a', 'h1', 'Border row', 1, DATE '2023-05-02', 'Some text.', 'json')"
        )
        con.execute(
            "INSERT INTO claims (text, status) VALUES"
            " ('Ruritania ships grain to Osterlich at night', 'unstarted'),"
            " ('Osterlich built a dam on the shared river', 'resolved')"
        )
        con.execute(
            "INSERT INTO mentions (claim_id, article_id, quote, claimant_id, stance, origin, published) VALUES"
            " (1, 1, 'Ruritania ships grain at night', 2, 'asserts', 'extracted', DATE '2023-05-02'),"
            " (1, 1, 'We ship nothing at night', 1, 'denies', 'extracted', DATE '2023-05-02')"
        )
    return path


def snapshot(path: Path) -> dict[str, list]:
    """Every table's rows (sorted), plus the list of tables and sequences: equal means nothing changed."""
    with connect(path) as con:
        tables = schema.table_names(con)
        data: dict[str, list] = {"__tables__": tables}
        data["__sequences__"] = con.execute(
            "SELECT sequence_name, last_value FROM duckdb_sequences() ORDER BY 1"
        ).fetchall()
        for table in tables:
            data[table] = sorted(map(repr, con.execute(f'SELECT * FROM "{table}"').fetchall()))
    return data


ALLOWED_HINT = "one read-only query: SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE or EXPLAIN"

# (attack, words the refusal must contain)
ATTACKS = {
    "drop": ("DROP TABLE claims", "refused: DROP statements are not allowed"),
    "delete": ("DELETE FROM mentions", "refused: DELETE statements are not allowed"),
    "truncate": ("TRUNCATE mentions", "refused: TRUNCATE statements are not allowed"),
    "insert": ("INSERT INTO claims (text) VALUES ('planted')", "refused: INSERT statements are not allowed"),
    "update": ("UPDATE claims SET status = 'resolved'", "refused: UPDATE statements are not allowed"),
    "merge": ("MERGE INTO claims USING claims AS c2 ON true WHEN MATCHED THEN DELETE",
              "refused: MERGE statements are not allowed"),
    "create_table": ("CREATE TABLE stolen AS SELECT * FROM claims", "refused: CREATE statements are not allowed"),
    "create_temp": ("CREATE TEMP TABLE scratch (x INTEGER)", "refused: CREATE statements are not allowed"),
    "create_macro": ("CREATE MACRO sneaky() AS 1", "refused: CREATE statements are not allowed"),
    "alter": ("ALTER TABLE claims ADD COLUMN planted INTEGER", "refused: ALTER statements are not allowed"),
    "copy_from": ("COPY claims FROM '/etc/passwd'", "refused: COPY statements are not allowed"),
    "detach": ("DETACH workbench", "refused: DETACH statements are not allowed"),
    "install": ("INSTALL httpfs", "refused: INSTALL statements are not allowed"),
    "load": ("LOAD httpfs", "refused: LOAD statements are not allowed"),
    "update_extensions": ("UPDATE EXTENSIONS", "refused: UPDATE statements are not allowed"),
    "set": ("SET threads = 64", "refused: SET statements are not allowed"),
    "set_external_access": ("SET enable_external_access = true", "refused: SET statements are not allowed"),
    "reset": ("RESET memory_limit", "refused: RESET statements are not allowed"),
    "set_variable": ("SET VARIABLE secret = 1", "refused: SET statements are not allowed"),
    "use": ("USE memory", "refused: USE statements are not allowed"),
    "pragma": ("PRAGMA enable_profiling", "refused: PRAGMA statements are not allowed"),
    "call": ("CALL pragma_version()", "refused: CALL statements are not allowed"),
    "checkpoint": ("CHECKPOINT", "refused: CHECKPOINT statements are not allowed"),
    "vacuum": ("VACUUM", "refused: VACUUM statements are not allowed"),
    "begin": ("BEGIN TRANSACTION", "refused: BEGIN statements are not allowed"),
    "prepare": ("PREPARE sneaky AS SELECT 1", "refused: PREPARE statements are not allowed"),
    "two_statements": ("SELECT 1; DROP TABLE claims", "refused: 2 statements (SELECT, DROP)"),
    "commit_then_drop": ("COMMIT; DROP TABLE claims", "refused: 2 statements (COMMIT, DROP)"),
    "select_then_comment_drop": ("SELECT 1 -- harmless\n; DELETE FROM claims", "refused: 2 statements (SELECT, DELETE)"),
    "explain_analyze_delete": ("EXPLAIN ANALYZE DELETE FROM mentions", "refused: EXPLAIN is allowed only for a SELECT"),
    "read_csv": ("SELECT * FROM read_csv('/etc/passwd')", "refused: read_csv() reads files"),
    "read_csv_upper_nested": ("SELECT (SELECT count(*) FROM READ_CSV_AUTO('/etc/passwd')) AS n",
                              "refused: read_csv_auto() reads files"),
    "read_csv_in_cte": ("WITH f AS (SELECT * FROM read_csv('/etc/passwd')) SELECT * FROM f",
                        "refused: read_csv() reads files"),
    "read_text": ("SELECT content FROM read_text('/etc/passwd')", "refused: read_text() reads files"),
    "read_blob": ("SELECT * FROM read_blob('/etc/hostname')", "refused: read_blob() reads files"),
    "read_parquet": ("SELECT * FROM read_parquet('/tmp/*.parquet')", "refused: read_parquet() reads files"),
    "read_json": ("SELECT * FROM read_json_auto('/etc/passwd')", "refused: read_json_auto() reads files"),
    "glob": ("SELECT * FROM glob('/etc/*')", "refused: glob() reads files"),
    "file_as_table": ("SELECT * FROM '/etc/passwd'", "refused: '/etc/passwd' looks like a file"),
    "url_as_table": ("SELECT * FROM 'https://example.org/data.csv'", "looks like a file"),
    "query_drop": ("SELECT * FROM query('DROP TABLE claims')", "refused: query() runs SQL given as text"),
    "query_select": ("SELECT * FROM query('SELECT * FROM claims')", "refused: query() runs SQL given as text"),
    "query_table": ("SELECT * FROM query_table('claims')", "refused: query_table() runs SQL given as text"),
    "explain_read_csv": ("EXPLAIN SELECT * FROM read_csv('/etc/passwd')", "refused: read_csv() reads files"),
    "nextval": ("SELECT nextval('claim_ids')", "refused: the SQL console is read-only"),
}


@pytest.mark.parametrize("attack", ATTACKS, ids=list(ATTACKS))
def test_attack_is_refused_and_changes_nothing(claims_db: Path, attack: str) -> None:
    sql, expected = ATTACKS[attack]
    before = snapshot(claims_db)
    with pytest.raises(SQLRefused) as refused:
        sqlconsole.run_query(claims_db, sql)
    assert expected in str(refused.value)
    assert snapshot(claims_db) == before


@pytest.mark.parametrize(
    "make_sql",
    [
        lambda out: f"COPY claims TO '{out}'",
        lambda out: f"COPY (SELECT * FROM claims) TO '{out}' (FORMAT parquet)",
        lambda out: f"EXPORT DATABASE '{out}'",
        lambda out: f"ATTACH '{out}' AS other",
    ],
    ids=["copy_to_file", "copy_query_to_parquet", "export_database", "attach_new_file"],
)
def test_statements_that_write_files_leave_no_file(claims_db: Path, tmp_path: Path, make_sql) -> None:
    out = tmp_path / "leaked"
    before = snapshot(claims_db)
    with pytest.raises(SQLRefused) as refused:
        sqlconsole.run_query(claims_db, make_sql(out))
    assert "statements are not allowed" in str(refused.value)
    assert not out.exists()
    assert snapshot(claims_db) == before


def test_sandbox_blocks_files_even_when_the_statement_check_misses(
    claims_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Second guard: with the function check switched off, external access is still disabled."""
    monkeypatch.setattr(sandbox, "_check_functions", lambda sql: None)
    before = snapshot(claims_db)
    for sql in ("SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM glob('/etc/*')",
                "SELECT content FROM read_text('/etc/passwd')"):
        with pytest.raises(SQLRefused) as refused:
            sqlconsole.run_query(claims_db, sql)
        assert "tries to reach a file, the network or an extension" in str(refused.value)
    with pytest.raises(WorkbenchError) as failed:  # no replacement scan of files without external access
        sqlconsole.run_query(claims_db, "SELECT * FROM '/etc/passwd'")
    assert "Table with name /etc/passwd does not exist" in str(failed.value)
    with pytest.raises(WorkbenchError) as failed:
        sqlconsole.run_query(claims_db, "SELECT * FROM query('DROP TABLE claims')")
    assert "single SELECT statement" in str(failed.value)
    assert snapshot(claims_db) == before


def test_empty_and_comment_only_input_is_refused(claims_db: Path) -> None:
    for sql in ("", "   ", "-- just a comment", " ; ; "):
        with pytest.raises(SQLRefused):
            sqlconsole.run_query(claims_db, sql)


def test_syntax_error_says_so(claims_db: Path) -> None:
    with pytest.raises(WorkbenchError) as failed:
        sqlconsole.run_query(claims_db, "SELEC * FROM claims")
    assert str(failed.value).startswith("SQL syntax error: syntax error at or near")


def test_unknown_table_is_a_clear_sql_error(claims_db: Path) -> None:
    with pytest.raises(WorkbenchError) as failed:
        sqlconsole.run_query(claims_db, "SELECT * FROM nosuch_table")
    assert str(failed.value).startswith("SQL error: Catalog Error: Table with name nosuch_table does not exist")


# --- what is allowed -----------------------------------------------------------------------------------


def test_select_returns_rows_and_columns(claims_db: Path) -> None:
    result = sqlconsole.run_query(claims_db, "SELECT claim_id, status FROM claims ORDER BY claim_id;")
    assert result.columns == ["claim_id", "status"]
    assert result.rows == [(1, "unstarted"), (2, "resolved")]
    assert result.row_count == 2
    assert result.truncated is False
    assert result.types == ["INTEGER", "VARCHAR"]
    assert result.notice() is None


def test_with_and_comments_are_allowed(claims_db: Path) -> None:
    sql = "-- denials per claim\nWITH d AS (SELECT claim_id FROM mentions WHERE stance = 'denies')\nSELECT count(*) FROM d"
    assert sqlconsole.run_query(claims_db, sql).rows == [(1,)]


def test_describe_and_show_tables_see_the_workbench_tables(claims_db: Path) -> None:
    tables = [r[0] for r in sqlconsole.run_query(claims_db, "SHOW TABLES").rows]
    assert {"claims", "mentions", "articles", "outlets", "saved_queries"} <= set(tables)
    described = sqlconsole.run_query(claims_db, "DESCRIBE claims")
    assert [r[0] for r in described.rows][:3] == ["claim_id", "text", "proposition"]
    assert sqlconsole.run_query(claims_db, "SELECT count(*) FROM workbench.claims").rows == [(2,)]


def test_summarize_and_explain_are_allowed(claims_db: Path) -> None:
    summary = sqlconsole.run_query(claims_db, "SUMMARIZE mentions")
    assert "column_name" in summary.columns and summary.row_count > 5
    plan = sqlconsole.run_query(claims_db, "EXPLAIN SELECT * FROM claims WHERE claim_id = 1")
    assert plan.columns == ["explain_key", "explain_value"]
    analyzed = sqlconsole.run_query(claims_db, "EXPLAIN ANALYZE SELECT count(*) FROM mentions")
    assert analyzed.row_count == 1


def test_schema_overview_lists_tables_and_columns(claims_db: Path) -> None:
    overview = sqlconsole.schema_overview(claims_db)
    assert ("claims", "claim_id", "INTEGER") in overview
    assert ("mentions", "stance", "VARCHAR") in overview
    assert ("articles", "published", "DATE") in overview


def test_missing_database_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "absent.duckdb"
    with pytest.raises(NotFound) as failed:
        sqlconsole.run_query(missing, "SELECT 1")
    assert "workbench init" in str(failed.value)
    assert not missing.exists()


# --- limits --------------------------------------------------------------------------------------------


def test_slow_query_is_stopped_by_the_time_limit(claims_db: Path) -> None:
    slow = "SELECT count(*) FROM range(200000) a, range(200000) b WHERE (a.range * b.range) % 7 = 3"
    started = time.monotonic()
    with pytest.raises(QueryTimeout) as stopped:
        sqlconsole.run_query(claims_db, slow, timeout_s=0.5)
    assert "query stopped after 0.5 s, the time limit" in str(stopped.value)
    assert time.monotonic() - started < 60  # generous: it was stopped, not left to finish (hours)
    # The file is free again right away.
    assert sqlconsole.run_query(claims_db, "SELECT count(*) FROM claims").rows == [(2,)]


def test_time_limit_comes_from_settings(claims_db: Path) -> None:
    slow = "SELECT count(*) FROM range(200000) a, range(200000) b WHERE (a.range * b.range) % 7 = 3"
    with pytest.raises(QueryTimeout) as stopped:
        sqlconsole.run_query(claims_db, slow, settings=Settings(sql_timeout_s=0.3))
    assert "after 0.3 s" in str(stopped.value)


def test_row_cap_cuts_and_says_so(claims_db: Path) -> None:
    result = sqlconsole.run_query(claims_db, "SELECT range AS n FROM range(25)", row_cap=10)
    assert result.rows == [(n,) for n in range(10)]
    assert result.truncated is True
    assert result.notice() == (
        "showing the first 10 rows only: the result has more (row cap 10); add a LIMIT or narrow the query"
    )


def test_row_cap_equal_to_the_result_does_not_cut(claims_db: Path) -> None:
    result = sqlconsole.run_query(claims_db, "SELECT range FROM range(10)", row_cap=10)
    assert result.row_count == 10 and result.truncated is False


def test_huge_result_is_streamed_not_built(claims_db: Path) -> None:
    # A billion rows would never fit: the cap stops reading after cap + 1 rows.
    result = sqlconsole.run_query(claims_db, "SELECT * FROM range(1000000000)", row_cap=5, timeout_s=60)
    assert result.row_count == 5 and result.truncated


def test_row_cap_and_memory_come_from_stored_settings(claims_db: Path) -> None:
    with connect(claims_db) as con:
        con.execute("INSERT INTO settings (key, value) VALUES ('sql_row_cap', '3'), ('sql_memory_limit', '64MB')")
    result = sqlconsole.run_query(claims_db, "SELECT range FROM range(10)")
    assert result.row_count == 3 and result.truncated
    limit = sqlconsole.run_query(claims_db, "SELECT current_setting('memory_limit')").rows[0][0]
    assert limit.startswith("61") and "MiB" in limit  # 64 MB = 61.0 MiB


def test_memory_limit_stops_a_greedy_query_with_a_clear_message(claims_db: Path) -> None:
    with pytest.raises(WorkbenchError) as failed:
        sqlconsole.run_query(claims_db, "SELECT list(range) FROM range(30000000)",
                             settings=Settings(sql_memory_limit="32MB", sql_threads=1), timeout_s=60)
    assert str(failed.value) == (
        "the query needs more than the sandbox's 32MB of memory (setting sql_memory_limit); aggregate or filter earlier"
    )


def test_sandbox_settings_are_locked(claims_db: Path) -> None:
    rows = sqlconsole.run_query(
        claims_db,
        "SELECT name, value FROM duckdb_settings() WHERE name IN"
        " ('enable_external_access', 'lock_configuration', 'autoload_known_extensions',"
        " 'autoinstall_known_extensions', 'threads') ORDER BY name",
        settings=Settings(sql_threads=1),
    ).rows
    assert rows == [
        ("autoinstall_known_extensions", "false"),
        ("autoload_known_extensions", "false"),
        ("enable_external_access", "false"),
        ("lock_configuration", "true"),
        ("threads", "1"),
    ]


# --- concurrency inside one process --------------------------------------------------------------------


def test_query_waits_for_a_connection_of_the_same_process(claims_db: Path) -> None:
    """The dashboard's own short-lived connection and the sandbox take turns on the file."""
    held = open_connection(claims_db)
    timer = threading.Timer(0.3, held.close)
    timer.start()
    try:
        assert sqlconsole.run_query(claims_db, "SELECT count(*) FROM mentions").rows == [(2,)]
    finally:
        timer.join()


def test_writer_of_the_same_process_waits_for_a_running_query(claims_db: Path) -> None:
    errors: list[BaseException] = []

    def slow_query() -> None:
        try:
            sqlconsole.run_query(
                claims_db, "SELECT count(*) FROM range(200000) a, range(200000) b WHERE a.range < b.range",
                timeout_s=0.5,
            )
        except QueryTimeout:
            pass
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    worker = threading.Thread(target=slow_query)
    worker.start()
    time.sleep(0.1)
    with connect(claims_db) as con:  # retries while the sandbox has the file attached
        con.execute("INSERT INTO claims (text) VALUES ('A third claim written meanwhile')")
    worker.join()
    assert errors == []
    assert sqlconsole.run_query(claims_db, "SELECT count(*) FROM claims").rows == [(3,)]


# --- output formats ------------------------------------------------------------------------------------

TYPED = (
    "SELECT 1 AS id, 'grain, at night' AS quote, DATE '2023-05-02' AS published, ['a', 'b'] AS tags,"
    " NULL::VARCHAR AS speaker, 2.5::DECIMAL(4,1) AS score"
)


def test_csv_bytes(claims_db: Path) -> None:
    result = sqlconsole.run_query(claims_db, TYPED)
    assert sqlconsole.to_csv_bytes(result) == (
        b'id,quote,published,tags,speaker,score\n1,"grain, at night",2023-05-02,"[""a"", ""b""]",,2.5\n'
    )


def test_parquet_bytes_keep_types(claims_db: Path) -> None:
    result = sqlconsole.run_query(claims_db, TYPED)
    table = pq.read_table(io.BytesIO(sqlconsole.to_parquet_bytes(result)))
    assert table.column_names == ["id", "quote", "published", "tags", "speaker", "score"]
    assert str(table.schema.field("id").type) == "int32"
    assert str(table.schema.field("published").type) == "date32[day]"
    assert table.to_pylist() == [{"id": 1, "quote": "grain, at night", "published": dt.date(2023, 5, 2),
                                  "tags": ["a", "b"], "speaker": None, "score": result.rows[0][5]}]


def test_parquet_of_an_empty_result_keeps_columns(claims_db: Path) -> None:
    result = sqlconsole.run_query(claims_db, "SELECT claim_id, text FROM claims WHERE false")
    table = pq.read_table(io.BytesIO(sqlconsole.to_parquet_bytes(result)))
    assert table.num_rows == 0
    assert [str(f.type) for f in table.schema] == ["int32", "string"]


def test_json_rows_are_plain_values(claims_db: Path) -> None:
    result = sqlconsole.run_query(claims_db, TYPED + ", 7 AS id")
    assert sqlconsole.to_json_rows(result) == [
        {"id": 1, "quote": "grain, at night", "published": "2023-05-02", "tags": ["a", "b"], "speaker": None,
         "score": 2.5, "id_2": 7}
    ]


# --- the CLI -------------------------------------------------------------------------------------------


def _cli(claims_db: Path, *args: str, input: str | None = None):
    from workbench.cli import cli

    return CliRunner().invoke(cli, ["--db", str(claims_db), *args], input=input)


def test_cli_table_format(claims_db: Path) -> None:
    result = _cli(claims_db, "sql", "SELECT claim_id, status FROM claims ORDER BY claim_id")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "claim_id  status\n"
        "--------  ---------\n"
        "       1  unstarted\n"
        "       2  resolved\n"
    )
    assert result.stderr.startswith("2 rows (")


def test_cli_json_format(claims_db: Path) -> None:
    result = _cli(claims_db, "sql", "SELECT claim_id, published FROM mentions ORDER BY mention_id", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {"claim_id": 1, "published": "2023-05-02"}, {"claim_id": 1, "published": "2023-05-02"}
    ]


def test_cli_csv_format_and_cut_notice_on_stderr(claims_db: Path) -> None:
    result = _cli(claims_db, "sql", "SELECT range AS n FROM range(5)", "--format", "csv", "--max-rows", "3")
    assert result.exit_code == 0
    assert result.stdout == "n\n0\n1\n2\n"
    assert "showing the first 3 rows only" in result.stderr


def test_cli_refusal_is_one_line_and_exit_1(claims_db: Path) -> None:
    before = snapshot(claims_db)
    result = _cli(claims_db, "sql", "DROP TABLE claims")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [f"Error: refused: DROP statements are not allowed; the SQL console runs {ALLOWED_HINT}"]
    assert snapshot(claims_db) == before


def test_cli_timeout_option(claims_db: Path) -> None:
    slow = "SELECT count(*) FROM range(200000) a, range(200000) b WHERE (a.range * b.range) % 7 = 3"
    result = _cli(claims_db, "sql", slow, "--timeout", "0.3")
    assert result.exit_code == 1
    assert "query stopped after 0.3 s" in result.stderr


def test_cli_reads_query_from_stdin(claims_db: Path) -> None:
    result = _cli(claims_db, "sql", "-", "--format", "json", input="SELECT count(*) AS n FROM claims\n")
    assert json.loads(result.stdout) == [{"n": 2}]


def test_cli_needs_a_query_or_a_saved_name(claims_db: Path) -> None:
    result = _cli(claims_db, "sql")
    assert result.exit_code == 2
    assert "give a QUERY or --saved NAME" in result.stderr
