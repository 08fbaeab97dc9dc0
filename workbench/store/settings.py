"""Settings stored in the database (thresholds and limits a desk changes), checked and logged."""

from __future__ import annotations

from typing import Any

from ..access import Permission, User, authorize
from ..config import Settings
from .connection import Connection, scalar
from .events import record_event


def read_settings(con: Connection) -> dict[str, str]:
    """Settings stored in the database (`workbench settings`, the dashboard's review page)."""
    return dict(con.execute("SELECT key, value FROM settings").fetchall())


def load_settings(con: Connection) -> Settings:
    """Defaults, overridden by stored settings, overridden by `WORKBENCH_*` environment variables."""
    return Settings.load(stored=read_settings(con))


def write_setting(con: Connection, key: str, value: Any, reviewer: str | User | None = None) -> bool:
    """Store one setting, checked against the others stored (`Settings.checked`), and log the change.

    Returns whether anything changed."""
    return write_settings(con, {key: value}, reviewer) > 0


def write_settings(con: Connection, changes: dict[str, Any], reviewer: str | User | None = None) -> int:
    """Store several settings at once, checked together against the others stored (so the two thresholds
    can move past each other in one change), each change logged. Returns how many changed."""
    reviewer = authorize(reviewer, Permission.CONFIGURE, required=False)
    new = Settings.load(stored=read_settings(con), env={}).checked(**changes)
    changed = 0
    for key in changes:
        text = str(getattr(new, key))
        old = scalar(con, "SELECT value FROM settings WHERE key = ?", [key])
        if old == text:
            continue
        con.execute(
            "INSERT INTO settings (key, value, updated_by) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE"
            " SET value = excluded.value, updated_at = now(), updated_by = excluded.updated_by",
            [key, text, reviewer],
        )
        record_event(con, "setting changed", "setting", None, reviewer=reviewer,
                     details={"key": key, "old": old, "new": text})
        changed += 1
    return changed


def reset_setting(con: Connection, key: str, reviewer: str | User | None = None) -> bool:
    """Forget a stored setting (back to its default), checked and logged like a change."""
    reviewer = authorize(reviewer, Permission.CONFIGURE, required=False)
    stored = read_settings(con)
    if key not in Settings.field_names():
        raise Settings.unknown(key)
    if key not in stored:
        return False
    rest = {k: v for k, v in stored.items() if k != key}
    Settings.load(stored=rest, env={}).checked()
    con.execute("DELETE FROM settings WHERE key = ?", [key])
    record_event(con, "setting changed", "setting", None, reviewer=reviewer,
                 details={"key": key, "old": stored[key], "new": None})
    return True


