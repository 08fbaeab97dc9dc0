"""Saved news pages (.html) -> `Article`: main text, title, date and outlet, boilerplate left out.

The extraction is trafilatura's (https://trafilatura.readthedocs.io): a maintained library made for news
and blog pages that scores the page's blocks (text density, link density, known boilerplate classes) to
keep the article body and drop navigation, cookie banners, newsletter boxes and "read more" lists, and
reads title, date (htmldate), and site name from meta tags and JSON-LD. It parses the page with lxml and
never runs scripts or fetches anything. When its article detector finds nothing (very short pages), its
baseline extractor (all paragraph text) is used instead.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import warnings

from .errors import InputError
from .models import Article

__all__ = ["article_from_html"]

_BLANK_LINES = re.compile(r"\n\s*\n+")
_SPACES = re.compile(r"[ \t\u00a0]+")
# trafilatura logs every page it finds too short; that is not the user's business.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _tidy(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def article_from_html(html: str, source: str | None = None, url: str | None = None) -> Article:
    """The article in a saved HTML page. Raises InputError when the page holds no readable text.

    `text` is the body only (the title is in `title`, not repeated as the first line); `published` is the
    page's publication date when its markup states one; `outlet` is the site name (og:site_name, JSON-LD
    publisher) when the page names it.
    """
    try:
        import trafilatura
    except ImportError as exc:  # lxml_html_clean missing: trafilatura cannot load justext
        raise InputError(f"cannot read HTML pages: {exc}; install the project's dependencies again") from None
    if not html or not html.strip():
        raise InputError("page is empty")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
        metadata = document.as_dict() if document is not None else {}
        text = _tidy(metadata.get("text") or "")
        if not text:
            _, baseline_text, _ = trafilatura.baseline(html)
            text = _tidy(baseline_text or "")
    if not text:
        raise InputError("page has no article text")
    title = (metadata.get("title") or "").strip() or None
    if title and text.startswith(title):
        # trafilatura keeps the headline as the body's first line; offsets refer to the body alone.
        rest = text[len(title):].lstrip("\n")
        text = rest or text
    return Article(
        text=text,
        url=url or _page_url(metadata.get("url")),
        title=title,
        outlet=(metadata.get("sitename") or "").strip() or None,
        published=_date(metadata.get("date")),
        source=source,
        source_format="html",
    )


def _page_url(value: object) -> str | None:
    """The page's canonical URL when its markup states an absolute http(s) one."""
    if isinstance(value, str) and re.match(r"^https?://[^\s/]+\.[^\s/]+", value.strip()):
        return value.strip()
    return None
