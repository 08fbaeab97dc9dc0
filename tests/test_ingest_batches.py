"""An ingest writes its articles a batch at a time: the mentions of articles from several sources are grouped
before they are placed (as an import's batch is), a denial still lands on the claim of its own article, and a
batch that fails is written again article by article, so one bad article loses nothing of the others. Articles
written for these tests; real DuckDB files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench import ingesting, pipeline
from workbench.errors import WorkbenchError
from workbench.store.connection import connect, query

# Own words: three outlets report one allegation, each in other words and from another accuser.
REPORTS = [
    ("North Ledger", "Norway accused Sweden of flying surveillance drones over its North Sea oil platforms in March."),
    ("Harbour Times", "Denmark said Swedish surveillance drones had flown over Norway's North Sea oil platforms in March."),
    ("Baltic Wire", "Finland accused Sweden of sending surveillance drones over Norwegian oil platforms in the North Sea "
                    "in March."),
]


def _write(folder: Path, reports: list[tuple[str, str]]) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for n, (outlet, text) in enumerate(reports):
        path = folder / f"{n:02d}.json"
        path.write_text(json.dumps({"url": f"https://{outlet.replace(' ', '').lower()}.example/{n}", "title": text[:40],
                                    "outlet": outlet, "published": "2024-03-2%d" % n, "text": text}), encoding="utf-8")
        paths.append(path)
    return paths


def _decisions(db: Path) -> list[dict]:
    """Each mention's decision details, with the claim it is on (`claim`)."""
    with connect(db) as con:
        rows = query(con, "SELECT d.details, m.claim_id FROM match_decisions d JOIN mentions m USING (mention_id)")
    return [{**json.loads(r["details"] or "{}"), "claim": int(r["claim_id"])} for r in rows]


def _claims(db: Path) -> dict[str, int]:
    with connect(db) as con:
        return {r["quote"]: int(r["claim_id"]) for r in query(con, "SELECT quote, claim_id FROM mentions")}


def test_the_articles_of_one_ingest_are_grouped_across_sources(tmp_path: Path, db_path: Path) -> None:
    paths = _write(tmp_path / "in", REPORTS)
    report = pipeline.ingest_paths(db_path, [tmp_path / "in"])
    assert (report.articles_new, report.errors) == (3, [])
    grouped = [d["claim"] for d in _decisions(db_path) if "group_size" in d]
    assert len(grouped) >= 2 and len(set(grouped)) == 1  # placed together, as a group of the batch

    one_by_one = tmp_path / "one.duckdb"
    for path in paths:
        pipeline.ingest_paths(one_by_one, [path])
    assert not any("group_size" in d for d in _decisions(one_by_one))  # an article alone: nothing to group


def test_a_denial_in_a_batch_lands_on_the_claim_of_its_own_article(tmp_path: Path, db_path: Path) -> None:
    reports = REPORTS[:2] + [("River Post", "Chile accused Peru of dumping mine waste in the Lauca river. "
                                            "Peru rejected the accusation.")]
    _write(tmp_path / "in", reports)
    pipeline.ingest_paths(db_path, [tmp_path / "in"])
    claims = _claims(db_path)
    allegation = claims["Chile accused Peru of dumping mine waste in the Lauca river."]
    assert claims["Peru rejected the accusation."] == allegation
    assert allegation not in {claims[q] for q in claims if "drones" in q}


def test_a_batch_that_fails_is_written_article_by_article(tmp_path: Path, db_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "in", REPORTS)
    extract = ingesting.mentions_for_article

    def failing(article, article_id, aliases):
        if article.outlet == "Harbour Times":
            raise WorkbenchError("disk full while writing the Harbour Times article")
        return extract(article, article_id, aliases)

    monkeypatch.setattr(ingesting, "mentions_for_article", failing)
    report = pipeline.ingest_paths(db_path, [tmp_path / "in"])
    assert report.articles_new == 2
    assert [str(e) for e in report.errors] == [f"{tmp_path / 'in' / '01.json'}: could not store: disk full while "
                                               "writing the Harbour Times article"]
    with connect(db_path) as con:
        outlets = {r["url"] for r in query(con, "SELECT url FROM articles")}
    assert outlets == {"https://northledger.example/0", "https://balticwire.example/2"}
    assert len(_claims(db_path)) == 2  # the two other articles' mentions, nothing of the failed one
