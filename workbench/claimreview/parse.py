"""ClaimReview nodes -> `ClaimReviewRecord`s: claim text, claimant, publisher, rating, language and the
identity keys that say which reviews are about one claim; pure."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from ..datafiles import data_json
from ..errors import InputError
from ..ratings import rating_candidates, rating_key
from .jsonld import _as_list, _clean, _first_name, _fix_url, _raw_scalar, _resolve, _types, find_claimreview_nodes, parse_lenient_date
from .records import Appearance, ClaimReviewRecord


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
    data = data_json("verdict_mappings.json")
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

    claim_text = _claim_text(node, item, warnings)
    publisher, publisher_url, review_url = _publisher(node, ids, warnings)
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


def _claim_text(node: dict, item: dict, warnings: list[str]) -> str:
    """`claimReviewed`, else the reviewed item's name or the review's headline (with a warning)."""
    claim_text = _clean(node.get("claimReviewed"))
    if not claim_text:
        for fallback in (item.get("name"), node.get("headline"), node.get("name"), node.get("title")):
            claim_text = _clean(fallback)
            if claim_text:
                warnings.append("no claimReviewed: claim text taken from another field")
                break
    if not claim_text:
        raise InputError("ClaimReview has no claimReviewed text")
    return claim_text


def _publisher(node: dict, ids: dict[str, dict], warnings: list[str]) -> tuple[str | None, str | None, str | None]:
    """(publisher name, publisher URL, review URL) of a review, its URLs repaired against each other."""
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
    return publisher, publisher_url, review_url


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
