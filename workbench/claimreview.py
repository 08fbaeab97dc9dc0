"""schema.org ClaimReview in and out: parse real feeds' JSON-LD, map ratings to verdicts, store, export.

Parsing is pure (`parse_claimreviews`, `looks_like_claimreview`, `map_rating`): it accepts one object, a
list, an `@graph`, wrapper objects (a Data Commons `DataFeedItem`, an API's `{"data": [...]}`) and whole
HTML pages (their `<script type="application/ld+json">` blocks), and tolerates what real publishers emit:
`type` for `@type`, `@type` as a list, `ratingValue` as a string or "", `appearance` as an object or a
list, missing `bestRating`, dates with odd zones, HTML entities, relative or scheme-less URLs.

Publishers' textual ratings map to `Verdict`s through the editable `verdict_mappings` table (seeded from
`data/verdict_mappings.json`), compared after `rating_key` normalisation on both sides. When no textual
rating matches, a sane numeric `ratingValue` on its `worstRating..bestRating` scale is used instead.
A rating that maps neither way is stored verbatim with `rating_known = false`: nothing is dropped.
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import html
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from importlib import resources
from typing import Any
from urllib.parse import urljoin, urlsplit

from . import clustering
from .access import Permission, User, authorize
from .config import Settings
from .errors import InputError
from .ratings import map_rating, rating_candidates, rating_key, seed_mappings_from_file
from .models import VERDICT_RATINGS, Article, NewMention, Origin, ReviewStatus, Verdict
from .store import claimreview as review_store
from .store.claimreview import load_verdict_mappings, unknown_ratings
from .store.articles import find_or_insert_article
from .store.connection import Connection, query, scalar
from .store.events import record_event

__all__ = [
    "Appearance",
    "ClaimReviewRecord",
    "ReviewStats",
    "apply_verdict_mappings",
    "claimreview_id",
    "export_claimreviews",
    "find_claimreview_nodes",
    "is_generic_claimant",
    "ld_json_blocks",
    "load_verdict_mappings",
    "looks_like_claimreview",
    "map_rating",
    "parse_claimreviews",
    "parse_lenient_date",
    "rating_key",
    "remove_verdict_mapping",
    "seed_mappings_from_file",
    "seed_verdict_mappings",
    "set_verdict_mapping",
    "store_claimreviews",
    "unknown_ratings",
]

# --- records --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Appearance:
    """A place where the reviewed claim appeared (a post, an article, a video)."""

    url: str
    title: str | None = None
    published: dt.date | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class ClaimReviewRecord:
    """One ClaimReview as published, with the fields the workbench uses and the raw JSON."""

    claim_text: str
    claimant: str | None
    """`itemReviewed.author` name as written (whitespace folded), or None."""
    appearances: tuple[Appearance, ...]
    first_appearance: str | None
    claim_date: dt.date | None
    """`itemReviewed.datePublished`: when the claim was made."""
    date_published: dt.date | None
    """When the review was published."""
    publisher: str | None
    publisher_url: str | None
    url: str | None
    rating_value: str | None
    best_rating: str | None
    worst_rating: str | None
    rating_text: str | None
    rating_explanation: str | None
    language: str | None
    keys: tuple[str, ...]
    """Identity of the reviewed claim: `review:`/`item:` identifiers and a `text:` key (claim + claimant)."""
    citations: tuple[str, ...]
    raw: str
    source: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def appearance_urls(self) -> list[str]:
        return [a.url for a in self.appearances]


# --- text helpers -----------------------------------------------------------------------------------------

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


# --- language ---------------------------------------------------------------------------------------------

_SCRIPTS = (
    ("DEVANAGARI", "hi"),
    ("BENGALI", "bn"),
    ("ARABIC", "ar"),
    ("CJK", "zh"),
    ("HANGUL", "ko"),
    ("HIRAGANA", "ja"),
    ("KATAKANA", "ja"),
    ("THAI", "th"),
    ("GEORGIAN", "ka"),
    ("HEBREW", "he"),
    ("TAMIL", "ta"),
    ("TELUGU", "te"),
    ("GURMUKHI", "pa"),
    ("MALAYALAM", "ml"),
    ("GUJARATI", "gu"),
    ("KANNADA", "kn"),
    ("ORIYA", "or"),
)


_FUNCTION_WORDS = {
    "en": "the and of to is in that for on with was are not this from have has it by be as at said".split(),
    "es": "el la los las de que y en un una por con para es del se no al lo como más su sus está son".split(),
    "pt": "o a os as de que e em um uma por com para é do da dos das não se no na ao como mais seu está são".split(),
    "fr": "le la les de des et en un une que est du pour dans pas au aux qui sur ce il elle sont avec".split(),
    "de": "der die das und ist nicht ein eine zu den mit von sich auf dem für im des es sind wird hat".split(),
    "it": "il la di che e è un una per con non del della sono lo gli le da nel alla ha come più".split(),
}
_LANGUAGE_TLDS = {"br": "pt", "pt": "pt", "es": "es", "mx": "es", "ar": "es", "co": "es", "cl": "es", "pe": "es",
                  "fr": "fr", "de": "de", "at": "de", "it": "it"}


def _script_language(texts: Iterable[str | None]) -> str | None:
    counts: dict[str, int] = {}
    for text in texts:
        for char in text or "":
            if char.isalpha() and ord(char) > 0x024F:
                name = unicodedata.name(char, "")
                for prefix, code in _SCRIPTS:
                    if name.startswith(prefix):
                        counts[code] = counts.get(code, 0) + 1
                        break
    if not counts:
        return None
    code = max(counts, key=counts.__getitem__)
    # Korean and Japanese text mixes in CJK ideographs; their own scripts decide when present.
    if code == "zh" and ("ja" in counts or "ko" in counts):
        code = "ja" if counts.get("ja", 0) >= counts.get("ko", 0) else "ko"
    return code


def _word_language(text: str) -> str | None:
    """A guess among six Latin-script languages from common function words (None when unsure)."""
    words = re.findall(r"[^\W\d_]+", text.casefold())
    if len(words) < 4:
        return None
    scores = {lang: sum(1 for w in words if w in vocab) for lang, vocab in _FUNCTION_WORDS.items()}
    folded = text.casefold()
    scores["pt"] += 2 * (folded.count("ção") + folded.count("ões") + folded.count("não") + folded.count("ã"))
    scores["es"] += 2 * (folded.count("ñ") + folded.count("ción"))
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    return best if top >= 2 and top >= second + 2 else None


@lru_cache(maxsize=1)
def _rating_languages() -> dict[str, frozenset[str]]:
    data = json.loads(resources.files("workbench").joinpath("data/verdict_mappings.json").read_text("utf-8"))
    langs: dict[str, set[str]] = {}
    for language, ratings in data["ratings"].items():
        for rating in ratings:
            langs.setdefault(rating_key(rating), set()).add("en" if language == "workbench" else language)
    return {k: frozenset(v) for k, v in langs.items()}


def _language(node: dict, claim_text: str, rating_text: str | None, url: str | None) -> str | None:
    """`inLanguage` when given, else a guess: the writing system, the claim's function words, a rating
    word found in one language only, the site's country domain; None when nothing is telling."""
    declared = node.get("inLanguage")
    if isinstance(declared, dict):
        declared = declared.get("alternateName") or declared.get("name")
    if isinstance(declared, list):
        declared = next((d for d in declared if isinstance(d, str)), None)
    if isinstance(declared, str) and declared.strip():
        return declared.strip().replace("_", "-")
    guess = _script_language([claim_text, rating_text]) or _word_language(claim_text)
    if guess:
        return guess
    if rating_text:
        for key in rating_candidates(rating_text):
            langs = _rating_languages().get(key, frozenset())
            if len(langs) == 1:
                return next(iter(langs))
    host = urlsplit(url).hostname if url else None
    return _LANGUAGE_TLDS.get(host.rsplit(".", 1)[-1]) if host else None


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


