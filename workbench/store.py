"""Repository functions for outlets, articles, actors and aliases, events and settings.

Claims, mentions and match decisions are written by `workbench.clustering`; saved queries by
`workbench.sqlconsole`; ClaimReview rows by `workbench.claimreview`. Every function takes an open
connection and leaves transaction control to its caller.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import pyarrow as pa

from . import actors as actor_data
from .text.aliases import AliasTable
from .config import Settings
from .db import Connection, connect, execute_with, query, query_one, scalar, transaction
from .access import Permission, User, authorize
from .errors import InputError
from .match.model import MatchModel, shipped_model
from .models import Article
from .schema import migrate

_SPACE = re.compile(r"\s+")


def initialize(path: str | Path) -> list[str]:
    """Create or migrate the database at `path` and load the shipped reference data. Safe to run again.

    Reference data (actors and aliases, verdict mappings, saved queries) is loaded again only when the
    shipped files changed; loading only adds what is missing, so reviewers' edits are kept.
    """
    with connect(path) as con:
        applied = migrate(con)
        for name, fingerprint, load in _reference_data():
            stored = scalar(con, "SELECT fingerprint FROM reference_data WHERE name = ?", [name])
            if stored == fingerprint:
                continue
            with transaction(con):
                load(con)
                con.execute(
                    "INSERT INTO reference_data (name, fingerprint) VALUES (?, ?) ON CONFLICT (name)"
                    " DO UPDATE SET fingerprint = excluded.fingerprint, loaded_at = now()",
                    [name, fingerprint],
                )
    return applied


def _reference_data() -> list[tuple[str, str, Callable[[Connection], Any]]]:
    # Imported here: these modules build on this one.
    from .claimreview import seed_verdict_mappings
    from .sqlconsole import seed_saved_queries

    data = Path(__file__).parent / "data"

    def digest(*names: str) -> str:
        return hashlib.sha256(b"".join((data / n).read_bytes() for n in names)).hexdigest()

    return [
        ("actors", digest("actors.json"), lambda con: seed_actors(con, actor_data.load_seed())),
        ("verdict_mappings", digest("verdict_mappings.json"), seed_verdict_mappings),
        ("saved_queries", digest("saved_queries.json"), seed_saved_queries),
    ]


# --- outlets and articles ---------------------------------------------------------------------------


def domain_of(url: str | None) -> str | None:
    """The host of `url` without a leading www., or None."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def upsert_outlet(con: Connection, name: str | None, url: str | None = None) -> int | None:
    """The id of outlet `name` (created if new); None when neither a name nor a URL host is known."""
    name = (name or "").strip() or domain_of(url)
    if not name:
        return None
    con.execute(
        "INSERT INTO outlets (name, domain) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", [name, domain_of(url)]
    )
    return int(scalar(con, "SELECT outlet_id FROM outlets WHERE name = ?", [name]))


def content_hash(text: str) -> str:
    """A stable hash of an article's text, insensitive to whitespace differences."""
    return hashlib.sha256(_SPACE.sub(" ", text).strip().encode("utf-8")).hexdigest()


def find_or_insert_article(con: Connection, article: Article) -> tuple[int, bool]:
    """Store `article` unless it is already there: unique by URL, by content hash when it has no URL.

    Returns (article_id, created). A source first known only by its URL (a logged mention) gets its
    text filled in when the article itself arrives; that counts as created, so it is then extracted.
    """
    text = article.text or None
    digest = content_hash(text or article.url or "")
    if article.url:
        row = query_one(con, "SELECT article_id, text FROM articles WHERE url = ?", [article.url])
    else:
        row = query_one(
            con, "SELECT article_id, text FROM articles WHERE url IS NULL AND content_hash = ?", [digest]
        )
    outlet_id = upsert_outlet(con, article.outlet, article.url)
    if row is not None:
        if row["text"] is None and text is not None:
            con.execute(
                "UPDATE articles SET text = ?, content_hash = ?, title = coalesce(?, title),"
                " outlet_id = coalesce(?, outlet_id), published = coalesce(?, published),"
                " source_format = ?, source_path = ? WHERE article_id = ?",
                [text, digest, article.title, outlet_id, article.published, article.source_format,
                 article.source, row["article_id"]],
            )
            return int(row["article_id"]), True
        return int(row["article_id"]), False
    article_id = scalar(
        con,
        "INSERT INTO articles (url, content_hash, title, outlet_id, published, text, source_format, source_path, raw)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING article_id",
        [article.url, digest, article.title, outlet_id, article.published, text, article.source_format,
         article.source, article.raw],
    )
    return int(article_id), True


