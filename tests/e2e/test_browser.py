"""End to end in headless Chromium (Playwright): a real `streamlit run` of the dashboard on the demo database.

The overview loads, a claim opens by deep link, the log form saves a claim that `workbench export mentions`
then shows, the SQL page answers a query, and two browser sessions see each other's changes. With
WORKBENCH_SCREENSHOTS=1 the run also saves a screenshot of every page into docs/screenshots/.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_helpers import ROOT, TIMEOUT_MS, dashboard, open_url, wait_idle
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.e2e

SHOTS = ROOT / "docs" / "screenshots"
# Read at import: the suite's autouse fixture clears WORKBENCH_* variables before each test.
SAVE_SCREENSHOTS = os.environ.get("WORKBENCH_SCREENSHOTS") == "1"


def cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workbench", "--db", str(db), *args], capture_output=True,
                          text=True, timeout=300, cwd=ROOT, check=True)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built by the CLI as a user would."""
    db = tmp_path_factory.mktemp("e2e") / "demo.duckdb"
    cli(db, "demo")
    return db


@pytest.fixture(scope="module")
def server(demo_db: Path) -> Iterator[str]:
    """`workbench serve` on a free port, on the demo database, in single-user local mode (an empty secrets file:
    a desk's own `.streamlit/secrets.toml` is not read); yields its base URL."""
    secrets = demo_db.with_name("no-secrets.toml")
    secrets.write_text("")
    with dashboard(demo_db, secrets) as base:
        yield base


def sign_in(page: Page, name: str) -> None:
    box = page.get_by_label("Your name", exact=True)
    box.fill(name)
    box.press("Enter")
    expect(page.get_by_text("Reviewing as")).to_be_visible()


def screenshot(page: Page, name: str) -> None:
    """Save the whole page (Streamlit scrolls inside its main block) when WORKBENCH_SCREENSHOTS=1."""
    if not SAVE_SCREENSHOTS:
        return
    wait_idle(page)
    height = page.evaluate("() => (document.querySelector('[data-testid=stMain]') || document.body).scrollHeight")
    page.set_viewport_size({"width": 1400, "height": max(900, min(int(height) + 40, 3200))})
    page.wait_for_timeout(1200)  # charts redraw at the new size
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.set_viewport_size({"width": 1400, "height": 1000})


def contested_claim(db: Path) -> int:
    """The claim with the most mentions among those both asserted and denied."""
    result = cli(db, "sql", "SELECT claim_id FROM mentions GROUP BY claim_id HAVING bool_or(stance = 'asserts')"
                           " AND bool_or(stance = 'denies') ORDER BY count(*) DESC, claim_id LIMIT 1", "--format", "json")
    return int(json.loads(result.stdout)[0]["claim_id"])


def test_overview_loads_with_counts_and_charts(server: str, page: Page) -> None:
    open_url(page, f"{server}/", "Overview")
    for label in ("Claims", "Mentions", "Articles", "Outlets", "Awaiting review", "Contested"):
        expect(page.get_by_test_id("stMetricLabel").filter(has_text=label).first).to_be_visible()
    expect(page.get_by_text("Most active claimants")).to_be_visible()
    expect(page.locator("[data-testid=stVegaLiteChart]").first).to_be_visible()
    screenshot(page, "overview")


def test_a_claim_page_opens_by_deep_link(server: str, demo_db: Path, page: Page) -> None:
    claim_id = contested_claim(demo_db)
    open_url(page, f"{server}/claim?id={claim_id}", f"Claim #{claim_id}")
    expect(page.get_by_text("Who asserts (")).to_be_visible()
    expect(page.get_by_text("Who denies (")).to_be_visible()
    expect(page.locator(".wb-card-denies").first).to_be_visible()
    screenshot(page, "claim")


def test_the_claims_list_links_to_claim_pages(server: str, page: Page) -> None:
    open_url(page, f"{server}/claims?contested=true", "Claims")
    first = page.locator("[data-testid=stPageLink] a[href*='claim?id=']").first
    expect(first).to_be_visible()
    screenshot(page, "claims")
    first.click()
    expect(page.get_by_role("heading", name="Claim #").first).to_be_visible()


def test_the_log_form_saves_a_claim_that_the_cli_exports(server: str, demo_db: Path, page: Page) -> None:
    open_url(page, f"{server}/log", "Log a claim")
    sign_in(page, "E2E Desk")
    quote = "A coastal radar station was switched off the night before the strike"
    page.get_by_label("Quote", exact=True).fill(quote)
    page.get_by_label("Claimant", exact=True).fill("Ukraine")
    page.get_by_label("Speaker", exact=True).fill("a navy spokeswoman")
    page.get_by_label("Source URL", exact=True).fill("https://coastwatch.example/radar")
    page.get_by_label("Outlet", exact=True).fill("Coast Watch")
    page.get_by_label("Published", exact=True).fill("2023-09-02")
    page.get_by_label("Published", exact=True).press("Tab")
    wait_idle(page)
    page.get_by_role("button", name="Log claim").click()
    expect(page.get_by_text("Logged mention #")).to_be_visible()
    exported = [json.loads(line) for line in cli(demo_db, "export", "mentions").stdout.splitlines() if line.strip()]
    [row] = [m for m in exported if m["quote"] == quote]
    assert (row["claimant"], row["stance"], row["outlet"], row["published"], row["created_by"]) == (
        "Ukraine", "asserts", "Coast Watch", "2023-09-02", "E2E Desk")
    # The success message links to the claim the mention joined or created.
    page.locator("[data-testid=stPageLink] a[href*='claim?id=%d']" % row["claim_id"]).first.click()
    expect(page.get_by_role("heading", name=f"Claim #{row['claim_id']}")).to_be_visible()
    # For the screenshot: the form while a quote is typed, with the similar claims beside it.
    open_url(page, f"{server}/log", "Log a claim")
    page.get_by_label("Quote", exact=True).fill("Iran is helping Russia build a drone factory")
    page.get_by_label("Quote", exact=True).press("Enter")
    expect(page.get_by_text("Attach the mention to")).to_be_visible()
    expect(page.locator(".wb-score").first).to_be_visible()
    screenshot(page, "log")