# --- parsing ----------------------------------------------------------------------------------------------


def parse_claimreviews(
    obj_or_text: Any, source: str | None = None, errors: list[InputError] | None = None
) -> list[ClaimReviewRecord]:
    """Every ClaimReview in a document (object, list, `@graph`, wrapper, JSON text or HTML page).

    A record without any claim text is malformed: with an `errors` list it is reported there (and the
    others are returned); without one, InputError is raised. A document with no ClaimReview at all
    raises InputError.
    """
    nodes, problems = find_claimreview_nodes(obj_or_text)
    if not nodes:
        reason = problems[0] if problems else "no ClaimReview record found"
        raise InputError(reason, source)
    records = []
    for number, (node, ids) in enumerate(nodes, start=1):
        where = f"{source} (record {number})" if source and len(nodes) > 1 else source
        try:
            records.append(_record(node, ids, source))
        except InputError as exc:
            if errors is None:
                raise InputError(exc.reason, where) from None
            errors.append(InputError(exc.reason, where))
    return records


def _record(node: dict, ids: dict[str, dict], source: str | None) -> ClaimReviewRecord:
    warnings: list[str] = []
    item = _resolve(node.get("itemReviewed"), ids)
    if isinstance(item, list):
        item = next((_resolve(i, ids) for i in item if isinstance(i, dict)), {})
    item = item if isinstance(item, dict) else {}
    rating = _resolve(node.get("reviewRating"), ids)
    if isinstance(rating, list):
        rating = next((r for r in rating if isinstance(r, dict)), {})
    rating = rating if isinstance(rating, dict) else {}

    claim_text = _clean(node.get("claimReviewed"))
    if not claim_text:
        for fallback in (item.get("name"), node.get("headline"), node.get("name"), node.get("title")):
            claim_text = _clean(fallback)
            if claim_text:
                warnings.append("no claimReviewed: claim text taken from another field")
                break
    if not claim_text:
        raise InputError("ClaimReview has no claimReviewed text")

    author = _resolve(node.get("author"), ids)
    publisher_node = _resolve(node.get("publisher"), ids)
    first_author = author[0] if isinstance(author, list) and author else author
    first_author = _resolve(first_author, ids)
    author_is_org = isinstance(first_author, dict) and any(
        "organization" in k for k in _types(first_author)
    )
    publisher = None
    if author_is_org:
        publisher = _first_name(first_author, ids)
    publisher = publisher or _first_name(publisher_node, ids) or _first_name(author, ids)

    page_url = None
    for candidate in (node.get("url"), node.get("mainEntityOfPage"), node.get("@id")):
        page_url = _fix_url(candidate)
        if page_url:
            break
    publisher_url = None
    for holder in (first_author, publisher_node):
        if isinstance(holder, dict):
            publisher_url = _fix_url(holder.get("url"), page_url) or _fix_url(holder.get("@id"), page_url)
            if publisher_url:
                break
    review_url = _fix_url(node.get("url"), publisher_url or page_url) or page_url
    if node.get("url") and review_url != node.get("url"):
        warnings.append("review url repaired")
    if not publisher and review_url:
        publisher = urlsplit(review_url).hostname

    claimant = _first_name(item.get("author"), ids)
    base = review_url or publisher_url
    appearances = _appearances(item, ids, base, review_url)
    first = _fix_url(_resolve(item.get("firstAppearance"), ids), base)

    rating_text = _clean(rating.get("alternateName")) or _clean(rating.get("name"))
    explanation = rating.get("ratingExplanation")
    explanation = _clean(explanation) if isinstance(explanation, str) else None
    date_published = parse_lenient_date(node.get("datePublished"))
    if node.get("datePublished") and date_published is None:
        warnings.append(f"unreadable datePublished {str(node.get('datePublished'))[:30]!r}")
    claim_date = parse_lenient_date(item.get("datePublished"))

    keys = _identity_keys(node, item, base)
    keys.append("text:" + rating_key(claim_text) + "|" + rating_key(claimant or ""))
    citations = [u for u in (_fix_url(c, base) for c in _as_list(node.get("citation"))) if u]
    return ClaimReviewRecord(
        claim_text=claim_text,
        claimant=claimant,
        appearances=tuple(appearances),
        first_appearance=first or (appearances[0].url if appearances else None),
        claim_date=claim_date,
        date_published=date_published,
        publisher=publisher,
        publisher_url=publisher_url,
        url=review_url,
        rating_value=_raw_scalar(rating.get("ratingValue")),
        best_rating=_raw_scalar(rating.get("bestRating")),
        worst_rating=_raw_scalar(rating.get("worstRating")),
        rating_text=rating_text,
        rating_explanation=explanation,
        language=_language(node, claim_text, rating_text, review_url),
        keys=tuple(dict.fromkeys(keys)),
        citations=tuple(dict.fromkeys(citations)),
        raw=json.dumps(node, ensure_ascii=False),
        source=source,
        warnings=tuple(warnings),
    )


