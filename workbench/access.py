"""Who may do what: roles, permissions, the `users` table, and the one check every change passes.

Three roles (`models.Role`), each allowed everything the one before it is:

- **viewer** reads every page, runs read-only SQL and exports;
- **reviewer** also sets status, verdict and evidence, decides on mentions and suggestions (the review queue),
  logs claims and ingests articles, merges and splits claims;
- **admin** also changes settings and thresholds, actors and aliases, saved queries and users.

Every function that changes the database takes who does it: a `User` (someone signed in to the dashboard, with
a role) or a plain name (a local operator: the CLI, a script, the dashboard in single-user local mode). Such a
function calls `authorize(who, permission)` before anything else; it returns the identity to record, or raises
`PermissionDenied` before a row is touched. A plain name passes every check: whoever runs the CLI can open the
database file and change it anyway. Roles protect a dashboard shared over the network.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .db import Connection, query, query_one, scalar
from .errors import InputError, NotFound, PermissionDenied
from .models import Role

__all__ = [
    "MAX_REVIEWER",
    "NO_ACCESS",
    "ROLE_PERMISSIONS",
    "Permission",
    "Role",
    "User",
    "add_user",
    "authorize",
    "identity_from_claims",
    "list_users",
    "local_user",
    "lowest_role",
    "normalize_identity",
    "parse_default_role",
    "parse_role",
    "remove_user",
    "set_role",
    "signed_in_user",
    "user_row",
    "validate_reviewer",
]

MAX_REVIEWER = 80
MAX_IDENTITY = 320  # the longest e-mail address RFC 3696 allows
NO_ACCESS = "none"
"""The `default_role` setting's value that refuses signed-in identities without a row in `users`."""


class Permission(StrEnum):
    """A kind of change to the database. Reading needs no permission: every role may read."""

    REVIEW = "review"
    """Status, verdict, rationale, evidence and wording of claims; confirming, rejecting and correcting mentions;
    deciding on suggested matches."""
    ADD = "add"
    """Logging claims, ingesting articles and importing mentions."""
    RESTRUCTURE = "restructure"
    """Merging and splitting claims, moving mentions between them."""
    CONFIGURE = "configure"
    """Settings and matching thresholds, re-clustering, the mapping of publishers' ratings to verdicts."""
    EDIT_ACTORS = "edit actors"
    """Adding actors, adding and removing aliases."""
    EDIT_QUERIES = "edit queries"
    """Saving and deleting saved queries."""
    MANAGE_USERS = "manage users"
    """Adding users, changing their roles, removing them."""

    @property
    def action(self) -> str:
        """What the permission allows, as the end of a sentence ("... needs the reviewer role")."""
        return _ACTIONS[self]


_ACTIONS = {
    Permission.REVIEW: "reviewing claims and mentions",
    Permission.ADD: "logging claims and ingesting articles",
    Permission.RESTRUCTURE: "merging and splitting claims",
    Permission.CONFIGURE: "changing settings and thresholds",
    Permission.EDIT_ACTORS: "editing actors and aliases",
    Permission.EDIT_QUERIES: "editing saved queries",
    Permission.MANAGE_USERS: "managing users",
}

ROLE_PERMISSIONS: Mapping[Role, frozenset[Permission]] = {
    Role.VIEWER: frozenset(),
    Role.REVIEWER: frozenset({Permission.REVIEW, Permission.ADD, Permission.RESTRUCTURE}),
    Role.ADMIN: frozenset(Permission),
}
"""The one table of what each role may change."""


def lowest_role(permission: Permission) -> Role:
    """The least role that has `permission`."""
    return next(role for role in Role if permission in ROLE_PERMISSIONS[role])


