"""Settings: one typed home for every path, threshold and limit, with environment overrides.

Precedence: dataclass defaults < values stored in the database's `settings` table (`workbench settings`,
the dashboard's review page) < environment variables `WORKBENCH_<FIELD>` (upper case), < explicit arguments.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Mapping

from .access import parse_default_role
from .errors import InputError

DEFAULT_DB = Path("data") / "workbench.duckdb"


def default_db_path() -> Path:
    """The database path from `WORKBENCH_DB`, else `data/workbench.duckdb` under the current directory."""
    env = os.environ.get("WORKBENCH_DB")
    return Path(env) if env else DEFAULT_DB


@dataclass(frozen=True)
class Settings:
    """Tunable values of the workbench. Match thresholds are probabilities (0-1) that a mention states a claim."""

    match_auto: float = 0.5
    """At or above this probability a new mention joins the best claim automatically."""
    match_suggest: float = 0.2
    """Between this and `match_auto` a new claim is made and a suggestion stored for review."""
    match_group: float = 0.6
    """Mentions imported together are grouped into one claim while the mean probability over all pairs of two of
    them (by the model of two mentions; pairs never compared count 0) is at least this and `match_auto` (average
    linkage). 1 turns grouping off: every mention is placed one at a time, about twice as fast in bulk."""
    learn_after: int = 10
    """The review page offers to teach the matcher (`workbench learn`) once this many reviewer decisions are new."""
    match_top_k: int = 5
    """How many candidate claims `match` and the log form show."""
    sql_timeout_s: float = 10.0
    """Ad-hoc SQL is interrupted after this many seconds."""
    sql_row_cap: int = 10_000
    """Ad-hoc SQL returns at most this many rows (and says when it cut)."""
    sql_memory_limit: str = "1GB"
    """Memory limit of the sandboxed SQL connection."""
    sql_threads: int = 2
    """Threads of the sandboxed SQL connection."""
    lock_timeout_s: float = 30.0
    """How long an operation waits for another process's lock on the database file before failing."""
    organisation: str = "Claim Workbench"
    """The fact-checking organisation named as `author` in ClaimReview exports."""
    organisation_url: str = "https://example.org/"
    """The organisation's site; ClaimReview `url`s of exported reviews are built under it."""
    page_size: int = 50
    """Rows per page in the dashboard's lists."""
    max_article_bytes: int = 2_000_000
    """Articles with more text than this (UTF-8 bytes) are refused with a message, not truncated."""
    commit_every_s: float = 0.5
    """Long ingests release the database file after this long, between two units of work, when another process
    waits for it."""
    default_role: str = "viewer"
    """With sign-in configured: the role of a signed-in identity that has no row in `users` (viewer or reviewer),
    or `none` to refuse such identities."""

    def replace(self, **changes: Any) -> "Settings":
        """A copy with some fields changed (values are coerced to the field's type)."""
        return dataclasses.replace(self, **_coerce(changes))

    def checked(self, **changes: Any) -> Settings:
        """`replace`, for values a user typed: unknown names, values of the wrong type and values out of range
        (thresholds outside 0-100 or the suggestion threshold above the automatic one, limits below 1) raise
        `InputError` with what is allowed."""
        try:
            new = self.replace(**changes)
        except KeyError:
            raise self.unknown(next(k for k in changes if k not in self.field_names())) from None
        except ValueError:
            key, value = next(iter(changes.items())) if len(changes) == 1 else ("a setting", changes)
            raise InputError(f"{key} must be a number, not {str(value)[:40]!r}") from None
        for name in ("match_auto", "match_suggest", "match_group"):
            if not 0 <= getattr(new, name) <= 1:
                raise InputError(f"{name} is a probability: it must be between 0 and 1 (0.5 is even odds)")
        if new.match_suggest > new.match_auto:
            raise InputError(f"match_suggest ({new.match_suggest:g}) must not be above match_auto ({new.match_auto:g})")
        for name in ("match_top_k", "sql_row_cap", "sql_threads", "page_size", "max_article_bytes", "learn_after"):
            if getattr(new, name) < 1:
                raise InputError(f"{name} must be at least 1")
        for name in ("sql_timeout_s", "lock_timeout_s", "commit_every_s"):
            if getattr(new, name) <= 0:
                raise InputError(f"{name} must be above 0")
        parse_default_role(new.default_role)
        return new.replace(default_role=new.default_role.strip().lower())

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    @classmethod
    def unknown(cls, key: str) -> InputError:
        """The error for a setting name that does not exist, listing those that do."""
        return InputError(f"unknown setting {key!r}; the settings are: {', '.join(cls.field_names())}")

    @classmethod
    def load(cls, stored: Mapping[str, str] | None = None, env: Mapping[str, str] | None = None) -> "Settings":
        """Defaults, then `stored` values (from the database), then `WORKBENCH_*` environment variables."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        names = set(cls.field_names())
        for key, value in (stored or {}).items():
            if key in names:
                values[key] = value
        for name in names:
            env_value = env.get(f"WORKBENCH_{name.upper()}")
            if env_value is not None:
                values[name] = env_value
        return cls().replace(**values)


def _coerce(changes: Mapping[str, Any]) -> dict[str, Any]:
    types = {f.name: f.type for f in fields(Settings)}
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in types:
            raise KeyError(f"unknown setting {key!r}")
        kind = types[key]
        if kind in ("float", float):
            out[key] = float(value)
        elif kind in ("int", int):
            out[key] = int(value)
        else:
            out[key] = str(value)
    return out