def _appearances(item: dict, ids: dict[str, dict], base: str | None, review_url: str | None) -> list[Appearance]:
    """Where the claim was seen, from every place real feeds put it (deduplicated, in order)."""
    found: dict[str, Appearance] = {}

    def add(value: Any) -> None:
        value = _resolve(value, ids)
        url = _fix_url(value, base)
        if not url or url == review_url or url in found:
            return
        title = outlet = None
        published = None
        if isinstance(value, dict):
            title = _clean(value.get("headline")) or _clean(value.get("name"))
            published = parse_lenient_date(value.get("datePublished"))
            outlet = _first_name(value.get("publisher"), ids)
        found[url] = Appearance(url=url, title=title, published=published, outlet=outlet)

    add(item.get("firstAppearance"))
    for value in _as_list(item.get("appearance")):
        add(value)
    add(item.get("url"))
    author = _resolve(item.get("author"), ids)
    for person in _as_list(author):
        person = _resolve(person, ids)
        if isinstance(person, dict):
            for same in _as_list(person.get("sameAs")):
                if not _is_profile(_fix_url(same, base)):
                    add(same)
    return list(found.values())


def _is_profile(url: str | None) -> bool:
    """True for a URL that names an author rather than a post: a profile page or an encyclopedia entry.

    Several publishers put the post that carried the claim in `itemReviewed.author.sameAs`; others put
    the author's own page there, which is not an appearance of the claim.
    """
    if not url:
        return True
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    if host.endswith(("wikipedia.org", "wikidata.org", "linkedin.com")):
        return True
    segments = [s for s in parts.path.split("/") if s]
    if segments[:1] == ["profile.php"]:
        return True
    return len(segments) <= 1 and not parts.query


