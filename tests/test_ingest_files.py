"""Reading article files: every format, and bad input reported as FILE:LINE with nothing lost."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from workbench.errors import InputError
from workbench.ingest import iter_input_files, read_articles
from workbench.models import Article

ARTICLE = {
    "url": "https://harborledger.example/2023/05/02/port",
    "title": "Port operator blames hackers",
    "outlet": "Harbor Ledger",
    "published": "2023-05-02",
    "text": "The port operator said on Tuesday that a foreign hacking group had shut down its cranes.",
}


def _records(path: Path) -> list:
    return list(read_articles(path))


def test_json_object_is_one_article(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(ARTICLE), encoding="utf-8")
    [article] = _records(path)
    assert isinstance(article, Article)
    assert article.url == ARTICLE["url"]
    assert article.outlet == "Harbor Ledger"
    assert article.published == dt.date(2023, 5, 2)
    assert article.text == ARTICLE["text"]
    assert article.source_format == "json"


def test_json_list_reports_the_line_of_the_bad_item(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    second = {**ARTICLE, "url": "https://harborledger.example/b", "text": ""}
    third = {**ARTICLE, "url": "https://harborledger.example/c"}
    path.write_text(json.dumps([ARTICLE, second, third], indent=1), encoding="utf-8")
    records = _records(path)
    assert [type(r).__name__ for r in records] == ["Article", "InputError", "Article"]
    error = records[1]
    lines = path.read_text().splitlines()
    line_no = int(error.where.rsplit(":", 1)[1])
    assert lines[line_no - 1].strip() == "{"
    assert "no text" in error.reason


def test_malformed_jsonl_line_is_reported_and_the_rest_loads(write_jsonl, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "batch.jsonl", [ARTICLE, '{"url": "https://x.example/", "text": ', {**ARTICLE, "url": "https://harborledger.example/z"}])
    records = _records(path)
    assert [type(r).__name__ for r in records] == ["Article", "InputError", "Article"]
    assert records[1].where == f"{path}:2"
    assert str(records[1]).startswith(f"{path}:2: invalid JSON")


def test_missing_text_wrong_types_and_bad_dates_are_clear(write_jsonl, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "bad.jsonl",
        [
            {"url": "https://a.example/1", "title": "No body"},
            {"text": "Body", "published": "26 June 2023"},
            {"text": "Body", "title": ["not", "a", "string"]},
            {"text": "Body", "url": "javascript:alert(1)"},
            [1, 2, 3],
        ],
    )
    reasons = [r.reason for r in _records(path)]
    assert reasons == [
        "article has no text (give a non-empty 'text' or 'html' field)",
        "published is not an ISO date like 2023-06-26: '26 June 2023'",
        "title must be a string, not list",
        "url must be an http:// or https:// address: 'javascript:alert(1)'",
        "expected a JSON object with a text field, got list",
    ]


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    [error] = _records(path)
    assert isinstance(error, InputError)
    assert str(error) == f"{path}: file is empty"


def test_non_utf8_line_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    good = json.dumps(ARTICLE).encode()
    bad = '{"text": "Caf\u00e9 owners deny it"}'.encode("latin-1")
    path.write_bytes(good + b"\n" + bad + b"\n")
    records = _records(path)
    assert isinstance(records[0], Article)
    assert records[1].where == f"{path}:2"
    assert records[1].reason.startswith("not valid UTF-8 (byte 0xe9")


def test_non_utf8_text_file_names_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"Headline\nThe mayor denied it.\nThe caf\xe9 closed.\n")
    [error] = _records(path)
    assert error.where == f"{path}:3"


def test_five_megabyte_article_is_refused_with_its_size(write_jsonl, tmp_path: Path) -> None:
    big = {**ARTICLE, "text": "The minister denied the report. " * 160_000}
    path = write_jsonl(tmp_path / "big.jsonl", [big, ARTICLE])
    records = _records(path)
    assert records[0].reason == "article text is 5.1 MB, over the 2.0 MB limit (set WORKBENCH_MAX_ARTICLE_BYTES to raise it)"
    assert isinstance(records[1], Article)


def test_text_file_title_is_its_first_line(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Mayor rejects spill report\r\n\r\nThe mayor rejected the report on Friday.\r\n", encoding="utf-8")
    [article] = _records(path)
    assert article.title == "Mayor rejects spill report"
    assert "\r" not in article.text


def test_folders_are_walked_recursively_and_unknown_paths_reported(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.json").write_text("{}")
    (tmp_path / "a" / "b" / "two.txt").write_text("x")
    (tmp_path / "a" / "b" / "skip.pdf").write_text("x")
    found = list(iter_input_files([tmp_path / "a", tmp_path / "missing.json"]))
    assert found[:2] == [tmp_path / "a" / "b" / "two.txt", tmp_path / "a" / "one.json"]
    assert str(found[2]) == f"{tmp_path / 'missing.json'}: no such file or folder"


def test_control_characters_are_dropped_from_titles_outlets_and_quotes(tmp_path: Path) -> None:
    from workbench.validation import quote_text

    path = tmp_path / "a.json"
    path.write_text(json.dumps({"text": "Body.", "title": "Port\x08 strike\x00 ends", "outlet": "\x07Harbor\x0bNews"}),
                    encoding="utf-8")
    [article] = list(read_articles(path))
    assert (article.title, article.outlet) == ("Port strike ends", "Harbor News")
    assert quote_text("The mayor\x1f denied it") == "The mayor denied it"
    with pytest.raises(InputError, match="^quote is empty$"):
        quote_text("\x08\x08")
