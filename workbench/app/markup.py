"""Escaping user text for the dashboard: HTML fragments (`esc`), Markdown labels (`md_escape`), links (`safe_url`)."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlsplit

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&\"'])")


def esc(value: Any) -> str:
    """HTML-escape any value for use inside an HTML fragment (None -> empty)."""
    return "" if value is None else html.escape(str(value), quote=True)


def md_escape(value: Any) -> str:
    """Escape Markdown so that a user string in a widget label shows literally (no links, emphasis, HTML)."""
    text = "" if value is None else " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def safe_url(url: Any) -> str | None:
    """`url` when it is an http(s) address without spaces or control characters, else None."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or any(c.isspace() or ord(c) < 32 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url