def _identity_keys(node: dict, item: dict, base: str | None) -> list[str]:
    keys: list[str] = []

    def usable(value: Any) -> str | None:
        if not isinstance(value, str) or not value.strip():
            return None
        ident = value.strip()
        absolute = _fix_url(ident, base)
        if absolute:
            parts = urlsplit(absolute)
            if parts.path in ("", "/") and not parts.fragment and not parts.query:
                return None  # a site's root names the publisher, not one claim
            return absolute
        return ident

    review_id = usable(node.get("@id"))
    if review_id:
        keys.append("review:" + review_id)
    for value in [item.get("@id"), *_as_list(item.get("sameAs"))]:
        ident = usable(value)
        if ident:
            keys.append("item:" + ident)
    return keys


def seed_verdict_mappings(con: Connection) -> int:
    """Insert the shipped mappings that are not in `verdict_mappings` yet (user edits are kept)."""
    return review_store.seed_verdict_mappings(con, seed_mappings_from_file())


def set_verdict_mapping(con: Connection, rating: str, verdict: str | Verdict, reviewer: str | User | None = None) -> str:
    """Map a publisher's rating to a verdict (added or changed; origin 'user'); returns the stored key."""
    reviewer = authorize(reviewer, Permission.CONFIGURE, required=False)
    key = rating_key(rating)
    if not key:
        raise InputError("the rating is empty")
    try:
        value = Verdict(str(verdict).strip().lower().replace("_", " ")).value
    except ValueError:
        allowed = ", ".join(v.value for v in Verdict)
        raise InputError(f"verdict must be one of: {allowed}; not {str(verdict)[:30]!r}") from None
    old = review_store.mapped_verdict(con, key)
    review_store.write_verdict_mapping(con, key, value)
    record_event(con, "rating mapped", "verdict_mapping", None, reviewer=reviewer,
                 details={"rating": key, "old": old, "new": value})
    return key


def remove_verdict_mapping(con: Connection, rating: str, reviewer: str | User | None = None) -> bool:
    """Forget a rating's mapping; returns False when it was not mapped."""
    reviewer = authorize(reviewer, Permission.CONFIGURE, required=False)
    key = rating_key(rating)
    old = review_store.mapped_verdict(con, key)
    if old is None:
        return False
    review_store.delete_verdict_mapping(con, key)
    record_event(con, "rating unmapped", "verdict_mapping", None, reviewer=reviewer,
                 details={"rating": key, "old": old})
    return True


def apply_verdict_mappings(con: Connection, reviewer: str | User | None = None) -> dict[str, int]:
    """Re-map stored reviews that have no verdict yet with the current mapping; claims without a verdict get it.

    Returns {"reviews": newly mapped reviews, "claims": claims that received a verdict}.
    """
    reviewer = authorize(reviewer, Permission.CONFIGURE, required=False)
    mappings = load_verdict_mappings(con)
    mapped, claims = 0, 0
    for row in review_store.unmapped_reviews(con):
        verdict, how = map_rating(row["rating_text"], row["rating_value"], row["best_rating"], row["worst_rating"], mappings)
        if verdict is None:
            continue
        review_store.set_review_verdict(con, row["review_id"], verdict.value)
        mapped += 1
        if _give_verdict(con, _live_claim(con, row["claim_id"]), verdict, None, [], reviewer, {"how": how}):
            claims += 1
    return {"reviews": mapped, "claims": claims}


# --- generic claimants ------------------------------------------------------------------------------------

_GENERIC_CLAIMANTS = {
    rating_key(n)
    for n in (
        "multiple sources", "various sources", "several sources", "unknown", "anonymous", "viral", "viral post",
        "viral message", "viral social media post", "viral claim", "social media", "social media users",
        "social media posts", "posts on social media", "online posts", "internet users", "netizens", "users",
        "facebook users", "twitter users", "whatsapp users", "instagram users", "tiktok users", "youtube users",
        "media outlets", "websites", "blogs", "bloggers", "blog posting", "chain email", "chain emails",
        "viral image", "viral video", "facebook posts", "instagram posts", "tweets", "memes", "varias fuentes", "redes sociales", "usuarios de redes sociales",
        "usuarios en redes sociales", "redes", "viral en redes", "redes sociais", "usuários de redes sociais",
        "boatos de redes sociais", "desinformação", "réseaux sociaux", "internautes", "soziale medien",
        "soziale netzwerke", "nutzer in sozialen netzwerken", "social network users", "sosyal medya",
        "सोशल मीडिया", "सोशल मीडिया यूजर्स", "وسائل التواصل الاجتماعي", "社群平台", "網傳訊息", "网传",
    )
}
_PLATFORMS = {
    "facebook", "twitter", "x", "whatsapp", "instagram", "tiktok", "youtube", "telegram", "kwai", "koo",
    "sharechat", "weibo", "line", "media outlets", "social media", "websites", "blogs", "media",
}


def is_generic_claimant(name: str | None) -> bool:
    """True for placeholders such as "multiple sources", "Social media users", "Facebook, WhatsApp"."""
    key = rating_key(name)
    if not key:
        return True
    if key in _GENERIC_CLAIMANTS:
        return True
    parts = [p.strip() for p in re.split(r",|/|&|\band\b|\by\b|\be\b|\bet\b", key) if p.strip()]
    return bool(parts) and all(p in _PLATFORMS or p in _GENERIC_CLAIMANTS for p in parts)


