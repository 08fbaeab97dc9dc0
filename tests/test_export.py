"""Exports: claims, mentions and articles as JSONL, CSV and Parquet with the same columns; ClaimReview."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from workbench import clustering, review
from workbench.store import articles as article_store
from workbench.config import Settings
from workbench.store.connection import connect, transaction
from workbench.errors import InputError
from workbench.export import export, export_columns
from workbench.models import NewMention, Stance



MENTION_COLUMNS = [
    "mention_id", "claim_id", "claim_text", "quote", "char_start", "char_end", "speaker", "claimant", "accused",
    "stance", "origin", "score", "review_state", "article_id", "article_url", "article_title", "outlet",
    "published", "created_at", "created_by",
]
CLAIM_COLUMNS = [
    "claim_id", "text", "status", "verdict", "rationale", "first_seen", "last_seen", "n_mentions", "n_asserts",
    "n_denies", "n_articles", "n_outlets", "claimants", "deniers", "accused", "evidence_urls", "n_reviews",
    "created_at", "updated_at", "updated_by",
]
ARTICLE_COLUMNS = [
    "article_id", "url", "title", "outlet", "published", "source_format", "source_path", "n_chars", "n_mentions",
    "n_claims", "ingested_at",
]


@pytest.fixture
def filled_db(db_path: Path) -> Path:
    """One claim asserted in one outlet and denied in another, with a verdict; a second claim without one."""
    with connect(db_path) as con:
        index = clustering.load_index(con)
        with transaction(con):
            urls = article_store.ensure_sources(con, [
                ("https://bayherald.example/2023/04/01/grain", "Bay Herald", dt.date(2023, 4, 1), "Grain ships"),
                ("https://ridgetimes.example/grain-denial", "Ridge Times", dt.date(2023, 4, 3), "A denial"),
            ])
            placed = clustering.place_mentions(con, index, [
                NewMention(quote="The grain ships were turned back at the strait", claimant="Coast Guard",
                           speaker="a coast guard officer", article_id=urls["https://bayherald.example/2023/04/01/grain"],
                           published=dt.date(2023, 4, 1)),
                NewMention(quote="The grain ships were turned back at the strait", claimant="Port Union",
                           stance=Stance.DENIES, same_claim_as=0,
                           article_id=urls["https://ridgetimes.example/grain-denial"], published=dt.date(2023, 4, 3)),
                NewMention(quote="A second harbour will open on the north shore next spring", claimant=None),
            ], Settings())
            review.set_verdict(con, placed[0].claim_id, "misleading", "Only one ship turned back.", [], "Desk")
    return db_path


def _all_formats(db_path: Path, tmp_path: Path, what: str) -> tuple[list[dict], list[dict], list[dict]]:
    with connect(db_path) as con:
        jsonl, text = io.StringIO(), io.StringIO()
        export(con, what, "jsonl", jsonl)
        export(con, what, "csv", text)
        export(con, what, "parquet", tmp_path / f"{what}.parquet")
    json_rows = [json.loads(line) for line in jsonl.getvalue().splitlines()]
    csv_rows = list(csv.DictReader(io.StringIO(text.getvalue())))
    parquet_rows = pq.read_table(tmp_path / f"{what}.parquet").to_pylist()
    return json_rows, csv_rows, parquet_rows


@pytest.mark.parametrize(("what", "columns"), [("claims", CLAIM_COLUMNS), ("mentions", MENTION_COLUMNS),
                                                ("articles", ARTICLE_COLUMNS)])
def test_every_format_carries_the_same_columns(filled_db: Path, tmp_path: Path, what: str, columns: list[str]) -> None:
    with connect(filled_db) as con:
        assert export_columns(con, what) == columns
    json_rows, csv_rows, parquet_rows = _all_formats(filled_db, tmp_path, what)
    assert len(json_rows) == len(csv_rows) == len(parquet_rows) > 0
    for rows in (json_rows, csv_rows, parquet_rows):
        assert list(rows[0]) == columns


def test_mentions_export_values(filled_db: Path, tmp_path: Path) -> None:
    json_rows, csv_rows, parquet_rows = _all_formats(filled_db, tmp_path, "mentions")
    first = json_rows[0]
    assert {k: first[k] for k in ("claim_text", "quote", "speaker", "claimant", "stance", "origin", "article_url",
                                  "article_title", "outlet", "published")} == {
        "claim_text": "The grain ships were turned back at the strait",
        "quote": "The grain ships were turned back at the strait",
        "speaker": "a coast guard officer",
        "claimant": "Coast Guard",
        "stance": "asserts",
        "origin": "logged",
        "article_url": "https://bayherald.example/2023/04/01/grain",
        "article_title": "Grain ships",
        "outlet": "Bay Herald",
        "published": "2023-04-01",
    }
    assert [r["stance"] for r in json_rows] == ["asserts", "denies", "asserts"]
    assert csv_rows[1]["outlet"] == "Ridge Times"
    assert csv_rows[2]["article_url"] == ""  # nulls are empty cells
    assert parquet_rows[0]["published"] == dt.date(2023, 4, 1)
    assert parquet_rows[1]["claim_id"] == parquet_rows[0]["claim_id"]


def test_claims_export_counts_and_lists(filled_db: Path, tmp_path: Path) -> None:
    json_rows, csv_rows, parquet_rows = _all_formats(filled_db, tmp_path, "claims")
    grain = json_rows[0]
    assert (grain["n_mentions"], grain["n_asserts"], grain["n_denies"], grain["n_articles"], grain["n_outlets"]) == (2, 1, 1, 2, 2)
    assert (grain["claimants"], grain["deniers"]) == (["Coast Guard"], ["Port Union"])
    assert (grain["verdict"], grain["rationale"], grain["first_seen"], grain["last_seen"]) == (
        "misleading", "Only one ship turned back.", "2023-04-01", "2023-04-03")
    assert csv_rows[0]["claimants"] == "Coast Guard"
    assert csv_rows[1]["verdict"] == ""
    assert parquet_rows[0]["claimants"] == ["Coast Guard"]
    assert parquet_rows[0]["first_seen"] == dt.date(2023, 4, 1)


def test_parquet_keeps_types(filled_db: Path, tmp_path: Path) -> None:
    _all_formats(filled_db, tmp_path, "claims")
    schema = pq.read_schema(tmp_path / "claims.parquet")
    assert schema.field("claim_id").type == pa.int32()
    assert schema.field("first_seen").type == pa.date32()
    assert schema.field("claimants").type == pa.list_(pa.string())
    assert pa.types.is_timestamp(schema.field("updated_at").type)
    _all_formats(filled_db, tmp_path, "mentions")
    mentions = pq.read_schema(tmp_path / "mentions.parquet")
    assert mentions.field("mention_id").type == pa.int64()
    assert mentions.field("score").type == pa.float64()
    assert mentions.field("published").type == pa.date32()


def test_articles_export(filled_db: Path, tmp_path: Path) -> None:
    json_rows, _, _ = _all_formats(filled_db, tmp_path, "articles")
    assert [(r["url"], r["outlet"], r["published"], r["n_mentions"], r["n_claims"]) for r in json_rows] == [
        ("https://bayherald.example/2023/04/01/grain", "Bay Herald", "2023-04-01", 1, 1),
        ("https://ridgetimes.example/grain-denial", "Ridge Times", "2023-04-03", 1, 1),
    ]


def test_wrong_combinations_are_refused(filled_db: Path) -> None:
    with connect(filled_db) as con:
        with pytest.raises(InputError, match="claimreview format exports claims"):
            export(con, "mentions", "claimreview", io.StringIO())
        with pytest.raises(InputError, match="-o FILE.parquet"):
            export(con, "claims", "parquet", io.StringIO())
        with pytest.raises(InputError, match="cannot export 'actors'"):
            export(con, "actors", "jsonl", io.StringIO())


def test_cli_export_to_stdout_and_files(filled_db: Path, run_cli, tmp_path: Path) -> None:
    result = run_cli("export", "mentions")
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["stance"] for line in result.stdout.splitlines()] == ["asserts", "denies", "asserts"]
    result = run_cli("export", "articles", "--format", "csv")
    assert result.stdout.splitlines()[0] == ",".join(ARTICLE_COLUMNS)
    out = tmp_path / "claims.parquet"
    result = run_cli("export", "claims", "-o", str(out))
    assert result.exit_code == 0
    assert f"2 claims written to {out}" in result.stderr
    assert pq.read_table(out).num_rows == 2
    result = run_cli("export", "claims", "--format", "parquet")
    assert result.exit_code == 1
    assert "give an output file with -o" in result.stderr


def test_cli_export_claimreview(filled_db: Path, run_cli, tmp_path: Path) -> None:
    out = tmp_path / "reviews.json"
    result = run_cli("export", "claims", "--format", "claimreview", "-o", str(out))
    assert result.exit_code == 0, result.output
    [item] = json.loads(out.read_text(encoding="utf-8"))
    assert item["claimReviewed"] == "The grain ships were turned back at the strait"
    assert item["reviewRating"]["alternateName"] == "Misleading"
    assert item["author"]["name"] == Settings().organisation
    result = run_cli("export", "mentions", "--format", "claimreview")
    assert result.exit_code == 1
    assert "claimreview format exports claims" in result.stderr


def test_cli_ratings_set_list_and_unset(run_cli) -> None:
    result = run_cli("ratings", "set", "Totally Bogus", "FALSE")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("'totally bogus' -> false")
    listed = run_cli("ratings", "list", "--verdict", "false", "--json")
    assert {"rating": "totally bogus", "verdict": "false"} in json.loads(listed.stdout)
    assert "pants on fire" in run_cli("ratings").stdout
    assert run_cli("ratings", "unset", "totally  bogus").exit_code == 0
    gone = run_cli("ratings", "unset", "Totally Bogus")
    assert gone.exit_code == 1
    assert "not in the mapping" in gone.stderr
    assert run_cli("ratings", "list", "--unknown").stdout.strip() == "every stored rating maps to a verdict"