Source = tuple[str, "str | None", "dt.date | None", "str | None"]
"""(url, outlet, published, title) of a logged or imported mention's source."""
NewSource = tuple[int, str, "str | None", "dt.date | None", "str | None"]
"""A URL-only source to create: (article_id, url, outlet, published, title)."""


def ensure_sources(con: Connection, sources: Iterable[Source]) -> dict[str, int]:
    """Bulk version for logged/imported mentions: (url, outlet, published, title) -> article ids by URL.

    Existing articles are reused untouched; missing ones are created as URL-only sources (no text).
    """
    ids, new = plan_sources(con, sources)
    insert_sources(con, new)
    return ids


def plan_sources(con: Connection, sources: Iterable[Source],
                 pending: Mapping[str, int] | None = None) -> tuple[dict[str, int], list[NewSource]]:
    """`ensure_sources` without writing: article ids by URL, those of stored articles, of `pending` ones (being
    stored by a transaction not yet committed) and new ids, reserved in order of first appearance, for the
    rest; and the rows `insert_sources` must write for those."""
    wanted: dict[str, tuple[str | None, dt.date | None, str | None]] = {}
    for url, outlet, published, title in sources:
        if url and url not in wanted:
            wanted[url] = (outlet, published, title)
    if not wanted:
        return {}, []
    ids = {url: pending[url] for url in wanted if pending and url in pending}
    asked = [url for url in wanted if url not in ids]
    if asked:
        rows = con.execute(
            "SELECT url, article_id FROM articles WHERE url IN (SELECT unnest(?::VARCHAR[]))", [asked]
        ).fetchall()
        ids.update((url, int(article_id)) for url, article_id in rows)
    missing = [url for url in wanted if url not in ids]
    new = [(article_id, url, *wanted[url]) for article_id, url in zip(reserve_ids(con, "article_ids", len(missing)), missing)]
    ids.update((row[1], row[0]) for row in new)
    return ids, new


def insert_sources(con: Connection, rows: Sequence[NewSource]) -> None:
    """Create the URL-only sources `plan_sources` planned (with their outlets), in one statement each."""
    if not rows:
        return
    names = sorted({o.strip() for _, _, o, _, _ in rows if o and o.strip()})
    if names:
        con.execute("INSERT INTO outlets (name) SELECT unnest(?::VARCHAR[]) ON CONFLICT (name) DO NOTHING", [names])
    ids, urls, outlets, published, titles = zip(*rows)
    table = pa.table({
        "id": pa.array(ids, pa.int32()), "url": pa.array(urls, pa.string()), "outlet": pa.array(outlets, pa.string()),
        "published": pa.array(published, pa.date32()), "title": pa.array(titles, pa.string()),
    })
    execute_with(con, "wb_new_sources", table,
                 "INSERT INTO articles (article_id, url, content_hash, title, outlet_id, published, text, source_format)"
                 " SELECT w.id, w.url, sha256(w.url), w.title, o.outlet_id, w.published, NULL, 'logged'"
                 " FROM wb_new_sources w LEFT JOIN outlets o ON o.name = w.outlet ORDER BY w.id")


def reserve_ids(con: Connection, sequence: str, count: int) -> list[int]:
    """`count` fresh values of one of the schema's sequences, in order."""
    return reserve_id_lists(con, [sequence], count)[0]


def reserve_id_lists(con: Connection, sequences: Sequence[str], count: int) -> list[list[int]]:
    """`count` fresh values of each of the schema's `sequences`, in order, in one query."""
    if count <= 0:
        return [[] for _ in sequences]
    values = ", ".join(f"nextval('{sequence}')" for sequence in sequences)
    columns = list(zip(*con.execute(f"SELECT {values} FROM range(?)", [count]).fetchall()))
    return [[int(v) for v in column] for column in columns]


# --- actors and aliases -----------------------------------------------------------------------------