# --- storing ------------------------------------------------------------------------------------------------


@dataclass
class ReviewStats:
    """What `store_claimreviews` did."""

    records: int = 0
    reviews: int = 0
    """New `claim_reviews` rows."""
    known: int = 0
    """Records already stored byte for byte (re-imports add nothing)."""
    mentions: int = 0
    claims_new: int = 0
    articles_new: int = 0
    mapped_text: int = 0
    mapped_number: int = 0
    unknown: list[str] = field(default_factory=list)
    """Rating texts that mapped to no verdict (stored verbatim, `rating_known = false`)."""
    verdicts_set: int = 0
    conflicts: int = 0
    """Reviews whose verdict differs from the one the claim already had (the claim's is kept)."""
    claim_ids: list[int] = field(default_factory=list)
    """The claim of each new review, in order."""
    split: int = 0
    """Reviews that matching joined to a claim their publisher identifies as another one: split off."""

    @property
    def mapped(self) -> int:
        return self.mapped_text + self.mapped_number

    def summary(self) -> str:
        text = (
            f"{self.reviews} ClaimReview record{'s' * (self.reviews != 1)} stored"
            f" ({self.mapped_text} mapped by rating text, {self.mapped_number} by rating value,"
            f" {len(self.unknown)} unknown rating{'s' * (len(self.unknown) != 1)} kept),"
            f" {self.claims_new} new claim{'s' * (self.claims_new != 1)}, {self.mentions} mentions"
        )
        if self.known:
            text += f", {self.known} already stored"
        if self.conflicts:
            text += f", {self.conflicts} verdict conflict{'s' * (self.conflicts != 1)} (existing verdicts kept)"
        if self.split:
            text += f", {self.split} kept apart from a similar claim the publisher identifies as another"
        return text


def _raw_digest(raw: str) -> str:
    return hashlib.md5(raw.encode("utf-8")).hexdigest()


def _merge_targets(con: Connection) -> dict[int, int]:
    return {int(a): int(b) for a, b in con.execute("SELECT claim_id, merged_into FROM claims WHERE merged_into IS NOT NULL").fetchall()}


def _follow(claim_id: int, merged: dict[int, int]) -> int:
    seen = set()
    while claim_id in merged and claim_id not in seen:
        seen.add(claim_id)
        claim_id = merged[claim_id]
    return claim_id


def _live_claim(con: Connection, claim_id: int) -> int:
    return _follow(int(claim_id), _merge_targets(con))


_KEYS_BY_DIGEST: dict[str, tuple[str, ...]] = {}
"""Identity keys of stored reviews by md5 of their raw JSON: each stored record is parsed once per process."""


def _keys_of_raw(digest: str, raw: str | None) -> tuple[str, ...]:
    keys = _KEYS_BY_DIGEST.get(digest)
    if keys is None:
        try:
            records = parse_claimreviews(json.loads(raw or "null"), None, errors=[])
            keys = tuple(k for r in records for k in r.keys)
        except (InputError, json.JSONDecodeError):
            keys = ()
        if len(_KEYS_BY_DIGEST) > 500_000:
            _KEYS_BY_DIGEST.clear()
        _KEYS_BY_DIGEST[digest] = keys
    return keys


def _known_claim_keys(con: Connection) -> dict[str, int]:
    """Identity key -> claim id for every stored ClaimReview (merged claims followed to their survivor)."""
    merged = _merge_targets(con)
    rows = con.execute(
        "SELECT claim_id, md5(raw::VARCHAR) FROM claim_reviews WHERE raw::VARCHAR LIKE '%claimReviewed%' ORDER BY review_id"
    ).fetchall()
    missing = [digest for _, digest in rows if digest not in _KEYS_BY_DIGEST]
    if missing:
        for digest, raw in con.execute(
            "SELECT md5(raw::VARCHAR) AS digest, any_value(raw::VARCHAR) FROM claim_reviews"
            " WHERE md5(raw::VARCHAR) IN (SELECT unnest(?::VARCHAR[])) GROUP BY digest",
            [missing],
        ).fetchall():
            _keys_of_raw(digest, raw)
    keys: dict[str, int] = {}
    for claim_id, digest in rows:
        for key in _keys_of_raw(digest, None) if digest in _KEYS_BY_DIGEST else ():
            keys.setdefault(key, _follow(int(claim_id), merged))
    return keys


