"""The dashboard with sign-in configured (AppTest with `[auth]` in its secrets and `st.user` set) and without it:
who gets in, what each role sees, and that changes carry the signed-in identity."""

from __future__ import annotations

import json
from pathlib import Path

from app_fixtures import AUTH, SIGNED_OUT, Sample, html_of, open_page, said, signed_in
from streamlit.testing.v1 import AppTest

from workbench.store import settings as settings_store
from workbench.store import users as user_store
from workbench.store.connection import connect, query, transaction

VIEWER = signed_in("Vera@Desk.example", "Vera Viewer")
REVIEWER = signed_in("rex@desk.example", "Rex Reviewer")
ADMIN = signed_in("ada@desk.example", "Ada Admin")


def listed(db: Path, *users: tuple[str, str]) -> None:
    with connect(db) as con, transaction(con):
        for identity, role in users:
            user_store.add_user(con, identity, role, "setup")


def pages(at: AppTest) -> set[str]:
    return {info["url_pathname"] for info in at._registered_pages.values() if "url_pathname" in info}


def buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.button] + [b.label for b in at.get("form_submit_button")]


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def test_local_mode_says_so_and_shows_every_page(sample: Sample) -> None:
    at = open_page(sample.path)
    assert "Single-user local mode: no sign-in" in "\n".join(c.value for c in at.sidebar.caption)
    assert pages(at) == {"", "claims", "claim", "review", "log", "ingest", "sql", "sources", "actors", "vocabulary", "users"}


def test_someone_not_signed_in_sees_only_the_sign_in_button(sample: Sample) -> None:
    at = open_page(sample.path, user=SIGNED_OUT)
    assert buttons(at) == ["Sign in"]
    assert pages(at) == set()
    assert "Iran supplies attack drones" not in html_of(at)
    assert not at.sidebar.text_input  # no name field: nobody acts under a typed name


def test_a_viewer_reads_the_claim_without_any_control(sample: Sample) -> None:
    listed(sample.path, ("ada@desk.example", "admin"))  # somebody else administers; Vera has no row
    at = open_page(sample.path, "claim", user=VIEWER, id=sample.drones, tab="Status & verdict")
    assert "vera@desk.example · viewer" in html_of(at)
    assert pages(at) == {"", "claims", "claim", "sql", "sources", "actors", "vocabulary"}
    assert "Reviewers set them; your role lets you read them." in captions(at)
    assert not at.selectbox and not at.text_area and buttons(at) == ["Sign out"]
    assert [t.label for t in at.tabs] == ["Who asserts · who denies", "Status & verdict", "Timeline", "Why these match",
                                         "Suggestions", "History"]
    suggestions = open_page(sample.path, "claim", user=VIEWER, id=sample.drones, tab="Suggestions")
    assert "may belong to this claim" in html_of(suggestions) and buttons(suggestions) == ["Sign out"]


def test_a_viewer_sees_mentions_aliases_and_sql_read_only(sample: Sample) -> None:
    article = open_page(sample.path, "sources", user=VIEWER, article=sample.article_one)
    assert [df.proto.editing_mode for df in article.dataframe] == [0]  # read-only, where a reviewer gets an editor
    assert buttons(article) == ["Sign out"]
    actors = open_page(sample.path, "actors", user=VIEWER, actor=1)
    assert "Add alias" not in buttons(actors) and "Remove" not in buttons(actors) and not actors.expander
    words = open_page(sample.path, "vocabulary", user=VIEWER)
    assert buttons(words) == ["Sign out"] and not words.text_area  # reads the desk's words, cannot change them
    sql = open_page(sample.path, "sql", user=VIEWER)
    sql.button(key="sql_run").click().run()
    assert " ms" in captions(sql) and sql.dataframe  # the example query ran
    assert "Save query" not in buttons(sql)
    overview = open_page(sample.path, user=VIEWER)
    assert all(link.proto.page != "review" for link in overview.get("page_link"))