@dataclass(frozen=True)
class User:
    """Someone who changes the database: a signed-in dashboard user with a role, or a local operator (an admin)."""

    identity: str
    """What every change records: a signed-in user's e-mail address or subject, a local operator's name."""
    role: Role
    name: str | None = None
    """The display name, when there is one."""

    def may(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    @property
    def label(self) -> str:
        """"Name (identity)", or the identity alone."""
        if self.name and self.name != self.identity:
            return f"{self.name} ({self.identity})"
        return self.identity


def local_user(name: object) -> User:
    """A local operator: the CLI's user, a script, the dashboard in single-user local mode. Has every permission."""
    return User(identity=validate_reviewer(name), role=Role.ADMIN)


def authorize(who: User | str | None, permission: Permission, *, required: bool = True) -> str | None:
    """The identity to record for `who` making a change that needs `permission`.

    Raises `PermissionDenied` (saying why, and what to do) when `who` is a user whose role lacks it, and
    `InputError` when no name is given although one is `required`. A plain name is a local operator.
    """
    if isinstance(who, User):
        if not who.may(permission):
            needed = lowest_role(permission)
            raise PermissionDenied(
                f"{who.label} is a {who.role.value}, and {permission.action} needs the {needed.value} role; "
                f"nothing was changed. An administrator can change the role on the Users page or with "
                f"`workbench users set-role {who.identity} {needed.value}`."
            )
        return who.identity
    if who is None and not required:
        return None
    return validate_reviewer(who)


# --- names and identities ------------------------------------------------------------------------------


def validate_reviewer(name: object) -> str:
    """The reviewer's name, whitespace folded; InputError when missing, too long or with control characters."""
    if not isinstance(name, str) or not name.strip():
        raise InputError("enter your name first: every change is recorded with who made it")
    text = " ".join(name.split())
    if len(text) > MAX_REVIEWER:
        raise InputError(f"the reviewer name is longer than {MAX_REVIEWER} characters")
    if any(unicodedata.category(c).startswith("C") for c in text):
        raise InputError("the reviewer name contains control characters")
    return text


def normalize_identity(value: object) -> str:
    """An identity as stored: trimmed; an e-mail address (anything with an @) in lower case, as providers
    compare them. InputError when empty, too long, or with spaces or control characters."""
    if not isinstance(value, str) or not value.strip():
        raise InputError("give the user's identity: the e-mail address (or subject) their identity provider reports")
    text = value.strip()
    if len(text) > MAX_IDENTITY:
        raise InputError(f"an identity is at most {MAX_IDENTITY} characters")
    if any(c.isspace() or unicodedata.category(c).startswith("C") for c in text):
        raise InputError(f"an identity has no spaces or control characters: {text[:40]!r}")
    return text.lower() if "@" in text else text


def identity_from_claims(claims: Mapping[str, Any]) -> str | None:
    """The identity of a signed-in user from their OpenID Connect claims (`st.user`): the e-mail address unless
    the provider says it is unverified, else the subject (`sub`). None when there is neither."""
    email = claims.get("email")
    if isinstance(email, str) and email.strip() and claims.get("email_verified") is not False:
        try:
            return normalize_identity(email)
        except InputError:
            pass
    subject = claims.get("sub")
    if isinstance(subject, str) and subject.strip():
        try:
            return normalize_identity(subject)
        except InputError:
            return None
    return None


def parse_role(value: object) -> Role:
    """A role from its name; InputError listing the roles otherwise."""
    try:
        return Role(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise InputError(f"role must be one of: {allowed}; not {str(value)[:30]!r}") from None


def parse_default_role(value: object) -> Role | None:
    """The `default_role` setting: viewer, reviewer, or `none` (None: identities without a row are refused).
    Admin is refused: it would make every account of the identity provider an administrator."""
    text = str(value).strip().lower()
    if text == NO_ACCESS:
        return None
    if text not in (Role.VIEWER.value, Role.REVIEWER.value):
        raise InputError(f"default_role must be viewer, reviewer or {NO_ACCESS} (refuse identities without a row "
                         f"in users); not {str(value)[:30]!r}")
    return Role(text)


def signed_in_user(identity: str, row: Mapping[str, Any] | None, default_role: object,
                   name: str | None = None) -> User | None:
    """Who a signed-in `identity` acts as: its `users` row's role and display name, else `default_role` (and
    the provider's `name`). None when it has no row and the setting refuses such identities."""
    if row is not None:
        return User(identity=identity, role=parse_role(row["role"]), name=row.get("display_name") or name)
    role = parse_default_role(default_role)
    return None if role is None else User(identity=identity, role=role, name=name)


# --- the users table -----------------------------------------------------------------------------------

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
    from . import store

    store.record_event(con, action, "user", None, reviewer=by, details=details)