def _give_verdict(
    con: Connection,
    claim_id: int,
    verdict: Verdict,
    rationale: str | None,
    evidence: list[str],
    reviewer: str | None,
    details: dict[str, Any],
) -> bool:
    """Set an imported verdict on a claim that has none (status resolved); False when it had one."""
    row = con.execute("SELECT verdict, status FROM claims WHERE claim_id = ?", [claim_id]).fetchone()
    if row is None or row[0] is not None:
        return False
    con.execute(
        "UPDATE claims SET verdict = ?, status = ?, rationale = coalesce(rationale, ?),"
        " evidence_urls = CASE WHEN evidence_urls IS NULL OR len(evidence_urls) = 0 THEN ? ELSE evidence_urls END,"
        " updated_at = current_timestamp, updated_by = ? WHERE claim_id = ?",
        [verdict.value, ReviewStatus.RESOLVED.value, rationale, evidence or None, reviewer or "import", claim_id],
    )
    record_event(
        con, "verdict imported", "claim", claim_id, claim_id=claim_id, reviewer=reviewer,
        details={"old": None, "new": verdict.value, "old_status": row[1], **details},
    )
    return True


def _explicit_keys(keys: Iterable[str]) -> frozenset[str]:
    return frozenset(k for k in keys if not k.startswith("text:"))


def _keep_identities_apart(
    con: Connection,
    index: Any,
    records: list[ClaimReviewRecord],
    record_group: list[int],
    group_claim: dict[int, int],
    first_mention: list[int],
    placements: list[Any],
    record_claims: list[int],
    reviewer: str | None,
) -> int:
    """Split off reviews that matching put on a claim which their publisher identifies as a different one.

    A publisher that gives two reviews different `@id`s (or `itemReviewed` ids) says they are about two
    claims: similar wording must not merge them (that is how a desk's split clusters survive an export and
    re-import). Joins through a shared identity key are left alone. Updates `record_claims` in place and
    returns the number of claims created by splitting.
    """
    ends = first_mention[1:] + [len(placements)]
    landed: dict[int, list[int]] = {}  # claim id -> groups placed there by matching in this batch
    for position, (g, claim_id) in enumerate(zip(record_group, record_claims)):
        if g in group_claim or not _explicit_keys(records[position].keys):
            continue
        if g not in landed.setdefault(claim_id, []):
            landed[claim_id].append(g)

    def identity(g: int) -> tuple[str, frozenset[str]]:
        members = [i for i, other in enumerate(record_group) if other == g]
        keys = frozenset().union(*(_explicit_keys(records[i].keys) for i in members))
        return rating_key(records[members[0]].publisher or ""), keys

    splits = 0
    for claim_id, groups in landed.items():
        stored: list[tuple[str, frozenset[str]]] = []
        for publisher, digest, raw in con.execute(
            "SELECT publisher, md5(raw::VARCHAR), raw::VARCHAR FROM claim_reviews WHERE claim_id = ?", [claim_id]
        ).fetchall():
            keys = _explicit_keys(_keys_of_raw(digest, raw))
            if keys:
                stored.append((rating_key(publisher or ""), keys))
        kept = list(stored)
        for g in groups:
            publisher, keys = identity(g)
            if not any(p == publisher and not (k & keys) for p, k in kept):
                kept.append((publisher, keys))
                continue
            members = [i for i, other in enumerate(record_group) if other == g]
            mention_ids = [int(placements[j].mention_id) for i in members for j in range(first_mention[i], ends[i])]
            new_id = clustering.split_claim(con, claim_id, mention_ids, reviewer or "import")
            for i in members:
                record_claims[i] = new_id
            splits += 1
    if splits:
        clustering.refresh_index(con, index)  # the split is a structural change: the index is rebuilt
    return splits


