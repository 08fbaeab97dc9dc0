"""The desk's own vocabulary for matching: words and phrases the matcher reads as another word ("Shahed" as
"drone", "the Ostin plant" as "dam"), on top of the shipped general synonyms (`workbench/data/synonyms.json`).

A story's weapons, places and products belong here, added by the desk that follows the story, never in the
shipped files. Each change is recorded in the audit log; the match index is rebuilt after one, and
`workbench recluster` re-matches the mentions already placed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..access import Permission, User, authorize
from ..errors import InputError
from .connection import Connection, scalar
from .events import record_event
from .paging import Page, paged

MAX_PHRASE = 100
"""The longest word or phrase the vocabulary takes, in characters."""


def phrase_key(text: str | None) -> str:
    """A word or phrase as the vocabulary stores it: lower case, single spaces."""
    return " ".join((text or "").lower().split())


def _checked(text: str | None, what: str) -> str:
    key = phrase_key(text)
    if not any(ch.isalnum() for ch in key):
        raise InputError(f"the {what} needs at least one letter or digit")
    if len(key) > MAX_PHRASE:
        raise InputError(f"the {what} is at most {MAX_PHRASE} characters: {text!r}")
    return key


def add_synonyms(con: Connection, head: str, phrases: Iterable[str], reviewer: str | User | None = None, *,
                 origin: str = "user") -> int:
    """Read each of `phrases` as `head` from now on; returns how many phrases were new or now read differently.

    A phrase the vocabulary already reads as another word is moved to `head` (the desk's latest word counts).
    """
    who = authorize(reviewer, Permission.EDIT_VOCABULARY, required=False)
    head_key = _checked(head, "word to read them as")
    keys = list(dict.fromkeys(_checked(p, "synonym") for p in phrases))
    keys = [k for k in keys if k != head_key]
    if not keys:
        raise InputError(f"give at least one word or phrase to read as “{head_key}” (other than itself)")
    before = dict(con.execute("SELECT phrase, head FROM synonyms WHERE list_contains(?, phrase)", [keys]).fetchall())
    changed = [k for k in keys if before.get(k) != head_key]
    if not changed:
        return 0
    con.execute(
        "INSERT INTO synonyms (phrase, head, origin, created_by) SELECT unnest(?::VARCHAR[]), ?, ?, ?"
        " ON CONFLICT (phrase) DO UPDATE SET head = excluded.head, origin = excluded.origin,"
        " created_at = now(), created_by = excluded.created_by",
        [changed, head_key, origin, who],
    )
    record_event(con, "synonym added", "vocabulary", None, reviewer=who, details={"head": head_key, "phrases": changed})
    return len(changed)


def add_groups(con: Connection, groups: Iterable[tuple[str, list[str]]], reviewer: str | User | None = None, *,
               origin: str = "user") -> int:
    """`add_synonyms` for each (head, phrases) group (of `read_vocabulary_file`); how many phrases changed."""
    return sum(add_synonyms(con, head, words, reviewer, origin=origin) for head, words in groups)


def remove_synonym(con: Connection, phrase: str, reviewer: str | User | None = None) -> bool:
    """Stop reading `phrase` as another word; False when the vocabulary did not have it."""
    who = authorize(reviewer, Permission.EDIT_VOCABULARY, required=False)
    key = phrase_key(phrase)
    head = scalar(con, "SELECT head FROM synonyms WHERE phrase = ?", [key])
    if head is None:
        return False
    con.execute("DELETE FROM synonyms WHERE phrase = ?", [key])
    record_event(con, "synonym removed", "vocabulary", None, reviewer=who, details={"head": head, "phrase": key})
    return True


def load_synonym_rows(con: Connection) -> list[tuple[str, str]]:
    """(phrase, head) for every entry of the desk's vocabulary: the second input of `match.Normalizer`."""
    return [(str(p), str(h)) for p, h in con.execute("SELECT phrase, head FROM synonyms ORDER BY phrase").fetchall()]


def groups(con: Connection) -> list[tuple[str, list[str]]]:
    """Every (head, phrases) group of the vocabulary, alphabetically: what `read_vocabulary_file` reads back."""
    return [(str(h), list(p)) for h, p in con.execute(
        "SELECT head, list(phrase ORDER BY phrase) FROM synonyms GROUP BY head ORDER BY head").fetchall()]


def vocabulary_page(con: Connection, text: str | None = None, *, page: int = 1, page_size: int = 50) -> Page:
    """The vocabulary grouped by the word its phrases are read as (searching both), alphabetically."""
    term = phrase_key(text)
    sql = """SELECT head, list(phrase ORDER BY phrase) AS phrases, max(created_at) AS changed_at,
                    arg_max(created_by, created_at) AS changed_by, count(*) OVER () AS _total
             FROM synonyms
             WHERE head IN (SELECT head FROM synonyms WHERE ? = '' OR contains(phrase, ?) OR contains(head, ?))
             GROUP BY head ORDER BY head"""
    result = paged(con, sql, [term, term, term], page, page_size)
    for row in result.rows:
        row["phrases"] = list(row["phrases"] or [])
    return result


def read_vocabulary_file(path: str | Path) -> list[tuple[str, list[str]]]:
    """(head, phrases) groups from a JSON file `{"groups": [["drone", "shahed", "geran-2"], ...]}`: each group's
    first entry is the word the others are read as. Raises `InputError` naming the file and the bad group."""
    try:
        data: Any = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable JSON file ({exc})") from exc
    groups = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(groups, list):
        raise InputError(f'{path}: expected {{"groups": [[head, synonym, ...], ...]}}')
    out: list[tuple[str, list[str]]] = []
    for n, group in enumerate(groups, 1):
        if not (isinstance(group, list) and len(group) >= 2 and all(isinstance(w, str) for w in group)):
            raise InputError(f"{path}: group {n} must be a list of at least two strings (the head first)")
        out.append((group[0], group[1:]))
    return out
