"""Roles and permissions: every function that changes the database refuses a role without the permission (and
changes nothing), and records the identity of one with it; identities from OpenID claims; the users table."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest
from app_fixtures import Sample

from workbench import access, claimreview, clustering, ingest, pipeline, review, sqlconsole, tables
from workbench.store import actors as actor_store
from workbench.store import settings as settings_store
from workbench.store import users as user_store
from workbench.store import vocabulary as vocabulary_store
from workbench.store import schema
from workbench.access import Permission, User
from workbench.store.connection import Connection, connect, query_one, scalar, transaction
from workbench.errors import InputError, NotFound, PermissionDenied
from workbench.models import Role

NEW_ARTICLE = (
    "Fuel convoy report\n"
    "Ministers in Vilnius said on Friday that Minsk has been sending fuel trucks to Moscow for weeks. "
    "Belarus's foreign ministry dismissed the allegation as invented."
)


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    with connect(path) as con:
        return {table: con.execute(f'SELECT * FROM "{table}" ORDER BY ALL').fetchall()
                for table in schema.table_names(con)}


def mentions(snap: dict[str, list[tuple]], text: str) -> bool:
    return any(text in str(value) for rows in snap.values() for row in rows for value in row)


# --- every write function, called as someone of each role ----------------------------------------------

Call = Callable[[Sample, Any, Path], object]


@dataclass(frozen=True)
class Case:
    name: str
    permission: Permission
    call: Call
    setup: Callable[[Connection, Sample], object] | None = None

    def __str__(self) -> str:
        return self.name


def on_connection(fn: Callable[[Connection, Sample, Any, Path], object]) -> Call:
    """A connection-level function run as a unit of work (its own connection and transaction)."""
    def call(sample: Sample, who: Any, tmp: Path) -> object:
        with connect(sample.path) as con, transaction(con):
            return fn(con, sample, who, tmp)
    return call


def _iran(con: Connection) -> int:
    return int(scalar(con, "SELECT actor_id FROM actors WHERE name = 'Iran'"))


def _unknown_rating(con: Connection, sample: Sample) -> None:
    con.execute("INSERT INTO claim_reviews (claim_id, rating_text, rating_known, raw)"
                " VALUES (?, 'Half baked', false, '{}')", [sample.drones])
    claimreview.set_verdict_mapping(con, "Half baked", "mixed", "setup")


def _write(path: Path, name: str, text: str) -> Path:
    target = path / name
    target.write_text(text, encoding="utf-8")
    return target


R, A, S, C = Permission.REVIEW, Permission.ADD, Permission.RESTRUCTURE, Permission.CONFIGURE
on = on_connection

CASES = [
    Case("set_status", R, on(lambda con, s, who, _: review.set_status(con, s.drones, "in progress", who))),
    Case("set_verdict", R, on(lambda con, s, who, _: review.set_verdict(
        con, s.drones, "false", "Logs show it.", ["https://logs.example/a"], who))),
    Case("edit_claim_text", R, on(lambda con, s, who, _: review.edit_claim_text(con, s.drones, "Iran ships drones", who))),
    Case("confirm_mentions", R, on(lambda con, s, who, _: review.confirm_mentions(con, [s.mention_us], who))),
    Case("reject_mentions", R, on(lambda con, s, who, _: review.reject_mentions(con, [s.mention_us], who))),
    Case("correct_mention", R, on(lambda con, s, who, _: review.correct_mention(con, s.mention_us, who, stance="denies"))),
    Case("confirm_suggestion", R, on(lambda con, s, who, _: clustering.confirm_suggestion(con, s.suggestion, who))),
    Case("reject_suggestion", R, on(lambda con, s, who, _: clustering.reject_suggestion(con, s.suggestion, who))),
    Case("merge_claims", S, on(lambda con, s, who, _: clustering.merge_claims(con, s.drones, s.factory, who))),
    Case("split_claim", S, on(lambda con, s, who, _: clustering.split_claim(con, s.drones, [s.mention_kyiv], who))),
    Case("move_mention", S, on(lambda con, s, who, _: clustering.move_mention(con, s.mention_kyiv, s.factory, who))),
    Case("log_mention", A, lambda s, who, _: pipeline.log_mention(
        s.path, reviewer=who, quote="Tehran denies sending any drones to Moscow", claimant="Iran", stance="denies")),
    Case("log_line", A, on(lambda con, s, who, _: pipeline.log_line(
        con, clustering.load_index(con), pipeline.logged_line(quote="Moscow says it bought no drones", claimant="Russia"),
        settings_store.load_settings(con), who))),
    Case("ingest_articles", A, lambda s, who, _: pipeline.ingest_articles(
        s.path, [ingest.article_from_text(NEW_ARTICLE, "pasted")], reviewer=who)),
    Case("ingest_paths", A, lambda s, who, tmp: pipeline.ingest_paths(
        s.path, [_write(tmp, "convoy.txt", NEW_ARTICLE)], reviewer=who)),
    Case("import_mentions", A, lambda s, who, tmp: pipeline.import_mentions(
        s.path, _write(tmp, "m.jsonl", json.dumps({"quote": "Ankara reopened the corridor", "claimant": "Turkey"})),
        reviewer=who)),
    Case("import_table", A, lambda s, who, tmp: tables.import_table(
        s.path, _write(tmp, "t.csv", "statement,speaker\nThe corridor was closed by Ankara,Russia\n"),
        {"statement": "statement", "speaker": "speaker"}, reviewer=who)),
    Case("recluster", C, on(lambda con, s, who, _: clustering.recluster(con, settings_store.load_settings(con), who))),
    Case("write_setting", C, on(lambda con, s, who, _: settings_store.write_setting(con, "match_auto", 0.6, who))),
    Case("write_settings", C, on(lambda con, s, who, _: settings_store.write_settings(
        con, {"match_auto": 0.7, "match_suggest": 0.5}, who))),
    Case("reset_setting", C, on(lambda con, s, who, _: settings_store.reset_setting(con, "page_size", who)),
         setup=lambda con, s: settings_store.write_setting(con, "page_size", 20, "setup")),
    Case("set_verdict_mapping", C, on(lambda con, s, who, _: claimreview.set_verdict_mapping(
        con, "Half baked", "mixed", who))),
    Case("remove_verdict_mapping", C, on(lambda con, s, who, _: claimreview.remove_verdict_mapping(
        con, "Half baked", who)), setup=lambda con, s: claimreview.set_verdict_mapping(con, "Half baked", "mixed", "setup")),
    Case("apply_verdict_mappings", C, on(lambda con, s, who, _: claimreview.apply_verdict_mappings(con, who)),
         setup=_unknown_rating),
    Case("add_actor", Permission.EDIT_ACTORS, on(lambda con, s, who, _: actor_store.add_actor(con, "Ostrenia", "country", who))),
    Case("add_alias", Permission.EDIT_ACTORS, on(lambda con, s, who, _: actor_store.add_alias(
        con, _iran(con), "the Persian state", who))),
    Case("remove_alias", Permission.EDIT_ACTORS, on(lambda con, s, who, _: actor_store.remove_alias(
        con, _iran(con), "tehran", who))),
    Case("add_synonyms", Permission.EDIT_VOCABULARY, on(lambda con, s, who, _: vocabulary_store.add_synonyms(
        con, "drone", ["Kestrel-7"], who))),
    Case("remove_synonym", Permission.EDIT_VOCABULARY, on(lambda con, s, who, _: vocabulary_store.remove_synonym(
        con, "kestrel-7", who)), setup=lambda con, s: vocabulary_store.add_synonyms(con, "drone", ["Kestrel-7"], "setup")),
    Case("save_query", Permission.EDIT_QUERIES, on(lambda con, s, who, _: sqlconsole.save_query(
        con, "mine", "SELECT 1 AS one", None, who))),
    Case("delete_saved", Permission.EDIT_QUERIES, on(lambda con, s, who, _: sqlconsole.delete_saved(con, "mine", who)),
         setup=lambda con, s: sqlconsole.save_query(con, "mine", "SELECT 1 AS one", None, "setup")),
    Case("add_user", Permission.MANAGE_USERS, on(lambda con, s, who, _: user_store.add_user(
        con, "new@desk.example", "reviewer", who))),
    Case("set_role", Permission.MANAGE_USERS, on(lambda con, s, who, _: user_store.set_role(
        con, "old@desk.example", "reviewer", who)),
         setup=lambda con, s: user_store.add_user(con, "old@desk.example", "viewer", "setup")),
    Case("remove_user", Permission.MANAGE_USERS, on(lambda con, s, who, _: user_store.remove_user(
        con, "old@desk.example", who)),
         setup=lambda con, s: user_store.add_user(con, "old@desk.example", "viewer", "setup")),
]


def test_every_permission_is_exercised() -> None:
    assert {case.permission for case in CASES} == set(Permission)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_change_needs_its_role_and_a_refusal_changes_nothing(case: Case, sample: Sample, tmp_path: Path) -> None:
    if case.setup:
        with connect(sample.path) as con, transaction(con):
            case.setup(con, sample)
    needed = access.lowest_role(case.permission)
    for role in Role:
        if role == needed:
            break
        before = snapshot(sample.path)
        with pytest.raises(PermissionDenied) as refused:
            case.call(sample, User(f"{role.value}@desk.example", role), tmp_path)
        assert f"is a {role.value}" in str(refused.value) and f"needs the {needed.value} role" in str(refused.value)
        assert snapshot(sample.path) == before

    allowed = User(f"{needed.value}@desk.example", needed, name="Allowed")
    case.call(sample, allowed, tmp_path)
    assert mentions(snapshot(sample.path), allowed.identity)  # the change records who made it


def test_the_refusal_says_why_and_what_to_do(sample: Sample) -> None:
    viewer = User("vera@desk.example", Role.VIEWER, name="Vera")
    with connect(sample.path) as con, pytest.raises(PermissionDenied) as refused:
        review.set_verdict(con, sample.drones, "false", None, None, viewer)
    assert str(refused.value) == (
        "Vera (vera@desk.example) is a viewer, and reviewing claims and mentions needs the reviewer role; nothing was "
        "changed. An administrator can change the role on the Users page or with "
        "`workbench users set-role vera@desk.example reviewer`."
    )


def test_a_plain_name_is_a_local_operator_with_every_permission(sample: Sample) -> None:
    with connect(sample.path) as con, transaction(con):
        assert settings_store.write_setting(con, "match_auto", 0.61, "Dana Reyes")
        user_store.add_user(con, "ada@desk.example", "admin", "Dana Reyes")
    assert access.authorize("  Dana   Reyes ", Permission.MANAGE_USERS) == "Dana Reyes"
    with pytest.raises(InputError, match="enter your name first"):
        access.authorize(None, Permission.REVIEW)
    assert access.authorize(None, Permission.ADD, required=False) is None


def test_roles_build_on_each_other() -> None:
    viewer, reviewer, admin = (access.ROLE_PERMISSIONS[r] for r in (Role.VIEWER, Role.REVIEWER, Role.ADMIN))
    assert viewer == frozenset()
    assert reviewer == {Permission.REVIEW, Permission.ADD, Permission.RESTRUCTURE}
    assert viewer < reviewer < admin == set(Permission)


# --- identities -------------------------------------------------------------------------------------------


def test_identity_is_the_verified_email_in_lower_case_else_the_subject() -> None:
    assert access.identity_from_claims({"email": " Vera@Desk.Example ", "sub": "123"}) == "vera@desk.example"
    assert access.identity_from_claims({"email": "vera@desk.example", "email_verified": False, "sub": "123"}) == "123"
    assert access.identity_from_claims({"sub": "auth0|AbC"}) == "auth0|AbC"
    assert access.identity_from_claims({"name": "Nobody"}) is None


def test_a_signed_in_identity_gets_its_row_or_the_default_role() -> None:
    row = {"identity": "rex@desk.example", "role": "reviewer", "display_name": "Rex R."}
    assert access.signed_in_user("rex@desk.example", row, "none", name="Rex") == User(
        "rex@desk.example", Role.REVIEWER, name="Rex R.")
    assert access.signed_in_user("new@desk.example", None, "viewer", name="New") == User(
        "new@desk.example", Role.VIEWER, name="New")
    assert access.signed_in_user("new@desk.example", None, "none") is None
    with pytest.raises(InputError, match="default_role must be viewer, reviewer or none"):
        access.signed_in_user("new@desk.example", None, "admin")


# --- the users table ----------------------------------------------------------------------------------


def test_users_are_added_changed_and_removed_with_who_did_it(db_path: Path) -> None:
    admin = User("ada@desk.example", Role.ADMIN)
    with connect(db_path) as con, transaction(con):
        row = user_store.add_user(con, " Rex@Desk.Example ", "reviewer", admin, name="Rex  Reviewer")
        assert (row["identity"], row["role"], row["display_name"], row["created_by"]) == (
            "rex@desk.example", "reviewer", "Rex Reviewer", "ada@desk.example")
        assert user_store.set_role(con, "REX@desk.example", "viewer", admin)
        assert not user_store.set_role(con, "rex@desk.example", "viewer", admin)
        user_store.remove_user(con, "rex@desk.example", admin)
        assert user_store.user_row(con, "rex@desk.example") is None
        events = con.execute(
            "SELECT action, reviewer, details FROM events WHERE entity = 'user' ORDER BY event_id").fetchall()
    assert [(a, r) for a, r, _ in events] == [("user added", admin.identity), ("role changed", admin.identity),
                                              ("user removed", admin.identity)]
    assert json.loads(events[1][2]) == {"identity": "rex@desk.example", "old": "reviewer", "new": "viewer"}


def test_a_user_is_added_once_and_a_missing_one_is_not_found(db_path: Path) -> None:
    with connect(db_path) as con, transaction(con):
        user_store.add_user(con, "rex@desk.example", "reviewer", "local")
        with pytest.raises(InputError, match="already has the reviewer role; use `workbench users set-role"):
            user_store.add_user(con, "REX@desk.example", "admin", "local")
        with pytest.raises(NotFound, match="nobody@desk.example has no row in users"):
            user_store.set_role(con, "nobody@desk.example", "admin", "local")
        with pytest.raises(InputError, match="role must be one of: viewer, reviewer, admin"):
            user_store.add_user(con, "sam@desk.example", "editor", "local")
        with pytest.raises(InputError, match="no spaces"):
            user_store.add_user(con, "sam @desk.example", "viewer", "local")


def test_the_last_administrator_is_kept(db_path: Path) -> None:
    with connect(db_path) as con, transaction(con):
        user_store.add_user(con, "ada@desk.example", "admin", "local")
        with pytest.raises(InputError, match="only administrator"):
            user_store.set_role(con, "ada@desk.example", "reviewer", "local")
        with pytest.raises(InputError, match="only administrator"):
            user_store.remove_user(con, "ada@desk.example", "local")
        user_store.add_user(con, "bo@desk.example", "admin", "local")
        user_store.remove_user(con, "ada@desk.example", "local")
        assert [r["identity"] for r in user_store.list_users(con)] == ["bo@desk.example"]


def test_the_users_table_refuses_an_unknown_role(db_path: Path) -> None:
    with connect(db_path) as con:
        with pytest.raises(duckdb.ConstraintException):
            con.execute("INSERT INTO users (identity, role) VALUES ('x@desk.example', 'owner')")
        assert query_one(con, "SELECT * FROM users") is None