def store_claimreviews(
    con: Connection,
    records: list[ClaimReviewRecord],
    index: Any,
    settings: Settings,
    reviewer: str | None = None,
) -> ReviewStats:
    """Store reviews: claims found or created through `clustering.place_mentions`, one mention per
    appearance URL (a URL-only article each), a `claim_reviews` row with the raw JSON, and the mapped
    verdict on claims that have none yet. The caller holds the transaction.

    Reviews of one claim (same review/item `@id` or `sameAs`, or same claim text and claimant) land on
    one claim, within this call and across calls. A record stored before (same raw JSON) is skipped.
    """
    stats = ReviewStats(records=len(records))
    if not records:
        return stats
    mappings = load_verdict_mappings(con)
    stored = {row[0] for row in con.execute("SELECT md5(raw::VARCHAR) FROM claim_reviews").fetchall()}
    known_keys = _known_claim_keys(con)

    fresh: list[ClaimReviewRecord] = []
    for record in records:
        digest = _raw_digest(record.raw)
        if digest in stored:
            stats.known += 1
            continue
        stored.add(digest)
        fresh.append(record)
    if not fresh:
        return stats

    # Group the new records that describe one claim (union of shared keys), and find their known claim.
    group_of_key: dict[str, int] = {}
    parent: list[int] = []

    def root(g: int) -> int:
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    record_group: list[int] = []
    for record in fresh:
        g = len(parent)
        parent.append(g)
        for key in record.keys:
            other = group_of_key.get(key)
            if other is None:
                group_of_key[key] = g
            else:
                parent[root(g)] = root(other)
        record_group.append(g)
    record_group = [root(g) for g in record_group]
    group_claim: dict[int, int] = {}
    for record, g in zip(fresh, record_group):
        if g not in group_claim:
            for key in record.keys:
                if key in known_keys:
                    group_claim[g] = known_keys[key]
                    break

    mentions: list[NewMention] = []
    first_mention: list[int] = []
    group_first: dict[int, int] = {}
    for record, g in zip(fresh, record_group):
        claimant = None if is_generic_claimant(record.claimant) else record.claimant
        targets: list[Appearance | None] = list(record.appearances) or [None]
        first_mention.append(len(mentions))
        for appearance in targets:
            article_id = None
            published = record.claim_date or record.date_published
            if appearance is not None:
                article_id, created = find_or_insert_article(
                    con,
                    Article(
                        text="", url=appearance.url, title=appearance.title, outlet=appearance.outlet,
                        published=appearance.published, source=record.source, source_format="claimreview",
                    ),
                )
                stats.articles_new += int(created)
                published = appearance.published or published
            claim_id = group_claim.get(g)
            same_as = None if claim_id is not None else group_first.get(g)
            if claim_id is None and same_as is None:
                group_first[g] = len(mentions)
            mentions.append(
                NewMention(
                    quote=record.claim_text,
                    origin=Origin.IMPORTED,
                    claimant=claimant,
                    speaker=record.claimant,
                    article_id=article_id,
                    claim_id=claim_id,
                    same_claim_as=same_as,
                    published=published,
                    created_by=reviewer,
                    extra={"claimreview_url": record.url, "publisher": record.publisher},
                )
            )
    placements = clustering.place_mentions(con, index, mentions, settings, reviewer)
    stats.mentions += len(placements)
    stats.claims_new += sum(1 for p in placements if p.created_claim)
    record_claims = [int(placements[start].claim_id) for start in first_mention]
    stats.split = _keep_identities_apart(
        con, index, fresh, record_group, group_claim, first_mention, placements, record_claims, reviewer
    )
    stats.claims_new += stats.split

    for record, claim_id in zip(fresh, record_claims):
        verdict, how = map_rating(record.rating_text, record.rating_value, record.best_rating, record.worst_rating, mappings)
        con.execute(
            "INSERT INTO claim_reviews (claim_id, url, publisher, publisher_url, date_published, rating_value,"
            " best_rating, worst_rating, rating_text, verdict, rating_known, language, raw, source_path)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [claim_id, record.url, record.publisher, record.publisher_url, record.date_published, record.rating_value,
             record.best_rating, record.worst_rating, record.rating_text, verdict.value if verdict else None,
             verdict is not None, record.language, record.raw, record.source],
        )
        stats.reviews += 1
        stats.claim_ids.append(claim_id)
        if verdict is None:
            stats.unknown.append(record.rating_text or "")
            continue
        if how == "text":
            stats.mapped_text += 1
        else:
            stats.mapped_number += 1
        current = scalar(con, "SELECT verdict FROM claims WHERE claim_id = ?", [claim_id])
        if current is not None:
            stats.conflicts += int(current != verdict.value)
            continue
        details = {"how": how, "rating": record.rating_text, "publisher": record.publisher, "url": record.url}
        if _give_verdict(con, claim_id, verdict, record.rating_explanation, list(record.citations), reviewer, details):
            stats.verdicts_set += 1
    return stats


# --- export -------------------------------------------------------------------------------------------------


def claimreview_id(settings: Settings, claim_id: int) -> tuple[str, str]:
    """(review URL, claim @id) of a claim in ClaimReview exports: stable for the life of the claim."""
    base = settings.organisation_url if settings.organisation_url.endswith("/") else settings.organisation_url + "/"
    url = f"{base}claims/{int(claim_id)}"
    return url, f"{url}#claim"


_ORGANISATION_WORDS = re.compile(
    r"\b(party|ministry|government|office|council|league|union|guild|association|agency|department|committee|"
    r"police|army|forces|bank|news|media|times|post|press|tv|radio|group|company|inc|ltd|foundation|campaign|"
    r"university|institute|commission|parliament|senate|congress|house|administration|users|posts|sources)\b",
    re.I,
)


def _actor_kind(kind: str | None, name: str) -> str:
    """schema.org type of a claimant: Person or Organization (the two Google accepts for a Claim's author)."""
    kind = (kind or "").lower()
    if kind == "person":
        return "Person"
    if kind in ("country", "organisation", "collective"):
        return "Organization"
    # An actor created on the fly has no kind: a short capitalised name without organisation words is a person.
    words = name.split()
    if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and not _ORGANISATION_WORDS.search(name):
        return "Person"
    return "Organization"


