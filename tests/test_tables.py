"""Tables of claims (CSV, TSV, Parquet) through DuckDB's readers, with a column mapping."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from workbench.store.connection import connect, query
from workbench.errors import InputError
from workbench.tables import import_table, parse_mapping, speaker_name



CSV = """Claim,Who,When,Verdict,Topic,Where said,Link
"The lighthouse keeper was paid twice, in cash",ines-varga,2022-04-02,Pants on Fire,budget,a town meeting,https://townnews.example/a1
Bus fares fell by half last winter,Council press office,2022-05-10,Half True,transport,a press release,
The reservoir is fuller than in any year since 1990,ines-varga,10/06/2022,Glorious,water,a radio interview,not a link
,Nobody,2022-06-11,True,empty,,
The reservoir is fuller than in any year since 1990,ines-varga,10/06/2022,Glorious,water,a radio interview,not a link
"""

# LIAR-like: no header, tab-separated, 1-based positions; a statement with an unbalanced quote mark.
TSV = (
    "11.json\tfalse\tThe \"new\" canal cost more than the old one did in 1970.\tinfrastructure\tolaf-brenn\t"
    "Mayor\tNorthshire\tnone\t0\t1\t0\t0\t0\ta debate\n"
    "12.json\tbarely-true\tFerries now run every 10 minutes at night.\ttransport\tkay-morrow\t"
    "Councillor\tNorthshire\tnone\t0\t0\t0\t0\t0\ta leaflet\n"
    "13.json\tfalse\tThe \"new\" canal cost more than the old one did in 1970.\tinfrastructure\tolaf-brenn\t"
    "Mayor\tNorthshire\tnone\t0\t1\t0\t0\t0\ta speech\n"
)

MAP = ["statement=Claim,speaker=Who,date=When,rating=Verdict,subject=Topic,context=Where said,url=Link"]
LIAR_MAP = ["statement=3,rating=2,subject=4,speaker=5,context=14"]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_rows_become_claims_with_mapped_verdicts(db_path: Path, tmp_path: Path) -> None:
    path = _write(tmp_path, "claims.csv", CSV)
    stats = import_table(db_path, path, parse_mapping(MAP), publisher="Town Check")
    assert (stats.rows, stats.loaded, stats.mentions) == (5, 4, 4)
    assert [(e.where, e.reason) for e in stats.errors] == [(f"{path}:5", "statement is empty")]
    assert [(e.where, e.reason) for e in stats.warnings] == [
        (f"{path}:{n}", "url must be an http:// or https:// address: 'not a link'; loaded without it") for n in (4, 6)
    ]
    assert stats.unknown == {"Glorious": 2}
    assert stats.mapped == 2
    with connect(db_path) as con:
        claims = {r["text"]: r for r in query(con, "SELECT text, verdict, status FROM claims")}
        assert claims["The lighthouse keeper was paid twice, in cash"]["verdict"] == "false"
        assert claims["Bus fares fell by half last winter"]["verdict"] == "mixed"
        reservoir = claims["The reservoir is fuller than in any year since 1990"]
        assert (reservoir["verdict"], reservoir["status"]) == (None, "unstarted")
        mentions = query(con, "SELECT m.speaker, m.origin, m.published, a.url FROM mentions m"
                              " LEFT JOIN articles a USING (article_id) ORDER BY m.mention_id")
        assert mentions[0] == {"speaker": "Ines Varga", "origin": "imported", "published": dt.date(2022, 4, 2),
                               "url": "https://townnews.example/a1"}
        assert mentions[1]["speaker"] == "Council press office"
        assert mentions[2]["published"] == dt.date(2022, 6, 10)  # day/month/year is understood
        reviews = query(con, "SELECT publisher, rating_text, verdict, rating_known, raw, source_path FROM claim_reviews"
                             " ORDER BY review_id")
        assert [r["rating_text"] for r in reviews] == ["Pants on Fire", "Half True", "Glorious", "Glorious"]
        assert [r["rating_known"] for r in reviews] == [True, True, False, False]
        assert {r["publisher"] for r in reviews} == {"Town Check"}
        assert json.loads(reviews[0]["raw"])["Topic"] == "budget"
        assert reviews[0]["source_path"] == f"{path}:2"


def test_dates_that_cannot_be_read_are_warned_about_not_lost(db_path: Path, tmp_path: Path) -> None:
    path = _write(tmp_path, "odd.csv", "statement,date\nThe pier is sinking a metre a year,someday\n")
    stats = import_table(db_path, path, {"statement": "statement", "date": "date"})
    assert stats.loaded == 1
    assert [w.reason for w in stats.warnings] == ["date not understood, loaded without it: 'someday'"]


def test_liar_style_tsv_without_header_by_position(db_path: Path, tmp_path: Path) -> None:
    path = _write(tmp_path, "train.tsv", TSV)
    stats = import_table(db_path, path, parse_mapping(LIAR_MAP), fmt="tsv", header=False, publisher="PolitiFact")
    assert (stats.rows, stats.loaded, stats.errors, stats.unknown) == (3, 3, [], {})
    with connect(db_path) as con:
        rows = query(con, "SELECT c.text, c.verdict, m.speaker FROM mentions m JOIN claims c USING (claim_id)"
                          " ORDER BY m.mention_id")
        assert rows[0] == {"text": 'The "new" canal cost more than the old one did in 1970.', "verdict": "false",
                           "speaker": "Olaf Brenn"}
        assert rows[1]["verdict"] == "misleading"
        # The third row repeats the first statement from another venue: a row of its own, on the same claim.
        assert rows[2]["text"] == rows[0]["text"]
        assert con.execute("SELECT count(*) FROM claim_reviews").fetchone()[0] == 3


def test_reimporting_a_table_adds_nothing(db_path: Path, tmp_path: Path) -> None:
    path = _write(tmp_path, "train.tsv", TSV)
    import_table(db_path, path, parse_mapping(LIAR_MAP), fmt="tsv", header=False)
    again = import_table(db_path, path, parse_mapping(LIAR_MAP), fmt="tsv", header=False)
    assert (again.known, again.loaded, again.mentions) == (3, 0, 0)
    with connect(db_path) as con:
        assert con.execute("SELECT count(*) FROM mentions").fetchone()[0] == 3


def test_parquet_columns_keep_their_types(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "claims.parquet"
    pq.write_table(pa.table({
        "text": ["Tram line 4 will be free on Sundays", "The old mill burned down twice"],
        "said_on": pa.array([dt.date(2023, 1, 5), None], type=pa.date32()),
        "grade": ["Mostly True", "Falso"],
        "n": [1, 2],
    }), path)
    stats = import_table(db_path, path, {"statement": "text", "date": "said_on", "rating": "grade"})
    assert (stats.loaded, stats.mapped) == (2, 2)
    with connect(db_path) as con:
        assert query(con, "SELECT c.text, c.verdict, m.published FROM mentions m JOIN claims c USING (claim_id)"
                          " ORDER BY m.mention_id") == [
            {"text": "Tram line 4 will be free on Sundays", "verdict": "mostly true", "published": dt.date(2023, 1, 5)},
            {"text": "The old mill burned down twice", "verdict": "false", "published": None},
        ]


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"speaker": "Who"}, "which column holds the statement"),
        ({"statement": "9"}, "the file has columns 1 to 7"),
        ({"statement": "Quote"}, "no such column"),
    ],
)
def test_mapping_mistakes_are_explained(db_path: Path, tmp_path: Path, mapping: dict, message: str) -> None:
    path = _write(tmp_path, "claims.csv", CSV)
    with pytest.raises(InputError, match=message):
        import_table(db_path, path, mapping)


def test_parse_mapping() -> None:
    assert parse_mapping(["statement=3,rating=2", "speaker = Who "]) == {"statement": "3", "rating": "2", "speaker": "Who"}
    with pytest.raises(InputError, match="unknown field 'claim'"):
        parse_mapping(["claim=3"])
    with pytest.raises(InputError, match="FIELD=COLUMN"):
        parse_mapping(["statement"])


def test_speaker_slugs_become_names() -> None:
    assert speaker_name("barack-obama") == "Barack Obama"
    assert speaker_name("Kay Morrow") == "Kay Morrow"
    assert speaker_name("  ") is None


def test_malformed_csv_is_one_clear_error(db_path: Path, tmp_path: Path) -> None:
    path = _write(tmp_path, "broken.csv", 'statement,rating\n"An unclosed quote,True\n')
    with pytest.raises(InputError, match=r"broken\.csv: cannot read as csv"):
        import_table(db_path, path, {"statement": "statement"})


def test_cli_import_table_prints_a_summary(run_cli, tmp_path: Path) -> None:
    path = _write(tmp_path, "train.tsv", TSV)
    result = run_cli("import-table", str(path), "--format", "tsv", "--no-header", "--publisher", "PolitiFact",
                     "--map", "statement=3,rating=2,subject=4", "--map", "speaker=5,context=14", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["loaded"], summary["mapped"], summary["errors"], summary["unknown"]) == (3, 3, 0, {})


def test_cli_import_table_bad_rows_exit_1(run_cli, tmp_path: Path) -> None:
    path = _write(tmp_path, "claims.csv", CSV)
    result = run_cli("import-table", str(path), "--map", MAP[0])
    assert result.exit_code == 1
    assert f"{path}:5: statement is empty" in result.stderr
    assert "unknown ratings kept without a verdict: 'Glorious' (2)" in result.stdout
