"""Saved HTML pages -> article text, title, date and outlet, without boilerplate or scripts."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.errors import InputError
from workbench.htmlpage import article_from_html

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Port authority denies crane hack | The Harbour Ledger</title>
<meta property="og:site_name" content="The Harbour Ledger">
<meta property="article:published_time" content="2023-07-04T08:15:00+00:00">
<link rel="canonical" href="https://ledger.example.com/world/crane-hack">
<script>document.write("SCRIPT TEXT MUST NOT APPEAR")</script>
<style>.banner { color: red }</style>
</head><body>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Port authority denies crane hack</h1>
<p>The port authority on Tuesday rejected claims that a foreign hacking group had taken control of its container cranes for six hours last week.</p>
<p>A spokeswoman said the stoppage was caused by a faulty software update from a supplier and that no outside party had entered its systems.</p>
<p>Dock workers interviewed at the gate said the cranes had stood still from early morning until after lunch.</p>
<div class="newsletter">Sign up for our daily newsletter! Enter your email address</div>
<aside class="related"><h3>Read more</h3><ul><li><a href="/a">Another story</a></li><li><a href="/b">Yet another</a></li></ul></aside>
</article>
<footer>Copyright 2023 The Harbour Ledger. Donate to support our journalism.</footer>
</body></html>"""


def test_article_text_title_date_outlet_and_url() -> None:
    article = article_from_html(PAGE, "saved/crane.html")
    assert article.title == "Port authority denies crane hack"
    assert article.outlet == "The Harbour Ledger"
    assert article.published == dt.date(2023, 7, 4)
    assert article.url == "https://ledger.example.com/world/crane-hack"
    assert article.source == "saved/crane.html"
    assert article.source_format == "html"
    assert article.text.splitlines() == [
        "The port authority on Tuesday rejected claims that a foreign hacking group had taken control of its"
        " container cranes for six hours last week.",
        "A spokeswoman said the stoppage was caused by a faulty software update from a supplier and that no"
        " outside party had entered its systems.",
        "Dock workers interviewed at the gate said the cranes had stood still from early morning until after lunch.",
    ]


def test_boilerplate_and_scripts_are_left_out() -> None:
    text = article_from_html(PAGE).text
    for junk in ("SCRIPT TEXT", "cookies", "newsletter", "Read more", "Another story", "Donate", "Home", "color: red"):
        assert junk not in text


def test_short_page_falls_back_to_its_paragraphs() -> None:
    article = article_from_html("<html><body><p>Only one short line of text.</p></body></html>")
    assert article.text == "Only one short line of text."
    assert (article.title, article.outlet, article.published, article.url) == (None, None, None, None)


def test_page_without_text_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no article text"):
        article_from_html("<html><head><script>var a = 1;</script></head><body></body></html>")
    with pytest.raises(InputError, match="empty"):
        article_from_html("   ")


def test_trafilatura_loads_without_warnings() -> None:
    """trafilatura needs lxml_html_clean (lxml.html.clean moved out of lxml): a missing one fails loudly."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-W", "error", "-c", "import trafilatura"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
