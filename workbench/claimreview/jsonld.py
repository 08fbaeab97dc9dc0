"""Finding ClaimReview nodes in JSON-LD (objects, lists, `@graph`, wrappers, HTML pages) and reading their
fields leniently (names, dates, URLs, `@id` references); pure."""

from __future__ import annotations

import ast
import datetime as dt
import html
import json
import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit


_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"<(?:[a-zA-Z][^<>]*|/[a-zA-Z][^<>]*)>")
_LIST_REPR = re.compile(r"""^\[\s*(['"]).*\1\s*\]$""", re.S)
_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_DOMAIN_PATH = re.compile(r"^[\w-]+(\.[\w-]+)+(:\d+)?(/|$)")


def _clean(value: Any) -> str | None:
    """A string with HTML entities decoded, stray tags removed and whitespace folded; None when empty."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        value = str(value)
    if isinstance(value, list):
        parts = [p for p in (_clean(v) for v in value) if p]
        return " ".join(parts) or None
    if isinstance(value, dict):
        return _clean(value.get("name") or value.get("@value") or value.get("text"))
    if not isinstance(value, str):
        return None
    text = value.strip()
    if _LIST_REPR.match(text):  # "['Last tweets ...']": a Python list printed into the markup
        try:
            items = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            items = [text[1:-1].strip()[1:-1]]
        if isinstance(items, list) and all(isinstance(i, str) for i in items):
            text = " ".join(items)
    text = html.unescape(html.unescape(text))  # some feeds encode twice (&amp;#039;)
    if "<" in text:
        text = _TAG.sub(" ", text)
    return _SPACE.sub(" ", text).strip() or None


def _first_name(value: Any, ids: dict[str, dict]) -> str | None:
    """The name of a Person/Organization given as an object, a list of them, a reference or a string."""
    value = _resolve(value, ids)
    if isinstance(value, list):
        for item in value:
            name = _first_name(item, ids)
            if name:
                return name
        return None
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, list):  # ["Jane Doe", "mayor of X"]: the person first, then a title
            name = next((n for n in name if isinstance(n, str) and n.strip()), None)
        return _clean(name) if isinstance(name, (str, int, float)) else None
    return _clean(value)


def _raw_scalar(value: Any) -> str | None:
    """A rating field verbatim as text: numbers without a needless `.0`, strings as given, None if absent."""
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_lenient_date(value: Any) -> dt.date | None:
    """The calendar date at the start of a published date-time, whatever follows it; None if unreadable.

    Real feeds write `2020-06-24 00:03`, `2020-03-27T10:46:13+0200`, `...+5:30`, `...06.838Z`: the day
    is what the workbench keeps, so the time and zone are not interpreted.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = _DATE.match(text)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    for fmt in ("%d/%m/%Y", "%d.%m.%Y", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%Y%m%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _fix_url(value: Any, base: str | None = None) -> str | None:
    """An absolute http(s) URL from what a feed wrote: scheme-less hosts get https://, paths join `base`."""
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id")
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or any(c.isspace() for c in text):
        return None
    if text.startswith("//"):
        text = "https:" + text
    elif text.startswith("/"):
        if not base:
            return None
        text = urljoin(base, text)
    elif not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", text):
        if not _DOMAIN_PATH.match(text):
            return None
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or "." not in parts.netloc:
        return None
    return text


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _types(node: dict) -> list[str]:
    kinds = node.get("@type", node.get("type"))
    return [str(k).strip().lower() for k in _as_list(kinds) if isinstance(k, str)]


def _resolve(value: Any, ids: dict[str, dict]) -> Any:
    """Follow a bare `{"@id": ...}` reference to the node of the same document that it names."""
    if isinstance(value, dict) and "@id" in value and len(value) <= 2 and set(value) <= {"@id", "@type"}:
        return ids.get(str(value["@id"]), value)
    return value


# --- finding ClaimReviews in a document -------------------------------------------------------------------


class _LdJsonBlocks(HTMLParser):
    """Collects the text of `<script type="application/ld+json">` blocks; nothing is run or evaluated."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.blocks: list[str] = []
        self._inside = False
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            kind = dict(attrs).get("type") or ""
            self._inside = kind.strip().strip("'\"").lower() == "application/ld+json"
            self._parts = []

    def handle_data(self, data: str) -> None:
        if self._inside:
            self._parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._inside:
            self.blocks.append("".join(self._parts))
            self._inside = False


def ld_json_blocks(page: str) -> list[str]:
    """The raw text of every JSON-LD block of an HTML page, in page order."""
    parser = _LdJsonBlocks()
    try:
        parser.feed(page)
        parser.close()
    except AssertionError:
        # Python 3.11's parser asserts on some broken markup ("<![0"): the blocks before it still count
        pass
    return [b for b in parser.blocks if b.strip()]


def _load_json(text: str) -> Any:
    # strict=False: real blocks carry raw control characters (\r, \t) inside strings.
    return json.loads(text.strip().removeprefix("<!--").removesuffix("-->").strip(), strict=False)


def _documents(obj_or_text: Any) -> tuple[list[Any], list[str]]:
    """JSON documents in the input (a parsed object, JSON text, or an HTML page) and problems found."""
    if not isinstance(obj_or_text, (str, bytes)):
        return [obj_or_text], []
    text = obj_or_text.decode("utf-8", "replace") if isinstance(obj_or_text, bytes) else obj_or_text
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped[:1] in ("{", "["):
        try:
            return [_load_json(stripped)], []
        except json.JSONDecodeError as exc:
            return [], [f"invalid JSON: {exc.msg} (line {exc.lineno})"]
    docs, problems = [], []
    for number, block in enumerate(ld_json_blocks(text), start=1):
        try:
            docs.append(_load_json(block))
        except json.JSONDecodeError as exc:
            problems.append(f"JSON-LD block {number} is not valid JSON: {exc.msg}")
    return docs, problems


def _is_claimreview(node: Any) -> bool:
    if not isinstance(node, dict):
        return False
    kinds = _types(node)
    if "claimreview" in kinds:
        return True
    # Newtral's API drops @type; a claim plus a rating (or a reviewed item) is a ClaimReview all the same.
    return not kinds and "claimReviewed" in node and ("reviewRating" in node or "itemReviewed" in node)


def _walk(node: Any, found: list[tuple[dict, dict[str, dict]]], ids: dict[str, dict], depth: int = 0) -> None:
    if depth > 12:
        return
    if isinstance(node, list):
        for item in node:
            _walk(item, found, ids, depth + 1)
        return
    if not isinstance(node, dict):
        return
    if _is_claimreview(node):
        found.append((node, ids))
        return
    graph = node.get("@graph")
    if isinstance(graph, list):
        ids = {**ids, **{str(n["@id"]): n for n in graph if isinstance(n, dict) and isinstance(n.get("@id"), str)}}
    for value in node.values():
        if isinstance(value, (dict, list)):
            _walk(value, found, ids, depth + 1)


def find_claimreview_nodes(obj_or_text: Any) -> tuple[list[tuple[dict, dict[str, dict]]], list[str]]:
    """Every ClaimReview node in the input with the `@id` index of its graph, and parse problems."""
    docs, problems = _documents(obj_or_text)
    found: list[tuple[dict, dict[str, dict]]] = []
    for doc in docs:
        _walk(doc, found, {})
    return found, problems


def looks_like_claimreview(obj: Any) -> bool:
    """True when `obj` (parsed JSON, JSON text or an HTML page) holds ClaimReview records to import.

    An article record (an object with a `text` or `html` string) never counts, and a list counts only
    when every element does, so that a list of articles with one stray review is not swallowed.
    """
    if isinstance(obj, (str, bytes)):
        found, _ = find_claimreview_nodes(obj)
        return bool(found)
    if isinstance(obj, list):
        return bool(obj) and all(looks_like_claimreview(item) for item in obj)
    if not isinstance(obj, dict):
        return False
    if _is_claimreview(obj):
        return True
    if isinstance(obj.get("text"), str) or isinstance(obj.get("html"), str):
        return False
    found: list[tuple[dict, dict[str, dict]]] = []
    _walk(obj, found, {})
    return bool(found)