def test_the_sql_page_answers_a_query(server: str, page: Page) -> None:
    open_url(page, f"{server}/sql", "SQL")
    editor = page.get_by_role("textbox", name="SQL", exact=True)
    editor.fill("SELECT count(*) AS claims_total FROM claims WHERE merged_into IS NULL")
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_text("1 row in")).to_be_visible()
    grid = page.locator("[data-testid=stDataFrame]").first
    expect(grid).to_be_visible()
    expect(grid).to_contain_text("claims_total")
    expect(page.get_by_role("button", name="Download CSV")).to_be_visible()
    screenshot(page, "sql")


def test_two_sessions_see_each_others_changes(server: str, demo_db: Path, browser: Browser) -> None:
    claim_id = contested_claim(demo_db)
    first, second = browser.new_context(), browser.new_context()
    try:
        a, b = first.new_page(), second.new_page()
        for tab in (a, b):
            tab.set_default_timeout(TIMEOUT_MS)
            open_url(tab, f"{server}/claim?id={claim_id}", f"Claim #{claim_id}")
        sign_in(a, "Desk A")
        a.get_by_role("tab", name="Status & verdict").click()
        a.get_by_label("Rationale", exact=True).fill("Checked against two independent shipping databases.")
        a.get_by_role("button", name="Save review").click()
        expect(a.get_by_text("recorded in the history as Desk A")).to_be_visible()
        # The other session sees it on its next interaction.
        b.get_by_role("tab", name="Status & verdict").click()
        b.get_by_role("tab", name="History").click()
        b.reload()
        expect(b.get_by_role("heading", name=f"Claim #{claim_id}")).to_be_visible()
        b.get_by_role("tab", name="Status & verdict").click()
        expect(b.get_by_text("Checked against two independent shipping databases.").first).to_be_visible()
    finally:
        first.close()
        second.close()


def test_screenshots_of_the_other_pages(server: str, demo_db: Path, page: Page) -> None:
    """Review, ingest, sources and actors load in the browser (and are photographed for the README)."""
    open_url(page, f"{server}/review", "Review queue")
    screenshot(page, "review")
    open_url(page, f"{server}/ingest", "Ingest")
    page.get_by_label("Article text", exact=True).fill(
        "Border guards dispute drone report\n"
        "Lithuania accused Belarus of letting drones cross into its airspace, the defence ministry said. "
        "Minsk denied sending any drones and called the report a provocation."
    )
    page.get_by_label("Article text", exact=True).press("Control+Enter")
    expect(page.get_by_text("Preview:")).to_be_visible()
    screenshot(page, "ingest")
    article = json.loads(cli(demo_db, "sql", "SELECT article_id FROM mentions WHERE article_id IS NOT NULL"
                                            " GROUP BY article_id ORDER BY count(*) DESC, article_id LIMIT 1",
                             "--format", "json").stdout)[0]["article_id"]
    page.goto(f"{server}/sources?article={article}")
    expect(page.locator(".wb-article mark").first).to_be_visible()
    wait_idle(page)
    screenshot(page, "sources")
    actor = json.loads(cli(demo_db, "sql", "SELECT claimant_id FROM mentions WHERE claimant_id IS NOT NULL"
                                          " GROUP BY claimant_id ORDER BY count(*) DESC LIMIT 1",
                           "--format", "json").stdout)[0]["claimant_id"]
    open_url(page, f"{server}/actors?actor={actor}", "Actors")
    expect(page.get_by_role("button", name="Add alias")).to_be_visible()
    screenshot(page, "actors")


def test_a_desk_adds_a_word_to_its_vocabulary_in_the_browser(server: str, demo_db: Path, page: Page) -> None:
    """The demo desk's drone names are listed; a word added in the browser is in the database the CLI reads."""
    assert any(line.startswith("drone: ") and "shahed-136" in line
               for line in cli(demo_db, "vocabulary", "list").stdout.splitlines())
    open_url(page, f"{server}/vocabulary", "Vocabulary")
    sign_in(page, "Ines Vale")
    page.get_by_label("Read as", exact=True).fill("missile")
    page.get_by_label("Words and phrases (one per line, or separated by commas)", exact=True).fill("Vireo-2")
    page.get_by_role("button", name="Add words").click()
    expect(page.get_by_text("1 word now read as “missile”.")).to_be_visible()
    screenshot(page, "vocabulary")
    assert "missile: vireo-2" in cli(demo_db, "vocabulary", "list").stdout.splitlines()
