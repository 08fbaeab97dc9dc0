"""Sign-in end to end: the dashboard (`workbench serve`) with `[auth]` configured, a real OpenID provider on
127.0.0.1 (oidc-provider-mock, started here), headless Chromium signing in through the provider's own form.

A reviewer sets a verdict and the audit log carries their identity; a viewer sees no verdict control, and the
reviewer's own request to save a verdict, replayed from the viewer's browser with other values, changes nothing;
signing out ends the session.
"""

from __future__ import annotations

import json
import re
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from app_fixtures import Sample, build_sample
from e2e_helpers import dashboard, free_port, running, wait_idle
from playwright.sync_api import Browser, BrowserContext, Page, WebSocketRoute, expect
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from workbench.store import users as user_store
from workbench.store.connection import connect, query, query_one, transaction

pytestmark = pytest.mark.e2e

VIEWER = {"sub": "vera@desk.example", "email": "vera@desk.example", "name": "Vera Viewer"}
REVIEWER = {"sub": "rex@desk.example", "email": "rex@desk.example", "name": "Rex Reviewer"}


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """oidc-provider-mock on a free port of 127.0.0.1, with the viewer and the reviewer as its users."""
    port = free_port()
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    command = [sys.executable, "-m", "oidc_provider_mock", "--port", str(port), "--user-claims", json.dumps(VIEWER),
               "--user-claims", json.dumps(REVIEWER)]
    base = f"http://127.0.0.1:{port}"
    with running(command, log, f"{base}/.well-known/openid-configuration", "the OpenID provider"):
        yield base


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    """The sample claims; the reviewer is listed in `users`, the viewer is not (the default role makes them one)."""
    sample = build_sample(tmp_path_factory.mktemp("signin") / "desk.duckdb")
    with connect(sample.path) as con, transaction(con):
        user_store.add_user(con, REVIEWER["email"], "reviewer", "desk admin", name=REVIEWER["name"])
    return sample


@pytest.fixture(scope="module")
def server(desk: Sample, provider: str) -> Iterator[str]:
    """The dashboard with sign-in through `provider`, on `desk`."""
    secrets_file = desk.path.with_name("secrets.toml")
    secrets_file.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        'client_id = "claim-workbench"\n'
        'client_secret = "e2e-client-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    with dashboard(desk.path, secrets_file) as base:
        yield base


class StreamTap:
    """The page's websocket to Streamlit, passed through: keeps what the page sent, counts the script runs the
    server finished, and can send more."""

    def __init__(self, context: BrowserContext) -> None:
        self.sent: list[bytes] = []
        self.runs_finished = 0
        self.socket: WebSocketRoute | None = None
        context.route_web_socket(re.compile(r".*/_stcore/stream$"), self._route)

    def _route(self, ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()
        self.socket = server

        def upstream(message: str | bytes) -> None:
            if isinstance(message, bytes):
                self.sent.append(message)
            server.send(message)

        def downstream(message: str | bytes) -> None:
            if isinstance(message, bytes) and ForwardMsg.FromString(message).WhichOneof("type") == "script_finished":
                self.runs_finished += 1
            ws.send(message)

        ws.on_message(upstream)
        server.on_message(downstream)

    def send_and_wait(self, page: Page, message: bytes) -> None:
        """Send `message` to the server as the page would, and wait until the run it starts has finished."""
        assert self.socket is not None
        finished = self.runs_finished
        self.socket.send(message)
        for _ in range(300):
            if self.runs_finished > finished:
                return
            page.wait_for_timeout(100)  # lets Playwright deliver the server's messages
        raise AssertionError("the server did not finish a run after the message")


@contextmanager
def signed_in(browser: Browser, server: str, who: dict[str, str], role: str) -> Iterator[tuple[Page, StreamTap]]:
    """A browser of its own, signed in as `who` through the dashboard's button and the provider's own form, as a
    person would; with its websocket tapped."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        tap = StreamTap(context)
        page = context.new_page()
        page.goto(f"{server}/")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("button", name=who["sub"], exact=True).click()  # the provider's button for a known user
        expect(page.locator(".wb-reviewer")).to_have_text(who["name"])
        expect(page.get_by_text(f"{who['email']} · {role}")).to_be_visible()
        wait_idle(page)
        yield page, tap
    finally:
        context.close()


def open_review_tab(page: Page, server: str, claim_id: int) -> None:
    page.goto(f"{server}/claim?id={claim_id}&tab=Status+%26+verdict")
    expect(page.get_by_role("heading", name=f"Claim #{claim_id}", exact=True)).to_be_visible()
    wait_idle(page)


def claim_review(db: Path, claim_id: int) -> dict:
    with connect(db) as con:
        return query_one(con, "SELECT status, verdict, rationale, updated_by FROM claims WHERE claim_id = ?",
                         [claim_id])


def verdict_events(db: Path, claim_id: int) -> list[dict]:
    with connect(db) as con:
        return query(con, "SELECT reviewer, details FROM events WHERE action = 'verdict changed' AND claim_id = ?"
                          " ORDER BY event_id", [claim_id])


def test_reviewer_sets_a_verdict_a_viewer_cannot_and_signing_out_ends_the_session(
        server: str, desk: Sample, browser: Browser) -> None:
    claim_id = desk.drones
    with signed_in(browser, server, REVIEWER, "reviewer") as (reviewer, reviewer_tap):
        open_review_tab(reviewer, server, claim_id)
        reviewer.get_by_label("Rationale", exact=True).fill("Customs records show the shipments.")
        reviewer.get_by_role("button", name="Save review").click()
        expect(reviewer.get_by_text(f"recorded in the history as {REVIEWER['email']}")).to_be_visible()
        assert claim_review(desk.path, claim_id)["updated_by"] == REVIEWER["email"]
        [event] = verdict_events(desk.path, claim_id)
        assert event["reviewer"] == REVIEWER["email"]
        saved = [m for m in reviewer_tap.sent if b"Save review" in m]
        assert saved, "the browser sent no message for the Save review button"
        request = saved[-1]

        # Sign out: through the provider's end-of-session page, back to the sign-in screen.
        reviewer.get_by_role("button", name="Sign out").click()
        reviewer.get_by_role("button", name="End session").click()
        expect(reviewer.get_by_role("button", name="Sign in")).to_be_visible()
        reviewer.goto(f"{server}/claim?id={claim_id}")
        expect(reviewer.get_by_role("button", name="Sign in")).to_be_visible()
        expect(reviewer.get_by_text("Who asserts")).to_have_count(0)

    with signed_in(browser, server, VIEWER, "viewer") as (viewer, viewer_tap):
        open_review_tab(viewer, server, claim_id)
        expect(viewer.get_by_text("Reviewers set them")).to_be_visible()
        expect(viewer.get_by_role("button", name="Save review")).to_have_count(0)
        expect(viewer.get_by_label("Verdict", exact=True)).to_have_count(0)
        expect(viewer.get_by_role("link", name="Review queue")).to_have_count(0)

        # The reviewer's request, with another rationale, sent from the viewer's page.
        before = claim_review(desk.path, claim_id)
        crafted = BackMsg.FromString(request)
        [rationale] = [w for w in crafted.rerun_script.widget_states.widgets if w.id.endswith(f"rationale_{claim_id}")]
        rationale.string_value = "Crafted by a viewer"
        viewer_tap.send_and_wait(viewer, crafted.SerializeToString())
        assert claim_review(desk.path, claim_id) == before
        assert len(verdict_events(desk.path, claim_id)) == 1
        expect(viewer.get_by_text("Crafted by a viewer")).to_have_count(0)