def seed_actors(con: Connection, seeds: Iterable[actor_data.ActorSeed], origin: str = "seed") -> int:
    """Insert actors and their aliases that are not there yet (one bulk statement each); returns aliases added."""
    seeds = list(seeds)
    before = int(scalar(con, "SELECT count(*) FROM actor_aliases"))
    actor_rows = [{"name": s.name, "kind": s.kind, "affiliation": s.affiliation} for s in seeds]
    alias_rows = [
        {"alias": alias, "alias_key": actor_data.alias_key(alias), "name": seed.name}
        for seed in seeds
        for alias in [seed.name, *actor_data.expand_aliases(seed)]
        if actor_data.alias_key(alias)
    ]
    if not actor_rows:
        return 0
    con.execute(
        "INSERT INTO actors (name, kind, affiliation, origin)"
        " SELECT DISTINCT ON (r.name) r.name, r.kind, r.affiliation, ? FROM (SELECT unnest(?, recursive := true)) r"
        " ON CONFLICT (name) DO NOTHING",
        [origin, actor_rows],
    )
    if alias_rows:
        con.execute(
            "INSERT INTO actor_aliases (alias, alias_key, actor_id, origin)"
            " SELECT DISTINCT ON (r.alias_key, a.actor_id) r.alias, r.alias_key, a.actor_id, ?"
            " FROM (SELECT unnest(?, recursive := true)) r JOIN actors a ON a.name = r.name"
            " ON CONFLICT DO NOTHING",
            [origin, alias_rows],
        )
    return int(scalar(con, "SELECT count(*) FROM actor_aliases")) - before


def resolve_actor(con: Connection, name: str | None, *, create: bool = True, kind: str = "unknown") -> int | None:
    """The actor id for a canonical name or any alias of it; creates a new actor when unknown and `create`."""
    if name is None or not name.strip():
        return None
    name = name.strip()
    found = scalar(con, "SELECT actor_id FROM actors WHERE name = ?", [name])
    if found is not None:
        return int(found)
    key = actor_data.alias_key(name)
    found = scalar(con, "SELECT min(actor_id) FROM actor_aliases WHERE alias_key = ?", [key])
    if found is not None:
        return int(found)
    if not create:
        return None
    actor_id = int(
        scalar(con, "INSERT INTO actors (name, kind, origin) VALUES (?, ?, 'user') RETURNING actor_id", [name, kind])
    )
    if key:
        con.execute(
            "INSERT INTO actor_aliases (alias, alias_key, actor_id, origin) VALUES (?, ?, ?, 'user') ON CONFLICT DO NOTHING",
            [name, key, actor_id],
        )
    return actor_id


def resolve_actors(con: Connection, names: Iterable[str | None]) -> dict[str, int]:
    """Bulk `resolve_actor` for many names (known ones in one query, unknown ones created); name -> actor id."""
    wanted = sorted({n.strip() for n in names if n and n.strip()})
    if not wanted:
        return {}
    rows = con.execute(
        "SELECT n.name, coalesce((SELECT min(a.actor_id) FROM actors a WHERE a.name = n.name),"
        " (SELECT min(al.actor_id) FROM actor_aliases al WHERE al.alias_key = n.key))"
        " FROM (SELECT unnest(?::VARCHAR[]) AS name, unnest(?::VARCHAR[]) AS key) n",
        [wanted, [actor_data.alias_key(n) for n in wanted]],
    ).fetchall()
    out = {name: int(actor_id) for name, actor_id in rows if actor_id is not None}
    for name in wanted:
        if name not in out:
            actor_id = resolve_actor(con, name)
            if actor_id is not None:
                out[name] = actor_id
    return out


def add_actor(con: Connection, name: str, kind: str, reviewer: str | User | None = None) -> tuple[int, bool]:
    """An actor named `name` (or by an alias of it): (its id, False) when there is one, else a new actor of `kind`
    with `name` as its alias, recorded in the audit log: (its id, True)."""
    who = authorize(reviewer, Permission.EDIT_ACTORS, required=False)
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise InputError("give the actor a name (at most 200 characters)")
    existing = resolve_actor(con, name, create=False)
    if existing is not None:
        return existing, False
    actor_id = int(resolve_actor(con, name, kind=kind))  # type: ignore[arg-type]  (a name always makes one)
    record_event(con, "actor added", "actor", actor_id, reviewer=who, details={"name": name, "kind": kind})
    return actor_id, True


