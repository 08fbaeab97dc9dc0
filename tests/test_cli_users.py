"""`workbench users`, the OS user the CLI records, and `workbench serve`'s refusal to share a dashboard without sign-in."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.store.connection import connect, query

AUTH = """
[auth]
redirect_uri = "https://workbench.desk.example/oauth2callback"
cookie_secret = "a-long-random-string-for-the-cookies"
client_id = "claim-workbench"
client_secret = "from-the-identity-provider"
server_metadata_url = "https://login.desk.example/.well-known/openid-configuration"
"""


def rows(db: Path, sql: str) -> list[dict]:
    with connect(db) as con:
        return query(con, sql)


def test_users_are_added_listed_changed_and_removed(run_cli, db_path: Path) -> None:
    added = run_cli("users", "add", "Ada@Desk.example", "--role", "admin", "--name", "Ada Lind", "--reviewer", "it-desk")
    assert added.exit_code == 0 and added.output.strip() == "ada@desk.example: admin"
    assert run_cli("users", "add", "rex@desk.example", "--role", "reviewer").exit_code == 0
    assert run_cli("users", "add", "vera@desk.example").output.strip() == "vera@desk.example: viewer"

    listed = run_cli("users", "list")
    assert listed.output.splitlines() == [
        "admin     ada@desk.example  Ada Lind",
        "reviewer  rex@desk.example",
        "viewer    vera@desk.example",
        "Anyone else who signs in: viewer (the default_role setting).",
    ]
    assert run_cli("users", "set-role", "VERA@desk.example", "reviewer").output.strip() == "vera@desk.example: reviewer"
    assert run_cli("users", "set-role", "vera@desk.example", "reviewer").output.strip() == (
        "vera@desk.example: already reviewer")
    assert run_cli("users", "remove", "rex@desk.example").output.strip() == (
        "rex@desk.example: removed (now a viewer by default)")
    assert [(r["identity"], r["role"]) for r in json.loads(run_cli("users", "list", "--json").output)] == [
        ("ada@desk.example", "admin"), ("vera@desk.example", "reviewer")]

    events = rows(db_path, "SELECT action, reviewer, details->>'identity' AS identity FROM events WHERE entity = 'user'"
                           " ORDER BY event_id")
    me = getpass.getuser()
    assert [(e["action"], e["reviewer"], e["identity"]) for e in events] == [
        ("user added", "it-desk", "ada@desk.example"), ("user added", me, "rex@desk.example"),
        ("user added", me, "vera@desk.example"), ("role changed", me, "vera@desk.example"),
        ("user removed", me, "rex@desk.example")]


def test_users_errors_are_one_line_and_change_nothing(run_cli, db_path: Path) -> None:
    run_cli("users", "add", "ada@desk.example", "--role", "admin")
    for args, message in [
        (["users", "add", "ada@desk.example"], "Error: ada@desk.example already has the admin role; use `workbench users set-role"),
        (["users", "remove", "ghost@desk.example"], "Error: ghost@desk.example has no row in users"),
        (["users", "remove", "ada@desk.example"], "Error: ada@desk.example is the only administrator"),
        (["users", "set-role", "ada@desk.example", "viewer"], "Error: ada@desk.example is the only administrator"),
    ]:
        result = run_cli(*args)
        assert result.exit_code == 1 and result.output.startswith(message), result.output
    assert rows(db_path, "SELECT identity, role FROM users") == [{"identity": "ada@desk.example", "role": "admin"}]
    bad_role = run_cli("users", "add", "sam@desk.example", "--role", "owner")
    assert bad_role.exit_code == 2 and "'owner' is not one of 'viewer', 'reviewer', 'admin'" in bad_role.output


def test_refusing_unlisted_identities_is_a_setting(run_cli) -> None:
    assert run_cli("settings", "default_role", "none").exit_code == 0
    assert run_cli("users", "list").output.splitlines()[-1] == "Anyone else who signs in: refused (the default_role setting)."
    refused = run_cli("settings", "default_role", "admin")
    assert refused.exit_code == 1 and "default_role must be viewer, reviewer or none" in refused.output


def test_cli_changes_record_the_os_user_unless_a_reviewer_is_named(run_cli, db_path: Path) -> None:
    run_cli("settings", "match_auto", "0.6")
    run_cli("settings", "match_suggest", "0.4", "--reviewer", "Dana Reyes")
    run_cli("log", "--quote", "Ankara closed the grain corridor", "--claimant", "Turkey")
    assert [r["reviewer"] for r in rows(db_path, "SELECT reviewer FROM events ORDER BY event_id")] == [
        getpass.getuser(), "Dana Reyes", getpass.getuser()]


# --- serve ------------------------------------------------------------------------------------------------


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[list[str]]:
    """The command `workbench serve` would become (it replaces itself with Streamlit), instead of running it;
    run in an empty folder so that no secrets file of this machine is read."""
    commands: list[list[str]] = []
    monkeypatch.setattr("os.execve", lambda path, args, env: commands.append(list(args)))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    return commands


def _serve(db_path: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db_path), "serve", *args])


def _option(command: list[str], name: str) -> list[str]:
    return [command[i + 1] for i, arg in enumerate(command) if arg == name]


def test_serve_refuses_every_interface_without_sign_in(started: list, db_path: Path) -> None:
    result = _serve(db_path, "--host", "0.0.0.0")
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: refusing to listen on 0.0.0.0 without sign-in (there is no [auth] section in the secrets): anyone "
        "who reaches the port could set verdicts")
    assert "--insecure" in result.output and started == []

    insecure = _serve(db_path, "--host", "0.0.0.0", "--insecure")
    assert insecure.exit_code == 0 and "single-user local mode" in insecure.output
    assert _option(started[0], "--server.address") == ["0.0.0.0"]


def test_serve_stays_local_without_sign_in_and_says_so(started: list, db_path: Path) -> None:
    result = _serve(db_path, "--port", "8600")
    assert result.exit_code == 0
    assert "http://127.0.0.1:8600/" in result.output and "single-user local mode, no sign-in" in result.output
    assert _option(started[0], "--server.address") == ["127.0.0.1"]


def test_serve_shares_the_dashboard_with_sign_in_configured(started: list, db_path: Path, tmp_path: Path) -> None:
    secrets = tmp_path / ".streamlit" / "secrets.toml"
    secrets.parent.mkdir()
    secrets.write_text(AUTH)
    result = _serve(db_path, "--host", "0.0.0.0")
    assert result.exit_code == 0 and "sign-in required" in result.output
    assert _option(started[0], "--server.address") == ["0.0.0.0"]
    assert str(secrets.resolve()) in _option(started[0], "--secrets.files")  # Streamlit reads what serve checked


def test_serve_names_what_an_incomplete_sign_in_lacks(started: list, db_path: Path, tmp_path: Path) -> None:
    secrets = tmp_path / "desk-secrets.toml"
    secrets.write_text(AUTH.replace('client_secret = "from-the-identity-provider"\n', ""))
    result = _serve(db_path, "--host", "192.168.1.20", "--secrets", str(secrets))
    assert result.exit_code == 1 and "without sign-in ([auth] lacks client_secret)" in result.output
    broken = tmp_path / "broken.toml"
    broken.write_text("[auth\n")
    result = _serve(db_path, "--host", "0.0.0.0", "--secrets", str(broken))
    assert result.exit_code == 1 and f"{broken}: not valid TOML" in result.output
    assert started == []