def test_a_reviewer_sets_a_verdict_recorded_under_their_identity(sample: Sample) -> None:
    listed(sample.path, ("rex@desk.example", "reviewer"))
    at = open_page(sample.path, "claim", user=REVIEWER, id=sample.factory, tab="Status & verdict")
    assert pages(at) == {"", "claims", "claim", "review", "log", "ingest", "sql", "sources", "actors", "vocabulary"}
    at.selectbox(key=f"verdict_{sample.factory}").select("misleading")
    at.text_area(key=f"rationale_{sample.factory}").input("The site makes cars.")
    [save] = [b for b in at.get("form_submit_button") if b.label == "Save review"]
    save.click().run()
    assert "recorded in the history as rex@desk.example" in said(at, "success")[0]
    with connect(sample.path) as con:
        [event] = query(con, "SELECT reviewer, details FROM events WHERE action = 'verdict changed'")
        [claim] = query(con, "SELECT verdict, updated_by FROM claims WHERE claim_id = ?", [sample.factory])
    assert event["reviewer"] == "rex@desk.example" and json.loads(event["details"])["new"] == "misleading"
    assert claim == {"verdict": "misleading", "updated_by": "rex@desk.example"}


def test_a_reviewer_works_the_queue_but_cannot_change_thresholds(sample: Sample) -> None:
    listed(sample.path, ("rex@desk.example", "reviewer"))
    at = open_page(sample.path, "review", user=REVIEWER)
    assert "Matching thresholds: join at 0.5, suggest from 0.2 (administrators change them)." in captions(at)
    assert "Save thresholds" not in buttons(at) and "Confirm selected" in buttons(at)
    merge = open_page(sample.path, "claim", user=REVIEWER, id=sample.drones, tab="Merge & split")
    assert "Split into a new claim" in buttons(merge)


def test_an_admin_adds_a_user_and_refuses_strangers_on_the_users_page(sample: Sample) -> None:
    listed(sample.path, ("ada@desk.example", "admin"))
    at = open_page(sample.path, "users", user=ADMIN)
    at.text_input(key="user_new_identity").input("Sam@Desk.example")
    at.selectbox(key="user_new_role").select("reviewer")
    [add] = [b for b in at.get("form_submit_button") if b.label == "Add user"]
    add.click().run()
    assert said(at, "success") == ["sam@desk.example added as reviewer."]
    at.selectbox(key="users_default_role").select("none").run()
    with connect(sample.path) as con:
        row = user_store.user_row(con, "sam@desk.example")
        assert (row["role"], row["created_by"]) == ("reviewer", "ada@desk.example")
        assert settings_store.read_settings(con)["default_role"] == "none"
    stranger = open_page(sample.path, user=signed_in("stranger@elsewhere.example"))
    assert "You are signed in as stranger@elsewhere.example, but this workbench admits only the people it lists" in (
        said(stranger, "error")[0])
    assert [c.value for c in stranger.code] == ["workbench users add stranger@elsewhere.example --role viewer"]
    assert pages(stranger) == set() and buttons(stranger) == ["Sign out"]


def test_a_role_change_applies_on_the_next_interaction(sample: Sample) -> None:
    listed(sample.path, ("rex@desk.example", "reviewer"))
    at = open_page(sample.path, "claim", user=REVIEWER, id=sample.drones, tab="Status & verdict")
    assert "Save review" in buttons(at)
    with connect(sample.path) as con, transaction(con):
        user_store.set_role(con, "rex@desk.example", "viewer", "it-desk")
    at.run()
    assert "Save review" not in buttons(at) and "rex@desk.example · viewer" in html_of(at)


def test_an_incomplete_sign_in_setup_is_reported_not_bypassed(sample: Sample) -> None:
    at = open_page(sample.path, user=SIGNED_OUT, auth={k: v for k, v in AUTH.items() if k != "client_secret"})
    assert said(at, "error")[0].startswith("Sign-in is set up incompletely: [auth] lacks client_secret.")
    assert pages(at) == set() and buttons(at) == []


def test_a_default_role_that_is_no_role_refuses_everyone_without_a_row(sample: Sample, monkeypatch) -> None:
    monkeypatch.setenv("WORKBENCH_DEFAULT_ROLE", "admin")  # the environment overrides settings unchecked
    at = open_page(sample.path, user=VIEWER)
    assert "default_role must be viewer, reviewer or none" in said(at, "error")[0]
    assert pages(at) == set()
