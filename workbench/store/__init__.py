"""The store layer: the only code that opens DuckDB and holds SQL.

One module per domain, each a set of named queries with parameters:

- `connection`: opening a file (lock retry with backoff), transactions, `query`/`scalar` helpers;
- `schema`: the tables as numbered migrations; `reference`: `initialize` (migrate + shipped reference data);
- `articles`, `actors`, `events`, `settings`, `users`, `queries`, `claimreview`, ...: one per table family.

This package also re-exports the repository functions of the old flat `workbench.store` module (below), for
the matching modules and scripts that still call `store.<function>`; code inside the store layer and new code
import the submodule they need.
"""

from __future__ import annotations

from .actors import add_actor, add_alias, alias_table, load_alias_rows, remove_alias, resolve_actor, resolve_actors, seed_actors
from .articles import (
    NewSource, Source, content_hash, counts, domain_of, ensure_sources, find_or_insert_article, insert_sources,
    latest_mention_id, mentions_after, plan_sources, reserve_id_lists, reserve_ids, stored_mention_lines, upsert_outlet,
)
from .events import record_event
from .reference import initialize
from .settings import load_settings, read_settings, reset_setting, write_setting, write_settings
from .users import add_user, list_users, remove_user, set_role, user_row

__all__ = [
    "NewSource", "Source", "add_actor", "add_alias", "add_user", "alias_table", "content_hash", "counts", "domain_of",
    "ensure_sources", "find_or_insert_article", "initialize", "insert_sources", "latest_mention_id", "list_users",
    "load_alias_rows", "load_settings", "mentions_after", "plan_sources", "read_settings", "record_event",
    "remove_alias", "remove_user", "reserve_id_lists", "reserve_ids", "reset_setting", "resolve_actor",
    "resolve_actors", "seed_actors", "set_role", "stored_mention_lines", "upsert_outlet", "user_row",
    "write_setting", "write_settings",
]
