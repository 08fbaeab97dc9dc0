"""The `users` table: who has which role (see `workbench.access` for what each role may do)."""

from __future__ import annotations

import unicodedata
from typing import Any

from ..access import MAX_REVIEWER, Permission, User, authorize, normalize_identity, parse_role
from ..errors import InputError, NotFound
from ..models import Role
from .connection import Connection, query, query_one, scalar
from .events import record_event

__all__ = ["add_user", "list_users", "remove_user", "set_role", "user_row"]

_COLUMNS = "identity, display_name, role, created_at, created_by, updated_at, updated_by"


def user_row(con: Connection, identity: str) -> dict[str, Any] | None:
    """The `users` row of an identity (normalised first), or None."""
    return query_one(con, f"SELECT {_COLUMNS} FROM users WHERE identity = ?", [normalize_identity(identity)])


def list_users(con: Connection) -> list[dict[str, Any]]:
    """Every row of `users`: administrators first, then reviewers and viewers, each by identity."""
    return query(
        con,
        f"SELECT {_COLUMNS} FROM users ORDER BY CASE role WHEN 'admin' THEN 0 WHEN 'reviewer' THEN 1 ELSE 2 END,"
        " identity",
    )


def _display_name(name: object) -> str | None:
    if name is None or (isinstance(name, str) and not name.strip()):
        return None
    if not isinstance(name, str):
        raise InputError("the display name must be text")
    text = " ".join(name.split())
    if len(text) > MAX_REVIEWER or any(unicodedata.category(c).startswith("C") for c in text):
        raise InputError(f"a display name is at most {MAX_REVIEWER} characters, without control characters")
    return text


def add_user(con: Connection, identity: str, role: str | Role, who: User | str | None,
             name: str | None = None) -> dict[str, Any]:
    """Give an identity a role (and a display name); InputError when it has a row already. Returns the row."""
    by = authorize(who, Permission.MANAGE_USERS)
    key = normalize_identity(identity)
    new_role = parse_role(role)
    display = _display_name(name)
    existing = user_row(con, key)
    if existing is not None:
        raise InputError(f"{key} already has the {existing['role']} role; use `workbench users set-role {key} ROLE` "
                         "(or the Users page) to change the role")
    con.execute(
        "INSERT INTO users (identity, display_name, role, created_by, updated_by) VALUES (?, ?, ?, ?, ?)",
        [key, display, new_role.value, by, by],
    )
    _record(con, "user added", by, {"identity": key, "role": new_role.value, "name": display})
    return user_row(con, key)  # type: ignore[return-value]


def set_role(con: Connection, identity: str, role: str | Role, who: User | str | None) -> bool:
    """Change an identity's role; False when it had that role already. The last administrator keeps theirs."""
    by = authorize(who, Permission.MANAGE_USERS)
    new_role = parse_role(role)
    row = _existing(con, identity)
    if row["role"] == new_role.value:
        return False
    if row["role"] == Role.ADMIN.value:
        _keep_an_admin(con, row["identity"], "take the administrator role from")
    con.execute("UPDATE users SET role = ?, updated_at = current_timestamp, updated_by = ? WHERE identity = ?",
                [new_role.value, by, row["identity"]])
    _record(con, "role changed", by, {"identity": row["identity"], "old": row["role"], "new": new_role.value})
    return True


def remove_user(con: Connection, identity: str, who: User | str | None) -> None:
    """Delete an identity's row (it then gets the `default_role`, or is refused); the last administrator stays."""
    by = authorize(who, Permission.MANAGE_USERS)
    row = _existing(con, identity)
    if row["role"] == Role.ADMIN.value:
        _keep_an_admin(con, row["identity"], "remove")
    con.execute("DELETE FROM users WHERE identity = ?", [row["identity"]])
    _record(con, "user removed", by, {"identity": row["identity"], "role": row["role"]})


def _existing(con: Connection, identity: str) -> dict[str, Any]:
    row = user_row(con, identity)
    if row is None:
        raise NotFound(f"{normalize_identity(identity)} has no row in users (`workbench users list` shows who has)")
    return row


def _keep_an_admin(con: Connection, identity: str, doing: str) -> None:
    admins = int(scalar(con, "SELECT count(*) FROM users WHERE role = 'admin'") or 0)
    if admins <= 1:
        raise InputError(f"{identity} is the only administrator: make someone else an administrator before you "
                         f"{doing} them")


def _record(con: Connection, action: str, by: str | None, details: dict[str, Any]) -> None:
    record_event(con, action, "user", None, reviewer=by, details=details)
