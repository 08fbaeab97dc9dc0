"""Every dashboard page runs (AppTest) on an empty database and on the sample one; routes and the sidebar."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_fixtures import said, APP, Sample, html_of, links, no_errors, open_page

PAGES = ["overview", "claims", "claim", "review", "log", "ingest", "sql", "sources", "actors", "users"]


def test_routes_give_every_page_its_contract_url_path(empty_db: Path) -> None:
    at = open_page(empty_db)
    paths = {info["url_pathname"] for info in at._registered_pages.values()}  # what st.navigation registered
    assert paths == {"", "claims", "claim", "review", "log", "ingest", "sql", "sources", "actors", "vocabulary", "users"}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_works_on_an_empty_database(empty_db: Path, page: str) -> None:
    at = open_page(empty_db, page)
    no_errors(at)
    assert at.title, f"{page} shows no title"


def test_overview_on_an_empty_database_says_what_to_do(empty_db: Path) -> None:
    at = open_page(empty_db)
    assert [m.value for m in at.metric] == ["0"] * 6
    assert "The database has no claims yet" in said(at, "info")[0]
    assert ("Ingest articles", "ingest", "") in links(at)


@pytest.mark.parametrize("page, params", [
    ("overview", {}), ("claims", {}), ("claim", {"id": 1}), ("claim", {"id": 2}),
    *[("claim", {"id": 1, "tab": tab}) for tab in ("Status & verdict", "Timeline", "Why these match", "Suggestions",
                                                  "Merge & split", "History")],
    ("review", {}), ("log", {}),
    ("ingest", {}), ("sql", {}), ("sources", {}), ("sources", {"article": 1}), ("actors", {}), ("actors", {"actor": 1}),
    ("users", {}),
])
def test_every_page_works_on_the_sample_database(sample: Sample, page: str, params: dict) -> None:
    at = open_page(sample.path, page, **params)
    no_errors(at)
    assert at.title


def test_the_sidebar_asks_the_reviewer_name_once_per_session(empty_db: Path) -> None:
    at = open_page(empty_db, reviewer=None)
    box = at.sidebar.text_input(key="reviewer_input")
    box.input("   ").run()
    assert "enter your name first" in said(at, "error")[0]
    at.sidebar.text_input(key="reviewer_input").input("  Dana   Reyes ").run()
    assert at.session_state["reviewer"] == "Dana Reyes"
    assert not [w for w in at.sidebar.text_input if w.key == "reviewer_input"]  # not asked again
    assert "Dana Reyes" in html_of(at)
    at.switch_page("views/claims.py").run()
    assert at.session_state["reviewer"] == "Dana Reyes"
    at.sidebar.button(key="reviewer_change").click().run()
    assert at.sidebar.text_input(key="reviewer_input").value == ""


def test_pages_tell_the_user_to_sign_in_before_writing(sample: Sample) -> None:
    at = open_page(sample.path, "claim", reviewer=None, id=sample.drones, tab="Status & verdict")
    at.selectbox(key=f"status_{sample.drones}").select("resolved")
    submit = [b for b in at.get("form_submit_button") if b.label == "Save review"][0]
    submit.click().run()
    assert any("Enter your name in the sidebar first" in w for w in said(at, "warning"))


def test_the_app_file_is_the_one_serve_runs() -> None:
    assert APP.name == "streamlit_app.py" and APP.parent.name == "app"
