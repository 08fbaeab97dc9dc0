"""Who may do what: roles, permissions, and the one check every change passes (the `users` table
is kept by `workbench.store.users`).

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

from .errors import InputError, PermissionDenied
from .models import Role

__all__ = [
    "MAX_REVIEWER",
    "NO_ACCESS",
    "ROLE_PERMISSIONS",
    "Permission",
    "Role",
    "User",
    "authorize",
    "identity_from_claims",
    "local_user",
    "lowest_role",
    "normalize_identity",
    "parse_default_role",
    "parse_role",
    "signed_in_user",
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
    EDIT_VOCABULARY = "edit vocabulary"
    """Adding and removing the desk's own synonyms for matching."""
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
    Permission.EDIT_VOCABULARY: "editing the matching vocabulary",
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
