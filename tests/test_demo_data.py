"""The demo folder (`data/demo/`) is well-formed: articles parse, mentions import, reviews use known vocabularies."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from workbench.models import ReviewStatus, Stance, Verdict

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
ARTICLES = DEMO / "articles"
ARTICLE_FIELDS = {"url", "title", "outlet", "published", "text"}


def structured_articles() -> list[dict]:
    """Every article record from the .json and .jsonl files (the formats that carry outlet and date)."""
    records: list[dict] = []
    for path in sorted(ARTICLES.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        records.extend(document if isinstance(document, list) else [document])
    for path in sorted(ARTICLES.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        records.extend(json.loads(line) for line in lines if line.strip())
    return records


def mention_lines() -> list[dict]:
    lines = (DEMO / "mentions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def reviews() -> list[dict]:
    return json.loads((DEMO / "reviews.json").read_text(encoding="utf-8"))


def test_demo_folder_has_every_input_format() -> None:
    suffixes = {p.suffix for p in ARTICLES.iterdir()}
    assert {".json", ".jsonl", ".txt", ".html"} <= suffixes
    assert any(isinstance(json.loads(p.read_text(encoding="utf-8")), list) for p in ARTICLES.glob("*.json"))
    assert (DEMO / "README.md").read_text(encoding="utf-8").strip()


def test_structured_articles_have_all_fields_and_plausible_length() -> None:
    records = structured_articles()
    assert len(records) >= 12
    for record in records:
        assert set(record) == ARTICLE_FIELDS, record.get("url")
        assert record["url"].startswith("https://") and ".example/" in record["url"]
        assert record["title"].strip() and record["outlet"].strip()
        dt.date.fromisoformat(record["published"])
        assert 150 <= len(record["text"].split()) <= 600, record["url"]
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls))


def test_demo_covers_enough_outlets_and_weeks() -> None:
    records = structured_articles()
    assert len({r["outlet"] for r in records}) >= 5
    days = sorted(dt.date.fromisoformat(r["published"]) for r in records)
    assert days[-1] - days[0] >= dt.timedelta(weeks=3)


def test_text_page_starts_with_its_title() -> None:
    (page,) = ARTICLES.glob("*.txt")
    first_line = page.read_text(encoding="utf-8").split("\n", 1)[0].strip()
    assert 0 < len(first_line) <= 200


def test_html_page_has_article_body_and_boilerplate_around_it() -> None:
    (page,) = ARTICLES.glob("*.html")
    html = page.read_text(encoding="utf-8")
    assert re.search(r"<title>[^<]+</title>", html)
    body = html.split("<article", 1)[1].split("</article>", 1)[0]
    assert body.count("<p>") >= 5
    outside = html.replace(body, "")
    for boilerplate in ("cookie", "Read more", "newsletter", "<nav"):
        assert boilerplate in outside


def test_every_demo_file_reads_through_the_ingest_reader() -> None:
    from workbench.errors import InputError
    from workbench.ingest import iter_input_files, read_articles
    from workbench.models import Article

    articles: list[Article] = []
    for path in iter_input_files([ARTICLES]):
        assert not isinstance(path, InputError), path
        for record in read_articles(path):
            assert isinstance(record, Article), record
            articles.append(record)
    assert len(articles) >= 14
    assert all(a.text.strip() for a in articles)
    assert len({a.outlet for a in articles if a.outlet}) >= 6


def test_each_mention_line_has_a_quote_and_a_valid_stance_and_date() -> None:
    lines = mention_lines()
    assert len(lines) >= 12
    for line in lines:
        assert isinstance(line["quote"], str) and line["quote"].strip()
        assert Stance(line.get("stance") or "asserts")
        dt.date.fromisoformat(line["published"])
    assert any(line["claimant"] is None for line in lines), "a viral post with unknown claimant"
    assert {line["stance"] for line in lines} == {"asserts", "denies"}


def test_mention_lines_pass_the_import_validation() -> None:
    from workbench.pipeline import mention_from_record

    for line in mention_lines():
        mention_from_record(line)


def test_reviews_use_known_statuses_and_verdicts() -> None:
    entries = reviews()
    assert len(entries) >= 6
    for entry in entries:
        assert entry["match"].strip()
        ReviewStatus(entry["status"])
        if entry["verdict"] is not None:
            Verdict(entry["verdict"])
        assert all(url.startswith("https://") for url in entry["evidence"])
    assert len({e["status"] for e in entries}) >= 4


@pytest.mark.parametrize("entry", reviews(), ids=lambda e: e["match"])
def test_each_review_phrase_occurs_in_the_demo_text(entry: dict) -> None:
    """A phrase that appears nowhere could never find its claim after ingest."""
    corpus = " ".join(
        [p.read_text(encoding="utf-8") for p in ARTICLES.iterdir()] + [m["quote"] for m in mention_lines()]
    ).lower()
    assert entry["match"].lower() in corpus


def test_demo_actors_file_loads_as_actor_seeds() -> None:
    from workbench.actors import KINDS, ActorSeed, seed_rows
    from workbench.text.aliases import AliasTable

    items = json.loads((DEMO / "actors.json").read_text(encoding="utf-8"))["actors"]
    seeds = [
        ActorSeed(
            name=item["name"],
            kind=item["kind"],
            affiliation=item.get("affiliation"),
            aliases=item.get("aliases", []),
            capitals=item.get("capitals", []),
            demonyms=item.get("demonyms", []),
        )
        for item in items
    ]
    assert all(seed.kind in KINDS for seed in seeds)
    names = {seed.name for seed in seeds}
    assert all(seed.affiliation in names for seed in seeds if seed.kind == "person")
    table = AliasTable.from_rows(seed_rows(seeds))
    assert table.resolve("the Ostrenian embassy") == "Ostrenia"
    assert table.resolve("Karsk") == "Ostrenia"