def add_alias(con: Connection, actor_id: int, alias: str, reviewer: str | User | None = None) -> bool:
    """Add a user alias to an actor; returns False when it was already there."""
    who = authorize(reviewer, Permission.EDIT_ACTORS, required=False)
    key = actor_data.alias_key(alias)
    if not key:
        return False
    before = scalar(con, "SELECT count(*) FROM actor_aliases WHERE alias_key = ? AND actor_id = ?", [key, actor_id])
    if before:
        return False
    con.execute(
        "INSERT INTO actor_aliases (alias, alias_key, actor_id, origin) VALUES (?, ?, ?, 'user')",
        [alias.strip(), key, actor_id],
    )
    record_event(con, "alias added", "actor", actor_id, reviewer=who, details={"alias": alias.strip()})
    return True


def remove_alias(con: Connection, actor_id: int, alias_key: str, reviewer: str | User | None = None) -> None:
    """Remove one alias of an actor (recorded in the audit log)."""
    who = authorize(reviewer, Permission.EDIT_ACTORS, required=False)
    con.execute("DELETE FROM actor_aliases WHERE actor_id = ? AND alias_key = ?", [actor_id, alias_key])
    record_event(con, "alias removed", "actor", actor_id, reviewer=who, details={"alias_key": alias_key})


def load_alias_rows(con: Connection) -> list[tuple[str, str, str, str | None]]:
    """(alias, actor name, actor kind, affiliation) for every alias, the input of `AliasTable.from_rows`."""
    return [
        tuple(r)  # type: ignore[misc]
        for r in con.execute(
            "SELECT al.alias, a.name, a.kind, a.affiliation FROM actor_aliases al"
            " JOIN actors a USING (actor_id) ORDER BY a.actor_id, al.alias"
        ).fetchall()
    ]


def alias_table(con: Connection) -> AliasTable:
    """The alias table as stored in the database (user edits included)."""
    return AliasTable.from_rows(load_alias_rows(con))


# --- audit log and settings -------------------------------------------------------------------------


