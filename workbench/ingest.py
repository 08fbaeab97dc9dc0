"""Read article files (.json, .jsonl, .txt, .html/.htm) into `Article` records, or per-record errors.

Readers never stop at a bad record: they yield an `InputError` whose `where` is `FILE:LINE` and go on.
ClaimReview documents are recognised and handed over whole as `ClaimReviewDoc` (see `workbench.claimreview`).
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Union

from .claimreview import looks_like_claimreview
from .errors import InputError
from .htmlpage import article_from_html
from .models import Article
from .validation import check_url, optional_text, parse_date

SUPPORTED_SUFFIXES = (".json", ".jsonl", ".txt", ".html", ".htm")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class ClaimReviewDoc:
    """A parsed JSON document that holds ClaimReview records."""

    data: Any
    source: str


Record = Union[Article, ClaimReviewDoc, InputError]


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Files named, and supported files found recursively in folders (sorted); errors for missing paths."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            yield from found
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                yield path
            else:
                yield InputError(f"unsupported file type {path.suffix or '(none)'}; use {', '.join(SUPPORTED_SUFFIXES)}", str(path))
        else:
            yield InputError("no such file or folder", str(path))


def read_articles(path: str | Path, max_bytes: int = 2_000_000) -> Iterator[Record]:
    """Every article (or ClaimReview document, or error) in one file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(f"cannot read file: {exc.strerror or exc}", str(path))
        return
    if not data.strip():
        yield InputError("file is empty", str(path))
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl(path, data, max_bytes)
        return
    try:
        text = decode_utf8(data)
    except InputError as exc:
        yield InputError(exc.reason, f"{path}:{exc.where}")
        return
    if suffix == ".json":
        yield from _read_json(path, text, max_bytes)
    elif suffix in (".html", ".htm"):
        if looks_like_claimreview(text):  # a fact-check page: its JSON-LD is the record
            yield ClaimReviewDoc(text, str(path))
            return
        yield from _guard(lambda: _sized(article_from_html(text, str(path)), max_bytes), f"{path}:1")
    else:
        yield from _guard(lambda: _sized(article_from_text(text, str(path)), max_bytes), f"{path}:1")


def article_from_upload(name: str, data: bytes, max_bytes: int = 2_000_000) -> list[Record]:
    """Records from an uploaded file (the dashboard's ingest page); `name` decides the format."""

    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return [InputError(f"unsupported file type {suffix or '(none)'}", name)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(name).name
        path.write_bytes(data)
        records = list(read_articles(path, max_bytes))
    return [_rename_source(r, str(path), name) for r in records]


def decode_utf8(data: bytes) -> str:
    """UTF-8 text (a BOM is dropped); InputError naming line and column of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at column {col}); save the file as UTF-8", str(line)
        ) from None


def clean_text(text: str) -> str:
    """Normalise line ends and drop control characters; offsets of mentions refer to this text."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def article_from_text(text: str, source: str | None = None) -> Article:
    """A plain-text article; its first line is the title when it is short."""
    body = clean_text(text).strip("\n")
    if not body.strip():
        raise InputError("article has no text")
    first = body.split("\n", 1)[0].strip()
    title = first if 0 < len(first) <= 200 else None
    return Article(text=body, title=title, source=source, source_format="text")


def article_from_record(record: Any, source: str | None = None, source_format: str = "json") -> Article:
    """An article from a JSON object with `text` (or `html`) and optional url, title, outlet, published."""
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object with a text field, got {type(record).__name__}")
    text, html = record.get("text"), record.get("html")
    if text is not None and not isinstance(text, str):
        raise InputError(f"text must be a string, not {type(text).__name__}")
    if html is not None and not isinstance(html, str):
        raise InputError(f"html must be a string, not {type(html).__name__}")
    url = check_url(record.get("url"))
    fields = {
        "url": url,
        "title": optional_text(record.get("title"), "title", 1000),
        "outlet": optional_text(record.get("outlet"), "outlet", 200),
        "published": parse_date(record.get("published")),
    }
    if text and text.strip():
        body = clean_text(text)
    elif html and html.strip():
        page = article_from_html(html, source)
        body = page.text
        for key in ("title", "outlet", "published"):
            fields[key] = fields[key] or getattr(page, key)
    else:
        raise InputError("article has no text (give a non-empty 'text' or 'html' field)")
    if not body.strip():
        raise InputError("article has no text after cleaning")
    raw = json.dumps(record, ensure_ascii=False, default=str)
    return Article(text=body, source=source, source_format=source_format, raw=raw, **fields)


def _sized(article: Article, max_bytes: int) -> Article:
    size = len(article.text.encode("utf-8"))
    if size > max_bytes:
        raise InputError(
            f"article text is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit"
            " (set WORKBENCH_MAX_ARTICLE_BYTES to raise it)"
        )
    return article


def _guard(make: Any, where: str) -> Iterator[Record]:
    try:
        yield make()
    except InputError as exc:
        yield InputError(exc.reason, where)


def _read_jsonl(path: Path, data: bytes, max_bytes: int) -> Iterator[Record]:
    for number, raw_line in enumerate(data.split(b"\n"), start=1):
        where = f"{path}:{number}"
        if not raw_line.strip():
            continue
        try:
            line = decode_utf8(raw_line)
            record = json.loads(line)
        except InputError as exc:
            yield InputError(exc.reason, where)
            continue
        except (json.JSONDecodeError, RecursionError) as exc:
            yield InputError(f"invalid JSON: {_json_reason(exc)}", where)
            continue
        if looks_like_claimreview(record):
            yield ClaimReviewDoc(record, where)
            continue
        yield from _guard(lambda: _sized(article_from_record(record, where, "jsonl"), max_bytes), where)


def _read_json(path: Path, text: str, max_bytes: int) -> Iterator[Record]:
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        line = getattr(exc, "lineno", 1)
        yield InputError(f"invalid JSON: {_json_reason(exc)}", f"{path}:{line}")
        return
    if looks_like_claimreview(document):
        yield ClaimReviewDoc(document, str(path))
        return
    if isinstance(document, list):
        for item, line in zip(document, _item_lines(text)):
            where = f"{path}:{line}"
            if looks_like_claimreview(item):
                yield ClaimReviewDoc(item, where)
            else:
                yield from _guard(lambda: _sized(article_from_record(item, where, "json"), max_bytes), where)
        return
    yield from _guard(lambda: _sized(article_from_record(document, str(path), "json"), max_bytes), f"{path}:1")


def _item_lines(text: str) -> Iterator[int]:
    """Line number where each element of a top-level JSON array starts."""
    pos = text.index("[") + 1
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            return
        yield text.count("\n", 0, pos) + 1
        _, pos = _DECODER.raw_decode(text, pos)


def _json_reason(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return getattr(exc, "msg", str(exc))


def _rename_source(record: Record, tmp_path: str, name: str) -> Record:
    if isinstance(record, InputError):
        where = (record.where or "").replace(tmp_path, name)
        return InputError(record.reason, where)
    if isinstance(record, Article) and record.source:
        return replace(record, source=record.source.replace(tmp_path, name))
    return record
