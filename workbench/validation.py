"""Checks of user-entered fields shared by the CLI, the importers and the dashboard's forms (pure)."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from urllib.parse import urlsplit

from .errors import InputError
from .models import Stance


def parse_date(value: object, field: str = "published") -> dt.date | None:
    """An ISO date (or date-time) as a date; None for empty; InputError for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise InputError(f"{field} must be an ISO date like 2023-06-26, not {type(value).__name__}")
    text = value.strip()
    try:
        if len(text) > 10:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{field} is not an ISO date like 2023-06-26: {text[:40]!r}") from None


def check_not_future(day: dt.date | None, field: str = "published", today: dt.date | None = None) -> None:
    """Refuse dates after today (a source cannot be published in the future)."""
    today = today or dt.date.today()
    if day is not None and day > today:
        raise InputError(f"{field} {day.isoformat()} is in the future")


def check_url(value: object, field: str = "url") -> str | None:
    """An http(s) URL, stripped; None for empty; InputError for other schemes or non-strings."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f"{field} must be a string")
    url = value.strip()
    if not _is_web_address(url):
        raise InputError(f"{field} must be an http:// or https:// address: {url[:60]!r}")
    return url


@lru_cache(maxsize=4096)
def _is_web_address(url: str) -> bool:
    """Whether `url` is an http(s) address (remembered: the mentions of one article share its URL)."""
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in url)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
"""Control characters other than white space: never part of a name, title or quote (they come from bad copies)."""


def _folded(text: str) -> str:
    """White space folded to single spaces, control characters dropped."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # nothing to fold (no white space but single inner spaces, no control characters): most fields
    return " ".join(_CONTROL.sub("", text).split())


def optional_text(value: object, field: str, max_len: int = 500) -> str | None:
    """A stripped string or None; InputError for non-strings and overlong values."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{field} must be a string, not {type(value).__name__}")
    text = _folded(value)
    if len(text) > max_len:
        raise InputError(f"{field} is longer than {max_len} characters")
    return text or None


def parse_stance(value: object) -> Stance:
    """`asserts` (default) or `denies`."""
    if value is None or value == "":
        return Stance.ASSERTS
    found = _STANCES.get(value) if isinstance(value, str) else None
    if found is not None:
        return found
    try:
        return Stance(str(value).strip().lower())
    except ValueError:
        raise InputError(f"stance must be 'asserts' or 'denies', not {str(value)[:30]!r}") from None


_STANCES = {s.value: s for s in Stance}


def quote_text(value: object, max_len: int = 5000) -> str:
    """A non-empty quote, whitespace folded."""
    if not isinstance(value, str) or not value.strip():
        raise InputError("quote is empty" if value in (None, "") or isinstance(value, str) else "quote must be a string")
    text = _folded(value)
    if not text:
        raise InputError("quote is empty")
    if len(text) > max_len:
        raise InputError(f"quote is longer than {max_len} characters")
    return text


def mention_form_errors(
    *, quote: str, url: str | None, published: object, today: dt.date | None = None
) -> dict[str, str]:
    """Field -> message for the log form (empty when the entry is valid)."""
    errors: dict[str, str] = {}
    try:
        quote_text(quote)
    except InputError as exc:
        errors["quote"] = exc.reason.capitalize()
    try:
        check_url(url, "Source URL")
    except InputError as exc:
        errors["url"] = exc.reason
    try:
        check_not_future(parse_date(published, "Published"), "Published", today)
    except InputError as exc:
        errors["published"] = exc.reason
    return errors