def record_event(
    con: Connection,
    action: str,
    entity: str,
    entity_id: int | None,
    *,
    claim_id: int | None = None,
    reviewer: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append one row to the audit log (`events`)."""
    con.execute(
        "INSERT INTO events (reviewer, action, entity, entity_id, claim_id, details) VALUES (?, ?, ?, ?, ?, ?)",
        [reviewer, action, entity, entity_id, claim_id, json.dumps(details, default=str) if details else None],
    )


def read_settings(con: Connection) -> dict[str, str]:
    """Settings stored in the database (`workbench settings`, the dashboard's review page)."""
    return dict(con.execute("SELECT key, value FROM settings").fetchall())


def load_settings(con: Connection) -> Settings:
    """Defaults, overridden by stored settings, overridden by `WORKBENCH_*` environment variables."""
    return Settings.load(stored=read_settings(con))


def load_match_model(con: Connection) -> MatchModel:
    """The decision model matching uses on this database: the latest one a desk taught it (`workbench learn`),
    else the shipped one."""
    rows = con.execute("SELECT model FROM match_models WHERE active ORDER BY model_id DESC LIMIT 1").fetchall()
    if not rows:
        return shipped_model()
    model = MatchModel.from_json(rows[0][0])
    model.info.setdefault("source", "desk")
    return model


def save_match_model(con: Connection, model: MatchModel, pairs: int, decided_through: dt.datetime | None,
                     reviewer: str | None = None) -> int:
    """Store a desk's model as the one matching uses from now on (earlier ones stay, inactive); its id."""
    con.execute("UPDATE match_models SET active = false WHERE active")
    model_id = int(con.execute(
        "INSERT INTO match_models (model, pairs, decided_through, created_by) VALUES (?, ?, ?, ?) RETURNING model_id",
        [model.to_json(), int(pairs), decided_through, reviewer]).fetchall()[0][0])
    record_event(con, "matcher taught", "setting", model_id, reviewer=reviewer,
                 details={"pairs": int(pairs), "model_id": model_id, **{k: v for k, v in model.info.items()
                                                                          if isinstance(v, (int, float, str))}})
    return model_id


def judged_pairs(con: Connection) -> list[tuple[int, int, bool, dt.datetime]]:
    """Reviewer decisions about pairs of live mentions (confirmed or rejected suggestions, merges, splits, moves):
    (mention, other mention, the same claim?, when decided)."""
    rows = con.execute(
        """SELECT j.mention_id, j.other_mention_id, j.judgement = 'same', j.decided_at FROM pair_judgements j
           JOIN mentions a ON a.mention_id = j.mention_id JOIN mentions b ON b.mention_id = j.other_mention_id
           ORDER BY j.decided_at, j.mention_id, j.other_mention_id""").fetchall()
    return [(int(a), int(b), bool(same), at) for a, b, same, at in rows]


def model_decided_through(con: Connection) -> dt.datetime | None:
    """The time of the last reviewer decision the active desk model was fit on (None: no desk model)."""
    rows = con.execute("SELECT decided_through FROM match_models WHERE active ORDER BY model_id DESC LIMIT 1").fetchall()
    return rows[0][0] if rows else None


def mentions_in_order(con: Connection) -> list[dict[str, Any]]:
    """Every live mention, oldest first, with what matching reads of it and the claim it is on now."""
    return query(
        con,
        """SELECT m.mention_id, m.claim_id, coalesce(m.proposition, m.quote) AS text, a.name AS claimant, m.stance,
                  m.article_id, ar.title AS topic, coalesce(m.published, ar.published) AS published
           FROM mentions m JOIN claims c ON c.claim_id = m.claim_id AND c.merged_into IS NULL
           LEFT JOIN actors a ON a.actor_id = m.claimant_id
           LEFT JOIN articles ar ON ar.article_id = m.article_id
           WHERE m.review_state <> 'rejected'
           ORDER BY m.mention_id""")


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


def latest_mention_id(con: Connection) -> int:
    """The highest mention id stored (0 when there is none)."""
    return int(scalar(con, "SELECT coalesce(max(mention_id), 0) FROM mentions") or 0)


def mentions_after(con: Connection, mention_id: int) -> int:
    """How many mentions have a higher id than `mention_id`."""
    return int(scalar(con, "SELECT count(*) FROM mentions WHERE mention_id > ?", [mention_id]) or 0)


def stored_mention_lines(con: Connection, lines: Sequence[tuple[str, str | None, str, str]],
                         up_to: int | None = None) -> set[int]:
    """Positions in `lines` ((quote, source URL, stance, claimant alias key) each; '' for no claimant) of those
    already stored as a mention, among the mentions with an id up to `up_to` (all when None)."""
    if not lines:
        return set()
    rows = [{"i": i, "quote": q, "url": u, "stance": s, "claimant_key": k} for i, (q, u, s, k) in enumerate(lines)]
    return {
        int(r[0])
        for r in con.execute(
            "WITH n AS (SELECT unnest(?, recursive := true))"
            " SELECT n.i FROM n WHERE EXISTS (SELECT 1 FROM mentions m"
            "   LEFT JOIN articles a ON a.article_id = m.article_id"
            "   WHERE m.quote = n.quote AND m.stance = n.stance AND a.url IS NOT DISTINCT FROM n.url"
            "   AND m.mention_id <= ?"
            "   AND (CASE WHEN n.claimant_key = '' THEN m.claimant_id IS NULL ELSE m.claimant_id IN"
            "        (SELECT actor_id FROM actor_aliases al WHERE al.alias_key = n.claimant_key) END))",
            [rows, 2**63 - 1 if up_to is None else up_to],
        ).fetchall()
    }


def counts(con: Connection) -> dict[str, int]:
    """Row counts of the main tables (claims merged into others are not counted)."""
    row = query(
        con,
        "SELECT (SELECT count(*) FROM claims WHERE merged_into IS NULL) AS claims,"
        " (SELECT count(*) FROM mentions) AS mentions,"
        " (SELECT count(*) FROM articles) AS articles,"
        " (SELECT count(*) FROM outlets) AS outlets,"
        " (SELECT count(*) FROM actors) AS actors",
    )[0]
    return {k: int(v) for k, v in row.items()}