def export_claimreviews(con: Connection, settings: Settings) -> list[dict[str, Any]]:
    """One schema.org ClaimReview per claim with a verdict (merged claims excluded), ordered by claim id.

    `@id`/`url` are built from `Settings.organisation_url` and the claim id; `itemReviewed.sameAs` carries
    the identifiers of foreign reviews stored for the claim and of claims merged into it, so that a
    re-import lands on the same claim.
    """
    claims = query(
        con,
        "SELECT c.claim_id, c.text, c.verdict, c.rationale, c.evidence_urls, c.first_seen, c.updated_at,"
        " (SELECT max(e.happened_at) FROM events e WHERE e.claim_id = c.claim_id AND e.action LIKE 'verdict%') AS verdict_at"
        " FROM claims c WHERE c.merged_into IS NULL AND c.verdict IS NOT NULL ORDER BY c.claim_id",
    )
    if not claims:
        return []
    ids = [c["claim_id"] for c in claims]
    claimants: dict[int, list[dict[str, Any]]] = {}
    for row in query(
        con,
        "SELECT m.claim_id, a.name, a.kind, count(*) AS n FROM mentions m JOIN actors a ON a.actor_id = m.claimant_id"
        " WHERE m.claim_id IN (SELECT unnest(?::INTEGER[])) AND m.stance = 'asserts' AND m.review_state <> 'rejected'"
        " GROUP BY ALL ORDER BY m.claim_id, n DESC, a.name",
        [ids],
    ):
        claimants.setdefault(row["claim_id"], []).append(row)
    appearances: dict[int, list[dict[str, Any]]] = {}
    for row in query(
        con,
        "SELECT m.claim_id, a.url, any_value(a.title) AS title, min(coalesce(a.published, m.published)) AS published,"
        " any_value(o.name) AS outlet, bool_or(m.stance = 'asserts') AS asserts"
        " FROM mentions m JOIN articles a ON a.article_id = m.article_id LEFT JOIN outlets o ON o.outlet_id = a.outlet_id"
        " WHERE m.claim_id IN (SELECT unnest(?::INTEGER[])) AND a.url IS NOT NULL AND m.review_state <> 'rejected'"
        " GROUP BY m.claim_id, a.url ORDER BY m.claim_id, published NULLS LAST, a.url",
        [ids],
    ):
        appearances.setdefault(row["claim_id"], []).append(row)
    same_as: dict[int, list[str]] = {}
    for claim_id, raw in con.execute(
        "SELECT claim_id, raw::VARCHAR FROM claim_reviews WHERE claim_id IN (SELECT unnest(?::INTEGER[]))"
        " AND raw::VARCHAR LIKE '%claimReviewed%' ORDER BY review_id",
        [ids],
    ).fetchall():
        try:
            for record in parse_claimreviews(json.loads(raw), None, errors=[]):
                for key in record.keys:
                    if key.startswith("item:"):
                        same_as.setdefault(claim_id, []).append(key.removeprefix("item:"))
        except (InputError, json.JSONDecodeError):
            continue
    for merged_id, into in con.execute("SELECT claim_id, merged_into FROM claims WHERE merged_into IS NOT NULL").fetchall():
        same_as.setdefault(_live_claim(con, into), []).append(claimreview_id(settings, merged_id)[1])

    organisation = {"@type": "Organization", "name": settings.organisation, "url": settings.organisation_url}
    out = []
    for claim in claims:
        claim_id = claim["claim_id"]
        url, item_id = claimreview_id(settings, claim_id)
        verdict = Verdict(claim["verdict"])
        value, name = VERDICT_RATINGS[verdict]
        rating: dict[str, Any] = {
            "@type": "Rating", "ratingValue": value, "bestRating": 5, "worstRating": 1, "alternateName": name,
        }
        if claim["rationale"]:
            rating["ratingExplanation"] = claim["rationale"]
        item: dict[str, Any] = {"@type": "Claim", "@id": item_id}
        people = claimants.get(claim_id, [])
        if people:
            authors = [{"@type": _actor_kind(p["kind"], p["name"]), "name": p["name"]} for p in people]
            item["author"] = authors[0] if len(authors) == 1 else authors
        if claim["first_seen"]:
            item["datePublished"] = claim["first_seen"].isoformat()
        seen = appearances.get(claim_id, [])
        if seen:
            works = [_creative_work(a) for a in seen]
            item["appearance"] = works
            first = next((a for a in seen if a["asserts"]), seen[0])
            item["firstAppearance"] = _creative_work(first)
        foreign = [s for s in dict.fromkeys(same_as.get(claim_id, [])) if s != item_id]
        if foreign:
            item["sameAs"] = foreign
        when = claim["verdict_at"] or claim["updated_at"]
        review: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "@id": url + "#review",
            "url": url,
            "claimReviewed": claim["text"],
            "datePublished": when.date().isoformat() if isinstance(when, dt.datetime) else dt.date.today().isoformat(),
            "author": organisation,
            "itemReviewed": item,
            "reviewRating": rating,
        }
        if claim["evidence_urls"]:
            review["citation"] = list(claim["evidence_urls"])
        out.append(review)
    return out


def _creative_work(row: dict[str, Any]) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "url": row["url"]}
    if row.get("title"):
        work["headline"] = row["title"]
    if row.get("published"):
        work["datePublished"] = row["published"].isoformat()
    if row.get("outlet"):
        work["publisher"] = {"@type": "Organization", "name": row["outlet"]}
    return work
