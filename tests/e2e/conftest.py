"""The browser tests' fixtures: one headless Chromium for the whole run, a fresh browser context per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from e2e_helpers import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS
from playwright.sync_api import Browser, Page, expect, sync_playwright

# Assertions wait as long as actions do: a page's first run on a busy machine can take more than expect's 5 s.
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()
